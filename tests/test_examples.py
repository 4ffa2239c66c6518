"""The example agreements: the good ones are clean and complete, the broken one shows every
kind of problem, and version 2 of Northfleet keeps the ids of version 1."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from drafter.load import Loaded, load
from drafter.model import Agreement, Block, Generation, Status, TargetType
from drafter.reference import national_indicators, statutory_indicators
from drafter.validate import validate

from .conftest import AGREEMENTS, BROKEN

NORTHFLEET = AGREEMENTS / "northfleet-laa-2008.yaml"
NORTHFLEET_V2 = AGREEMENTS / "northfleet-laa-2008-v2.yaml"
WESSEX = AGREEMENTS / "wessex-laa-2006.yaml"
MILLBROOK = AGREEMENTS / "millbrook-lpsa2.yaml"
BROKEN_FILE = BROKEN / "broken.yaml"


def agreement(path: Path) -> Agreement:
    """Load an example that must build; fail with its problems otherwise."""
    loaded = load(path)
    assert loaded.agreement is not None, [str(p) for p in loaded.problems]
    return loaded.agreement


def designated(a: Agreement) -> list[str]:
    """Ids of the designated targets under the themes."""
    return [i.id for i in a.indicators() if i.type == TargetType.DESIGNATED]


def placeholders(a: Agreement) -> list[str]:
    """Where an example still has a placeholder: 'indicator-id baseline' or '… 2009/10'."""
    out = []
    for i in [*a.indicators(), *a.statutory]:
        if i.baseline is not None and i.baseline.is_placeholder:
            out.append(f"{i.id} baseline")
        for year, t in i.targets.items():
            for cell in (t.target, t.without):
                if cell is not None and cell.is_placeholder:
                    out.append(f"{i.id} {year}")
    return out


# ---------------------------------------------------------------- every good example


def test_the_four_good_examples_exist() -> None:
    assert sorted(p.name for p in AGREEMENTS.glob("*.yaml")) == sorted(
        p.name for p in (NORTHFLEET, NORTHFLEET_V2, WESSEX, MILLBROOK)
    )


def test_good_example_has_no_problems(example: Path) -> None:
    loaded = load(example)
    assert loaded.agreement is not None
    assert [f"{p.code} {p.position} {p.message}" for p in validate(loaded)] == []


def test_good_example_uses_real_national_indicators(example: Path) -> None:
    a = agreement(example)
    nis = national_indicators()
    for i in [*a.indicators(), *a.statutory]:
        if i.ni is not None:
            assert i.ni in nis and not nis[i.ni].deleted, i.id
            assert i.id == f"NI-{i.ni}", "national indicators are given the id NI-<number>"


def test_numeric_targets_move_the_right_way(example: Path) -> None:
    # Polarity from the indicator itself; the reference data covers the rest in validate.
    a = agreement(example)
    for i in [*a.indicators(), *a.statutory]:
        if i.polarity is None or i.baseline is None or i.baseline.value is None:
            continue
        final = i.targets[a.period.years[-1]]
        level = final.target.value if final.target is not None else None
        if level is None:
            continue
        better = (
            level >= i.baseline.value if i.polarity == "higher" else (level <= i.baseline.value)
        )
        assert better, f"{i.id}: {i.baseline.value} → {level} ({i.polarity} is better)"


def test_percentages_are_between_0_and_100(example: Path) -> None:
    a = agreement(example)
    for i in [*a.indicators(), *a.statutory]:
        if not (i.unit or "").startswith("%"):
            continue
        cells = [i.baseline] + [c for t in i.targets.values() for c in (t.target, t.without)]
        for cell in cells:
            if cell is not None and cell.value is not None:
                assert 0 <= cell.value <= 100, i.id


def test_funding_totals_are_stated_and_add_up() -> None:
    for path in (NORTHFLEET, NORTHFLEET_V2, WESSEX):
        a = agreement(path)
        sums: Counter[str] = Counter()
        for s in a.funding.streams:
            sums.update({y: m.value or 0 for y, m in s.amounts.items()})
        assert dict(sums) == a.funding.stated_totals, path.name


# ---------------------------------------------------------------- Northfleet (2008–11)


def test_northfleet_has_35_designated_16_statutory_and_local_targets() -> None:
    loaded = load(NORTHFLEET)
    a = loaded.agreement
    assert a is not None and a.generation == Generation.LAA2008
    assert len(designated(a)) == 35
    assert sorted(i.ni for i in a.statutory) == [n.ni for n in statutory_indicators()]
    assert 6 <= sum(i.type == TargetType.LOCAL for i in a.indicators()) <= 8
    assert all(i.ni != 31 for i in a.indicators())
    # two themes come from included files
    assert {p.name for p in loaded.files} >= {"safer.yaml", "health.yaml"}
    assert 5 <= len(a.themes) <= 6
    assert 10 <= len(a.partners) <= 14
    assert 18 <= len(a.funding.streams) <= 22
    assert 13 <= len(a.freedoms) <= 17
    assert len({f.status for f in a.freedoms}) >= 6


def test_northfleet_placeholders_are_due_after_the_agreement_date() -> None:
    a = agreement(NORTHFLEET)
    assert 4 <= len(placeholders(a)) <= 7
    assert a.date is not None
    for i in a.indicators():
        cells = [i.baseline, *(t.target for t in i.targets.values())]
        for cell in cells:
            if cell is not None and cell.is_placeholder:
                assert cell.owner and a.partner(cell.owner) is not None, i.id
                assert cell.due is not None and cell.due > a.date, i.id


def test_northfleet_baselines_refer_to_different_periods() -> None:
    a = agreement(NORTHFLEET)
    periods = {i.baseline.period for i in a.indicators() if i.baseline and i.baseline.period}
    assert {"2006/07", "2007/08"} <= periods


# ---------------------------------------------------------------- Northfleet version 2


def test_v2_keeps_the_ids_of_version_1() -> None:
    v1, v2 = agreement(NORTHFLEET), agreement(NORTHFLEET_V2)
    assert v1.id == v2.id
    for ids in (
        lambda a: [p.id for p in a.partners],
        lambda a: [t.id for t in a.themes],
        lambda a: [o.id for o in a.outcomes()],
        lambda a: [s.id for s in a.funding.streams],
        lambda a: [f.id for f in a.freedoms],
        lambda a: [i.id for i in a.statutory],
    ):
        assert ids(v1) == ids(v2)
    # one indicator swapped for another, still 35 designated
    before, after = set(designated(v1)), set(designated(v2))
    assert (before - after, after - before) == ({"NI-171"}, {"NI-172"})
    assert len(after) == 35


def test_v2_is_signed_with_placeholders_filled_and_some_changes() -> None:
    v1, v2 = agreement(NORTHFLEET), agreement(NORTHFLEET_V2)
    assert v1.status == Status.SUBMITTED and v2.status == Status.SIGNED
    assert v1.date is not None and v2.date is not None and v2.date > v1.date
    assert placeholders(v1) and placeholders(v2) == []
    assert all(s.name and s.date for s in v2.signatories)
    old = {i.id: i for i in v1.indicators()}
    changed = [i.id for i in v2.indicators() if i.id in old and i.targets != old[i.id].targets]
    assert len(changed) >= 3
    statuses = {f.id: f.status for f in v1.freedoms}
    assert sum(f.status != statuses[f.id] for f in v2.freedoms) == 1
    amounts = {s.id: s.amounts for s in v1.funding.streams}
    assert sum(s.amounts != amounts[s.id] for s in v2.funding.streams) == 1


# ---------------------------------------------------------------- Wessex (2006–09) and LPSA


def test_wessex_has_four_blocks_mandatory_outcomes_and_reward_targets() -> None:
    a = agreement(WESSEX)
    assert a.generation == Generation.LAA2006
    assert [t.block for t in a.themes] == list(Block)
    for theme in a.themes:
        assert any(o.mandatory for o in theme.outcomes), theme.id
    reward = [i for i in a.indicators() if i.type == TargetType.REWARD]
    assert 9 <= len(reward) <= 11
    for i in reward:
        assert all(t.without is not None and t.target is not None for t in i.targets.values())
    assert 5 <= len(a.area.districts) <= 7
    treatments = {s.treatment for s in a.funding.streams}
    assert {"pooled", "aligned", "mandatory pooled"} <= {str(t) for t in treatments}


def test_millbrook_has_twelve_stretch_targets_with_reward_base() -> None:
    a = agreement(MILLBROOK)
    assert a.generation == Generation.LPSA
    stretch = a.outcomes()
    assert len(stretch) == 12
    for o in stretch:
        assert 1 <= len(o.indicators) <= 3
        assert all(i.type == TargetType.REWARD for i in o.indicators), o.id
    assert a.reward is not None
    assert a.reward.net_budget_requirement and a.reward.base_year
    assert a.reward.pump_priming_grant and a.reward.unsupported_credit_approval
    assert a.reward.max_percent == 2.5


# ---------------------------------------------------------------- the broken example


@pytest.fixture(scope="module")
def broken() -> Loaded:
    return load(BROKEN_FILE)


def test_broken_example_shows_many_kinds_of_problem(broken: Loaded) -> None:
    codes = {p.code for p in validate(broken)}
    assert len(codes) >= 40
    assert {c[0] for c in codes} == set("YSNTFXRA")


def test_every_marked_fault_is_reported(broken: Loaded) -> None:
    # Each "# fault:" comment names the codes it should raise, e.g. "(T004)" or "(A002, A004)".
    cited: set[str] = set()
    for path in [BROKEN_FILE, *sorted((BROKEN / "parts").glob("*.yaml"))]:
        for group in re.findall(r"\(([A-Z]\d{3}(?:, [A-Z]\d{3})*)\)", path.read_text("utf-8")):
            cited.update(group.split(", "))
    assert len(cited) >= 40
    assert cited - {p.code for p in validate(broken)} == set()


def test_broken_parts_are_reported_in_their_own_files(broken: Loaded) -> None:
    files = {
        Path(p.position.file).name: p.code
        for p in validate(broken)
        if Path(p.position.file).name != BROKEN_FILE.name
    }
    assert files == {"bad-syntax.yaml": "Y003", "loop.yaml": "Y009"}
