"""Shared fixtures: the example agreements, and every one rendered once per session."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from drafter.context import RenderContext
from drafter.load import load
from drafter.model import Agreement
from drafter.render import RenderOptions, context_for, render_agreement

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
BROKEN = AGREEMENTS / "broken"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session (see tests/browser.py), or a skip."""
    from .browser import chromium

    with chromium() as driver:
        yield driver


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where screenshots go: output/screenshots/ of the repository, emptied of a past run's.

    They are kept there (ignored by git) to be looked at after a run; pytest's temporary
    folders are pruned by any later run.
    """
    folder = ROOT / "output" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


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


# ---------------------------------------------------------------- the audited render
# tests/test_audit.py waits for a subprocess that renders every example and corpus case
# under audit hooks (about 20 s of work). It is started as soon as collection finds that
# test, so it runs on a second core while the rest of the suite runs.

_AUDIT: dict[str, Any] = {}


def _start_audit() -> None:
    work = Path(tempfile.mkdtemp(prefix="drafter-audit-"))
    _AUDIT["work"] = work
    _AUDIT["process"] = subprocess.Popen(
        [sys.executable, "-m", "tests.audited", str(work)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the audit test last, so that its subprocess works while the others run."""
    items.sort(key=lambda item: item.nodeid.startswith("tests/test_audit.py"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the audited render if test_audit.py is among the tests to run."""
    if any(item.nodeid.startswith("tests/test_audit.py") for item in session.items):
        _start_audit()


def audit_run() -> tuple[int, str]:
    """The audited render's exit code and what it printed: its violations (waits for it)."""
    if "process" not in _AUDIT:
        _start_audit()
    process = _AUDIT["process"]
    out, _ = process.communicate(timeout=900)
    shutil.rmtree(_AUDIT["work"], ignore_errors=True)
    return process.returncode, out


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Never leave the audited render running (when a run stops early, say with -x)."""
    process = _AUDIT.get("process")
    if process is not None and process.poll() is None:
        process.kill()
        process.communicate()
    if "work" in _AUDIT:
        shutil.rmtree(_AUDIT["work"], ignore_errors=True)


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
