"""The Word back end: lay out a RenderContext as a .docx file.

Parts come in the same order, with the same numbering and words, as the HTML
templates, because both read the same context; this module only chooses the Word
layout. The Word machinery is in `docx_kit` (text, tables, contents, sections) and
`docx_package` (styles, properties, running heads, the zip).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docx.image.exceptions import (
    InvalidImageStreamError,
    UnexpectedEndOfFileError,
    UnrecognizedImageError,
)

from ..errors import RenderError
from . import docx_package as package
from .docx_kit import LANDSCAPE, PORTRAIT, Body, Cell, HeaderSet, Page

if TYPE_CHECKING:
    from ..context import (
        FreedomsPart,
        FundingPart,
        GovernancePart,
        HeadCell,
        HistoryPart,
        OutcomePart,
        RenderContext,
        RewardPart,
        SignaturesPart,
        Table,
        TablePart,
        ThemePart,
    )
    from . import RenderOptions

PLACEHOLDER_COLOUR = "9C0006"  # dark red: something is still missing
LABEL_SHADE = "F2F2F2"
PICTURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp"}  # what Word embeds (not SVG)


def build_docx(ctx: RenderContext, options: RenderOptions) -> bytes:
    """The agreement as a Word document (bytes of a .docx file)."""
    # Only the logo comes from outside the context (text is escaped and stripped of
    # control characters), so only placing it is guarded; any other exception is a
    # bug and should surface as one.
    document = package.new_document()
    brand = ctx.branding
    package.install_styles(document, brand.primary, brand.accent)
    package.bullet_numbering(document)
    when = ctx.timestamp
    package.set_properties(
        document,
        package.Properties(
            title=ctx.title,
            subject=ctx.subject,
            category=ctx.cover.kind,
            author=ctx.cover.organisation,
            keywords=ctx.keywords,
            version=ctx.version,
            status=ctx.status,
            when=when,
            custom={"Area": ctx.cover.area, "Period": ctx.cover.period},
        ),
    )

    body = Body(brand.primary)
    _cover(body, ctx)
    body.page_break()
    body.contents()
    _table_part(body, ctx.register)
    _vision(body, ctx)
    _partners(body, ctx)
    if ctx.history is not None:
        _history(body, ctx.history)
    for theme in ctx.themes:
        _theme(body, theme)
    for part in (ctx.statutory, ctx.local):
        if part is not None:
            _table_part(body, part)
    if ctx.funding is not None:
        _funding(body, ctx.funding)
    if ctx.freedoms is not None:
        _freedoms(body, ctx.freedoms)
    if ctx.reward is not None:
        _reward(body, ctx.reward)
    _governance(body, ctx.governance)
    _signatures(body, ctx.signatures)

    sections, first = _headers(document, ctx)
    package.install_body(
        document, body.xml(sections, first, ctx.contents_title), body.last_section(sections, first)
    )
    if ctx.cover.logo is not None and _has_logo(ctx):
        from docx.oxml.ns import qn
        from docx.shared import Cm

        holder = next(p for p in document.paragraphs if p.style.name == "Cover Logo")
        try:
            holder.add_run().add_picture(str(ctx.cover.logo), height=Cm(2.2))
        except OSError as e:
            raise RenderError(f"the logo {ctx.cover.logo} cannot be read: {e.strerror}.") from e
        except (InvalidImageStreamError, UnrecognizedImageError, UnexpectedEndOfFileError) as e:
            raise RenderError(
                f"the logo {ctx.cover.logo} is not a picture Word can show; use a PNG or JPEG file."
            ) from e
        for picture in document.element.body.iter(qn("wp:docPr")):
            picture.set("descr", ctx.cover.organisation)  # alternative text for the logo
    return package.to_bytes(document, when)


def _has_logo(ctx: RenderContext) -> bool:
    """Whether the cover shows a logo; Word embeds PNG, JPEG, GIF and BMP, not SVG."""
    logo = ctx.cover.logo
    return logo is not None and logo.suffix.lower() in PICTURE_SUFFIXES


# ---------------------------------------------------------------- running heads


def _headers(document: Any, ctx: RenderContext) -> tuple[dict[Page, HeaderSet], HeaderSet]:
    """Header/footer parts for portrait and landscape pages, and the cover's empty pair."""
    run = ctx.running
    sections: dict[Page, HeaderSet] = {}
    for shape, page in enumerate((PORTRAIT, LANDSCAPE), start=1):
        refs, header, footer = package.new_header_set(document)
        package.fill_header(header, run.header_left, run.header_right, page, ctx.watermark, shape)
        package.fill_footer(footer, run.footer_left, run.page, page)
        sections[page] = refs
    cover, header, footer = package.new_header_set(document)
    package.fill_empty(header, ctx.watermark, PORTRAIT, shape=3)
    package.fill_empty(footer, None, PORTRAIT)
    first = HeaderSet(
        sections[PORTRAIT].header, sections[PORTRAIT].footer, cover.header, cover.footer
    )
    return sections, first


