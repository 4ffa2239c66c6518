"""The Word file laid out as the PDF: tables, page breaks, keeps, and the pages LibreOffice makes.

The first tests read the structure of every example's .docx (grids, rules, shading,
"keep with next", section breaks) against the context and the PDF's stylesheet. The
last ones open each example's .docx in LibreOffice (headless, as `make test` installs
it), and read the pages it lays out: every contents entry names the page its heading
is on, no table header word is broken between two lines, sections start a page where
the PDF's do, signature blocks stand side by side, and the page count is close to
the PDF's.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from drafter.context import RenderContext, Table
from drafter.render.docx import FOLLOW_ON
from drafter.render.docx_fit import fit_grid, longest_piece, text_width
from drafter.render.docx_kit import DATA, KEPT_SHARE, TABLE_SIZE, Cell, place, row_keeps, tint

from .conftest import Rendered, good_examples, rendered_examples
from .extract import furniture

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STYLE_CSS = Path(__file__).resolve().parent.parent / "src/drafter/templates/style.css"
STEMS = [p.stem for p in rendered_examples()]
EXAMPLES = [p.stem for p in good_examples()]
pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def body_of(path: Path) -> etree._Element:
    """The w:body of a .docx file."""
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml")).find(f"{W}body")


def style_of(p: etree._Element) -> str | None:
    """A paragraph's style id."""
    s = p.find(f"{W}pPr/{W}pStyle")
    return None if s is None else s.get(f"{W}val")


def text_of(element: etree._Element) -> str:
    """The text of a paragraph, row or cell."""
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def keeps_next(element: etree._Element) -> bool:
    """Whether every paragraph of a row or cell (or the paragraph) keeps with the next."""
    paras = [element] if element.tag == f"{W}p" else list(element.iter(f"{W}p"))
    return all(p.find(f"{W}pPr/{W}keepNext") is not None for p in paras)


def context_tables(ctx: RenderContext) -> dict[str, list[Table]]:
    """Every table of the context that is printed, by caption (the Word table's title)."""
    found: dict[str, list[Table]] = {}

    def walk(value: object) -> None:
        if isinstance(value, Table):
            if value.rows:
                found.setdefault(value.caption, []).append(value)
        elif isinstance(value, tuple):
            for v in value:
                walk(v)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(ctx)
    return found


def data_tables(body: etree._Element) -> list[etree._Element]:
    """The body's data tables: those with a header row."""
    return [t for t in body.iter(f"{W}tbl") if t.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None]


def grid_of(tbl: etree._Element) -> list[int]:
    """A table's column widths in twips."""
    return [int(g.get(f"{W}w")) for g in tbl.iter(f"{W}gridCol")]


# ---------------------------------------------------------------- tables


@pytest.mark.parametrize("stem", STEMS)
def test_tables_have_a_fixed_grid_shared_by_their_kind(
    rendered: dict[str, Rendered], stem: str
) -> None:
    r = rendered[stem]
    body = body_of(r.docx)
    for tbl in body.iter(f"{W}tbl"):
        assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
        width = int(tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}w"))
        assert sum(grid_of(tbl)) == width
    tables = context_tables(r.ctx)
    by_kind: dict[str, set[tuple[int, ...]]] = {}
    checked = 0
    for tbl in data_tables(body):
        caption = tbl.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val")
        grid = grid_of(tbl)
        table = next(t for t in tables[caption] if len(t.widths) == len(grid))
        assert len(grid) == len(table.widths)
        # The PDF's widths, give or take what a column needs to hold its longest word.
        share = [w * sum(grid) / sum(table.widths) for w in table.widths]
        assert sum(abs(g - s) for g, s in zip(grid, share, strict=True)) < 0.2 * sum(grid)
        head = [[Cell(h.text, span=h.colspan, rows=h.rowspan) for h in row] for row in table.head]
        for cells in place(head, len(grid)):  # every header word fits on a line of its column
            for col, cell, merge in cells:
                if cell.span == 1 and merge != "continue":
                    need = longest_piece(cell.text, TABLE_SIZE, bold=True) * 20
                    assert need + DATA.pad[1] + DATA.pad[3] <= grid[col], (cell.text, grid)
        kind = re.sub(r"(-\d+)+$", "", table.id)
        by_kind.setdefault(f"{kind}/{sum(grid)}/{table.widths}", set()).add(tuple(grid))
        checked += 1
    assert checked >= 3
    assert all(len(grids) == 1 for grids in by_kind.values()), by_kind


