"""WeasyPrint's drawing costs taken out, the PDF unchanged byte for byte (tests/test_engine.py,
tests/test_engine_draw.py).

- Numbers in the PDF: pydyf turns every operand of every drawing operator into bytes
  through `_to_bytes`, a chain of `isinstance` tests and an f-string (240,000 calls for
  a 34-page agreement). The version here dispatches on the exact type and formats with
  `%`-formatting, which gives the same digits: `b'%f' % x` is `f'{x:f}'` and `b'%d' %`
  is `str(int(x))` (tests compare both on many floats); any other type goes to pydyf's.
- Text lines drawn again: to draw a line WeasyPrint walks Pango's glyphs one by one in
  Python (`draw_first_line`). engine_text hands a box the Pango layout of an earlier box
  with the same text and style, so the walk writes the same operators again: only the
  text matrix (where the line starts) differs. The second time a layout is drawn, the
  walk is recorded (the stream calls; the fonts; each glyph's width and its Unicode
  text, as WeasyPrint works them out, which the font subsets, widths and ToUnicode maps
  are built from) and later boxes replay it: the same calls in the same order, the same
  fonts added to the document, the same widths and texts added to each font when
  missing, in the same order. A line with a missing glyph (.notdef), glyph 0, colour
  glyphs (emojis) or a bitmap font is not recorded; a replay into a document whose
  font already has another width for one of its glyphs falls back to the walk, and so
  does one into a document whose font has no width yet for a glyph whose recorded
  width is not the one WeasyPrint would work out from the line's own size (a font's
  widths are per face, so the recorded one may come from text of another size, and
  the line's kerning was computed against it).
- Backgrounds: `layout_box_backgrounds` runs for every box of every page, although most
  have no background colour or image, no border image and no shadow. Such a box is
  settled here at once (its radii resolved, no background), reading the same style
  properties in the same order; every other box, the page and the canvas background
  go to WeasyPrint's function.

Each patch replaces a function only when the source of every function it replaces or
relies on is the one it was written for (`EXPECTED`, WeasyPrint 70 and pydyf 0.13): a
newer version is left as it is. `engine.tune()` calls `install()`;
DRAFTER_STOCK_WEASYPRINT=1 leaves everything stock.
"""

from __future__ import annotations

import functools
import re
import struct
from collections.abc import Callable
from typing import Any

from .engine_style import matches

# The source_hash of each function replaced (or relied on) here.
EXPECTED = {
    "pydyf._to_bytes": "1cefd02c285d3aee",
    "weasyprint.draw.text.draw_text": "ebaf96239c6ca363",
    "weasyprint.draw.text.draw_first_line": "1bb8eae6d88e71b1",
    "weasyprint.pdf.stream.Stream.add_font": "e4226e1117477217",
    "weasyprint.pdf.stream.Stream.set_font_size": "34b9096d1555895d",
    "weasyprint.pdf.fonts.Font.__init__": "1f281166b10302a4",
    "weasyprint.text.line_break.Layout.get_first_line": "bb65cbda0e27f135",
    "pydyf.Stream.set_text_matrix": "af511e392ca2a623",
    "pydyf.Stream.set_font_size": "9626258f9693a87d",
    "pydyf.Stream.show_text": "3e008af86f62f42c",
    "pydyf.Stream.set_text_rise": "298e3340161025b0",
    "weasyprint.layout.background.layout_box_backgrounds": "617a870678c82755",
    "weasyprint.layout.background.layout_backgrounds": "5d7d4d589e3d8a33",
    "weasyprint.draw.color.get_color": "8196bf0c7ddc3e54",
}
_NUMBERS_NEEDS = ("pydyf._to_bytes",)
_LINES_NEEDS = (
    "weasyprint.draw.text.draw_text",
    "weasyprint.draw.text.draw_first_line",
    "weasyprint.pdf.stream.Stream.add_font",
    "weasyprint.pdf.stream.Stream.set_font_size",
    "weasyprint.pdf.fonts.Font.__init__",
    "weasyprint.text.line_break.Layout.get_first_line",
    "pydyf.Stream.set_text_matrix",
    "pydyf.Stream.set_font_size",
    "pydyf.Stream.show_text",
    "pydyf.Stream.set_text_rise",
)
_BACKGROUNDS_NEEDS = (
    "weasyprint.layout.background.layout_box_backgrounds",
    "weasyprint.layout.background.layout_backgrounds",
    "weasyprint.draw.color.get_color",
)

