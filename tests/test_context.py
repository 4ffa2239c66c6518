"""The render context: numbering, formatting, totals and wording, part by part."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest

from drafter.config import Branding, load_branding, read_logo
from drafter.context import (
    RenderContext,
    Table,
    build_context,
    format_number,
    money,
)
from drafter.errors import DrafterError
from drafter.load import load
from drafter.model import Agreement, RefreshStatus, Signatory, Status

from .conftest import AGREEMENTS, FIXTURES

TODAY = dt.date(2008, 6, 30)
FIXTURE = FIXTURES / "render-laa2008.yaml"


def agreement_of(path: Path) -> Agreement:
    loaded = load(path)
    assert loaded.agreement is not None, loaded.problems
    return loaded.agreement


def context(agreement: Agreement | None = None, **kw: Any) -> RenderContext:
    return build_context(agreement or agreement_of(FIXTURE), generated=TODAY, **kw)


@pytest.fixture(scope="module")
def ctx() -> RenderContext:
    return context()


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def head_texts(table: Table) -> list[list[str]]:
    return [[h.text for h in row] for row in table.head]


# ---------------------------------------------------------------- cover and contents


def test_cover(ctx: RenderContext) -> None:
    c = ctx.cover
    assert c.title == "Testshire Local Area Agreement 2008–11"
    assert c.kind == "Local Area Agreement"
    assert c.period == "2008/09 to 2010/11"
    facts = dict(c.facts)
    assert facts["Government Office"] == "Government Office for the West Midlands"
    assert facts["Version"] == "0.3"
    assert facts["Status"] == "Draft"
    assert facts["Date"] == "12 May 2008"  # the agreement's own date, not the render date
    assert c.organisation == "Testshire Council"


def test_one_subtitle_keywords_and_timestamp_for_every_back_end(ctx: RenderContext) -> None:
    assert ctx.cover.subtitle == "Local Area Agreement · 2008/09 to 2010/11"
    assert ctx.keywords == "Local Area Agreement, Testshire, 2008/09 to 2010/11, version 0.3"
    assert ctx.timestamp == dt.datetime(2008, 6, 30, tzinfo=dt.UTC)  # midnight by default
    when = dt.datetime(2008, 6, 30, 14, 30, tzinfo=dt.UTC)
    assert context(timestamp=when).timestamp == when


def test_contents_numbers_every_section_in_order(ctx: RenderContext) -> None:
    assert [s.heading for s in ctx.sections] == [
        "1 Still to be agreed",
        "2 Vision and priorities",
        "3 Parties and partners",
        "4 Children and young people",
        "5 Safer communities",
        "6 Statutory education and early years targets",
        "7 Local targets",
        "8 Funding",
        "9 Freedoms and flexibilities",
        "10 Reward",
        "11 Governance and delivery",
        "12 Signatures",
    ]
    assert len({s.anchor for s in ctx.sections}) == len(ctx.sections)


def test_vision(ctx: RenderContext) -> None:
    assert ctx.vision.paragraphs == (
        "A place where everyone can get on.",
        "Second paragraph of the vision.",
    )
    assert ctx.vision.priorities == ("Narrow the gap", "Safer streets")
    assert ctx.vision.cross_cutting == ("Inclusion",)


def test_partners_marks_signatories_and_duty_to_cooperate(ctx: RenderContext) -> None:
    t = ctx.partners.table
    assert head_texts(t) == [["Partner", "Type", "Signs the agreement", "Duty to co-operate"]]
    rows = {r[0]: r[2:] for r in texts(t)}
    assert rows["Testshire Council"] == ["Yes", "Yes"]
    assert rows["Testshire Police"] == ["—", "Yes"]
    assert rows["Testshire Voluntary Action"] == ["—", "—"]


def test_partners_intro_names_the_accountable_body_not_the_branding() -> None:
    c = context(branding=Branding(organisation="Testshire Design Team"))
    # A 2008–11 LAA is made with the Secretary of State, who signs it.
    assert c.partners.paragraphs[0] == (
        "This agreement is made between Testshire Council with its partners in "
        "Testshire Partnership, and HM Government, represented by the Secretary of "
        "State for Communities and Local Government, who signs it, and by the "
        "Government Office for the West Midlands, which negotiated it."
    )
    assert c.partners.paragraphs[1].startswith(
        "The designated improvement targets are agreed with the Secretary of State"
    )
    assert c.cover.organisation == "Testshire Design Team"  # the branding still issues it


@pytest.mark.parametrize(
    ("area", "intro"),
    [
        (
            {"region": None, "lsp": None},
            "This agreement is made between Testshire Council and HM Government, "
            "represented by the Secretary of State for Communities and Local Government, "
            "who signs it.",
        ),
        (
            {"region": None, "accountable_body": None},
            "This agreement is made between Testshire with its partners in "
            "Testshire Partnership, and HM Government, represented by the Secretary of "
            "State for Communities and Local Government, who signs it.",
        ),
    ],
)
def test_partners_intro_without_a_government_office(area: dict[str, Any], intro: str) -> None:
    a = agreement_of(FIXTURE)
    a = a.model_copy(update={"area": a.area.model_copy(update=area)})
    assert context(a).partners.paragraphs[0] == intro


def test_partners_no_duty_column_before_2008() -> None:
    ctx = context(agreement_of(AGREEMENTS / "wessex-laa-2006.yaml"))
    assert "Duty to co-operate" not in head_texts(ctx.partners.table)[0]


# ---------------------------------------------------------------- themes and tables


def test_theme_and_outcome_numbering(ctx: RenderContext) -> None:
    theme = ctx.themes[0]
    assert theme.section.number == "4"
    outcome = theme.outcomes[0]
    assert outcome.heading == ("4.1 Fewer young people not in education, employment or training")
    assert [r[0] for r in texts(outcome.table)] == ["4.1.1", "4.1.2", "4.1.3"]
    facts = dict(outcome.facts)
    assert facts["Lead partner"] == "Testshire Council"
    assert facts["Contributing partners"] == (
        "Testshire Primary Care Trust, Testshire Voluntary Action"
    )


def test_indicator_table_columns_follow_the_period(ctx: RenderContext) -> None:
    t = ctx.themes[0].outcomes[0].table
    # The baselines refer to different years, so the column names none: each cell does.
    assert head_texts(t) == [
        [
            "Ref",
            "Indicator",
            "Lead partner",
            "Baseline",
            "2008/09",
            "2009/10",
            "2010/11",
            "Kind and status",
        ]
    ]
    assert sum(t.widths) == 100 and len(t.widths) == 8
    assert not t.landscape


def test_indicator_row_formats_figures_with_unit(ctx: RenderContext) -> None:
    row = texts(ctx.themes[0].outcomes[0].table)[0]
    assert row[1].startswith("NI 117: 16 to 18 year olds who are not in education")
    assert row[2] == "Testshire Council"  # lead partner, from the outcome
    # Each baseline names its period, as the column does not; every figure of the row
    # has the same number of decimals.
    assert row[3:7] == ["7.9% (2006/07)", "7.5%", "7.0%", "6.5%"]
    # The kind of target, then the refresh status (a draft's rows are proposed).
    assert row[7] == "Designated\nNew"
    assert texts(ctx.themes[0].outcomes[0].table)[2][3] == "12,345 (2007/08)"


def test_one_baseline_period_is_named_in_the_heading_only() -> None:
    a = agreement_of(FIXTURE)
    outcome = a.themes[0].outcomes[0]
    first = outcome.indicators[0]
    ctx = context(
        a.model_copy(
            update={
                "themes": [
                    a.themes[0].model_copy(
                        update={"outcomes": [outcome.model_copy(update={"indicators": [first]})]}
                    )
                ]
            }
        )
    )
    t = ctx.themes[0].outcomes[0].table
    assert head_texts(t)[0][3] == "Baseline 2006/07"
    assert texts(t)[0][3] == "7.9%"


def test_baseline_period_hidden_when_it_is_the_default() -> None:
    a = agreement_of(FIXTURE)
    ind = a.themes[0].outcomes[0].indicators[0]
    changed = ind.model_copy(
        update={
            "baseline": ind.baseline.model_copy(  # type: ignore[union-attr]
                update={"period": "2007/08"}
            )
        }
    )
    outcome = a.themes[0].outcomes[0].model_copy(update={"indicators": [changed]})
    theme = a.themes[0].model_copy(update={"outcomes": [outcome]})
    ctx = context(a.model_copy(update={"themes": [theme]}))
    assert texts(ctx.themes[0].outcomes[0].table)[0][3] == "7.9%"


def test_relative_targets_in_words_and_placeholders_shown_plainly(ctx: RenderContext) -> None:
    t = ctx.themes[0].outcomes[0].table
    row = t.rows[1]
    baseline, y1, y2, y3 = row.cells[3:7]
    # A figure still to follow points to its entry in the register, which says what,
    # who and by when; it is a placeholder, not a relative target.
    assert baseline.kind == y1.kind == "placeholder"
    register = {r.cells[0].text: [c.text for c in r.cells] for r in ctx.register.table.rows}
    ref = baseline.text.removeprefix("To follow (").removesuffix(")")
    assert baseline.text.startswith("To follow (R")
    assert register[ref][3:6] == [
        "Baseline from the TellUs survey",
        "Testshire Council",
        "31 March 2009",
    ]
    assert y1.text.startswith("To follow (R")  # a bare TBC
    assert register[y1.text[11:-1]][3] == "The 2008/09 target"
    assert y2.kind == "relative"
    assert y2.text == "keep the gap to the national rate at 2.2 points"
    assert (y3.text, y3.kind) == ("70.25%", "number")  # NI 110: % from the reference data


def test_local_indicator_marked_with_unit_and_open_note(ctx: RenderContext) -> None:
    t = ctx.themes[0].outcomes[0].table
    row = texts(t)[2]
    # The kind of target has its own line in the last column, not a suffix.
    assert row[1] == "Young people using youth centres (count)"
    assert row[3:7] == ["12,345 (2007/08)", "13,000", "14,000", "15,000"]
    assert row[7].startswith("Local\nProposed — open: R")
    # The open item is in the register at the front, not in a note under the table.
    assert t.notes == ()
    open_item = next(r for r in ctx.register.table.rows if r.cells[1].text == "4.1.3")
    assert open_item.cells[0].text == row[7].rsplit(" ", 1)[1]
    assert open_item.cells[3].text == "Definition to be confirmed"


def test_reward_table_without_and_with_agreement_lpsa() -> None:
    ctx = context(agreement_of(AGREEMENTS / "millbrook-lpsa2.yaml"))
    t = next(o.table for th in ctx.themes for o in th.outcomes)
    first, second = head_texts(t)
    # Every baseline refers to 2003/04, so the heading says so once.
    assert first[:4] == ["Ref", "Indicator", "Lead partner", "Baseline 2003/04"]
    assert [h.colspan for h in t.head[0][4:7]] == [2, 2, 2]
    # The reward year is marked, and the size of the stretch in it has a column.
    assert first[4:] == ["2005/06", "2006/07", "2007/08: reward year", "Stretch", "Status"]
    assert second == ["Without the Local PSA", "With the Local PSA"] * 3
    assert t.landscape
    assert all(len(r.cells) == 12 for r in t.rows)
    assert [c.text for c in t.rows[0].cells[-2:]] == ["−420", "Agreed"]  # 2,520 less 2,940
    assert ctx.targets is not None and ctx.targets.landscape


def test_reward_table_unstretched_and_stretched_laa2006() -> None:
    ctx = context(agreement_of(AGREEMENTS / "wessex-laa-2006.yaml"))
    tables = [o.table for th in ctx.themes for o in th.outcomes if len(o.table.head) == 2]
    assert tables, "the 2006 example has reward targets"
    assert head_texts(tables[0])[1][:2] == ["Un-stretched", "Stretched"]
    assert ctx.themes[0].label is not None and ctx.themes[0].label.startswith("Block: ")


def test_statutory_targets(ctx: RenderContext) -> None:
    assert ctx.statutory is not None
    rows = texts(ctx.statutory.table)
    assert rows[0][0] == "6.1"
    assert rows[0][1].startswith("NI 72: ")
    assert rows[0][3:7] == ["48%", "50%", "52%", "—"]  # no target for 2010/11 yet
    northfleet = context(agreement_of(AGREEMENTS / "northfleet-laa-2008.yaml"))
    assert northfleet.statutory is not None and len(northfleet.statutory.table.rows) == 16


def test_local_targets_list_points_to_the_full_row(ctx: RenderContext) -> None:
    assert ctx.local is not None
    assert texts(ctx.local.table) == [
        ["4.1.3", "Young people using youth centres", "Testshire Council", "12,345", "15,000"]
    ]


# ---------------------------------------------------------------- funding, freedoms, reward


def test_funding_totals_add_up(ctx: RenderContext) -> None:
    f = ctx.funding
    assert f is not None
    rows = texts(f.streams)
    assert rows[0] == [
        "8.1",
        "Area Based Grant",
        "CLG",
        "Area Based Grant",
        "—",  # held by: not given
        "—",  # consent: not needed for Area Based Grant, and not recorded
        "5.1",
        "£1,000,000",
        "£1,100,000",
        "£1,200,000",
        "£3,300,000",
    ]
    assert rows[1][4:7] == ["—", "Not recorded", "4.1, 5.1"]  # pooled: consent is needed
    assert rows[2][7:] == ["£300,000", "—", "—", "£300,000"]
    assert rows[-1] == [
        "",
        "Total",
        "",
        "",
        "",
        "",
        "",
        "£1,550,000.50",
        "£1,350,000",
        "£1,200,000",
        "£4,100,000.50",
    ]
    assert f.streams.rows[-1].total
    assert f.total == pytest.approx(4_100_000.5)
    for table in (f.by_treatment, f.by_department, f.by_theme):
        assert texts(table)[-1][-1] == "£4,100,000.50"
    # A year in which no stream of the group has an amount is a dash, never "£0".
    assert texts(f.by_treatment)[:3] == [
        ["Pooled", "£250,000.50", "£250,000", "—", "£500,000.50"],
        ["Aligned", "£300,000", "—", "—", "£300,000"],
        ["Area Based Grant", "£1,000,000", "£1,100,000", "£1,200,000", "£3,300,000"],
    ]
    # A stream serving two themes counts once, in a row naming both, never wholly under
    # the first; a note says so.
    by_theme = {r[0]: r[-1] for r in texts(f.by_theme)}
    assert by_theme == {
        "5 Safer communities": "£3,300,000",
        "Shared between 4 Children and young people and 5 Safer communities": "£500,000.50",
        "Not linked to a theme": "£300,000",
        "Total": "£4,100,000.50",
    }
    assert f.by_theme.notes[0].startswith(
        "A stream that serves outcomes in more than one theme is not divided between them"
    )


def test_stated_totals_without_streams_make_no_funding_section() -> None:
    # Not "brings together 0 funding streams worth £0"; later sections close up.
    base = agreement_of(FIXTURE)
    funding = base.funding.model_copy(update={"streams": [], "stated_totals": {"2008/09": 1.0}})
    c = context(base.model_copy(update={"funding": funding}))
    assert c.funding is None
    assert "Funding" not in [s.title for s in c.sections]
    assert [s.number for s in c.sections] == [str(n) for n in range(1, len(c.sections) + 1)]
    assert c.freedoms is not None and c.freedoms.section.number == "8"  # was 9


def test_streams_without_amounts_say_so_and_never_print_zero_pounds() -> None:
    base = agreement_of(FIXTURE)
    streams = [s.model_copy(update={"amounts": {}}) for s in base.funding.streams]
    funding = base.funding.model_copy(update={"streams": streams})
    f = context(base.model_copy(update={"funding": funding})).funding
    assert f is not None
    assert texts(f.streams)[-1][7:] == ["—", "—", "—", "—"]
    assert f.paragraphs[0] == (
        "The agreement brings together 3 funding streams; no amounts have been given for "
        "the period yet."
    )


def test_funding_totals_of_the_largest_example_match_the_model() -> None:
    a = agreement_of(AGREEMENTS / "northfleet-laa-2008.yaml")
    f = context(a).funding
    assert f is not None
    expected = sum(
        s.amounts[y].value or 0 for s in a.funding.streams for y in a.period.years if y in s.amounts
    )
    assert f.total == pytest.approx(expected)
    assert texts(f.streams)[-1][-1] == money(expected)
    assert len(f.streams.rows) == len(a.funding.streams) + 1


def test_freedoms_grouped_by_status_with_refusal_reason(ctx: RenderContext) -> None:
    f = ctx.freedoms
    assert f is not None
    # Numbered in the order printed, group by group.
    assert [(g.title, [i.heading for i in g.items]) for g in f.groups] == [
        ("Agreed", ["9.1 Pool youth funding"]),
        ("Under discussion", ["9.2 Share data with police"]),
        ("Refused", ["9.3 Relax housing rules"]),
        ("Other answers", ["9.4 Use capital flexibly"]),
    ]
    # The summary comes first: reference, request, department, status, outcomes.
    assert head_texts(f.summary) == [["Ref", "Request", "Department", "Status", "Outcomes"]]
    assert [r[0] for r in texts(f.summary)] == ["9.1", "9.2", "9.3", "9.4"]
    assert texts(f.summary)[0][2:] == ["DCSF", "Agreed", "4.1"]
    refused = dict(f.groups[2].items[0].facts)
    assert refused["Reason for refusal"] == "Needs primary legislation change that is not planned"
    # The records hold what the summary cannot: no status, department or outcome rows.
    agreed = dict(f.groups[0].items[0].facts)
    assert not {"Status", "Department", "Outcomes served"} & set(agreed)
    open_item = dict(f.groups[1].items[0].facts)
    assert open_item["Still to be agreed"].startswith("Data sharing protocol (R")


def test_reward_laa2008_per_designated_target(ctx: RenderContext) -> None:
    r = ctx.reward
    assert r is not None
    facts = dict(r.facts)
    assert facts["Number of designated improvement targets"] == "3"
    assert facts["Reward available per designated improvement target"] == "£40,000"
    assert facts["Maximum reward grant"] == "£120,000 (3 × £40,000)"
    assert r.maximum == 120_000


def edit_indicators(a: Agreement, changes: dict[str, dict[str, Any]]) -> Agreement:
    """The agreement with some indicators' fields changed, by indicator id."""
    themes = [
        theme.model_copy(
            update={
                "outcomes": [
                    o.model_copy(
                        update={
                            "indicators": [
                                i.model_copy(update=changes.get(i.id, {})) for i in o.indicators
                            ]
                        }
                    )
                    for o in theme.outcomes
                ]
            }
        )
        for theme in a.themes
    ]
    return a.model_copy(update={"themes": themes})


