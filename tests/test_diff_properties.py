"""Properties of the comparison, over randomly mutated agreements (hypothesis).

- the comparison of an agreement with itself is empty;
- it is empty exactly when the two models are equal (up to the order of keyed items);
- every field changed is reported exactly once, at its item and field;
- applying the reported changes to the older model gives the newer one.

The agreement mutated has every kind of part the model has: amounts with a status,
dates known to the month, a sub-outcome, outside bodies, refreshes, reviews and a
change log with a proposal awaiting approval.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.diff import apply, canonical, compare
from drafter.diff.compare import item_key
from drafter.model import Agreement, IndicatorChange
from tests.agreement_data import YEARS, laa2008

Data = dict[str, Any]
Path = tuple[str, ...]
Where = tuple[Path, Path]  # (item path, field path)
PENDING = {
    "refresh": "r2009",
    "date": "2009-02",
    "reason": "The survey moved a year.",
    "proposed": {"targets": {"2010/11": 30.0}},
    "approval": {"status": "awaiting", "by": "dcsf", "date": "2009-06-30"},
}
OUTCOME = ("themes", "t1", "outcomes", "o1")
SUB_OUTCOME = (*OUTCOME, "outcomes", "o1a")
MOVED_SUB_OUTCOME = ("themes", "t1", "outcomes", "o1a")
STREAM = ("funding", "streams", "nrf")


def base() -> Data:
    """The test agreement, with one of every kind of part the model has."""
    data = laa2008()
    data["dates"] = {"first_draft": "2007-12", "submitted": "2008-03-14"}
    data["bodies"] = [{"id": "dcsf", "name": "Department for Children, Schools and Families"}]
    data["refreshes"] = [{"id": "r2009", "title": "2009 refresh", "go_signoff": "2009-03"}]
    data["reviews"] = [
        {"period": "2008/09 mid-year", "rating": "amber", "by": "dcsf"},
        {"period": "2008/09 year end", "rating": "green", "date": "2009-06"},
    ]
    data["funding"]["streams"][0]["amounts"]["2010/11"] = {"value": 1000, "status": "indicative"}
    outcome = data["themes"][0]["outcomes"][0]
    sub = {**copy.deepcopy(outcome["indicators"][1]), "id": "sub1", "title": "Apprenticeships"}
    outcome["outcomes"] = [{"id": "o1a", "title": "More apprenticeships", "indicators": [sub]}]
    outcome["indicators"][1]["changes"] = [copy.deepcopy(PENDING)]
    return data


BASE = base()
STATUTORY = [i["id"] for i in BASE["statutory"]]
THEME_INDICATORS = [i["id"] for i in BASE["themes"][0]["outcomes"][0]["indicators"]]


def _indicator(data: Data, ident: str) -> tuple[Data, Path]:
    for ind in data["themes"][0]["outcomes"][0]["indicators"]:
        if ind["id"] == ident:
            return ind, (*OUTCOME, "indicators", ident)
    ind = next(i for i in data["statutory"] if i["id"] == ident)
    return ind, ("statutory", ident)


def _sub_outcome(data: Data) -> Data:
    """The sub-outcome, under its outcome or (once moved) directly under the theme."""
    outcomes = data["themes"][0]["outcomes"]
    found: Data = next(o for o in (*outcomes, *outcomes[0].get("outcomes", ())) if o["id"] == "o1a")
    return found


def _log_key(entry: Data) -> str:
    return item_key(IndicatorChange.model_validate(entry))


def _bump(amounts: Data, year: str, delta: float) -> None:
    """Add to an amount written as a number or as a mapping."""
    if isinstance(amounts[year], dict):
        amounts[year] = {**amounts[year], "value": amounts[year]["value"] + delta}
    else:
        amounts[year] += delta


# Each site changes one thing, given a draw, and says where each change must be reported.
Site = Callable[[Data, float, str], list[Where]]


def target(ident: str, year: str) -> Site:
    def change(data: Data, number: float, _: str) -> list[Where]:
        ind, path = _indicator(data, ident)
        ind["targets"][year] = ind["targets"][year] + number
        return [(path, ("targets", year, "with"))]

    return change


def baseline(ident: str) -> Site:
    def change(data: Data, number: float, _: str) -> list[Where]:
        ind, path = _indicator(data, ident)
        ind["baseline"] = {"missing": "baseline from the Place Survey", "owner": "council"}
        return [(path, ("baseline",))]

    return change


def lead(ident: str) -> Site:
    def change(data: Data, _: float, word: str) -> list[Where]:
        ind, path = _indicator(data, ident)
        ind["lead"] = f"partner-{word}"
        return [(path, ("lead",))]

    return change


def amount(year: str) -> Site:
    def change(data: Data, number: float, _: str) -> list[Where]:
        _bump(data["funding"]["streams"][0]["amounts"], year, number * 1000)
        return [(STREAM, ("amounts", year))]

    return change


def text(path: Path, field: str, get: Callable[[Data], Data]) -> Site:
    def change(data: Data, _: float, word: str) -> list[Where]:
        get(data)[field] = f"{get(data)[field]} {word}"
        return [(path, (field,))]

    return change


def freedom_status(data: Data, _: float, __: str) -> list[Where]:
    data["freedoms"][0]["status"] = "refused"
    data["freedoms"][0]["response"] = "Refused: the rule is statutory."
    return [(("freedoms", "ff1"), ("status",)), (("freedoms", "ff1"), ("response",))]


def area_name(data: Data, _: float, word: str) -> list[Where]:
    data["area"]["name"] = f"New {word}"
    return [((), ("area", "name"))]


def amount_status(data: Data, _: float, __: str) -> list[Where]:
    data["funding"]["streams"][0]["amounts"]["2010/11"]["status"] = "confirmed"
    return [(STREAM, ("amounts", "2010/11"))]


def amount_ceiling(data: Data, _: float, __: str) -> list[Where]:
    amounts = data["funding"]["streams"][0]["amounts"]
    amounts["2009/10"] = {"value": amounts["2009/10"], "up_to": True}
    return [(STREAM, ("amounts", "2009/10"))]


def month(data: Data, number: float, _: str) -> list[Where]:
    data["dates"]["first_draft"] = f"2007-{1 + int(number) % 11:02d}"
    return [((), ("dates", "first_draft"))]


def refresh_signoff(data: Data, number: float, _: str) -> list[Where]:
    data["refreshes"][0]["go_signoff"] = f"2009-{4 + int(number) % 8:02d}"
    return [(("refreshes", "r2009"), ("go_signoff",))]


def refresh_added(data: Data, _: float, word: str) -> list[Where]:
    data["refreshes"].append({"id": "r2010", "title": f"2010 refresh {word}"})
    return [(("refreshes", "r2010"), ())]


def body_name(data: Data, _: float, word: str) -> list[Where]:
    data["bodies"][0]["name"] = f"Department {word}"
    return [(("bodies", "dcsf"), ("name",))]


def body_added(data: Data, _: float, word: str) -> list[Where]:
    data["bodies"].append({"id": "gowm", "name": f"Government Office {word}"})
    return [(("bodies", "gowm"), ())]


def review_rating(data: Data, _: float, __: str) -> list[Where]:
    data["reviews"][0]["rating"] = "red"
    return [(("reviews", "2008/09 mid-year"), ("rating",))]


def sub_target(data: Data, number: float, _: str) -> list[Where]:
    _sub_outcome(data)["indicators"][0]["targets"]["2009/10"] += number
    return [((*SUB_OUTCOME, "indicators", "sub1"), ("targets", "2009/10", "with"))]


def sub_outcome_moved(data: Data, _: float, __: str) -> list[Where]:
    outcome = data["themes"][0]["outcomes"][0]
    data["themes"][0]["outcomes"].append(outcome["outcomes"].pop())
    return [(MOVED_SUB_OUTCOME, ())]


def change_logged(data: Data, number: float, word: str) -> list[Where]:
    """A target changed, with an entry in its change log saying why."""
    ind, path = _indicator(data, THEME_INDICATORS[0])
    ind["targets"]["2010/11"] += number
    entry = {"version": "1.1", "reason": f"Revised: {word}.", "approval": {"status": "approved"}}
    ind.setdefault("changes", []).append(entry)
    return [(path, ("targets", "2010/11", "with")), ((*path, "changes", _log_key(entry)), ())]


def approved(data: Data, _: float, __: str) -> list[Where]:
    """The proposal awaiting approval is approved: its values applied, the old under `was`."""
    ind, path = _indicator(data, THEME_INDICATORS[1])
    entry = ind["changes"][0]
    ind["targets"]["2010/11"] = entry.pop("proposed")["targets"]["2010/11"]
    entry["was"] = {"targets": {"2010/11": 26.0}}
    entry["approval"] = {"status": "approved", "by": "dcsf", "date": "2009-07"}
    at = (*path, "changes", _log_key(PENDING))
    return [(path, ("targets", "2010/11", "with"))] + [
        (at, (f,)) for f in ("approval", "proposed", "was")
    ]


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
    "amount status": amount_status,
    "amount ceiling": amount_ceiling,
    "month": month,
    "refresh sign-off": refresh_signoff,
    "refresh added": refresh_added,
    "body name": body_name,
    "body added": body_added,
    "review rating": review_rating,
    "sub-outcome target": sub_target,
    "sub-outcome moved": sub_outcome_moved,
    "sub-outcome title": text(SUB_OUTCOME, "title", _sub_outcome),
    "change logged": change_logged,
    "proposal approved": approved,
}

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
numbers = st.floats(min_value=0.5, max_value=50, allow_nan=False).map(lambda x: round(x, 1))


def _moved(where: Where) -> Where:
    path, field = where
    if path[: len(SUB_OUTCOME)] == SUB_OUTCOME:
        path = MOVED_SUB_OUTCOME + path[len(SUB_OUTCOME) :]
    return path, field


@st.composite
def mutated(draw: st.DrawFn) -> tuple[Data, Data, set[Where]]:
    """The base agreement, a copy with some fields changed, and where each change is."""
    chosen = draw(st.lists(st.sampled_from(sorted(SITES)), unique=True, max_size=8))
    new = copy.deepcopy(BASE)
    expected: set[Where] = set()
    for name in chosen:
        expected.update(SITES[name](new, draw(numbers), draw(words)))
    if "sub-outcome moved" in chosen:  # what changed in it is reported where it went
        expected = {_moved(w) for w in expected}
    if draw(st.booleans()):  # reorder keyed items: never a change
        rng = random.Random(draw(st.integers(0, 2**16)))
        for items in (new["statutory"], new["partners"], new["reviews"], new["refreshes"]):
            rng.shuffle(items)
    return BASE, new, expected


def model(data: Data) -> Agreement:
    """The agreement model of plain data."""
    return Agreement.model_validate(data)


@settings(max_examples=80, deadline=None)
@given(mutated())
def test_every_changed_field_is_reported_exactly_once(case: tuple[Data, Data, set[Where]]) -> None:
    old_data, new_data, expected = case
    changes = compare(model(old_data), model(new_data))
    reported = [(c.item.path, c.field) for c in changes]
    assert len(reported) == len(set(reported))
    assert set(reported) == expected


@settings(max_examples=80, deadline=None)
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
