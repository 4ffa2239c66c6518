"""Atomic writes: one file or a set, all or nothing, with the usual permissions."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.errors import DrafterError
from drafter.write import write_atomic, write_set

from .badinput import GOOD


def test_replaces_the_file_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.pdf"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]  # no temporary left
    assert target.stat().st_mode & 0o044 == 0o044


def test_a_failure_is_reported_and_leaves_nothing_behind(tmp_path: Path) -> None:
    blocker = tmp_path / "output"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(DrafterError, match="Could not write"):
        write_atomic(blocker / "a.pdf", b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


def test_a_set_is_written_whole(tmp_path: Path) -> None:
    a, b = tmp_path / "x.html", tmp_path / "x.pdf"
    write_set([(a, b"html 1"), (b, b"pdf 1")])
    write_set([(a, b"html 2"), (b, b"pdf 2")])
    assert (a.read_bytes(), b.read_bytes()) == (b"html 2", b"pdf 2")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.html", "x.pdf"]


def test_a_folder_in_the_way_changes_nothing(tmp_path: Path) -> None:
    a, b, c = tmp_path / "x.docx", tmp_path / "x.pdf", tmp_path / "x.html"
    write_set([(a, b"docx 1"), (b, b"pdf 1")])
    c.mkdir()
    with pytest.raises(DrafterError, match=r"x\.html.*no file was changed"):
        write_set([(a, b"docx 2"), (b, b"pdf 2"), (c, b"html 2")])
    assert (a.read_bytes(), b.read_bytes()) == (b"docx 1", b"pdf 1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.docx", "x.html", "x.pdf"]


def test_a_failed_rename_puts_back_the_files_already_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c = tmp_path / "x.docx", tmp_path / "x.pdf", tmp_path / "x.html"
    write_set([(a, b"docx 1"), (b, b"pdf 1")])  # no HTML yet
    real = os.replace
    calls: list[str] = []

    def failing(src: object, dst: object) -> None:
        calls.append(Path(str(dst)).name)
        if Path(str(dst)) == b and Path(str(src)).name.endswith(".drafter-tmp") and len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(DrafterError, match="No space left on device"):
        write_set([(c, b"html 2"), (a, b"docx 2"), (b, b"pdf 2")])
    monkeypatch.undo()
    assert (a.read_bytes(), b.read_bytes()) == (b"docx 1", b"pdf 1")
    assert not c.exists()  # it was new: taken away again
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.docx", "x.pdf"]


def test_temporary_files_of_a_killed_run_are_removed_by_the_next(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".x.pdf.{dead.pid}.0123456789ab.drafter-tmp"
    alive = tmp_path / f".x.pdf.{os.getppid()}.0123456789ab.drafter-tmp"  # a run at work
    other = tmp_path / ".x.pdf.notes.tmp"  # not ours
    for p in (stale, alive, other):
        p.write_bytes(b"half a file")
    write_set([(tmp_path / "x.html", b"html")])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name, "x.html"])


def test_render_into_a_folder_in_the_way_keeps_the_earlier_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    args = ["render", "agreement.yaml", "--to", "docx,html", "--today", "2006-06-30"]
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 0
    before = {p.name: p.read_bytes() for p in Path("output").iterdir()}
    Path("output/agreement.pdf").mkdir()  # the case: a folder has that file's name
    with pytest.raises(SystemExit) as done:
        main([*args[:3], "docx,pdf,html", *args[4:]])
    assert done.value.code == 1
    assert "agreement.pdf" in capsys.readouterr().err
    after = {p.name: p.read_bytes() for p in Path("output").iterdir() if p.is_file()}
    assert after == before
