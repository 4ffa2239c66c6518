"""The trust boundary: which files an agreement may make drafter read, and how much.

Agreements, their parts and `drafter.toml` are written by other people, so none of
them is trusted. A `Project` is the folder they may draw on (its root) plus the limits
that bound the work of reading them. The root is the folder of the nearest
`drafter.yaml` above the agreement, else the agreement's own folder; every included
file must lie inside it once symlinks are followed, and must be a YAML file.

File access goes through a `Source` (the file system by default), so the same
checks apply when an agreement is read from somewhere else, such as a git revision.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .errors import DrafterError
from .problems import display_path

PROJECT_FILE = "drafter.yaml"
INCLUDE_SUFFIXES = (".yaml", ".yml")
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much one agreement may make drafter read; a national build never comes near.

    A large agreement is about 200 KB in a few files, with about 60 indicators, 100
    funding streams and 20 freedoms; each default is many times what it needs.
    """

    files: int = 200  # the agreement and every file it includes
    file_bytes: int = 4 * MB  # one file
    total_bytes: int = 8 * MB  # all files together
    items: int = 1_000  # items in one list
    text: int = 100_000  # characters in one text field (about 30 pages)
    values: int = 100_000  # values in all, after anchors and aliases (the largest example: 2,000)
    depth: int = 40  # mappings and lists inside each other (an agreement needs 8)
    asset_bytes: int = 4 * MB  # a branding asset such as the logo


class TooLarge(Exception):
    """A file holds more bytes than the reader asked for."""


class Source(Protocol):
    """Where agreement files come from: the file system, or (say) a git revision."""

    def resolve(self, path: Path) -> Path:
        """The absolute path with every symlink followed (the path itself if it is missing)."""

    def exists(self, path: Path) -> bool:
        """Whether anything is at the path."""

    def is_dir(self, path: Path) -> bool:
        """Whether the path is a folder."""

    def is_file(self, path: Path) -> bool:
        """Whether the path is a regular file (not a folder, pipe or device)."""

    def read_bytes(self, path: Path, limit: int) -> bytes:
        """The file's bytes; TooLarge if it holds more than `limit`, OSError if unreadable."""

    def label(self, path: Path) -> str:
        """How a (resolved) path is named in messages and reports."""


class FileSystem:
    """The default source: files on this computer."""

    def resolve(self, path: Path) -> Path:
        """The absolute path with every symlink followed (a looping link is left as it is)."""
        try:
            return path.resolve()
        except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
            return Path(os.path.abspath(path))

    def exists(self, path: Path) -> bool:
        """Whether anything is at the path."""
        try:
            return path.exists()
        except OSError:  # a name too long, or a looping link
            return False

    def is_dir(self, path: Path) -> bool:
        """Whether the path is a folder."""
        try:
            return path.is_dir()
        except OSError:
            return False

    def is_file(self, path: Path) -> bool:
        """Whether the path is a regular file."""
        try:
            return path.is_file()
        except OSError:
            return False

    def read_bytes(self, path: Path, limit: int) -> bytes:
        """At most `limit` bytes, read without trusting the size the file system reports."""
        # O_NONBLOCK: a pipe swapped in after the is_file() check cannot hang the read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            data = f.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(path)
        return data

    def label(self, path: Path) -> str:
        """The path as the user would type it (relative to the working folder when inside)."""
        return display_path(path)


FILESYSTEM = FileSystem()


