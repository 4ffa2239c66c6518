"""The drawing patches of render/engine_draw.py give WeasyPrint's own bytes."""

from __future__ import annotations

import random
import struct
from typing import Any

import pytest

from drafter.render import engine_draw, engine_text
from drafter.render.engine import import_weasyprint


def _operands() -> list[Any]:
    """Floats of every size and sign (and their neighbours), ints, and the other
    operand types pydyf meets."""
    import pydyf  # type: ignore[import-untyped]

    chance = random.Random(2008)
    floats = [0.0, -0.0, 1.0, -1.0, 0.5, 1e-7, 5e-7, -4.9e-7, 1e-300, 1e300, -1e22, 2.0**53]
    floats += [float("inf"), float("-inf"), float("nan"), 123456.0000004, 0.1 + 0.2]
    floats += [chance.uniform(-1000, 1000) for _ in range(3000)]
    floats += [chance.uniform(-1, 1) * 10 ** chance.randint(-12, 25) for _ in range(3000)]
    floats += [round(chance.uniform(-900, 900), chance.randint(0, 7)) for _ in range(3000)]
    floats += [struct.unpack("d", chance.randbytes(8))[0] for _ in range(3000)]
    floats += [x + d for x in (0.0, 1.0, 595.28, -841.89) for d in (1e-6, -1e-6, 5e-7, -5e-7)]
    ints = [0, 1, -1, 255, 2**40, -(2**70), chance.randint(-(10**9), 10**9)]
    others = [b"/F1", b"", "Tf", "/Name", True, False, None, pydyf.Dictionary({"A": 1.5})]
    others += [pydyf.Array([1, 2.25, "x"]), pydyf.String("(a)")]

    class Size(float):
        def __str__(self) -> str:
            return "size"

    return [*floats, *ints, *others, Size(1.5)]


def test_numbers_are_formatted_as_pydyf_formats_them() -> None:
    import pydyf

    import_weasyprint()
    quick = pydyf._to_bytes
    original = getattr(quick, "__wrapped__", quick)
    assert quick is not original  # the patch is in
    for value in _operands():
        assert quick(value) == original(value), repr(value)
    with pytest.raises(UnicodeEncodeError):
        quick("é")
    with pytest.raises(UnicodeEncodeError):
        original("é")


# Text drawn again and again, in other styles and fonts: fallback fonts in one line
# (Greek, mathematical symbols, Hebrew), a glyph no font has (.notdef), combining accents
# against precomposed letters (one glyph, two Unicode texts), ligatures, spacing,
# justification, decorations and an ellipsis.
_LINES = [
    "Designated outcome for Northfleet 2008–11",
    "Café and cafe\u0301 — office, affiliate, fjord",
    "Targets ≥ 45% ∑ Ω and עברית in one line",
    "A missing glyph \ue000 here",
    "—",
]
_STYLES = [
    "",
    "font-weight: bold",
    "font-style: italic; font-size: 9pt",
    "letter-spacing: 1pt",
    "word-spacing: 3pt; text-decoration: underline",
    "font-family: DejaVu Serif",
    "width: 4cm; text-align: justify",
    "width: 2cm; overflow: hidden; white-space: nowrap; text-overflow: ellipsis",
]


def _document(order: list[str]) -> str:
    cells = "".join(f'<p style="{style}">{text}</p>' for text in order for style in _STYLES)
    return (
        '<html lang="en"><body style="font-family: Carlito; font-size: 11pt">'
        f"{cells}<table><tr><td>{order[0]}</td><td>—</td></tr></table>{cells}{cells}"
        "</body></html>"
    )


def _pdfs(patched: bool, documents: list[str], patch: str = "lines") -> list[bytes]:
    """The documents' PDFs, in turn with one font configuration (as in a warm process),
    with one of engine_draw's patches in or out."""
    from weasyprint.text.fonts import FontConfiguration

    weasyprint = import_weasyprint()
    (slot,) = engine_draw.ab_slots(patch)
    owner, name, stock, patched_value = slot
    fonts = FontConfiguration()
    try:
        setattr(owner, name, patched_value if patched else stock)
        out = []
        for html in documents:
            document = weasyprint.HTML(string=html).render(font_config=fonts)
            out.append(document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))
        return out
    finally:
        setattr(owner, name, patched_value)
        engine_text.forget(fonts)


_FORWARD = _document(_LINES)
_BACKWARD = _document(_LINES[::-1])


def test_replayed_lines_give_the_same_pdf_within_and_across_documents() -> None:
    import_weasyprint()
    from weasyprint.draw import text

    assert hasattr(text.draw_first_line, "__wrapped__")  # the patch is in
    documents = [_FORWARD, _BACKWARD, _FORWARD]
    assert _pdfs(True, documents) == _pdfs(False, documents)


def test_lines_are_replayed_and_missing_glyphs_are_not(monkeypatch: pytest.MonkeyPatch) -> None:
    replays: list[tuple[str, bool]] = []
    replay = engine_draw._replay

    def noted(line: Any, stream: Any, box: Any, matrix: Any) -> bool:
        replays.append((box.text, replay(line, stream, box, matrix)))
        return replays[-1][1]

    monkeypatch.setattr(engine_draw, "_replay", noted)
    _pdfs(True, [_FORWARD])
    in_one = [text for text, done in replays if done]
    # Each line drawn three times (recorded the second time, replayed the third), but
    # for the ellipsized ones.
    for line in _LINES[:3] + _LINES[4:]:
        assert sum(t == line for t in in_one) >= len(_STYLES) - 3, line
    assert not [t for t in in_one if "\ue000" in t]
    assert not [t for t in in_one if t.endswith("…")]
    # A later document replays lines recorded in the first from their first drawing.
    replays.clear()
    _pdfs(True, [_FORWARD, _BACKWARD])
    assert sum(done for _text, done in replays) > 2.5 * len(in_one)


