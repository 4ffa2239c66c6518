"""WeasyPrint's cost of starting every Pango layout taken out, the PDF unchanged byte for
byte (tests/test_engine.py, tests/test_engine_shape.py).

- Starting a layout: every `Layout` WeasyPrint makes (4,078 for the 34-page Northfleet
  agreement: each line split, each hyphenation try, each drawn text box) runs
  `Layout.setup`, which makes a new Pango context, sets its direction and language,
  builds a font description from the style, works out the font features and, for
  decorated text, asks Pango for the font's metrics. All of these follow from a few
  style properties (`_SETUP_PROPERTIES`) and the font configuration, and none is
  changed once made (a layout copies the font description it is given; WeasyPrint
  never changes a context after setup), so they are made once per font configuration
  and those properties, and every later layout of that style is made from them: a new
  Pango layout on the kept context, the kept description, a new attribute list holding
  the same feature attribute WeasyPrint would insert. A layout shapes its text from its
  context's settings and its own, which are the same values as before.

The patch replaces `Layout.setup` only when the source of every function it replaces or
relies on is the one it was written for (`EXPECTED`, WeasyPrint 70): a newer WeasyPrint
is left as it is. `engine.tune()` calls `install()`; DRAFTER_STOCK_WEASYPRINT=1 leaves
everything stock.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

from .engine_style import matches

# The source_hash of each function replaced (or relied on) here.
EXPECTED = {
    "weasyprint.text.line_break.Layout.setup": "fb227a55094f41d4",
    "weasyprint.text.fonts.get_font_description": "85734b8947b9bf64",
    "weasyprint.text.fonts.font_features": "e35741064c068852",
    "weasyprint.text.line_break.split_first_line": "39ad1016863ca34d",
    "weasyprint.text.line_break.create_layout": "6587192cc0ab3ffa",
    "weasyprint.text.line_break.first_line_metrics": "55ec5d0b58b29a8b",
    "weasyprint.text.line_break.Layout.set_text": "fe23ca9937dbf520",
    "weasyprint.text.line_break.Layout.reactivate": "0b89ee097104b713",
}
_SETUP_NEEDS = (
    "weasyprint.text.line_break.Layout.setup",
    "weasyprint.text.fonts.get_font_description",
    "weasyprint.text.fonts.font_features",
)

# What Pango takes for the end of a paragraph (and a little more): a text without any
# is laid out the same in single-paragraph mode, which drawing sets.
_PARAGRAPH_ENDS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

# Pango functions WeasyPrint does not declare, declared on its ffi when missing.
_DECLARED = (
    "gboolean pango_layout_is_wrapped (PangoLayout *layout);",
    "gboolean pango_layout_is_ellipsized (PangoLayout *layout);",
    "int pango_layout_get_line_count (PangoLayout *layout);",
)

PATCHES = ("quick setup", "kept layouts")

# Every style property Layout.setup reads (tests/test_engine_shape.py checks the list
# against its source and get_font_description's).
_SETUP_PROPERTIES = (
    "direction", "font_language_override", "lang", "font_family", "font_style",
    "font_stretch", "font_weight", "font_size", "font_variant_caps",
    "font_variation_settings", "text_decoration_line", "font_kerning",
    "font_variant_ligatures", "font_variant_position", "font_variant_numeric",
    "font_variant_alternates", "font_variant_east_asian", "font_feature_settings",
)  # fmt: skip
_setup_key = operator.itemgetter(*_SETUP_PROPERTIES)
# What set_text reads besides (a kept layout is drawn only for a style with the same).
_kept_values = operator.itemgetter(
    *_SETUP_PROPERTIES, "word_spacing", "letter_spacing", "overflow_wrap", "tab_size"
)

# Kept starts per font configuration (a few dozen styles in practice); past this many
# the cache starts again.
_SETUP_LIMIT = 2_000


def as_expected(*qualified: str) -> bool:
    """Whether WeasyPrint's functions `qualified` have the source the patches expect."""
    return matches(EXPECTED, *qualified)


