"""The agreement model: plain typed data for LPSAs, 2006–09 LAAs and 2008–11 LAAs.

One YAML file (plus any files it includes) becomes one `Agreement`. The model holds
no I/O and no presentation. Most fields are optional so that an incomplete draft
still loads; completeness is the validator's job, which reports gaps in words a
council officer understands rather than as type errors.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

FORMAT_VERSION = 1

YEAR_RE = re.compile(r"^(\d{4})/(\d{2})$")
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
# Words that mean "not known yet" when written as a bare target or baseline.
VAGUE_WORDS = re.compile(
    r"^\s*(?:(?:tbc|tba|tbd|to be (?:agreed|confirmed|set|determined)|unknown|pending"
    r"|not (?:yet )?(?:set|known|agreed|available)|no target|awaiting|to follow)\b"
    r"|[?\-–—]+\s*$)",  # or nothing but question marks or dashes
    re.IGNORECASE,
)
PathKey = tuple[str | int, ...]


def year_label(start: int) -> str:
    """'2008/09' for the financial year starting in 2008."""
    return f"{start}/{(start + 1) % 100:02d}"


def year_start(label: str) -> int | None:
    """2008 for '2008/09'; None if the label is not a financial year."""
    m = YEAR_RE.match(label)
    if not m:
        return None
    first = int(m.group(1))
    return first if (first + 1) % 100 == int(m.group(2)) else None


# Empty defaults made by plain functions rather than `list` and `dict`: pydantic reads
# the signature of each default factory, and a built-in's is parsed from its text.
def new_list() -> list[Any]:
    """A new empty list (a field's default)."""
    return []


def new_dict() -> dict[Any, Any]:
    """A new empty dict (a field's default)."""
    return {}


class Model(BaseModel):
    """Base for every model class: unknown keys are errors, values are immutable."""

    # allow_inf_nan=False: .nan, .inf and 1e400 are errors (S008) in every float field.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        allow_inf_nan=False,
        # Validators are built when first used: most commands validate only whole
        # agreements, and building all 36 classes' validators at import takes longer than
        # building the agreement's (which holds the others) once.
        defer_build=True,
    )


Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="Stable identifier, used to cross-reference and to compare versions. "
        "Letters, digits, '.', '_' and '-'. Never reuse an id for something else.",
    ),
]


# ---------------------------------------------------------------- enumerations


class Generation(StrEnum):
    """The kind of agreement."""

    LPSA = "lpsa"
    LAA2006 = "laa2006"
    LAA2008 = "laa2008"


class Status(StrEnum):
    """Where the agreement as a whole stands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    AGREED = "agreed"
    SIGNED = "signed"
    REFRESHED = "refreshed"


class Region(StrEnum):
    """The nine Government Office regions."""

    GONE = "GONE"
    GONW = "GONW"
    GOYH = "GOYH"
    GOEM = "GOEM"
    GOWM = "GOWM"
    GOEE = "GOEE"
    GOL = "GOL"
    GOSE = "GOSE"
    GOSW = "GOSW"


class Block(StrEnum):
    """The four blocks of a first-round (2006–09) LAA."""

    CYP = "CYP"
    SSC = "SSC"
    HCOP = "HCOP"
    EDE = "EDE"


class Polarity(StrEnum):
    """Whether a higher or a lower figure is better."""

    HIGHER = "higher"
    LOWER = "lower"


class TargetType(StrEnum):
    """How a target counts in the agreement."""

    DESIGNATED = "designated"  # 2008–11: one of up to 35 improvement targets from the NIS
    STATUTORY = "statutory"  # 2008–11: one of the 16 education and early years targets
    LOCAL = "local"  # agreed locally, no reward, not counted in the 35
    MANDATORY = "mandatory"  # 2006–09: a mandatory outcome's indicator
    REWARD = "reward"  # LPSA stretch target or 2006–09 reward target


class RefreshStatus(StrEnum):
    """Status of an indicator row at the annual refresh."""

    NEW = "new"
    REFRESHED = "refreshed"
    NO_CHANGE = "no change"
    REMOVED = "removed"
    REMOVED_FROM_REWARD = "removed from reward only"
    OUTSTANDING = "outstanding"


class Treatment(StrEnum):
    """How a funding stream is handled in the agreement."""

    POOLED = "pooled"
    ALIGNED = "aligned"
    MANDATORY_POOLED = "mandatory pooled"
    AREA_BASED_GRANT = "area based grant"
    PASSPORTED = "passported"
    TO_BE_NEGOTIATED = "to be negotiated"  # first-round LAAs listed these beside the others


class FreedomStatus(StrEnum):
    """Government's answer to a request for a freedom or flexibility."""

    REQUESTED = "requested"
    AGREED = "agreed"
    AGREED_WITH_CONDITIONS = "agreed with conditions"
    TEMPORARY = "temporary"
    REFUSED = "refused"
    ALREADY_POSSIBLE = "already possible"
    FURTHER_DISCUSSION = "further discussion"
    NEEDS_PRIMARY_LEGISLATION = "needs primary legislation"


OPEN_FREEDOM_STATUSES = frozenset({FreedomStatus.REQUESTED, FreedomStatus.FURTHER_DISCUSSION})


# ---------------------------------------------------------------- numbers and dates


