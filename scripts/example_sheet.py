"""Make agreements/sheets/northfleet-targets.xlsx, the example workbook, from the CSV beside it.

The workbook holds what the CSV holds as a performance team's Excel would: numbers as
numbers (percentages as percentage cells, '18.20' shown to two places, '1,204' with a
thousands separator), due dates as dates, and the titles above the heading row. Run
`.venv/bin/python scripts/example_sheet.py` after changing the CSV; equal input gives
equal bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from drafter.sheets.template import saved
from drafter.write import write_atomic

SHEETS = Path(__file__).resolve().parent.parent / "agreements" / "sheets"
WHEN = dt.datetime(2009, 2, 12, tzinfo=dt.UTC)


def typed(text: str) -> tuple[Any, str | None]:
    """A CSV cell as Excel would hold it: the value and its number format."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.datetime.fromisoformat(text), "d mmm yyyy"
    m = re.fullmatch(r"(\d+)(?:\.(\d+))?%", text)
    if m:
        places = len(m.group(2) or "")
        return round(float(text[:-1]) / 100, places + 2), "0." + "0" * places + "%"
    if re.fullmatch(r"\d{1,3}(,\d{3})+", text):
        return int(text.replace(",", "")), "#,##0"
    m = re.fullmatch(r"\d+\.(\d+)", text)
    if m:
        return float(text), "0." + "0" * len(m.group(1))
    if re.fullmatch(r"\d+", text):
        return int(text), None
    return (text or None), None


def main() -> None:
    """Write the example workbook."""
    wb = Workbook()
    ws: Any = wb.active
    ws.title = "Targets"
    source = (SHEETS / "northfleet-targets.csv").read_text(encoding="utf-8")
    for r, row in enumerate(csv.reader(io.StringIO(source)), 1):
        for c, text in enumerate(row, 1):
            value, fmt = typed(text)
            if value is None:
                continue
            cell = ws.cell(r, c, value)
            if fmt:
                cell.number_format = fmt
            if r == 4:
                cell.font = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=14)
    data = saved(wb, WHEN, "Northfleet Performance Team")
    write_atomic(SHEETS / "northfleet-targets.xlsx", data)


if __name__ == "__main__":
    main()
