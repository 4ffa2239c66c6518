"""What the preview shows: the agreement read, checked and laid out as HTML, as a snapshot.

`Drafting.refresh` takes the agreement through the stages `drafter render --to html`
runs (load, validate, the render context, the HTML templates) and returns the next
`Snapshot`. A document is made even when validation finds errors (marked INCOMPLETE,
as with --force): a draft is previewed while it is unfinished. When the agreement
cannot be read at all, or the document cannot be made, the snapshot keeps the last
good document and says why it is not new. Nothing here raises for bad input.

When the agreement lies in a project (a `drafter.yaml` in its folder or above), the
project's templates, branding and date apply as `drafter build` applies them (through
`pipeline.project_options`), unless the command line names others.

`Watch` fingerprints every file the last read used (the agreement, its parts, the
project file, the branding file, its logo and the templates) by the SHA-256 of its
bytes, so that saving a file unchanged does nothing and a change anywhere is seen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..boundary import FILESYSTEM, PROJECT_FILE, Limits, TooLarge, find_project
from ..config import CONFIG_NAME, BrandingError
from ..errors import DrafterError
from ..problems import Position, Problem, Severity, display_path

if TYPE_CHECKING:
    from ..context import RenderContext
    from ..load import Loaded
    from ..project import Project
    from ..render import RenderOptions

FRESH = 2.0  # seconds: a file changed as recently as this is read again at every look
MAX_TEMPLATES = 200  # files of a templates folder watched; a project has a handful


@dataclass(frozen=True)
class Settings:
    """How the preview renders: the choices `drafter render` takes, and the project file.

    What is given here wins over the project's settings; what is not comes from the
    project (`project`, its drafter.yaml), or without one from ./drafter.toml.
    """

    source: Path
    templates: Path | None = None  # a folder of templates overriding the bundled ones
    config: Path | None = None  # the branding file named, else the project's (or ./drafter.toml)
    today: dt.date | None = None
    project: Path | None = None  # the drafter.yaml whose settings apply


def _typed(path: Path | None) -> Path | None:
    """A path as the user would type it, so that messages name it so."""
    return None if path is None else Path(display_path(path))


def project_file(agreement: Path) -> Path | None:
    """The drafter.yaml of the project an agreement lies in (as the loader finds it), if any."""
    found = find_project(agreement).root / PROJECT_FILE
    return found if FILESYSTEM.is_file(found) else None


@dataclass(frozen=True)
class Snapshot:
    """One state of the preview: the newest findings and the last good document."""

    version: int
    title: str  # the agreement's title, or its file name before it was ever read
    problems: tuple[Problem, ...] = ()  # errors first
    trouble: str | None = None  # why the document shown is not the current file's
    document: bytes | None = None  # the last good HTML document
    document_version: int = 0  # the snapshot that made `document`
    document_time: str = ""  # when it was made, HH:MM:SS
    updated: str = ""  # when this snapshot was made, HH:MM:SS
    targets: Mapping[int, str] = field(default_factory=dict)  # problem index → anchor

    @property
    def errors(self) -> int:
        """How many of the findings are errors."""
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        """How many of the findings are warnings."""
        return len(self.problems) - self.errors


def ordered(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Problems with errors first, each kind in file and line order."""
    return tuple(sorted(problems, key=lambda p: (p.severity is not Severity.ERROR, p.sort_key())))


def _now() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")


