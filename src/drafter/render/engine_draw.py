"""WeasyPrint's drawing costs taken out, the PDF unchanged byte for byte (tests/test_engine.py,
tests/test_engine_draw.py).

- Numbers in the PDF: pydyf turns every operand of every drawing operator into bytes
  through `_to_bytes`, a chain of `isinstance` tests and an f-string (240,000 calls for
  a 34-page agreement). The version here dispatches on the exact type and formats with
  `%`-formatting, which gives the same digits: `b'%f' % x` is `f'{x:f}'` and `b'%d' %`
  is `str(int(x))` (tests compare both on many floats); any other type goes to pydyf's.
- Text lines drawn again: to draw a line WeasyPrint walks Pango's glyphs one by one in
  Python (`draw_first_line`), writing the same glyph strings each time the same text is
  drawn in the same style. engine_text hands such a box the Pango layout drawn before,
  so the walk would produce the same operators again: only the text matrix (where the
  line starts) differs. The first walk over a layout is recorded (the stream calls, the
  fonts, and the glyph widths and Unicode text that fonts subsetting and ToUnicode are
  built from) and later boxes replay it: the same calls in the same order, the same
  fonts added to the document, the same entries added to each font's `widths` and
  `to_unicode` when missing. A line that shows a missing glyph (.notdef), glyph 0 or
  colour glyphs (emojis) is never recorded; a replay whose glyph widths differ from
  those the document's font already has falls back to the walk.

Each patch replaces a function only when the source of every function it replaces or
relies on is the one it was written for (`EXPECTED`, WeasyPrint 70 and pydyf 0.13): a
newer version is left as it is. `engine.tune()` calls `install()`;
DRAFTER_STOCK_WEASYPRINT=1 leaves everything stock.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from .engine_style import source_hash

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
}
_NUMBERS_NEEDS = ("pydyf._to_bytes",)

# The one recorded call made anew in a replay: where the line starts.
_LINE_MATRIX = "set_text_matrix"

# Recorded lines kept per font configuration; past this many the record starts again.
_LINES_LIMIT = 4_000


def _find(qualified: str) -> Any:
    parts = qualified.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for name in parts[cut:]:
                found = getattr(found, name)
        except AttributeError:
            return None
        return found
    return None


def as_expected(*qualified: str) -> bool:
    """Whether the functions `qualified` have the source the patches here expect."""
    for name in qualified:
        function = _find(name)
        if name not in EXPECTED or function is None:
            return False
        if source_hash(getattr(function, "__wrapped__", function)) != EXPECTED[name]:
            return False
    return True


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


class _Glyphs:
    """Stands in for a font's `widths` or `to_unicode` while a line is recorded: notes
    each glyph asked for, and what is stored, in order, passing them on to the real dict.
    `to_unicode` claims to hold nothing, so that every glyph's text is worked out (and
    stored only when missing, as WeasyPrint would): a replay needs it even for glyphs an
    earlier line mapped."""

    def __init__(self, real: dict[int, Any], unicode: bool) -> None:
        self.real, self.unicode = real, unicode
        self.asked: set[int] = set()
        self.stored: dict[int, Any] = {}
        self.odd = False  # a value stored for a glyph not asked for first (.notdef)

    def __contains__(self, glyph: int) -> bool:
        self.asked.add(glyph)
        return False if self.unicode else glyph in self.real

    def __getitem__(self, glyph: int) -> Any:
        return self.real[glyph]

    def __setitem__(self, glyph: int, value: Any) -> None:
        self.odd = self.odd or glyph not in self.asked
        self.stored.setdefault(glyph, value)
        if self.unicode:
            self.real.setdefault(glyph, value)  # as WeasyPrint sets it: only when missing
        else:
            self.real[glyph] = value


class _Line:
    """One recorded line: the stream calls in order and, per font, the glyphs it uses."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.fonts: list[tuple[Any, list[tuple[int, int]], list[tuple[int, str]]]] = []
        self.direction: Any = None