def test_reward_laa2008_leaves_out_targets_removed_at_refresh() -> None:
    a = edit_indicators(
        agreement_of(FIXTURE),
        {
            "ni110": {"refresh": RefreshStatus.REMOVED},
            "ni16": {"refresh": RefreshStatus.REMOVED_FROM_REWARD},
        },
    )
    r = context(a).reward
    assert r is not None
    facts = dict(r.facts)
    assert facts["Number of designated improvement targets"] == "1"
    assert facts["Maximum reward grant"] == "£40,000 (1 × £40,000)"
    assert r.maximum == 40_000


def test_reward_laa2008_without_a_sum_per_target_says_so() -> None:
    a = agreement_of(FIXTURE)
    assert a.reward is not None
    a = a.model_copy(update={"reward": a.reward.model_copy(update={"per_target": None})})
    r = context(a).reward
    assert r is not None
    assert not r.table.rows
    assert r.table.empty == "The reward per designated improvement target is not yet stated."
    assert "Maximum reward grant" not in dict(r.facts)


STATED = 5_296_750  # Millbrook's maximum reward as restated, which its shares divide


def test_reward_lpsa_leaves_out_sub_targets_removed_at_refresh() -> None:
    a = agreement_of(AGREEMENTS / "millbrook-lpsa2.yaml")
    targets = [o for o in a.outcomes() if any(i.type == "reward" for i in o.indicators)]
    # t01 has one sub-target, so removing it removes the target; t02 keeps t02-a only.
    a = edit_indicators(
        a,
        {
            "t01-a": {"refresh": RefreshStatus.REMOVED},
            "t02-b": {"refresh": RefreshStatus.REMOVED_FROM_REWARD},
        },
    )
    r = context(a).reward
    assert r is not None
    facts = dict(r.facts)
    n = len(targets) - 1
    assert facts["Number of stretch targets"] == str(n)
    assert facts["Share per target"] == f"{money(round(STATED / n, 2))}, equal shares"
    body = {row.cells[0].text: row for row in r.table.rows if not row.total}
    assert "T1" not in body and "T2b" not in body
    # The whole target's share, to the penny (the pennies left over by rounding go to
    # the shares that lost most by it, so the rows add up exactly).
    share = STATED / n
    assert body["T2a"].cells[4].text in (
        money(math.floor(share * 100) / 100),
        money(math.ceil(share * 100) / 100),
    )
    total = r.table.rows[-1]
    assert [c.text for c in total.cells[1:3]] == ["100%", "£5,296,750"]


