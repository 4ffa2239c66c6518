"""The `drafter` command line: thin wrappers over load, validate, render, schema and new.

Exit codes: 0 clean, 1 problems found (or a document could not be made),
2 usage error or unreadable input.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .chars import shown
from .errors import DrafterError, UsageError
from .problems import Problem, Severity, display_path

if TYPE_CHECKING:
    from .pipeline import Result

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2
# The model (and pydantic) is imported only by the commands that use it, so that the
# command starts fast; these are the values of its Generation and Region (a test keeps
# them the same).
GENERATIONS = ("lpsa", "laa2006", "laa2008")
REGIONS = ("GONE", "GONW", "GOYH", "GOEM", "GOWM", "GOEE", "GOL", "GOSE", "GOSW")
# Typical first years: LPSA2 agreements ran 2005/06–2007/08; first-round LAAs 2006/07–2008/09.
DEFAULT_START = {"lpsa": 2005, "laa2006": 2006, "laa2008": 2008}


def _files(paths: Sequence[Path]) -> list[Path]:
    """Agreement files named on the command line; a folder stands for the .yaml files in it."""
    from .load import iter_files

    files = list(iter_files(list(paths)))
    if not files:
        raise UsageError("No agreement files found in " + ", ".join(map(str, paths)) + ".")
    return files


class _Date(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date written YYYY-MM-DD", param, ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="drafter")
def cli() -> None:
    """Draft, check and render Local Area Agreements and Local Public Service Agreements.

    Write an agreement once as YAML; drafter checks it is complete, renders it to Word,
    PDF and HTML, and tells you what is missing in plain words.

    Start with `drafter new`, check with `drafter validate`, produce documents with
    `drafter render`.
    """


# ---------------------------------------------------------------- validate

# The report of `validate` and `import-targets`: for people, or JSON for programs.
FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report for people (text) or for programs (json).",
)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@FORMAT_OPTION
@click.option(
    "--today",
    type=_Date(),
    default=None,
    help="Date to judge due dates against. Default: each agreement's own 'date:', else today.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@click.option(
    "--since",
    "since",
    default=None,
    metavar="OLD",
    help="Also warn (D001) of every target, baseline or amount changed since this earlier "
    "version (a file, a folder, or path@REV from git history) with no reason recorded.",
)
def validate(
    paths: tuple[Path, ...],
    strict: bool,
    fmt: str,
    today: dt.date | None,
    quiet: bool,
    since: str | None,
) -> None:
    """Check agreements for every gap a Government Office would send back.

    PATHS are agreement files, or folders holding them. Every problem is listed with its
    file, line and column, a code (see `drafter rules`) and what to do about it.
    """
    from .load import load
    from .validate import validate as check

    earlier = None
    if since is not None:
        from .diff.since import Earlier

        earlier = Earlier.load(since)
    results: list[tuple[Path, list[Problem], bool]] = []
    for path in _files(paths):
        loaded = load(path)
        problems = check(loaded, today=today)
        if earlier is not None:
            problems = sorted(problems + earlier.problems(loaded), key=Problem.sort_key)
        results.append((path, problems, loaded.readable))
    if fmt == "json":
        _print_json(results, strict)
    else:
        _print_text(results, strict, quiet)
    if any(not readable for _, _, readable in results):
        sys.exit(EXIT_UNREADABLE)
    failing = any(_counts(problems, strict)[0] for _, problems, _ in results)
    sys.exit(EXIT_PROBLEMS if failing else EXIT_CLEAN)


def _counts(problems: Iterable[Problem], strict: bool) -> tuple[int, int]:
    """(errors, warnings), with warnings counted as errors under --strict."""
    problems = list(problems)
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    return (errors + warnings, 0) if strict else (errors, warnings)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _print_text(results: list[tuple[Path, list[Problem], bool]], strict: bool, quiet: bool) -> None:
    colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    total_e = total_w = clean = 0
    for path, problems, _ in results:
        errors, warnings = _counts(problems, strict)
        total_e, total_w = total_e + errors, total_w + warnings
        clean += not problems
        if quiet:
            continue
        for p in problems:
            severity = "error" if strict or p.severity is Severity.ERROR else "warning"
            label = (
                click.style(severity, fg="red" if severity == "error" else "yellow", bold=True)
                if colour
                else severity
            )
            click.echo(shown(f"{p.position}: {label} {p.code}: {p.message}"))
            if p.hint:
                click.echo(shown(f"    → {p.hint}"))
        name = shown(display_path(path))
        if problems:
            click.echo(f"{name}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}\n")
        else:
            click.echo(f"{name}: complete, no problems found")
    if len(results) > 1 or quiet:
        click.echo(
            f"Checked {_plural(len(results), 'agreement')}: {clean} without problems; "
            f"{_plural(total_e, 'error')} and {_plural(total_w, 'warning')} in all."
        )


def _print_json(results: list[tuple[Path, list[Problem], bool]], strict: bool) -> None:
    out = []
    for path, problems, readable in results:
        errors, warnings = _counts(problems, strict)
        out.append(
            {
                "file": display_path(path),
                "readable": readable,
                "errors": errors,
                "warnings": warnings,
                "problems": [
                    {**_printable(p.as_dict()), "severity": "error" if strict else str(p.severity)}
                    for p in problems
                ],
            }
        )
    click.echo(json.dumps(out, indent=2, ensure_ascii=False))


def _printable(fields: dict[str, object]) -> dict[str, object]:
    """A problem's fields with text made safe to print (no control characters)."""
    return {k: shown(v) if isinstance(v, str) else v for k, v in fields.items()}


