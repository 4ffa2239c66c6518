"""Benchmark `drafter validate`: one agreement, and 150 generated at national scale.

Run: `make bench` or `.venv/bin/python bench/validate_bench.py [--runs 5]`.
Targets (issue #2): one agreement under 0.5 s wall including interpreter start-up;
150 agreements of 35 designated + 16 statutory targets each under 2 s.
Times are whole `drafter` processes, median of several runs.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from drafter.reference import national_indicators, statutory_indicators  # noqa: E402

YEARS = ["2008/09", "2009/10", "2010/11"]


def generated_agreement(n: int) -> dict[str, object]:
    """A complete 2008–11 LAA with 35 designated, 16 statutory and 4 local targets."""
    nis = [i for i in national_indicators().values() if not i.statutory and not i.deleted]
    chosen = [nis[(n * 7 + k * 5) % len(nis)] for k in range(35)]
    chosen = list({i.ni: i for i in chosen}.values())
    k = 0
    while len(chosen) < 35:  # the stride may repeat an indicator; top up in order
        if nis[k] not in chosen:
            chosen.append(nis[k])
        k += 1

    def rising(base: float) -> dict[str, float]:
        return {y: round(base + 1.5 * (j + 1), 1) for j, y in enumerate(YEARS)}

    partners = [
        {
            "id": "council",
            "name": f"Area {n} Council",
            "type": "council",
            "duty_to_cooperate": True,
            "signatory": True,
        },
        {
            "id": "pct",
            "name": f"Area {n} Primary Care Trust",
            "type": "primary care trust",
            "duty_to_cooperate": True,
            "signatory": True,
        },
        {"id": "police", "name": "County Police", "type": "police", "duty_to_cooperate": True},
    ]
    themes = []
    for t in range(5):
        outcomes = []
        for o in range(7):
            ni = chosen[t * 7 + o]
            outcomes.append(
                {
                    "id": f"T{t + 1}-O{o + 1}",
                    "title": f"Outcome {o + 1} of theme {t + 1}",
                    "lead": "council",
                    "contributors": ["pct"],
                    "narrative": "Partners will work together to improve this outcome.",
                    "indicators": [
                        {
                            "id": f"NI{ni.ni}",
                            "ni": ni.ni,
                            "type": "designated",
                            "lead": "council",
                            "polarity": "higher",
                            "unit": "%",
                            "baseline": {"value": 40.0, "period": "2007/08"},
                            "targets": rising(40.0),
                        }
                    ],
                }
            )
        themes.append({"id": f"T{t + 1}", "title": f"Theme {t + 1}", "outcomes": outcomes})
    themes[0]["outcomes"][0]["indicators"].extend(
        {
            "id": f"L{j}",
            "title": f"Local measure {j}",
            "definition": "Counted locally.",
            "unit": "%",
            "polarity": "higher",
            "source": "Council records",
            "frequency": "annual",
            "type": "local",
            "lead": "council",
            "baseline": {"value": 50.0, "period": "2007/08"},
            "targets": rising(50.0),
        }
        for j in range(1, 5)
    )
    statutory = [
        {
            "id": f"NI{s.ni}",
            "ni": s.ni,
            "type": "statutory",
            "lead": "council",
            "polarity": "higher",
            "unit": "%",
            "baseline": {"value": 60.0, "period": "2007/08"},
            "targets": rising(60.0),
        }
        for s in statutory_indicators()
    ]
    streams = [
        {
            "id": f"F{j}",
            "name": f"Stream {j}",
            "department": "CLG",
            "owner": "council",
            "treatment": "area based grant",
            "consent": True,
            "amounts": dict.fromkeys(YEARS, 100000.0 + j),
            "outcomes": [f"T{j % 5 + 1}-O1"],
        }
        for j in range(20)
    ]
    freedoms = [
        {
            "id": f"FF{j}",
            "title": f"Request {j}",
            "barrier": "A rule gets in the way.",
            "request": "Relax the rule locally.",
            "rationale": "Evidence shows it would help.",
            "department": "CLG",
            "outcomes": ["T1-O1"],
            "status": "agreed",
            "response": "Agreed.",
        }
        for j in range(15)
    ]
    return {
        "id": f"area-{n}",
        "generation": "laa2008",
        "area": {
            "name": f"Area {n}",
            "kind": "unitary",
            "accountable_body": f"Area {n} Council",
            "lsp": f"Area {n} Partnership",
            "region": "GOWM",
        },
        "partners": partners,
        "period": {"start": "2008/09", "end": "2010/11"},
        "version": "1.0",
        "date": "2008-05-01",
        "status": "submitted",
        "dates": {"first_draft": "2008-01-15", "submitted": "2008-05-01"},
        "vision": "A place where everyone can thrive.",
        "themes": themes,
        "statutory": statutory,
        "funding": {"streams": streams},
        "freedoms": freedoms,
        "reward": {"per_target": 40000},
        "governance": {"structure": "The LSP board oversees delivery."},
        "signatories": [
            {"partner": "council", "name": "A Leader", "role": "Leader"},
            {"partner": "pct", "name": "A Chair", "role": "Chair"},
        ],
    }


def median_wall(cmd: list[str], runs: int, ok: tuple[int, ...] = (0, 1)) -> float:
    """Median wall-clock seconds of a whole command."""
    return median_times(cmd, runs, ok)[0]


def median_times(cmd: list[str], runs: int, ok: tuple[int, ...] = (0, 1)) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds (user + system) of a whole command.

    On a shared, busy machine the CPU time says more than the wall time about what the
    command costs: other processes lengthen the wall time, not the CPU time.
    """
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode not in ok:
            sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    """Generate the agreements, time the commands, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    args = parser.parse_args()
    drafter = str(Path(sys.executable).parent / "drafter")
    largest = ROOT / "agreements" / "northfleet-laa-2008.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in range(150):
            text = yaml.safe_dump(generated_agreement(n), sort_keys=False, allow_unicode=True)
            (folder / f"area-{n:03d}.yaml").write_text(text, encoding="utf-8")
        one = largest if largest.exists() else folder / "area-000.yaml"
        t_one = median_wall([drafter, "validate", "-q", str(one)], args.runs)
        t_all = median_wall([drafter, "validate", "-q", str(folder)], args.runs)
        check = subprocess.run(
            [drafter, "validate", "-q", str(folder)], capture_output=True, text=True, check=False
        )
    print(
        f"validate one agreement ({one.name}): {t_one:.3f} s median of {args.runs} (target < 0.5 s)"
    )
    print(
        f"validate 150 generated agreements (35 + 16 + 4 targets each): {t_all:.3f} s "
        f"median of {args.runs} (target < 2 s)"
    )
    print(f"  (their result: {check.stdout.strip().splitlines()[-1]})")


if __name__ == "__main__":
    main()
