"""What an import makes of a sheet: part files by outcome, updates to existing rows, problems.

Rows for indicators the agreement does not have yet go into one part file per outcome
(`parts/<agreement>/targets-<outcome>.yaml`), to be pulled in with `- include:` under
the outcome's `indicators:`; a row for an indicator the outcome already has (same id or
NI number: an update at the refresh) is not written again, its differences figure by
figure are reported instead. Nothing is written until the whole plan is made, and then
all files or none (write.write_set).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..boundary import Project
from ..load import Loaded
from ..model import Agreement, Figure, Indicator, Outcome, PathKey, YearTarget
from ..problems import Position, Problem, Severity, display_path
from .columns import Layout, find_layout
from .places import STATUTORY, places_of
from .reading import Grid, SheetLimits, cell_name, read_sheet
from .rows import Row, read_rows


@dataclass(frozen=True)
class Part:
    """One part file to write: an outcome's new indicators, and where to include it."""

    outcome: str  # the outcome's id, or 'statutory' for the statutory targets
    path: Path
    rows: tuple[Row, ...]
    include: str  # the path to write after '- include:', relative to the including file
    anchor: Position  # the outcome's 'indicators:' (or the outcome itself when it has none)
    has_indicators: bool
    text: str

    @property
    def list_name(self) -> str:
        """Where the include goes, in words: "outcome x's 'indicators:'" or "'statutory:'"."""
        return _list_name(self.outcome)


@dataclass(frozen=True)
class Update:
    """A row for an indicator the outcome already has, and what the sheet would change."""

    row: Row
    existing: Indicator
    at: Position
    differences: tuple[str, ...]


@dataclass
class Plan:
    """What an import would do; `readable` is False if the sheet or --outcome is unusable."""

    sheet: str  # how positions name the sheet: 'targets.xlsx, sheet Targets'
    parts: list[Part] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True
    layout: Layout | None = None  # the heading row(s) and the columns recognised
    file: str = ""  # the spreadsheet, as the user would type it
    sheet_name: str | None = None  # the sheet read (None for a CSV file)

    @property
    def errors(self) -> int:
        """How many problems stop the import."""
        return sum(p.severity is Severity.ERROR for p in self.problems)


def _lists(a: Agreement) -> dict[str, tuple[PathKey, list[Indicator]]]:
    """Each outcome's list of indicators (and the statutory targets') with its path."""
    out: dict[str, tuple[PathKey, list[Indicator]]] = {}

    def down(path: PathKey, outcomes: list[Outcome]) -> None:
        for k, o in enumerate(outcomes):
            out.setdefault(o.id, ((*path, k, "indicators"), o.indicators))
            down((*path, k, "outcomes"), o.outcomes)

    for t, theme in enumerate(a.themes):
        down(("themes", t, "outcomes"), theme.outcomes)
    out[STATUTORY] = (("statutory",), a.statutory)
    return out


def indicator_ids(a: Agreement) -> dict[str, set[str]]:
    """The ids of each outcome's indicators (and of the statutory targets), by outcome."""
    return {o: {i.id for i in inds} for o, (_, inds) in _lists(a).items()}


def _list_name(outcome: str) -> str:
    return "'statutory:'" if outcome == STATUTORY else f"outcome {outcome}'s 'indicators:'"


def plan_import(
    loaded: Loaded,
    sheet_path: Path,
    *,
    sheet: str | None = None,
    outcome: str | None = None,
    out: Path | None = None,
    force: bool = False,
    limits: SheetLimits | None = None,
) -> Plan:
    """Read the sheet and work out the part files, updates and problems; writes nothing."""
    a = loaded.agreement
    assert a is not None  # the command checks the agreement loaded first
    project = loaded.project or Project(loaded.path.resolve().parent)
    read = read_sheet(sheet_path, project, sheet, limits)
    plan = Plan(
        display_path(sheet_path), problems=list(read.problems), file=display_path(sheet_path)
    )
    if read.grid is None:
        plan.readable = False
        return plan
    grid = read.grid
    plan.sheet, plan.sheet_name = grid.where, grid.sheet
    where = places_of(a)
    if outcome is not None and outcome not in set(where.outcomes.values()):
        plan.problems.append(
            Problem(
                "I024",
                Severity.ERROR,
                f"--outcome {outcome}: the agreement has no outcome with that id.",
                Position(display_path(loaded.path)),
                "Give the id of one of its outcomes: "
                + ", ".join(sorted(set(where.outcomes.values()))[:12])
                + ".",
            )
        )
        plan.readable = False  # a usage problem, as validate's exit status 2
        return plan
    layout, problems = find_layout(grid, list(where.period), outcome_given=outcome is not None)
    plan.problems += problems
    plan.layout = layout
    if layout is None or plan.errors:
        return plan
    rows, problems = read_rows(grid, layout, where, outcome)
    plan.problems += problems
    _place(plan, loaded, a, grid, rows, out, force)
    _outside(plan, project, grid)
    plan.problems.sort(key=lambda p: (p.position.line, p.position.col, p.code))
    return plan


