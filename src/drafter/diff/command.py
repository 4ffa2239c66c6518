"""`drafter diff`: resolve both sides, compare each pair, print a report, write documents.

Exit status as diff(1): 0 the same, 1 different, 2 trouble (a side cannot be read,
a document cannot be made). Documents are all made in memory first and written only
then, each atomically, so a failure never leaves half a set.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import DrafterError
from ..load import Loaded
from ..problems import Problem, display_path
from .changes import Changes, dumps
from .compare import compare
from .sides import Pairs, Side, pair, reading_errors, resolve

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager as ContextManager

    from .describe import Describer

SAME, DIFFERENT, TROUBLE = 0, 1, 2
PRINT_FORMATS = ("text", "markdown", "html", "json")
FILE_FORMATS = {"docx": ".docx", "pdf": ".pdf", "html": ".html", "md": ".md", "json": ".json"}
JSON_FORMAT = "drafter-diff"


@dataclass(frozen=True)
class Compared:
    """One pair of versions, what changed between them, and the words for it."""

    old: Loaded
    new: Loaded
    changes: Changes
    describer: Describer | None = None

    @property
    def stem(self) -> str:
        """The newer file's name without its suffix: the stem of the documents written."""
        return self.new.path.stem


def _compared(o: Loaded, n: Loaded, old_label: str, new_label: str, worded: bool) -> Compared:
    """Compare one pair; a report in words shares the describer's items with the engine."""
    assert o.agreement is not None and n.agreement is not None
    d = None
    if worded:
        from .describe import Describer

        d = Describer(o.agreement, n.agreement)
    changes = compare(
        o.agreement,
        n.agreement,
        old_label=old_label,
        new_label=new_label,
        indexes=d.indexes if d else None,
    )
    return Compared(o, n, changes, d)


def file_formats(value: str) -> list[str]:
    """The formats named by --to, checked."""
    chosen = [f.strip().lower() for f in value.split(",") if f.strip()]
    chosen = ["md" if f == "markdown" else f for f in chosen]
    unknown = [f for f in chosen if f not in FILE_FORMATS]
    if unknown:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown)}; choose from {', '.join(FILE_FORMATS)}",
            param_hint="--to",
        )
    return list(dict.fromkeys(chosen))


def run(
    old_spec: str,
    new_spec: str,
    *,
    fmt: str = "text",
    to: Sequence[str] = (),
    redline: bool = False,
    out: Path = Path("output"),
    today: dt.date | None = None,
    colour: bool = False,
) -> int:
    """Compare two sides, print the report, write the documents; the exit status."""
    with _pdf_engine((old_spec, new_spec), to, redline):
        return _run(old_spec, new_spec, fmt, to, redline, out, today, colour)


def _run(
    old_spec: str,
    new_spec: str,
    fmt: str,
    to: Sequence[str],
    redline: bool,
    out: Path,
    today: dt.date | None,
    colour: bool,
) -> int:
    try:
        old, new = resolve(old_spec), resolve(new_spec)
    except DrafterError as e:
        click.echo(f"drafter: {e}", err=True)
        return TROUBLE
    if _unreadable(old) or _unreadable(new):
        return TROUBLE
    for side in (old, new):
        for loaded in side.loaded:
            errors = reading_errors(loaded)
            if errors:
                click.echo(
                    f"drafter: note: {side.name(loaded)} has {len(errors)} error(s) in its "
                    "structure; what could be read is compared.",
                    err=True,
                )
                _list(errors)
    found = pair(old, new)
    compared = _compare_all(found, old, new, fmt != "json" or any(f != "json" for f in to))
    _print(compared, found, old, new, fmt, colour, today)
    try:
        files = _documents(compared, to, redline, out, today)
        from ..write import write_set

        write_set(files)  # all or nothing, as the message on failure says
    except DrafterError as e:
        click.echo(f"drafter: nothing written — {e}", err=True)
        return TROUBLE
    for path, _ in files:
        click.echo(f"Wrote {display_path(path)}", err=True)
    different = found.added or found.removed or any(not c.changes.empty for c in compared)
    return DIFFERENT if different else SAME


def _compare_all(found: Pairs, old: Side, new: Side, worded: bool) -> list[Compared]:
    return [
        _compared(o, n, old.name(o), new.name(n), worded)
        for o, n in found.pairs
        if o.agreement is not None and n.agreement is not None
    ]


def documents(
    old_spec: str,
    new_spec: str,
    to: Sequence[str],
    redline: bool,
    out: Path,
    today: dt.date | None,
    *,
    beside: bool = True,
) -> tuple[list[tuple[Path, bytes]], list[Path]]:
    """For `drafter build`: the documents comparing two sides (each a path or path@REV),
    and every file on disk they read (a side read from git history reads none). With
    `beside`, the schedules' PDFs are laid out by the PDF engine beside."""
    engine = _pdf_engine((old_spec, new_spec), to, redline) if beside else contextlib.nullcontext()
    with engine:
        old, new = resolve(old_spec), resolve(new_spec)
        for side in (old, new):
            bad = side.unreadable()
            if bad:
                raise DrafterError(f"{side.name(bad[0])} cannot be read (see `drafter validate`).")
        found = pair(old, new)
        inputs = [
            f for side in (old, new) if side.revision is None for x in side.loaded for f in x.files
        ]
        compared = _compare_all(found, old, new, any(f != "json" for f in to))
        return _documents(compared, to, redline, out, today), inputs


