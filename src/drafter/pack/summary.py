"""The Government Office summary of one agreement, as plain frozen data.

`summarise` gathers what a GO area lead needs on two to four pages: headline facts,
the readiness verdict, the register of what is still to be agreed (from
`drafter.register`, the same register the agreement document prints), the target
tables, funding totals by treatment and by department, freedoms by department, the
reward potential (and earnings, given outturns), original and renegotiated values at
refresh, changes since the version the GO last saw, and the sign-off checklist.

Figures stay typed (numbers, dates) so that the workbook can write them as numbers;
the words come from the render context's helpers, so the summary reads like the
agreement. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..config import Branding
from ..context.contents import Refs, cross_references, outline
from ..context.shared import Setting
from ..context.wording import (
    FREEDOM_LABELS,
    KIND_NAMES,
    REGION_NAMES,
    STATUS_LABELS,
    TREATMENT_LABELS,
    span_label,
)
from ..model import (
    OPEN_FREEDOM_STATUSES,
    Agreement,
    Day,
    Figure,
    FreedomStatus,
    FundingStream,
    Generation,
    Indicator,
    Outturn,
    Region,
    Status,
    TargetType,
    Treatment,
    YearTarget,
)
from ..problems import Problem
from ..reference import national_indicators
from ..register import KIND_TITLES, Entry, register
from ..reward import Statement, reward_targets, statement
from .checks import Check, Readiness, checklist, readiness
from .refresh import RefreshRow, has_refresh, refresh_rows

KIND_ORDER = (
    TargetType.DESIGNATED,
    TargetType.STATUTORY,
    TargetType.MANDATORY,
    TargetType.REWARD,
    TargetType.LOCAL,
)
KIND_TABLE_TITLES = {
    TargetType.DESIGNATED: "Designated improvement targets",
    TargetType.STATUTORY: "Statutory education and early years targets",
    TargetType.MANDATORY: "Mandatory outcome targets",
    TargetType.REWARD: "Reward targets",
    TargetType.LOCAL: "Local targets",
}
NO_DEPARTMENT = "Department not stated"
NOT_STATED = "Not stated"
DATE_LABELS = {
    "first_draft": "First draft",
    "cabinet": "Cabinet",
    "full_council": "Full council",
    "submitted": "Submitted",
    "agreed": "Agreed",
    "go_signoff": "Government Office sign-off",
    "ministerial_signoff": "Ministerial sign-off",
    "signed": "Signed",
    "in_force": "In force",
    "refreshed": "Refreshed",
}


@dataclass(frozen=True)
class PartnerLine:
    """A partner as the headline lists it."""

    name: str
    type: str | None
    signs: bool
    duty: bool  # named under the duty to co-operate


@dataclass(frozen=True)
class Counts:
    """How many targets of each kind the agreement has (rows removed at refresh left out)."""

    designated: int
    statutory: int
    mandatory: int
    reward: int
    local: int
    reward_targets: int  # targets earning reward (an LPSA target counts once for its sub-targets)


@dataclass(frozen=True)
class Headline:
    """The facts at the top of the summary."""

    title: str
    area: str
    accountable_body: str | None
    region: Region | None
    government_office: str | None
    generation: Generation
    kind: str  # 'Local Area Agreement'
    period: str  # '2008/09 to 2010/11'
    span: str  # '2008–11'
    version: str
    status: Status
    status_label: str
    date: dt.date | None
    key_dates: tuple[tuple[str, Day], ...]
    partners: tuple[PartnerLine, ...]
    counts: Counts


@dataclass(frozen=True)
class RegisterRow:
    """One entry of the register, with names for the owner and where the item is printed."""

    entry: Entry
    kind_title: str  # 'Figure to be provided'
    owner: str | None  # the partner's or body's name
    where: str  # '3.1.2' in the agreement, or the section


@dataclass(frozen=True)
class TargetRow:
    """One indicator row: what the summary and the workbook print of it."""

    indicator: Indicator
    kind: TargetType
    code: str  # 'NI 117' or the id
    title: str
    theme: str | None
    unit: str | None
    baseline: Figure | None
    baseline_period: str  # the baseline's own period, else the default baseline year
    final_year: str
    final: YearTarget | None
    lead: str | None  # names
    ref: str  # where the agreement prints it: '3.1.2'
    open: bool  # something about it is in the register


@dataclass(frozen=True)
class MoneyTotal:
    """Known amounts of a group of streams, with how many amounts are not yet known."""

    label: str
    known: float
    unknown: int  # amounts listed but not yet known (never counted as £0)
    streams: int


@dataclass(frozen=True)
class FreedomLine:
    """A freedom request as the summary and the pack list it."""

    id: str
    title: str
    department: str  # 'Department not stated' when missing
    status: FreedomStatus | None
    status_label: str
    open: bool  # still before government
    answer: str | None  # the response or conditions
    area: str


@dataclass(frozen=True)
class ChangeLine:
    """One change since the version the Government Office last saw, in words."""

    item: str  # 'NI 117' or a stream's name
    what: str  # 'The 2010/11 target changed from 7.1 to 6.8.'
    reason: str | None


@dataclass(frozen=True)
class SincePrevious:
    """The changes since an earlier version."""

    previous: str  # 'version 0.3 (submitted, 14 March 2008)'
    lines: tuple[ChangeLine, ...]


@dataclass(frozen=True)
class Summary:
    """Everything the Government Office summary of one agreement says."""

    file: str  # the agreement's file, as the user named it
    agreement: Agreement
    today: dt.date
    headline: Headline
    readiness: Readiness
    register: tuple[RegisterRow, ...]
    targets: tuple[tuple[TargetType, tuple[TargetRow, ...]], ...]  # kinds with rows, in order
    years: tuple[str, ...]
    streams: tuple[FundingStream, ...]
    by_treatment: tuple[MoneyTotal, ...]  # these three leave out streams to be negotiated,
    by_department: tuple[MoneyTotal, ...]  # as the agreement's own totals do
    funding_total: MoneyTotal
    negotiating: MoneyTotal | None  # the streams still to be negotiated, apart
    freedoms: tuple[FreedomLine, ...]  # by department, then as listed
    reward: Statement | None
    refresh: tuple[RefreshRow, ...] | None  # None when the agreement records no refresh
    since: SincePrevious | None
    checks: tuple[Check, ...]

    @property
    def overdue(self) -> int:
        """How many register entries are overdue."""
        return sum(1 for r in self.register if r.entry.overdue)

    @property
    def open_freedoms(self) -> int:
        """Freedoms still before government."""
        return sum(1 for f in self.freedoms if f.open)

    def rows(self, kind: TargetType) -> tuple[TargetRow, ...]:
        """The target rows of one kind."""
        return next((rows for k, rows in self.targets if k is kind), ())


def summarise(
    file: str,
    agreement: Agreement,
    problems: Sequence[Problem],
    today: dt.date,
    *,
    outturns: Mapping[str, Outturn] | None = None,
    since: SincePrevious | None = None,
) -> Summary:
    """The summary of one agreement, judged as of `today` (for what is overdue)."""
    a = agreement
    s = Setting(a, Branding(), False, today, national_indicators())
    refs = cross_references(a, outline(a))
    entries = register(a, today)
    open_ids = {e.item_id for e in entries}
    targets = _targets(s, refs, open_ids)
    streams = tuple(a.funding.streams)
    # Money still to be negotiated is not yet in the agreement's totals (as its own
    # funding schedule has it): it is counted apart.
    counted = [f for f in streams if f.treatment is not Treatment.TO_BE_NEGOTIATED]
    negotiating = [f for f in streams if f.treatment is Treatment.TO_BE_NEGOTIATED]
    return Summary(
        file=file,
        agreement=a,
        today=today,
        headline=_headline(s, targets),
        readiness=readiness(a, problems),
        register=tuple(_register_row(s, refs, e) for e in entries),
        targets=targets,
        years=tuple(a.period.years),
        streams=streams,
        by_treatment=_by(counted, a.period.years, _treatment_of),
        by_department=tuple(
            sorted(
                _by(counted, a.period.years, lambda f: f.department or NOT_STATED),
                key=lambda t: (t.label == NOT_STATED, t.label.lower()),
            )
        ),
        funding_total=_total("Total", counted, a.period.years),
        negotiating=_total("To be negotiated", negotiating, a.period.years)
        if negotiating
        else None,
        freedoms=_freedoms(a),
        reward=statement(a, outturns) if a.reward is not None else None,
        refresh=refresh_rows(s) if has_refresh(a) else None,
        since=since,
        checks=checklist(a, problems),
    )


def _headline(
    s: Setting, targets: tuple[tuple[TargetType, tuple[TargetRow, ...]], ...]
) -> Headline:
    a = s.agreement
    count = {k: len(rows) for k, rows in targets}
    return Headline(
        title=s.title(),
        area=a.area.name,
        accountable_body=a.area.accountable_body,
        region=a.area.region,
        government_office=REGION_NAMES[a.area.region] if a.area.region else None,
        generation=a.generation,
        kind=KIND_NAMES[a.generation],
        period=s.period_label(),
        span=span_label(a.period.start, a.period.end),
        version=a.version,
        status=a.status,
        status_label=STATUS_LABELS[a.status],
        date=a.date,
        key_dates=tuple(
            (label, d) for key, label in DATE_LABELS.items() if (d := getattr(a.dates, key))
        ),
        partners=tuple(
            PartnerLine(p.name, p.type, p.signatory, p.duty_to_cooperate) for p in a.partners
        ),
        counts=Counts(
            designated=count.get(TargetType.DESIGNATED, 0),
            statutory=count.get(TargetType.STATUTORY, 0),
            mandatory=count.get(TargetType.MANDATORY, 0),
            reward=count.get(TargetType.REWARD, 0),
            local=count.get(TargetType.LOCAL, 0),
            reward_targets=len(reward_targets(a)) if a.reward is not None else 0,
        ),
    )


def owner_name(a: Agreement, owner: str | None) -> str | None:
    """A partner's or outside body's name for an id; the text itself otherwise."""
    if owner is None:
        return None
    p = a.partner(owner)
    if p is not None:
        return p.name
    b = a.body(owner)
    return b.name if b is not None else owner


def _register_row(s: Setting, refs: Refs, e: Entry) -> RegisterRow:
    a = s.agreement
    if e.item_id in refs.indicators:
        where = refs.indicators[e.item_id]
    elif e.item_id in refs.outcomes:
        where = refs.outcomes[e.item_id].number
    elif e.item_kind == "funding stream":
        where = "Funding"
    elif e.item_kind == "freedom":
        where = "Freedoms"
    else:
        where = e.item_kind
    return RegisterRow(e, KIND_TITLES[e.kind], owner_name(a, e.owner), where)


def _targets(
    s: Setting, refs: Refs, open_ids: set[str]
) -> tuple[tuple[TargetType, tuple[TargetRow, ...]], ...]:
    a = s.agreement
    final = a.period.end
    themes = {i.id: theme.title for _, o, theme in a.outcome_paths() for i in o.indicators}
    leads = {i.id: o.lead for o in a.outcomes() for i in o.indicators}
    rows: dict[TargetType, list[TargetRow]] = {k: [] for k in KIND_ORDER}
    for ind in (*a.indicators(), *a.statutory):
        if not ind.in_agreement:
            continue
        base = ind.baseline
        rows[ind.type].append(
            TargetRow(
                indicator=ind,
                kind=ind.type,
                code=ind.code,
                title=s.indicator_title(ind).removeprefix(f"{ind.code}: "),
                theme=themes.get(ind.id),
                unit=s.unit(ind),
                baseline=base,
                baseline_period=(base.period if base and base.period else a.period.baseline_year),
                final_year=final,
                final=ind.targets.get(final),
                lead=s.delivery(ind, leads.get(ind.id), marked=False),
                ref=refs.indicators.get(ind.id, ""),
                open=ind.id in open_ids,
            )
        )
    return tuple((k, tuple(v)) for k, v in rows.items() if v)


def _treatment_of(f: FundingStream) -> str:
    return TREATMENT_LABELS[f.treatment] if f.treatment else NOT_STATED


def _total(label: str, streams: Sequence[FundingStream], years: Sequence[str]) -> MoneyTotal:
    known = 0.0
    unknown = 0
    for f in streams:
        for y in years:
            m = f.amounts.get(y)
            if m is None:
                continue
            if m.value is None:
                unknown += 1
            else:
                known += float(m.value)
    return MoneyTotal(label, known, unknown, len(streams))


def _by(
    streams: Sequence[FundingStream], years: Sequence[str], key: Callable[[FundingStream], str]
) -> tuple[MoneyTotal, ...]:
    groups: dict[str, list[FundingStream]] = {}
    for f in streams:
        groups.setdefault(key(f), []).append(f)
    return tuple(_total(k, v, years) for k, v in groups.items())


def _freedoms(a: Agreement) -> tuple[FreedomLine, ...]:
    lines = [
        FreedomLine(
            id=f.id,
            title=f.title,
            department=f.department or NO_DEPARTMENT,
            status=f.status,
            status_label=FREEDOM_LABELS[f.status] if f.status else "No answer recorded",
            open=f.status is None or f.status in OPEN_FREEDOM_STATUSES,
            answer=f.conditions or f.response,
            area=a.area.name,
        )
        for f in a.freedoms
    ]
    # By department in name order (unstated last), each department's requests as listed.
    return tuple(sorted(lines, key=lambda ln: (ln.department == NO_DEPARTMENT, ln.department)))
