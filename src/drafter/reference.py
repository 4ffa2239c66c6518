"""Bundled reference data: the National Indicator Set and the PSAs of 2008–11."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .model import Polarity


@dataclass(frozen=True)
class NationalIndicator:
    """One row of the National Indicator Set (2008–11)."""

    ni: int
    title: str
    source: str
    lead_department: str
    subject_group: str
    statutory: bool
    laa_count: int | None
    deleted: bool
    polarity: Polarity | None
    unit: str | None
    data_source: str | None


@cache
def national_indicators() -> dict[int, NationalIndicator]:
    """All national indicators by number, read once from the bundled CSV."""
    text = resources.files("drafter").joinpath("data/national_indicators.csv").read_text(
        encoding="utf-8")
    out: dict[int, NationalIndicator] = {}
    for row in csv.DictReader(text.splitlines()):
        n = int(row["ni"])
        out[n] = NationalIndicator(
            ni=n,
            title=row["title"],
            source=row["source"],
            lead_department=row["lead_department"],
            subject_group=row["subject_group"],
            statutory=row["statutory_education"] == "yes",
            laa_count=int(row["laa_count_2008"]) if row["laa_count_2008"] else None,
            deleted=row["status"] == "deleted",
            polarity=_polarity(row["polarity"]),
            unit=row["unit"] or None,
            data_source=row["data_source"] or None,
        )
    return out


def statutory_indicators() -> list[NationalIndicator]:
    """The 16 statutory education and early years indicators, in NI order."""
    return [i for i in national_indicators().values() if i.statutory]


def _polarity(text: str) -> Polarity | None:
    """'lower is better' → Polarity.LOWER; blank → unknown."""
    word = text.split(" ", 1)[0].lower()
    return Polarity(word) if word in ("higher", "lower") else None
