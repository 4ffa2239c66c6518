"""WeasyPrint's text costs taken out, the PDF unchanged byte for byte (tests/test_engine.py).

- Line breaking: WeasyPrint finds where a text box's first line ends by laying the text
  out with Pango two or three times (`split_first_line`), and does it again for the same
  text in the same style and width many times over: table cells are measured for their
  narrowest and widest widths and then laid out, often more than once, and many cells
  hold the same short text ("—", "Designated", a year). The answer depends only on the
  text, the width, a few arguments and the style properties the function reads (listed
  in `_SPLIT_PROPERTIES`), so it is kept, per font configuration, and handed out again as
  a copy (the caller may change the layout object it gets).
- Drawing: to draw a text box WeasyPrint makes a new Pango context and layout, sets the
  box's text and shapes it again (`Layout.reactivate`), although a box with the same
  text, justification and style was drawn before. The drawn Pango layout is kept, per
  font configuration, and given to the next such box: drawing only reads it, except when
  a line is ellipsized (`text-overflow: ellipsis`, `block-ellipsis`), which changes its
  width and text; such boxes get a layout of their own, as before.

Both caches live on WeasyPrint's FontConfiguration, so they last as long as the fonts
they were measured with (one for every PDF of the bundled templates, `shared_fonts`)
and start again past a size limit. They pay most when text comes again: within one
document (cells of "—", years, "Designated") a little, when a warm process lays out the
same agreement again (preview, a rebuild, the benchmark) or agreements that share most
of their text (a region's build, a pack) much more.

Each patch replaces a function only when its source is the one it was written for (a
hash of WeasyPrint's source, `_EXPECTED`): a newer WeasyPrint is left as it is.
`engine.tune()` calls `install()`; DRAFTER_STOCK_WEASYPRINT=1 leaves everything stock.
"""

from __future__ import annotations

import copy
import operator
from collections.abc import Callable
from typing import Any

# sha256 (first 16 hex digits) of the source of every function whose behaviour a patch
# relies on, as in WeasyPrint 70.0.
_EXPECTED = {
    "weasyprint.text.line_break.split_first_line": "39ad1016863ca34d",
    "weasyprint.text.line_break.create_layout": "6587192cc0ab3ffa",
    "weasyprint.text.line_break.first_line_metrics": "55ec5d0b58b29a8b",
    "weasyprint.text.line_break.line_size": "03fa04fd51fc69aa",
    "weasyprint.text.line_break.Layout": "681b737d1ba5e004",
    "weasyprint.text.fonts.get_font_description": "85734b8947b9bf64",
    "weasyprint.layout.percent.percentage": "ebe404ccd9da50bf",
    "weasyprint.draw.text.draw_text": "ebaf96239c6ca363",
    "weasyprint.draw.text.draw_first_line": "1bb8eae6d88e71b1",
}
PATCHES = ("split cache", "drawn layouts")
_SPLIT_NEEDS = tuple(q for q in _EXPECTED if ".draw." not in q)

# Every style property that split_first_line and the functions it calls read (their
# `style['…']`, tests/test_engine.py checks the list against their source). The font
# configuration is the cache's home, so it is part of the key too.
_SPLIT_PROPERTIES = (
    "direction", "font_family", "font_feature_settings", "font_kerning",
    "font_language_override", "font_size", "font_stretch", "font_style",
    "font_variant_alternates", "font_variant_caps", "font_variant_east_asian",
    "font_variant_ligatures", "font_variant_numeric", "font_variant_position",
    "font_variation_settings", "font_weight", "hyphenate_character",
    "hyphenate_limit_chars", "hyphenate_limit_zone", "hyphens", "lang", "letter_spacing",
    "overflow_wrap", "tab_size", "text_decoration_line", "white_space", "word_break",
    "word_spacing",
)  # fmt: skip
# The values of those properties in a style, as a tuple (one C call, not a loop).
_split_values = operator.itemgetter(*_SPLIT_PROPERTIES)

# What Layout.setup and Layout.set_text leave on a layout (beside `style` and
# `first_line_direction`, which reactivating sets anew).
_DRAWN_ATTRIBUTES = (
    "layout", "language", "text", "ascent", "underline_position", "strikethrough_position",
    "underline_thickness", "strikethrough_thickness",
)  # fmt: skip

# Kept answers and layouts per font configuration; past this many a cache starts again.
# London's 30-area pack makes 4,195 answers and 3,569 layouts; a drawn layout holds its
# shaped glyphs, about 10 KB (that pack's layouts: about 40 MiB).
_SPLIT_LIMIT = 20_000
_DRAWN_LIMIT = 4_000


def _source_hash(qualified: str) -> str | None:
    module_name, _, name = qualified.rpartition(".")
    import importlib

    from .engine_style import source_hash

    try:
        function = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError):
        return None
    return source_hash(function) or None


def as_expected(*qualified: str) -> bool:
    """Whether WeasyPrint's functions `qualified` have the source the patches expect."""
    return all(q in _EXPECTED and _source_hash(q) == _EXPECTED[q] for q in qualified)


