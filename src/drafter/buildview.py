"""How `drafter build` looks in the terminal: a progress bar, then a summary table (rich)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .build import BuildReport, build
from .pipeline import Result, Status
from .problems import display_path
from .project import Project

LIST_ALL = 40  # list every agreement in the summary up to this many; beyond, only problems
STYLE = {
    Status.BUILT: "green",
    Status.UP_TO_DATE: "dim",
    Status.REFUSED: "yellow",
    Status.UNREADABLE: "red",
    Status.FAILED: "red",
}


def _name(project: Project, path: Path) -> str:
    """A file's name for the terminal, relative to the project, with rich markup escaped."""
    try:
        return escape(path.resolve().relative_to(project.root).as_posix())
    except ValueError:
        return escape(display_path(path))


def run_build(
    project: Project, *, force_all: bool, force: bool, workers: int | None, console: Console
) -> BuildReport:
    """Build the project, showing progress; print the summary; return the report."""
    progress = Progress(
        TextColumn("[bold]Building[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
    )
    task = progress.add_task("", total=len(project.agreements))

    def on_result(result: Result) -> None:
        progress.update(task, advance=1, description=_name(project, result.source))
        if not result.ok:
            progress.console.print(_problem_line(project, result), soft_wrap=True)

    with progress:
        report = build(
            project, force_all=force_all, force=force, workers=workers, on_result=on_result
        )
    summary(project, report, console)
    return report


def _problem_line(project: Project, result: Result) -> str:
    first = result.problems[0] if result.problems else None
    where = f" — first: {first.position}: {first.code}: {first.message}" if first else ""
    # Messages quote the agreement, whose text must never be read as rich markup.
    said = escape(f"{result.status}, {result.message}{where}")
    return f"[red]{_name(project, result.source)}[/]: {said}"


def summary(project: Project, report: BuildReport, console: Console) -> None:
    """The table of what was built, then the totals."""
    shown = [
        r for r in report.results if len(report.results) <= LIST_ALL or not r.ok or r.incomplete
    ]
    if shown:
        table = Table(title="Agreements", title_justify="left")
        for column, justify in (
            ("agreement", "left"),
            ("result", "left"),
            ("errors", "right"),
            ("warnings", "right"),
            ("seconds", "right"),
            ("documents", "left"),
        ):
            table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
        for r in shown:
            built = r.status is Status.BUILT
            table.add_row(
                _name(project, r.source),
                f"[{STYLE[r.status]}]{r.status}{' (INCOMPLETE)' if r.incomplete else ''}[/]",
                str(r.errors) if built or r.errors else "",
                str(r.warnings) if built or r.warnings else "",
                f"{r.seconds:.1f}" if built else "",
                ", ".join(p.suffix.lstrip(".") for p in r.written) or escape(r.message),
            )
        console.print(table)
    for d in report.diffs:
        what = ", ".join(_name(project, p) for p in d.written) or escape(d.message)
        old, new = _name(project, d.old), _name(project, d.new)
        if d.spec is not None:  # a version read from git history: path@REV
            old += escape(f"@{d.spec.old_rev}") if d.spec.old_rev else ""
            new += escape(f"@{d.spec.new_rev}") if d.spec.new_rev else ""
        console.print(
            f"Comparison {old} → {new}: [{STYLE[d.status]}]{d.status}[/] {what}",
            soft_wrap=True,
        )
    for pk in report.packs:
        what = ", ".join(_name(project, p) for p in pk.written) or escape(pk.message)
        if pk.left_out:
            what += escape(" — not included: " + "; ".join(pk.left_out))
        console.print(
            f"Pack {pk.region}: [{STYLE[pk.status]}]{pk.status}[/] {what}", soft_wrap=True
        )
    counts = Counter(r.status for r in report.results)
    documents = sum(len(r.written) for r in report.results if r.status is Status.BUILT)
    parts = [f"{counts[s]} {s}" for s in Status if counts[s]]
    console.print(
        f"{len(report.results)} agreements: {', '.join(parts) or 'none'}; "
        f"{documents} documents written to {display_path(project.output)} "
        f"in {report.seconds:.1f} s on {report.workers} "
        f"worker{'s' if report.workers != 1 else ''}.",
        soft_wrap=True,
    )
