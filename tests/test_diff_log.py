"""Change logs (`changes:`) in a comparison: reasons, approvals, proposals awaiting approval.

A log entry is the reason for a change, never a change reported on its own; a change
still awaiting approval is shown as proposed, beside the value agreed, with who is to
approve it, and never as done.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.diff import Changes, Kind, apply, canonical, compare
from drafter.diff.schedule import schedule
from drafter.diff.text import report
from drafter.model import Agreement
from tests.agreement_data import laa2008, write
from tests.extract import docx_text
from tests.test_cli import run

Data = dict[str, Any]
WHEN = dt.datetime(2009, 5, 1, tzinfo=dt.UTC)
REFRESH = {"id": "refresh-2009", "title": "2009 refresh", "go_signoff": "2009-03-31"}
MADE = {
    "refresh": "refresh-2009",
    "reason": "The downturn cut the number of jobs with training.",
    "was": {"targets": {"2010/11": 53.0}},
    "approval": {"status": "approved", "by": "GOWM", "date": "2009-03-01"},
}
PROPOSED = {
    "refresh": "refresh-2009",
    "reason": "The survey moved to 2010.",
    "proposed": {"targets": {"2010/11": 30.0}},
    "approval": {"status": "awaiting", "by": "GOWM", "date": "2009-06-30"},
}


def base() -> Data:
    """The test agreement with a refresh and the GO as an outside body."""
    data = laa2008()
    data["refreshes"] = [REFRESH]
    data["bodies"] = [{"id": "GOWM", "name": "Government Office for the West Midlands"}]
    return data


def indicators(data: Data) -> list[Data]:
    """The theme's indicators: NI 117 and the local loc1."""
    found: list[Data] = data["themes"][0]["outcomes"][0]["indicators"]
    return found


def model(data: Data) -> Agreement:
    """The agreement model of plain data."""
    return Agreement.model_validate(data)


def compared(old: Data, new: Data) -> tuple[Agreement, Agreement, Changes]:
    """Both models and their comparison, checked to replay (also through JSON)."""
    a, b = model(old), model(new)
    changes = compare(a, b)
    assert canonical(apply(changes, a)) == canonical(b)
    again = Changes.from_json(json.loads(json.dumps(changes.to_json())))
    assert canonical(apply(again, a)) == canonical(b)
    return a, b, changes


def text(old: Data, new: Data) -> str:
    """The terminal report, without colour."""
    a, b, changes = compared(old, new)
    return report(a, b, changes, colour=False)


def rows(old: Data, new: Data, table: int = 0) -> dict[str, tuple[str, ...]]:
    """The rows of a schedule table (0 indicators, 1 funding, 2 freedoms) by first cells."""
    a, b, changes = compared(old, new)
    found = schedule(a, b, changes, when=WHEN)
    tables = [blk.table for blk in found.blocks if blk.kind == "table"]  # type: ignore[union-attr]
    ids = ("schedule-indicators", "schedule-funding", "schedule-freedoms")
    chosen = next((t for t in tables if t.id == ids[table]), None)
    if chosen is None:
        return {}
    key = 1 if table == 0 else 0
    return {r.cells[key].text: tuple(c.text for c in r.cells) for r in chosen.rows}


NEET = "NI 117: 16 to 18 year olds who are not in education, training or employment (NEET)"
LOCAL = "Residents using the new one-stop shops"


# ---------------------------------------------------------------- a change made


def test_a_new_log_entry_is_the_reason_not_a_change_of_its_own() -> None:
    old = base()
    new = copy.deepcopy(old)
    indicators(new)[0]["targets"]["2010/11"] = 60.0
    indicators(new)[0]["changes"] = [MADE]
    _, _, changes = compared(old, new)
    target = next(c for c in changes if c.field == ("targets", "2010/11", "with"))
    assert target.reason == MADE["reason"]
    # The entry is in the comparison (JSON, apply) as an item of its own …
    (entry,) = [c for c in changes if c.item.type == "IndicatorChange"]
    assert entry.kind is Kind.ADDED and entry.item.key.startswith("refresh-2009#")
    # … but the report gives it as the reason, with who approved it, not as an addition.
    out = text(old, new)
    assert "Indicator change" not in out and "refresh-2009#" not in out
    assert "~ 2010/11 target: 47.0% → 60.0%" in out  # precision as written
    assert (
        f"Reason: {MADE['reason']} (2009 refresh; approved by Government Office for the "
        "West Midlands on 1 March 2009)"
    ) in out
    assert ": 1 changed" in out.splitlines()[1]  # the entry is not counted as an addition
    row = rows(old, new)[NEET]
    assert row[2:5] == ("Changed", "2010/11 target: 47.0%", "2010/11 target: 60.0%")
    assert row[5].startswith(MADE["reason"]) and "approved by Government Office" in row[5]