def test_reward_lpsa_total_row_adds_up_the_shares_given() -> None:
    a = agreement_of(AGREEMENTS / "millbrook-lpsa2.yaml")
    subs = [i.id for i in a.indicators() if i.type == "reward"]
    # Shares that add up to 90% (an error, rendered with --force): the total says so.
    shares = {sid: {"reward_share": 90 / len(subs)} for sid in subs}
    r = context(edit_indicators(a, shares), incomplete=True).reward
    assert r is not None
    assert "Equal share per target" not in dict(r.facts)
    total = r.table.rows[-1]
    assert total.total
    assert [c.text for c in total.cells[1:3]] == ["90%", "£4,767,075"]


def test_reward_lpsa_max_share_and_threshold() -> None:
    a = agreement_of(AGREEMENTS / "millbrook-lpsa2.yaml")
    r = context(a).reward
    assert r is not None
    facts = dict(r.facts)
    assert facts["Net budget requirement (2004/05)"] == "£212,000,000"
    # The shares divide the total as restated (shares_of: stated): it is the maximum;
    # the computed 2.5% and the first statement are figures of their own.
    assert facts["Maximum reward"].startswith("£5,296,750 (stated on 14 November 2005)")
    assert facts["Maximum reward worked out (2.5% of the net budget requirement)"] == ("£5,300,000")
    assert facts["Maximum reward stated on 18 March 2005 (restated later)"].startswith(
        "£5,300,000 — As signed"
    )
    targets = [o for o in a.outcomes() if any(i.type == "reward" for i in o.indicators)]
    assert facts["Number of stretch targets"] == str(len(targets))
    assert facts["Share per target"] == f"{money(round(STATED / len(targets), 2))}, equal shares"
    # The example leaves the 60% threshold to the standard rules: printed as that, once.
    assert facts["Threshold"].startswith(
        "Nothing is paid for a target where less than 60% of the stretch is achieved"
    )
    assert facts["Threshold"].endswith("(the standard LPSA rule).")
    everything = " ".join([*r.paragraphs, *(v for _, v in r.facts)])
    assert everything.count("60%") == 1
    body = [row for row in r.table.rows if not row.total]
    assert len(body) == sum(1 for o in targets for i in o.indicators if i.type == "reward")
    total = r.table.rows[-1]
    assert total.total and total.cells[2].text == "£5,296,750"
    # Each sub-target's share: the target's equal share split equally again.
    first = targets[0]
    subs = [i for i in first.indicators if i.type == "reward"]
    share = STATED / len(targets) / len(subs)
    assert body[0].cells[4].text in (
        money(math.floor(share * 100) / 100),
        money(math.ceil(share * 100) / 100),
    )


