"""Property: no agreement, however broken, crashes load, validate, the context or a back end.

Hypothesis breaks the examples (see tests/mutations.py) with a fixed seed, so a failure
repeats and shrinks to a small case. The suite runs a few hundred cases (HTML for all,
Word for a third, PDF for a handful); `bench/fuzz.py` runs as many as asked.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .mutations import mutated, run_case

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
SEEDED = settings(
    derandomize=True,  # the same cases every run
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(SEEDED, max_examples=200)
@given(mutated(), st.integers(0, 2))
def test_broken_agreements_never_crash_html_or_word(case: tuple[str, Any], pick: int) -> None:
    formats = ("html", "docx") if pick == 0 else ("html",)
    with tempfile.TemporaryDirectory() as folder:
        run_case(Path(folder), case[1], formats)


@settings(SEEDED, max_examples=3)
@given(mutated())
def test_broken_agreements_never_crash_pdf(case: tuple[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        run_case(Path(folder), case[1], ("pdf",))