def _number(v: Any) -> int | float:
    """A plain number as written: an int stays an int; NaN and infinities are refused."""
    number: int | float
    if isinstance(v, bool) or not isinstance(v, int | float | str):
        raise PydanticCustomError("float_type", "Input should be a number")
    if isinstance(v, str):
        m = NUMBER_TEXT.match(v)
        if not m:
            raise PydanticCustomError("float_parsing", "Input should be a number")
        try:
            number = float(v) if m.group(2) else int(v)
        except ValueError:  # more than Python's 4,300 digits
            number = math.inf
    else:
        number = v
    if (isinstance(number, float) and not math.isfinite(number)) or abs(number) >= MAX_FIGURE:
        # S008: reported as "not a finite number", not as a type error
        raise PydanticCustomError("finite_number", "Input should be a finite number")
    return number


MAX_FIGURE = 10**15  # a thousand million million: beyond any amount or figure


# A number as written: a whole number stays an int (so '48' prints '48' and '48.0' prints
# '48.0'), and NaN, infinities and overflowing literals such as 1e400 are refused.
Number = Annotated[int | float, PlainValidator(_number), WithJsonSchema({"type": "number"})]

# A number written in quotes keeps its precision: '52.50' is 52.5 to two places.
NUMBER_TEXT = re.compile(r"^\s*([+-]?\d+)(?:\.(\d+))?\s*$")
# Words that mean "does not apply" (a year after an indicator was withdrawn, say).
NOT_APPLICABLE_WORDS = re.compile(r"^\s*(?:n/?a|not applicable|not relevant)\s*\.?\s*$", re.I)


