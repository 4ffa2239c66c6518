"""Orchestration for `drafter pack` and `drafter reward`: load, check, summarise, render, write.

Everything is gathered and rendered in memory first; files are written only when
every format has been produced, each atomically, so a failure never leaves a
half-written pack.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..actuals import Actuals, check_actuals, read_actuals
from ..config import Branding
from ..context.shared import Setting
from ..context.wording import REGION_NAMES
from ..errors import DrafterError, UsageError
from ..load import Loaded, iter_files, load
from ..model import Agreement, Region
from ..problems import Problem, Severity, display_path
from ..reference import national_indicators
from ..render import render_time
from ..report import Report
from ..reward import Statement, statement
from ..validate import validate
from ..write import write_atomic
from .region import Pack, regional_pack
from .summary import SincePrevious, Summary, summarise

# Turns the previous version and the current one into the changes a summary lists.
Since = Callable[[Loaded, Loaded], SincePrevious]


class PackError(DrafterError):
    """A pack could not be made (nothing to put in it, or an unreadable file)."""


def parse_region(text: str) -> Region:
    """'GOWM', 'gowm', 'West Midlands' or 'Government Office for the West Midlands' → GOWM."""
    wanted = " ".join(text.split()).lower()
    for region, name in REGION_NAMES.items():
        short = name.removeprefix("Government Office for ").removeprefix("the ")
        if wanted in (region.value.lower(), name.lower(), short.lower(), f"the {short.lower()}"):
            return region
    codes = ", ".join(r.value for r in Region)
    raise UsageError(
        f"'{text}' is not a Government Office region; give a code ({codes}) or a name such "
        "as 'West Midlands'."
    )


@dataclass(frozen=True)
class Gathered:
    """The agreements of a pack, summarised, and the files that were left out and why."""

    summaries: tuple[Summary, ...]
    skipped: tuple[tuple[str, str], ...]  # (file, why), for the terminal
    unreadable: tuple[tuple[str, tuple[Problem, ...]], ...] = field(default=())


def gather(
    paths: Sequence[Path],
    *,
    region: Region | None,
    today: dt.date | None,
    previous: Sequence[Path] = (),
    since: Since | None = None,
    actuals: Sequence[Path] = (),
) -> Gathered:
    """Load, validate and summarise every agreement named (folders stand for their files).

    With `region`, agreements of other regions are left out. `previous` gives the
    versions the Government Office last saw; each is matched to the current agreement
    with the same id, and `since` works out what changed. `actuals` are outturn files,
    each matched to its agreement by its `agreement:` id (a CSV file by its name).
    """
    files = list(iter_files(list(paths)))
    if not files:
        raise UsageError("No agreement files found in " + ", ".join(map(str, paths)) + ".")
    earlier = _previous(previous)
    outturns = {}
    for file in actuals:
        read = read_actuals(file)
        outturns[read.agreement_id or file.stem] = read
    summaries: list[Summary] = []
    skipped: list[tuple[str, str]] = []
    unreadable: list[tuple[str, tuple[Problem, ...]]] = []
    for path in files:
        loaded = load(path)
        a = loaded.agreement
        if a is None:
            errors = tuple(p for p in loaded.problems if p.severity is Severity.ERROR)
            unreadable.append((display_path(path), errors))
            continue
        if region is not None and a.area.region is not region:
            where = a.area.region.value if a.area.region else "no region"
            skipped.append((display_path(path), f"in {where}, not {region.value}"))
            continue
        when = today or a.date or dt.date.today()
        changes = None
        old = earlier.get(a.id)
        if old is not None and since is not None:
            changes = since(old, loaded)
        found = outturns.get(a.id)
        if found is not None:
            _check(found, a)
        summaries.append(
            summarise(
                display_path(path),
                a,
                validate(loaded, today=when),
                when,
                since=changes,
                outturns=found.outturns if found is not None else None,
            )
        )
    used = {s.agreement.id for s in summaries}
    for key, read in outturns.items():
        if key not in used:
            _check(read, None)  # its own faults first, if any
            raise UsageError(
                f"{display_path(read.path)} holds the outturns of '{key}', which is not among "
                "the agreements of the pack."
            )
    return Gathered(tuple(summaries), tuple(skipped), tuple(unreadable))


def _check(read: Actuals, agreement: Agreement | None) -> None:
    """Refuse actuals with errors (reading them, or against their agreement), listing them."""
    problems = [*read.problems, *(check_actuals(read, agreement) if agreement else [])]
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ProblemsError(
            f"{display_path(read.path)} has {len(errors)} problem"
            f"{'s' if len(errors) != 1 else ''} to fix before the reward can be worked out.",
            errors,
        )


def _previous(paths: Sequence[Path]) -> dict[str, Loaded]:
    """The earlier versions by agreement id; an unreadable one is a usage error."""
    out: dict[str, Loaded] = {}
    for path in iter_files(list(paths)):
        loaded = load(path)
        if loaded.agreement is None:
            raise UsageError(
                f"The previous version {display_path(path)} cannot be read as an agreement "
                f"(see `drafter validate {display_path(path)}`)."
            )
        out[loaded.agreement.id] = loaded
    return out


def pack_of(gathered: Gathered, region: Region | None, today: dt.date | None) -> Pack:
    """The regional pack of what was gathered."""
    if not gathered.summaries:
        why = f" in {REGION_NAMES[region]}" if region else ""
        raise PackError(f"No agreement{why} could be summarised, so there is no pack to make.")
    return regional_pack(gathered.summaries, render_time(today).date(), region)


def write_all(outputs: Sequence[tuple[Path, bytes]]) -> list[Path]:
    """Write rendered files, each atomically, only after all of them were made."""
    for path, data in outputs:
        write_atomic(path, data)
    return [path for path, _ in outputs]


class ProblemsError(DrafterError):
    """Input with problems to list (an actuals file with unknown ids, say)."""

    def __init__(self, message: str, problems: Sequence[Problem]) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class RewardRun:
    """A reward worked out for one agreement, with what the reader should be told."""

    statement: Statement
    title: str
    area: str
    stem: str  # the agreement file's name without .yaml, for output names
    warnings: tuple[Problem, ...]
    agreement_errors: int


def reward_run(path: Path, actuals: Path | None) -> RewardRun:
    """Load the agreement and the actuals, check both, and work out the reward."""
    loaded = load(path)
    a = loaded.agreement
    if a is None:
        raise ProblemsError(
            f"{display_path(path)} cannot be read as an agreement.",
            [p for p in loaded.problems if p.severity is Severity.ERROR],
        )
    if a.reward is None:
        raise PackError(f"{display_path(path)} has no 'reward:' section, so there is no reward.")
    outturns = None
    warnings: list[Problem] = []
    if actuals is not None:
        read = read_actuals(actuals)
        _check(read, a)
        warnings = [p for p in check_actuals(read, a) if p.severity is Severity.WARNING]
        outturns = read.outturns
    faults = sum(1 for p in validate(loaded) if p.severity is Severity.ERROR)
    s = Setting(a, Branding(), False, dt.date.today(), national_indicators())
    return RewardRun(
        statement(a, outturns), s.title(), a.area.name, path.stem, tuple(warnings), faults
    )


PACK_FORMATS = ("pdf", "docx", "html", "xlsx")
REWARD_SUFFIXES = {"text": ".txt", "json": ".json", "xlsx": ".xlsx", "pdf": ".pdf"}


def reward_bytes(run: RewardRun, fmt: str, today: dt.date | None) -> bytes:
    """The reward statement in one format, as bytes."""
    from .statement import json_statement, text_statement

    if fmt == "text":
        return text_statement(run.statement, run.title).encode("utf-8")
    if fmt == "json":
        return json_statement(run.statement).encode("utf-8")
    if fmt == "xlsx":
        from .workbook import reward_workbook

        title = f"Reward statement: {run.title}"
        return reward_workbook(run.statement, run.area, title, render_time(today))
    if fmt == "pdf":
        from ..report import render_report
        from .statement import reward_report

        report = reward_report(run.statement, run.title, run.area, render_time(today))
        return render_report(report, "pdf")
    raise UsageError(f"unknown format {fmt}; choose from {', '.join(REWARD_SUFFIXES)}.")


def pack_name(pack: Pack) -> str:
    """The pack's file name without suffix: 'gowm-pack', or 'pack' for any set."""
    return f"{pack.region.value.lower()}-pack" if pack.region else "pack"