# ---------------------------------------------------------------- building blocks


def _paragraphs(body: Body, paragraphs: Sequence[str], style: str | None = None) -> None:
    for text in paragraphs:
        body.add(text, style)


def _bullets(body: Body, items: Sequence[str], style: str = "ListBullet") -> None:
    for item in items:
        body.add(item, style, after=3)


def _numbered(body: Body, items: Sequence[str]) -> None:
    """An ordered list; the numbers are text, as the PDF prints them, not Word numbering."""
    for n, item in enumerate(items, 1):
        body.add(f"{n}.\t{item}", "ListNumber", after=3)


def _facts(body: Body, facts: Sequence[tuple[str, str]], *, cover: bool = False) -> None:
    """Labelled facts as a two-column table: labels shaded, or on the cover just ruled."""
    if facts:
        shade = None if cover else LABEL_SHADE
        rows = [[Cell(k, bold=True, shade=shade), Cell(v, align="left")] for k, v in facts]
        body.table([], rows, widths=[28, 72], grid_lines=not cover)


def _head_cell(head: HeadCell) -> Cell:
    """A header cell: figures' headings right-aligned over them, a year pair's centred."""
    align = "center" if head.colspan > 1 else "right" if head.numeric else None
    return Cell(head.text, span=head.colspan, rows=head.rowspan, align=align)


def _table(body: Body, table: Table, *, titled: bool = False) -> None:
    """A context table: header rows, body rows and notes, or its 'empty' line.

    As in the HTML, a table's caption is printed only when `titled`, as a Heading 2
    (funding, reward, delivery plan); elsewhere the heading above says what it is.
    """
    if titled:
        body.heading(2, table.caption)
    if not table.rows:
        body.add(table.empty)
        _bullets(body, table.notes, "TableNote")
        return
    head = [[_head_cell(h) for h in row] for row in table.head]
    rows = []
    for row in table.rows:
        cells = []
        for c in row.cells:
            align = (
                "right" if c.numeric else "center" if c.kind in ("none", "mark", "na") else "left"
            )
            if c.span > 1 and c.kind == "number":
                align = "center"  # a figure across a year's pair, as the header above it
            rpr = ""
            if c.kind == "placeholder":
                rpr = f'<w:i/><w:color w:val="{PLACEHOLDER_COLOUR}"/>'
            elif c.kind in ("relative", "na"):
                rpr = "<w:i/>"
            cells.append(
                Cell(
                    c.text,
                    span=c.span,
                    bold=row.total,
                    align=align,
                    rpr=rpr,
                    shade=LABEL_SHADE if row.total else None,
                )
            )
        rows.append(cells)
    body.table(head, rows, widths=table.widths, title=table.caption)
    _bullets(body, table.notes, "TableNote")


# ---------------------------------------------------------------- parts


def _cover(body: Body, ctx: RenderContext) -> None:
    cover = ctx.cover
    body.add(cover.organisation, "CoverOrganisation", size=11, after=24)
    if _has_logo(ctx):
        body.add("", "CoverLogo", after=70)  # the picture goes in once the body exists
    body.add(cover.title, "Title", ppr='<w:spacing w:before="2000"/>', size=28, after=112)
    body.add(cover.subtitle, "Subtitle", size=16, after=18)
    _facts(body, cover.facts, cover=True)
    if cover.notice:
        body.add(cover.notice, "CoverMark", size=12, after=6)