def test_a_table_whose_words_fit_keeps_the_pdfs_widths(rendered: dict[str, Rendered]) -> None:
    r = rendered["northfleet-laa-2008"]
    table = r.ctx.partners.table
    tbl = next(
        t
        for t in data_tables(body_of(r.docx))
        if t.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val") == table.caption
    )
    grid = grid_of(tbl)
    assert grid == pytest.approx([w * sum(grid) / 100 for w in table.widths], abs=2)


@pytest.mark.parametrize("stem", STEMS)
def test_tables_are_drawn_as_the_pdfs(rendered: dict[str, Rendered], stem: str) -> None:
    """A header band, zebra rows, a rule under the table, no lines between columns."""
    r = rendered[stem]
    brand = r.ctx.branding.primary.lstrip("#").upper()
    zebra, totals = tint(brand, 0.07), tint(brand, 0.14)
    body = body_of(r.docx)
    for tbl in body.iter(f"{W}tbl"):
        borders = {b.tag.removeprefix(W): b for b in tbl.find(f"{W}tblPr/{W}tblBorders")}
        for side in ("left", "right", "insideV", "insideH", "top"):
            assert borders[side].get(f"{W}val") == "nil"
        for tc_borders in tbl.iter(f"{W}tcBorders"):
            assert not [b for b in tc_borders if b.tag in (f"{W}left", f"{W}right")]
    tables = data_tables(body)
    for tbl in tables:
        bottom = tbl.find(f"{W}tblPr/{W}tblBorders/{W}bottom")
        assert (bottom.get(f"{W}val"), bottom.get(f"{W}color")) == ("single", brand)
        rows = tbl.findall(f"{W}tr")
        head = [tr for tr in rows if tr.find(f"{W}trPr/{W}tblHeader") is not None]
        for tr in head:
            assert {s.get(f"{W}fill") for s in tr.iter(f"{W}shd")} == {brand}
        for n, tr in enumerate(rows[len(head) :]):
            fills = {s.get(f"{W}fill") for s in tr.iter(f"{W}shd")}
            is_total = fills == {totals}
            if is_total:  # bold, with a rule above
                assert all(run.find(f"{W}rPr/{W}b") is not None for run in tr.iter(f"{W}r"))
                assert tr.find(f"{W}tc/{W}tcPr/{W}tcBorders/{W}top") is not None
            else:
                assert fills == ({zebra} if n % 2 else set()), (n, text_of(tr))
    assert tables


def test_text_is_measured_with_calibris_widths() -> None:
    # Carlito has Calibri's metrics; where it is installed, the table must agree with it.
    font = Path("/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf")
    if font.exists():
        from fontTools.ttLib import TTFont

        ttf = TTFont(font)
        cmap, hmtx = ttf.getBestCmap(), ttf["hmtx"]
        word = "Department £1,550,000 agreement"
        expected = sum(hmtx[cmap[ord(c)]][0] for c in word) * 9.5 / 2048
        assert text_width(word, 9.5, bold=True) == pytest.approx(expected)
    assert text_width("mmmm", 10) > text_width("iiii", 10) * 3
    assert text_width("Total", 10, bold=True) > text_width("Total", 10)
    assert longest_piece("co-operate fully", 10) == text_width("operate", 10)  # breaks at "-"
    assert longest_piece("£1,550,000.50", 10) == text_width("£1,550,000.50", 10)


def test_a_grid_widens_a_narrow_column_from_the_others_spare_room() -> None:
    assert fit_grid([50, 50], [[100, 100]], 1000) == [500, 500]  # fits: the PDF's widths
    grid = fit_grid([10, 60, 30], [[300, 100, 100]], 1000)  # the first needs 300 of its 100
    assert grid[0] >= 300 and sum(grid) == 1000 and grid[1] > grid[2]
    squeezed = fit_grid([50, 50], [[900, 300]], 1000)  # more than there is: shared by need
    assert squeezed == [750, 250]


# ---------------------------------------------------------------- breaks and keeps


def follow_on_in_css() -> set[str]:
    """The parts the PDF's stylesheet lets follow on (break-before: auto) after `.part`."""
    css = STYLE_CSS.read_text(encoding="utf-8")
    assert re.search(r"\.part\s*\{\s*break-before:\s*page;", css)
    rules = re.findall(r"((?:\.part\.[\w-]+\s*,?\s*)+)\{\s*break-before:\s*auto;", css)
    assert rules
    return {name for rule in rules for name in re.findall(r"\.part\.([\w-]+)", rule)}


