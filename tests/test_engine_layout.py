"""The layout patches put in WeasyPrint give WeasyPrint's own boxes and PDFs."""

from __future__ import annotations

from collections.abc import Iterator
from operator import itemgetter
from typing import Any

import pytest

from drafter.render import engine_layout
from drafter.render.engine import import_weasyprint, stock

from .test_engine_style import TRICKY, _pdf, _used_lengths

# Boxes that share computed lengths in containing blocks of the same and of other sizes
# (columns of cells, paragraphs in parts of two widths), the same calc() against two
# fonts, the same border-box width with two borders, lines beside and below a float and
# in a right-to-left block: what the kept lengths and the float shortcut must tell apart.
REPEATED = """<!DOCTYPE html>
<html lang="en"><head><style>
@page { size: A6; margin: 1cm; }
td { padding: 3%; width: 30%; } .narrow { width: 40%; } .narrow p { margin: 0 5%; }
p { margin: 2% 0; padding-left: 1em; } .calc { margin-left: calc(2% + 1em); padding-left: 0; }
.float { float: right; width: 30%; height: 2cm; } .rtl { direction: rtl; }
.inset { margin: 0 10%; } .big { font-size: 20pt; }
.sized { box-sizing: border-box; width: 60%; padding: 1em; border: 1px solid; }
.sized.thick { border-width: 6px; }
</style></head><body>
<table><tr><td>2008</td><td>2009</td><td>2010</td></tr>
<tr><td>one</td><td>two</td><td>three</td></tr></table>
<div class="narrow"><p>Targets agreed with the Government Office.</p><p>—</p></div>
<p>Targets agreed with the Government Office and reviewed each year.</p>
<p class="calc">A margin worked out with calc, against the paragraph's own font.</p>
<p class="calc big">The same margin against a larger font.</p>
<div class="sized">Sized with its border</div><div class="sized thick">and a thicker one</div>
<div class="float">floated</div>
<p>Lines beside a float, then below it, each placed where the float leaves room for it,
and a few more words to make a third and a fourth line under the float.</p>
<p class="rtl">من اليمين إلى اليسار، سطر بعد سطر من النص</p>
<div class="inset"><p>Targets agreed with the Government Office.</p><p>—</p></div>
</body></html>
"""


_SLOTS: dict[str, list[tuple[Any, str, Any, Any]]] = {}


@pytest.fixture
def weasyprint() -> Iterator[Any]:
    """WeasyPrint with every layout patch put back in after each test (unless stock())."""
    module = import_weasyprint()
    if not _SLOTS:
        _SLOTS.update({patch: engine_layout.ab_slots(patch) for patch in engine_layout.PATCHES})
    yield module
    _set(engine_layout.PATCHES, on=True)


def _set(patches: tuple[str, ...], *, on: bool) -> None:
    """Put the named patches in (on) or take them out."""
    for patch in patches:
        for owner, name, own, patched in _SLOTS[patch]:
            setattr(owner, name, patched if on else own)


def _with(weasyprint: Any, patches: tuple[str, ...], make: Any, html: str) -> Any:
    _set(engine_layout.PATCHES, on=False)
    _set(patches, on=True)
    first = make(weasyprint, html)
    assert make(weasyprint, html) == first  # again, from what the first pass kept
    return first


@pytest.mark.skipif(stock(), reason="DRAFTER_STOCK_WEASYPRINT=1: nothing is installed")
def test_every_layout_patch_is_installed_for_weasyprint_70(weasyprint: Any) -> None:
    from weasyprint.css import computed_values, units
    from weasyprint.layout import block, float, inline, percent, table
    from weasyprint.text import line_break

    assert weasyprint.__version__ == "70.0", "check engine_layout.EXPECTED for this version"
    for module in (percent, block, inline, table):
        assert hasattr(module.resolve_percentages, "__wrapped__"), module.__name__
    for module in (float, block, inline):
        assert hasattr(module.avoid_collisions, "__wrapped__"), module.__name__
    for module in (line_break, inline, units, computed_values):
        assert hasattr(module.strut, "__wrapped__"), module.__name__
    assert all(_SLOTS[patch] for patch in engine_layout.PATCHES)


@pytest.mark.skipif(stock(), reason="DRAFTER_STOCK_WEASYPRINT=1: nothing is installed")
@pytest.mark.parametrize("html", [TRICKY, REPEATED], ids=["tricky", "repeated"])
def test_the_boxes_and_pdfs_are_weasyprints(weasyprint: Any, html: str) -> None:
    own_boxes = _with(weasyprint, (), _used_lengths, html)
    own_pdf = _with(weasyprint, (), _pdf, html)
    for patches in [(patch,) for patch in engine_layout.PATCHES] + [engine_layout.PATCHES]:
        assert _with(weasyprint, patches, _used_lengths, html) == own_boxes, patches
        assert _with(weasyprint, patches, _pdf, html) == own_pdf, patches


@pytest.mark.skipif(stock(), reason="DRAFTER_STOCK_WEASYPRINT=1: nothing is installed")
def test_kept_lengths_that_mix_up_boxes_would_be_caught(
    weasyprint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The comparison above can fail: keyed on the containing block alone, the kept
    # lengths hand one box's margins and widths to another.
    own = _with(weasyprint, (), _pdf, REPEATED)
    monkeypatch.setattr(engine_layout, "_KEY", itemgetter("box_sizing", "box_sizing"))
    resolve = _SLOTS["used lengths"][0][2]
    careless = engine_layout.kept_lengths(resolve)
    for owner, name, _own, _patched in _SLOTS["used lengths"]:
        monkeypatch.setattr(owner, name, careless)
    assert _pdf(weasyprint, REPEATED) != own


def test_a_changed_weasyprint_function_is_left_as_it_is(
    weasyprint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.layout import float, percent

    _set(engine_layout.PATCHES, on=False)
    own = percent.resolve_percentages, float.avoid_collisions
    for name in engine_layout.EXPECTED:
        monkeypatch.setitem(engine_layout.EXPECTED, name, "0" * 16)
    assert engine_layout.install() == dict.fromkeys(engine_layout.PATCHES, False)
    assert (percent.resolve_percentages, float.avoid_collisions) == own