def _place(
    plan: Plan,
    loaded: Loaded,
    a: Agreement,
    grid: Grid,
    rows: list[Row],
    out: Path | None,
    force: bool,
) -> None:
    lists = _lists(a)
    elsewhere = {ind.id: owner for owner, (_, inds) in lists.items() for ind in inds}
    seen: dict[str, Row] = {}
    new: dict[str, list[Row]] = {}

    def error(code: str, message: str, at: Position, hint: str) -> None:
        plan.problems.append(Problem(code, Severity.ERROR, message, at, hint))

    for row in rows:
        path, indicators = lists[row.outcome]
        at = Position(grid.where, row.row)
        twin = seen.get(row.indicator.id)
        if twin is not None:
            error(
                "I030",
                f"Row {row.row} is {row.indicator.code} again (as row {twin.row}).",
                at,
                "Keep one row per indicator; give a local indicator its own Ref.",
            )
            continue
        seen[row.indicator.id] = row
        match = next(
            (
                (k, ind)
                for k, ind in enumerate(indicators)
                if ind.id == row.indicator.id
                or (row.indicator.ni is not None and ind.ni == row.indicator.ni)
            ),
            None,
        )
        if match is not None:
            k, existing = match
            plan.updates.append(
                Update(
                    row,
                    existing,
                    loaded.position((*path, k)),
                    tuple(differences(existing, row.indicator)),
                )
            )
            continue
        other = elsewhere.get(row.indicator.id)
        if other is not None:
            error(
                "I031",
                f"The agreement already has an indicator {row.indicator.id}, in "
                f"{_list_name(other)}, not in {_list_name(row.outcome)}.",
                at,
                "If the target moved, move it in the agreement; otherwise give this row its "
                "own Ref (an id is used once in an agreement).",
            )
            continue
        new.setdefault(row.outcome, []).append(row)
    folder = out if out is not None else loaded.path.parent / "parts" / loaded.path.stem
    for outcome_id in sorted(new, key=lambda i: new[i][0].row):
        path, _ = lists[outcome_id]
        target = folder / f"targets-{outcome_id}.yaml"
        if target.exists() and not force:
            error(
                "I032",
                f"{display_path(target)} already exists; drafter does not overwrite it.",
                Position(grid.where),
                "Give --force to replace it (after checking it holds nothing you edited by "
                "hand), or --out for another folder.",
            )
        has = loaded.source_path(path) in loaded.sources.keys
        anchor = loaded.position(path, key=True) if has else loaded.position(path[:-1])
        including = Path(anchor.file).resolve().parent
        include = Path(os.path.relpath(target.resolve(), including)).as_posix()
        rows_of = tuple(new[outcome_id])
        text = part_text(grid, outcome_id, display_path(loaded.path), rows_of)
        plan.parts.append(Part(outcome_id, target, rows_of, include, anchor, has, text))


def _outside(plan: Plan, project: Project, grid: Grid) -> None:
    """A warning for part files the agreement could not include: outside its project folder."""
    for part in plan.parts:
        if not project.contains(part.path.resolve()):
            plan.problems.append(
                Problem(
                    "I033",
                    Severity.WARNING,
                    f"{display_path(part.path)} is outside the agreement's project folder "
                    f"{project.root}, so the agreement cannot include it from there.",
                    Position(grid.where),
                    "Move the file into the project folder before including it, or leave out "
                    "--out to write it beside the agreement.",
                )
            )


# ---------------------------------------------------------------- differences


