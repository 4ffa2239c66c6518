"""Rows of a target table into indicators: each cell's value as the agreement format writes it.

Numbers stay numbers (a cell shown as 12.5% is 12.5; '£1,200' is 1200; '52.50' keeps
its two places); 'tbc', 'to be agreed' and blank cells become placeholders saying what
is missing, with the row's Owner and Due when the sheet has them; 'n/a' is a figure
that does not apply; other words in a target's place are a relative target. Outcomes,
lead partners and NI numbers are checked against the agreement and the National
Indicator Set, and every problem names its cell.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..model import (
    ID_PATTERN,
    NOT_APPLICABLE_WORDS,
    VAGUE_WORDS,
    Indicator,
    TargetType,
)
from ..problems import Position, Problem, Severity
from ..reference import national_indicators, statutory_numbers
from .columns import Column, Layout, Role, financial_year, year_of_date
from .places import STATUTORY, Places, partner
from .reading import Cell, Grid, column_letter
from .values import (
    DASHES,
    KIND_NAMES,
    KINDS,
    POLARITIES,
    STATUS_NAMES,
    STATUSES,
    Num,
    due_date,
    number_in,
    words,
)

_NI = re.compile(r"^\s*(?:NI|NIS)?\s*[-.:]?\s*(\d{1,3})\s*$", re.IGNORECASE)
ID_TEXT = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class Row:
    """One imported row: where it was, its outcome, and the indicator as YAML data."""

    row: int
    outcome: str  # the outcome's id
    data: dict[str, Any]
    indicator: Indicator


class _Row:
    """Reads one row's cells, recording each problem at its cell."""

    def __init__(self, grid: Grid, cells: tuple[Cell, ...], problems: list[Problem]) -> None:
        self.grid = grid
        self.number = cells[0].row
        self.cells = {c.col: c for c in cells}
        self.problems = problems
        self.errors = 0

    def at(self, column: Column | None) -> Position:
        return Position(self.grid.where, self.number, column.col if column else 0)

    def problem(
        self, code: str, column: Column | None, message: str, hint: str, *, warning: bool = False
    ) -> None:
        severity = Severity.WARNING if warning else Severity.ERROR
        self.errors += not warning
        self.problems.append(Problem(code, severity, message, self.at(column), hint))

    def cell(self, column: Column | None) -> Cell | None:
        if column is None:
            return None
        found = self.cells.get(column.col)
        if found is not None and found.formula:
            self.problem(
                "I020",
                column,
                f"Cell {column_letter(column.col)}{self.number} holds a formula whose value "
                "was never saved, so drafter cannot see the figure.",
                "Open the workbook in Excel or LibreOffice, let it calculate, and save it "
                "again; or paste the figure as a value.",
            )
            return None
        return found

    def text(self, column: Column | None) -> str | None:
        cell = self.cell(column)
        if cell is None or cell.value is None:
            return None
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, dt.datetime):
            return year_of_date(value) or value.date().isoformat()
        text = str(value).strip()
        return text or None


def read_rows(
    grid: Grid, layout: Layout, places: Places, default_outcome: str | None
) -> tuple[list[Row], list[Problem]]:
    """Every row under the heading row as an indicator; rows with any error are left out."""
    problems: list[Problem] = []
    out: list[Row] = []
    nis = national_indicators()
    for cells in grid.rows:
        if cells[0].row <= layout.row:
            continue
        row = _Row(grid, cells, problems)
        data = _indicator(row, layout, places, nis, default_outcome)
        if data is None or row.errors:
            continue
        outcome = data.pop("_outcome")
        try:
            indicator = Indicator.model_validate(data)
        except ValidationError as e:
            first = e.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            row.problem(
                "I029",
                None,
                f"Row {row.number} does not make a valid indicator ({where}: {first['msg']}).",
                "Check the row's cells against the column headings.",
            )
            continue
        out.append(Row(row.number, outcome, data, indicator))
    return out, problems


