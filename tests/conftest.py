"""Shared fixtures: the example agreements, and every one rendered once per session."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from drafter.context import RenderContext
from drafter.load import load
from drafter.model import Agreement
from drafter.render import RenderOptions, context_for, render_agreement

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


def full_fixtures() -> list[Path]:
    """Agreements that use every field the documents print (a 2008–11 LAA and an LPSA)."""
    return [FIXTURES / "render-full-laa2008.yaml", FIXTURES / "render-full-lpsa.yaml"]


def rendered_examples() -> list[Path]:
    """What the parity and fidelity tests render: the good examples and the full fixtures."""
    return [*good_examples(), *full_fixtures()]


@pytest.fixture(params=good_examples(), ids=lambda p: p.stem)
def example(request: pytest.FixtureRequest) -> Path:
    """Each good example agreement in turn."""
    path: Path = request.param
    return path


# A fixed date, so documents (and what is overdue in them) do not change from day to day.
RENDER_OPTIONS = RenderOptions(today=dt.date(2008, 6, 30))


@dataclass(frozen=True)
class Rendered:
    """One agreement rendered to every format, with the context the documents were made from."""

    ctx: RenderContext
    agreement: Agreement
    docx: Path
    pdf: Path
    html: Path


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Every good example and full fixture rendered to DOCX, PDF and HTML, once a session."""
    out: dict[str, Rendered] = {}
    for path in rendered_examples():
        loaded = load(path)
        assert loaded.agreement is not None
        folder = tmp_path_factory.mktemp(path.stem)
        docx, pdf, html = render_agreement(
            loaded, ["docx", "pdf", "html"], folder, RENDER_OPTIONS, errors=False
        )
        ctx = context_for(loaded, RENDER_OPTIONS)
        out[path.stem] = Rendered(ctx, loaded.agreement, docx, pdf, html)
    return out