# ---------------------------------------------------------------- render


def _formats(value: str, known: Iterable[str] | None = None) -> list[str]:
    """The formats asked for with --to, each once; `known` defaults to the render registry."""
    if known is None:
        from .render import FORMATS  # the registry: light to import, back ends stay lazy

        known = FORMATS
    names = list(known)
    chosen = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in names]
    if unknown or not chosen:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(names)}",
            param_hint="--to",
        )
    return list(dict.fromkeys(chosen))


# How documents look: shared by `render` and `preview`, which show the same document.
TEMPLATES_OPTION = click.option(
    "--templates",
    "templates",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of templates overriding the bundled ones. Default: ./templates if it exists.",
)
CONFIG_OPTION = click.option(
    "--config",
    "config",
    type=click.Path(path_type=Path),
    default=None,
    help="Branding file (logo, colours, organisation). Default: ./drafter.toml if it exists.",
)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--to",
    "to",
    default="docx,pdf,html",
    show_default=True,
    help="Formats to produce, comma-separated: docx, pdf, html.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to write the documents into.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Render even if the agreement has errors; every page is marked INCOMPLETE.",
)
@click.option("--pdf-a", "pdf_a", is_flag=True, help="Make archival PDF/A-3b documents.")
@TEMPLATES_OPTION
@CONFIG_OPTION
@click.option(
    "--today",
    type=_Date(),
    default=None,
    help="Date to judge due dates against and to stamp the files with. "
    "Default: SOURCE_DATE_EPOCH if set, else today.",
)
def render(
    paths: tuple[Path, ...],
    to: str,
    out: Path,
    force: bool,
    pdf_a: bool,
    templates: Path | None,
    config: Path | None,
    today: dt.date | None,
) -> None:
    """Render agreements to Word, PDF and HTML documents that say the same thing.

    An agreement with errors is not rendered (run `drafter validate` to see them) unless
    you pass --force. Documents are written only when all formats succeeded, so a failure
    never leaves a half-written file or replaces a good earlier one.
    """
    formats = _formats(to)
    from .render import beside

    # Before anything is read: the PDF engine warms up in a second process meanwhile.
    with beside.running("pdf" in formats):
        _render(paths, formats, out, force, pdf_a, templates, config, today)


def _render(
    paths: tuple[Path, ...],
    formats: list[str],
    out: Path,
    force: bool,
    pdf_a: bool,
    templates: Path | None,
    config: Path | None,
    today: dt.date | None,
) -> None:
    from .config import load_branding
    from .pipeline import Job, process
    from .render import RenderOptions

    options = RenderOptions(
        force=force,
        pdf_a=pdf_a,
        project_templates=_templates(templates),
        branding=load_branding(config),
        today=today,
    )
    files = _files(paths)
    worst = EXIT_CLEAN
    for n, path in enumerate(files, 1):
        prefix = f"[{n}/{len(files)}] " if len(files) > 1 else ""
        worst = max(
            worst, _print_rendered(process(Job(path, tuple(formats), out, options)), prefix)
        )
    sys.exit(worst)