def test_an_entry_recorded_later_shows_the_values_it_replaced() -> None:
    old = base()
    indicators(old)[0]["targets"]["2010/11"] = 60.0
    new = copy.deepcopy(old)
    indicators(new)[0]["changes"] = [MADE]
    out = text(old, new)
    assert "* Entered in the change log (2009 refresh; approved by" in out
    assert "~ 2010/11 target: 53.0% → 60.0%" in out  # was → now, from the entry
    assert "changes to the record of changes only" in out.splitlines()[1]
    assert rows(old, new)[NEET][2] == "No change"


def test_reordering_a_log_and_an_unchanged_log_are_no_change() -> None:
    old = base()
    other = {**MADE, "reason": "A second reason.", "refresh": None, "version": "0.9"}
    indicators(old)[0]["changes"] = [MADE, other]
    new = copy.deepcopy(old)
    indicators(new)[0]["changes"].reverse()
    assert compare(model(old), model(new)).empty


# ---------------------------------------------------------------- proposals


def test_a_proposal_is_shown_as_proposed_never_as_done() -> None:
    old = base()
    new = copy.deepcopy(old)
    indicators(new)[1]["changes"] = [PROPOSED]
    out = text(old, new)
    assert (
        "? Proposed (2009 refresh), awaiting approval by Government Office for the West "
        "Midlands, due 30 June 2009"
    ) in out
    assert "~ 2010/11 target: 26.0 → 30.0" in out  # agreed → proposed
    assert f"Reason: {PROPOSED['reason']}" in out
    assert "1 awaiting approval" in out.splitlines()[1]
    status, original, revised, reason = rows(old, new)[LOCAL][2:]
    assert status == "Outstanding"
    assert original == "2010/11 target: 26.0"
    assert revised.startswith("2010/11 target: 30.0 (proposed)\nProposed (2009 refresh), awaiting")
    assert reason == f"Proposed: {PROPOSED['reason']}"


def test_a_proposal_carried_over_keeps_the_row_outstanding() -> None:
    old = base()
    indicators(old)[1]["changes"] = [PROPOSED]
    new = copy.deepcopy(old)
    new["version"] = "2.0"
    status, _, revised, _ = rows(old, new)[LOCAL][2:]
    assert status == "Outstanding" and "30.0 (proposed)" in revised
    # Not a change, but the report ends with what is still awaiting approval.
    out = text(old, new)
    assert ": 1 changed; 1 awaiting approval" in out.splitlines()[1]
    still = out.split("\nStill awaiting approval\n")[1]
    assert still.startswith(f"  {LOCAL}\n    ? Proposed (2009 refresh), awaiting approval by")
    assert "~ 2010/11 target: 26.0 → 30.0" in still
    assert compare(model(old), model(old)).empty
    assert "no changes; 1 awaiting approval" in text(old, old)


def test_a_proposed_removal_from_reward_is_outstanding_not_removed() -> None:
    old = base()
    new = copy.deepcopy(old)
    new["statutory"][0]["changes"] = [
        {"refresh": "refresh-2009", "reason": "DCSF dropped it.", "proposed": {"remove": "reward"}}
    ]
    row = next(r for title, r in rows(old, new).items() if title.startswith("NI 72"))
    assert row[2] == "Outstanding"
    assert row[4] == "Proposed removal from the reward (2009 refresh), awaiting approval."
    assert "? Proposed removal from the reward (2009 refresh), awaiting approval" in text(old, new)


