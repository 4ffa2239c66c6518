"""The documents of summaries, packs and reward statements: what `drafter.pipeline` calls.

`pipeline.pack` loads and summarises the agreements; this module reads what goes with
them (the previous versions, the actuals), names the regions, and renders a summary or
a pack in every format asked for, in memory: nothing is written here, so the pipeline
writes every file only once all of them were made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..actuals import Actuals, check_actuals, read_actuals
from ..config import Branding
from ..context.shared import Setting
from ..context.wording import REGION_NAMES
from ..errors import DrafterError, InputError, UsageError
from ..load import Loaded, load
from ..model import Agreement, Region
from ..problems import Problem, Severity, display_path
from ..reference import national_indicators
from ..render import render_time
from ..report import Report
from ..reward import Statement, statement
from ..validate import validate
from .region import Pack
from .summary import Summary

PACK_FORMATS = ("pdf", "docx", "html", "xlsx")
SUMMARY_FORMATS = PACK_FORMATS
REWARD_SUFFIXES = {"text": ".txt", "json": ".json", "xlsx": ".xlsx", "pdf": ".pdf"}


class PackError(DrafterError):
    """A pack could not be made (nothing to put in it, or an unreadable file)."""


class ProblemsError(DrafterError):
    """Input with problems to list (an actuals file with unknown ids, say)."""

    def __init__(self, message: str, problems: Sequence[Problem]) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


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


def check_formats(formats: Sequence[str]) -> None:
    """Refuse a format a summary or a pack does not come in."""
    unknown = [f for f in formats if f not in PACK_FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]}; choose from {', '.join(PACK_FORMATS)}.")


# ---------------------------------------------------------------- what goes with the agreements


def read_outturns(paths: Sequence[Path]) -> dict[str, Actuals]:
    """Actuals files by the id of the agreement they belong to (a CSV file by its name)."""
    out = {}
    for file in paths:
        read = read_actuals(file)
        out[read.agreement_id or file.stem] = read
    return out


def check_outturns(read: Actuals, agreement: Agreement | None) -> None:
    """Refuse actuals with errors (reading them, or against their agreement), listing them."""
    problems = [*read.problems, *(check_actuals(read, agreement) if agreement else [])]
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ProblemsError(
            f"{display_path(read.path)} has {len(errors)} problem"
            f"{'s' if len(errors) != 1 else ''} to fix before the reward can be worked out.",
            errors,
        )


def unused_outturns(outturns: dict[str, Actuals], used: set[str]) -> None:
    """Refuse actuals that belong to no agreement of the pack (their own faults first)."""
    for key, read in outturns.items():
        if key not in used:
            check_outturns(read, None)
            raise UsageError(
                f"{display_path(read.path)} holds the outturns of '{key}', which is not among "
                "the agreements of the pack."
            )


def previous_versions(specs: Sequence[str | Path]) -> dict[str, Loaded]:
    """The earlier versions by agreement id: files, folders or `path@REV` (read from git
    history, as `drafter diff` reads them); an unreadable one is a usage error."""
    from ..diff.sides import resolve

    out: dict[str, Loaded] = {}
    for spec in specs:
        try:
            side = resolve(str(spec))
        except InputError as e:
            raise UsageError(f"The previous version: {e}") from None
        for loaded in side.loaded:
            if loaded.agreement is None:
                name = side.name(loaded)
                check = "" if side.revision else f" (see `drafter validate {name}`)"
                raise UsageError(
                    f"The previous version {name} cannot be read as an agreement{check}."
                )
            out[loaded.agreement.id] = loaded
    return out


# ---------------------------------------------------------------- names and documents


def pack_name(region: Region | None) -> str:
    """A pack's file name without suffix: 'sign-off-pack-GOWM' ('sign-off-pack' without one)."""
    return f"sign-off-pack-{region.value}" if region else "sign-off-pack"


def summary_name(file: str | Path) -> str:
    """A summary's file name without suffix: 'northfleet-laa-2008-summary'."""
    return Path(file).stem + "-summary"


@contextlib.contextmanager
def _pdfs_beside(reports: Sequence[Report], beside: bool) -> Iterator[list[Future[bytes]] | None]:
    """Lay out the PDFs in other processes while this one makes the other formats.

    The PDF is most of a pack's time and the other formats keep only one core busy, so
    on a machine with two cores or more this saves their time. The children render from
    the frozen reports; nothing is written until every format has been made.
    """
    cores = os.cpu_count() or 1
    if not reports or not beside or cores < 2:
        yield None
        return
    from ..report import render_report

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ProcessPoolExecutor(max_workers=min(cores, len(reports)), mp_context=context) as pool:
        yield [pool.submit(render_report, r, "pdf") for r in reports]


@dataclass(frozen=True)
class Document:
    """One summary or pack to render: its report, its workbook's pack, its file stem."""

    stem: str
    report: Report
    pack: Pack


def summary_document(one: Summary, when: dt.datetime) -> Document:
    """The summary of one agreement (its workbook is that of a pack of one)."""
    from .layout import summary_report
    from .region import regional_pack

    p = regional_pack([one], when.date(), one.headline.region)
    return Document(summary_name(one.file), summary_report(one, when), p)


def pack_document(p: Pack, when: dt.datetime) -> Document:
    """A region's sign-off pack (or the pack of agreements that name no region)."""
    from .layout import pack_report

    return Document(pack_name(p.region), pack_report(p, when), p)


def render_documents(
    docs: Sequence[Document],
    formats: Sequence[str],
    out: Path,
    when: dt.datetime,
    *,
    beside: bool = True,
    workbooks: Sequence[bytes] = (),
) -> list[tuple[Path, bytes]]:
    """Every document in every format, as (path, bytes); nothing is written here.

    With `beside` (and more than one thing to make), the PDFs are laid out in other
    processes at the same time. `workbooks` are the documents' workbooks, already made.
    """
    from ..report import render_report
    from .workbook import pack_workbook

    check_formats(formats)
    made: dict[tuple[int, str], bytes] = {}
    several = len(docs) > 1 or len(formats) > 1
    pdfs = [d.report for d in docs] if "pdf" in formats else []
    with _pdfs_beside(pdfs, beside and several) as futures:
        for k, d in enumerate(docs):
            for fmt in formats:
                if fmt == "xlsx":
                    made[k, fmt] = workbooks[k] if workbooks else pack_workbook(d.pack, when)
                elif fmt != "pdf" or futures is None:
                    made[k, fmt] = render_report(d.report, fmt)
        for k, future in enumerate(futures or ()):
            made[k, "pdf"] = future.result()
    return [(out / f"{d.stem}.{fmt}", made[k, fmt]) for k, d in enumerate(docs) for fmt in formats]


# ---------------------------------------------------------------- the reward calculator


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
        check_outturns(read, a)
        warnings = [p for p in check_actuals(read, a) if p.severity is Severity.WARNING]
        outturns = read.outturns
    faults = sum(1 for p in validate(loaded) if p.severity is Severity.ERROR)
    s = Setting(a, Branding(), False, dt.date.today(), national_indicators())
    return RewardRun(
        statement(a, outturns), s.title(), a.area.name, path.stem, tuple(warnings), faults
    )


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
