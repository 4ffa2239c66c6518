"""The faster style and length functions put in WeasyPrint give WeasyPrint's own results."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from drafter.render import engine_layout, engine_style
from drafter.render.engine import import_weasyprint, stock


@pytest.fixture(autouse=True)
def _tuned_as_before() -> Iterator[None]:
    """Each test here takes the style patches out and puts them back; engine_layout's
    patch of the same function (resolve_percentages) goes back on top, as engine.tune
    puts it, so later tests find WeasyPrint tuned as a command finds it."""
    yield
    if not stock():
        engine_layout.install()


# CSS that takes each path of WeasyPrint's style and length functions: declared, inherited
# and initial values, logical properties in both directions, var(), math functions (one
# inherited with a percentage left in it), text decorations, named pages, floats,
# positioning, collapsed borders, percentages of a known and an unknown height,
# box-sizing, radii, markers, pseudo-elements and a first line.
TRICKY = """<!DOCTYPE html>
<html lang="en"><head><style>
@page { size: A5; margin: 10%; @top-center { content: "Northfleet"; } }
@page wide { size: A5 landscape; }
:root { --gap: 3mm; font-size: 11pt; }
body { margin-inline-start: var(--gap); padding-block: 2%; text-indent: calc(5% + 2px); }
.rtl { direction: rtl; margin-inline-end: 4%; padding-inline-start: 1em; }
.box { box-sizing: border-box; width: 50%; padding: 5% 1em; border: 2px solid;
       min-height: 20%; max-width: calc(100% - 2em); border-radius: 10% / 5px; }
