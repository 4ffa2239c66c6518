"""The parts about who agrees to what: cover, vision, partners, governance, signatures.

Each generation names its parties as its real documents did: an LPSA opens with an
introduction naming it LPSA1 or LPSA2; a 2008–11 LAA is made with the Secretary of
State, who signs it and with whom the designated targets are agreed.
"""

from __future__ import annotations

import re

from ..model import AreaFact, Generation, Statistic, year_start
from .contents import Refs
from .figures import as_written, bracketed
from .parts import (
    Cell,
    Cover,
    GovernancePart,
    HeadCell,
    PartnersPart,
    Row,
    Section,
    SignatureBlock,
    SignaturesPart,
    Subsection,
    Table,
    Vision,
)
from .shared import Setting, cell_or_dash, head_row, names, widths
from .wording import (
    DASH,
    DEPARTMENT_NAMES,
    GOVERNMENT_PARTY,
    REGION_NAMES,
    STATUS_LABELS,
    format_date,
    paragraphs,
)

WORD = re.compile(r"[A-Za-z]+")
# LPSA2 agreements were negotiated from 2004; the first round ran from 2001.
LPSA2_FROM = 2004


def lpsa_round(s: Setting) -> str:
    """'LPSA2' for an LPSA whose period starts in 2004/05 or later, else 'LPSA1'."""
    start = year_start(s.agreement.period.start)
    return "LPSA2" if start is not None and start >= LPSA2_FROM else "LPSA1"


def kind_line(s: Setting) -> str:
    """'Local Public Service Agreement (LPSA2)', or the kind of agreement."""
    if s.agreement.generation is Generation.LPSA:
        return f"{s.kind()} ({lpsa_round(s)})"
    return s.kind()


def cover_part(s: Setting, draft: bool) -> Cover:
    """The cover page: title, the facts of the agreement and any draft or incomplete notice."""
    a = s.agreement
    facts: list[tuple[str, str]] = [("Area", a.area.name)]
    if a.area.accountable_body:
        facts.append(("Accountable body", a.area.accountable_body))
    if a.area.lsp:
        facts.append(("Local Strategic Partnership", a.area.lsp))
    if a.area.districts:
        facts.append(("District councils", ", ".join(a.area.districts)))
    if a.area.region:
        facts.append(("Government Office", REGION_NAMES[a.area.region]))
    facts += [
        ("Period", s.period_label()),
        ("Version", a.version),
        ("Status", STATUS_LABELS[a.status]),
        # Never the day of rendering: an undated version says so.
        ("Date", format_date(a.date) if a.date else "Not dated"),
    ]
    notice = None
    if s.incomplete:
        notice = (
            "INCOMPLETE: this document was produced although the agreement has "
            "errors. It must not be signed or published."
        )
    elif draft:
        notice = "DRAFT: this agreement has not been signed and may still change."
    return Cover(
        title=s.title(),
        kind=s.kind(),
        period=s.period_label(),
        subtitle=f"{kind_line(s)} · {s.period_label()}",
        area=a.area.name,
        organisation=s.organisation(),
        logo=s.branding.logo,
        facts=tuple(facts),
        notice=notice,
    )


def vision_part(s: Setting, sec: Section) -> Vision:
    """Vision, priorities and cross-cutting themes; an LPSA's introduction."""
    a = s.agreement
    opening: tuple[str, ...] = ()
    if a.generation is Generation.LPSA:
        who = a.area.accountable_body or a.area.name
        cosign = any(p.signatory and p.name != who for p in a.partners)
        partners = " and its partners" if cosign else ""
        opening = (
            f"This is a {'second' if lpsa_round(s) == 'LPSA2' else 'first'}-generation "
            f"Local Public Service Agreement ({lpsa_round(s)}) for {s.period_label()} "
            f"between {who}{', with its partners,' if cosign else ''} and HM Government. "
            f"The council{partners} "
            f"{'commit' if cosign else 'commits'} to the stretch targets in Schedule 1, "
            "each beyond the performance expected without the agreement; the Government "
            "provides pump priming grant at the outset (Schedule 3), freedoms and "
            "flexibilities (Schedule 2), and performance reward grant for the targets "
            "achieved (Schedule 4).",
        )
    return Vision(
        section=sec,
        paragraphs=opening + paragraphs(a.vision),
        priorities_title="Priorities",
        priorities=tuple(a.priorities),
        cross_cutting_title="Cross-cutting themes",
        cross_cutting=tuple(a.cross_cutting),
        empty="The vision has not been written yet.",
    )