# ---------------------------------------------------------------- governance, signatures, marks


def test_governance(ctx: RenderContext) -> None:
    g = ctx.governance
    assert [s.title for s in g.subsections] == [
        "Partnership structure",
        "Performance management",
        "Risk",
    ]
    assert g.delivery is not None
    assert texts(g.delivery)[0][2:] == ["Jo Bloggs, Head of 14-19", "Plan agreed; First review"]


def test_signature_blocks(ctx: RenderContext) -> None:
    blocks = ctx.signatures.blocks
    # In a 2008–11 LAA, government signs as the Secretary of State.
    assert [b.party for b in blocks] == [
        "For Testshire Council",
        "For the Secretary of State for Communities and Local Government (HM Government)",
    ]
    assert (blocks[0].name, blocks[0].date, blocks[0].signed) == ("A Leader", "", False)
    assert (blocks[1].date, blocks[1].signed) == ("30 June 2008", True)


@pytest.mark.parametrize(
    ("path", "government"),
    [
        (FIXTURE, "For the Secretary of State for Communities and Local Government"),
        (AGREEMENTS / "millbrook-lpsa2.yaml", "For HM Government"),
        (AGREEMENTS / "wessex-laa-2006.yaml", "For HM Government"),
    ],
)
def test_government_signatory_named_as_on_blank_blocks(path: Path, government: str) -> None:
    # A listed signatory for no partner signs for government, worded as the blank
    # block of the same generation is.
    a = agreement_of(path)
    blank = context(a.model_copy(update={"signatories": []})).signatures.blocks[-1]
    listed = a.model_copy(update={"signatories": [Signatory(name="A Minister")]})
    [block] = context(listed).signatures.blocks
    assert block.party == blank.party == government


