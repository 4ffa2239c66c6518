"""The agreement's history: its key dates, each refresh with its dates, and the reviews.

Dates known only to the month print as the month ("June 2008"). The tables keep to
short columns: a refresh's summary and a Government Office review's conclusions are
printed as notes under their table.
"""

from __future__ import annotations

from ..model import Refresh, first_day
from .parts import Cell, HistoryPart, Row, Section, Table
from .shared import Setting, cell_or_dash, head_row, widths
from .wording import DASH, KEY_DATE_LABELS, RATING_LABELS, format_date


def _date(d: object) -> Cell:
    return Cell(format_date(d), "") if d is not None else Cell(DASH, "none")  # type: ignore[arg-type]


def history_part(s: Setting, sec: Section | None) -> HistoryPart | None:
    """Key dates, refreshes and reviews, each as a table under its own heading."""
    if sec is None:
        return None
    a = s.agreement
    tables: list[Table] = []
    # In the order they happened (a month counts from its first day); ties as listed.
    given = [
        (first_day(getattr(a.dates, name)), k, label, getattr(a.dates, name))
        for k, (name, label) in enumerate(KEY_DATE_LABELS.items())
        if getattr(a.dates, name) is not None
    ]
    milestones = [Row((Cell(label), _date(d))) for _, _, label, d in sorted(given)]
    if milestones:
        tables.append(
            Table(
                id="table-key-dates",
                caption="Key dates",
                head=head_row("Milestone", "Date"),
                rows=tuple(milestones),
                widths=widths([60, 40]),
            )
        )
    if a.refreshes:
        tables.append(_refreshes(a.refreshes))
    if a.reviews:
        # Short columns; each review's conclusions, which run to several lines, are a
        # note under the table.
        rows = tuple(
            Row(
                (
                    Cell(r.period),
                    _date(r.date),
                    cell_or_dash(RATING_LABELS[r.rating] if r.rating else None),
                    cell_or_dash(s.partner_name(r.by)),
                )
            )
            for r in a.reviews
        )
        tables.append(
            Table(
                id="table-reviews",
                caption="Government Office reviews",
                head=head_row("Period reviewed", "Date", "Rating", "Reviewed by"),
                rows=rows,
                widths=widths([30, 20, 16, 34]),
                notes=tuple(f"{r.period}: {r.summary}" for r in a.reviews if r.summary),
            )
        )
    return HistoryPart(sec, (), tuple(tables))


# A refresh's own milestones, in the order they happen; a column only when one is given.
REFRESH_DATES = (
    ("cabinet", "Cabinet"),
    ("full_council", "Full council"),
    ("submitted", "Submitted"),
    ("go_signoff", "Government Office sign-off"),
    ("ministerial_signoff", "Ministerial sign-off"),
    ("in_force", "In force from"),
)


def _refreshes(refreshes: list[Refresh]) -> Table:
    """Each refresh with its own dates; its summary as a note."""
    dates = [
        (name, label)
        for name, label in REFRESH_DATES
        if any(getattr(r, name) is not None for r in refreshes)
    ]
    rows = tuple(
        Row((Cell(r.title or r.id), *(_date(getattr(r, name)) for name, _ in dates)))
        for r in refreshes
    )
    return Table(
        id="table-refreshes",
        caption="Refreshes",
        head=head_row("Refresh", *(label for _, label in dates)),
        rows=rows,
        widths=widths([24, *([76 / max(len(dates), 1)] * len(dates))]),
        notes=tuple(f"{r.title or r.id}: {r.summary}" for r in refreshes if r.summary),
    )
