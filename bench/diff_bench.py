"""Benchmark `drafter diff`: the two Northfleet versions (35 + 16 targets), whole processes.

Run: `make bench` or `.venv/bin/python bench/diff_bench.py [--runs 5]`.
Targets (issue #9): the terminal report of two files under 0.3 s wall including
interpreter start-up; the schedule of changes (Word and PDF) and the Word redline under
2 s. The report with the older side read from git (`path@HEAD`) is timed too: it starts
two git processes more.
Times are whole `drafter` processes, median of several runs; a busy machine makes
them noisy, so run it when nothing else is working.
"""

from __future__ import annotations

import argparse
import compileall
import sys
import tempfile
from pathlib import Path

from validate_bench import median_times  # bench/ is on the path when run as a script

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "agreements" / "northfleet-laa-2008.yaml"
NEW = ROOT / "agreements" / "northfleet-laa-2008-v2.yaml"


def main() -> None:
    """Time the commands, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    args = parser.parse_args()
    drafter = str(Path(sys.executable).parent / "drafter")
    # Compiled first, as an installed copy is: with PYTHONDONTWRITEBYTECODE set (or the
    # sources just edited) every process would otherwise compile the modules it imports
    # again, about 0.15 s of the terminal report's time.
    compileall.compile_dir(ROOT / "src" / "drafter", quiet=1)
    base = [drafter, "diff", str(OLD), str(NEW)]
    with tempfile.TemporaryDirectory() as out:
        figures: list[tuple[str, list[str], float | None]] = [
            ("start-up (drafter --version)", [drafter, "--version"], 0.3),
            ("terminal report", base, 0.3),
            # The older version read from git history (as committed at HEAD).
            ("terminal report, older side from git", [*base[:2], f"{OLD}@HEAD", str(NEW)], None),
            ("schedule of changes (Word and PDF)", [*base, "--to", "docx,pdf", "--out", out], 2),
            ("Word redline", [*base, "--redline", "--out", out], 2),
            (
                "schedule and redline together",
                [*base, "--to", "docx,pdf", "--redline", "--out", out],
                2,
            ),
        ]
        for name, cmd, target in figures:
            wall, cpu = median_times(cmd, args.runs, ok=(0, 1))  # 1: the versions differ
            aim = f" (target < {target} s)" if target is not None else ""
            print(f"diff, {name}: {wall:.3f} s wall, {cpu:.3f} s CPU, medians of {args.runs}{aim}")


if __name__ == "__main__":
    main()
