"""Word machinery for the DOCX back end: text, fields, page geometry and tables.

Everything here is plain WordprocessingML and knows nothing about agreements;
`docx.py` maps the render context onto it, `docx_body.py` assembles the body (with
its contents and sections) and `docx_package.py` adds styles, properties and running
heads. The body is assembled as XML text and parsed once, because python-docx's
per-cell API is far too slow for agreements with hundreds of table rows, and because
text assembled in a fixed order is deterministic by construction.

Tables look as the PDF's do (templates/style.css): a header band in the brand
colour, light shading on every other row, a rule under the table and none between
columns; labelled facts are ruled rows with bold labels.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ..chars import clean

# Namespaces declared on every fragment parsed into the body or a header.
NSDECLS = nsdecls("w", "r") + (
    ' xmlns:v="urn:schemas-microsoft-com:vml"'
    ' xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:w10="urn:schemas-microsoft-com:office:word"'
)
FONT = "Calibri"  # Carlito, metrically identical, stands in on Linux
# The type scale, as the PDF's (templates/style.css), in points.
BODY_SIZE = 11.0
TABLE_SIZE = 9.5
HEADING_SIZES = {1: 17.0, 2: 13.0, 3: 11.5}
MM = 56.7  # twips per millimetre
TWIPS_PER_PT = 20
NUMERIC = re.compile(r"^[£$]?[-−+]?[\d.,]+\s*(%|k|m|bn)?$")


def x(text: str) -> str:
    """Text escaped for XML content and attribute values (characters XML cannot hold dropped)."""
    return escape(clean(text), {'"': "&quot;"})


def hex_colour(colour: str) -> str:
    """'1F4E79' from '#1f4e79', the form WordprocessingML wants."""
    return colour.lstrip("#").upper()


def tint(colour: str, strength: float) -> str:
    """`colour` laid over white at `strength` (0–1): the PDF's translucent row shading."""
    rgb = bytes.fromhex(hex_colour(colour))
    return "".join(f"{round(255 - strength * (255 - c)):02X}" for c in rgb)


# ---------------------------------------------------------------- page geometry


