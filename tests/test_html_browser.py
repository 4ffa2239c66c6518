"""The HTML in a real browser: Debian's Chromium, headless, driven through its WebDriver.

At a desktop width (1280 px) and a phone width (390 px), every example's HTML must fit
its window (the page never scrolls sideways: a wide table scrolls in its own box), keep
every word and number in a table cell whole on one line, keep every cell's text inside
its cell (headers never run into each other), show the DRAFT mark clear of the text,
and offer contents links that look like links, work, and lead back from each section.

Screenshots of each page at each width (the top, the contents, the widest table and the
signatures) are kept in `output/screenshots/` of the repository (ignored by git), to be
looked at after a run; pytest's temporary folders are pruned by any later run.

One browser serves the whole session (the `browser` fixture, tests/browser.py). The tests
are skipped only when Chromium or its driver is not installed (`make test` installs
both: scripts/sysdeps.sh --test).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from drafter.load import load
from drafter.render import RenderOptions, context_for
from drafter.render.html import render_html

from .browser import WIDTHS, set_width, shoot
from .conftest import good_examples

OPTIONS = RenderOptions(today=dt.date(2008, 6, 30))
EXAMPLES = good_examples()

By = pytest.importorskip(
    "selenium.webdriver.common.by", reason="selenium is a dev extra: make install"
).By


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every good example's HTML document, written once for the session."""
    folder = tmp_path_factory.mktemp("html")
    out = {}
    for path in EXAMPLES:
        target = folder / f"{path.stem}.html"
        target.write_text(render_html(context_for(load(path), OPTIONS), OPTIONS), "utf-8")
        out[path.stem] = target
    return out


def show(browser: Any, page: Path, width: str) -> None:
    """Open `page` in a window of the named width (a phone emulated as a phone)."""
    set_width(browser, width)
    browser.get(page.as_uri())
    assert browser.execute_script("return window.innerWidth") == WIDTHS[width][0]


# Every whitespace-separated word of every table cell, with the lines it is drawn on.
# A hyphenated word may wrap after its hyphen before a letter, as in print
# ("co-/operate"), so each such piece counts as a word; a dash before a figure does not
# ("2008–/11" is broken).
BROKEN_WORDS = """
const broken = [];
const range = document.createRange();
for (const cell of document.querySelectorAll('table td, table th')) {
  const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    for (const m of node.data.matchAll(/\\S+/g)) {
      let start = m.index;
      for (const piece of m[0].split(/(?<=[-\u2010\u2013\u2014])(?=\\p{L})/u)) {
        range.setStart(node, start);
        range.setEnd(node, start + piece.length);
        start += piece.length;
        const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
        if (rects.length > 1) {
          broken.push(piece + ' (in "' + cell.textContent.trim().slice(0, 60) + '")');
        }
      }
    }
  }
}
return broken;
"""

# Cells whose text runs out of them (a header into the next header, say).
OVERFLOWING_CELLS = """
return Array.from(document.querySelectorAll('table td, table th'))
  .filter(c => c.getClientRects().length && c.scrollWidth > c.clientWidth + 1)
  .map(c => c.textContent.trim().slice(0, 60));
"""

