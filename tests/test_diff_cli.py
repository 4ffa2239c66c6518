"""`drafter diff`: exit status as diff(1), every output format, folders, documents."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from tests.agreement_data import laa2008, write
from tests.conftest import AGREEMENTS
from tests.extract import docx_text, pdf_text
from tests.test_cli import run

OLD = str(AGREEMENTS / "northfleet-laa-2008.yaml")
NEW = str(AGREEMENTS / "northfleet-laa-2008-v2.yaml")


def test_same_is_0_different_is_1_trouble_is_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "diff", OLD, OLD)[0] == 0
    assert run(capsys, "diff", OLD, NEW)[0] == 1
    code, _, err = run(capsys, "diff", OLD, str(tmp_path / "missing.yaml"))
    assert code == 2 and "does not exist" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    code, _, err = run(capsys, "diff", OLD, str(bad))
    assert code == 2 and "cannot be read" in err and "Traceback" not in err


def test_text_report_names_items_values_and_has_no_colour_off_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "diff", OLD, NEW)
    assert code == 1
    assert "version 1.0 (submitted) → version 2.0 (signed)" in out
    assert "NI 117: 16 to 18 year olds" in out
    assert "~ 2010/11 target: 6.4% → 6.2%" in out
    assert "~ 2010/11 amount: £80,000 → £95,000" in out
    assert "+ NI 172: VAT registered businesses in the area showing growth — added" in out
    assert "- NI 171" in out and "— removed" in out
    assert "\x1b[" not in out


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    import os

    from drafter.diff.command import stdout_colour

    os.environ["NO_COLOR"] = "1"
    try:
        assert not stdout_colour()
    finally:
        del os.environ["NO_COLOR"]
    from drafter.diff import compare
    from drafter.diff.text import report
    from drafter.load import load

    a, b = load(Path(OLD)).agreement, load(Path(NEW)).agreement
    assert a is not None and b is not None
    coloured = report(a, b, compare(a, b), colour=True)
    assert "\x1b[" in coloured


def test_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", OLD, NEW, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["format"] == "drafter-diff" and data["version"] == 1 and data["same"] is False
    (comparison,) = data["comparisons"]
    assert set(comparison) == {"old", "new", "same", "counts", "changes"}
    assert comparison["old"]["version"] == "1.0" and comparison["new"]["version"] == "2.0"
    change = next(c for c in comparison["changes"] if c["item"]["key"] == "abg-cohesion")
    assert change == {
        "kind": "changed",
        "item": {
            "type": "FundingStream",
            "key": "abg-cohesion",
            "path": ["funding", "streams", "abg-cohesion"],
            "old_path": ["funding", "streams", "abg-cohesion"],
        },
        "field": ["amounts", "2010/11"],
        "old": {"value": 80000},
        "new": {"value": 95000},
        "reason": "CLG confirmed the 2010/11 allocation in its letter of 4 June 2008.",
    }
    # The entry of the change log that gives that reason is in the JSON too, as an item.
    (entry,) = [
        c
        for c in comparison["changes"]
        if c["item"]["type"] == "StreamChange" and c["item"]["path"][2] == "abg-cohesion"
    ]
    assert entry["kind"] == "added" and entry["field"] == []
    assert entry["item"]["path"][3] == "changes"
    assert entry["new"]["was"] == {"amounts": {"2010/11": {"value": 80000}}}
    assert entry["reason"] == change["reason"]


def test_markdown_and_html_reports(capsys: pytest.CaptureFixture[str]) -> None:
    _, md, _ = run(capsys, "diff", OLD, NEW, "--format", "markdown")
    assert md.startswith("# Schedule of changes: Northfleet Local Area Agreement 2008–11")
    assert "| Ref | Indicator | Status | Original | Revised | Reason |" in md
    assert "| NI 117: 16 to 18 year olds" in md and "2010/11 target: 6.2%" in md
    _, html, _ = run(capsys, "diff", OLD, NEW, "--format", "html")
    assert html.startswith("<!DOCTYPE html>")
    assert '<h1 id="indicators">1 Indicators and targets</h1>' in html
    assert "<del>" in html and "<ins>" in html


def test_documents_are_written_with_the_schedule_and_redline(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys,
        "diff",
        OLD,
        NEW,
        "--to",
        "docx,pdf,json",
        "--redline",
        "--out",
        str(tmp_path),
        "--today",
        "2008-07-01",
    )
    assert code == 1, err
    stem = "northfleet-laa-2008-v2"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        f"{stem}-{x}" for x in ("changes.docx", "changes.pdf", "changes.json", "redline.docx")
    )
    text = docx_text(tmp_path / f"{stem}-changes.docx")
    # The span of years in the title is kept on one line by two zero-width no-breaks.
    assert "Schedule of changes: Northfleet Local Area Agreement 2008–\u200d\u206011" in text
    text = text.replace("\u200d\u2060", "")
    assert (
        "NI 117: 16 to 18 year olds who are not in education, training or employment (NEET)" in text
    )
    assert "Changed" in text and "No change" in text and "New" in text and "Removed" in text
    document = docx.Document(str(tmp_path / f"{stem}-changes.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == [
        "1 Indicators and targets",
        "2 Funding streams",
        "3 Freedoms and flexibilities",
        "4 Other changes",
    ]
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape
    pdf = pdf_text(tmp_path / f"{stem}-changes.pdf")
    assert "Indicators and targets" in pdf and "2010/11 target: 6.2%" in pdf
    from pypdf import PdfReader

    outline = [
        o.title
        for o in PdfReader(tmp_path / f"{stem}-changes.pdf").outline
        if not isinstance(o, list)
    ]
    assert "1 Indicators and targets" in outline
    assert json.loads((tmp_path / f"{stem}-changes.json").read_text())["same"] is False
    assert "Wrote" in err


def test_folders_are_paired_by_agreement_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    old_dir.mkdir(), new_dir.mkdir()
    a = laa2008()
    b = copy.deepcopy(a)
    b["version"] = "2.0"
    other = copy.deepcopy(a)
    other["id"] = "another"
    write(old_dir, a, "testborough.yaml")
    write(new_dir, b, "renamed-file.yaml")
    write(new_dir, other, "another.yaml")
    code, out, _ = run(capsys, "diff", str(old_dir), str(new_dir))
    assert code == 1
    assert "~ version: 1.0 → 2.0" in out
    assert f"Only in {new_dir}: another" in out
    code, out, _ = run(capsys, "diff", str(old_dir), str(new_dir), "--format", "json")
    data = json.loads(out)
    assert [x["id"] for x in data["added_agreements"]] == ["another"]
    assert data["removed_agreements"] == []


def test_bad_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "diff", OLD, NEW, "--to", "xlsx")
    assert code == 2 and "unknown format xlsx" in err


def test_diff_does_not_import_heavy_back_ends() -> None:
    code = (
        "import sys; from drafter.cli import main\n"
        "try:\n"
        f"    main(['diff', {OLD!r}, {NEW!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('weasyprint', 'docx', 'jinja2') if m in sys.modules]\n"
        "print('heavy:' + ','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "heavy:"


def test_installed_command_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "drafter"
    if not exe.exists() and shutil.which("drafter") is None:
        pytest.skip("the drafter command is not installed")
    done = subprocess.run(
        [str(exe if exe.exists() else "drafter"), "diff", OLD, NEW],
        capture_output=True,
        text=True,
        check=False,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1 and "NI 117" in done.stdout


def test_word_schedule_keeps_each_table_with_its_intro_and_the_years_together(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "diff", OLD, NEW, "--to", "docx", "--out", str(tmp_path))
    assert code == 1, err
    body = docx.Document(str(tmp_path / "northfleet-laa-2008-v2-changes.docx")).element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    tables = [t for t in body.iterchildren(f"{w}tbl")][1:]  # after the cover facts
    assert len(tables) == 3  # indicators, funding, freedoms
    for table in tables:
        intro = table.getprevious()
        assert intro.tag == f"{w}p" and intro.find(f"{w}pPr/{w}keepNext") is not None
    title = next(
        p for p in body.iterchildren(f"{w}p") if "Schedule of changes" in "".join(p.itertext())
    )
    assert "2008–\u200d\u206011" in "".join(title.itertext())


def test_a_pdf_that_fails_in_its_worker_is_reported_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The schedule's PDF is laid out in a forked worker beside the Word files: its
    failure (here WeasyPrint's, in the warm-up and the report alike) must reach the
    user as a message, and no document of the set may be written."""
    from drafter.errors import RenderError
    from drafter.render import pdf

    def broken(*_: object, **__: object) -> bytes:
        raise RenderError("the PDF engine failed")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)  # the worker is a fork: it has this too
    out = tmp_path / "out"
    code, _, err = run(capsys, "diff", OLD, NEW, "--to", "docx,pdf", "--redline", "--out", str(out))
    assert code == 2, err
    assert "nothing written — the PDF engine failed" in err and "Traceback" not in err
    assert not out.exists() or not list(out.iterdir())
