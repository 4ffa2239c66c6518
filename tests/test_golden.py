"""Rendered output matches the committed golden files (regenerate: `python -m tests.golden`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import good_examples
from .golden import GOLDEN, docx_text_of, html_of

HINT = "If the change is intended, run `python -m tests.golden` and review the diff."


def _golden(name: str) -> str:
    path = GOLDEN / name
    if not path.exists():
        pytest.fail(f"{path} is missing. {HINT}")
    return path.read_text(encoding="utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("path", good_examples(), ids=lambda p: p.stem)
def test_html_matches_golden(path: Path) -> None:
    assert html_of(path) == _golden(f"{path.stem}.html"), HINT


@pytest.mark.parametrize("path", good_examples(), ids=lambda p: p.stem)
def test_docx_text_matches_golden(path: Path) -> None:
    assert docx_text_of(path) == _golden(f"{path.stem}.docx.txt"), HINT
