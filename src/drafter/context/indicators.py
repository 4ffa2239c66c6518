"""The target parts: themes and their outcomes, statutory targets, local targets.

Each outcome and the statutory section print an indicator table: reference,
indicator, delivery partners (leads marked) or lead partner, baseline and one column
per year. Where any row states the level expected without the agreement, each year
has a pair of columns, without and with; a row with only a target in a year spans
the pair, so a plain target is never printed as a stretched level. Figures print as
written; values changed or proposed at a refresh carry "was" or "proposed" marks,
and the notes under the table say when, why and who approved.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from ..model import Generation, Indicator, Outcome, Polarity, TargetType, Theme
from ..register import Entry
from .changes import History, indicator_history
from .contents import Refs, statutory_placed
from .figures import figure_cell, outturn_text, trigger_text
from .parts import (
    Cell,
    HeadCell,
    OutcomePart,
    Row,
    Section,
    Table,
    TablePart,
    TargetsPart,
    ThemePart,
)
from .shared import INDICATOR_KINDS, PORTRAIT_MAX_COLUMNS, Setting, cell_or_dash, widths
from .wording import BLOCK_NAMES, DASH, format_number, paragraphs, written_places

# Units a figure's own text already shows ('48%', '£1,250', '2.5 points').
SHOWN_UNITS = frozenset({"%", "£", "% points"})
POLARITY_WORDS = {Polarity.HIGHER: "higher is better", Polarity.LOWER: "lower is better"}


@dataclass(frozen=True)
class Item:
    """One row of an indicator table: its reference, the indicator, its outcome's lead."""

    ref: str
    indicator: Indicator
    default_lead: str | None


# ---------------------------------------------------------------- indicator tables

# The kind of target, in its own column, as the documents name it.
KIND_MARKS = {
    TargetType.DESIGNATED: "Designated",
    TargetType.STATUTORY: "Statutory",
    TargetType.LOCAL: "Local",
    TargetType.MANDATORY: "Mandatory",
    TargetType.REWARD: "Reward",
}
MINUS = "\u2212"


def is_paired(indicators: Sequence[Indicator]) -> bool:
    """True when any row states an un-stretched level, or is a reward target: pairs per year."""
    return any(i.stretched or i.type is TargetType.REWARD for i in indicators)


def pair_labels(s: Setting) -> tuple[str, str]:
    """Headings of a year's pair of columns: without and with the agreement."""
    g = s.agreement.generation
    if g is Generation.LAA2006:
        return ("Un-stretched", "Stretched")
    if g is Generation.LPSA:
        return ("Without the Local PSA", "With the Local PSA")
    return ("Without agreement", "With agreement")


def shows_kind(s: Setting) -> bool:
    """Whether indicator tables have a Kind column: in an LAA always; in an LPSA, whose
    targets are all stretch targets, only when some target is of another kind."""
    a = s.agreement
    if a.generation is not Generation.LPSA:
        return True
    return any(i.type is not TargetType.REWARD for i in [*a.indicators(), *a.statutory])


def reward_year(s: Setting) -> str:
    """The year whose performance reward is paid on: as stated, else the final year."""
    r = s.agreement.reward
    return r.reward_year if r is not None and r.reward_year else s.years[-1]


def baseline_period(s: Setting, inds: Sequence[Indicator]) -> str | None:
    """The period every stated baseline of a table refers to, or None when they differ.

    A baseline with no period of its own refers to the year before the agreement.
    Placeholders and figures not applicable do not count. With one period, the column
    is headed 'Baseline 2007/08' and the cells do not repeat it; otherwise the column
    is headed 'Baseline' and every cell gives its own period.
    """
    periods = {
        i.baseline.period or s.baseline_year
        for i in inds
        if i.baseline is not None and (i.baseline.value is not None or i.baseline.relative)
    }
    if len(periods) > 1:
        return None
    return periods.pop() if periods else s.baseline_year


