"""Recognising a target table's columns by their headings, as councils really spell them.

The heading row need not be the first (titles often sit above it). A heading naming a
financial year ('2008/09', '2008-09', '08/09', 'Target 2010/11', 'Stretch 2006/07',
'Without LPSA 2005/06') is a year's column; the others are matched word for word after
case, punctuation and spacing are set aside ('NI no.' is 'ni no').
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from ..model import year_label
from ..problems import Position, Problem, Severity
from .reading import Cell, Grid, column_letter


class Role(StrEnum):
    """What a column holds."""

    OUTCOME = "outcome"
    NI = "NI number"
    REF = "reference"
    TITLE = "indicator"
    UNIT = "unit"
    DEFINITION = "definition"
    POLARITY = "polarity"
    FREQUENCY = "frequency"
    BASELINE = "baseline"
    BASELINE_YEAR = "baseline year"
    TARGET = "target"
    WITH = "stretched target (with the agreement)"
    WITHOUT = "level without the agreement"
    TRIGGER = "reward trigger"
    LEAD = "lead partner"
    TYPE = "kind of target"
    STATUS = "refresh status"
    NOTES = "notes"
    SOURCE = "data source"
    OWNER = "who provides the missing figures"
    DUE = "when the missing figures are due"


_NAMES: dict[Role, tuple[str, ...]] = {
    Role.OUTCOME: (
        "outcome", "outcome id", "outcome ref", "outcome no", "outcome number",
        "outcome reference", "priority", "priority outcome", "theme outcome",
    ),
    Role.NI: (
        "ni", "ni no", "ni number", "ni ref", "ni code", "nis", "nis ref", "nis no",
        "national indicator", "national indicator no", "national indicator number",
    ),
    Role.REF: (
        "ref", "id", "reference", "indicator ref", "indicator id", "indicator reference",
        "local ref", "code", "indicator code", "target ref", "target id",
    ),
    Role.TITLE: (
        "indicator", "indicator title", "indicator name", "title", "measure",
        "description", "indicator description", "local indicator",
    ),
    Role.UNIT: ("unit", "units", "unit of measure"),
    Role.DEFINITION: ("definition", "indicator definition"),
    Role.POLARITY: ("polarity", "good performance", "direction", "higher or lower is better"),
    Role.FREQUENCY: ("frequency", "reporting frequency"),
    Role.BASELINE: ("baseline", "baseline value", "baseline figure", "baseline level"),
    Role.BASELINE_YEAR: (
        "baseline year", "baseline period", "year of baseline", "baseline date", "baseline yr",
    ),
    Role.WITH: (
        "stretch", "stretch target", "stretched target", "stretched", "with lpsa",
        "with the lpsa", "with the local psa", "with local psa", "with stretch", "with reward",
    ),
    Role.WITHOUT: (
        "without lpsa", "without the lpsa", "without the local psa", "without local psa",
        "without stretch", "without reward", "unstretched", "unstretched target", "without",
    ),
    Role.TRIGGER: ("trigger", "reward trigger", "trigger level"),
    Role.LEAD: (
        "lead", "lead partner", "lead partners", "lead organisation", "lead organization",
        "lead agency", "lead body",
    ),
    Role.TYPE: (
        "type", "kind", "kind of target", "target type", "type of target", "designation",
        "target kind",
    ),
    Role.STATUS: ("status", "refresh status", "refresh", "status at refresh"),
    Role.NOTES: ("notes", "note", "comments", "comment", "remarks"),
    Role.SOURCE: ("source", "data source", "source of data"),
    Role.OWNER: (
        "owner", "provided by", "who provides", "figures from", "placeholder owner",
        "missing figures from",
    ),
    Role.DUE: ("due", "due date", "due by", "by when", "figures due", "placeholder due"),
}  # fmt: skip
_BY_NAME = {name: role for role, names in _NAMES.items() for name in names}
# Roles that can stand without a year, meaning the last year of the period.
_LAST_YEAR = frozenset({Role.WITH, Role.WITHOUT, Role.TRIGGER})
# The words beside a year that still mean "the target for that year".
_TARGET_WORDS = frozenset({"target", "targets", "for", "lpsa", "laa", "psa", "local", "agreed"})
_IDENTITY = frozenset({Role.NI, Role.REF, Role.TITLE})
_FIGURES = frozenset({Role.BASELINE, Role.TARGET, Role.WITH, Role.WITHOUT, Role.TRIGGER})

_YEAR = re.compile(r"(?<!\d)((?:19|20)?\d{2})\s*[/\-–]\s*(\d{4}|\d{1,2})(?!\d)")
_WORDS = re.compile(r"[^\w%]+")
HEADER_ROWS = 20  # the heading row is looked for among the first rows holding anything


@dataclass(frozen=True)
class Column:
    """A recognised column: where it is, its heading, what it holds, and for which year."""

    col: int
    heading: str
    role: Role
    year: str | None = None  # '2009/10' for a year's column


@dataclass(frozen=True)
class Layout:
    """The heading row and the columns recognised in it."""

    row: int
    columns: tuple[Column, ...]

    def find(self, role: Role) -> Column | None:
        """The column holding `role` (the first, if several)."""
        return next((c for c in self.columns if c.role is role), None)


def _words(text: str) -> str:
    return " ".join(w for w in _WORDS.split(text.casefold().replace("_", " ")) if w)


def financial_year(text: str) -> tuple[str, str] | None:
    """('2008/09', the rest of the text) for '2008-09 target'; None without a financial year."""
    m = _YEAR.search(text)
    if not m:
        return None
    first, second = m.group(1), m.group(2)
    start = (
        int(first)
        if len(first) == 4
        else 2000 + int(first)
        if int(first) < 50
        else 1900 + int(first)
    )
    if (start + 1) % 100 != int(second) % 100 or (len(second) == 4 and int(second) != start + 1):
        return None
    return year_label(start), text[: m.start()] + " " + text[m.end() :]


def classify(heading: str, last_year: str) -> tuple[Role, str | None] | None:
    """What a heading names, and the year it is for; None when drafter does not know it."""
    found = financial_year(heading)
    if found is None:
        role = _BY_NAME.get(_words(heading))
        if role is None:
            return None
        return role, last_year if role in _LAST_YEAR else None
    year, rest = found
    words = set(_words(rest).split())
    if words & {"without", "unstretched"} or {"un", "stretched"} <= words:
        return Role.WITHOUT, year
    if "trigger" in words:
        return Role.TRIGGER, year
    if words & {"with", "stretch", "stretched"}:
        return Role.WITH, year
    if "baseline" in words:
        return Role.BASELINE, year
    if words <= _TARGET_WORDS:
        return Role.TARGET, year
    return None


def year_of_date(value: dt.datetime) -> str | None:
    """'2008/09' for the date Excel makes of a typed '2008/09' (1 September 2008), else None."""
    if value.day == 1 and value.month == (value.year + 1) % 100:
        return year_label(value.year)
    return None


def _heading(cell: Cell) -> str:
    if isinstance(cell.value, dt.datetime):
        return year_of_date(cell.value) or cell.value.date().isoformat()
    return cell.value if isinstance(cell.value, str) else str(cell.value or "")


def find_layout(
    grid: Grid, period: list[str], *, outcome_given: bool
) -> tuple[Layout | None, list[Problem]]:
    """The heading row and its columns, with problems (unknown, doubled, out-of-period ones)."""
    problems: list[Problem] = []
    last = period[-1]
    for cells in grid.rows[:HEADER_ROWS]:
        known = {
            c.col: classify(_heading(c), last)
            for c in cells
            if isinstance(c.value, str | dt.datetime)
        }
        roles = {k[0] for k in known.values() if k is not None}
        if len(roles) >= 2 and roles & _IDENTITY:
            return _layout(grid, cells, known, period, outcome_given, problems)
    problems.append(
        Problem(
            "I010",
            Severity.ERROR,
            f"No heading row found in {grid.where}: no row among the first {HEADER_ROWS} names "
            "an indicator column (NI, Ref or Indicator) and another drafter knows.",
            Position(grid.where),
            "Put a row of headings above the targets, such as: Outcome, NI, Indicator, "
            "Baseline, Baseline year, " + ", ".join(period) + " (see `drafter import-targets "
            "--template`).",
        )
    )
    return None, problems


def _layout(
    grid: Grid,
    cells: tuple[Cell, ...],
    known: dict[int, tuple[Role, str | None] | None],
    period: list[str],
    outcome_given: bool,
    problems: list[Problem],
) -> tuple[Layout | None, list[Problem]]:
    row = cells[0].row
    columns: list[Column] = []
    seen: dict[tuple[Role, str | None], Column] = {}

    def note(code: str, severity: Severity, col: int, message: str, hint: str) -> None:
        problems.append(Problem(code, severity, message, Position(grid.where, row, col), hint))

    for cell in cells:
        heading = _heading(cell)
        what = known.get(cell.col)
        if what is None:
            note(
                "I011",
                Severity.WARNING,
                cell.col,
                f"Column {column_letter(cell.col)} ('{heading}') is not a column drafter "
                "knows; it is ignored.",
                "Excel may have made this date of a year typed as 08/09: format the heading "
                "as text and type the year again, such as 2008/09."
                if isinstance(cell.value, dt.datetime)
                else "Rename its heading if it holds figures to import (see the README, "
                "'Importing targets from a spreadsheet'), or leave it: nothing is taken from it.",
            )
            continue
        role, year = what
        if year is not None and year not in period and role is not Role.BASELINE:
            note(
                "I012",
                Severity.WARNING,
                cell.col,
                f"Column {column_letter(cell.col)} ('{heading}') is for {year}, outside the "
                f"agreement's period {period[0]} to {period[-1]}; its figures are not imported.",
                "Check the heading's year; targets outside the period belong in another agreement.",
            )
            continue
        column = Column(cell.col, heading, role, year)
        twin = seen.get((role, year))
        if twin is not None:
            note(
                "I013",
                Severity.ERROR,
                cell.col,
                f"Columns {column_letter(twin.col)} ('{twin.heading}') and "
                f"{column_letter(cell.col)} ('{heading}') both hold the {role}"
                + (f" for {year}" if year and role is not Role.BASELINE else "")
                + "; drafter cannot tell which to take.",
                "Delete or rename one of them.",
            )
            continue
        seen[(role, year)] = column
        columns.append(column)
    roles = {c.role for c in columns}
    if not roles & _FIGURES:
        note(
            "I014",
            Severity.ERROR,
            0,
            "The heading row has no column of figures: no Baseline and no year such as "
            f"{period[0]}.",
            "Add the baseline and a column for each year, headed like " + ", ".join(period) + ".",
        )
    if Role.OUTCOME not in roles and not outcome_given:
        note(
            "I014",
            Severity.ERROR,
            0,
            "The heading row has no Outcome column, so drafter cannot tell which outcome each "
            "target is under.",
            "Add an Outcome column (the outcome's id, number such as 5.2, or title), or give "
            "--outcome ID when the whole sheet is one outcome's targets.",
        )
    return Layout(row, tuple(columns)), problems