@dataclass(frozen=True, order=True)
class Month:
    """A date known only to the month, written 2008-06 in YAML ('June 2008')."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not (MIN_YEAR <= self.year <= MAX_YEAR and 1 <= self.month <= 12):
            raise ValueError("a month is written YYYY-MM, like 2008-06")

    @property
    def first(self) -> dt.date:
        """The first day of the month."""
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        """The last day of the month: a due date of June 2008 has passed on 1 July."""
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


MONTH_TEXT = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
MIN_YEAR, MAX_YEAR = 1990, 2100  # dates and financial years outside these are mistakes


def _to_day(v: Any) -> Any:
    if isinstance(v, str):
        m = MONTH_TEXT.match(v)
        if m:
            return Month(int(m.group(1)), int(m.group(2)))
    return v


def _check_day(v: dt.date | Month) -> dt.date | Month:
    if not MIN_YEAR <= v.year <= MAX_YEAR:
        raise ValueError(f"the year {v.year} is not a plausible year for an agreement")
    return v


def _day_json(v: dt.date | Month) -> str:
    return v.isoformat() if isinstance(v, dt.date) else str(v)


# A date (YYYY-MM-DD), or a month (YYYY-MM) where only the month is known.
Day = Annotated[
    dt.date | Month,
    BeforeValidator(_to_day),
    AfterValidator(_check_day),
    PlainSerializer(_day_json, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}(-\d{2})?$",
            "description": "A date YYYY-MM-DD, or YYYY-MM when only the month is known.",
        }
    ),
]


def first_day(d: dt.date | Month) -> dt.date:
    """The earliest day a date or month can mean."""
    return d.first if isinstance(d, Month) else d


def last_day(d: dt.date | Month) -> dt.date:
    """The latest day a date or month can mean (what a due date is judged by)."""
    return d.last if isinstance(d, Month) else d


# ---------------------------------------------------------------- small parts


class OpenItem(Model):
    """Marks an item as still being negotiated: what is open, who acts, by when."""

    issue: str | None = Field(None, description="What is still to be agreed, in a sentence.")
    owner: str | None = Field(
        None, description="Id of the partner or outside body that must act (or a name)."
    )
    due: Day | None = Field(None, description="Date by which it must be settled.")


class FigureStatus(StrEnum):
    """How firm a figure is."""

    CONFIRMED = "confirmed"
    PROVISIONAL = "provisional"
    INDICATIVE = "indicative"
    ESTIMATE = "estimate"


class Figure(Model):
    """One cell of a table: a number, a relative target in words, or a placeholder.

    In YAML write a number (`52.5`; in quotes, `'52.50'`, to keep trailing zeros), a
    sentence for a relative target (`keep the gap to the national rate at 2.2 points`),
    `N/A` where a figure does not apply, or a mapping; a placeholder is
    `{missing: what, owner: who, due: when}`, and a figure still awaiting confirmation is
    `{value: 47.1, missing: confirmation from the 2008 survey, owner: who, due: when}`.
    """

    value: Number | None = Field(None, description="The figure, in the indicator's unit.")
    places: int | None = Field(
        None,
        ge=0,
        le=6,
        description="Decimal places to print, when not as written (e.g. 2 for 52.50).",
    )
    relative: str | None = Field(
        None, description="A target stated in words relative to something else."
    )
    missing: str | None = Field(
        None,
        description="Placeholder: what is missing (e.g. 'baseline from Place Survey'); "
        "beside a value, what must confirm it.",
    )
    owner: str | None = Field(
        None, description="Placeholder: id of the partner or outside body who provides it."
    )
    due: Day | None = Field(None, description="Placeholder: date it will be provided.")
    not_applicable: bool = Field(
        False, description="The figure does not apply (e.g. a year after the indicator ended)."
    )
    status: FigureStatus | None = Field(
        None, description="confirmed, provisional, indicative or estimate."
    )
    basis: str | None = Field(
        None, description="How the figure is worked out: '3-year rolling average', 'academic year'."
    )
    period: str | None = Field(
        None, description="For baselines: the year or period the figure refers to, e.g. 2007/08."
    )
    note: str | None = Field(None, description="A short note printed beside the figure.")

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, data: Any) -> Any:
        if isinstance(data, bool):
            return data  # let pydantic reject it as a type error
        if isinstance(data, int | float):
            return {"value": data}
        if isinstance(data, str):
            return _figure_text(data)
        return data

    @property
    def is_number(self) -> bool:
        """True when the cell holds a figure (possibly still awaiting confirmation)."""
        return self.value is not None

    @property
    def is_placeholder(self) -> bool:
        """True when the cell says something is still missing."""
        return self.missing is not None and self.value is None

    @property
    def awaiting(self) -> bool:
        """True for a figure given but still awaiting confirmation."""
        return self.missing is not None and self.value is not None

    @property
    def open(self) -> bool:
        """True when someone still has to provide or confirm the figure."""
        return self.missing is not None


def _figure_text(text: str) -> dict[str, Any]:
    """A figure written as text: a quoted number, 'N/A', a placeholder word or a sentence."""
    m = NUMBER_TEXT.match(text)
    if m:
        places = len(m.group(2) or "")
        value: int | float = float(text) if places else int(m.group(1))
        return {"value": value, "places": places}
    if NOT_APPLICABLE_WORDS.match(text):
        return {"not_applicable": True}
    if VAGUE_WORDS.match(text):
        return {"missing": text.strip()}
    return {"relative": text.strip()}


class Money(Model):
    """An amount in pounds, with how firm it is; or a placeholder when not yet known.

    Write a plain number (`1450000`), `not known` (better: a placeholder mapping), or a
    mapping such as `{value: 1450000, status: indicative}` or `{value: 250000, up_to: true}`.
    """

    value: Number | None = Field(None, description="The amount in pounds.")
    status: FigureStatus | None = Field(
        None, description="confirmed, provisional, indicative or estimate."
    )
    confirmed_by: str | None = Field(
        None, description="Who confirmed the amount (partner or body id, or a name)."
    )
    approximate: bool = Field(False, description="The amount is approximate ('about £…').")
    up_to: bool = Field(False, description="The amount is a ceiling ('up to £…').")
    missing: str | None = Field(
        None, description="Not yet known: what is awaited (e.g. 'allocation letter')."
    )
    owner: str | None = Field(None, description="Who will provide the amount.")
    due: Day | None = Field(None, description="When the amount will be known.")
    note: str | None = Field(None, description="A short note printed beside the amount.")

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, data: Any) -> Any:
        if isinstance(data, bool):
            return data
        if isinstance(data, int | float):
            return {"value": data}
        if isinstance(data, str):
            if VAGUE_WORDS.match(data) or UNKNOWN_AMOUNT.match(data):
                return {"missing": data.strip()}
            return {"value": data}  # reported as "should be a number"
        return data

    @property
    def known(self) -> bool:
        """True when the amount is a number (it may still await confirmation)."""
        return self.value is not None


UNKNOWN_AMOUNT = re.compile(r"^\s*(?:not known|unknown|not yet known|to be announced)\s*$", re.I)


class YearTarget(Model):
    """The target for one year, with its un-stretched level where there is one.

    Write a bare figure for an ordinary target; where the agreement states the level
    expected without it as well (all reward and LPSA stretch targets, and any other row
    that prints both), write `{without: 50, with: 53}`. A reward target may also state
    its trigger level: `{without: 50, with: 55, trigger: 53}`.
    """

    target: Figure | None = Field(
        None,
        alias="with",
        description="The target; where both levels are given, the stretched level "
        "(with the agreement).",
    )
    without: Figure | None = Field(
        None, description="The level expected without the agreement (un-stretched)."
    )
    trigger: Figure | None = Field(
        None,
        description="Reward targets: the level at which reward starts to be paid, when the "
        "agreement states it (otherwise worked out from the threshold).",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict) and _YEAR_TARGET_KEYS & data.keys():
            return data
        return {"with": data}


_YEAR_TARGET_KEYS = frozenset({"with", "without", "target", "trigger"})


class Outturn(Model):
    """The latest actual performance reported for an indicator."""

    value: Number | None = Field(None, description="The figure, in the indicator's unit.")
    period: str | None = Field(None, description="The year or period it refers to.")
    provisional: bool = Field(False, description="The figure is provisional.")
    source: str | None = Field(None, description="Where the figure was published.")
    note: str | None = Field(None, description="A short note printed beside it.")


class Delivery(Model):
    """The delivery plan line for a target."""

    lead_officer: str | None = Field(None, description="Named lead officer and post.")
    milestones: list[str] = Field(default_factory=new_list, description="Key milestones, in order.")


# ---------------------------------------------------------------- changes and approval


class ApprovalStatus(StrEnum):
    """Where a change stands with whoever must approve it (usually the Government Office)."""

    APPROVED = "approved"
    AWAITING = "awaiting"
    REJECTED = "rejected"


class Approval(Model):
    """Who approved a change and when, or who is yet to approve it."""

    status: ApprovalStatus = Field(description="approved, awaiting or rejected.")
    by: str | None = Field(
        None, description="Who approves: partner or body id, or a name ('GOWM', 'DCSF')."
    )
    date: Day | None = Field(
        None, description="When it was approved or rejected; while awaiting, when it is due."
    )


class Removal(StrEnum):
    """What a refresh takes a target out of."""

    AGREEMENT = "agreement"
    REWARD = "reward"


class ChangeBase(Model):
    """One change to an item, for the record: when, why, what it was, who approved it.

    A change already in force keeps the earlier values in `was` (the item's own fields
    hold the new ones). A change still awaiting approval puts the new values in
    `proposed` and leaves the item's fields as agreed, so no document states a pending
    change as done.
    """

    refresh: str | None = Field(None, description="Id of the refresh (under 'refreshes:').")
    version: str | None = Field(None, description="The version of the agreement it was made in.")
    date: Day | None = Field(None, description="When the change was made or proposed.")
    reason: str | None = Field(
        None, description="Why it changed: the commentary printed beside it."
    )
    approval: Approval | None = Field(None, description="Approval of the change.")

    @property
    def pending(self) -> bool:
        """True while the change is proposed and neither approved nor rejected."""
        proposed = getattr(self, "proposed", None)
        status = self.approval.status if self.approval else None
        return proposed is not None and status in (None, ApprovalStatus.AWAITING)


class IndicatorValues(Model):
    """Values of an indicator row before a change (`was`) or as proposed (`proposed`)."""

    baseline: Figure | None = Field(None, description="The baseline.")
    targets: dict[str, YearTarget] = Field(
        default_factory=new_dict, description="Targets, keyed by financial year."
    )
    type: TargetType | None = Field(None, description="The kind of target.")
    lead: str | list[str] | None = Field(None, description="Lead partner id(s).")
    remove: Removal | None = Field(
        None,
        description="Proposed: take the row out of the agreement, or out of the reward only.",
    )

    @field_validator("targets", mode="before")
    @classmethod
    def _year_keys_as_text(cls, v: Any) -> Any:
        return _text_keys(v)


class IndicatorChange(ChangeBase):
    """A change to an indicator row (baseline, targets, kind, removal)."""

    was: IndicatorValues | None = Field(None, description="The values before the change.")
    proposed: IndicatorValues | None = Field(
        None, description="The values proposed, while awaiting approval."
    )


# ---------------------------------------------------------------- parties


class Statistic(Model):
    """A fact about the area, with the period it refers to and where it comes from."""

    value: Number | None = Field(None, description="The figure.")
    period: str | None = Field(None, description="The year it refers to, e.g. 2007.")
    source: str | None = Field(None, description="Where it comes from, e.g. 'ONS mid-year'.")

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, data: Any) -> Any:
        return (
            {"value": data}
            if isinstance(data, int | float) and not isinstance(data, bool)
            else data
        )


class AreaFact(Model):
    """Any other fact for the area's profile: 'Index of Multiple Deprivation rank', …"""

    label: str = Field(description="What the fact is.")
    value: str | Number = Field(description="The figure or the words.")
    period: str | None = Field(None, description="The year it refers to.")
    source: str | None = Field(None, description="Where it comes from.")


