"""Reading a spreadsheet from another body safely: .xlsx or .csv into a grid of cells.

The file is read through the trust boundary (inside the project folder, bounded in
size, no pipes or devices). An .xlsx is a zip of XML: before openpyxl sees it the zip's
entries are counted and measured (a zip bomb is refused), macros and links to other
workbooks are refused, and any XML declaring a document type (the way to an
entity-expansion attack) is refused; openpyxl then parses with defusedxml. openpyxl is
imported only here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..boundary import Project, Reading, Refused
from ..chars import clean
from ..problems import Position, Problem, Severity

MB = 1024 * 1024


@dataclass(frozen=True)
class SheetLimits:
    """How much of a spreadsheet drafter reads; a target table needs a small part of each."""

    rows: int = 2_000  # rows holding anything (an agreement has at most about 200 targets)
    columns: int = 60
    raw_rows: int = 50_000  # rows in the sheet's XML, empty ones included
    cells: int = 250_000  # cells in the sheet's XML, empty (formatted) ones included
    cell: int = 5_000  # characters in one cell
    entries: int = 1_000  # files inside an .xlsx
    unpacked: int = 64 * MB  # all of them unpacked
    ratio: int = 200  # unpacked to packed size of one large entry (XML packs about 10 to 1)


@dataclass(frozen=True)
class Cell:
    """One cell's value as saved, with what its number format says."""

    row: int
    col: int
    value: str | int | float | dt.datetime | None
    percent: bool = False  # a number shown as a percentage (0.125 shown as 12.5%)
    places: int | None = None  # decimal places the number format shows
    formula: bool = False  # a formula saved without its value


@dataclass(frozen=True)
class Grid:
    """The cells of one sheet, row by row (rows holding nothing are left out)."""

    where: str  # how positions name it: 'targets.xlsx, sheet Targets'
    name: str  # the file's name, for provenance
    sheet: str | None  # None for a CSV file
    rows: tuple[tuple[Cell, ...], ...]
    # Merged ranges of the sheet, each (first row, first column, last row, last column).
    merged: tuple[tuple[int, int, int, int], ...] = ()


@dataclass(frozen=True)
class Read:
    """What reading gave: the grid, or the problems that stopped it."""

    grid: Grid | None
    problems: tuple[Problem, ...] = ()


def column_letter(col: int) -> str:
    """3 → 'C', 28 → 'AB': a column as Excel names it."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(pos: Position) -> str:
    """'targets.xlsx, sheet Targets, cell D7' (or '…, row 7' when no column is known)."""
    if not pos.line:
        return pos.file
    if not pos.col:
        return f"{pos.file}, row {pos.line}"
    return f"{pos.file}, cell {column_letter(pos.col)}{pos.line}"


def _fail(code: str, message: str, where: str, hint: str | None = None) -> Read:
    return Read(None, (Problem(code, Severity.ERROR, message, Position(where), hint),))


def read_sheet(
    path: Path, project: Project, sheet: str | None = None, limits: SheetLimits | None = None
) -> Read:
    """Read a .xlsx or .csv file inside `project`; never raises for bad input."""
    limits = limits or SheetLimits()
    shown = project.source.label(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".xlsm", ".xlsb", ".numbers"):
        return _fail(
            "I001",
            f"{shown} is a {suffix} file; drafter reads target tables saved as .xlsx or .csv.",
            shown,
            "In Excel or LibreOffice: File → Save As → 'Excel Workbook (.xlsx)'; or convert "
            f"it with: libreoffice --headless --convert-to xlsx {path.name}",
        )
    if suffix not in (".xlsx", ".csv"):
        return _fail(
            "I001",
            f"{shown} is not a spreadsheet drafter reads (.xlsx or .csv).",
            shown,
            "Save the target table as an Excel workbook (.xlsx) or as CSV.",
        )
    real = project.source.resolve(path)
    if not project.contains(real):
        return _fail(
            "I001",
            f"{shown} is outside the project folder {project.root}; drafter reads no file "
            "outside it.",
            shown,
            "Copy the spreadsheet into the project folder (beside the agreement).",
        )
    try:
        data = Reading(project).read(real, shown, included=False)
    except Refused as e:
        # The boundary words its refusals for agreements; these are spreadsheets.
        hint = e.hint.replace(".yaml file", ".xlsx or .csv file") if e.hint else None
        return _fail(e.code, str(e).replace("agreement file", "spreadsheet"), shown, hint)
    if suffix == ".csv":
        return _read_csv(data, shown, path.name, limits)
    return _read_xlsx(data, shown, path.name, sheet, limits)


# ---------------------------------------------------------------- CSV


def _decode_csv(data: bytes) -> tuple[str | None, str]:
    """The text and how it was saved; None when no encoding Excel writes fits."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            return None, ""
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"  # Excel's 'CSV (Comma delimited)'
    except UnicodeDecodeError:
        return None, ""