def _templates(templates: Path | None) -> Path | None:
    """The templates folder asked for, else ./templates if there is one."""
    if templates is None and Path("templates").is_dir():
        templates = Path("templates")
    if templates is not None and not templates.is_dir():
        raise UsageError(f"The templates folder {templates} does not exist.")
    return templates


def _print_rendered(result: Result, prefix: str) -> int:
    """Say what became of one agreement; its exit code."""
    from .pipeline import Status

    name = display_path(result.source)
    if result.status is Status.UNREADABLE:
        click.echo(shown(f"{prefix}{name}: cannot be read, so nothing was rendered:"), err=True)
        _echo_problems(result.problems, result.errors)
        if not result.problems:
            click.echo(shown(f"  {result.message}"), err=True)
        return EXIT_PROBLEMS if result.readable else EXIT_UNREADABLE
    if result.status is Status.REFUSED:
        click.echo(
            shown(
                f"{prefix}{name}: not rendered — {_plural(result.errors, 'error')} to fix "
                f"first (see `drafter validate {name}`, or use --force to render it marked "
                "INCOMPLETE):"
            ),
            err=True,
        )
        _echo_problems(result.problems, result.errors)
        return EXIT_PROBLEMS
    if result.status is Status.FAILED:
        click.echo(shown(f"{prefix}{name}: not rendered — {result.message}"), err=True)
        return EXIT_PROBLEMS
    names = ", ".join(display_path(w) for w in result.written)
    mark = " (marked INCOMPLETE)" if result.incomplete else ""
    click.echo(shown(f"{prefix}{name} → {names}{mark} in {result.seconds:.1f} s"))
    return EXIT_CLEAN


def _echo_problems(problems: Sequence[Problem], total: int) -> None:
    """The first few problems, with their positions, on standard error."""
    for p in problems:
        click.echo(shown(f"  {p.position}: {p.code}: {p.message}"), err=True)
    if total > len(problems):
        click.echo(f"  … and {total - len(problems)} more.", err=True)


# ---------------------------------------------------------------- preview


@cli.command()
@click.argument("agreement", type=click.Path(path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port to listen on (0: a free one). The preview listens on this computer only.",
)
@click.option("--no-browser", "no_browser", is_flag=True, help="Do not open the browser.")
@TEMPLATES_OPTION
@CONFIG_OPTION
@click.option(
    "--today",
    type=_Date(),
    default=None,
    help="Date to judge due dates against. Default: the project's 'today:' in drafter.yaml, "
    "else the agreement's own 'date:', else today.",
)
def preview(
    agreement: Path,
    port: int,
    no_browser: bool,
    templates: Path | None,
    config: Path | None,
    today: dt.date | None,
) -> None:
    """Show the agreement in your browser, made again each time you save it.

    Beside the document, as `drafter build` (or `drafter render --to html`) makes it, a
    panel lists every problem with its file and line. In a project (a drafter.yaml in
    the agreement's folder or above) its templates, branding and date apply. Edit the
    agreement (or one of its parts) in your editor and save: the page follows by itself.
    Press Ctrl-C here to stop.
    """
    from .preview import Settings, project_file, serve

    if agreement.is_dir():
        raise UsageError(f"{agreement} is a folder; preview one agreement file in it.")
    if not agreement.is_file():
        raise UsageError(f"The agreement file {agreement} does not exist.")
    project = project_file(agreement)
    # In a project its own settings stand in for ./templates, as `drafter build` has it.
    if templates is not None or project is None:
        templates = _templates(templates)
    settings = Settings(agreement, templates, config, today, project)
    serve(settings, port=port, browser=not no_browser, echo=lambda line: click.echo(shown(line)))


# ---------------------------------------------------------------- build


@cli.command()
@click.argument("project", required=False, type=click.Path(path_type=Path), default=Path("."))
@click.option("--force-all", is_flag=True, help="Rebuild everything, even what is up to date.")
@click.option(
    "--force",
    is_flag=True,
    help="Render agreements even if they have errors; every page is marked INCOMPLETE.",
)
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes to build with. Default: one per core.",
)
def build(project: Path, force_all: bool, force: bool, workers: int | None) -> None:
    """Build a whole project: every agreement to every format, and its comparisons.

    PROJECT is the folder holding drafter.yaml (default: this folder), or the file
    itself; `drafter new --project` writes one. Only what changed since the last build
    is rebuilt. One agreement that fails is reported and the others still build.
    """
    from rich.console import Console

    from .buildview import run_build
    from .project import load_project

    settings = load_project(project)
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 120  # a log or a pipe: room for whole file names in the table
    report = run_build(settings, force_all=force_all, force=force, workers=workers, console=console)
    sys.exit(EXIT_PROBLEMS if report.failed else EXIT_CLEAN)