def _indicator(
    row: _Row,
    layout: Layout,
    places: Places,
    nis: Mapping[int, Any],
    default_outcome: str | None,
) -> dict[str, Any] | None:
    ref_col, ni_col, title_col = (
        layout.find(Role.REF),
        layout.find(Role.NI),
        layout.find(Role.TITLE),
    )
    ref, ni_text, title = row.text(ref_col), row.text(ni_col), row.text(title_col)
    if ref is None and ni_text is None and title is None and not _has_figures(row, layout):
        said = "; ".join(str(c.value) for c in row.cells.values() if c.value is not None)
        row.problem(
            "I015",
            None,
            f"Row {row.number} holds no indicator ('{said[:80]}'), so it is skipped.",
            "Nothing to do if it is a heading within the table; otherwise give the row its "
            "NI number or Ref and title.",
            warning=True,
        )
        return None
    ni = _ni(row, ni_col, ni_text, nis)
    if ni is None and ni_text is None and ref is not None and _NI.match(ref) and ref[:1].isalpha():
        ni, ref = _ni(row, ref_col, ref, nis), None
    ident = _ident(row, ref_col, ref, ni, title)
    if ident is None:
        return None
    outcome = _outcome(row, layout.find(Role.OUTCOME), places, default_outcome, ni)
    data: dict[str, Any] = {"id": ident}
    if ni is not None:
        data["ni"] = ni
    elif title:
        data["title"] = title
    else:
        row.problem(
            "I023",
            title_col or ref_col,
            f"Row {row.number} is a local indicator (no NI number) without a title.",
            "Write what the indicator measures in the Indicator column.",
        )
    for role, key in (
        (Role.DEFINITION, "definition"),
        (Role.UNIT, "unit"),
        (Role.SOURCE, "source"),
        (Role.FREQUENCY, "frequency"),
    ):
        value = row.text(layout.find(role))
        if value is not None:
            data[key] = value
    _choice(row, layout.find(Role.POLARITY), POLARITIES, "polarity", data, "higher or lower")
    kind = _choice(row, layout.find(Role.TYPE), KINDS, "type", data, KIND_NAMES)
    if (
        kind is None
        and layout.find(Role.TYPE) is not None
        and row.text(layout.find(Role.TYPE)) is None
    ):
        row.problem(
            "I026",
            layout.find(Role.TYPE),
            f"Row {row.number} does not say what kind of target it is; it is imported as a "
            "local target.",
            "Write designated, statutory, local, mandatory or reward in the Type column.",
            warning=True,
        )
    if (kind is TargetType.STATUTORY or outcome == STATUTORY) and ni not in statutory_numbers():
        which = f"NI {ni}" if ni is not None else "a local indicator"
        row.problem(
            "I034",
            layout.find(Role.TYPE) if kind is TargetType.STATUTORY else layout.find(Role.OUTCOME),
            f"Row {row.number} is marked statutory, but {which} is not one of the 16 statutory "
            "education and early years targets.",
            "Write designated or local in the Type column and put the row under an outcome, "
            "or check the NI number.",
        )
    lead = _lead(row, layout.find(Role.LEAD), places)
    if lead is not None:
        data["lead"] = lead
    open_ = _open_fields(row, layout, places)
    baseline = _baseline(row, layout, open_)
    if baseline is not None:
        data["baseline"] = baseline
    targets = _targets(row, layout, places.period, open_)
    if targets:
        data["targets"] = targets
    _choice(row, layout.find(Role.STATUS), STATUSES, "refresh", data, STATUS_NAMES)
    notes = row.text(layout.find(Role.NOTES))
    if notes is not None:
        data["notes"] = notes
    sheet = f", sheet {row.grid.sheet}" if row.grid.sheet is not None else ""
    data["provenance"] = f"{row.grid.name}{sheet}, row {row.number}"
    if outcome is None:
        return None
    data["_outcome"] = outcome
    return data


def _ni(row: _Row, col: Column | None, text: str | None, nis: Mapping[int, Any]) -> int | None:
    if text is None:
        return None
    m = _NI.match(text)
    if not m:
        row.problem(
            "I021",
            col,
            f"'{text}' is not a National Indicator number.",
            "Write the number as NI 117 or 117; leave the cell empty for a local indicator.",
        )
        return None
    number = int(m.group(1))
    if number not in nis:
        row.problem(
            "I021",
            col,
            f"NI {number} is not in the National Indicator Set (NI 1 to NI 199).",
            "Check the number against the NIS handbook; for a local indicator leave NI "
            "empty and give a Ref and a title.",
        )
        return None
    return number