def statistic(st: Statistic) -> str:
    """'312,400 (2007; ONS mid-year estimate)'."""
    value = as_written(st.value, None) if st.value is not None else "Not known"
    return bracketed(value, [st.period or "", st.source or ""])


def area_fact(fact: AreaFact) -> str:
    """A profile fact's value with its period and source."""
    value = fact.value if isinstance(fact.value, str) else as_written(fact.value, None)
    return bracketed(value, [fact.period or "", fact.source or ""])


def area_profile(s: Setting) -> tuple[tuple[str, str], ...]:
    """The area in a few facts: its type, population, households and any others given."""
    area = s.agreement.area
    facts: list[tuple[str, str]] = []
    if area.kind:
        facts.append(("Type of area", area.kind))
    if area.population is not None:
        facts.append(("Population", statistic(area.population)))
    if area.households is not None:
        facts.append(("Households", statistic(area.households)))
    facts += [(f.label, area_fact(f)) for f in area.profile]
    return tuple(facts)


def _parties(s: Setting) -> list[str]:
    """Who makes the agreement; in a 2008–11 LAA, with the Secretary of State."""
    a = s.agreement
    # The party is the accountable body, not whoever the branding says issues the
    # document (a design team, say).
    parties = f"This agreement is made between {a.area.accountable_body or a.area.name}"
    if a.area.lsp:
        parties += f" with its partners in {a.area.lsp},"
    go = f"the {REGION_NAMES[a.area.region]}" if a.area.region else None
    if a.generation is not Generation.LAA2008:
        parties += " and HM Government" + (f", represented by {go}" if go else "")
        return [parties + "."]
    state = GOVERNMENT_PARTY[Generation.LAA2008]
    parties += f" and HM Government, represented by {state}, who signs it"
    parties += f", and by {go}, which negotiated it." if go else "."
    return [
        parties,
        "The designated improvement targets are agreed with the Secretary of State; the "
        "statutory education and early years targets are agreed with the Department for "
        "Children, Schools and Families.",
    ]


def departments_table(s: Setting) -> Table | None:
    """The government departments the agreement names by abbreviation, spelt out."""
    a = s.agreement
    written = [f.department for f in a.freedoms] + [f.department for f in a.funding.streams]
    written += [c.was.department for f in a.funding.streams for c in f.changes if c.was]
    written += [c.proposed.department for f in a.funding.streams for c in f.changes if c.proposed]
    used = {w for text in written if text for w in WORD.findall(text) if w in DEPARTMENT_NAMES}
    if not used:
        return None
    return Table(
        id="departments",
        caption="Government departments named in this agreement",
        head=head_row("Abbreviation", "Department"),
        rows=tuple(
            Row((Cell(k), Cell(DEPARTMENT_NAMES[k]))) for k in sorted(used, key=str.casefold)
        ),
        widths=widths([20, 80]),
    )


def partners_part(s: Setting, sec: Section) -> PartnersPart:
    """The area, who makes the agreement, the partners and the outside bodies it names."""
    a = s.agreement
    duty = a.generation is Generation.LAA2008
    head = [HeadCell("Partner"), HeadCell("Type"), HeadCell("Signs the agreement")]
    weights: list[float] = [44, 26, 15]
    if duty:
        head.append(HeadCell("Duty to co-operate"))
        weights.append(15)
    rows = []
    for p in a.partners:
        cells = [
            Cell(p.name),
            cell_or_dash(p.type),
            Cell("Yes", "mark") if p.signatory else Cell(DASH, "none"),
        ]
        if duty:
            cells.append(Cell("Yes", "mark") if p.duty_to_cooperate else Cell(DASH, "none"))
        rows.append(Row(tuple(cells)))
    paras = list(_parties(s))
    if duty:
        paras.append(
            "Partners marked under ‘Duty to co-operate’ are named partners with a "
            "statutory duty to co-operate in agreeing and delivering the "
            "improvement targets."
        )
    bodies = None
    if a.bodies:
        bodies = Table(
            id="bodies",
            caption="Other bodies named in this agreement",
            head=head_row("Body", "Kind"),
            rows=tuple(Row((Cell(b.name), cell_or_dash(b.kind))) for b in a.bodies),
            widths=widths([60, 40]),
            notes=(
                "These bodies are not partners; the agreement names them where they "
                "provide a figure or must settle an item still open.",
            ),
        )
    return PartnersPart(
        section=sec,
        departments=departments_table(s),
        area_title=f"The area: {a.area.name}",
        area=area_profile(s),
        paragraphs=tuple(paras),
        table=Table(
            id="partners",
            caption="Partners",
            head=(tuple(head),),
            rows=tuple(rows),
            widths=widths(weights),
            empty="No partners have been listed yet.",
        ),
        bodies=bodies,
    )


