"""The cascade patches (render/engine_cascade.py) give cssselect2's own matches and
WeasyPrint's own computed styles and PDFs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from drafter.render import engine_cascade
from drafter.render.engine import import_weasyprint, stock

# Selectors of every kind cssselect2 compiles, on elements that look alike to some and not
# to others: the same tag and classes under other ancestors, other attribute values, ids,
# languages, positions among siblings, children and text.
SHEET = """
td { color: black; } .data td { color: navy; }
table.data tbody tr:nth-child(even) td { color: red; }
tr:last-child td { font-weight: bold; } tr:first-child > td { font-style: italic; }
h2 + table { margin-top: 0; } h2 ~ p { color: green; } p:empty { display: none; }
li:nth-of-type(2n+1) { color: blue; } li:only-child { color: purple; }
li:first-of-type { margin: 1px; } li:last-of-type { margin: 2px; }
div:has(> table) { padding: 1px; } div:not(.data) p { text-indent: 1em; }
:is(.outcome, .part) > p { font-size: 9pt; } #here { color: orange; } #there td { color: teal; }
[data-kind] { border: 1px solid; } [data-kind="total"] td { font-weight: bold; }
[data-kind^="sub"] { color: gray; } [data-kind$="all"] { color: silver; }
[data-kind*="ota"] { color: maroon; } [data-kind~="two"] { color: lime; }
[lang|="en"] { quotes: none; } p:lang(fr) { font-style: italic; } a:link { color: blue; }
a[href$=".pdf"] { color: red; } html:root body { margin: 0; } * + * { orphans: 3; }
.outcome .part .deep span { color: fuchsia; } ol > li:nth-last-child(2) { color: aqua; }
"""

BODY = """<body>
<div class="outcome"><p>one</p><h2>Heading</h2><table class="data"><tbody>
<tr><td>1</td><td>2</td></tr><tr data-kind="subtotal"><td>3</td><td>4</td></tr>
<tr data-kind="total"><td>5</td><td id="here">6</td></tr></tbody></table>
<p>after</p><p></p><p lang="fr">en français</p></div>
<div class="part"><p>two</p><div class="deep"><span>deep</span></div>
<table id="there"><tr><td>7</td></tr><tr><td>8</td></tr></table></div>
<div class="other"><p>three</p></div>
<div class="outcome"><div class="part"><div class="deep"><span>deeper</span></div></div></div>
<ul><li>a</li><li>b</li><li>c</li></ul><ol><li>x</li><li>y</li><li>z</li></ol><ul><li>alone</li></ul>
<p data-kind="one two">words</p><p data-kind="overall">all</p>
<p lang="en-GB"><a href="report.pdf">report</a> <a href="#x">here</a> <a>none</a></p>
</body>"""


def _document(lang: str) -> str:
    """The document in a language given on <html>, or (`meta:fr`) by a <meta> only."""
    if lang.startswith("meta:"):
        meta = f'<meta http-equiv="Content-Language" content="{lang[5:]}">'
        return f"<html><head>{meta}<style>{SHEET}</style></head>{BODY}</html>"
    return f'<html lang="{lang}"><head><style>{SHEET}</style></head>{BODY}</html>'


def _matches(weasyprint: Any, html: str) -> list[list[tuple[Any, ...]]]:
    """Each element's matches, per stylesheet (the UA's and the document's), as the
    cascade gets them: specificity, order, pseudo-element and the rule's declarations."""
    from weasyprint.css import CSS

    document = weasyprint.HTML(string=html)
    sheets = [*document._ua_stylesheets(), CSS(string=SHEET)]
    return [
        [(s, o, p, repr(payload)) for s, o, p, payload in sheet.matcher.match(element)]
        for element in document.wrapper_element.iter_subtree()
        for sheet in sheets
    ]


_SLOTS: dict[str, list[tuple[Any, str, Any, Any]]] = {}


@pytest.fixture
def weasyprint() -> Iterator[Any]:
    """WeasyPrint with every cascade patch put back after each test (unless stock())."""
    module = import_weasyprint()
    if not _SLOTS:
        _SLOTS.update({patch: engine_cascade.ab_slots(patch) for patch in engine_cascade.PATCHES})
    yield module
    _set(engine_cascade.PATCHES)


def _set(patches: tuple[str, ...]) -> None:
    """Put the named patches in and take the others out."""
    for patch, slots in _SLOTS.items():
        for owner, name, own, patched in slots:
            setattr(owner, name, patched if patch in patches else own)


def _stock(weasyprint: Any, html: str) -> list[list[tuple[Any, ...]]]:
    _set(())
    try:
        return _matches(weasyprint, html)
    finally:
        _set(engine_cascade.PATCHES)


@pytest.mark.skipif(stock(), reason="DRAFTER_STOCK_WEASYPRINT=1: nothing is installed")
def test_the_signature_matching_is_installed_for_cssselect2_0_10_1(weasyprint: Any) -> None:
    import cssselect2

    assert cssselect2.__version__ == "0.10.1", "check engine_cascade.EXPECTED for this version"
    assert hasattr(cssselect2.Matcher.match, "__wrapped__")


