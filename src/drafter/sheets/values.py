"""What a cell says, in the agreement format's terms: numbers as shown, kinds, statuses, dates.

A cell shown as 12.5% is 12.5, a cell shown to two places keeps them, and text such as
'£1,200' or '1,204' is a number; the words a sheet uses for the kind of target, the
refresh status and the polarity are matched after case and punctuation are set aside.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..model import RefreshStatus, TargetType
from .reading import Cell

NUMBER = re.compile(r"^\s*(£)?\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+))(?:\.(\d+))?\s*(%)?\s*$")
DASHES = re.compile(r"^[\s?\-–—.]*$")
KINDS: dict[str, TargetType] = {
    **dict.fromkeys(
        ("designated", "designated target", "designated improvement target", "dit",
         "improvement target", "improvement", "laa designated", "ni designated"),
        TargetType.DESIGNATED,
    ),
    **dict.fromkeys(
        ("statutory", "statutory education", "statutory target", "dcsf statutory",
         "statutory education target", "education", "early years", "dcsf"),
        TargetType.STATUTORY,
    ),
    **dict.fromkeys(
        ("local", "local target", "local indicator", "non designated", "not designated"),
        TargetType.LOCAL,
    ),
    **dict.fromkeys(
        ("mandatory", "mandatory outcome", "mandatory indicator", "national"),
        TargetType.MANDATORY,
    ),
    **dict.fromkeys(
        ("reward", "reward target", "stretch", "stretch target", "stretched", "lpsa",
         "lpsa2", "lpsa target", "lpsa stretch", "local psa"),
        TargetType.REWARD,
    ),
}  # fmt: skip
STATUSES: dict[str, RefreshStatus] = {
    **{s.value: s for s in RefreshStatus},
    "new target": RefreshStatus.NEW,
    "changed": RefreshStatus.REFRESHED,
    "revised": RefreshStatus.REFRESHED,
    "unchanged": RefreshStatus.NO_CHANGE,
    "no changes": RefreshStatus.NO_CHANGE,
    "deleted": RefreshStatus.REMOVED,
    "removed from reward": RefreshStatus.REMOVED_FROM_REWARD,
}
POLARITIES = {
    **dict.fromkeys(("higher", "high", "higher is better", "up", "increase", "+"), "higher"),
    **dict.fromkeys(
        ("lower", "low", "lower is better", "down", "decrease", "reduce", "-"), "lower"
    ),
}
KIND_NAMES = "designated, statutory, local, mandatory or reward"
STATUS_NAMES = ", ".join(s.value for s in RefreshStatus)


def words(text: str) -> str:
    """Text folded for matching: case, punctuation and spacing set aside."""
    return " ".join(re.split(r"[^\w%./]+", text.casefold())).strip(" .")


@dataclass(frozen=True)
class Num:
    """A number read from a cell, with the decimal places it was shown with."""

    value: int | float
    places: int | None = None

    @property
    def shown(self) -> str | None:
        """The number as shown, when a plain YAML number would lose places (52.50); else None."""
        text = f"{self.value:.{self.places}f}" if self.places else None
        return text if text is not None and text != repr(float(self.value)) else None

    def written(self) -> int | float | str:
        """As a bare figure in YAML: '52.50' in quotes keeps places a number would lose."""
        return self.shown or self.value

    def mapping(self) -> dict[str, Any]:
        """As the value of a figure mapping, with its places when they must be kept."""
        if self.shown is not None:
            return {"value": self.value, "places": self.places}
        return {"value": self.value}


def _num(value: float, places: int | None) -> Num:
    """A cell's number without binary noise (0.1 + 0.2); shown with no places, an int."""
    if places == 0 or (places is None and float(value).is_integer()):
        return Num(round(value))
    return Num(float(round(value, places if places is not None else 10)), places)


def number_in(cell: Cell) -> Num | None:
    """A number cell's figure, a text cell's number ('12.5%', '£1,200'), else None."""
    value = cell.value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int) and not cell.percent and not cell.places:
        return Num(value)
    if isinstance(value, int | float):
        return _num(value * 100 if cell.percent else value, cell.places)
    if not isinstance(value, str):
        return None
    m = NUMBER.match(value)
    if not m:
        return None
    whole = m.group(2).replace(",", "")
    if m.group(3):
        return Num(float(f"{whole}.{m.group(3)}"), len(m.group(3)))
    return Num(int(whole))


def due_date(value: Any) -> dt.date | str | None:
    """A due date: a date cell, YYYY-MM-DD, or YYYY-MM for a month; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    text = str(value).strip()
    if re.match(r"^\d{4}-\d{2}$", text):
        return text
    try:
        return dt.date.fromisoformat(text) if re.match(r"^\d{4}-\d{2}-\d{2}$", text) else None
    except ValueError:
        return None
