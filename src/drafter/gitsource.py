"""Agreement files at one revision of a git repository, read without a checkout.

A side of `drafter diff` (or `validate --since`) written `path@REV` names the file or
folder as it was at that revision. `GitSource` is a `boundary.Source` over the
revision's tree: the same project boundary, include rules and limits apply as on
disk, and symlinks stored in git are followed inside the tree. Paths are the
absolute paths the files would have in the repository's working folder; nothing is
read from that folder, nothing is fetched, and git is run with settings that stop
it starting hooks, pagers or any other program. One `git rev-parse` finds the
revision; one `git cat-file --batch` then reads every folder and file needed.
"""

from __future__ import annotations

import errno
import os
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .boundary import PROJECT_FILE, TooLarge
from .errors import InputError, UsageError

if TYPE_CHECKING:
    import subprocess

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
SYMLINK, TREE, COMMIT = "120000", "040000", "commit"
FILE_MODES = ("100644", "100755")
MAX_LINKS = 40  # as the operating system allows
LINK_BYTES = 4096
TREE_BYTES = 64 * 1024 * 1024  # a folder of about a million files


class GitError(InputError):
    """git failed; the message is git's own."""


@dataclass(frozen=True)
class Entry:
    """One entry of a tree: its mode (six digits, as `git ls-tree` shows it) and object id."""

    mode: str
    sha: str


def git(folder: Path, *args: str) -> bytes:
    """The output of a git command run in `folder`; GitError if it fails."""
    import subprocess  # here: a side on disk (no @REV) never starts git

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


class Batch:
    """One `git cat-file --batch` process: objects by id, one after another.

    Started on first use; stopped when an object is too large to read (its bytes are
    never taken in) and when its source is closed or collected, then started again if
    needed.
    """

    def __init__(self, top: Path) -> None:
        self.top = top
        self._proc: subprocess.Popen[bytes] | None = None

    def _started(self) -> subprocess.Popen[bytes]:
        if self._proc is None:
            import subprocess

            try:
                self._proc = subprocess.Popen(
                    [*GIT, "-C", str(self.top), "cat-file", "--batch"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env={**os.environ, **ENV},
                )
            except OSError as e:
                raise GitError(f"git cannot be started: {e.strerror}") from e
            weakref.finalize(self, _stop, self._proc)
        return self._proc

    def read(self, sha: str, limit: int) -> tuple[str, bytes]:
        """The object's type and bytes; TooLarge past `limit`, OSError if it is missing."""
        proc = self._started()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(sha.encode("ascii") + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline().split()
        except OSError as e:  # git has stopped
            self.close()
            raise OSError(errno.EIO, f"git stopped reading the repository ({e})") from e
        if len(header) != 3 or not header[2].isdigit():
            if not header:
                self.close()
            raise OSError(errno.EIO, "it is missing from the repository's objects")
        size = int(header[2])
        if size > limit:
            self.close()
            raise TooLarge(sha)
        data = proc.stdout.read(size + 1)[:-1]  # each object is followed by a newline
        if len(data) != size:
            self.close()
            raise OSError(errno.EIO, "git stopped reading the repository")
        return header[1].decode("ascii"), data

    def close(self) -> None:
        """Stop the process, if it runs."""
        if self._proc is not None:
            _stop(self._proc)
            self._proc = None


def _stop(proc: subprocess.Popen[bytes]) -> None:
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            pipe.close()
    if proc.poll() is None:
        proc.kill()
    proc.wait()


class GitSource:
    """The files of one commit, at the paths they would have under the repository's folder."""

    def __init__(self, top: Path, commit: str, rev: str) -> None:
        self.top = top  # the repository's working folder, symlinks followed
        self.commit = commit  # the full object id
        self.rev = rev  # as the user wrote it, for messages
        self._trees: dict[str, dict[str, Entry]] = {}
        self._batch = Batch(top)

    def close(self) -> None:
        """Stop the git process (it is started again if anything more is read)."""
        self._batch.close()

    def _tree(self, sha: str) -> dict[str, Entry]:
        """A folder's entries by name (the commit's id: its root folder)."""
        tree = self._trees.get(sha)
        if tree is None:
            try:
                kind, data = self._batch.read(sha, TREE_BYTES)
                if kind == COMMIT:  # its first line names the root folder
                    kind, data = self._batch.read(data.split(b"\n", 1)[0][5:].decode(), TREE_BYTES)
            except (OSError, TooLarge) as e:
                raise GitError(f"git cannot read revision {self.rev} of {self.top}: {e}") from e
            try:
                tree = self._trees[sha] = _entries(data, len(self.commit) // 2)
            except ValueError as e:  # not a tree git itself wrote
                raise GitError(f"revision {self.rev} of {self.top} holds a damaged folder") from e
        return tree

    def _entry(self, path: Path) -> Entry | None:
        """The entry at a path whose folders are resolved already (the root: a tree)."""
        if path == self.top:
            return Entry(TREE, self.commit)
        if not path.is_relative_to(self.top):
            return None
        entry = Entry(TREE, self.commit)
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
        return self._batch.read(entry.sha, limit)[1]

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


def _entries(data: bytes, id_bytes: int) -> dict[str, Entry]:
    """A tree object's entries: `MODE NAME\\0` then the object id, `id_bytes` long."""
    out: dict[str, Entry] = {}
    at = 0
    while at < len(data):
        end = data.index(b"\0", at)
        mode, name = data[at:end].split(b" ", 1)
        sha = data[end + 1 : end + 1 + id_bytes].hex()
        out[os.fsdecode(name)] = Entry(mode.decode("ascii").rjust(6, "0"), sha)
        at = end + 1 + id_bytes
    return out


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
    try:  # one process: the repository's folder, then the commit
        top_line, commit = git(
            start,
            "rev-parse",
            "--show-toplevel",
            "--verify",
            "--end-of-options",
            f"{rev}^{{commit}}",
        ).split(b"\n")[:2]
    except GitError:
        raise _why_not(spec, start, rev) from None
    top = Path(os.fsdecode(top_line))
    source = GitSource(top.resolve(), commit.decode().strip(), rev)
    path = start.resolve() / written.relative_to(start)
    if not path.is_relative_to(source.top):
        raise UsageError(f"{spec}: {path_text} is outside the git repository at {source.top}.")
    if not source.exists(path):
        source.close()
        raise UsageError(
            f"{spec}: {path_text or '.'} is not in revision {rev} ({source.commit[:7]}) of the "
            f"repository at {source.top}. See what it holds with "
            f"`git ls-tree -r --name-only {rev}`."
        )
    return source, path


def _why_not(spec: str, start: Path, rev: str) -> UsageError:
    """Why `git rev-parse` could not find the revision: no repository, or no such revision."""
    try:
        top = Path(os.fsdecode(git(start, "rev-parse", "--show-toplevel").strip()))
    except GitError as e:
        if "dubious ownership" in str(e):
            return UsageError(
                f"{spec}: git does not trust the repository at {start}, as it belongs to "
                "another user; if you trust it, add it with `git config --global --add "
                "safe.directory FOLDER`."
            )
        return UsageError(
            f"{spec}: {start} is not in a git repository, so there is no revision "
            f"'{rev}' to read it from. (A file whose name holds '@' must exist as written.)"
        )
    return UsageError(
        f"{spec}: the repository at {top} has no revision '{rev}'. "
        "See its revisions with `git log --oneline`."
    )
