"""Agreement files at one revision of a git repository, read without a checkout.

A side of `drafter diff` (or `validate --since`) written `path@REV` names the file or
folder as it was at that revision. `GitSource` is a `boundary.Source` over the
revision's tree: the same project boundary, include rules and limits apply as on
disk, and symlinks stored in git are followed inside the tree. Paths are the
absolute paths the files would have in the repository's working folder; nothing is
read from that folder, nothing is fetched, and git is run with settings that stop
it starting hooks, pagers or any other program.
"""

from __future__ import annotations

import errno
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .boundary import PROJECT_FILE, TooLarge
from .errors import InputError, UsageError

# Settings that keep git to reading objects: no pager, no hooks or file monitor (which
# a repository's own config could point at a program), no network (a partial clone
# would otherwise fetch a missing object).
GIT = (
    "git",
    "--no-pager",
    "-c",
    "core.pager=cat",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "protocol.allow=never",
)
ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_NO_LAZY_FETCH": "1",
    "LC_ALL": "C",
}
SYMLINK, TREE = "120000", "040000"
FILE_MODES = ("100644", "100755")
MAX_LINKS = 40  # as the operating system allows
LINK_BYTES = 4096


class GitError(InputError):
    """git failed; the message is git's own."""


@dataclass(frozen=True)
class Entry:
    """One entry of a tree: its mode, object id and size (None for a tree)."""

    mode: str
    sha: str
    size: int | None  # None for a tree, or an object missing from the repository