class Area(Model):
    """The area the agreement covers."""

    name: str = Field(description="Area name, e.g. 'Northfleet'.")
    kind: str | None = Field(
        None, description="unitary, metropolitan, London borough, county (two-tier)…"
    )
    accountable_body: str | None = Field(
        None, description="The council that is the accountable body."
    )
    lsp: str | None = Field(None, description="Name of the Local Strategic Partnership.")
    region: Region | None = Field(None, description="Government Office region code, e.g. GOWM.")
    districts: list[str] = Field(
        default_factory=new_list, description="District councils, in a two-tier (county) area."
    )
    population: Statistic | None = Field(None, description="Resident population.")
    households: Statistic | None = Field(None, description="Number of households.")
    profile: list[AreaFact] = Field(
        default_factory=new_list, description="Other facts for the area's profile."
    )


class Partner(Model):
    """An organisation that is party to, or contributes to, the agreement."""

    id: Id
    name: str = Field(description="Full name of the organisation.")
    type: str | None = Field(
        None,
        description="council, district council, primary care trust, police, fire and rescue, "
        "Jobcentre Plus, Learning and Skills Council, voluntary and community sector, …",
    )
    duty_to_cooperate: bool = Field(
        False, description="Named partner under the statutory duty to co-operate (2008–11)."
    )
    signatory: bool = Field(False, description="Signs the agreement.")


class Body(Model):
    """A body outside the partnership that can provide a figure or settle an open item.

    Government departments, national agencies, the Government Office or a named survey
    can own a placeholder or an open item without being made partners.
    """

    id: Id
    name: str = Field(
        description="Full name, e.g. 'Department for Children, Schools and Families'."
    )
    kind: str | None = Field(
        None, description="government department, national agency, Government Office, survey, …"
    )


class KeyDates(Model):
    """Milestones in the life of the agreement (a month, YYYY-MM, where the day is not known)."""

    first_draft: Day | None = Field(None, description="Date of the first draft.")
    cabinet: Day | None = Field(None, description="Executive or cabinet approval.")
    full_council: Day | None = Field(None, description="Approval by full council.")
    submitted: Day | None = Field(None, description="Submitted to the Government Office.")
    agreed: Day | None = Field(None, description="Agreed with the Government Office.")
    go_signoff: Day | None = Field(None, description="Government Office sign-off.")
    ministerial_signoff: Day | None = Field(
        None, description="Secretary of State or ministerial sign-off."
    )
    signed: Day | None = Field(None, description="Signed by all parties.")
    in_force: Day | None = Field(None, description="In force from.")
    refreshed: Day | None = Field(None, description="Date of the latest refresh.")


