"""`drafter build` and `drafter new --project` on the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from drafter.project import load_project

from .conftest import AGREEMENTS, BROKEN
from .test_cli import run


def test_new_project_writes_a_project_that_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "agreements").mkdir()
    shutil.copy(AGREEMENTS / "millbrook-lpsa2.yaml", tmp_path / "agreements")
    code, out, _ = run(capsys, "new", "--project", "--out", str(tmp_path))
    assert code == 0 and "drafter.yaml" in out
    project = load_project(tmp_path)
    assert [p.name for p in project.agreements] == ["millbrook-lpsa2.yaml"]
    code, _, err = run(capsys, "new", "--project", "--out", str(tmp_path))
    assert code == 2 and "already exists" in err
    (tmp_path / "drafter.yaml").write_text(
        (tmp_path / "drafter.yaml").read_text().replace("[docx, pdf, html]", "[html]")
    )
    code, out, _ = run(capsys, "build", str(tmp_path))
    assert code == 0, out
    assert "1 built" in out
    assert (tmp_path / "output" / "millbrook-lpsa2.html").is_file()
    code, out, _ = run(capsys, "build", str(tmp_path))
    assert code == 0 and "1 up to date" in out


def test_build_reports_a_failing_agreement_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(AGREEMENTS / "millbrook-lpsa2.yaml", tmp_path)
    shutil.copy(BROKEN / "broken.yaml", tmp_path)
    (tmp_path / "drafter.yaml").write_text("formats: [html]\n")
    code, out, _ = run(capsys, "build", str(tmp_path), "-j", "1")
    assert code == 1
    assert "broken.yaml" in out and "not rendered" in out and "1 built" in out
    assert "broken.yaml:" in out  # the first error, with its place in the file


def test_build_with_a_bad_project_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "drafter.yaml").write_text("formats: [html]\nouptut: x\n")
    code, _, err = run(capsys, "build", str(tmp_path))
    assert code == 2
    assert "drafter.yaml:2:" in err and "unknown setting 'ouptut'" in err


def test_build_without_a_project_file_says_how_to_make_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "build", str(tmp_path))
    assert code == 2 and "drafter new --project" in err


def test_new_without_generation_or_project_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "new", "--area", "Northfleet")
    assert code == 2 and "--generation" in err


def test_agreement_text_is_never_read_as_terminal_markup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (BROKEN / "broken.yaml").read_text(encoding="utf-8")
    (tmp_path / "[bold]odd[-].yaml").write_text(text, encoding="utf-8")
    (tmp_path / "drafter.yaml").write_text("formats: [html]\n")
    code, out, _ = run(capsys, "build", str(tmp_path), "-j", "1")
    assert code == 1
    assert "[bold]odd[-].yaml" in out
