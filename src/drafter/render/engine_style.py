"""Computed styles and used lengths in WeasyPrint, worked out with fewer steps.

WeasyPrint computes each element's style lazily, one property at a time, through
`ComputedStyle.__missing__`: about 128,000 calls for a 34-page agreement, nine in ten
for a property the element's rules do not set, whose value is the parent's (inherited)
or the initial one. Each call still goes through every step a declared value needs
(logical properties, `var()`, math functions, text decorations). The version here
answers those cases at once (keeping the side effects WeasyPrint's has: `direction`
read for a physical property, the specified `position` and `float` kept for
`display`) and hands the rest, 12,000 calls, to WeasyPrint's own function.

`resolve_percentages` turns fifteen computed lengths of a box into used values, about
13,000 times per agreement, through two calls per property; the version here does the
same arithmetic, in the same order, with none, and hands a math function to
WeasyPrint's `percentage`. `resolve_radii_percentages` (11,000 calls) no longer makes
each corner's name again, and `Box.is_in_normal_flow` (52,000 calls) makes its five
tests inline instead of through five methods.

WeasyPrint already shares one computed style between siblings whose rules are the
same (StyleFor), so styles are not shared again here. Each replacement is installed
only when the functions it replaces, or relies on, have the source it was written
against (WeasyPrint 70; `EXPECTED`): another version keeps its own. The PDFs are the
same, byte for byte (tests/test_engine.py, tests/test_engine_style.py);
DRAFTER_STOCK_WEASYPRINT=1 leaves WeasyPrint as it is.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import sys
from collections.abc import Callable
from math import inf
from typing import Any

# The source_hash of each function replaced (or relied on) here, as WeasyPrint 70 has it.
EXPECTED = {
    "ComputedStyle.__missing__": "b318d8efc8ac79d7",
    "resolve_percentages": "71673078096fcf87",
    "resolve_one_percentage": "4cfaa9ad134e4f7b",
    "percentage": "ebe404ccd9da50bf",
    "resolve_radii_percentages": "4980b3798c671710",
    "Box.is_in_normal_flow": "5f49d6ab23da7e51",
    "Box.is_floated": "6e6071b81868ea92",
    "Box.is_absolutely_positioned": "397e0c33b3087681",
    "Box.is_running": "1c451d5c39f4a663",
    "Box.is_footnote": "3550ea0c86860187",
    "Box.is_note": "2651f1110437e2e3",
}


def source_hash(function: Callable[..., Any]) -> str:
    """The first 16 hex digits of the SHA-256 of a function's source text (empty when the
    source cannot be read)."""
    try:
        text = inspect.getsource(function)
    except (OSError, TypeError):
        return ""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _find(qualified: str) -> Any:
    """The module attribute a dotted name stands for (`pkg.module.Class.method`), or None."""
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


def matches(expected: dict[str, str], *qualified: str) -> bool:
    """Whether the functions `qualified` have the source hashes `expected` gives them."""
    for name in qualified:
        function = _find(name)
        if name not in expected or function is None:
            return False
        if source_hash(getattr(function, "__wrapped__", function)) != expected[name]:
            return False
    return True


def _expected(name: str, function: Callable[..., Any]) -> bool:
    return EXPECTED.get(name, "-") == source_hash(function)


def _style_missing(original: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    """ComputedStyle.__missing__ answering undeclared inherited and initial properties."""
    from weasyprint.css.computed_values import COMPUTER_FUNCTIONS, PHYSICAL_FUNCTIONS
    from weasyprint.css.functions import check_math
    from weasyprint.css.properties import INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES

    # What WeasyPrint's function treats apart, even when nothing declares it.
    special = {"position", "float", "display", "page"}
    simple = {
        key
        for key in INITIAL_VALUES
        if key not in special
        and not key.startswith(("text_decoration_", "__"))
        and not check_math(INITIAL_VALUES[key])
    }
    inherited = frozenset(simple & INHERITED)
    # Initial values used as they are, and those computed first (border widths: 0
    # without a border style), each with its computer.
    initial = {key: INITIAL_VALUES[key] for key in simple - INHERITED - INITIAL_NOT_COMPUTED}
    computed = {
        key: (INITIAL_VALUES[key], COMPUTER_FUNCTIONS.get(key, _same))
        for key in (simple - INHERITED) & INITIAL_NOT_COMPUTED
    }
    # Specified values WeasyPrint keeps to compute `display` (`float` reads `position`).
    plain = set(INITIAL_VALUES) - INHERITED - INITIAL_NOT_COMPUTED - set(PHYSICAL_FUNCTIONS)
    kept = {key: INITIAL_VALUES[key] for key in ("position", "float") if key in plain}
    page = "page" in plain and INITIAL_VALUES["page"] == "auto" and "page" not in COMPUTER_FUNCTIONS
    # The logical properties that may stand for a physical one, in either direction.
    logical = {
        key: frozenset(function(block="ttb", inline=way) for way in ("ltr", "rtl"))
        for key, function in PHYSICAL_FUNCTIONS.items()
    }

    def __missing__(self: Any, key: str) -> Any:
        cascaded = self.cascaded
        if key in cascaded:
            return original(self, key)
        sides = logical.get(key)
        if sides is not None:
            if not sides.isdisjoint(cascaded):
                return original(self, key)
            self["direction"]  # as WeasyPrint's function, which reads it here
        if key in inherited:
            parent = self.parent_style
            if parent is None:
                return original(self, key)
            value = parent[key]
            if check_math(value):
                return original(self, key)
            self[key] = value
            return value
        if key in initial:
            value = self[key] = initial[key]
            return value
        if key in computed:
            value, compute = computed[key]
            value = self[key] = compute(self, key, value)
            return value
        if key in kept:
            if key == "float":
                self["position"]
            value = self[key] = self.specified[key] = kept[key]
            return value
        if key == "page" and page and self.parent_style is not None:
            # `auto`, whose used value is the parent's.
            value = self[key] = self.parent_style[key]
            if not check_math(value):
                return value
            del self[key]
        return original(self, key)

    return __missing__


def _same(style: Any, key: str, value: Any) -> Any:
    """The computer of a property whose initial value is used as it is."""
    return value


# The used lengths of a box, in WeasyPrint's order: each with what 100% refers to,
# the containing block's width (0) or, for margins and padding, the width again except
# on a page (1); the heights come after, and depend on whether the block's height is known.
_LENGTHS = (
    ("margin_left", 0),
    ("margin_right", 0),
    ("margin_top", 1),
    ("margin_bottom", 1),
    ("padding_left", 0),
    ("padding_right", 0),
    ("padding_top", 1),
    ("padding_bottom", 1),
    ("width", 0),
    ("min_width", 0),
    ("max_width", 0),
)
_MINIMA = ("min_width", "min_height")  # `auto` is used as 0
_BORDERS = ("border_top_width", "border_right_width", "border_bottom_width", "border_left_width")


def _percentages(percent: Any) -> Callable[[Any, Any], None]:
    """resolve_percentages doing WeasyPrint's arithmetic without two calls per property."""
    from weasyprint.css.functions import check_math
    from weasyprint.formatting_structure.boxes import Box, PageBox

    percentage = percent.percentage
    adjust_box_sizing = percent.adjust_box_sizing

    def resolve(box: Any, style: Any, name: str, refer_to: Any) -> None:
        # percentage() and resolve_one_percentage(), inline: the same steps, in order.
        value = style[name]
        if value is not None and value != "auto":
            unit = getattr(value, "unit", None)
            if unit is None:
                value = percentage(value, style, refer_to)
            elif unit == "%":
                value = refer_to * value.value / 100
            else:
                value = value.value
        if value == "auto" and name in _MINIMA:
            value = 0
        setattr(box, name, value)

    def resolve_percentages(box: Any, containing_block: Any) -> None:
        """Set used values as attributes of the box object."""
        if isinstance(containing_block, Box):
            cb_width = containing_block.width
            cb_height = containing_block.height
        else:
            cb_width, cb_height = containing_block
        refer = (cb_width, cb_height if isinstance(box, PageBox) else cb_width)
        style = box.style
        for name, axis in _LENGTHS:
            resolve(box, style, name, refer[axis])
        if cb_height == "auto":
            height = style["height"]
            if height == "auto" or check_math(height) or height.unit == "%":
                box.height = "auto"
            else:
                assert height.unit.lower() == "px"
                box.height = height.value
            resolve(box, style, "min_height", 0)
            resolve(box, style, "max_height", inf)
        else:
            resolve(box, style, "height", cb_height)
            resolve(box, style, "min_height", cb_height)
            resolve(box, style, "max_height", cb_height)
        collapse = style["border_collapse"] == "collapse"
        for name in _BORDERS:
            if not (collapse and hasattr(box, name)):
                setattr(box, name, style[name])
        adjust_box_sizing(box, "width")
        adjust_box_sizing(box, "height")

    return resolve_percentages


