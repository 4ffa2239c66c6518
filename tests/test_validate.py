"""The completeness rules: each code fires on a small broken agreement, never on good ones."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from drafter.load import load
from drafter.problems import Problem, Severity
from drafter.reference import KnownFreedom, known_freedoms, national_indicators
from drafter.rules.agreement import MAX_PAGES, estimate_pages
from drafter.validate import RULES, rules_table, validate

from .agreement_data import (
    BUILDERS,
    YEARS,
    laa2006,
    laa2008,
    load_data,
    local_indicator,
    lpsa,
    nis_indicator,
    write,
)
from .conftest import ROOT, intended_warnings

Data = dict[str, Any]


def outcome(d: Data, k: int = 0) -> Data:
    """The k-th outcome of the first theme."""
    o: Data = d["themes"][0]["outcomes"][k]
    return o


def indicator(d: Data, k: int = 0) -> Data:
    """The k-th indicator of the first outcome."""
    i: Data = outcome(d)["indicators"][k]
    return i


def stream(d: Data) -> Data:
    s: Data = d["funding"]["streams"][0]
    return s


def freedom(d: Data) -> Data:
    f: Data = d["freedoms"][0]
    return f


def placeholder(**fields: Any) -> Data:
    return {"missing": "baseline from the 2008 Place Survey", **fields}


def signed(d: Data) -> None:
    d["status"] = "signed"
    d["signatories"] = [
        {
            "partner": "council",
            "name": "Cllr A Leader",
            "role": "Leader",
            "date": dt.date(2008, 6, 30),
        }
    ]


def many_designated(d: Data) -> None:
    chosen = [
        n
        for n, i in national_indicators().items()
        if not i.statutory and not i.deleted and n != 117
    ][:35]
    outcome(d)["indicators"] += [nis_indicator(n) for n in chosen]


def replace_statutory_with_117(d: Data) -> None:
    d["statutory"][0] = {**d["statutory"][0], "id": "wrong", "ni": 117}


def shares(d: Data) -> None:
    for o in d["themes"][0]["outcomes"]:
        o["indicators"][0]["reward_share"] = 10


def set_in(get: Callable[[Data], Data], **fields: Any) -> Callable[[Data], None]:
    """A mutation that sets fields on the item `get` picks out."""
    return lambda d: get(d).update(fields)


def drop(get: Callable[[Data], Data], *keys: str) -> Callable[[Data], None]:
    """A mutation that removes fields from the item `get` picks out."""

    def mutate(d: Data) -> None:
        for k in keys:
            get(d).pop(k, None)

    return mutate


def root(d: Data) -> Data:
    return d


# (code, generation, mutation, words the message must contain)
CASES: list[Any] = [
    pytest.param(
        "S005",
        "laa2008",
        lambda d: d["partners"].append({"id": "council", "name": "Another council"}),
        "partner id 'council' is used twice",
        id="S005-partner",
    ),
    pytest.param(
        "S005",
        "laa2008",
        lambda d: outcome(d)["indicators"].append(local_indicator("loc1")),
        "indicator id 'loc1'",
        id="S005-indicator",
    ),
    pytest.param(
        "S006",
        "laa2008",
        set_in(outcome, lead="counicl"),
        "Did you mean 'council'?",
        id="S006-lead",
    ),
    pytest.param(
        "S006",
        "laa2008",
        set_in(stream, outcomes=["o9"]),
        "no outcome with that id",
        id="S006-outcome",
    ),
    pytest.param(
        "S006",
        "laa2008",
        set_in(indicator, baseline=placeholder(owner="dcsf", due=dt.date(2009, 3, 1))),
        "partner or body 'dcsf'",
        id="S006-placeholder",
    ),
    pytest.param("N001", "laa2008", set_in(indicator, ni=250), "NI 250", id="N001"),
    pytest.param("N002", "laa2008", set_in(indicator, ni=31), "NI 31", id="N002"),
    pytest.param("N003", "laa2008", many_designated, "36 designated targets", id="N003"),
    pytest.param("N004", "laa2008", lambda d: d["statutory"].pop(0), "missing: NI 72", id="N004"),
    pytest.param("N005", "laa2008", set_in(indicator, ni=73), "under outcome o1", id="N005-theme"),
    pytest.param(
        "N005",
        "laa2008",
        lambda d: d["statutory"][0].update(type="designated"),
        "marked designated",
        id="N005-type",
    ),
    pytest.param("N006", "laa2008", replace_statutory_with_117, "not one of the 16", id="N006-ni"),
    pytest.param(
        "N006",
        "laa2008",
        lambda d: d["statutory"].append(local_indicator("s9")),
        "not a National Indicator",
        id="N006-local",
    ),
    pytest.param(
        "N007",
        "laa2008",
        set_in(lambda d: indicator(d, 1), type="designated"),
        "no National Indicator number",
        id="N007",
    ),
    pytest.param(
        "N008",
        "laa2008",
        drop(lambda d: indicator(d, 1), "definition", "source"),
        "no definition or source",
        id="N008",
    ),
    pytest.param(
        "N009",
        "laa2008",
        set_in(indicator, title="Under 18 conceptions"),
        "does not look like NI 117",
        id="N009",
    ),
    pytest.param(
        "N010",
        "laa2006",
        set_in(indicator, type="designated"),
        "2006–09 Local Area Agreement has no designated targets",
        id="N010-type",
    ),
    pytest.param(
        "N010",
        "lpsa",
        lambda d: d.update(statutory=[local_indicator("s1")]),
        "only 2008–11 LAAs",
        id="N010-statutory",
    ),
    pytest.param(
        "N011",
        "laa2008",
        lambda d: outcome(d)["indicators"].append({**indicator(d), "id": "again"}),
        "NI 117 is designated twice",
        id="N011",
    ),
    pytest.param("T001", "laa2008", set_in(outcome, indicators=[]), "Outcome o1", id="T001"),
    pytest.param("T002", "laa2008", drop(indicator, "baseline"), "has no baseline", id="T002"),
    pytest.param(
        "T003",
        "laa2008",
        set_in(indicator, baseline={"value": 50.0, "period": "2009/10"}),
        "refers to 2009/10",
        id="T003",
    ),
    pytest.param(
        "T004",
        "laa2008",
        lambda d: indicator(d)["targets"].pop("2009/10"),
        "no target for 2009/10",
        id="T004",
    ),
    pytest.param(
        "T004", "lpsa", set_in(indicator, targets={}), "the final year (2007/08)", id="T004-reward"
    ),
    pytest.param(
        "T005",
        "laa2008",
        lambda d: indicator(d)["targets"].update({"2011/12": 40.0}),
        "target for 2011/12",
        id="T005",
    ),
    pytest.param(
        "T006",
        "laa2008",
        set_in(indicator, baseline=placeholder(due=dt.date(2009, 3, 1))),
        "who will provide it",
        id="T006",
    ),
    pytest.param(
        "T007",
        "laa2008",
        set_in(indicator, baseline=placeholder(owner="council")),
        "when it will come",
        id="T007",
    ),
    pytest.param(
        "T008",
        "laa2008",
        set_in(indicator, baseline=placeholder(owner="council", due=dt.date(2008, 4, 1))),
        "due on 1 April 2008",
        id="T008",
    ),
    pytest.param(
        "T009",
        "laa2008",
        set_in(indicator, targets={y: 60.0 for y in YEARS}),
        "above the baseline (50%)",  # NI 117 is a % in the reference data,
        id="T009",
    ),
    pytest.param(
        "T010",
        "lpsa",
        set_in(indicator, targets={"2007/08": {"without": 27.0, "with": 26.0}}),
        "not above",
        id="T010",
    ),
    pytest.param(
        "T011",
        "lpsa",
        set_in(indicator, targets={"2007/08": 27.0}),
        "no level expected without",
        id="T011",
    ),
    pytest.param(
        "T012", "laa2008", set_in(indicator, baseline="TBC"), "just 'TBC'", id="T012-bare"
    ),
    pytest.param(
        "T012",
        "laa2008",
        set_in(
            indicator, baseline={"missing": "TBC", "owner": "council", "due": dt.date(2009, 1, 1)}
        ),
        "says only 'TBC'",
        id="T012-vague",
    ),
    pytest.param(
        "T013",
        "laa2008",
        drop(lambda d: indicator(d, 1), "polarity"),
        "higher or a lower",
        id="T013",
    ),
    pytest.param(
        "F001",
        "laa2008",
        lambda d: stream(d)["amounts"].update({"2009/10": -5.0}),
        "negative amount",
        id="F001",
    ),
    pytest.param(
        "F002", "laa2008", set_in(stream, outcomes=[]), "not linked to any outcome", id="F002"
    ),
    pytest.param("F003", "laa2008", set_in(stream, consent=False), "consent", id="F003"),
    pytest.param(
        "F004",
        "laa2008",
        lambda d: d["funding"].update(stated_totals={y: 1000.0 for y in YEARS[:2]}),
        "no total is stated for that year",
        id="F004-missing",
    ),
    pytest.param(
        "F004",
        "laa2008",
        lambda d: d["funding"].update(stated_totals={y: 1200.0 for y in YEARS}),
        "add up to £1,000",
        id="F004-sum",
    ),
    pytest.param(
        "F005",
        "laa2008",
        lambda d: stream(d)["amounts"].update({"2011/12": 5.0}),
        "2011/12",
        id="F005",
    ),
    pytest.param("F006", "laa2008", drop(stream, "treatment"), "how it is treated", id="F006"),
    pytest.param("F007", "laa2008", drop(stream, "department"), "department", id="F007"),
    pytest.param("F008", "laa2008", set_in(stream, amounts={}), "no amounts", id="F008"),
    pytest.param("X001", "laa2008", drop(freedom, "rationale"), "no rationale", id="X001"),
    pytest.param("X002", "laa2008", drop(freedom, "department"), "department", id="X002"),
    pytest.param("X003", "laa2008", drop(freedom, "status"), "no status", id="X003"),
    pytest.param(
        "X004",
        "laa2008",
        lambda d: freedom(d).update(status="refused", response=None),
        "no reason",
        id="X004",
    ),
    pytest.param(
        "X005",
        "laa2008",
        set_in(freedom, status="agreed with conditions"),
        "conditions are not stated",
        id="X005",
    ),
    pytest.param(
        "X006",
        "laa2008",
        set_in(freedom, request="Pool the council's adult social care budget with the PCT's."),
        "section 31 of the Health Act 1999",
        id="X006",
    ),
    pytest.param("X007", "laa2008", drop(freedom, "barrier"), "barrier it removes", id="X007"),
    pytest.param("R001", "lpsa", shares, "add up to 120%", id="R001-sum"),
    pytest.param(
        "R001",
        "lpsa",
        lambda d: indicator(d).update(reward_share=50),
        "1 of the 12",
        id="R001-partial",
    ),
    pytest.param(
        "R002",
        "lpsa",
        lambda d: d["themes"][0].update(outcomes=d["themes"][0]["outcomes"][:9]),
        "9 stretch targets",
        id="R002",
    ),
    pytest.param(
        "R003",
        "lpsa",
        drop(lambda d: d["reward"], "net_budget_requirement"),
        "net budget requirement",
        id="R003",
    ),
    pytest.param("R004", "laa2008", set_in(indicator, type="reward"), "reward target", id="R004"),
    pytest.param(
        "R005",
        "lpsa",
        drop(lambda d: d["reward"], "pump_priming_grant"),
        "pump priming grant",
        id="R005",
    ),
    pytest.param("R006", "laa2008", set_in(indicator, reward_share=5), "reward share", id="R006"),
    pytest.param(
        "R007",
        "lpsa",
        lambda d: d["reward"].update(targets=10),
        "10 reward targets, but 12 are listed",
        id="R007",
    ),
    pytest.param(
        "R008",
        "lpsa",
        lambda d: d["reward"].update(shares_of="stated"),
        "no total is stated",
        id="R008",
    ),
    pytest.param(
        "T014",
        "laa2008",
        lambda d: indicator(d)["targets"].update({"2009/10": "New PI"}),
        "'New PI'",
        id="T014",
    ),
    pytest.param(
        "T015",
        "laa2008",
        lambda d: (indicator(d).pop("lead"), outcome(d).pop("lead")),
        "no lead partner, and neither has its outcome",
        id="T015",
    ),
    pytest.param(
        "T016",
        "lpsa",
        lambda d: indicator(d)["targets"]["2007/08"].update(trigger=30.0),
        "trigger level (30) is not between",
        id="T016",
    ),
    pytest.param(
        "T017",
        "laa2008",
        lambda d: d["themes"].append({"id": "t2", "title": "Stronger communities"}),
        "Theme t2 (Stronger communities) has no outcomes",
        id="T017",
    ),
    pytest.param(
        "F009",
        "laa2008",
        lambda d: stream(d)["amounts"].update({"2010/11": "not known"}),
        "for 2010/11 is not known",
        id="F009",
    ),
    pytest.param(
        "F010",
        "laa2008",
        lambda d: stream(d)["amounts"].update(
            {"2010/11": {"missing": "allocation", "owner": "council", "due": dt.date(2008, 4, 1)}}
        ),
        "was due by 1 April 2008",
        id="F010",
    ),
    pytest.param(
        "C001",
        "laa2008",
        set_in(indicator, changes=[{"version": "0.9", "was": {"baseline": 48.0}}]),
        "in version 0.9 does not say why",
        id="C001",
    ),
    pytest.param(
        "C002",
        "laa2008",
        set_in(
            indicator,
            changes=[
                {
                    "reason": "Lower target agreed with DCSF",
                    "proposed": {"targets": {"2010/11": 45.0}},
                    "approval": {"status": "approved", "by": "GOWM"},
                }
            ],
        ),
        "still written as proposed",
        id="C002",
    ),
    pytest.param(
        "C003",
        "laa2008",
        set_in(
            indicator,
            changes=[
                {
                    "reason": "New survey method",
                    "proposed": {"baseline": 44.0},
                    "approval": {"status": "awaiting", "by": "GOWM", "date": "2008-04"},
                }
            ],
        ),
        "to be approved by April 2008",
        id="C003",
    ),
    pytest.param(
        "C004",
        "laa2008",
        lambda d: (
            signed(d),
            indicator(d).update(
                changes=[{"reason": "Drop from reward", "proposed": {"remove": "reward"}}]
            ),
        ),
        "still awaits approval",
        id="C004",
    ),
    pytest.param(
        "A013",
        "laa2008",
        lambda d: d.pop("date"),
        "has no date",
        id="A013",
    ),
    pytest.param(
        "A001",
        "laa2008",
        lambda d: d.update(dates={"first_draft": dt.date(1998, 1, 1)}),
        "1 January 1998",
        id="A001",
    ),
    pytest.param(
        "A002", "laa2008", lambda d: d.update(status="agreed"), "no signatories", id="A002"
    ),
    pytest.param(
        "A003",
        "laa2008",
        lambda d: (signed(d), d["signatories"][0].pop("date")),
        "has no date",
        id="A003",
    ),
    pytest.param(
        "A004",
        "laa2008",
        lambda d: (signed(d), d["partners"][1].update(signatory=True)),
        "Partner pct",
        id="A004",
    ),
    pytest.param(
        "A005",
        "laa2008",
        set_in(indicator, open={"issue": "Level to be agreed"}),
        "who acts or by when",
        id="A005",
    ),
    pytest.param(
        "A006",
        "laa2008",
        set_in(stream, open={"issue": "Consent", "owner": "pct", "due": dt.date(2008, 4, 30)}),
        "30 April 2008",
        id="A006",
    ),
    pytest.param(
        "A007", "laa2008", lambda d: d["area"].update(kind="county"), "two-tier", id="A007"
    ),
    pytest.param(
        "A008",
        "laa2008",
        lambda d: d["period"].update(end="2009/10"),
        "2 financial years",
        id="A008",
    ),
    pytest.param(
        "A009",
        "laa2008",
        # 30,000 words over two fields (one field may hold at most 100,000 characters)
        lambda d: d.update(vision="word " * 15_000, governance={"structure": "word " * 15_000}),
        "pages",
        id="A009",
    ),
    pytest.param("A010", "laa2008", lambda d: d.pop("vision"), "no vision", id="A010"),
    pytest.param(
        "A011",
        "laa2008",
        lambda d: d["partners"][0].update(signatory=False),
        "No partner",
        id="A011",
    ),
    pytest.param(
        "A012",
        "laa2008",
        lambda d: (
            signed(d),
            indicator(d).update(
                open={"issue": "Level", "owner": "pct", "due": dt.date(2008, 9, 1)}
            ),
        ),
        "still open",
        id="A012",
    ),
    pytest.param(
        "S007",
        "laa2008",
        lambda d: d.update(title="Testborough\rLocal Area Agreement"),
        "carriage return (U+000D) at character 12",
        id="S007",
    ),
    pytest.param(
        "S008",
        "laa2008",
        lambda d: indicator(d).update(baseline=float("nan")),
        "not a finite number",
        id="S008",
    ),
]


def problems_for(tmp_path: Path, data: Data, today: dt.date | None = None) -> list[Problem]:
    return validate(load_data(tmp_path, data), today=today)


@pytest.mark.parametrize("generation", sorted(BUILDERS))
def test_minimal_agreements_are_clean(tmp_path: Path, generation: str) -> None:
    assert problems_for(tmp_path, BUILDERS[generation]()) == []


@pytest.mark.parametrize(("code", "generation", "mutate", "words"), CASES)
def test_rule_reports_the_problem(
    tmp_path: Path, code: str, generation: str, mutate: Callable[[Data], object], words: str
) -> None:
    data = BUILDERS[generation]()
    mutate(data)
    found = [p for p in problems_for(tmp_path, data) if p.code == code]
    assert found, f"{code} not reported"
    assert any(words in p.message for p in found), [p.message for p in found]
    rule = next(r for r in RULES if r.code == code)
    for p in found:
        assert p.severity == rule.severity
        assert p.hint, "every problem says what to do"
        assert p.position.file.endswith("agreement.yaml") and p.position.line > 0


def test_every_rule_code_has_a_case() -> None:
    tested = {c.values[0] for c in CASES}
    loader_codes = {
        r.code for r in RULES if r.code[0] == "Y" or r.code in ("S001", "S002", "S003", "S004")
    }  # tested in test_load.py
    since_codes = {r.code for r in RULES if r.code[0] == "D"}  # tested in test_diff_since.py
    assert {r.code for r in RULES} - loader_codes - since_codes == tested


def test_rule_codes_are_unique_and_enough() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert len(codes) >= 30
    assert {r.severity for r in RULES} == {Severity.ERROR, Severity.WARNING}


def test_readme_rules_table_is_up_to_date() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # To update: paste the output of `drafter rules --format markdown` into README.md.
    assert rules_table() in readme


def test_problem_position_points_at_the_line(tmp_path: Path) -> None:
    data = laa2008()
    indicator(data)["baseline"] = "TBC"
    path = write(tmp_path, data)
    (problem,) = validate(load(path))
    line = path.read_text(encoding="utf-8").splitlines()[problem.position.line - 1]
    assert "baseline: TBC" in line


def test_problems_are_sorted_by_position(tmp_path: Path) -> None:
    data = laa2008()
    data.pop("vision")
    drop(freedom, "rationale")(data)
    indicator(data).pop("baseline")
    problems = problems_for(tmp_path, data)
    assert [p.code for p in problems] == ["A010", "X001", "T002"]  # file order
    assert problems == sorted(problems, key=Problem.sort_key)


def test_overdue_is_judged_against_the_date_given(tmp_path: Path) -> None:
    data = laa2008()
    indicator(data)["baseline"] = placeholder(owner="council", due=dt.date(2008, 9, 1))
    assert "T008" not in {p.code for p in problems_for(tmp_path, data)}  # date: 2008-05-01
    late = problems_for(tmp_path, data, today=dt.date(2008, 10, 1))
    assert [p.code for p in late] == ["T008"]
    assert "1 October 2008" in late[0].message


def test_overdue_without_a_date_uses_today(tmp_path: Path) -> None:
    data = laa2008()
    data.pop("date")
    indicator(data)["baseline"] = placeholder(owner="council", due=dt.date(2008, 9, 1))
    # A013 asks for the missing date; the placeholder is judged against today.
    assert [p.code for p in problems_for(tmp_path, data)] == ["A013", "T008"]


def test_removed_rows_need_no_figures_and_do_not_count(tmp_path: Path) -> None:
    data = laa2008()
    many_designated(data)
    extra = indicator(data, 2)
    extra["refresh"] = "removed"
    extra.pop("baseline")
    extra["targets"] = {}
    assert problems_for(tmp_path, data) == []


def test_relative_targets_and_placeholders_are_accepted(tmp_path: Path) -> None:
    data = laa2008()
    indicator(data)["targets"]["2010/11"] = "keep the gap to the national rate at 2.2 points"
    indicator(data)["targets"]["2009/10"] = placeholder(owner="pct", due=dt.date(2009, 1, 31))
    assert problems_for(tmp_path, data) == []


def test_freedom_already_marked_possible_is_not_flagged_again(tmp_path: Path) -> None:
    data = laa2008()
    freedom(data).update(
        request="Pool adult social care budgets with the PCT",
        status="already possible",
        response="Section 31 covers it.",
    )
    assert problems_for(tmp_path, data) == []


def test_signed_agreement_may_leave_a_freedom_under_discussion(tmp_path: Path) -> None:
    data = laa2008()
    signed(data)
    freedom(data).update(
        status="further discussion",
        open={"issue": "Awaiting DCSF", "owner": "council", "due": dt.date(2008, 9, 30)},
    )
    assert problems_for(tmp_path, data) == []


def test_structural_problems_are_kept_and_rules_still_run(tmp_path: Path) -> None:
    data = laa2008()
    stream(data)["colour"] = "blue"  # unknown field: pruned, then the rules run
    data.pop("vision")
    codes = [p.code for p in problems_for(tmp_path, data)]
    assert "S002" in codes and "A010" in codes


def test_unreadable_file_gives_only_the_loaders_problem(tmp_path: Path) -> None:
    problems = validate(load(tmp_path / "nowhere.yaml"))
    assert [p.code for p in problems] == ["Y001"]


def test_page_estimate_grows_with_content() -> None:
    from drafter.model import Agreement

    small = Agreement.model_validate(laa2008())
    big = laa2008()
    big["freedoms"] = [{**big["freedoms"][0], "id": f"f{k}"} for k in range(300)]
    assert estimate_pages(small) < 40 < MAX_PAGES < estimate_pages(Agreement.model_validate(big))


def test_good_examples_validate_clean(example: Path) -> None:
    problems = validate(load(example))
    shown = Counter(p.code for p in problems if p.severity is Severity.WARNING)
    errors = [p for p in problems if p.severity is not Severity.WARNING]
    assert errors == [], "\n".join(f"{p.position} {p.code} {p.message}" for p in errors)
    assert shown == intended_warnings(example), "\n".join(
        f"{p.position} {p.code} {p.message}" for p in problems
    )


# ---------------------------------------------------------------- reference data the rules use


@pytest.mark.parametrize(
    ("ni", "rising", "words"),
    [
        # chlamydia: screening coverage, so a falling figure is queried
        (113, False, "target (47%) is below the baseline (50%), but higher is better"),
        # respect: the % who see a problem, so a rising figure is queried
        (23, True, "target (53%) is above the baseline (50%), but lower is better"),
        # an inequality gap, in percentage points
        (81, True, "target (53 points) is above the baseline (50 points), but lower is"),
    ],
)
def test_direction_and_unit_come_from_the_nis_definition(
    tmp_path: Path, ni: int, rising: bool, words: str
) -> None:
    data = laa2008()
    indicator(data).update(ni=ni, id=f"ni{ni}")
    step = 1.0 if rising else -1.0
    indicator(data)["targets"] = {y: 50.0 + step * (k + 1) for k, y in enumerate(YEARS)}
    [problem] = [p for p in problems_for(tmp_path, data) if p.code == "T009"]
    assert words in problem.message


def test_each_known_freedom_recognises_its_own_summary() -> None:
    known = known_freedoms()
    assert 6 <= len(known) <= 10
    for k in known:
        assert k.matches(k.summary.lower()), k.id
        assert k.answer and k.source


# ---------------------------------------------------------------- review fixes


def test_row_removed_from_reward_only_is_still_designated(tmp_path: Path) -> None:
    # 35 designated and one more removed from reward only: still 36 designated targets.
    data = laa2008()
    many_designated(data)
    indicator(data, 2)["refresh"] = "removed from reward only"
    assert "N003" in {p.code for p in problems_for(tmp_path, data)}
    indicator(data, 2)["refresh"] = "removed"
    assert problems_for(tmp_path, data) == []


def test_rows_out_of_reward_take_no_share_and_are_no_stretch_target(tmp_path: Path) -> None:
    # Ten targets share the reward; one is removed from reward only, one removed outright.
    data = lpsa()
    rows = [o["indicators"][0] for o in data["themes"][0]["outcomes"]]
    for row in rows[:10]:
        row["reward_share"] = 10
    rows[10]["refresh"] = "removed from reward only"
    rows[11]["refresh"] = "removed"
    codes = {p.code for p in problems_for(tmp_path, data)}
    assert "R001" not in codes  # the ten shares are all the shares, and make 100
    assert "R002" not in codes  # ten stretch targets remain: within 10 to 15


def three_reward_shares(share: float) -> Data:
    """A 2006–09 LAA with three reward targets, each given `share`."""
    data = laa2006()
    rows = outcome(data)["indicators"]
    rows += [{**rows[1], "id": "r2"}, {**rows[1], "id": "r3"}]
    for row in rows[1:]:
        row["reward_share"] = share
    return data


def test_reward_shares_of_a_third_each_add_up(tmp_path: Path) -> None:
    assert problems_for(tmp_path, three_reward_shares(33.33)) == []
    [problem] = problems_for(tmp_path, three_reward_shares(33.3))
    assert problem.code == "R001"
    assert "add up to 99.9%, not 100%" in problem.message


def test_partial_reward_shares_agree_in_number(tmp_path: Path) -> None:
    data = three_reward_shares(50)
    outcome(data)["indicators"][2].pop("reward_share")
    [problem] = problems_for(tmp_path, data)
    assert problem.message.startswith(
        "2 of the 3 reward targets have a reward share (adding up to 100%); the other has none."
    )
    data = lpsa()
    indicator(data)["reward_share"] = 50
    [problem] = [p for p in problems_for(tmp_path, data) if p.code == "R001"]
    assert problem.message.startswith("1 of the 12 reward targets has a reward share")
    assert "the others have none" in problem.message


def test_one_stretch_target_is_singular(tmp_path: Path) -> None:
    data = lpsa()
    data["themes"][0]["outcomes"] = data["themes"][0]["outcomes"][:1]
    [problem] = [p for p in problems_for(tmp_path, data) if p.code == "R002"]
    assert problem.message.startswith("This LPSA has 1 stretch target (outcomes")


def test_stretch_is_judged_against_the_level_without_not_the_baseline(tmp_path: Path) -> None:
    # Burglaries: 3,150 now, 3,400 expected without the agreement, 3,250 with it.
    data = lpsa()
    indicator(data).update(
        polarity="lower",
        baseline={"value": 3150.0, "period": "2004/05"},
        targets={"2007/08": {"without": 3400.0, "with": 3250.0}},
    )
    assert problems_for(tmp_path, data) == []


def test_expected_worsening_explained_in_notes_is_not_queried(tmp_path: Path) -> None:
    data = laa2008()
    indicator(data, 1)["targets"] = {y: 19.0 for y in YEARS}  # below the baseline of 20
    assert [p.code for p in problems_for(tmp_path, data)] == ["T009"]
    indicator(data, 1)["notes"] = "Visits will fall while two shops are rebuilt."
    assert problems_for(tmp_path, data) == []


def test_large_figures_are_written_in_full(tmp_path: Path) -> None:
    data = laa2008()
    indicator(data, 1).update(
        baseline={"value": 1234567.0, "period": "2007/08"},
        targets={y: 1200000.0 for y in YEARS},
    )
    [problem] = problems_for(tmp_path, data)
    assert "(1,200,000) is below the baseline (1,234,567)" in problem.message
    data = lpsa()
    indicator(data)["targets"] = {"2007/08": {"without": 2345678.0, "with": 1234567.5}}
    [problem] = [p for p in problems_for(tmp_path, data) if p.code == "T010"]
    assert "(1,234,567.5) is not above" in problem.message
    assert "(2,345,678)" in problem.message


def test_amount_outside_the_period_is_reported_once(tmp_path: Path) -> None:
    data = laa2008()
    stream(data)["amounts"]["2011/12"] = 500.0
    data["funding"]["stated_totals"] = dict.fromkeys(YEARS, 1000.0)
    assert [p.code for p in problems_for(tmp_path, data)] == ["F005"]


def test_negative_money_is_written_like_the_documents(tmp_path: Path) -> None:
    data = laa2008()
    stream(data)["amounts"]["2009/10"] = -1234.5
    [problem] = [p for p in problems_for(tmp_path, data) if p.code == "F001"]
    assert "(-£1,234.50)" in problem.message


@pytest.mark.parametrize("known", known_freedoms(), ids=lambda k: k.id)
def test_known_freedom_message_reads_as_a_request_to_do_something(
    tmp_path: Path, known: KnownFreedom
) -> None:
    data = laa2008()
    freedom(data).update(title="A request", request=known.summary)
    [problem] = [p for p in problems_for(tmp_path, data) if p.code == "X006"]
    m = re.search(r"looks like a request to (\w+) ", problem.message)
    assert m, problem.message
    verbs = {"pool", "move", "create", "use", "charge", "trade", "borrow", "replace"}
    assert m.group(1) in verbs, problem.message


def test_designated_twice_names_the_other_file(tmp_path: Path) -> None:
    data = laa2008()
    outcome(data)["indicators"] = [{"include": "parts/first.yaml"}, local_indicator()]
    theme = data["themes"][0]
    theme["outcomes"][0]["indicators"].append({**nis_indicator(117), "id": "again"})
    (tmp_path / "parts").mkdir()
    write(tmp_path / "parts", [nis_indicator(117)], "first.yaml")
    [problem] = [p for p in problems_for(tmp_path, data) if p.code == "N011"]
    assert "(first on " in problem.message
    assert "first.yaml:" in problem.message, problem.message


def test_designated_twice_in_one_file_gives_the_line(tmp_path: Path) -> None:
    data = laa2008()
    outcome(data)["indicators"].append({**indicator(data), "id": "again"})
    [problem] = [p for p in problems_for(tmp_path, data) if p.code == "N011"]
    assert re.search(r"\(first on line \d+\)", problem.message), problem.message


def test_rules_are_a_tuple() -> None:
    assert isinstance(RULES, tuple)


def test_validate_does_not_import_the_render_back_ends() -> None:
    code = (
        "import sys, drafter.validate, drafter.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'docx')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
