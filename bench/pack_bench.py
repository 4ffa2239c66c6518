"""Benchmark `drafter pack`: a regional pack of 30 generated agreements, and one summary.

Run: `make bench` or `.venv/bin/python bench/pack_bench.py [--runs 3]`.
Targets (issue #8): a regional pack of 30 generated agreements (PDF, Word, HTML and
XLSX) under 30 s on a 2-core machine; a single summary under 2 s including start-up.
Times are whole `drafter` processes, median of several runs. The agreements come from
the validation benchmark's generator (35 designated + 16 statutory + 4 local targets,
20 funding streams and 15 freedoms each), all in one region.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from validate_bench import generated_agreement, median_times

AREAS = 30
PACK_TARGET, SUMMARY_TARGET = 30.0, 2.0


def main() -> None:
    """Generate the agreements, time the commands, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args()
    drafter = str(Path(sys.executable).parent / "drafter")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "agreements"
        folder.mkdir()
        for n in range(AREAS):
            text = yaml.safe_dump(generated_agreement(n), sort_keys=False, allow_unicode=True)
            (folder / f"area-{n:03d}.yaml").write_text(text, encoding="utf-8")
        out = Path(tmp) / "out"
        one = folder / "area-000.yaml"
        pack = [drafter, "pack", str(folder), "--region", "GOWM", "--out", str(out)]
        figures = [
            (
                f"regional pack of {AREAS}, pdf+docx+html+xlsx",
                *median_times(pack, args.runs, ok=(0,)),
                PACK_TARGET,
            )
        ]
        for fmt in ("pdf", "html", "docx", "xlsx"):
            cmd = [drafter, "pack", str(one), "--to", fmt, "--out", str(out)]
            figures.append(
                (f"one summary, {fmt}", *median_times(cmd, args.runs, ok=(0,)), SUMMARY_TARGET)
            )
    for label, wall, cpu, target in figures:
        verdict = "ok" if wall < target else f"over the {target:.0f} s target"
        print(f"{label:<44} wall {wall:6.2f} s  cpu {cpu:6.2f} s  ({verdict})")


if __name__ == "__main__":
    main()
