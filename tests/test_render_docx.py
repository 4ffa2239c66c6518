"""The Word document: real styles, properties, contents, running heads, marks, tables."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import etree

from drafter.config import Branding, read_logo
from drafter.context import RenderContext, build_context
from drafter.errors import DrafterError, RenderError
from drafter.load import load
from drafter.model import Agreement
from drafter.render import RenderOptions
from drafter.render.docx import build_docx
from drafter.render.docx_kit import keep_years

from .conftest import FIXTURES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
V = "{urn:schemas-microsoft-com:vml}"
FIXTURE = FIXTURES / "render-laa2008.yaml"
DAY = dt.date(2008, 6, 30)
OPTIONS = RenderOptions(today=DAY)


def context(agreement: Agreement | None = None, **kwargs: object) -> RenderContext:
    """The render context of the fixture (or of `agreement`)."""
    if agreement is None:
        agreement = load(FIXTURE).agreement
    assert agreement is not None
    return build_context(agreement, generated=DAY, **kwargs)  # type: ignore[arg-type]


def opened(data: bytes) -> Document:
    """The .docx bytes opened with python-docx."""
    return docx.Document(io.BytesIO(data))


def part(data: bytes, name: str) -> etree._Element:
    """One XML part of the package."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def parts(data: bytes, pattern: str) -> dict[str, etree._Element]:
    """Every XML part whose name matches `pattern`."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if re.fullmatch(pattern, n)}


@pytest.fixture(scope="module")
def ctx() -> RenderContext:
    return context()


@pytest.fixture(scope="module")
def data(ctx: RenderContext) -> bytes:
    return build_docx(ctx, OPTIONS)


@pytest.fixture(scope="module")
def document(data: bytes) -> Document:
    return opened(data)


def lpsa() -> Agreement:
    """A small LPSA whose stretch-target table has a 'without/with' pair per year."""
    return Agreement.model_validate(
        {
            "id": "tiny-lpsa",
            "generation": "lpsa",
            "version": "1.0",
            "status": "signed",
            "area": {"name": "Tinyshire", "accountable_body": "Tinyshire County Council"},
            "partners": [{"id": "tcc", "name": "Tinyshire County Council", "signatory": True}],
            "period": {"start": "2005/06", "end": "2007/08"},
            "themes": [
                {
                    "id": "t1",
                    "title": "Safer roads",
                    "outcomes": [
                        {
                            "id": "o1",
                            "title": "Fewer people killed or seriously injured on the roads",
                            "lead": "tcc",
                            "indicators": [
                                {
                                    "id": "ksi",
                                    "title": "People killed or seriously injured",
                                    "type": "reward",
                                    "baseline": 120,
                                    "targets": {
                                        "2005/06": {"without": 118, "with": 115},
                                        "2006/07": {"without": 116, "with": 110},
                                        "2007/08": {"without": 114, "with": 100},
                                    },
                                }
                            ],
                        }
                    ],
                }
            ],
            "funding": {
                "streams": [{"id": "ppg", "name": "Pump priming", "amounts": {"2005/06": 50000}}]
            },
            "signatories": [
                {"partner": "tcc", "name": "A Leader", "role": "Leader", "date": "2005-04-01"}
            ],
        }
    )


# ---------------------------------------------------------------- styles and text


def test_section_and_outcome_headings_use_word_heading_styles(
    document: Document, ctx: RenderContext
) -> None:
    by_text = {p.text: p.style.name for p in document.paragraphs}
    for section in ctx.sections:
        assert by_text[section.heading] == "Heading 1"
    for theme in ctx.themes:
        for outcome in theme.outcomes:
            assert by_text[outcome.heading] == "Heading 2"
    assert ctx.freedoms is not None
    item = ctx.freedoms.groups[0].items[0]
    assert by_text[item.heading] == "Heading 3"
    assert by_text[keep_years(ctx.cover.title)] == "Title"


def test_the_cover_title_keeps_its_years_on_one_line(document: Document) -> None:
    # "2008–11" must not break after the dash: Word's no-width non-break and a word
    # joiner sit between the dash and "11", as in the report titles.
    title = next(p.text for p in document.paragraphs if p.style.name == "Title")
    assert "2008–\u200d\u206011" in title
    assert title.replace("\u200d\u2060", "") == "Testshire Local Area Agreement 2008–11"


def test_type_scale_is_the_pdfs_on_a4_with_its_margins(document: Document) -> None:
    normal = document.styles["Normal"]
    assert normal.font.name == "Calibri"
    assert normal.font.size.pt == 11
    assert document.styles["Table Text"].font.size.pt == 9.5
    assert document.styles["Table Heading"].font.size.pt == 9.5
    sizes = [document.styles[f"Heading {n}"].font.size.pt for n in (1, 2, 3)]
    assert sizes == [17, 13, 11.5] and document.styles["Title"].font.size.pt == 28
    assert document.styles["Heading 1"].font.name is None  # inherits Calibri
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=1)
    assert section.left_margin.mm == pytest.approx(17, abs=0.5)  # as the PDF's @page
    assert section.top_margin.mm == pytest.approx(24, abs=0.5)


def test_bullets_point_at_a_defined_list(data: bytes, document: Document) -> None:
    bullet = document.styles["List Bullet"].element.find(f"{W}pPr/{W}numPr/{W}numId")
    numbering = part(data, "word/numbering.xml")
    defined = {n.get(f"{W}numId") for n in numbering.iter(f"{W}num")}
    assert bullet.get(f"{W}val") in defined
    assert any(p.style.name == "List Bullet" for p in document.paragraphs)


def test_tables_use_the_table_style_with_a_shaded_white_header(
    document: Document, ctx: RenderContext
) -> None:
    assert all(t.style.name == "Drafter Table" for t in document.tables)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Ref")
    tc = table.rows[0].cells[0]._tc
    assert tc.find(f"{W}tcPr/{W}shd").get(f"{W}fill") == ctx.branding.primary.lstrip("#")
    assert table.rows[0].cells[0].paragraphs[0].style.name == "Table Heading"
    captions = {c.get(f"{W}val") for c in document.element.body.iter(f"{W}tblCaption")}
    assert ctx.partners.table.caption in captions  # alternative text for screen readers
    heading_style = document.styles["Table Heading"]
    assert heading_style.font.bold and str(heading_style.font.color.rgb) == "FFFFFF"


def test_every_cell_is_printed_as_worded_and_placeholders_stand_out(
    document: Document, ctx: RenderContext
) -> None:
    printed = {c.text: c for t in document.tables for r in t.rows for c in r.cells}
    context_cells = [
        cell
        for theme in ctx.themes
        for o in theme.outcomes
        for row in o.table.rows
        for cell in row.cells
    ]
    assert {c.text for c in context_cells} <= set(printed)
    placeholders = [c.text for c in context_cells if c.kind == "placeholder"]
    relative = [c.text for c in context_cells if c.kind == "relative"]
    assert placeholders and relative  # the fixture has both
    # A placeholder is upright and coloured; a relative target is italic: never alike.
    for text in placeholders:
        run = printed[text].paragraphs[0].runs[0]
        assert not run.italic and str(run.font.color.rgb) == "9C0006"
    for text in relative:
        assert printed[text].paragraphs[0].runs[0].italic
    numbers = [c.text for c in context_cells if c.kind == "number"]
    assert all(printed[t].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for t in numbers)


def test_every_part_is_present_in_order(document: Document, ctx: RenderContext) -> None:
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.heading for s in ctx.sections]
    texts = [p.text for p in document.paragraphs]
    assert ctx.vision.paragraphs[0] in texts
    assert ctx.partners.paragraphs[0] in texts
    assert ctx.cover.notice in texts
    assert ctx.funding is not None and ctx.funding.paragraphs[0] in texts


# ---------------------------------------------------------------- properties


def test_core_and_custom_properties(data: bytes, document: Document, ctx: RenderContext) -> None:
    core = document.core_properties
    assert core.title == ctx.title
    assert core.subject == ctx.subject
    assert core.author == ctx.cover.organisation
    assert core.version == ctx.version
    assert core.content_status == ctx.status
    assert core.language == "en-GB"
    assert core.keywords == ctx.keywords
    assert core.created == core.modified == dt.datetime(2008, 6, 30, tzinfo=dt.UTC)
    custom = part(data, "docProps/custom.xml")
    values = {p.get("name"): "".join(p.itertext()) for p in custom}
    assert values["Version"] == ctx.version and values["Status"] == ctx.status
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "docProps/thumbnail.jpeg" not in z.namelist()


def test_dates_come_from_the_context_timestamp(monkeypatch: pytest.MonkeyPatch) -> None:
    when = dt.datetime(2008, 6, 30, 14, 30, tzinfo=dt.UTC)
    # The back end does not read SOURCE_DATE_EPOCH itself: the context says when.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2008, 6, 30, 9, 0).timestamp())))
    data = build_docx(context(timestamp=when), OPTIONS)
    core = opened(data).core_properties
    assert core.created == core.modified == when
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2008, 6, 30, 14, 30, 0)}


def test_cover_subtitle_comes_from_the_context(ctx: RenderContext) -> None:
    changed = replace(ctx, cover=replace(ctx.cover, subtitle="A subtitle from the context"))
    texts = [p.text for p in opened(build_docx(changed, OPTIONS)).paragraphs]
    assert "A subtitle from the context" in texts


def test_a_bug_in_our_code_is_not_disguised_as_a_render_error(
    ctx: RenderContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import drafter.render.docx as back_end

    def broken(*_: object) -> None:
        raise KeyError("a programming mistake")

    monkeypatch.setattr(back_end, "_reward", broken)
    with pytest.raises(KeyError, match="a programming mistake"):
        build_docx(ctx, OPTIONS)


def test_a_logo_that_is_not_a_file_is_refused_when_read(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.mkdir()
    with pytest.raises(DrafterError, match=r"is not a file"):
        read_logo(logo)


# ---------------------------------------------------------------- contents


def toc_entries(data: bytes) -> list[etree._Element]:
    """The contents' entry paragraphs."""
    body = part(data, "word/document.xml")
    return [
        p
        for p in body.iter(f"{W}p")
        if (s := p.find(f"{W}pPr/{W}pStyle")) is not None
        and s.get(f"{W}val").startswith("TOC")
        and s.get(f"{W}val") != "TOCHeading"
    ]


