"""What the agreement document holds, part by part, as a Government Office reads it (issue 10).

Checked on the examples, on the render context (every printed string comes from
there) and, where it matters what a reader sees, on the text of the Word, PDF and
HTML files: the register's numbered entries and the short markers pointing to them;
baseline headings that do not contradict their cells; the kind and status of every
row; funding streams shared between themes; the freedoms' summary, numbering and
departments; reward terms stated once; and each generation's own layout — an LPSA's
schedules, the Secretary of State in a 2008–11 LAA, first-round tables headed by
their block.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.context import RenderContext, Table, build_context
from drafter.context.parts import Cell, Row
from drafter.context.wording import DEPARTMENT_NAMES, paragraphs
from drafter.load import load

from .conftest import AGREEMENTS, FIXTURES, Rendered, good_examples
from .extract import read_docx, read_pdf
from .test_fidelity import html_body

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
TODAY = dt.date(2008, 6, 30)
LABEL = re.compile(r"\bR(\d+)\b")


def context_of(path: Path) -> RenderContext:
    loaded = load(path)
    assert loaded.agreement is not None
    return build_context(loaded.agreement, generated=TODAY, today=TODAY)


@pytest.fixture(scope="module")
def contexts() -> dict[str, RenderContext]:
    paths = [
        *good_examples(),
        FIXTURES / "render-full-laa2008.yaml",
        FIXTURES / "render-full-lpsa.yaml",
    ]
    return {p.stem: context_of(p) for p in paths}


def tables(ctx: RenderContext) -> Iterator[Table]:
    """The indicator tables: every outcome's, the statutory and local targets'."""
    for theme in ctx.themes:
        for o in theme.outcomes:
            yield o.table
    for part in (ctx.statutory, ctx.local):
        if part is not None:
            yield part.table


def texts(ctx: RenderContext, r: Rendered) -> dict[str, str]:
    """The body text of each format."""
    return {
        "docx": "\n".join(read_docx(r.docx).text),
        "pdf": " ".join(read_pdf(r.pdf, r.ctx).text.split()),
        "html": " ".join(html_body(r.html).split()),
    }


def cells(table: Table) -> Iterator[tuple[Row, Cell]]:
    for row in table.rows:
        for cell in row.cells:
            yield row, cell


EXAMPLES = [p.stem for p in good_examples()]


# ---------------------------------------------------------------- the register and its markers


@pytest.mark.parametrize("stem", EXAMPLES)
def test_every_awaited_figure_points_to_a_numbered_register_entry(
    contexts: dict[str, RenderContext], stem: str
) -> None:
    ctx = contexts[stem]
    register = ctx.register.table
    numbers = [r.cells[0].text for r in register.rows]
    assert numbers == [f"R{k}" for k in range(1, len(numbers) + 1)]
    for table in tables(ctx):
        for _, cell in cells(table):
            if cell.kind != "placeholder":
                continue
            # Short: a marker, not a sentence (beside any earlier values it replaced).
            marker = re.sub(r"was [^;]*; ", "", cell.text)
            assert len(marker) <= 45, cell.text
            labels = LABEL.findall(cell.text)
            assert labels and all(f"R{n}" in numbers for n in labels), cell.text
            assert "Missing:" not in cell.text and " — from " not in cell.text


def test_the_register_holds_what_its_markers_leave_out(contexts: dict[str, RenderContext]) -> None:
    ctx = contexts["northfleet-laa-2008"]
    entries = {r.cells[0].text: [c.text for c in r.cells] for r in ctx.register.table.rows}
    markers = [
        (row.cells[0].text, cell.text)
        for table in tables(ctx)
        for row, cell in cells(table)
        if cell.kind == "placeholder"
    ]
    assert markers, "the example has figures still to follow"
    for ref, text in markers:
        label = f"R{LABEL.findall(text)[0]}"
        where, _, what, who, when = entries[label][1:]
        assert where == ref  # the entry points back to the row
        assert what and who != "—" and when


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_markers_and_register_numbers_print_in_every_format(
    rendered: dict[str, Rendered], fmt: str
) -> None:
    r = rendered["northfleet-laa-2008"]
    text = texts(r.ctx, r)[fmt]
    first = r.ctx.register.table.rows[0]
    assert "To follow (R" in text
    assert f"{first.cells[0].text} {first.cells[1].text}" in " ".join(text.split())


def test_reasons_for_changes_awaiting_approval_are_notes_under_the_register(
    contexts: dict[str, RenderContext],
) -> None:
    t = contexts["hartsmoor-laa-2008-refresh"].register.table
    approvals = [r for r in t.rows if r.cells[2].text.endswith("change awaiting approval")]
    assert len(approvals) == 4
    for row in approvals:
        assert row.cells[3].text.startswith("Approval of the proposed")
        assert len(row.cells[3].text) < 60  # the reason is not in the column
    assert [n.split(":")[0] for n in t.notes] == [r.cells[0].text for r in approvals]


def test_history_keeps_short_columns_with_reviews_as_notes(
    contexts: dict[str, RenderContext],
) -> None:
    history = contexts["hartsmoor-laa-2008-refresh"].history
    assert history is not None
    reviews = next(t for t in history.tables if t.id == "table-reviews")
    assert [h.text for h in reviews.head[0]] == ["Period reviewed", "Date", "Rating", "Reviewed by"]
    assert len(reviews.notes) == len(reviews.rows) == 4
    assert all(len(c.text) < 45 for _, c in cells(reviews))


# ---------------------------------------------------------------- indicator tables


@pytest.mark.parametrize("stem", [*EXAMPLES, "render-full-laa2008", "render-full-lpsa"])
def test_a_baseline_heading_never_contradicts_its_cells(
    contexts: dict[str, RenderContext], stem: str
) -> None:
    # 'Baseline 2007/08' only over cells that all refer to 2007/08 (and so do not say
    # it); otherwise 'Baseline', and each figure names its own period.
    period = re.compile(r"\b(\d{4}/\d{2}|\d{4})\b")
    for table in tables(contexts[stem]):
        heads = [h for row in table.head for h in row]
        [baseline] = [h for h in heads if h.text.startswith("Baseline")]
        column = [h.text for h in table.head[0]].index(baseline.text)
        figures = [
            row.cells[column]
            for row in table.rows
            if row.cells[column].kind in ("number", "") and row.cells[column].text[:1].isdigit()
        ]
        if baseline.text == "Baseline":
            for cell in figures:
                assert period.search(cell.text.split("(", 1)[-1]), (table.id, cell.text)
        else:
            year = baseline.text.removeprefix("Baseline ")
            for cell in figures:
                assert f"({year}" not in cell.text, (table.id, cell.text)


@pytest.mark.parametrize("stem", ["northfleet-laa-2008", "hartsmoor-laa-2008-refresh"])
def test_every_row_carries_its_kind_of_target_and_status(
    contexts: dict[str, RenderContext], stem: str
) -> None:
    ctx = contexts[stem]
    kinds = {"Designated", "Statutory", "Local"}
    statuses = {"Agreed", "Proposed", "New", "Refreshed", "No change", "Removed"}
    statuses |= {"Removed from reward only", "Outstanding"}
    seen = set()
    for theme in ctx.themes:
        for o in theme.outcomes:
            assert o.table.head[0][-1].text == "Kind and status"
            for row in o.table.rows:
                kind, status = row.cells[-1].text.split("\n")
                assert kind in kinds
                assert re.split(r"[;—]", status)[0].strip() in statuses, status
                seen.add(kind)
                # The kind is no longer a bracketed suffix of the indicator's title.
                assert not row.cells[1].text.endswith(("target)", "target; count)"))
    assert {"Designated", "Local"} <= seen


def test_a_draft_row_is_proposed_and_a_signed_one_agreed(
    contexts: dict[str, RenderContext],
) -> None:
    def statuses(stem: str) -> set[str]:
        return {
            row.cells[-1].text.split("\n")[1].split(" ")[0]
            for t in contexts[stem].themes
            for o in t.outcomes
            for row in o.table.rows
        }

    assert statuses("northfleet-laa-2008") == {"Proposed"}
    assert statuses("northfleet-laa-2008-v2") == {"Agreed"}


def test_first_round_tables_are_headed_by_their_block(contexts: dict[str, RenderContext]) -> None:
    ctx = contexts["wessex-laa-2006"]
    for theme, code in zip(ctx.themes, ["CYP", "SSC", "HCOP", "EDE"], strict=True):
        for o in theme.outcomes:
            assert o.table.head[0][0].text == code
            kinds = {row.cells[-1].text.split("\n")[0] for row in o.table.rows}
            assert kinds <= {"Mandatory", "Local", "Reward"}


# ---------------------------------------------------------------- funding


@pytest.mark.parametrize("stem", ["wessex-laa-2006", "northfleet-laa-2008", "render-full-laa2008"])
def test_streams_serving_several_themes_are_counted_once_in_a_row_naming_them(
    contexts: dict[str, RenderContext], stem: str
) -> None:
    f = contexts[stem].funding
    assert f is not None
    rows = {r.cells[0].text: r for r in f.by_theme.rows}
    shared = [k for k in rows if k.startswith("Shared between ")]
    assert shared, "the example has a stream serving two themes"
    assert f.by_theme.notes and "not divided between them" in f.by_theme.notes[0]
    # The rows still add up to the schedule's total.
    assert rows["Total"].cells[-1].text == f.streams.rows[-1].cells[-1].text
    themes = {t.section.heading for t in contexts[stem].themes}
    for label in shared:
        named = label.removeprefix("Shared between ")
        assert sum(1 for t in themes if t in named) >= 2, label


def test_funding_by_department_names_departments_in_full(
    contexts: dict[str, RenderContext],
) -> None:
    f = contexts["northfleet-laa-2008"].funding
    assert f is not None
    labels = [r.cells[0].text for r in f.by_department.rows if not r.total]
    assert "Department for Communities and Local Government (CLG)" in labels
    assert not any(label in DEPARTMENT_NAMES for label in labels)


# ---------------------------------------------------------------- freedoms


@pytest.mark.parametrize("stem", EXAMPLES)
def test_freedoms_are_summarised_then_numbered_in_the_order_printed(
    contexts: dict[str, RenderContext], stem: str
) -> None:
    f = contexts[stem].freedoms
    assert f is not None
    printed = [i.number for g in f.groups for i in g.items]
    section = f.section.number
    assert printed == [f"{section}.{k}" for k in range(1, len(printed) + 1)]
    assert [h.text for h in f.summary.head[0]] == [
        "Ref",
        "Request",
        "Department",
        "Status",
        "Outcomes",
    ]
    assert [r.cells[0].text for r in f.summary.rows] == printed
    assert [r.cells[1].text for r in f.summary.rows] == [i.title for g in f.groups for i in g.items]
    # The records are compact: what the summary holds is not repeated in them.
    for g in f.groups:
        for item in g.items:
            assert not {"Status", "Department", "Outcomes served"} & {k for k, _ in item.facts}


@pytest.mark.parametrize("stem", EXAMPLES)
def test_every_department_abbreviation_is_spelt_out_under_the_parties(
    contexts: dict[str, RenderContext], stem: str
) -> None:
    ctx = contexts[stem]
    assert ctx.freedoms is not None
    departments = ctx.partners.departments
    assert departments is not None
    spelt = {r.cells[0].text: r.cells[1].text for r in departments.rows}
    for row in ctx.freedoms.summary.rows:
        for word in re.findall(r"[A-Za-z]+", row.cells[2].text):
            if word in DEPARTMENT_NAMES:
                assert spelt[word] == DEPARTMENT_NAMES[word]
    assert spelt.get("HO", "Home Office") == "Home Office"


# ---------------------------------------------------------------- reward


@pytest.mark.parametrize("stem", [*EXAMPLES, "render-full-lpsa"])
def test_each_reward_term_is_stated_once(contexts: dict[str, RenderContext], stem: str) -> None:
    r = contexts[stem].reward
    assert r is not None
    labels = [label for label, _ in r.facts]
    assert len(labels) == len(set(labels))
    assert "Maximum reward stated in the agreement" not in labels
    # What drafter says, apart from the agreement's own words on the reward.
    loaded = load(AGREEMENTS / f"{stem}.yaml" if stem in EXAMPLES else FIXTURES / f"{stem}.yaml")
    assert loaded.agreement is not None and loaded.agreement.reward is not None
    own = paragraphs(loaded.agreement.reward.rules)
    facts = [v for k, v in r.facts if k != "Interim payment"]  # its condition is theirs too
    said = " ".join([*(p for p in r.paragraphs if p not in own), *facts])
    assert said.count("60% of the stretch") <= 1
    assert said.count("instalments") <= 1
    # No two lines give the same maximum unless they are different statements of it.
    maxima = [(k, v.split(" (")[0]) for k, v in r.facts if k.startswith("Maximum reward")]
    worked = [v for k, v in maxima if "worked out" in k]
    assert not (worked and worked[0] == maxima[0][1])


def test_a_stated_total_that_agrees_with_the_working_is_one_line(
    contexts: dict[str, RenderContext],
) -> None:
    r = contexts["northfleet-laa-2008"].reward
    assert r is not None
    maxima = [(k, v) for k, v in r.facts if k.startswith("Maximum reward")]
    assert maxima == [
        ("Maximum reward grant", "£1,400,000 (35 × £40,000; as stated in the agreement)")
    ]


# ---------------------------------------------------------------- each generation's layout


def test_an_lpsa_is_laid_out_as_its_schedules(contexts: dict[str, RenderContext]) -> None:
    ctx = contexts["millbrook-lpsa2"]
    assert [s.title for s in ctx.sections] == [
        "Still to be agreed",
        "Introduction",
        "The parties",
        "History of the agreement",
        "Intentions of the Council",
        "Intentions of the Government",
        "Schedule 1: Targets",
        "Schedule 2: Freedoms and flexibilities",
        "Schedule 3: Pump priming grant",
        "Schedule 4: Performance reward grant",
        "Signatures",
    ]
    assert ctx.cover.subtitle.startswith("Local Public Service Agreement (LPSA2)")
    assert ctx.vision.paragraphs[0].startswith(
        "This is a second-generation Local Public Service Agreement (LPSA2)"
    )
    assert ctx.intentions is not None
    assert [s.title for s in ctx.intentions.subsections] == [
        "Pump priming grant",
        "Performance reward grant",
        "Freedoms and flexibilities",
    ]
    assert "£5,296,750" in ctx.intentions.subsections[1].paragraphs[0]
    assert ctx.targets is not None and ctx.targets.themes == ctx.themes
    headings = [o.heading for t in ctx.themes for o in t.outcomes]
    assert headings[0] == "Target 1: Reduce domestic burglary" and len(headings) == 12
    assert ctx.governance.paragraphs[0].endswith("as described below.")


def test_schedule_1_marks_the_reward_year_and_the_size_of_the_stretch(
    contexts: dict[str, RenderContext],
) -> None:
    ctx = contexts["millbrook-lpsa2"]
    for theme in ctx.themes:
        for o in theme.outcomes:
            head = [h.text for h in o.table.head[0]]
            assert "2007/08: reward year" in head and "Stretch" in head
            assert [h.text for h in o.table.head[1][:2]] == [
                "Without the Local PSA",
                "With the Local PSA",
            ]
            for row in o.table.rows:
                stretch = next(c for c in row.cells if c.kind == "derived")
                assert re.fullmatch(r"[+−][\d,.]+( points)?", stretch.text), stretch.text
    burglary = ctx.themes[0].outcomes[0].table.rows[0]
    assert next(c.text for c in burglary.cells if c.kind == "derived") == "−420"


def test_schedule_3_sets_out_the_grant_by_target(contexts: dict[str, RenderContext]) -> None:
    part = contexts["millbrook-lpsa2"].pump_priming
    assert part is not None
    assert part.facts[0] == (
        "Pump priming grant",
        "up to £1,240,000 (paid against the approved spending plan for each target)",
    )
    assert part.table is not None
    body = [[c.text for c in r.cells] for r in part.table.rows]
    assert body[0] == ["T1", "Reduce domestic burglary", "£150,000"]
    assert body[-1] == ["", "Total allocated", "£1,240,000"]
    partial = contexts["render-full-lpsa"].pump_priming
    assert partial is not None and partial.table is not None
    assert [c.text for c in partial.table.rows[-1].cells] == [
        "",
        "Not allocated to a target",
        "£250,000",
    ]


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_lpsa2_and_the_schedules_are_named_in_every_format(
    rendered: dict[str, Rendered], fmt: str
) -> None:
    r = rendered["millbrook-lpsa2"]
    text = texts(r.ctx, r)[fmt]
    assert "LPSA2" in text
    for n in (1, 2, 3, 4):
        assert f"Schedule {n}" in text
    assert "Intentions of the Government" in text and "Without the Local PSA" in text


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_a_2008_laa_names_the_secretary_of_state_in_parties_and_signatures(
    rendered: dict[str, Rendered], fmt: str
) -> None:
    r = rendered["northfleet-laa-2008"]
    state = "Secretary of State for Communities and Local Government"
    assert state in r.ctx.partners.paragraphs[0]
    assert r.ctx.partners.paragraphs[1].startswith(
        "The designated improvement targets are agreed with the Secretary of State"
    )
    assert any(state in b.party for b in r.ctx.signatures.blocks)
    text = " ".join(texts(r.ctx, r)[fmt].split())
    parties, signatures = text.index("Parties and partners"), text.rindex("Signatures")
    assert state in text[parties : parties + 2000]
    assert f"For the {state}" in text[signatures:]
