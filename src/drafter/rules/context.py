"""What every rule needs: the agreement, lookups built once, and a place to report."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from ..load import Loaded, PathKey
from ..model import Agreement, Figure, Indicator, Outcome, Polarity, TargetType
from ..problems import Problem
from ..reference import national_indicators
from .catalogue import SEVERITY

TITLE_CHARS = 60  # titles are shortened in messages so a line stays readable


@dataclass(frozen=True)
class Row:
    """One indicator and where it sits: under an outcome, or in the statutory list."""

    path: PathKey
    indicator: Indicator
    outcome: Outcome | None

    @property
    def statutory_list(self) -> bool:
        """True for the 2008–11 'statutory:' list."""
        return self.outcome is None

    @property
    def statutory(self) -> bool:
        """True for a statutory education target: in the statutory list, or under an outcome."""
        return self.outcome is None or self.indicator.type is TargetType.STATUTORY

    @cached_property
    def name(self) -> str:
        """How messages name the indicator (worked out only when a problem needs it)."""
        return indicator_name(self.indicator)


@dataclass
class Context:
    """One validation run over one agreement."""

    loaded: Loaded
    agreement: Agreement
    today: dt.date
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        a = self.agreement
        self.years: list[str] = a.period.years
        self.start_year: int = int(self.years[0][:4])
        self.partner_ids: frozenset[str] = frozenset(p.id for p in a.partners)
        # Placeholders and open items may be owned by a body outside the partnership.
        self.owner_ids: frozenset[str] = self.partner_ids | {b.id for b in a.bodies}
        self.outcome_ids: frozenset[str] = frozenset(o.id for o in a.outcomes())
        self.rows: list[Row] = list(self._rows())

    def _rows(self) -> Iterator[Row]:
        for path, outcome, _ in self.agreement.outcome_paths():
            for i, ind in enumerate(outcome.indicators):
                yield Row((*path, "indicators", i), ind, outcome)
        for s, ind in enumerate(self.agreement.statutory):
            yield Row(("statutory", s), ind, None)

    def add(
        self, code: str, path: PathKey, message: str, hint: str | None = None, *, key: bool = False
    ) -> None:
        """Record a problem at the model path (or at its key, when `key`)."""
        message = message[0].upper() + message[1:]  # names may open the sentence
        self.problems.append(
            Problem(code, SEVERITY[code], message, self.loaded.position(path, key=key), hint)
        )

    # ---- naming things in messages

    def indicator_name(self, ind: Indicator) -> str:
        """'NI 117 (16 to 18 year olds who are not in …)' or 'indicator X (title)'."""
        return indicator_name(ind)

    def polarity(self, ind: Indicator) -> Polarity | None:
        """The indicator's own polarity, else the reference data's, else None."""
        if ind.polarity is not None:
            return ind.polarity
        if ind.ni is not None:
            ref = national_indicators().get(ind.ni)
            return ref.polarity if ref else None
        return None

    def unit(self, ind: Indicator) -> str | None:
        """The indicator's own unit, else the reference data's, else None."""
        if ind.unit:
            return ind.unit
        ref = national_indicators().get(ind.ni) if ind.ni is not None else None
        return ref.unit if ref else None

    def cells(self, path: PathKey, ind: Indicator) -> Iterator[tuple[PathKey, str, Figure]]:
        """Every figure of an indicator with its path and a label: baseline, each target."""
        if ind.baseline is not None:
            yield (*path, "baseline"), "the baseline", ind.baseline
        for year, yt in ind.targets.items():
            at: PathKey = (*path, "targets", year)
            if yt.target is not None:
                # A bare target ('2009/10: 52') has no 'with' key in the file; its position
                # then falls back to the year's value, which is the figure itself.
                label = (
                    f"the {year} target" if yt.without is None else f"the {year} stretched level"
                )
                yield (*at, "with"), label, yt.target
            if yt.without is not None:
                yield (*at, "without"), f"the {year} level without the agreement", yt.without
            if yt.trigger is not None:
                yield (*at, "trigger"), f"the {year} trigger level", yt.trigger

    def first_on(self, first: PathKey, now: PathKey) -> str:
        """'line 12' for an earlier item, or its file:line:col when in another (included) file."""
        was, here = self.loaded.position(first), self.loaded.position(now)
        return f"line {was.line}" if was.file == here.file else str(was)

    def refer(
        self, code: str, path: PathKey, what: str, value: str, known: frozenset[str], kind: str
    ) -> None:
        """Report `value` as a dangling reference unless it is one of `known` ids."""
        if value in known:
            return
        close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
        guess = f" Did you mean '{close[0]}'?" if close else ""
        listed = ", ".join(sorted(known)[:12]) or "none defined yet"
        self.add(
            code,
            path,
            f"{what} names {kind} '{value}', but there is no {kind} with that id.{guess}",
            f"The {kind} ids in this agreement are: {listed}.",
        )


def indicator_name(ind: Indicator) -> str:
    """'NI 117 (16 to 18 year olds who are not in …)' or 'local indicator X (title)'."""
    if ind.ni is not None:
        ref = national_indicators().get(ind.ni)
        title = ind.title or (ref.title if ref else None)
        return f"NI {ind.ni}" + (f" ({short(title)})" if title else "")
    if ind.title:
        return f"indicator {ind.id} ({short(ind.title)})"
    return f"indicator {ind.id}"


def short(text: str) -> str:
    """A title cut to a readable length for a message."""
    text = " ".join(text.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def item(kind: str, ident: str, title: str | None) -> str:
    """'outcome CYP-1 (Fewer young people not in work)' for a message."""
    return f"{kind} {ident}" + (f" ({short(title)})" if title else "")