def git(folder: Path, *args: str) -> bytes:
    """The output of a git command run in `folder`; GitError if it fails."""
    try:
        done = subprocess.run(
            [*GIT, "-C", str(folder), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env={**os.environ, **ENV},
            timeout=120,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(
            "git is not installed, so a version cannot be read from history (path@REV)."
        ) from None
    except subprocess.TimeoutExpired as e:
        raise GitError("git took more than two minutes") from e
    if done.returncode:
        raise GitError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


class GitSource:
    """The files of one commit, at the paths they would have under the repository's folder."""

    def __init__(self, top: Path, commit: str, rev: str) -> None:
        self.top = top  # the repository's working folder, symlinks followed
        self.commit = commit  # the full object id
        self.rev = rev  # as the user wrote it, for messages
        self._trees: dict[str, dict[str, Entry]] = {}

    def _tree(self, sha: str) -> dict[str, Entry]:
        tree = self._trees.get(sha)
        if tree is None:
            tree = {}
            try:
                listing = git(self.top, "ls-tree", "-z", "-l", sha)
            except GitError as e:
                raise GitError(f"git cannot read revision {self.rev} of {self.top}: {e}") from e
            for record in listing.split(b"\0"):
                if record:
                    meta, name = record.split(b"\t", 1)
                    mode, _, oid, size = meta.split()
                    tree[os.fsdecode(name)] = Entry(
                        mode.decode(), oid.decode(), int(size) if size.isdigit() else None
                    )
            self._trees[sha] = tree
        return tree

    def _entry(self, path: Path) -> Entry | None:
        """The entry at a path whose folders are resolved already (the root: a tree)."""
        if path == self.top:
            return Entry(TREE, self.commit, None)
        if not path.is_relative_to(self.top):
            return None
        entry = Entry(TREE, self.commit, None)
        for name in path.relative_to(self.top).parts:
            if entry.mode != TREE:
                return None
            found = self._tree(entry.sha).get(name)
            if found is None:
                return None
            entry = found
        return entry

    def resolve(self, path: Path) -> Path:
        """The absolute path with every symlink in the tree followed (as far as it exists)."""
        done, todo, links = Path(path.anchor or "/"), list(Path(path).parts[1:]), 0
        if not path.is_absolute():
            done, todo = self.top, list(path.parts)
        while todo:
            name = todo.pop(0)
            if name in ("", "."):
                continue
            if name == "..":
                done = done.parent
                continue
            entry = self._entry(done / name)
            target = self._link(entry) if links < MAX_LINKS else None
            if target is not None:
                links += 1
                if target.is_absolute():
                    done = Path(target.anchor)
                todo = [*target.parts[1 if target.is_absolute() else 0 :], *todo]
                continue
            done = done / name
        return done

    def _link(self, entry: Entry | None) -> Path | None:
        """Where a symlink leads (None if it is not one, or cannot be read: then it is
        left as it is, neither a file nor a folder, as a looping link is on disk)."""
        if entry is None or entry.mode != SYMLINK:
            return None
        try:
            return Path(os.fsdecode(self._blob(entry, LINK_BYTES)))
        except (TooLarge, OSError):
            return None

    def _at(self, path: Path) -> Entry | None:
        return self._entry(self.resolve(path))

    def exists(self, path: Path) -> bool:
        """Whether anything is at the path in this revision."""
        return self._at(path) is not None

    def is_dir(self, path: Path) -> bool:
        """Whether the path is a folder in this revision."""
        entry = self._at(path)
        return entry is not None and entry.mode == TREE

    def is_file(self, path: Path) -> bool:
        """Whether the path is a file in this revision (a submodule is not)."""
        entry = self._at(path)
        return entry is not None and entry.mode in FILE_MODES

    def read_bytes(self, path: Path, limit: int) -> bytes:
        """The file's bytes at this revision; TooLarge if more than `limit`."""
        entry = self._at(path)
        if entry is None or entry.mode not in FILE_MODES:
            code = errno.EISDIR if entry is not None and entry.mode == TREE else errno.ENOENT
            raise OSError(code, os.strerror(code), str(path))
        return self._blob(entry, limit)

    def _blob(self, entry: Entry, limit: int) -> bytes:
        if entry.size is None:  # git lists a missing object's size as BAD
            raise OSError(errno.EIO, "it is missing from the repository's objects")
        if entry.size > limit:
            raise TooLarge(entry.sha)
        try:
            data = git(self.top, "cat-file", "blob", entry.sha)
        except GitError as e:
            raise OSError(errno.EIO, str(e)) from e
        if len(data) > limit:
            raise TooLarge(entry.sha)
        return data

    def label(self, path: Path) -> str:
        """How a path is named to the user: as typed from the working folder, then @REV."""
        try:
            shown = str(path.relative_to(Path.cwd().resolve()))
        except (ValueError, OSError):
            shown = str(path)
        return f"{shown}@{self.rev}"

    def agreement_files(self, folder: Path) -> list[Path]:
        """The agreement files in a folder at this revision, ordered as on disk."""
        entry = self._at(folder)
        names = sorted(self._tree(entry.sha)) if entry is not None and entry.mode == TREE else []
        real = self.resolve(folder)
        found = [real / n for n in names if n.endswith(".yaml") and n != PROJECT_FILE]
        found += [real / n for n in names if n.endswith(".yml")]
        return [p for p in found if self.is_file(p)]


def split(spec: str) -> tuple[str, str] | None:
    """`(path, REV)` for a side written `path@REV`; None for a path on disk as written."""
    if Path(spec).exists() or "@" not in spec:
        return None
    at = len(spec)
    while (at := spec.rfind("@", 0, at)) > 0:
        if not spec[at + 1 :].startswith("{"):  # HEAD@{1} is a revision, not a path
            return spec[:at], spec[at + 1 :]
    return None


def open_revision(path_text: str, rev: str) -> tuple[GitSource, Path]:
    """The source for a revision and the path in it; UsageError saying what is wrong."""
    spec = f"{path_text}@{rev}"
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n\r"):
        raise UsageError(
            f"{spec}: '{rev}' is not a revision. Write path@REV with a commit, a tag or, "
            "say, HEAD~1 after the '@'."
        )
    written = Path(os.path.abspath(path_text or "."))
    start = written
    while not start.is_dir():
        start = start.parent
    try:
        top = Path(os.fsdecode(git(start, "rev-parse", "--show-toplevel").strip()))
    except GitError as e:
        if "dubious ownership" in str(e):
            raise UsageError(
                f"{spec}: git does not trust the repository at {start}, as it belongs to "
                "another user; if you trust it, add it with `git config --global --add "
                "safe.directory FOLDER`."
            ) from None
        raise UsageError(
            f"{spec}: {start} is not in a git repository, so there is no revision "
            f"'{rev}' to read it from. (A file whose name holds '@' must exist as written.)"
        ) from None
    try:
        commit = git(top, "rev-parse", "--verify", "--end-of-options", f"{rev}^{{commit}}")
    except GitError:
        raise UsageError(
            f"{spec}: the repository at {top} has no revision '{rev}'. "
            "See its revisions with `git log --oneline`."
        ) from None
    source = GitSource(top.resolve(), commit.decode().strip(), rev)
    path = start.resolve() / written.relative_to(start)
    if not path.is_relative_to(source.top):
        raise UsageError(f"{spec}: {path_text} is outside the git repository at {source.top}.")
    if not source.exists(path):
        raise UsageError(
            f"{spec}: {path_text or '.'} is not in revision {rev} ({source.commit[:7]}) of the "
            f"repository at {source.top}. See what it holds with "
            f"`git ls-tree -r --name-only {rev}`."
        )
    return source, path