class Refused(DrafterError):
    """A file outside the boundary; `code` is the problem code, `hint` what to do."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.hint = hint


@dataclass(frozen=True)
class Project:
    """The folder an agreement may read from, the limits, and where files come from."""

    root: Path  # absolute, symlinks followed
    limits: Limits = field(default_factory=Limits)
    source: Source = FILESYSTEM

    def contains(self, path: Path) -> bool:
        """Whether a resolved path lies inside the root."""
        return path == self.root or path.is_relative_to(self.root)

    def agreement(self, path: Path) -> Path:
        """The real path of the agreement named; Refused if it is a link out of its folder.

        A folder of agreements received from elsewhere may hold links; one leading to
        another area's files must not be read as if it were this one.
        """
        real = self.source.resolve(path)
        folder = self.source.resolve(path.parent)
        if not real.is_relative_to(folder):
            raise Refused(
                "Y010",
                f"{path.name} is a link to {real}, outside its folder; drafter reads an "
                "agreement only where it is.",
                "Name the file itself rather than a link to it.",
            )
        return real

    def include(self, including: Path, target: str) -> Path:
        """The real path of `- include: target` in `including`, or Refused."""
        written = Path(target)
        real = self.source.resolve(including.parent / written)
        if not self.contains(real):
            raise Refused(
                "Y010",
                f"'{target}' is outside the project folder {self.root}; "
                "drafter reads no file outside it.",
                "Move the file into the project folder, or put a drafter.yaml in a folder "
                "that holds both the agreement and its parts.",
            )
        if written.suffix.lower() not in INCLUDE_SUFFIXES or (
            real.suffix.lower() not in INCLUDE_SUFFIXES
        ):
            raise Refused(
                "Y011",
                f"'{target}' is not a YAML file; only .yaml and .yml files can be included.",
                "Include a part of the agreement saved as .yaml.",
            )
        return real


class Reading:
    """The files read for one agreement so far, kept within the project's limits.

    Each file's bytes (and where each include led) are kept, so a second pass over the
    agreement, PDF attachments and checks all see the very bytes that were validated: a
    file changed or swapped afterwards makes no difference.
    """

    def __init__(self, project: Project, first: Reading | None = None) -> None:
        self.project = project
        self.files: dict[Path, bytes] = {}
        self.includes: dict[tuple[Path, str], Path] = {}
        self.total = 0
        self._first = first  # a second pass reads only what the first one read

    def include(self, including: Path, target: str) -> Path:
        """Where `- include: target` in `including` leads (see Project.include)."""
        key = (including, target)
        if self._first is not None and key in self._first.includes:
            real = self._first.includes[key]
        else:
            real = self.project.include(including, target)
        self.includes[key] = real
        return real

    def read(self, path: Path, shown: str, *, included: bool) -> bytes:
        """The bytes of a (resolved) file, or Refused with a problem code and a hint."""
        if self._first is not None:
            if path not in self._first.files:
                raise Refused("Y001", f"{shown} was not read the first time.")
            self.files[path] = data = self._first.files[path]
            return data
        source, limits = self.project.source, self.project.limits
        what = "The included file" if included else "The file"
        if not source.exists(path):
            hint = "Check the spelling of the path" + (
                " after 'include:'; it is relative to the including file." if included else "."
            )
            raise Refused("Y001", f"{what} {shown} does not exist.", hint)
        if source.is_dir(path):
            raise Refused(
                "Y001",
                f"{shown} is a folder, not an agreement file.",
                "Give the path of a .yaml file inside it.",
            )
        if not source.is_file(path):
            raise Refused(
                "Y001",
                f"{shown} is not an ordinary file (it is a pipe, a device or similar).",
                "Give the path of a .yaml file.",
            )
        if len(self.files) >= limits.files:
            raise Refused(
                "Y012",
                f"The agreement is made of more than {limits.files} files; drafter reads "
                f"at most {limits.files}, and {shown} would be one more.",
                "Keep the agreement in fewer, larger parts.",
            )
        room = limits.total_bytes - self.total
        try:
            data = source.read_bytes(path, min(limits.file_bytes, room))
        except TooLarge:
            if room < limits.file_bytes:
                raise Refused(
                    "Y012",
                    f"With {shown} the agreement's files hold more than "
                    f"{limits.total_bytes // MB} MB in all; drafter reads at most that much "
                    "for one agreement (a large one is well under 1 MB).",
                    "Check that every included file is a part of this agreement.",
                ) from None
            raise Refused(
                "Y007",
                f"{shown} is larger than {limits.file_bytes // MB} MB; an agreement file is "
                "normally well under 1 MB.",
                "Split the agreement into parts with 'include:'.",
            ) from None
        except OSError as e:
            raise Refused("Y001", f"{shown} cannot be read: {e.strerror}.") from e
        self.total += len(data)
        self.files[path] = data
        return data


def find_project(
    agreement: Path, *, limits: Limits | None = None, source: Source = FILESYSTEM
) -> Project:
    """The project of an agreement: the nearest folder above it with drafter.yaml, else its own."""
    real = source.resolve(agreement)
    for folder in real.parents:
        if source.is_file(folder / PROJECT_FILE):
            return Project(folder, limits or Limits(), source)
    return Project(real.parent, limits or Limits(), source)


def asset_path(folder: Path, value: str) -> Path:
    """A branding asset named in a settings file: its real path, which must lie in `folder`.

    Refused says why not, as words that follow the file's name.
    """
    base = folder.resolve()
    real = (base / value).resolve()
    if not real.is_relative_to(base):
        raise Refused(
            "asset",
            f"is outside the folder {base}; drafter reads no file outside it",
            "Put the file in the same folder as the settings file, or a folder inside it.",
        )
    return real
