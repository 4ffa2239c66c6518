"""What a comparison finds: frozen, typed changes with a stable JSON shape.

A `Change` names the item it belongs to (an indicator, a funding stream, the
agreement itself, …) by its path of keys, never by its position in a list, and the
field inside that item. The JSON shape (`Changes.to_json`) is documented in the
README under "Comparing versions" and versioned by `JSON_VERSION`; programs may
rely on it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

JSON_VERSION = 1

Path = tuple[str, ...]
# A value as it is written in YAML, frozen: text, numbers, true/false, null, tuples and
# read-only mappings (model values are dumped with their YAML field names).
Json = Any


class Kind(StrEnum):
    """What happened to an item or a field."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"  # the same item (same id) under another parent
    RENAMED = "renamed"  # a new id for an item whose content is the same


@dataclass(frozen=True)
class ItemRef:
    """The item a change belongs to: its type, its key, and where it is in each version.

    `type` is the model's class name ('Indicator', 'FundingStream', 'Agreement');
    `key` its id (or, for items without one, a key made from their content);
    `path` and `old_path` alternate field names and keys from the agreement down to
    it. `path` is None for a removed item, `old_path` for an added one.
    """

    type: str
    key: str
    path: Path | None
    old_path: Path | None

    @property
    def where(self) -> Path:
        """The path in the newer version, else in the older one."""
        path = self.path if self.path is not None else self.old_path
        assert path is not None
        return path


@dataclass(frozen=True)
class Change:
    """One difference: an item added, removed, moved or renamed, or one field changed.

    `field` is the path inside the item (empty for a change to the item as a whole);
    `old` and `new` are the values before and after (None when absent). `words` is
    a word-level comparison of two texts: ('=', 'kept'), ('-', 'deleted'),
    ('+', 'inserted') pieces in order. `reason` is the reason the newer version
    records for changing the item, if any.
    """

    kind: Kind
    item: ItemRef
    field: Path = ()
    old: Json = None
    new: Json = None
    words: tuple[tuple[str, str], ...] = ()
    reason: str | None = None

    @property
    def path(self) -> Path:
        """The full path: the item's, then the field's."""
        return self.item.where + self.field

    def to_json(self) -> dict[str, Any]:
        """The change as plain JSON data."""
        item = self.item
        out: dict[str, Any] = {
            "kind": str(self.kind),
            "item": {
                "type": item.type,
                "key": item.key,
                "path": list(item.path) if item.path is not None else None,
                "old_path": list(item.old_path) if item.old_path is not None else None,
            },
            "field": list(self.field),
            "old": thaw(self.old),
            "new": thaw(self.new),
            "reason": self.reason,
        }
        if self.words:
            out["words"] = [list(w) for w in self.words]
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Change:
        """A change read back from `to_json`'s output."""
        item = data["item"]
        return cls(
            kind=Kind(data["kind"]),
            item=ItemRef(
                type=item["type"],
                key=item["key"],
                path=tuple(item["path"]) if item["path"] is not None else None,
                old_path=tuple(item["old_path"]) if item["old_path"] is not None else None,
            ),
            field=tuple(data["field"]),
            old=freeze(data.get("old")),
            new=freeze(data.get("new")),
            words=tuple((op, text) for op, text in data.get("words", ())),
            reason=data.get("reason"),
        )


@dataclass(frozen=True)
class Version:
    """Which version of an agreement a side of the comparison is."""

    id: str
    version: str
    status: str
    date: str | None
    label: str  # what the user named: a file, or 'file@revision'

    def to_json(self) -> dict[str, Any]:
        """The version as plain JSON data."""
        return {
            "id": self.id,
            "version": self.version,
            "status": self.status,
            "date": self.date,
            "source": self.label,
        }


@dataclass(frozen=True)
class Changes:
    """Every difference between two versions of one agreement, in document order."""

    old: Version
    new: Version
    items: tuple[Change, ...] = field(default=())

    @property
    def empty(self) -> bool:
        """True when the two versions say the same thing."""
        return not self.items

    def __iter__(self) -> Iterator[Change]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def counts(self) -> dict[str, int]:
        """How many changes of each kind (every kind listed, zeros included)."""
        out = {str(k): 0 for k in Kind}
        for c in self.items:
            out[str(c.kind)] += 1
        return out

    def to_json(self) -> dict[str, Any]:
        """The comparison as plain JSON data (the shape documented in the README)."""
        return {
            "old": self.old.to_json(),
            "new": self.new.to_json(),
            "same": self.empty,
            "counts": self.counts(),
            "changes": [c.to_json() for c in self.items],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Changes:
        """A comparison read back from `to_json`'s output."""

        def version(v: Mapping[str, Any]) -> Version:
            return Version(v["id"], v["version"], v["status"], v["date"], v["source"])

        return cls(
            old=version(data["old"]),
            new=version(data["new"]),
            items=tuple(Change.from_json(c) for c in data["changes"]),
        )


def freeze(value: Json) -> Json:
    """A JSON value made read-only: lists become tuples, mappings read-only views."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Json) -> Json:
    """A frozen JSON value as plain lists and dicts again."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [thaw(v) for v in value]
    return value


def dumps(data: object) -> str:
    """JSON text as drafter prints it: indented, UTF-8 characters kept, keys in order."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def canonical_text(value: Json) -> str:
    """A value as compact JSON with sorted keys, for hashing and equality."""
    return json.dumps(thaw(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def join_path(path: Sequence[str]) -> str:
    """'themes › children › outcomes › CYP1' for messages and debugging."""
    return " › ".join(path)
