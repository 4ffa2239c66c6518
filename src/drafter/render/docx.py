"""The Word back end: lay out a RenderContext as a .docx file.

Parts come in the same order, with the same numbering and words, as the HTML
templates, because both read the same context; this module only chooses the Word
layout. The Word machinery is in `docx_kit` (text and tables), `docx_body` (the body,
its contents and sections), `docx_fit` (column widths) and `docx_package` (styles,
properties, running heads, the zip).

Pages break where the PDF's do (templates/style.css): every top-level section starts
a page but those listed in FOLLOW_ON, and a section on landscape pages starts its own.
Headings stay with their facts, their introduction and the first rows of their table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docx.image.exceptions import (
    InvalidImageStreamError,
    UnexpectedEndOfFileError,
    UnrecognizedImageError,
)

from ..chars import clean
from ..context.parts import (
    FreedomsPart,
    FundingPart,
    GovernancePart,
    HistoryPart,
    PartnersPart,
    PumpPrimingPart,
    RewardPart,
    SignaturesPart,
    TablePart,
    TargetsPart,
    TextPart,
    ThemePart,
    Vision,
)
from ..errors import RenderError
from . import docx_package as package
from .docx_body import Body
from .docx_fit import text_width
from .docx_kit import BODY_SIZE, LANDSCAPE, PORTRAIT, Cell, HeaderSet, Page, keep_years, runs

if TYPE_CHECKING:
    from ..context import HeadCell, OutcomePart, RenderContext, Table
    from ..context.parts import Part, Section
    from . import RenderOptions

PLACEHOLDER_COLOUR = "9C0006"  # dark red: something is still missing
PICTURE_TYPES = {"image/png", "image/jpeg"}  # logos Word embeds (an SVG logo is left out)
# Sections that follow on from the one before rather than start a page, as in the PDF
# (style.css: the `.part.…` rules with `break-before: auto`): all but the register,
# which comes first, after the contents, and the signatures.
FOLLOW_ON = frozenset(
    {
        *("vision", "partners", "history", "theme", "targets", "statutory"),
        *("local", "funding", "freedoms", "reward", "governance", "intentions", "pump_priming"),
    }
)


def build_docx(ctx: RenderContext, options: RenderOptions) -> bytes:
    """The agreement as a Word document (bytes of a .docx file)."""
    # Only the logo comes from outside the context (text is escaped and stripped of
    # control characters), so only placing it is guarded; any other exception is a
    # bug and should surface as one.
    document = package.new_document()
    brand = ctx.branding
    package.install_styles(document, brand.primary, brand.accent)
    package.bullet_numbering(document)
    package.update_fields_on_open(document)
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
    for part in ctx.parts:  # in the order of the sections, as the HTML prints them
        _part(body, part, per_theme=brand.page_per_theme)

    sections, first = _headers(document, ctx)
    package.install_body(
        document, body.xml(sections, first, ctx.contents_title), body.last_section(sections, first)
    )
    logo = ctx.cover.logo
    if logo is not None and _has_logo(ctx):
        import io

        from docx.oxml.ns import qn
        from docx.shared import Cm

        holder = next(p for p in document.paragraphs if p.style.name == "Cover Logo")
        try:
            # The bytes checked when the settings were read, not the file again.
            holder.add_run().add_picture(io.BytesIO(logo.data), height=Cm(2.2))
        except (
            InvalidImageStreamError,
            UnrecognizedImageError,
            UnexpectedEndOfFileError,
            ValueError,
            IndexError,
        ) as e:  # python-docx reads the picture's header and fails in many ways
            raise RenderError(
                f"the logo {logo.path} is not a picture Word can show; use a PNG or JPEG file."
            ) from e
        for picture in document.element.body.iter(qn("wp:docPr")):
            picture.set("descr", clean(ctx.cover.organisation))  # the logo's alternative text
    return package.to_bytes(document, when)


def _has_logo(ctx: RenderContext) -> bool:
    """Whether the cover shows a logo; Word embeds PNG and JPEG here, not SVG."""
    logo = ctx.cover.logo
    return logo is not None and logo.media_type in PICTURE_TYPES


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


def _paragraphs(body: Body, paragraphs: Sequence[str], *, keep: bool = False) -> None:
    """Paragraphs of body text; `keep` keeps them with what follows (a table they introduce).

    A long introduction keeps only its last paragraph with the table, so that the
    whole of it does not move to the next page and leave a gap.
    """
    short = sum(text_width(p, BODY_SIZE) for p in paragraphs) < 8 * 480  # about 8 lines
    for n, text in enumerate(paragraphs):
        body.add(text, keep=keep and (short or n == len(paragraphs) - 1))


def _bullets(body: Body, items: Sequence[str], style: str = "ListBullet") -> None:
    for item in items:
        body.add(item, style, after=3)


def _notes(body: Body, notes: Sequence[str]) -> None:
    """The notes under a table, as bullets. The list is named on each paragraph, not
    only in the style: LibreOffice shows no bullet for a list given by this style."""
    bullet = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{package.BULLET_LIST}"/></w:numPr>'
    for note in notes:
        body.add(note, "NoteBullet", ppr=bullet, after=2)


def _numbered(body: Body, items: Sequence[str]) -> None:
    """An ordered list; the numbers are text, as the PDF prints them, not Word numbering."""
    for n, item in enumerate(items, 1):
        body.add(f"{n}.\t{item}", "ListNumber", after=3)


def _head_cell(head: HeadCell) -> Cell:
    """A header cell: figures' headings right-aligned over them, a year pair's centred."""
    align = "center" if head.colspan > 1 else "right" if head.numeric else None
    return Cell(head.text, span=head.colspan, rows=head.rowspan, align=align)


def _kind(table: Table) -> str:
    """Tables of one kind share their grid: 'table-5-1' and 'table-6-2' are both 'table'."""
    return re.sub(r"(-\d+)+$", "", table.id)


def _table(body: Body, table: Table, *, titled: bool = False) -> None:
    """A context table: header rows, body rows and notes, or its 'empty' line.

    As in the HTML, a table's caption is printed only when `titled`, as a Heading 2
    (funding, reward, delivery plan); elsewhere the heading above says what it is.
    """
    if titled:
        body.heading(2, table.caption)
    if not table.rows:
        body.add(table.empty)
        _notes(body, table.notes)
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
                # Upright and coloured: never mistaken for a relative target (italic).
                rpr = f'<w:color w:val="{PLACEHOLDER_COLOUR}"/>'
            elif c.kind in ("relative", "na"):
                rpr = "<w:i/>"
            cells.append(Cell(c.text, span=c.span, total=row.total, align=align, rpr=rpr))
        rows.append(cells)
    body.table(
        head,
        rows,
        widths=table.widths,
        kind=_kind(table),
        title=table.caption,
        with_next=bool(table.notes),  # the last rows stay with the notes about them
    )
    _notes(body, table.notes)


# ---------------------------------------------------------------- parts


def _cover(body: Body, ctx: RenderContext) -> None:
    cover = ctx.cover
    body.add(cover.organisation, "CoverOrganisation", size=13, after=24)
    if _has_logo(ctx):
        body.add("", "CoverLogo", after=70)  # the picture goes in once the body exists
    title = keep_years(cover.title)  # "2008–11" never breaks after its dash
    body.add_runs(
        runs(title), cover.title, "Title", ppr='<w:spacing w:before="2300"/>', size=28, after=9
    )
    body.add(cover.subtitle, "Subtitle", size=14, after=40)
    body.facts(cover.facts, cover=True)
    if cover.notice:
        body.add(cover.notice, "CoverMark", after=6)


def _heading(
    body: Body, section: Section, *, landscape: bool = False, per_theme: bool = False
) -> None:
    """A numbered top-level section: on a new page (turned if asked), or following on.

    With `per_theme` (the project's page_per_theme) a theme starts a page, as in the PDF.
    """
    page = LANDSCAPE if landscape else PORTRAIT
    if page != body.page:
        body.section(page)
        body.heading(1, section.heading)
    else:
        follow_on = section.kind in FOLLOW_ON and not (section.kind == "theme" and per_theme)
        body.heading(1, section.heading, page_break=not follow_on, follow_on=follow_on)


def _part(body: Body, part: Part, *, per_theme: bool = False) -> None:
    """One part of the document, by its kind."""
    if isinstance(part, TablePart):
        _table_part(body, part)
    elif isinstance(part, Vision):
        _vision(body, part)
    elif isinstance(part, PartnersPart):
        _partners(body, part)
    elif isinstance(part, HistoryPart):
        _history(body, part)
    elif isinstance(part, ThemePart):
        _theme(body, part, per_theme=per_theme)
    elif isinstance(part, TargetsPart):
        _targets(body, part)
    elif isinstance(part, FundingPart):
        _funding(body, part)
    elif isinstance(part, FreedomsPart):
        _freedoms(body, part)
    elif isinstance(part, RewardPart):
        _reward(body, part)
    elif isinstance(part, PumpPrimingPart):
        _pump_priming(body, part)
    elif isinstance(part, TextPart):
        _text_part(body, part)
    elif isinstance(part, GovernancePart):
        _governance(body, part)
    else:
        _signatures(body, part)


def _vision(body: Body, vision: Vision) -> None:
    _heading(body, vision.section)
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


def _partners(body: Body, part: PartnersPart) -> None:
    _heading(body, part.section)
    if part.area:
        body.heading(2, part.area_title)
        body.facts(part.area)
    _paragraphs(body, part.paragraphs, keep=True)
    _table(body, part.table)
    for table in (part.bodies, part.departments):
        if table is not None:
            _table(body, table, titled=True)


def _history(body: Body, part: HistoryPart) -> None:
    _heading(body, part.section)
    _paragraphs(body, part.paragraphs)
    for table in part.tables:
        _table(body, table, titled=True)


def _theme(body: Body, theme: ThemePart, *, per_theme: bool = False) -> None:
    if theme.level == 1:
        _heading(body, theme.section, landscape=theme.landscape, per_theme=per_theme)
    else:  # a priority inside an LPSA's Schedule 1
        body.heading(theme.level, theme.section.heading)
    if theme.group:
        body.add_runs(runs(theme.group, f'<w:color w:val="{body.fill}"/>'), theme.group, "Label")
    if theme.label:
        body.add(theme.label, "Label")
    _paragraphs(body, theme.paragraphs)
    if not theme.outcomes:
        body.add(theme.empty)
    for outcome in theme.outcomes:
        _outcome(body, outcome)


def _targets(body: Body, part: TargetsPart) -> None:
    """An LPSA's Schedule 1: how its tables read, then each priority with its targets."""
    _heading(body, part.section, landscape=part.landscape)
    _paragraphs(body, part.paragraphs)
    for theme in part.themes:
        _theme(body, theme)


def _outcome(body: Body, outcome: OutcomePart) -> None:
    """An outcome's heading, facts and introduction, kept with the first rows of its table."""
    body.heading(outcome.level, outcome.heading)
    body.facts(outcome.facts, with_next=True)
    _paragraphs(body, outcome.paragraphs, keep=True)
    _table(body, outcome.table)


def _table_part(body: Body, part: TablePart) -> None:
    _heading(body, part.section, landscape=part.table.landscape)
    _paragraphs(body, part.paragraphs, keep=True)
    _table(body, part.table)


def _funding(body: Body, part: FundingPart) -> None:
    _heading(body, part.section, landscape=part.streams.landscape)
    _paragraphs(body, part.paragraphs)
    outside = () if part.outside is None else (part.outside,)
    for table in (part.streams, *outside, part.by_treatment, part.by_department, part.by_theme):
        _table(body, table, titled=True)


def _freedoms(body: Body, part: FreedomsPart) -> None:
    _heading(body, part.section)
    _paragraphs(body, part.paragraphs)
    if not part.groups:
        body.add(part.empty)
        return
    _table(body, part.summary, titled=True)
    for group in part.groups:
        body.heading(2, group.title)
        for item in group.items:  # each record kept whole on one page, with its heading
            body.heading(3, item.heading)
            body.facts(item.facts)


def _reward(body: Body, part: RewardPart) -> None:
    _heading(body, part.section)
    body.facts(part.facts)
    _paragraphs(body, part.paragraphs)
    _table(body, part.table, titled=True)


def _pump_priming(body: Body, part: PumpPrimingPart) -> None:
    _heading(body, part.section)
    body.facts(part.facts)
    _paragraphs(body, part.paragraphs, keep=part.table is not None)
    if part.table is not None:
        _table(body, part.table)


def _text_part(body: Body, part: TextPart | GovernancePart) -> None:
    """A section of running text: paragraphs, then titled subsections."""
    _heading(body, part.section)
    _paragraphs(body, part.paragraphs)
    for sub in part.subsections:
        body.heading(2, sub.title)
        _paragraphs(body, sub.paragraphs)


def _governance(body: Body, part: GovernancePart) -> None:
    if not part.paragraphs and not part.subsections and part.delivery is None:
        _heading(body, part.section)
        body.add(part.empty)
        return
    _text_part(body, part)
    if part.delivery is not None:
        _table(body, part.delivery, titled=True)


def _signatures(body: Body, part: SignaturesPart) -> None:
    """The signature page: its words, then the blocks two by two, as the PDF sets them."""
    _heading(body, part.section)
    _paragraphs(body, part.paragraphs, keep=True)
    blocks = [(b.party, ("", b.name, b.role, b.date)) for b in part.blocks]
    body.signatures(part.labels, blocks)
