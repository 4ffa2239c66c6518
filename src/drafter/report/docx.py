"""A report as a Word document, with the agreement's styles, headings and running heads.

Built with the same machinery as an agreement (`render.docx_body.Body`,
`render.docx_package`), so headings are real Heading 1–3 paragraphs in Word's
navigation pane and tables repeat their header rows.
"""

from __future__ import annotations

from ..context.parts import HeadCell, Table
from ..render import docx_package as package
from ..render.docx_body import Body
from ..render.docx_kit import LANDSCAPE, PORTRAIT, Cell, HeaderSet, Page, keep_years, runs
from .model import Facts, Heading, Landscape, Paragraph, Report, TableBlock

PLACEHOLDER = '<w:i/><w:color w:val="9C0006"/>'
MARKS = {
    "": "",
    "strong": "<w:b/>",
    "em": "<w:i/>",
    "ins": '<w:color w:val="00602B"/><w:u w:val="single"/>',
    "del": '<w:strike/><w:color w:val="9C0006"/>',
}
STYLES = {"": None, "lead": "Lead", "note": "TableNote", "bullet": "ListBullet"}
TITLE_SIZE = 22  # points


def report_docx(report: Report) -> bytes:
    """The report as the bytes of a .docx file."""
    document = package.new_document()
    page = LANDSCAPE if report.landscape else PORTRAIT
    brand = report.branding
    package.install_styles(document, brand.primary, brand.accent, page)
    package.bullet_numbering(document)
    package.set_properties(
        document,
        package.Properties(
            title=report.title,
            subject=report.subject,
            category="Report",
            author=report.organisation,
            keywords=report.keywords,
            version=report.version,
            status=report.status,
            when=report.timestamp,
        ),
    )
    body = Body(brand.primary, page)
    body.add(report.organisation, "CoverOrganisation", size=11, after=24)
    # A report's title is smaller than an agreement's cover title (22 pt, as in its
    # HTML), so that its first table can start on the first page.
    title = runs(keep_years(report.title), f'<w:sz w:val="{TITLE_SIZE * 2}"/>')
    body.add_runs(title, report.title, "Title", size=TITLE_SIZE, after=12)
    body.add(report.subtitle, "Subtitle", size=16, after=18)
    body.facts(report.facts, cover=True)
    if report.notice:
        body.add(report.notice, "CoverMark", size=12, after=6)
    if report.contents and report.headings():
        body.contents()
    for n, block in enumerate(report.blocks):
        # Turned back to the report's own page only when a block follows, so a report
        # ending on landscape pages has no empty page after them.
        if isinstance(block, Landscape):
            body.section(LANDSCAPE)
            inner = block.blocks
            for k, b in enumerate(inner):
                _block(body, b, before_table=k + 1 < len(inner) and _is_table(inner[k + 1]))
        else:
            body.section(page)
            following = report.blocks[n + 1] if n + 1 < len(report.blocks) else None
            _block(body, block, before_table=_is_table(following))
    run = report.running
    sections: dict[Page, HeaderSet] = {}
    for shape, each in enumerate((PORTRAIT, LANDSCAPE), start=1):
        refs, header, footer = package.new_header_set(document)
        package.fill_header(header, run.header_left, run.header_right, each, None, shape)
        package.fill_footer(footer, run.footer_left, run.page, each)
        sections[each] = refs
    first = sections[page]
    package.install_body(
        document,
        body.xml(sections, first, report.contents_title),
        body.last_section(sections, first),
    )
    return package.to_bytes(document, report.timestamp)


def _is_table(block: object) -> bool:
    return isinstance(block, TableBlock)


def _block(
    body: Body, block: Heading | Paragraph | Facts | TableBlock, *, before_table: bool = False
) -> None:
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 3)
        body.heading(level, block.text, page_break=block.new_page)
    elif isinstance(block, Paragraph):
        content = "".join(runs(s.text, MARKS.get(s.mark, "")) for s in block.spans)
        # A paragraph introducing a table stays on the page where the table starts.
        ppr = "<w:keepNext/>" if before_table else ""
        body.add_runs(content, block.text, STYLES.get(block.style), ppr=ppr)
    elif isinstance(block, Facts):
        body.facts(block.items)
    elif isinstance(block, TableBlock):
        _table(body, block.table, titled=block.titled)


def _head(h: HeadCell) -> Cell:
    align = "center" if h.colspan > 1 else "right" if h.numeric else None
    return Cell(h.text, span=h.colspan, rows=h.rowspan, align=align)


def _table(body: Body, table: Table, *, titled: bool) -> None:
    if titled:
        body.heading(2, table.caption)
    if not table.rows:
        body.add(table.empty)
    else:
        head = [[_head(h) for h in row] for row in table.head]
        rows = [
            [
                Cell(
                    c.text,
                    total=row.total,
                    align="right" if c.numeric else "center" if c.kind == "mark" else "left",
                    rpr=PLACEHOLDER if c.kind == "placeholder" else MARKS.get(c.kind, ""),
                )
                for c in row.cells
            ]
            for row in table.rows
        ]
        body.table(head, rows, widths=table.widths, title=table.caption)
    for note in table.notes:
        body.add(note, "TableNote", after=3)
