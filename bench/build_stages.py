"""Where a build's CPU time goes, stage by stage, in one warm process.

    python bench/build_stages.py DIR [--count N]

Takes the agreements in DIR (bench/generate.py writes them) through what a build worker
does — load, validate, context, Word, HTML, PDF, hashing the outputs — and then what the
regional packs do (summarise every agreement, make each region's pack as PDF and
workbook), timing each stage with the process's CPU clock (`time.process_time`) after
one warm-up, as a build worker is warm. Nothing is written. The collector runs when it
would in a worker, so its time is in whichever stage comes after a PDF.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    """Time every stage and print the table."""
    from drafter.build import warm_worker
    from drafter.load import load
    from drafter.pack.build import pack_document, render_documents
    from drafter.pack.region import regional_pack
    from drafter.pipeline import sha256, summarise_file
    from drafter.render import FORMATS, RenderOptions, context_for, render_time
    from drafter.validate import validate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=10, help="agreements to take (default 10)")
    args = parser.parse_args()
    spent: dict[str, float] = defaultdict(float)

    def clock(stage: str, work: Callable[..., Any], *a: Any, **k: Any) -> Any:
        started = time.process_time()
        done = work(*a, **k)
        spent[stage] += time.process_time() - started
        return done

    warm_worker(["docx", "pdf", "html"])
    files = sorted(args.folder.glob("*.yaml"))[: args.count]
    options = RenderOptions()
    for path in files:
        loaded = clock("load", load, path)
        clock("validate", validate, loaded, today=None)
        ctx = clock("context", context_for, loaded, options)
        for fmt in ("docx", "html", "pdf"):
            data = clock(fmt, FORMATS[fmt].builder(), ctx, options)
            clock("hashing outputs", sha256, data)
    regions: dict[str | None, list[Any]] = defaultdict(list)
    for path in files:
        summarised = clock("packs: load, validate, summarise", summarise_file, path)
        regions[summarised.region].append(summarised.summary)
    when = render_time(None)
    with tempfile.TemporaryDirectory() as out:
        for members in regions.values():
            pack = clock("packs: contents", regional_pack, members, when.date(), None, [])
            doc = clock("packs: contents", pack_document, pack, when)
            clock(
                "packs: PDF and workbook",
                render_documents,
                [doc],
                ("pdf", "xlsx"),
                Path(out),
                when,
                beside=False,
            )
    total = sum(spent.values())
    print(f"{len(files)} agreements, {total:.1f} s CPU in all")
    for stage, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        share = 100 * seconds / total
        print(f"  {stage:<34} {seconds:7.2f} s  {share:5.1f}%  {seconds / len(files):6.3f} s each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