def stretch_text(s: Setting, ind: Indicator, year: str) -> Cell:
    """The size of the stretch in `year`: the stretched level less the level without it."""
    yt = ind.targets.get(year)
    w, t = (yt.without, yt.target) if yt is not None else (None, None)
    if w is None or t is None or w.value is None or t.value is None:
        return Cell(DASH, "none")
    places = max(written_places(w.value, w.places), written_places(t.value, t.places))
    gap = round(float(t.value) - float(w.value), places)
    unit = s.unit(ind)
    # A difference of percentages is in percentage points.
    shown = "% points" if unit and unit.strip().startswith("%") else unit
    text = format_number(abs(gap), shown, places)
    return Cell((MINUS if gap < 0 else "+" if gap > 0 else "") + text, "derived")


def status_text(s: Setting, ind: Indicator, history: History) -> str:
    """The row's agreement status: its refresh status, else agreed or proposed; then any
    change proposed and the register entries still open on it ('Proposed — open: R4')."""
    status = str(ind.refresh).capitalize() if ind.refresh else None
    status = status or ("Agreed" if s.agreed else "Proposed")
    if history.pending_removal:
        status += f"; {history.pending_removal}"
    labels = s.open_items.labels(INDICATOR_KINDS, ind.id)
    return status + (f" — open: {', '.join(labels)}" if labels else "")


def indicator_table(
    s: Setting,
    table_id: str,
    caption: str,
    items: Sequence[Item],
    statutory: bool = False,
    ref_label: str = "Ref",
) -> Table:
    """The indicator table: ref, indicator, partners, baseline, one column (or pair) per
    year, the stretch (LPSA), and each row's kind of target and status.

    `statutory` for the statutory section, whose rows are all of one kind; `ref_label`
    heads the reference column (a first-round block's code, 'CYP').
    """
    inds = [it.indicator for it in items]
    paired = is_paired(inds)
    histories = [
        indicator_history(s, i.changes, s.unit(i), i.baseline.period if i.baseline else None)
        for i in inds
    ]
    lpsa = s.agreement.generation is Generation.LPSA
    rewarded = any(i.type is TargetType.REWARD for i in inds)
    paid_on = reward_year(s) if rewarded else None
    kind = shows_kind(s) and not statutory
    stretch = lpsa and paired and paid_on in s.years
    marked = any(i.partners or len(i.leads) > 1 for i in inds)
    period = baseline_period(s, inds)
    two = 2 if paired else 1
    head1: list[HeadCell] = [HeadCell(ref_label, rowspan=two), HeadCell("Indicator", rowspan=two)]
    # Every column wide enough for the longest words it holds ('percentage' in a
    # relative target, 'recalculated' in a baseline's note, 'Outstanding') unbroken.
    weights: list[float] = [6.5, 22]
    head1.append(HeadCell("Delivery partners (*lead)" if marked else "Lead partner", rowspan=two))
    weights.append(14)
    baseline_head = f"Baseline {period}" if period else "Baseline"
    head1.append(HeadCell(baseline_head, rowspan=two, numeric=True))
    weights.append(12)
    head2: list[HeadCell] = []
    without_label, with_label = pair_labels(s)
    for y in s.years:
        label = f"{y}: reward year" if y == paid_on else y
        if paired:
            head1.append(HeadCell(label, colspan=2, numeric=True))
            head2 += [HeadCell(without_label, numeric=True), HeadCell(with_label, numeric=True)]
            weights += [8, 8]
        else:
            head1.append(HeadCell(label, numeric=True))
            weights.append(11)
        if stretch and y == paid_on:
            head1.append(HeadCell("Stretch", rowspan=two, numeric=True))
            weights.append(8)
    # The kind of target and the row's status share the last column, a line each: a
    # column of its own for each would not leave a portrait page room for the figures.
    head1.append(HeadCell("Kind and status" if kind else "Status", rowspan=two))
    weights.append(12)
    rows: list[Row] = []
    notes: list[str] = []
    for it, history in zip(items, histories, strict=True):
        ind = it.indicator
        cells = [Cell(it.ref, "ref"), Cell(_row_title(s, ind))]
        cells.append(cell_or_dash(s.delivery(ind, it.default_lead, marked)))
        figures = _figure_cells(s, ind, history, paired, period)
        if stretch and paid_on is not None:
            # After the baseline and the reward year's pair of columns.
            figures.insert(
                _at_column(figures, 1 + 2 * (s.years.index(paid_on) + 1)),
                stretch_text(s, ind, paid_on),
            )
        cells += figures
        status = status_text(s, ind, history)
        cells.append(Cell(f"{KIND_MARKS[ind.type]}\n{status}" if kind else status, "status"))
        rows.append(Row(tuple(cells)))
        notes += [f"{it.ref}: {note}" for note in _notes(s, ind, history)]
    head = (tuple(head1), tuple(head2)) if paired else (tuple(head1),)
    return Table(
        id=table_id,
        caption=caption,
        head=head,
        rows=tuple(rows),
        widths=widths(weights),
        landscape=len(weights) > PORTRAIT_MAX_COLUMNS,
        notes=tuple(notes),
        empty="No indicators have been set for this outcome yet.",
    )