def cached_split(original: Callable[..., Any]) -> Callable[..., Any]:
    """`split_first_line` answering again from a cache of its results for the same input."""

    def split_first_line(
        text: str,
        style: Any,
        context: Any,
        max_width: float | None,
        justification_spacing: float,
        is_line_start: bool = True,
        minimum: bool = False,
    ) -> Any:
        key: tuple[Any, ...] | None = (
            text, max_width, justification_spacing, is_line_start, minimum, _split_values(style)
        )  # fmt: skip
        if not hasattr(style["hyphenate_limit_zone"], "unit"):
            key = None  # calc(): resolved against the style itself, not only these values
        cache = style.font_config.__dict__.get("_drafter_split")
        if cache is None:
            cache = style.font_config.__dict__["_drafter_split"] = {}
        try:
            found = None if key is None else cache.get(key)
        except TypeError:  # a value that cannot be a key
            found, key = None, None
        if found is None:
            found = original(
                text, style, context, max_width, justification_spacing, is_line_start, minimum
            )
            # The Pango layout engine_shape kept for drawing goes to this caller only:
            # the cache would keep every one alive.
            kept = found[0].__dict__.pop("_drafter_kept", None)
            if key is not None:
                if len(cache) >= _SPLIT_LIMIT:
                    cache.clear()
                cache[key] = found
            if kept is not None:
                layout = copy.copy(found[0])
                layout._drafter_kept = kept
                return (layout, *found[1:])
        return (copy.copy(found[0]), *found[1:])

    split_first_line.__wrapped__ = original  # type: ignore[attr-defined]
    split_first_line._drafter_cache = True  # type: ignore[attr-defined]
    return split_first_line


def _install_split_cache() -> bool:
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    original = line_break.split_first_line
    if hasattr(original, "_drafter_cache") or not as_expected(*_SPLIT_NEEDS):
        return False
    patched = cached_split(original)
    for module in (line_break, inline, preferred):
        if getattr(module, "split_first_line", None) is original:
            module.split_first_line = patched
    return True


class _Drawing:
    """Whether the text box being drawn may reuse a Pango layout (no ellipsis)."""

    reuse = False


def reused_reactivate(original: Callable[..., Any]) -> Callable[..., Any]:
    """`Layout.reactivate` taking the Pango layout of an earlier box drawn with the same
    text and style, when `draw_text` allows it, instead of making and shaping a new one."""

    from . import engine_shape

    def reactivate(self: Any, style: Any) -> None:
        if not _Drawing.reuse:
            self.__dict__.pop("_drafter_kept", None)
            original(self, style)
            return
        cache = style.font_config.__dict__.get("_drafter_drawn")
        if cache is None:
            cache = style.font_config.__dict__["_drafter_drawn"] = {}
        try:
            key = (self.text, self.justification_spacing, _split_values(style))
            found = cache.get(key)
        except TypeError:  # a value that cannot be a key
            self.__dict__.pop("_drafter_kept", None)
            original(self, style)
            return
        if found is None:
            if not engine_shape.kept_layout(self, style):  # the split's, else a new one
                original(self, style)
            if len(cache) >= _DRAWN_LIMIT:
                cache.clear()
            cache[key] = {n: self.__dict__[n] for n in _DRAWN_ATTRIBUTES if n in self.__dict__}
            return
        self.__dict__.pop("_drafter_kept", None)
        self.style = style
        self.first_line_direction = 0
        self.__dict__.update(found)

    reactivate.__wrapped__ = original  # type: ignore[attr-defined]
    return reactivate


def guarded_draw_text(original: Callable[..., Any]) -> Callable[..., Any]:
    """`draw_text` letting its box reuse a layout unless the line is ellipsized: only
    then does `draw_first_line` change the layout (its width, its text)."""

    def draw_text(
        stream: Any, textbox: Any, offset_x: float, text_overflow: str, block_ellipsis: Any
    ) -> None:
        _Drawing.reuse = text_overflow != "ellipsis" and block_ellipsis == "none"
        try:
            original(stream, textbox, offset_x, text_overflow, block_ellipsis)
        finally:
            _Drawing.reuse = False

    draw_text.__wrapped__ = original  # type: ignore[attr-defined]
    return draw_text


def _install_drawn_layouts() -> bool:
    from weasyprint import draw
    from weasyprint.draw import text
    from weasyprint.text import line_break

    original = text.draw_text
    if hasattr(original, "__wrapped__") or not as_expected(*_EXPECTED):
        return False
    if draw.draw_text is not original:
        return False
    patched = guarded_draw_text(original)
    text.draw_text = draw.draw_text = patched
    line_break.Layout.reactivate = reused_reactivate(line_break.Layout.reactivate)
    return True


def forget(font_config: Any) -> None:
    """Empty the kept splits and drawn layouts of `font_config` (and engine_draw's drawn
    lines, engine_shape's layout starts), as before its first PDF."""
    for name in ("_drafter_split", "_drafter_drawn", "_drafter_lines", "_drafter_starts"):
        font_config.__dict__.pop(name, None)


def install() -> dict[str, bool]:
    """Put in every patch whose WeasyPrint source is as expected; say which went in."""
    return {"split cache": _install_split_cache(), "drawn layouts": _install_drawn_layouts()}


def ab_slots(patch: str) -> list[tuple[Any, str, Any, Any]]:
    """(module, attribute, stock value, patched value) of an installed patch, for A/B."""
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    if patch == "split cache":
        patched = line_break.split_first_line
        stock = getattr(patched, "__wrapped__", patched)
        return [(m, "split_first_line", stock, patched) for m in (line_break, inline, preferred)]
    if patch == "drawn layouts":
        from weasyprint import draw
        from weasyprint.draw import text

        drawing = text.draw_text
        reactivate = line_break.Layout.reactivate
        return [
            (m, "draw_text", getattr(drawing, "__wrapped__", drawing), drawing)
            for m in (text, draw)
        ] + [(line_break.Layout, "reactivate", reactivate.__wrapped__, reactivate)]
    raise KeyError(patch)
