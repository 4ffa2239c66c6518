"""Why an item changed: the reasons its change log gained between the two versions.

An indicator, funding stream or freedom may carry `changes:`, a log of entries each
with a `reason`. The reason shown beside a change to item X is the reason of every
entry present in the newer version's X.changes but not in the older one's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .changes import Change, Path, canonical_text

if TYPE_CHECKING:
    from .compare import Index


def new_entries(old: BaseModel | None, new: BaseModel) -> list[Any]:
    """Change-log entries of `new` that `old` does not have, in order."""
    before = {canonical_text(_dump(e)) for e in getattr(old, "changes", ()) or ()}
    return [e for e in getattr(new, "changes", ()) or () if canonical_text(_dump(e)) not in before]


def reason_text(entries: Sequence[Any]) -> str | None:
    """The reasons of some log entries as one text ('; ' between them), or None."""
    reasons = [str(r).strip() for e in entries if (r := getattr(e, "reason", None))]
    return "; ".join(dict.fromkeys(r for r in reasons if r)) or None


def _dump(entry: Any) -> Any:
    if isinstance(entry, BaseModel):
        return entry.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return entry


def with_reasons(old: Index, new: Index, changes: Sequence[Change]) -> tuple[Change, ...]:
    """The changes, each given the reason its item's change log gained, if any."""
    old_items: dict[Path, Any] = {n.path: n.obj for n in (old.root, *old.nodes)}
    new_items: dict[Path, Any] = {n.path: n.obj for n in (new.root, *new.nodes)}
    found: dict[tuple[Path | None, Path | None], str | None] = {}

    def reason(change: Change) -> str | None:
        item = change.item
        key = (item.path, item.old_path)
        if key not in found:
            n = new_items.get(item.path) if item.path is not None else None
            o = old_items.get(item.old_path) if item.old_path is not None else None
            found[key] = reason_text(new_entries(o, n)) if n is not None else None
        return found[key]

    return tuple(replace(c, reason=reason(c)) for c in changes)