# A run of glyph ids in a string WeasyPrint shows.
_GLYPHS = re.compile(r"<([0-9a-f]*)>")

# The one recorded call made anew in a replay, with where this line starts.
_LINE_MATRIX = "set_text_matrix"

# What the record holds for a line drawn once (nothing recorded yet); for a line that
# cannot be replayed it holds False.
_ONCE = "drawn once"

# Recorded lines kept per font configuration; past this many the record starts again.
_LINES_LIMIT = 4_000


def as_expected(*qualified: str) -> bool:
    """Whether the functions `qualified` have the source the patches here expect."""
    return matches(EXPECTED, *qualified)


def quick_bytes(original: Callable[[Any], bytes]) -> Callable[[Any], bytes]:
    """pydyf's `_to_bytes` dispatching on the exact type of the common operands."""

    def _to_bytes(item: Any) -> bytes:
        kind = type(item)
        if kind is bytes:
            return item  # type: ignore[no-any-return]
        if kind is float:
            if item.is_integer():
                return b"%d" % item
            return (b"%f" % item).rstrip(b"0")
        if kind is int:
            return b"%d" % item
        if kind is str:
            return item.encode("ascii")  # type: ignore[no-any-return]
        return original(item)

    _to_bytes.__wrapped__ = original  # type: ignore[attr-defined]
    return _to_bytes


def _install_numbers() -> bool:
    import pydyf  # type: ignore[import-untyped]

    original = pydyf._to_bytes
    if hasattr(original, "__wrapped__") or not as_expected(*_NUMBERS_NEEDS):
        return False
    pydyf._to_bytes = quick_bytes(original)
    return True


class _Texts:
    """Stands in for a font's `to_unicode` while a line is recorded. It claims to hold
    nothing, so that WeasyPrint works out every glyph's text (which a replay in another
    document may need), and stores a text only when missing, as WeasyPrint would."""

    def __init__(self, real: dict[int, str]) -> None:
        self.real = real
        self.stored: dict[int, str] = {}

    def __contains__(self, glyph: int) -> bool:
        return False

    def __setitem__(self, glyph: int, text: str) -> None:
        self.stored.setdefault(glyph, text)
        self.real.setdefault(glyph, text)


class _Font:
    """What a recorded line needs of one font: the Pango font that first gave it, and
    each glyph's width and text."""

    def __init__(self, pango_font: Any, font: Any, size: float) -> None:
        self.pango_font, self.font, self.size = pango_font, font, size
        self.texts = _Texts(font.to_unicode)
        font.to_unicode = self.texts
        self.shown: list[str] = []
        self.widths: list[tuple[int, int]] = []
        self.own: set[int] = set()

    def restore(self) -> None:
        """Give the font its own `to_unicode` again."""
        self.font.to_unicode = self.texts.real

    def finish(self) -> bool:
        """Note the widths once the line is drawn; False if it cannot be replayed
        (colour glyphs, a bitmap font, glyph 0 or a .notdef stand-in)."""
        font, self.font = self.font, None
        if font.svg or font.png or font.colr or font.bitmap:
            return False
        # The ids of the glyphs shown: four hex digits each between angle brackets
        # (`<00030002>-45<…>`), kerning and offsets outside them.
        ids = bytes.fromhex("".join(_GLYPHS.findall("".join(self.shown))))
        glyphs = dict.fromkeys(struct.unpack(f">{len(ids) // 2}H", ids))
        if 0 in glyphs or max(glyphs, default=0) >= font.glyph_count:
            return False
        if glyphs.keys() != self.texts.stored.keys():
            return False  # (not expected: every glyph shown is mapped)
        self.widths = [(glyph, font.widths[glyph]) for glyph in glyphs]
        self.own = self._own_widths(font.widths, glyphs)
        return True

    def _own_widths(self, widths: dict[int, int], glyphs: dict[int, None]) -> set[int]:
        """The glyphs whose width is the one WeasyPrint works out from this line's font
        when the document's font has none yet. A width the font had before this line
        may come from text of another size (a font's widths are per face, the first
        size wins), and the line's kerning was computed against it: a document that
        has no width for such a glyph would draw the line with other kerning."""
        from weasyprint.text.ffi import FROM_UNITS, ffi, pango

        if pango.pango_version() < 14802:  # WeasyPrint takes the box's size instead
            return set()
        ink, logical = ffi.new("PangoRectangle *"), ffi.new("PangoRectangle *")
        own = set()
        for glyph in glyphs:
            pango.pango_font_get_glyph_extents(self.pango_font, glyph, ink, logical)
            if round(logical.width * 1000 * FROM_UNITS / self.size) == widths[glyph]:
                own.add(glyph)
        return own


