"""Shared fixtures: the example agreements and a loader that never touches output/."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
BROKEN = AGREEMENTS / "broken"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def good_examples() -> list[Path]:
    """Every example agreement that should validate clean (not the broken ones)."""
    return sorted(AGREEMENTS.glob("*.yaml"))


@pytest.fixture(params=good_examples(), ids=lambda p: p.stem)
def example(request: pytest.FixtureRequest) -> Path:
    """Each good example agreement in turn."""
    path: Path = request.param
    return path