class Drafting:
    """The agreement being drafted: each `refresh` reads it again and gives the next snapshot."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.snapshot = Snapshot(0, settings.source.name)
        self.read: tuple[Path, ...] = ()  # the files the last read used
        self.hashes: dict[Path, str] = {}  # the SHA-256 of the bytes it read, by file
        # The settings files the last read used: templates folder, branding file, logo.
        self.templates: Path | None = settings.templates
        self.branding: Path | None = settings.config
        self.logo: Path | None = None

    def refresh(self) -> Snapshot:
        """Read, check and lay out the agreement again; the snapshot that follows."""
        last = self.snapshot
        nxt = Snapshot(
            last.version + 1,
            last.title,
            document=last.document,
            document_version=last.document_version,
            document_time=last.document_time,
            updated=_now(),
        )
        try:
            nxt = self._made(nxt)
        except DrafterError as e:
            nxt = replace(nxt, trouble=f"The document cannot be made: {e}")
        except Exception as e:  # a fault in drafter itself: said, and the preview goes on
            nxt = replace(nxt, trouble=f"drafter met an internal error ({e!r}); please report it.")
        self.snapshot = nxt
        return nxt

    def _project(self) -> Project | None:
        """The project's settings as they are now, with what the command line gave instead."""
        from ..project import load_project

        s = self.settings
        if s.project is None:
            return None
        project = load_project(Path(display_path(s.project)))  # named as typed
        return replace(
            project,
            templates=s.templates if s.templates is not None else project.templates,
            branding=s.config if s.config is not None else _typed(project.branding),
            today=s.today if s.today is not None else project.today,
        )

    def _options(self, project: Project | None) -> RenderOptions:
        """How the document is made, as `drafter build` (or `drafter render`) would make it."""
        from ..config import load_branding
        from ..pipeline import project_options
        from ..render import RenderOptions

        s = self.settings
        try:
            if project is not None:
                options = project_options(project, force=True)
            else:
                options = RenderOptions(
                    force=True,
                    project_templates=s.templates,
                    branding=load_branding(s.config),
                    today=s.today,
                )
        except BrandingError as e:
            self.logo = e.logo
            raise
        logo = options.branding.logo
        self.logo = logo.path if logo is not None else None
        return options

    def _made(self, nxt: Snapshot) -> Snapshot:
        from ..load import load
        from ..render import context_for
        from ..render.html import render_html
        from ..validate import validate

        s = self.settings
        name = display_path(s.source)
        if not FILESYSTEM.is_file(s.source):
            gone = (
                "is no longer a file"
                if FILESYSTEM.exists(s.source)
                else "is not there any more: it was deleted, moved or renamed"
            )
            return replace(
                nxt, trouble=f"{name} {gone}. The preview comes back when the file does."
            )
        loaded = load(s.source)
        read = (s.source, *loaded.contents, *loaded.files)
        # A part that cannot be read (say, deleted) is watched still, to see it come back.
        if any(p.code.startswith("Y") for p in loaded.problems):
            read += self.read
        self.read = tuple(dict.fromkeys(read))
        self.hashes = {
            path: hashlib.sha256(data).hexdigest() for path, data in loaded.contents.items()
        }
        try:  # a project file that cannot be used is said, and the findings still show
            project, unusable = self._project(), None
        except DrafterError as e:
            project, unusable = None, e
        if project is not None:
            self.templates, self.branding = project.templates, project.branding
        today = project.today if project is not None else s.today
        problems = ordered(validate(loaded, today=today))
        nxt = replace(nxt, problems=problems)
        if not loaded.readable or loaded.agreement is None:
            return replace(
                nxt,
                trouble=f"{name} cannot be read as it is now. Fix the problems below and "
                "save; the preview follows.",
            )
        if unusable is not None:
            return replace(nxt, trouble=f"The document cannot be made: {unusable}")
        try:
            options = self._options(project)
            errors = any(p.severity is Severity.ERROR for p in problems)
            ctx = context_for(loaded, options, incomplete=errors)
            page = render_html(ctx, options).encode("utf-8")
        except DrafterError as e:  # the branding or a template: the findings still show
            return replace(nxt, trouble=f"The document cannot be made: {e}")
        return replace(
            nxt,
            title=ctx.title,
            document=page,
            document_version=nxt.version,
            document_time=nxt.updated,
            targets=_targets(problems, loaded, ctx),
        )

    def watched(self) -> tuple[Path, ...]:
        """Every file whose change means the preview must be made again."""
        s = self.settings
        config = self.branding
        if config is None:  # without one named, the file that would be read if it appeared
            config = Path(CONFIG_NAME) if s.project is None else s.project.parent / CONFIG_NAME
        if FILESYSTEM.is_dir(config):
            config = config / CONFIG_NAME
        logo = () if self.logo is None else (self.logo,)
        project = () if s.project is None else (s.project,)
        files = (*self.read, *project, config, *logo, *_templates(self.templates))
        return tuple(dict.fromkeys(FILESYSTEM.resolve(path) for path in files))


def _templates(folder: Path | None) -> list[Path]:
    """The files of a templates folder (the ones it holds, not links out of it)."""
    if folder is None or not FILESYSTEM.is_dir(folder):
        return []
    base = FILESYSTEM.resolve(folder)
    found: list[Path] = []
    try:
        for path in sorted(folder.rglob("*")):
            if len(found) >= MAX_TEMPLATES:
                break
            if FILESYSTEM.is_file(path) and FILESYSTEM.resolve(path).is_relative_to(base):
                found.append(path)
    except OSError:  # a folder that cannot be listed: its readable files are watched
        pass
    return found