class _Line:
    """One recorded line: the stream calls in order, the fonts it uses, and the
    document fonts it was last drawn with (those need no bookkeeping again)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.fonts: list[_Font] = []
        self.direction: Any = None
        self.drawn_with: Any = None
        self.shown: _Font | None = None  # while recording: whose text is shown
        self.added: _Font | None = None  # while recording: the font last added


class _Recording:
    """Stream methods noting the calls draw_first_line makes into `_drafter_line`, put
    in by changing the stream's class for one call (a subclass of its own)."""

    _drafter_line: _Line

    def add_font(self, pango_font: Any) -> Any:
        font, size = super().add_font(pango_font)  # type: ignore[misc]
        line = self._drafter_line
        known = [f for f in line.fonts if f.font is font]
        line.added = known[0] if known else _Font(pango_font, font, size)
        if not known:
            line.fonts.append(line.added)
        return font, size

    def set_font_size(self, *values: Any) -> Any:
        line = self._drafter_line
        line.shown = line.added  # WeasyPrint shows the last font's text, then sets this one
        line.calls.append(("set_font_size", values))
        return super().set_font_size(*values)  # type: ignore[misc]

    def show_text(self, text: str) -> Any:
        line = self._drafter_line
        if line.shown is not None:  # (none: an empty line)
            line.shown.shown.append(text)
        line.calls.append(("show_text", (text,)))
        return super().show_text(text)  # type: ignore[misc]

    def set_text_matrix(self, *values: Any) -> Any:
        self._drafter_line.calls.append(("set_text_matrix", values))
        return super().set_text_matrix(*values)  # type: ignore[misc]

    def set_text_rise(self, *values: Any) -> Any:
        self._drafter_line.calls.append(("set_text_rise", values))
        return super().set_text_rise(*values)  # type: ignore[misc]


@functools.cache
def _recording(cls: Any) -> Any:
    return type(f"Recording{cls.__name__}", (_Recording, cls), {})


def _record(
    original: Callable[..., Any], stream: Any, textbox: Any, args: tuple[Any, ...]
) -> tuple[Any, _Line | bool]:
    """Run WeasyPrint's draw_first_line, noting what it does; the line is False when it
    cannot be replayed."""
    line, cls = _Line(), stream.__class__
    stream._drafter_line, stream.__class__ = line, _recording(cls)
    try:
        emojis = original(stream, textbox, *args)
    finally:
        stream.__class__ = cls
        del stream._drafter_line
        for font in line.fonts:
            font.restore()
    usable = all([font.finish() for font in line.fonts])  # every one finished
    line.direction = textbox.pango_layout.__dict__.get("first_line_direction")
    line.drawn_with = stream._fonts
    return emojis, line if usable and not emojis else False


def _replay(line: _Line, stream: Any, textbox: Any, matrix: Any) -> bool:
    """Make the recorded line's calls again at `matrix`; False (having drawn nothing)
    when a font of this document has another width for one of its glyphs."""
    if line.drawn_with is not stream._fonts:
        if not _bookkeep(line, stream):
            return False
        line.drawn_with = stream._fonts
    for name, values in line.calls:
        if name == _LINE_MATRIX:
            stream.set_text_matrix(*matrix.values)
        else:
            getattr(stream, name)(*values)
    if line.direction is not None:
        textbox.pango_layout.first_line_direction = line.direction
    return True


def _bookkeep(line: _Line, stream: Any) -> bool:
    """Add the line's fonts to this document, and its glyphs' widths and texts to them
    when missing, as draw_first_line would; False (having added only the fonts) when a
    font already has another width for one of the glyphs, or has none for a glyph whose
    recorded width is not the one this document would work out (`_Font._own_widths`)."""
    fonts = [stream.add_font(recorded.pango_font)[0] for recorded in line.fonts]
    for font, recorded in zip(fonts, line.fonts, strict=True):
        widths, own = font.widths, recorded.own
        for glyph, width in recorded.widths:
            if widths.get(glyph, width) != width or (glyph not in widths and glyph not in own):
                return False
    for font, recorded in zip(fonts, line.fonts, strict=True):
        widths, texts, known = font.widths, font.to_unicode, recorded.texts.stored
        for glyph, width in recorded.widths:  # in the order WeasyPrint would add them
            widths.setdefault(glyph, width)
            texts.setdefault(glyph, known[glyph])
    return True