# ---------------------------------------------------------------- diff


@cli.command("diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "html", "json"]),
    default="text",
    show_default=True,
    help="The report printed: for people (text, markdown, html) or for programs (json).",
)
@click.option(
    "--to",
    "to",
    default="",
    help="Also write the schedule of changes, comma-separated: docx, pdf, html, md, json.",
)
@click.option(
    "--redline",
    is_flag=True,
    help="Also write the newer agreement as Word with tracked changes against the older.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to write the documents into.",
)
@click.option(
    "--today",
    type=_Date(),
    default=None,
    help="Date the documents and tracked changes carry. Default: SOURCE_DATE_EPOCH, else today.",
)
def diff(
    old: str, new: str, fmt: str, to: str, redline: bool, out: Path, today: dt.date | None
) -> None:
    """Compare two versions of an agreement: what changed, and the reason recorded for it.

    OLD and NEW are each an agreement file or a folder of agreements (paired by
    their ids), or either as it was at a git revision: path@REV (say
    agreements/x.yaml@HEAD~1 or agreements@v1). Exit status: 0 the same, 1 different,
    2 trouble.
    """
    from .diff.command import file_formats, run, stdout_colour

    formats = file_formats(to)
    sys.exit(
        run(
            old,
            new,
            fmt=fmt,
            to=formats,
            redline=redline,
            out=out,
            today=today,
            colour=stdout_colour() and fmt == "text",
        )
    )


# ---------------------------------------------------------------- schema, new, rules


@cli.command()
@click.option(
    "--out",
    "-o",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the schema to this file instead of printing it.",
)
def schema(out: Path | None) -> None:
    """Print the JSON Schema of the agreement format, for editor completion.

    In VS Code with the YAML extension, save it (e.g. `drafter schema -o agreement.schema.json`)
    and put `# yaml-language-server: $schema=agreement.schema.json` at the top of an
    agreement file.
    """
    from .schema import schema_json
    from .write import write_atomic

    text = schema_json()
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out, text.encode("utf-8"))
        click.echo(f"Wrote {display_path(out)}")


@cli.command()
@click.option(
    "--project",
    "project",
    is_flag=True,
    help="Write a starting drafter.yaml (the project file of `drafter build`) instead.",
)
@click.option(
    "--generation",
    "-g",
    default=None,
    type=click.Choice(GENERATIONS),
    help="lpsa, laa2006 (four blocks) or laa2008 (National Indicator Set).",
)
@click.option("--area", "-a", default=None, help="Name of the area, e.g. 'Northfleet'.")
@click.option(
    "--region",
    "-r",
    type=click.Choice(REGIONS),
    default=None,
    help="Government Office region.",
)
@click.option(
    "--start",
    "start",
    type=click.IntRange(2000, 2030),
    default=None,
    help="First year of the period (e.g. 2008 for 2008/09). Default by generation.",
)
@click.option(
    "--out",
    "-o",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write. Default: <area>-<generation>.yaml in the current folder "
    "(with --project: the folder for drafter.yaml).",
)
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
def new(
    project: bool,
    generation: str | None,
    area: str | None,
    region: str | None,
    start: int | None,
    out: Path | None,
    force: bool,
) -> None:
    """Write a starting agreement file for a generation and area, or a project file.

    The agreement loads cleanly; `drafter validate` then lists only what you must fill
    in. With --project, a drafter.yaml for `drafter build` (in --out, a folder, default
    this one) naming the agreements folder, the output folder and the formats.
    """
    from .model import Generation, Region
    from .scaffold import skeleton
    from .write import write_atomic

    if project:
        _new_project(out or Path("."), force)
        return
    if generation is None or area is None:
        raise UsageError(
            "Give --generation and --area for a new agreement (or --project for a drafter.yaml)."
        )
    gen = Generation(generation)
    if out is None:
        slug = "-".join("".join(c if c.isalnum() else " " for c in area.lower()).split())
        out = Path(f"{slug or 'agreement'}-{gen.value}.yaml")
    if out.exists() and not force:
        raise UsageError(
            f"{display_path(out)} already exists; choose another --out or use "
            "--force to overwrite it."
        )
    text = skeleton(
        gen,
        area,
        Region(region) if region else None,
        start if start is not None else DEFAULT_START[gen.value],
    )
    write_atomic(out, text.encode("utf-8"))
    click.echo(
        f"Wrote {display_path(out)}. Next: fill it in, then run "
        f"`drafter validate {display_path(out)}`."
    )


