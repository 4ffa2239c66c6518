"""The preview's own page: the problems panel beside the agreement's document.

The document is the very HTML `drafter render --to html` writes, served on its own and
shown in a sandboxed frame, so its templates, stylesheet and Content-Security-Policy
stay as they are. The page around it (assets/shell.html, panel.html, preview.css,
preview.js) is drafter's, not the project's: project templates cannot replace it. Its
templates escape every value (autoescape) and print nothing undefined.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import jinja2
import jinja2.sandbox

from ..problems import Problem
from ..render.html import printable
from .state import Snapshot

ASSETS = ("preview.js", "preview.css")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=jinja2.PackageLoader("drafter.preview", "assets"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=printable,
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def counts(snapshot: Snapshot) -> str:
    """'2 errors, 1 warning', or 'No problems'."""
    if not snapshot.problems:
        return "No problems"
    return f"{_plural(snapshot.errors, 'error')}, {_plural(snapshot.warnings, 'warning')}"


def page_title(snapshot: Snapshot) -> str:
    """The browser tab's title: what is wrong first, then the agreement."""
    if not snapshot.version:
        state = "Reading"
    elif snapshot.trouble and not snapshot.problems:
        state = "Not shown"
    else:
        state = counts(snapshot)
    return f"{state} · {snapshot.title} · drafter preview"


def _values(snapshot: Snapshot, file: str) -> dict[str, object]:
    problems: list[tuple[Problem, str | None]] = [
        (p, snapshot.targets.get(i)) for i, p in enumerate(snapshot.problems)
    ]
    return {
        "snapshot": snapshot,
        "file": file,
        "problems": problems,
        "counts": counts(snapshot),
        "page_title": page_title(snapshot),
    }


def shell(snapshot: Snapshot, file: str) -> bytes:
    """The whole page, as it stands now (the script keeps it current)."""
    template = _environment().get_template("shell.html")
    return template.render(_values(snapshot, file)).encode("utf-8")


def state(snapshot: Snapshot, file: str) -> bytes:
    """What the script needs to bring the page up to date, as JSON."""
    panel = _environment().get_template("panel.html").render(_values(snapshot, file))
    return json.dumps(
        {
            "version": snapshot.version,
            "document": snapshot.document_version,
            "title": page_title(snapshot),
            "panel": panel,
            "errors": snapshot.errors,
            "warnings": snapshot.warnings,
            "trouble": snapshot.trouble,
        }
    ).encode("utf-8")


@lru_cache(maxsize=len(ASSETS))
def asset(name: str) -> bytes:
    """The script or stylesheet of the page (one of ASSETS), from the package."""
    if name not in ASSETS:
        raise KeyError(name)
    return resources.files("drafter.preview").joinpath("assets", name).read_bytes()
