"""The target parts: themes and their outcomes, statutory targets, local targets.

Each outcome and the statutory section print an indicator table: reference,
indicator, lead partner, baseline and one column per year (a pair per year,
without and with the agreement, when any indicator is a reward target).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..model import Generation, Indicator, Outcome, TargetType, Theme
from .contents import Refs, child_numbers
from .parts import Cell, HeadCell, OutcomePart, Row, Section, Table, TablePart, ThemePart
from .shared import PORTRAIT_MAX_COLUMNS, Setting, cell_or_dash, widths
from .wording import BLOCK_NAMES, DASH, paragraphs

# ---------------------------------------------------------------- indicator tables


def is_reward_table(indicators: Iterable[Indicator]) -> bool:
    """True when any indicator is a reward target: the table shows a pair per year."""
    return any(i.type is TargetType.REWARD for i in indicators)


def pair_labels(s: Setting) -> tuple[str, str]:
    """Headings of a reward target's pair of columns: without and with the agreement."""
    if s.agreement.generation is Generation.LAA2006:
        return ("Un-stretched", "Stretched")
    return ("Without agreement", "With agreement")


def type_mark(s: Setting, ind: Indicator) -> str | None:
    """'local target', 'mandatory' or 'reward target' after the indicator, where it matters."""
    g = s.agreement.generation
    if g is Generation.LAA2008 and ind.type is TargetType.LOCAL:
        return "local target"
    if g is Generation.LAA2006 and ind.type is TargetType.MANDATORY:
        return "mandatory"
    if g is Generation.LAA2006 and ind.type is TargetType.REWARD:
        return "reward target"
    return None


def indicator_table(
    s: Setting,
    table_id: str,
    caption: str,
    refs: Sequence[str],
    indicators: Sequence[Indicator],
    default_lead: str | None,
    with_lead: bool = True,
) -> Table:
    """The indicator table: ref, indicator, lead, baseline, one column (or pair) per year."""
    reward = is_reward_table(indicators)
    refresh = any(i.refresh is not None for i in indicators)
    two = 2 if reward else 1
    head1: list[HeadCell] = [HeadCell("Ref", rowspan=two), HeadCell("Indicator", rowspan=two)]
    # Figure columns are kept wide enough for a placeholder's sentence to wrap
    # into a few lines rather than a narrow column of single words.
    weights: list[float] = [6, 27]
    if with_lead:
        head1.append(HeadCell("Lead partner", rowspan=two))
        weights.append(14)
    head1.append(HeadCell(f"Baseline {s.baseline_year}", rowspan=two, numeric=True))
    weights.append(15)
    head2: list[HeadCell] = []
    without_label, with_label = pair_labels(s)
    for y in s.years:
        if reward:
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
    for ref, ind in zip(refs, indicators, strict=True):
        unit = s.unit(ind)
        dp = s.places(ind)
        text = s.indicator_title(ind)
        extras = [m for m in (type_mark(s, ind),) if m]
        if unit and not unit.startswith("%") and unit.strip() != "£":
            extras.append(unit)
        if extras:
            text += f" ({'; '.join(extras)})"
        cells = [Cell(ref, "ref"), Cell(text)]
        if with_lead:
            cells.append(cell_or_dash(s.lead_names(ind, default_lead)))
        cells.append(s.figure(ind.baseline, unit, "baseline", s.baseline_year, dp))
        for y in s.years:
            yt = ind.targets.get(y)
            if reward:
                if ind.type is TargetType.REWARD:
                    cells.append(s.figure(yt.without if yt else None, unit, "target", places=dp))
                else:
                    cells.append(Cell(DASH, "none"))
            cells.append(s.figure(yt.target if yt else None, unit, "target", places=dp))
        if refresh:
            cells.append(cell_or_dash(str(ind.refresh).capitalize() if ind.refresh else None))
        rows.append(Row(tuple(cells)))
        if ind.definition:
            notes.append(f"{ref}: {ind.definition}")
        if ind.notes:
            notes.append(f"{ref}: {ind.notes}")
        opened = s.open_text(ref, ind)
        if opened:
            notes.append(opened)
    head = (tuple(head1), tuple(head2)) if reward else (tuple(head1),)
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


# ---------------------------------------------------------------- themes and outcomes


def theme_parts(s: Setting, sections: Sequence[Section]) -> tuple[ThemePart, ...]:
    """One part per theme, in order, each under its section."""
    return tuple(
        theme_part(s, sec, theme) for sec, theme in zip(sections, s.agreement.themes, strict=True)
    )


def theme_part(s: Setting, sec: Section, theme: Theme) -> ThemePart:
    """A theme (block, priority) with its outcomes numbered under it: 3.1, 3.2, …"""
    label = None
    if theme.block is not None:
        label = f"Block: {BLOCK_NAMES[theme.block]} ({theme.block.value})"
    numbers = child_numbers(sec.number, len(theme.outcomes))
    outcomes = [
        outcome_part(s, number, outcome)
        for number, outcome in zip(numbers, theme.outcomes, strict=True)
    ]
    return ThemePart(
        section=sec,
        label=label,
        paragraphs=paragraphs(theme.narrative),
        outcomes=tuple(outcomes),
        landscape=any(o.table.landscape for o in outcomes),
        empty="No outcomes have been set for this theme yet.",
    )


def outcome_part(s: Setting, number: str, outcome: Outcome) -> OutcomePart:
    """One outcome: its facts, narrative and indicator table, indicators numbered 3.2.1, …"""
    refs = child_numbers(number, len(outcome.indicators))
    facts: list[tuple[str, str]] = []
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
    table = indicator_table(
        s,
        f"table-{number.replace('.', '-')}",
        f"Indicators and targets for outcome {number}",
        refs,
        outcome.indicators,
        outcome.lead,
    )
    return OutcomePart(
        number=number,
        anchor=f"out-{number.replace('.', '-')}",
        title=outcome.title,
        facts=tuple(facts),
        paragraphs=paragraphs(outcome.narrative),
        table=table,
    )


# ---------------------------------------------------------------- statutory and local targets


def statutory_part(s: Setting, sec: Section | None) -> TablePart | None:
    """Statutory education and early years targets, numbered under their section."""
    if sec is None:
        return None
    a = s.agreement
    refs = child_numbers(sec.number, len(a.statutory))
    table = indicator_table(
        s,
        "table-statutory",
        "Statutory education and early years targets",
        refs,
        a.statutory,
        None,
    )
    paras = (
        "These targets are agreed with the Department for Children, Schools and "
        "Families. They are set under separate legislation and are listed here "
        "alongside the improvement targets; they do not count towards the 35.",
    )
    return TablePart(
        sec, paras, replace(table, empty="No statutory targets have been entered yet.")
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
        dp = s.places(ind)
        yt = ind.targets.get(last)
        rows.append(
            Row(
                (
                    Cell(refs.indicators[ind.id], "ref"),
                    Cell(s.indicator_title(ind)),
                    cell_or_dash(s.lead_names(ind, outcome.lead)),
                    s.figure(ind.baseline, unit, "baseline", s.baseline_year, dp),
                    s.figure(yt.target if yt else None, unit, "target", places=dp),
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