class _Start:
    """What Layout.setup makes for one style: the same objects for every layout of it."""

    __slots__ = ("context", "description", "feature", "language", "metrics")

    def __init__(self, style: Any) -> None:
        from weasyprint.text import line_break
        from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION
        from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango, unicode_to_char_p
        from weasyprint.text.fonts import font_features

        # As Layout.setup does it, step by step.
        context = ffi.gc(
            pango.pango_font_map_create_context(style.font_config.font_map),
            gobject.g_object_unref,
        )
        pango.pango_context_set_round_glyph_positions(context, False)
        pango.pango_context_set_base_dir(context, PANGO_DIRECTION[style["direction"]])
        override = style["font_language_override"]
        if override != "normal":
            lang_p, lang = unicode_to_char_p(LST_TO_ISO.get(override.lower(), override))
        elif style["lang"]:
            lang_p, lang = unicode_to_char_p(style["lang"])
        else:
            lang = None
            self.language = pango.pango_language_get_default()
        if lang:
            self.language = pango.pango_language_from_string(lang_p)
            pango.pango_context_set_language(context, self.language)
        self.context = context
        self.description = line_break.get_font_description(style)
        self.metrics: tuple[float, ...] | None = None
        if style["text_decoration_line"] != "none":
            metrics = ffi.gc(
                pango.pango_context_get_metrics(context, self.description, self.language),
                pango.pango_font_metrics_unref,
            )
            self.metrics = tuple(
                FROM_UNITS * getter(metrics)
                for getter in (
                    pango.pango_font_metrics_get_ascent,
                    pango.pango_font_metrics_get_underline_position,
                    pango.pango_font_metrics_get_strikethrough_position,
                    pango.pango_font_metrics_get_underline_thickness,
                    pango.pango_font_metrics_get_strikethrough_thickness,
                )
            )
        features = font_features(
            style["font_kerning"], style["font_variant_ligatures"],
            style["font_variant_position"], style["font_variant_caps"],
            style["font_variant_numeric"], style["font_variant_alternates"],
            style["font_variant_east_asian"], style["font_feature_settings"],
        )  # fmt: skip
        self.feature = None
        if features:
            encoded = ",".join(f"{key} {value}" for key, value in features.items()).encode()
            kept = style.font_config.font_features
            if encoded not in kept:  # WeasyPrint's own cache of feature attributes
                kept[encoded] = pango.pango_attr_font_features_new(encoded)
            self.feature = kept[encoded]


def quick_setup(original: Callable[..., Any]) -> Callable[..., Any]:
    """`Layout.setup` making the layout from the context, font description, metrics and
    feature attribute kept for its style, instead of making them all again."""
    from weasyprint.text.ffi import ffi, gobject, pango

    def setup(self: Any, style: Any) -> None:
        cache = style.font_config.__dict__.get("_drafter_starts")
        if cache is None:
            cache = style.font_config.__dict__["_drafter_starts"] = {}
        try:
            key = _setup_key(style)
            start = cache.get(key)
        except TypeError:  # a value that cannot be a key
            original(self, style)
            return
        if start is None:
            if len(cache) >= _SETUP_LIMIT:
                cache.clear()
            start = cache[key] = _Start(style)
        self.style = style
        self.first_line_direction = 0
        self.language = start.language
        layout = self.layout = ffi.gc(pango.pango_layout_new(start.context), gobject.g_object_unref)
        pango.pango_layout_set_auto_dir(layout, False)
        pango.pango_layout_set_font_description(layout, start.description)
        if start.metrics is not None:
            (
                self.ascent,
                self.underline_position,
                self.strikethrough_position,
                self.underline_thickness,
                self.strikethrough_thickness,
            ) = start.metrics
        else:  # as WeasyPrint: the thicknesses are left as they were
            self.ascent = self.underline_position = self.strikethrough_position = None
        if start.feature is not None:
            attr_list = pango.pango_attr_list_new()
            pango.pango_attr_list_insert(attr_list, start.feature)
            pango.pango_layout_set_attributes(layout, attr_list)

    setup.__wrapped__ = original  # type: ignore[attr-defined]
    return setup


def _install_setup() -> bool:
    from weasyprint.text import line_break

    original = line_break.Layout.setup
    if hasattr(original, "__wrapped__") or not as_expected(*_SETUP_NEEDS):
        return False
    line_break.Layout.setup = quick_setup(original)
    return True


class _Split:
    """Whether the text being split has no paragraph end (nor has its hyphen)."""

    plain = False


def plain_split(original: Callable[..., Any]) -> Callable[..., Any]:
    """`split_first_line` telling `create_layout` whether its text has no paragraph end."""

    def split_first_line(text: str, style: Any, *args: Any, **kwargs: Any) -> Any:
        hyphen = style["hyphenate_character"]
        _Split.plain = not (_PARAGRAPH_ENDS.search(text) or _PARAGRAPH_ENDS.search(hyphen))
        try:
            return original(text, style, *args, **kwargs)
        finally:
            _Split.plain = False

    split_first_line.__wrapped__ = original  # type: ignore[attr-defined]
    return split_first_line