def test_the_sections_that_follow_on_are_the_pdfs() -> None:
    assert follow_on_in_css() == FOLLOW_ON


def headings_and_breaks(body: etree._Element) -> list[tuple[str, bool, bool]]:
    """Each Heading 1 of the body: its text, whether it starts a page, and if landscape."""
    out = []
    new_page = False
    sections = [p for p in body.iter(f"{W}sectPr")]
    landscape_at = [s.find(f"{W}pgSz").get(f"{W}orient") == "landscape" for s in sections]
    section = 0
    for child in body:
        if child.tag != f"{W}p":
            continue
        if child.find(f"{W}pPr/{W}sectPr") is not None:
            new_page, section = True, section + 1
            continue
        if style_of(child) == "Heading1":
            page_break = child.find(f"{W}pPr/{W}pageBreakBefore") is not None
            out.append((text_of(child), page_break or new_page, landscape_at[section]))
        if text_of(child):
            new_page = False
    return out


@pytest.mark.parametrize("stem", STEMS)
def test_sections_start_a_page_where_the_pdfs_do(rendered: dict[str, Rendered], stem: str) -> None:
    r = rendered[stem]
    html = r.html.read_text(encoding="utf-8")
    wide = re.findall(r'<section class="part [^"]*\bwide\b[^"]*">\s*<h1 id="([^"]+)"', html)
    found = headings_and_breaks(body_of(r.docx))
    assert [text for text, _, _ in found] == [s.heading for s in r.ctx.sections]
    turned_before = False
    for (_, starts_page, landscape), section in zip(found, r.ctx.sections, strict=True):
        assert landscape == (section.anchor in wide), section.heading  # turned as in the PDF
        turns = landscape != turned_before
        assert starts_page == (section.kind not in FOLLOW_ON or turns), section.heading
        turned_before = landscape


def test_headings_facts_and_introductions_keep_with_their_table(
    rendered: dict[str, Rendered],
) -> None:
    r = rendered["northfleet-laa-2008"]
    children = list(body_of(r.docx))
    texts = [text_of(c) if c.tag == f"{W}p" else None for c in children]
    outcomes = [o for t in r.ctx.themes for o in t.outcomes if o.facts and o.table.rows]
    for outcome in outcomes:
        at = texts.index(outcome.heading)  # its style keeps the heading with the next
        facts = children[at + 1]
        assert facts.tag == f"{W}tbl" and all(keeps_next(tr) for tr in facts.iter(f"{W}tr"))
        table = next(c for c in children[at + 2 :] if c.tag == f"{W}tbl")
        intro = [c for c in children[at + 2 : children.index(table)] if text_of(c)]
        assert len(intro) == len(outcome.paragraphs)
        assert all(keeps_next(p) for p in intro)
        rows = table.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None and keeps_next(rows[0])
        if len(outcome.table.rows) > 1:  # short rows: the first stays with the next
            assert keeps_next(rows[len(outcome.table.head)])
    assert len(outcomes) > 5


def test_the_row_before_a_total_keeps_with_it(rendered: dict[str, Rendered]) -> None:
    r = rendered["northfleet-laa-2008"]
    checked = 0
    for tbl in data_tables(body_of(r.docx)):
        rows = tbl.findall(f"{W}tr")
        for before, row in itertools.pairwise(rows):
            if row.find(f"{W}tc/{W}tcPr/{W}tcBorders/{W}top") is not None:  # a total
                assert keeps_next(before), text_of(before)
                checked += 1
    assert checked >= 4


def test_freedom_records_are_kept_whole(rendered: dict[str, Rendered]) -> None:
    r = rendered["northfleet-laa-2008"]
    children = list(body_of(r.docx))
    headings = [n for n, c in enumerate(children) if c.tag == f"{W}p" and style_of(c) == "Heading3"]
    assert headings
    for n in headings:
        record = children[n + 1]
        rows = record.findall(f"{W}tr")
        assert all(keeps_next(tr) for tr in rows[:-1]) and not keeps_next(rows[-1])