def test_signature_blocks_default_to_signing_partners() -> None:
    a = agreement_of(FIXTURE).model_copy(update={"signatories": []})
    blocks = context(a).signatures.blocks
    assert [b.party for b in blocks] == [
        "For Testshire Council",
        "For Testshire Primary Care Trust",
        "For the Secretary of State for Communities and Local Government",
    ]
    assert all(b.name == "" and not b.signed for b in blocks)


def test_draft_and_incomplete_marks(ctx: RenderContext) -> None:
    assert ctx.draft and not ctx.incomplete and ctx.watermark == "DRAFT"
    assert ctx.cover.notice is not None and ctx.cover.notice.startswith("DRAFT")
    signed = context(agreement_of(FIXTURE).model_copy(update={"status": Status.SIGNED}))
    assert not signed.draft and signed.watermark is None and signed.cover.notice is None
    forced = context(incomplete=True)
    assert forced.watermark == "INCOMPLETE"
    assert forced.cover.notice is not None and forced.cover.notice.startswith("INCOMPLETE")


def test_running_header_and_footer(ctx: RenderContext) -> None:
    assert ctx.running.header_left == "Testshire Local Area Agreement 2008–11"
    assert ctx.running.header_right == "Version 0.3 · Draft"
    assert ctx.running.footer_left == "Testshire Council"
    assert ctx.running.page.format(page=2, pages=9) == "Page 2 of 9"
    branded = context(branding=Branding(footer="Testshire Partnership"))
    assert branded.running.footer_left == "Testshire Partnership"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (52.5, "%", "52.5%"),
        (1234, None, "1,234"),
        (1234567.0, "£", "£1,234,567"),
        (7.0, "%", "7%"),
        (0.125, None, "0.125"),
        (0.1234567, None, "0.123457"),  # at most six places
        (2.5, "% points", "2.5 points"),  # a gap: never "2.5%"
        (1.0, "% points", "1 point"),
        (-1.0, "% points", "-1 point"),
        (21.4, "rate per 1,000 population", "21.4"),  # named after the title instead
    ],
)
def test_format_number(value: float, unit: str | None, text: str) -> None:
    assert format_number(value, unit) == text


