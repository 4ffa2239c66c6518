"""PDF/UA-1 in fact: the structure tree and the content streams of a rendered agreement.

Page furniture (the DRAFT watermark, the running header and footer, page numbers) must
be marked Artifact so a screen reader skips it; everything else must be in the tree;
the cover title is a level-1 heading; every table header cell has a Scope; and the
document information holds only standard entries.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from .test_render_pdf import FIXTURE, make_pdf

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

FURNITURE = ("DRAFT", "Version 0.3 · Draft", "Page 2 of", "Testshire Council")
STANDARD_INFO = {
    "/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer",
    "/CreationDate", "/ModDate", "/Trapped",
}  # fmt: skip


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("ua"), FIXTURE)


@pytest.fixture(scope="module")
def pdf(path: Path) -> Iterator[pikepdf.Pdf]:
    with pikepdf.open(path) as document:
        yield document


def elements(node: pikepdf.Object, in_head: bool = False) -> Iterator[tuple[pikepdf.Object, bool]]:
    """Every structure element under `node`, and whether it sits in a THead."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            head = in_head or kid.S == "/THead"
            yield kid, head
            yield from elements(kid, head)


def marked_ids(page: pikepdf.Page) -> list[int]:
    """The MCIDs of the page's tagged (not artifact) marked-content sequences."""
    return [
        int(op.operands[1].MCID)
        for op in pikepdf.parse_content_stream(page)
        if str(op.operator) == "BDC" and "/MCID" in op.operands[1]
    ]


def without_artifacts(path: Path) -> bytes:
    """The PDF with every Artifact sequence taken out of its pages: the tagged content."""
    with pikepdf.open(path) as out:
        for page in out.pages:
            _drop_artifacts(out, page)
        buffer = io.BytesIO()
        out.save(buffer)
    return buffer.getvalue()


def _drop_artifacts(out: pikepdf.Pdf, page: pikepdf.Page) -> None:
    kept, depth = [], 0  # depth > 0: inside an artifact (marked content nests)
    for op in pikepdf.parse_content_stream(page):
        name = str(op.operator)
        if depth:
            depth += {"BMC": 1, "BDC": 1, "EMC": -1}.get(name, 0)
        elif name == "BMC" and op.operands[0] == pikepdf.Name.Artifact:
            depth = 1
        else:
            kept.append(op)
    page.Contents = out.make_stream(pikepdf.unparse_content_stream(kept))


def test_watermark_and_running_text_are_artifacts(path: Path) -> None:
    printed = PdfReader(path).pages[1].extract_text()
    assert all(text in printed for text in FURNITURE)  # on the page, as before
    tagged = PdfReader(io.BytesIO(without_artifacts(path))).pages[1].extract_text()
    assert "Contents" in tagged  # the page's own text is tagged content
    for text in FURNITURE:
        assert text not in tagged


def test_all_tagged_content_is_in_the_structure_tree(pdf: pikepdf.Pdf) -> None:
    root = pdf.Root.StructTreeRoot
    in_tree = {e.objgen for e, _ in elements(root)}
    nums = root.ParentTree.Nums
    owners = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        table = owners[int(page.StructParents)]
        for mcid in marked_ids(page):
            assert table[mcid].objgen in in_tree, f"MCID {mcid} is tagged but not in the tree"


def test_cover_title_is_a_level_one_heading(pdf: pikepdf.Pdf) -> None:
    cover = pdf.pages[0].obj.objgen
    headings = [e for e, _ in elements(pdf.Root.StructTreeRoot) if e.S == "/H1"]
    assert any(h.Pg.objgen == cover for h in headings)


def test_every_table_header_cell_has_a_scope(pdf: pikepdf.Pdf) -> None:
    cells = [(e, head) for e, head in elements(pdf.Root.StructTreeRoot) if e.S == "/TH"]
    assert len(cells) > 20 and any(head for _, head in cells) and not all(h for _, h in cells)
    for cell, head in cells:
        assert cell.A.Scope == ("/Column" if head else "/Row")


def test_document_information_holds_standard_entries_only(pdf: pikepdf.Pdf) -> None:
    assert set(pdf.docinfo.keys()) <= STANDARD_INFO
    assert "/viewport" not in pdf.docinfo
    assert str(pdf.docinfo.Title) == "Testshire Local Area Agreement 2008–11"


def test_every_header_cell_in_the_templates_has_a_scope() -> None:
    # The PDF's Scope follows where a cell is (THead: column); the HTML says the same.
    from lxml import html as lxml_html

    from drafter.load import load
    from drafter.render import context_for
    from drafter.render.html import render_html

    from .test_render_pdf import OPTIONS

    tree = lxml_html.fromstring(render_html(context_for(load(FIXTURE), OPTIONS), OPTIONS))
    assert tree.xpath("//h1[contains(@class, 'cover-title')]")
    for th in tree.iter("th"):
        in_head = bool(th.xpath("ancestor::thead"))
        assert th.get("scope") == ("col" if in_head else "row")
