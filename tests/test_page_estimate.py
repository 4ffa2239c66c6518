"""Rule A009's page estimate against the real PDF: within 15% for every example."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from drafter.load import load
from drafter.rules.agreement import estimate_pages

from .conftest import Rendered, good_examples

TOLERANCE = 0.15


@pytest.mark.parametrize("stem", [p.stem for p in good_examples()])
def test_page_estimate_is_within_15_percent_of_the_pdf(
    rendered: dict[str, Rendered], stem: str
) -> None:
    r = rendered[stem]
    pages = len(PdfReader(r.pdf).pages)
    path = next(p for p in good_examples() if p.stem == stem)
    estimate = estimate_pages(load(path).raw)  # as validation works it out
    assert estimate == pytest.approx(estimate_pages(r.agreement), rel=0.01)
    assert abs(estimate - pages) <= TOLERANCE * pages, (round(estimate, 1), pages)