# ---------------------------------------------------------------- governance, signatures


def governance_part(s: Setting, sec: Section, refs: Refs) -> GovernancePart:
    """Governance: structure, performance management, risk, and the delivery plan."""
    a = s.agreement
    g = a.governance
    subs = []
    if g is not None:
        for title, text in (
            ("Partnership structure", g.structure),
            ("Performance management", g.performance_management),
            ("Risk", g.risk),
        ):
            if text:
                subs.append(Subsection(title, paragraphs(text)))
    rows = []
    for ind in [*a.indicators(), *a.statutory]:
        d = ind.delivery
        if d is None:
            continue
        rows.append(
            Row(
                (
                    Cell(refs.indicators.get(ind.id, ind.id), "ref"),
                    Cell(s.indicator_title(ind)),
                    cell_or_dash(d.lead_officer),
                    cell_or_dash("; ".join(d.milestones)),
                )
            )
        )
    delivery = None
    if rows:
        delivery = Table(
            id="table-delivery",
            caption="Delivery plan",
            head=(
                (
                    HeadCell("Ref"),
                    HeadCell("Target"),
                    HeadCell("Lead officer"),
                    HeadCell("Milestones"),
                ),
            ),
            rows=tuple(rows),
            widths=widths([8, 36, 20, 36]),
        )
    paras: tuple[str, ...] = ()
    if a.generation is Generation.LPSA:
        who = a.area.accountable_body or a.area.name
        partners = [p.name for p in a.partners if p.signatory and p.name != who]
        by = names([who, *partners])
        paras = (
            f"{by} intend to achieve the targets set out in Schedule 1, going beyond the "
            "performance expected without this agreement, and to manage the agreement "
            "as described below.",
        )
    return GovernancePart(
        sec,
        tuple(subs),
        delivery,
        "Governance arrangements have not been described yet.",
        paras,
    )


def government_party(s: Setting, on_behalf_of: str | None) -> str:
    """Who a government signatory signs for; in a 2008–11 LAA, the Secretary of State."""
    state = GOVERNMENT_PARTY[s.agreement.generation]
    if s.agreement.generation is not Generation.LAA2008:
        return on_behalf_of or state
    if on_behalf_of in (None, "HM Government"):
        return f"{state} (HM Government)" if on_behalf_of else state
    return on_behalf_of


def signatures_part(s: Setting, sec: Section) -> SignaturesPart:
    """One block per signatory, and one for government if no one signs for it yet; blank
    blocks to sign on when no one is named yet."""
    a = s.agreement
    blocks = []
    if a.signatories:
        for sig in a.signatories:
            party = s.partner_name(sig.partner) or government_party(s, sig.on_behalf_of)
            blocks.append(
                SignatureBlock(
                    party=f"For {party}",
                    name=sig.name or "",
                    role=sig.role or "",
                    date=format_date(sig.date) if sig.date else "",
                    signed=sig.date is not None,
                )
            )
    else:
        for p in a.partners:
            if p.signatory:
                blocks.append(SignatureBlock(f"For {p.name}", "", "", "", False))
    if not any(sig.partner is None for sig in a.signatories):
        blocks.append(SignatureBlock(f"For {government_party(s, None)}", "", "", "", False))
    paras = [f"Signed on behalf of the parties to the {s.title()}."]
    if a.generation is Generation.LAA2008:
        paras.append(
            f"The agreement is signed for HM Government by or for "
            f"{GOVERNMENT_PARTY[a.generation]}, with whom the designated improvement "
            "targets are agreed."
        )
    labels = ("Signature", "Name", "Position", "Date")
    return SignaturesPart(sec, tuple(paras), labels, tuple(blocks))
