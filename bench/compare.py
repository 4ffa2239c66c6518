"""Time drafter against what a user would otherwise do, on the same agreement, whole processes.

    python bench/compare.py [AGREEMENT] [--runs 5]        # drafter vs LibreOffice and pandoc
    python bench/compare.py --scaling [--runs 5]          # 35, 70, 140 and 280 indicators
    python bench/compare.py --throughput 20 [--runs 3]    # drafter build vs LibreOffice

The comparison, in one run and on one agreement (default: the largest example):

- our PDF (`drafter render --to pdf`) against LibreOffice headless converting our Word
  document to PDF (`soffice --headless --convert-to pdf`), the usual way to get a PDF
  from Word without Word;
- our DOCX (`drafter render --to docx`) against pandoc converting our HTML to DOCX.

The commands are alternated (one of each, then again), at least 5 runs each; the
figures are medians of whole processes (start-up and exit included), with CPU time and
peak memory, and the ratios are taken pair by pair (run i of ours against run i of the
other) and their median reported. LibreOffice gets a profile of its own, created by an
untimed first run, so it neither starts cold nor hands work to another instance.

`--scaling` times validate, DOCX and PDF for generated agreements of 35, 70, 140 and 280
indicator rows and reports the cost per row between sizes: it must not grow.

LibreOffice and pandoc come from Debian: `bash scripts/sysdeps.sh --bench` installs them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LARGEST = ROOT / "agreements" / "northfleet-laa-2008.yaml"
SIZES = (35, 70, 140, 280)


@dataclass
class Timing:
    """Runs of one command: wall seconds, CPU seconds and peak memory (MiB) of each."""

    label: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)

    def median(self) -> float:
        """Median wall-clock seconds."""
        return statistics.median(self.wall)

    def line(self) -> str:
        """One line of the report."""
        return (
            f"{self.label:<44} {self.median():6.2f} s  (CPU {statistics.median(self.cpu):5.2f} s, "
            f"peak {max(self.rss):5.0f} MiB, runs {', '.join(f'{w:.2f}' for w in self.wall)})"
        )


def run(cmd: list[str], timing: Timing, env: dict[str, str] | None = None) -> None:
    """Run one whole process; record its wall time, CPU time and peak memory."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env or os.environ.copy()
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    output = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{output[-2000:]}")
    timing.wall.append(wall)
    timing.cpu.append(usage.ru_utime + usage.ru_stime)
    timing.rss.append(usage.ru_maxrss / 1024)


def drafter() -> str:
    """The drafter command of this environment."""
    return str(Path(sys.executable).parent / "drafter")


def prepare(source: Path, formats: str, out: Path, env: dict[str, str]) -> None:
    """Render what the other tools start from (untimed)."""
    subprocess.run(
        [drafter(), "render", str(source), "--to", formats, "--out", str(out)],
        check=True,
        capture_output=True,
        env=env,
    )


def pair_ratios(ours: Timing, theirs: Timing) -> tuple[float, float, float]:
    """(median, lowest, highest) of run-by-run ratios ours/theirs."""
    ratios = [a / b for a, b in zip(ours.wall, theirs.wall, strict=True)]
    return statistics.median(ratios), min(ratios), max(ratios)


def need(tool: str) -> str:
    """The path of a system tool, or a clear exit saying how to install it."""
    found = shutil.which(tool)
    if not found:
        sys.exit(f"{tool} is not installed; run `bash scripts/sysdeps.sh --bench` (as root).")
    return found


WARM_SCRIPT = """
import sys, time, json
from pathlib import Path
from drafter.build import warm_worker
from drafter.pipeline import Job, process
from drafter.render import RenderOptions
from drafter.render.engine import shared_fonts
from drafter.render.engine_text import forget
warm_worker(["pdf"])
job = Job(Path(sys.argv[1]), ("pdf",), Path(sys.argv[2]), RenderOptions())
process(job)  # the first agreement also compiles the templates
times = []
for _ in range(int(sys.argv[3])):
    forget(shared_fonts())  # as a worker meets an agreement it has not laid out before
    started = time.perf_counter(); cpu = time.process_time()
    result = process(job)
    times.append((time.perf_counter() - started, time.process_time() - cpu))
    assert result.ok, result
print(json.dumps(times))
"""