def _new_project(folder: Path, force: bool) -> None:
    from .boundary import PROJECT_FILE
    from .project import starter
    from .write import write_atomic

    if folder.suffix in (".yaml", ".yml"):
        target, folder = folder, folder.parent
    else:
        target = folder / PROJECT_FILE
    if target.exists() and not force:
        raise UsageError(f"{display_path(target)} already exists; use --force to overwrite it.")
    agreements = "agreements/" if (folder / "agreements").is_dir() else "."
    write_atomic(target, starter(agreements).encode("utf-8"))
    click.echo(
        f"Wrote {display_path(target)}. Next: check the folders it names, then run "
        f"`drafter build {display_path(folder)}`."
    )


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="Plain list, or a Markdown table.",
)
def rules(fmt: str) -> None:
    """List every validation rule: code, severity and what it checks."""
    from .validate import RULES, rules_table

    if fmt == "markdown":
        click.echo(rules_table(), nl=False)
        return
    for r in RULES:
        click.echo(f"{r.code}  {r.severity:<7}  {r.title}")


# ---------------------------------------------------------------- pack, reward


def _problem_lines(problems: Iterable[Problem]) -> None:
    for p in problems:
        click.echo(f"{p.position}: {p.severity} {p.code}: {p.message}", err=True)
        if p.hint:
            click.echo(f"    → {p.hint}", err=True)


PACK_FORMATS = ("pdf", "docx", "html", "xlsx")  # the same as pack.build's, without importing it


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--region",
    default=None,
    help="Only the agreements of this Government Office region: a code (GOWM) or a name.",
)
@click.option(
    "--previous",
    "previous",
    multiple=True,
    help="The version the Government Office last saw: a file or folder, or path@REV as it "
    "was at a git revision (may be repeated).",
)
@click.option(
    "--actuals",
    "actuals",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Outturns for an agreement's reward (YAML or CSV, see `drafter reward`; may be "
    "repeated): the summary then says what has been earned.",
)
@click.option(
    "--to",
    "to",
    default=",".join(PACK_FORMATS),
    show_default=True,
    help="Formats to produce, comma-separated.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=Path("output/packs"),
    show_default=True,
    help="Folder to write the pack into.",
)
@click.option(
    "--today",
    type=_Date(),
    default=None,
    help="Date to judge due dates against and to stamp the files with.",
)
def pack(
    paths: tuple[Path, ...],
    region: str | None,
    previous: tuple[str, ...],
    actuals: tuple[Path, ...],
    to: str,
    out: Path,
    today: dt.date | None,
) -> None:
    """Government Office summaries and the regional sign-off packs.

    One agreement gives its summary; several give a sign-off pack for each region they
    are in (sign-off-pack-GOWM.pdf, …): an overview of every area, the national
    indicators each chose, freedom requests by department, then each area's summary.
    With --region only that region's agreements are packed.
    """
    from .pack.build import ProblemsError, parse_region
    from .pipeline import PackJob
    from .pipeline import pack as make_packs

    formats = _formats(to, PACK_FORMATS)
    job = PackJob(
        paths=paths,
        formats=tuple(formats),
        out_dir=out,
        region=parse_region(region).value if region else None,
        today=today,
        previous=previous,
        actuals=actuals,
    )
    try:
        outcome = make_packs(job)
    except ProblemsError as e:
        _problem_lines(e.problems)
        raise
    for f in outcome.failed:
        click.echo(f"{display_path(f.source)}: {f.message}, so it is left out:", err=True)
        _problem_lines(f.problems)
    for path, why in outcome.skipped:
        click.echo(f"{display_path(path)}: left out ({why})")
    for _, written in outcome.written:
        click.echo("Wrote " + ", ".join(display_path(w) for w in written))
    sys.exit(EXIT_UNREADABLE if outcome.failed else EXIT_CLEAN)


