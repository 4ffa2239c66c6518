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
from collections.abc import Callable
from typing import Any

from .engine_style import source_hash

# The source_hash of each function replaced (or relied on) here.
EXPECTED = {
    "weasyprint.text.line_break.Layout.setup": "fb227a55094f41d4",
    "weasyprint.text.fonts.get_font_description": "85734b8947b9bf64",
    "weasyprint.text.fonts.font_features": "e35741064c068852",
}

PATCHES = ("quick setup",)

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

# Kept starts per font configuration (a few dozen styles in practice); past this many
# the cache starts again.
_SETUP_LIMIT = 2_000


def _find(qualified: str) -> Any:
    import importlib

    parts = qualified.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            found: Any = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for name in parts[split:]:
                found = getattr(found, name)
        except AttributeError:
            return None
        return found
    return None


def as_expected(*qualified: str) -> bool:
    """Whether WeasyPrint's functions `qualified` have the source the patch expects."""
    for name in qualified:
        function = _find(name)
        if name not in EXPECTED or function is None or source_hash(function) != EXPECTED[name]:
            return False
    return True


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
    if hasattr(original, "__wrapped__") or not as_expected(*EXPECTED):
        return False
    line_break.Layout.setup = quick_setup(original)
    return True


def install() -> dict[str, bool]:
    """Put in every patch whose WeasyPrint source is as expected; say which went in."""
    return {"quick setup": _install_setup()}


def ab_slots(patch: str) -> list[tuple[Any, str, Any, Any]]:
    """(owner, attribute, stock value, patched value) of an installed patch, for A/B."""
    from weasyprint.text import line_break

    if patch == "quick setup":
        patched = line_break.Layout.setup
        return [(line_break.Layout, "setup", getattr(patched, "__wrapped__", patched), patched)]
    raise KeyError(patch)