def test_approval_of_a_proposal_is_one_change_to_its_entry() -> None:
    old = base()
    indicators(old)[1]["changes"] = [PROPOSED]
    new = copy.deepcopy(old)
    indicators(new)[1]["targets"]["2010/11"] = 30.0
    entry = indicators(new)[1]["changes"][0]
    del entry["proposed"]
    entry["was"] = {"targets": {"2010/11": 26.0}}
    entry["approval"] = {"status": "approved", "by": "GOWM", "date": "2009-07-02"}
    _, _, changes = compared(old, new)
    logged = [c for c in changes if c.item.type == "IndicatorChange"]
    assert {c.kind for c in logged} == {Kind.CHANGED, Kind.ADDED, Kind.REMOVED}
    assert {c.field for c in logged} == {("approval",), ("was",), ("proposed",)}
    assert len({c.item.key for c in logged}) == 1  # the same entry throughout
    out = text(old, new)
    assert "~ 2010/11 target: 26.0 → 30.0" in out
    assert "* Approved by Government Office for the West Midlands on 2 July 2009" in out
    assert rows(old, new)[LOCAL][2] == "Changed"


def test_a_rejected_and_a_withdrawn_proposal() -> None:
    old = base()
    indicators(old)[0]["changes"] = [{**PROPOSED, "reason": "Withdrawn later."}]
    new = copy.deepcopy(old)
    new["themes"][0]["outcomes"][0]["indicators"][0]["changes"] = []
    rejected = {**PROPOSED, "approval": {"status": "rejected", "by": "GOWM", "date": "2009-07-01"}}
    indicators(new)[1]["changes"] = [rejected]
    out = text(old, new)
    assert "x Proposal withdrawn (2009 refresh); it was awaiting approval by" in out
    assert "x Proposed (2009 refresh), rejected by Government Office for the West Midlands" in out
    assert rows(old, new)[LOCAL][2] == "No change"  # a rejected proposal changes nothing


def test_a_change_made_but_not_yet_approved_is_outstanding() -> None:
    old = base()
    new = copy.deepcopy(old)
    indicators(new)[0]["targets"]["2010/11"] = 60.0
    indicators(new)[0]["changes"] = [{**MADE, "approval": {"status": "awaiting", "by": "GOWM"}}]
    status, _, revised, reason = rows(old, new)[NEET][2:]
    assert status == "Outstanding"
    assert "Made (2009 refresh), but still awaiting approval by Government Office" in revised
    assert reason == f"Awaiting approval: {MADE['reason']}"


def test_funding_and_freedom_proposals_are_listed_as_outstanding() -> None:
    old = base()
    new = copy.deepcopy(old)
    new["funding"]["streams"][0]["changes"] = [
        {
            "refresh": "refresh-2009",
            "reason": "CLG cut the fund.",
            "proposed": {"amounts": {"2010/11": 800}, "treatment": "aligned"},
            "approval": {"status": "awaiting", "by": "GOWM"},
        }
    ]
    new["freedoms"][0]["changes"] = [
        {"version": "1.1", "reason": "Asked again.", "proposed": {"status": "requested"}}
    ]
    stream = rows(old, new, 1)["Funding stream nrf: Neighbourhood Renewal Fund"]
    assert stream[1] == "Outstanding"
    assert stream[2] == "2010/11 amount: £1,000\nTreatment: pooled"
    assert stream[3].startswith("2010/11 amount: £800 (proposed)\nTreatment: aligned (proposed)")
    freedom = rows(old, new, 2)["Freedom ff1: Single youth plan"]
    assert freedom[1:3] == ("Outstanding", "Status: agreed")
    assert freedom[3].startswith("Status: requested (proposed)\nProposed (version 1.1)")


# ---------------------------------------------------------------- refresh statuses