@dataclass(frozen=True)
class Page:
    """Page size and margins in twips: A4 portrait with the PDF's margins by default."""

    width: int = 11906
    height: int = 16838
    top: int = round(24 * MM)
    bottom: int = round(20 * MM)
    left: int = round(17 * MM)
    right: int = round(17 * MM)
    header: int = round(17 * MM)  # so the header's rule sits where the PDF's does
    footer: int = round(13 * MM)

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
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            out.append(f"<w:r>{rpr_xml}<w:br/></w:r>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append(f"<w:r>{rpr_xml}<w:tab/></w:r>")
            if piece:
                out.append(f'<w:r>{rpr_xml}<w:t xml:space="preserve">{x(piece)}</w:t></w:r>')
    return "".join(out)


# A span of years such as 2008–11 stays on one line, as the HTML's `keep_years` has it:
# a title must not end a line with "2008–". After the dash go Word's own "no-width non
# break" (U+200D) and the Unicode word joiner (U+2060), which LibreOffice honours.
YEAR_SPAN = re.compile(r"\b(\d{4}[–-])(\d{2})\b")
NO_BREAK = "\u200d\u2060"


def keep_years(text: str) -> str:
    """The text with every span of years such as '2008–11' kept on one line."""
    return YEAR_SPAN.sub(lambda m: m.group(1) + NO_BREAK + m.group(2), text)


def size(points: float) -> str:
    """Run properties for a font size."""
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


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


def no_borders(*keep: str) -> str:
    """Table borders: none on any side, but for the `keep` ones already built."""
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    kept = {k.split(" ", 1)[0].removeprefix("<w:"): k for k in keep}
    return (
        "<w:tblBorders>"
        + "".join(kept.get(s, f'<w:{s} w:val="nil"/>') for s in sides)
        + "</w:tblBorders>"
    )


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
    total: bool = False  # in a row of totals: bold, shaded, a rule above


def as_cell(value: str | Cell) -> Cell:
    """A Cell for a plain string."""
    return value if isinstance(value, Cell) else Cell(value)


@dataclass(frozen=True)
class Design:
    """How one kind of table looks: its text, padding and rules (all in twips)."""

    style: str  # paragraph style of body cells
    size: float  # its font size, for fitting words to columns
    pad: tuple[int, int, int, int]  # cell padding: top, left, bottom, right
    label_pad: int = 0  # extra right padding of the first column (facts' labels)
    zebra: bool = True  # every other body row shaded
    rule: bool = False  # a rule under every row (facts) rather than under the table


# The PDF's table.data cells: 1.3 mm by 1.6 mm of padding; facts: 1.2 mm, none at the left.
DATA = Design("TableText", TABLE_SIZE, (74, 91, 74, 91))
FACTS = Design("FactText", BODY_SIZE, (68, 0, 68, 113), label_pad=113, zebra=False, rule=True)
RULE_COLOUR = "D5DBE3"  # the facts' rules, as in the PDF


# Rows kept together at the start and end of a table (with the heading above, with the
# total or the notes below) take at most this share of a page, so that a table of tall
# rows does not move whole to the next page and leave a gap.
KEPT_SHARE = 0.3


def row_keeps(
    rows: Sequence[Sequence[Cell]],
    heights: Sequence[float],
    *,
    page: float,
    whole: bool = False,
    with_next: bool = False,
) -> list[bool]:
    """Which body rows stay on the page of the row after them ("keep with next").

    The header always stays with the first row. The first three rows stay together
    (and so with the heading above), the last two, and a row of totals with the row
    before it; `with_next` keeps the last row with whatever follows the table. Each
    group is kept only while its rows (`heights`, in points) take no more than a
    share of the `page` height. A `whole` table (a record) keeps all its rows
    together when they fit on a page.
    """
    n = len(rows)
    if whole and sum(heights) <= page:
        return [True] * (n - 1) + [with_next] if n else []
    limit = page * KEPT_SHARE
    keeps = [False] * n
    group = heights[0] if n else 0.0
    for i in range(min(2, n - 1)):
        group += heights[i + 1]
        if group > limit:
            break
        keeps[i] = True
    for i in range(n - 1):
        total_next = any(c.total for c in rows[i + 1])
        if (total_next or i == n - 2) and heights[i] + heights[i + 1] <= limit:
            keeps[i] = True
    if n and with_next and heights[-1] <= limit:
        keeps[-1] = True
    return keeps


def _cell_xml(
    cell: Cell,
    width: int,
    *,
    design: Design,
    fill: str | None,
    merge: str | None,
    keep: bool,
    header: bool,
    first: bool,
) -> str:
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if cell.span > 1:
        props.append(f'<w:gridSpan w:val="{cell.span}"/>')
    if merge:
        props.append('<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>")
    lines = []
    if header and cell.span > 1:  # a fine white rule under a year over its pair
        lines.append(border("bottom", "FFFFFF", 4, 0))
    elif cell.total:
        lines.append(border("top", fill or "000000", 8, 0))
    elif design.rule:
        lines.append(border("bottom", RULE_COLOUR, 4, 0))
    if lines:
        props.append(f"<w:tcBorders>{''.join(lines)}</w:tcBorders>")
    shade = fill if header else cell.shade
    if shade:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>')
    if first and design.label_pad:
        right = design.pad[3] + design.label_pad
        props.append(f'<w:tcMar><w:right w:w="{right}" w:type="dxa"/></w:tcMar>')
    if header:
        props.append('<w:vAlign w:val="bottom"/>')
    keep_xml = "<w:keepNext/>" if keep else ""
    if merge == "continue":
        return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{paragraph('', None, keep_xml)}</w:tc>"
    align = cell.align or ("right" if NUMERIC.match(cell.text.strip()) else None)
    if header and cell.align is None:
        align = "center" if cell.span > 1 else None
    ppr = keep_xml + (f'<w:jc w:val="{align}"/>' if align and align != "left" else "")
    rpr = ("<w:b/>" if (cell.bold or cell.total) and not header else "") + cell.rpr
    style = "TableHeading" if header else design.style
    paras = "".join(paragraph(runs(line, rpr), style, ppr) for line in cell.text.split("\n\n"))
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{paras}</w:tc>"


def place(rows: Sequence[Sequence[Cell]], columns: int) -> list[list[tuple[int, Cell, str | None]]]:
    """Each row's cells with the grid column they start in and their vertical merge.

    A cell covering several rows (`Cell.rows`) starts a merge ('restart'); the rows
    below get a 'continue' cell in its place, so their own cells move along.
    """
    pending: dict[int, tuple[int, Cell]] = {}  # grid column → (rows still covered, cell)
    out = []
    for row in rows:
        placed: list[tuple[int, Cell, str | None]] = []
        queue = list(row)
        col = 0
        while col < columns and (queue or col in pending):
            if col in pending:  # covered by a cell above that spans several rows
                left_rows, cell = pending.pop(col)
                if left_rows > 1:
                    pending[col] = (left_rows - 1, cell)
                placed.append((col, cell, "continue"))
            else:
                cell = queue.pop(0)
                merge = None
                if cell.rows > 1:
                    pending[col] = (cell.rows - 1, cell)
                    merge = "restart"
                placed.append((col, cell, merge))
            col += cell.span
        out.append(placed)
    return out


def table_xml(
    header: Sequence[Sequence[Cell]],
    body: Sequence[Sequence[Cell]],
    *,
    grid: Sequence[int],
    fill: str,
    keeps: Sequence[bool],
    design: Design = DATA,
    title: str = "",
) -> str:
    """A fixed-layout table whose header rows repeat on every page and whose rows never split.

    `grid` is each column's width in twips; `keeps` says, for each body row, whether it
    stays with the next (see `row_keeps`); `title` is the table's alternative text,
    which screen readers announce. Cells covering several rows (`Cell.rows`) become
    Word's vertical merges.
    """
    columns = len(grid)
    width = sum(grid)
    look = (
        f'<w:tblLook w:val="{"0620" if header else "0600"}" w:firstRow="{int(bool(header))}" '
        'w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
    )
    caption = f'<w:tblCaption w:val="{x(title)}"/>' if title else ""
    lines = no_borders() if design.rule else no_borders(border("bottom", fill, 6, 0))
    top, left, bottom, right = design.pad
    margins = (
        f'<w:tblCellMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{left}" w:type="dxa"/>'
        f'<w:bottom w:w="{bottom}" w:type="dxa"/><w:right w:w="{right}" w:type="dxa"/>'
        "</w:tblCellMar>"
    )
    out = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="DrafterTable"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblInd w:w="{left}" w:type="dxa"/>'
        f'{lines}<w:tblLayout w:type="fixed"/>{margins}{look}{caption}</w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{g}"/>' for g in grid)
        + "</w:tblGrid>"
    ]
    zebra = tint(fill, 0.07) if design.zebra else None
    totals = tint(fill, 0.14)
    all_rows = [(True, True, r) for r in header]
    all_rows += [(False, k, r) for k, r in zip(keeps, body, strict=True)]
    placed = place([r for _, _, r in all_rows], columns)
    body_index = 0
    for (is_header, keep, row), cells_here in zip(all_rows, placed, strict=True):
        trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if is_header else "")
        shade = None
        if not is_header:
            shade = totals if any(c.total for c in row) else zebra if body_index % 2 else None
            body_index += 1
        cells: list[str] = []
        for col, cell, merge in cells_here:
            if not is_header and cell.shade is None and shade:
                cell = replace(cell, shade=shade)
            cells.append(
                _cell_xml(
                    cell,
                    sum(grid[col : col + cell.span]),
                    design=design,
                    fill=fill,
                    merge=merge,
                    keep=keep,
                    header=is_header,
                    first=col == 0,
                )
            )
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


