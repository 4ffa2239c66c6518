"""Bundled reference data: the National Indicator Set, the PSAs of 2008–11, and the
freedoms that evaluations found areas could already use."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

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
    # Where the polarity came from: "reference data" or "inferred from title" (polarity.csv).
    polarity_basis: str | None = None


@cache
def national_indicators() -> dict[int, NationalIndicator]:
    """All national indicators by number, read once from the bundled CSV."""
    text = (
        resources.files("drafter")
        .joinpath("data/national_indicators.csv")
        .read_text(encoding="utf-8")
    )
    inferred = _inferred_polarities()
    out: dict[int, NationalIndicator] = {}
    for row in csv.DictReader(text.splitlines()):
        n = int(row["ni"])
        polarity = _polarity(row["polarity"])
        basis = "reference data" if polarity else None
        if polarity is None and n in inferred:  # the published data wins over inference
            polarity, basis = inferred[n]
        out[n] = NationalIndicator(
            ni=n,
            title=row["title"],
            source=row["source"],
            lead_department=row["lead_department"],
            subject_group=row["subject_group"],
            statutory=row["statutory_education"] == "yes",
            laa_count=int(row["laa_count_2008"]) if row["laa_count_2008"] else None,
            deleted=row["status"] == "deleted",
            polarity=polarity,
            unit=row["unit"] or None,
            data_source=row["data_source"] or None,
            polarity_basis=basis,
        )
    return out


def _inferred_polarities() -> dict[int, tuple[Polarity, str]]:
    """Polarity of NIs whose direction is plain from the title (data/polarity.csv)."""
    text = resources.files("drafter").joinpath("data/polarity.csv").read_text(encoding="utf-8")
    return {
        int(r["ni"]): (Polarity(r["polarity"]), r["basis"])
        for r in csv.DictReader(text.splitlines())
    }


def statutory_indicators() -> list[NationalIndicator]:
    """The 16 statutory education and early years indicators, in NI order."""
    return [i for i in national_indicators().values() if i.statutory]


@cache
def statutory_numbers() -> frozenset[int]:
    """The NI numbers of the 16 statutory education and early years indicators."""
    return frozenset(i.ni for i in statutory_indicators())


@dataclass(frozen=True)
class KnownFreedom:
    """A kind of request that evaluations found areas could already do without a freedom."""

    id: str
    summary: str
    answer: str
    source: str
    # Every group must match the request's text; a group matches when any of its
    # phrases occurs in it (lower case, substring). One pattern per group.
    all_of: tuple[re.Pattern[str], ...]

    def matches(self, text: str) -> bool:
        """True when lower-case `text` contains a phrase from every group."""
        return all(group.search(text) for group in self.all_of)


@cache
def known_freedoms() -> tuple[KnownFreedom, ...]:
    """The bundled list of requests that were already possible (data/known_freedoms.yaml)."""
    text = (
        resources.files("drafter").joinpath("data/known_freedoms.yaml").read_text(encoding="utf-8")
    )
    data: list[dict[str, Any]] = yaml.safe_load(text)
    return tuple(
        KnownFreedom(
            id=d["id"],
            summary=d["summary"],
            answer=" ".join(d["answer"].split()),
            source=d["source"],
            all_of=tuple(
                re.compile("|".join(re.escape(p.lower()) for p in g)) for g in d["all_of"]
            ),
        )
        for d in data
    )


def _polarity(text: str) -> Polarity | None:
    """'lower is better' → Polarity.LOWER; blank → unknown."""
    word = text.split(" ", 1)[0].lower()
    return Polarity(word) if word in ("higher", "lower") else None
