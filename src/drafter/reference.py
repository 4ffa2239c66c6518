"""Bundled reference data: the National Indicator Set, the PSAs of 2008–11, and the
freedoms that evaluations found areas could already use.

The national indicators (data/national_indicators.csv) carry, where the National Indicator
Set defines one, the unit a figure is given in and whether a higher or a lower figure is
better. Units come from the fixed vocabulary `UNITS`; the file is checked against it, and
against the shape of the set (NI 1 to NI 199, each once), every time it is read.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from .errors import DrafterError
from .model import Polarity

# The unit words the bundled indicator data may use, with what each means. A blank unit
# means unknown, or not one number (a yes/no, or several parts in different units).
# How a figure prints: '%' → "48%", '% points' → "2.5 points", '£' → "£1,250"; any
# other unit is named after the indicator's title ("(rate per 1,000 population)").
UNITS: Mapping[str, str] = MappingProxyType(
    {
        "%": "a percentage of a defined group",
        "% points": "a gap between two percentages, in percentage points",
        "count": "a number of people, homes, schools, journeys or other things",
        "rate per 1,000 population": "events per 1,000 residents",
        "rate per 100,000 population": "events per 100,000 residents",
        "rate per 10,000 aged 0–17": "events per 10,000 residents aged 0 to 17",
        "rate per 100,000 aged 10–17": "events per 100,000 residents aged 10 to 17",
        "rate per 10,000 aged 16+": "events per 10,000 residents aged 16 or over",
        "rate per 100,000 aged 16+": "events per 100,000 residents aged 16 or over",
        "rate per 100,000 aged 18+": "events per 100,000 residents aged 18 or over",
        "rate per 1,000 females aged 15–17": "conceptions per 1,000 females aged 15 to 17",
        "£": "pounds sterling",
        "days": "a number of days",
        "years": "a number of years",
        "minutes per mile": "average journey time per mile",
        "kg per household": "kilograms per household per year",
        "tonnes CO2 per capita": "tonnes of carbon dioxide per resident per year",
        "score": "points on the scale the definition sets (see the unit note)",
        "level 0–4": "a stage reached, from 0 to 4",
        "level 1–5": "a stage reached, from 1 to 5",
    }
)

# Where a polarity in the data comes from: the measure the NIS defines, or (when the
# measure itself could not be confirmed) a direction that is plain from the title.
POLARITY_BASES: Mapping[str, str] = MappingProxyType(
    {"definition": "NIS definition", "title": "inferred from title"}
)

_NI_COLUMNS = (
    "ni",
    "title",
    "source",
    "lead_department",
    "subject_group",
    "statutory_education",
    "laa_count_2008",
    "status",
    "polarity",
    "polarity_basis",
    "unit",
    "unit_note",
    "data_source",
)
_NI_NUMBERS = frozenset(range(1, 200))  # NI 1 to NI 199; NI 31 is kept, marked deleted


class ReferenceDataError(DrafterError):
    """The bundled reference data is damaged: a packaging fault, not the user's input."""


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
    unit: str | None  # one of UNITS, or None when unknown or not one number
    data_source: str | None
    # "NIS definition" or "inferred from title" (see POLARITY_BASES); None without polarity.
    polarity_basis: str | None = None
    unit_note: str | None = None  # what exactly is measured, when the unit alone is not enough


@cache
def national_indicators() -> dict[int, NationalIndicator]:
    """All national indicators by number, read once from the bundled CSV and checked."""
    text = (
        resources.files("drafter")
        .joinpath("data/national_indicators.csv")
        .read_text(encoding="utf-8")
    )
    return parse_national_indicators(text)


def parse_national_indicators(text: str) -> dict[int, NationalIndicator]:
    """The national indicators in CSV `text`; every fault is reported at once."""
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != _NI_COLUMNS:
        raise ReferenceDataError(
            f"national_indicators.csv has the columns {reader.fieldnames}; "
            f"expected {list(_NI_COLUMNS)}. Reinstall drafter."
        )
    out: dict[int, NationalIndicator] = {}
    seen: set[str] = set()  # numbers as written, faulty rows included
    faults: list[str] = []
    for row in reader:
        where = f"line {reader.line_num}"
        if row["ni"] in seen:
            faults.append(f"{where}: NI {row['ni']} is listed twice")
        seen.add(row["ni"])
        try:
            ind = _indicator(row)
        except ValueError as e:
            faults.append(f"{where}: {e}")
            continue
        out[ind.ni] = ind
    missing = sorted(n for n in _NI_NUMBERS if str(n) not in seen)
    if missing:
        faults.append(f"no row for NI {', '.join(map(str, missing))}")
    if faults:
        raise ReferenceDataError(
            "The bundled national_indicators.csv is damaged (reinstall drafter): "
            + "; ".join(faults)
        )
    return out


def _indicator(row: dict[str, str]) -> NationalIndicator:
    """One checked CSV row; a ValueError says what is wrong with it."""
    if None in row or None in row.values():  # csv's marks for too many or too few cells
        raise ValueError(f"has {len(_NI_COLUMNS)} columns in the header but not in this row")
    n = int(row["ni"]) if row["ni"].isdigit() else 0
    if n not in _NI_NUMBERS:
        raise ValueError(f"'{row['ni']}' is not a number from 1 to 199")
    title = row["title"]
    if not title or title != " ".join(title.split()):
        raise ValueError(f"NI {n} has an empty or badly spaced title")
    if row["status"] not in ("active", "deleted"):
        raise ValueError(f"NI {n} has status '{row['status']}', not active or deleted")
    if row["statutory_education"] not in ("", "yes"):
        raise ValueError(f"NI {n}: statutory_education must be 'yes' or blank")
    count = row["laa_count_2008"]
    if count and not count.isdigit():
        raise ValueError(f"NI {n}: laa_count_2008 '{count}' is not a whole number")
    if row["unit"] and row["unit"] not in UNITS:
        raise ValueError(f"NI {n} has the unit '{row['unit']}', which is not one of UNITS")
    if row["polarity"] not in ("", *Polarity):
        raise ValueError(f"NI {n} has polarity '{row['polarity']}', not higher, lower or blank")
    basis = row["polarity_basis"]
    if bool(row["polarity"]) != bool(basis) or (basis and basis not in POLARITY_BASES):
        raise ValueError(f"NI {n}: a polarity needs a polarity_basis of definition or title")
    return NationalIndicator(
        ni=n,
        title=title,
        source=row["source"],
        lead_department=row["lead_department"],
        subject_group=row["subject_group"],
        statutory=row["statutory_education"] == "yes",
        laa_count=int(count) if count else None,
        deleted=row["status"] == "deleted",
        polarity=Polarity(row["polarity"]) if row["polarity"] else None,
        unit=row["unit"] or None,
        data_source=row["data_source"] or None,
        polarity_basis=POLARITY_BASES[basis] if basis else None,
        unit_note=row["unit_note"] or None,
    )


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