def test_statutory_targets_take_their_unit_from_the_reference_data() -> None:
    # The northfleet example gives each statutory target its own unit; without one the
    # bundled National Indicator Set supplies it, so the % sign is not lost.
    a = agreement_of(AGREEMENTS / "northfleet-laa-2008.yaml")
    bare = [i.model_copy(update={"unit": None}) for i in a.statutory]
    ctx = context(a.model_copy(update={"statutory": bare}))
    assert ctx.statutory is not None
    rows = {r[1].split(":")[0]: r for r in texts(ctx.statutory.table)}
    assert rows["NI 75"][1].endswith("(Threshold)")  # a % is not named in the title
    # Every statutory baseline is of 2006/07: the column says so, once.
    assert head_texts(ctx.statutory.table)[0][3] == "Baseline 2006/07"
    assert rows["NI 75"][3:7] == ["42.1%", "47.0%", "50.0%", "53.0%"]
    assert rows["NI 87"][3:7] == ["6.8%", "6.0%", "5.4%", "5.0%"]
    figures = [cell.split(" ")[0] for r in rows.values() for cell in r[3:7] if cell != "—"]
    assert len(rows) == 16 and all(f.endswith("%") for f in figures), figures


def test_gap_and_rate_indicators_print_with_their_unit() -> None:
    a = agreement_of(FIXTURE)
    ind = a.themes[0].outcomes[0].indicators[0]  # NI 117, with its own unit '%'
    gap = ind.model_copy(update={"ni": 102, "unit": None})
    rate = ind.model_copy(update={"ni": 112, "unit": None})
    outcome = a.themes[0].outcomes[0].model_copy(update={"indicators": [gap, rate]})
    theme = a.themes[0].model_copy(update={"outcomes": [outcome]})
    first, second = texts(
        context(a.model_copy(update={"themes": [theme]})).themes[0].outcomes[0].table
    )
    assert first[1].startswith("NI 102: Achievement gap") and "points" not in first[1]
    assert first[3:7] == ["7.9 points", "7.5 points", "7.0 points", "6.5 points"]
    assert second[1].endswith("Under 18 conception rate (rate per 1,000 females aged 15–17)")
    assert second[3:7] == ["7.9", "7.5", "7.0", "6.5"]


