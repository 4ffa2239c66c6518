"""The agreement model: plain typed data for LPSAs, 2006–09 LAAs and 2008–11 LAAs.

One YAML file (plus any files it includes) becomes one `Agreement`. The model holds
no I/O and no presentation. Most fields are optional so that an incomplete draft
still loads; completeness is the validator's job, which reports gaps in words a
council officer understands rather than as type errors.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

FORMAT_VERSION = 1

YEAR_RE = re.compile(r"^(\d{4})/(\d{2})$")
# Financial years a period may use (first years): LPSAs began in 2001, LAAs ended in 2011.
FIRST_YEAR, LAST_YEAR = 1990, 2099
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
# Words that mean "not known yet" when written as a bare target or baseline.
VAGUE_WORDS = re.compile(
    r"^\s*(?:(?:tbc|tba|tbd|to be (?:agreed|confirmed|set|determined)|n/?a|unknown|pending)\b"
    r"|[?\-–—]+\s*$)",  # or nothing but question marks or dashes
    re.IGNORECASE,
)


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


class Model(BaseModel):
    """Base for every model class: unknown keys are errors, values are immutable."""

    # allow_inf_nan=False: .nan, .inf and 1e400 are errors (S008), never figures.
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
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


# ---------------------------------------------------------------- small parts


class OpenItem(Model):
    """Marks an item as still being negotiated: what is open, who acts, by when."""

    issue: str | None = Field(None, description="What is still to be agreed, in a sentence.")
    owner: str | None = Field(None, description="Partner id (or name) of whoever must act.")
    due: dt.date | None = Field(None, description="Date by which it must be settled (YYYY-MM-DD).")


class Figure(Model):
    """One cell of a table: a number, a relative target in words, or a placeholder.

    In YAML write a number (`52.5`), a sentence for a relative target
    (`keep the gap to the national rate at 2.2 points`), or a mapping; a placeholder
    is `{missing: what, owner: who, due: when}`.
    """

    value: float | None = Field(None, description="The figure, in the indicator's unit.")
    relative: str | None = Field(
        None, description="A target stated in words relative to something else."
    )
    missing: str | None = Field(
        None, description="Placeholder: what is missing (e.g. 'baseline from Place Survey')."
    )
    owner: str | None = Field(None, description="Placeholder: partner id of who provides it.")
    due: dt.date | None = Field(None, description="Placeholder: date it will be provided.")
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
            if VAGUE_WORDS.match(data):
                return {"missing": data.strip()}
            return {"relative": data.strip()}
        return data

    @property
    def is_number(self) -> bool:
        """True when the cell holds a plain figure."""
        return self.value is not None

    @property
    def is_placeholder(self) -> bool:
        """True when the cell says something is still missing."""
        return self.missing is not None and self.value is None


class YearTarget(Model):
    """The target for one year. For reward (stretch) targets, both levels.

    Write a bare figure for an ordinary target; for a reward target write
    `{without: 50, with: 53}` — the level expected without the agreement and the
    stretched level.
    """

    target: Figure | None = Field(
        None,
        alias="with",
        description="The target; for reward targets, the stretched level (with the agreement).",
    )
    without: Figure | None = Field(
        None,
        description="Reward targets only: the level expected without the agreement (un-stretched).",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict) and ("with" in data or "without" in data or "target" in data):
            return data
        return {"with": data}


class Delivery(Model):
    """The delivery plan line for a target."""

    lead_officer: str | None = Field(None, description="Named lead officer and post.")
    milestones: list[str] = Field(default_factory=list, description="Key milestones, in order.")


# ---------------------------------------------------------------- parties


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
        default_factory=list, description="District councils, in a two-tier (county) area."
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


class KeyDates(Model):
    """Milestones in the life of the agreement."""

    first_draft: dt.date | None = Field(None, description="Date of the first draft.")
    submitted: dt.date | None = Field(None, description="Date submitted to the Government Office.")
    agreed: dt.date | None = Field(None, description="Date agreed with the Government Office.")
    signed: dt.date | None = Field(None, description="Date signed by all parties.")
    refreshed: dt.date | None = Field(None, description="Date of the latest refresh.")


class Period(Model):
    """The financial years the agreement covers, e.g. 2008/09 to 2010/11."""

    start: str = Field(description="First financial year, e.g. 2008/09.")
    end: str = Field(description="Last financial year, e.g. 2010/11.")

    @field_validator("start", "end")
    @classmethod
    def _is_year(cls, v: str) -> str:
        start = year_start(v)
        if start is None:
            raise ValueError("a financial year is written like 2008/09")
        if not FIRST_YEAR <= start <= LAST_YEAR:
            raise ValueError(
                f"{v} is not a year of these agreements; "
                f"use a year from {year_label(FIRST_YEAR)} to {year_label(LAST_YEAR)}"
            )
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
    lead: str | None = Field(None, description="Partner id of the lead partner for this target.")
    baseline: Figure | None = Field(
        None, description="Baseline figure and the period it refers to, or a placeholder."
    )
    targets: dict[str, YearTarget] = Field(
        default_factory=dict,
        description="Target for each financial year of the period, keyed like 2009/10.",
    )
    reward_share: float | None = Field(
        None, description="Reward targets: percentage share of the reward, if not equal shares."
    )
    refresh: RefreshStatus | None = Field(
        None, description="At refresh: new, refreshed, no change, removed, …"
    )
    open: OpenItem | None = Field(None, description="Set while this target is still open.")
    delivery: Delivery | None = Field(None, description="Delivery plan line.")
    notes: str | None = Field(None, description="Notes printed under the table.")

    @field_validator("targets", mode="before")
    @classmethod
    def _year_keys_as_text(cls, v: Any) -> Any:
        return {str(k): val for k, val in v.items()} if isinstance(v, dict) else v

    @property
    def code(self) -> str:
        """'NI 117' for a national indicator, else the id."""
        return f"NI {self.ni}" if self.ni is not None else self.id

    @property
    def in_agreement(self) -> bool:
        """False once the row was removed at a refresh; it then needs no figures."""
        return self.refresh is not RefreshStatus.REMOVED

    @property
    def in_reward(self) -> bool:
        """Whether the row still earns reward: not once removed, nor once removed from reward."""
        return self.refresh not in (RefreshStatus.REMOVED, RefreshStatus.REMOVED_FROM_REWARD)


class Outcome(Model):
    """An outcome under a theme or block (an LPSA target is an outcome)."""

    id: Id
    title: str = Field(description="The outcome, in a sentence.")
    mandatory: bool = Field(
        False, description="A mandatory (national) outcome rather than a local one."
    )
    lead: str | None = Field(None, description="Partner id of the lead partner.")
    contributors: list[str] = Field(
        default_factory=list, description="Partner ids of contributing partners."
    )
    narrative: str | None = Field(None, description="Why this outcome and how it will be met.")
    indicators: list[Indicator] = Field(
        default_factory=list, description="Indicators and targets measuring the outcome."
    )
    open: OpenItem | None = Field(None, description="Set while this outcome is still open.")


class Theme(Model):
    """A theme (2008–11), block (2006–09) or priority (LPSA) grouping outcomes."""

    id: Id
    title: str = Field(description="Name of the theme or block.")
    block: Block | None = Field(
        None, description="2006–09 LAAs: which of the four blocks (CYP, SSC, HCOP, EDE)."
    )
    narrative: str | None = Field(None, description="Introductory text for the theme.")
    outcomes: list[Outcome] = Field(default_factory=list, description="Outcomes in this theme.")


# ---------------------------------------------------------------- funding, freedoms


class FundingStream(Model):
    """A funding stream brought into the agreement."""

    id: Id
    name: str = Field(description="Name of the stream.")
    department: str | None = Field(None, description="Owning government department, e.g. DCSF.")
    owner: str | None = Field(
        None, description="Partner id of the body that holds the money locally."
    )
    treatment: Treatment | None = Field(
        None, description="pooled, aligned, mandatory pooled, area based grant, passported."
    )
    amounts: dict[str, float] = Field(
        default_factory=dict, description="Amount in pounds for each financial year."
    )
    outcomes: list[str] = Field(
        default_factory=list, description="Outcome ids this stream serves (the golden thread)."
    )
    consent: bool | None = Field(
        None, description="Whether the owning partner has consented to its treatment."
    )
    open: OpenItem | None = Field(None, description="Set while this stream is still open.")

    @field_validator("amounts", mode="before")
    @classmethod
    def _year_keys_as_text(cls, v: Any) -> Any:
        return {str(k): val for k, val in v.items()} if isinstance(v, dict) else v


class Funding(Model):
    """Funding streams and, optionally, the totals the agreement states."""

    streams: list[FundingStream] = Field(default_factory=list, description="Funding streams.")
    stated_totals: dict[str, float] = Field(
        default_factory=dict,
        description="Totals per year as stated in the agreement; checked against the streams.",
    )

    @field_validator("stated_totals", mode="before")
    @classmethod
    def _year_keys_as_text(cls, v: Any) -> Any:
        return {str(k): val for k, val in v.items()} if isinstance(v, dict) else v


class Freedom(Model):
    """A freedom or flexibility (enabling measure) requested of government."""

    id: Id
    title: str = Field(description="Short name of the request.")
    barrier: str | None = Field(None, description="The barrier or problem it removes.")
    request: str | None = Field(None, description="What exactly is asked of government.")
    rationale: str | None = Field(None, description="Evidence and reasoning for the request.")
    department: str | None = Field(None, description="Department that owns the rule.")
    outcomes: list[str] = Field(default_factory=list, description="Outcome ids it serves.")
    status: FreedomStatus | None = Field(None, description="Government's answer so far.")
    response: str | None = Field(
        None, description="Government's response; the reason, when refused."
    )
    conditions: str | None = Field(None, description="Conditions, when agreed with conditions.")
    open: OpenItem | None = Field(None, description="Set while this request is still open.")


# ---------------------------------------------------------------- reward, governance


class Reward(Model):
    """Reward grant and, for an LPSA, pump priming grant and credit approval."""

    net_budget_requirement: float | None = Field(
        None, description="LPSA reward base: the authority's net budget requirement (£)."
    )
    base_year: str | None = Field(None, description="Year of the net budget requirement.")
    max_percent: float = Field(
        2.5, description="Maximum reward as a percentage of the net budget requirement."
    )
    threshold_percent: float = Field(
        60, description="Share of the stretch that must be achieved before any reward."
    )
    instalments: int = Field(2, description="Number of instalments the reward is paid in.")
    pump_priming_grant: float | None = Field(None, description="Pump priming grant (£).")
    unsupported_credit_approval: float | None = Field(
        None, description="Unsupported Credit Approval (£)."
    )
    per_target: float | None = Field(
        None, description="2008–11 LAAs: reward grant available per designated target (£)."
    )
    total: float | None = Field(None, description="Stated maximum reward (£), if given.")
    rules: str | None = Field(None, description="Any further reward rules agreed.")


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
    date: dt.date | None = Field(None, description="Date signed.")


# ---------------------------------------------------------------- agreement


class Agreement(Model):
    """One agreement: an LPSA, a 2006–09 LAA or a 2008–11 LAA."""

    drafter: int = Field(FORMAT_VERSION, description="Version of this file format (1).")
    id: Id
    generation: Generation = Field(description="lpsa, laa2006 or laa2008.")
    title: str | None = Field(None, description="Title, if not the usual one for the kind.")
    area: Area = Field(description="The area: name, accountable body, LSP, GO region.")
    partners: list[Partner] = Field(default_factory=list, description="Partners.")
    period: Period = Field(description="The financial years covered, e.g. 2008/09 to 2010/11.")
    version: str = Field(description="Version label, e.g. '0.3' or 'Refresh 2009'.")
    date: dt.date | None = Field(
        None, description="Date of this version; due dates before it are overdue."
    )
    status: Status = Field(Status.DRAFT, description="draft, submitted, agreed, signed, refreshed.")
    dates: KeyDates = Field(default_factory=KeyDates, description="Key dates.")
    vision: str | None = Field(None, description="Vision, tied to the Community Strategy.")
    priorities: list[str] = Field(default_factory=list, description="Priorities, in order.")
    cross_cutting: list[str] = Field(
        default_factory=list, description="Cross-cutting themes (narrowing the gap, …)."
    )
    themes: list[Theme] = Field(
        default_factory=list,
        description="Themes (2008–11), blocks (2006–09) or priorities (LPSA), each with outcomes.",
    )
    statutory: list[Indicator] = Field(
        default_factory=list,
        description="2008–11: the 16 statutory education and early years targets.",
    )
    funding: Funding = Field(default_factory=Funding, description="Funding streams.")
    freedoms: list[Freedom] = Field(
        default_factory=list, description="Freedoms and flexibilities (enabling measures)."
    )
    reward: Reward | None = Field(None, description="Reward arrangements.")
    governance: Governance | None = Field(None, description="Governance and delivery.")
    signatories: list[Signatory] = Field(default_factory=list, description="Signatories.")

    # ---- navigation helpers (pure, no I/O)

    def outcomes(self) -> list[Outcome]:
        """Every outcome, theme by theme."""
        return [o for t in self.themes for o in t.outcomes]

    def indicators(self) -> list[Indicator]:
        """Every indicator under an outcome (not the statutory list)."""
        return [i for o in self.outcomes() for i in o.indicators]

    def partner(self, pid: str) -> Partner | None:
        """The partner with this id, if any."""
        return next((p for p in self.partners if p.id == pid), None)