# ---------------------------------------------------------------- signatures


@dataclass(frozen=True)
class Signature:
    """One signature block: the party's heading and the values on its lines."""

    heading: str  # the party's heading paragraph, already built (bookmarked)
    values: tuple[str, ...]  # one per label; '' leaves the line blank to write on


def _signature_cell(block: Signature | None, labels: Sequence[str], width: int) -> str:
    props = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
    if block is None:
        return f"<w:tc>{props}<w:p/></w:tc>"
    # The label sits in the first 27% of the block; the line runs from there to the
    # edge, drawn by underlining the value and a tab to the right edge. LibreOffice
    # underlines a tab in a table cell only when something follows it: a zero-width
    # space. A value too long for one line wraps under itself, clear of the label.
    label_w = round(width * 0.27)
    tabs = (
        f'<w:tabs><w:tab w:val="left" w:pos="{label_w}"/>'
        f'<w:tab w:val="right" w:pos="{width}"/></w:tabs>'
        f'<w:ind w:left="{label_w}" w:hanging="{label_w}"/>'
    )
    line = '<w:u w:val="single" w:color="333333"/>'
    out = [block.heading]
    for i, (label, value) in enumerate(zip(labels, block.values, strict=True)):
        keep = "<w:keepNext/>" if i < len(labels) - 1 else ""
        content = (
            runs(label, '<w:color w:val="444444"/>')
            + runs("\t")
            + runs(value + "\t", line)
            + runs("\u200b")
        )
        out.append(paragraph(content, "SignatureLine", keep + tabs))
    return f"<w:tc>{props}{''.join(out)}</w:tc>"


def signatures_xml(blocks: Sequence[Signature], labels: Sequence[str], width: int) -> str:
    """Signature blocks two to a row, as in the PDF; a row never splits across pages."""
    block_w = round(width * 0.47)
    gap = width - 2 * block_w
    grid = (block_w, gap, block_w)
    rows = []
    for i in range(0, len(blocks), 2):
        pair = [*blocks[i : i + 2], None][:2]
        cells = (
            _signature_cell(pair[0], labels, block_w)
            + f'<w:tc><w:tcPr><w:tcW w:w="{gap}" w:type="dxa"/></w:tcPr><w:p/></w:tc>'
            + _signature_cell(pair[1], labels, block_w)
        )
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="DrafterTable"/><w:tblW w:w="{width}" '
        f'w:type="dxa"/>{no_borders()}<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="227" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{g}"/>' for g in grid)
        + f"</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


# ---------------------------------------------------------------- sections


@dataclass(frozen=True)
class HeaderSet:
    """Relationship ids of the header and footer parts one section uses."""

    header: str
    footer: str
    first_header: str | None = None  # set on the cover's section: an empty first page
    first_footer: str | None = None


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
