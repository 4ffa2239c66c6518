"""`drafter validate --since OLD`: every changed target, baseline or amount without a reason."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.diff.since import Earlier, unexplained
from drafter.load import load
from drafter.model import Agreement
from tests.agreement_data import laa2008, write
from tests.conftest import AGREEMENTS
from tests.test_cli import run

OLD = str(AGREEMENTS / "northfleet-laa-2008.yaml")
NEW = str(AGREEMENTS / "northfleet-laa-2008-v2.yaml")
Data = dict[str, Any]

MADE = {
    "version": "2.0",
    "reason": "Revised after negotiation.",
    "approval": {"status": "approved"},
}
PROPOSED = {
    "version": "2.0",
    "reason": "The survey moved a year.",
    "proposed": {"targets": {"2010/11": 40.0}},
    "approval": {"status": "awaiting", "by": "GOWM", "date": "2008-09-30"},
}


def test_each_changed_figure_without_a_reason_is_a_warning_at_its_place(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "validate", NEW, "--since", OLD, "--format", "json")
    assert code == 0  # warnings only
    (result,) = json.loads(out)
    d001 = [p for p in result["problems"] if p["code"] == "D001"]
    # NI 7, 110 and 187: their three targets, set where the first version had N/A or a
    # target in words, record no reason. Their baselines filled placeholders (no reason
    # needed); NI 1, NI 4, NI 117, NI 154, the Cohesion grant and the freedom record
    # theirs in their change logs; NI 172 is new.
    assert len(d001) == 3 * 3
    assert {p["message"].split(" (")[0].split(" of ")[1] for p in d001} == {
        "NI 7",
        "NI 110",
        "NI 187",
    }
    assert all(p["severity"] == "warning" for p in d001)
    first = next(p for p in d001 if p["message"].startswith("The 2010/11 target of NI 110"))
    assert "baseline plus 5 percentage points → 72.0%" in first["message"]
    assert "since version 1.0" in first["message"]
    lines = Path(NEW).read_text(encoding="utf-8").splitlines()
    assert "2010/11: 72" in lines[first["line"] - 1]
    assert run(capsys, "validate", NEW, "--since", OLD, "--strict")[0] == 1


def test_no_change_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", OLD, "--since", OLD)
    assert code == 0 and "D001" not in out


def test_only_figures_of_items_in_both_versions_need_a_reason(tmp_path: Path) -> None:
    data = laa2008()
    new = copy.deepcopy(data)
    new["vision"] = "Another vision."  # not a figure
    new["freedoms"][0]["status"] = "refused"  # not a figure
    new["statutory"][0]["targets"]["2008/09"] = 99.0
    new["funding"]["streams"].append({**data["funding"]["streams"][0], "id": "nrf2"})
    earlier = Earlier.load(str(write(tmp_path, data, "old.yaml")))
    problems = earlier.problems(load(write(tmp_path, new, "new.yaml")))
    assert [p.code for p in problems] == ["D001"]
    assert "2008/09 target" in problems[0].message


def test_an_unreadable_earlier_version_is_trouble(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "validate", NEW, "--since", str(tmp_path / "nope.yaml"))
    assert code == 2 and "does not exist" in err


def indicator(data: Data) -> Data:
    """The first theme indicator (NI 117) of the test agreement."""
    found: Data = data["themes"][0]["outcomes"][0]["indicators"][0]
    return found


def warned(tmp_path: Path, old: Data, new: Data) -> list[str]:
    """The D001 messages for `new` against `old`."""
    earlier = load(write(tmp_path, old, "old.yaml")).agreement
    assert earlier is not None
    return [p.message for p in unexplained(earlier, load(write(tmp_path, new)), since="old")]


def test_a_change_made_with_a_reason_needs_nothing_more(tmp_path: Path) -> None:
    old = laa2008()
    new = copy.deepcopy(old)
    indicator(new)["targets"]["2010/11"] = 60.0
    assert len(warned(tmp_path, old, new)) == 1
    indicator(new)["changes"] = [MADE]
    assert warned(tmp_path, old, new) == []


def test_a_proposal_awaiting_approval_is_no_reason_for_a_change_made(tmp_path: Path) -> None:
    old = laa2008()
    new = copy.deepcopy(old)
    indicator(new)["targets"]["2009/10"] = 60.0
    indicator(new)["changes"] = [PROPOSED]
    (message,) = warned(tmp_path, old, new)
    assert message.startswith("The 2009/10 target of NI 117")


def test_a_reason_already_in_the_earlier_log_does_not_explain_a_new_change(
    tmp_path: Path,
) -> None:
    old = laa2008()
    indicator(old)["changes"] = [MADE]
    new = copy.deepcopy(old)
    indicator(new)["targets"]["2010/11"] = 60.0
    assert len(warned(tmp_path, old, new)) == 1


def test_an_entry_without_a_reason_gives_none(tmp_path: Path) -> None:
    old = laa2008()
    new = copy.deepcopy(old)
    indicator(new)["targets"]["2010/11"] = 60.0
    indicator(new)["changes"] = [{"version": "2.0", "was": {"targets": {"2010/11": 53.0}}}]
    assert len(warned(tmp_path, old, new)) == 1


def test_a_proposal_approved_since_explains_the_values_it_set(tmp_path: Path) -> None:
    old = laa2008()
    indicator(old)["changes"] = [PROPOSED]
    new = copy.deepcopy(old)
    indicator(new)["targets"]["2010/11"] = 40.0
    approved = {**PROPOSED, "approval": {"status": "approved", "by": "GOWM"}}
    del approved["proposed"]
    indicator(new)["changes"] = [{**approved, "was": {"targets": {"2010/11": 53.0}}}]
    assert warned(tmp_path, old, new) == []


def test_filling_in_what_was_missing_needs_no_reason(tmp_path: Path) -> None:
    old = laa2008()
    ind = indicator(old)
    ind["baseline"] = {"missing": "baseline from the Place Survey", "owner": "council"}
    del ind["targets"]["2010/11"]
    old["funding"]["streams"][0]["amounts"]["2010/11"] = {"missing": "allocation letter"}
    old["funding"]["streams"][0]["amounts"]["2009/10"] = {"value": 1000, "status": "indicative"}
    new = copy.deepcopy(old)
    indicator(new)["baseline"] = {"value": 48.0, "period": "2007/08"}
    indicator(new)["targets"]["2010/11"] = 53.0
    new["funding"]["streams"][0]["amounts"]["2010/11"] = 1200
    new["funding"]["streams"][0]["amounts"]["2009/10"] = {"value": 1000, "status": "confirmed"}
    assert warned(tmp_path, old, new) == []
    # … but taking a figure away, or changing what it says, does.
    newer = copy.deepcopy(old)
    indicator(newer)["targets"]["2009/10"] = {"missing": "to be agreed", "owner": "council"}
    newer["funding"]["streams"][0]["amounts"]["2009/10"] = 900
    newer["funding"]["streams"][0]["amounts"]["2008/09"] = {"value": 1000, "up_to": True}
    messages = warned(tmp_path, old, newer)
    assert [m.split(" (")[0] for m in messages] == [
        "The 2009/10 target of NI 117",
        "The 2008/09 amount of funding stream nrf",
        "The 2009/10 amount of funding stream nrf",
    ]
    assert "£1,000 → up to £1,000" in messages[1]


def test_a_stretched_level_and_a_baselines_period_are_figures_too(tmp_path: Path) -> None:
    old = laa2008()
    indicator(old)["targets"]["2010/11"] = {"without": 50.0, "with": 53.0}
    new = copy.deepcopy(old)
    indicator(new)["targets"]["2010/11"] = {"without": 49.0, "with": 53.0}
    indicator(new)["baseline"] = {"value": 50.0, "period": "2006/07"}
    messages = warned(tmp_path, old, new)
    assert len(messages) == 2
    assert any("baseline" in m and "(2006/07)" in m for m in messages)
    assert any("2010/11 target, without the agreement" in m for m in messages)


# ---------------------------------------------------------------- a property

FIGURES = [("target", y) for y in ("2008/09", "2009/10", "2010/11")] + [("amount", "2009/10")]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.sampled_from(FIGURES), unique=True),
    st.sets(st.sampled_from(["indicator", "stream"])),
)
def test_every_changed_figure_of_an_item_without_a_new_reason_is_warned_of_once(
    changed: list[tuple[str, str]], explained: set[str]
) -> None:
    old = laa2008()
    new = copy.deepcopy(old)
    for what, year in changed:
        if what == "target":
            indicator(new)["targets"][year] += 7
        else:
            new["funding"]["streams"][0]["amounts"][year] += 250
    if "indicator" in explained:
        indicator(new)["changes"] = [MADE]
    if "stream" in explained:
        new["funding"]["streams"][0]["changes"] = [MADE]
    a, b = Agreement.model_validate(old), Agreement.model_validate(new)
    from drafter.diff import compare
    from drafter.diff.since import needs_reason

    missing = [c for c in compare(a, b) if needs_reason(c) and not c.reason]
    expected = [
        (w, y)
        for w, y in changed
        if (w == "target" and "indicator" not in explained)
        or (w == "amount" and "stream" not in explained)
    ]
    assert sorted((c.field[0], c.field[1]) for c in missing) == sorted(
        ("targets" if w == "target" else "amounts", y) for w, y in expected
    )