@pytest.mark.skipif(stock(), reason="DRAFTER_STOCK_WEASYPRINT=1: nothing is installed")
def test_every_element_gets_cssselect2s_own_matches(weasyprint: Any) -> None:
    # The kept answers of one document serve the next, in its language.
    for lang in ("en", "fr", "en", "meta:fr", "meta:en"):
        own = _stock(weasyprint, _document(lang))
        assert _matches(weasyprint, _document(lang)) == own, lang
    assert sum(map(len, own)) > 200


@pytest.mark.skipif(stock(), reason="DRAFTER_STOCK_WEASYPRINT=1: nothing is installed")
def test_signatures_blind_to_positions_would_be_caught(
    weasyprint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The comparison above can fail: with siblings and positions taken for what a
    # signature sees, the rows of a table share their matches.
    own = _stock(weasyprint, _document("en"))
    monkeypatch.setattr(engine_cascade, "_PLANS", {})
    careless = engine_cascade._ELEMENT_ONLY | {"index", "previous", "etree_siblings", "len"}
    monkeypatch.setattr(engine_cascade, "_ELEMENT_ONLY", careless)
    assert _matches(weasyprint, _document("en")) != own


# Rules of the same selectors with pseudo-elements, !important and inline styles, on
# elements whose computed styles are shared (rows, cells, items) and not.
STYLED = """
td::before { content: "·"; } td.n::after { content: "%"; }
tr:nth-child(2n) td::before { content: none; }
li::marker { color: red; } p { color: gray !important; } p.keep { color: black; }
td { padding: 1px !important; } .data td { padding: 3px; } h2::after { content: " ¶"; }
"""


def _styles(weasyprint: Any, html: str) -> list[tuple[Any, ...]]:
    """Every property of every element's computed style and of its pseudo-elements'."""
    from weasyprint.css import get_all_computed_styles
    from weasyprint.css.properties import INITIAL_VALUES

    document = weasyprint.HTML(string=html)
    style_for = get_all_computed_styles(document, page_rules=[], layers=[])
    found = []
    for element in document.wrapper_element.iter_subtree():
        for pseudo in (None, "before", "after", "marker"):
            style = style_for(element.etree_element, pseudo)
            properties = None if style is None else [repr(style[n]) for n in INITIAL_VALUES]
            found.append((element.etree_element.tag, pseudo, properties))
    return found


def _styled(weasyprint: Any) -> str:
    cells = "".join(
        f'<tr><td class="n">{n}</td><td style="color: red">{n}</td><td>x</td></tr>'
        for n in range(6)
    )
    body = f'<h2>H</h2><table class="data">{cells}</table><ul><li>a</li><li>b</li></ul>'
    return f"<html><head><style>{STYLED}</style></head><body>{body}{BODY[6:]}</html>"


@pytest.mark.skipif(stock(), reason="DRAFTER_STOCK_WEASYPRINT=1: nothing is installed")
@pytest.mark.parametrize("patches", [("signatures",), ("shared styles",), engine_cascade.PATCHES])
def test_every_computed_style_and_the_pdf_are_weasyprints(
    weasyprint: Any, patches: tuple[str, ...]
) -> None:
    def pdf() -> bytes:
        document = weasyprint.HTML(string=_document("en")).render()
        return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)  # type: ignore[no-any-return]

    html = _styled(weasyprint)
    _set(())
    own, own_pdf = _styles(weasyprint, html), pdf()
    _set(patches)
    assert _styles(weasyprint, html) == own
    assert pdf() == own_pdf
    assert sum(1 for _tag, _pseudo, properties in own if properties) > 100


@pytest.mark.skipif(stock(), reason="DRAFTER_STOCK_WEASYPRINT=1: nothing is installed")
def test_a_cascade_that_ignored_importance_would_be_caught(
    weasyprint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The comparison above can fail: with every declaration as important as another, a
    # later rule wins over an !important one.
    from weasyprint import css

    html = _styled(weasyprint)
    _set(())
    own = _styles(weasyprint, html)
    monkeypatch.setattr(css, "declaration_precedence", lambda origin, importance: 1)
    owner, name, stock_init, _patched = _SLOTS["shared styles"][0]
    monkeypatch.setattr(owner, name, engine_cascade.shared_styles_uncascaded(stock_init))
    assert _styles(weasyprint, html) != own


@pytest.mark.skipif(stock(), reason="DRAFTER_STOCK_WEASYPRINT=1: nothing is installed")
def test_forgotten_signatures_are_made_again(
    weasyprint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_cascade, "LIMIT", 5)  # forgotten again and again
    own = _stock(weasyprint, _document("en"))
    assert _matches(weasyprint, _document("en")) == own


@pytest.mark.skipif(stock(), reason="DRAFTER_STOCK_WEASYPRINT=1: nothing is installed")
def test_a_changed_cssselect2_function_is_left_as_it_is(
    weasyprint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cssselect2
    from weasyprint.css import StyleFor

    _set(())
    own = cssselect2.Matcher.match, StyleFor.__init__
    monkeypatch.setitem(engine_cascade.EXPECTED, "_compile_node", "0" * 16)
    monkeypatch.setitem(engine_cascade.EXPECTED, "StyleFor.set_computed_styles", "0" * 16)
    assert engine_cascade.install() == dict.fromkeys(engine_cascade.PATCHES, False)
    assert (cssselect2.Matcher.match, StyleFor.__init__) == own
