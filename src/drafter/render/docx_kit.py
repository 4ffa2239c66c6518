"""Word machinery for the DOCX back end: text, fields, tables, contents and sections.

Everything here is plain WordprocessingML and knows nothing about agreements;
`docx.py` maps the render context onto it, and `docx_package.py` adds styles,
properties and running heads. The body is assembled as XML text and
parsed once, because python-docx's per-cell API is far too slow for agreements
with hundreds of table rows, and because text assembled in a fixed order is
deterministic by construction.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

# Namespaces declared on every fragment parsed into the body or a header.
NSDECLS = nsdecls("w", "r") + (
    ' xmlns:v="urn:schemas-microsoft-com:vml"'
    ' xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:w10="urn:schemas-microsoft-com:office:word"'
)
FONT = "Calibri"  # Carlito, metrically identical, stands in on Linux
BODY_SIZE = 10.5  # points
TABLE_SIZE = 9.0
MM = 56.7  # twips per millimetre
TWIPS_PER_PT = 20
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML at all
NUMERIC = re.compile(r"^[£$]?[-−+]?[\d.,]+\s*(%|k|m|bn)?$")


def x(text: str) -> str:
    """Text escaped for XML content and attribute values (control characters dropped)."""
    return escape(CONTROL.sub("", text), {'"': "&quot;"})


def hex_colour(colour: str) -> str:
    """'1F4E79' from '#1f4e79', the form WordprocessingML wants."""
    return colour.lstrip("#").upper()


# ---------------------------------------------------------------- page geometry


@dataclass(frozen=True)
class Page:
    """Page size and margins in twips (A4 portrait by default)."""

    width: int = 11906
    height: int = 16838
    top: int = round(22 * MM)
    bottom: int = round(20 * MM)
    left: int = round(20 * MM)
    right: int = round(20 * MM)
    header: int = round(10 * MM)
    footer: int = round(9 * MM)

    @property
    def landscape(self) -> bool:
        """True when the page is wider than it is tall."""
        return self.width > self.height

    @property
    def text_width(self) -> int:
        """Width between the margins, in twips."""
        return self.width - self.left - self.right

    @property
    def text_height(self) -> int:
        """Height between the margins, in twips."""
        return self.height - self.top - self.bottom

    def turned(self) -> Page:
        """The same page on its side."""
        return replace(self, width=self.height, height=self.width)


PORTRAIT = Page()
LANDSCAPE = PORTRAIT.turned()


# ---------------------------------------------------------------- runs and paragraphs


def runs(text: str, rpr: str = "") -> str:
    """Runs for `text`; line breaks become <w:br/> and tabs <w:tab/>."""
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    out: list[str] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append(f"<w:r>{rpr_xml}<w:br/></w:r>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append(f"<w:r>{rpr_xml}<w:tab/></w:r>")
            if piece:
                out.append(f'<w:r>{rpr_xml}<w:t xml:space="preserve">{x(piece)}</w:t></w:r>')
    return "".join(out)


def fragment(xml: str) -> list[Any]:
    """Elements parsed from XML text with the usual prefixes (w, r, v, o, w10) declared.

    Moved into a part that declares the same prefixes, they carry no declarations of
    their own, so the saved XML stays lean.
    """
    return list(parse_xml(f"<w:root {NSDECLS}>{xml}</w:root>"))


def paragraph(content: str, style: str | None = None, ppr: str = "") -> str:
    """A paragraph of already-built runs with a style and extra paragraph properties."""
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr_xml = f"<w:pPr>{style_xml}{ppr}</w:pPr>" if style_xml or ppr else ""
    return f"<w:p>{ppr_xml}{content}</w:p>"


def border(side: str, colour: str, size: int = 4, space: int = 1) -> str:
    """A single-line border on one side (pBdr, tcBorders, tblBorders); size in 1/8 pt."""
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="{space}" w:color="{colour}"/>'


def simple_field(instr: str, cached: str) -> str:
    """A field Word recalculates (PAGE, NUMPAGES) with a result shown until it does."""
    return f'<w:fldSimple w:instr=" {instr} ">{runs(cached)}</w:fldSimple>'


def complex_field(instr: str, cached: str) -> str:
    """A field as begin/instruction/separate/result/end runs (PAGEREF in a contents entry)."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {x(instr)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{runs(cached)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


