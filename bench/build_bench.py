"""Time `drafter build` on generated agreements: full build, no-op rebuild, one change.

    python bench/build_bench.py [--areas 150] [--formats docx,pdf,html] [--packs pdf,xlsx]
                                [--keep DIR]

Generates the agreements (bench/generate.py), writes a drafter.yaml, then times whole
`drafter build` processes: the full build (`--force-all`), a rebuild with nothing
changed, and a rebuild after one agreement changed (first in a way its region's pack
does not show, then in a way it does). `--packs` adds the regional
sign-off packs in those formats (`packs:` in drafter.yaml), as issue 11's full build
has. While each runs, the build and its worker processes are sampled from /proc every
0.1 s: the peak of their resident memory added together, and the CPU time each used.
On a machine shared with other work the wall-clock time of the full build is longer
than the CPU time divided by the cores; both are printed. Targets (issue 11, 2 cores):
full build of 150 under 180 s and 2 GiB, no-op under 2 s, one change under 10 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return out


def _sample(pid: int) -> tuple[int, float] | None:
    """(resident bytes, CPU seconds) of one process, or None if it has gone."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            rss = int(f.read().split()[1]) * PAGE
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return rss, (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return None


def watched(cmd: list[str]) -> tuple[float, float, float, str]:
    """Run a command; (wall seconds, CPU seconds of it and its descendants, peak MiB, output)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak, cpu = 0, {}
    while proc.poll() is None:
        total = 0
        for p in _descendants(proc.pid):
            s = _sample(p)
            if s:
                total += s[0]
                cpu[p] = max(cpu.get(p, 0.0), s[1])
        peak = max(peak, total)
        time.sleep(0.1)
    wall = time.perf_counter() - started
    output = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{output[-3000:]}")
    return wall, sum(cpu.values()), peak / 2**20, output


def main() -> int:
    """Generate, build three ways, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=150)
    parser.add_argument("--formats", default="docx,pdf,html")
    parser.add_argument("--packs", default="", help="also a pack per region, in these formats")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    drafter = str(Path(sys.executable).parent / "drafter")
    with tempfile.TemporaryDirectory(prefix="drafter-build-") as tmp:
        project = args.keep or Path(tmp)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "generate.py"),
                "--areas",
                str(args.areas),
                "--out",
                str(project),
            ],
            check=True,
            capture_output=True,
        )
        formats = ", ".join(args.formats.split(","))
        packs = ", ".join(args.packs.split(",")) if args.packs else ""
        (project / "drafter.yaml").write_text(
            f"agreements: [.]\noutput: output\nformats: [{formats}]\n"
            + (f"packs: {{formats: [{packs}]}}\n" if packs else ""),
            encoding="utf-8",
        )
        cores = len(os.sched_getaffinity(0))
        print(
            f"{args.areas} generated agreements to {formats}"
            + (f", packs to {packs}" if packs else "")
            + f"; {cores} cores; "
            f"load average {os.getloadavg()[0]:.2f} before"
        )
        wall, cpu, peak, _ = watched([drafter, "build", str(project), "--force-all"])
        print(
            f"  full build    {wall:7.1f} s wall, {cpu:7.1f} s CPU "
            f"(÷ {cores} cores = {cpu / cores:.1f} s), peak {peak:.0f} MiB (target < 180 s, 2 GiB)"
        )
        wall, cpu, peak, _ = watched([drafter, "build", str(project)])
        print(
            f"  nothing changed {wall:5.2f} s wall, {cpu:5.2f} s CPU, peak {peak:.0f} MiB "
            "(target < 2 s)"
        )
        one = sorted(project.glob("*.yaml"))[0]
        # A signatory's title, which the pack does not show; then the version, which it
        # does (so the region's pack is laid out again).
        for what, old, new in (
            ("not in its pack", "Chair,", "Chair of"),
            ("shown in its pack", "version: '", "version: '2."),
        ):
            one.write_text(one.read_text(encoding="utf-8").replace(old, new, 1))
            wall, cpu, peak, out = watched([drafter, "build", str(project)])
            print(
                f"  one changed, {what}: {wall:7.2f} s wall, {cpu:5.2f} s CPU (target < 10 s): "
                f"{out.strip().splitlines()[-1]}"
            )
        print(f"  load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