def _figure_words(f: Figure | None) -> str:
    if f is None:
        return "nothing"
    if f.not_applicable:
        text = "N/A"
    elif f.value is not None:
        text = f"{f.value:.{f.places}f}" if f.places else str(f.value)
    elif f.relative is not None:
        text = f"'{f.relative}'"
    elif f.missing is not None:
        text = f"still to come ({f.missing})"
    else:
        text = "nothing"
    return f"{text} ({f.period})" if f.period else text


def _same(a: Figure | None, b: Figure | None) -> bool:
    def key(f: Figure | None) -> tuple[Any, ...]:
        if f is None:
            return (None,)
        value = None if f.value is None else float(f.value)
        return (
            value,
            f.relative,
            f.missing is not None and f.value is None,
            f.not_applicable,
            f.period,
        )

    return key(a) == key(b)


def differences(old: Indicator, new: Indicator) -> Iterator[str]:
    """What the sheet would change in an existing indicator, figure by figure."""
    if not _same(old.baseline, new.baseline) and new.baseline is not None:
        yield f"baseline: {_figure_words(old.baseline)} → {_figure_words(new.baseline)}"
    empty = YearTarget()
    for year in sorted(set(old.targets) | set(new.targets)):
        before, after = old.targets.get(year, empty), new.targets.get(year, empty)
        if year not in new.targets:
            continue  # a year the sheet does not give is not a change
        for label, b, c in (
            ("target", before.target, after.target),
            ("level without the agreement", before.without, after.without),
            ("trigger", before.trigger, after.trigger),
        ):
            if not _same(b, c) and c is not None:
                yield f"{year} {label}: {_figure_words(b)} → {_figure_words(c)}"
    if new.type != old.type and "type" in new.model_fields_set:
        yield f"kind of target: {old.type} → {new.type}"
    if new.leads and new.leads != old.leads:
        yield f"lead partner: {', '.join(old.leads) or 'none'} → {', '.join(new.leads)}"
    if new.refresh is not None and new.refresh != old.refresh:
        yield f"refresh status: {old.refresh or 'none'} → {new.refresh}"


# ---------------------------------------------------------------- the YAML written


_SafeDumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, when present


class _Dumper(_SafeDumper):  # type: ignore[misc]
    """The safe dumper, quoting any text that a YAML reader might take for something else."""


_PLAIN = re.compile(r"^[A-Za-z][\w ,()%£'/&.-]*[\w)%]$|^[A-Za-z]$")
_YEAR_KEY = re.compile(r"^\d{4}/\d{2}$")
_WORDS_YAML_READS = frozenset(
    {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "nan", "inf"}
)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    plain = (
        _PLAIN.match(value) and value.casefold() not in _WORDS_YAML_READS and ": " not in value
    ) or _YEAR_KEY.match(value)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else '"')


_Dumper.add_representer(str, _text)


def dump(data: Any) -> str:
    """YAML for plain data, every text quoted unless it can only be read as text."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=100,
    )


def _comment(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029\x85]", " ", text)


def rows_text(rows: tuple[Row, ...]) -> str:
    """'row 6', 'rows 6 to 9' (every row between) or 'rows 6, 9 and 12'."""
    numbers = [r.row for r in rows]
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"rows {numbers[0]} to {numbers[-1]}"
    shown = ", ".join(map(str, numbers[:-1][:10])) + (", …" if len(numbers) > 11 else "")
    return f"rows {shown} and {numbers[-1]}"


def part_text(grid: Grid, outcome: str, agreement: str, rows: tuple[Row, ...]) -> str:
    """The part file: a note of where it came from, then the indicators as a YAML list."""
    head = (
        f"# Targets of {_comment(agreement)} imported by `drafter import-targets` from\n"
        f"# {_comment(cell_name(Position(grid.where)))}, {rows_text(rows)}. Include it\n"
        f"# under {_list_name(outcome)} with '- include: <this file>'.\n"
    )
    return head + dump([r.data for r in rows])


def write_plan(plan: Plan, edited: dict[Path, bytes] | None = None) -> None:
    """Write every part file of the plan (and the agreement files edited), or none."""
    from ..write import write_set

    write_set([(p.path, p.text.encode("utf-8")) for p in plan.parts] + list((edited or {}).items()))
