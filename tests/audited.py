"""Render every example and every corpus case under Python's audit hooks (a subprocess).

Run by tests/test_audit.py as `python -m tests.audited WORK_DIR`, because an audit hook
can never be removed. Any socket, any URL request, any process started, or any file
opened or listed outside the case's project, the repository, the virtual environment,
the standard library and the system's font and library folders is a violation; they
are printed, one per line, and the exit code is 1.

The back ends are imported before the watch starts: importing WeasyPrint finds its C
libraries (cffi asks `ldconfig`) and reads the system's /etc/mime.types, once, before
any agreement is read and whatever the agreement says.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import sysconfig
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SYSTEM = [
    "/usr/lib",
    "/usr/lib64",
    "/lib",
    "/lib64",
    "/usr/local/lib",
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/usr/share/fontconfig",
    "/etc/fonts",
    "/var/cache/fontconfig",
    str(Path.home() / ".cache" / "fontconfig"),
    "/dev/null",
]
FORBIDDEN = ("socket.", "urllib.", "http.", "ftplib.", "smtplib.", "subprocess.", "os.exec")
FORBIDDEN += ("os.posix_spawn", "os.spawn", "os.system", "os.fork", "webbrowser.")
CHECKED = {"open", "os.listdir", "os.scandir", "os.chdir", "glob.glob", "shutil.copyfile"}


def allowed_folders() -> list[Path]:
    """Where a render may read: the repository, Python and the system's shared files."""
    paths = sysconfig.get_paths()
    folders = [ROOT, Path(sys.prefix), Path(sys.base_prefix)]
    folders += [Path(paths[k]) for k in ("stdlib", "platstdlib", "purelib", "platlib")]
    return [f.resolve() for f in folders] + [Path(s) for s in SYSTEM]


class Watch:
    """The audit hook: records every event that reaches outside what is allowed."""

    def __init__(self) -> None:
        self.allowed = allowed_folders()
        self.now: list[Path] = []  # the case being rendered: its project and output folder
        self.violations: list[str] = []

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.now:
            return
        if event.startswith(FORBIDDEN):
            self.violations.append(f"{self.now[0].name}: {event} {args!r:.200}")
        elif event in CHECKED and args and isinstance(args[0], str | bytes | os.PathLike):
            raw = os.fsdecode(args[0])
            path = Path(os.path.abspath(raw))
            if not self.inside(path) or not self.inside(_real(path)):
                self.violations.append(f"{self.now[0].name}: {event} {raw}")

    def inside(self, path: Path) -> bool:
        return any(path == f or path.is_relative_to(f) for f in [*self.now, *self.allowed])


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def render(watch: Watch, project: Path, target: Path, out: Path) -> None:
    """`drafter render --force` of one agreement to every format, run in its project."""
    from drafter.cli import main

    out.mkdir(parents=True, exist_ok=True)
    os.chdir(project)
    said = io.StringIO()  # what drafter tells the user does not matter here
    watch.now = [project, out]
    try:
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            main(["render", str(target), "--to", "docx,pdf,html", "--out", str(out), "--force"])
    except SystemExit as e:
        if e.code not in (0, 1, 2):
            watch.violations.append(f"{project.name}: exit code {e.code}")
    finally:
        watch.now = []
        os.chdir(ROOT)


def run(work: Path) -> list[str]:
    """Render every example and every corpus case; the violations found."""
    import weasyprint.pdf.anchors  # noqa: F401  (see the module's docstring)

    import drafter.render.beside
    import drafter.render.docx
    import drafter.render.pdf
    from tests.badinput import CASES

    assert drafter.render.docx and drafter.render.pdf
    # PDFs are made here, where the watch sees them, not in the engine beside (a fork,
    # which the watch forbids): it runs the same html_to_pdf on the same page.
    drafter.render.beside.start = lambda: None
    watch = Watch()
    sys.addaudithook(watch)
    for example in sorted((ROOT / "agreements").rglob("*.yaml")):
        if example.parent.name != "parts":
            render(watch, example.parent, example, work / "out" / example.stem)
    for case in CASES:
        if case.name == "unreadable-file" and os.geteuid() == 0:
            continue  # root reads it anyway
        folder = work / case.name
        render(watch, folder, case.make(folder), folder / "out")
    return watch.violations


def main() -> None:
    """Run with the work folder as the only argument."""
    violations = run(Path(sys.argv[1]).resolve())
    for v in violations:
        print(v)
    sys.exit(1 if violations else 0)


if __name__ == "__main__":
    main()