class Period(Model):
    """The financial years the agreement covers, e.g. 2008/09 to 2010/11."""

    start: str = Field(description="First financial year, e.g. 2008/09.")
    end: str = Field(description="Last financial year, e.g. 2010/11.")

    @field_validator("start", "end")
    @classmethod
    def _is_year(cls, v: str) -> str:
        first = year_start(v)
        if first is None:
            raise ValueError("a financial year is written like 2008/09")
        if not MIN_YEAR <= first <= MAX_YEAR:
            raise ValueError(f"{v} is not a plausible year for an agreement")
        return v

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if (year_start(self.end) or 0) < (year_start(self.start) or 0):
            raise ValueError("the period ends before it starts")
        return self

    @property
    def years(self) -> list[str]:
        """Every financial year in the period, in order."""
        first, last = year_start(self.start), year_start(self.end)
        assert first is not None and last is not None
        return [year_label(y) for y in range(first, last + 1)]

    @property
    def baseline_year(self) -> str:
        """The year before the period starts: the default baseline year."""
        first = year_start(self.start)
        assert first is not None
        return year_label(first - 1)


class Refresh(Model):
    """One annual refresh (or renegotiation) of the agreement, with its own dates."""

    id: Id
    title: str | None = Field(None, description="Its name, e.g. '2009 refresh'.")
    cabinet: Day | None = Field(None, description="Executive or cabinet approval.")
    full_council: Day | None = Field(None, description="Approval by full council.")
    submitted: Day | None = Field(None, description="Refreshed agreement submitted.")
    go_signoff: Day | None = Field(None, description="Government Office sign-off.")
    ministerial_signoff: Day | None = Field(
        None, description="Secretary of State or ministerial sign-off."
    )
    in_force: Day | None = Field(None, description="Refreshed targets in force from.")
    summary: str | None = Field(None, description="What the refresh changed, in a paragraph.")


class Rating(StrEnum):
    """A Government Office review rating."""

    GREEN = "green"
    AMBER_GREEN = "amber/green"
    AMBER = "amber"
    AMBER_RED = "amber/red"
    RED = "red"


class Review(Model):
    """A Government Office review of the agreement's progress."""

    period: str = Field(description="What the review covers, e.g. '2008/09 mid-year'.")
    date: Day | None = Field(None, description="When the review was made.")
    rating: Rating | None = Field(None, description="green, amber/green, amber, amber/red, red.")
    by: str | None = Field(None, description="Who reviewed (a body id or name).")
    summary: str | None = Field(None, description="The review's conclusions.")


# ---------------------------------------------------------------- targets


class Indicator(Model):
    """A measure under an outcome, with its baseline and yearly targets.

    Give `ni` for a National Indicator (title, department and statutory flag come
    from the bundled reference data), or a local definition: `title`, `unit`,
    `polarity`, `source`, `frequency`.
    """

    id: Id
    ni: int | None = Field(None, description="National Indicator number, e.g. 117 for NI 117.")
    title: str | None = Field(
        None, description="Title; for a National Indicator, defaults to the NIS title."
    )
    definition: str | None = Field(None, description="Local indicators: how it is measured.")
    unit: str | None = Field(None, description="%, count, rate per 1,000, £, …")
    polarity: Polarity | None = Field(None, description="Whether higher or lower is better.")
    source: str | None = Field(None, description="Data source, e.g. 'Place Survey'.")
    frequency: str | None = Field(None, description="How often it is measured, e.g. annual.")
    type: TargetType = Field(
        TargetType.LOCAL, description="designated, statutory, local, mandatory or reward."
    )
    lead: str | list[str] | None = Field(
        None, description="Partner id of the lead partner for this target (or a list of leads)."
    )
    partners: list[str] = Field(
        default_factory=new_list,
        description="Partner ids of the delivery partners (the leads are marked among them).",
    )
    baseline: Figure | None = Field(
        None, description="Baseline figure and the period it refers to, or a placeholder."
    )
    targets: dict[str, YearTarget] = Field(
        default_factory=new_dict,
        description="Target for each financial year of the period, keyed like 2009/10.",
    )
    outturn: Outturn | None = Field(
        None, description="The latest outturn: the figure, its period, whether provisional."
    )
    reward_share: float | None = Field(
        None, description="Reward targets: percentage share of the reward, if not equal shares."
    )
    refresh: RefreshStatus | None = Field(
        None, description="At refresh: new, refreshed, no change, removed, …"
    )
    changes: list[IndicatorChange] = Field(
        default_factory=new_list,
        description="Negotiation and refresh history: earlier values, proposals, reasons.",
    )
    open: OpenItem | None = Field(None, description="Set while this target is still open.")
    delivery: Delivery | None = Field(None, description="Delivery plan line.")
    notes: str | None = Field(None, description="Notes printed under the table.")
    provenance: str | None = Field(
        None, description="Where this row was taken from: the paper, table or letter."
    )

    @field_validator("targets", mode="before")
    @classmethod
    def _year_keys_as_text(cls, v: Any) -> Any:
        return _text_keys(v)

    @property
    def code(self) -> str:
        """'NI 117' for a national indicator, else the id."""
        return f"NI {self.ni}" if self.ni is not None else self.id

    @property
    def leads(self) -> list[str]:
        """The lead partner ids (one or several)."""
        if self.lead is None:
            return []
        return [self.lead] if isinstance(self.lead, str) else list(self.lead)

    @property
    def in_agreement(self) -> bool:
        """False once the row was removed at a refresh; it then needs no figures."""
        return self.refresh is not RefreshStatus.REMOVED

    @property
    def in_reward(self) -> bool:
        """Whether the row still earns reward: not once removed, nor once removed from reward."""
        return self.refresh not in (RefreshStatus.REMOVED, RefreshStatus.REMOVED_FROM_REWARD)

    @property
    def stretched(self) -> bool:
        """True when any year gives the level expected without the agreement."""
        return any(yt.without is not None for yt in self.targets.values())


