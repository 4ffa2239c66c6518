"""What real agreements printed, the documents print: no silent loss, no misstatement (issue 7).

One test or more per loss the issue lists, then one per field the format gained,
asserting on the render context (every printed string comes from there) and, where
the place in the document matters, on the text of the Word, PDF and HTML files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from drafter.context import RenderContext, Table, build_context
from drafter.load import load
from drafter.model import Agreement

from .agreement_data import laa2006, load_data, lpsa
from .conftest import AGREEMENTS, FIXTURES, Rendered
from .extract import read_docx, read_pdf

TODAY = dt.date(2008, 6, 30)
FULL = FIXTURES / "render-full-laa2008.yaml"
FULL_LPSA = FIXTURES / "render-full-lpsa.yaml"
pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def agreement_of(path: Path) -> Agreement:
    loaded = load(path)
    assert loaded.agreement is not None, loaded.problems
    return loaded.agreement


def context(a: Agreement, today: dt.date | None = TODAY, **kw: Any) -> RenderContext:
    return build_context(a, generated=dt.date(2011, 1, 1), today=today, **kw)


def of_data(tmp_path: Path, data: dict[str, Any], **kw: Any) -> RenderContext:
    loaded = load_data(tmp_path, data)
    assert loaded.agreement is not None, loaded.problems
    return context(loaded.agreement, **kw)


@pytest.fixture(scope="module")
def full() -> RenderContext:
    """The 2008–11 fixture at its second refresh, judged as at 15 April 2010."""
    return context(agreement_of(FULL), today=dt.date(2010, 4, 15))


@pytest.fixture(scope="module")
def full_lpsa() -> RenderContext:
    return context(agreement_of(FULL_LPSA))


def rows(table: Table) -> dict[str, list[str]]:
    """Body rows by their first cell."""
    return {r.cells[0].text: [c.text for c in r.cells] for r in table.rows}


def total_row(table: Table) -> list[str]:
    return [c.text for r in table.rows if r.total for c in r.cells]


def outcome_table(ctx: RenderContext, number: str) -> Table:
    return next(o.table for t in ctx.themes for o in t.outcomes if o.number == number)


def notes(ctx: RenderContext, number: str) -> str:
    return " ".join(outcome_table(ctx, number).notes)


# ---------------------------------------------------------------- un-stretched levels


def test_unstretched_levels_print_on_a_row_that_is_not_a_reward_target(full: RenderContext) -> None:
    t = outcome_table(full, "5.1")
    assert len(t.head) == 2 and [h.text for h in t.head[1][:2]] == [
        "Without agreement",
        "With agreement",
    ]
    ni117 = rows(t)["5.1.1"]
    # designated, not reward: both levels of every year, side by side
    assert ni117[4:10] == [
        "7.8%",
        "7.5%",
        "7.7% (was 7.9%)",
        "7.0% (was 7.2%)",
        "7.6% (proposed: 7.9%)",
        "6.5% (proposed: 6.9%)",
    ]


def test_a_plain_target_in_a_mixed_table_spans_the_pair_never_under_stretched(
    tmp_path: Path,
) -> None:
    # A mandatory target beside a reward target, as the 2006–09 example had them before.
    t = of_data(tmp_path, laa2006()).themes[0].outcomes[0].table
    mandatory, reward = t.rows
    assert [h.text for h in t.head[1][:2]] == ["Un-stretched", "Stretched"]
    assert [(c.text, c.span) for c in mandatory.cells[4:-1]] == [
        ("21.0", 2),
        ("22.0", 2),
        ("23.0", 2),
    ]
    assert [c.text for c in reward.cells[4:-1]] == ["—", "—", "—", "—", "24.0", "27.0"]
    assert [r.cells[-1].text for r in t.rows] == ["Mandatory\nProposed", "Reward\nProposed"]
    # Each row still fills the table's columns.
    assert sum(c.span for c in mandatory.cells) == sum(c.span for c in reward.cells)


def test_the_2006_example_prints_both_levels_on_every_row() -> None:
    ctx = context(agreement_of(AGREEMENTS / "wessex-laa-2006.yaml"))
    for theme in ctx.themes:
        for outcome in theme.outcomes:
            t = outcome.table
            assert len(t.head) == 2, outcome.heading
            for row in t.rows:
                assert all(c.span == 1 for c in row.cells), (outcome.heading, row)


def test_unstretched_levels_on_every_row_of_a_2006_agreement(tmp_path: Path) -> None:
    data = laa2006()
    mandatory = data["themes"][0]["outcomes"][0]["indicators"][0]
    mandatory["targets"] = {
        "2006/07": {"without": 21.0, "with": 22.0},
        "2007/08": {"without": 22.0, "with": 23.5},
        "2008/09": {"without": 23.0, "with": 25.0},
    }
    t = of_data(tmp_path, data).themes[0].outcomes[0].table
    first = [c.text for c in t.rows[0].cells[4:-1]]
    assert first == ["21.0", "22.0", "22.0", "23.5", "23.0", "25.0"]


def test_spanned_targets_lay_out_in_word_and_html(rendered: dict[str, Rendered]) -> None:
    from lxml import html as lxml_html

    r = rendered["render-full-laa2008"]  # NI 110 has plain targets beside NI 117's pairs
    tree = lxml_html.fromstring(r.html.read_bytes())
    row = tree.xpath("//table[@id='table-5-1']/tbody/tr[2]/td")
    assert [(td.text_content(), td.get("colspan")) for td in row[4:7]] == [
        ("52.50%", "2"),
        (row[5].text_content(), "2"),
        ("Not applicable", "2"),
    ]
    word = read_docx(r.docx)
    assert any(
        cells[:2] == ["5.1.2", row[1].text_content()] and "52.50%" in cells for cells in word.rows
    )


# ---------------------------------------------------------------- figures


def test_a_value_awaiting_confirmation_prints_the_value_who_and_by_when(
    full: RenderContext,
) -> None:
    cell = outcome_table(full, "5.1").rows[1].cells[5]
    assert cell.kind == "placeholder"
    # The value, and where the register says who confirms it by when.
    assert cell.text.startswith("54.0% (to be confirmed: R") and cell.text.endswith(", overdue)")
    label = cell.text.removeprefix("54.0% (to be confirmed: ").split(",")[0]
    entry = rows(full.register.table)[label]
    assert entry[3:] == [
        "Confirmation of the 2009/10 target (confirmation from the TellUs 3 results)",
        "Department for Children, Schools and Families",
        "September 2009 (overdue)",
    ]


def test_placeholders_are_flagged_when_overdue(full: RenderContext) -> None:
    baseline = outcome_table(full, "5.1").rows[1].cells[3]
    assert baseline.text.startswith("To follow (R") and baseline.text.endswith(", overdue)")
    label = baseline.text.removeprefix("To follow (").split(",")[0]
    assert rows(full.register.table)[label][3:] == [
        "Baseline from the TellUs survey",
        "TellUs survey team",
        "31 March 2009 (overdue)",
    ]
    early = context(agreement_of(FULL), today=dt.date(2009, 1, 1))
    assert "overdue" not in outcome_table(early, "5.1").rows[1].cells[3].text


def test_not_applicable_is_not_missing(full: RenderContext) -> None:
    cell = outcome_table(full, "5.1").rows[1].cells[6]
    assert (cell.text, cell.kind, cell.span) == ("Not applicable", "na", 2)


def test_other_text_prints_as_written(tmp_path: Path) -> None:
    data = laa2006()
    data["themes"][0]["outcomes"][0]["indicators"][0]["targets"]["2008/09"] = "New PI"
    cell = of_data(tmp_path, data).themes[0].outcomes[0].table.rows[0].cells[-2]
    assert (cell.text, cell.kind) == ("New PI", "relative")


def test_figures_keep_the_precision_they_were_written_with(full: RenderContext) -> None:
    ni110 = rows(outcome_table(full, "5.1"))["5.1.2"]
    assert ni110[4] == "52.50%"  # '52.50', quoted
    ni72 = rows(outcome_table(full, "5.1"))["5.1.3"]
    # 48 and 48.0 as written, side by side (the baselines of the table differ in period)
    assert ni72[3:6] == ["48% (2007/08)", "48.0%", "50%"]
    count = rows(outcome_table(full, "5.1.4"))["5.1.4.1"]
    assert count[3:7] == ["1,250", "1,260.5", "1,270", "1,280"]  # a whole count not padded


def test_up_to_six_places(tmp_path: Path) -> None:
    data = laa2006()
    data["themes"][0]["outcomes"][0]["indicators"][0]["baseline"] = {"value": "0.123456"}
    cell = of_data(tmp_path, data).themes[0].outcomes[0].table.rows[0].cells[3]
    assert cell.text.startswith("0.123456")


def test_a_national_indicator_takes_its_unit_from_the_bundled_data(full: RenderContext) -> None:
    # NI 72 gives no unit of its own: the National Indicator Set's % is printed.
    assert rows(outcome_table(full, "5.1"))["5.1.3"][3] == "48% (2007/08)"


def test_figure_status_and_basis_are_marked(full: RenderContext) -> None:
    baseline = rows(outcome_table(full, "5.1"))["5.1.1"][3]
    assert baseline.startswith("7.9% (2006/07; provisional; 3-year rolling average;")
    assert rows(outcome_table(full, "6.1"))["6.1.1"][-2] == "17 (indicative)"


# ---------------------------------------------------------------- funding


def test_amounts_outside_the_period_are_kept_and_shown_apart(full: RenderContext) -> None:
    f = full.funding
    assert f is not None and f.outside is not None
    assert [c.text for c in f.outside.rows[0].cells] == [
        "9.1",
        "Area Based Grant",
        "2007/08",
        "£950,000 (previous round's allocation)",
    ]
    # A year outside the period typed under 'amounts:' is shown apart too (F005 warns).
    assert [c.text for c in f.outside.rows[1].cells][2:] == [
        "2006/07",
        "£900,000 (typed in the wrong place)",
    ]
    assert len(f.outside.rows) == 2
    assert "950,000" not in " ".join(c.text for r in f.streams.rows for c in r.cells)
    # The period's known amounts only, and not the stream still to be negotiated.
    assert f.total == pytest.approx(2_600_000.5)


def test_unknown_amounts_are_not_known_and_totals_say_they_leave_them_out(
    full: RenderContext,
) -> None:
    f = full.funding
    assert f is not None
    abg = rows(f.streams)["9.1"]
    assert abg[9].startswith("Not known (R")  # the register says what, who and when
    label = abg[9].removeprefix("Not known (").split(",")[0]
    assert rows(full.register.table)[label][3] == "The 2010/11 amount: allocation letter"
    assert abg[10] == "£2,100,000 (excluding 1 amount not yet known)"
    total = [c.text for c in f.streams.rows[-1].cells]
    assert total[9:] == ["Not known", "£2,600,000.50 (excluding 2 amounts not yet known)"]
    assert f.paragraphs[0] == (
        "The agreement brings together 3 funding streams worth £2,600,000.50 over "
        "2008/09 to 2010/11, not counting the 1 still to be negotiated and excluding 2 "
        "amounts not yet known."
    )
    assert f.unknown == 2
    everything = " ".join(
        c.text
        for t in (f.by_treatment, f.by_department, f.by_theme)
        for r in t.rows
        for c in r.cells
    )
    assert "£0" not in everything and "£0" not in " ".join(f.paragraphs)


def test_streams_whose_amounts_are_all_unknown_are_never_worth_zero_pounds(
    tmp_path: Path,
) -> None:
    data = laa2006()
    data["funding"]["streams"][0]["amounts"] = {"2006/07": "not known", "2007/08": "TBC"}
    f = of_data(tmp_path, data).funding
    assert f is not None
    assert f.paragraphs[0] == (
        "The agreement brings together 1 funding stream; none of their amounts for the "
        "period is known yet."
    )
    assert [c.text for c in f.streams.rows[-1].cells][-1] == "Not known"


def test_each_amount_prints_its_status_and_each_stream_its_holder_consent_and_outcomes(
    full: RenderContext,
) -> None:
    f = full.funding
    assert f is not None
    assert [h.text for h in f.streams.head[0][:7]] == [
        "Ref",
        "Funding stream",
        "Department",
        "Treatment",
        "Held by",
        "Consent",
        "Outcomes",
    ]
    abg, yof, ssc = (rows(f.streams)[k] for k in ("9.1", "9.2", "9.3"))
    assert abg[4:10] == [
        "Fullshire Council",
        "Given",
        "6.1, 5.1",
        "£1,000,000 (confirmed by Government Office for the East Midlands)",
        "£1,100,000 (indicative; was £1,050,000 (estimate))",
        abg[9],
    ]
    assert yof[8] == "about £250,000"
    assert ssc[3:8] == [
        "To be negotiated",
        "Fullshire Police",
        "Not given",
        "6.1",
        "£300,000 (estimate)",
    ]
    text = " ".join(f.streams.notes)
    for expected in (
        "9.1: Expected underspend: £25,000.",
        "9.1: Carry-forward allowance: up to 10% into the following year",
        "9.1: Allocated by formula.",
        "9.1: Recorded in: CLG allocation letter, January 2008",
    ):
        assert expected in text
    assert (
        "The stream still to be negotiated (worth £300,000) is listed with its amounts, but "
        "not counted in the totals until it is agreed whether it will be pooled or aligned."
    ) in f.paragraphs
    assert total_row(f.by_treatment)[-1] == "£2,600,000.50 (excluding 2 amounts not yet known)"
    assert [c.text for c in f.by_treatment.rows[-1].cells] == [
        "To be negotiated (not in the total)",
        "£300,000",
        "—",
        "—",
        "£300,000",
    ]


# ---------------------------------------------------------------- reward


def test_standard_lpsa_rules_are_printed_as_the_standard_rules(tmp_path: Path) -> None:
    r = of_data(tmp_path, lpsa()).reward  # states no percentage, threshold or instalments
    assert r is not None
    facts = dict(r.facts)
    # Each standard rule once, as a term, marked as the standard rule.
    assert facts["Paid in"] == "Two instalments (the standard LPSA rule)"
    assert facts["Threshold"] == (
        "Nothing is paid for a target where less than 60% of the stretch is achieved; from "
        "there a target earns its share in proportion to the stretch achieved, up to its "
        "full share (the standard LPSA rule)."
    )
    assert facts["Maximum reward"].endswith(
        "(2.5% of the net budget requirement, the standard LPSA rule)"
    )
    text = " ".join([*r.paragraphs, *facts.values()])
    assert text.count("60%") == 1 and text.count("instalments") == 1


def test_rules_the_agreement_states_are_its_own_terms(tmp_path: Path) -> None:
    data = lpsa()
    data["reward"].update({"threshold_percent": 50, "instalments": 3, "max_percent": 2})
    r = of_data(tmp_path, data).reward
    assert r is not None
    facts = dict(r.facts)
    assert facts["Paid in"] == "3 instalments"
    assert facts["Maximum reward"].endswith("(2% of the net budget requirement)")
    assert facts["Threshold"].startswith("Nothing is paid for a target where less than 50%")
    text = " ".join([*r.paragraphs, *facts.values()])
    assert "standard" not in text and "60%" not in text


def test_2008_reward_prints_no_lpsa_defaults(full: RenderContext) -> None:
    r = full.reward
    assert r is not None
    assert "Under the standard LPSA rules" not in " ".join(r.paragraphs)
    assert dict(r.facts)["Paid in"] == "2 equal instalments, in 2011/12 and 2012/13"


def test_the_stated_number_of_reward_targets_divides_the_reward(
    full_lpsa: RenderContext,
) -> None:
    r = full_lpsa.reward
    assert r is not None
    assert dict(r.facts)["Number of stretch targets"] == "30 (3 listed in this agreement)"
    body = [row for row in r.table.rows if not row.total]
    assert [c.cells[3].text for c in body] == ["3.33%", "1.67%", "1.67%", "3.33%"]
    total = r.table.rows[-1]
    assert [(c.text, c.span) for c in total.cells[:3]] == [
        ("Total of the 3 listed", 3),
        ("10%", 1),
        ("£467,500", 1),
    ]


def test_shares_add_up_exactly_to_the_total_in_pounds_and_pence(tmp_path: Path) -> None:
    data = lpsa()
    data["themes"][0]["outcomes"] = data["themes"][0]["outcomes"][:3]
    data["reward"] = {"total": 100, "shares_of": "stated"}
    r = of_data(tmp_path, data).reward
    assert r is not None
    body = [row.cells[4].text for row in r.table.rows if not row.total]
    assert sorted(body) == ["£33.33", "£33.33", "£33.34"]
    assert r.table.rows[-1].cells[2].text == "£100"


def test_shares_divide_the_computed_maximum_or_the_stated_total(tmp_path: Path) -> None:
    data = lpsa()
    data["reward"]["total"] = 3_750_000  # the computed 2.5% is 3,750,000 too; make it rounded
    data["reward"]["net_budget_requirement"] = 150_123_456
    computed = of_data(tmp_path, data).reward
    assert computed is not None and computed.maximum == pytest.approx(3_753_086.40)
    assert computed.table.rows[-1].cells[2].text == "£3,753,086.40"
    data["reward"]["shares_of"] = "stated"
    stated = of_data(tmp_path, data).reward
    assert stated is not None and stated.maximum == 3_750_000
    assert stated.table.rows[-1].cells[2].text == "£3,750,000"
    # The maximum is the stated total; the working that differs from it, a line apart.
    facts = dict(stated.facts)
    assert facts["Maximum reward"] == "£3,750,000 (stated in the agreement)"
    assert facts[
        "Maximum reward worked out (2.5% of the net budget requirement, the standard LPSA rule)"
    ] == ("£3,753,086.40")
    assert dict(computed.facts)["Maximum reward"].startswith("£3,753,086.40 (2.5% of")


def test_rows_removed_from_reward_are_left_out_of_count_and_table(tmp_path: Path) -> None:
    data = laa2006()
    outcome = data["themes"][0]["outcomes"][0]
    second = dict(outcome["indicators"][1], id="r2")
    outcome["indicators"].append(second)
    outcome["indicators"][1]["refresh"] = "removed from reward only"
    data["reward"] = {"net_budget_requirement": 100_000_000}
    r = of_data(tmp_path, data).reward
    assert r is not None
    assert dict(r.facts)["Number of reward targets"] == "1"
    assert [row.cells[0].text for row in r.table.rows if not row.total] == ["4.1.3"]
    assert r.table.rows[-1].cells[1].text == "100%"


def test_reward_terms_as_stated(full_lpsa: RenderContext) -> None:
    r = full_lpsa.reward
    assert r is not None
    facts = r.facts
    assert ("Net budget requirement (2004/05)", "about £187,000,000") in facts
    # An LPSA's pump priming grant and credit approval are in its Schedule 3.
    assert full_lpsa.pump_priming is not None
    assert ("Pump priming grant", "up to £1,000,000") in full_lpsa.pump_priming.facts
    assert ("Unsupported Credit Approval", "£1,500,000") in full_lpsa.pump_priming.facts
    assert not any(label == "Pump priming grant" for label, _ in facts)
    assert (
        "Maximum reward stated in March 2005 (restated later)",
        "£4,700,000 — as signed",
    ) in facts
    # The restated total agrees with the working, so one line says both.
    assert (
        "Maximum reward",
        "£4,675,000 (stated on 30 June 2006; 2.5% of the net budget requirement, the "
        "standard LPSA rule) — restated after the budget correction",
    ) in facts
    assert ("Reward capped at", "£4,675,000") in facts
    assert (
        "Interim payment",
        "25% of the reward, in 2007/08, on condition: at least 60% of the stretch achieved "
        "by the end of 2006/07",
    ) in facts
    assert ("Paid in", "2 equal instalments, in 2009/10 and 2010/11") in facts
    assert ("Reward paid on performance in", "2008/09") in facts


def test_trigger_levels_stated_or_worked_out_and_latest_outturns(
    full_lpsa: RenderContext,
) -> None:
    r = full_lpsa.reward
    assert r is not None
    assert r.table.head[0][5].text == "Trigger level 2008/09"
    body = {row.cells[0].text: [c.text for c in row.cells] for row in r.table.rows}
    assert body["T1"][5:] == ["2,700 (stated)", "2,810 (2007/08; provisional)"]
    # 77.0 + 60% × (81.5 − 77.0) = 79.7; 73.0 → 78.0 gives 76.0, as precise as the levels
    assert body["T2a"][5] == "79.7% (worked out)"
    assert body["T2b"][5:] == ["76.0% (worked out)", "74.5% (2007/08)"]
    # The threshold is stated once, among the terms; the trigger levels refer to it.
    assert "the level without the agreement plus that share of the way" in " ".join(r.paragraphs)
    assert "T1: Reward trigger level for 2008/09: 2,700 (stated)" in notes(full_lpsa, "T1")
    assert "T2a: Reward trigger level for 2008/09: 79.7% (worked out)" in notes(full_lpsa, "T2")


# ---------------------------------------------------------------- the cover's date


def test_an_undated_version_is_never_dated_the_day_it_is_rendered(full: RenderContext) -> None:
    assert dict(full.cover.facts)["Date"] == "Not dated"
    assert "1 January 2011" not in " ".join(v for _, v in full.cover.facts)


# ---------------------------------------------------------------- who delivers


def test_delivery_partners_with_the_leads_marked(full: RenderContext) -> None:
    t = outcome_table(full, "5.1")
    assert t.head[0][2].text == "Delivery partners (*lead)"
    assert rows(t)["5.1.1"][2] == (
        "*Fullshire Council, Fullshire Primary Care Trust, *Fullshire Voluntary Action"
    )
    assert rows(t)["5.1.2"][2] == "*Fullshire Council"  # the outcome's lead, marked


def test_outside_bodies_are_named_where_they_own_something(full: RenderContext) -> None:
    assert full.partners.bodies is not None
    assert [c.text for c in full.partners.bodies.rows[0].cells] == [
        "Department for Children, Schools and Families",
        "government department",
    ]
    owners = {(r.cells[1].text, r.cells[4].text) for r in full.register.table.rows}
    assert ("5.1.2", "TellUs survey team") in owners  # the NI 110 baseline's placeholder


# ---------------------------------------------------------------- structure


def test_outcome_codes_sub_outcomes_and_theme_groups(full: RenderContext) -> None:
    theme = full.themes[0]
    assert theme.group == "Core themes" and full.themes[1].group == "Supporting themes"
    assert [(o.number, o.level, o.title) for o in theme.outcomes] == [
        ("5.1", 2, "Fewer young people not in education, employment or training (CYP 1)"),
        ("5.1.4", 3, "Care leavers in education, employment or training (CYP 1.1)"),
    ]
    sub = theme.outcomes[1]
    assert dict(sub.facts)["Part of"] == (
        "5.1 Fewer young people not in education, employment or training (CYP 1)"
    )
    assert [r.cells[0].text for r in sub.table.rows] == ["5.1.4.1", "5.1.4.2"]
    assert dict(theme.outcomes[0].facts)["Outcome reference"] == "CYP 1"


def test_a_statutory_target_under_an_outcome_is_printed_there_and_listed(
    full: RenderContext,
) -> None:
    assert rows(outcome_table(full, "5.1"))["5.1.3"][-1].startswith("Statutory\n")
    assert full.statutory is not None
    listed = rows(full.statutory.table)
    assert list(listed) == ["7.1", "7.2", "5.1.3"]
    # Every row of the statutory list is statutory: its last column is the status alone.
    assert full.statutory.table.head[0][-1].text == "Status"
    assert not listed["5.1.3"][-1].startswith("Statutory")
    assert "outside section 7 are set out under the outcome they serve" in (
        " ".join(full.statutory.paragraphs)
    )


# ---------------------------------------------------------------- dates and history


def test_key_dates_to_the_month_and_each_refresh_with_its_dates(full: RenderContext) -> None:
    assert full.history is not None
    key_dates, refreshes, reviews = full.history.tables
    assert rows(key_dates)["First draft"] == ["First draft", "November 2007"]
    assert rows(key_dates)["Secretary of State or ministerial sign-off"][1] == "June 2008"
    assert rows(refreshes)["2009 refresh"] == [
        "2009 refresh",
        "27 February 2009",
        "20 March 2009",
        "April 2009",
        "1 April 2009",
    ]
    assert refreshes.notes[1] == (
        "2010 refresh: Targets for the final year reviewed after the recession."
    )
    assert rows(reviews)["2008/09 mid-year"][1:4] == [
        "14 November 2008",
        "Amber",
        "Government Office for the East Midlands",
    ]


def test_changes_at_a_refresh_are_marked_with_the_refresh_reason_and_approval(
    full: RenderContext,
) -> None:
    text = notes(full, "5.1")
    assert (
        "5.1.1: Changed at 2009 refresh, on 1 March 2009: the baseline; the 2009/10 level "
        "without the agreement; the 2009/10 stretched level — approved by Government Office "
        "for the East Midlands on 20 March 2009. Reason: Baseline revised after the 2008 "
        "data cleanse."
    ) in text
    assert rows(outcome_table(full, "5.1"))["5.1.1"][3].endswith("was 8.4%)")


def test_a_pending_change_is_never_stated_as_done(full: RenderContext) -> None:
    ni117 = rows(outcome_table(full, "5.1"))["5.1.1"]
    # The agreed 6.5% stays; the proposed 6.9% is shown as proposed, awaiting approval.
    assert ni117[9] == "6.5% (proposed: 6.9%)"
    assert (
        "5.1.1: Proposed at 2010 refresh: the 2010/11 level without the agreement; the "
        "2010/11 stretched level — awaiting approval by Government Office for the East "
        "Midlands by 31 March 2010 (overdue)."
    ) in notes(full, "5.1")
    ni110, ni16 = (
        rows(outcome_table(full, "5.1"))["5.1.2"],
        rows(outcome_table(full, "6.1"))["6.1.1"],
    )
    assert ni110[-1].startswith("Designated\nAgreed; removal proposed — open: R")
    assert ni16[-1].startswith("Designated\nAgreed; removal from reward proposed — open: R")
    # Still counted: a removal awaiting approval has not happened.
    assert full.reward is not None
    assert dict(full.reward.facts)["Number of designated improvement targets"] == (
        "35 (4 listed in this agreement)"
    )


def test_a_rejected_proposal_is_recorded_with_its_values(full: RenderContext) -> None:
    assert (
        "5.1.4.2: Proposed at 2009 refresh and rejected by Government Office for the East "
        "Midlands on 20 March 2009: the 2010/11 target 75%."
    ) in notes(full, "5.1.4")
    assert rows(outcome_table(full, "5.1.4"))["5.1.4.2"][-2] == "70%"


def test_stream_and_freedom_history(full: RenderContext) -> None:
    assert full.funding is not None and full.freedoms is not None
    assert (
        "9.3: Proposed at 2010 refresh: the treatment: Aligned — awaiting approval by "
        "Government Office for the East Midlands by 31 March 2010 (overdue)."
    ) in " ".join(full.funding.streams.notes)
    assert rows(full.funding.streams)["9.3"][3] == "To be negotiated"  # not yet aligned
    f1 = dict(full.freedoms.groups[0].items[0].facts)
    assert f1["History"].startswith("Changed on 12 May 2008: the status was Requested")
    assert f1["Recorded in"] == "DCSF letter of 12 May 2008"
    assert f1["Notes"] == "Subject to an annual return."


# ---------------------------------------------------------------- provenance, area, reviews


def test_provenance_and_outturn_of_an_indicator(full: RenderContext) -> None:
    text = notes(full, "5.1")
    assert "5.1.1: Recorded in: LAA refresh table, March 2009" in text
    assert "5.1.1: Latest outturn: 7.4% (2009/10; provisional; Connexions CCIS)" in text


def test_area_profile(full: RenderContext) -> None:
    assert full.partners.area == (
        ("Type of area", "unitary"),
        ("Population", "312,400 (2007; ONS mid-year estimate)"),
        ("Households", "131,250 (2001; Census 2001)"),
        ("Index of Multiple Deprivation rank", "48 (2007; CLG)"),
        ("Rural character", "mostly urban with a rural east"),
    )


# ---------------------------------------------------------------- the register


def test_the_register_lists_what_is_open_with_where_who_and_when(full: RenderContext) -> None:
    assert full.sections[0].heading == "1 Still to be agreed"
    t = full.register.table
    first = [c.text for c in t.rows[0].cells]
    assert first == [
        "R1",
        "6.1",
        "Less serious acquisitive crime: still to be agreed",
        "Agree the data sharing protocol",
        "Fullshire Police",
        "30 September 2008 (overdue)",
    ]
    # Numbered in the order printed, R1, R2, …
    assert [r.cells[0].text for r in t.rows] == [f"R{k}" for k in range(1, len(t.rows) + 1)]
    refs = [r.cells[1].text for r in t.rows]
    assert {"5.1.1", "5.1.2", "9.1", "9.3", "10.2"} <= set(refs)
    # The columns stay short: the reason given for a change awaiting approval is a note.
    approvals = [r for r in t.rows if r.cells[2].text.endswith("change awaiting approval")]
    assert approvals and all("(" not in r.cells[3].text for r in approvals)
    assert any(n.startswith(f"{approvals[0].cells[0].text}: ") for n in t.notes)
    assert full.register.paragraphs[0].startswith(
        "11 items are still to be agreed, 7 of them overdue (as at 15 April 2010)."
    )


def test_the_register_judges_due_dates_as_validation_does() -> None:
    a = agreement_of(FULL)
    assert a.date is None
    late = context(a, today=None, **{})  # no --today and no date: the day of rendering
    assert "as at 1 January 2011" in late.register.paragraphs[0]
    dated = context(a.model_copy(update={"date": dt.date(2008, 7, 1)}), today=None)
    assert "as at 1 July 2008" in dated.register.paragraphs[0]


def test_nothing_open_is_said_in_one_line(full_lpsa: RenderContext) -> None:
    assert full_lpsa.register.table.rows == ()
    assert full_lpsa.register.paragraphs == ()
    assert full_lpsa.register.table.empty == "Nothing is still to be agreed (as at 30 June 2008)."


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_the_register_comes_first_after_the_contents(
    rendered: dict[str, Rendered], fmt: str
) -> None:
    from .test_fidelity import html_body

    r = rendered["render-full-laa2008"]
    if fmt == "docx":
        text = "\n".join(read_docx(r.docx).text)
    elif fmt == "pdf":
        text = read_pdf(r.pdf, r.ctx).text
    else:
        text = html_body(r.html)
    register = text.index("Still to be agreed")
    assert register < text.index("Vision and priorities") < text.index("Parties and partners")
    assert text.index("Agree the data sharing protocol") < text.index("Vision and priorities")


def test_the_fixture_is_valid_yaml_for_the_format() -> None:
    # The fixtures load without a problem of shape: every field they use is in the format.
    for path in (FULL, FULL_LPSA):
        loaded = load(path)
        assert loaded.agreement is not None
        assert not [p for p in loaded.problems if p.code.startswith(("S", "Y"))]
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["id"]


def test_word_never_joins_two_tables_into_one(rendered: dict[str, Rendered]) -> None:
    # An outcome with no narrative puts its facts right before its indicator table; Word
    # would join two touching tables, turning the first fact into a header row.
    import itertools
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(rendered["render-full-laa2008"].docx) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{w}body")
    assert body is not None
    tags = [child.tag for child in body]
    assert not any(a == b == f"{w}tbl" for a, b in itertools.pairwise(tags))