def warm_pdf(agreement: Path, runs: int, tmp: Path, env: dict[str, str]) -> Timing:
    """Our PDF in a build worker that is already warm: load, validate, render, write."""
    done = subprocess.run(
        [sys.executable, "-c", WARM_SCRIPT, str(agreement), str(tmp / "warm"), str(runs)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    timing = Timing("drafter PDF in a warm build worker")
    for wall, cpu in json.loads(done.stdout):
        timing.wall.append(wall)
        timing.cpu.append(cpu)
        timing.rss.append(0.0)
    return timing


def compare(agreement: Path, runs: int, tmp: Path) -> dict[str, object]:
    """Alternate our DOCX and PDF with LibreOffice's PDF and pandoc's DOCX; print and return."""
    soffice, pandoc = need("soffice"), need("pandoc")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1214784000"}  # 30 June 2008: same bytes each run
    base = tmp / "ours"
    prepare(agreement, "docx,html", base, env)
    docx = base / f"{agreement.stem}.docx"
    html = base / f"{agreement.stem}.html"
    profile = f"-env:UserInstallation=file://{tmp / 'lo-profile'}"
    lo_cmd = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp / "lo")]
    commands = {
        "ours_pdf": (
            Timing("drafter render --to pdf"),
            [drafter(), "render", str(agreement), "--to", "pdf", "--out", str(tmp / "pdf")],
        ),
        "lo_pdf": (Timing("LibreOffice: our DOCX → PDF"), [*lo_cmd, str(docx)]),
        "ours_docx": (
            Timing("drafter render --to docx"),
            [drafter(), "render", str(agreement), "--to", "docx", "--out", str(tmp / "docx")],
        ),
        "pandoc_docx": (
            Timing("pandoc: our HTML → DOCX"),
            [pandoc, str(html), "-o", str(tmp / "pandoc.docx")],
        ),
    }
    for _, cmd in commands.values():  # untimed: LibreOffice makes its profile, caches fill
        run(cmd, Timing("warm-up"), env)
    for _ in range(runs):
        for timing, cmd in commands.values():
            run(cmd, timing, env)
    t = {k: v[0] for k, v in commands.items()}
    warm = warm_pdf(agreement, runs, tmp, env)
    print(f"{agreement.name}, {runs} runs each, alternated; whole processes, medians")
    for timing in t.values():
        print("  " + timing.line())
    print(
        f"  {warm.label:<44} {warm.median():6.2f} s  (CPU {statistics.median(warm.cpu):5.2f} s; "
        f"{warm.median() / t['lo_pdf'].median():.2f}× LibreOffice's whole process)"
    )
    pdf = pair_ratios(t["ours_pdf"], t["lo_pdf"])
    docx_r = pair_ratios(t["ours_docx"], t["pandoc_docx"])
    print(
        f"  our PDF / LibreOffice's PDF: {pdf[0]:.2f}× (pairs {pdf[1]:.2f}–{pdf[2]:.2f}); "
        f"ratio of medians {t['ours_pdf'].median() / t['lo_pdf'].median():.2f}×"
    )
    print(
        f"  our DOCX / pandoc's DOCX:    {docx_r[0]:.2f}× (pairs {docx_r[1]:.2f}–{docx_r[2]:.2f}); "
        f"ratio of medians {t['ours_docx'].median() / t['pandoc_docx'].median():.2f}×"
    )
    return {
        "agreement": agreement.name,
        "runs": runs,
        "medians": {k: v.median() for k, v in t.items()},
        "pdf_ratio": pdf[0],
        "docx_ratio": docx_r[0],
        "wall": {k: v.wall for k, v in t.items()},
        "warm_pdf": warm.median(),
        "warm_ratio": warm.median() / t["lo_pdf"].median(),
    }


