"""WeasyPrint's layout, with three of its per-box costs taken out (the PDF the same,
byte for byte: tests/test_engine.py, tests/test_engine_layout.py).

- Used lengths: `resolve_percentages` turns fourteen computed lengths of a box (margins,
  padding, widths, heights) into used values against its containing block, about 13,000
  times for a 34-page agreement, although most boxes share their computed lengths with
  many others (every cell of a column, every paragraph of a part) and sit in containing
  blocks of a few widths. The answer depends only on those computed values, the
  containing block's width and height, whether the box is a page, and `box-sizing`
  (when it is `content-box` nothing is taken off for padding and borders); so it is
  kept and set again on the next such box in one step. Borders are set as WeasyPrint
  does, every time (a collapsed border is the table's, not the style's). A box whose
  lengths use a math function (`calc()`, resolved against its own font), or whose
  containing block is 0 wide or high (so that -0 and 0 never meet), is worked out
  anew.
- Floats: `avoid_collisions` places each line box (10,800 calls) beside the floats
  around it, measuring the box and building lists of floats on the left and right
  first. The bundled templates have no floats: with none on the page (no excluded
  shapes), the line box simply goes at its containing block's content edge, which is
  worked out here with the same arithmetic in the same order, and any other box, or
  any page with a float, is given to WeasyPrint's function.
- Struts: `strut` gives the height and baseline of a style's line (7,600 calls), and
  keeps them per font, but finds them by a key it makes each time as the text of
  fourteen font properties, the size and the line height. A style's properties never
  change once computed (WeasyPrint copies a style before it alters one), so the answer
  is also kept on the style itself and handed back at once when the same style asks
  again.

Tried and left out: merging the declarations of each set of matched rules once per
document in the cascade (Northfleet's 3,087 elements match only 89 sets) gained no
measurable time (a copy of WeasyPrint's `StyleFor.__init__` for about 10 ms).

Each patch goes in only when the WeasyPrint functions it replaces or relies on have the
source it was written against (`EXPECTED`); `engine.tune()` calls `install()`;
DRAFTER_STOCK_WEASYPRINT=1 leaves WeasyPrint as it is.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from .engine_style import original, source_hash

# The source_hash of each function replaced or relied on, as in WeasyPrint 70.
EXPECTED = {
    "resolve_percentages": "71673078096fcf87",
    "percentage": "ebe404ccd9da50bf",
    "adjust_box_sizing": "88f3351db0280d16",
    "avoid_collisions": "5fc7793c573af328",
    "Box.content_box_x": "d264fc466c66eb09",
    "Box.border_box_y": "0191b81e1616d73e",
    "strut": "b57885b70dd08efe",
    "_font_style_cache_key": "d6b09d54b8258d58",
}

# The used lengths resolve_percentages sets (before the borders), and what else its
# answer depends on in the style.
_LENGTHS = (
    "margin_left", "margin_right", "margin_top", "margin_bottom",
    "padding_left", "padding_right", "padding_top", "padding_bottom",
    "width", "min_width", "max_width", "height", "min_height", "max_height",
)  # fmt: skip
_KEY = itemgetter(*_LENGTHS, "box_sizing")
_BORDERS = ("border_top_width", "border_right_width", "border_bottom_width", "border_left_width")
_PLAIN_UNITS = frozenset({"px", "%"})
# Kept answers, for the life of the process (each a pure function of its key); past this
# many the memo starts again. Northfleet keeps 351, London's pack 788.
_LENGTHS_LIMIT = 20_000


def _plain(values: tuple[Any, ...]) -> bool:
    """Whether every computed length is `auto`, absent or in px or % (no math function)."""
    return all(
        value is None or isinstance(value, str) or getattr(value, "unit", None) in _PLAIN_UNITS
        for value in values
    )


def kept_lengths(resolve: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
    """`resolve_percentages` setting again the used lengths of an earlier box with the same
    computed lengths in a containing block of the same size."""
    from weasyprint.formatting_structure.boxes import Box, PageBox

    memo: dict[tuple[Any, ...], dict[str, Any]] = {}

    def resolve_percentages(box: Any, containing_block: Any) -> None:
        if isinstance(containing_block, Box):
            width, height = containing_block.width, containing_block.height
        else:
            width, height = containing_block
        style = box.style
        values = _KEY(style)
        key = (values, width, height, isinstance(box, PageBox))
        try:
            found = memo.get(key)
        except TypeError:  # a value that cannot be a key
            resolve(box, containing_block)
            return
        if found is None:
            resolve(box, containing_block)
            if values[-1] == "content-box" and width and height and _plain(values[:-1]):
                if len(memo) >= _LENGTHS_LIMIT:
                    memo.clear()
                memo[key] = {name: getattr(box, name) for name in _LENGTHS}
            return
        box.__dict__.update(found)
        collapse = style["border_collapse"] == "collapse"
        for name in _BORDERS:
            if not (collapse and hasattr(box, name)):
                setattr(box, name, style[name])

    resolve_percentages.__wrapped__ = resolve  # type: ignore[attr-defined]
    return resolve_percentages


def line_beside_no_floats(avoid: Callable[..., Any]) -> Callable[..., Any]:
    """`avoid_collisions` placing a line box at once when there are no floats."""
    from weasyprint.formatting_structure.boxes import LineBox

    def avoid_collisions(context: Any, box: Any, containing_block: Any, outer: bool = True) -> Any:
        if context.excluded_shapes or type(box) is not LineBox:
            return avoid(context, box, containing_block, outer)
        position_y = box.position_y if outer else box.border_box_y()
        if box.border_height() == 0 and box.is_floated():
            return 0, position_y, containing_block.width
        max_left_bound = containing_block.content_box_x()
        max_right_bound = max_left_bound + containing_block.width
        if not outer:
            max_left_bound += box.margin_left
            max_right_bound -= box.margin_right
        position_x = max_left_bound
        if box.style["float"] == "none" and containing_block.style["direction"] == "rtl":
            position_x = max_right_bound  # a line starts at the cursor, on the right
        available_width = max_right_bound - max_left_bound
        if not outer:
            position_x -= box.margin_left
            position_y -= box.margin_top
        return position_x, position_y, available_width

    avoid_collisions.__wrapped__ = avoid  # type: ignore[attr-defined]
    return avoid_collisions


def strut_kept_on_the_style(strut: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`strut` answering again from the style it was asked for before."""

    def kept_strut(style: Any) -> Any:
        kept = style.__dict__.get("_drafter_strut")
        if kept is None:
            kept = style.__dict__["_drafter_strut"] = strut(style)
        return kept

    kept_strut.__wrapped__ = strut  # type: ignore[attr-defined]
    return kept_strut


