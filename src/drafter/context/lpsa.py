"""The parts only an LPSA has: the Intentions of the Government and Schedule 3.

Real LPSAs set out what each side intends — the council its stretch targets, the
Government its pump priming grant, performance reward grant and freedoms — and then
the detail in four schedules. The Intentions of the Government name what it gives and
point to the schedule that sets it out; Schedule 3 sets out the pump priming grant
and the credit approval, by target where the agreement allocates them.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Money, Outcome
from .contents import Refs, freedom_groups
from .figures import amount_cell, amount_text
from .funding import Sum, sum_cell
from .parts import Cell, HeadCell, PumpPrimingPart, Row, Section, Subsection, Table, TextPart
from .shared import Setting, widths
from .wording import money


def intentions_part(s: Setting, sec: Section | None, maximum: float | None) -> TextPart | None:
    """The Intentions of the Government: pump priming, reward grant and freedoms.

    `maximum` is the maximum reward the shares of Schedule 4 divide, when known.
    """
    if sec is None:
        return None
    r = s.agreement.reward
    grant = r.pump_priming_grant if r is not None else None
    credit = r.unsupported_credit_approval if r is not None else None
    if grant is not None:
        ppg = f"To pay pump priming grant of {amount_text(s, grant)} at the outset"
    else:
        ppg = "No pump priming grant is stated in this agreement"
    if credit is not None:
        ppg += f", and to give Unsupported Credit Approval of {amount_text(s, credit)}"
    ppg += "; Schedule 3 sets out the detail." if grant or credit else "."
    reward = "To pay performance reward grant for the targets achieved" + (
        f", up to {money(maximum)} in all" if maximum is not None else ""
    )
    reward += ", as Schedule 4 sets out."
    subsections = [
        Subsection("Pump priming grant", (ppg,)),
        Subsection("Performance reward grant", (reward,)),
        Subsection("Freedoms and flexibilities", (_freedoms(s),)),
    ]
    paras = (
        "In return for the council's commitment to the stretch targets, HM Government intends:",
    )
    return TextPart(sec, paras, tuple(subsections))


def _freedoms(s: Setting) -> str:
    """'To grant the freedoms agreed in Schedule 2: 3 of the 6 requests are agreed, …'."""
    groups = {key: len(items) for key, _, items in freedom_groups(s.agreement)}
    total = sum(groups.values())
    if not total:
        return "No freedoms or flexibilities have been requested."
    said = [
        f"{groups.get('agreed', 0)} of the {total} requests {'is' if total == 1 else 'are'} agreed"
    ]
    for key, words in (
        ("discussion", "still under discussion"),
        ("refused", "refused"),
        ("other", "answered otherwise (already possible, or needing primary legislation)"),
    ):
        if groups.get(key):
            said.append(f"{groups[key]} {words}")
    listed = ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]
    return f"To grant the freedoms and flexibilities agreed in Schedule 2: {listed}."


def pump_priming_part(s: Setting, sec: Section | None, refs: Refs) -> PumpPrimingPart | None:
    """Schedule 3: the pump priming grant and credit approval, by target where allocated."""
    if sec is None:
        return None
    r = s.agreement.reward
    grant = r.pump_priming_grant if r is not None else None
    facts: list[tuple[str, str]] = []
    if grant is not None:
        facts.append(("Pump priming grant", amount_text(s, grant)))
    if r is not None and r.unsupported_credit_approval is not None:
        facts.append(("Unsupported Credit Approval", amount_text(s, r.unsupported_credit_approval)))
    allocated = [o for o in s.agreement.outcomes() if o.pump_priming is not None]
    table = _allocation(s, allocated, grant, refs) if allocated else None
    if grant is None and not facts:
        paras: tuple[str, ...] = ("This agreement states no pump priming grant.",)
    elif table is None:
        paras = ("The agreement does not allocate the grant between the targets.",)
    else:
        paras = ("The agreement allocates the grant between the targets as follows.",)
    return PumpPrimingPart(sec, paras, tuple(facts), table)


def _allocation(s: Setting, allocated: Sequence[Outcome], grant: Money | None, refs: Refs) -> Table:
    """The grant by target, its total, and what the allocations leave unallocated."""
    rows = [
        Row(
            (
                Cell(refs.outcomes[o.id].number, "ref"),
                Cell(refs.outcomes[o.id].title),
                amount_cell(s, o.pump_priming),
            )
        )
        for o in allocated
    ]
    total = Sum.of(o.pump_priming for o in allocated if o.pump_priming is not None)
    notes: list[str] = []
    rows.append(Row((Cell(""), Cell("Total allocated"), sum_cell(total)), total=True))
    if grant is not None and grant.value is not None and total.known:
        left = float(grant.value) - total.pounds
        if left > 0.005:
            rows.append(
                Row((Cell(""), Cell("Not allocated to a target"), Cell(money(left), "number")))
            )
        elif left < -0.005:
            notes.append(
                f"The allocations add up to {money(total.pounds)}, more than the grant of "
                f"{money(float(grant.value))}."
            )
    return Table(
        id="table-pump-priming",
        caption="Pump priming grant by target",
        head=((HeadCell("Ref"), HeadCell("Target"), HeadCell("Pump priming grant", numeric=True)),),
        rows=tuple(rows),
        widths=widths([10, 62, 28]),
        notes=tuple(notes),
    )
