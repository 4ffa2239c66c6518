"""The register of what is still to be agreed: every open item of an agreement, once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from drafter.register import register

from .agreement_data import laa2008, load_data

TODAY = dt.date(2008, 5, 1)


def entries(tmp_path: Path, data: dict[str, Any]) -> list[tuple[str, str, str]]:
    loaded = load_data(tmp_path, data)
    assert loaded.agreement is not None, loaded.problems
    return [(e.kind, e.item_id, e.what) for e in register(loaded.agreement, TODAY)]


def test_a_complete_agreement_has_nothing_still_to_agree(tmp_path: Path) -> None:
    assert entries(tmp_path, laa2008()) == []


def test_every_kind_of_open_item_is_listed_once(tmp_path: Path) -> None:
    data = laa2008()
    outcome = data["themes"][0]["outcomes"][0]
    ni117 = outcome["indicators"][0]
    ni117["baseline"] = {"missing": "baseline from the Place Survey", "owner": "council"}
    ni117["targets"]["2010/11"] = {"value": 45.0, "missing": "DCSF to confirm", "owner": "pct"}
    outcome["open"] = {"issue": "Which partner leads", "owner": "pct", "due": "2008-09"}
    stream = data["funding"]["streams"][0]
    stream["consent"] = None
    stream["amounts"]["2010/11"] = {"missing": "allocation letter", "owner": "council"}
    data["freedoms"][0].update(status="requested", response=None)
    outcome["indicators"][1]["changes"] = [
        {
            "reason": "Survey changed",
            "proposed": {"remove": "reward"},
            "approval": {"status": "awaiting", "by": "GOWM", "date": dt.date(2008, 4, 1)},
        },
        {"reason": "Agreed earlier", "was": {"baseline": 18.0}},
    ]
    got = entries(tmp_path, data)
    kinds = [k for k, _, _ in got]
    assert sorted(kinds) == sorted(
        ["placeholder", "confirmation", "open item", "consent", "amount", "freedom", "approval"]
    )
    # The approval was due on 1 April and is overdue on 1 May, so it comes first.
    assert got[0] == (
        "approval",
        "loc1",
        "approval of the proposed removal from reward (Survey changed)",
    )
    assert ("placeholder", "ni117", "baseline from the Place Survey") in got
    assert ("confirmation", "ni117", "confirmation of the 2010/11 target (DCSF to confirm)") in got
    assert ("amount", "nrf", "the 2010/11 amount: allocation letter") in got


def test_rows_removed_at_a_refresh_have_no_open_figures(tmp_path: Path) -> None:
    data = laa2008()
    ni117 = data["themes"][0]["outcomes"][0]["indicators"][0]
    ni117["baseline"] = {"missing": "baseline", "owner": "council", "due": "2009-01-31"}
    ni117["refresh"] = "removed"
    assert entries(tmp_path, data) == []


def test_overdue_items_come_first_then_by_date(tmp_path: Path) -> None:
    data = laa2008()
    statutory = data["statutory"]
    for k, due in enumerate(["2009-03-31", "2008-01-31", "2008-12"]):
        statutory[k]["baseline"] = {"missing": "from DCSF", "owner": "council", "due": due}
    loaded = load_data(tmp_path, data)
    assert loaded.agreement is not None
    got = register(loaded.agreement, TODAY)
    assert [str(e.due) for e in got] == ["2008-01-31", "2008-12", "2009-03-31"]
    assert [e.overdue for e in got] == [True, False, False]