def _read_csv(data: bytes, shown: str, name: str, limits: SheetLimits) -> Read:
    text, _ = _decode_csv(data)
    if text is None:
        return _fail(
            "I002",
            f"{shown} is not text in an encoding drafter knows (UTF-8 or Windows-1252).",
            shown,
            "Save it again from Excel as 'CSV UTF-8 (Comma delimited)'.",
        )
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[tuple[Cell, ...]] = []
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for number, values in enumerate(reader, 1):
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= limits.rows:
                return _fail("I003", _too_many_rows(limits), shown, _ROWS_HINT)
            cells = []
            for col, value in enumerate(values, 1):
                if not value.strip():
                    continue
                if col > limits.columns:
                    return _fail("I003", _too_many_columns(limits), shown, _COLUMNS_HINT)
                cells.append(Cell(number, col, _text(value, shown, number, col, limits, problems)))
            rows.append(tuple(cells))
    except csv.Error as e:
        return _fail(
            "I002",
            f"{shown} cannot be read as CSV (line {reader.line_num}): {e}.",
            shown,
            "Open it in Excel and save it again as CSV, or save the workbook as .xlsx.",
        )
    return Read(Grid(shown, name, None, tuple(rows)), tuple(problems))


def _text(
    value: str, where: str, row: int, col: int, limits: SheetLimits, problems: list[Problem]
) -> str:
    """A cell's text cleaned as agreement text is; over-long text is a problem (and cut)."""
    value = clean(value).strip()
    if len(value) > limits.cell:
        problems.append(
            Problem(
                "I003",
                Severity.ERROR,
                f"This cell holds {len(value):,} characters; drafter reads at most "
                f"{limits.cell:,} in one cell.",
                Position(where, row, col),
                "Keep long explanations in the agreement itself, not in the target table.",
            )
        )
        value = value[: limits.cell]
    return value


_ROWS_HINT = "Keep the target table on a sheet of its own, one row per indicator."
_CROWDED_HINT = "Delete the empty rows and columns below and beside the table, and save."
_COLUMNS_HINT = "Keep the target table on a sheet of its own, without other tables beside it."


def _too_many_rows(limits: SheetLimits) -> str:
    return f"The sheet has more than {limits.rows:,} rows; drafter reads at most {limits.rows:,}."


def _too_many_columns(limits: SheetLimits) -> str:
    return (
        f"The sheet has cells beyond column {column_letter(limits.columns)}; drafter reads "
        f"at most {limits.columns} columns."
    )


# ---------------------------------------------------------------- XLSX


_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_PLACES = re.compile(r"\.(0+)")