_RADII = "resolve_radii_percentages"
_CORNERS = tuple(
    (f"border_{corner}_radius", tuple(corner.split("_")))
    for corner in ("top_left", "top_right", "bottom_right", "bottom_left")
)


def _radii(percent: Any) -> Callable[[Any], None]:
    """resolve_radii_percentages without making each corner's name and sides again."""
    percentage = percent.percentage

    def resolve_radii_percentages(box: Any) -> None:
        style = box.style
        for name, sides in _CORNERS:
            rx, ry = style[name]
            if (0, "px") in (rx, ry):  # the common case, as WeasyPrint's shortcut
                setattr(box, name, (0, 0))
                continue
            removed = box.remove_decoration_sides
            if sides[0] in removed or sides[1] in removed:
                setattr(box, name, (0, 0))
            else:
                rx = percentage(rx, style, box.border_width())
                ry = percentage(ry, style, box.border_height())
                setattr(box, name, (rx, ry))

    return resolve_radii_percentages


_FLOATS = ("left", "right", "inline-start", "inline-end")
_ABSOLUTE = ("absolute", "fixed")


def _in_normal_flow(self: Any) -> bool:
    """Box.is_in_normal_flow with its five tests inline, in their order (no method calls)."""
    style = self.style
    return not (
        style["float"] in _FLOATS
        or style["position"] in _ABSOLUTE
        or style["position"][0] == "running()"
        or style["float"] == "footnote"
        or style["position"][0] == "note()"
    )


