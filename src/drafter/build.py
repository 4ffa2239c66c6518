"""`drafter build`: every agreement of a project, on every core, redoing only what changed.

The stages, in order:

1. plan — the project's agreements and what to make of each (`project.py`), the key of
   everything they depend on besides their own files (`buildcache.py`);
2. agreements — each one not up to date goes through the pipeline (`pipeline.process`:
   load, validate, gate, render, write, and its Government Office summary when
   `summaries:` asks for one) in a pool of worker processes that keep WeasyPrint, its
   fonts and the templates loaded from one agreement to the next; one failing agreement
   is reported and the others still build;
3. comparisons — the versions the project compares (`diffs:`), each redone only when
   either side changed;
4. packs — a Government Office sign-off pack for each region the agreements are in
   (`packs:`, through `pipeline.pack`), redone only when an agreement of that region (or
   the set of them) changed, made by the same warm workers as the agreements, the
   largest pack first;
5. record — the cache of what was built, for the next build.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .buildcache import (
    CACHE_NAME,
    Entry,
    build_key,
    read_cache,
    relative,
    toolkit_fingerprint,
    up_to_date,
    write_cache,
)
from .errors import DrafterError
from .pipeline import Job, PackJob, Result, Status, pack, process, project_options, shown
from .project import Diff, Project
from .render import FORMATS, render_time

OnResult = Callable[[Result], None]


@dataclass(frozen=True)
class DiffResult:
    """What became of one comparison of versions."""

    old: Path
    new: Path
    status: Status
    written: tuple[Path, ...] = ()
    message: str = ""
    spec: Diff | None = None  # the comparison asked for (with any git revisions)


@dataclass(frozen=True)
class PackResult:
    """What became of one region's sign-off pack."""

    region: str
    status: Status
    written: tuple[Path, ...] = ()
    message: str = ""
    left_out: tuple[str, ...] = ()  # agreements of the region the pack could not include


@dataclass
class BuildReport:
    """Everything a build did, for the summary."""

    results: list[Result] = field(default_factory=list)
    diffs: list[DiffResult] = field(default_factory=list)
    packs: list[PackResult] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1

    @property
    def failed(self) -> bool:
        """Whether anything was not built."""
        done = (Status.BUILT, Status.UP_TO_DATE)
        return (
            any(not r.ok for r in self.results)
            or any(d.status not in done for d in self.diffs)
            or any(p.status not in done for p in self.packs)
        )


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# ------------------------------------------------------------------ workers


def warm_worker(formats: Sequence[str]) -> None:
    """Load the back ends, fonts and templates once, before a worker's first agreement."""
    from .load import load  # noqa: F401  (imports pydantic models, the YAML readers)
    from .validate import validate  # noqa: F401

    for name in formats:
        FORMATS[name].builder()
    if "pdf" in formats:
        from .render.pdf import warm_up

        warm_up()


def _pool_context() -> multiprocessing.context.BaseContext:
    # A fresh interpreter per worker (never a fork of a process running threads).
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class Workers:
    """The worker processes of a build, shared by its stages: started when first needed.

    The regional packs are made by the workers that made the agreements, so they find
    WeasyPrint, its fonts and the templates loaded already.
    """

    def __init__(self, count: int, formats: Iterable[str]) -> None:
        self.count = count
        self.formats = sorted(formats)
        self._pool: ProcessPoolExecutor | None = None

    def pool(self) -> ProcessPoolExecutor:
        """The pool, started now if it is not yet."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=max(1, self.count),
                mp_context=_pool_context(),
                initializer=warm_worker,
                initargs=(self.formats,),
            )
        return self._pool

    def close(self, *, wait: bool = True) -> None:
        """Stop the workers (at once, dropping what is queued, unless `wait`)."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=not wait)
            self._pool = None


@dataclass
class Task:
    """Other work for the build's workers (a regional pack), and its future once given."""

    work: Callable[[Any], Any]
    argument: Any
    future: Future[Any] | None = None


