"""drafter.yaml: a strict schema, errors with line numbers, every path inside the project."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from drafter.project import ProjectError, load_project, starter

from .conftest import AGREEMENTS


def project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "agreements").mkdir(exist_ok=True)
    shutil.copy(AGREEMENTS / "millbrook-lpsa2.yaml", tmp_path / "agreements")
    (tmp_path / "drafter.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ProjectError) as info:
        load_project(project(tmp_path, text))
    return str(info.value)


def test_settings_are_read_and_paths_resolved(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        "agreements: [agreements/]\noutput: out\nformats: [pdf, docx]\npdf_a: true\n"
        "today: 2008-06-30\n",
    )
    p = load_project(root)
    assert p.root == root.resolve()
    assert p.agreements == ((root / "agreements" / "millbrook-lpsa2.yaml").resolve(),)
    assert p.output == (root / "out").resolve()
    assert p.formats == ("pdf", "docx")
    assert p.pdf_a is True and p.today == dt.date(2008, 6, 30)


def test_the_starter_file_is_a_valid_project(tmp_path: Path) -> None:
    p = load_project(project(tmp_path, starter()))
    assert p.formats == ("docx", "pdf", "html")
    assert [a.name for a in p.agreements] == ["millbrook-lpsa2.yaml"]


def test_unknown_setting_named_with_its_line(tmp_path: Path) -> None:
    message = error(tmp_path, "agreements: [agreements/]\n\noutptu: out\n")
    assert "drafter.yaml:3:" in message
    assert "unknown setting 'outptu'" in message and "output" in message


def test_wrong_format_named_with_its_line(tmp_path: Path) -> None:
    message = error(tmp_path, "formats:\n  - docx\n  - odt\n")
    assert "drafter.yaml:3:" in message and "formats.1" in message and "'pdf'" in message


@pytest.mark.parametrize(
    "text",
    ["output: ../elsewhere\n", "agreements: [/etc]\n", "templates: ../../t\n"],
    ids=["output", "agreements", "templates"],
)
def test_paths_outside_the_project_are_refused(tmp_path: Path, text: str) -> None:
    assert "outside the project folder" in error(tmp_path, text)


def test_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "p"
    root.mkdir()
    (root / "link").symlink_to(outside)
    assert "outside the project folder" in error(root, "agreements: [link/]\n")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: &x 1\nb: *x\n", "aliases"),
        ("output: !!python/object:os.system ls\n", "drafter.yaml:1"),
        ("output: [unclosed\n", "not valid YAML"),
        ("- just a list\n", "should hold settings"),
        ("output: out\noutput: again\n", "set twice"),
        ("pdf_a: 3\n", "pdf_a"),
    ],
    ids=["alias", "tag", "syntax", "list", "twice", "type"],
)
def test_bad_files_are_clear_errors(tmp_path: Path, text: str, words: str) -> None:
    assert words in error(tmp_path, text)


def test_no_project_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="drafter new --project"):
        load_project(tmp_path)


def test_excluded_files_are_left_out(tmp_path: Path) -> None:
    root = project(
        tmp_path, "agreements: [agreements/]\nexclude: [agreements/millbrook-lpsa2.yaml]\n"
    )
    assert load_project(root).agreements == ()


def test_a_folder_of_agreements_does_not_count_its_project_file(tmp_path: Path) -> None:
    from drafter.load import iter_files

    root = project(tmp_path, "formats: [html]\n")
    shutil.copy(root / "drafter.yaml", root / "agreements" / "drafter.yaml")
    assert [p.name for p in iter_files([root / "agreements"])] == ["millbrook-lpsa2.yaml"]