REWARD_FORMATS = ("text", "json", "xlsx", "pdf")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--actuals",
    type=click.Path(path_type=Path),
    default=None,
    help="Outturns per indicator id: a YAML or CSV file (see the README). Without it, "
    "the outturns recorded in the agreement, if any.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REWARD_FORMATS),
    default="text",
    show_default=True,
    help="The working for people (text), for programs (json), as a workbook (xlsx) or a "
    "document (pdf).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder to write the statement into (xlsx and pdf: default output/reward). "
    "Without it, text and json are printed.",
)
@click.option("--today", type=_Date(), default=None, help="Date to stamp the files with.")
def reward(
    path: Path, actuals: Path | None, fmt: str, out: Path | None, today: dt.date | None
) -> None:
    """Work out the reward grant of an agreement, target by target, to the penny.

    Shows for every target the levels, the fraction of the stretch achieved, its share
    and the amount; then the totals, what is earned so far against the maximum, and
    the payments.
    """
    from .pack.build import ProblemsError, reward_run

    try:
        run = reward_run(path, actuals)
    except ProblemsError as e:
        _problem_lines(e.problems)
        raise
    _problem_lines(run.warnings)
    if run.agreement_errors:
        click.echo(
            f"Note: {display_path(path)} has {_plural(run.agreement_errors, 'error')} "
            f"(see `drafter validate {display_path(path)}`); the reward may change once "
            "they are fixed.",
            err=True,
        )
    from .pack.build import REWARD_SUFFIXES, reward_bytes
    from .write import write_atomic

    data = reward_bytes(run, fmt, today)
    if out is None and fmt in ("text", "json"):
        click.echo(data.decode("utf-8"), nl=False)
        return
    target = (out or Path("output/reward")) / f"{run.stem}-reward{REWARD_SUFFIXES[fmt]}"
    write_atomic(target, data)
    click.echo(f"Wrote {display_path(target)}")


# ---------------------------------------------------------------- import-targets