def _ident(
    row: _Row, col: Column | None, ref: str | None, ni: int | None, title: str | None
) -> str | None:
    if ref is not None:
        ident = re.sub(r"[^A-Za-z0-9._-]+", "-", ref).strip("-._")
        if ident and ID_TEXT.match(ident):
            return ident[:80]
        row.problem(
            "I022",
            col,
            f"'{ref}' cannot be made an id (letters, digits, '.', '_' and '-').",
            "Give the indicator a reference made of letters and digits, such as SSC-3.",
        )
        return None
    if ni is not None:
        return f"NI-{ni}"
    if title is not None:
        slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:48].strip("-")
        if slug:
            return f"local-{slug}"
    if row.errors:
        return None
    row.problem(
        "I023",
        None,
        f"Row {row.number} has no NI number, Ref or indicator title, so it is not imported.",
        "Give the NI number (for a national indicator) or a Ref and a title.",
    )
    return None


def _outcome(
    row: _Row, col: Column | None, places: Places, default: str | None, ni: int | None
) -> str | None:
    text = row.text(col)
    if text is None:
        if default is not None:
            return default
        if ni in places.statutory:  # one of the statutory targets, which have no outcome
            return STATUTORY
        row.problem(
            "I024",
            col,
            f"Row {row.number} does not say which outcome it is under.",
            "Write the outcome's id, number (such as 5.2) or title in the Outcome column.",
        )
        return None
    key = words(text).rstrip(":")
    found = places.outcomes.get(key)
    cell = row.cell(col)
    if found is not None and cell is not None and isinstance(cell.value, float):
        # Excel keeps 5.10 as the number 5.1: with outcomes 5.1 and 5.10 it cannot say which
        other = places.outcomes.get(f"{key}0")
        if other is not None and other != found:
            row.problem(
                "I024",
                col,
                f"The outcome is written as the number {text}, which Excel also makes of "
                f"{text}0; the agreement has both ({found} and {other}).",
                "Write the outcome's id, or format the column as text and type the number again.",
            )
            return None
    if found is None:
        known = sorted(set(places.outcomes.values()))
        near = difflib.get_close_matches(key, list(places.outcomes), n=1, cutoff=0.75)
        row.problem(
            "I024",
            col,
            f"'{text}' is not an outcome of the agreement"
            + (f"; did you mean {places.outcomes[near[0]]}?" if near else "."),
            "Use an outcome's id, number or title as the agreement has it: "
            + ", ".join(known[:12])
            + (", …" if len(known) > 12 else "")
            + ".",
        )
    return found


def _choice(
    row: _Row,
    col: Column | None,
    choices: Mapping[str, Any],
    key: str,
    data: dict[str, Any],
    names: str,
) -> Any:
    text = row.text(col)
    if text is None:
        return None
    found = choices.get(words(text))
    if found is None:
        row.problem(
            "I025",
            col,
            f"'{text}' is not a {col.role if col else key} drafter knows.",
            f"Write one of: {names}.",
        )
        return None
    data[key] = str(found)
    return found


def _lead(row: _Row, col: Column | None, places: Places) -> str | list[str] | None:
    text = row.text(col)
    if text is None:
        return None
    whole = partner(places, text)
    if whole is not None:
        return whole
    parts = [p for p in re.split(r"\s*(?:[;,/&+]|\band\b)\s*", text) if p]
    found = [partner(places, p) for p in parts]
    if parts and all(found):
        leads = list(dict.fromkeys(f for f in found if f))
        return leads[0] if len(leads) == 1 else leads
    unknown = [p for p, f in zip(parts, found, strict=True) if f is None] or [text]
    near = difflib.get_close_matches(words(unknown[0]), list(places.partners), n=1, cutoff=0.75)
    row.problem(
        "I027",
        col,
        f"'{unknown[0]}' is not one of the agreement's partners or bodies"
        + (f"; did you mean {places.partners[near[0]]}?" if near else "."),
        "Use a partner's id or name as the agreement has it under 'partners:' "
        f"({', '.join(sorted(set(places.partners.values()))[:10])}), or add the partner there.",
    )
    return None


def _open_fields(row: _Row, layout: Layout, places: Places) -> dict[str, Any]:
    """The row's Owner and Due, given to each of its placeholders."""
    out: dict[str, Any] = {}
    owner = row.text(layout.find(Role.OWNER))
    if owner is not None:
        out["owner"] = partner(places, owner) or owner
    due_col = layout.find(Role.DUE)
    due = row.cell(due_col)
    if due is not None and due.value is not None:
        when = due_date(due.value)
        if when is not None:
            out["due"] = when
        else:
            row.problem(
                "I028",
                due_col,
                f"'{due.value}' is not a date.",
                "Write the date as a date cell, or as YYYY-MM-DD (YYYY-MM for a month).",
            )
    return out


