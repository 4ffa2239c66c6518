"""Fuzz: thousands of broken agreements through load, validate, the context and back ends.

Run: `nice .venv/bin/python bench/fuzz.py --cases 10000` (from the repository root).
Every case goes through HTML; every `--docx-every`-th also through Word and every
`--pdf-every`-th through PDF. A crash is any exception; the first few are printed as they
happen, with their case, and the counts at the end say how far the cases reached. Exit code 1 if
anything crashed. Each crash is saved; `--replay FILE` runs it again with its traceback.
The strategies are the test suite's (tests/mutations.py).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from tests.mutations import mutated, run_case  # noqa: E402


def _where(e: BaseException) -> str:
    """'KeyError at drafter/context/indicators.py:234': the kind of crash, to count alike."""
    place = "?"
    for frame in traceback.extract_tb(e.__traceback__):
        if "/drafter/" in frame.filename:
            place = f"{frame.filename.split('/src/')[-1]}:{frame.lineno}"
    return f"{type(e).__name__} at {place}"


def main() -> None:
    """Run the cases and print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--docx-every", type=int, default=10)
    parser.add_argument("--pdf-every", type=int, default=100)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--replay", type=Path, help="Run one saved crash again, to debug it.")
    args = parser.parse_args()
    if args.replay:
        name, data = pickle.loads(args.replay.read_bytes())
        with tempfile.TemporaryDirectory() as folder:
            print(run_case(Path(folder), data, ("html", "docx", "pdf")), name)
        return
    keep = Path(tempfile.mkdtemp(prefix="drafter-fuzz-"))
    counts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()  # crashes by exception and the drafter line raising it
    crashes: list[str] = []
    started = time.perf_counter()

    @seed(args.seed)
    @settings(
        max_examples=args.cases,
        database=None,
        deadline=None,
        phases=[Phase.generate],  # every case new; a crash is reported, not shrunk
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated())
    def one(case: tuple[str, Any]) -> None:
        n = counts["cases"]
        counts["cases"] += 1
        formats = ["html"]
        if n % args.docx_every == 0:
            formats.append("docx")
        if n % args.pdf_every == 0:
            formats.append("pdf")
        with tempfile.TemporaryDirectory() as folder:
            try:
                reached = run_case(Path(folder), case[1], tuple(formats))
            except Exception as e:
                counts["crashes"] += 1
                kinds[_where(e)] += 1
                saved = keep / f"crash-{n}.pickle"  # the broken data, to replay the case
                saved.write_bytes(pickle.dumps(case))
                if len(crashes) < 5:  # printed at once, so a long run shows them early
                    crashes.append(f"case {n} ({case[0]}, {saved}):\n{traceback.format_exc()}")
                    print(crashes[-1], flush=True)
                return
        counts["loaded"] += reached.loaded
        counts["validated"] += reached.validated
        for name in reached.formats:
            counts[f"rendered {name}"] += 1
        if n and n % 1000 == 0:
            print(
                f"  {n} cases, {counts['crashes']} crashes, {time.perf_counter() - started:.0f} s"
            )

    one()
    took = time.perf_counter() - started
    print(
        f"{counts['cases']} cases in {took:.0f} s: crashes {counts['crashes']}; "
        f"validated {counts['validated']}; rendered to HTML {counts['rendered html']}, "
        f"Word {counts['rendered docx']}, PDF {counts['rendered pdf']} "
        "(the others were refused as unreadable or had no agreement to render)."
    )
    for kind, n in kinds.most_common():
        print(f"  {n} × {kind}")
    sys.exit(1 if counts["crashes"] else 0)


if __name__ == "__main__":
    main()
