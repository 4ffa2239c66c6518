"""Properties of the comparison, over randomly mutated agreements (hypothesis).

- the comparison of an agreement with itself is empty;
- it is empty exactly when the two models are equal (up to the order of keyed items);
- every field changed is reported exactly once, at its item and field;
- applying the reported changes to the older model gives the newer one.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.diff import apply, canonical, compare
from drafter.model import Agreement
from tests.agreement_data import YEARS, laa2008

Data = dict[str, Any]
Where = tuple[tuple[str, ...], tuple[str, ...]]  # (item path, field path)
BASE = laa2008()
STATUTORY = [i["id"] for i in BASE["statutory"]]
THEME_INDICATORS = [i["id"] for i in BASE["themes"][0]["outcomes"][0]["indicators"]]
OUTCOME = ("themes", "t1", "outcomes", "o1")


def _indicator(data: Data, ident: str) -> tuple[Data, tuple[str, ...]]:
    for ind in data["themes"][0]["outcomes"][0]["indicators"]:
        if ind["id"] == ident:
            return ind, (*OUTCOME, "indicators", ident)
    ind = next(i for i in data["statutory"] if i["id"] == ident)
    return ind, ("statutory", ident)


# Each site changes one field, given a draw, and says where the change must be reported.
Site = Callable[[Data, float, str], Where]


def target(ident: str, year: str) -> Site:
    def change(data: Data, number: float, _: str) -> Where:
        ind, path = _indicator(data, ident)
        ind["targets"][year] = ind["targets"][year] + number
        return path, ("targets", year, "with")

    return change


def baseline(ident: str) -> Site:
    def change(data: Data, number: float, _: str) -> Where:
        ind, path = _indicator(data, ident)
        ind["baseline"] = {"missing": "baseline from the Place Survey", "owner": "council"}
        return path, ("baseline",)

    return change


def lead(ident: str) -> Site:
    def change(data: Data, _: float, word: str) -> Where:
        ind, path = _indicator(data, ident)
        ind["lead"] = f"partner-{word}"
        return path, ("lead",)

    return change


def amount(year: str) -> Site:
    def change(data: Data, number: float, _: str) -> Where:
        data["funding"]["streams"][0]["amounts"][year] += number * 1000
        return ("funding", "streams", "nrf"), ("amounts", year)

    return change


def text(path: tuple[str, ...], field: str, get: Callable[[Data], Data]) -> Site:
    def change(data: Data, _: float, word: str) -> Where:
        get(data)[field] = f"{get(data)[field]} {word}"
        return path, (field,)

    return change


def freedom_status(data: Data, _: float, __: str) -> Where:
    data["freedoms"][0]["status"] = "refused"
    data["freedoms"][0]["response"] = "Refused: the rule is statutory."
    return ("freedoms", "ff1"), ("status",)


def area_name(data: Data, _: float, word: str) -> Where:
    data["area"]["name"] = f"New {word}"
    return (), ("area", "name")


SITES: dict[str, Site] = {
    **{f"target {i} {y}": target(i, y) for i in THEME_INDICATORS + STATUTORY[:4] for y in YEARS},
    **{f"baseline {i}": baseline(i) for i in THEME_INDICATORS + STATUTORY[:3]},
    **{f"lead {i}": lead(i) for i in THEME_INDICATORS},
    **{f"amount {y}": amount(y) for y in YEARS},
    "vision": text((), "vision", lambda d: d),
    "version": text((), "version", lambda d: d),
    "outcome title": text(OUTCOME, "title", lambda d: d["themes"][0]["outcomes"][0]),
    "partner name": text(("partners", "pct"), "name", lambda d: d["partners"][1]),
    "freedom title": text(("freedoms", "ff1"), "title", lambda d: d["freedoms"][0]),
    "freedom status": freedom_status,
    "area name": area_name,
}
# A freedom's status and its response are two fields: the status site changes both.
EXTRA = {"freedom status": [(("freedoms", "ff1"), ("response",))]}

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
numbers = st.floats(min_value=0.5, max_value=50, allow_nan=False).map(lambda x: round(x, 1))


@st.composite
def mutated(draw: st.DrawFn) -> tuple[Data, Data, set[Where]]:
    """The base agreement, a copy with some fields changed, and where each change is."""
    chosen = draw(st.lists(st.sampled_from(sorted(SITES)), unique=True, max_size=8))
    new = copy.deepcopy(BASE)
    expected: set[Where] = set()
    for name in chosen:
        expected.add(SITES[name](new, draw(numbers), draw(words)))
        expected.update(EXTRA.get(name, ()))
    if draw(st.booleans()):  # reorder keyed items: never a change
        rng = random.Random(draw(st.integers(0, 2**16)))
        rng.shuffle(new["statutory"])
        rng.shuffle(new["partners"])
    return BASE, new, expected


def model(data: Data) -> Agreement:
    """The agreement model of plain data."""
    return Agreement.model_validate(data)


@settings(max_examples=60, deadline=None)
@given(mutated())
def test_every_changed_field_is_reported_exactly_once(case: tuple[Data, Data, set[Where]]) -> None:
    old_data, new_data, expected = case
    changes = compare(model(old_data), model(new_data))
    reported = [(c.item.path, c.field) for c in changes]
    assert len(reported) == len(set(reported))
    assert set(reported) == expected


@settings(max_examples=60, deadline=None)
@given(mutated())
def test_applying_the_changes_gives_the_newer_model(case: tuple[Data, Data, set[Where]]) -> None:
    old_data, new_data, _ = case
    old, new = model(old_data), model(new_data)
    assert canonical(apply(compare(old, new), old)) == canonical(new)


@settings(max_examples=60, deadline=None)
@given(mutated())
def test_empty_exactly_when_the_models_are_equal(case: tuple[Data, Data, set[Where]]) -> None:
    old_data, new_data, expected = case
    old, new = model(old_data), model(new_data)
    assert compare(old, new).empty == (canonical(old) == canonical(new))
    assert compare(old, new).empty == (not expected)
    assert compare(new, new).empty and compare(old, old).empty


def test_the_examples_compared_with_themselves_are_empty(example: Any) -> None:
    from drafter.load import load

    agreement = load(example).agreement
    assert agreement is not None
    assert compare(agreement, agreement).empty
