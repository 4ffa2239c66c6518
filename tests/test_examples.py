"""The example agreements: the good ones are clean and complete, the broken one shows every
kind of problem, version 2 of Northfleet keeps the ids of version 1, and the refreshed
Hartsmoor agreement shows the history a real agreement kept."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from drafter.load import Loaded, load
from drafter.model import (
    Agreement,
    ApprovalStatus,
    Block,
    Generation,
    Indicator,
    Month,
    Polarity,
    RefreshStatus,
    Removal,
    Status,
    TargetType,
    Treatment,
)
from drafter.problems import Severity
from drafter.reference import national_indicators, statutory_indicators
from drafter.validate import validate

from .conftest import AGREEMENTS, BROKEN, intended_warnings

NORTHFLEET = AGREEMENTS / "northfleet-laa-2008.yaml"
NORTHFLEET_V2 = AGREEMENTS / "northfleet-laa-2008-v2.yaml"
WESSEX = AGREEMENTS / "wessex-laa-2006.yaml"
MILLBROOK = AGREEMENTS / "millbrook-lpsa2.yaml"
HARTSMOOR = AGREEMENTS / "hartsmoor-laa-2008-refresh.yaml"
MILLBROOK_ACTUALS = AGREEMENTS / "actuals" / "millbrook-lpsa2.yaml"
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


def test_the_five_good_examples_exist() -> None:
    assert sorted(p.name for p in AGREEMENTS.glob("*.yaml")) == sorted(
        p.name for p in (HARTSMOOR, NORTHFLEET, NORTHFLEET_V2, WESSEX, MILLBROOK)
    )


def test_good_example_has_no_problems_but_the_intended_warnings(example: Path) -> None:
    loaded = load(example)
    assert loaded.agreement is not None
    problems = validate(loaded)
    assert all(p.severity is Severity.WARNING for p in problems), [str(p) for p in problems]
    assert Counter(p.code for p in problems) == intended_warnings(example), [
        f"{p.code} {p.position} {p.message}" for p in problems
    ]


def test_intended_warnings_are_declared_where_meant() -> None:
    assert intended_warnings(HARTSMOOR) == Counter({"F009": 1})
    assert intended_warnings(WESSEX) == intended_warnings(NORTHFLEET) == Counter()
    assert intended_warnings(MILLBROOK) == Counter()


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
    # Totals are of the known amounts in the period; earlier rounds' allocations are apart,
    # and streams still to be negotiated are not yet in them.
    for path in (NORTHFLEET, NORTHFLEET_V2, WESSEX, HARTSMOOR):
        a = agreement(path)
        years = a.period.years
        sums: Counter[str] = Counter()
        for s in a.funding.streams:
            if s.treatment is Treatment.TO_BE_NEGOTIATED:
                continue
            sums.update({y: m.value or 0 for y, m in s.amounts.items() if y in years})
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
    assert {"pooled", "aligned", "mandatory pooled", "to be negotiated"} <= {
        str(t) for t in treatments
    }


def test_wessex_gives_unstretched_and_stretched_levels_on_every_row() -> None:
    a = agreement(WESSEX)
    rows = a.indicators()
    assert {i.type for i in rows} == {TargetType.MANDATORY, TargetType.LOCAL, TargetType.REWARD}
    for i in rows:
        assert sorted(i.targets) == a.period.years, i.id
        for year, t in i.targets.items():
            assert t.without is not None and t.target is not None, (i.id, year)
            assert t.without.value is not None and t.target.value is not None, (i.id, year)
            better = t.target.value - t.without.value
            assert better > 0 if i.polarity == Polarity.HIGHER else better < 0, (i.id, year)


def test_wessex_has_outcome_codes_and_an_earlier_allocation_shown_apart() -> None:
    a = agreement(WESSEX)
    codes = [o.code for o in a.outcomes()]
    assert all(codes) and len(set(codes)) == len(codes)
    earlier = [(s.id, y) for s in a.funding.streams for y in s.previous_amounts]
    assert earlier == [("sscf", "2005/06")]
    assert all(y in a.period.years for s in a.funding.streams for y in s.amounts)


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


def test_millbrook_states_what_real_lpsas_stated_and_no_more() -> None:
    a = agreement(MILLBROOK)
    r = a.reward
    assert r is not None
    # The standard rules are left to the documents to print as such.
    assert r.threshold_percent is None and r.instalments is None
    assert r.payment_years == ["2008/09", "2009/10"] and r.reward_year == a.period.end
    assert r.interim is not None and r.interim.percent and r.interim.condition
    assert r.pump_priming_grant is not None and r.pump_priming_grant.up_to
    # Stated at signing and restated later; the shares divide the latest statement.
    dates = [s.date for s in r.totals]
    assert len(dates) == 2 and all(isinstance(d, dt.date) for d in dates)
    assert dates == sorted(dates)  # type: ignore[type-var]
    assert r.shares_of == "stated" and r.stated_total is r.totals[-1].amount
    subs = [i for i in a.indicators() if i.type == TargetType.REWARD]
    final = a.period.end
    triggers = [i for i in subs if i.targets[final].trigger is not None]
    assert 3 <= len(triggers) < len(subs)
    for i in triggers:  # stated triggers are the standard 60% of the stretch
        t = i.targets[final]
        assert t.without and t.target and t.trigger
        assert t.without.value is not None and t.target.value is not None
        sixty = t.without.value + 0.6 * (t.target.value - t.without.value)
        assert t.trigger.value == pytest.approx(sixty), i.id
    outturns = [i.outturn for i in subs]
    assert all(o is not None and o.value is not None and o.period for o in outturns)
    assert any(o.provisional for o in outturns if o) and not all(
        o.provisional for o in outturns if o
    )
    assert a.date is not None and all(t.date and t.date < a.date for t in r.totals)


def millbrook_actuals() -> dict[str, dict[str, object]]:
    """The final outturns file for the Millbrook reward calculation, as plain data."""
    data = yaml.safe_load(MILLBROOK_ACTUALS.read_text(encoding="utf-8"))
    assert set(data) == {"agreement", "outturns"} and data["agreement"] == "millbrook-lpsa2"
    outturns: dict[str, dict[str, object]] = data["outturns"]
    return outturns


def test_actuals_name_every_sub_target_of_the_lpsa_and_nothing_else() -> None:
    outturns = millbrook_actuals()
    subs = {i.id for i in agreement(MILLBROOK).indicators() if i.type == TargetType.REWARD}
    assert set(outturns) == subs
    for iid, o in outturns.items():
        assert set(o) == {"value", "period", "provisional"}, iid
        assert isinstance(o["value"], int | float) and not isinstance(o["value"], bool), iid
        assert isinstance(o["period"], str) and o["provisional"] is False, iid


def achieved(i: Indicator, value: float, year: str) -> float:
    """Share of the stretch achieved, as a percentage (over 100 beyond the stretch)."""
    t = i.targets[year]
    assert t.without and t.target and t.without.value is not None and t.target.value is not None
    return 100 * (value - t.without.value) / (t.target.value - t.without.value)


def test_actuals_show_every_kind_of_result() -> None:
    a = agreement(MILLBROOK)
    subs = {i.id: i for i in a.indicators()}
    outturns = millbrook_actuals()
    shares = {}
    for iid, o in outturns.items():
        value = o["value"]
        assert isinstance(value, int | float)
        shares[iid] = round(achieved(subs[iid], value, a.period.end), 1)
    assert any(s == 100 for s in shares.values())  # fully achieved
    assert any(74 <= s <= 76 for s in shares.values())  # about 75% of the stretch
    assert any(s < 60 for s in shares.values())  # earns nothing
    assert any(s > 100 for s in shares.values())  # beyond the stretch, capped
    assert any(s == 60 for s in shares.values())  # exactly the threshold
    lower = [iid for iid in shares if subs[iid].polarity == Polarity.LOWER]
    assert lower and any(shares[iid] >= 60 for iid in lower)


# ---------------------------------------------------------------- Hartsmoor (2008–11, refreshed)


def test_hartsmoor_has_designated_statutory_and_local_targets() -> None:
    loaded = load(HARTSMOOR)
    a = loaded.agreement
    assert a is not None and a.generation == Generation.LAA2008
    assert a.status == Status.REFRESHED
    rows = a.indicators()
    live = [i for i in rows if i.type == TargetType.DESIGNATED and i.in_agreement]
    assert len(live) == 33 and len(designated(a)) == 34  # NI 171 removed at the 2009 refresh
    under_outcomes = [i for i in rows if i.type == TargetType.STATUTORY]
    assert len(under_outcomes) == 5 and len(a.statutory) == 11
    assert sorted(i.ni for i in [*under_outcomes, *a.statutory]) == [
        n.ni for n in statutory_indicators()
    ]
    assert sum(i.type == TargetType.LOCAL for i in rows) == 5
    assert {p.name for p in loaded.files} >= {"children.yaml", "funding.yaml", "freedoms.yaml"}
    assert 15 <= len(a.funding.streams) <= 25
    assert 10 <= len(a.freedoms) <= 15
    assert any(s.on_behalf_of and "Secretary of State" in (s.role or "") for s in a.signatories)


def test_hartsmoor_rows_show_every_refresh_status() -> None:
    a = agreement(HARTSMOOR)
    statuses = Counter(i.refresh for i in [*a.indicators(), *a.statutory])
    assert set(statuses) == set(RefreshStatus)
    assert [i.id for i in a.indicators() if i.refresh == RefreshStatus.NEW] == ["NI-40"]
    removed_from_reward = [i.id for i in a.indicators() if not i.in_reward and i.in_agreement]
    assert removed_from_reward == ["NI-154"]


def test_hartsmoor_records_renegotiated_values_at_both_refreshes() -> None:
    a = agreement(HARTSMOOR)
    refreshes = {r.id: r for r in a.refreshes}
    assert list(refreshes) == ["refresh-2009", "refresh-2010"]
    assert all(r.submitted and r.go_signoff and r.in_force for r in refreshes.values())
    rows = {i.id: i for i in [*a.indicators(), *a.statutory]}
    for iid in ("NI-152", "NI-155"):
        done = [c for c in rows[iid].changes if not c.pending]
        assert [c.refresh for c in done] == list(refreshes), iid
        for c in done:
            assert c.was is not None and c.was.targets and c.reason, iid
            assert c.approval and c.approval.status is ApprovalStatus.APPROVED
            assert c.approval.by == "gonw" and c.approval.date is not None
    assert rows["NI-152"].changes[-1].was.baseline is not None  # type: ignore[union-attr]
    approvers = {c.approval.by for i in rows.values() for c in i.changes if c.approval}
    assert approvers == {"gonw", "dcsf"} and all(a.body(b) for b in approvers)


def test_hartsmoor_has_changes_still_awaiting_approval() -> None:
    a = agreement(HARTSMOOR)
    assert a.date is not None
    pending = {i.id: c for i in a.indicators() for c in i.changes if c.pending}
    assert set(pending) == {"NI-117", "NI-4", "NI-172", "NI-186"}
    removals = {iid: c.proposed.remove for iid, c in pending.items() if c.proposed}
    assert removals["NI-186"] is Removal.AGREEMENT and removals["NI-172"] is Removal.REWARD
    rows = {i.id: i for i in a.indicators()}
    for iid, c in pending.items():
        assert c.approval and c.approval.status is ApprovalStatus.AWAITING and c.reason
        assert c.approval.by == "gonw" and c.approval.date and c.approval.date > a.date
        assert rows[iid].refresh == RefreshStatus.OUTSTANDING
        assert rows[iid].in_agreement and rows[iid].in_reward  # not applied while pending
    proposed = pending["NI-117"].proposed
    assert proposed is not None and proposed.targets["2010/11"].target is not None
    assert rows["NI-117"].targets["2010/11"] != proposed.targets["2010/11"]


def test_hartsmoor_funding_keeps_earlier_allocations_and_unknown_amounts() -> None:
    a = agreement(HARTSMOOR)
    years = a.period.years
    earlier = sorted(s.id for s in a.funding.streams for y in s.previous_amounts)
    assert earlier == ["abg-ssc", "nrf-wnf-transition"]
    assert all(y in years for s in a.funding.streams for y in s.amounts)
    amounts = [m for s in a.funding.streams for m in s.amounts.values()]
    assert {str(m.status) for m in amounts if m.status} == {"confirmed", "indicative", "estimate"}
    assert all(a.body(m.confirmed_by) for m in amounts if m.confirmed_by)
    unknown = [m for m in amounts if not m.known]
    assert len(unknown) == 1 and unknown[0].owner == "sfa" and unknown[0].due is not None
    streams = {s.id: s for s in a.funding.streams}
    wnf = streams["abg-wnf"]
    assert wnf.underspend and wnf.carry_forward and wnf.notes and wnf.provenance
    assert streams["abg-supporting-people"].changes[0].was.treatment is Treatment.ALIGNED  # type: ignore[union-attr]


def test_hartsmoor_structure_dates_and_context() -> None:
    a = agreement(HARTSMOOR)
    assert {t.group for t in a.themes} == {"Core themes", "Supporting themes"}
    outcomes = a.outcomes()
    assert all(o.code and o.code.startswith("SCS ") for o in outcomes)
    subs = [s for o in outcomes for s in o.outcomes]
    assert {s.code for s in subs} == {"SCS 1.1a", "SCS 3.1a", "SCS 3.1b"}
    children = next(t for t in a.themes if t.id == "children")
    placed = [i.ni for o in children.outcomes for s in o.tree() for i in s.indicators]
    assert {72, 92, 99, 100, 101} <= set(placed)
    assert isinstance(a.dates.cabinet, Month) and isinstance(a.dates.full_council, Month)
    assert a.dates.ministerial_signoff and a.dates.go_signoff and a.dates.in_force
    assert len(a.reviews) >= 3 and all(r.rating and r.by == "gonw" for r in a.reviews)
    assert a.area.population and a.area.households and a.area.profile
    leads = [i for i in a.indicators() if len(i.leads) > 1]
    assert leads and all(set(i.leads) <= set(i.partners) for i in leads if i.partners)


def test_hartsmoor_figures_as_the_papers_printed_them() -> None:
    a = agreement(HARTSMOOR)
    rows = [*a.indicators(), *a.statutory]
    cells = [c for i in rows for c in (i.baseline, *(t.target for t in i.targets.values())) if c]
    assert any(c.status == "provisional" for c in cells)
    assert any(c.basis == "3-year rolling average" for c in cells)
    assert any(c.basis == "academic year" for c in cells)
    awaiting = [c for c in cells if c.awaiting]
    assert len(awaiting) >= 2 and all(a.body(c.owner or "") for c in awaiting)
    assert all(c.note for c in cells if c.not_applicable)
    outturns = [i.outturn for i in rows if i.outturn]
    assert len(outturns) >= 30 and all(o.period for o in outturns)
    assert any(o.provisional for o in outturns)
    body_owned = (
        {c.owner for c in cells if c.open}
        | {o.open.owner for o in a.outcomes() if o.open}
        | {f.open.owner for f in a.freedoms if f.open}
    )
    assert {"gonw", "tellus", "place-survey", "dcsf"} <= body_owned


def test_hartsmoor_reward_is_stated_per_target_and_restated_at_each_refresh() -> None:
    a = agreement(HARTSMOOR)
    r = a.reward
    assert r is not None and r.per_target is not None and r.per_target.approximate
    earning = [i for i in a.indicators() if i.type == TargetType.DESIGNATED and i.in_reward]
    assert r.targets == len(earning) == 32
    assert [t.date for t in r.totals] == [
        dt.date(2008, 6, 30),
        dt.date(2009, 3, 31),
        dt.date(2010, 3, 26),
    ]
    assert r.per_target.value is not None
    for total, count in zip(r.totals, (33, 31, 32), strict=True):
        assert total.amount.value == count * r.per_target.value and total.note


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