def test_every_example_builds() -> None:
    for path in sorted(AGREEMENTS.glob("*.yaml")):
        ctx = context(agreement_of(path))
        assert ctx.sections[0].title == "Still to be agreed"
        lpsa = ctx.generation == "lpsa"
        assert ctx.sections[1].title == ("Introduction" if lpsa else "Vision and priorities")
        assert ctx.lang == "en-GB"


# ---------------------------------------------------------------- branding


def test_branding_defaults_without_a_file(tmp_path: Path) -> None:
    assert load_branding(tmp_path) == Branding()


def test_branding_from_drafter_toml(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "drafter.toml").write_text(
        '[branding]\norganisation = "Testshire Partnership"\nlogo = "logo.png"\n'
        'primary_colour = "#336699"\naccent_colour = "#abc"\nfooter = "Testshire"\n',
        encoding="utf-8",
    )
    b = load_branding(tmp_path / "drafter.toml")
    assert b == Branding(
        organisation="Testshire Partnership",
        logo=read_logo((tmp_path / "logo.png").resolve()),
        primary="#336699",
        accent="#AABBCC",
        footer="Testshire",
    )
    assert context(branding=b).cover.organisation == "Testshire Partnership"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[branding]\ncolour = "#123456"\n', "unknown setting(s): colour"),
        ('[branding]\nprimary_colour = "blue"\n', "is not a colour"),
        ('[branding]\nlogo = "missing.png"\n', "logo file missing.png does not exist"),
        ("[branding\n", "not valid TOML"),
    ],
)
def test_branding_mistakes_are_explained(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "drafter.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DrafterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_branding(tmp_path)