def _check_zip(data: bytes, shown: str, limits: SheetLimits) -> Read | None:
    """A problem if the workbook's zip is unsafe or holds parts drafter refuses; else None."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # the old binary format, whatever its name
        return _fail(
            "I001",
            f"{shown} is saved in the old Excel 97–2003 format, not as .xlsx.",
            shown,
            "In Excel: File → Save As → 'Excel Workbook (.xlsx)'.",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return _fail(
            "I001",
            f"{shown} is not an Excel workbook (.xlsx): it is not the zip file an .xlsx is.",
            shown,
            "Open it in Excel or LibreOffice and save it as 'Excel Workbook (.xlsx)'.",
        )
    bomb = "It looks built to exhaust the computer reading it (a 'zip bomb')."
    hint = "Ask for the workbook to be saved again, or export the targets sheet as CSV."
    if len(entries) > limits.entries:
        return _fail(
            "I004", f"{shown} holds more than {limits.entries:,} parts. {bomb}", shown, hint
        )
    if sum(e.file_size for e in entries) > limits.unpacked:
        return _fail(
            "I004",
            f"{shown} unpacks to more than {limits.unpacked // MB} MB. {bomb}",
            shown,
            hint,
        )
    for e in entries:
        if e.file_size > MB and e.file_size > limits.ratio * max(e.compress_size, 1):
            return _fail(
                "I004",
                f"{shown}: its part {e.filename} unpacks to more than {limits.ratio} times "
                f"its packed size. {bomb}",
                shown,
                hint,
            )
    for e in entries:
        name = e.filename.lower()
        if name.endswith("vbaproject.bin"):
            return _fail(
                "I004",
                f"{shown} holds macros; drafter does not read workbooks with macros.",
                shown,
                "Save a copy without macros: File → Save As → 'Excel Workbook (.xlsx)'.",
            )
        if name.startswith("xl/externallinks/"):
            return _fail(
                "I004",
                f"{shown} takes values from other workbooks (external links); drafter reads "
                "only values saved in the workbook itself.",
                shown,
                "In Excel: Data → Edit Links → Break Link, then save.",
            )
        if name.endswith((".xml", ".rels")):
            try:
                body = archive.read(e)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
                return _fail("I001", f"{shown}: its part {e.filename} is damaged.", shown, hint)
            if _DOCTYPE.search(body):
                return _fail(
                    "I004",
                    f"{shown}: its part {e.filename} declares a document type or entities, "
                    "which no workbook saved by Excel or LibreOffice does (it is how an "
                    "'entity expansion' attack is made).",
                    shown,
                    hint,
                )
    return None


def _open(data: bytes, formulas: bool) -> Any:
    import openpyxl

    return openpyxl.load_workbook(
        io.BytesIO(data), read_only=True, data_only=not formulas, keep_links=False
    )


def _read_xlsx(data: bytes, shown: str, name: str, sheet: str | None, limits: SheetLimits) -> Read:
    refused = _check_zip(data, shown, limits)
    if refused is not None:
        return refused
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # OPENPYXL_DEFUSEDXML=False, or defusedxml missing
        return _fail(
            "I004",
            "drafter reads workbooks only with defusedxml, which is switched off or missing.",
            shown,
            "Reinstall drafter (make install), and do not set OPENPYXL_DEFUSEDXML=False.",
        )
    # openpyxl warns of what it leaves out (data validation extensions, a missing default
    # style): nothing drafter reads, and not for the user to act on.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _workbook(data, shown, name, sheet, limits)


def _workbook(data: bytes, shown: str, name: str, sheet: str | None, limits: SheetLimits) -> Read:
    try:
        values, formulas = _open(data, False), _open(data, True)
    except Exception as e:  # openpyxl and defusedxml raise many kinds; none may escape
        if _defused(e):
            return _fail(
                "I004",
                f"{shown} holds XML that declares entities or a document type, which no "
                "workbook saved by Excel or LibreOffice does (it is how an 'entity expansion' "
                "attack is made); it was not read.",
                shown,
                "Ask for the workbook to be saved again, or export the targets sheet as CSV.",
            )
        return _fail(
            "I001",
            f"{shown} cannot be read as a workbook ({type(e).__name__}: {e}).",
            shown,
            "Open it in Excel or LibreOffice and save it again as 'Excel Workbook (.xlsx)'.",
        )
    try:
        names = list(values.sheetnames)
        chosen = _choose(names, sheet)
        if chosen is None:
            return _fail(
                "I005",
                f"{shown} has no sheet called '{sheet}'; its sheets are "
                + ", ".join(f"'{clean(n)}'" for n in names)
                + ".",
                shown,
                "Give the sheet's name with --sheet, as it is spelt on its tab.",
            )
        label = " ".join(clean(chosen).split())  # a crafted name may hold line breaks
        where = f"{shown}, sheet {label}"
        body = _sheet_xml(data, values[chosen])
        crowded = _crowded(body, limits)
        if crowded is not None:
            return _fail(
                "I003",
                crowded,
                where,
                _ROWS_HINT.replace("Keep", "Delete the empty rows and columns, or keep"),
            )
        read = _grid(values[chosen], formulas[chosen], where, name, label, limits)
        if read.grid is None:
            return read
        grid = replace(read.grid, merged=_merged(body))
        return Read(grid, read.problems + tuple(hidden_problems(grid, *_hidden(body))))
    except Exception as e:  # a damaged sheet part: openpyxl parses it only now
        return _fail(
            "I001",
            f"{shown} cannot be read as a workbook ({type(e).__name__}: {e}).",
            shown,
            "Open it in Excel or LibreOffice and save it again as 'Excel Workbook (.xlsx)'.",
        )
    finally:
        values.close()
        formulas.close()


def _defused(e: BaseException | None) -> bool:
    """Whether defusedxml refused the XML (openpyxl wraps its exception in others)."""
    from defusedxml import DefusedXmlException

    seen = 0
    while e is not None and seen < 20:
        if isinstance(e, DefusedXmlException):
            return True
        e, seen = e.__cause__ or e.__context__, seen + 1
    return False


def _sheet_xml(data: bytes, sheet: Any) -> bytes:
    """The XML of the sheet chosen, as _check_zip measured and checked it (b'' if not found)."""
    part = getattr(sheet, "_worksheet_path", None)  # openpyxl's name for the sheet's XML
    if not isinstance(part, str):
        return b""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            return archive.read(part.lstrip("/"))
        except KeyError:
            return b""


def _crowded(body: bytes, limits: SheetLimits) -> str | None:
    """Why the sheet holds too many rows or cells to read quickly (counted in its XML), or None.

    Formatting applied to whole columns can make a sheet hold a million empty cells;
    reading them all would take minutes.
    """
    cells, rows = len(_CELL_TAG.findall(body)), len(_ROW_TAG.findall(body))
    if cells > limits.cells or rows > limits.raw_rows:
        return (
            f"The sheet holds {rows:,} rows and {cells:,} cells, most of them empty or only "
            f"formatted; drafter reads at most {limits.raw_rows:,} rows and "
            f"{limits.cells:,} cells."
        )
    return None


# openpyxl's read-only sheets (the only ones drafter opens: they stream, bounded) expose
# neither hidden rows and columns nor merged cells, so these are read from the sheet's XML:
# the same bytes _check_zip measured and found free of document types and entities. Only
# the start tags' attributes are read, by pattern; nothing is expanded or resolved.
_ROW_START = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_COL_START = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_MERGE_START = re.compile(rb"<(?:\w+:)?mergeCell\b([^>]*)>")
_FORMAT_START = re.compile(rb"<(?:\w+:)?sheetFormatPr\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""(?:\w+:)?(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")


def _attributes(tag: bytes) -> dict[str, str]:
    return {
        m.group(1).decode("ascii", "replace"): (m.group(2) or m.group(3) or b"").decode(
            "utf-8", "replace"
        )
        for m in _ATTRIBUTE.finditer(tag)
    }


def _number(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 8 else 0


def _hidden(body: bytes) -> tuple[frozenset[int], frozenset[tuple[int, int]]]:
    """The rows hidden (or filtered out), and the ranges of columns hidden, in the sheet's XML.

    A sheet whose rows are hidden unless shown (`zeroHeight`, Excel's "hide all rows" then
    unhiding some) shows only the rows given a height of their own.
    """
    yes = ("1", "true")
    format_tag = _FORMAT_START.search(body)
    by_default = (
        format_tag is not None and _attributes(format_tag.group(1)).get("zeroHeight") in yes
    )
    rows = {
        _number(a.get("r"))
        for a in map(_attributes, _ROW_START.findall(body))
        if a.get("hidden") in yes or (by_default and a.get("customHeight") not in yes)
    }
    cols = {
        (_number(a.get("min")), _number(a.get("max")))
        for a in map(_attributes, _COL_START.findall(body))
        if a.get("hidden") in ("1", "true")
    }
    return frozenset(rows - {0}), frozenset(c for c in cols if 0 < c[0] <= c[1])


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _merged(body: bytes) -> tuple[tuple[int, int, int, int], ...]:
    """The merged ranges of the sheet's XML: (first row, first column, last row, last column)."""
    found: list[tuple[int, int, int, int]] = []
    for tag in _MERGE_START.findall(body)[:10_000]:
        ends = [_REF.match(r) for r in _attributes(tag).get("ref", "").split(":")]
        corners = [(int(m.group(2)), _column_number(m.group(1))) for m in ends if m]
        if len(corners) != len(ends) or len(corners) not in (1, 2):
            continue
        (r1, c1), (r2, c2) = corners[0], corners[-1]
        found.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
    return tuple(sorted(found))


