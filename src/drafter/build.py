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
from .config import Branding, load_branding
from .errors import DrafterError
from .pipeline import Job, PackJob, Result, Status, pack, process, shown
from .project import Diff, Project
from .render import FORMATS, RenderOptions, render_time

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

WARM_HTML = (
    '<html lang="en-GB"><body style="font-family: Carlito, sans-serif">'
    "<h1>Warm</h1><p>Text, <b>bold</b>, <i>italic</i>, 1,234.5%</p>"
    "<table><tr><th>a</th><td>b</td></tr></table></body></html>"
)


def warm_worker(formats: Sequence[str]) -> None:
    """Load the back ends, fonts and templates once, before a worker's first agreement."""
    from .load import load  # noqa: F401  (imports pydantic models, the YAML readers)
    from .validate import validate  # noqa: F401

    for name in formats:
        FORMATS[name].builder()
    if "pdf" in formats:
        from .render.engine import import_weasyprint

        import_weasyprint().HTML(string=WARM_HTML).write_pdf()


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


def run_jobs(
    jobs: Sequence[Job], workers: int, on_result: OnResult, shared: Workers | None = None
) -> list[Result]:
    """Take every job through the pipeline, on `workers` processes; results as they finish.

    `shared` is the build's pool to run them on (it is left running for later stages);
    without it a pool is started for these jobs and stopped after them.
    """
    results: list[Result] = []

    def done(result: Result) -> None:
        results.append(result)
        on_result(result)

    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            done(process(job))
        return results
    own = shared is None
    if shared is None:
        shared = Workers(min(workers, len(jobs)), {f for job in jobs for f in job.formats})
    pool = shared.pool()
    # Largest first, so the last agreements to finish are short ones and no core idles.
    ordered = sorted(jobs, key=lambda j: -_size(j.source))
    try:
        futures: dict[Future[Result], Job] = {pool.submit(process, job): job for job in ordered}
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


def _options(project: Project, force: bool) -> tuple[RenderOptions, Branding]:
    branding = load_branding(project.branding) if project.branding else Branding()
    options = RenderOptions(
        force=force,
        pdf_a=project.pdf_a,
        project_templates=project.templates,
        branding=branding,
        today=project.today,
    )
    return options, branding


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


def _entry(project: Project, key: str, result: Result) -> Entry | None:
    try:
        return Entry(
            key,
            {relative(project.root, p): h for p, h in result.inputs if h},
            {relative(project.root, p): h for p, h in result.outputs if h},
            result.region,
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
    options, branding = _options(project, force)
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
    try:
        for result in run_jobs(jobs, report.workers, callback, pool):
            report.results.append(result)
            name = "agreement:" + relative(project.root, result.source)
            built = result.status is Status.BUILT
            entry = _entry(project, keys[result.source], result) if built else None
            if entry is None:
                entries.pop(name, None)
            else:
                entries[name] = entry
        stage = _Stage(project, toolkit, settings, cache, entries)
        report.diffs = [_diff(stage, spec) for spec in project.diffs]
        if project.packs is not None:
            report.packs = _packs(stage, report, pool)
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
        files, inputs = documents(old, new, spec.to, spec.redline, project.output, project.today)
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


def region_pack(job: PackJob) -> tuple[list[Path], list[str]]:
    """Make and write one region's pack (run in a worker process): files, and left out."""
    outcome = pack(job)
    written = [p for _, files in outcome.written for p in files]
    return written, [f"{shown(f.source, job.root)} — {f.message}" for f in outcome.failed]


def _packs(stage: _Stage, report: BuildReport, workers: Workers) -> list[PackResult]:
    """The sign-off pack of every region, remade where an agreement of it changed."""
    project, toolkit, settings = stage.project, stage.toolkit, stage.settings
    cache, entries = stage.cache, stage.entries
    assert project.packs is not None
    members: dict[str, list[Result]] = {}
    for r in report.results:
        if r.region:  # an unreadable agreement too, when its file names the region:
            members.setdefault(r.region, []).append(r)  # the pack says it is not included
    wanted = project.packs.regions or tuple(sorted(members))
    stale: dict[str, tuple[str, list[Path], list[Path]]] = {}
    results: list[PackResult] = []
    for region in wanted:
        rows = sorted(members.get(region, []), key=lambda r: str(r.source))
        if not rows:
            results.append(PackResult(region, Status.FAILED, message="no agreement is in it"))
            continue
        names = [relative(project.root, r.source) for r in rows]
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
            files = [f for r in rows for f in _files_of(project, r, entries)]
            stale[region] = (key, [r.source for r in rows], files)
    if stale:
        results += _make_packs(project, stale, entries, workers)
    return sorted(results, key=lambda p: p.region)


def _files_of(project: Project, result: Result, entries: dict[str, Entry]) -> list[Path]:
    """The files an agreement is made of: read this time, or recorded when it was built."""
    if result.inputs:
        return [p for p, _ in result.inputs]
    entry = entries.get("agreement:" + relative(project.root, result.source))
    return [project.root / n for n in entry.inputs] if entry else [result.source]


def _make_packs(
    project: Project,
    stale: dict[str, tuple[str, list[Path], list[Path]]],
    entries: dict[str, Entry],
    workers: Workers,
) -> list[PackResult]:
    from .pipeline import sha256

    assert project.packs is not None
    out = project.output / "packs"
    formats = project.packs.formats
    results: list[PackResult] = []
    pool = workers.pool()
    # The largest packs first, so that no worker is left idle while one makes a big pack.
    biggest = sorted(stale, key=lambda region: -len(stale[region][1]))
    futures = {
        pool.submit(
            region_pack,
            PackJob(
                tuple(stale[region][1]),
                formats,
                out,
                region,
                project.today,
                # The build's workers already keep every core busy: no PDF forked beside.
                beside=False,
                one_summary=False,
                root=project.root,
            ),
        ): region
        for region in biggest
    }
    for future in as_completed(futures):
        region = futures[future]
        key, paths, files = stale[region]
        try:
            written, left_out = future.result()
        except DrafterError as e:
            results.append(PackResult(region, Status.FAILED, message=str(e)))
            continue
        except Exception as e:  # a fault in drafter itself: report it, build the rest
            results.append(PackResult(region, Status.FAILED, message=f"internal error: {e!r}"))
            continue
        done = Result(
            paths[0],
            Status.BUILT,
            inputs=tuple((f, sha256(f.read_bytes())) for f in files),
            outputs=tuple((p, sha256(p.read_bytes())) for p in written),
        )
        entry = _entry(project, key, done)
        if entry is not None:
            entries[f"pack:{region}"] = entry
        results.append(PackResult(region, Status.BUILT, tuple(written), left_out=tuple(left_out)))
    return results
