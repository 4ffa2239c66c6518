"""The Word and PDF documents of every example say the same thing.

For each good example, and each fixture that uses every field the documents print
(conftest.full_fixtures), both documents are rendered once (through
`render_agreement`, as the CLI does) and compared on what a reader would check:

- the section headings, with their levels, in the same order (Word's Heading 1–3
  paragraphs against the PDF's bookmarks);
- every table row of the Word document appears in the PDF, cell by cell in the same
  order, and the rows come in the same order;
- the same numbers: the multiset of numeric tokens of the body text is equal;
- and, when the numbers agree, the same words (so a lost sentence shows too).

Page furniture is left out of the comparison: running headers and footers, page
numbers, the watermark and the contents page (whose page numbers differ by design).
The last tests prove the comparison fails when either document loses a row (and
its figures) or a heading changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import pytest

from drafter.render import RenderOptions
from drafter.render.docx import build_docx

from .conftest import Rendered, rendered_examples
from .extract import PdfDocument, WordDocument, numbers, read_docx, read_pdf, tokens

OPTIONS = RenderOptions(today=dt.date(2008, 6, 30))
# Older system HarfBuzz builds lack the subsetting library; WeasyPrint warns and copes.
pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


# ---------------------------------------------------------------- the comparison


def missing_rows(rows: list[list[str]], pdf_words: list[str]) -> list[str]:
    """Word table rows not found, in order, in the PDF's words; [] when all are there.

    Each row's cells, in order, must appear as one unbroken run of words in the PDF
    (WeasyPrint writes a row cell by cell, so wrapped cells stay together), and each
    row must come after the one before it. Repeated header rows on later pages are
    simply passed over.
    """
    missing: list[str] = []
    cursor = 0
    for cells in rows:
        wanted = tokens(" ".join(cells))
        if not wanted:
            continue
        n = len(wanted)
        found = next(
            (
                p
                for p in range(cursor, len(pdf_words) - n + 1)
                if pdf_words[p] == wanted[0] and pdf_words[p : p + n] == wanted
            ),
            None,
        )
        if found is None:
            missing.append(" | ".join(cells))
        else:
            cursor = found + n
    return missing


def take(words: list[str | None], wanted: list[str]) -> int:
    """Count the unbroken runs of `wanted` in `words`, blanking each so none counts twice."""
    count, at, n = 0, 0, len(wanted)
    while at <= len(words) - n:
        if words[at : at + n] == wanted:
            words[at : at + n] = [None] * n
            count, at = count + 1, at + n
        else:
            at += 1
    return count


def repeated_heads(heads: list[str], pdf_words: list[str]) -> Counter[str]:
    """The words of table header rows the PDF repeats at the top of each page.

    Longer headers are counted first, so that a header ending another one
    ('Treatment 2008/09 …' inside 'Funding stream Department Treatment 2008/09 …')
    is not counted inside it.
    """
    extra: Counter[str] = Counter()
    words: list[str | None] = list(pdf_words)
    for head, tables in sorted(Counter(heads).items(), key=lambda h: -len(tokens(h[0]))):
        wanted = tokens(head)
        for _ in range(max(take(words, wanted) - tables, 0)):
            extra.update(wanted)
    return extra


def differences(word: WordDocument, pdf: PdfDocument) -> list[str]:
    """Every way the two documents differ, in words; [] when they agree."""
    problems: list[str] = []
    if word.headings != pdf.headings:
        problems.append(f"headings differ:\n  Word: {word.headings}\n  PDF:  {pdf.headings}")
    problems += [
        f"table row missing from the PDF: {row}" for row in missing_rows(word.rows, pdf.words)
    ]
    word_words = Counter(tokens("\n".join(word.text)))
    pdf_words = Counter(pdf.words) - repeated_heads(word.heads, pdf.words)
    word_numbers, pdf_numbers = numbers(word_words.elements()), numbers(pdf_words.elements())
    if word_numbers != pdf_numbers:
        problems.append(
            f"numbers only in Word: {dict(word_numbers - pdf_numbers)}; "
            f"only in the PDF: {dict(pdf_numbers - word_numbers)}"
        )
    elif word_words != pdf_words:
        problems.append(
            f"words only in Word: {dict(word_words - pdf_words)}; "
            f"only in the PDF: {dict(pdf_words - word_words)}"
        )
    return problems


# ---------------------------------------------------------------- fixtures and tests


@pytest.mark.parametrize("stem", [p.stem for p in rendered_examples()])
def test_word_and_pdf_say_the_same(rendered: dict[str, Rendered], stem: str) -> None:
    r = rendered[stem]
    word = read_docx(r.docx)
    assert word.headings and word.rows  # a comparison of nothing would prove nothing
    assert differences(word, read_pdf(r.pdf, r.ctx)) == []


def _largest(rendered: dict[str, Rendered]) -> Rendered:
    return max(rendered.values(), key=lambda r: len(read_docx(r.docx).rows))


def test_a_row_missing_from_the_pdf_is_caught(rendered: dict[str, Rendered]) -> None:
    r = _largest(rendered)
    assert r.ctx.funding is not None
    row = [c.text for c in r.ctx.funding.streams.rows[0].cells]
    pdf = read_pdf(r.pdf, r.ctx)
    wanted = tokens(" ".join(row))
    at = next(i for i in range(len(pdf.words)) if pdf.words[i : i + len(wanted)] == wanted)
    cut = PdfDocument(pdf.headings, pdf.words[:at] + pdf.words[at + len(wanted) :])
    problems = differences(read_docx(r.docx), cut)
    assert f"table row missing from the PDF: {' | '.join(row)}" in problems
    assert any(p.startswith("numbers only in Word") for p in problems)


def test_a_row_missing_from_word_is_caught(rendered: dict[str, Rendered]) -> None:
    r = _largest(rendered)
    assert r.ctx.funding is not None
    streams = r.ctx.funding.streams
    shorter = dataclasses.replace(streams, rows=streams.rows[1:])
    ctx = dataclasses.replace(r.ctx, funding=dataclasses.replace(r.ctx.funding, streams=shorter))
    problems = differences(read_docx(build_docx(ctx, OPTIONS)), read_pdf(r.pdf, r.ctx))
    assert [p for p in problems if p.startswith("numbers only in the PDF")] or [
        p for p in problems if "only in the PDF: {'" in p
    ]


def test_a_changed_heading_is_caught(rendered: dict[str, Rendered]) -> None:
    r = _largest(rendered)
    word = read_docx(r.docx)
    renamed = dataclasses.replace(word, headings=[*word.headings[:-1], (2, "Something else")])
    assert differences(renamed, read_pdf(r.pdf, r.ctx))[0].startswith("headings differ")


def test_a_lost_sentence_is_caught(rendered: dict[str, Rendered]) -> None:
    r = _largest(rendered)
    word = read_docx(r.docx)
    sentence = r.ctx.partners.paragraphs[0]
    shorter = dataclasses.replace(word, text=[t for t in word.text if t != sentence])
    assert len(shorter.text) == len(word.text) - 1
    problems = differences(shorter, read_pdf(r.pdf, r.ctx))
    assert problems and problems[-1].startswith(("words only in Word", "numbers only in Word"))


@pytest.mark.parametrize("stem", [p.stem for p in rendered_examples()])
def test_word_and_pdf_carry_the_same_properties(rendered: dict[str, Rendered], stem: str) -> None:
    # One keywords line and one moment, from the context, in both files.
    import docx
    from pypdf import PdfReader

    r = rendered[stem]
    core = docx.Document(str(r.docx)).core_properties
    info = PdfReader(r.pdf).metadata
    assert info is not None
    assert core.keywords == str(info["/Keywords"]) == r.ctx.keywords
    assert core.title == str(info["/Title"]) == r.ctx.title
    assert core.created == core.modified == r.ctx.timestamp
    stamp = r.ctx.timestamp.strftime("D:%Y%m%d%H%M%S")
    assert str(info["/CreationDate"]).startswith(stamp)
    assert str(info["/ModDate"]).startswith(stamp)