def _heading(body: Body, number_title: str, *, landscape: bool = False) -> None:
    """A numbered top-level section; it starts a new page (turning it if asked)."""
    page = LANDSCAPE if landscape else PORTRAIT
    if page != body.page:
        body.section(page)
        body.heading(1, number_title)
    else:
        body.heading(1, number_title, page_break=True)


def _vision(body: Body, ctx: RenderContext) -> None:
    vision = ctx.vision
    _heading(body, vision.section.heading)
    if not (vision.paragraphs or vision.priorities or vision.cross_cutting):
        body.add(vision.empty)
        return
    _paragraphs(body, vision.paragraphs)
    if vision.priorities:
        body.heading(2, vision.priorities_title)
        _numbered(body, vision.priorities)
    if vision.cross_cutting:
        body.heading(2, vision.cross_cutting_title)
        _bullets(body, vision.cross_cutting)


def _partners(body: Body, ctx: RenderContext) -> None:
    part = ctx.partners
    _heading(body, part.section.heading)
    if part.area:
        body.heading(2, part.area_title)
        _facts(body, part.area)
    _paragraphs(body, part.paragraphs)
    _table(body, part.table)
    if part.bodies is not None:
        _table(body, part.bodies, titled=True)


def _history(body: Body, part: HistoryPart) -> None:
    _heading(body, part.section.heading)
    _paragraphs(body, part.paragraphs)
    for table in part.tables:
        _table(body, table, titled=True)


def _theme(body: Body, theme: ThemePart) -> None:
    _heading(body, theme.section.heading, landscape=theme.landscape)
    if theme.group:
        body.add(theme.group, "Lead")
    if theme.label:
        body.add(theme.label, "Lead")
    _paragraphs(body, theme.paragraphs)
    if not theme.outcomes:
        body.add(theme.empty)
    for outcome in theme.outcomes:
        _outcome(body, outcome)


def _outcome(body: Body, outcome: OutcomePart) -> None:
    body.heading(outcome.level, outcome.heading)
    _facts(body, outcome.facts)
    _paragraphs(body, outcome.paragraphs)
    _table(body, outcome.table)


def _table_part(body: Body, part: TablePart) -> None:
    _heading(body, part.section.heading, landscape=part.table.landscape)
    _paragraphs(body, part.paragraphs)
    _table(body, part.table)


def _funding(body: Body, part: FundingPart) -> None:
    _heading(body, part.section.heading, landscape=part.streams.landscape)
    _paragraphs(body, part.paragraphs)
    outside = () if part.outside is None else (part.outside,)
    for table in (part.streams, *outside, part.by_treatment, part.by_department, part.by_theme):
        _table(body, table, titled=True)


def _freedoms(body: Body, part: FreedomsPart) -> None:
    _heading(body, part.section.heading)
    _paragraphs(body, part.paragraphs)
    if not part.groups:
        body.add(part.empty)
    for group in part.groups:
        body.heading(2, group.title)
        for item in group.items:
            body.heading(3, item.heading)
            _facts(body, item.facts)


def _reward(body: Body, part: RewardPart) -> None:
    _heading(body, part.section.heading)
    _paragraphs(body, part.paragraphs)
    _facts(body, part.facts)
    _table(body, part.table, titled=True)


def _governance(body: Body, part: GovernancePart) -> None:
    _heading(body, part.section.heading)
    if not part.subsections and part.delivery is None:
        body.add(part.empty)
    for sub in part.subsections:
        body.heading(2, sub.title)
        _paragraphs(body, sub.paragraphs)
    if part.delivery is not None:
        _table(body, part.delivery, titled=True)


def _signatures(body: Body, part: SignaturesPart) -> None:
    _heading(body, part.section.heading)
    _paragraphs(body, part.paragraphs)
    labels = part.labels
    for block in part.blocks:
        body.heading(2, block.party)
        body.signature(labels, ("", block.name, block.role, block.date))