class Outcome(Model):
    """An outcome under a theme or block (an LPSA target is an outcome).

    An outcome may hold sub-outcomes (`outcomes:`), each with its own indicators.
    """

    id: Id
    code: str | None = Field(
        None, description="The outcome's own reference as the council used it, e.g. 'SSCF 1.2'."
    )
    title: str = Field(description="The outcome, in a sentence.")
    mandatory: bool = Field(
        False, description="A mandatory (national) outcome rather than a local one."
    )
    lead: str | None = Field(None, description="Partner id of the lead partner.")
    contributors: list[str] = Field(
        default_factory=new_list, description="Partner ids of contributing partners."
    )
    narrative: str | None = Field(None, description="Why this outcome and how it will be met.")
    indicators: list[Indicator] = Field(
        default_factory=new_list, description="Indicators and targets measuring the outcome."
    )
    outcomes: list[Outcome] = Field(
        default_factory=new_list, description="Sub-outcomes under this outcome."
    )
    open: OpenItem | None = Field(None, description="Set while this outcome is still open.")
    pump_priming: Money | None = Field(
        None,
        description="LPSA: the pump priming grant allocated to this target (£), where the "
        "agreement allocates the grant by target (printed in Schedule 3).",
    )

    def tree(self) -> list[Outcome]:
        """This outcome and every sub-outcome under it, depth first."""
        return [self, *(o for sub in self.outcomes for o in sub.tree())]


class Theme(Model):
    """A theme (2008–11), block (2006–09) or priority (LPSA) grouping outcomes."""

    id: Id
    title: str = Field(description="Name of the theme or block.")
    block: Block | None = Field(
        None, description="2006–09 LAAs: which of the four blocks (CYP, SSC, HCOP, EDE)."
    )
    group: str | None = Field(
        None, description="The named group the theme belongs to, e.g. 'Core themes'."
    )
    narrative: str | None = Field(None, description="Introductory text for the theme.")
    outcomes: list[Outcome] = Field(default_factory=new_list, description="Outcomes in this theme.")


# ---------------------------------------------------------------- funding, freedoms


class StreamValues(Model):
    """Values of a funding stream before a change (`was`) or as proposed (`proposed`)."""

    amounts: dict[str, Money] = Field(
        default_factory=new_dict, description="Amounts, keyed by financial year."
    )
    treatment: Treatment | None = Field(None, description="How the stream is treated.")
    consent: bool | None = Field(None, description="Whether the owner consented.")
    owner: str | None = Field(None, description="Partner id of the holder.")
    department: str | None = Field(None, description="Owning department.")

    @field_validator("amounts", mode="before")
    @classmethod
    def _year_keys_as_text(cls, v: Any) -> Any:
        return _text_keys(v)


class StreamChange(ChangeBase):
    """A change to a funding stream (amounts, treatment, consent)."""

    was: StreamValues | None = Field(None, description="The values before the change.")
    proposed: StreamValues | None = Field(
        None, description="The values proposed, while awaiting approval."
    )


class FundingStream(Model):
    """A funding stream brought into the agreement."""

    id: Id
    name: str = Field(description="Name of the stream.")
    department: str | None = Field(None, description="Owning government department, e.g. DCSF.")
    owner: str | None = Field(
        None, description="Partner id of the body that holds the money locally."
    )
    treatment: Treatment | None = Field(
        None,
        description="pooled, aligned, mandatory pooled, area based grant, passported, "
        "to be negotiated.",
    )
    amounts: dict[str, Money] = Field(
        default_factory=new_dict,
        description="Amount in pounds for each financial year of the period.",
    )
    previous_amounts: dict[str, Money] = Field(
        default_factory=new_dict,
        description="Amounts from before the agreement (an earlier round's allocation), kept "
        "for comparison: printed apart, never in the agreement's totals.",
    )
    outcomes: list[str] = Field(
        default_factory=new_list, description="Outcome ids this stream serves (the golden thread)."
    )
    consent: bool | None = Field(
        None, description="Whether the owning partner has consented to its treatment."
    )
    underspend: Money | None = Field(None, description="Expected underspend over the period (£).")
    carry_forward: str | None = Field(
        None, description="Carry-forward allowance, in words: 'up to 10% into 2009/10'."
    )
    changes: list[StreamChange] = Field(
        default_factory=new_list, description="History of changes: earlier values, reasons."
    )
    open: OpenItem | None = Field(None, description="Set while this stream is still open.")
    notes: str | None = Field(None, description="Notes printed with the stream.")
    provenance: str | None = Field(
        None, description="Where the figures were taken from: allocation letter, table."
    )

    @field_validator("amounts", "previous_amounts", mode="before")
    @classmethod
    def _year_keys_as_text(cls, v: Any) -> Any:
        return _text_keys(v)