@contextlib.contextmanager
def _pdf_beside(report: Report | None) -> Iterator[Future[bytes] | None]:
    """Lay out the PDF in a second process while this one makes the other formats.

    The PDF is most of a pack's time and the other formats keep only one core busy, so
    on a machine with two cores or more this saves their time. The child renders from
    the frozen report; nothing is written until every format has been made.
    """
    if report is None or (os.cpu_count() or 1) < 2:
        yield None
        return
    from ..report import render_report

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        yield pool.submit(render_report, report, "pdf")


def make_pack(
    gathered: Gathered,
    region: Region | None,
    formats: Sequence[str],
    out: Path,
    today: dt.date | None,
) -> list[Path]:
    """Render the pack (or, for one agreement, its summary) in every format, then write."""
    from ..report import render_report
    from .layout import pack_report, summary_report
    from .workbook import pack_workbook

    p = pack_of(gathered, region, today)
    when = render_time(today)
    one = len(p.summaries) == 1
    stem = Path(p.summaries[0].file).stem + "-summary" if one else pack_name(p)
    report = summary_report(p.summaries[0], when) if one else pack_report(p, when)
    unknown = [f for f in formats if f not in PACK_FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]}; choose from {', '.join(PACK_FORMATS)}.")
    made: dict[str, bytes] = {}
    with _pdf_beside(report if "pdf" in formats and len(formats) > 1 else None) as pdf:
        for fmt in formats:
            if fmt == "xlsx":
                made[fmt] = pack_workbook(p, when)
            elif fmt != "pdf" or pdf is None:
                made[fmt] = render_report(report, fmt)
        if pdf is not None:
            made["pdf"] = pdf.result()
    outputs = [(out / f"{stem}.{fmt}", made[fmt]) for fmt in formats]
    return write_all(outputs)
