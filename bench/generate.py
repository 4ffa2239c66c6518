"""Generate realistic synthetic 2008–11 Local Area Agreements for benchmarks and tests.

    python bench/generate.py --areas 150 --out DIR [--indicators N] [--versions] [--seed S]
                             [--region CODE]

Writes one agreement per area, `DIR/<area>-laa-2008.yaml`, spread over the nine
Government Office regions as the 150 real LAAs were (`--region GOWM`: all in one region,
as a Government Office's sign-off pack of up to 30 has them). Each has real National Indicator
Set codes (designated targets drawn in proportion to how many of the 2008 LAAs chose
each), the 16 statutory education and early years targets and a few local targets;
baselines and targets move the way the indicator's polarity says is better; some
figures are placeholders with an owner and a due date; there are funding streams,
freedoms and flexibilities, partners and signatories. Every fifth area keeps one theme
in `DIR/parts/<area>/` and pulls it in with `include:`.

`--indicators N` sets the number of indicator rows per agreement (16 statutory, up to
35 designated, the rest local), for scaling runs of 35, 70, 140 or 280 rows.
`--versions` also writes a second, signed version of every third area to
`DIR/v2/<area>-laa-2008.yaml` (same file name, so version pairs are easy to find), with
revised targets, an indicator swapped, placeholders filled and open items settled.

The output is deterministic: the same arguments give the same files, byte for byte.
Every agreement validates with no errors (warnings are allowed: a long agreement
draws A009, an overdue placeholder would draw T008).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from drafter.reference import NationalIndicator, national_indicators  # noqa: E402

YEARS = ("2008/09", "2009/10", "2010/11")
DEFAULT_INDICATORS = 55  # 35 designated + 16 statutory + 4 local, like a typical LAA
MAX_DESIGNATED = 35

# How the 150 LAAs of June 2008 fell across the Government Office regions.
REGIONS: dict[str, tuple[int, str, str]] = {
    # code: (areas, Government Office name, police/fire prefix)
    "GONE": (12, "Government Office for the North East", "Northumbria"),
    "GONW": (22, "Government Office for the North West", "Lancashire"),
    "GOYH": (15, "Government Office for Yorkshire and the Humber", "West Yorkshire"),
    "GOEM": (9, "Government Office for the East Midlands", "Derbyshire"),
    "GOWM": (14, "Government Office for the West Midlands", "West Midlands"),
    "GOEE": (10, "Government Office for the East of England", "Essex"),
    "GOL": (33, "Government Office for London", "Metropolitan"),
    "GOSE": (19, "Government Office for the South East", "Thames Valley"),
    "GOSW": (16, "Government Office for the South West", "Avon and Somerset"),
}
RDA = {
    "GONE": "One North East",
    "GONW": "Northwest Regional Development Agency",
    "GOYH": "Yorkshire Forward",
    "GOEM": "East Midlands Development Agency",
    "GOWM": "Advantage West Midlands",
    "GOEE": "East of England Development Agency",
    "GOL": "London Development Agency",
    "GOSE": "South East England Development Agency",
    "GOSW": "South West of England Regional Development Agency",
}

# Fictional place names, built from parts so that 150 (or more) are all different.
_STARTS = [
    "Ash",
    "Brad",
    "Brock",
    "Calder",
    "Castle",
    "Chal",
    "Crow",
    "Dun",
    "East",
    "Elm",
    "Fair",
    "Glen",
    "Hal",
    "Hart",
    "Hay",
    "Holm",
    "Kings",
    "Lang",
    "Lark",
    "Long",
    "Mar",
    "Mill",
    "Nor",
    "Oak",
    "Pen",
    "Red",
    "Rother",
    "Salt",
    "Shel",
    "South",
    "Stan",
    "Stoke",
    "Thorn",
    "Wes",
    "Whit",
    "Wick",
    "Wold",
    "York",
]
_ENDS = [
    "bridge",
    "bury",
    "by",
    "cester",
    "combe",
    "dale",
    "field",
    "ford",
    "gate",
    "ham",
    "hurst",
    "ley",
    "mere",
    "minster",
    "moor",
    "stead",
    "ton",
    "wick",
    "worth",
]
_SURNAMES = [
    "Ahmed",
    "Bailey",
    "Bennett",
    "Carter",
    "Chapman",
    "Clarke",
    "Davies",
    "Doyle",
    "Edwards",
    "Evans",
    "Fletcher",
    "Green",
    "Hall",
    "Harris",
    "Hughes",
    "Jackson",
    "Khan",
    "Lewis",
    "Marsh",
    "Mitchell",
    "Morgan",
    "Okafor",
    "Patel",
    "Price",
    "Reeve",
    "Roberts",
    "Shaw",
    "Singh",
    "Taylor",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Wilson",
    "Wright",
]
_FORENAMES = [
    "Alan",
    "Amina",
    "Andrew",
    "Angela",
    "Carol",
    "David",
    "Elaine",
    "Fiona",
    "Gareth",
    "Helen",
    "Ian",
    "Janet",
    "Karen",
    "Kevin",
    "Linda",
    "Margaret",
    "Mark",
    "Nadia",
    "Paul",
    "Philip",
    "Rachel",
    "Raj",
    "Sarah",
    "Simon",
    "Susan",
    "Tom",
]

# Themes of a Sustainable Community Strategy and the NIS subject groups each one takes.
THEMES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "stronger",
        "Stronger communities",
        ("Stronger communities", "Tackling exclusion and promoting equality"),
        (
            "People from different backgrounds get on well together",
            "Residents have a real say in decisions about their neighbourhood",
            "A thriving voluntary and community sector",
            "Fairer access to services for every group",
        ),
    ),
    (
        "safer",
        "Safer communities",
        ("Safer communities",),
        (
            "Less crime, and less fear of crime",
            "Less harm from drugs and alcohol",
            "Fewer people reoffending",
            "Safer roads",
            "Less anti-social behaviour in priority neighbourhoods",
        ),
    ),
    (
        "children",
        "Children and young people",
        ("Children", "Children & Young People"),
        (
            "Children and young people are healthy",
            "Children and young people are safe",
            "Every child achieves their potential",
            "Young people make a positive contribution",
            "Fewer children grow up in poverty",
        ),
    ),
    (
        "health",
        "Healthier communities and older people",
        ("Adult health and Wellbeing",),
        (
            "Narrower gaps in life expectancy",
            "Older and disabled people live independently",
            "Less harm from smoking and alcohol",
            "People choose healthy lifestyles",
        ),
    ),
    (
        "economy",
        "Economy, skills and enterprise",
        ("Local economy",),
        (
            "More residents in work",
            "Adults with the skills employers need",
            "More new and growing businesses",
            "The homes the area needs",
        ),
    ),
    (
        "environment",
        "Environment and climate change",
        ("Environmental sustainability", ""),
        (
            "Lower carbon emissions",
            "Less waste, more recycling",
            "Clean streets and open spaces",
        ),
    ),
)

ABG_STREAMS = (
    ("abg-wnf", "Working Neighbourhoods Fund", "CLG", "economy", 2_000_000, 9_000_000),
    ("abg-cohesion", "Cohesion", "CLG", "stronger", 40_000, 120_000),
    ("abg-sp-admin", "Supporting People Administration", "CLG", "health", 150_000, 400_000),
    ("abg-ssc", "Stronger Safer Communities Fund", "HO", "safer", 200_000, 600_000),
    ("abg-drugs", "Drug Strategy Partnership Support Grant", "HO", "safer", 60_000, 160_000),
    ("abg-ypsm", "Young People Substance Misuse", "HO", "children", 40_000, 110_000),
    ("abg-connexions", "Connexions", "DCSF", "children", 1_500_000, 4_000_000),
    ("abg-teenage-pregnancy", "Teenage Pregnancy", "DCSF", "children", 90_000, 250_000),
    ("abg-pafyp", "Positive Activities for Young People", "DCSF", "children", 200_000, 600_000),
    ("abg-childrens-fund", "Children's Fund", "DCSF", "children", 300_000, 900_000),
    (
        "abg-extended-schools",
        "Extended Schools Start-up Costs",
        "DCSF",
        "children",
        500_000,
        1_400_000,
    ),
    ("abg-sip", "School Improvement Partners", "DCSF", "children", 80_000, 250_000),
    ("abg-carers", "Carers Grant", "DH", "health", 500_000, 1_600_000),
    ("abg-mental-health", "Mental Health Grant", "DH", "health", 300_000, 1_000_000),
    ("abg-ldf", "Learning Disability Development Fund", "DH", "health", 80_000, 250_000),
    (
        "abg-camhs",
        "Child and Adolescent Mental Health Services",
        "DH",
        "children",
        250_000,
        700_000,
    ),
    ("abg-road-safety", "Road Safety Grant", "DfT", "safer", 200_000, 700_000),
    ("abg-rural-bus", "Rural Bus Subsidy", "DfT", "environment", 100_000, 500_000),
    (
        "abg-waste",
        "Waste Performance and Efficiency Grant",
        "Defra",
        "environment",
        150_000,
        500_000,
    ),
)
OTHER_STREAMS = (
    (
        "supporting-people",
        "Supporting People Programme Grant",
        "CLG",
        "health",
        "aligned",
        "council",
    ),
    (
        "pct-health-improvement",
        "PCT health improvement programme",
        "DH",
        "health",
        "aligned",
        "pct",
    ),
    (
        "lsc-adult-learning",
        "Adult learner-responsive and Train to Gain budgets",
        "DIUS",
        "economy",
        "aligned",
        "lsc",
    ),
    ("neighbourhood-policing", "Neighbourhood Policing Fund", "HO", "safer", "aligned", "police"),
    (
        "pooled-equipment",
        "Integrated community equipment service",
        "DH",
        "health",
        "pooled",
        "council",
    ),
    ("pooled-substance", "Pooled treatment budget for drug misuse", "HO", "safer", "pooled", "pct"),
)

# (title, barrier, request, rationale, department, theme)
FREEDOMS = (
    (
        "Early access to New Deal for Lone Parents in the priority wards",
        "Lone parents cannot join intensive programmes until they have claimed benefit "
        "for six months.",
        "Day-one access to New Deal for Lone Parents provision in the priority wards.",
        "Two-thirds of lone parents helped into work had been claiming for over a year.",
        "DWP",
        "economy",
    ),
    (
        "Share benefit claimant data to target outreach",
        "Outreach workers cannot identify households where no one is in work.",
        "Quarterly data on out-of-work benefit claimants by address.",
        "Door-to-door outreach reached three times as many people when pilot data were used.",
        "DWP",
        "economy",
    ),
    (
        "Sign-only 20 mph limits near primary schools",
        "Physical traffic calming around every school would cost around £2 million.",
        "Agreement to sign-only 20 mph limits on streets near primary schools.",
        "Child pedestrian casualties are well above the national rate; speeds are already low.",
        "DfT",
        "safer",
    ),
    (
        "A levy on late-night licensed premises",
        "Policing the night-time economy costs around £600,000 a year.",
        "Power to charge a levy on premises licensed to sell alcohol after midnight.",
        "A third of violent crime happens in the town centre late at night at weekends.",
        "HO",
        "safer",
    ),
    (
        "One performance report for Home Office funding",
        "Each Home Office grant carries its own quarterly return.",
        "Replace the separate returns with the agreement's quarterly performance report.",
        "The returns duplicate the agreement's reporting and take 20 officer days a year.",
        "HO",
        "safer",
    ),
    (
        "Fund a second Level 2 qualification for adults",
        "Adults with a Level 2 in a declining trade cannot get funded training for another.",
        "Funding for a second Level 2 in health, care and logistics.",
        "Around 1,400 former manufacturing workers hold Level 2 in trades no longer recruiting.",
        "DIUS",
        "economy",
    ),
    (
        "Lighter grant conditions for Supporting People",
        "Grant conditions restrict spending to named client groups.",
        "Remove the client-group restrictions and merge reporting into the agreement's returns.",
        "Separate contracts for overlapping client groups cost £80,000 a year to manage.",
        "CLG",
        "health",
    ),
    (
        "Community use of empty town-centre shops",
        "Change of use from shop to community use needs planning permission.",
        "A temporary permitted development right for community use of empty shops.",
        "Empty shop units in the town centre have risen by half since 2006.",
        "CLG",
        "stronger",
    ),
    (
        "Use children's centre capital for places for two year olds",
        "Sure Start capital is restricted to children's centre buildings.",
        "Allow up to £400,000 of capital to create free places for two year olds.",
        "The pilot offer of free places had a waiting list of 90 families.",
        "DCSF",
        "children",
    ),
    (
        "Pool PCSO funding with neighbourhood wardens",
        "Police community support officers and wardens patrol the same streets apart.",
        "Pool Neighbourhood Policing Fund and warden budgets under joint management.",
        "A joint team would give two more patrols a day in each priority ward.",
        "HO",
        "safer",
    ),
    (
        "Council maintenance of trunk road verges",
        "Litter on trunk road verges is cleared only twice a year.",
        "Transfer verge cleansing, and its budget, to the council.",
        "These verges are the worst-scoring sites in the street cleanliness surveys.",
        "DfT",
        "environment",
    ),
    (
        "Direct payments for carers' breaks",
        "Carers' breaks must be bought through block contracts.",
        "Allow carers to receive the value of their break as a direct payment.",
        "Take-up of breaks doubled in a pilot that let carers choose their own.",
        "DH",
        "health",
    ),
    (
        "Flexible use of the Housing Corporation's regional allocation",
        "Grant for affordable homes is allocated scheme by scheme, a year at a time.",
        "A three-year programme allocation for the area's affordable housing partnership.",
        "Schemes stall while bids wait for the annual round.",
        "CLG",
        "economy",
    ),
    (
        "Joint commissioning of youth services with the PCT",
        "Youth services and young people's health services are commissioned apart.",
        "A joint commissioning budget for young people's services.",
        "Young people describe the services as hard to find and overlapping.",
        "DCSF",
        "children",
    ),
    (
        "Recycling credits paid directly to community groups",
        "Recycling credits go to the council, not the groups that collect.",
        "Let community recyclers claim credits directly.",
        "Community groups collect a tenth of the area's recycling.",
        "Defra",
        "environment",
    ),
)
FREEDOM_STATUSES = (
    "agreed",
    "agreed with conditions",
    "refused",
    "further discussion",
    "requested",
    "temporary",
    "needs primary legislation",
    "agreed",
)

LOCALITIES = ("north", "south", "east", "west", "central")
LOCAL_MEASURES = (
    (
        "Residents volunteering through the Volunteer Centre",
        "number of volunteers",
        "higher",
        "stronger",
    ),
    ("Households in temporary accommodation", "number of households", "lower", "economy"),
    ("Town centre footfall", "thousand visits a week", "higher", "economy"),
    ("Incidents of deliberate fires", "number of incidents", "lower", "safer"),
    (
        "Young people taking part in the youth parliament",
        "number of young people",
        "higher",
        "children",
    ),
    ("Adults taking part in sport at least once a week", "% of adults", "higher", "health"),
    ("Streets graded acceptable for litter", "% of streets surveyed", "higher", "environment"),
    ("Empty homes brought back into use", "number of homes", "higher", "economy"),
    ("Residents satisfied with parks and open spaces", "% of respondents", "higher", "environment"),
    ("Repeat incidents of domestic violence", "% of cases", "lower", "safer"),
)


def area_names(count: int, rng: random.Random) -> list[str]:
    """`count` different fictional place names."""
    names = [s + e for s in _STARTS for e in _ENDS]
    rng.shuffle(names)
    if count > len(names):
        names += [f"{n} and District" for n in names]
    return names[:count]


def slug(name: str) -> str:
    """'Brockford' → 'brockford'."""
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def person(rng: random.Random) -> str:
    """A plausible name."""
    return f"{rng.choice(_FORENAMES)} {rng.choice(_SURNAMES)}"


def theme_of(ni: NationalIndicator) -> str:
    """The theme an indicator belongs to, from its NIS subject group."""
    for key, _, groups, _ in THEMES:
        if any(ni.subject_group.startswith(g) for g in groups if g) or ni.subject_group in groups:
            return key
    return "environment"


def weighted_sample(
    pool: list[NationalIndicator], k: int, rng: random.Random
) -> list[NationalIndicator]:
    """`k` indicators without replacement, each weighted by how many LAAs chose it."""
    pool = list(pool)
    chosen: list[NationalIndicator] = []
    while pool and len(chosen) < k:
        weights = [(i.laa_count or 0) + 2 for i in pool]
        pick = rng.choices(range(len(pool)), weights=weights)[0]
        chosen.append(pool.pop(pick))
    return chosen


class Area:
    """One synthetic area: its name, region, partners and the random stream behind it."""

    def __init__(self, n: int, name: str, region: str, seed: int) -> None:
        self.n, self.name, self.region = n, name, region
        self.rng = random.Random(f"{seed}:{n}")
        self.slug = f"{slug(name)}-laa-2008"
        london = region == "GOL"
        self.kind = self.rng.choice(
            ["London borough"]
            if london
            else ["unitary", "metropolitan borough", "county", "unitary"]
        )
        self.council = (
            f"London Borough of {name}"
            if london
            else f"{name} County Council"
            if self.kind == "county"
            else f"{name} Metropolitan Borough Council"
            if self.kind == "metropolitan borough"
            else f"{name} Borough Council"
        )
        self.force = REGIONS[region][2]

    def partners(self) -> list[dict[str, Any]]:
        """The Local Strategic Partnership's members."""
        f = self.force
        return [
            {"id": "council", "name": self.council, "type": "council", "signatory": True},
            {
                "id": "pct",
                "name": f"NHS {self.name}",
                "type": "primary care trust",
                "duty_to_cooperate": True,
                "signatory": True,
            },
            {
                "id": "police",
                "name": f"{f} Police",
                "type": "police",
                "duty_to_cooperate": True,
                "signatory": True,
            },
            {
                "id": "fire",
                "name": f"{f} Fire and Rescue Service",
                "type": "fire and rescue",
                "duty_to_cooperate": True,
            },
            {
                "id": "jcp",
                "name": "Jobcentre Plus",
                "type": "Jobcentre Plus",
                "duty_to_cooperate": True,
                "signatory": True,
            },
            {
                "id": "lsc",
                "name": "Learning and Skills Council",
                "type": "Learning and Skills Council",
                "duty_to_cooperate": True,
            },
            {
                "id": "probation",
                "name": f"{f} Probation Area",
                "type": "probation",
                "duty_to_cooperate": True,
            },
            {
                "id": "rda",
                "name": RDA[self.region],
                "type": "regional development agency",
                "duty_to_cooperate": True,
            },
            {
                "id": "cvs",
                "name": f"{self.name} Council for Voluntary Service",
                "type": "voluntary and community sector",
                "signatory": True,
            },
        ]


