"""Does a process cost more CPU when another runs beside it? Alone against two at once.

    python bench/pair.py [--rounds 5] -- COMMAND [ARGS...]

Runs COMMAND alone, then two copies of it at the same time, `--rounds` times
alternated, and prints the median CPU time (user and system, from `wait4`) of one
process alone and of one of a pair, and their ratio. A ratio near 1 means the two cores
are really two: a build's two workers each do as much as one would alone; well above 1
means they slow each other (shared caches, memory bandwidth or a host's hyperthreads).

    python bench/pair.py -- drafter render DIR/ashwick-laa-2008.yaml --to pdf --out /tmp/p
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys


def cpu_seconds(commands: list[list[str]]) -> list[float]:
    """Start every command at once; the CPU seconds of each when they have all finished."""
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for cmd in commands
    ]
    spent = []
    for proc, cmd in zip(procs, commands, strict=True):
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{' '.join(cmd)} failed")
        spent.append(usage.ru_utime + usage.ru_stime)
    return spent


def main() -> int:
    """Alternate alone and paired runs; print the medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each (default 5)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="after --: what to run")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    alone: list[float] = []
    paired: list[float] = []
    for _ in range(args.rounds):
        alone += cpu_seconds([command])
        paired += cpu_seconds([command, command])
    one, two = statistics.median(alone), statistics.median(paired)
    print(f"alone:  {one:.2f} s CPU (runs {', '.join(f'{s:.2f}' for s in alone)})")
    print(f"paired: {two:.2f} s CPU each (runs {', '.join(f'{s:.2f}' for s in paired)})")
    print(f"one of a pair costs {two / one:.2f}× one alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
