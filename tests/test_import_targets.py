"""drafter import-targets: target tables from spreadsheets into part files to include."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from drafter.load import load
from drafter.model import Figure
from drafter.sheets import reading
from drafter.sheets.columns import Role, classify
from drafter.sheets.plan import Plan, plan_import
from drafter.sheets.reading import SheetLimits, column_letter

from .conftest import AGREEMENTS
from .test_cli import run

NORTHFLEET = AGREEMENTS / "northfleet-laa-2008.yaml"
WESSEX = AGREEMENTS / "wessex-laa-2006.yaml"
MILLBROOK = AGREEMENTS / "millbrook-lpsa2.yaml"
DEMO_SHEET = AGREEMENTS / "sheets" / "northfleet-targets.csv"
HEAD = ["Outcome", "NI", "Ref", "Indicator", "Type", "Lead partner", "Baseline", "Baseline year"]
YEARS = ["2008/09", "2009/10", "2010/11"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the Northfleet example (with its parts) to import into."""
    shutil.copy(NORTHFLEET, tmp_path / NORTHFLEET.name)
    shutil.copytree(AGREEMENTS / "parts" / "northfleet", tmp_path / "parts" / "northfleet")
    return tmp_path / NORTHFLEET.name


def workbook(path: Path, rows: list[list[Any]], title: str = "Targets", **formats: str) -> Path:
    """An .xlsx with `rows` from A1; `formats` maps a cell ('H2') to its number format."""
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref, fmt in formats.items():
        ws[ref].number_format = fmt
    wb.save(path)
    return path


def beside(agreement: Path, folder: Path) -> Path:
    """A copy of an example agreement (and its parts) in `folder`, where the sheet is."""
    copy = folder / agreement.name
    if not copy.exists():
        shutil.copy(agreement, copy)
        parts = AGREEMENTS / "parts" / agreement.stem.split("-")[0]
        if parts.is_dir():
            shutil.copytree(parts, folder / "parts" / parts.name)
    return copy


def plan(agreement: Path, sheet: Path, **kw: Any) -> Plan:
    """The import of `sheet` into a copy of the example `agreement` beside it."""
    if agreement.is_relative_to(AGREEMENTS) and not sheet.is_relative_to(AGREEMENTS):
        agreement = beside(agreement, sheet.parent)
    loaded = load(agreement)
    assert loaded.agreement is not None
    return plan_import(loaded, sheet, **kw)


def problems(p: Plan) -> list[tuple[str, str]]:
    """(code, cell) for each problem, the cell as 'D7' (or '' when none)."""
    out = []
    for pr in p.problems:
        cell = f"{column_letter(pr.position.col)}{pr.position.line}" if pr.position.col else ""
        out.append((pr.code, cell))
    return out


def written(p: Plan, outcome: str) -> list[dict[str, Any]]:
    """The indicators the plan writes for an outcome, read back from the YAML text."""
    part = next(x for x in p.parts if x.outcome == outcome)
    data = yaml.safe_load(part.text)
    assert isinstance(data, list)
    return data


# ---------------------------------------------------------------- headings


@pytest.mark.parametrize(
    ("heading", "role", "year"),
    [
        ("NI", Role.NI, None),
        ("NI no.", Role.NI, None),
        ("N.I. number", None, None),  # not a spelling drafter knows
        ("Ref", Role.REF, None),
        ("Indicator", Role.TITLE, None),
        ("Outcome", Role.OUTCOME, None),
        ("Baseline", Role.BASELINE, None),
        ("Baseline year", Role.BASELINE_YEAR, None),
        ("2008/09", Role.TARGET, "2008/09"),
        ("2008-09", Role.TARGET, "2008/09"),
        ("08/09", Role.TARGET, "2008/09"),
        ("2008/2009", Role.TARGET, "2008/09"),
        ("Target 2010/11", Role.TARGET, "2010/11"),
        ("2009/10 target", Role.TARGET, "2009/10"),
        ("Stretch 2006/07", Role.WITH, "2006/07"),
        ("Stretch", Role.WITH, "2010/11"),  # a stretch without a year: the last year's
        ("Without LPSA 2005/06", Role.WITHOUT, "2005/06"),
        ("With LPSA 2005/06", Role.WITH, "2005/06"),
        ("Without LPSA", Role.WITHOUT, "2010/11"),
        ("Lead partner", Role.LEAD, None),
        ("Type", Role.TYPE, None),
        ("Kind", Role.TYPE, None),
        ("Status", Role.STATUS, None),
        ("Notes", Role.NOTES, None),
        ("Source", Role.SOURCE, None),
        ("Outturn 2007/08", None, None),
        ("2008/10", None, None),  # not one financial year
    ],
)
def test_headings_are_recognised_as_councils_spell_them(
    heading: str, role: Role | None, year: str | None
) -> None:
    found = classify(heading, "2010/11")
    assert (found[0] if found else None) is role
    if role is not None:
        assert found is not None and found[1] == year


def test_heading_row_below_titles_and_unknown_columns_named(tmp_path: Path) -> None:
    sheet = workbook(
        tmp_path / "t.xlsx",
        [
            ["Northfleet LAA: targets"],
            ["as at February 2009"],
            [],
            [*HEAD, *YEARS, "RAG rating"],
            ["Economy and enterprise"],  # a heading within the table
            [
                "econ-enterprise",
                None,
                "E1",
                "Start-ups",
                "local",
                "nbc",
                120,
                "2007/08",
                125,
                130,
                135,
                "green",
            ],
        ],
    )
    p = plan(NORTHFLEET, sheet, out=tmp_path / "out")
    assert problems(p) == [("I011", "L4"), ("I015", "")]
    assert "'RAG rating'" in p.problems[0].message and "ignored" in p.problems[0].message
    assert "Row 5 holds no indicator ('Economy and enterprise')" in p.problems[1].message
    (ind,) = written(p, "econ-enterprise")
    assert ind["targets"] == {"2008/09": 125, "2009/10": 130, "2010/11": 135}
    assert ind["provenance"] == "t.xlsx, sheet Targets, row 6"


def test_years_excel_turned_into_dates_are_years(tmp_path: Path) -> None:
    """Typed into Excel, '2008/09' becomes 1 September 2008; it still means the year."""
    sep, oct_ = dt.datetime(2008, 9, 1), dt.datetime(2009, 10, 1)
    sheet = workbook(
        tmp_path / "d.xlsx",
        [
            ["Outcome", "Ref", "Indicator", "Baseline", "Baseline year", sep, oct_],
            ["econ-enterprise", "D1", "T", 5, dt.datetime(2007, 8, 1), 6, 7],
        ],
    )
    p = plan(NORTHFLEET, sheet, out=tmp_path / "o")
    assert p.errors == 0, p.problems
    (ind,) = written(p, "econ-enterprise")
    assert ind["baseline"] == {"value": 5, "period": "2007/08"}
    assert ind["targets"] == {"2008/09": 6, "2009/10": 7}
    # '07/08' and '08/09' typed in a UK Excel are 7 August and 8 September of this year
    wrong = workbook(
        tmp_path / "w.xlsx",
        [
            ["Outcome", "Ref", "Indicator", "Baseline", "Baseline year", dt.datetime(2026, 9, 8)],
            ["econ-enterprise", "W1", "T", 5, dt.datetime(2026, 8, 7), 6],
        ],
    )
    p = plan(NORTHFLEET, wrong, out=tmp_path / "w")
    assert problems(p) == [("I011", "F1"), ("I028", "E2")]
    assert "typed as 08/09" in (p.problems[0].hint or "")
    assert "07 August 2026" in p.problems[1].message


