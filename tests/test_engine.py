"""The quick WeasyPrint import: the same libraries as the standard lookup, found faster."""

from __future__ import annotations

import ctypes.util
import sys

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
