"""Summaries, packs and reward statements as documents, read as a GO officer would."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from drafter.cli import main
from drafter.context.wording import REGION_NAMES
from drafter.load import load
from drafter.model import Region, TargetType
from drafter.register import register
from drafter.render import RenderOptions, render_agreement

from .agreement_data import laa2008, write
from .conftest import AGREEMENTS, good_examples
from .extract import docx_text, pdf_text
from .test_cli import run
from .test_pack import summary_of

TODAY = "2008-07-01"


REGIONS = ("GONW", "GOSW", "GOWM", "GOYH")  # the examples' regions


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The packs of every example, in every format (made once: the PDF takes a while)."""
    out = tmp_path_factory.mktemp("pack")
    with pytest.raises(SystemExit) as e:
        main(["pack", *map(str, good_examples()), "--out", str(out), "--today", TODAY])
    assert e.value.code == 0
    yield out


@pytest.fixture(scope="module")
def summary_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The summary of each example, as PDF and workbook."""
    out = tmp_path_factory.mktemp("summaries")
    for path in good_examples():
        with pytest.raises(SystemExit) as e:
            main(["pack", str(path), "--to", "pdf,xlsx", "--out", str(out), "--today", TODAY])
        assert e.value.code == 0
    yield out


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def test_agreements_of_several_regions_make_a_pack_per_region(pack_dir: Path) -> None:
    assert sorted(p.name for p in pack_dir.iterdir()) == sorted(
        f"sign-off-pack-{r}.{fmt}" for r in REGIONS for fmt in ("docx", "html", "pdf", "xlsx")
    )
    for region in REGIONS:
        text = pdf_text(pack_dir / f"sign-off-pack-{region}.pdf")
        assert f"{REGION_NAMES[Region(region)]}: sign-off pack" in text
    gowm = pdf_text(pack_dir / "sign-off-pack-GOWM.pdf")
    assert "Northfleet" in gowm and "Hartsmoor" not in gowm and "Wessex" not in gowm


def test_pdf_bookmarks_and_landscape_pages(pack_dir: Path) -> None:
    reader = PdfReader(pack_dir / "sign-off-pack-GOWM.pdf")
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles == [
        "1 Overview",
        "2 National indicators chosen",
        "3 Freedom requests by department",
        "4 Northfleet: Local Area Agreement 2008–11",
        "5 Northfleet: Local Area Agreement 2008–11",
    ]
    # Every page is landscape, so that a target takes one line of its table.
    assert all(float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages)
    text = pdf_text(pack_dir / "sign-off-pack-GOWM.pdf")
    assert "Ready for sign-off" in text and "Sign-off checklist" in text


def test_docx_has_real_headings(pack_dir: Path) -> None:
    document = docx.Document(str(pack_dir / "sign-off-pack-GOYH.docx"))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "1 Overview") in headings
    assert ("Heading 1", "4 Millbrook: Local Public Service Agreement 2005–08") in headings
    assert ("Heading 2", "4.1 Readiness for sign-off") in headings
    assert all(s.page_width > s.page_height for s in document.sections)  # landscape
    assert "Still to be agreed" in docx_text(pack_dir / "sign-off-pack-GOYH.docx")


def test_the_register_lists_every_open_item_and_nothing_else(pack_dir: Path) -> None:
    shown = []
    for region in REGIONS:
        html = (pack_dir / f"sign-off-pack-{region}.html").read_text(encoding="utf-8")
        tables = re.findall(
            r'<table class="data[^"]*" id="[^"]*-register">(.*?)</table>', html, re.S
        )
        shown += [plain(cells[3]).strip() for t in tables for cells in _rows(t)]
    expected = []
    for path in sorted(good_examples(), key=lambda p: summary_of(p).headline.area):
        s = summary_of(path)
        assert s.agreement.date is not None
        expected.append([e.what for e in register(s.agreement, s.agreement.date)])
    flat = sorted(w for ws in expected for w in ws)
    assert sorted(shown) == sorted(plain(w).strip() for w in flat)
    assert len(shown) == len(flat) > 20  # Hartsmoor's refresh alone has over a dozen


def _rows(table: str) -> list[list[str]]:
    body = table.split("<tbody>", 1)[1]
    return [
        re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_the_matrix_counts_indicators_per_area_and_per_indicator(pack_dir: Path) -> None:
    html = (pack_dir / "sign-off-pack-GOWM.html").read_text(encoding="utf-8")
    # A long matrix is laid out as several tables of 40 rows, each with its header.
    tables = re.findall(
        r'<table class="data[^"]*" id="pack-matrix(?:-\d+)?">(.*?)</table>', html, re.S
    )
    head = [plain(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", tables[0], re.S)]
    assert head == ["NI", "Indicator", "Northfleet (v1.0)", "Northfleet (v2.0)", "Areas"]
    rows = [row for t in tables for row in _rows(t)]
    ni117 = next(r for r in rows if plain(r[0]).strip() == "NI 117")
    assert [plain(c).strip() for c in ni117[2:]] == ["D", "D", "2"]
    # NI 172 joined the designated targets in version 2, and is counted once.
    ni172 = next(r for r in rows if plain(r[0]).strip() == "NI 172")
    assert [plain(c).strip() for c in ni172[2:]] == ["", "D", "1"]
    totals = [plain(c).strip() for c in rows[-1][2:4]]
    assert totals == ["35", "35"]


def test_every_example_summary_is_two_to_four_pages(summary_dir: Path) -> None:
    for path in good_examples():
        pdf = summary_dir / f"{path.stem}-summary.pdf"
        assert 2 <= len(PdfReader(pdf).pages) <= 4, pdf.name


def test_the_summary_of_an_lpsa(summary_dir: Path) -> None:
    text = pdf_text(summary_dir / "millbrook-lpsa2-summary.pdf")
    assert "Government Office summary: Millbrook Local Public Service Agreement 2005–08" in text
    flat = " ".join(text.split())  # table cells wrap over lines
    assert "Reward potential: maximum reward, as stated in the agreement" in flat
    assert "£5,296,750.00" in text


def test_designated_targets_take_one_compact_row_each(summary_dir: Path) -> None:
    flat = " ".join(pdf_text(summary_dir / "northfleet-laa-2008-summary.pdf").split())
    assert "Indicator Baseline (period) 2010/11 target Lead" in flat
    # NI number and a shortened title; baseline with its period; final-year target; lead.
    assert "NI 117: 16 to 18 year olds who are not in education, training or employment" in flat
    assert "NI 130: Social Care clients receiving Self Directed Support 165 (2007/08) 410" in flat


def _sheet(path: Path, name: str) -> list[dict[str, Any]]:
    ws = load_workbook(path)[name]
    head, *body = ws.iter_rows(values_only=True)
    return [dict(zip(head, r, strict=True)) for r in body]


def test_what_a_summary_only_counts_is_in_the_agreement_and_the_workbook(
    summary_dir: Path, tmp_path: Path
) -> None:
    source = AGREEMENTS / "hartsmoor-laa-2008-refresh.yaml"
    summary = " ".join(pdf_text(summary_dir / f"{source.stem}-summary.pdf").split())
    workbook = summary_dir / f"{source.stem}-summary.xlsx"
    loaded = load(source)
    written = render_agreement(loaded, ["html"], tmp_path, RenderOptions())
    document = plain(written[0].read_text(encoding="utf-8"))
    a = loaded.agreement
    assert a is not None
    # The statutory targets are counted in the summary, row by row elsewhere.
    assert "12 statutory education and early years targets" in summary
    targets = _sheet(workbook, "Targets")
    statutory = {r["Indicator"] for r in targets if r["Kind of target"] == "statutory"}
    rows = [*a.indicators(), *a.statutory]
    kept = {i.code for i in rows if i.in_agreement and i.type is TargetType.STATUTORY}
    assert statutory == kept and len(kept) == 12
    title = "Achievement of at least 78 points across the Early Years Foundation Stage"
    assert title not in summary and title in document
    # Funding streams are totalled; each stream is in the agreement and the workbook.
    streams = {r["Stream"] for r in _sheet(workbook, "Funding")}
    assert streams == {f.name for f in a.funding.streams}
    for f in a.funding.streams:
        assert f.name in document
    # Freedoms are counted; each request and its answer are there in full.
    answers = {r["Request"]: r["Answer or conditions"] for r in _sheet(workbook, "Freedoms")}
    for fr in a.freedoms:
        assert fr.title in document and fr.title in answers
    # The changes approved at refresh are named; their values are in the agreement's
    # record and in the Changes sheet.
    assert "Renegotiated values in force: NI 152," in summary
    assert "(was 13.4%, then 15.2%)" not in summary and "(was 13.4%, then 15.2%)" in document
    changes = _sheet(workbook, "Changes")
    assert sum(1 for r in changes if r["Awaiting sign-off"] == "No") > 20
    ni152 = [
        (r["Refresh"], r["Original"], r["Renegotiated (or proposed)"])
        for r in changes
        if r["Item"] == "NI 152" and r["What changed"] == "2009/10 target"
    ]
    assert ni152 == [("2009 refresh", "13.4%", "15.2%"), ("2010 refresh", "15.2%", "16.4%")]


def summary_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict[str, Any], *extra: str
) -> str:
    path = write(tmp_path, data)
    code, out, err = run(capsys, "pack", str(path), "--to", "html", "--out", str(tmp_path), *extra)
    assert code == 0, out + err
    return plain((tmp_path / "agreement-summary.html").read_text(encoding="utf-8"))


def test_unknown_amounts_are_said_never_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = laa2008()
    data["funding"]["streams"][0]["amounts"] = {
        y: {"missing": "allocation letter", "owner": "council", "due": "2008-09-30"}
        for y in ("2008/09", "2009/10", "2010/11")
    }
    text = summary_html(tmp_path, capsys, data)
    assert "not yet known (3 amounts)" in text
    assert "£0" not in text


def test_refresh_and_pending_changes_are_marked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = laa2008()
    ni117 = data["themes"][0]["outcomes"][0]["indicators"][0]
    ni117["changes"] = [
        {
            "reason": "Revised population estimates",
            "was": {"baseline": 49.0},
            "approval": {"status": "approved", "by": "GOWM", "date": "2009-03-31"},
        },
        {
            "reason": "New survey baseline",
            "proposed": {"baseline": 51.5},
            "approval": {"status": "awaiting", "by": "GOWM", "date": "2009-04-30"},
        },
    ]
    text = summary_html(tmp_path, capsys, data)
    assert "Refresh Changes recorded without naming a refresh, 2 changes: 1 approved or in " in text
    assert "in force and 1 awaiting Government Office sign-off." in text
    assert "Renegotiated values in force: NI 117." in text  # counted, not listed
    assert "Revised population estimates" not in text
    # The change awaiting sign-off is in full: original and proposed values, commentary.
    assert "baseline: 51.5" in text
    assert "AWAITING SIGN-OFF: awaiting GOWM, due 30 April 2009" in text
    assert "New survey baseline" in text


def test_previous_version_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "pack",
        str(AGREEMENTS / "northfleet-laa-2008-v2.yaml"),
        "--previous",
        str(AGREEMENTS / "northfleet-laa-2008.yaml"),
        "--to",
        "html",
        "--out",
        str(tmp_path),
    )
    assert code == 0, out + err
    text = plain((tmp_path / "northfleet-laa-2008-v2-summary.html").read_text(encoding="utf-8"))
    assert "Changes since version 1.0 (submitted, 16 May 2008)" in text
    assert "2009/10 target: 7.0% → 6.9%" in text
    assert "GOWM asked for a steeper trajectory" in text  # the reason recorded
    assert "NI 172: VAT registered businesses in the area showing growth" in text


def test_region_by_name_and_what_is_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "pack",
        str(AGREEMENTS),
        "--region",
        "West Midlands",
        "--to",
        "xlsx",
        "--out",
        str(tmp_path),
    )
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["sign-off-pack-GOWM.xlsx"]
    assert "millbrook-lpsa2.yaml: left out (in GOYH, not GOWM)" in out
    code, _, err = run(capsys, "pack", str(AGREEMENTS), "--region", "Wessex")
    assert code == 2 and "not a Government Office region" in err
    code, _, err = run(capsys, "pack", str(AGREEMENTS), "--region", "GOL", "--out", str(tmp_path))
    assert code == 1 and "No agreement in Government Office for London" in err
    assert "Traceback" not in err


def test_a_failing_agreement_is_named_in_its_pack_and_the_rest_are_packed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "agreements"
    folder.mkdir()
    for name in ("wessex-laa-2006.yaml", "millbrook-lpsa2.yaml"):
        shutil.copy(AGREEMENTS / name, folder)
    (folder / "bad.yaml").write_text("id: [\n", encoding="utf-8")  # not even YAML
    (folder / "half.yaml").write_text("id: half\narea: {region: GOSW}\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run(capsys, "pack", str(folder), "--to", "html", "--out", str(out))
    assert code == 2 and "Traceback" not in err
    assert "bad.yaml: cannot be read as an agreement (1 error), so it is left out:" in err
    assert "half.yaml: cannot be read as an agreement" in err
    gosw = plain((out / "sign-off-pack-GOSW.html").read_text(encoding="utf-8"))
    goyh = plain((out / "sign-off-pack-GOYH.html").read_text(encoding="utf-8"))
    # Each pack says what it does not include: a file naming its region goes in that
    # region's pack; one whose region cannot be told in every pack.
    assert re.search(
        r"Not included: \S*bad\.yaml — cannot be read as an agreement \(1 error\); "
        r"\S*half\.yaml — cannot be read",
        gosw,
    )
    assert "half.yaml" not in goyh and "bad.yaml — cannot be read" in goyh
    assert "Wessex" in gosw and "Millbrook" in goyh


def test_reward_statement_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "reward",
        str(AGREEMENTS / "millbrook-lpsa2.yaml"),
        "--actuals",
        str(AGREEMENTS / "actuals" / "millbrook-lpsa2.yaml"),
        "--format",
        "pdf",
        "--out",
        str(tmp_path),
    )
    assert code == 0, out
    text = pdf_text(tmp_path / "millbrook-lpsa2-reward.pdf")
    assert "Reward statement: Millbrook Local Public Service Agreement 2005–08" in text
    assert "£164,874.33" in text and "74.70…%" in text
    titles = [
        o.title
        for o in PdfReader(tmp_path / "millbrook-lpsa2-reward.pdf").outline
        if not isinstance(o, list)
    ]
    assert titles == ["1 Basis of the reward", "2 The working", "3 Totals and payments"]


def test_a_very_long_title_is_cut_in_the_word_properties(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = laa2008()
    data["title"] = "Testborough Local Area Agreement " + "and its many partners " * 20
    path = write(tmp_path, data)
    code, out, err = run(capsys, "pack", str(path), "--to", "docx", "--out", str(tmp_path))
    assert code == 0, out + err
    core = docx.Document(str(tmp_path / "agreement-summary.docx")).core_properties
    assert len(core.title) == 255 and core.title.endswith("…")


def test_actuals_in_the_pack_say_what_was_earned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    actuals = AGREEMENTS / "actuals" / "millbrook-lpsa2.yaml"
    millbrook = AGREEMENTS / "millbrook-lpsa2.yaml"
    args = ("pack", str(millbrook), "--to", "html", "--out", str(tmp_path))
    code, out, err = run(capsys, *args, "--actuals", str(actuals))
    assert code == 0, out + err
    text = plain((tmp_path / "millbrook-lpsa2-summary.html").read_text(encoding="utf-8"))
    assert "Earned on the outturns reported £4,380,191.43" in text
    bad = tmp_path / "bad.yaml"
    bad.write_text("agreement: millbrook-lpsa2\noutturns:\n  t99: {value: 1}\n", "utf-8")
    code, _, err = run(capsys, *args, "--actuals", str(bad))
    assert code == 1 and "bad.yaml:3:3: error O003" in err and "Traceback" not in err