LEADS = {
    "stronger": ("council", "cvs"),
    "safer": ("police", "council"),
    "children": ("council", "pct"),
    "health": ("pct", "council"),
    "economy": ("jcp", "council", "lsc"),
    "environment": ("council",),
}


def start_value(unit: str | None, rng: random.Random) -> tuple[float, int]:
    """A plausible baseline for a unit, and the decimal places figures are given to."""
    if unit in (None, "%"):
        return round(rng.uniform(12, 80), 1), 1
    if unit == "% points":
        return round(rng.uniform(4, 22), 1), 1
    if unit in (
        "count",
        "number of volunteers",
        "number of households",
        "number of homes",
        "number of young people",
        "number of incidents",
    ):
        return float(rng.randrange(120, 4000, 10)), 0
    if unit and unit.startswith("rate per 1,000 "):
        return round(rng.uniform(6, 55), 1), 1
    if unit and unit.startswith("rate"):  # per 10,000 or per 100,000
        return round(rng.uniform(40, 900), 1), 1
    if unit == "£":
        return float(rng.randrange(200, 900)), 0
    if unit in ("level 0–4", "level 1–5"):
        return 1.0, 0
    if unit in (
        "score",
        "years",
        "days",
        "minutes per mile",
        "tonnes CO2 per capita",
        "kg per household",
        "thousand visits a week",
    ):
        return round(rng.uniform(5, 60), 1), 1
    return round(rng.uniform(12, 80), 1), 1