def test_every_refresh_status_of_the_go_form(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old = base()
    old["themes"][0]["outcomes"][0]["indicators"].append(
        {**indicators(old)[1], "id": "loc2", "title": "Footfall in the town centre"}
    )
    old["themes"][0]["outcomes"][0]["indicators"].append(
        {**indicators(old)[1], "id": "loc3", "title": "Visits to the museum"}
    )
    new = copy.deepcopy(old)
    kept, changed, *_ = new["statutory"]
    changed["targets"]["2010/11"] += 2
    changed["changes"] = [{**MADE, "was": None}]
    new["statutory"][2]["refresh"] = "removed from reward only"
    new["statutory"][3]["refresh"] = "removed"
    new["statutory"][4]["refresh"] = "outstanding"
    new["statutory"][5]["open"] = {"issue": "DCSF to confirm", "owner": "GOWM", "due": "2009-06"}
    inds = indicators(new)
    inds.pop()  # loc3 gone altogether
    inds.append({**inds[1], "id": "loc4", "title": "New business start-ups"})
    statuses = {title.split(":")[0]: r[2] for title, r in rows(old, new).items()}
    assert statuses[kept["id"].replace("ni", "NI ")] == "No change"
    assert statuses[changed["id"].replace("ni", "NI ")] == "Changed"
    ids = [s["id"].replace("ni", "NI ") for s in new["statutory"][2:6]]
    assert [statuses[i] for i in ids] == [
        "Removed from reward",
        "Removed",
        "Outstanding",
        "Outstanding",
    ]
    assert statuses["New business start-ups"] == "New"
    assert statuses["Visits to the museum"] == "Removed"
    # The same statuses, and the refresh, in the Word schedule.
    a, b = write(tmp_path, old, "old.yaml"), write(tmp_path, new, "new.yaml")
    out = str(tmp_path / "out")
    code, _, err = run(capsys, "diff", str(a), str(b), "--to", "docx", "--out", out)
    assert code == 1, err
    words = docx_text(tmp_path / "out" / "new-changes.docx")
    cells = {cell for line in words.splitlines() for cell in line.split(" | ")}
    for status in ("New", "Changed", "No change", "Removed", "Removed from reward", "Outstanding"):
        assert status in cells
    assert "Refresh | " not in words  # both versions record the refresh: not on the cover


def test_a_refresh_new_in_the_newer_version_is_on_the_cover() -> None:
    old = laa2008()
    new = copy.deepcopy(old)
    new["refreshes"] = [REFRESH]
    a, b, changes = compared(old, new)
    facts = dict(schedule(a, b, changes, when=WHEN).facts)
    assert facts["Refresh"] == "2009 refresh; Government Office sign-off 31 March 2009"


def test_markdown_of_a_proposal(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old = base()
    new = copy.deepcopy(old)
    indicators(new)[1]["changes"] = [PROPOSED]
    a, b = write(tmp_path, old, "old.yaml"), write(tmp_path, new, "new.yaml")
    code, md, _ = run(capsys, "diff", str(a), str(b), "--format", "markdown")
    assert code == 1
    row = next(line for line in md.splitlines() if line.startswith(f"| 5.1.2 | {LOCAL}"))
    assert "| Outstanding | 2010/11 target: 26.0 | 2010/11 target: 30.0 (proposed)<br>" in row


# ---------------------------------------------------------------- a property

OPERATIONS = ("make", "propose", "approve", "reject", "withdraw", "reorder")


def _operate(data: Data, operation: str, n: int) -> None:
    """One thing done to the log of the local indicator."""
    ind = indicators(data)[1]
    log: list[Data] = ind.setdefault("changes", [])
    waiting = [e for e in log if e.get("proposed") and e["approval"]["status"] == "awaiting"]
    if operation == "make":
        ind["targets"]["2009/10"] += 1
        log.append({"version": f"1.{n}", "reason": f"Change {n}.", "was": {"targets": {}}})
    elif operation == "propose":
        log.append({**PROPOSED, "refresh": None, "version": f"1.{n}", "reason": f"Idea {n}."})
    elif operation in ("approve", "reject") and waiting:
        entry = waiting[0]
        entry["approval"] = {"status": "approved" if operation == "approve" else "rejected"}
        if operation == "approve":
            ind["targets"].update(entry.pop("proposed")["targets"])
    elif operation == "withdraw" and waiting:
        log.remove(waiting[0])
    elif operation == "reorder":
        log.reverse()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(OPERATIONS), max_size=4),
    st.lists(st.sampled_from(OPERATIONS), max_size=4),
)
def test_logs_compare_apply_and_read_as_notes(before: list[str], after: list[str]) -> None:
    old = base()
    for n, operation in enumerate(before):
        _operate(old, operation, n)
    new = copy.deepcopy(old)
    for n, operation in enumerate(after, len(before)):
        _operate(new, operation, n)
    a, b, changes = compared(old, new)
    assert changes.empty == (canonical(a) == canonical(b))
    out = report(a, b, changes, colour=False)
    assert "Indicator change" not in out and "#" not in out
    waiting = [e for e in indicators(new)[1].get("changes", []) if e.get("proposed")]
    waiting = [e for e in waiting if e["approval"]["status"] == "awaiting"]
    status = rows(old, new).get(LOCAL, ("", "", "No change"))[2]
    assert (status == "Outstanding") == bool(waiting)
