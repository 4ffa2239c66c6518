"""The pipeline every command runs for one agreement: load, validate, gate, render, report.

`process` takes one agreement file through every stage and returns a `Result` saying
what happened — documents written, refused for errors, unreadable, or failed — and
which files it read (with their content hashes, for incremental builds). It never
raises for bad input and never prints: `drafter render` and the workers of `drafter
build` call it, and the command line reports its results. The later stages of a build
(regional packs, comparisons of versions) take these results; see `build.py`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DrafterError, UsageError
from .problems import Problem, Severity, display_path
from .render import RenderOptions

if TYPE_CHECKING:
    from .actuals import Actuals
    from .load import Loaded
    from .pack.build import Document
    from .pack.summary import Summary
    from .project import Project

MAX_SHOWN = 5  # errors carried back with a refused agreement, to print


class Status(StrEnum):
    """What became of one agreement."""

    BUILT = "built"
    UP_TO_DATE = "up to date"
    REFUSED = "not rendered"  # validation errors, and no --force
    UNREADABLE = "cannot be read"
    FAILED = "failed"  # a document could not be made


@dataclass(frozen=True)
class Job:
    """One agreement to take through the pipeline, and what to make of it."""

    source: Path
    formats: tuple[str, ...]
    out_dir: Path
    options: RenderOptions = field(default_factory=RenderOptions)
    summary: tuple[str, ...] = ()  # formats of its Government Office summary, if one is made


@dataclass(frozen=True)
class Result:
    """What became of one agreement, for the command line to report."""

    source: Path
    status: Status
    written: tuple[Path, ...] = ()
    errors: int = 0
    warnings: int = 0
    seconds: float = 0.0
    message: str = ""  # why it was not rendered, in words
    problems: tuple[Problem, ...] = ()  # the first errors, when refused or unreadable
    incomplete: bool = False  # rendered with --force despite errors
    inputs: tuple[tuple[Path, str], ...] = ()  # every file read, with its SHA-256
    outputs: tuple[tuple[Path, str], ...] = ()  # every file written, with its SHA-256
    readable: bool = True  # False: the file could not be read as YAML at all
    region: str | None = None  # the Government Office region, for regional packs
    agreement_id: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the agreement's documents are there and current."""
        return self.status in (Status.BUILT, Status.UP_TO_DATE)


def project_options(project: Project, force: bool) -> RenderOptions:
    """How a project's documents are made: its templates, branding, date and PDF/A."""
    from .config import Branding, load_branding

    return RenderOptions(
        force=force,
        pdf_a=project.pdf_a,
        project_templates=project.templates,
        branding=load_branding(project.branding) if project.branding else Branding(),
        today=project.today,
    )


