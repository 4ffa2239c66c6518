"""Shared fixtures: the example agreements and a loader that never touches output/."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
BROKEN = AGREEMENTS / "broken"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def good_examples() -> list[Path]:
    """Every example agreement that should validate clean (not the broken ones).

    Clean means no errors, and no warnings but those its opening comment declares.
    """
    return sorted(AGREEMENTS.glob("*.yaml"))


# In an example's opening comment, after "# Intended warnings", lines such as
# "#   F009 ×1 — why": the warnings the example shows on purpose, with how many of each.
_INTENDED = re.compile(r"^#\s+([A-Z]\d{3})(?:\s*×(\d+))?\s+—", re.MULTILINE)


def intended_warnings(path: Path) -> Counter[str]:
    """The warnings an example declares it shows on purpose, by code, with their counts."""
    lines = path.read_text(encoding="utf-8").splitlines()
    marker = next(
        (k for k, line in enumerate(lines) if line.startswith("# Intended warnings")), None
    )
    if marker is None:
        return Counter()
    block: list[str] = []
    for line in lines[marker + 1 :]:  # the comment lines that follow the marker
        if not line.startswith("#"):
            break
        block.append(line)
    return Counter({m[1]: int(m[2] or 1) for m in _INTENDED.finditer("\n".join(block))})


@pytest.fixture(params=good_examples(), ids=lambda p: p.stem)
def example(request: pytest.FixtureRequest) -> Path:
    """Each good example agreement in turn."""
    path: Path = request.param
    return path