.pad { box-sizing: padding-box; width: 40%; padding: 3%; min-width: auto; }
.float { float: left; width: 30%; margin-right: 2%; }
.end { float: inline-end; width: 20%; }
.abs { position: absolute; top: 10%; left: 5%; width: 25%; height: 15%; }
.rel { position: relative; top: 1em; }
.under { text-decoration: underline; } .under em { text-decoration: line-through; }
table { border-collapse: collapse; width: 80%; } td { padding: 2%; border: 1px solid; }
td.h { height: 3em; width: calc(20% + 1px); }
.wide { page: wide; }
li::marker { color: red; } p.note::before { content: "Note: "; }
p::first-line { font-weight: bold; }
.inset { inset-inline-start: 1em; position: relative; inline-size: 60%; }
.bad { width: var(--missing); }
</style></head><body>
<p class="note">Targets for 2008–11, <span class="under">some <em>struck</em></span>.</p>
<div class="box">A box <div class="pad">padded</div></div>
<div class="float">floated</div><div class="end">at the end</div>
<p class="rtl">من اليمين <span class="rel">relative</span></p>
<div style="position: relative; height: 5cm"><div class="abs">absolute</div></div>
<table><tr><td class="h">1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>
<ul><li>one</li><li>two</li></ul>
<div class="wide"><p lang="fr">Une page large</p></div>
<p class="inset bad">inset</p>
<a href="#x" id="x">link</a>
</body></html>
"""


@pytest.fixture
def weasyprint() -> Iterator[Any]:
    """WeasyPrint with the patches installed again after each test (unless stock())."""
    module = import_weasyprint()
    yield module
    engine_style.uninstall()
    if not stock():
        engine_style.install()


def _pdf(weasyprint: Any, html: str) -> bytes:
    document = weasyprint.HTML(string=html).render()
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)  # type: ignore[no-any-return]


def _all_styles(weasyprint: Any, html: str) -> list[dict[str, Any]]:
    """Every property of every element's (and pseudo-element's) style, and the anonymous
    style of each, as the style functions in place compute them."""
    from weasyprint.css import get_all_computed_styles
    from weasyprint.css.properties import INITIAL_VALUES

    document = weasyprint.HTML(string=html)
    styles = get_all_computed_styles(document, user_stylesheets=[], forms=False)
    out = []
    for (element, pseudo), style in styles.get_computed_styles().items():
        if isinstance(element, str):
            continue  # page styles are made during layout
        out.append({"@": (getattr(element, "tag", ""), pseudo)} | _values(style, INITIAL_VALUES))
        out.append(_values(style.anonymous_style, INITIAL_VALUES))
    return out


def _values(style: Any, keys: Any) -> dict[str, Any]:
    """Each property's value, or the exception computing it raises (WeasyPrint cannot
    compute a few properties it never asks for, such as logical border widths)."""
    out = {}
    for key in keys:
        try:
            out[key] = _comparable(style[key])
        except Exception as e:
            out[key] = type(e).__name__
    return out


def _comparable(value: Any) -> Any:
    """A value that compares equal to the same value parsed again (tinycss2's tokens
    compare by identity: they are compared by their CSS text)."""
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, *map(_comparable, value))
    if hasattr(value, "serialize"):
        return ("css", value.serialize())
    return value


@pytest.mark.skipif(stock(), reason="DRAFTER_STOCK_WEASYPRINT=1: nothing is installed")
def test_every_patch_is_installed_for_weasyprint_70(weasyprint: Any) -> None:
    assert weasyprint.__version__ == "70.0", "check engine_style.EXPECTED for this version"
    names = engine_style.installed()
    assert "weasyprint.css.ComputedStyle.__missing__" in names
    assert "weasyprint.formatting_structure.boxes.Box.is_in_normal_flow" in names
    for module in ("percent", "block", "inline", "table", "page", "float", "absolute"):
        assert f"weasyprint.layout.{module}.resolve_percentages" in names


def test_the_computed_styles_are_weasyprints(weasyprint: Any) -> None:
    engine_style.uninstall()
    own = _all_styles(weasyprint, TRICKY)
    engine_style.install()
    assert len(engine_style.installed()) > 3
    faster = _all_styles(weasyprint, TRICKY)
    assert len(own) > 60
    assert [sorted(s) for s in own] == [sorted(s) for s in faster]
    assert own == faster


def test_the_pdfs_are_weasyprints_byte_for_byte(weasyprint: Any) -> None:
    engine_style.uninstall()
    own = _pdf(weasyprint, TRICKY)
    for patch in engine_style.PATCHES:
        engine_style.uninstall()
        engine_style.install((patch,))
        assert engine_style.installed(), patch
        assert _pdf(weasyprint, TRICKY) == own, f"{patch} changed the PDF"
    engine_style.uninstall()
    engine_style.install()
    assert _pdf(weasyprint, TRICKY) == own


_USED = (
    "margin_top", "margin_right", "margin_bottom", "margin_left",
    "padding_top", "padding_right", "padding_bottom", "padding_left",
    "border_top_width", "border_right_width", "border_bottom_width", "border_left_width",
    "width", "height", "min_width", "max_width", "min_height", "max_height",
    "position_x", "position_y",
    "border_top_left_radius", "border_top_right_radius",
    "border_bottom_right_radius", "border_bottom_left_radius",
)  # fmt: skip


def _used_lengths(weasyprint: Any, html: str) -> list[tuple[Any, ...]]:
    """The used lengths of every box laid out, exactly (floats as their repr)."""
    document = weasyprint.HTML(string=html).render()
    return [
        (type(box).__name__, *(repr(getattr(box, name, None)) for name in _USED))
        for page in document.pages
        for box in page._page_box.descendants(placeholders=True)
    ]


def test_the_used_lengths_are_weasyprints(weasyprint: Any) -> None:
    # Percentages whose arithmetic rounds differently in another order (7% of 100.3).
    html = TRICKY.replace("width: 50%", "width: 33.3%").replace("padding: 2%", "padding: 7.1%")
    engine_style.uninstall()
    own = _used_lengths(weasyprint, html)
    engine_style.install(("percentages",))
    faster = _used_lengths(weasyprint, html)
    assert len(own) > 80
    assert own == faster


def test_a_function_other_than_expected_is_left_as_it_is(
    weasyprint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.css import ComputedStyle
    from weasyprint.layout import block, percent

    engine_style.uninstall()
    own_missing, own_percentages = ComputedStyle.__missing__, percent.resolve_percentages
    # As if WeasyPrint's functions had changed: each patch finds another source.
    for name in engine_style.EXPECTED:
        monkeypatch.setitem(engine_style.EXPECTED, name, "0" * 16)
    engine_style.install()
    assert engine_style.installed() == []
    assert ComputedStyle.__missing__ is own_missing
    assert block.resolve_percentages is own_percentages
    monkeypatch.undo()
    engine_style.install()
    assert ComputedStyle.__missing__ is not own_missing
    engine_style.install()  # twice: nothing is wrapped again
    assert len(engine_style.installed()) == len(set(engine_style.installed()))
    assert engine_style.source_hash(len) == ""  # no source to read: never expected


def _patches_installed(code: str, stock_flag: str) -> int:
    """How many style patches are in after `code` runs in a new interpreter."""
    import os
    import subprocess
    import sys

    code += "; from drafter.render import engine_style; print(len(engine_style.installed()))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DRAFTER_STOCK_WEASYPRINT": stock_flag},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


def test_stock_weasyprint_leaves_every_function_alone() -> None:
    code = "from drafter.render.engine import import_weasyprint; import_weasyprint()"
    counts = [_patches_installed(code, flag) for flag in ("1", "0")]
    assert counts[0] == 0 and counts[1] > 3


def test_weasyprint_imported_first_by_something_else_is_still_tuned() -> None:
    code = (
        "import weasyprint; from drafter.render.engine import import_weasyprint; "
        "import_weasyprint(); import_weasyprint()"
    )
    assert _patches_installed(code, "0") > 3