def _pdf_engine(specs: tuple[str, str], to: Sequence[str], redline: bool) -> ContextManager[None]:
    """The PDF engine beside (render/beside.py): it lays out the schedules' PDFs while
    this process reads, compares and makes the rest, and is started before the sides
    are read, so it loads WeasyPrint meanwhile. Not when one PDF is all there is."""
    if "pdf" not in to:
        return contextlib.nullcontext()  # the terminal report: nothing more imported
    from ..gitsource import split
    from ..render import beside

    folder = any(Path((split(s) or (s, ""))[0] or ".").is_dir() for s in specs)
    return beside.running(len(to) > 1 or redline or folder)


def _unreadable(side: Side) -> bool:
    bad = side.unreadable()
    for loaded in bad:
        click.echo(f"drafter: {side.name(loaded)} cannot be read:", err=True)
        _list(loaded.problems)
    return bool(bad)


def _list(problems: Sequence[Problem], most: int = 5) -> None:
    """The first few problems, with their places (a side at a revision has no file to
    run `drafter validate` on)."""
    for p in problems[:most]:
        click.echo(f"  {p.position}: {p.code}: {p.message}", err=True)
    if len(problems) > most:
        click.echo(f"  … and {len(problems) - most} more.", err=True)


def _print(
    compared: list[Compared],
    found: Pairs,
    old: Side,
    new: Side,
    fmt: str,
    colour: bool,
    today: dt.date | None,
) -> None:
    if fmt == "json":
        click.echo(dumps(_json(compared, found, old, new)), nl=False)
        return
    if fmt in ("markdown", "html"):
        report = _combined(compared, found, old, new, today)
        from ..report import render_report

        click.echo(render_report(report, "md" if fmt == "markdown" else "html").decode(), nl=False)
        return
    from .text import report

    for n, c in enumerate(compared):
        if n:
            click.echo()
        assert c.old.agreement is not None and c.new.agreement is not None
        text = report(
            c.old.agreement, c.new.agreement, c.changes, colour=colour, describer=c.describer
        )
        click.echo(text, nl=False)
    for word, side, items in (("Only in", old, found.removed), ("Only in", new, found.added)):
        for loaded in items:
            assert loaded.agreement is not None
            click.echo(f"{word} {side.label}: {loaded.agreement.id} ({side.name(loaded)})")


def _json(compared: list[Compared], found: Pairs, old: Side, new: Side) -> dict[str, object]:
    def one(side: Side, loaded: Loaded) -> dict[str, object]:
        a = loaded.agreement
        assert a is not None
        return {"id": a.id, "version": a.version, "source": side.name(loaded)}

    return {
        "format": JSON_FORMAT,
        "version": 1,
        "same": not (found.added or found.removed) and all(c.changes.empty for c in compared),
        "comparisons": [c.changes.to_json() for c in compared],
        "removed_agreements": [one(old, x) for x in found.removed],
        "added_agreements": [one(new, x) for x in found.added],
    }


def _schedule(c: Compared, today: dt.date | None):  # type: ignore[no-untyped-def]
    from ..render import render_time
    from .schedule import schedule

    assert c.old.agreement is not None and c.new.agreement is not None
    return schedule(
        c.old.agreement,
        c.new.agreement,
        c.changes,
        when=render_time(today),
        describer=c.describer,
    )


def _combined(compared: list[Compared], found: Pairs, old: Side, new: Side, today: dt.date | None):  # type: ignore[no-untyped-def]
    from .schedule import combine

    reports = [_schedule(c, today) for c in compared]
    only = [f"Only in {old.label}: {x.agreement.id}" for x in found.removed if x.agreement]
    only += [f"Only in {new.label}: {x.agreement.id}" for x in found.added if x.agreement]
    from ..render import render_time

    return combine(reports, only, old.label, new.label, render_time(today))


def _documents(
    compared: list[Compared], to: Sequence[str], redline: bool, out: Path, today: dt.date | None
) -> list[tuple[Path, bytes]]:
    """Every document asked for, in memory. Each schedule's PDF (most of the time) is
    sent to the PDF engine beside, when one runs, before the other formats are made."""
    files: list[tuple[Path, bytes]] = []
    for c in compared:
        report = _schedule(c, today) if any(f != "json" for f in to) else None
        made: dict[str, bytes] = {}
        pdf: Callable[[], bytes] | None = None
        if report is not None and "pdf" in to:
            from ..report.html import start_report_pdf

            pdf = start_report_pdf(report)
        for fmt in to:
            if fmt == "json":
                made[fmt] = dumps(c.changes.to_json()).encode("utf-8")
            elif fmt != "pdf":
                from ..report import render_report

                assert report is not None
                made[fmt] = render_report(report, fmt)
        if redline:
            from .redline import redline_document

            made["redline"] = redline_document(c.old, c.new, today)
        if pdf is not None:
            made["pdf"] = pdf()
        files += [(out / f"{c.stem}-changes{FILE_FORMATS[fmt]}", made[fmt]) for fmt in to]
        if redline:
            files.append((out / f"{c.stem}-redline.docx", made["redline"]))
    return files


def stdout_colour() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    import os

    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
