"""The Word and PDF documents of every example say the same thing.

For each good example both documents are rendered once (through
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
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from drafter.context import RenderContext
from drafter.load import load
from drafter.render import RenderOptions, context_for, render_agreement
from drafter.render.docx import build_docx

from .conftest import good_examples

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLES = {"Heading1": 1, "Heading2": 2, "Heading3": 3}
CONTENTS_STYLES = {"TOCHeading", "TOC1", "TOC2", "TOC3"}
# Hyphens separate words: the PDF may break "co-operate" or "A*-C" after the hyphen.
TOKEN = re.compile(r"[\w£%.,/'’]+")
OPTIONS = RenderOptions(today=dt.date(2008, 6, 30))
# Older system HarfBuzz builds lack the subsetting library; WeasyPrint warns and copes.
pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


# ---------------------------------------------------------------- normalising text


def tokens(text: str) -> list[str]:
    """Words as both documents can agree on them: ligatures undone, edge punctuation off."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    words = (raw.strip(".,'’") for raw in TOKEN.findall(text))
    return [w for w in words if w]


def numbers(words: Iterable[str]) -> Counter[str]:
    """The numeric tokens among `words` ('£1,234', '7.9%', '2008/09', '3.1.2')."""
    return Counter(w for w in words if any(ch.isdigit() for ch in w))


def squash(text: str) -> str:
    """Whitespace collapsed, for comparing headings."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


# ---------------------------------------------------------------- reading the DOCX


@dataclass(frozen=True)
class WordDocument:
    """What the comparison needs from a .docx: headings, body text, table rows."""

    headings: list[tuple[int, str]]
    text: list[str]  # every body paragraph and cell, contents left out
    rows: list[list[str]]  # every table row: its cells' texts (merged cells once)
    heads: list[str]  # each table's header rows as one text (they repeat on every page)


def _text(element: etree._Element) -> str:
    parts: list[str] = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}p"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag != f"{W}p":
            parts.append(" ")  # a tab or line break
        elif parts:
            parts.append("\n")  # the next paragraph in a cell
    return "".join(parts)


def read_docx(data: bytes | Path) -> WordDocument:
    """Headings, text and table rows of a .docx, read from its document.xml."""
    source = data if isinstance(data, Path) else io.BytesIO(data)
    with zipfile.ZipFile(source) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find(f"{W}body")
    assert body is not None
    headings: list[tuple[int, str]] = []
    text: list[str] = []
    rows: list[list[str]] = []
    heads: list[str] = []
    for block in body:
        if block.tag == f"{W}p":
            style = block.find(f"{W}pPr/{W}pStyle")
            name = style.get(f"{W}val") if style is not None else None
            if name in CONTENTS_STYLES:
                continue
            para = _text(block)
            if name in HEADING_STYLES:
                headings.append((HEADING_STYLES[name], squash(para)))
            text.append(para)
        elif block.tag == f"{W}tbl":
            head: list[str] = []
            for tr in block.iter(f"{W}tr"):
                cells = []
                for tc in tr.findall(f"{W}tc"):
                    merge = tc.find(f"{W}tcPr/{W}vMerge")
                    if merge is not None and merge.get(f"{W}val") != "restart":
                        continue  # covered by the cell above: printed once, there
                    cells.append(_text(tc).strip())
                rows.append(cells)
                text.extend(cells)
                if tr.find(f"{W}trPr/{W}tblHeader") is not None:
                    head.extend(cells)
            if head:
                heads.append(" ".join(head))
    return WordDocument(headings, text, rows, heads)


# ---------------------------------------------------------------- reading the PDF


@dataclass(frozen=True)
class PdfDocument:
    """What the comparison needs from a PDF: bookmarks and body text without furniture."""

    headings: list[tuple[int, str]]
    words: list[str]


def _furniture(ctx: RenderContext) -> list[re.Pattern[str]]:
    """Patterns for what every page repeats: running header, footer with page x of y, mark."""
    run = ctx.running
    page = re.escape(run.page).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+")
    patterns = [
        re.compile(re.escape(run.header_left) + r"\s*" + re.escape(run.header_right)),
        re.compile(re.escape(run.footer_left) + r"\s*" + page),
    ]
    if ctx.watermark:
        patterns.append(re.compile(rf"^\s*{re.escape(ctx.watermark)}\s*$", re.MULTILINE))
    return patterns


def read_pdf(path: Path, ctx: RenderContext) -> PdfDocument:
    """Bookmarks and body text of a PDF; the contents pages and page furniture removed."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    headings: list[tuple[int, str]] = []
    starts: list[tuple[str, int]] = []

    def walk(items: list[object], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                title = squash(item.title)  # type: ignore[attr-defined]
                headings.append((level, title))
                starts.append((title, reader.get_destination_page_number(item)))  # type: ignore[arg-type]

    walk(reader.outline, 1)
    titles = [title for title, _ in starts]
    skip: set[int] = set()
    if ctx.contents_title in titles:  # from the contents page to the next bookmark's page
        at = titles.index(ctx.contents_title)
        skip = set(range(starts[at][1], starts[at + 1][1]))
    furniture = _furniture(ctx)
    pages = []
    for number, page in enumerate(reader.pages):
        if number in skip:
            continue
        text = page.extract_text() or ""
        for pattern in furniture:
            text = pattern.sub(" ", text)
        pages.append(text)
    headings = [h for h in headings if h[1] != ctx.contents_title]
    return PdfDocument(headings, tokens("\n".join(pages)))


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


@dataclass(frozen=True)
class Rendered:
    """One example rendered to both formats."""

    ctx: RenderContext
    docx: Path
    pdf: Path


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Every good example rendered to DOCX and PDF, once for the whole session."""
    out: dict[str, Rendered] = {}
    for path in good_examples():
        loaded = load(path)
        folder = tmp_path_factory.mktemp(path.stem)
        docx_path, pdf_path = render_agreement(
            loaded, ["docx", "pdf"], folder, OPTIONS, errors=False
        )
        out[path.stem] = Rendered(context_for(loaded, OPTIONS), docx_path, pdf_path)
    return out


@pytest.mark.parametrize("stem", [p.stem for p in good_examples()])
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


@pytest.mark.parametrize("stem", [p.stem for p in good_examples()])
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