# (object, attribute) → WeasyPrint's own value, for each replacement installed.
_ORIGINALS: dict[tuple[Any, str], Any] = {}


def _put(owner: Any, name: str, value: Any) -> None:
    _ORIGINALS.setdefault((owner, name), getattr(owner, name))
    setattr(owner, name, value)


PATCHES = ("styles", "percentages", "normal flow")


def install(patches: tuple[str, ...] = PATCHES) -> None:
    """Put the faster functions in WeasyPrint, each only where it finds what it expects
    (`patches` names some of them, to measure one at a time)."""
    from weasyprint import css, layout
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import percent

    current = css.ComputedStyle.__dict__["__missing__"]
    if "styles" in patches and _expected("ComputedStyle.__missing__", current):
        _put(css.ComputedStyle, "__missing__", _style_missing(current))
    lengths = ("resolve_percentages", "resolve_one_percentage", "percentage")
    if "percentages" in patches and all(_expected(n, getattr(percent, n)) for n in lengths):
        _everywhere(layout, "resolve_percentages", _percentages(percent))
        if _expected(_RADII, getattr(percent, _RADII)):
            _everywhere(layout, _RADII, _radii(percent))
    flow = [f"is_{test}" for test in ("in_normal_flow", "floated", "absolutely_positioned")]
    flow += ["is_running", "is_footnote", "is_note"]
    # Valid only while no kind of box has tests of its own.
    if (
        "normal flow" in patches
        and all(_expected(f"Box.{name}", boxes.Box.__dict__.get(name, _none)) for name in flow)
        and not any(name in kind.__dict__ for kind in _kinds(boxes.Box) for name in flow)
    ):
        _put(boxes.Box, "is_in_normal_flow", _in_normal_flow)


def _everywhere(package: Any, name: str, faster: Any) -> None:
    """Put `faster` for the function `name` of every module of `package` that has it
    (the layout modules import it by name, each keeping its own reference)."""
    original = getattr(sys.modules[f"{package.__name__}.percent"], name)
    prefix = package.__name__ + "."
    for module_name, module in list(sys.modules.items()):
        if module_name.startswith(prefix) and getattr(module, name, None) is original:
            _put(module, name, faster)


def _none() -> None: ...


def _kinds(cls: type) -> list[type]:
    """Every subclass of `cls`, at any depth."""
    below: list[type] = cls.__subclasses__()
    return [*below, *(k for sub in below for k in _kinds(sub))]


def original(owner: Any, name: str) -> Any:
    """WeasyPrint's own value of `owner.name`, whether or not install() replaced it."""
    return _ORIGINALS.get((owner, name), getattr(owner, name))


def installed() -> list[str]:
    """What install() replaced, as `module.attribute` (for tests and benchmarks)."""
    return sorted(
        f"{o.__module__}.{o.__qualname__}.{n}" if isinstance(o, type) else f"{o.__name__}.{n}"
        for o, n in _ORIGINALS
    )


def uninstall() -> None:
    """Give WeasyPrint its own functions back (to compare with and without install())."""
    while _ORIGINALS:
        (owner, name), value = _ORIGINALS.popitem()
        setattr(owner, name, value)
