"""The reward calculator, against figures worked by hand."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from drafter.model import Agreement, Outturn
from drafter.reward import Rule, State, Statement, apportion, format_percent, pence, statement

from .agreement_data import LPSA_YEARS, laa2006, laa2008, load_data, lpsa

FINAL = LPSA_YEARS[-1]


def agreement(tmp_path: Path, data: dict[str, Any]) -> Agreement:
    loaded = load_data(tmp_path, data)
    assert loaded.agreement is not None, loaded.problems
    return loaded.agreement


def lpsa_data(nbr: float = 212_400_000, **reward: Any) -> dict[str, Any]:
    """An LPSA of 12 targets, each higher-is-better: 100 without the agreement, 120 with it."""
    data = lpsa()
    for o in data["themes"][0]["outcomes"]:
        o["indicators"][0]["targets"] = {FINAL: {"without": 100, "with": 120}}
    data["reward"].update(net_budget_requirement=nbr, **reward)
    return data


def outturn(value: float, period: str = FINAL, provisional: bool = False) -> Outturn:
    return Outturn(value=value, period=period, provisional=provisional)


def line(st: Statement, ident: str) -> Any:
    return next(ln for ln in st.lines if ln.indicator_id == ident)


def test_the_maximum_is_two_and_a_half_percent_of_the_net_budget_requirement(
    tmp_path: Path,
) -> None:
    st = statement(agreement(tmp_path, lpsa_data()))
    assert st.rule is Rule.SHARE
    assert st.maximum == 5_310_000_00  # 2.5% of £212,400,000 is £5,310,000
    assert [t.share for t in st.targets] == [442_500_00] * 12  # £5,310,000 / 12


def test_a_stated_percentage_replaces_the_standard_one(tmp_path: Path) -> None:
    st = statement(agreement(tmp_path, lpsa_data(nbr=200_000_000, max_percent=2.0)))
    assert st.maximum == 4_000_000_00


def test_three_quarters_of_the_stretch_earns_three_quarters_of_the_share(tmp_path: Path) -> None:
    st = statement(agreement(tmp_path, lpsa_data()), {"s1": outturn(115)})
    ln = line(st, "s1")
    assert ln.achieved == Fraction(3, 4)
    assert ln.amount == 331_875_00  # 75% of £442,500
    assert ln.state is State.FINAL
    assert st.earned == 331_875_00


def test_fifty_nine_percent_earns_nothing(tmp_path: Path) -> None:
    st = statement(agreement(tmp_path, lpsa_data()), {"s1": outturn(111.8)})
    ln = line(st, "s1")
    assert ln.achieved == Fraction(59, 100)
    assert ln.amount == 0
    assert "threshold" in ln.note


def test_sixty_percent_exactly_earns_sixty_percent(tmp_path: Path) -> None:
    st = statement(agreement(tmp_path, lpsa_data()), {"s1": outturn(112)})
    assert line(st, "s1").amount == 265_500_00  # 60% of £442,500


def test_a_stated_threshold_replaces_sixty_percent(tmp_path: Path) -> None:
    a = agreement(tmp_path, lpsa_data(threshold_percent=50))
    st = statement(a, {"s1": outturn(111.8)})
    assert line(st, "s1").amount == 261_075_00  # 59% of £442,500
    assert st.threshold_percent == 50 and st.threshold_stated


def test_beyond_the_stretch_earns_the_whole_share_and_no_more(tmp_path: Path) -> None:
    st = statement(agreement(tmp_path, lpsa_data()), {"s1": outturn(130)})
    ln = line(st, "s1")
    assert ln.achieved == Fraction(3, 2)
    assert ln.paid == 1
    assert ln.amount == 442_500_00


def test_worse_than_without_the_agreement_earns_nothing(tmp_path: Path) -> None:
    st = statement(agreement(tmp_path, lpsa_data()), {"s1": outturn(90)})
    assert line(st, "s1").amount == 0


def test_a_lower_is_better_indicator_past_its_trigger_earns_the_right_fraction(
    tmp_path: Path,
) -> None:
    data = lpsa_data()
    target = data["themes"][0]["outcomes"][0]["indicators"][0]
    target["polarity"] = "lower"
    # Without the agreement 50, stretched 40; reward starts at the trigger, 46 (40%).
    target["targets"] = {FINAL: {"without": 50, "with": 40, "trigger": 46}}
    a = agreement(tmp_path, data)
    passed = line(statement(a, {"s1": outturn(45)}), "s1")
    assert passed.achieved == Fraction(1, 2)  # (45 − 50) / (40 − 50)
    assert passed.amount == 221_250_00  # half of £442,500: the trigger, not 60%, applies
    short = line(statement(a, {"s1": outturn(47)}), "s1")
    assert short.achieved == Fraction(3, 10)
    assert short.amount == 0
    assert "trigger" in short.note


def test_sub_targets_split_their_targets_share(tmp_path: Path) -> None:
    data = lpsa_data()
    first = data["themes"][0]["outcomes"][0]
    base = first["indicators"][0]
    first["indicators"] = [dict(base, id=f"s1{x}") for x in "abc"]
    st = statement(
        agreement(tmp_path, data),
        {"s1a": outturn(120), "s1b": outturn(115), "s1c": outturn(100)},
    )
    target = st.targets[0]
    assert [ln.share for ln in target.lines] == [147_500_00] * 3  # £442,500 / 3
    assert [ln.amount for ln in target.lines] == [147_500_00, 110_625_00, 0]
    assert target.amount == 258_125_00
    assert [t.share for t in st.targets[1:]] == [442_500_00] * 11


@pytest.mark.parametrize("targets", [7, 11, 12, 13])
def test_shares_add_up_to_the_maximum_to_the_penny(tmp_path: Path, targets: int) -> None:
    data = lpsa_data(nbr=123_456_789)
    data["themes"][0]["outcomes"] = data["themes"][0]["outcomes"][:targets] or []
    if targets == 13:
        extra = dict(data["themes"][0]["outcomes"][0], id="o13")
        extra["indicators"] = [dict(extra["indicators"][0], id="s13")]
        data["themes"][0]["outcomes"].append(extra)
        first = data["themes"][0]["outcomes"][0]
        first["indicators"] = [dict(first["indicators"][0], id=f"s1{x}") for x in "abc"]
    st = statement(agreement(tmp_path, data))
    assert st.maximum == pence(123_456_789 * 0.025) == 3_086_419_73
    assert sum(ln.share or 0 for ln in st.lines) == st.maximum
    assert max(t.share or 0 for t in st.targets) - min(t.share or 0 for t in st.targets) <= 1


def test_stated_number_of_targets_divides_the_maximum(tmp_path: Path) -> None:
    st = statement(agreement(tmp_path, lpsa_data(targets=15)))
    assert [t.share for t in st.targets] == [354_000_00] * 12  # £5,310,000 / 15
    assert st.unlisted == 3
    assert st.unlisted_share == 3 * 354_000_00


def test_shares_of_the_stated_total(tmp_path: Path) -> None:
    data = lpsa_data(total=5_300_000, shares_of="stated")
    st = statement(agreement(tmp_path, data))
    assert st.rule is Rule.STATED_SHARE
    assert st.maximum == 5_300_000_00
    assert sum(t.share or 0 for t in st.targets) == 5_300_000_00


def test_stated_shares_replace_equal_shares(tmp_path: Path) -> None:
    data = lpsa_data()
    for k, o in enumerate(data["themes"][0]["outcomes"]):
        o["indicators"][0]["reward_share"] = 12.0 if k == 0 else 8.0  # 12 + 11 × 8 = 100
    st = statement(agreement(tmp_path, data))
    assert st.targets[0].share == 637_200_00  # 12% of £5,310,000
    assert st.targets[1].share == 424_800_00  # 8%


def test_instalments_are_equal_and_add_up_to_the_penny(tmp_path: Path) -> None:
    data = lpsa_data(nbr=100_000_000)  # £2,500,000 over 12 targets: shares of £208,333.33/34
    st = statement(agreement(tmp_path, data), {"s1": outturn(115)})
    earned = line(st, "s1").amount
    assert earned == pence(Fraction(20_833_334, 100) * Fraction(3, 4)) == 156_250_01
    assert [p.amount for p in st.payments] == [78_125_01, 78_125_00]
    assert sum(p.amount for p in st.payments) == st.earned


def test_an_interim_payment_comes_out_of_the_reward(tmp_path: Path) -> None:
    data = lpsa_data(interim={"percent": 20, "year": "2006/07"}, instalments=3)
    data["reward"]["payment_years"] = ["2008/09", "2009/10", "2010/11"]
    st = statement(agreement(tmp_path, data), {"s1": outturn(120)})
    assert [(p.label, p.year, p.amount) for p in st.payments] == [
        ("Interim payment (20% of the reward)", "2006/07", 88_500_00),  # 20% of £442,500
        ("Instalment 1 of 3", "2008/09", 118_000_00),
        ("Instalment 2 of 3", "2009/10", 118_000_00),
        ("Instalment 3 of 3", "2010/11", 118_000_00),
    ]


def test_without_outturns_the_payments_are_of_the_maximum(tmp_path: Path) -> None:
    st = statement(agreement(tmp_path, lpsa_data()))
    assert not st.has_outturns
    assert [p.amount for p in st.payments] == [2_655_000_00, 2_655_000_00]


def test_an_earlier_years_outturn_is_indicative(tmp_path: Path) -> None:
    data = lpsa_data()
    target = data["themes"][0]["outcomes"][0]["indicators"][0]
    target["targets"]["2006/07"] = {"without": 100, "with": 110}
    st = statement(agreement(tmp_path, data), {"s1": outturn(108, "2006/07")})
    ln = line(st, "s1")
    assert ln.state is State.INDICATIVE
    assert ln.levels is not None and ln.levels.year == "2006/07"
    assert ln.achieved == Fraction(4, 5)
    assert st.earned_final == 0 and st.earned == 354_000_00


def test_the_agreements_own_outturns_are_used_unless_actuals_are_given(tmp_path: Path) -> None:
    data = lpsa_data()
    data["themes"][0]["outcomes"][0]["indicators"][0]["outturn"] = {
        "value": 115,
        "period": FINAL,
        "provisional": True,
    }
    a = agreement(tmp_path, data)
    own = line(statement(a), "s1")
    assert own.amount == 331_875_00 and own.state is State.PROVISIONAL
    assert line(statement(a, {"s1": outturn(120)}), "s1").amount == 442_500_00


def test_targets_removed_from_reward_earn_nothing_and_are_left_out(tmp_path: Path) -> None:
    data = lpsa_data()
    data["themes"][0]["outcomes"][0]["indicators"][0]["refresh"] = "removed from reward only"
    st = statement(agreement(tmp_path, data))
    assert len(st.targets) == 11
    assert st.targets[0].share == 482_727_28  # £5,310,000 / 11, the odd pence first


def test_designated_targets_of_a_2008_laa_earn_a_fixed_sum_each(tmp_path: Path) -> None:
    a = agreement(tmp_path, laa2008())
    # NI 117 (lower is better): baseline 50, final-year target 47; an outturn of 48 is
    # two thirds of the way, so two thirds of £40,000.
    st = statement(a, {"ni117": outturn(48, "2010/11")})
    assert st.rule is Rule.PER_TARGET
    assert st.maximum == 40_000_00
    ln = line(st, "ni117")
    assert ln.levels is not None and ln.levels.start_label == "baseline"
    assert ln.achieved == Fraction(2, 3)
    assert ln.amount == 26_666_67


def test_a_pot_is_spread_across_the_targets(tmp_path: Path) -> None:
    data = laa2008()
    data["reward"] = {"total": 100_000}
    extra = dict(data["themes"][0]["outcomes"][0]["indicators"][0], id="ni117b")
    data["themes"][0]["outcomes"][0]["indicators"].append(extra)
    data["themes"][0]["outcomes"][0]["indicators"][-1]["ni"] = 118
    st = statement(agreement(tmp_path, data))
    assert st.rule is Rule.POT
    assert [t.share for t in st.targets] == [50_000_00, 50_000_00]


def test_a_2006_laa_with_a_net_budget_requirement_follows_the_lpsa_rules(tmp_path: Path) -> None:
    data = laa2006()
    data["reward"] = {"net_budget_requirement": 80_000_000}
    st = statement(agreement(tmp_path, data), {"r1": outturn(26.25, "2008/09")})
    assert st.maximum == 2_000_000_00
    ln = line(st, "r1")
    assert ln.achieved == Fraction(3, 4)  # (26.25 − 24) / (27 − 24)
    assert ln.amount == 1_500_000_00


def test_no_basis_means_no_amounts_but_the_fractions_are_shown(tmp_path: Path) -> None:
    data = lpsa_data()
    del data["reward"]["net_budget_requirement"]
    st = statement(agreement(tmp_path, data), {"s1": outturn(115)})
    assert st.rule is Rule.NONE and st.maximum is None
    assert line(st, "s1").achieved == Fraction(3, 4)
    assert line(st, "s1").amount is None
    assert st.notes


def test_apportion_and_percentages() -> None:
    assert apportion(100, [Fraction(1)] * 3) == [34, 33, 33]
    assert apportion(1000, [Fraction(1), Fraction(2), Fraction(2)]) == [200, 400, 400]
    assert sum(apportion(987_654_321, [Fraction(k) for k in range(1, 20)])) == 987_654_321
    assert format_percent(Fraction(5996, 10000)) == "59.9…%"  # never shown as the threshold
    assert format_percent(Fraction(127, 170), 2) == "74.70…%"
    assert format_percent(Fraction(3, 4)) == "75%"


def test_the_agreements_reward_schedule_prints_the_calculators_shares() -> None:
    from drafter.load import load
    from drafter.render import RenderOptions, context_for
    from drafter.reward import format_pence

    from .conftest import AGREEMENTS

    loaded = load(AGREEMENTS / "millbrook-lpsa2.yaml")
    assert loaded.agreement is not None
    part = context_for(loaded, RenderOptions()).reward
    assert part is not None
    printed = [r.cells[4].text for r in part.table.rows if not r.total]
    calculated = [format_pence(ln.share or 0) for ln in statement(loaded.agreement).lines]
    assert [p if "." in p else p + ".00" for p in printed] == calculated