# The part of the document that prints each top-level key of an agreement (themes are
# looked up one by one).
PARTS = {
    "area": "partners",
    "partners": "partners",
    "bodies": "partners",
    "vision": "vision",
    "priorities": "vision",
    "cross_cutting": "vision",
    "dates": "history",
    "refreshes": "history",
    "reviews": "history",
    "statutory": "statutory",
    "funding": "funding",
    "freedoms": "freedoms",
    "reward": "reward",
    "governance": "governance",
    "signatories": "signatures",
}


def _targets(problems: tuple[Problem, ...], loaded: Loaded, ctx: RenderContext) -> dict[int, str]:
    """The section of the document each finding concerns, where its place in the YAML says.

    A finding at a value of the agreement leads to the section that prints it (a theme's
    entry to that theme); a finding about the file as a whole leads nowhere.
    """
    from ..context.parts import Section

    if not problems:
        return {}
    where: dict[Position, tuple[str | int, ...]] = {}
    for path, position in loaded.sources.values.items():
        where.setdefault(position, path)
    # Themes dropped from the model for errors shift the later ones: map them back.
    kept = loaded.index_maps.get(("themes",), list(range(len(ctx.themes))))
    out: dict[int, str] = {}
    for i, p in enumerate(problems):
        at = where.get(p.position, ())
        if not at or not isinstance(at[0], str):
            continue
        if at[0] == "themes":
            if len(at) > 1 and at[1] in kept and kept.index(at[1]) < len(ctx.themes):
                out[i] = ctx.themes[kept.index(at[1])].section.anchor
            continue
        part = getattr(ctx, PARTS.get(at[0], ""), None)
        section = getattr(part, "section", None)
        if isinstance(section, Section):
            out[i] = section.anchor
    return out


class Watch:
    """Fingerprints of files by content; `changed` names those that differ from last time.

    A file is read again only when its size, times or inode changed, or when it was
    changed in the last FRESH seconds (a file system with coarse times could hide a
    second save within the same tick): a large templates folder costs nothing to watch.
    """

    def __init__(self) -> None:
        self.prints: dict[Path, str] = {}
        self._known: dict[Path, tuple[tuple[int, ...], str]] = {}  # stat → hash, by file

    def changed(self, paths: Iterable[Path]) -> list[Path]:
        """The files whose content changed (or appeared, or went) since the last call."""
        now = {path: self._look(path) for path in paths}
        # A file no longer used (say an include removed) is forgotten; one that went
        # missing while still used is watched until it comes back.
        moved = [p for p, h in now.items() if self.prints.get(p) != h]
        self.prints = now
        self._known = {p: k for p, k in self._known.items() if p in now}
        return moved

    def prime(self, paths: Iterable[Path], read: Mapping[Path, str]) -> None:
        """Fingerprint files not watched before (those a reload has just begun to use).

        A file the reload read is taken as it was read (`read`: hashes by file), so an
        edit made since is seen at the next look.
        """
        for path in paths:
            if path not in self.prints:
                self.prints[path] = read[path] if path in read else self._look(path)

    def _look(self, path: Path) -> str:
        try:
            st = os.stat(path)
        except OSError:
            return ""
        key = (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        known = self._known.get(path)
        if known is not None and known[0] == key and time.time() - st.st_mtime > FRESH:
            return known[1]
        print_ = fingerprint(path)
        self._known[path] = (key, print_)
        return print_


def fingerprint(path: Path) -> str:
    """The SHA-256 of a file's bytes; '' when there is no file, a mark when it is too big."""
    if not FILESYSTEM.is_file(path):
        return ""
    try:
        return hashlib.sha256(FILESYSTEM.read_bytes(path, Limits.file_bytes)).hexdigest()
    except TooLarge:
        try:
            st = path.stat()
        except OSError:
            return "unreadable"
        return f"too large: {st.st_size} bytes, {st.st_mtime_ns}"
    except OSError:
        return "unreadable"


def timed(drafting: Drafting) -> tuple[Snapshot, float]:
    """Refresh, and how long it took in milliseconds."""
    started = time.perf_counter()
    snapshot = drafting.refresh()
    return snapshot, (time.perf_counter() - started) * 1000
