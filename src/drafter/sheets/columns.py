"""Recognising a target table's columns by their headings, as councils really spell them.

The heading row need not be the first (titles often sit above it). A heading naming a
financial year ('2008/09', '2008-09', '08/09', 'Target 2010/11', 'Stretch 2006/07',
'Without LPSA 2005/06') is a year's column; the others are matched word for word after
case, punctuation and spacing are set aside ('NI no.' is 'ni no').
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
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

    row: int  # the (last) heading row: the targets are below it
    columns: tuple[Column, ...]
    top: int = 0  # the first heading row, when the heading is of two or three rows

    @property
    def rows(self) -> str:
        """The heading's rows in words: 'row 4', 'rows 4 and 5' or 'rows 4 to 6'."""
        if not self.top:
            return f"row {self.row}"
        return f"rows {self.top} {'and' if self.row == self.top + 1 else 'to'} {self.row}"

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
    for i, cells in enumerate(grid.rows[:HEADER_ROWS]):
        two = _stacked(grid, grid.rows[i : i + 2], last) if i + 1 < len(grid.rows) else None
        three = _stacked(grid, grid.rows[i : i + 3], last) if i + 2 < len(grid.rows) else None
        # Three rows read as one only when the third holds headings drafter knows, read
        # with those above ('Without', 'With'): a row of targets in words ('to be agreed',
        # 'tbc') makes headings it does not know, so it is not one.
        stacked, rows = (three, 3) if three is not None else (two, 2)
        if stacked is not None:
            heads, known = stacked
            bottom = grid.rows[i + rows - 1][0].row
            return _layout(
                grid, bottom, heads, known, period, outcome_given, problems, top=cells[0].row
            )
        heads = [(c.col, _heading(c), isinstance(c.value, dt.datetime)) for c in cells]
        known = {
            c.col: classify(_heading(c), last)
            for c in cells
            if isinstance(c.value, str | dt.datetime)
        }
        if _qualifies(known):
            return _layout(grid, cells[0].row, heads, known, period, outcome_given, problems)
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


Known = dict[int, tuple[Role, str | None] | None]  # what each column's heading names


def _qualifies(known: Known) -> bool:
    """Whether headings make a heading row: an indicator column and another drafter knows."""
    roles = {k[0] for k in known.values() if k is not None}
    return len(roles) >= 2 and bool(roles & _IDENTITY)


def _stacked(
    grid: Grid, rows: Sequence[tuple[Cell, ...]], last: str
) -> tuple[list[tuple[int, str, bool]], Known] | None:
    """The headings of two or three rows read as one, when each row's cells qualify those
    under them.

    'Targets' merged (or repeated) over '2008/09 | 2009/10' heads 'Targets 2008/09', and
    '2008/09' over 'Without | With' heads '2008/09 Without'; with 'Targets' over both,
    'Targets 2008/09 Without'. A heading merged down the rows (or written in one of them)
    stands alone. The lowest row must hold headings only, some column must be headed by
    more than one row, and read so the headings must name at least as many columns as
    any row alone (a title above the heading row qualifies nothing).
    """
    top, lower = rows[0][0].row, rows[-1]
    if [r[0].row for r in rows] != list(range(top, top + len(rows))) or not all(
        isinstance(c.value, str | dt.datetime) for c in lower
    ):
        return None
    above: dict[int, str] = {}
    for row in rows[:-1]:
        texts = {c.col: _heading(c) for c in row if isinstance(c.value, str | dt.datetime)}
        for r1, c1, r2, c2 in grid.merged:  # a merged cell's text is in its first column only
            if r1 == row[0].row and r2 >= r1 and c1 in texts:
                for col in range(c1 + 1, c2 + 1):
                    texts.setdefault(col, texts[c1])
        for col, text in texts.items():
            above[col] = f"{above.get(col, '')} {text}".strip()
    under = {c.col: (_heading(c), isinstance(c.value, dt.datetime)) for c in lower}
    heads: list[tuple[int, str, bool]] = []
    both = False
    for col in sorted(set(above) | set(under)):
        text, date = under.get(col, ("", False))
        if col in above and text:
            both = True
        heads.append((col, f"{above.get(col, '')} {text}".strip(), date and col not in above))
    known: Known = {col: classify(text, last) for col, text, _ in heads}
    alone = [
        {c.col: classify(_heading(c), last) for c in row if isinstance(c.value, str | dt.datetime)}
        for row in rows
    ]
    named = sum(k is not None for k in known.values())
    if (
        not both
        or not _qualifies(known)
        or any(named < sum(k is not None for k in a.values()) for a in alone)
        or not any(known.get(col) for col in above if col in under)
    ):
        return None
    return heads, known


def _layout(
    grid: Grid,
    row: int,
    heads: list[tuple[int, str, bool]],
    known: Known,
    period: list[str],
    outcome_given: bool,
    problems: list[Problem],
    *,
    top: int = 0,
) -> tuple[Layout | None, list[Problem]]:
    columns: list[Column] = []
    seen: dict[tuple[Role, str | None], Column] = {}

    def note(code: str, severity: Severity, col: int, message: str, hint: str) -> None:
        problems.append(Problem(code, severity, message, Position(grid.where, row, col), hint))

    for col, heading, date in heads:
        what = known.get(col)
        if what is None:
            note(
                "I011",
                Severity.WARNING,
                col,
                f"Column {column_letter(col)} ('{heading}') is not a column drafter "
                "knows; it is ignored.",
                "Excel may have made this date of a year typed as 08/09: format the heading "
                "as text and type the year again, such as 2008/09."
                if date
                else "Rename its heading if it holds figures to import (see the README, "
                "'Importing targets from a spreadsheet'), or leave it: nothing is taken from it.",
            )
            continue
        role, year = what
        if year is not None and year not in period and role is not Role.BASELINE:
            note(
                "I012",
                Severity.WARNING,
                col,
                f"Column {column_letter(col)} ('{heading}') is for {year}, outside the "
                f"agreement's period {period[0]} to {period[-1]}; its figures are not imported.",
                "Check the heading's year; targets outside the period belong in another agreement.",
            )
            continue
        column = Column(col, heading, role, year)
        twin = seen.get((role, year))
        if twin is not None:
            note(
                "I013",
                Severity.ERROR,
                col,
                f"Columns {column_letter(twin.col)} ('{twin.heading}') and "
                f"{column_letter(col)} ('{heading}') both hold the {role}"
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
    return Layout(row, tuple(columns), top), problems