def test_rows_kept_together_take_at_most_a_share_of_the_page() -> None:
    rows = [[Cell("x")]] * 6
    short = row_keeps(rows, [20.0] * 6, page=700)
    assert short == [True, True, False, False, True, False]  # three at the start, two at the end
    tall = row_keeps(rows, [150.0] * 6, page=700)
    assert tall == [False] * 6  # 300 pt together would be more than 30% of the page
    assert KEPT_SHARE * 700 < 2 * 150
    total = [[Cell("a")], [Cell("b")], [Cell("c")], [Cell("d")], [Cell("Total", total=True)]]
    assert row_keeps(total, [20.0] * 5, page=700)[3]
    assert row_keeps(rows, [20.0] * 6, page=700, with_next=True)[-1]
    assert row_keeps(rows, [20.0] * 6, page=700, whole=True) == [True] * 5 + [False]
    assert row_keeps(rows, [200.0] * 6, page=700, whole=True) == tall  # too long to keep


# ---------------------------------------------------------------- through LibreOffice


@dataclass(frozen=True)
class Word:
    """A word on a page of the PDF LibreOffice made, with its box (points)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class LaidOut:
    """An example's .docx as LibreOffice laid it out: each page's lines and words."""

    pages: list[list[str]]  # lines of text (layout mode), page by page
    words: list[list[Word]]
    sizes: list[tuple[float, float]]  # each page's width and height (points)


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points."""
    from pypdf import PdfReader

    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(pdf).pages]


def _words(pdf: Path) -> list[list[Word]]:
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = etree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml).encode())
    pages = []
    for page in root.iter("{*}page"):
        pages.append(
            [
                Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                for w in page.iter("{*}word")
            ]
        )
    return pages


STALE_OF = "millbrook-lpsa2"
STALE = f"{STALE_OF}-stale"  # the same file with every contents page number wrong


def stale_pages(source: Path, target: Path) -> None:
    """A copy of a .docx whose PAGEREF fields all show 999 until they are worked out."""
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w") as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                for link in root.iter(f"{W}hyperlink"):
                    numbers = [t for t in link.iter(f"{W}t") if (t.text or "").isdigit()]
                    numbers[-1].text = "999"
                data = etree.tostring(root)
            out.writestr(info, data)


@pytest.fixture(scope="session")
def libreoffice(
    rendered: dict[str, Rendered], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, LaidOut]:
    """Every example's .docx converted to PDF by LibreOffice, in one run, and read back."""
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip(
            "LibreOffice (soffice) or pdftotext is not installed; `make test` installs them"
        )
    out = tmp_path_factory.mktemp("libreoffice")
    sources = []
    for stem in EXAMPLES:
        sources.append(out / f"{stem}.docx")
        shutil.copy(rendered[stem].docx, sources[-1])
    sources.append(out / f"{STALE}.docx")
    stale_pages(rendered[STALE_OF].docx, sources[-1])
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    laid: dict[str, LaidOut] = {}
    for stem in [*EXAMPLES, STALE]:
        pdf = out / f"{stem}.pdf"
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = [page.splitlines() for page in text.split("\f")[:-1]]
        laid[stem] = LaidOut(pages, _words(pdf), page_sizes(pdf))
    return laid


def squash(text: str) -> str:
    """Whitespace collapsed."""
    return " ".join(text.split())


def body_lines(page: list[str], ctx: RenderContext) -> list[str]:
    """A page's lines without its running header and footer, blank lines dropped."""
    patterns = furniture(ctx)
    lines = [squash(line) for line in page]
    return [line for line in lines if line and not any(p.fullmatch(line) for p in patterns)]


def heading_pages(laid: LaidOut, ctx: RenderContext) -> dict[str, int]:
    """The page (1-based) each section heading is printed on, after the contents."""
    found: dict[str, int] = {}
    page = 3
    for section in ctx.sections:
        while page <= len(laid.pages):
            if section.heading in body_lines(laid.pages[page - 1], ctx):
                found[section.heading] = page
                break
            page += 1
    return found


CONTENTS_LINE = re.compile(r"^(\d+) (.+?) ?\.{3,} ?(\d+)$")


@pytest.mark.parametrize("stem", EXAMPLES)
def test_contents_page_numbers_are_right_in_libreoffice(
    libreoffice: dict[str, LaidOut], rendered: dict[str, Rendered], stem: str
) -> None:
    ctx = rendered[stem].ctx
    laid = libreoffice[stem]
    entries = contents_entries(laid, ctx)
    assert list(entries) == [s.heading for s in ctx.sections]  # one level, as the PDF's
    assert entries == heading_pages(laid, ctx)


