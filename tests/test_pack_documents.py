"""Summaries, packs and reward statements as documents, read as a GO officer would."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from drafter.cli import main
from drafter.register import register

from .agreement_data import laa2008, write
from .conftest import AGREEMENTS, good_examples
from .extract import docx_text, pdf_text
from .test_cli import run
from .test_pack import summary_of

TODAY = "2008-07-01"


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The pack of every example, in every format (made once: the PDF takes a while)."""
    out = tmp_path_factory.mktemp("pack")
    with pytest.raises(SystemExit) as e:
        main(["pack", *map(str, good_examples()), "--out", str(out), "--today", TODAY])
    assert e.value.code == 0
    yield out


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def test_the_pack_is_made_in_every_format(pack_dir: Path) -> None:
    assert sorted(p.name for p in pack_dir.iterdir()) == [
        "pack.docx",
        "pack.html",
        "pack.pdf",
        "pack.xlsx",
    ]


def test_pdf_bookmarks_and_landscape_pages(pack_dir: Path) -> None:
    reader = PdfReader(pack_dir / "pack.pdf")
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[:3] == [
        "1 Overview",
        "2 National indicators chosen",
        "3 Freedom requests by department",
    ]
    assert "6 Northfleet: Local Area Agreement 2008–11" in titles
    overview = reader.pages[1]
    assert float(overview.mediabox.width) > float(overview.mediabox.height)  # landscape
    summary_page = reader.pages[-1]
    assert float(summary_page.mediabox.width) < float(summary_page.mediabox.height)
    text = pdf_text(pack_dir / "pack.pdf")
    assert "Ready for sign-off" in text and "Sign-off checklist" in text


def test_docx_has_real_headings(pack_dir: Path) -> None:
    document = docx.Document(str(pack_dir / "pack.docx"))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "1 Overview") in headings
    assert ("Heading 1", "5 Millbrook: Local Public Service Agreement 2005–08") in headings
    assert ("Heading 2", "5.1 Readiness for sign-off") in headings
    landscape = [s for s in document.sections if s.page_width > s.page_height]
    assert landscape, "the overview and matrix are on landscape pages"
    assert "Still to be agreed" in docx_text(pack_dir / "pack.docx")


def test_the_register_lists_every_open_item_and_nothing_else(pack_dir: Path) -> None:
    html = (pack_dir / "pack.html").read_text(encoding="utf-8")
    tables = re.findall(r'<table class="data[^"]*" id="[^"]*-register">(.*?)</table>', html, re.S)
    shown = [plain(cells[3]).strip() for t in tables for cells in _rows(t)]
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
    html = (pack_dir / "pack.html").read_text(encoding="utf-8")
    # A long matrix is laid out as several tables of 40 rows, each with its header.
    tables = re.findall(
        r'<table class="data[^"]*" id="pack-matrix(?:-\d+)?">(.*?)</table>', html, re.S
    )
    head = [plain(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", tables[0], re.S)]
    assert head == [
        "NI",
        "Indicator",
        "Hartsmoor",
        "Millbrook",
        "Northfleet (v1.0)",
        "Northfleet (v2.0)",
        "Wessex",
        "Areas",
    ]
    rows = [row for t in tables for row in _rows(t)]
    ni117 = next(r for r in rows if plain(r[0]).strip() == "NI 117")
    marks = [plain(c).strip() for c in ni117[2:]]
    assert marks[1:5] == ["", "D", "D", ""]
    assert marks[-1] == str(sum(1 for m in marks[:-1] if m))  # the areas that chose it
    totals = [plain(c).strip() for c in rows[-1][3:7]]
    assert totals == ["0", "35", "35", "0"]
    assert int(plain(rows[-1][2])) > 20  # Hartsmoor's designated targets


def test_the_summary_of_an_lpsa_fits_on_two_to_four_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "pack",
        str(AGREEMENTS / "millbrook-lpsa2.yaml"),
        "--to",
        "pdf",
        "--out",
        str(tmp_path),
    )
    assert code == 0, out
    pdf = tmp_path / "millbrook-lpsa2-summary.pdf"
    assert 2 <= len(PdfReader(pdf).pages) <= 4
    text = pdf_text(pdf)
    assert "Government Office summary: Millbrook Local Public Service Agreement 2005–08" in text
    flat = " ".join(text.split())  # table cells wrap over lines
    assert "Reward potential: maximum reward, as stated in the agreement" in flat
    assert "£5,296,750.00" in text


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
            "reason": "New survey baseline",
            "proposed": {"baseline": 51.5},
            "approval": {"status": "awaiting", "by": "GOWM", "date": "2009-04-30"},
        }
    ]
    text = summary_html(tmp_path, capsys, data)
    assert "Refresh: original and renegotiated values" in text
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
    assert (tmp_path / "gowm-pack.xlsx").exists()
    assert "millbrook-lpsa2.yaml: left out (in GOYH, not GOWM)" in out
    code, _, err = run(capsys, "pack", str(AGREEMENTS), "--region", "Wessex")
    assert code == 2 and "not a Government Office region" in err
    code, _, err = run(capsys, "pack", str(AGREEMENTS), "--region", "GOL", "--out", str(tmp_path))
    assert code == 1 and "No agreement in Government Office for London" in err
    assert "Traceback" not in err


def test_unreadable_agreements_are_named_and_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "agreements"
    folder.mkdir()
    shutil.copy(AGREEMENTS / "wessex-laa-2006.yaml", folder)
    (folder / "bad.yaml").write_text("id: [\n", encoding="utf-8")
    code, _out, err = run(
        capsys, "pack", str(folder), "--to", "xlsx", "--out", str(tmp_path / "out")
    )
    assert code == 2
    assert "bad.yaml: cannot be read as an agreement" in err
    assert (tmp_path / "out" / "wessex-laa-2006-summary.xlsx").exists()


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