def run_jobs(
    jobs: Sequence[Job],
    workers: int,
    on_result: OnResult,
    shared: Workers | None = None,
    alongside: Sequence[Task] = (),
) -> list[Result]:
    """Take every job through the pipeline, on `workers` processes; results as they finish.

    `shared` is the build's pool to run them on (it is left running for later stages);
    without it a pool is started for these jobs and stopped after them. `alongside` are
    longer tasks for the same pool (the packs, largest first): they are spread over the
    first half of the queue, so that they start early and no core is left idle at the
    end, while agreements keep finishing one after another for the progress bar.
    """
    results: list[Result] = []

    def done(result: Result) -> None:
        results.append(result)
        on_result(result)

    if alongside:
        assert shared is not None, "tasks alongside need the build's pool"
    if workers <= 1 or len(jobs) <= 1:
        for task in alongside:  # in the pool, while this process makes the agreement
            task.future = shared.pool().submit(task.work, task.argument) if shared else None
        for job in jobs:
            done(process(job))
        return results
    own = shared is None
    if shared is None:
        shared = Workers(min(workers, len(jobs)), {f for job in jobs for f in job.formats})
    pool = shared.pool()
    # Largest first, so the last agreements to finish are short ones and no core idles.
    ordered = sorted(jobs, key=lambda j: -_size(j.source))
    step = len(ordered) / (2 * len(alongside)) if alongside else 0
    try:
        futures: dict[Future[Result], Job] = {}
        for n, job in enumerate(ordered):
            for task in alongside:
                if task.future is None and alongside.index(task) * step <= n:
                    task.future = pool.submit(task.work, task.argument)
            futures[pool.submit(process, job)] = job
        for future in as_completed(futures):
            job = futures[future]
            try:
                done(future.result())
            except BrokenProcessPool:
                done(Result(job.source, Status.FAILED, message="its worker process stopped"))
            except Exception as e:  # a fault in drafter itself: report it, build the rest
                done(Result(job.source, Status.FAILED, message=f"internal error: {e!r}"))
    except BaseException:
        shared.close(wait=False)
        raise
    if own:
        shared.close()
    return results


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# ------------------------------------------------------------------ the build


def _check_names(project: Project) -> None:
    """Refuse two agreements that would write the same documents."""
    seen: dict[str, Path] = {}
    for path in project.agreements:
        other = seen.setdefault(path.stem, path)
        if other != path:
            raise DrafterError(
                f"{relative(project.root, other)} and {relative(project.root, path)} would both "
                f"write {path.stem}.* in the output folder; rename one, or build them in "
                "separate projects."
            )


def _entry(project: Project, key: str, result: Result, content: str | None = None) -> Entry | None:
    try:
        return Entry(
            key,
            {relative(project.root, p): h for p, h in result.inputs if h},
            {relative(project.root, p): h for p, h in result.outputs if h},
            result.region,
            content,
        )
    except ValueError:  # a file outside the project: never recorded, always rebuilt
        return None


