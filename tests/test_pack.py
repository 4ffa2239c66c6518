"""The Government Office summary and the regional pack, as content (frozen data)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from drafter.errors import UsageError
from drafter.load import load
from drafter.model import Region, TargetType
from drafter.pack.build import parse_region
from drafter.pack.checks import Answer
from drafter.pack.region import department_label, regional_pack
from drafter.pack.summary import Summary, summarise
from drafter.pipeline import PackJob, pack
from drafter.register import register
from drafter.validate import validate

from .agreement_data import laa2008, load_data
from .conftest import AGREEMENTS, BROKEN, good_examples

TODAY = dt.date(2008, 5, 1)


def summary_of(path: Path, today: dt.date | None = None) -> Summary:
    loaded = load(path)
    assert loaded.agreement is not None
    when = today or loaded.agreement.date or TODAY
    return summarise(path.name, loaded.agreement, validate(loaded, today=when), when)


def summary_data(tmp_path: Path, data: dict[str, Any]) -> Summary:
    loaded = load_data(tmp_path, data)
    assert loaded.agreement is not None, loaded.problems
    return summarise("agreement.yaml", loaded.agreement, validate(loaded, today=TODAY), TODAY)


def test_the_register_is_the_agreements_register_and_nothing_else(example: Path) -> None:
    s = summary_of(example)
    assert s.agreement.date is not None
    assert tuple(r.entry for r in s.register) == register(s.agreement, s.agreement.date)


def test_register_rows_name_who_acts_and_where(tmp_path: Path) -> None:
    data = laa2008()
    ni117 = data["themes"][0]["outcomes"][0]["indicators"][0]
    ni117["baseline"] = {
        "missing": "baseline from the Place Survey",
        "owner": "pct",
        "due": "2008-03-31",
    }
    s = summary_data(tmp_path, data)
    (row,) = s.register
    assert row.owner == "Testborough PCT"
    # Where the agreement document prints it: its first theme is section 4 (after the
    # register of what is still to be agreed, the vision and the partners).
    assert row.where == "4.1.1"
    assert row.entry.overdue  # due 31 March, judged on 1 May
    assert s.overdue == 1


def test_readiness_groups_the_blocking_problems() -> None:
    s = summary_of(BROKEN / "broken.yaml")
    r = s.readiness
    assert not r.ready
    assert r.verdict.startswith("Not ready for sign-off:")
    assert r.error_count == sum(g.count for g in r.errors) > 10
    assert all(len(g.examples) <= 3 for g in r.errors)
    assert len({g.code for g in r.errors}) == len(r.errors)
    assert r.label.startswith("Not ready (")


def test_clean_examples_are_ready(example: Path) -> None:
    assert summary_of(example).readiness.ready


def test_headline_counts_and_target_tables() -> None:
    s = summary_of(AGREEMENTS / "northfleet-laa-2008.yaml")
    c = s.headline.counts
    assert (c.designated, c.statutory, c.local) == (35, 16, 7)
    assert [k for k, _ in s.targets] == [
        TargetType.DESIGNATED,
        TargetType.STATUTORY,
        TargetType.LOCAL,
    ]
    row = s.rows(TargetType.DESIGNATED)[0]
    assert row.final_year == "2010/11" and row.lead
    assert s.headline.government_office == "Government Office for the West Midlands"
    lpsa = summary_of(AGREEMENTS / "millbrook-lpsa2.yaml")
    assert lpsa.headline.counts.reward_targets == 12
    # The agreement's shares divide its latest stated total.
    assert lpsa.reward is not None and lpsa.reward.maximum == 5_296_750_00


def test_funding_totals_say_what_is_not_known(tmp_path: Path) -> None:
    data = laa2008()
    stream = data["funding"]["streams"][0]
    stream["amounts"]["2010/11"] = {"missing": "allocation letter", "owner": "council"}
    s = summary_data(tmp_path, data)
    assert s.funding_total.known == 2000.0
    assert s.funding_total.unknown == 1
    (pooled,) = s.by_treatment
    assert (pooled.label, pooled.known, pooled.unknown) == ("Pooled", 2000.0, 1)
    (clg,) = s.by_department
    assert clg.label == "CLG"


def test_freedoms_are_grouped_by_department() -> None:
    s = summary_of(AGREEMENTS / "northfleet-laa-2008.yaml")
    departments = [f.department for f in s.freedoms]
    assert departments == sorted(departments)
    assert s.open_freedoms == sum(1 for r in s.register if r.entry.kind == "freedom")


def test_refresh_rows_show_original_and_renegotiated_values(tmp_path: Path) -> None:
    data = laa2008()
    data["refreshes"] = [{"id": "r2009", "title": "2009 refresh"}]
    ni117 = data["themes"][0]["outcomes"][0]["indicators"][0]
    ni117["targets"]["2009/10"] = 47.5
    ni117["changes"] = [
        {
            "refresh": "r2009",
            "reason": "Recession: NEET rising nationally",
            "was": {"targets": {"2009/10": 48.0}},
            "approval": {"status": "approved", "by": "GOWM", "date": "2009-03-02"},
        },
        {
            "refresh": "r2009",
            "reason": "New survey baseline",
            "proposed": {"baseline": 51.5},
            "approval": {"status": "awaiting", "by": "GOWM", "date": "2009-04-30"},
        },
    ]
    s = summary_data(tmp_path, data)
    assert s.refresh is not None
    done, pending = s.refresh
    assert (done.what, done.original, done.renegotiated) == ("2009/10 target", "48.0%", "47.5%")
    assert not done.pending and done.state == "agreed"
    assert done.approval == "approved by GOWM on 2 March 2009"
    assert done.commentary == "Recession: NEET rising nationally"
    assert done.refresh == "2009 refresh"
    assert (pending.what, pending.original, pending.renegotiated) == (
        "baseline",
        "50.0% (2007/08)",
        "51.5%",
    )
    assert pending.pending and pending.state == "awaiting sign-off"
    # The pending change is in the register too: the same item, awaiting approval.
    assert [r.entry.kind for r in s.register] == ["approval"]


def test_no_refresh_section_without_a_refresh() -> None:
    assert summary_of(AGREEMENTS / "northfleet-laa-2008.yaml").refresh is None


def test_checklist_answers_from_the_data(tmp_path: Path) -> None:
    s = summary_data(tmp_path, laa2008())
    checks = {c.question: c for c in s.checks}
    assert checks["Voluntary and community sector involved"].answer is Answer.NO
    signed = checks["Signatories named"]
    assert signed.answer is Answer.NO  # the council signs, nobody is named
    assert "Testborough Council" in signed.detail
    statutory = checks["Statutory duties met"]
    assert statutory.answer is Answer.NO  # no partner under the duty to co-operate
    assert "duty to co-operate" in statutory.detail
    assert "not recorded" in checks["Partners consulted and consenting"].detail
    full = {c.question: c for c in summary_of(AGREEMENTS / "northfleet-laa-2008.yaml").checks}
    assert all(c.answer is Answer.YES for c in full.values())


def test_regions_by_code_or_name() -> None:
    assert parse_region("GOWM") is Region.GOWM
    assert parse_region("gowm") is Region.GOWM
    assert parse_region("West Midlands") is Region.GOWM
    assert parse_region("Government Office for the West Midlands") is Region.GOWM
    assert parse_region("the South West") is Region.GOSW
    with pytest.raises(UsageError, match="not a Government Office region"):
        parse_region("Wessex")


def test_a_pack_keeps_the_region_and_says_what_it_left_out(tmp_path: Path) -> None:
    job = PackJob((AGREEMENTS,), ("html",), tmp_path, region="GOWM")
    got = pack(job)
    assert got.written == (("GOWM", (tmp_path / "sign-off-pack-GOWM.html",)),)
    assert {p for p, _ in got.skipped} == {p for p in good_examples() if "northfleet" not in p.name}
    assert ("in GOYH, not GOWM") in dict(got.skipped).values()
    assert got.failed == ()


def test_the_pack_overview_matrix_and_freedoms() -> None:
    summaries = [summary_of(p) for p in good_examples()]
    pack = regional_pack(summaries, TODAY)
    assert pack.areas == (
        "Hartsmoor",
        "Millbrook",
        "Northfleet (v1.0)",
        "Northfleet (v2.0)",
        "Wessex",
    )
    row = pack.overview[2]
    assert row.designated == 35 and row.readiness == "Ready"
    assert row.open_items == len(pack.summaries[2].register) == 8
    # Both Northfleet versions choose 35 designated national indicators.
    assert pack.area_totals[2] >= 35 and pack.area_totals[3] >= 35
    ni117 = next(r for r in pack.matrix if r.ni == 117)
    assert ni117.marks[2:4] == ("D", "D")
    assert ni117.count == sum(1 for m in ni117.marks if m)
    # Every freedom of every area appears once, under its department.
    total = sum(len(s.freedoms) for s in summaries)
    assert sum(len(d.lines) for d in pack.freedoms) == total
    assert department_label("DH") == "Department of Health (DH)"
    assert department_label("department of health") == "Department of Health (DH)"
    assert department_label("Audit Commission") == "Audit Commission"