def single_paragraph(original: Callable[..., Any]) -> Callable[..., Any]:
    """`create_layout` putting a layout of a text with no paragraph end in the
    single-paragraph mode drawing puts it in (which changes nothing for such a text):
    then drawing can use it as it is, without laying it out again."""
    from weasyprint.text.ffi import pango

    def create_layout(
        text: str, style: Any, context: Any, max_width: Any, justification_spacing: Any
    ) -> Any:
        layout = original(text, style, context, max_width, justification_spacing)
        if _Split.plain:
            pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
            layout._drafter_plain = True
        return layout

    create_layout.__wrapped__ = original  # type: ignore[attr-defined]
    return create_layout


def kept_metrics(original: Callable[..., Any]) -> Callable[..., Any]:
    """`first_line_metrics` keeping the Pango layout it measured, when it holds exactly
    what drawing the box would make: its text on one line, not wrapped nor ellipsized,
    in single-paragraph mode, no letter or word spacing (whose attributes set_text puts
    at the spaces of each text it was given) and no tabs. The attribute overflow-wrap
    adds (no hyphens inserted) covers every text set_text was given, the last one too:
    the same for it. The layout is deactivated as before; `kept_layout` gives it to the
    drawing of the same text."""

    def first_line_metrics(
        first_line: Any, text: str, layout: Any, *args: Any, **kwargs: Any
    ) -> Any:
        pango_layout, language = layout.layout, layout.language
        style = layout.style
        found = original(first_line, text, layout, *args, **kwargs)
        if layout.__dict__.get("_drafter_plain") and _drawable(layout, style, pango_layout):
            layout._drafter_kept = (pango_layout, language, layout.text, style)
        return found

    first_line_metrics.__wrapped__ = original  # type: ignore[attr-defined]
    return first_line_metrics


def _drawable(layout: Any, style: Any, pango_layout: Any) -> bool:
    """Whether the Pango layout a split measured is what drawing its text would make."""
    from weasyprint.text.ffi import pango

    return bool(
        not style["word_spacing"]
        and style["letter_spacing"] == "normal"
        and "\t" not in layout.text
        and pango.pango_layout_get_line_count(pango_layout) == 1
        and not pango.pango_layout_is_wrapped(pango_layout)
        and not pango.pango_layout_is_ellipsized(pango_layout)
    )


def kept_layout(layout: Any, style: Any) -> bool:
    """Give `layout` (a Layout being reactivated to draw) the Pango layout its split kept,
    when that is what reactivating would make: the same text, no justification spacing,
    a style with the same values of every property setup and set_text read. Say whether
    it did; either way the kept layout is let go."""
    kept = layout.__dict__.pop("_drafter_kept", None)
    if kept is None or not _same_drawing(layout, kept, style):
        return False
    pango_layout, language, _text, _style = kept
    layout.style = style
    layout.first_line_direction = 0
    layout.layout, layout.language = pango_layout, language
    return True


def _same_drawing(layout: Any, kept: tuple[Any, ...], style: Any) -> bool:
    """Whether reactivating `layout` in `style` would make the kept Pango layout again."""
    if kept[2] != layout.text or layout.justification_spacing:
        return False  # set_text would add the justification to the word spacing
    return kept[3] is style or _kept_values(kept[3]) == _kept_values(style)


def _declare() -> bool:
    from cffi import FFIError  # type: ignore[import-untyped]
    from weasyprint.text.ffi import ffi, pango

    for declaration in _DECLARED:
        name = declaration.split("(")[0].split()[-1]
        if not hasattr(pango, name):
            try:
                ffi.cdef(declaration)
            except FFIError:
                return False
    return all(hasattr(pango, d.split("(")[0].split()[-1]) for d in _DECLARED)


def _install_kept() -> bool:
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    split = line_break.split_first_line
    if hasattr(split, "__wrapped__") or not as_expected(*EXPECTED) or not _declare():
        return False
    patched = plain_split(split)
    for module in (line_break, inline, preferred):
        if getattr(module, "split_first_line", None) is split:
            module.split_first_line = patched
    line_break.create_layout = single_paragraph(line_break.create_layout)
    line_break.first_line_metrics = kept_metrics(line_break.first_line_metrics)
    return True


def install() -> dict[str, bool]:
    """Put in every patch whose WeasyPrint source is as expected; say which went in."""
    return {"quick setup": _install_setup(), "kept layouts": _install_kept()}


def ab_slots(patch: str) -> list[tuple[Any, str, Any, Any]]:
    """(owner, attribute, stock value, patched value) of an installed patch, for A/B."""
    from weasyprint.text import line_break

    if patch == "quick setup":
        patched = line_break.Layout.setup
        return [(line_break.Layout, "setup", getattr(patched, "__wrapped__", patched), patched)]
    if patch == "kept layouts":
        return [
            (line_break, name, getattr(value, "__wrapped__", value), value)
            for name in ("create_layout", "first_line_metrics")
            for value in [getattr(line_break, name)]
        ]
    raise KeyError(patch)