def test_no_heading_row_and_missing_columns_are_errors(tmp_path: Path) -> None:
    none = workbook(tmp_path / "a.xlsx", [["some", "figures"], [1, 2]])
    assert [c for c, _ in problems(plan(NORTHFLEET, none))] == ["I010"]
    no_outcome = workbook(tmp_path / "b.xlsx", [["NI", "Baseline", "2008/09"], [171, 36, 38]])
    p = plan(NORTHFLEET, no_outcome)
    assert [c for c, _ in problems(p)] == ["I014"] and "--outcome" in (p.problems[0].hint or "")
    # --outcome stands in for the column when the whole sheet is one outcome's
    wrong = plan(NORTHFLEET, no_outcome, outcome="econ")
    assert not wrong.readable and "no outcome with that id" in wrong.problems[0].message
    p = plan(NORTHFLEET, no_outcome, outcome="econ-enterprise", out=tmp_path / "o")
    assert p.errors == 0 and p.updates[0].row.indicator.ni == 171
    doubled = workbook(tmp_path / "c.xlsx", [["Outcome", "NI", "2008/09", "2008-09"]])
    assert problems(plan(NORTHFLEET, doubled)) == [("I013", "D1")]


# ---------------------------------------------------------------- values


def test_every_kind_of_value(tmp_path: Path) -> None:
    rows = [
        [*HEAD, *YEARS, "Owner", "Due"],
        # numbers; a number shown with two places keeps them; a percentage cell
        ["econ-enterprise", None, "V1", "Numbers", "local", "nbc", 52.5, 2007, 0.125, 60, 61.25],
        # text numbers: '12.5%', '£1,200', '1,204', '52.50'
        [
            "econ-enterprise",
            None,
            "V2",
            "Text numbers",
            "local",
            "nbc",
            "£1,200",
            "2007-08",
            "12.5%",
            "1,204",
            "52.50",
        ],
        # placeholders: tbc, to be agreed, blank; with owner and due from the row
        [
            "econ-enterprise",
            None,
            "V3",
            "Open",
            "local",
            "nbc",
            None,
            None,
            "tbc",
            "to be agreed",
            None,
            "nbc",
            dt.datetime(2009, 3, 31),
        ],
        # not applicable, a relative target, a dash; a baseline in words is a placeholder
        [
            "econ-enterprise",
            None,
            "V4",
            "Words",
            "local",
            "nbc",
            "due from the Place Survey",
            "2008/09",
            "n/a",
            "keep the gap to the region at 2 points",
            "-",
            "jcp",
            "2009-06",
        ],
    ]
    sheet = workbook(tmp_path / "v.xlsx", rows, G2="0.00", I2="0.0%", K2="0.00")
    p = plan(NORTHFLEET, sheet, out=tmp_path / "out")
    assert p.errors == 0, p.problems
    v1, v2, v3, v4 = written(p, "econ-enterprise")
    assert v1["baseline"] == {"value": 52.5, "places": 2, "period": "2007"}
    assert v1["targets"] == {"2008/09": 12.5, "2009/10": 60, "2010/11": 61.25}
    assert v2["baseline"] == {"value": 1200, "period": "2007/08"}
    assert v2["targets"] == {"2008/09": 12.5, "2009/10": 1204, "2010/11": "52.50"}
    assert Figure.model_validate(v2["targets"]["2010/11"]).places == 2
    due = dt.date(2009, 3, 31)
    assert v3["baseline"] == {
        "missing": "the baseline (left blank in the sheet)",
        "owner": "nbc",
        "due": due,
    }
    assert v3["targets"] == {
        "2008/09": {"missing": "the 2008/09 target (tbc)", "owner": "nbc", "due": due},
        "2009/10": {"missing": "the 2009/10 target (to be agreed)", "owner": "nbc", "due": due},
        "2010/11": {
            "missing": "the 2010/11 target (left blank in the sheet)",
            "owner": "nbc",
            "due": due,
        },
    }
    assert v4["baseline"] == {
        "missing": "due from the Place Survey",
        "owner": "jcp",
        "due": "2009-06",
        "period": "2008/09",
    }
    assert v4["targets"]["2008/09"] == "N/A"
    assert v4["targets"]["2009/10"] == "keep the gap to the region at 2 points"
    assert v4["targets"]["2010/11"]["missing"] == "the 2010/11 target (left blank in the sheet)"


def test_stretched_and_lpsa_levels(tmp_path: Path) -> None:
    wessex = workbook(
        tmp_path / "w.xlsx",
        [
            [
                "Outcome",
                "Ref",
                "Indicator",
                "Kind",
                "2006/07",
                "Stretch 2006/07",
                "2007/08",
                "2008/09",
                "Stretch",
            ],
            ["cyp-safe", "W1", "Stretched", "reward", 50, 53, 51, 52, 58],
            ["cyp-safe", "W2", "Plain", "mandatory", 10, None, 11, 12, None],
        ],
    )
    p = plan(WESSEX, wessex, out=tmp_path / "w")
    assert p.errors == 0, p.problems
    w1, w2 = written(p, "cyp-safe")
    assert w1["targets"] == {
        "2006/07": {"with": 53, "without": 50},
        "2007/08": 51,
        "2008/09": {"with": 58, "without": 52},
    }
    assert w2["targets"] == {"2006/07": 10, "2007/08": 11, "2008/09": 12}
    millbrook = load(MILLBROOK).agreement
    assert millbrook is not None
    outcome = millbrook.themes[0].outcomes[0].id
    lpsa = workbook(
        tmp_path / "m.xlsx",
        [
            ["Outcome", "Ref", "Indicator", "Without LPSA 2007/08", "With LPSA 2007/08"],
            [outcome, "M1", "Stretch target", 100, 90],
        ],
    )
    p = plan(MILLBROOK, lpsa, out=tmp_path / "m")
    assert p.errors == 0, p.problems
    assert written(p, outcome)[0]["targets"] == {"2007/08": {"with": 90, "without": 100}}


def test_years_outside_the_period_are_reported_not_imported(tmp_path: Path) -> None:
    sheet = workbook(
        tmp_path / "y.xlsx",
        [
            [*HEAD, "2007/08", *YEARS],
            ["econ-enterprise", None, "Y1", "T", "local", "nbc", 1, "2006/07", 99, 2, 3, 4],
        ],
    )
    p = plan(NORTHFLEET, sheet, out=tmp_path / "out")
    assert problems(p) == [("I012", "I1")]
    assert "2007/08, outside the agreement's period 2008/09 to 2010/11" in p.problems[0].message
    assert "2007/08" not in written(p, "econ-enterprise")[0]["targets"]


def test_unknown_ni_outcome_partner_and_kind_name_their_cells(tmp_path: Path) -> None:
    sheet = workbook(
        tmp_path / "u.xlsx",
        [
            [*HEAD, *YEARS],
            ["econ-enterprise", "NI 250", None, None, "designated", "nbc", 1, None, 1, 2, 3],
            ["Outcome 99", None, "U2", "T", "local", "nbc", 1, None, 1, 2, 3],
            ["econ-enterprise", None, "U3", "T", "local", "Acme Ltd", 1, None, 1, 2, 3],
            ["econ-enterprise", None, "U4", "T", "sort of", "nbc", 1, None, 1, 2, 3],
            ["econ-enterprise", None, "U5", "T", "local", "nbc", 1, None, 1, 2, 3],
            [
                "econ-enterprse",
                None,
                "U6",
                "T",
                "local",
                "Northfleet Borough Counsil",
                1,
                None,
                1,
                2,
                3,
            ],
        ],
    )
    p = plan(NORTHFLEET, sheet, out=tmp_path / "out")
    assert problems(p) == [
        ("I021", "B2"),
        ("I024", "A3"),
        ("I027", "F4"),
        ("I025", "E5"),
        ("I024", "A7"),
        ("I027", "F7"),
    ]
    messages = [x.message for x in p.problems]
    assert "NI 250 is not in the National Indicator Set" in messages[0]
    assert "'Outcome 99' is not an outcome" in messages[1]
    assert "'Acme Ltd' is not one of the agreement's partners" in messages[2]
    assert messages[4].endswith("did you mean econ-enterprise?")
    assert messages[5].endswith("did you mean nbc?")
    assert p.parts == [] or [r.indicator.id for r in p.parts[0].rows] == ["U5"]