def _at_column(cells: Sequence[Cell], column: int) -> int:
    """The index in `cells` at which the leaf column `column` starts (cells may span)."""
    covered = 0
    for k, c in enumerate(cells):
        if covered >= column:
            return k
        covered += c.span
    return len(cells)


def _row_title(s: Setting, ind: Indicator) -> str:
    """'NI 117: … (count)': the title with a unit its figures do not show themselves."""
    unit = s.unit(ind)
    text = s.indicator_title(ind)
    return f"{text} ({unit})" if unit and unit.strip() not in SHOWN_UNITS else text


def _figure_cells(
    s: Setting, ind: Indicator, history: History, paired: bool, period: str | None
) -> list[Cell]:
    """Baseline and each year's target, or pair of levels, of one row.

    `period` is the baseline period the column's heading names (None: each cell names
    its own). Awaited figures point to their entry in the register.
    """
    unit = s.unit(ind)
    marks = history.marks

    def entry(*slot: str) -> Entry | None:
        return s.open_items.entry(INDICATOR_KINDS, ind.id, slot)

    baseline = ind.baseline
    stated = baseline is not None and (baseline.value is not None or bool(baseline.relative))
    if period is None and baseline is not None and stated and baseline.period is None:
        # Where the column names no period, every cell names its own.
        baseline = baseline.model_copy(update={"period": s.baseline_year})
    cells = [
        figure_cell(
            s,
            baseline,
            unit,
            "baseline",
            period or "",
            marks.get(("baseline", ""), ()),
            entry("baseline"),
        )
    ]
    stretch_row = ind.stretched or ind.type is TargetType.REWARD
    for y in s.years:
        yt = ind.targets.get(y)
        target = figure_cell(
            s,
            yt.target if yt else None,
            unit,
            "target",
            marks=marks.get((y, "with"), ()),
            entry=entry(y, "with"),
        )
        if not paired:
            cells.append(target)
            continue
        without_marks = marks.get((y, "without"), ())
        if (yt is not None and yt.without is not None) or stretch_row or without_marks:
            without = yt.without if yt else None
            cells.append(
                figure_cell(
                    s, without, unit, "level", marks=without_marks, entry=entry(y, "without")
                )
            )
            cells.append(target)
        else:  # a plain target: one figure across the year's pair, never under "Stretched"
            cells.append(replace(target, span=2))
    return cells


def _notes(s: Setting, ind: Indicator, history: History) -> Iterator[str]:
    """The lines printed under the table for one row, without its reference."""
    unit = s.unit(ind)
    if ind.definition:
        yield ind.definition
    measured = [
        f"Source: {ind.source}" if ind.source else "",
        ind.frequency or "",
        POLARITY_WORDS[ind.polarity] if ind.polarity else "",
    ]
    if any(measured):
        text = "; ".join(m for m in measured if m) + "."
        yield text[0].upper() + text[1:]
    if ind.notes:
        yield ind.notes
    if ind.provenance:
        yield f"Recorded in: {ind.provenance}"
    if ind.outturn is not None:
        yield f"Latest outturn: {outturn_text(ind.outturn, unit)}"
    if ind.type is TargetType.REWARD:
        paid_on = reward_year(s)
        for year, yt in ind.targets.items():
            if yt.trigger is not None or year == paid_on:
                # 'worked out': the reward section states the threshold rule, once.
                level = trigger_text(s, yt, unit, short=True)
                if level:
                    yield f"Reward trigger level for {year}: {level}"
    yield from history.notes


