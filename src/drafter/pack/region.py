"""The regional sign-off pack: many summaries → an overview, an indicator matrix, freedoms.

A Government Office puts its region's agreements to ministers together. The pack
holds a cover, an overview table (one row per area), a matrix of the national
indicators each area chose (with counts per indicator and per area), every freedom
request grouped by the department that owns the rule (so a department sees every
ask at once), then each area's summary. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..context.wording import REGION_NAMES
from ..model import Region, TargetType
from ..reference import national_indicators
from .summary import NO_DEPARTMENT, FreedomLine, Summary

# The kinds of target a matrix marks, with their marks: an area "chooses" a designated
# target (or, before 2008, a reward target); the 16 statutory targets are the same
# everywhere and would fill every column, so they are left out.
MATRIX_MARKS = {TargetType.DESIGNATED: "D", TargetType.REWARD: "R", TargetType.LOCAL: "L"}


# Government departments of the period, so that 'DH' and 'Department of Health' in two
# agreements are grouped together: abbreviation → full name.
DEPARTMENTS = {
    "CLG": "Communities and Local Government",
    "DCMS": "Department for Culture, Media and Sport",
    "DCSF": "Department for Children, Schools and Families",
    "DEFRA": "Department for Environment, Food and Rural Affairs",
    "DfES": "Department for Education and Skills",
    "DfT": "Department for Transport",
    "DH": "Department of Health",
    "DIUS": "Department for Innovation, Universities and Skills",
    "DWP": "Department for Work and Pensions",
    "HO": "Home Office",
    "HMT": "HM Treasury",
    "MoJ": "Ministry of Justice",
    "ODPM": "Office of the Deputy Prime Minister",
    "BERR": "Department for Business, Enterprise and Regulatory Reform",
}
_DEPARTMENT_KEYS = {
    **{k.lower(): k for k in DEPARTMENTS},
    **{v.lower(): k for k, v in DEPARTMENTS.items()},
    "department for communities and local government": "CLG",
    "dclg": "CLG",
}


def department_label(name: str) -> str:
    """'DH' or 'Department of Health' → 'Department of Health (DH)'; others as written."""
    key = _DEPARTMENT_KEYS.get(" ".join(name.split()).lower())
    return f"{DEPARTMENTS[key]} ({key})" if key else name


@dataclass(frozen=True)
class OverviewRow:
    """One area in the overview table."""

    number: int  # the area's number in the pack (the matrix's column heads)
    area: str
    kind: str  # 'Local Area Agreement 2008–11'
    version: str
    status: str
    ready: bool
    readiness: str  # 'Ready' or 'Not ready (3 errors)'
    designated: int
    open_items: int
    overdue: int
    open_freedoms: int
    funding_known: float
    funding_unknown: int  # amounts not yet known
    funding_streams: int


@dataclass(frozen=True)
class MatrixRow:
    """One national indicator: its mark for each area (in pack order), and how many chose it."""

    ni: int
    title: str
    marks: tuple[str, ...]  # 'D', 'R', 'L' or ''

    @property
    def count(self) -> int:
        """How many areas chose the indicator."""
        return sum(1 for m in self.marks if m)


@dataclass(frozen=True)
class DepartmentFreedoms:
    """Every freedom request owned by one department, across the areas."""

    department: str
    lines: tuple[FreedomLine, ...]

    @property
    def open(self) -> int:
        """Requests still awaiting an answer."""
        return sum(1 for ln in self.lines if ln.open)


@dataclass(frozen=True)
class Pack:
    """The regional pack: the region, the overview, the matrix, freedoms, the summaries."""

    title: str
    region: Region | None
    region_name: str | None
    today: dt.date
    overview: tuple[OverviewRow, ...]
    matrix: tuple[MatrixRow, ...]
    area_totals: tuple[int, ...]  # indicators chosen per area, in pack order
    freedoms: tuple[DepartmentFreedoms, ...]
    summaries: tuple[Summary, ...]
    left_out: tuple[tuple[str, str], ...] = ()  # (file, why): agreements that failed

    @property
    def areas(self) -> tuple[str, ...]:
        """Area names in pack order; two versions of one area are told apart by version."""
        names = [r.area for r in self.overview]
        return tuple(
            f"{r.area} (v{r.version})" if names.count(r.area) > 1 else r.area for r in self.overview
        )


def regional_pack(
    summaries: Sequence[Summary],
    today: dt.date,
    region: Region | None = None,
    left_out: Sequence[tuple[str, str]] = (),
) -> Pack:
    """The pack of the given summaries (in area order), for a region or any set.

    `left_out` names the agreements meant for the pack that could not be summarised,
    with why, so that the pack says what it does not include.
    """
    # By area; two versions of one area oldest first.
    ordered = sorted(
        summaries,
        key=lambda s: (s.headline.area.lower(), s.headline.date or dt.date.min, s.file),
    )
    name = REGION_NAMES[region] if region else None
    title = f"{name}: sign-off pack" if name else "Sign-off pack: agreements with no region"
    matrix = _matrix(ordered)
    return Pack(
        title=title,
        region=region,
        region_name=name,
        today=today,
        overview=tuple(_overview(n, s) for n, s in enumerate(ordered, 1)),
        matrix=matrix,
        area_totals=tuple(sum(1 for row in matrix if row.marks[k]) for k in range(len(ordered))),
        freedoms=_freedoms(ordered),
        summaries=tuple(ordered),
        left_out=tuple(left_out),
    )


def _overview(number: int, s: Summary) -> OverviewRow:
    h = s.headline
    return OverviewRow(
        number=number,
        area=h.area,
        kind=f"{h.kind} {h.span}",
        version=h.version,
        status=h.status_label,
        ready=s.readiness.ready,
        readiness=s.readiness.label,
        designated=h.counts.designated,
        open_items=len(s.register),
        overdue=s.overdue,
        open_freedoms=s.open_freedoms,
        funding_known=s.funding_total.known,
        funding_unknown=s.funding_total.unknown,
        funding_streams=s.funding_total.streams,
    )


def _matrix(summaries: Sequence[Summary]) -> tuple[MatrixRow, ...]:
    """Every national indicator any area chose, in number order, with a mark per area."""
    chosen: dict[int, list[str]] = {}
    for k, s in enumerate(summaries):
        for kind, rows in s.targets:
            mark = MATRIX_MARKS.get(kind)
            if mark is None:
                continue
            for row in rows:
                ni = row.indicator.ni
                if ni is None:
                    continue
                marks = chosen.setdefault(ni, [""] * len(summaries))
                # A designated choice outranks a local use of the same indicator.
                if not marks[k] or mark == "D":
                    marks[k] = mark
    nis = national_indicators()
    return tuple(
        MatrixRow(ni, nis[ni].title if ni in nis else f"NI {ni}", tuple(chosen[ni]))
        for ni in sorted(chosen)
    )


def _freedoms(summaries: Sequence[Summary]) -> tuple[DepartmentFreedoms, ...]:
    by_dept: dict[str, list[FreedomLine]] = {}
    for s in summaries:
        for line in s.freedoms:
            by_dept.setdefault(department_label(line.department), []).append(line)
    order = sorted(by_dept, key=lambda d: (d == NO_DEPARTMENT, d.lower()))
    return tuple(DepartmentFreedoms(d, tuple(by_dept[d])) for d in order)
