"""`drafter validate --since OLD`: every changed target, baseline or amount without a reason."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from drafter.diff.since import Earlier
from drafter.load import load
from tests.agreement_data import laa2008, write
from tests.conftest import AGREEMENTS
from tests.test_cli import run

OLD = str(AGREEMENTS / "northfleet-laa-2008.yaml")
NEW = str(AGREEMENTS / "northfleet-laa-2008-v2.yaml")


def test_each_changed_figure_without_a_reason_is_a_warning_at_its_place(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "validate", NEW, "--since", OLD, "--format", "json")
    assert code == 0  # warnings only
    (result,) = json.loads(out)
    d001 = [p for p in result["problems"] if p["code"] == "D001"]
    # NI 1, 4, 7, 110 and 187: baseline and three targets; NI 117 two targets, NI 154
    # three; the Cohesion grant's 2010/11 amount. NI 172 is new: it needs no reason.
    assert len(d001) == 5 * 4 + 2 + 3 + 1
    assert all(p["severity"] == "warning" for p in d001)
    neet = [p for p in d001 if p["message"].startswith("The 2010/11 target of NI 117")]
    assert len(neet) == 1 and "6.4% → 6.2%" in neet[0]["message"]
    lines = Path(NEW).read_text(encoding="utf-8").splitlines()
    assert "2010/11: 6.2" in lines[neet[0]["line"] - 1]
    cohesion = next(p for p in d001 if "abg-cohesion" in p["message"])
    assert "95000" in lines[cohesion["line"] - 1]
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