def _expected(name: str, function: Any) -> bool:
    return EXPECTED.get(name, "-") == source_hash(function)


PATCHES = ("used lengths", "floats", "struts")


def _modules(name: str, value: Any) -> list[Any]:
    """The WeasyPrint modules that hold `value` under `name` (each imported it by name)."""
    return [
        module
        for module_name, module in list(sys.modules.items())
        if module_name.startswith("weasyprint.") and getattr(module, name, None) is value
    ]


def _plan() -> dict[str, tuple[Any, str, Callable[[Any], Any], dict[str, Any]]]:
    """Each patch: the module it goes in (and every module that imported the name from
    it), the name, what makes it from WeasyPrint's function, and every function whose
    source it relies on (by its EXPECTED name)."""
    from weasyprint.formatting_structure.boxes import Box
    from weasyprint.layout import float as floats
    from weasyprint.layout import percent
    from weasyprint.text import line_break

    return {
        "used lengths": (percent, "resolve_percentages", kept_lengths, {
            "resolve_percentages": original(percent, "resolve_percentages"),
            "percentage": percent.percentage,
            "adjust_box_sizing": percent.adjust_box_sizing,
        }),
        "floats": (floats, "avoid_collisions", line_beside_no_floats, {
            "avoid_collisions": floats.avoid_collisions,
            "Box.content_box_x": Box.content_box_x,
            "Box.border_box_y": Box.border_box_y,
        }),
        "struts": (line_break, "strut", strut_kept_on_the_style, {
            "strut": line_break.strut,
            "_font_style_cache_key": line_break._font_style_cache_key,
        }),
    }  # fmt: skip


def install(patches: tuple[str, ...] = PATCHES) -> dict[str, bool]:
    """Put in each patch (of `patches`) whose WeasyPrint source is as expected; say which."""
    plan = _plan()
    done = {}
    for patch in patches:
        home, name, make, needs = plan[patch]
        current = getattr(home, name)
        done[patch] = not hasattr(current, "__wrapped__") and all(
            _expected(needed, function) for needed, function in needs.items()
        )
        if done[patch]:
            patched = make(current)
            for owner in _modules(name, current):
                setattr(owner, name, patched)
    return done


def ab_slots(patch: str) -> list[tuple[Any, str, Any, Any]]:
    """(module, attribute, stock value, patched value) of an installed patch, for A/B."""
    home, name, _make, _needs = _plan()[patch]
    patched = getattr(home, name)
    stock = getattr(patched, "__wrapped__", patched)
    return [(owner, name, stock, patched) for owner in _modules(name, patched)]
