"""The agreement's history: its key dates, each refresh with its dates, and the reviews.

Dates known only to the month print as the month ("June 2008"). A refresh's summary
is printed under the table of refreshes; a Government Office review prints its
period, date, rating, reviewer and conclusions.
"""

from __future__ import annotations

from ..model import Refresh
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
    milestones = [
        Row((Cell(label), _date(getattr(a.dates, name))))
        for name, label in KEY_DATE_LABELS.items()
        if getattr(a.dates, name) is not None
    ]
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
        rows = tuple(
            Row(
                (
                    Cell(r.period),
                    _date(r.date),
                    cell_or_dash(RATING_LABELS[r.rating] if r.rating else None),
                    cell_or_dash(s.partner_name(r.by)),
                    cell_or_dash(r.summary),
                )
            )
            for r in a.reviews
        )
        tables.append(
            Table(
                id="table-reviews",
                caption="Government Office reviews",
                head=head_row("Period reviewed", "Date", "Rating", "Reviewed by", "Summary"),
                rows=rows,
                widths=widths([16, 14, 14, 17, 39]),
            )
        )
    return HistoryPart(sec, (), tuple(tables))


def _refreshes(refreshes: list[Refresh]) -> Table:
    """Each refresh with its own dates; its summary as a note."""
    rows = tuple(
        Row(
            (
                Cell(r.title or r.id),
                _date(r.submitted),
                _date(r.go_signoff),
                _date(r.ministerial_signoff),
                _date(r.in_force),
            )
        )
        for r in refreshes
    )
    return Table(
        id="table-refreshes",
        caption="Refreshes",
        head=head_row(
            "Refresh",
            "Submitted",
            "Government Office sign-off",
            "Ministerial sign-off",
            "In force from",
        ),
        rows=rows,
        widths=widths([28, 18, 18, 18, 18]),
        notes=tuple(f"{r.title or r.id}: {r.summary}" for r in refreshes if r.summary),
    )