def test_a_replay_that_left_out_the_glyphs_bookkeeping_would_be_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The comparison above can fail: a replay that added the fonts to a later document
    # but not the glyphs' widths and texts would change its fonts (widths, ToUnicode).
    def fonts_only(line: Any, stream: Any) -> bool:
        for font in line.fonts:
            stream.add_font(font.pango_font)
        return True

    stock = _pdfs(False, [_FORWARD, _BACKWARD])
    monkeypatch.setattr(engine_draw, "_bookkeep", fonts_only)
    assert _pdfs(True, [_FORWARD, _BACKWARD]) != stock


def test_a_replay_at_the_wrong_place_would_be_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    stock = _pdfs(False, [_FORWARD])
    monkeypatch.setattr(engine_draw, "_LINE_MATRIX", "no such call")
    assert _pdfs(True, [_FORWARD]) != stock


def test_a_changed_function_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    import_weasyprint()
    name = "weasyprint.draw.text.draw_first_line"
    assert engine_draw.as_expected(*engine_draw.EXPECTED)
    monkeypatch.setitem(engine_draw.EXPECTED, name, "0" * 16)  # as if WeasyPrint changed it
    assert not engine_draw.as_expected(name)
    assert not engine_draw.as_expected("weasyprint.draw.text.no_such_function")


# Every kind of background WeasyPrint lays out: colours (one as currentColor), gradients,
# an image, shadows (one on a hidden box), a border image, table rows, columns and row
# groups, the page's own and the canvas background taken from <body>.
_PIXEL = "data:image/png;base64," + (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
_BACKGROUNDS = f"""<html><head><style>
@page {{ size: A6; background: #eef; }}
body {{ background: linear-gradient(#fff, #ddd); color: #036; }}
.c {{ background: currentColor; }} .g {{ background: radial-gradient(red, blue); }}
.i {{ background: url({_PIXEL}) no-repeat 10% 20% / 2cm; }}
.s {{ box-shadow: 2px 2px 4px #000; }} .h {{ visibility: hidden; box-shadow: 1px 1px red; }}
.b {{ border: 6px solid; border-image: linear-gradient(red, green) 30%; }}
.r {{ border-radius: 10% / 4px; background: #fc0; }} .t {{ background: transparent; }}
tbody {{ background: #efe; }} tr.odd {{ background: #eee; }} col.x {{ background: #fee; }}
</style></head><body>
<p>plain</p><p class="c">currentColor</p><p class="g">gradient</p><p class="i">image</p>
<p class="s">shadow</p><p class="h">hidden</p><p class="b">border image</p>
<p class="r">rounded</p><p class="t">transparent</p><p><span class="c">span</span></p>
<table><colgroup><col class="x"><col></colgroup>
<tbody><tr class="odd"><td>1</td><td>2</td></tr><tr><td class="r">3</td><td>4</td></tr></tbody>
</table></body></html>"""


def test_quick_backgrounds_give_the_same_pdf() -> None:
    from weasyprint.layout import background

    import_weasyprint()
    assert hasattr(background.layout_box_backgrounds, "__wrapped__")  # the patch is in
    assert _pdfs(True, [_BACKGROUNDS], "backgrounds") == _pdfs(False, [_BACKGROUNDS], "backgrounds")


def test_backgrounds_taken_for_plain_would_be_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    stock = _pdfs(False, [_BACKGROUNDS], "backgrounds")
    # Every box but the one with a border image taken for one with no background.
    monkeypatch.setattr(
        engine_draw, "_plain", lambda style: style["border_image_source"][0] == "none"
    )
    assert _pdfs(True, [_BACKGROUNDS], "backgrounds") != stock


# A line whose glyphs got their widths in the first document from text of another size
# (a font's widths are per face, in 1/1000 em, and the first size wins: Carlito's comma
# rounds to another width at 12pt than at 9.5pt), replayed into a document where they
# are its first: there WeasyPrint works the widths out from the line's own size.
_COMMAS = "Designated outcome for Northfleet, 2008–11, office, affiliate"
_NINE = f'<p style="font-size: 9.5pt">{_COMMAS}</p>' * 3
_FIRST = f'<html lang="en"><body style="font-family: Carlito"><p>{_COMMAS}</p>{_NINE}</body></html>'
_THEN = f'<html lang="en"><body style="font-family: Carlito">{_NINE}</body></html>'


def test_a_line_replayed_in_another_document_keeps_that_documents_widths() -> None:
    assert _pdfs(True, [_FIRST, _THEN]) == _pdfs(False, [_FIRST, _THEN])


def test_replaying_widths_of_another_size_would_be_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    stock = _pdfs(False, [_FIRST, _THEN])
    monkeypatch.setattr(engine_draw._Font, "_own_widths", lambda self, widths, glyphs: set(glyphs))
    assert _pdfs(True, [_FIRST, _THEN]) != stock