# Text elements the DRAFT mark overlaps, if it is drawn over any.
COVERED_BY_MARK = """
const mark = document.querySelector('.watermark');
if (!mark) return [];
const m = mark.getBoundingClientRect();
return Array.from(document.querySelectorAll('p, li, h1, h2, h3, h4, td, th, caption'))
  .filter(e => e !== mark && !mark.contains(e))
  .filter(e => Array.from(e.getClientRects()).some(r => r.width > 0 &&
      r.left < m.right && m.left < r.right && r.top < m.bottom && m.top < r.bottom))
  .map(e => e.textContent.trim().slice(0, 60));
"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_page_fits_the_window_and_keeps_words_whole(
    browser: Any, pages: dict[str, Path], screenshots: Path, example: str, width: str
) -> None:
    show(browser, pages[example], width)
    shoot(browser, screenshots / f"{example}-{width}-1-top.png")
    places = {
        "2-contents": ["nav.contents"],
        "3-widest-table": ["table.wide-table", "table.data"],
        "4-signatures": ["section.signatures"],
    }
    for name, selectors in places.items():
        browser.execute_script(
            "arguments[0].map(s => document.querySelector(s)).find(e => e).scrollIntoView()",
            selectors,
        )
        shoot(browser, screenshots / f"{example}-{width}-{name}.png")

    page_width = browser.execute_script("return document.documentElement.scrollWidth")
    assert page_width <= WIDTHS[width][0], f"the page is {page_width} px wide"
    assert browser.execute_script(BROKEN_WORDS) == []
    assert browser.execute_script(OVERFLOWING_CELLS) == []
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.execute_script(COVERED_BY_MARK) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_contents_links_are_seen_work_and_lead_back(
    browser: Any, pages: dict[str, Path], example: str, width: str
) -> None:
    show(browser, pages[example], width)
    top = browser.find_elements(By.CSS_SELECTOR, "nav.contents > ol > li > a")
    nested = browser.find_elements(By.CSS_SELECTOR, "nav.contents ol ol a")
    assert top and nested, "the contents have two levels"
    for link in top[:1] + nested[:1]:
        assert "underline" in link.value_of_css_property("text-decoration-line")
        assert link.value_of_css_property("color") != browser.find_element(
            By.TAG_NAME, "body"
        ).value_of_css_property("color")

    # One way back to the contents after every section, shown.
    back = browser.find_elements(By.CSS_SELECTOR, "main > p.back-to-contents a")
    assert len(back) == len(top) and all(b.is_displayed() for b in back)

    for link in (nested[len(nested) // 2], top[-1]):
        href = link.get_attribute("href").rpartition("#")[2]
        link.click()
        assert browser.execute_script("return location.hash") == f"#{href}"
        assert in_view(browser, f"#{href}"), f"{href} is not in view after its link"
        # Its section's link back leads to the contents.
        browser.execute_script(
            "const s = document.getElementById(arguments[0]).closest('main > section');"
            "s.nextElementSibling.querySelector('a').scrollIntoView()",
            href,
        )
        browser.find_element(
            By.CSS_SELECTOR, f"main > section:has([id='{href}']) + p.back-to-contents a"
        ).click()
        assert in_view(browser, "#contents-title")


def in_view(browser: Any, selector: str) -> bool:
    """Whether the heading at `selector` (or the first heading inside it) is in the window."""
    return bool(
        browser.execute_script(
            "let e = document.querySelector(arguments[0]);"
            "if (!/^H[1-6]$/.test(e.tagName)) e = e.querySelector('h1, h2, h3, h4') || e;"
            "const r = e.getBoundingClientRect();"
            "return r.height > 0 && r.top >= -1 && r.bottom <= window.innerHeight + 1;",
            selector,
        )
    )


def test_tables_are_named_and_scroll_from_the_keyboard(
    browser: Any, pages: dict[str, Path]
) -> None:
    show(browser, pages["northfleet-laa-2008"], "phone")
    boxes = browser.find_elements(By.CSS_SELECTOR, ".table-scroll")
    tables = browser.find_elements(By.CSS_SELECTOR, "table.data")
    assert boxes and len(boxes) == len(tables)
    for box in boxes:
        caption = box.find_element(By.TAG_NAME, "caption").get_attribute("textContent")
        assert caption.strip() and box.accessible_name == caption.strip()
        assert box.get_attribute("tabindex") == "0"
        assert box.get_attribute("role") == "region"
    # A wide table is wider than a phone: its box scrolls, the page does not.
    wide = browser.find_element(By.CSS_SELECTOR, ".table-scroll:has(table.wide-table)")
    assert browser.execute_script(
        "return arguments[0].scrollWidth > arguments[0].clientWidth", wide
    )


def test_calibri_comes_first_and_the_draft_mark_is_a_banner(
    browser: Any, pages: dict[str, Path]
) -> None:
    show(browser, pages["northfleet-laa-2008"], "desktop")
    family = browser.find_element(By.TAG_NAME, "body").value_of_css_property("font-family")
    assert [f.strip().strip('"') for f in family.split(",")][:4] == [
        "Calibri",
        "Carlito",
        "Arial",
        "Liberation Sans",
    ]
    mark = browser.find_element(By.CSS_SELECTOR, ".watermark")
    assert mark.text == "DRAFT" and mark.is_displayed()
    assert mark.value_of_css_property("position") == "static"
    assert mark.value_of_css_property("transform") == "none"