# ---------------------------------------------------------------- page-count estimate


class PageEstimate:
    """A rough running page count, good enough for contents entries before Word updates them.

    Word repaginates itself; these numbers are only the cached results of PAGEREF fields,
    shown until the reader presses F9 or prints.
    """

    LINE = 1.22  # line height as a multiple of the font size

    def __init__(self, page: Page) -> None:
        self.page_number = 1
        self.used = 0.0  # points used on the current page
        self.height = page.text_height / TWIPS_PER_PT
        self.width = page.text_width / TWIPS_PER_PT
        self.first_height = self.height

    def new_page(self, page: Page | None = None) -> None:
        """Start a fresh page (a page break or a section break)."""
        self.page_number += 1
        self.used = 0.0
        if page is not None:
            self.height = page.text_height / TWIPS_PER_PT
            self.width = page.text_width / TWIPS_PER_PT

    def lines(self, text: str, width: float, size: float) -> int:
        """How many lines `text` takes in a column `width` points wide."""
        per_line = max(8, int(width / (size * 0.47)))
        return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))

    def block(self, height: float, *, keep: bool = True) -> None:
        """Place a block `height` points tall; it moves whole to the next page if `keep`."""
        overflows = self.used + height > self.height and self.used > 0
        if overflows and (keep or height < self.height):
            self.new_page()
            self.used = min(height, self.height)
            return
        self.used += height
        while self.used > self.height:
            self.used -= self.height
            self.page_number += 1

    def text(self, text: str, size: float = BODY_SIZE, after: float = 6) -> None:
        """Place a paragraph of body text."""
        self.block(self.lines(text, self.width, size) * size * self.LINE + after, keep=False)


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, how many grid columns and rows it covers, and emphasis."""

    text: str
    span: int = 1
    rows: int = 1
    bold: bool = False
    align: str | None = None  # 'left', 'center', 'right'; None: numbers right, text left
    shade: str | None = None  # hex fill, e.g. 'F2F2F2'
    rpr: str = ""  # extra run properties, e.g. '<w:i/>'


def as_cell(value: str | Cell) -> Cell:
    """A Cell for a plain string."""
    return value if isinstance(value, Cell) else Cell(value)


def fit_words(grid: list[int], rows: Sequence[Sequence[Cell]]) -> list[int]:
    """Widen columns too narrow for their longest word (a figure like '£1,550,000.50').

    The room comes from columns with more than they need, in proportion to their
    spare width, so the table keeps its overall width.
    """
    char = TABLE_SIZE * 0.56 * TWIPS_PER_PT  # a bold digit, generously
    need = [0.0] * len(grid)
    for row in rows:
        col = 0
        for cell in row:
            if cell.span == 1 and col < len(grid):
                longest = max((len(w) for w in cell.text.split()), default=0)
                need[col] = max(need[col], longest * char + 200)
            col += cell.span
    deficit = sum(max(0.0, n - g) for n, g in zip(need, grid, strict=True))
    spare = [max(0.0, g - n) for n, g in zip(need, grid, strict=True)]
    if not deficit or sum(spare) < deficit:
        return grid
    ratio = deficit / sum(spare)
    return [int(max(g, n) - s * ratio) for g, n, s in zip(grid, need, spare, strict=True)]


def _cell_xml(
    cell: Cell, width: int, *, header: bool, fill: str | None, merge: str | None, keep: bool
) -> str:
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if cell.span > 1:
        props.append(f'<w:gridSpan w:val="{cell.span}"/>')
    if merge:
        props.append('<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>")
    shade = fill if header else cell.shade
    if shade:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>')
    if header:
        props.append('<w:vAlign w:val="bottom"/>')
    if merge == "continue":
        return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr><w:p/></w:tc>"
    align = cell.align or ("right" if NUMERIC.match(cell.text.strip()) else None)
    if header and cell.align is None:
        align = "center" if cell.span > 1 else None
    ppr = "<w:keepNext/>" if keep else ""
    if align and align != "left":
        ppr += f'<w:jc w:val="{align}"/>'
    rpr = ("<w:b/>" if cell.bold and not header else "") + cell.rpr
    style = "TableHeading" if header else "TableText"
    paras = "".join(paragraph(runs(line, rpr), style, ppr) for line in cell.text.split("\n\n"))
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{paras}</w:tc>"


def table_xml(
    header: Sequence[Sequence[str | Cell]],
    body: Sequence[Sequence[str | Cell]],
    *,
    width: int,
    fill: str,
    widths: Sequence[float],
    keep_together: bool = False,
    grid_lines: bool = True,
    title: str = "",
) -> tuple[str, list[int]]:
    """A table whose header rows repeat on every page and whose rows never split.

    `title` is the table's alternative text, which screen readers announce.
    Returns the XML and the grid: each column's width in twips. `widths` are relative
    weights. Cells covering several rows (`Cell.rows`) become Word's vertical merges.
    """
    head = [[as_cell(c) for c in row] for row in header]
    rows = [[as_cell(c) for c in row] for row in body]
    columns = max((sum(c.span for c in row) for row in [*head, *rows]), default=1)
    scale = width / sum(widths)
    grid = fit_words([int(w * scale) for w in widths], [*head, *rows])
    grid[-1] += width - sum(grid)
    first_row = "1" if head else "0"
    look = (
        f'<w:tblLook w:val="{"0620" if head else "0600"}" w:firstRow="{first_row}" '
        'w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
    )
    caption = f'<w:tblCaption w:val="{x(title)}"/>' if title else ""
    lines = ""
    if not grid_lines:  # rules between rows only, as on the cover
        lines = (
            "<w:tblBorders>"
            + "".join(
                border(s, "BFBFBF", 4, 0)
                if s in ("top", "bottom", "insideH")
                else f'<w:{s} w:val="nil"/>'
                for s in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders>"
        )
    out = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="DrafterTable"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/>{lines}<w:tblLayout w:type="fixed"/>'
        f"{look}{caption}</w:tblPr><w:tblGrid>"
        + "".join(f'<w:gridCol w:w="{g}"/>' for g in grid)
        + "</w:tblGrid>"
    ]
    pending: dict[int, tuple[int, Cell]] = {}  # grid column → (rows still covered, cell)
    all_rows = [(True, r) for r in head] + [(False, r) for r in rows]
    last = len(all_rows) - 1
    for index, (is_header, row) in enumerate(all_rows):
        trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if is_header else "")
        keep = is_header or (keep_together and index < last)
        cells: list[str] = []
        queue = list(row)
        col = 0
        while col < columns and (queue or col in pending):
            if col in pending:  # covered by a cell above that spans several rows
                left, cell = pending.pop(col)
                if left > 1:
                    pending[col] = (left - 1, cell)
                merge: str | None = "continue"
            else:
                cell = queue.pop(0)
                merge = None
                if cell.rows > 1:
                    pending[col] = (cell.rows - 1, cell)
                    merge = "restart"
            width_here = _span_width(grid, col, cell.span)
            cells.append(
                _cell_xml(cell, width_here, header=is_header, fill=fill, merge=merge, keep=keep)
            )
            col += cell.span
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out), grid


def signature_xml(labels: Sequence[str], values: Sequence[str], width: int) -> str:
    """Label and a line to write on (holding the value when known), kept on one page."""
    label_w, line_w = 2000, min(6800, width - 2000)
    rows = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        keep = "<w:keepNext/>" if i < len(labels) - 1 else ""
        height = 720 if i == 0 else 440  # room for a signature on the first line
        rows.append(
            f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height}"/></w:trPr>'
            f'<w:tc><w:tcPr><w:tcW w:w="{label_w}" w:type="dxa"/><w:vAlign w:val="bottom"/>'
            f"</w:tcPr>{paragraph(runs(label), 'TableText', keep)}</w:tc>"
            f'<w:tc><w:tcPr><w:tcW w:w="{line_w}" w:type="dxa"/><w:tcBorders>'
            f'{border("bottom", "7F7F7F", 6, 0)}</w:tcBorders><w:vAlign w:val="bottom"/>'
            f"</w:tcPr>{paragraph(runs(value), 'TableText', keep)}</w:tc></w:tr>"
        )
    nil = "".join(
        f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="DrafterTable"/><w:tblW w:w="{label_w + line_w}" '
        f'w:type="dxa"/><w:tblBorders>{nil}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{label_w}"/><w:gridCol w:w="{line_w}"/></w:tblGrid>'
        f"{''.join(rows)}</w:tbl>"
    )


def _span_width(grid: Sequence[int], col: int, span: int) -> int:
    return sum(grid[col : col + span])


# ---------------------------------------------------------------- the body


@dataclass(frozen=True)
class TocEntry:
    """One line of the table of contents."""

    level: int
    text: str
    bookmark: str
    page: int


@dataclass(frozen=True)
class HeaderSet:
    """Relationship ids of the header and footer parts one section uses."""

    header: str
    footer: str
    first_header: str | None = None  # set on the cover's section: an empty first page
    first_footer: str | None = None


class Body:
    """The document body, assembled in order as XML text, with its contents and sections."""

    def __init__(self, fill: str, page: Page = PORTRAIT) -> None:
        self.fill = hex_colour(fill)
        self.page = page
        self.parts: list[str] = []
        self.toc: list[TocEntry] = []
        self.toc_at: int | None = None
        self.closed: list[tuple[int, Page]] = []  # (index in parts, page of the section)
        self.estimate = PageEstimate(page)
        self.after_table = False  # the next paragraph needs room above it

    # -- paragraphs

    def add(
        self,
        text: str,
        style: str | None = None,
        *,
        ppr: str = "",
        size: float = BODY_SIZE,
        after: float = 6,
    ) -> None:
        """A paragraph of plain text in a style."""
        self.add_runs(runs(text), text, style, ppr=ppr, size=size, after=after)

    def add_runs(
        self,
        content: str,
        text: str,
        style: str | None = None,
        *,
        ppr: str = "",
        size: float = BODY_SIZE,
        after: float = 6,
    ) -> None:
        """A paragraph of already-built runs; `text` is its plain text, for the page count."""
        if self.after_table and style in (None, "Lead", "ListBullet", "ListNumber"):
            ppr = '<w:spacing w:before="160"/>' + ppr
        self.after_table = False
        self.parts.append(paragraph(content, style, ppr))
        self.estimate.text(text, size, after)

    def heading(self, level: int, text: str, *, page_break: bool = False) -> None:
        """A Heading 1–3 paragraph, bookmarked and listed in the contents."""
        bookmark = f"_Toc{len(self.toc) + 1:06d}"
        number = len(self.toc) + 1
        size = {1: 16, 2: 13, 3: 11}[level]
        if page_break:
            self.estimate.new_page()
        self.estimate.block(size * 1.3 + {1: 24, 2: 16, 3: 13}[level] + 40, keep=True)
        self.estimate.used -= 40  # "keep with next": room for a line after, not used yet
        ppr = "<w:pageBreakBefore/>" if page_break else ""
        content = (
            f'<w:bookmarkStart w:id="{number}" w:name="{bookmark}"/>{runs(text)}'
            f'<w:bookmarkEnd w:id="{number}"/>'
        )
        self.parts.append(paragraph(content, f"Heading{level}", ppr))
        self.after_table = False
        self.toc.append(TocEntry(level, text, bookmark, self.estimate.page_number))

    def page_break(self) -> None:
        """Start a new page without starting a section."""
        self.parts.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        self.estimate.new_page()

    def contents(self) -> None:
        """The place the table of contents goes; filled in when the body is finished."""
        self.toc_at = len(self.parts)
        self.parts.append("")

    # -- tables

    def table(
        self,
        header: Sequence[Sequence[str | Cell]],
        body: Sequence[Sequence[str | Cell]],
        *,
        widths: Sequence[float],
        grid_lines: bool = True,
        title: str = "",
    ) -> None:
        """A table across the text width; short tables are kept on one page."""
        if self.after_table:  # Word joins tables that touch into one: keep them apart
            self.parts.append(paragraph("", None, '<w:spacing w:before="0" w:after="0"/>'))
        keep = len(body) <= 12
        xml, grid = table_xml(
            header,
            body,
            width=self.page.text_width,
            fill=self.fill,
            widths=widths,
            keep_together=keep,
            grid_lines=grid_lines,
            title=title,
        )
        self.parts.append(xml)
        heights = []
        for row in [*header, *body]:
            lines, col = 1, 0
            for cell in map(as_cell, row):
                width = _span_width(grid, col, cell.span) / TWIPS_PER_PT - 9
                lines = max(lines, self.estimate.lines(cell.text, width, TABLE_SIZE))
                col += cell.span
            heights.append(lines * TABLE_SIZE * PageEstimate.LINE + 5)
        if keep:
            self.estimate.block(sum(heights), keep=True)
        else:
            for h in heights:
                self.estimate.block(h, keep=True)
        self.estimate.block(4, keep=False)
        self.after_table = True

    def signature(self, labels: Sequence[str], values: Sequence[str]) -> None:
        """A signature block: one ruled line per label (signature, name, position, date)."""
        self.parts.append(signature_xml(labels, values, self.page.text_width))
        self.after_table = True
        self.estimate.block(len(labels) * 26 + 12, keep=True)

    # -- sections

    def section(self, page: Page) -> None:
        """End the current section and start one with `page` (turn to landscape and back)."""
        if page == self.page:
            return
        self.closed.append((len(self.parts), self.page))
        self.parts.append("")  # the section-break paragraph, written once headers exist
        self.page = page
        self.estimate.new_page(page)

    # -- output

    def toc_xml(self, title: str) -> str:
        """The contents: a TOC field whose cached result already lists every heading."""
        head = paragraph(runs(title), "TOCHeading")
        if not self.toc:
            return head
        out = [head]
        # The pages were counted as if the contents took one page; add the others.
        lines = 3 + sum(1.35 if e.level == 1 else 1.1 for e in self.toc)
        per_page = self.estimate.first_height / (BODY_SIZE * PageEstimate.LINE + 2)
        extra = max(0, math.ceil(lines / per_page) - 1)
        last = len(self.toc) - 1
        for i, entry in enumerate(self.toc):
            begin = ""
            if i == 0:
                begin = (
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                    '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u '
                    '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                )
            pageref = complex_field(f"PAGEREF {entry.bookmark} \\h", str(entry.page + extra))
            link = (
                f'<w:hyperlink w:anchor="{entry.bookmark}" w:history="1">{runs(entry.text)}'
                f"<w:r><w:tab/></w:r>{pageref}</w:hyperlink>"
            )
            end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if i == last else ""
            out.append(paragraph(begin + link + end, f"TOC{entry.level}"))
        return "".join(out)

    def xml(self, sections: dict[Page, HeaderSet], first: HeaderSet, toc_title: str) -> str:
        """The finished body (without its final section properties) as one XML fragment."""
        parts = list(self.parts)
        if self.toc_at is not None:
            parts[self.toc_at] = self.toc_xml(toc_title)
        for n, (index, page) in enumerate(self.closed):
            refs = first if n == 0 else sections[page]
            parts[index] = paragraph("", "BreakHolder", sect_pr(page, refs))
        return f"<w:body {NSDECLS}>{''.join(parts)}</w:body>"

    def last_section(self, sections: dict[Page, HeaderSet], first: HeaderSet) -> str:
        """Section properties of the final section (the body's own sectPr)."""
        return sect_pr(self.page, first if not self.closed else sections[self.page])


def sect_pr(page: Page, refs: HeaderSet) -> str:
    """Section properties: page size, orientation, margins and header/footer parts."""
    orient = ' w:orient="landscape"' if page.landscape else ""
    first = ""
    if refs.first_header and refs.first_footer:
        first = (
            f'<w:headerReference w:type="first" r:id="{refs.first_header}"/>'
            f'<w:footerReference w:type="first" r:id="{refs.first_footer}"/>'
        )
    title_pg = "<w:titlePg/>" if first else ""
    return (
        f'<w:sectPr><w:headerReference w:type="default" r:id="{refs.header}"/>'
        f'<w:footerReference w:type="default" r:id="{refs.footer}"/>{first}'
        '<w:type w:val="nextPage"/>'
        f'<w:pgSz w:w="{page.width}" w:h="{page.height}"{orient}/>'
        f'<w:pgMar w:top="{page.top}" w:right="{page.right}" w:bottom="{page.bottom}" '
        f'w:left="{page.left}" w:header="{page.header}" w:footer="{page.footer}" '
        'w:gutter="0"/><w:cols w:space="708"/>'
        f"{title_pg}</w:sectPr>"
    )