class Funding(Model):
    """Funding streams and, optionally, the totals the agreement states."""

    streams: list[FundingStream] = Field(default_factory=new_list, description="Funding streams.")
    stated_totals: dict[str, Number] = Field(
        default_factory=new_dict,
        description="Totals per year as stated in the agreement; checked against the streams "
        "(streams still to be negotiated are not in them).",
    )

    @field_validator("stated_totals", mode="before")
    @classmethod
    def _year_keys_as_text(cls, v: Any) -> Any:
        return _text_keys(v)


class FreedomValues(Model):
    """Values of a freedom before a change (`was`) or as proposed (`proposed`)."""

    status: FreedomStatus | None = Field(None, description="Government's answer.")
    response: str | None = Field(None, description="Government's response.")
    conditions: str | None = Field(None, description="Conditions attached.")
    request: str | None = Field(None, description="What was asked.")


class FreedomChange(ChangeBase):
    """A change to a freedom (its status, the answer, the conditions)."""

    was: FreedomValues | None = Field(None, description="The values before the change.")
    proposed: FreedomValues | None = Field(
        None, description="The values proposed, while awaiting approval."
    )


class Freedom(Model):
    """A freedom or flexibility (enabling measure) requested of government."""

    id: Id
    title: str = Field(description="Short name of the request.")
    barrier: str | None = Field(None, description="The barrier or problem it removes.")
    request: str | None = Field(None, description="What exactly is asked of government.")
    rationale: str | None = Field(None, description="Evidence and reasoning for the request.")
    department: str | None = Field(None, description="Department that owns the rule.")
    outcomes: list[str] = Field(default_factory=new_list, description="Outcome ids it serves.")
    status: FreedomStatus | None = Field(None, description="Government's answer so far.")
    response: str | None = Field(
        None, description="Government's response; the reason, when refused."
    )
    conditions: str | None = Field(None, description="Conditions, when agreed with conditions.")
    changes: list[FreedomChange] = Field(
        default_factory=new_list, description="History of changes: earlier answers, reasons."
    )
    open: OpenItem | None = Field(None, description="Set while this request is still open.")
    notes: str | None = Field(None, description="Notes printed with the request.")
    provenance: str | None = Field(
        None, description="Where the request and answer are recorded: letter, meeting."
    )


# ---------------------------------------------------------------- reward, governance

# The standard LPSA rules, which apply where an agreement does not state its own.
STANDARD_MAX_PERCENT = 2.5
STANDARD_THRESHOLD_PERCENT = 60.0
STANDARD_INSTALMENTS = 2


class SharesOf(StrEnum):
    """Which maximum the reward shares divide."""

    COMPUTED = "computed"  # the percentage of the net budget requirement, worked out
    STATED = "stated"  # the total the agreement states (often rounded)


class StatedTotal(Model):
    """A maximum reward as stated at a date; a later statement replaces an earlier one."""

    amount: Money = Field(description="The amount stated (£).")
    date: Day | None = Field(None, description="When it was stated.")
    note: str | None = Field(None, description="Where or why it was stated.")


class Interim(Model):
    """An interim reward payment the agreement provides for."""

    percent: float | None = Field(
        None, ge=0, le=100, description="Share of the reward paid as the interim payment (%)."
    )
    condition: str | None = Field(None, description="What must be achieved to earn it.")
    year: str | None = Field(None, description="Financial year it is paid in.")


class Reward(Model):
    """Reward grant and, for an LPSA, pump priming grant and credit approval.

    Leave out what the agreement does not state: the standard LPSA rules (2.5% of the
    net budget requirement, nothing below 60% of the stretch, two equal instalments)
    are then printed as the standard rules, not as this agreement's terms.
    """

    net_budget_requirement: Money | None = Field(
        None, description="LPSA reward base: the authority's net budget requirement (£)."
    )
    base_year: str | None = Field(None, description="Year of the net budget requirement.")
    max_percent: float | None = Field(
        None,
        gt=0,
        le=100,
        description="Maximum reward as a percentage of the net budget requirement (standard 2.5).",
    )
    threshold_percent: float | None = Field(
        None,
        ge=0,
        le=100,
        description="Share of the stretch to be achieved before any reward (standard 60).",
    )
    instalments: int | None = Field(
        None, ge=1, le=10, description="Number of instalments the reward is paid in (standard 2)."
    )
    equal_instalments: bool | None = Field(
        None, description="Whether the instalments are equal, when the agreement says."
    )
    payment_years: list[str] = Field(
        default_factory=new_list, description="Financial years in which the instalments are paid."
    )
    reward_year: str | None = Field(
        None, description="The year whose performance the reward is paid on (default: final year)."
    )
    interim: Interim | None = Field(None, description="An interim payment, if provided for.")
    targets: int | None = Field(
        None,
        ge=1,
        description="The number of reward targets the agreement has, when not all are listed.",
    )
    shares_of: SharesOf | None = Field(
        None, description="Whether shares divide the computed maximum or the stated total."
    )
    pump_priming_grant: Money | None = Field(None, description="Pump priming grant (£).")
    unsupported_credit_approval: Money | None = Field(
        None, description="Unsupported Credit Approval (£)."
    )
    per_target: Money | None = Field(
        None, description="2008–11 LAAs: reward grant available per designated target (£)."
    )
    total: Money | None = Field(None, description="Stated maximum reward (£), if given.")
    totals: list[StatedTotal] = Field(
        default_factory=new_list, description="Maximum reward as stated and restated, with dates."
    )
    cap: Money | None = Field(None, description="A cap on the reward payable (£).")
    rules: str | None = Field(None, description="Any further reward rules agreed.")

    @property
    def stated_total(self) -> Money | None:
        """The latest statement of the maximum reward: the last of `totals`, else `total`."""
        return self.totals[-1].amount if self.totals else self.total