def replayed_first_line(original: Callable[..., Any], drawing: Any) -> Callable[..., Any]:
    """`draw_first_line` replaying an earlier drawing of the same Pango layout and text,
    when engine_text reuses layouts for this box (`drawing.reuse`: no ellipsis). A line
    is recorded the second time it is drawn: most lines are drawn once, and recording
    costs more than the walk."""

    def draw_first_line(
        stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any, matrix: Any
    ) -> Any:
        args = (text_overflow, block_ellipsis, matrix)
        if not drawing.reuse or text_overflow == "ellipsis" or block_ellipsis != "none":
            return original(stream, textbox, *args)
        lines = textbox.style.font_config.__dict__.setdefault("_drafter_lines", {})
        key = (textbox.pango_layout.layout, textbox.text)
        line = lines.get(key)
        if isinstance(line, _Line) and _replay(line, stream, textbox, matrix):
            return []
        if line is not _ONCE:
            if line is None:
                if len(lines) >= _LINES_LIMIT:
                    lines.clear()
                lines[key] = _ONCE
            return original(stream, textbox, *args)
        emojis, lines[key] = _record(original, stream, textbox, args)
        return emojis

    draw_first_line.__wrapped__ = original  # type: ignore[attr-defined]
    return draw_first_line


def _install_lines() -> bool:
    from weasyprint.draw import text
    from weasyprint.text import line_break

    from . import engine_text

    original = text.draw_first_line
    reusing = hasattr(line_break.Layout.reactivate, "__wrapped__")
    if hasattr(original, "__wrapped__") or not reusing or not as_expected(*_LINES_NEEDS):
        return False
    text.draw_first_line = replayed_first_line(original, engine_text._Drawing)
    return True


def _plain(style: Any) -> bool:
    """Whether a box of this style has no background, border image or mask border to
    lay out: its properties read in the order layout_box_backgrounds reads them."""
    if style["border_image_source"][0] != "none" or style["mask_border_source"][0] != "none":
        return False
    if style["visibility"] != "hidden":
        style["image_orientation"]
        if any(kind == "url" or value for kind, value in style["background_image"]):
            return False
        color = style["background_color"]
        if (color if color != "currentcolor" else style["color"]).alpha != 0:
            return False
    return not style["box_shadow"]


def quick_backgrounds(original: Callable[..., Any], module: Any) -> Callable[..., Any]:
    """`layout_box_backgrounds` settling at once the boxes with nothing to lay out (most
    of them: no background colour or image, no border image, no shadow), and handing
    every other box, the page and the canvas background to WeasyPrint's function."""

    def layout_box_backgrounds(
        page: Any,
        box: Any,
        get_image_from_uri: Any,
        layout_children: bool = True,
        style: Any = None,
    ) -> None:
        if style is not None or box is page:
            original(page, box, get_image_from_uri, layout_children, style)
            return
        module.resolve_radii_percentages(box)
        if layout_children:
            for child in box.all_children():
                layout_box_backgrounds(page, child, get_image_from_uri)
        if _plain(box.style):
            box.background = None
        else:  # (its radii resolved again: the same values)
            original(page, box, get_image_from_uri, layout_children=False)

    layout_box_backgrounds.__wrapped__ = original  # type: ignore[attr-defined]
    return layout_box_backgrounds


def _install_backgrounds() -> bool:
    from weasyprint.layout import background

    original = background.layout_box_backgrounds
    if hasattr(original, "__wrapped__") or not as_expected(*_BACKGROUNDS_NEEDS):
        return False
    background.layout_box_backgrounds = quick_backgrounds(original, background)
    return True


PATCHES = ("numbers", "lines", "backgrounds")


def install() -> dict[str, bool]:
    """Put in every patch whose source is as expected; say which went in."""
    return {
        "numbers": _install_numbers(),
        "lines": _install_lines(),
        "backgrounds": _install_backgrounds(),
    }


def ab_slots(patch: str) -> list[tuple[Any, str, Any, Any]]:
    """(module, attribute, stock value, patched value) of an installed patch, for A/B."""
    import pydyf
    from weasyprint.draw import text
    from weasyprint.layout import background

    owner, name = {
        "numbers": (pydyf, "_to_bytes"),
        "lines": (text, "draw_first_line"),
        "backgrounds": (background, "layout_box_backgrounds"),
    }[patch]
    patched = getattr(owner, name)
    return [(owner, name, getattr(patched, "__wrapped__", patched), patched)]
