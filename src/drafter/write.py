"""Write files atomically: one file, or a set of files that is replaced all or nothing.

Each file is first written in full under a temporary name beside its target, then
renamed over it, so a reader sees the old file or the new one, never half of one. A
set (the Word, PDF and HTML of one agreement) is renamed only once every file of it
has been written; if a rename fails, the files already renamed are put back as they
were. Temporary names carry the writing process's id, so the next run can remove
what a killed run left behind without touching a run still at work.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import secrets
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import DrafterError

# '.<target name>.<pid>.<random>.drafter-tmp'; nothing else is ever removed.
_TEMP = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{12}\.drafter-tmp$")


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.drafter-tmp")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    except OSError:
        return False
    return True


def remove_stale(folder: Path) -> None:
    """Remove temporary files that a killed drafter run left in `folder` (and only those)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _TEMP.match(name)
        if m and not _alive(int(m.group(1))):
            with contextlib.suppress(OSError):
                (folder / name).unlink()


def _write_temp(path: Path, data: bytes) -> Path:
    tmp = _temp_name(path)
    # Created with mode 0o666, so the process's umask gives the usual permissions
    # (mkstemp would make the file readable by its owner only).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())  # the bytes are on disk before the name says they are
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so readers see the old file or the new one, never half of one."""
    write_set([(path, data)])


def write_set(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every file or none: all are written first, then renamed into place together.

    If anything fails, every target is left as it was before (DrafterError says what).
    """
    temps: list[tuple[Path, Path]] = []  # (temporary, target)
    backups: list[tuple[Path, Path | None]] = []  # (target, its old version) as replaced
    current = files[0][0] if files else Path()
    try:
        for folder in dict.fromkeys(p.parent for p, _ in files):
            folder.mkdir(parents=True, exist_ok=True)
            remove_stale(folder)
        for path, data in files:
            current = path
            if path.is_dir():
                raise IsADirectoryError(21, "a folder of that name is in the way", str(path))
            temps.append((_write_temp(path, data), path))
        for tmp, path in temps:
            current = path
            backups.append((path, _keep_old(path)))
            os.replace(tmp, path)
    except OSError as e:
        _undo(backups)
        _remove(t for t, _ in temps)
        why = e.strerror or str(e)
        raise DrafterError(f"Could not write {current}: {why}; no file was changed.") from e
    except BaseException:
        _undo(backups)
        _remove(t for t, _ in temps)
        raise
    _remove(old for _, old in backups if old is not None)


def _keep_old(path: Path) -> Path | None:
    """A copy of the file about to be replaced (a hard link where possible), or None."""
    if not path.exists():
        return None
    old = _temp_name(path)
    try:
        os.link(path, old)
    except OSError:  # a file system without hard links
        shutil.copy2(path, old)
    return old


def _undo(backups: list[tuple[Path, Path | None]]) -> None:
    """Put back every target replaced so far, newest first."""
    for path, old in reversed(backups):
        with contextlib.suppress(OSError):
            if old is None:
                path.unlink(missing_ok=True)
            else:
                os.replace(old, path)
                # A rename between two links to one file does nothing: the target was
                # never replaced, and the link kept aside is still there.
                old.unlink(missing_ok=True)


def _remove(paths: Iterable[Path]) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink(missing_ok=True)


def stamped_zip(raw: bytes, when: dt.datetime) -> bytes:
    """A zip file (DOCX, XLSX) rewritten with every entry dated `when`: equal input, equal bytes."""
    stamp = max(when, dt.datetime(1980, 1, 1, tzinfo=when.tzinfo)).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
