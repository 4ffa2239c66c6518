"""Actuals files: outturns from YAML or CSV, every fault named with file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafter.actuals import check_actuals, read_actuals
from drafter.load import load

from .conftest import AGREEMENTS
from .test_cli import run

MILLBROOK = AGREEMENTS / "millbrook-lpsa2.yaml"
MILLBROOK_ACTUALS = AGREEMENTS / "actuals" / "millbrook-lpsa2.yaml"


def codes(path: Path) -> list[tuple[str, int]]:
    read = read_actuals(path)
    agreement = load(MILLBROOK).agreement
    assert agreement is not None
    problems = [*read.problems, *check_actuals(read, agreement)]
    return [(p.code, p.position.line) for p in problems]


def write(tmp_path: Path, text: str, name: str = "actuals.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_actuals_are_clean() -> None:
    assert codes(MILLBROOK_ACTUALS) == []
    read = read_actuals(MILLBROOK_ACTUALS)
    assert read.agreement_id == "millbrook-lpsa2"
    assert read.outturns["t01-a"].value == 2520
    assert read.outturns["t07-a"].period == "2007 (calendar year)"  # reported in 2007/08


def test_yaml_faults_are_named_with_their_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "agreement: millbrook-lpsa2\n"
        "outturns:\n"
        "  t01-x: {value: 2600, period: 2007/08}\n"  # line 3: no such indicator
        "  t02-a: {period: 2007/08}\n"  # line 4: no value
        "  t02-b: {value: lots, period: 2007/08}\n"  # line 5: not a number
        "  t03-a: {value: 12400}\n"  # line 6: no period
        "  t03-b: {value: 27.9, period: 2007, provisional: maybe}\n"  # line 7: two faults
        "  t04-a: {value: 371, period: 2007/08, vaule: 1}\n",  # line 8: unknown field
    )
    assert sorted(codes(path)) == sorted(
        [
            ("O003", 3),
            ("O004", 4),
            ("O005", 5),
            ("O007", 6),
            ("O005", 7),
            ("O005", 7),
            ("O006", 8),
        ]
    )
    read = read_actuals(path)
    agreement = load(MILLBROOK).agreement
    assert agreement is not None
    (unknown,) = check_actuals(read, agreement)
    assert "did you mean 't01-a'" in unknown.message


def test_actuals_of_another_agreement_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "agreement: wessex-laa-2006\noutturns: {}\n")
    assert codes(path) == [("O002", 1)]


def test_actuals_are_read_as_safely_as_agreements(tmp_path: Path) -> None:
    tagged = write(tmp_path, "agreement: x\noutturns: !!python/object:os.system {}\n")
    assert next(c for c, _ in codes(tagged)) == "Y006"
    assert codes(tmp_path / "nowhere.yaml")[0][0] == "Y001"
    empty = write(tmp_path, "", "empty.yaml")
    assert codes(empty)[0][0] == "Y004"
    bad = write(tmp_path, "agreement: [\n", "bad.yaml")
    assert codes(bad)[0][0] == "Y003"
    duplicate = write(
        tmp_path,
        "outturns:\n  t01-a: {value: 1, period: 2007/08}\n  t01-a: {value: 2, period: 2007/08}\n",
        "dup.yaml",
    )
    assert ("Y008", 3) in codes(duplicate)


def test_csv_outturns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "indicator,value,period,provisional\nt01-a,2600,2007/08,\nt05-a,51.8,2007/08,yes\n",
        "actuals.csv",
    )
    read = read_actuals(path)
    assert read.problems == ()
    assert read.outturns["t01-a"].value == 2600
    assert read.outturns["t05-a"].provisional is True


def test_csv_faults_are_named_with_their_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "indicator,value,period,provisional\n"
        "t01-a,2600,2007/08,\n"
        "t01-a,2610,2007/08,\n"  # line 3: twice
        "t09-z,1,2007/08,\n"  # line 4: unknown
        "t02-a,,2007/08,\n"  # line 5: no value
        "t02-b,1340,,\n",  # line 6: no period
        "actuals.csv",
    )
    assert codes(path) == [("O009", 3), ("O004", 5), ("O007", 6), ("O003", 4)]
    header = write(tmp_path, "id,figure\nt01-a,1\n", "header.csv")
    assert codes(header) == [("O001", 1)]


def test_reward_command_prints_the_working(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "reward", str(MILLBROOK), "--actuals", str(MILLBROOK_ACTUALS))
    assert code == 0
    assert "Maximum reward" in out
    # £5,296,750 / 12 targets, the odd pence to the first; t02's share split in two.
    assert "2. Reduce alcohol-related violence in the city centre — share £441,395.84" in out
    assert "Stretch achieved: (763 − 890) ÷ (720 − 890) = 74.70…%" in out
    assert "Earned: £220,697.92 × 74.70…% = £164,874.33 [final]" in out  # × 127/170


def test_reward_command_json_adds_up(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "reward", str(MILLBROOK), "--actuals", str(MILLBROOK_ACTUALS), "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    lines = [ln for t in data["targets"] for ln in t["lines"]]
    assert sum(ln["share_pence"] for ln in lines) == data["maximum_pence"]
    assert sum(ln["amount_pence"] or 0 for ln in lines) == data["earned_pence"]
    assert sum(p["amount_pence"] for p in data["payments"]) == data["earned_pence"]


def test_reward_command_reports_bad_actuals_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "agreement: millbrook-lpsa2\noutturns:\n  nope: {value: 1}\n")
    code, _out, err = run(capsys, "reward", str(MILLBROOK), "--actuals", str(path))
    assert code == 1
    assert "Traceback" not in err
    assert "actuals.yaml:3:3: error O003:" in err
    assert "actuals.yaml:3:3: error O007:" in err


def test_reward_of_an_agreement_without_reward(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "not: [an agreement\n")
    code, _, err = run(capsys, "reward", str(path))
    assert code == 1
    assert "Traceback" not in err and "Y003" in err
