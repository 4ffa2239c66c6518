"""The printed page's type scale and colours, read from the stylesheet WeasyPrint uses.

Every text colour in style.css must reach WCAG AA contrast (4.5:1 for normal text)
against its background: the rule's own background, else white; a data table's cells
also against the darkest row shading (a total row). The watermark is decorative and
its colour is not text anyone must read.
"""

from __future__ import annotations

import re

import pytest

from drafter.config import DEFAULT_PRIMARY
from drafter.load import load
from drafter.render import context_for
from drafter.render.html import environment

from .test_render_pdf import FIXTURE, OPTIONS

AA = 4.5
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
COLOUR = re.compile(r"#[0-9a-fA-F]{3,6}\b|rgba?\([^)]*\)")
DECORATIVE = ("watermark",)


@pytest.fixture(scope="module")
def css() -> str:
    ctx = context_for(load(FIXTURE), OPTIONS)
    text = environment(None).get_template("style.css").render(ctx=ctx)
    return re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)


def rgb(value: str, under: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> tuple[float, ...]:
    """A CSS colour as sRGB 0–1, a translucent one laid over `under`."""
    if value.startswith("#"):
        digits = value[1:] if len(value) == 7 else "".join(c * 2 for c in value[1:])
        return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    parts = [float(p) for p in re.findall(r"[\d.]+", value)]
    alpha = parts[3] if len(parts) > 3 else 1.0
    return tuple(alpha * p / 255 + (1 - alpha) * u for p, u in zip(parts[:3], under, strict=True))


def luminance(colour: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colours(css: str) -> list[tuple[str, str, str | None]]:
    """(selector, text colour, background colour or None) for every rule setting `color`."""
    out = []
    for selector, body in RULE.findall(css):
        declarations = dict(
            (k.strip(), v.strip())
            for k, _, v in (d.partition(":") for d in body.split(";"))
            if v.strip()
        )
        colour = COLOUR.search(declarations.get("color", ""))
        if colour is None or any(word in selector for word in DECORATIVE):
            continue
        ground = COLOUR.search(declarations.get("background", ""))
        out.append((" ".join(selector.split()), colour.group(), ground and ground.group()))
    return out


def test_every_text_colour_meets_aa_contrast(css: str) -> None:
    white = (1.0, 1.0, 1.0)
    shading = re.search(r"tr\.total td\s*\{[^}]*background:\s*(rgba\([^)]*\))", css)
    assert shading is not None
    darkest = rgb(shading.group(1))
    found = text_colours(css)
    assert len(found) > 10
    for selector, colour, ground in found:
        under = rgb(ground) if ground else white
        assert contrast(rgb(colour, under), under) >= AA, (selector, colour, ground)
        if "table.data td" in selector:
            assert contrast(rgb(colour, darkest), darkest) >= AA, (selector, colour, "shading")


def test_contrast_is_measured_as_wcag_does() -> None:
    assert round(contrast(rgb("#000"), rgb("#fff")), 1) == 21.0
    assert round(contrast(rgb("#777"), rgb("#fff")), 2) == 4.48  # just below AA
    assert contrast(rgb("#fff"), rgb(DEFAULT_PRIMARY)) > AA  # header rows
    assert rgb("rgba(0, 0, 0, 0.5)") == (0.5, 0.5, 0.5)


def test_printed_type_is_at_least_11_pt_and_tables_9_5(css: str) -> None:
    start = re.search(r"@media print \{\s*html \{ font-size: (\d+(?:\.\d+)?)pt; \}", css)
    assert start is not None and float(start.group(1)) >= 11
    printed = {k.strip(): v for k, v in RULE.findall(css[start.end() :])}
    table = printed["table.data, table.data caption, .table-notes"]
    assert float(re.findall(r"font-size: ([\d.]+)pt", table)[0]) >= 9.5
    assert all(float(size) >= 11 for size in re.findall(r"font-size: ([\d.]+)pt", printed["h3"]))
