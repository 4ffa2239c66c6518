"""A/B of render/engine_cascade.py's patches on the cascade alone: CPU seconds of
WeasyPrint's `get_all_computed_styles` (stylesheets found and parsed, every element's
rules matched and merged, computed styles made) for one document, each set of patches
alternated with none in one process, from a freshly parsed document each time, the
cyclic garbage collector off as when a PDF is made.

Run: `.venv/bin/python bench/cascade_ab.py [--rounds 15] [AGREEMENT | --html FILE]`.
Quicker and steadier than bench/engine_ab.py --of cascade (which lays out and draws the
whole PDF each time), for the part of the render these patches change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from drafter.load import load  # noqa: E402
from drafter.render import RenderOptions, context_for, engine, engine_cascade  # noqa: E402
from drafter.render.html import BUNDLED_TEMPLATES, render_html  # noqa: E402
from drafter.render.pdf import fetcher, warm_up  # noqa: E402

LARGEST = ROOT / "agreements" / "northfleet-laa-2008.yaml"


def main() -> int:
    """Print the median CPU seconds of the cascade with each set of patches."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=LARGEST)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--html", type=Path, help="the cascade of this HTML instead")
    args = parser.parse_args()
    if args.html:
        text = args.html.read_text(encoding="utf-8")
    else:
        options = RenderOptions(today=dt.date(2008, 6, 30))
        text = render_html(context_for(load(args.path.resolve()), options), options)
    warm_up()
    from weasyprint.css import get_all_computed_styles

    html_class, fonts = engine.lean_html(), engine.shared_fonts()
    base = BUNDLED_TEMPLATES.as_uri() + "/"
    slots = {patch: engine_cascade.ab_slots(patch) for patch in ("signatures", "shared styles")}
    sets = {"none": (), **{p: (p,) for p in slots}, "all": tuple(slots)}

    def put(chosen: tuple[str, ...]) -> None:
        for patch, held in slots.items():
            for owner, name, own, patched in held:
                setattr(owner, name, patched if patch in chosen else own)

    spent: dict[str, list[float]] = {name: [] for name in sets}
    for _ in range(args.rounds):
        for name, chosen in sets.items():
            put(chosen)
            html = html_class(string=text, base_url=base, url_fetcher=fetcher([BUNDLED_TEMPLATES]))
            gc.disable()  # as html_to_pdf does while WeasyPrint works
            start = time.process_time()
            get_all_computed_styles(html, font_config=fonts, page_rules=[], layers=[])
            spent[name].append(time.process_time() - start)
            gc.enable()
            del html
            gc.collect()
    put(tuple(slots))
    print(f"{(args.html or args.path).name}, cascade: median CPU s of {args.rounds} rounds")
    none = statistics.median(spent["none"])
    for name in sets:
        median = statistics.median(spent[name])
        print(f"  {name:16} {median:7.3f} {none - median:+7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
