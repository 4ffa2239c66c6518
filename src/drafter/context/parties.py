"""The parts about who agrees to what: cover, vision, partners, freedoms, governance, signatures."""

from __future__ import annotations

from ..model import AreaFact, Freedom, FreedomStatus, Generation, Statistic
from .changes import freedom_history
from .contents import Refs
from .figures import as_written, bracketed
from .parts import (
    Cell,
    Cover,
    FreedomGroup,
    FreedomItem,
    FreedomsPart,
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
from .shared import Setting, cell_or_dash, head_row, widths
from .wording import (
    DASH,
    FREEDOM_LABELS,
    GOVERNMENT_PARTY,
    REGION_NAMES,
    STATUS_LABELS,
    format_date,
    paragraphs,
)

# Freedoms are printed in these groups, in this order.
FREEDOM_GROUPS: tuple[tuple[str, str, frozenset[FreedomStatus | None]], ...] = (
    (
        "agreed",
        "Agreed",
        frozenset(
            {FreedomStatus.AGREED, FreedomStatus.AGREED_WITH_CONDITIONS, FreedomStatus.TEMPORARY}
        ),
    ),
    (
        "discussion",
        "Under discussion",
        frozenset({FreedomStatus.REQUESTED, FreedomStatus.FURTHER_DISCUSSION, None}),
    ),
    ("refused", "Refused", frozenset({FreedomStatus.REFUSED})),
    (
        "other",
        "Other answers",
        frozenset({FreedomStatus.ALREADY_POSSIBLE, FreedomStatus.NEEDS_PRIMARY_LEGISLATION}),
    ),
)


# Who signs for government: in a 2008–11 LAA the Secretary of State.
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
        subtitle=f"{s.kind()} · {s.period_label()}",
        area=a.area.name,
        organisation=s.organisation(),
        logo=s.branding.logo,
        facts=tuple(facts),
        notice=notice,
    )


def vision_part(s: Setting, sec: Section) -> Vision:
    """Vision, priorities and cross-cutting themes."""
    a = s.agreement
    return Vision(
        section=sec,
        paragraphs=paragraphs(a.vision),
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
    paras = []
    # The party is the accountable body, not whoever the branding says issues the
    # document (a design team, say).
    parties = f"This agreement is made between {a.area.accountable_body or a.area.name}"
    if a.area.lsp:
        parties += f" with its partners in {a.area.lsp},"
    parties += " and HM Government"
    if a.area.region:
        parties += f", represented by the {REGION_NAMES[a.area.region]}"
    paras.append(parties + ".")
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


# ---------------------------------------------------------------- freedoms


def freedoms_part(s: Setting, sec: Section | None, refs: Refs) -> FreedomsPart | None:
    """Freedoms and flexibilities, numbered in the agreement's order, grouped by answer."""
    if sec is None:
        return None
    a = s.agreement
    groups = []
    for key, group_title, statuses in FREEDOM_GROUPS:
        items = tuple(
            freedom_item(s, refs, refs.freedoms[f.id], f)
            for f in a.freedoms
            if f.status in statuses
        )
        if items:
            groups.append(FreedomGroup(key, group_title, items))
    paras = (
        "These are the freedoms and flexibilities the partnership has asked of "
        "government, grouped by the answer given so far.",
    )
    return FreedomsPart(sec, paras, tuple(groups), "No freedoms have been requested.")


def freedom_item(s: Setting, refs: Refs, number: str, f: Freedom) -> FreedomItem:
    """One freedom: its status, request, the outcomes it serves and the answer."""
    status = FREEDOM_LABELS[f.status] if f.status else "Not yet answered"
    facts: list[tuple[str, str]] = [("Status", status)]
    for label, value in (
        ("Barrier", f.barrier),
        ("Request", f.request),
        ("Rationale", f.rationale),
        ("Department", f.department),
    ):
        if value:
            facts.append((label, value))
    served = [
        f"{refs.outcomes[o].number} {refs.outcomes[o].title}"
        for o in f.outcomes
        if o in refs.outcomes
    ]
    if served:
        facts.append(("Outcomes served", "; ".join(served)))
    if f.status is FreedomStatus.REFUSED:
        facts.append(("Reason for refusal", f.response or "No reason has been recorded."))
    elif f.response:
        facts.append(("Government response", f.response))
    if f.conditions:
        facts.append(("Conditions", f.conditions))
    if f.notes:
        facts.append(("Notes", f.notes))
    if f.provenance:
        facts.append(("Recorded in", f.provenance))
    facts += [("History", line) for line in freedom_history(s, f.changes)]
    opened = s.open_phrase(f)
    if opened:
        facts.append(("Still to be agreed", opened))
    return FreedomItem(number, f.title, status, tuple(facts))


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
    return GovernancePart(
        sec, tuple(subs), delivery, "Governance arrangements have not been described yet."
    )


def signatures_part(s: Setting, sec: Section) -> SignaturesPart:
    """One block per signatory; blank blocks to sign on when none are named yet."""
    a = s.agreement
    blocks = []
    if a.signatories:
        for sig in a.signatories:
            government = GOVERNMENT_PARTY[a.generation]
            party = s.partner_name(sig.partner) or sig.on_behalf_of or government
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
        blocks.append(SignatureBlock(f"For {GOVERNMENT_PARTY[a.generation]}", "", "", "", False))
    paras = (f"Signed on behalf of the parties to the {s.title()}.",)
    return SignaturesPart(sec, paras, ("Signature", "Name", "Position", "Date"), tuple(blocks))