def test_contents_lists_the_top_level_sections_as_the_pdf_does(
    data: bytes, ctx: RenderContext
) -> None:
    entries = toc_entries(data)
    assert {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in entries} == {"TOC1"}
    texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in entries]
    assert [t.rstrip("0123456789") for t in texts] == [
        f"{s.number}{s.title}"
        for s in ctx.sections  # number, tab, title, tab, page
    ]
    tabs = [len(list(p.iter(f"{W}tab"))) for p in entries]
    assert tabs == [2] * len(entries)


def test_contents_entries_link_to_their_headings_with_page_fields(data: bytes) -> None:
    body = part(data, "word/document.xml")
    # No TOC field wraps the entries: LibreOffice would show a TOC field's cached page
    # numbers, while it works out each PAGEREF field itself.
    assert not any("TOC" in (t.text or "") for t in body.iter(f"{W}instrText"))
    headings = {
        b.get(f"{W}name"): "".join(t.text for t in p.iter(f"{W}t"))
        for p in body.iter(f"{W}p")
        if (s := p.find(f"{W}pPr/{W}pStyle")) is not None and s.get(f"{W}val") == "Heading1"
        for b in p.iter(f"{W}bookmarkStart")
    }
    entries = toc_entries(data)
    for entry in entries:
        link = entry.find(f"{W}hyperlink")
        anchor = link.get(f"{W}anchor")
        title = "".join(t.text for t in link.iter(f"{W}t")).rstrip("0123456789")
        assert headings[anchor].replace(" ", "", 1) == title  # the heading it links to
        instr = "".join(t.text for t in link.iter(f"{W}instrText"))
        assert instr.split() == ["PAGEREF", anchor, "\\h"]
        chars = [c.get(f"{W}fldCharType") for c in link.iter(f"{W}fldChar")]
        assert chars == ["begin", "separate", "end"]
    pages = [
        int("".join(t.text for t in link.iter(f"{W}t") if t.text.isdigit()))
        for link in (e.find(f"{W}hyperlink") for e in entries)
    ]
    assert pages == sorted(pages) and pages[0] >= 3 and pages[-1] > pages[0]


