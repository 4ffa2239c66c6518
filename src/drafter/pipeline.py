"""The pipeline every command runs for one agreement: load, validate, gate, render, report.

`process` takes one agreement file through every stage and returns a `Result` saying
what happened — documents written, refused for errors, unreadable, or failed — and
which files it read (with their content hashes, for incremental builds). It never
raises for bad input and never prints: `drafter render` and the workers of `drafter
build` call it, and the command line reports its results. The later stages of a build
(regional packs, comparisons of versions) take these results; see `build.py`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from .errors import DrafterError
from .problems import Problem, Severity
from .render import RenderOptions

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


def sha256(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def _hashes(paths: Sequence[Path]) -> tuple[tuple[Path, str], ...]:
    out = []
    for path in paths:
        try:
            out.append((path, sha256(path.read_bytes())))
        except OSError:
            out.append((path, ""))  # unreadable now: never matches, so it is rebuilt
    return tuple(out)


def process(job: Job) -> Result:
    """Load, validate, gate on errors, render and write one agreement; never raises for input."""
    from .load import load
    from .render import render_agreement
    from .validate import validate

    started = time.perf_counter()
    source = job.source
    try:
        # The main file is hashed before it is read, so an edit made while it is being
        # built leaves a hash that no longer matches: the next build does it again.
        first = _hashes([source])
        loaded = load(source)
        problems = validate(loaded, today=job.options.today)
    except DrafterError as e:
        return Result(source, Status.UNREADABLE, message=str(e), seconds=_since(started))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    agreement = loaded.agreement
    region = agreement.area.region if agreement is not None else None
    base = Result(
        source,
        Status.UNREADABLE,
        errors=len(errors),
        warnings=len(problems) - len(errors),
        problems=tuple(errors[:MAX_SHOWN]),
        inputs=first + _hashes([p for p in loaded.files if p.resolve() != source.resolve()]),
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
    return replace(result, seconds=_since(started))


def _since(started: float) -> float:
    return time.perf_counter() - started
