"""The two sides of a comparison: an agreement file, a folder of agreements, or either
as it was at a git revision (`path@REV`, read from history without a checkout).

`resolve` turns what the user typed into the agreements it names, loaded; `pair`
matches the agreements of two sides by their id (two single files are compared
whatever their ids), and reports the ones found on one side only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..boundary import find_project
from ..errors import InputError
from ..gitsource import open_revision, split
from ..load import Loaded, iter_files, load
from ..problems import Problem, Severity, display_path


@dataclass(frozen=True)
class Side:
    """What one side of the comparison names: its label and the agreements loaded."""

    label: str
    loaded: tuple[Loaded, ...]
    folder: bool  # a folder (or a folder at a revision): pair by agreement id
    revision: str | None = None  # read from git history at this revision (path@REV)

    def name(self, loaded: Loaded) -> str:
        """How one agreement of this side is named in reports: its file, and revision."""
        if loaded.project is None:
            return display_path(loaded.path)
        return loaded.project.source.label(loaded.path)

    def unreadable(self) -> list[Loaded]:
        """The files that could not be read into an agreement at all."""
        return [x for x in self.loaded if x.agreement is None]


def resolve(spec: str) -> Side:
    """The agreements a side names: a file, a folder of agreement files, or `path@REV`."""
    revision = split(spec)
    if revision is not None:
        return _at_revision(spec, *revision)
    path = Path(spec)
    if path.exists():
        if path.is_dir():
            files = list(iter_files([path]))
            if not files:
                raise InputError(f"There are no agreement files (.yaml) in {display_path(path)}.")
            return Side(spec, tuple(load(f) for f in files), folder=True)
        return Side(spec, (load(path),), folder=False)
    raise InputError(
        f"{spec} does not exist. Give an agreement file or a folder of them, "
        "or path@REV for one as it was at a git revision."
    )


def _at_revision(spec: str, path_text: str, rev: str) -> Side:
    """The agreements at `path_text` in revision `rev`, read with their includes from it."""
    source, path = open_revision(path_text, rev)
    folder = source.is_dir(path)
    files = source.agreement_files(path) if folder else [path]
    if not files:
        raise InputError(f"There are no agreement files (.yaml) in {spec}.")
    try:
        loaded = tuple(load(f, project=find_project(f, source=source)) for f in files)
    finally:
        source.close()  # all is read: what comes later uses the bytes kept
    return Side(spec, loaded, folder, revision=rev)


@dataclass(frozen=True)
class Pairs:
    """Agreements matched across the two sides, and those on one side only."""

    pairs: tuple[tuple[Loaded, Loaded], ...]
    removed: tuple[Loaded, ...]  # only in the older side
    added: tuple[Loaded, ...]  # only in the newer side


def pair(old: Side, new: Side) -> Pairs:
    """Match the agreements of the two sides by id (two single files: each other)."""
    olds = [x for x in old.loaded if x.agreement is not None]
    news = [x for x in new.loaded if x.agreement is not None]
    if not old.folder and not new.folder:
        return Pairs(tuple(zip(olds, news, strict=False)), (), ())
    pairs: list[tuple[Loaded, Loaded]] = []
    # Same id and same file name first (a folder may hold two versions of one agreement),
    # then the same id where that leaves exactly one on each side.
    for key in (_id_and_name, _id):
        left = [o for o in olds if not any(o is p[0] for p in pairs)]
        right = [n for n in news if not any(n is p[1] for p in pairs)]
        by_key: dict[tuple[str, ...], list[Loaded]] = {}
        for x in left:
            by_key.setdefault(key(x), []).append(x)
        counts: dict[tuple[str, ...], int] = {}
        for x in right:
            counts[key(x)] = counts.get(key(x), 0) + 1
        for x in right:
            twins = by_key.get(key(x), [])
            if len(twins) == 1 and counts[key(x)] == 1:
                pairs.append((twins[0], x))
    removed = tuple(o for o in olds if not any(o is p[0] for p in pairs))
    added = tuple(n for n in news if not any(n is p[1] for p in pairs))
    return Pairs(tuple(pairs), removed, added)


def _id(loaded: Loaded) -> tuple[str, ...]:
    assert loaded.agreement is not None
    return (loaded.agreement.id,)


def _id_and_name(loaded: Loaded) -> tuple[str, ...]:
    return (*_id(loaded), loaded.path.name)


def reading_errors(loaded: Loaded) -> Sequence[Problem]:
    """The errors met while reading a file (it may still have loaded, in part)."""
    return [p for p in loaded.problems if p.severity is Severity.ERROR]
