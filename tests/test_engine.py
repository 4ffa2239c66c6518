"""The quick WeasyPrint import: the same libraries as the standard lookup, found faster."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.render.engine import cached_finder, import_weasyprint, linker_cache

# Every name WeasyPrint 70 tries for its libraries, in its order (weasyprint/text/ffi.py).
NAMES = (
    "libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0",
    "libpango-1.0-0", "pango-1.0-0", "pango-1.0",
    "libharfbuzz-0", "harfbuzz", "harfbuzz-0.0",
    "libharfbuzz-subset-0", "harfbuzz-subset",
    "libharfbuzz-vector-0", "harfbuzz-vector",
    "libfontconfig-1", "fontconfig-1", "fontconfig",
    "libpangoft2-1.0-0", "pangoft2-1.0-0", "pangoft2-1.0",
)  # fmt: skip


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the linker cache is Linux's")
def test_cached_lookup_answers_as_ctypes_does() -> None:
    cache = linker_cache()
    assert cache is not None
    find = cached_finder(cache)
    assert find("pango-1.0") == "libpango-1.0.so.0"
    assert [find(n) for n in NAMES] == [ctypes.util.find_library(n) for n in NAMES]


def test_import_gives_a_working_weasyprint() -> None:
    weasyprint = import_weasyprint()
    pdf = weasyprint.HTML(string="<p>Northfleet</p>").write_pdf()
    assert pdf.startswith(b"%PDF")
    assert ctypes.util.find_library.__module__ == "ctypes.util"  # the standard one is back


def test_a_shared_font_configuration_leaves_the_pdf_as_it_was() -> None:
    from weasyprint.text.fonts import FontConfiguration

    from drafter.render.engine import shared_fonts

    weasyprint = import_weasyprint()
    first = "<p style='font-family: Carlito'><b>Bold</b> <i>italic</i> ½ ‰ Ω — “quoted”</p>"
    then = "<h1>Northfleet</h1><p>Targets for 2008–11: 1,234.5 and 67%</p>"

    def pdf(html: str, fonts: object) -> bytes:
        document = weasyprint.HTML(string=html).render(font_config=fonts)
        return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)  # type: ignore[no-any-return]

    alone = pdf(then, FontConfiguration())
    pdf(first, shared_fonts())  # another document's fonts loaded first
    assert pdf(then, shared_fonts()) == alone
    assert shared_fonts() is shared_fonts()


def test_the_bundled_stylesheets_add_no_fonts() -> None:
    # A shared font configuration is safe only while no document adds fonts of its own.
    from drafter.render.html import BUNDLED_TEMPLATES

    for path in BUNDLED_TEMPLATES.iterdir():
        assert "@font-face" not in path.read_text(encoding="utf-8"), path.name


def test_page_references_are_pydyfs_and_follow_added_pages() -> None:
    import pydyf

    from drafter.render.engine import _page_references, tune

    tune()
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    kids = pdf.pages["Kids"]
    assert pdf.page_references == tuple(f"{n} 0 R".encode() for n in kids[::3])
    assert pdf.page_references is pdf.page_references  # made once, not per call
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert (
        len(_page_references(pdf)) == 4 and _page_references(pdf)[-1] == f"{kids[-3]} 0 R".encode()
    )


def test_the_lean_stylesheet_leaves_out_only_unused_pseudo_elements() -> None:
    from drafter.render.engine import lean_html

    weasyprint = import_weasyprint()
    lean = lean_html()
    assert lean is not weasyprint.HTML and issubclass(lean, weasyprint.HTML)
    sheets = lean(string="<p>x</p>")._ua_stylesheets()
    stock = weasyprint.HTML(string="<p>x</p>")._ua_stylesheets()
    assert len(sheets) == len(stock) and sheets[0] is not stock[0]
    forms = lean(string="<p>x</p>")._ua_stylesheets(forms=True)
    assert forms[1:] == weasyprint.HTML(string="<p>x</p>")._ua_stylesheets(forms=True)[1:]


def _pdfs(tmp_path: Path, name: str, env: dict[str, str]) -> dict[str, bytes]:
    out = tmp_path / name
    drafter = [sys.executable, "-m", "drafter"]
    root = Path(__file__).resolve().parent.parent
    examples = sorted(str(p.relative_to(root)) for p in (root / "agreements").glob("*.yaml"))
    runs = (
        ["render", *examples, "--to", "pdf", "--out", str(out)],
        ["pack", "agreements/wessex-laa-2006.yaml", "agreements/millbrook-lpsa2.yaml",
         "--to", "pdf", "--out", str(out)],
    )  # fmt: skip
    for args in runs:
        done = subprocess.run(
            [*drafter, *args, "--today", "2008-06-30"],
            cwd=root,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_tuned_weasyprint_makes_the_same_pdfs_byte_for_byte(tmp_path: Path) -> None:
    tuned = _pdfs(tmp_path, "tuned", {"DRAFTER_STOCK_WEASYPRINT": "0"})
    stock = _pdfs(tmp_path, "stock", {"DRAFTER_STOCK_WEASYPRINT": "1"})
    # Every example agreement and a pack, with and without engine.tune (and engine_style).
    assert len(tuned) >= 6 and tuned.keys() == stock.keys()
    assert all(tuned[k] == stock[k] for k in tuned), "the tuning changed a PDF"


def test_the_bundled_templates_are_parsed_as_xml_into_tinyhtml5s_tree(tmp_path: Path) -> None:
    import tinyhtml5

    from drafter.render.engine import xhtml_tree

    root = Path(__file__).resolve().parent.parent
    from drafter.load import load
    from drafter.render import RenderOptions, context_for
    from drafter.render.html import render_html

    options = RenderOptions()
    for path in sorted((root / "agreements").glob("*.yaml")):
        html = render_html(context_for(load(path), options), options)
        tree = xhtml_tree(html)
        assert tree is not None, f"{path.name}: the bundled templates wrote HTML that is not XML"
        assert _shape(tree) == _shape(tinyhtml5.parse(html, namespace_html_elements=False))
    packs = tmp_path / "packs"
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "drafter",
            "pack",
            "agreements/",
            "--to",
            "html",
            "--out",
            str(packs),
        ],
        cwd=root,
        capture_output=True,
        check=False,
    )
    assert made.returncode == 0 and list(packs.glob("*.html")), made.stderr
    for page in packs.glob("*.html"):  # the report template: packs, summaries, schedules
        html = page.read_text(encoding="utf-8")
        tree = xhtml_tree(html)
        assert tree is not None, f"{page.name}: the report template wrote HTML that is not XML"
        assert _shape(tree) == _shape(tinyhtml5.parse(html, namespace_html_elements=False))
    assert xhtml_tree("<html><body><p>unclosed<br></p></body></html>") is None
    assert xhtml_tree('<!DOCTYPE x [<!ENTITY a "b">]><html>&a;</html>') is None
    assert xhtml_tree('<html><body><p title="two\nlines">x</p></body></html>') is None
    assert xhtml_tree('<html><body><p title="one line">two\nlines</p></body></html>') is not None


def _shape(element: object, out: list[object] | None = None) -> list[object]:
    """An element tree as a list: tags, attributes, and text other than whitespace."""
    out = [] if out is None else out
    tag = getattr(element, "tag", None)
    if not isinstance(tag, str):  # a comment
        return out
    text = getattr(element, "text", None) or ""
    out.append((tag, sorted(getattr(element, "attrib", {}).items()), text.strip() and text))
    for child in element:  # type: ignore[attr-defined]
        _shape(child, out)
        tail = child.tail or ""
        out.append(tail.strip() and tail)
    out.append(tag)
    return out
