"""The layout starts of render/engine_shape.py give WeasyPrint's own bytes."""

from __future__ import annotations

import inspect
import operator
import re

import pytest

from drafter.render import engine_shape, engine_text
from drafter.render.engine import import_weasyprint

# Styles that each start a layout differently: sizes, weights, families, languages (one
# overridden), direction, font features and variants, variations, decorations (the
# font's metrics), spacing and tabs.
_STYLES = [
    "",
    "font-weight: bold",
    "font-style: italic; font-size: 9pt",
    "font-family: DejaVu Serif",
    "font-family: DejaVu Sans; font-stretch: condensed",
    "font-variant: small-caps",
    "font-variant-numeric: oldstyle-nums tabular-nums; font-kerning: none",
    "font-feature-settings: 'liga' 0, 'smcp'",
    "font-variation-settings: 'wght' 600",
    "text-decoration: underline",
    "text-decoration: line-through overline",
    "letter-spacing: 1pt; word-spacing: 2pt",
    "direction: rtl",
    "font-language-override: 'TRK'",
    "white-space: pre; tab-size: 3",
]
_TEXTS = ["Designated outcome for Northfleet 2008–11, affiliate office", "Fi 1/2\tΩ"]


def _document() -> str:
    cells = "".join(
        f'<p style="{style}" lang="{lang}">{text}</p>'
        for text in _TEXTS
        for style in _STYLES
        for lang in ("en", "tr", "")
    )
    return (
        '<html lang="en"><body style="font-family: Carlito; font-size: 11pt; width: 6cm">'
        f"{cells}<table><tr><td>{_TEXTS[0]}</td><td>—</td></tr></table></body></html>"
    )


def _pdfs(patched: bool) -> list[bytes]:
    """The sample's PDF twice with one font configuration (as in a warm process), the
    quick setup in or out."""
    from weasyprint.text.fonts import FontConfiguration

    weasyprint = import_weasyprint()
    (slot,) = engine_shape.ab_slots("quick setup")
    owner, name, stock, patched_value = slot
    fonts = FontConfiguration()
    try:
        setattr(owner, name, patched_value if patched else stock)
        out = []
        for _ in range(2):
            document = weasyprint.HTML(string=_document()).render(font_config=fonts)
            out.append(document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))
            engine_text.forget(fonts)
        return out
    finally:
        setattr(owner, name, patched_value)


def test_quick_setup_gives_the_same_pdf() -> None:
    import_weasyprint()
    from weasyprint.text import line_break

    assert hasattr(line_break.Layout.setup, "__wrapped__")  # the patch is in
    assert _pdfs(True) == _pdfs(False)


def test_a_start_kept_for_another_style_would_be_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    # The comparison above can fail: keyed without the weight and the decoration, bold
    # text would be laid out in the regular face and underlines drawn without metrics.
    stock = _pdfs(False)
    fewer = [p for p in engine_shape._SETUP_PROPERTIES if p not in ("font_weight",)]
    monkeypatch.setattr(engine_shape, "_setup_key", operator.itemgetter(*fewer))
    assert _pdfs(True) != stock


def test_the_start_keys_on_every_style_property_setup_reads() -> None:
    import_weasyprint()
    from weasyprint.text import fonts, line_break

    read: set[str] = set()
    for function in (line_break.Layout.setup.__wrapped__, fonts.get_font_description):
        read |= set(re.findall(r"style\['([a-z_]+)'\]", inspect.getsource(function)))
    assert read == set(engine_shape._SETUP_PROPERTIES)


def test_a_changed_function_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    import_weasyprint()
    name = "weasyprint.text.line_break.Layout.setup"
    assert engine_shape.as_expected(*engine_shape.EXPECTED)
    monkeypatch.setitem(engine_shape.EXPECTED, name, "0" * 16)  # as if WeasyPrint changed it
    assert not engine_shape.as_expected(name)
    assert not engine_shape.as_expected("weasyprint.text.line_break.no_such_function")


# Text the kept layouts meet: long paragraphs split over many lines, narrow cells,
# justified lines, soft hyphens and automatic hyphenation, overflow-wrap, preserved
# line breaks and tabs, spacing, decorations, ellipses, and texts drawn again.
_LONG = (
    "Targets for 2008–11 are agreed with the Government Office and reviewed each year by "
    "the partnership board, which reports to the cabinet of the county council. "
)
_KEPT = f"""<html lang="en"><body style="font-family: Carlito; font-size: 11pt">
<p style="width: 12cm">{_LONG * 4}</p>
<p style="width: 5cm; text-align: justify">{_LONG * 2}</p>
<p style="width: 3cm; hyphens: auto">Regeneration partnerships accountability {_LONG}</p>
<p style="width: 3cm">Neigh\u00adbour\u00adhood man\u00adage\u00adment pro\u00adgramme</p>
<p style="width: 2cm; overflow-wrap: break-word">Supercalifragilisticexpialidocious {_LONG}</p>
<p style="width: 2cm; overflow-wrap: anywhere">NI195a–NI195d/2008–11 street-cleanliness</p>
<p style="white-space: pre-line; width: 6cm">First line
second line\u2028third {_LONG}</p>
<pre style="tab-size: 4">a\tb\tc\n\td</pre>
<p style="width: 6cm; letter-spacing: 0.5pt">{_LONG}</p>
<p style="width: 6cm; word-spacing: 2pt">{_LONG}</p>
<p style="width: 6cm; text-decoration: underline">{_LONG}</p>
<p style="width: 2cm; overflow: hidden; white-space: nowrap; text-overflow: ellipsis">{_LONG}</p>
<table><tr><td style="width: 1.5cm">Designated outcome</td><td>—</td><td>2008–11</td></tr>
<tr><td style="width: 1.5cm">Designated outcome</td><td>—</td><td>2008–11</td></tr></table>
<p style="width: 12cm">{_LONG * 4}</p>
</body></html>"""


def _text_pdfs(patched: bool) -> list[bytes]:
    """The sample's PDF twice with one font configuration, every text patch (engine_shape
    and engine_text) in or out."""
    from weasyprint.text.fonts import FontConfiguration

    weasyprint = import_weasyprint()
    slots = [s for p in engine_shape.PATCHES for s in engine_shape.ab_slots(p)]
    slots += [s for p in engine_text.PATCHES for s in engine_text.ab_slots(p)]
    fonts = FontConfiguration()
    try:
        for owner, name, stock, patch in slots:
            setattr(owner, name, patch if patched else stock)
        out = []
        for _ in range(2):
            document = weasyprint.HTML(string=_KEPT).render(font_config=fonts)
            out.append(document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))
            engine_text.forget(fonts)
        return out
    finally:
        for owner, name, _stock, patch in reversed(slots):
            setattr(owner, name, patch)


def test_kept_layouts_give_the_same_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    import_weasyprint()
    kept: list[bool] = []
    keep = engine_shape.kept_layout

    def noted(layout: object, style: object) -> bool:
        kept.append(keep(layout, style))
        return kept[-1]

    stock = _text_pdfs(False)
    monkeypatch.setattr(engine_shape, "kept_layout", noted)
    assert _text_pdfs(True) == stock
    assert sum(kept) > 100  # most drawn lines were drawn from the layout of their split


def test_single_paragraph_mode_for_a_text_with_line_breaks_would_be_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only texts with no paragraph end are laid out in single-paragraph mode from the
    # start: with one, the preserved line breaks would be lost.
    stock = _text_pdfs(False)
    monkeypatch.setattr(engine_shape, "_PARAGRAPH_ENDS", re.compile("(?!)"))
    assert _text_pdfs(True) != stock
