"""Atomic writes: all or nothing, with the usual permissions."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import DrafterError
from drafter.write import write_atomic


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
