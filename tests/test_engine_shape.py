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