# ---------------------------------------------------------------- themes and outcomes


def theme_parts(
    s: Setting, sections: Sequence[Section], refs: Refs, level: int = 1
) -> tuple[ThemePart, ...]:
    """One part per theme, in order, each under its section (`level` 2 inside Schedule 1)."""
    return tuple(
        theme_part(s, sec, theme, refs, level)
        for sec, theme in zip(sections, s.agreement.themes, strict=True)
    )


def targets_part(
    s: Setting, sec: Section | None, themes: tuple[ThemePart, ...]
) -> TargetsPart | None:
    """An LPSA's Schedule 1: how its tables read, then the priorities with their targets."""
    if sec is None:
        return None
    a = s.agreement
    targets = sum(1 for _ in _tree([o for t in a.themes for o in t.outcomes]))
    paid_on = reward_year(s)
    paras = (
        f"This schedule sets out the {targets} target{'s' if targets != 1 else ''} of the "
        f"agreement, numbered T1 to T{targets} (sub-targets T2a, T2b, …). For each year it "
        "gives the performance expected without the Local PSA and the performance target "
        f"with the Local PSA. The reward is paid on performance in {paid_on}, the year "
        "marked ‘reward year’; the stretch is the difference between the two levels in "
        "that year. A trigger level marked ‘worked out’ follows the threshold rule of "
        "Schedule 4.",
    )
    return TargetsPart(sec, paras, themes, any(t.landscape for t in themes))


def _tree(outcomes: Sequence[Outcome]) -> Iterator[Outcome]:
    for o in outcomes:
        yield o
        yield from _tree(o.outcomes)


def theme_part(s: Setting, sec: Section, theme: Theme, refs: Refs, level: int = 1) -> ThemePart:
    """A theme (block, priority) with its outcomes numbered under it: 3.1, 3.2, 3.2.3, …"""
    label = None
    ref_label = "Ref"
    if theme.block is not None:
        label = f"Block: {BLOCK_NAMES[theme.block]} ({theme.block.value})"
        ref_label = theme.block.value  # first-round tables were headed by the block's code
    outcomes = [outcome_part(s, o, refs, level, ref_label) for o in _tree(theme.outcomes)]
    return ThemePart(
        section=sec,
        group=theme.group,
        label=label,
        paragraphs=paragraphs(theme.narrative),
        outcomes=tuple(outcomes),
        landscape=any(o.table.landscape for o in outcomes),
        empty="No outcomes have been set for this theme yet.",
        level=level,
    )