def hidden_problems(
    grid: Grid, rows: frozenset[int], cols: frozenset[tuple[int, int]]
) -> Iterator[Problem]:
    """A warning for each hidden row and column that holds something: it is imported unseen."""
    for cells in grid.rows:
        if cells[0].row in rows:
            yield Problem(
                "I006",
                Severity.WARNING,
                f"Row {cells[0].row} is hidden in Excel (or filtered out), but drafter reads "
                "it all the same: what you see in the sheet is not all that is imported.",
                Position(grid.where, cells[0].row),
                "Show it (clear the filter: Data → Clear; or select the rows either side, "
                "right-click → Unhide) and check it, or delete the row if it is not to be "
                "imported.",
            )
    first: dict[int, int] = {}  # each column holding something → its first row
    for cells in grid.rows:
        for c in cells:
            first.setdefault(c.col, c.row)
    for col in sorted(first):
        if any(low <= col <= high for low, high in cols):
            letter = column_letter(col)
            yield Problem(
                "I006",
                Severity.WARNING,
                f"Column {letter} is hidden in Excel, but drafter reads it all the same: what "
                "you see in the sheet is not all that is imported.",
                Position(grid.where, first[col], col),
                "Show it (select the columns either side, right-click → Unhide) and check "
                f"it, or delete column {letter} if it is not to be imported.",
            )