def throughput(count: int, runs: int, tmp: Path) -> dict[str, object]:
    """`drafter build` to PDF on every core against LibreOffice converting the same, in turn."""
    soffice = need("soffice")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1214784000"}
    project = tmp / "project"
    generate = [sys.executable, str(ROOT / "bench" / "generate.py"), "--areas", str(count)]
    subprocess.run([*generate, "--out", str(project)], check=True, capture_output=True)
    (project / "drafter.yaml").write_text(
        "agreements: [.]\noutput: output\nformats: [pdf]\n", encoding="utf-8"
    )
    docx = tmp / "docx"
    prepare(project, "docx", docx, env)
    files = sorted(map(str, docx.glob("*.docx")))
    profile = f"-env:UserInstallation=file://{tmp / 'lo-profile'}"
    lo = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp / "lo")]
    ours = [drafter(), "build", str(project), "--force-all"]
    t_lo = Timing(f"LibreOffice: {count} DOCX → PDF, one after another")
    t_ours = Timing(f"drafter build: {count} PDFs on every core")
    run([*lo, files[0]], Timing("warm-up"), env)  # LibreOffice makes its profile
    for _ in range(runs):
        run(ours, t_ours, env)
        run([*lo, *files], t_lo, env)
    print(f"Throughput: {count} generated agreements, {runs} runs each, alternated")
    print("  " + t_ours.line())
    print("  " + t_lo.line())
    ratio = pair_ratios(t_lo, t_ours)
    print(
        f"  drafter's PDF throughput / LibreOffice's: {ratio[0]:.2f}× "
        f"(pairs {ratio[1]:.2f}–{ratio[2]:.2f})"
    )
    return {
        "count": count,
        "drafter": t_ours.median(),
        "libreoffice": t_lo.median(),
        "ratio": ratio[0],
    }


def scaling(runs: int, tmp: Path) -> dict[str, object]:
    """Validate, DOCX and PDF times for agreements of 35, 70, 140 and 280 indicator rows."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1214784000"}
    files = {}
    for n in SIZES:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "generate.py"),
                "--areas",
                "1",
                "--indicators",
                str(n),
                "--out",
                str(tmp / f"n{n}"),
            ],
            check=True,
            capture_output=True,
        )
        (files[n],) = sorted((tmp / f"n{n}").glob("*.yaml"))
    steps = {
        "validate": lambda p: [drafter(), "validate", "-q", str(p)],
        "docx": lambda p: [drafter(), "render", str(p), "--to", "docx", "--out", str(tmp / "o")],
        "pdf": lambda p: [drafter(), "render", str(p), "--to", "pdf", "--out", str(tmp / "o")],
    }
    table: dict[str, dict[int, Timing]] = {s: {n: Timing(f"{s} {n}") for n in SIZES} for s in steps}
    for step, cmd in steps.items():
        run(cmd(files[SIZES[0]]), Timing("warm-up"), env)
        for _ in range(runs):
            for n in SIZES:  # alternate the sizes so drift hits them alike
                run(cmd(files[n]), table[step][n], env)
    print(f"Scaling: generated agreements, whole processes, median of {runs} runs")
    print(f"  {'rows':>5} " + " ".join(f"{s:>28}" for s in steps))
    for n in SIZES:
        cells = [
            f"{table[s][n].median():6.2f} s ({statistics.median(table[s][n].cpu):5.2f} CPU) "
            f"{max(table[s][n].rss):4.0f} MiB"
            for s in steps
        ]
        print(f"  {n:>5} " + " ".join(f"{c:>28}" for c in cells))
    print("  CPU cost per extra row (ms) between sizes:")
    slopes: dict[str, list[float]] = {}
    for s in steps:
        med = [statistics.median(table[s][n].cpu) for n in SIZES]
        slopes[s] = [
            1000 * (med[i + 1] - med[i]) / (SIZES[i + 1] - SIZES[i]) for i in range(len(SIZES) - 1)
        ]
        pairs = ", ".join(f"{SIZES[i]}→{SIZES[i + 1]}: {v:.1f}" for i, v in enumerate(slopes[s]))
        print(f"    {s:<9} {pairs}")
    return {
        "sizes": list(SIZES),
        "medians": {s: {n: table[s][n].median() for n in SIZES} for s in steps},
        "cpu_medians": {s: {n: statistics.median(table[s][n].cpu) for n in SIZES} for s in steps},
        "peak_mib": {s: {n: max(table[s][n].rss) for n in SIZES} for s in steps},
        "ms_per_row": slopes,
    }


def main() -> int:
    """Run the comparison (or the scaling report) and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("agreement", nargs="?", type=Path, default=LARGEST)
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (at least 5)")
    parser.add_argument("--scaling", action="store_true", help="the 35–280 indicator report")
    parser.add_argument(
        "--throughput", type=int, metavar="N", help="drafter build vs LibreOffice on N agreements"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    print(
        f"load average before: {os.getloadavg()[0]:.2f} (2 cores; above ~0.3 the figures are noisy)"
    )
    with tempfile.TemporaryDirectory(prefix="drafter-compare-") as tmp:
        if args.scaling:
            result = scaling(args.runs, Path(tmp))
        elif args.throughput:
            result = throughput(args.throughput, args.runs, Path(tmp))
        else:
            result = compare(args.agreement.resolve(), args.runs, Path(tmp))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
