"""A blank target table for an agreement: the headings drafter reads, lists to choose from.

The workbook has a Targets sheet with one heading per column (the years of the
agreement's period; first-round LAAs a stretch column beside each year, LPSAs the levels
without and with the agreement), drop-down lists for the outcome, the kind of target,
the lead partner and the refresh status, and an Instructions sheet. openpyxl is
imported only here.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from ..model import Agreement, Generation, RefreshStatus, TargetType
from ..write import stamped_zip
from .current import current_rows
from .places import places_of
from .reading import column_letter

INSTRUCTIONS = (
    "How to fill in this target table",
    "",
    "One row per indicator. Keep the headings in row 1 as they are; add no columns between "
    "them (other columns are ignored, and drafter says so).",
    "Outcome: choose the outcome the target is under (its id; its number such as 5.2 or "
    "its title work as well).",
    "NI: the National Indicator number (117 or NI 117). Leave it empty for a local "
    "indicator, and give a Ref and the Indicator's title instead.",
    "Type: designated, statutory, local, mandatory or reward. Polarity: whether a higher "
    "or a lower figure is better (needed for local indicators).",
    "Lead partner: the id or name of a partner of the agreement; several may be given, "
    "separated by ';'.",
    "Baseline and Baseline year: the figure and the year it refers to, such as 2007/08.",
    "Years: the target for each year. Write numbers as numbers (12.5, 12.5%, £1,200). "
    "Write 'tbc' or 'to be agreed', or leave the cell empty, where the figure is not known "
    "yet, and say in Owner and Due who provides it and by when; 'n/a' where it does not "
    "apply; words such as 'keep the gap at 2.2 points' for a relative target.",
    "Formulas are fine, as long as the workbook was saved after it calculated them.",
    "Then run: drafter import-targets THIS-FILE.xlsx --into AGREEMENT.yaml --check",
    "and, once it reports no errors, without --check to write the part files.",
)


def headings(a: Agreement) -> list[str]:
    """The Targets sheet's headings for the agreement's generation and period."""
    years = list(places_of(a).period)
    figures: list[str] = []
    for year in years:
        if a.generation is Generation.LPSA:
            figures += [f"Without LPSA {year}", f"With LPSA {year}"]
        elif a.generation is Generation.LAA2006:
            figures += [year, f"Stretch {year}"]
        else:
            figures.append(year)
    return [
        "Outcome",
        "NI",
        "Ref",
        "Indicator",
        "Unit",
        "Polarity",
        "Type",
        "Lead partner",
        "Baseline",
        "Baseline year",
        *figures,
        "Owner",
        "Due",
        "Status",
        "Source",
        "Definition",
        "Frequency",
        "Notes",
    ]


def template_bytes(
    a: Agreement, when: dt.datetime, *, current: bool = False, rows: int = 200
) -> bytes:
    """The workbook as .xlsx bytes (with the agreement's targets when `current`).

    Equal agreements and dates give equal bytes.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    sheet: Any = wb.active
    sheet.title = "Targets"
    heads = headings(a)
    sheet.append(heads)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    sheet.freeze_panes = "A2"
    if current:
        for r, cells in enumerate(current_rows(a), 2):
            for k, (value, fmt) in enumerate(cells, 1):
                if value is None:
                    continue
                cell = sheet.cell(r, k, value)
                if fmt:
                    cell.number_format = fmt
        rows = max(rows, sheet.max_row + 100)
    for k, head in enumerate(heads, 1):
        sheet.column_dimensions[column_letter(k)].width = max(12, min(40, len(head) + 4))
    where = places_of(a)
    lists: dict[str, list[str]] = {
        "Outcome": sorted(set(where.outcomes.values())),
        "Type": [t.value for t in TargetType],
        "Lead partner": [p.id for p in a.partners] + [b.id for b in a.bodies],
        "Status": [s.value for s in RefreshStatus],
        "Polarity": ["higher", "lower"],
    }
    choices: Any = wb.create_sheet("Lists")
    for k, (head, values) in enumerate(lists.items(), 1):
        letter = column_letter(k)
        choices.cell(1, k, head).font = Font(bold=True)
        for r, value in enumerate(values, 2):
            choices.cell(r, k, value)
        if not values:
            continue
        check = DataValidation(
            type="list",
            formula1=f"=Lists!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=head,
            error="Choose one from the list: the agreement's own (see the Lists sheet).",
        )
        column = column_letter(heads.index(head) + 1)
        check.add(f"{column}2:{column}{rows + 1}")
        sheet.add_data_validation(check)
    notes: Any = wb.create_sheet("Instructions")
    for r, line in enumerate(INSTRUCTIONS, 1):
        notes.cell(r, 1, line)
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 120
    wb.properties.title = f"Target table for {a.area.name} ({a.id})"
    return saved(wb, when, "drafter")


def saved(wb: Any, when: dt.datetime, creator: str) -> bytes:
    """A workbook's bytes, dated `when` throughout (openpyxl's save would stamp it now)."""
    from openpyxl.writer.excel import ExcelWriter

    stamp = when.astimezone(dt.UTC).replace(tzinfo=None)
    wb.properties.creator = wb.properties.lastModifiedBy = creator
    wb.properties.created = wb.properties.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return stamped_zip(raw.getvalue(), when)