def test_word_is_asked_to_update_the_page_fields_on_opening(data: bytes) -> None:
    settings = part(data, "word/settings.xml")
    flag = settings.find(f"{W}updateFields")
    assert flag is not None and flag.get(f"{W}val") == "true"
    names = [c.tag.removeprefix(W) for c in settings]
    assert names.index("updateFields") < names.index("compat")  # the schema's order


# ---------------------------------------------------------------- headers, footers, marks


def test_running_header_and_page_x_of_y_footer(document: Document, ctx: RenderContext) -> None:
    section = document.sections[0]
    assert section.different_first_page_header_footer  # the cover has none
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header.paragraphs[0].text
    assert header == f"{ctx.running.header_left}\t{ctx.running.header_right}"
    footer = section.footer._element
    fields = [f.get(f"{W}instr").strip() for f in footer.iter(f"{W}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]
    assert "".join(t.text for t in footer.iter(f"{W}t")).startswith(ctx.running.footer_left)
    assert "Page 1 of 1" in "".join(t.text for t in footer.iter(f"{W}t"))


def marks(data: bytes) -> set[str]:
    """Watermark words in the headers."""
    return {
        shape.get("string")
        for header in parts(data, r"word/header\d+\.xml").values()
        for shape in header.iter(f"{V}textpath")
        if shape.get("string")
    }


def test_draft_mark_on_every_page_until_signed(data: bytes) -> None:
    assert marks(data) == {"DRAFT"}
    headers = parts(data, r"word/header\d+\.xml")
    # every header part (cover, portrait, landscape) carries it
    assert all(list(h.iter(f"{V}textpath")) for h in headers.values())


def test_no_mark_when_signed_and_incomplete_when_forced() -> None:
    signed = lpsa()
    assert marks(build_docx(context(signed), OPTIONS)) == set()
    assert marks(build_docx(context(signed, incomplete=True), OPTIONS)) == {"INCOMPLETE"}


# ---------------------------------------------------------------- tables and pages


def test_header_rows_repeat_and_rows_never_split(document: Document) -> None:
    for table in document.tables:
        for row in table.rows:
            assert row._tr.find(f"{W}trPr/{W}cantSplit") is not None
    data_tables = [t for t in document.tables if t.rows[0].cells[0].text in ("Ref", "Partner")]
    assert data_tables
    for table in data_tables:
        assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
        assert table.rows[1]._tr.find(f"{W}trPr/{W}tblHeader") is None


def test_wide_tables_get_a_landscape_section_then_portrait_again() -> None:
    ctx = context(lpsa())
    assert ctx.themes[0].outcomes[0].table.landscape
    document = opened(build_docx(ctx, OPTIONS))
    shapes = [(s.orientation.name, s.page_width > s.page_height) for s in document.sections]
    assert ("LANDSCAPE", True) in shapes
    assert shapes[0] == shapes[-1] == ("PORTRAIT", False)
    # the reward table, with its two header rows, is inside the landscape section
    table = next(t for t in document.tables if len(t.rows[0].cells) > 8)
    following = table._tbl.itersiblings()
    next_break = next(e for e in following if e.find(f"{W}pPr/{W}sectPr") is not None)
    assert next_break.find(f"{W}pPr/{W}sectPr/{W}pgSz").get(f"{W}orient") == "landscape"
    assert table.rows[1]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert [c.text for c in table.rows[1].cells][-4:-2] == [
        "Without the Local PSA",
        "With the Local PSA",
    ]


def test_signature_blocks_stand_two_side_by_side(document: Document, ctx: RenderContext) -> None:
    labels = list(ctx.signatures.labels)
    table = document.tables[-1]
    assert len(table.columns) == 3  # a block, a gap, a block
    blocks = [c for r in table.rows for c in (r.cells[0], r.cells[2])]
    assert len(table.rows) == (len(ctx.signatures.blocks) + 1) // 2
    for cell, block in zip(blocks, ctx.signatures.blocks, strict=False):
        heading, *lines = cell.paragraphs
        assert heading.style.name == "Heading 2" and heading.text == block.party
        assert [p.text.split("\t")[0] for p in lines] == labels
        assert [p.text.split("\t")[1] for p in lines] == ["", block.name, block.role, block.date]
        for p in lines:  # the line to sign on: the value and a tab to the edge, underlined
            underlined = [r for r in p.runs if r.underline]
            assert underlined and underlined[-1]._r.find(f"{W}tab") is not None
        assert all(p.paragraph_format.keep_with_next for p in [heading, *lines[:-1]])
    for row in table.rows:
        assert row._tr.find(f"{W}trPr/{W}cantSplit") is not None  # a pair never splits


# ---------------------------------------------------------------- output


def test_two_builds_are_identical(ctx: RenderContext, data: bytes) -> None:
    again = build_docx(ctx, OPTIONS)
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(again)) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
            assert a.getinfo(name).date_time == b.getinfo(name).date_time
    first = [p.text for p in opened(data).paragraphs]
    assert first == [p.text for p in opened(again).paragraphs]


def test_a_logo_that_is_not_a_picture_by_its_bytes_is_refused(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not a picture")
    with pytest.raises(DrafterError, match=r"not a PNG, JPEG or SVG picture"):
        read_logo(logo)


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n", b"\x89PNG\r\n\x1a\nbroken", b"\xff\xd8\xff"]
)
def test_a_broken_picture_is_a_render_error(tmp_path: Path, data: bytes) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(data)
    ctx = context(branding=Branding(logo=read_logo(logo)))
    with pytest.raises(RenderError, match=r"logo .* is not a picture Word can show"):
        build_docx(ctx, OPTIONS)


def test_a_png_logo_is_placed_on_the_cover(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), "navy").save(logo)
    ctx = context(branding=Branding(logo=read_logo(logo)))
    data = build_docx(ctx, OPTIONS)
    assert len(opened(data).inline_shapes) == 1
    described = part(data, "word/document.xml").iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    )
    assert [d.get("descr") for d in described] == [ctx.cover.organisation]