@cli.command("import-targets")
@click.argument("sheet", required=False, type=click.Path(path_type=Path))
@click.option(
    "--into",
    "agreement",
    required=True,
    type=click.Path(path_type=Path),
    help="The agreement the targets are for (its outcomes, partners and period).",
)
@click.option(
    "--sheet",
    "sheet_name",
    default=None,
    help="The sheet to read (default: Targets, else the first).",
)
@click.option(
    "--outcome",
    default=None,
    metavar="ID",
    help="The outcome every row is under, for a sheet without an Outcome column.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for the part files. Default: parts/<agreement name>/ beside the agreement.",
)
@click.option("--check", is_flag=True, help="Only check the sheet and report; write nothing.")
@click.option("--force", is_flag=True, help="Replace part files (or a template) already there.")
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    default=None,
    metavar="FILE.xlsx",
    help="Instead, write a blank target table for the agreement, to fill in.",
)
@click.option(
    "--with-targets",
    "with_targets",
    is_flag=True,
    help="With --template: fill the table with the agreement's current targets (for a "
    "refresh: edit them, import, and see what changed).",
)
@click.option(
    "--insert",
    is_flag=True,
    help="Also add each '- include:' line to the agreement's files, under the outcome's "
    "'indicators:' (the rest of each file is kept as it is).",
)
@FORMAT_OPTION
def import_targets(
    sheet: Path | None,
    agreement: Path,
    sheet_name: str | None,
    outcome: str | None,
    out: Path | None,
    check: bool,
    force: bool,
    template: Path | None,
    with_targets: bool,
    insert: bool,
    fmt: str,
) -> None:
    """Import the targets of a spreadsheet (.xlsx or .csv) into an agreement.

    Each row becomes an indicator under its outcome, written to a YAML part file for the
    agreement to include; the command then says which `- include:` line to add where.
    Rows for indicators the agreement already has are not written again: what the sheet
    would change is listed instead. With --template, write a blank table to fill in.
    """
    from .load import load

    loaded = load(agreement)
    if loaded.agreement is None and fmt == "json":
        errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
        data = {
            "agreement": display_path(agreement),
            "readable": False,
            "errors": len(errors),
            "problems": [_printable(p.as_dict()) for p in errors],
            "written": False,
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        sys.exit(EXIT_UNREADABLE)
    if loaded.agreement is None:
        _problem_lines(p for p in loaded.problems if p.severity is Severity.ERROR)
        click.echo(
            f"drafter: {shown(display_path(agreement))} cannot be read as an agreement; fix "
            "it first (`drafter validate`).",
            err=True,
        )
        sys.exit(EXIT_UNREADABLE)
    if template is not None:
        _write_template(loaded.agreement, agreement, template, sheet, force, with_targets)
        return
    if with_targets:
        raise UsageError("--with-targets goes with --template FILE.xlsx.")
    if sheet is None:
        raise UsageError("Name the spreadsheet to import (or give --template FILE.xlsx).")
    from .sheets.plan import plan_import, write_plan

    plan = plan_import(loaded, sheet, sheet=sheet_name, outcome=outcome, out=out, force=force)
    edits = None
    if insert and plan.readable and not plan.errors and plan.parts:
        from .sheets.insert import plan_edits

        edits = plan_edits(loaded, plan.parts)
    refused = edits is not None and bool(edits.refused)
    write = not check and plan.readable and not plan.errors and not refused and bool(plan.parts)
    if write:
        write_plan(plan, edits.files if edits else None)
    if fmt == "json":
        from .sheets.report import plan_data

        data = plan_data(plan, display_path(agreement), written=write, checked=check, edits=edits)
        click.echo(json.dumps(_printable_data(data), indent=2, ensure_ascii=False))
    else:
        _print_import(plan, edits, write, check)
    if not plan.readable:
        sys.exit(EXIT_UNREADABLE)
    if plan.errors or refused:
        sys.exit(EXIT_PROBLEMS)


def _printable_data(data: Any) -> Any:
    """JSON data with every text made safe to print (no control characters)."""
    if isinstance(data, str):
        return shown(data)
    if isinstance(data, dict):
        return {k: _printable_data(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_printable_data(v) for v in data]
    return data


def _print_import(plan: Any, edits: Any, written: bool, check: bool) -> None:
    """The import's report for people: columns, problems, updates, files and include lines."""
    from .sheets.plan import rows_text
    from .sheets.reading import cell_name, column_letter

    if plan.layout is not None:
        columns = ", ".join(
            f"{column_letter(c.col)} {c.role.value}" + (f" {c.year}" if c.year else "")
            for c in plan.layout.columns
        )
        click.echo(shown(f"Columns read (headings in {plan.layout.rows}): {columns}."))
    for p in plan.problems:
        click.echo(shown(f"{cell_name(p.position)}: {p.severity} {p.code}: {p.message}"))
        if p.hint:
            click.echo(shown(f"    → {p.hint}"))
    if not plan.readable:
        return
    for u in plan.updates:
        _print_update(u)
    if plan.errors:
        click.echo(f"Nothing written: {_plural(plan.errors, 'error')} in {shown(plan.sheet)}.")
        return
    if edits is not None and edits.refused:
        for reason in edits.refused:
            click.echo(shown(f"--insert: {reason}"))
        click.echo("Nothing written: the include lines cannot be added safely (see above).")
        return
    verb = "Wrote" if written else "Would write"
    inserted = {id(i.part): i for i in edits.insertions} if edits is not None else {}
    for part in plan.parts:
        rows = part.rows
        click.echo(
            shown(
                f"{verb} {display_path(part.path)}: {_plural(len(rows), 'indicator')} "
                f"({rows_text(rows)})."
            )
        )
        done = inserted.get(id(part))
        if done is not None:
            said = "Added" if written else "Would add"
            if part.has_indicators:
                where = f"under {part.list_name}"
            else:  # the list is new: its key and the line under it
                where = f"{part.list_name}, which it did not have,"
            click.echo(shown(f"  {said} {where} in {done.shown}, line {done.line}:"))
            click.echo(shown(textwrap.indent(textwrap.dedent(done.text), "    ")))
        elif part.has_indicators:
            click.echo(shown(f"  Add under {part.list_name} at {part.anchor}:"))
            click.echo(shown(f"      - include: {part.include}"))
        else:
            key = "statutory" if part.outcome == "statutory" else "indicators"
            click.echo(shown(f"  There is no {part.list_name} yet; at {part.anchor} add:"))
            click.echo(shown(f"    {key}:\n      - include: {part.include}"))
    if edits is not None and edits.insertions and edits.validated is not None:
        errors, warnings = edits.validated
        found = (
            "no problems"
            if not errors + warnings
            else f"{_plural(errors, 'error')} and {_plural(warnings, 'warning')} "
            "(`drafter validate` lists them)"
        )
        click.echo(
            "The agreement was read again with the lines added: every new indicator is in "
            f"place, and validation finds {found}."
        )
    if not plan.parts:
        click.echo("No new indicators to write.")
    if check:
        click.echo("--check: nothing written.")


def _print_update(u: Any) -> None:
    code, row = u.row.indicator.code, u.row.row
    if not u.differences:
        click.echo(
            shown(
                f"Row {row} ({code}) is already in the agreement at {u.at}, with the same "
                "figures; nothing to import."
            )
        )
        return
    click.echo(
        shown(
            f"Row {row} ({code}) is already in the agreement at {u.at}; not written again. "
            "The sheet would change:"
        )
    )
    for d in u.differences:
        click.echo(shown(f"    {d}"))
    click.echo(
        "    → Change it in the agreement, and record the earlier figures and the reason "
        "under 'changes:' (README: 'Refreshes and the record of changes')."
    )


def _write_template(
    a: Any, agreement: Path, path: Path, sheet: Path | None, force: bool, current: bool
) -> None:
    from .render import render_time
    from .sheets.template import template_bytes
    from .write import write_atomic

    if sheet is not None:
        raise UsageError("Give either a spreadsheet to import or --template, not both.")
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"--template {path}: the template is written as .xlsx; name it so.")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; give --force to replace it.")
    write_atomic(path, template_bytes(a, render_time(), current=current))
    what = "edit the targets in" if current else "fill in"
    click.echo(f"Wrote {display_path(path)}: {what} its Targets sheet, then run")
    click.echo(
        shown(
            f"  drafter import-targets {display_path(path)} --into {display_path(agreement)} "
            "--check"
        )
    )


# ---------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line; map drafter's errors to messages and exit codes."""
    try:
        cli.main(args=argv, prog_name="drafter", standalone_mode=False)
        sys.exit(EXIT_CLEAN)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.Abort:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(EXIT_UNREADABLE)
    except UsageError as e:
        click.echo(shown(f"drafter: {e}"), err=True)
        sys.exit(EXIT_UNREADABLE)
    except DrafterError as e:
        click.echo(shown(f"drafter: {e}"), err=True)
        sys.exit(EXIT_PROBLEMS)
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
        sys.exit(130)


def run() -> NoReturn:
    """The `drafter` program: run the command line, then leave without tearing down the heap.

    A rendering process ends holding millions of small objects; freeing them one by one
    at exit takes a tenth of a second or more and serves no purpose. Everything drafter
    writes is complete and closed before the command returns, so once the terminal
    output is flushed the process can end at once.
    """
    # drafter uses no pydantic plugins; looking for them reads the metadata of every
    # installed package, a noticeable part of the start-up of every command that loads
    # an agreement. A value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        main()
        code = EXIT_CLEAN
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            code = e.code or EXIT_CLEAN
        else:
            print(e.code, file=sys.stderr)
            code = EXIT_PROBLEMS
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe must not change the exit code
            stream.flush()
    os._exit(code)