def moving(
    base: float,
    places: int,
    polarity: str,
    unit: str | None,
    rng: random.Random,
    *,
    revised: bool = False,
) -> list[float]:
    """Yearly targets moving from `base` the better way, by a plausible step."""
    if unit in ("level 0–4", "level 1–5"):
        top = 4 if unit == "level 0–4" else 5
        return [float(min(top, 2 + j)) for j in range(3)]
    step = abs(base) * rng.uniform(0.02, 0.06) + (0.3 if places else 1)
    if revised:
        step *= 1.15  # negotiation stretched the targets a little further
    sign = 1 if polarity == "higher" else -1
    out, value = [], base
    for _ in YEARS:
        value = max(value + sign * step, 0.1 if places else 1)
        out.append(round(value, places))
    return out


class Builder:
    """Builds one area's agreement as plain data, in the existing YAML format."""

    def __init__(self, area: Area, indicators: int) -> None:
        self.a, self.rng = area, area.rng
        self.total = indicators
        self.partner_ids = [p["id"] for p in area.partners()]
        self.placeholders = 0

    # ------------------------------------------------------------ figures

    def _due(self) -> dt.date:
        return dt.date(2009, self.rng.randint(1, 12), self.rng.choice((15, 28)))

    def placeholder(self, what: str, owner: str) -> dict[str, Any]:
        """A figure still missing, with who provides it and when."""
        self.placeholders += 1
        return {"missing": what, "owner": owner, "due": self._due()}

    def indicator_row(
        self,
        ni: NationalIndicator | None,
        kind: str,
        theme: str,
        local: tuple[str, str, str, str] | None = None,
    ) -> dict[str, Any]:
        """One indicator with a baseline and a target for each year."""
        rng = self.rng
        lead = rng.choice(LEADS[theme])
        row: dict[str, Any] = {}
        if ni is not None:
            row["id"] = f"NI-{ni.ni}"
            row["ni"] = ni.ni
            polarity = ni.polarity.value if ni.polarity else None
            unit = ni.unit
        else:
            assert local is not None
            title, unit, polarity, _ = local
            row["id"] = f"local-{slug(title)}"
            row.update(
                title=title,
                definition=f"{title}, counted at the end of each financial year.",
                unit=unit,
                polarity=polarity,
                source=f"{self.a.council} records",
                frequency=rng.choice(["quarterly", "annual"]),
            )
        row["type"] = kind
        if ni is not None and polarity is None:
            polarity = "higher" if rng.random() < 0.6 else "lower"
            row["polarity"] = polarity
        if ni is not None and unit is None:
            row["unit"] = "%"
        row["lead"] = lead
        base, places = start_value(unit, rng)
        targets = moving(base, places, polarity or "higher", unit, rng)
        survey = ni is not None and ni.data_source and "Place Survey" in (ni.data_source or "")
        roll = rng.random()
        if kind != "statutory" and (survey or roll < 0.12):
            row["baseline"] = self.placeholder(
                "baseline from the Place Survey, autumn 2008"
                if survey
                else "baseline from 2007/08 outturn",
                lead,
            )
            way = "plus" if polarity != "lower" else "minus"
            row["targets"] = {
                YEARS[0]: {"not_applicable": True, "note": "baseline year; no target"}
            }
            for year, points in ((YEARS[1], 2), (YEARS[2], 4)):
                row["targets"][year] = (
                    f"baseline {way} {points} percentage points"
                    if unit in (None, "%")
                    else self.placeholder("target to follow the baseline", lead)
                )
            return row
        row["baseline"] = {"value": base, "period": rng.choice(["2006/07", "2007/08"])}
        row["targets"] = dict(zip(YEARS, targets, strict=True))
        if roll > 0.93:
            row["targets"][YEARS[2]] = self.placeholder(
                "final-year target, after the 2008 outturn", lead
            )
        if rng.random() < 0.5:
            row["delivery"] = {
                "lead_officer": f"{person(rng)}, {self.a.council if lead == 'council' else lead}",
                "milestones": [
                    "Delivery plan agreed by the thematic partnership, "
                    f"{rng.choice(['July', 'September', 'October'])} 2008"
                ],
            }
        return row

    # ------------------------------------------------------------ the parts

    def choose_indicators(self) -> tuple[list[NationalIndicator], list[NationalIndicator], int]:
        """(designated, nationals used as local targets, locally defined measures)."""
        nis = national_indicators()
        pool = [i for i in nis.values() if not i.statutory and not i.deleted]
        designated_n = max(0, min(MAX_DESIGNATED, self.total - 16))
        designated = weighted_sample(pool, designated_n, self.rng)
        local_n = max(0, self.total - 16 - designated_n)
        own = min(local_n, max(2, local_n // 4)) if local_n else 0
        spare = [i for i in pool if i not in designated]
        as_local = self.rng.sample(spare, min(len(spare), local_n - own))
        own = local_n - len(as_local)
        return designated, as_local, own

    def themes(self) -> list[dict[str, Any]]:
        """Themes, each with outcomes holding their indicators."""
        designated, as_local, own = self.choose_indicators()
        rows: dict[str, list[dict[str, Any]]] = {key: [] for key, *_ in THEMES}
        for ni in designated:
            rows[theme_of(ni)].append(self.indicator_row(ni, "designated", theme_of(ni)))
        for ni in as_local:
            rows[theme_of(ni)].append(self.indicator_row(ni, "local", theme_of(ni)))
        for j in range(own):
            title, unit, pol, theme = LOCAL_MEASURES[j % len(LOCAL_MEASURES)]
            if j >= len(LOCAL_MEASURES):
                round_ = j // len(LOCAL_MEASURES)
                title = f"{title} ({LOCALITIES[round_ % 5]} locality {round_})"
            rows[theme].append(self.indicator_row(None, "local", theme, (title, unit, pol, theme)))
        out = []
        for key, title, _, outcome_titles in THEMES:
            indicators = rows[key]
            if not indicators:
                continue
            per = max(1, -(-len(indicators) // len(outcome_titles)))  # ceiling division
            per = min(per, 3) if len(indicators) <= 3 * len(outcome_titles) else per
            outcomes = []
            for o, start in enumerate(range(0, len(indicators), per)):
                lead = self.rng.choice(LEADS[key])
                base_title = outcome_titles[o % len(outcome_titles)]
                otitle = (
                    base_title
                    if o < len(outcome_titles)
                    else f"{base_title} (part {o // len(outcome_titles) + 1})"
                )
                outcomes.append(
                    {
                        "id": f"{key}-{o + 1}",
                        "title": otitle,
                        "lead": lead,
                        "contributors": sorted(
                            {self.rng.choice(self.partner_ids) for _ in range(2)} - {lead}
                        ),
                        "narrative": "The partnership will concentrate effort where need "
                        f"is greatest: {otitle.lower()}.",
                        "indicators": indicators[start : start + per],
                    }
                )
            out.append(
                {
                    "id": key,
                    "title": title,
                    "narrative": f"{title} in {self.a.name}: what the Sustainable "
                    "Community Strategy sets out and how partners will deliver it.",
                    "outcomes": outcomes,
                }
            )
        return out

    def statutory(self) -> list[dict[str, Any]]:
        """The 16 statutory education and early years targets."""
        return [
            self.indicator_row(i, "statutory", "children")
            for i in sorted(national_indicators().values(), key=lambda i: i.ni)
            if i.statutory and not i.deleted
        ]

    def funding(self, outcomes: dict[str, list[str]]) -> dict[str, Any]:
        """Area Based Grant lines, aligned and pooled streams, with the golden thread."""
        rng = self.rng
        streams = []
        abg = rng.sample(ABG_STREAMS, rng.randint(10, len(ABG_STREAMS)))
        for sid, name, dept, theme, lo, hi in sorted(abg):
            base = rng.randrange(lo, hi, 1000)
            amounts = {
                y: base + j * rng.randrange(0, max(1000, base // 20), 1000)
                for j, y in enumerate(YEARS)
            }
            streams.append(
                {
                    "id": sid,
                    "name": name,
                    "department": dept,
                    "owner": "council",
                    "treatment": "area based grant",
                    "consent": True,
                    "amounts": amounts,
                    "outcomes": outcomes.get(theme, [])[:2] or [next(iter(outcomes.values()))[0]],
                }
            )
        for sid, name, dept, theme, treatment, owner in OTHER_STREAMS[
            : rng.randint(3, len(OTHER_STREAMS))
        ]:
            base = rng.randrange(500_000, 12_000_000, 10_000)
            amounts: dict[str, Any] = dict.fromkeys(YEARS, base)
            if rng.random() < 0.2:
                amounts[YEARS[2]] = {
                    "missing": "allocation for 2010/11",
                    "owner": owner,
                    "due": dt.date(2009, 12, 31),
                }
            streams.append(
                {
                    "id": sid,
                    "name": name,
                    "department": dept,
                    "owner": owner,
                    "treatment": treatment,
                    "consent": True,
                    "amounts": amounts,
                    "outcomes": outcomes.get(theme, [])[:2] or [next(iter(outcomes.values()))[0]],
                }
            )
        return {"streams": streams}

    def freedoms(self, outcomes: dict[str, list[str]]) -> list[dict[str, Any]]:
        """Freedoms and flexibilities, with a status each and the response where there is one."""
        rng = self.rng
        out = []
        for j, (title, barrier, request, rationale, dept, theme) in enumerate(
            rng.sample(FREEDOMS, rng.randint(6, 12))
        ):
            status = FREEDOM_STATUSES[(j + self.a.n) % len(FREEDOM_STATUSES)]
            item: dict[str, Any] = {
                "id": f"ff-{slug(title)[:40].rstrip('-')}",
                "title": title,
                "barrier": barrier,
                "request": request,
                "rationale": rationale,
                "department": dept,
                "outcomes": outcomes.get(theme, [])[:1] or [next(iter(outcomes.values()))[0]],
                "status": status,
            }
            if status == "agreed with conditions":
                item["conditions"] = (
                    "A two-year pilot within existing budgets, evaluated by March 2010."
                )
            elif status in ("refused", "needs primary legislation", "agreed", "temporary"):
                item["response"] = {
                    "refused": "The rules are set nationally and cannot be varied for one area.",
                    "needs primary legislation": "This would need primary legislation; "
                    "the department will consider the evidence.",
                    "agreed": "The department agrees, subject to the usual consultation.",
                    "temporary": "Agreed for two years, to be reviewed in 2010.",
                }[status]
            else:
                item["open"] = {
                    "issue": f"{dept} to respond to the request.",
                    "owner": "council",
                    "due": dt.date(2008, 10, 31),
                }
            out.append(item)
        return out

    def agreement(self) -> dict[str, Any]:
        """The whole agreement as plain data."""
        a, rng = self.a, self.rng
        themes = self.themes()
        outcomes = {t["id"]: [o["id"] for o in t["outcomes"]] for t in themes}
        statutory = self.statutory()
        date = dt.date(2008, 5, 16)
        doc: dict[str, Any] = {
            "drafter": 1,
            "id": a.slug,
            "generation": "laa2008",
            "title": f"{a.name} Local Area Agreement 2008–11",
            "area": {
                "name": a.name,
                "kind": a.kind,
                "accountable_body": a.council,
                "lsp": f"{a.name} Partnership",
                "region": a.region,
            },
        }
        if a.kind == "county":
            doc["area"]["districts"] = [
                f"{d} District Council"
                for d in sorted({rng.choice(_STARTS) + rng.choice(_ENDS) for _ in range(5)})
            ]
        doc.update(
            {
                "period": {"start": YEARS[0], "end": YEARS[-1]},
                "version": "1.0",
                "date": date,
                "status": "submitted",
                "dates": {
                    "first_draft": dt.date(2008, 1, rng.randint(7, 31)),
                    "submitted": dt.date(2008, 5, 16),
                },
                "vision": f"By 2020 {a.name} will be a place where people choose to live, "
                "work and bring up their families: safe, healthy and prosperous, with the gap "
                "between the most and least deprived neighbourhoods narrowing every year.",
                "priorities": [t["title"] for t in themes],
                "partners": a.partners(),
                "themes": themes,
                "statutory": statutory,
                "funding": self.funding(outcomes),
                "freedoms": self.freedoms(outcomes),
                "reward": {"per_target": 40000},
                "governance": {
                    "structure": f"The {a.name} Partnership Board owns the agreement; "
                    "thematic partnerships lead each theme.",
                    "performance_management": "Each target has a lead officer and a delivery "
                    "plan, reviewed quarterly.",
                    "risk": "The main risks are late survey baselines and the economic downturn.",
                },
            }
        )
        doc["signatories"] = [
            {"partner": p["id"], "name": person(rng), "role": f"Chair, {p['name']}"}
            for p in a.partners()
            if p.get("signatory")
        ] + [
            {
                "on_behalf_of": "HM Government",
                "name": person(rng),
                "role": f"Regional Director, {REGIONS[a.region][1]}",
            }
        ]
        return doc


def _rows(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for theme in doc["themes"]:
        for outcome in theme["outcomes"]:
            yield from outcome["indicators"]
    yield from doc["statutory"]


def revise(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Version 2 of an agreement, as signed after negotiation with the Government Office.

    Placeholders filled with interim figures, some targets stretched, one designated
    indicator swapped for another, open freedoms settled, the agreement signed.
    """
    v2 = copy.deepcopy(doc)
    nis = national_indicators()
    for row in _rows(v2):
        ref = nis.get(row.get("ni", 0))
        unit = row.get("unit") or (ref.unit if ref else None)
        polarity = row.get("polarity") or (ref.polarity.value if ref and ref.polarity else "higher")
        targets = row["targets"].values()
        if "missing" in row["baseline"] or any(isinstance(t, (dict, str)) for t in targets):
            base, places = start_value(unit, rng)
            row["baseline"] = {"value": base, "period": "2007/08", "note": "interim figure"}
            row["targets"] = dict(
                zip(YEARS, moving(base, places, polarity, unit, rng), strict=True)
            )
        elif rng.random() < 0.15 and row["type"] == "designated":
            base = row["baseline"]["value"]
            places = 0 if float(base).is_integer() else 1
            row["targets"] = dict(
                zip(YEARS, moving(base, places, polarity, unit, rng, revised=True), strict=True)
            )
    used = {row.get("ni") for row in _rows(v2)}
    spare = [i for i in nis.values() if not i.statutory and not i.deleted and i.ni not in used]
    designated = [r for r in _rows(v2) if r["type"] == "designated"]
    if designated and spare:
        old, new = designated[-1], rng.choice(spare)
        base, places = start_value(new.unit, rng)
        polarity = new.polarity.value if new.polarity else "higher"
        old.clear()
        old.update({"id": f"NI-{new.ni}", "ni": new.ni, "type": "designated", "lead": "council"})
        if new.polarity is None:
            old["polarity"] = polarity
        if new.unit is None:
            old["unit"] = "%"
        old["baseline"] = {"value": base, "period": "2007/08"}
        old["targets"] = dict(
            zip(YEARS, moving(base, places, polarity, new.unit, rng), strict=True)
        )
    for stream in v2["funding"]["streams"]:
        for year, amount in stream["amounts"].items():
            if isinstance(amount, dict):
                stream["amounts"][year] = stream["amounts"][YEARS[0]]
    for item in v2["freedoms"]:
        if item.pop("open", None) is not None:
            item["status"] = "agreed with conditions"
            item["conditions"] = (
                "A two-year pilot within existing budgets, evaluated by March 2010."
            )
    signed = dt.date(2008, 6, 30)
    v2.update(version="2.0", date=signed, status="signed")
    v2["dates"].update(agreed=dt.date(2008, 6, 6), signed=signed)
    for s in v2["signatories"]:
        s["date"] = signed
    return v2


def areas(count: int, seed: int, region: str | None = None) -> Iterator[Area]:
    """`count` areas spread over the regions in the real proportions (150 → the real counts).

    With `region`, every area is in that region (one Government Office's pack).
    """
    rng = random.Random(seed)
    names = area_names(count, rng)
    if region is not None:
        for n in range(count):
            yield Area(n, names[n], region, seed)
        return
    total = sum(n for n, _, _ in REGIONS.values())
    shares = {r: n * count / total for r, (n, _, _) in REGIONS.items()}
    counts = {r: int(s) for r, s in shares.items()}
    for r in sorted(shares, key=lambda r: shares[r] - counts[r], reverse=True)[
        : count - sum(counts.values())
    ]:
        counts[r] += 1
    n = 0
    for region, k in counts.items():
        for _ in range(k):
            yield Area(n, names[n], region, seed)
            n += 1


def dump(doc: dict[str, Any]) -> str:
    """YAML text of an agreement, in field order, readable."""
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def split_part(doc: dict[str, Any], folder: Path, name: str) -> str:
    """Move the last theme into parts/<name>/<theme>.yaml; return the include path."""
    theme = doc["themes"][-1]
    rel = f"parts/{name}/{theme['id']}.yaml"
    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    (folder / rel).write_text(dump(theme), encoding="utf-8")
    doc["themes"][-1] = {"include": rel}
    return rel


def generate(
    out: Path, count: int, indicators: int, versions: bool, seed: int, region: str | None = None
) -> list[Path]:
    """Write the agreements; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for area in areas(count, seed, region):
        doc = Builder(area, indicators).agreement()
        v2 = (
            revise(doc, random.Random(f"{seed}:{area.n}:v2"))
            if versions and area.n % 3 == 0
            else None
        )
        if area.n % 5 == 4:
            split_part(doc, out, area.slug)
        path = out / f"{area.slug}.yaml"
        path.write_text(dump(doc), encoding="utf-8")
        written.append(path)
        if v2 is not None:
            (out / "v2").mkdir(exist_ok=True)
            path = out / "v2" / f"{area.slug}.yaml"
            path.write_text(dump(v2), encoding="utf-8")
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=150, help="number of areas (default 150)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument(
        "--indicators",
        type=int,
        default=DEFAULT_INDICATORS,
        help=f"indicator rows per agreement, at least 16 (default {DEFAULT_INDICATORS})",
    )
    parser.add_argument("--versions", action="store_true", help="also write v2 of every third area")
    parser.add_argument("--seed", type=int, default=2008, help="random seed (default 2008)")
    parser.add_argument(
        "--region",
        choices=sorted(REGIONS),
        default=None,
        help="put every area in this Government Office region (default: spread over all nine)",
    )
    args = parser.parse_args(argv)
    if args.indicators < 16:
        parser.error("--indicators must be at least 16 (the statutory targets)")
    if args.areas < 1:
        parser.error("--areas must be at least 1")
    files = generate(args.out, args.areas, args.indicators, args.versions, args.seed, args.region)
    print(f"Wrote {len(files)} agreements to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
