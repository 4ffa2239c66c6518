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
from .changes import History, indicator_history
from .contents import Refs, statutory_placed
from .figures import figure_cell, outturn_text, trigger_text
from .parts import Cell, HeadCell, OutcomePart, Row, Section, Table, TablePart, ThemePart
from .shared import PORTRAIT_MAX_COLUMNS, Setting, cell_or_dash, widths
from .wording import BLOCK_NAMES, paragraphs

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


def is_paired(indicators: Sequence[Indicator]) -> bool:
    """True when any row states an un-stretched level, or is a reward target: pairs per year."""
    return any(i.stretched or i.type is TargetType.REWARD for i in indicators)


def pair_labels(s: Setting) -> tuple[str, str]:
    """Headings of a year's pair of columns: without and with the agreement."""
    if s.agreement.generation is Generation.LAA2006:
        return ("Un-stretched", "Stretched")
    return ("Without agreement", "With agreement")


def type_mark(s: Setting, ind: Indicator) -> str | None:
    """'local target', 'statutory target', 'mandatory' or 'reward target', where it matters."""
    g = s.agreement.generation
    if g is Generation.LAA2008 and ind.type is TargetType.LOCAL:
        return "local target"
    if g is Generation.LAA2008 and ind.type is TargetType.STATUTORY:
        return "statutory target"
    if g is Generation.LAA2006 and ind.type is TargetType.MANDATORY:
        return "mandatory"
    if g is Generation.LAA2006 and ind.type is TargetType.REWARD:
        return "reward target"
    return None


def reward_year(s: Setting) -> str:
    """The year whose performance reward is paid on: as stated, else the final year."""
    r = s.agreement.reward
    return r.reward_year if r is not None and r.reward_year else s.years[-1]


def indicator_table(
    s: Setting, table_id: str, caption: str, items: Sequence[Item], statutory: bool = False
) -> Table:
    """The indicator table: ref, indicator, partners, baseline, one column (or pair) per year.

    `statutory` for the statutory section, whose rows need no 'statutory target' mark.
    """
    inds = [it.indicator for it in items]
    paired = is_paired(inds)
    histories = [
        indicator_history(s, i.changes, s.unit(i), i.baseline.period if i.baseline else None)
        for i in inds
    ]
    refresh = any(i.refresh is not None for i in inds) or any(h.pending_removal for h in histories)
    marked = any(i.partners or len(i.leads) > 1 for i in inds)
    two = 2 if paired else 1
    head1: list[HeadCell] = [HeadCell("Ref", rowspan=two), HeadCell("Indicator", rowspan=two)]
    # Figure columns are kept wide enough for a placeholder's sentence to wrap
    # into a few lines rather than a narrow column of single words.
    weights: list[float] = [6, 27]
    head1.append(HeadCell("Delivery partners (*lead)" if marked else "Lead partner", rowspan=two))
    weights.append(14)
    head1.append(HeadCell(f"Baseline {s.baseline_year}", rowspan=two, numeric=True))
    weights.append(15)
    head2: list[HeadCell] = []
    without_label, with_label = pair_labels(s)
    for y in s.years:
        if paired:
            head1.append(HeadCell(y, colspan=2, numeric=True))
            head2 += [HeadCell(without_label, numeric=True), HeadCell(with_label, numeric=True)]
            weights += [8, 8]
        else:
            head1.append(HeadCell(y, numeric=True))
            weights.append(13)
    if refresh:
        head1.append(HeadCell("Refresh", rowspan=two))
        weights.append(13)  # wide enough for "Refreshed", unbroken
    rows: list[Row] = []
    notes: list[str] = []
    for it, history in zip(items, histories, strict=True):
        ind = it.indicator
        cells = [Cell(it.ref, "ref"), Cell(_row_title(s, ind, statutory))]
        cells.append(cell_or_dash(s.delivery(ind, it.default_lead, marked)))
        cells += _figure_cells(s, ind, history, paired)
        if refresh:
            mark = str(ind.refresh).capitalize() if ind.refresh else None
            if history.pending_removal:
                mark = f"{mark}; {history.pending_removal}" if mark else history.pending_removal
            cells.append(cell_or_dash(mark))
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


def _row_title(s: Setting, ind: Indicator, statutory: bool) -> str:
    """'NI 117: … (local target; count)': the title with its kind and a unit not otherwise shown."""
    unit = s.unit(ind)
    mark = None if statutory and ind.type is TargetType.STATUTORY else type_mark(s, ind)
    extras = [mark] if mark else []
    if unit and unit.strip() not in SHOWN_UNITS:
        extras.append(unit)
    text = s.indicator_title(ind)
    return f"{text} ({'; '.join(extras)})" if extras else text