def build(
    project: Project,
    *,
    force_all: bool = False,
    force: bool = False,
    workers: int | None = None,
    on_result: OnResult | None = None,
    on_plan: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Build the project: documents for every agreement, then the comparisons; see above."""
    started = time.perf_counter()
    report = BuildReport(workers=workers or default_workers())
    _check_names(project)
    options = project_options(project, force)
    branding = options.branding
    toolkit = toolkit_fingerprint()
    settings = [
        ("pdf_a", project.pdf_a),
        ("force", force),
        ("when", render_time(project.today).isoformat()),
        ("branding", branding),
        # The logo's bytes as checked (its repr leaves them out).
        ("logo", hashlib.sha256(branding.logo.data).hexdigest() if branding.logo else None),
    ]
    assets = [p for p in (project.templates, project.branding) if p is not None]
    key = build_key(toolkit, [*settings, ("formats", project.formats)], assets)
    # An agreement with a summary depends on the same things, and on making the summary.
    summary_key = build_key(
        toolkit, [*settings, ("formats", project.formats), ("summary", True)], assets
    )
    cache_file = project.output / CACHE_NAME
    cache = {} if force_all else read_cache(cache_file)
    entries: dict[str, Entry] = dict(cache)
    callback = on_result or (lambda _: None)

    jobs: list[Job] = []
    keys: dict[Path, str] = {}
    for path in project.agreements:
        name = "agreement:" + relative(project.root, path)
        entry = cache.get(name)
        keys[path] = summary_key if path in project.summaries else key
        if up_to_date(entry, keys[path], project.root):
            assert entry is not None
            written = tuple(project.root / p for p in entry.outputs)
            result = Result(path, Status.UP_TO_DATE, written=written, region=entry.region)
            report.results.append(result)
            callback(result)
        else:
            summary = project.formats if path in project.summaries else ()
            jobs.append(Job(path, project.formats, project.output, options, summary))
    if on_plan is not None:
        on_plan(len(project.agreements), len(jobs))
    formats = {f for job in jobs for f in job.formats} or set(project.formats)
    pool = Workers(report.workers, formats)
    stage = _Stage(project, toolkit, settings, cache, entries)
    packs: _Packs | None = None
    try:
        if project.packs is not None and report.workers > 1:
            # A pack reads the agreements' files, not their documents: it need not wait
            # for them. The packs are the longest jobs, so they start among the first.
            packs = _packs(stage, _members(report.results, jobs))
        tasks = list(packs.making.values()) if packs else []
        for result in run_jobs(jobs, report.workers, callback, pool, tasks):
            report.results.append(result)
            name = "agreement:" + relative(project.root, result.source)
            built = result.status is Status.BUILT
            entry = _entry(project, keys[result.source], result) if built else None
            if entry is None:
                entries.pop(name, None)
            else:
                entries[name] = entry
        report.diffs = [_diff(stage, spec) for spec in project.diffs]
        if project.packs is not None and packs is None:
            packs = _packs(stage, _members(report.results, []))
            for task in packs.making.values():
                task.future = pool.pool().submit(task.work, task.argument)
        if packs is not None:
            report.packs = _collect_packs(stage, packs)
    finally:
        pool.close()
        project.output.mkdir(parents=True, exist_ok=True)
        write_cache(cache_file, entries)
    report.results.sort(key=lambda r: str(r.source))
    report.seconds = time.perf_counter() - started
    return report


# ------------------------------------------------------------------ comparisons


@dataclass
class _Stage:
    """What the stages after the agreements share: the project, the keys and the cache."""

    project: Project
    toolkit: str
    settings: list[tuple[str, object]]
    cache: dict[str, Entry]  # as read at the start
    entries: dict[str, Entry]  # as it will be written


def _diff(stage: _Stage, spec: Diff) -> DiffResult:
    """One comparison of versions: the schedule of changes (and redline), if out of date.

    A version read from git history (path@REV) is keyed by the commit REV names now, not
    by files on disk: a commit's files never change, and a moved branch is a new key.
    """
    from .diff.command import documents

    project, toolkit, settings = stage.project, stage.toolkit, stage.settings
    cache, entries = stage.cache, stage.entries

    old, new = spec.sides()
    name = f"diff:{_side_name(project.root, spec.old, spec.old_rev)}→"
    name += _side_name(project.root, spec.new, spec.new_rev)
    try:
        commits = [("commit", _commit(p, r)) for p, r in _revisions(spec)]
    except DrafterError as e:
        return DiffResult(spec.old, spec.new, Status.FAILED, message=str(e), spec=spec)
    key = build_key(toolkit, [*settings, ("to", spec.to), ("redline", spec.redline), *commits], [])
    entry = cache.get(name)
    if up_to_date(entry, key, project.root):
        assert entry is not None
        written = tuple(project.root / p for p in entry.outputs)
        return DiffResult(spec.old, spec.new, Status.UP_TO_DATE, written, spec=spec)
    entries.pop(name, None)
    try:
        files, inputs = documents(
            old,
            new,
            spec.to,
            spec.redline,
            project.output,
            project.today,
            # The build's workers may still be making packs, and this process runs
            # threads (the pool's, the progress bar's): no PDF engine forked beside.
            beside=False,
        )
    except DrafterError as e:
        return DiffResult(spec.old, spec.new, Status.FAILED, message=str(e), spec=spec)
    from .pipeline import sha256
    from .write import write_atomic

    for path, data in files:
        write_atomic(path, data)
    done = Result(
        spec.new,
        Status.BUILT,
        inputs=tuple((p, sha256(p.read_bytes())) for p in inputs),
        outputs=tuple((p, sha256(data)) for p, data in files),
    )
    new_entry = _entry(project, key, done)
    if new_entry is not None:
        entries[name] = new_entry
    return DiffResult(spec.old, spec.new, Status.BUILT, tuple(p for p, _ in files), spec=spec)


def _revisions(spec: Diff) -> list[tuple[Path, str]]:
    return [(p, r) for p, r in ((spec.old, spec.old_rev), (spec.new, spec.new_rev)) if r]


def _commit(path: Path, rev: str) -> str:
    """The full id of the commit `rev` names in the repository holding `path`."""
    from .gitsource import open_revision

    source, _ = open_revision(str(path), rev)
    source.close()
    return source.commit


def _side_name(root: Path, path: Path, rev: str | None) -> str:
    return relative(root, path) + (f"@{rev}" if rev else "")


# ------------------------------------------------------------------ regional packs


@dataclass(frozen=True)
class _Made:
    """What a worker did for one region's pack."""

    written: list[Path]
    left_out: list[str]
    content: str  # SHA-256 of what the pack was laid out from
    reused: bool  # the last build's files were kept


def region_pack(job: PackJob) -> _Made:
    """Make and write one region's pack (run in a worker process), or keep the last one."""
    outcome = pack(job)
    written = [p for _, files in outcome.written for p in files]
    left_out = [f"{shown(f.source, job.root)} — {f.message}" for f in outcome.failed]
    return _Made(written, left_out, outcome.content, outcome.reused)


@dataclass(frozen=True)
class _Stale:
    """A pack to make again: its key, its agreements, the files they are made of, and
    the last build's pack of them, which is kept if its content has not changed."""

    key: str
    sources: list[Path]
    files: list[Path]
    reuse: tuple[str, tuple[tuple[Path, str], ...]] | None


@dataclass(frozen=True)
class _Member:
    """An agreement as a pack sees it: its file, its region, every file it is made of."""

    source: Path
    region: str | None
    files: tuple[Path, ...]


def _members(done: Sequence[Result], jobs: Sequence[Job]) -> list[_Member]:
    """The agreements of the packs: those done (up to date or built) and those to build.

    An agreement still to build is read here for its region and its parts (not
    validated, not rendered): that is all a pack needs to know of it before it is made.
    """
    from .load import load
    from .pipeline import raw_region

    out = [_Member(r.source, r.region, tuple(p for p, _ in r.inputs)) for r in done]
    for job in jobs:
        loaded = load(job.source)
        a = loaded.agreement
        region = a.area.region if a is not None else raw_region(loaded.raw)
        out.append(_Member(job.source, str(region) if region else None, tuple(loaded.contents)))
    return out


@dataclass
class _Packs:
    """The packs of a build: those up to date, and those being made by the workers."""

    results: list[PackResult]
    making: dict[str, Task]  # by region, the largest first
    stale: dict[str, _Stale]


def _packs(stage: _Stage, members: Sequence[_Member]) -> _Packs:
    """The sign-off pack of every region: those up to date, and the tasks to make the others."""
    project, toolkit, settings = stage.project, stage.toolkit, stage.settings
    cache, entries = stage.cache, stage.entries
    assert project.packs is not None
    by_region: dict[str, list[_Member]] = {}
    for m in members:
        if m.region:  # an unreadable agreement too, when its file names the region:
            by_region.setdefault(m.region, []).append(m)  # the pack says it is not included
    wanted = project.packs.regions or tuple(sorted(by_region))
    stale: dict[str, _Stale] = {}
    results: list[PackResult] = []
    for region in wanted:
        rows = sorted(by_region.get(region, []), key=lambda m: str(m.source))
        if not rows:
            results.append(PackResult(region, Status.FAILED, message="no agreement is in it"))
            continue
        names = [relative(project.root, m.source) for m in rows]
        key = build_key(
            toolkit,
            [*settings, ("pack", project.packs.formats), ("region", region), ("members", names)],
            [],
        )
        name = f"pack:{region}"
        entry = cache.get(name)
        if up_to_date(entry, key, project.root):  # every member's files have their hashes
            assert entry is not None
            written = tuple(project.root / p for p in entry.outputs)
            results.append(PackResult(region, Status.UP_TO_DATE, written))
        else:
            entries.pop(name, None)
            files = [f for m in rows for f in _files_of(project, m, entries)]
            reuse = None
            if entry is not None and entry.key == key and entry.content:
                kept = tuple((project.root / p, h) for p, h in entry.outputs.items())
                reuse = (entry.content, kept)
            stale[region] = _Stale(key, [m.source for m in rows], files, reuse)
    return _Packs(results, _pack_tasks(project, stale), stale)


def _files_of(project: Project, member: _Member, entries: dict[str, Entry]) -> list[Path]:
    """The files an agreement is made of: read this time, or recorded when it was built."""
    if member.files:
        return list(member.files)
    entry = entries.get("agreement:" + relative(project.root, member.source))
    return [project.root / n for n in entry.inputs] if entry else [member.source]


def _pack_tasks(project: Project, stale: dict[str, _Stale]) -> dict[str, Task]:
    """A task for each pack to make, the largest first."""
    assert project.packs is not None
    out = project.output / "packs"
    biggest = sorted(stale, key=lambda region: -len(stale[region].sources))
    return {
        region: Task(
            region_pack,
            PackJob(
                tuple(stale[region].sources),
                project.packs.formats,
                out,
                region,
                project.today,
                # The build's workers already keep every core busy: no PDF forked beside.
                beside=False,
                one_summary=False,
                root=project.root,
                reuse=stale[region].reuse,
                record=True,
            ),
        )
        for region in biggest
    }


def _collect_packs(stage: _Stage, packs: _Packs) -> list[PackResult]:
    """Wait for the packs being made; record each in the cache."""
    from .pipeline import sha256

    project, entries = stage.project, stage.entries
    results = list(packs.results)
    regions = {t.future: region for region, t in packs.making.items() if t.future is not None}
    for future in as_completed(regions):
        region = regions[future]
        stale = packs.stale[region]
        try:
            made: _Made = future.result()
        except DrafterError as e:
            results.append(PackResult(region, Status.FAILED, message=str(e)))
            continue
        except BrokenProcessPool:
            results.append(PackResult(region, Status.FAILED, message="its worker process stopped"))
            continue
        except Exception as e:  # a fault in drafter itself: report it, build the rest
            results.append(PackResult(region, Status.FAILED, message=f"internal error: {e!r}"))
            continue
        done = Result(
            stale.sources[0],
            Status.BUILT,
            inputs=tuple((f, sha256(f.read_bytes())) for f in stale.files),
            outputs=tuple((p, sha256(p.read_bytes())) for p in made.written),
        )
        entry = _entry(project, stale.key, done, made.content or None)
        if entry is not None:
            entries[f"pack:{region}"] = entry
        status = Status.UP_TO_DATE if made.reused else Status.BUILT
        left_out = tuple(made.left_out)
        results.append(PackResult(region, status, tuple(made.written), left_out=left_out))
    return sorted(results, key=lambda p: p.region)