def test_outcomes_match_by_id_number_and_title_and_partners_by_name(tmp_path: Path) -> None:
    from drafter.context.contents import cross_references, outline

    a = load(NORTHFLEET).agreement
    assert a is not None
    number = cross_references(a, outline(a)).outcomes["econ-enterprise"].number
    sheet = workbook(
        tmp_path / "m.xlsx",
        [
            ["Outcome", "Ref", "Indicator", "Lead partner", "Baseline"],
            [number, "M1", "By number", "Northfleet Borough Council", 1],
            ["more new and growing businesses", "M2", "By title", "the jobcentre plus", 1],
            ["ECON-ENTERPRISE", "M3", "By id", "pct; police", 1],
        ],
    )
    p = plan(NORTHFLEET, sheet, out=tmp_path / "out")
    assert p.errors == 0, p.problems
    assert [i["lead"] for i in written(p, "econ-enterprise")] == ["nbc", "jcp", ["pct", "police"]]


def test_statutory_targets_go_to_the_statutory_list(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = workbook(
        project.parent / "s.xlsx",
        [
            ["Outcome", "NI", "Kind", "Baseline", "Baseline year", *YEARS],
            [None, 72, "statutory", 45.0, "2006/07", 49.0, 53.0, 54.0],  # listed: no outcome needed
            ["Statutory targets", None, "statutory", 1, None, 2, 3, 4],  # no NI, no title
        ],
        D2="0.0",
        F2="0.0",
        G2="0.0",
        H2="0.0",
    )
    p = plan(project, sheet)
    assert problems(p) == [("I023", "")]  # the second row: nothing says what it measures
    (update,) = p.updates
    assert update.row.outcome == "statutory" and update.existing.id == "NI-72"
    assert update.differences == ("2009/10 target: 52.0 → 53.0",)
    # Only the 16 statutory education targets go in the statutory list (N006 in
    # validation): a local indicator there is refused, with the cell.
    ws_rows = [["Outcome", "NI", "Ref", "Indicator", "Kind", *YEARS]]
    ws_rows.append(
        ["statutory", None, "EY-local", "Two-year-olds in funded places", "local", 1, 2, 3]
    )
    extra = workbook(project.parent / "e.xlsx", ws_rows)
    code, out, _ = run(capsys, "import-targets", str(extra), "--into", str(project), "--check")
    assert code == 1 and "cell A2: error I034" in out, out
    # One of the 16 that the agreement does not list yet goes under 'statutory:'.
    text = project.read_text(encoding="utf-8")
    start = text.index("  - {id: NI-73,")
    project.write_text(text[:start] + text[text.index("  - {id: NI-74,") :], encoding="utf-8")
    extra = workbook(
        project.parent / "e.xlsx",
        [["Outcome", "NI", "Kind", *YEARS], ["statutory", 73, "statutory", 72, 74, 76]],
    )
    code, out, _ = run(capsys, "import-targets", str(extra), "--into", str(project), "--check")
    assert code == 0, out
    assert re.search(r"Add under 'statutory:' at .*northfleet-laa-2008\.yaml:\d+:1:", out)
    assert "targets-statutory.yaml: 1 indicator" in out


def test_formula_without_a_saved_value_names_the_cell(tmp_path: Path) -> None:
    rows = [
        [*HEAD, *YEARS],
        ["econ-enterprise", None, "F1", "T", "local", "nbc", 10, None, "=G2*1.1", 12, 13],
    ]
    sheet = workbook(tmp_path / "f.xlsx", rows)  # openpyxl saves formulas without values
    p = plan(NORTHFLEET, sheet, out=tmp_path / "out")
    assert problems(p) == [("I020", "I2")]
    assert "formula whose value was never saved" in p.problems[0].message
    assert p.parts == []


# ---------------------------------------------------------------- CSV


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_csv_in_the_encodings_excel_writes(tmp_path: Path, encoding: str) -> None:
    text = (
        "Outcome,Ref,Indicator,Lead partner,Baseline,2008/09,2009/10,2010/11\r\n"
        'econ-enterprise,C1,Spend – in £,nbc,£1,200,"£1,250",1300,1350\r\n'
    ).replace("£1,200", '"£1,200"')
    sheet = tmp_path / "c.csv"
    sheet.write_bytes(text.encode(encoding))
    p = plan(NORTHFLEET, sheet, out=tmp_path / "out")
    assert p.errors == 0, p.problems
    (ind,) = written(p, "econ-enterprise")
    assert ind["title"] == "Spend – in £"
    assert ind["baseline"] == 1200 and ind["targets"]["2008/09"] == 1250
    assert ind["provenance"] == "c.csv, row 2"


def test_semicolon_csv_and_old_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("Outcome;Ref;Indicator;Baseline\necon-enterprise;S1;T;5\n", encoding="utf-8")
    assert plan(NORTHFLEET, sheet, out=tmp_path / "o").errors == 0
    old = tmp_path / "t.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    shutil.copy(NORTHFLEET, tmp_path / "a.yaml")
    code, out, _ = run(capsys, "import-targets", str(old), "--into", str(tmp_path / "a.yaml"))
    assert code == 2
    assert "I001" in out and "libreoffice --headless --convert-to xlsx t.xls" in out
    disguised = tmp_path / "u.xlsx"
    disguised.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    code, out, _ = run(capsys, "import-targets", str(disguised), "--into", str(tmp_path / "a.yaml"))
    assert code == 2 and "old Excel 97–2003 format" in out


# ---------------------------------------------------------------- untrusted workbooks


def _rezip(source: Path, target: Path, extra: dict[str, bytes], replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, data in extra.items():
            dst.writestr(name, data)
    return target


def _good(tmp_path: Path) -> Path:
    return workbook(
        tmp_path / "good.xlsx",
        [["Outcome", "Ref", "Indicator", "Baseline"], ["econ-enterprise", "G1", "T", 1]],
    )


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = _rezip(_good(tmp_path), tmp_path / "bomb.xlsx", {"xl/media/x.bin": bytes(4 << 20)}, {})
    p = plan(NORTHFLEET, bomb)
    assert not p.readable and [c for c, _ in problems(p)] == ["I004"]
    assert "zip bomb" in p.problems[0].message
    # a workbook unpacking to more than the limit in all is refused before any is unpacked
    p = plan(NORTHFLEET, _good(tmp_path), limits=SheetLimits(unpacked=1000))
    assert not p.readable and "unpacks to more than" in p.problems[0].message


def test_what_openpyxl_warns_of_is_not_the_users_problem(tmp_path: Path) -> None:
    """A workbook made by another program, with an empty style sheet, is read (openpyxl warns)."""
    empty = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    bare = _rezip(_good(tmp_path), tmp_path / "bare.xlsx", {}, {"xl/styles.xml": empty})
    with pytest.warns(UserWarning, match="no stylesheet"):
        openpyxl.load_workbook(bare, read_only=True)
    p = plan(NORTHFLEET, bare, out=tmp_path / "o")
    assert p.readable and p.errors == 0, p.problems


def test_macros_and_external_links_are_refused(tmp_path: Path) -> None:
    good = _good(tmp_path)
    macros = _rezip(good, tmp_path / "m.xlsx", {"xl/vbaProject.bin": b"x"}, {})
    assert "macros" in plan(NORTHFLEET, macros).problems[0].message
    links = _rezip(good, tmp_path / "l.xlsx", {"xl/externalLinks/externalLink1.xml": b"<a/>"}, {})
    assert "external links" in plan(NORTHFLEET, links).problems[0].message


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    b'uniqueCount="1"><si><t>&lol3;</t></si></sst>'
)


def _laughs(tmp_path: Path) -> Path:
    good = _good(tmp_path)
    with zipfile.ZipFile(good) as z:
        names = z.namelist()
    part = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else "xl/worksheets/sheet1.xml"
    return _rezip(good, tmp_path / "lol.xlsx", {}, {part: LAUGHS})


def test_entity_expansion_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = _laughs(tmp_path)
    p = plan(NORTHFLEET, sheet)
    assert not p.readable and [c for c, _ in problems(p)] == ["I004"]
    assert "entity expansion" in p.problems[0].message
    # without drafter's own check, defusedxml (under openpyxl) still refuses it
    monkeypatch.setattr(reading, "_DOCTYPE", re.compile(b"^never$"))
    p = plan(NORTHFLEET, sheet)
    assert not p.readable and [c for c, _ in problems(p)] == ["I004"]
    assert "it was not read" in p.problems[0].message


def test_limits_are_clear_errors(tmp_path: Path) -> None:
    rows = [["Outcome", "Ref", "Indicator", "Baseline"]] + [
        ["econ-enterprise", f"R{k}", "T", k] for k in range(12)
    ]
    sheet = workbook(tmp_path / "r.xlsx", rows)
    p = plan(NORTHFLEET, sheet, limits=SheetLimits(rows=10))
    assert not p.readable and "more than 10 rows" in p.problems[0].message
    wide = workbook(tmp_path / "w.xlsx", [["Outcome", "Ref", *["x"] * 10]])
    p = plan(NORTHFLEET, wide, limits=SheetLimits(columns=5))
    assert not p.readable and "beyond column E" in p.problems[0].message
    long = workbook(tmp_path / "l.xlsx", [rows[0], ["econ-enterprise", "L1", "x" * 300, 1]])
    p = plan(NORTHFLEET, long, limits=SheetLimits(cell=200), out=tmp_path / "o")
    assert problems(p) == [("I003", "C2")]


def test_rows_beyond_the_size_a_sheet_states_are_read(tmp_path: Path) -> None:
    """openpyxl trusts a sheet's <dimension>; drafter does not (Excel shows every row)."""
    sheet = workbook(
        tmp_path / "d.xlsx",
        [
            ["Outcome", "Ref", "Indicator", "Baseline"],
            ["econ-enterprise", "D1", "T", 1],
            ["econ-enterprise", "D2", "Hidden from openpyxl", 2],
        ],
    )
    with zipfile.ZipFile(sheet) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    small = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:D2"', xml)
    assert small != xml
    shrunk = _rezip(sheet, tmp_path / "shrunk.xlsx", {}, {"xl/worksheets/sheet1.xml": small})
    p = plan(NORTHFLEET, shrunk, out=tmp_path / "o")
    assert [r.indicator.id for r in p.parts[0].rows] == ["D1", "D2"]


def test_a_sheet_of_a_million_formatted_cells_is_refused_quickly(tmp_path: Path) -> None:
    sheet = _good(tmp_path)
    with zipfile.ZipFile(sheet) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    empty = b"".join(b'<row r="%d"><c r="A%d" s="0"/></row>' % (n, n) for n in range(3, 60_003))
    big = xml.replace(b"</sheetData>", empty + b"</sheetData>")
    crowded = _rezip(sheet, tmp_path / "crowded.xlsx", {}, {"xl/worksheets/sheet1.xml": big})
    p = plan(NORTHFLEET, crowded)
    assert not p.readable and [c for c, _ in problems(p)] == ["I003"]
    assert "60,002 rows" in p.problems[0].message and "at most 50,000 rows" in p.problems[0].message


def test_a_cell_cannot_inject_yaml_or_break_documents(tmp_path: Path) -> None:
    sheet = tmp_path / "e.csv"
    sheet.write_text(
        "Outcome,Ref,Indicator,Notes,2008/09\n"
        'econ-enterprise,E1,"Evil\n- include: /etc/passwd\nid: other\x07\x0b",'
        '"&a [x]: {y: *a}",1e3\n'
        "econ-enterprise,E2,yes,null,---\n",
        encoding="utf-8",
    )
    p = plan(NORTHFLEET, sheet, out=tmp_path / "o")
    e1, e2 = written(p, "econ-enterprise")
    assert set(e1) == {"id", "title", "notes", "targets", "provenance"}
    assert e1["title"] == "Evil\n- include: /etc/passwd\nid: other"  # control characters gone
    assert e1["notes"] == "&a [x]: {y: *a}"
    assert e1["targets"]["2008/09"] == "1e3"  # text, not the number a YAML 1.2 reader makes
    assert e2["title"] == "yes" and e2["notes"] == "null"
    assert e2["targets"]["2008/09"]["missing"].startswith("the 2008/09 target")
    # the fast YAML 1.2 reader the loader uses reads the file the same way
    import yaml_rs

    part = next(x for x in p.parts if x.outcome == "econ-enterprise")
    assert yaml_rs.loads(part.text)[0]["targets"]["2008/09"] == "1e3"


# ---------------------------------------------------------------- the command


def test_refuses_to_overwrite_and_check_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = project.parent / "sheet.csv"
    shutil.copy(DEMO_SHEET, sheet)
    args = ["import-targets", str(sheet), "--into", str(project)]
    folder = project.parent / "parts" / project.stem
    code, out, _ = run(capsys, *args, "--check")
    assert code == 0 and "--check: nothing written." in out and "Would write" in out
    assert not folder.exists()
    code, out, _ = run(capsys, *args)
    assert code == 0 and "Wrote" in out
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert sorted(before) == ["targets-econ-enterprise.yaml", "targets-safer-crime.yaml"]
    code, out, _ = run(capsys, *args)
    assert code == 1 and "I032" in out and "already exists" in out and "Nothing written" in out
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    code, out, _ = run(capsys, *args, "--force")
    assert code == 0


def _add_includes(out: str) -> int:
    """Add each '- include:' line the command printed where it said; return how many."""
    added = 0
    for m in re.finditer(r"'indicators:' at (.+?):(\d+):\d+:\n\s+- include: (.+)", out):
        file, line, target = Path(m.group(1)), int(m.group(2)), m.group(3)
        lines = file.read_text(encoding="utf-8").split("\n")
        following = lines[line]  # the first item under 'indicators:'
        indent = len(following) - len(following.lstrip())
        lines.insert(line, " " * indent + "- include: " + target)
        file.write_text("\n".join(lines), encoding="utf-8")
        added += 1
    return added


def test_round_trip_into_an_example_validates_and_renders(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = project.parent / "sheets" / "targets.csv"
    sheet.parent.mkdir()
    shutil.copy(DEMO_SHEET, sheet)
    code, out, _ = run(capsys, "import-targets", str(sheet), "--into", str(project))
    assert code == 0, out
    # the refresh update is reported figure by figure, not duplicated
    assert re.search(
        r"Row 5 \(NI 171\) is already in the agreement at .*northfleet-laa-2008"
        r"\.yaml:\d+:\d+; not written again",
        out,
    )
    assert "2010/11 target: 42 → 43" in out
    assert "Row 8 (NI 15) is already in the agreement" in out and "same figures" in out
    # one include goes in the main file, one in the part file holding the Safer outcome
    assert "- include: parts/northfleet-laa-2008/targets-econ-enterprise.yaml" in out
    assert "- include: ../northfleet-laa-2008/targets-safer-crime.yaml" in out
    assert _add_includes(out) == 2
    code, report, _ = run(capsys, "validate", str(project))
    assert code == 0 and "complete, no problems found" in report, report
    loaded = load(project)
    assert loaded.agreement is not None
    ids = [i.id for t in loaded.agreement.themes for o in t.outcomes for i in o.indicators]
    assert {"ECON-L1", "ECON-L2", "SSC-L1", "SSC-L2"} <= set(ids)
    assert ids.count("NI-171") == 1
    code, _, _ = run(capsys, "render", str(project), "--to", "html", "--out", str(tmp_path / "h"))
    assert code == 0
    html = (tmp_path / "h" / f"{project.stem}.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    for figure in (
        "Business start-ups in the priority wards",
        "Town centre violence with injury",
        "1,204",
        "61.5",
        "keep below the family average",
        "18.20",
    ):
        assert figure in text, figure


def test_template_has_headings_lists_and_instructions_and_imports_once_filled(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project.parent / "blank.xlsx"
    code, out, _ = run(capsys, "import-targets", "--template", str(path), "--into", str(project))
    assert code == 0 and "Wrote" in out
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Targets", "Lists", "Instructions"]
    ws: Any = wb["Targets"]
    heads = [c.value for c in ws[1]]
    assert heads[:4] == ["Outcome", "NI", "Ref", "Indicator"] and set(YEARS) <= set(heads)
    checked = {str(dv.sqref)[:1]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert checked[column_letter(heads.index("Type") + 1)] == "=Lists!$B$2:$B$6"
    kinds = [c.value for c in wb["Lists"]["B"][1:] if c.value]
    assert kinds == ["designated", "statutory", "local", "mandatory", "reward"]
    assert "import-targets" in " ".join(str(c.value) for c in wb["Instructions"]["A"])
    code, _, _ = run(capsys, "import-targets", "--template", str(path), "--into", str(project))
    assert code == 2  # not replaced without --force
    row = dict.fromkeys(heads)
    filled = {
        "Outcome": "env-clean",
        "Ref": "T1",
        "Indicator": "Fly-tipping incidents",
        "Type": "local",
        "Polarity": "lower",
        "Lead partner": "nbc",
        "Baseline": 900,
        "Baseline year": "2007/08",
        "2008/09": 880,
        "2009/10": 860,
        "2010/11": 840,
    }
    row.update(filled)
    ws.append([row[h] for h in heads])
    wb.save(path)
    code, out, _ = run(capsys, "import-targets", str(path), "--into", str(project), "--check")
    assert code == 0, out
    assert "Would write" in out and "targets-env-clean.yaml: 1 indicator (row 2)" in out


def test_unreadable_agreement_or_missing_sheet_is_a_usage_problem(
    tmp_path: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "import-targets", str(tmp_path / "none.csv"), "--into", str(project)
    )
    assert code == 2 and "does not exist" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    code, _, err = run(capsys, "import-targets", str(tmp_path / "x.csv"), "--into", str(bad))
    assert code == 2 and "cannot be read as an agreement" in err
    outside = tmp_path.parent / f"{tmp_path.name}-outside.csv"
    outside.write_text("Outcome,Ref\n", encoding="utf-8")
    try:
        code, out, _ = run(capsys, "import-targets", str(outside), "--into", str(project))
        assert code == 2 and "outside the project folder" in out
    finally:
        outside.unlink()


def test_example_workbook_matches_the_demo_sheet(tmp_path: Path) -> None:
    """The committed example workbook imports to the same indicators as the CSV."""
    book = AGREEMENTS / "sheets" / "northfleet-targets.xlsx"
    from_csv, from_xlsx = plan(NORTHFLEET, DEMO_SHEET), plan(NORTHFLEET, book)
    assert from_csv.errors == 0 and from_xlsx.errors == 0, from_xlsx.problems

    def strip(p: Plan) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in r.data.items() if k != "provenance"}
            for part in p.parts
            for r in part.rows
        ]

    assert strip(from_csv) == strip(from_xlsx)
    assert [u.differences for u in from_csv.updates] == [u.differences for u in from_xlsx.updates]


def test_reading_never_raises_on_garbage(tmp_path: Path) -> None:
    for k, data in enumerate([b"", b"PK\x03\x04garbage", io.BytesIO(b"x" * 100).getvalue()]):
        sheet = tmp_path / f"g{k}.xlsx"
        sheet.write_bytes(data)
        p = plan(NORTHFLEET, sheet)
        assert not p.readable and p.problems[0].code == "I001"


def test_mutated_sheets_never_raise_nor_warn(tmp_path: Path) -> None:
    """Damaged workbooks and CSV files are problems, never tracebacks (warnings are errors)."""
    import random

    rng = random.Random(7)
    book = (AGREEMENTS / "sheets" / "northfleet-targets.xlsx").read_bytes()
    text = DEMO_SHEET.read_bytes()
    for k in range(40):
        if k % 2:
            data = bytearray(text)
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            sheet = tmp_path / f"m{k}.csv"
            sheet.write_bytes(bytes(data))
        else:
            with zipfile.ZipFile(io.BytesIO(book)) as src:
                victim = rng.choice(src.namelist())
                parts = {n: bytearray(src.read(n)) for n in src.namelist()}
            for _ in range(rng.randint(1, 10)):
                parts[victim][rng.randrange(len(parts[victim]))] = rng.randrange(32, 127)
            sheet = tmp_path / f"m{k}.xlsx"
            with zipfile.ZipFile(sheet, "w") as dst:
                for n, b in parts.items():
                    dst.writestr(n, bytes(b))
        p = plan(NORTHFLEET, sheet, out=tmp_path / "o")
        assert p.readable or p.problems


@pytest.mark.parametrize(
    "example",
    ["northfleet-laa-2008", "wessex-laa-2006", "millbrook-lpsa2", "hartsmoor-laa-2008-refresh"],
)
def test_a_table_of_the_current_targets_imports_as_no_change(
    tmp_path: Path, example: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--with-targets: every row comes back as the agreement has it; an edit is reported."""
    agreement = beside(AGREEMENTS / f"{example}.yaml", tmp_path)
    table = tmp_path / "current.xlsx"
    code, _, _ = run(
        capsys,
        "import-targets",
        "--template",
        str(table),
        "--with-targets",
        "--into",
        str(agreement),
    )
    assert code == 0
    p = plan(agreement, table)
    loaded = load(agreement)
    assert loaded.agreement is not None
    a = loaded.agreement
    count = sum(len(o.indicators) for t in a.themes for top in t.outcomes for o in top.tree())
    assert p.problems == [] and p.parts == []
    assert len(p.updates) == count + len(a.statutory)
    assert all(u.differences == () for u in p.updates)
    wb = openpyxl.load_workbook(table)
    ws: Any = wb["Targets"]
    heads = [c.value for c in ws[1]]
    baseline = ws.cell(2, heads.index("Baseline") + 1)
    was = baseline.value
    baseline.value = 12345
    wb.save(table)
    (changed,) = [u for u in plan(agreement, table).updates if u.differences]
    assert changed.row.row == 2
    assert changed.differences[0].startswith("baseline: ") and "→ 12345" in changed.differences[0]
    assert was != 12345


def test_trigger_levels_and_a_target_beside_both_levels(tmp_path: Path) -> None:
    millbrook = load(MILLBROOK).agreement
    assert millbrook is not None
    outcome = millbrook.themes[0].outcomes[0].id
    sheet = workbook(
        tmp_path / "t.xlsx",
        [
            [
                "Outcome",
                "Ref",
                "Indicator",
                "2007/08",
                "Without LPSA 2007/08",
                "With LPSA 2007/08",
                "Trigger 2007/08",
            ],
            [outcome, "T1", "With a trigger", None, 100, 90, 94],
            [outcome, "T2", "Three levels", 95, 100, 90, None],
        ],
    )
    p = plan(MILLBROOK, sheet, out=tmp_path / "o")
    assert problems(p) == [("I029", "D3")]
    assert "beside both levels" in p.problems[0].message
    (t1,) = written(p, outcome)
    assert t1["targets"] == {"2007/08": {"with": 90, "without": 100, "trigger": 94}}


def test_links_out_of_the_project_and_pipes_are_refused(tmp_path: Path) -> None:
    import os

    outside = tmp_path.parent / f"{tmp_path.name}-secret.csv"
    outside.write_text("Outcome,Ref,Indicator,Baseline\necon-enterprise,X,Secret,1\n")
    try:
        link = tmp_path / "link.csv"
        link.symlink_to(outside)
        p = plan(NORTHFLEET, link)
        assert not p.readable and "outside the project folder" in p.problems[0].message
    finally:
        outside.unlink()
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    p = plan(NORTHFLEET, pipe)
    assert not p.readable and "not an ordinary file" in p.problems[0].message
    assert p.problems[0].hint == "Give the path of a .xlsx or .csv file."


def test_an_outcome_number_excel_has_made_ambiguous(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Typed as a number, '5.10' is 5.1 to Excel: with both outcomes, that is not guessed."""
    agreement = tmp_path / "a.yaml"
    code, _, _ = run(
        capsys, "new", "-g", "laa2008", "-a", "Testham", "-r", "GOWM", "-o", str(agreement)
    )
    assert code == 0
    data = yaml.safe_load(agreement.read_text(encoding="utf-8"))
    theme = data["themes"][0]
    theme["outcomes"] = [
        {"id": f"o{k}", "title": f"Outcome {k}", "indicators": []} for k in range(1, 11)
    ]
    agreement.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    sheet = workbook(
        tmp_path / "n.xlsx",
        [["Outcome", "Ref", "Indicator", "Baseline"], [5.1, "A", "T", 1], [5.2, "B", "T", 2]],
    )
    p = plan(agreement, sheet, out=tmp_path / "o")
    assert problems(p) == [("I024", "A2")]
    assert "o1 and o10" in p.problems[0].message
    assert [r.outcome for part in p.parts for r in part.rows] == ["o2"]


# ---------------------------------------------------------------- hidden cells, two-row headings

START_UPS = ["econ-enterprise", None, "E1", "Start-ups", "local", "nbc", 120, "2007/08"]


def test_hidden_and_filtered_rows_and_hidden_columns_are_read_and_warned_of(
    tmp_path: Path,
) -> None:
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = "Targets"
    for row in [
        [*HEAD, *YEARS, "Notes"],
        [*START_UPS, 125, 130, 135, "seen"],
        ["econ-enterprise", None, "E2", "Jobs", "local", "nbc", 50, "2007/08", 51, 52, 53],
        ["econ-enterprise", None, "E3", "Shops", "local", "nbc", 10, "2007/08", 11, 12, 13],
    ]:
        ws.append(row)
    ws.row_dimensions[3].hidden = True  # hidden by hand
    ws.auto_filter.ref = "A1:L4"
    ws.row_dimensions[4].hidden = True  # filtered out: Excel saves it hidden too
    ws.row_dimensions[7].hidden = True  # hidden but empty: nothing to say
    ws.column_dimensions["J"].hidden = True  # 2009/10
    ws.column_dimensions.group("M", "P", hidden=True)  # empty columns hidden: nothing to say
    wb.save(tmp_path / "h.xlsx")
    p = plan(NORTHFLEET, tmp_path / "h.xlsx", out=tmp_path / "out")
    assert p.errors == 0, p.problems
    assert problems(p) == [("I006", "J1"), ("I006", ""), ("I006", "")]
    rows = [pr for pr in p.problems if not pr.position.col]
    assert [pr.position.line for pr in rows] == [3, 4]
    assert "Row 3 is hidden in Excel (or filtered out), but drafter reads it" in rows[0].message
    assert (
        rows[0].hint is not None and "Unhide" in rows[0].hint and "delete the row" in rows[0].hint
    )
    column = p.problems[0]
    assert "Column J is hidden in Excel" in column.message
    assert column.hint is not None and "delete column J" in column.hint
    indicators = written(p, "econ-enterprise")
    assert [i["id"] for i in indicators] == ["E1", "E2", "E3"]  # all read, as warned
    assert indicators[1]["targets"]["2009/10"] == 52


def test_rows_hidden_by_default_are_warned_of_and_those_given_a_height_are_not(
    tmp_path: Path,
) -> None:
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = "Targets"
    for row in [
        [*HEAD, *YEARS],
        [*START_UPS, 125, 130, 135],
        ["econ-enterprise", None, "E2", "Jobs", "local", "nbc", 50, "2007/08", 51, 52, 53],
        ["econ-enterprise", None, "E3", "Shops", "local", "nbc", 10, "2007/08", 11, 12, 13],
    ]:
        ws.append(row)
    ws.sheet_format.zeroHeight = True  # Excel: every row hidden, then rows 1, 2, 4 shown
    for shown in (1, 2, 4):
        ws.row_dimensions[shown].height = 15
    wb.save(tmp_path / "z.xlsx")
    p = plan(NORTHFLEET, tmp_path / "z.xlsx", out=tmp_path / "out")
    assert p.errors == 0, p.problems
    assert [(pr.code, pr.position.line) for pr in p.problems] == [("I006", 3)]
    assert [i["id"] for i in written(p, "econ-enterprise")] == ["E1", "E2", "E3"]


def test_a_csv_has_nothing_hidden(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text(
        ",".join([*HEAD, *YEARS])
        + "\n"
        + "econ-enterprise,,E1,Start-ups,local,nbc,120,2007/08,125,130,135\n",
        "utf-8",
    )
    p = plan(NORTHFLEET, sheet, out=tmp_path / "out")
    assert problems(p) == []


def test_a_merged_heading_over_the_years(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = "Targets"
    ws.append(["Northfleet targets, February 2009"])  # a title: qualifies nothing
    ws.merge_cells("A1:K1")
    ws.append(
        ["Outcome", "NI", "Ref", "Indicator", "Type", "Lead partner", "Baseline", None, "Targets"]
    )
    ws.merge_cells("I2:K2")
    for col in "ABCDEF":
        ws.merge_cells(f"{col}2:{col}3")  # headed down both rows
    ws.append([None, None, None, None, None, None, "Value", "Year", *YEARS])
    ws.merge_cells("G2:H2")
    ws.append([*START_UPS, 125, 130, 135])
    wb.save(tmp_path / "m.xlsx")
    p = plan(NORTHFLEET, tmp_path / "m.xlsx", out=tmp_path / "out")
    assert p.errors == 0 and problems(p) == [], p.problems
    assert p.layout is not None and p.layout.rows == "rows 2 and 3"
    headings = {c.heading: (c.role, c.year) for c in p.layout.columns}
    assert headings["Targets 2008/09"] == (Role.TARGET, "2008/09")
    assert headings["Targets 2010/11"] == (Role.TARGET, "2010/11")
    assert headings["Baseline Value"] == (Role.BASELINE, None)
    assert headings["Baseline Year"] == (Role.BASELINE_YEAR, None)
    assert headings["Indicator"] == (Role.TITLE, None)
    (ind,) = written(p, "econ-enterprise")
    assert ind["targets"] == {"2008/09": 125, "2009/10": 130, "2010/11": 135}
    assert ind["baseline"] == {"value": 120, "period": "2007/08"}
    assert ind["provenance"] == "m.xlsx, sheet Targets, row 4"


@pytest.mark.parametrize("merged", [True, False])
def test_a_year_over_without_and_with(tmp_path: Path, merged: bool) -> None:
    millbrook = load(MILLBROOK).agreement
    assert millbrook is not None
    outcome = millbrook.themes[0].outcomes[0].id
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = "Targets"
    # Merged in Excel, or the year repeated over each column (as a CSV holds it).
    ws.append(["Outcome", "Ref", "Indicator", "2007/08", None if merged else "2007/08"])
    if merged:
        ws.merge_cells("D1:E1")
    ws.append(["", "", "", "Without LPSA", "With"])
    ws.append([outcome, "M1", "Stretch target", 100, 90])
    wb.save(tmp_path / "w.xlsx")
    p = plan(MILLBROOK, tmp_path / "w.xlsx", out=tmp_path / "m")
    assert p.errors == 0, p.problems
    assert written(p, outcome)[0]["targets"] == {"2007/08": {"with": 90, "without": 100}}
    assert p.layout is not None and p.layout.top == 1


def test_targets_over_years_over_without_and_with_is_a_three_row_heading(
    tmp_path: Path,
) -> None:
    millbrook = load(MILLBROOK).agreement
    assert millbrook is not None
    outcome = millbrook.themes[0].outcomes[0].id
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = "Targets"
    ws.append(["Outcome", "Ref", "Indicator", "Targets"])
    ws.merge_cells("D1:G1")
    ws.append([None, None, None, "2006/07", None, "2007/08"])
    ws.merge_cells("D2:E2")
    ws.merge_cells("F2:G2")
    ws.append([None, None, None, "Without LPSA", "With LPSA", "Without LPSA", "With LPSA"])
    for col in "ABC":
        ws.merge_cells(f"{col}1:{col}3")  # headed down the three rows
    ws.append([outcome, "M1", "Stretch target", 104, 98, 100, 90])
    wb.save(tmp_path / "w3.xlsx")
    p = plan(MILLBROOK, tmp_path / "w3.xlsx", out=tmp_path / "m")
    assert p.errors == 0, p.problems
    assert p.layout is not None and p.layout.rows == "rows 1 to 3"
    headings = {c.heading: (c.role, c.year) for c in p.layout.columns}
    assert headings["Targets 2007/08 Without LPSA"] == (Role.WITHOUT, "2007/08")
    assert headings["Targets 2006/07 With LPSA"] == (Role.WITH, "2006/07")
    assert written(p, outcome)[0]["targets"] == {
        "2006/07": {"with": 98, "without": 104},
        "2007/08": {"with": 90, "without": 100},
    }


def test_a_third_row_is_read_as_heading_only_when_it_holds_headings(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = "Targets"
    ws.append(["Outcome", "Ref", "Indicator", "Type", "Lead partner", "Targets"])
    ws.merge_cells("F1:H1")
    ws.append([None, None, None, None, None, *YEARS])
    for col in "ABCDE":
        ws.merge_cells(f"{col}1:{col}2")
    ws.append([None, None, None, None, None, "tbc", "tbc", "tbc"])  # targets in words
    ws.append(["econ-enterprise", "E2", "Jobs", "local", "nbc", 1, 2, 3])
    wb.save(tmp_path / "t2.xlsx")
    p = plan(NORTHFLEET, tmp_path / "t2.xlsx", out=tmp_path / "out")
    assert p.layout is not None and p.layout.rows == "rows 1 and 2"  # row 3 is not a heading
    ws.delete_rows(3)
    ws.insert_rows(3)
    for col in "FGH":
        ws[f"{col}3"] = "Target"  # a third heading row, saying again what the first does
    wb.save(tmp_path / "t3.xlsx")
    p = plan(NORTHFLEET, tmp_path / "t3.xlsx", out=tmp_path / "out3")
    assert p.errors == 0, p.problems
    assert p.layout is not None and p.layout.rows == "rows 1 to 3"
    assert [i["id"] for i in written(p, "econ-enterprise")] == ["E2"]


def test_a_heading_row_then_a_row_of_text_is_one_heading_row(tmp_path: Path) -> None:
    sheet = workbook(
        tmp_path / "t.xlsx",
        [
            [*HEAD, *YEARS],
            [
                "econ-enterprise",
                "",
                "E1",
                "Start-ups",
                "local",
                "nbc",
                "tbc",
                "",
                "tbc",
                "tbc",
                "tbc",
            ],
        ],
    )
    p = plan(NORTHFLEET, sheet, out=tmp_path / "out")
    assert p.layout is not None and p.layout.rows == "row 1"
    assert [i["id"] for i in written(p, "econ-enterprise")] == ["E1"]


# ---------------------------------------------------------------- --insert and --format json

ONE_ROW = (
    "Outcome,Ref,Indicator,Type,Lead partner,Baseline,Baseline year,2008/09,2009/10,2010/11\n"
    "econ-enterprise,E1,Start-ups,local,nbc,120,2007/08,125,130,135\n"
)
ECON_LIST = re.compile(r"        indicators:\n          - id: NI-171\n.*?June 2009\n", re.DOTALL)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_insert_adds_each_include_line_and_keeps_every_other_byte(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = project.parent / "sheet.csv"
    shutil.copy(DEMO_SHEET, sheet)
    part = project.parent / "parts" / "northfleet" / "safer.yaml"
    # CRLF line endings and a comment after the list are kept as they are
    part.write_bytes(part.read_bytes().replace(b"\n", b"\r\n"))
    before = _snapshot(project.parent)
    args = ["import-targets", str(sheet), "--into", str(project), "--insert"]
    code, out, _ = run(capsys, *args, "--check")
    assert code == 0 and "Would add under outcome safer-crime's 'indicators:'" in out, out
    assert _snapshot(project.parent) == before  # --check: nothing written
    code, out, _ = run(capsys, *args)
    assert code == 0, out
    assert "Added under outcome econ-enterprise's 'indicators:' in " in out
    assert "every new indicator is in place, and validation finds no problems." in out
    after = _snapshot(project.parent)
    for name, data in before.items():
        added = [line for line in after[name].splitlines(keepends=True)]
        for line in data.splitlines(keepends=True):
            added.remove(line)  # every line there before is there still
        if name.endswith("northfleet-laa-2008.yaml"):
            assert added == [
                b"          - include: parts/northfleet-laa-2008/targets-econ-enterprise.yaml\n"
            ]
        elif name.endswith("safer.yaml"):
            assert added == [
                b"      - include: ../northfleet-laa-2008/targets-safer-crime.yaml\r\n"
            ]
        else:
            assert added == [], name
    lines = after["parts/northfleet/safer.yaml"].split(b"\r\n")
    at = lines.index(b"      - include: ../northfleet-laa-2008/targets-safer-crime.yaml")
    assert lines[at - 1].strip().startswith(b"- Graffiti removal")  # the end of the list
    assert lines[at + 1] == b"  - id: safer-reoffending"
    code, report, _ = run(capsys, "validate", str(project))
    assert code == 0 and "complete, no problems found" in report, report
    loaded = load(project)
    assert loaded.agreement is not None
    ids = [i.id for t in loaded.agreement.themes for o in t.outcomes for i in o.indicators]
    assert ids.index("ECON-L1") == ids.index("NI-171") + 1  # at the end of the outcome's list


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            "        indicators: [{id: NI-171, ni: 171, type: designated, lead: nbc, "
            "baseline: {value: 36, period: 2006/07}, targets: {2008/09: 38, 2009/10: 40, "
            "2010/11: 42}}]\n",
            "is written as a list in brackets ([...])",
        ),
        (
            "BRACES",
            "is written in braces",
        ),
    ],
)
def test_insert_refuses_what_it_cannot_do_safely_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], change: str, said: str
) -> None:
    text = project.read_text("utf-8")
    assert ECON_LIST.search(text)
    if change == "BRACES":  # the outcome as one mapping in braces, without indicators
        whole = re.compile(r"      - id: econ-enterprise\n.*?June 2009\n", re.DOTALL)
        change = "      - {id: econ-enterprise, title: More businesses, lead: nbc}\n"
        project.write_text(whole.sub(lambda _: change, text, count=1), "utf-8")
    else:
        project.write_text(ECON_LIST.sub(lambda _: change, text, count=1), "utf-8")
    sheet = project.parent / "one.csv"
    sheet.write_text(ONE_ROW, "utf-8")
    before = _snapshot(project.parent)
    code, out, _ = run(capsys, "import-targets", str(sheet), "--into", str(project), "--insert")
    assert code == 1 and said in out, out
    assert "Nothing written: the include lines cannot be added safely" in out
    assert _snapshot(project.parent) == before


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_insert_gives_an_outcome_without_indicators_its_list(
    project: Path, capsys: pytest.CaptureFixture[str], newline: str
) -> None:
    text = ECON_LIST.sub("", project.read_text("utf-8"), count=1)
    project.write_bytes(text.replace("\n", newline).encode("utf-8"))
    sheet = project.parent / "one.csv"
    sheet.write_text(ONE_ROW, "utf-8")
    before = project.read_bytes()
    code, out, _ = run(capsys, "import-targets", str(sheet), "--into", str(project), "--insert")
    assert code == 0, out
    assert "Added outcome econ-enterprise's 'indicators:', which it did not have, in " in out
    assert "    indicators:\n      - include: parts/northfleet-laa-2008/targets-econ" in out
    lines = project.read_bytes().split(newline.encode())
    at = lines.index(b"          will help more residents start a business.") + 1
    assert lines[at] == b"        indicators:"
    assert lines[at + 1] == (
        b"          - include: parts/northfleet-laa-2008/targets-econ-enterprise.yaml"
    )
    assert lines[at + 2] == b""  # the blank line after the outcome, still after it
    assert lines[at + 3].lstrip().startswith(b"# ----")
    kept = lines[:at] + lines[at + 2 :]
    assert newline.encode().join(kept) == before  # every other byte as it was
    loaded = load(project)
    assert loaded.agreement is not None
    econ = [o for t in loaded.agreement.themes for o in t.outcomes if o.id == "econ-enterprise"]
    assert [i.id for i in econ[0].indicators] == ["E1"]


def test_insert_checks_the_agreement_loads_with_the_lines_added(project: Path) -> None:
    from dataclasses import replace

    from drafter.sheets.insert import plan_edits

    sheet = project.parent / "one.csv"
    sheet.write_text(ONE_ROW, "utf-8")
    loaded = load(project)
    p = plan(project, sheet)
    assert p.errors == 0 and len(p.parts) == 1
    good = plan_edits(loaded, p.parts)
    assert not good.refused and len(good.files) == 1
    wrong = plan_edits(loaded, [replace(p.parts[0], include="nowhere/else.yaml")])
    assert wrong.refused and "would not load" in wrong.refused[0], wrong.refused
    assert "nothing was written" in wrong.refused[0]


def test_json_report_for_other_programs(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    sheet = project.parent / "sheet.csv"
    shutil.copy(DEMO_SHEET, sheet)
    wb = workbook(
        project.parent / "bad.xlsx",
        [
            [*HEAD, *YEARS],
            ["econ-enterprise", 250, None, None, "local", "nbc", 1, "2007/08", 2, 3, 4],
        ],
    )
    code, out, _ = run(
        capsys, "import-targets", str(wb), "--into", str(project), "--format", "json"
    )
    assert code == 1
    data = json.loads(out)
    assert data["spreadsheet"].endswith("bad.xlsx") and data["sheet"] == "Targets"
    assert data["errors"] >= 1 and data["written"] is False and data["files"] == []
    (ni,) = [p for p in data["problems"] if p["code"] == "I021"]
    assert ni["cell"] == "B2" and ni["row"] == 2 and ni["column"] == 2
    assert ni["severity"] == "error" and "NI 250" in ni["message"] and ni["hint"]
    assert ni["file"].endswith("bad.xlsx") and ni["sheet"] == "Targets"
    code, out, _ = run(
        capsys, "import-targets", str(sheet), "--into", str(project), "--format", "json", "--insert"
    )
    assert code == 0, out
    data = json.loads(out)
    assert data["written"] is True and data["sheet"] is None and data["errors"] == 0
    assert data["headings"]["rows"] == [4]
    assert {
        "column": "K",
        "heading": "2008-09",
        "role": "target",
        "holds": "target",
        "year": "2008/09",
    } in data["headings"]["columns"]
    files = {f["outcome"]: f for f in data["files"]}
    assert files["safer-crime"]["path"].endswith("targets-safer-crime.yaml")
    assert files["safer-crime"]["rows"] == [9, 10]
    includes = {i["outcome"]: i for i in data["includes"]}
    safer = includes["safer-crime"]
    assert safer["line"] == "- include: ../northfleet-laa-2008/targets-safer-crime.yaml"
    assert safer["inserted"] is True and safer["inserted_at"]["file"].endswith("safer.yaml")
    assert safer["at"]["line"] == 22 and safer["list_exists"] is True
    (changed,) = [r for r in data["refresh"] if not r["same"]]
    assert changed["indicator"] == "NI 171" and changed["differences"] == [
        "2010/11 target: 42 → 43"
    ]
    assert changed["at"]["file"].endswith("northfleet-laa-2008.yaml")
    assert data["insert_refused"] == []
    assert data["validated"] == {"errors": 0, "warnings": 0}


def test_json_report_of_an_agreement_that_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    broken = tmp_path / "broken.yaml"
    broken.write_text("area: [unclosed\n", "utf-8")
    sheet = tmp_path / "one.csv"
    sheet.write_text(ONE_ROW, "utf-8")
    code, out, _ = run(
        capsys, "import-targets", str(sheet), "--into", str(broken), "--format", "json"
    )
    assert code == 2
    data = json.loads(out)
    assert data["readable"] is False and data["written"] is False and data["errors"] >= 1
    assert data["problems"][0]["file"].endswith("broken.yaml") and data["problems"][0]["line"]


def test_a_row_marked_statutory_must_be_a_statutory_target(tmp_path: Path) -> None:
    # NI 102 (achievement gaps) is a national indicator but not one of the 16 statutory
    # education targets; validation would report N006 after the import.
    sheet = workbook(
        tmp_path / "s.xlsx",
        [
            [*HEAD, *YEARS],
            ["econ-enterprise", "NI 102", None, None, "statutory", "nbc", 1, None, 1, 2, 3],
            ["statutory", "NI 102", None, None, "designated", "nbc", 1, None, 1, 2, 3],
            ["econ-enterprise", None, "L1", "Local", "statutory", "nbc", 1, None, 1, 2, 3],
        ],
    )
    p = plan(NORTHFLEET, sheet, out=tmp_path / "out")
    assert [c for c in problems(p) if c[0] == "I034"] == [
        ("I034", "E2"),
        ("I034", "A3"),
        ("I034", "E4"),
    ]
    assert "NI 102 is not one of the 16 statutory" in p.problems[0].message
    assert (
        "a local indicator is not one of the 16"
        in [x.message for x in p.problems if x.code == "I034"][2]
    )
