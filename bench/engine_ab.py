"""A/B of the WeasyPrint patches of render/engine_style.py: CPU seconds per PDF, each
patch alone and all together against none, alternated in one process.

Run: `.venv/bin/python bench/engine_ab.py [--rounds 5] [AGREEMENT]`. Each round renders
the agreement once with each set of patches, in turn, so that the machine's drift
(other processes, CPU frequency) falls on all of them alike; the medians are printed,
with the gain of each set against WeasyPrint's own functions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from drafter.load import load  # noqa: E402
from drafter.render import FORMATS, RenderOptions, context_for, engine_style  # noqa: E402

LARGEST = ROOT / "agreements" / "northfleet-laa-2008.yaml"


def main() -> int:
    """Print the median CPU seconds of each set of patches."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=LARGEST)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    options = RenderOptions(today=dt.date(2008, 6, 30))
    build = FORMATS["pdf"].builder()
    loaded = load(args.path)
    build(context_for(loaded, options), options)  # warm up (and install the patches)
    sets = {"none": (), **{p: (p,) for p in engine_style.PATCHES}, "all": engine_style.PATCHES}
    cpu: dict[str, list[float]] = {name: [] for name in sets}
    pdfs: dict[str, bytes] = {}
    for _ in range(args.rounds):
        for name, patches in sets.items():
            engine_style.uninstall()
            engine_style.install(patches)
            ctx = context_for(loaded, options)
            start = time.process_time()
            pdfs[name] = build(ctx, options)
            cpu[name].append(time.process_time() - start)
    engine_style.uninstall()
    engine_style.install()
    base = statistics.median(cpu["none"])
    print(f"{args.path.name}, median CPU s of {args.rounds} alternated rounds")
    for name, times in cpu.items():
        median = statistics.median(times)
        same = "same PDF" if pdfs[name] == pdfs["none"] else "PDF DIFFERS"
        print(
            f"  {name:18} {median:6.3f} s  gain {base - median:+6.3f} s  "
            f"(fastest {min(times):.3f} s, gain {min(cpu['none']) - min(times):+.3f} s)  {same}"
        )
    return 0 if len(set(pdfs.values())) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
