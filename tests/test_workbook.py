"""The pack's XLSX workbook, read back as a monitoring team would: sheets, types, values."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from drafter.pack.region import regional_pack
from drafter.pack.workbook import pack_workbook, reward_workbook
from drafter.reward import statement

from .conftest import AGREEMENTS, good_examples
from .test_pack import summary_of

WHEN = dt.datetime(2008, 6, 30, 12, 0, tzinfo=dt.UTC)


def workbook_of(paths: list[Path]) -> bytes:
    pack = regional_pack([summary_of(p) for p in paths], WHEN.date())
    return pack_workbook(pack, WHEN)


@pytest.fixture(scope="module")
def examples_xlsx() -> bytes:
    return workbook_of(good_examples())


def shown(cell: Cell) -> int:
    """How many characters the cell shows in Excel: dates and money as formatted."""
    value = cell.value
    if isinstance(value, dt.datetime):
        return len("30 Sep 2008")
    if isinstance(value, int | float) and "£" in cell.number_format:
        return len(f"£{value:,.2f}")
    return len(str(value)) if value is not None else 0


def rows(ws: Worksheet) -> list[dict[str, object]]:
    head = [c.value for c in ws[1]]
    return [dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_sheets_have_frozen_headers_filters_and_widths(examples_xlsx: bytes) -> None:
    wb = load_workbook(io.BytesIO(examples_xlsx))
    assert wb.sheetnames == [
        "Overview",
        "Targets",
        "Funding",
        "Freedoms",
        "Open items",
        "Changes",
    ]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert ws[1][0].font.bold
        for k, cell in enumerate(ws[1], 1):
            width = ws.column_dimensions[cell.column_letter].width
            body = [shown(c) for (c,) in ws.iter_rows(min_row=2, min_col=k, max_col=k)]
            # The heading wraps, so its longest word must fit; every value must fit too
            # (up to the widest column allowed, 60).
            needed = max([len(w) for w in str(cell.value).split()] + body)
            assert width >= min(needed, 58), (ws.title, cell.value, width, needed)


def test_one_target_row_per_area_indicator_and_year(examples_xlsx: bytes) -> None:
    ws = load_workbook(io.BytesIO(examples_xlsx))["Targets"]
    got = rows(ws)
    northfleet = [r for r in got if r["Area"] == "Northfleet"]
    # Two versions of Northfleet, each (35 + 16 + 7) targets × 3 years.
    assert len(northfleet) == 2 * (35 + 16 + 7) * 3
    ni117 = next(r for r in northfleet if r["Indicator"] == "NI 117" and r["Year"] == "2010/11")
    assert isinstance(ni117["NI"], int)
    assert isinstance(ni117["Target"], int | float)
    assert ni117["Kind of target"] == "designated"
    stretch = next(
        r
        for r in got
        if r["Area"] == "Millbrook" and r["Indicator"] == "t01-a" and r["Year"] == "2007/08"
    )
    assert stretch["Un-stretched (without the agreement)"] == 2940
    assert stretch["Stretched (with the agreement)"] == 2520
    placeholder = [r for r in northfleet if r["Note"] and "missing" in str(r["Note"])]
    assert placeholder and all(r["Baseline"] is None for r in placeholder)


def test_money_is_numbers_and_dates_are_dates(examples_xlsx: bytes) -> None:
    wb = load_workbook(io.BytesIO(examples_xlsx))
    funding = wb["Funding"]
    amounts = [c for (c,) in funding.iter_rows(min_row=2, min_col=8, max_col=8)]
    known = [c for c in amounts if c.value is not None]
    assert known and all(isinstance(c.value, int | float) for c in known)
    assert all("£" in c.number_format for c in known)
    statuses = [c.value for (c,) in funding.iter_rows(min_row=2, min_col=9, max_col=9)]
    unknown = [s for c, s in zip(amounts, statuses, strict=True) if c.value is None]
    assert unknown and all(str(s).startswith("not yet known") for s in unknown)
    inside = [c for (c,) in funding.iter_rows(min_row=2, min_col=10, max_col=10)]
    treatments = [c.value for (c,) in funding.iter_rows(min_row=2, min_col=4, max_col=4)]
    # Streams still to be negotiated are listed, but not in the agreements' totals.
    total = sum(
        float(c.value)  # type: ignore[arg-type]
        for c, i, t in zip(amounts, inside, treatments, strict=True)
        if c.value is not None and i.value == "Yes" and t != "To be negotiated"
    )
    summaries = [summary_of(p) for p in good_examples()]
    assert total == sum(s.funding_total.known for s in summaries)
    negotiating = [s.negotiating for s in summaries if s.negotiating is not None]
    assert [n.known for n in negotiating] == [33_820_000]  # Wessex's two streams
    items = wb["Open items"]
    dues = [c for (c,) in items.iter_rows(min_row=2, min_col=7, max_col=7) if c.value]
    assert dues and all(isinstance(c.value, dt.datetime) for c in dues)
    assert all(c.is_date for c in dues)


def test_open_items_sheet_lists_every_open_item_and_nothing_else(examples_xlsx: bytes) -> None:
    got = rows(load_workbook(io.BytesIO(examples_xlsx))["Open items"])
    pack = regional_pack([summary_of(p) for p in good_examples()], WHEN.date())
    expected = [(s.headline.area, r.entry.what) for s in pack.summaries for r in s.register]
    assert len(expected) > 10
    assert [(r["Area"], r["What is missing"]) for r in got] == expected


def test_overview_is_one_row_per_area(examples_xlsx: bytes) -> None:
    got = rows(load_workbook(io.BytesIO(examples_xlsx))["Overview"])
    assert [r["Area"] for r in got] == [
        "Hartsmoor",
        "Millbrook",
        "Northfleet",
        "Northfleet",
        "Wessex",
    ]
    assert all(isinstance(r["Open items"], int) for r in got)
    assert got[2]["Ready for sign-off"] == "Yes"


def test_the_workbook_is_deterministic(examples_xlsx: bytes) -> None:
    assert workbook_of(good_examples()) == examples_xlsx
    wb = load_workbook(io.BytesIO(examples_xlsx))
    assert wb.properties.created == WHEN.replace(tzinfo=None)
    assert wb.properties.modified == WHEN.replace(tzinfo=None)
    assert wb.properties.creator == "drafter"


def test_reward_workbook(tmp_path: Path) -> None:
    from drafter.actuals import read_actuals
    from drafter.load import load

    a = load(AGREEMENTS / "millbrook-lpsa2.yaml").agreement
    assert a is not None
    st = statement(a, read_actuals(AGREEMENTS / "actuals" / "millbrook-lpsa2.yaml").outturns)
    wb = load_workbook(io.BytesIO(reward_workbook(st, "Millbrook", "Reward", WHEN)))
    assert wb.sheetnames == ["Reward", "Totals"]
    lines = rows(wb["Reward"])
    assert len(lines) == len(st.lines)
    assert round(sum(float(r["Share"]) for r in lines), 2) == st.maximum / 100  # type: ignore[arg-type]
    assert all(isinstance(r["Stretch achieved"], int | float) for r in lines)
    assert wb["Reward"].cell(2, 12).number_format == "0.0%"


def test_text_from_an_agreement_is_never_a_formula(tmp_path: Path) -> None:
    from drafter.pack.workbook import Column, Sheet, workbook

    sheet = Sheet("T", (Column("Text"),), (('=HYPERLINK("http://x","y")',), ("bell\x07",)))
    ws = load_workbook(io.BytesIO(workbook([sheet], "t", WHEN)))["T"]
    assert ws["A2"].value == '=HYPERLINK("http://x","y")' and ws["A2"].data_type == "s"
    assert ws["A3"].value == "bell"
