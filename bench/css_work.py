"""How much of WeasyPrint's work a stylesheet decides: Python calls with rule groups removed.

    python bench/css_work.py [AGREEMENT] [--pack DIR]

Makes the agreement's HTML page (default: the largest example), or with `--pack` the
regional pack of the agreements in DIR, then lays it out as PDF in this process under
cProfile once as it is and once without each group of declarations or elements below,
and prints the number of Python function calls each took. Unlike time, the count does
not drift with a busy or slow machine, so small differences can be trusted; it is a
measure of work, not of seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

LARGEST = ROOT / "agreements" / "northfleet-laa-2008.yaml"
# Declarations removed from the stylesheet, one group at a time.
PROPERTIES = (
    "border",
    "border-bottom",
    "border-top",
    "padding",
    "break-inside",
    "break-before",
    "break-after",
    "white-space",
    "overflow-wrap",
    "font-variant-numeric",
    "orphans",
    "widows",
)


def agreement_page(path: Path) -> str:
    """The HTML page the agreement's PDF is laid out from."""
    from drafter.load import load
    from drafter.render import RenderOptions, context_for
    from drafter.render.html import render_html

    options = RenderOptions(today=dt.date(2008, 6, 30))
    return render_html(context_for(load(path), options), options)


def pack_page(folder: Path) -> str:
    """The HTML page of the sign-off pack of every agreement in `folder`."""
    from drafter.pack.build import pack_document
    from drafter.pack.region import regional_pack
    from drafter.pipeline import summarise_file
    from drafter.render import render_time
    from drafter.report.html import report_html

    today = dt.date(2008, 6, 30)
    when = render_time(today)
    summaries = []
    for file in sorted(folder.glob("*.yaml")):
        done = summarise_file(file, today=today, previous={}, outturns={}, root=folder)
        if done.summary is not None:
            summaries.append(done.summary)
    document = pack_document(regional_pack(summaries, today, None, []), when)
    return report_html(document.report, None)


def calls(html: str) -> int:
    """Python calls made laying out `html` as a tagged PDF."""
    from drafter.render.pdf import html_to_pdf

    profile = cProfile.Profile()
    profile.enable()
    html_to_pdf(html)
    profile.disable()
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def variants(html: str) -> list[tuple[str, Callable[[str], str]]]:
    """(what was removed, how) for each variant of the page."""
    style = re.search(r"<style[^>]*>(.*?)</style>", html, re.S)
    css = style.group(1) if style else ""

    def without(prop: str) -> Callable[[str], str]:
        pattern = re.compile(r"(?<![\w-])" + re.escape(prop) + r"\s*:[^;}]*;?")
        return lambda page: page.replace(css, pattern.sub("", css)) if css else page

    out = [(f"no {p}", without(p)) for p in PROPERTIES]
    out.append(("no watermark", lambda page: re.sub(r'<div class="watermark".*?</div>', "", page)))
    out.append(
        ("no running heads", lambda page: re.sub(r'<p class="running[^>]*>.*?</p>', "", page))
    )
    return out


def main() -> int:
    """Count, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("agreement", nargs="?", type=Path, default=LARGEST)
    parser.add_argument("--pack", type=Path, help="a folder of agreements to pack instead")
    args = parser.parse_args()
    html = pack_page(args.pack) if args.pack else agreement_page(args.agreement)
    from drafter.render.pdf import warm_up

    warm_up()
    base = calls(html)
    print(f"{'as it is':28s} {base / 1e6:6.2f} M calls")
    for name, change in variants(html):
        n = calls(change(html))
        print(f"{name:28s} {n / 1e6:6.2f} M calls  {100 * (n - base) / base:+5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
