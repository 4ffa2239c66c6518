"""The readiness verdict and the sign-off checklist, derived from the data and its problems.

Readiness comes from validation: errors block sign-off, warnings are what a
Government Office would query. Problems are grouped by rule and said in words, a
few examples each, never as fifty raw lines. The checklist answers the four questions
a sign-off submission asks; where the data cannot tell, it says so plainly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..model import Agreement, Generation, Partner, Status, TargetType
from ..problems import Problem, Severity
from ..reference import statutory_numbers
from ..register import CONSENT_NEEDED
from ..rules import RULES

EXAMPLES = 3  # problems quoted per group; the rest are counted


@dataclass(frozen=True)
class ProblemGroup:
    """The problems of one rule: its title, how many, and the first few in words."""

    code: str
    title: str
    severity: Severity
    count: int
    examples: tuple[str, ...]

    @property
    def more(self) -> int:
        """How many problems are not quoted."""
        return self.count - len(self.examples)


@dataclass(frozen=True)
class Readiness:
    """Whether the agreement can go for sign-off, and what stops it."""

    ready: bool
    verdict: str  # one sentence for the reader
    errors: tuple[ProblemGroup, ...]
    warnings: tuple[ProblemGroup, ...]

    @property
    def error_count(self) -> int:
        """Every error."""
        return sum(g.count for g in self.errors)

    @property
    def warning_count(self) -> int:
        """Every warning."""
        return sum(g.count for g in self.warnings)

    @property
    def label(self) -> str:
        """'Ready' or 'Not ready (3 errors)', for an overview table."""
        if self.ready:
            return "Ready"
        n = self.error_count
        return f"Not ready ({n} error{'s' if n != 1 else ''})"


def _groups(problems: Sequence[Problem], severity: Severity) -> tuple[ProblemGroup, ...]:
    titles = {r.code: r.title for r in RULES}
    by_code: dict[str, list[Problem]] = {}
    for p in problems:
        if p.severity is severity:
            by_code.setdefault(p.code, []).append(p)
    return tuple(
        ProblemGroup(
            code,
            titles.get(code, code),
            severity,
            len(items),
            tuple(
                f"{p.message} (line {p.position.line})" if p.position.line else p.message
                for p in items[:EXAMPLES]
            ),
        )
        for code, items in sorted(by_code.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )


def readiness(agreement: Agreement | None, problems: Sequence[Problem]) -> Readiness:
    """The verdict: ready for sign-off when validation finds no error."""
    errors = _groups(problems, Severity.ERROR)
    warnings = _groups(problems, Severity.WARNING)
    n_err = sum(g.count for g in errors)
    n_warn = sum(g.count for g in warnings)
    queries = f"; {n_warn} point{'s' if n_warn != 1 else ''} a Government Office would query"
    queries = queries if n_warn else ""
    if agreement is None:
        verdict = "Not ready for sign-off: the file cannot be read as an agreement."
    elif n_err:
        kinds = len(errors)
        verdict = (
            f"Not ready for sign-off: {n_err} problem{'s' if n_err != 1 else ''} of "
            f"{kinds} kind{'s' if kinds != 1 else ''} would send it back{queries}."
        )
    elif agreement.status in (Status.SIGNED, Status.REFRESHED):
        done = agreement.status.value.capitalize()
        verdict = f"{done}; validation finds nothing that would have sent it back{queries}."
    else:
        verdict = f"Ready for sign-off: validation finds nothing that would send it back{queries}."
    return Readiness(agreement is not None and not n_err, verdict, errors, warnings)


# ---------------------------------------------------------------- the checklist


class Answer(StrEnum):
    """A checklist answer."""

    YES = "Yes"
    NO = "No"
    PARTLY = "Partly"
    UNKNOWN = "Cannot tell"
    NOT_APPLICABLE = "Not applicable"


@dataclass(frozen=True)
class Check:
    """One line of the sign-off checklist."""

    question: str
    answer: Answer
    detail: str


VCS_WORDS = re.compile(
    r"voluntary|community sector|third sector|\bvcs\b|\bcvs\b|charit|faith", re.IGNORECASE
)


def is_vcs(p: Partner) -> bool:
    """True for a voluntary and community sector partner (by its type or name)."""
    return bool(VCS_WORDS.search(p.type or "") or VCS_WORDS.search(p.name))


def _names(items: Sequence[str], limit: int = 4) -> str:
    shown = list(items[:limit])
    more = len(items) - len(shown)
    text = ", ".join(shown)
    return text + (f" and {more} more" if more else "")


def _sentence(parts: Sequence[str]) -> str:
    """Clauses joined into one sentence, its first letter a capital (names kept as written)."""
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def checklist(a: Agreement, problems: Sequence[Problem]) -> tuple[Check, ...]:
    """The four sign-off questions, each answered from the data (or said to be unknown)."""
    return (_partners(a), _vcs(a), _signatories(a), _statutory(a, problems))


def _roles(a: Agreement) -> dict[str, list[str]]:
    """What each partner does in the agreement: leads, contributes, holds money, signs."""
    roles: dict[str, list[str]] = {p.id: [] for p in a.partners}
    for o in a.outcomes():
        if o.lead in roles:
            roles[o.lead].append("leads an outcome")
        for c in o.contributors:
            if c in roles:
                roles[c].append("contributes")
        for i in o.indicators:
            for pid in (*i.leads, *i.partners):
                if pid in roles:
                    roles[pid].append("delivers a target")
    for f in a.funding.streams:
        if f.owner in roles:
            roles[f.owner].append("holds funding")
    for p in a.partners:
        if p.signatory:
            roles[p.id].append("signs")
    return roles


def _partners(a: Agreement) -> Check:
    q = "Partners consulted and consenting"
    if not a.partners:
        return Check(q, Answer.NO, "No partners are listed.")
    roles = _roles(a)
    idle = [p.name for p in a.partners if not roles[p.id]]
    needing = [f for f in a.funding.streams if f.treatment in CONSENT_NEEDED]
    refused = [f.name for f in needing if f.consent is not True]
    parts = [f"{len(a.partners)} partners are listed; {len(a.partners) - len(idle)} have a role."]
    if idle:
        parts.append(f"No outcome, target, funding or signature for {_names(idle)}.")
    if needing:
        if refused:
            parts.append(
                f"The owner's consent is not recorded for {len(refused)} of {len(needing)} "
                f"pooled or aligned streams ({_names(refused)})."
            )
        else:
            parts.append(f"Every owner consented to the {len(needing)} pooled or aligned streams.")
    parts.append("Consultation itself is not recorded in the agreement: confirm it with the area.")
    answer = Answer.PARTLY if idle or refused else Answer.YES
    return Check(q, answer, " ".join(parts))


def _vcs(a: Agreement) -> Check:
    q = "Voluntary and community sector involved"
    vcs = [p for p in a.partners if is_vcs(p)]
    if not vcs:
        return Check(
            q,
            Answer.NO,
            "No voluntary and community sector partner is listed (judged from partner types "
            "and names); if the sector is involved in another way, the agreement does not say.",
        )
    roles = _roles(a)
    described = [
        f"{p.name} ({', '.join(dict.fromkeys(roles[p.id])) or 'no role yet'})" for p in vcs
    ]
    active = [p for p in vcs if roles[p.id]]
    answer = Answer.YES if active else Answer.PARTLY
    return Check(q, answer, "; ".join(described) + ".")


def _signatories(a: Agreement) -> Check:
    q = "Signatories named"
    signing = [p for p in a.partners if p.signatory]
    named = {s.partner for s in a.signatories if s.partner and s.name}
    missing = [p.name for p in signing if p.id not in named]
    government = [s for s in a.signatories if s.partner is None and s.name]
    gap = []
    if missing:
        gap.append(f"no named signatory for {_names(missing)}")
    if not government:
        gap.append("no named signatory for government")
    signed = a.status in (Status.SIGNED, Status.REFRESHED)
    undated = [s.name or "" for s in a.signatories if s.name and s.date is None]
    if signed and undated:
        gap.append(f"no date of signing for {_names(undated)}")
    if not signing:
        return Check(q, Answer.NO, "No partner is marked as signing the agreement.")
    if not gap:
        return Check(
            q,
            Answer.YES,
            f"Every one of the {len(signing)} signing partners has a named signatory, "
            "and so has government.",
        )
    answer = Answer.NO if len(missing) == len(signing) and not government else Answer.PARTLY
    return Check(q, answer, _sentence(gap))


def _statutory(a: Agreement, problems: Sequence[Problem]) -> Check:
    q = "Statutory duties met"
    codes = {p.code for p in problems if p.severity is Severity.ERROR}
    if a.generation is Generation.LPSA:
        return Check(
            q, Answer.NOT_APPLICABLE, "An LPSA carries no statutory duties of partnership."
        )
    if a.generation is Generation.LAA2006:
        mandatory = [o for o in a.outcomes() if o.mandatory]
        if mandatory:
            return Check(
                q,
                Answer.YES,
                f"{len(mandatory)} mandatory outcomes are included; first-round agreements "
                "carried no statutory duty to co-operate.",
            )
        return Check(
            q, Answer.UNKNOWN, "No outcome is marked mandatory; check the mandatory outcomes."
        )
    listed = {
        i.ni for i in (*a.statutory, *a.indicators()) if i.type is TargetType.STATUTORY and i.ni
    }
    missing = sorted(statutory_numbers() - listed)
    duty = [p for p in a.partners if p.duty_to_cooperate]
    designated = sum(
        1 for i in a.indicators() if i.type is TargetType.DESIGNATED and i.in_agreement
    )
    gaps = []
    if missing:
        gaps.append(
            f"{len(missing)} of the 16 statutory education and early years targets are "
            f"missing (NI {', NI '.join(map(str, missing[:6]))}{' …' if len(missing) > 6 else ''})"
        )
    if "N003" in codes:
        gaps.append(f"{designated} designated targets, more than the 35 allowed")
    if not duty:
        gaps.append("no partner is named under the duty to co-operate")
    if not gaps:
        return Check(
            q,
            Answer.YES,
            f"All 16 statutory targets are listed; {designated} designated targets (at most "
            f"35); {len(duty)} partners named under the duty to co-operate.",
        )
    return Check(q, Answer.NO, _sentence(gaps))
