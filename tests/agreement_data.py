"""Minimal complete agreements as plain data, for rule tests to break one thing at a time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from drafter.load import Loaded, load
from drafter.model import Polarity
from drafter.reference import national_indicators, statutory_indicators

YEARS = ["2008/09", "2009/10", "2010/11"]
LPSA_YEARS = ["2005/06", "2006/07", "2007/08"]


def moving(ni: int, base: float = 50.0, years: list[str] = YEARS) -> dict[str, float]:
    """Yearly targets that improve on `base` in the NI's direction."""
    step = -1.0 if national_indicators()[ni].polarity == Polarity.LOWER else 1.0
    return {y: base + step * (k + 1) for k, y in enumerate(years)}


def nis_indicator(ni: int, kind: str = "designated") -> dict[str, Any]:
    """A complete National Indicator target."""
    return {
        "id": f"ni{ni}",
        "ni": ni,
        "type": kind,
        "lead": "council",
        "baseline": {"value": 50.0, "period": "2007/08"},
        "targets": moving(ni),
    }


def local_indicator(ident: str = "loc1", kind: str = "local") -> dict[str, Any]:
    """A complete locally defined target."""
    return {
        "id": ident,
        "title": "Residents using the new one-stop shops",
        "definition": "Visits recorded at the door, per 1,000 residents.",
        "unit": "rate per 1,000",
        "polarity": "higher",
        "source": "Council records",
        "frequency": "quarterly",
        "type": kind,
        "lead": "council",
        "baseline": {"value": 20.0, "period": "2007/08"},
        "targets": {"2008/09": 22.0, "2009/10": 24.0, "2010/11": 26.0},
    }


def common(generation: str, years: list[str]) -> dict[str, Any]:
    """The parts every generation shares."""
    return {
        "drafter": 1,
        "id": f"test-{generation}",
        "generation": generation,
        "area": {"name": "Testborough", "kind": "unitary", "region": "GOWM"},
        "partners": [
            {"id": "council", "name": "Testborough Council", "type": "council", "signatory": True},
            {"id": "pct", "name": "Testborough PCT", "type": "primary care trust"},
        ],
        "period": {"start": years[0], "end": years[-1]},
        "version": "1.0",
        "date": dt.date(int(years[0][:4]), 5, 1),
        "status": "draft",
        "vision": "A borough where everyone can thrive.",
        "funding": {
            "streams": [
                {
                    "id": "nrf",
                    "name": "Neighbourhood Renewal Fund",
                    "department": "CLG",
                    "owner": "council",
                    "treatment": "pooled",
                    "consent": True,
                    "amounts": dict.fromkeys(years, 1000.0),
                    "outcomes": ["o1"],
                }
            ]
        },
        "freedoms": [
            {
                "id": "ff1",
                "title": "Single youth plan",
                "barrier": "Three separate youth plans.",
                "request": "Accept one youth plan in place of three.",
                "rationale": "Saves forty officer days a year.",
                "department": "DCSF",
                "outcomes": ["o1"],
                "status": "agreed",
                "response": "Agreed from April.",
            }
        ],
    }


def laa2008() -> dict[str, Any]:
    """A complete 2008–11 LAA: one designated and one local target, the 16 statutory."""
    data = common("laa2008", YEARS)
    data["themes"] = [
        {
            "id": "t1",
            "title": "Children and young people",
            "outcomes": [
                {
                    "id": "o1",
                    "title": "Fewer young people not in work or learning",
                    "lead": "council",
                    "contributors": ["pct"],
                    "indicators": [nis_indicator(117), local_indicator()],
                }
            ],
        }
    ]
    data["statutory"] = [nis_indicator(i.ni, "statutory") for i in statutory_indicators()]
    data["reward"] = {"per_target": 40000}
    return data


def laa2006() -> dict[str, Any]:
    """A complete 2006–09 LAA: one block, a mandatory and a reward target."""
    years = ["2006/07", "2007/08", "2008/09"]
    data = common("laa2006", years)
    reward = local_indicator("r1", "reward")
    reward["targets"] = {years[-1]: {"without": 24.0, "with": 27.0}}
    mandatory = local_indicator("m1", "mandatory")
    mandatory["targets"] = {y: 21.0 + k for k, y in enumerate(years)}
    mandatory["baseline"] = {"value": 20.0, "period": "2005/06"}
    reward["baseline"] = {"value": 20.0, "period": "2005/06"}
    data["themes"] = [
        {
            "id": "ssc",
            "title": "Safer and Stronger Communities",
            "block": "SSC",
            "outcomes": [
                {
                    "id": "o1",
                    "title": "Cleaner streets",
                    "mandatory": True,
                    "lead": "council",
                    "indicators": [mandatory, reward],
                }
            ],
        }
    ]
    return data


def lpsa() -> dict[str, Any]:
    """A complete LPSA: twelve stretch targets, reward base and pump priming grant."""
    data = common("lpsa", LPSA_YEARS)
    outcomes = []
    for k in range(1, 13):
        target = local_indicator(f"s{k}", "reward")
        target["baseline"] = {"value": 20.0, "period": "2004/05"}
        target["targets"] = {LPSA_YEARS[-1]: {"without": 24.0, "with": 27.0}}
        outcomes.append(
            {
                "id": f"o{k}",
                "title": f"Stretch target {k}",
                "lead": "council",
                "indicators": [target],
            }
        )
    data["themes"] = [{"id": "p1", "title": "Priorities", "outcomes": outcomes}]
    data["reward"] = {
        "net_budget_requirement": 150_000_000,
        "base_year": "2004/05",
        "pump_priming_grant": 1_000_000,
    }
    return data


BUILDERS = {"laa2008": laa2008, "laa2006": laa2006, "lpsa": lpsa}


def write(folder: Path, data: Any, name: str = "agreement.yaml") -> Path:
    """Write plain data as a YAML file; returns its path."""
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def load_data(folder: Path, data: Any) -> Loaded:
    """Write the data and load it as drafter would."""
    return load(write(folder, data))
