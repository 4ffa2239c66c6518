"""What the last build made, so the next one redoes only what changed: content hashes.

The cache is one small JSON file in the output folder, `.drafter-cache.json`. For each
target (an agreement's documents, a comparison of versions) it records a key — the hash
of everything the target depends on besides its own files: drafter itself (its code,
bundled templates and reference data), the PDF and Word engines' versions, the
project's templates, the branding and its logo, and the options — and the SHA-256 of
every file the target read (the agreement and its includes) and wrote. A target is up to
date only when the key is the same and every one of those files still has its hash.

Timestamps are never used. The file is untrusted like any input: anything that is not
exactly the structure below (a damaged file, one from another program or version, a
path leaving the project) is ignored as a whole and the build starts afresh. It is JSON,
never pickle, so reading it can run no code.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path, PurePosixPath

from .model import Region
from .write import write_atomic

CACHE_NAME = ".drafter-cache.json"
KIND = "drafter build cache"
VERSION = 2  # 2: entries record the content a pack was laid out from
MAX_BYTES = 32 * 1024 * 1024  # a cache for 150 agreements is about 200 KB
_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Entry:
    """One target as last built: its key, and the hash of each file it read and wrote."""

    key: str
    inputs: Mapping[str, str]  # path relative to the project root → SHA-256
    outputs: Mapping[str, str]
    region: str | None = None  # an agreement's Government Office region, for regional packs
    # For a pack: the SHA-256 of what it was laid out from (its summaries, as data), so
    # that a change to an agreement the pack does not show leaves the pack as it is.
    content: str | None = None


def file_hash(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or None if it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def relative(root: Path, path: Path) -> str:
    """A path as stored in the cache: relative to the root, with forward slashes."""
    return path.resolve().relative_to(root).as_posix()


def _safe_relative(name: object) -> bool:
    if not isinstance(name, str) or not name or "\x00" in name or "\\" in name:
        return False
    p = PurePosixPath(name)
    return not p.is_absolute() and ".." not in p.parts


def _hashes(value: object) -> dict[str, str] | None:
    if not isinstance(value, dict) or len(value) > 10_000:
        return None
    ok = all(_safe_relative(k) and isinstance(v, str) and _HEX.match(v) for k, v in value.items())
    return dict(value) if ok else None


def read_cache(path: Path) -> dict[str, Entry]:
    """The entries of a cache file; empty for a missing, damaged or foreign one."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return {}
        raw = json.loads(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if not (
        isinstance(raw, dict)
        and raw.get("kind") == KIND
        and raw.get("version") == VERSION
        and isinstance(raw.get("targets"), dict)
    ):
        return {}
    entries: dict[str, Entry] = {}
    for name, item in raw["targets"].items():
        if not (isinstance(name, str) and isinstance(item, dict) and set(item) == _FIELDS):
            return {}
        key, inputs, outputs = item["key"], _hashes(item["inputs"]), _hashes(item["outputs"])
        if not (isinstance(key, str) and _HEX.match(key)) or inputs is None or outputs is None:
            return {}
        region, content = item["region"], item["content"]
        if region is not None and region not in _REGIONS:
            return {}
        if content is not None and not (isinstance(content, str) and _HEX.match(content)):
            return {}
        entries[name] = Entry(key, inputs, outputs, region, content)
    return entries


_FIELDS = {"key", "inputs", "outputs", "region", "content"}
_REGIONS = {r.value for r in Region}


def write_cache(path: Path, entries: Mapping[str, Entry]) -> None:
    """Write the cache file in one step (never half-written)."""
    doc = {
        "kind": KIND,
        "version": VERSION,
        "targets": {
            name: {
                "key": e.key,
                "inputs": dict(e.inputs),
                "outputs": dict(e.outputs),
                "region": e.region,
                "content": e.content,
            }
            for name, e in sorted(entries.items())
        },
    }
    write_atomic(path, json.dumps(doc, indent=1, sort_keys=True).encode("utf-8"))


def up_to_date(entry: Entry | None, key: str, root: Path) -> bool:
    """Whether a target's key is unchanged and every file it read and wrote has its hash."""
    if entry is None or entry.key != key or not entry.outputs:
        return False
    for name, digest in (*entry.inputs.items(), *entry.outputs.items()):
        path = (root / name).resolve()
        if not path.is_relative_to(root):  # a link leading out: never read, never trusted
            return False
        if file_hash(path) != digest:
            return False
    return True


# ------------------------------------------------------------------ what a build depends on


def _tree(h: hashlib._Hash, folder: Path, label: str) -> None:
    """Feed every file under a folder (names and bytes, in order) into a hash."""
    h.update(f"\0{label}\0".encode())
    for path in sorted(
        p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())


def toolkit_fingerprint() -> str:
    """Hash of drafter itself (code, templates, reference data) and its engines' versions."""
    h = hashlib.sha256()
    package = Path(str(resources.files("drafter")))
    _tree(h, package, "drafter")
    for dist in ("weasyprint", "python-docx", "pydyf", "jinja2"):
        try:
            h.update(f"{dist}={metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=none\0".encode())
    return h.hexdigest()


def build_key(toolkit: str, parts: Iterable[tuple[str, object]], folders: Iterable[Path]) -> str:
    """The key of a target: the toolkit, named settings and the files of some folders."""
    h = hashlib.sha256(toolkit.encode())
    for name, value in parts:
        h.update(f"\0{name}={value!r}".encode())
    for folder in folders:
        if folder.is_dir():
            _tree(h, folder, str(folder))
        elif folder.is_file():
            h.update(f"\0{folder}\0".encode() + hashlib.sha256(folder.read_bytes()).digest())
    return h.hexdigest()