# Child order of the properties drafter writes, as the WordprocessingML schema sets it.
# Word refuses to open a document ("unreadable content") whose children are out of order.
SCHEMA_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
    "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
    "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription",
    "tblBorders": "top left bottom right insideH insideV",
    "tcBorders": "top left bottom right insideH insideV tl2br tr2bl",
    "pBdr": "top left bottom right between bar",
    "sectPr": "headerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi "
    "rtlGutter docGrid",
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden "
    "unhideWhenUsed qFormat locked personal personalCompose personalReply rsid pPr rPr "
    "tblPr trPr tcPr tblStylePr",
    "tblStylePr": "pPr rPr tblPr trPr tcPr",
}


def test_properties_are_written_in_schema_order(data: bytes) -> None:
    order = {name: seq.split() for name, seq in SCHEMA_ORDER.items()}
    checked = 0
    xml = parts(data, r"word/(document|styles|numbering|header\d+|footer\d+)\.xml")
    for name, root in xml.items():
        for element in root.iter(*(f"{W}{tag}" for tag in order)):
            sequence = order[element.tag.removeprefix(W)]
            ranks = []
            for child in element:
                if not child.tag.startswith(W):
                    continue  # other vocabularies (w14, …) are Word's own business
                tag = child.tag.removeprefix(W).replace("footerReference", "headerReference")
                assert tag in sequence, f"{name}: <{tag}> is not expected in {element.tag}"
                ranks.append(sequence.index(tag))
            assert ranks == sorted(ranks), f"{name}: children of {element.tag} out of order"
            checked += 1
    assert checked > 100