def sha256(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def _hashes(paths: Sequence[Path]) -> tuple[tuple[Path, str], ...]:
    """Files drafter wrote, with their hashes ("" when one has gone: it is rebuilt)."""
    out = []
    for path in paths:
        try:
            out.append((path, sha256(path.read_bytes())))
        except OSError:
            out.append((path, ""))
    return tuple(out)


def _inputs(source: Path, contents: dict[Path, bytes]) -> tuple[tuple[Path, str], ...]:
    """The files an agreement was built from, each with the hash of the bytes validated.

    Hashing what was read (never reading the files again) means an edit made while an
    agreement is being built leaves a hash that no longer matches the file, so the next
    build does it again; and a file the boundary refused is never read for its hash.
    The agreement comes first, under the name it was given ("" when it was not read, so
    it never matches and is tried again).
    """
    files = iter(contents.items())
    first = next(files, None)
    main = ((source, sha256(first[1])),) if first is not None else ((source, ""),)
    return main + tuple((path, sha256(data)) for path, data in files)


def process(job: Job) -> Result:
    """Load, validate, gate on errors, render and write one agreement; never raises for input."""
    from .load import load
    from .render import render_agreement
    from .validate import validate

    started = time.perf_counter()
    source = job.source
    try:
        loaded = load(source)
        problems = validate(loaded, today=job.options.today)
    except DrafterError as e:
        return Result(source, Status.UNREADABLE, message=str(e), seconds=_since(started))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    agreement = loaded.agreement
    region = agreement.area.region if agreement is not None else raw_region(loaded.raw)
    base = Result(
        source,
        Status.UNREADABLE,
        errors=len(errors),
        warnings=len(problems) - len(errors),
        problems=tuple(errors[:MAX_SHOWN]),
        inputs=_inputs(source, loaded.contents),
        readable=loaded.readable,
        region=str(region) if region else None,
        agreement_id=agreement.id if agreement is not None else None,
    )
    if not loaded.readable or agreement is None:
        result = replace(base, message="it cannot be read, so nothing was rendered")
    elif errors and not job.options.force:
        n = len(errors)
        result = replace(
            base, status=Status.REFUSED, message=f"{n} error{'s' * (n != 1)} to fix first"
        )
    else:
        try:
            written = render_agreement(
                loaded, job.formats, job.out_dir, job.options, errors=bool(errors)
            )
        except DrafterError as e:
            result = replace(base, status=Status.FAILED, message=str(e))
        else:
            result = replace(
                base,
                status=Status.BUILT,
                written=tuple(written),
                outputs=_hashes(written),
                incomplete=bool(errors),
                problems=(),
            )
    if job.summary and agreement is not None and result.status is not Status.FAILED:
        # A summary is made even when the documents are refused: its first section says
        # what would send the agreement back.
        result = _with_summary(result, job, loaded, problems)
    return replace(result, seconds=_since(started))


def _with_summary(result: Result, job: Job, loaded: Loaded, problems: Sequence[Problem]) -> Result:
    """The result with the agreement's summary written beside its documents."""
    from .pack.build import render_documents, summary_document
    from .pack.summary import summarise
    from .render import render_time
    from .write import write_atomic

    a = loaded.agreement
    assert a is not None
    when = render_time(job.options.today)
    try:
        summary = summarise(
            display_path(job.source), a, problems, job.options.today or a.date or when.date()
        )
        outputs = render_documents(
            [summary_document(summary, when)], job.summary, job.out_dir, when, beside=False
        )
    except DrafterError as e:
        return replace(result, status=Status.FAILED, message=f"its summary: {e}")
    for path, data in outputs:
        write_atomic(path, data)
    made = tuple(p for p, _ in outputs)
    return replace(
        result,
        written=(*result.written, *made),
        outputs=(*result.outputs, *((p, sha256(data)) for p, data in outputs)),
    )


def _since(started: float) -> float:
    return time.perf_counter() - started


# ------------------------------------------------------------------ summaries and packs


@dataclass(frozen=True)
class Summarised:
    """One agreement summarised for the Government Office, or why it could not be."""

    source: Path
    summary: Summary | None
    region: str | None  # its region, or the one its file names when it cannot be read
    message: str = ""  # why it could not be summarised, in words
    problems: tuple[Problem, ...] = ()  # the first errors, when it cannot be read


def raw_region(raw: object) -> str | None:
    """The region an unreadable agreement's file names (area: region:), if it is one."""
    from .model import Region

    area = raw.get("area") if isinstance(raw, dict) else None
    value = area.get("region") if isinstance(area, dict) else None
    return value if isinstance(value, str) and value in {r.value for r in Region} else None


def shown(path: Path, root: Path | None = None) -> str:
    """A file's name for the reader: relative to `root` when inside it, else as given."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return display_path(path)


def summarise_file(
    source: Path,
    *,
    today: dt.date | None = None,
    previous: Mapping[str, Loaded] | None = None,
    outturns: Mapping[str, Actuals] | None = None,
    root: Path | None = None,
) -> Summarised:
    """Load, validate and summarise one agreement; never raises for a faulty agreement.

    `previous` holds the versions the Government Office last saw and `outturns` the
    actuals read, each by agreement id: the agreement's own, if there, are used. Faults
    in the actuals raise ProblemsError (they are the user's input, named on the command
    line, and the reward cannot be worked out without them).
    """
    from .load import load
    from .pack.build import ProblemsError, check_outturns
    from .pack.summary import summarise
    from .validate import validate

    try:
        loaded = load(source)
        a = loaded.agreement
        if a is None:
            errors = tuple(p for p in loaded.problems if p.severity is Severity.ERROR)
            n = len(errors)
            why = "cannot be read as an agreement" + (f" ({n} error{'s' * (n != 1)})" if n else "")
            return Summarised(source, None, raw_region(loaded.raw), why, errors[:MAX_SHOWN])
        found = (outturns or {}).get(a.id)
        if found is not None:
            check_outturns(found, a)
        old = (previous or {}).get(a.id)
        since = None
        if old is not None:
            from .pack.since import since_previous  # the comparison engine, only when asked

            since = since_previous(old, loaded)
        when = today or a.date or dt.date.today()
        summary = summarise(
            shown(source, root),
            a,
            validate(loaded, today=when),
            when,
            since=since,
            outturns=found.outturns if found is not None else None,
        )
    except ProblemsError:  # the actuals' faults: the user's own input, to fix first
        raise
    except DrafterError as e:
        return Summarised(source, None, None, str(e))
    except Exception as e:  # a fault in drafter itself: report it, pack the others
        return Summarised(source, None, None, f"internal error: {e!r}")
    region = a.area.region
    return Summarised(source, summary, region.value if region else None)


@dataclass(frozen=True)
class PackJob:
    """Agreements to summarise and pack, and what to make of them."""

    paths: tuple[Path, ...]  # files, or folders standing for their files
    formats: tuple[str, ...]
    out_dir: Path
    region: str | None = None  # only this region's agreements (its code)
    today: dt.date | None = None
    previous: tuple[str, ...] = ()  # the versions the GO last saw (as `drafter diff` reads sides)
    actuals: tuple[Path, ...] = ()  # outturn files, matched to agreements by id
    beside: bool = True  # lay PDFs out in other processes at the same time
    one_summary: bool = True  # one agreement file gives its summary (False: a pack of one)
    root: Path | None = None  # files are named relative to this folder (a build's project)
    # A build's last pack of the same agreements: the SHA-256 of what it was laid out
    # from, and the files it wrote with theirs. If the new pack would be laid out from
    # the same content and those files are intact, they are kept and nothing is made.
    reuse: tuple[str, tuple[tuple[Path, str], ...]] | None = None
    record: bool = False  # say what the documents were laid out from (for a build's cache)


@dataclass(frozen=True)
class PackOutcome:
    """What `pack` made: the files written, and every agreement left out and why."""

    written: tuple[tuple[str, tuple[Path, ...]], ...]  # (region code or summary's file, files)
    failed: tuple[Summarised, ...]  # could not be summarised: named in its pack's overview
    skipped: tuple[tuple[Path, str], ...]  # in another region than the one asked for
    content: str = ""  # SHA-256 of what the documents were laid out from
    reused: bool = False  # the files of `job.reuse` were kept: nothing was made


def pack(job: PackJob) -> PackOutcome:
    """Summarise every agreement named and write its summary, or one pack per region.

    One agreement file gives its summary. Several give a sign-off pack for each region
    they are in (with `region`, that region's only). An agreement that cannot be read is
    reported and named in its region's pack (in every pack when its region is unknown),
    and the others are still packed. Everything is rendered before anything is written.
    """
    from .load import iter_files
    from .pack.build import (
        PackError,
        check_formats,
        previous_versions,
        read_outturns,
        unused_outturns,
    )

    check_formats(job.formats)
    files = list(iter_files(list(job.paths)))
    if not files:
        raise UsageError("No agreement files found in " + ", ".join(map(str, job.paths)) + ".")
    earlier = previous_versions(job.previous)
    outturns = read_outturns(job.actuals)
    kept: list[Summarised] = []
    skipped: list[tuple[Path, str]] = []
    for path in files:
        s = summarise_file(
            path, today=job.today, previous=earlier, outturns=outturns, root=job.root
        )
        # An unreadable file whose region is unknown might be the region's: it is kept.
        if job.region and s.region not in (job.region, None):
            skipped.append((path, f"in {s.region}, not {job.region}"))
        elif job.region and s.region is None and s.summary is not None:
            skipped.append((path, f"in no region, not {job.region}"))
        else:
            kept.append(s)
    unused_outturns(outturns, {s.summary.agreement.id for s in kept if s.summary})
    good = [s for s in kept if s.summary is not None]
    failed = tuple(s for s in kept if s.summary is None)
    if not good:
        from .context.wording import REGION_NAMES
        from .model import Region

        where = f" in {REGION_NAMES[Region(job.region)]}" if job.region else ""
        raise PackError(f"No agreement{where} could be summarised, so there is nothing to make.")
    single = job.one_summary and len(files) == 1
    labels, docs = _pack_documents(job, good, failed, single=single)
    workbooks: list[bytes] = []
    content = ""
    if job.record or job.reuse:
        workbooks = _workbooks(docs, job)
        content = _content(docs, workbooks)
    if job.reuse is not None and len(labels) == 1 and _reusable(job.reuse, content):
        kept_files = tuple(p for p, _ in job.reuse[1])
        return PackOutcome(((labels[0], kept_files),), failed, tuple(skipped), content, True)
    from .pack.build import render_documents
    from .render import render_time
    from .write import write_atomic

    outputs = render_documents(
        docs,
        job.formats,
        job.out_dir,
        render_time(job.today),
        beside=job.beside,
        workbooks=workbooks,
    )
    for path, data in outputs:
        write_atomic(path, data)
    per = len(job.formats)
    written = tuple(
        (label, tuple(p for p, _ in outputs[k * per : (k + 1) * per]))
        for k, label in enumerate(labels)
    )
    return PackOutcome(written, failed, tuple(skipped), content)


def _workbooks(docs: Sequence[Document], job: PackJob) -> list[bytes]:
    """Each document's workbook, when the pack has one (else none)."""
    if "xlsx" not in job.formats:
        return []
    from .pack.workbook import pack_workbook
    from .render import render_time

    return [pack_workbook(d.pack, render_time(job.today)) for d in docs]


def _content(docs: Sequence[Document], workbooks: Sequence[bytes]) -> str:
    """SHA-256 of what documents show: their reports (from which the PDF, Word and HTML
    are laid out) and their workbooks.

    A report is a frozen dataclass of text, numbers, dates and tuples, so its repr is the
    same in every process for the same content; it holds what the documents print and
    nothing else (not the agreements they were made from).
    """
    shown = repr([(d.stem, d.report) for d in docs]).encode("utf-8")
    return sha256(shown + b"".join(sha256(w).encode() for w in workbooks))


def _reusable(reuse: tuple[str, tuple[tuple[Path, str], ...]], content: str) -> bool:
    """Whether the last pack was laid out from `content` and its files are as written."""
    from .buildcache import file_hash

    digest, files = reuse
    return digest == content and bool(files) and all(file_hash(p) == h for p, h in files)


def _pack_documents(
    job: PackJob, good: Sequence[Summarised], failed: Sequence[Summarised], *, single: bool
) -> tuple[list[str], list[Document]]:
    """The summary (one agreement file) or every region's pack, to be rendered."""
    from .model import Region
    from .pack.build import pack_document, summary_document
    from .pack.region import regional_pack
    from .render import render_time

    when = render_time(job.today)
    summaries = [s.summary for s in good if s.summary is not None]
    if single:
        docs = [summary_document(summaries[0], when)]
        labels = [summaries[0].file]
    else:
        docs, labels = [], []
        order = [r.value for r in Region]  # the Government Offices in their usual order
        for region in sorted({s.region for s in good}, key=lambda r: order.index(r) if r else 99):
            members = [s.summary for s in good if s.region == region and s.summary]
            left_out = [
                (shown(f.source, job.root), f.message) for f in failed if f.region in (region, None)
            ]
            code = Region(region) if region else None
            docs.append(pack_document(regional_pack(members, when.date(), code, left_out), when))
            labels.append(region or "no region")
    return labels, docs
