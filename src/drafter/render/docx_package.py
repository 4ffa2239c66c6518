"""The Word package around the body: styles, document properties, headers and footers.

Also the last step, `to_bytes`, which zips the parts with fixed dates so the same
agreement always gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..chars import clean
from ..write import stamped_zip
from .docx_kit import (
    BODY_SIZE,
    FONT,
    HEADING_SIZES,
    PORTRAIT,
    TABLE_SIZE,
    TWIPS_PER_PT,
    HeaderSet,
    Page,
    border,
    fragment,
    hex_colour,
    paragraph,
    runs,
    simple_field,
    tint,
    x,
)

# ---------------------------------------------------------------- styles


def _pstyle(
    sid: str,
    name: str,
    ppr: str,
    rpr: str,
    *,
    based: str | None = "Normal",
    nxt: str | None = None,
    custom: bool = False,
    prio: int | None = None,
) -> str:
    custom_attr = ' w:customStyle="1"' if custom else ""
    if sid == "Normal":
        custom_attr = ' w:default="1"'  # the style of a paragraph that names none
    based_xml = f'<w:basedOn w:val="{based}"/>' if based else ""
    next_xml = f'<w:next w:val="{nxt}"/>' if nxt else ""
    prio_xml = f'<w:uiPriority w:val="{prio}"/>' if prio is not None else ""
    return (
        f'<w:style w:type="paragraph"{custom_attr} w:styleId="{sid}">'
        f'<w:name w:val="{name}"/>{based_xml}{next_xml}{prio_xml}<w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _size(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def _colour(colour: str) -> str:
    return f'<w:color w:val="{hex_colour(colour)}"/>'


BULLET_LIST = 20  # numbering id of our bullet list, clear of the template's own
TEXT_GREY = "555555"  # the PDF's running heads and labels
NOTE_GREY = "444444"
# Line heights as the PDF's (1.38 for text, 1.28 in tables), in 240ths of Calibri's
# single line, which is 1.22 times the font size.
BODY_LINE = 'w:line="271" w:lineRule="auto"'
TABLE_LINE = 'w:line="252" w:lineRule="auto"'


def install_styles(document: Any, primary: str, accent: str, page: Page = PORTRAIT) -> None:
    """Replace the template's styles with the house style: the PDF's type scale and colours."""
    styles = document.styles.element
    brand, rule = hex_colour(primary), hex_colour(accent)
    number_tab = round(BODY_SIZE * 1.7 * TWIPS_PER_PT)  # the PDF's contents numbers: 1.7 em
    toc_tabs = (
        f'<w:tabs><w:tab w:val="left" w:pos="{number_tab}"/>'
        f'<w:tab w:val="right" w:leader="dot" w:pos="{page.text_width}"/></w:tabs>'
    )
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    after = round(BODY_SIZE * 0.6 * TWIPS_PER_PT)  # p { margin: 0 0 0.6em }
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts}{_size(BODY_SIZE)}"
        '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        f'<w:pPrDefault><w:pPr><w:spacing w:after="{after}" {BODY_LINE}/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    # Child elements keep the schema's order (keepNext … pBdr … spacing … outlineLvl):
    # Word refuses to open a file whose properties are out of order.
    heading = (
        '<w:keepNext/><w:keepLines/>{rule}<w:spacing w:before="{b}" w:after="{a}" '
        'w:line="240" w:lineRule="auto"/><w:outlineLvl w:val="{lvl}"/>'
    )
    h1_rule = f"<w:pBdr>{border('bottom', rule, 12, 4)}</w:pBdr>"  # 1.5 pt, as the PDF's
    tight = '<w:spacing w:before="0" w:after="0" {line}/>'
    new = [
        _pstyle(
            "Normal",
            "Normal",
            f'<w:widowControl/><w:spacing w:after="{after}" {BODY_LINE}/>',
            f'{fonts}<w:color w:val="1A1A1A"/>{_size(BODY_SIZE)}',
            based=None,
            prio=0,
        ),
        _pstyle(
            "Title",
            "Title",
            '<w:spacing w:before="0" w:after="170" w:line="240" w:lineRule="auto"/>',
            f'<w:b/>{_colour(brand)}<w:kern w:val="28"/>{_size(28)}',
            nxt="Subtitle",
            prio=10,
        ),
        _pstyle(
            "Subtitle",
            "Subtitle",
            '<w:spacing w:after="794"/>',  # 14 mm, as the PDF's
            f'<w:color w:val="444444"/>{_size(14)}',
            prio=11,
        ),
        _pstyle(
            "Heading1",
            "heading 1",
            heading.format(rule=h1_rule, b=0, a=240, lvl=0),
            f"<w:b/>{_colour(brand)}{_size(HEADING_SIZES[1])}",
            nxt="Normal",
            prio=9,
        ),
        _pstyle(
            "Heading2",
            "heading 2",
            heading.format(rule="", b=320, a=110, lvl=1),
            f"<w:b/>{_colour(brand)}{_size(HEADING_SIZES[2])}",
            nxt="Normal",
            prio=9,
        ),
        _pstyle(
            "Heading3",
            "heading 3",
            heading.format(rule="", b=230, a=80, lvl=2),
            f"<w:b/>{_colour(brand)}{_size(HEADING_SIZES[3])}",
            nxt="Normal",
            prio=9,
        ),
        _pstyle(
            "TOCHeading",
            "TOC Heading",
            f'<w:keepNext/>{h1_rule}<w:spacing w:before="0" w:after="240"/>',
            f"<w:b/>{_colour(brand)}{_size(HEADING_SIZES[1])}",
            nxt="Normal",
            prio=39,
        ),
        _pstyle(
            "TOC1",
            "toc 1",
            f'{toc_tabs}<w:spacing w:before="0" w:after="100"/>',
            "",
            nxt="Normal",
            prio=39,
        ),
        _pstyle(
            "Header",
            "header",
            f"<w:pBdr>{border('bottom', rule, 4, 6)}</w:pBdr>"
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            f"{_colour(TEXT_GREY)}{_size(8)}",
            prio=99,
        ),
        _pstyle(
            "Footer",
            "footer",
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            f"{_colour(TEXT_GREY)}{_size(8)}",
            prio=99,
        ),
        _pstyle(
            "TableText",
            "Table Text",
            tight.format(line=TABLE_LINE),
            _size(TABLE_SIZE),
            custom=True,
        ),
        _pstyle(
            "TableHeading",
            "Table Heading",
            "<w:keepNext/>" + tight.format(line=TABLE_LINE),
            f'<w:b/><w:color w:val="FFFFFF"/>{_size(TABLE_SIZE)}',
            custom=True,
        ),
        _pstyle(  # labelled facts are body text, as in the PDF
            "FactText",
            "Fact Text",
            tight.format(line=BODY_LINE),
            "",
            custom=True,
        ),
        _pstyle(
            "TableNote",
            "Table Note",
            f'<w:spacing w:before="0" w:after="40" {TABLE_LINE}/>',
            f"{_colour(NOTE_GREY)}{_size(TABLE_SIZE)}",
            custom=True,
        ),
        _pstyle(  # the notes under an agreement's table, a bulleted list as in the PDF
            "NoteBullet",
            "Note Bullet",
            '<w:ind w:left="454" w:hanging="227"/>',
            "",
            based="TableNote",
            custom=True,
        ),
        _pstyle(
            "SignatureLine",
            "Signature Line",
            '<w:spacing w:before="227" w:after="0" w:line="240" w:lineRule="auto"/>',
            "",
            custom=True,
        ),
        _pstyle("Lead", "Lead", '<w:spacing w:after="160"/>', _size(12), custom=True),
        _pstyle(  # a theme's group and label, as the PDF's bold grey labels
            "Label",
            "Label",
            '<w:spacing w:after="120"/>',
            f"<w:b/>{_colour(TEXT_GREY)}",
            custom=True,
        ),
        _pstyle(
            "CoverLogo", "Cover Logo", '<w:spacing w:before="120" w:after="0"/>', "", custom=True
        ),
        _pstyle(  # under a band of the brand colour across the top of the cover
            "CoverOrganisation",
            "Cover Organisation",
            f"<w:pBdr>{border('top', brand, 96, 14)}</w:pBdr>"
            '<w:spacing w:before="0" w:after="240"/>',
            f"<w:b/>{_colour(brand)}{_size(13)}",
            custom=True,
        ),
        _pstyle(
            "CoverMark",
            "Cover Mark",
            f"<w:pBdr>{border('left', 'B00020', 24, 8)}</w:pBdr>"
            '<w:shd w:val="clear" w:color="auto" w:fill="FBEAEC"/>'
            '<w:spacing w:before="680" w:after="120"/><w:ind w:left="170"/>',
            f'<w:b/><w:color w:val="7A0016"/>{_size(BODY_SIZE)}',
            custom=True,
        ),
        _pstyle(
            "ListBullet",
            "List Bullet",
            '<w:numPr><w:ilvl w:val="0"/>'
            f'<w:numId w:val="{BULLET_LIST}"/></w:numPr><w:spacing w:after="60"/>'
            '<w:ind w:left="357" w:hanging="357"/>',
            "",
            prio=36,
        ),
        _pstyle(
            "ListNumber",
            "List Number",
            '<w:tabs><w:tab w:val="left" w:pos="357"/></w:tabs>'
            '<w:spacing w:after="60"/><w:ind w:left="357" w:hanging="357"/>',
            "",
            prio=36,
        ),
        _pstyle(
            "BreakHolder",
            "Section Break",
            '<w:spacing w:before="0" w:after="0" w:line="14" w:lineRule="exact"/>',
            _size(1),
            custom=True,
        ),
        # Tables draw their own rules and shading (docx_kit); the style only sets the
        # text and the padding, so a table made in Word with it looks the same.
        '<w:style w:type="table" w:customStyle="1" w:styleId="DrafterTable">'
        '<w:name w:val="Drafter Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="40"/>'
        f'<w:pPr><w:spacing w:before="0" w:after="0" {TABLE_LINE}/></w:pPr>'
        f"<w:rPr>{_size(TABLE_SIZE)}</w:rPr>"
        "<w:tblPr><w:tblBorders>"
        + "".join(
            border(s, brand, 6, 0) if s == "bottom" else f'<w:{s} w:val="nil"/>'
            for s in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblCellMar><w:top w:w="74" w:type="dxa"/>'
        '<w:left w:w="91" w:type="dxa"/><w:bottom w:w="74" w:type="dxa"/>'
        '<w:right w:w="91" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{brand}"/></w:tcPr>'
        "</w:tblStylePr></w:style>",
    ]
    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-GB")  # spelling and grammar in British English
    old_defaults = styles.find(qn("w:docDefaults"))
    if old_defaults is not None:
        styles.replace(old_defaults, fragment(defaults)[0])
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    for element in fragment("".join(new)):
        old = by_id.get(element.get(qn("w:styleId")))
        if old is not None:
            styles.replace(old, element)
        else:
            styles.append(element)


# Children of w:settings that the schema puts after w:updateFields (those a template has).
_AFTER_UPDATE_FIELDS = {
    qn(f"w:{name}")
    for name in ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids")
}


def update_fields_on_open(document: Any) -> None:
    """Ask Word to update fields when it opens the file, so the contents' pages are right.

    Word then asks once whether to update them. LibreOffice works out the page fields
    itself as it lays the document out.
    """
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    flag = fragment('<w:updateFields w:val="true"/>')[0]
    later = [c for c in settings if c.tag in _AFTER_UPDATE_FIELDS]
    if later:
        later[0].addprevious(flag)
    else:
        settings.append(flag)


# ---------------------------------------------------------------- document properties


@dataclass(frozen=True)
class Properties:
    """What File › Info shows: title, subject, category, author, keywords, version, dates."""

    title: str
    subject: str
    category: str
    author: str
    keywords: str
    version: str
    status: str
    when: dt.datetime
    custom: dict[str, str] = field(default_factory=dict)


MAX_PROPERTY = 255  # characters Word keeps in a document property


def property_text(text: str) -> str:
    """Text for a document property: cleaned, and cut to 255 characters with an ellipsis."""
    text = " ".join(clean(text).split())
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1].rstrip() + "…"


def set_properties(document: Any, props: Properties) -> None:
    """Core, extended and custom document properties, dated `props.when` (deterministic)."""
    core = document.core_properties
    # Word's core properties hold at most 255 characters (python-docx raises beyond);
    # a long title or a pack's keywords are cut rather than refused.
    core.title = property_text(props.title)
    core.subject = property_text(props.subject)
    core.author = property_text(props.author)
    core.last_modified_by = property_text(props.author)
    core.keywords = property_text(props.keywords)
    core.version = property_text(props.version)
    core.content_status = property_text(props.status)
    core.language = "en-GB"
    core.category = property_text(props.category)
    core.comments = ""
    core.revision = 1
    core.created = props.when
    core.modified = props.when
    package = document.part.package
    # The template's thumbnail is a picture of an empty python-docx page: misleading.
    for rid, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            del package.rels[rid]
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del document.part.rels[rid]
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    app = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'extended-properties" xmlns:vt="{vt}"><Application>drafter</Application>'
        f"<Company>{x(property_text(props.author))}</Company></Properties>"
    )
    package.relate_to(
        Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, app.encode(), package),
        RT.EXTENDED_PROPERTIES,
    )
    entries = {"Version": props.version, "Status": props.status, **props.custom}
    fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
    items = "".join(
        f'<property fmtid="{fmtid}" pid="{pid}" name="{x(name)}">'
        f"<vt:lpwstr>{x(property_text(value))}"
        "</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(entries.items(), start=2)
    )
    custom = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'custom-properties" xmlns:vt="{vt}">{items}</Properties>'
    )
    package.relate_to(
        Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, custom.encode(), package),
        RT.CUSTOM_PROPERTIES,
    )


# ---------------------------------------------------------------- headers, footers, marks


WATERMARK = tint("B00020", 0.09)  # the PDF's mark: dark red at 9% over the page


def watermark_xml(text: str, page: Page, shape: int) -> str:
    """A diagonal pale red WordArt mark behind the text (as the PDF's), the shape Word inserts.

    `shape` numbers the mark; each header part needs its own.
    """
    width = min(page.text_width / TWIPS_PER_PT * 0.95, 95.0 * len(text))
    height = width / max(len(text), 1) * 1.6
    return (
        "<w:r><w:rPr><w:noProof/></w:rPr><w:pict>"
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
        '<v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>'
        '<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>'
        '<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>'
        '<v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/>'
        '<v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
        '<v:path textpathok="t" o:connecttype="custom" '
        'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
        '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" '
        'xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/>'
        "</v:shapetype>"
        f'<v:shape id="DrafterWatermark{shape}" o:spid="_x0000_s{2048 + shape}" '
        'type="#_x0000_t136" '
        f'style="position:absolute;margin-left:0;margin-top:0;width:{width:.1f}pt;'
        f"height:{height:.1f}pt;rotation:325;z-index:-251657216;"
        "mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        'mso-position-vertical:center;mso-position-vertical-relative:margin" '
        f'o:allowincell="f" fillcolor="#{WATERMARK}" stroked="f">'
        f'<v:textpath style="font-family:&quot;{FONT}&quot;;font-size:1pt;font-weight:bold" '
        f'string="{x(text)}"/><w10:wrap anchorx="margin" anchory="margin"/></v:shape>'
        "</w:pict></w:r>"
    )


def fill_header(
    story: Any, left: str, right: str, page: Page, mark: str | None, shape: int
) -> None:
    """A running header: `left` and `right` on one ruled line, and the watermark if any."""
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{page.text_width}"/></w:tabs>'
    content = runs(f"{left}\t{right}") + (watermark_xml(mark, page, shape) if mark else "")
    _replace_story(story, paragraph(content, "Header", tabs))


def fill_footer(story: Any, left: str, page_label: str, page: Page) -> None:
    """A running footer: `left`, and 'Page X of Y' built from PAGE and NUMPAGES fields.

    `page_label` holds the words around the numbers, with {page} and {pages} where
    the fields go, e.g. 'Page {page} of {pages}'.
    """
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{page.text_width}"/></w:tabs>'
    pieces = re.split(r"(\{page\}|\{pages\})", page_label)
    label = "".join(
        simple_field("PAGE", "1")
        if p == "{page}"
        else simple_field("NUMPAGES", "1")
        if p == "{pages}"
        else runs(p)
        for p in pieces
    )
    _replace_story(story, paragraph(runs(f"{left}\t") + label, "Footer", tabs))


def fill_empty(story: Any, mark: str | None, page: Page, shape: int = 0) -> None:
    """A header or footer with no text (the cover's), carrying the watermark if any."""
    content = watermark_xml(mark, page, shape) if mark else ""
    _replace_story(story, paragraph(content, None, '<w:spacing w:after="0"/>'))


def _replace_story(element: Any, xml: str) -> None:
    for child in list(element):
        element.remove(child)
    element.extend(fragment(xml))


def new_header_set(document: Any) -> tuple[HeaderSet, Any, Any]:
    """A fresh pair of header and footer parts: their ids and their XML roots."""
    header_part, header_id = document.part.add_header_part()
    footer_part, footer_id = document.part.add_footer_part()
    return HeaderSet(header_id, footer_id), header_part.element, footer_part.element


# ---------------------------------------------------------------- packing


def install_body(document: Any, body_xml: str, final_sect_pr: str) -> None:
    """Swap the template's empty body for the built one."""
    body = document.element.body
    built = parse_xml(body_xml)
    body.getparent().replace(body, built)
    built.extend(fragment(final_sect_pr))


def bullet_numbering(document: Any) -> None:
    """A round-bullet list definition for the List Bullet style, beside the template's."""
    numbering = document.part.numbering_part.element
    abstract, num = fragment(
        f'<w:abstractNum w:abstractNumId="{BULLET_LIST}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="•"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="357" w:hanging="357"/></w:pPr></w:lvl></w:abstractNum>'
        f'<w:num w:numId="{BULLET_LIST}"><w:abstractNumId w:val="{BULLET_LIST}"/></w:num>'
    )
    # every abstractNum comes before the first num
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)


def to_bytes(document: Any, when: dt.datetime) -> bytes:
    """The .docx file, with every zip entry dated `when` so equal input gives equal bytes."""
    raw = io.BytesIO()
    document.save(raw)
    return stamped_zip(raw.getvalue(), when)


def new_document() -> Any:
    """A document from python-docx's template, to be given our styles and body."""
    return docx.Document()
