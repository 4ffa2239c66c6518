"""Importing WeasyPrint quickly: its C libraries found through the linker cache, read once.

WeasyPrint loads Pango, HarfBuzz, fontconfig and GObject through cffi, trying several
names for each library (the Windows, macOS and Linux spellings). cffi passes every name
that does not load at once to `ctypes.util.find_library`, which on Linux starts
`ldconfig`, then `gcc`, then `ld` — about 20 ms a name, 0.2–0.3 s for the whole import.
While WeasyPrint is imported, `find_library` here answers from one reading of the
linker cache (`ldconfig -p`) instead, which is how the dynamic linker finds libraries
anyway. If that reading fails, or the import still fails, WeasyPrint is imported again
with the standard lookup, so the result is never worse than without this shortcut.

`shared_fonts` keeps one font configuration for every PDF a process makes from the
bundled templates: otherwise WeasyPrint loads fontconfig's configuration and font list
again and starts Pango with empty font and shaping caches for every document.

`tune` and `lean_html` remove three costs of WeasyPrint that change nothing in the PDF
(the bytes are the same, tests/test_engine.py):
- pydyf builds the tuple of every page's reference again each time WeasyPrint asks for
  one page's (once for each tagged element: elements × pages, 4.7 million steps for a
  119-page regional pack);
- WeasyPrint's default stylesheet gives every element five note and footnote
  pseudo-elements and a list marker, whose styles are worked out and never used;
- WeasyPrint parses HTML with tinyhtml5, written in Python: a quarter of a second for
  an agreement, 1.3 s for a regional pack. The bundled templates write well-formed
  XHTML (void elements closed, text escaped, no entities), so their documents are
  parsed with the standard library's XML parser (expat, in C) into the same tree; a
  document that is not well-formed is parsed by tinyhtml5 as before.
`tune` also installs engine_cascade's cascade (selectors that see only an element's tag,
attributes and ancestors matched once per kind of element, across documents; the rules
of an element whose computed style is shared with an earlier one's not merged again:
Northfleet's cascade 0.26 → 0.15 s of CPU, the London pack's 2.0 → 0.8 s),
engine_style's quicker versions of three per-element functions
(computed styles, used lengths, the normal-flow test), the Pango patches of
engine_shape (each layout started from a context, font description and features kept
per style; a split's layout kept for drawing its line when it holds what drawing would
make: 0.1 s each of Northfleet's CPU), the text patches of engine_text (first-line
splits kept, Pango layouts of drawn text reused), the layout patches of
engine_layout (used lengths kept per computed lengths and containing block, line boxes
placed at once when there are no floats, a style's strut kept on the style: 0.17 s of
Northfleet's CPU, 0.8 s of the London pack's) and the drawing patches of engine_draw
(pydyf's numbers formatted by type; a text line drawn again replayed from a recording
of its glyph strings and font bookkeeping instead of walking Pango's glyphs; boxes with
no background settled without laying one out), each only over the WeasyPrint source it
was written against.
Setting DRAFTER_STOCK_WEASYPRINT=1 leaves WeasyPrint as it is, to compare.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import inspect
import io
import os
import re
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

# ctypes' own table: the ABI tag `ldconfig -p` prints for this machine's libraries.
_ABI = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


def linker_cache() -> str | None:
    """The output of `ldconfig -p` (the libraries the dynamic linker knows), or None."""
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            done = subprocess.run(
                [ldconfig, "-p"],
                capture_output=True,
                env={"LC_ALL": "C", "LANG": "C"},
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return done.stdout.decode("utf-8", "replace")
    return None


def cached_finder(cache: str) -> Callable[[str], str | None]:
    """A `find_library` that looks names up in `cache` as ctypes does, without processes."""
    machine = f"{os.uname().machine}-{8 * struct.calcsize('l')}"
    abi = re.escape(_ABI.get(machine, "libc6"))

    def find_library(name: str) -> str | None:
        found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}", cache)
        return found.group(1) if found else None

    return find_library


@contextlib.contextmanager
def _quick_lookup() -> Iterator[None]:
    cache = linker_cache() if sys.platform.startswith("linux") else None
    if cache is None or os.environ.get("LD_LIBRARY_PATH"):
        yield  # ld's search path matters, or no cache to read: the standard lookup
        return
    standard = ctypes.util.find_library
    ctypes.util.find_library = cached_finder(cache)  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = standard


def import_weasyprint() -> ModuleType:
    """WeasyPrint, imported with the quick library lookup (falling back to the standard one),
    and tuned once — also when something else in the process imported it first."""
    weasyprint = sys.modules.get("weasyprint")
    if weasyprint is None:
        try:
            # WeasyPrint prints advice to stdout before failing; the fallback below prints it.
            with _quick_lookup(), contextlib.redirect_stdout(io.StringIO()):
                weasyprint = importlib.import_module("weasyprint")
        except OSError:
            for name in [
                m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")
            ]:
                del sys.modules[name]
            weasyprint = importlib.import_module("weasyprint")
    tune()
    return weasyprint


# pydyf compresses every stream at zlib's level 9. Level 6, zlib's default, makes the
# largest example's PDF 4% larger and its compression 0.11 s (of 0.15 s) quicker. It is
# a choice of output, set whether WeasyPrint is tuned or stock, so both give the same bytes.
COMPRESSION = 6


def stock() -> bool:
    """Whether WeasyPrint is to be used as it is (DRAFTER_STOCK_WEASYPRINT=1), untuned."""
    return os.environ.get("DRAFTER_STOCK_WEASYPRINT", "") not in ("", "0")


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    """pydyf's PDF.page_references, kept until a page is added instead of made per call."""
    kids = pdf.pages["Kids"]  # [number, 0, 'R'] for each page, only ever extended
    made = pdf.__dict__.get("_drafter_page_references")
    if made is None or made[0] != len(kids):
        made = (len(kids), tuple(f"{n} 0 R".encode("ascii") for n in kids[::3]))
        pdf.__dict__["_drafter_page_references"] = made
    return made[1]  # type: ignore[no-any-return]


