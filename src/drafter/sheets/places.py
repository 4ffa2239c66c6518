"""The names a sheet may give an agreement's outcomes and partners, and its period's years."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..model import Agreement, Generation, Outcome, year_label, year_start
from .values import words

STATUTORY = "statutory"  # stands for the agreement's list of statutory targets
# What a sheet may call that list in its Outcome column.
_STATUTORY_NAMES = (
    "statutory", "statutory targets", "statutory education targets", "education targets",
    "statutory education and early years targets", "dcsf statutory targets",
)  # fmt: skip


@dataclass(frozen=True)
class Places:
    """Where a sheet's outcomes and partners are looked up: the agreement's own names."""

    outcomes: Mapping[str, str]  # folded id, code, number or title → outcome id
    partners: Mapping[str, str]  # folded id or name → partner or body id
    period: tuple[str, ...]
    statutory: frozenset[int] = frozenset()  # NI numbers of the statutory targets listed


def places_of(a: Agreement) -> Places:
    """The names an outcome or partner may go by in a sheet, from the agreement."""
    from ..context.contents import cross_references, outline

    refs = cross_references(a, outline(a)).outcomes
    outcomes: dict[str, str] = {}
    for outcome in _outcomes(a):
        ref = refs.get(outcome.id)
        names = [outcome.title, outcome.code or "", outcome.id]
        if ref is not None:
            names += [ref.number, ref.label, ref.number.lstrip("T")]
        for name in names:
            if name:
                outcomes.setdefault(words(name).rstrip(":"), outcome.id)
    if a.generation is Generation.LAA2008 or a.statutory:
        for name in _STATUTORY_NAMES:
            outcomes.setdefault(name, STATUTORY)
    partners: dict[str, str] = {}
    named: list[tuple[str, str]] = [(p.id, p.name) for p in a.partners]
    named += [(b.id, b.name) for b in a.bodies]
    for ident, name in named:
        for text in (ident, name, re.sub(r"^the\s+", "", name, flags=re.I)):
            partners.setdefault(words(text), ident)
    first, last = year_start(a.period.start), year_start(a.period.end)
    period = tuple(year_label(y) for y in range(first, last + 1)) if first and last else ()
    listed = frozenset(i.ni for i in a.statutory if i.ni is not None)
    return Places(outcomes, partners, period, listed)


def _outcomes(a: Agreement) -> Iterator[Outcome]:
    for theme in a.themes:
        for outcome in theme.outcomes:
            yield from outcome.tree()


def partner(places: Places, text: str) -> str | None:
    """The id of the partner or body a sheet names (by id or name), or None."""
    key = words(text)
    return places.partners.get(key) or places.partners.get(re.sub(r"^the\s+", "", key))