def contents_entries(laid: LaidOut, ctx: RenderContext) -> dict[str, int]:
    """The contents as LibreOffice prints it: each entry's heading and page."""
    entries: dict[str, int] = {}
    for page in laid.pages[1:3]:  # the contents, after the cover
        for line in body_lines(page, ctx):
            if m := CONTENTS_LINE.match(line):
                entries[f"{m[1]} {m[2]}"] = int(m[3])
    return entries


def test_libreoffice_works_the_contents_pages_out_itself(
    libreoffice: dict[str, LaidOut], rendered: dict[str, Rendered]
) -> None:
    # The page numbers stored in the file are only shown until LibreOffice lays it out.
    ctx = rendered[STALE_OF].ctx
    stale = contents_entries(libreoffice[STALE], ctx)
    assert 999 not in stale.values()
    assert (
        stale
        == contents_entries(libreoffice[STALE_OF], ctx)
        == heading_pages(libreoffice[STALE], ctx)
    )


@pytest.mark.parametrize("stem", EXAMPLES)
def test_sections_start_a_page_in_libreoffice_as_in_the_pdf(
    libreoffice: dict[str, LaidOut], rendered: dict[str, Rendered], stem: str
) -> None:
    ctx = rendered[stem].ctx
    laid = libreoffice[stem]
    pages = heading_pages(laid, ctx)
    for text, starts_page, _ in headings_and_breaks(body_of(rendered[stem].docx)):
        first = body_lines(laid.pages[pages[text] - 1], ctx)[0]
        if starts_page:
            assert first == text, (text, first)


@pytest.mark.parametrize("stem", EXAMPLES)
def test_no_table_header_word_is_broken_in_libreoffice(
    libreoffice: dict[str, LaidOut], rendered: dict[str, Rendered], stem: str
) -> None:
    header_words = {
        word
        for tables in context_tables(rendered[stem].ctx).values()
        for table in tables
        for row in table.head
        for head in row
        for word in head.text.split()
        if len(word) > 2
    }
    broken = []
    for n, page in enumerate(libreoffice[stem].words, 1):
        for a in page:
            for b in page:
                below = 0 < b.y0 - a.y1 < 6 and abs(a.x0 - b.x0) < 40
                if below and not a.text.endswith("-") and a.text + b.text in header_words:
                    broken.append(f"page {n}: {a.text}/{b.text}")
    assert broken == []


def test_a_broken_header_word_would_be_found() -> None:
    # The check above looks for a word's two halves on consecutive lines of a column.
    a, b = Word("Departmen", 100, 50, 140, 60), Word("t", 100, 62, 103, 72)
    assert 0 < b.y0 - a.y1 < 6 and abs(a.x0 - b.x0) < 40 and a.text + b.text == "Department"


@pytest.mark.parametrize("stem", EXAMPLES)
def test_signature_blocks_stand_side_by_side_in_libreoffice(
    libreoffice: dict[str, LaidOut], rendered: dict[str, Rendered], stem: str
) -> None:
    ctx = rendered[stem].ctx
    laid = libreoffice[stem]
    first = heading_pages(laid, ctx)[ctx.signatures.section.heading]
    words = [w for page in laid.words[first - 1 :] for w in page]
    blocks = ctx.signatures.blocks
    width = max(w.x1 for w in words)
    # Each pair of blocks: the second party's heading on the line of the first, to its right.
    for a, b in zip(blocks[::2], blocks[1::2], strict=False):
        left = [w for w in words if w.text == a.party.split()[0] and w.x0 < width / 2]
        right = [w for w in words if w.text == b.party.split()[0] and w.x0 > width / 2]
        assert any(abs(p.y0 - q.y0) < 1 for p in left for q in right), (a.party, b.party)
    assert len(blocks) > 1


@pytest.mark.parametrize("stem", EXAMPLES)
def test_page_count_is_close_to_the_pdfs(
    libreoffice: dict[str, LaidOut], rendered: dict[str, Rendered], stem: str
) -> None:
    from pypdf import PdfReader

    pdf_pages = len(PdfReader(rendered[stem].pdf).pages)
    word_pages = len(libreoffice[stem].pages)
    assert abs(word_pages - pdf_pages) <= max(3, 0.25 * pdf_pages), (word_pages, pdf_pages)