def _figure(
    row: _Row,
    col: Column | None,
    what: str,
    open_: dict[str, Any],
    *,
    words_are: str,
    bare: bool = True,
) -> Any:
    """The cell's figure; blank and 'tbc' are placeholders, and other words `words_are`."""
    cell = row.cell(col)
    value = None if cell is None else cell.value
    if value is None or (isinstance(value, str) and DASHES.match(value)):
        return {"missing": f"{what} (left blank in the sheet)", **open_}
    if isinstance(value, dt.datetime):
        row.problem(
            "I028", col, f"A date ({value.date()}) is where the {what} should be.",
            "Write the figure; format the cell as a number, not a date.",
        )  # fmt: skip
        return None
    number = number_in(cell) if cell is not None else None
    if number is not None:
        return number.written() if bare else number
    text = str(value)
    if NOT_APPLICABLE_WORDS.match(text):
        return "N/A"
    if VAGUE_WORDS.match(text) or words_are == "missing":
        missing = f"{what} ({text})" if VAGUE_WORDS.match(text) else text
        return {"missing": missing, **open_}
    return text


def _baseline(row: _Row, layout: Layout, open_: dict[str, Any]) -> Any:
    col = layout.find(Role.BASELINE)
    if col is None:
        return None
    figure = _figure(row, col, "the baseline", open_, words_are="missing", bare=False)
    if figure is None:
        return None
    year_col = layout.find(Role.BASELINE_YEAR)
    year_cell = row.cell(year_col)
    when = year_cell.value if year_cell is not None else None
    if isinstance(when, dt.datetime) and year_of_date(when) is None:
        row.problem(
            "I028",
            year_col,
            f"The baseline year is the date {when.date():%d %B %Y}, which Excel may have made "
            "of a year typed as 07/08.",
            "Format the column as text and type the year again, such as 2007/08.",
        )
        return None
    period = row.text(year_col) or col.year
    if period is not None:
        found = financial_year(period)
        if found is not None and not found[1].strip():
            period = found[0]
        if isinstance(figure, dict):
            figure["period"] = period
        elif figure == "N/A":
            figure = {"not_applicable": True, "period": period}
        else:
            figure = {**figure.mapping(), "period": period}
    return figure.written() if isinstance(figure, Num) else figure


def _targets(
    row: _Row, layout: Layout, period: tuple[str, ...], open_: dict[str, Any]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for year in period:
        cols = {c.role: c for c in layout.columns if c.year == year and c.role is not Role.BASELINE}
        if not cols:
            continue
        filled = {role: c for role, c in cols.items() if _filled(row, c)}
        plain, with_, without = Role.TARGET in filled, Role.WITH in filled, Role.WITHOUT in filled
        if plain and with_ and without:
            row.problem(
                "I029",
                cols[Role.TARGET],
                f"Row {row.number} gives a {year} target beside both levels (with and without "
                "the agreement); drafter cannot tell which the target is.",
                "Leave the plain target empty where both levels are given.",
            )
            continue
        # Beside a stretched level, the plain target is the level without the agreement.
        with_col = filled.get(Role.WITH) or cols.get(Role.TARGET) or cols.get(Role.WITH)
        without_col = filled.get(Role.WITHOUT) or (filled.get(Role.TARGET) if with_ else None)
        what = f"the {year} target"
        level = _figure(row, with_col, what, open_, words_are="relative") if with_col else None
        extra: dict[str, Any] = {}
        if without_col is not None:
            extra["without"] = _figure(
                row, without_col, f"the {year} level without the agreement", open_,
                words_are="relative",
            )  # fmt: skip
        if Role.TRIGGER in filled:
            extra["trigger"] = _figure(
                row, filled[Role.TRIGGER], f"the {year} trigger", open_, words_are="relative"
            )
        if level is None and not extra:
            continue
        out[year] = {"with": level, **extra} if extra else level
    return out


def _has_figures(row: _Row, layout: Layout) -> bool:
    """Whether the row fills any column of figures (a baseline or a year's level)."""
    figures = (Role.BASELINE, Role.TARGET, Role.WITH, Role.WITHOUT, Role.TRIGGER)
    return any(_filled(row, c) for c in layout.columns if c.role in figures)


def _filled(row: _Row, col: Column) -> bool:
    cell = row.cells.get(col.col)
    return cell is not None and (cell.formula or cell.value is not None)
