"""Write files atomically: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import secrets
import zipfile
from pathlib import Path

from .errors import DrafterError


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so readers see the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created with mode 0o666, so the process's umask gives the usual permissions
        # (mkstemp would make the file readable by its owner only).
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):  # the temporary may never have been made
            tmp.unlink(missing_ok=True)
        raise DrafterError(f"Could not write {path}: {e.strerror}.") from e


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