def _figure_cells(s: Setting, ind: Indicator, history: History, paired: bool) -> list[Cell]:
    """Baseline and each year's target, or pair of levels, of one row."""
    unit = s.unit(ind)
    marks = history.marks
    cells = [
        figure_cell(
            s, ind.baseline, unit, "baseline", s.baseline_year, marks.get(("baseline", ""), ())
        )
    ]
    stretch_row = ind.stretched or ind.type is TargetType.REWARD
    for y in s.years:
        yt = ind.targets.get(y)
        target = figure_cell(
            s, yt.target if yt else None, unit, "target", marks=marks.get((y, "with"), ())
        )
        if not paired:
            cells.append(target)
            continue
        without_marks = marks.get((y, "without"), ())
        if (yt is not None and yt.without is not None) or stretch_row or without_marks:
            without = yt.without if yt else None
            cells.append(figure_cell(s, without, unit, "level", marks=without_marks))
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
                level = trigger_text(s, yt, unit)
                if level:
                    yield f"Reward trigger level for {year}: {level}"
    yield from history.notes
    opened = s.open_phrase(ind)
    if opened:
        yield f"Still to be agreed — {opened}"


# ---------------------------------------------------------------- themes and outcomes


def theme_parts(s: Setting, sections: Sequence[Section], refs: Refs) -> tuple[ThemePart, ...]:
    """One part per theme, in order, each under its section."""
    return tuple(
        theme_part(s, sec, theme, refs)
        for sec, theme in zip(sections, s.agreement.themes, strict=True)
    )


def _tree(outcomes: Sequence[Outcome]) -> Iterator[Outcome]:
    for o in outcomes:
        yield o
        yield from _tree(o.outcomes)


def theme_part(s: Setting, sec: Section, theme: Theme, refs: Refs) -> ThemePart:
    """A theme (block, priority) with its outcomes numbered under it: 3.1, 3.2, 3.2.3, …"""
    label = None
    if theme.block is not None:
        label = f"Block: {BLOCK_NAMES[theme.block]} ({theme.block.value})"
    outcomes = [outcome_part(s, o, refs) for o in _tree(theme.outcomes)]
    return ThemePart(
        section=sec,
        group=theme.group,
        label=label,
        paragraphs=paragraphs(theme.narrative),
        outcomes=tuple(outcomes),
        landscape=any(o.table.landscape for o in outcomes),
        empty="No outcomes have been set for this theme yet.",
    )


def outcome_part(s: Setting, outcome: Outcome, refs: Refs) -> OutcomePart:
    """One outcome: its facts, narrative and indicator table, indicators numbered 3.2.1, …"""
    ref = refs.outcomes[outcome.id]
    number = ref.number
    facts: list[tuple[str, str]] = []
    if outcome.code:
        facts.append(("Outcome reference", outcome.code))
    if ref.parent is not None:
        parent = refs.outcomes[ref.parent]
        facts.append(("Part of", f"{parent.number} {parent.title}"))
    if s.agreement.generation is Generation.LAA2006:
        facts.append(("Outcome", "Mandatory" if outcome.mandatory else "Local"))
    lead = s.partner_name(outcome.lead)
    if lead:
        facts.append(("Lead partner", lead))
    names = [n for n in (s.partner_name(c) for c in outcome.contributors) if n]
    if names:
        facts.append(("Contributing partners", ", ".join(names)))
    opened = s.open_phrase(outcome)
    if opened:
        facts.append(("Still to be agreed", opened))
    items = [Item(refs.indicators[i.id], i, outcome.lead) for i in outcome.indicators]
    table = indicator_table(
        s,
        f"table-{number.replace('.', '-')}",
        f"Indicators and targets for outcome {number}",
        items,
    )
    if outcome.outcomes and not outcome.indicators:
        table = replace(table, empty="Its indicators are under its sub-outcomes, below.")
    return OutcomePart(
        number=number,
        anchor=f"out-{number.replace('.', '-')}",
        title=ref.title,
        level=min(ref.depth + 1, 3),
        facts=tuple(facts),
        paragraphs=paragraphs(outcome.narrative),
        table=table,
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
            "the outcome they serve, marked ‘statutory target’ there; they are listed "
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
    for ind in local:
        outcome = owner_of[ind.id]
        unit = s.unit(ind)
        yt = ind.targets.get(last)
        rows.append(
            Row(
                (
                    Cell(refs.indicators[ind.id], "ref"),
                    Cell(s.indicator_title(ind)),
                    cell_or_dash(s.delivery(ind, outcome.lead, marked=False)),
                    figure_cell(s, ind.baseline, unit, "baseline", s.baseline_year),
                    figure_cell(s, yt.target if yt else None, unit, "target"),
                )
            )
        )
    head = (
        HeadCell("Ref"),
        HeadCell("Local target"),
        HeadCell("Lead partner"),
        HeadCell(f"Baseline {s.baseline_year}", numeric=True),
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
