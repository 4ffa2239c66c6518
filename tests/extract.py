"""Text extraction used by tests and golden files: DOCX and PDF to comparable text.

`docx_text` and `pdf_text` give a document's whole text; `read_docx` and `read_pdf`
give what the parity and fidelity tests compare: headings, table rows and the body
text without page furniture (running heads, page numbers, watermark, contents).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from drafter.context import RenderContext


def pdf_text(path: Path) -> str:
    """All text of a PDF, page by page."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    """Body paragraphs and table cells of a DOCX in document order, one per line."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    if not cells or cell.text != cells[-1]:  # merged cells repeat
                        cells.append(cell.text)
                lines.append(" | ".join(cells))
    return "\n".join(lines)


def words(text: str) -> list[str]:
    """Normalised words, for comparing documents laid out differently."""
    return re.findall(r"[\w£%.,/-]+", text.replace("\u00a0", " "))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLES = {"Heading1": 1, "Heading2": 2, "Heading3": 3}
CONTENTS_STYLES = {"TOCHeading", "TOC1", "TOC2", "TOC3"}
# Hyphens separate words: the PDF may break "co-operate" or "A*-C" after the hyphen.
TOKEN = re.compile(r"[\w£%.,/'’]+")


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
            for p in block.iter(f"{W}p"):  # headings set in a table: signature blocks
                style = p.find(f"{W}pPr/{W}pStyle")
                name = style.get(f"{W}val") if style is not None else None
                if name in HEADING_STYLES:
                    headings.append((HEADING_STYLES[name], squash(_text(p))))
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
    text: str = ""  # the same body text, unsplit


def furniture(ctx: RenderContext) -> list[re.Pattern[str]]:
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
    patterns = furniture(ctx)
    pages = []
    for number, page in enumerate(reader.pages):
        if number in skip:
            continue
        text = page.extract_text() or ""
        for pattern in patterns:
            text = pattern.sub(" ", text)
        pages.append(text)
    headings = [h for h in headings if h[1] != ctx.contents_title]
    body = "\n".join(pages)
    return PdfDocument(headings, tokens(body), body)
