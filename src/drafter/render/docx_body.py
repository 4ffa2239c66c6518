"""The Word document body, assembled in order: paragraphs, headings, tables, contents, sections.

`Body` collects the body as XML text (see `docx_kit`). Tables are laid out last, so
that every table of one kind (all outcome tables, say) shares one grid, fitted to the
longest words of them all (`docx_fit`). The contents lists the top-level headings, as
the PDF's does, each entry a link to its heading with a PAGEREF field for its page:
LibreOffice works the page out when it lays the document out, and Word when it opens
it (settings.xml asks Word to update fields on open; see `docx_package`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from .docx_fit import fit_grid, longest_piece, text_width
from .docx_kit import (
    BODY_SIZE,
    DATA,
    FACTS,
    HEADING_SIZES,
    MM,
    NSDECLS,
    PORTRAIT,
    TABLE_SIZE,
    TWIPS_PER_PT,
    Cell,
    Design,
    HeaderSet,
    Page,
    Signature,
    as_cell,
    complex_field,
    hex_colour,
    paragraph,
    place,
    row_keeps,
    runs,
    sect_pr,
    signatures_xml,
    size,
    table_xml,
)

BODY_LINE = 1.38  # line height as a multiple of the font size, as in the PDF
TABLE_LINE = 1.28
NUMBERED = re.compile(r"^(\d+(?:\.\d+)*) ")  # a heading's section number
SLACK = 30  # twips a column keeps beyond its longest word, for rounding in the layout


# ---------------------------------------------------------------- page-count estimate


class PageEstimate:
    """A running page count: the contents' page numbers until Word or LibreOffice lays out.

    The numbers are only the cached results of PAGEREF fields; LibreOffice works them
    out again, and Word does on opening the file (it is asked to update its fields).
    """

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

    @staticmethod
    def lines(text: str, width: float, points: float, *, bold: bool = False) -> int:
        """How many lines `text` takes in a column `width` points wide."""
        usable = max(width, points * 2)
        return sum(
            max(1, math.ceil(text_width(line, points, bold=bold) * 1.04 / usable))
            for line in text.split("\n")
        )

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

    def text(self, text: str, points: float = BODY_SIZE, after: float = 6) -> None:
        """Place a paragraph of body text."""
        lines = self.lines(text, self.width, points)
        self.block(lines * points * BODY_LINE + after, keep=False)


# ---------------------------------------------------------------- tables laid out last


@dataclass(frozen=True)
class _Table:
    """A table waiting for its grid: what `table_xml` needs, and the kind it shares it with."""

    head: tuple[tuple[Cell, ...], ...]
    rows: tuple[tuple[Cell, ...], ...]
    weights: tuple[float, ...]
    kind: object
    width: int
    design: Design
    title: str

    @cached_property
    def needs(self) -> list[list[float]]:
        """For each row, what each column needs (twips) to hold its longest word."""
        left, right = self.design.pad[1], self.design.pad[3]
        rows = [*self.head, *self.rows]
        out = []
        for n, cells in enumerate(place(rows, len(self.weights))):
            header = n < len(self.head)
            need = [0.0] * len(self.weights)
            for col, cell, merge in cells:
                if cell.span == 1 and merge != "continue":
                    points = TABLE_SIZE if header else self.design.size
                    bold = header or cell.bold or cell.total
                    word = longest_piece(cell.text, points, bold=bold) * TWIPS_PER_PT
                    pad = left + right + (self.design.label_pad if col == 0 else 0)
                    need[col] = word + pad + SLACK
            out.append(need)
        return out


@dataclass(frozen=True)
class TocEntry:
    """One line of the table of contents."""

    text: str
    bookmark: str
    page: int


class Body:
    """The document body, assembled in order as XML text, with its contents and sections."""

    def __init__(self, fill: str, page: Page = PORTRAIT) -> None:
        self.fill = hex_colour(fill)
        self.page = page
        self.parts: list[str] = []
        self.toc: list[TocEntry] = []
        self.toc_at: int | None = None
        self.bookmarks = 0
        # index in parts → a table laid out at the end, with the rows kept with the next
        self.tables: dict[int, tuple[_Table, list[bool]]] = {}
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
        keep: bool = False,
    ) -> None:
        """A paragraph of plain text in a style; `keep` keeps it with the next one."""
        self.add_runs(runs(text), text, style, ppr=ppr, size=size, after=after, keep=keep)

    def add_runs(
        self,
        content: str,
        text: str,
        style: str | None = None,
        *,
        ppr: str = "",
        size: float = BODY_SIZE,
        after: float = 6,
        keep: bool = False,
    ) -> None:
        """A paragraph of already-built runs; `text` is its plain text, for the page count."""
        if keep:
            ppr = "<w:keepNext/>" + ppr
        if self.after_table and style in (None, "Lead", "ListBullet", "ListNumber"):
            ppr += '<w:spacing w:before="180"/>'
        self.after_table = False
        self.parts.append(paragraph(content, style, ppr))
        self.estimate.text(text, size, after)

    def heading_xml(self, level: int, text: str, rpr: str = "", ppr: str = "") -> str:
        """A bookmarked Heading 1–3 paragraph (not yet placed); its bookmark is `_Toc…`."""
        self.bookmarks += 1
        n = self.bookmarks
        content = (
            f'<w:bookmarkStart w:id="{n}" w:name="_Toc{n:06d}"/>{runs(text, rpr)}'
            f'<w:bookmarkEnd w:id="{n}"/>'
        )
        return paragraph(content, f"Heading{level}", ppr)

    def heading(
        self, level: int, text: str, *, page_break: bool = False, follow_on: bool = False
    ) -> None:
        """A Heading 1–3 paragraph; a Heading 1 is listed in the contents.

        `page_break` starts a new page; `follow_on` leaves room above a section that
        follows on from the one before, as the PDF's 2.2 em.
        """
        points = HEADING_SIZES[level]
        if page_break:
            self.estimate.new_page()
        above = 24 if follow_on else 0
        self.estimate.block(points * 1.2 + {1: 30, 2: 22, 3: 15}[level] + above + 40, keep=True)
        self.estimate.used -= 40  # "keep with next": room for a line after, not used yet
        ppr = "<w:pageBreakBefore/>" if page_break else ""
        if follow_on:
            ppr += f'<w:spacing w:before="{round(BODY_SIZE * 2.2 * TWIPS_PER_PT)}"/>'
        self.parts.append(self.heading_xml(level, text, ppr=ppr))
        self.after_table = False
        if level == 1:
            bookmark = f"_Toc{self.bookmarks:06d}"
            self.toc.append(TocEntry(text, bookmark, self.estimate.page_number))

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
        kind: object = None,
        title: str = "",
        whole: bool = False,
        with_next: bool = False,
        design: Design = DATA,
        width: int | None = None,
    ) -> None:
        """A table across the text width (or `width` twips), laid out when the body is done.

        Tables of the same `kind` share one grid, fitted to all their words. A `whole`
        table keeps its rows together; `with_next` keeps it with what follows it.
        """
        self._apart()
        head = tuple(tuple(as_cell(c) for c in row) for row in header)
        rows = tuple(tuple(as_cell(c) for c in row) for row in body)
        spec = _Table(
            head,
            rows,
            tuple(widths),
            kind if kind is not None else object(),
            width or self.page.text_width,
            design,
            title,
        )
        heights = self._row_heights(spec)
        page = self.estimate.height
        keeps = row_keeps(rows, heights[len(head) :], page=page, whole=whole, with_next=with_next)
        self.tables[len(self.parts)] = (spec, keeps)
        self.parts.append("")
        held = 0.0  # rows kept with the next one, not yet placed: one block
        for height, keep in zip(heights, [True] * len(head) + keeps, strict=True):
            held += height
            if not keep:
                self.estimate.block(held, keep=True)
                held = 0.0
        if held:
            self.estimate.block(held, keep=True)
        self.estimate.block(8, keep=False)
        self.after_table = True

    def _apart(self) -> None:
        """An empty paragraph after a table, if one came last: Word joins tables that touch."""
        if self.after_table:
            self.parts.append(paragraph("", None, '<w:spacing w:before="0" w:after="0"/>'))

    def _row_heights(self, spec: _Table) -> list[float]:
        """Each row's height in points, as estimated on the table's own grid."""
        grid = fit_grid(spec.weights, spec.needs, spec.width)
        top, left, bottom, right = spec.design.pad
        line = TABLE_LINE if spec.design is DATA else BODY_LINE
        heights = []
        for n, cells in enumerate(place([*spec.head, *spec.rows], len(grid))):
            points = TABLE_SIZE if n < len(spec.head) else spec.design.size
            lines = 1
            for col, cell, merge in cells:
                if merge != "continue":
                    room = (sum(grid[col : col + cell.span]) - left - right) / TWIPS_PER_PT
                    lines = max(lines, self.estimate.lines(cell.text, room, points))
            heights.append(lines * points * line + (top + bottom) / TWIPS_PER_PT)
        return heights

    def facts(
        self, items: Sequence[tuple[str, str]], *, cover: bool = False, with_next: bool = False
    ) -> None:
        """Labelled facts: ruled rows of a bold label and its value, kept together."""
        if not items:
            return
        rows = [[Cell(k, bold=True), Cell(v, align="left")] for k, v in items]
        width = round(140 * MM) if cover else None  # the PDF's cover facts are 140 mm wide
        self.table(
            [],
            rows,
            widths=[38, 62] if cover else [26, 74],
            kind="cover facts" if cover else "facts",
            whole=True,
            with_next=with_next,
            design=FACTS,
            width=width,
        )

    def signatures(
        self, labels: Sequence[str], blocks: Sequence[tuple[str, Sequence[str]]]
    ) -> None:
        """Signature blocks, two side by side: each a party's heading and ruled lines."""
        sized = size(11)  # the PDF's party headings are 11 pt
        built = [
            Signature(self.heading_xml(2, party, sized, "<w:keepNext/>"), tuple(values))
            for party, values in blocks
        ]
        self._apart()
        self.parts.append(signatures_xml(built, labels, self.page.text_width))
        self.after_table = True
        for _ in range(0, len(blocks), 2):
            self.estimate.block(len(labels) * 30 + 40, keep=True)

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
        """The contents: one linked line per top-level heading, with a PAGEREF to its page."""
        head = paragraph(runs(title), "TOCHeading")
        # The pages were counted as if the contents took one page; add the others.
        per_page = self.estimate.first_height / (BODY_SIZE * BODY_LINE + 5)
        extra = max(0, math.ceil((3 + len(self.toc)) / per_page) - 1)
        out = [head]
        for entry in self.toc:
            # A section number stands in its own column, as in the PDF: "3<tab>Funding".
            text = NUMBERED.sub("\\1\t", entry.text, count=1)
            pageref = complex_field(f"PAGEREF {entry.bookmark} \\h", str(entry.page + extra))
            link = (
                f'<w:hyperlink w:anchor="{entry.bookmark}" w:history="1">{runs(text)}'
                f"<w:r><w:tab/></w:r>{pageref}</w:hyperlink>"
            )
            out.append(paragraph(link, "TOC1"))
        return "".join(out)

    def _grids(self) -> dict[int, list[int]]:
        """Each table's grid: one per kind, width and column widths, fitted to all their words."""
        groups: dict[tuple[object, int, tuple[float, ...]], list[int]] = {}
        for index, (spec, _) in self.tables.items():
            groups.setdefault((spec.kind, spec.width, spec.weights), []).append(index)
        grids: dict[int, list[int]] = {}
        for (_, width, weights), members in groups.items():
            needs = [n for i in members for n in self.tables[i][0].needs]
            grid = fit_grid(weights, needs, width)
            grids.update(dict.fromkeys(members, grid))
        return grids

    def xml(self, sections: dict[Page, HeaderSet], first: HeaderSet, toc_title: str) -> str:
        """The finished body (without its final section properties) as one XML fragment."""
        parts = list(self.parts)
        if self.toc_at is not None:
            parts[self.toc_at] = self.toc_xml(toc_title)
        for index, grid in self._grids().items():
            spec, keeps = self.tables[index]
            parts[index] = table_xml(
                spec.head,
                spec.rows,
                grid=grid,
                fill=self.fill,
                keeps=keeps,
                design=spec.design,
                title=spec.title,
            )
        for n, (index, page) in enumerate(self.closed):
            refs = first if n == 0 else sections[page]
            parts[index] = paragraph("", "BreakHolder", sect_pr(page, refs))
        return f"<w:body {NSDECLS}>{''.join(parts)}</w:body>"

    def last_section(self, sections: dict[Page, HeaderSet], first: HeaderSet) -> str:
        """Section properties of the final section (the body's own sectPr)."""
        return sect_pr(self.page, first if not self.closed else sections[self.page])