class _Deflate:
    """zlib as pydyf sees it: every stream compressed at COMPRESSION instead of level 9."""

    compress = staticmethod(zlib.compress)

    @staticmethod
    def compressobj(level: int = COMPRESSION, **kwargs: Any) -> Any:
        """A compressor at COMPRESSION, whatever level pydyf asks for."""
        return zlib.compressobj(level=COMPRESSION, **kwargs)


def compress_streams(pydyf: ModuleType) -> None:
    """Have pydyf compress the PDF's streams at COMPRESSION (when its code is as expected)."""
    if getattr(pydyf, "zlib", None) is zlib and "zlib.compressobj(level=9)" in (
        inspect.getsource(pydyf.Stream.data.fget)
    ):
        setattr(pydyf, "zlib", _Deflate)  # noqa: B010 (a module seen as ModuleType)


@cache
def tune() -> None:
    """Set the compression level, and take out the costs the docstrings here, in
    engine_cascade, engine_style, engine_text, engine_layout and engine_draw name (not
    when stock()); once a process."""
    import pydyf  # type: ignore[import-untyped]

    compress_streams(pydyf)
    if stock():
        return
    from . import (
        engine_cascade,
        engine_draw,
        engine_layout,
        engine_shape,
        engine_style,
        engine_text,
    )

    engine_cascade.install()
    engine_style.install()
    engine_shape.install()
    engine_text.install()
    engine_layout.install()
    engine_draw.install()
    current = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(current, property) or current.fget is _page_references:
        return
    pydyf.PDF.page_references = property(_page_references)


# Rules of WeasyPrint's default stylesheet for pseudo-elements the bundled templates never
# make: notes and footnotes (no `float: footnote`), and markers of elements other than
# list items (the only elements that show one). Each is matched on every element.
_UNUSED_PSEUDO = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}\n", re.MULTILINE)


@cache
def lean_html() -> Any:
    """weasyprint.HTML for the bundled templates: the default stylesheet narrowed so that
    its unused pseudo-elements are not styled for every element, and a well-formed
    document parsed by `xhtml_tree`; or weasyprint.HTML itself when stock() or when
    WeasyPrint's stylesheet is not as expected."""
    weasyprint = import_weasyprint()
    sheet = Path(str(weasyprint.__file__)).parent / "css" / "html5_ua.css"
    html = weasyprint.HTML
    try:
        text = sheet.read_text(encoding="utf-8")
    except OSError:
        return html
    lean, removed = _UNUSED_PSEUDO.subn("", text)
    lean, narrowed = re.subn(r"^::marker \{", "li::marker {", lean, flags=re.MULTILINE)
    if stock() or removed != 5 or narrowed != 1 or not hasattr(html, "_ua_stylesheets"):
        return html
    stylesheet = weasyprint.CSS(string=lean, base_url=sheet.as_uri())
    import cssselect2  # type: ignore[import-untyped]

    class LeanHTML(html):  # type: ignore[misc, valid-type]
        def __init__(self, *, string: str, base_url: str | None = None, url_fetcher: Any = None):
            tree = xhtml_tree(string)
            if tree is None or url_fetcher is None:
                super().__init__(string=string, base_url=base_url, url_fetcher=url_fetcher)
                return
            # As HTML.__init__ sets them (the bundled templates have no <base>).
            self.base_url = base_url
            self.url_fetcher = url_fetcher
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                tree, content_language=None
            )
            self.etree_element = self.wrapper_element.etree_element

        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [stylesheet, *html._ua_stylesheets(self, forms)[1:]]

    return LeanHTML


# An attribute value (always in double quotes in the bundled templates, which escape
# every quote inside one) holding a tab, line feed or carriage return.
_SPACED_ATTRIBUTE = re.compile(r'="[^"]*[\t\n\r]')


def xhtml_tree(text: str) -> Any:
    """The document's element tree parsed as XML, or None when it is not well-formed XML,
    declares anything (an entity, CDATA), or has what XML would read otherwise than HTML
    does: a tab or line break inside an attribute value (XML makes it a space)."""
    from xml.etree import ElementTree

    start = text.find("<html")
    if start < 0 or "<!ENTITY" in text or "<![CDATA[" in text or "<base" in text:
        return None
    if _SPACED_ATTRIBUTE.search(text):
        return None
    try:
        return ElementTree.fromstring(text[start:])
    except ElementTree.ParseError:
        return None


@cache
def shared_fonts() -> Any:
    """One WeasyPrint FontConfiguration for this process's PDFs of the bundled templates.

    Sharing it is safe only while no document adds fonts of its own (`@font-face`, which
    the bundled stylesheets never use): a project's templates get a fresh one each time,
    so one document's fonts can never change the next one's. The PDFs are the same, byte
    for byte, either way (tests/test_engine.py).
    """
    import_weasyprint()  # first, for the quick lookup
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()
