"""An agreement's current targets as rows of the template, for a refresh.

Filled in this way, the table holds every indicator under its outcome (and the
statutory targets) with its figures as the agreement has them: numbers as numbers
shown to their places, placeholders as 'tbc' with what is missing, relative targets in
words. Imported again unchanged, every row is reported as already in the agreement
with the same figures; edited, the import lists each figure changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Agreement, Figure, Generation, Indicator, YearTarget
from .places import STATUTORY, places_of

Cell = tuple[Any, str | None]  # a value and its number format


def _figure(f: Figure | None, *, target: bool) -> Cell:
    if f is None:
        return None, None
    if f.not_applicable:
        return "n/a", None
    if f.value is not None:
        return f.value, ("0." + "0" * f.places if f.places else None)
    if f.relative is not None:
        return f.relative, None
    if f.missing is not None:  # a target's words would be read as a relative target
        return (f"tbc: {f.missing}" if target else f.missing), None
    return None, None


def _levels(a: Agreement, year: str, yt: YearTarget | None) -> list[Cell]:
    """The cells of one year, in the order the template's headings give them."""
    target, without = (yt.target, yt.without) if yt is not None else (None, None)
    if a.generation is Generation.LPSA:
        return [_figure(without, target=True), _figure(target, target=True)]
    if a.generation is Generation.LAA2006:
        if without is not None:
            return [_figure(without, target=True), _figure(target, target=True)]
        return [_figure(target, target=True), (None, None)]
    return [_figure(target, target=True)]


def _open(ind: Indicator) -> tuple[Any, Any]:
    """The owner and due date of the indicator's first open figure."""
    figures = [ind.baseline] + [f for yt in ind.targets.values() for f in (yt.target, yt.without)]
    for f in figures:
        if f is not None and f.open:
            return f.owner, (str(f.due) if f.due is not None else None)
    return None, None


def _row(a: Agreement, outcome: str, ind: Indicator, years: tuple[str, ...]) -> list[Cell]:
    plain = (None, None)
    owner, due = _open(ind)
    baseline = _figure(ind.baseline, target=False)
    cells: list[Cell] = [
        (outcome, None),
        (ind.ni, None),
        (None if ind.ni is not None and ind.id == f"NI-{ind.ni}" else ind.id, None),
        (ind.title if ind.ni is None else None, None),
        (ind.unit, None),
        (str(ind.polarity) if ind.polarity else None, None),
        (str(ind.type), None),
        ("; ".join(ind.leads) or None, None),
        baseline,
        (ind.baseline.period if ind.baseline is not None else None, None),
    ]
    for year in years:
        cells += _levels(a, year, ind.targets.get(year))
    cells += [
        (owner, None),
        (due, None),
        (str(ind.refresh) if ind.refresh else None, None),
        (ind.source, None),
        (ind.definition, None),
        (ind.frequency, None),
        (ind.notes, None),
    ]
    return [c if c[0] is not None else plain for c in cells]


def current_rows(a: Agreement) -> Iterator[list[Cell]]:
    """A row of cells for each indicator of the agreement, outcome by outcome."""
    years = places_of(a).period
    for theme in a.themes:
        for top in theme.outcomes:
            for outcome in top.tree():
                for ind in outcome.indicators:
                    yield _row(a, outcome.id, ind, years)
    for ind in a.statutory:
        yield _row(a, STATUTORY, ind, years)