class Governance(Model):
    """How the partnership runs the agreement."""

    structure: str | None = Field(None, description="Partnership structure and boards.")
    performance_management: str | None = Field(
        None, description="How performance is monitored and reported."
    )
    risk: str | None = Field(None, description="Main risks and how they are managed.")


class Signatory(Model):
    """A person who signs on behalf of a party."""

    partner: str | None = Field(
        None, description="Partner id signed for; omit for a government signatory."
    )
    on_behalf_of: str | None = Field(
        None, description="Who they sign for, when not a partner (e.g. 'HM Government')."
    )
    name: str | None = Field(None, description="Name of the person signing.")
    role: str | None = Field(None, description="Their position.")
    date: Day | None = Field(None, description="Date signed.")


# ---------------------------------------------------------------- agreement


class Agreement(Model):
    """One agreement: an LPSA, a 2006–09 LAA or a 2008–11 LAA."""

    drafter: int = Field(FORMAT_VERSION, description="Version of this file format (1).")
    id: Id
    generation: Generation = Field(description="lpsa, laa2006 or laa2008.")
    title: str | None = Field(None, description="Title, if not the usual one for the kind.")
    area: Area = Field(description="The area: name, accountable body, LSP, GO region.")
    partners: list[Partner] = Field(default_factory=new_list, description="Partners.")
    bodies: list[Body] = Field(
        default_factory=new_list,
        description="Bodies outside the partnership that own placeholders or open items.",
    )
    period: Period = Field(description="The financial years covered, e.g. 2008/09 to 2010/11.")
    version: str = Field(description="Version label, e.g. '0.3' or 'Refresh 2009'.")
    date: dt.date | None = Field(
        None, description="Date of this version; due dates before it are overdue."
    )
    status: Status = Field(Status.DRAFT, description="draft, submitted, agreed, signed, refreshed.")
    dates: KeyDates = Field(default_factory=KeyDates, description="Key dates.")
    refreshes: list[Refresh] = Field(
        default_factory=new_list, description="Each refresh of the agreement, oldest first."
    )
    reviews: list[Review] = Field(
        default_factory=new_list, description="Government Office review records, oldest first."
    )
    vision: str | None = Field(None, description="Vision, tied to the Community Strategy.")
    priorities: list[str] = Field(default_factory=new_list, description="Priorities, in order.")
    cross_cutting: list[str] = Field(
        default_factory=new_list, description="Cross-cutting themes (narrowing the gap, …)."
    )
    themes: list[Theme] = Field(
        default_factory=new_list,
        description="Themes (2008–11), blocks (2006–09) or priorities (LPSA), each with outcomes.",
    )
    statutory: list[Indicator] = Field(
        default_factory=new_list,
        description="2008–11: the 16 statutory education and early years targets (they may "
        "instead sit under the outcome they serve, with 'type: statutory').",
    )
    funding: Funding = Field(default_factory=Funding, description="Funding streams.")
    freedoms: list[Freedom] = Field(
        default_factory=new_list, description="Freedoms and flexibilities (enabling measures)."
    )
    reward: Reward | None = Field(None, description="Reward arrangements.")
    governance: Governance | None = Field(None, description="Governance and delivery.")
    signatories: list[Signatory] = Field(default_factory=new_list, description="Signatories.")

    # ---- navigation helpers (pure, no I/O)

    def outcome_paths(self) -> Iterator[tuple[PathKey, Outcome, Theme]]:
        """Every outcome and sub-outcome with its path in the data and its theme."""

        def walk(path: PathKey, outcomes: list[Outcome], theme: Theme) -> Iterator[Any]:
            for o, outcome in enumerate(outcomes):
                at: PathKey = (*path, "outcomes", o)
                yield at, outcome, theme
                yield from walk(at, outcome.outcomes, theme)

        for t, theme in enumerate(self.themes):
            yield from walk(("themes", t), theme.outcomes, theme)

    def outcomes(self) -> list[Outcome]:
        """Every outcome (sub-outcomes after their parent), theme by theme."""
        return [o for _, o, _ in self.outcome_paths()]

    def indicators(self) -> list[Indicator]:
        """Every indicator under an outcome (not the statutory list)."""
        return [i for o in self.outcomes() for i in o.indicators]

    def partner(self, pid: str) -> Partner | None:
        """The partner with this id, if any."""
        return next((p for p in self.partners if p.id == pid), None)

    def body(self, bid: str) -> Body | None:
        """The outside body with this id, if any."""
        return next((b for b in self.bodies if b.id == bid), None)

    def refresh_named(self, rid: str) -> Refresh | None:
        """The refresh with this id, if any."""
        return next((r for r in self.refreshes if r.id == rid), None)


def _text_keys(v: Any) -> Any:
    """Year-keyed mappings: keys as text, so `2008/09` and a quoted key mean the same."""
    return {str(k): val for k, val in v.items()} if isinstance(v, dict) else v