def _record(
    original: Callable[..., Any], stream: Any, textbox: Any, args: tuple[Any, ...]
) -> tuple[Any, _Line | None]:
    """Run WeasyPrint's draw_first_line, noting what it does; the line is None when it
    cannot be replayed (emojis, a missing glyph, glyph 0)."""
    line, usable = _Line(), True
    watched: list[tuple[Any, _Glyphs, _Glyphs, dict[int, Any], dict[int, str]]] = []
    firsts: list[Any] = []  # the first Pango font of each of those fonts
    add_font = stream.add_font

    def adding(pango_font: Any) -> Any:
        nonlocal usable
        font, size = add_font(pango_font)
        usable = usable and not (font.svg or font.png or font.colr)
        if not any(w[0] is font for w in watched):
            widths, to_unicode = font.widths, font.to_unicode
            font.widths = _Glyphs(widths, unicode=False)
            font.to_unicode = _Glyphs(to_unicode, unicode=True)
            watched.append((font, font.widths, font.to_unicode, widths, to_unicode))
            firsts.append(pango_font)
        return font, size

    def noting(name: str) -> Callable[..., Any]:
        method = getattr(stream, name)

        def call(*values: Any) -> Any:
            line.calls.append((name, values))
            return method(*values)

        return call

    stream.add_font = adding
    for name in ("set_text_matrix", "set_font_size", "show_text", "set_text_rise"):
        setattr(stream, name, noting(name))
    try:
        emojis = original(stream, textbox, *args)
    finally:
        for name in ("add_font", "set_text_matrix", "set_font_size", "show_text", "set_text_rise"):
            stream.__dict__.pop(name, None)
        for font, *_, real_widths, real_unicode in watched:
            font.widths, font.to_unicode = real_widths, real_unicode
    for pango_font, (_, widths, to_unicode, real_widths, _) in zip(firsts, watched, strict=True):
        usable = usable and not widths.odd and 0 not in widths.asked
        # Each glyph's width as this line used it, in the order of first use.
        ordered = [g for g in to_unicode.stored if g in widths.asked]
        line.fonts.append(
            (pango_font, [(g, real_widths[g]) for g in ordered], list(to_unicode.stored.items()))
        )
    line.direction = textbox.pango_layout.__dict__.get("first_line_direction")
    return emojis, line if usable and not emojis else None


def _replay(line: _Line, stream: Any, textbox: Any, matrix: Any) -> bool:
    """Make the recorded line's calls again at `matrix`; False (having drawn nothing)
    when a font of this document already has another width for one of its glyphs."""
    fonts = [stream.add_font(pango_font)[0] for pango_font, _w, _u in line.fonts]
    for font, (_, widths, _) in zip(fonts, line.fonts, strict=True):
        have = font.widths
        if any(have.get(glyph, width) != width for glyph, width in widths):
            return False
    for font, (_, widths, unicode) in zip(fonts, line.fonts, strict=True):
        have, text = font.widths, font.to_unicode
        for glyph, width in widths:
            have.setdefault(glyph, width)
        for glyph, mapped in unicode:
            text.setdefault(glyph, mapped)
    for name, values in line.calls:
        if name == _LINE_MATRIX:
            stream.set_text_matrix(*matrix.values)
        else:
            getattr(stream, name)(*values)
    if line.direction is not None:
        textbox.pango_layout.first_line_direction = line.direction
    return True


def replayed_first_line(original: Callable[..., Any], drawing: Any) -> Callable[..., Any]:
    """`draw_first_line` replaying the first drawing of the same Pango layout and text,
    when engine_text reuses layouts for this box (`drawing.reuse`: no ellipsis)."""

    def draw_first_line(
        stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any, matrix: Any
    ) -> Any:
        args = (text_overflow, block_ellipsis, matrix)
        if not drawing.reuse or text_overflow == "ellipsis" or block_ellipsis != "none":
            return original(stream, textbox, *args)
        lines = textbox.style.font_config.__dict__.setdefault("_drafter_lines", {})
        key = (textbox.pango_layout.layout, textbox.text)
        line = lines.get(key, ...)
        if line is None or (line is not ... and not _replay(line, stream, textbox, matrix)):
            return original(stream, textbox, *args)
        if line is not ...:
            return []
        emojis, lines[key] = _record(original, stream, textbox, args)
        if len(lines) > _LINES_LIMIT:
            lines.clear()
        return emojis

    draw_first_line.__wrapped__ = original  # type: ignore[attr-defined]
    return draw_first_line


def _install_lines() -> bool:
    from weasyprint.draw import text
    from weasyprint.text import line_break

    from . import engine_text

    original = text.draw_first_line
    reusing = hasattr(line_break.Layout.reactivate, "__wrapped__")
    if hasattr(original, "__wrapped__") or not reusing or not as_expected(*EXPECTED):
        return False
    text.draw_first_line = replayed_first_line(original, engine_text._Drawing)
    return True


PATCHES = ("numbers", "lines")


def install() -> dict[str, bool]:
    """Put in every patch whose source is as expected; say which went in."""
    return {"numbers": _install_numbers(), "lines": _install_lines()}


def ab_slots(patch: str) -> list[tuple[Any, str, Any, Any]]:
    """(module, attribute, stock value, patched value) of an installed patch, for A/B."""
    import pydyf
    from weasyprint.draw import text

    owner, name = {"numbers": (pydyf, "_to_bytes"), "lines": (text, "draw_first_line")}[patch]
    patched = getattr(owner, name)
    return [(owner, name, getattr(patched, "__wrapped__", patched), patched)]
