"""Page composition: no page of an example is left mostly empty, in the PDF or in Word.

A page is measured by how far down its text area the lowest line of text reaches
(pdftotext's word boxes, the running header and footer left out). Sections follow on
(style.css), so a page may be less than a third full only where a section must end:

- the cover and the contents, which have pages of their own;
- the page before the signatures, which start a page;
- the page before the page turns (a section on landscape pages, or back from one);
- the last page.

The Word file is measured as LibreOffice lays it out, with the same exceptions and
margins; LibreOffice breaks a little differently, so a page there may be a little
shorter than in the PDF (WORD_FILL).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from drafter.config import Branding, load_branding
from drafter.errors import DrafterError
from drafter.load import load
from drafter.render import context_for
from drafter.render.docx import build_docx
from drafter.render.pdf import build_pdf

from .conftest import RENDER_OPTIONS, Rendered, good_examples
from .test_docx_layout import LaidOut, W, Word, _words, headings_and_breaks, page_sizes
from .test_docx_layout import libreoffice as libreoffice  # the fixture

EXAMPLES = [p.stem for p in good_examples()]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "render-laa2008.yaml"
MM = 72 / 25.4
TOP, BOTTOM = 24 * MM, 20 * MM  # the page margins of both formats
PDF_FILL = 1 / 3
WORD_FILL = 1 / 4
WATERMARK_HEIGHT = 60  # points: a word this tall is a letter of the watermark, not text


def fill(words: list[Word], height: float) -> float:
    """How far down the text area (0 to 1) the page's lowest word of body text reaches."""
    bottom = height - BOTTOM
    body = [
        w.y1
        for w in words
        if w.y0 >= TOP - 2 and w.y1 <= bottom + 2 and w.y1 - w.y0 < WATERMARK_HEIGHT
    ]
    return (max(body, default=TOP) - TOP) / (bottom - TOP)


def may_be_short(n: int, pages: list[list[Word]], sizes: list[tuple[float, float]]) -> bool:
    """Whether page `n` (from 0) ends a section that must end there (see the module)."""
    if n == len(pages) - 1 or n == 0:
        return True
    if any(w.text == "Contents" for w in pages[n][:3]):
        return True
    turned = (sizes[n][0] > sizes[n][1]) != (sizes[n + 1][0] > sizes[n + 1][1])
    following = " ".join(w.text for w in pages[n + 1] if w.y0 >= TOP - 2)
    return turned or bool(re.match(r"\d+ Signatures\b", following))


def short_pages(
    pages: list[list[Word]], sizes: list[tuple[float, float]], least: float
) -> list[tuple[int, float]]:
    """(page number, fill) of every page less full than `least` that need not be."""
    fills = [fill(words, size[1]) for words, size in zip(pages, sizes, strict=True)]
    return [
        (n + 1, round(f, 2))
        for n, f in enumerate(fills)
        if f < least and not may_be_short(n, pages, sizes)
    ]


@pytest.mark.parametrize("stem", EXAMPLES)
def test_no_pdf_page_is_less_than_a_third_full(rendered: dict[str, Rendered], stem: str) -> None:
    pdf = rendered[stem].pdf
    pages, sizes = _words(pdf), page_sizes(pdf)
    assert len(pages) == len(sizes) > 10
    assert short_pages(pages, sizes, PDF_FILL) == []


@pytest.mark.parametrize("stem", EXAMPLES)
def test_no_word_page_is_mostly_empty_in_libreoffice(
    libreoffice: dict[str, LaidOut], rendered: dict[str, Rendered], stem: str
) -> None:
    del rendered  # the fixture libreoffice converts
    laid = libreoffice[stem]
    assert short_pages(laid.words, laid.sizes, WORD_FILL) == []


def test_a_short_page_would_be_found() -> None:
    def line(y: float, text: str = "word") -> Word:
        return Word(text, 60, y, 100, y + 10)

    a4 = (595.3, 841.9)
    full, short = [line(700)], [line(100)]
    pages = [[line(100, "Cover")], full, short, full, [line(100)]]
    assert short_pages(pages, [a4] * 5, PDF_FILL) == [(3, 0.06)]
    turned = [a4, a4, a4, (841.9, 595.3), a4]
    assert short_pages(pages, turned, PDF_FILL) == []  # the page turns after page 3
    signed = [*pages[:3], [line(80, "17"), line(80, "Signatures"), line(700)], pages[4]]
    assert short_pages(signed, [a4] * 5, PDF_FILL) == []
    assert fill([line(100), Word("D", 200, 300, 300, 420)], 841.9) < 0.1  # watermark letter


# ---------------------------------------------------------------- a page per theme


def test_page_per_theme_is_read_from_drafter_toml(tmp_path: Path) -> None:
    (tmp_path / "drafter.toml").write_text("[branding]\npage_per_theme = true\n")
    assert load_branding(tmp_path).page_per_theme
    assert not load_branding(None).page_per_theme  # themes follow on by default
    (tmp_path / "drafter.toml").write_text('[branding]\npage_per_theme = "yes"\n')
    with pytest.raises(DrafterError, match="page_per_theme should be true or false"):
        load_branding(tmp_path)


def test_a_page_per_theme_in_the_pdf_and_in_word(tmp_path: Path) -> None:
    options = replace(RENDER_OPTIONS, branding=Branding(page_per_theme=True))
    loaded = load(FIXTURE)
    ctx = context_for(loaded, options)
    themes = [s.heading for s in ctx.sections if s.kind == "theme"]
    assert len(themes) >= 2
    pdf = tmp_path / "themes.pdf"
    pdf.write_bytes(build_pdf(ctx, options))
    tops = [" ".join(w.text for w in page if w.y0 >= TOP - 2)[:80] for page in _words(pdf)]
    for heading in themes:
        assert any(top.startswith(heading) for top in tops), heading
    body = body_of_bytes(build_docx(ctx, options))
    breaks = {text: starts for text, starts, _ in headings_and_breaks(body)}
    assert all(breaks[heading] for heading in themes)
    default = body_of_bytes(build_docx(context_for(loaded, RENDER_OPTIONS), RENDER_OPTIONS))
    assert not any(dict((t, s) for t, s, _ in headings_and_breaks(default))[h] for h in themes)


def body_of_bytes(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    assert body is not None
    return body
