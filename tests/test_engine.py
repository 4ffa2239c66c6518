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
    agreements = sorted(str(p.relative_to(root)) for p in (root / "agreements").glob("*.yaml"))
    runs = (
        ["render", *agreements, "--to", "pdf", "--out", str(out)],
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


# Texts that WeasyPrint's first-line split and drawing see again in other widths and
# styles: the cached answers must be told apart by each (tests below).
_SAMPLE = """<html><body style="font-family: Carlito; font-size: 11pt">
<table><tr><td style="width: 2.5cm">Designated outcome for Northfleet 2008–11</td>
<td style="width: 6cm">Designated outcome for Northfleet 2008–11</td><td>—</td></tr>
<tr><td>—</td><td style="font-weight: bold">—</td><td style="font-size: 9pt">—</td></tr></table>
<p style="width: 4cm">Designated outcome for Northfleet 2008–11</p>
<p style="width: 4cm; letter-spacing: 1pt">Designated outcome for Northfleet 2008–11</p>
<p style="width: 4cm; word-spacing: 3pt">Designated outcome for Northfleet 2008–11</p>
<p style="text-decoration: underline">Designated</p><p>Designated</p>
<p style="text-align: justify; width: 5cm">Targets for 2008–11 are agreed with the
Government Office and reviewed each year by the partnership board.</p>
<p style="width: 2cm; overflow: hidden; text-overflow: ellipsis; white-space: nowrap">
Designated outcome for Northfleet</p>
<p style="width: 2cm; overflow: hidden; white-space: nowrap">Designated outcome for
Northfleet</p>
</body></html>"""


def _sample_pdf(patched: bool) -> bytes:
    """The sample's PDF with engine_text's patches in or out, from empty caches."""
    from weasyprint.text.fonts import FontConfiguration

    from drafter.render import engine_text

    weasyprint = import_weasyprint()
    slots = [s for p in ("split cache", "drawn layouts") for s in engine_text.ab_slots(p)]
    try:
        for owner, name, stock, patch in slots:
            setattr(owner, name, patch if patched else stock)
        document = weasyprint.HTML(string=_SAMPLE).render(font_config=FontConfiguration())
        first = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
        fonts = FontConfiguration()
        for _ in range(2):  # again from caches the first pass filled
            document = weasyprint.HTML(string=_SAMPLE).render(font_config=fonts)
            again = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
        assert again == first
        return first  # type: ignore[no-any-return]
    finally:
        for owner, name, _stock, patch in slots:
            setattr(owner, name, patch)


def test_the_text_patches_are_in_and_leave_the_pdf_as_it_was() -> None:
    import_weasyprint()  # first: importing WeasyPrint otherwise leaves it untuned
    from weasyprint.draw import text
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    for module in (line_break, inline, preferred):
        assert hasattr(module.split_first_line, "__wrapped__"), module.__name__
    assert hasattr(text.draw_text, "__wrapped__")
    assert hasattr(line_break.Layout.reactivate, "__wrapped__")
    assert _sample_pdf(patched=True) == _sample_pdf(patched=False)


def test_a_text_cache_that_mixes_up_styles_would_be_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The comparison above can fail: keyed on the text and width alone, the caches hand
    # one paragraph's lines (letter and word spacing, weights, sizes) to another.
    from drafter.render import engine_text

    stock = _sample_pdf(patched=False)
    monkeypatch.setattr(engine_text, "_split_values", lambda style: ())
    assert _sample_pdf(patched=True) != stock


def test_the_split_cache_keys_on_every_style_property_weasyprint_reads() -> None:
    import inspect
    import re

    from weasyprint.layout import percent
    from weasyprint.text import fonts, line_break

    from drafter.render import engine_text

    import_weasyprint()
    read = set()
    for function in (
        line_break.split_first_line.__wrapped__,
        line_break.create_layout,
        line_break.first_line_metrics,
        line_break.line_size,
        line_break.Layout,
        fonts.get_font_description,
        percent.percentage,
    ):
        read |= set(re.findall(r"style\['([a-z_]+)'\]", inspect.getsource(function)))
    assert read == set(engine_text._SPLIT_PROPERTIES)


def test_a_changed_weasyprint_function_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.render import engine_text

    import_weasyprint()
    name = "weasyprint.text.line_break.split_first_line"
    assert engine_text.as_expected(name)
    monkeypatch.setitem(engine_text._EXPECTED, name, "0" * 16)  # as if WeasyPrint changed it
    assert not engine_text.as_expected(name)
    assert not engine_text.as_expected("weasyprint.text.line_break.no_such_function")


def test_pdf_streams_are_compressed_at_the_chosen_level() -> None:
    import io
    import zlib

    import pikepdf

    from drafter.render import engine
    from drafter.render.pdf import html_to_pdf

    rows = "".join(f"<tr><td>NI {n}</td><td>{n * 37 % 101}%</td></tr>" for n in range(200))
    html = f"<html lang='en'><head><title>t</title></head><body><table>{rows}</table></body></html>"
    pdf = pikepdf.open(io.BytesIO(html_to_pdf(html)))
    content = pdf.pages[0].obj["/Contents"]
    raw, plain = content.read_raw_bytes(), content.read_bytes()
    assert raw == zlib.compress(plain, engine.COMPRESSION)
    assert engine.COMPRESSION != 9 and raw != zlib.compress(plain, 9)