def outcome_part(
    s: Setting, outcome: Outcome, refs: Refs, theme_level: int = 1, ref_label: str = "Ref"
) -> OutcomePart:
    """One outcome: its facts, narrative and indicator table, indicators numbered 3.2.1, …"""
    ref = refs.outcomes[outcome.id]
    number = ref.number
    facts: list[tuple[str, str]] = []
    if outcome.code:
        facts.append(("Outcome reference", outcome.code))
    if ref.parent is not None:
        parent = refs.outcomes[ref.parent]
        facts.append(("Part of", f"{parent.label} {parent.title}"))
    if s.agreement.generation is Generation.LAA2006:
        facts.append(("Outcome", "Mandatory" if outcome.mandatory else "Local"))
    lead = s.partner_name(outcome.lead)
    if lead:
        facts.append(("Lead partner", lead))
    names = [n for n in (s.partner_name(c) for c in outcome.contributors) if n]
    if names:
        facts.append(("Contributing partners", ", ".join(names)))
    if outcome.open is not None:
        # What is open, in a word; who acts and by when are in the register.
        what = outcome.open.issue or "details to be settled"
        labels = ", ".join(s.open_items.labels(frozenset({"outcome"}), outcome.id, "open item"))
        facts.append(("Still to be agreed", f"{what} ({labels})" if labels else what))
    items = [Item(refs.indicators[i.id], i, outcome.lead) for i in outcome.indicators]
    anchor = number.replace(".", "-")
    lpsa = s.agreement.generation is Generation.LPSA
    subject = f"target {number.removeprefix('T')}" if lpsa else f"outcome {number}"
    table = indicator_table(
        s, f"table-{anchor}", f"Indicators and targets for {subject}", items, ref_label=ref_label
    )
    if outcome.outcomes and not outcome.indicators:
        table = replace(table, empty="Its indicators are under its sub-outcomes, below.")
    return OutcomePart(
        number=number,
        anchor=f"out-{anchor}",
        title=ref.title,
        level=min(ref.depth + theme_level, 3),
        facts=tuple(facts),
        paragraphs=paragraphs(outcome.narrative),
        table=table,
        label=ref.label,
    )


# ---------------------------------------------------------------- statutory and local targets


def statutory_part(s: Setting, sec: Section | None, refs: Refs) -> TablePart | None:
    """Statutory education and early years targets: the list, then those under outcomes."""
    if sec is None:
        return None
    a = s.agreement
    placed = set(statutory_placed(a))
    owner_of = {i.id: o for o in a.outcomes() for i in o.indicators}
    items = [Item(refs.indicators[i.id], i, None) for i in a.statutory]
    items += [
        Item(refs.indicators[i.id], i, owner_of[i.id].lead)
        for i in a.indicators()
        if i.id in placed
    ]
    table = indicator_table(
        s, "table-statutory", "Statutory education and early years targets", items, True
    )
    paras = [
        "These targets are agreed with the Department for Children, Schools and "
        "Families. They are set under separate legislation and are listed here "
        "alongside the improvement targets; they do not count towards the 35."
    ]
    if placed:
        paras.append(
            f"Targets whose reference lies outside section {sec.number} are set out under "
            "the outcome they serve, marked ‘Statutory’ there; they are listed "
            "here as well, so that every statutory target can be read in one place."
        )
    return TablePart(
        sec, tuple(paras), replace(table, empty="No statutory targets have been entered yet.")
    )


def local_part(s: Setting, sec: Section | None, refs: Refs) -> TablePart | None:
    """Local targets (2008–11): one row each, pointing to where it is set out in full."""
    if sec is None:
        return None
    a = s.agreement
    local = [i for i in a.indicators() if i.type is TargetType.LOCAL]
    last = s.years[-1]
    rows = []
    owner_of = {i.id: o for o in a.outcomes() for i in o.indicators}
    period = baseline_period(s, local)
    for ind in local:
        outcome = owner_of[ind.id]
        yt = ind.targets.get(last)
        figures = _figure_cells(s, ind, History(), False, period)
        rows.append(
            Row(
                (
                    Cell(refs.indicators[ind.id], "ref"),
                    Cell(s.indicator_title(ind)),
                    cell_or_dash(s.delivery(ind, outcome.lead, marked=False)),
                    figures[0],
                    figures[1 + s.years.index(last)] if yt else Cell(DASH, "none"),
                )
            )
        )
    head = (
        HeadCell("Ref"),
        HeadCell("Local target"),
        HeadCell("Lead partner"),
        HeadCell(f"Baseline {period}" if period else "Baseline", numeric=True),
        HeadCell(f"Target {last}", numeric=True),
    )
    paras = (
        "Local targets are agreed by the partnership. They are not designated "
        "improvement targets and attract no reward grant. Each is set out in full "
        "under its outcome; the reference gives the place.",
    )
    return TablePart(
        sec,
        paras,
        Table(
            id="table-local",
            caption="Local targets",
            head=(head,),
            rows=tuple(rows),
            widths=widths([8, 44, 20, 14, 14]),
        ),
    )