def _choose(names: list[str], sheet: str | None) -> str | None:
    if sheet is not None:
        folded = {n.casefold().strip(): n for n in names}
        return folded.get(sheet.casefold().strip())
    for n in names:  # a sheet called Targets, else the first one
        if n.casefold().strip() == "targets":
            return n
    return names[0] if names else None


def _grid(
    values: Any, formulas: Any, where: str, name: str, sheet: str, limits: SheetLimits
) -> Read:
    # The sheet's own note of its size is not trusted: rows beyond it would be skipped
    # unseen, though Excel shows them.
    values.reset_dimensions()
    formulas.reset_dimensions()
    rows: list[tuple[Cell, ...]] = []
    problems: list[Problem] = []
    pairs = zip(
        values.iter_rows(max_col=limits.columns + 1),
        formulas.iter_rows(max_col=limits.columns + 1),
        strict=False,
    )
    for raw, written in pairs:
        cells: list[Cell] = []
        for c, f in zip(raw, written, strict=False):
            formula = c.value is None and isinstance(f.value, str) and f.value.startswith("=")
            if c.value is None and not formula:
                continue
            row, col = c.row, c.column
            if col > limits.columns:
                return _fail("I003", _too_many_columns(limits), where, _COLUMNS_HINT)
            cells.append(_cell(c, row, col, formula, where, limits, problems))
        if not cells:
            continue
        if len(rows) >= limits.rows:
            return _fail("I003", _too_many_rows(limits), where, _ROWS_HINT)
        rows.append(tuple(cells))
    return Read(Grid(where, name, sheet, tuple(rows)), tuple(problems))


def _cell(
    c: Any,
    row: int,
    col: int,
    formula: bool,
    where: str,
    limits: SheetLimits,
    problems: list[Problem],
) -> Cell:
    value = c.value
    if formula:
        return Cell(row, col, None, formula=True)
    if isinstance(value, bool):
        return Cell(row, col, "TRUE" if value else "FALSE")
    if isinstance(value, int | float):
        fmt = str(getattr(c, "number_format", "") or "").split(";")[0]
        m = _PLACES.search(fmt)
        return Cell(row, col, value, "%" in fmt, len(m.group(1)) if m else None)
    if isinstance(value, dt.datetime | dt.date):
        if not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time())
        return Cell(row, col, value)
    return Cell(row, col, _text(str(value), where, row, col, limits, problems))
