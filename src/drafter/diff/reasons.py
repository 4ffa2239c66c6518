"""Why an item changed: the entries its change log gained between the two versions.

An indicator, funding stream or freedom may carry `changes:`, a log whose entries say
when, why and who approved. The reason shown beside a change to item X is the reason
of every entry present in the newer version's X.changes but not in the older one's
(new, or changed since: approved, say). Only entries that were made count: a change
still proposed (awaiting approval, its values under `proposed`) or rejected explains
none of the item's values; it is reported as a proposal, with its own reason.

The entries themselves are compared like any other items (they are in the JSON and
`apply` replays them), but the reports word them as reasons and notes (`log`), not as
changes of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..model import ApprovalStatus, ChangeBase
from .changes import Change, Path, canonical_text

if TYPE_CHECKING:
    from .compare import Index


class State(StrEnum):
    """Where one entry of a change log stands."""

    MADE = "made"  # in force: approved, or no approval needed or recorded
    AWAITING = "awaiting"  # made (the item holds the new values) but not yet approved
    PROPOSED = "proposed"  # awaiting approval; the new values are under `proposed`
    REJECTED = "rejected"  # proposed and turned down: the item keeps its values


def state(entry: ChangeBase) -> State:
    """Where a change-log entry stands."""
    status = entry.approval.status if entry.approval else None
    if status is ApprovalStatus.REJECTED:
        return State.REJECTED
    if entry.pending:
        return State.PROPOSED
    return State.AWAITING if status is ApprovalStatus.AWAITING else State.MADE


def explains(entry: ChangeBase) -> bool:
    """Whether an entry's reason explains the item's values: the change was made."""
    return state(entry) in (State.MADE, State.AWAITING)


def log(item: BaseModel | None) -> Sequence[ChangeBase]:
    """An item's change log (empty for an item that keeps none)."""
    return getattr(item, "changes", None) or ()


def entry_text(entry: BaseModel) -> str:
    """An entry as canonical text: two entries are the same exactly when these are."""
    from .compare import data

    return canonical_text(data(entry))


def new_entries(old: BaseModel | None, new: BaseModel) -> list[ChangeBase]:
    """Change-log entries of `new` that `old` does not have (or had otherwise), in order."""
    before = {entry_text(e) for e in log(old)}
    return [e for e in log(new) if entry_text(e) not in before]


def reason_text(entries: Sequence[ChangeBase]) -> str | None:
    """The reasons of some log entries as one text ('; ' between them), or None."""
    reasons = [r.strip() for e in entries if (r := e.reason) and r.strip()]
    return "; ".join(dict.fromkeys(reasons)) or None


def with_reasons(old: Index, new: Index, changes: Sequence[Change]) -> tuple[Change, ...]:
    """The changes, each given the reason its item's change log gained, if any.

    A change to an entry of a change log (one added, approved, …) gets that entry's
    own reason.
    """
    old_items: dict[Path, Any] = {n.path: n.obj for n in (old.root, *old.nodes)}
    new_items: dict[Path, Any] = {n.path: n.obj for n in (new.root, *new.nodes)}
    found: dict[tuple[Path | None, Path | None], str | None] = {}

    def reason(change: Change) -> str | None:
        item = change.item
        key = (item.path, item.old_path)
        if key not in found:
            n = new_items.get(item.path) if item.path is not None else None
            o = old_items.get(item.old_path) if item.old_path is not None else None
            entry = n if n is not None else o
            if isinstance(entry, ChangeBase):
                found[key] = reason_text([entry])
            elif n is not None:
                found[key] = reason_text([e for e in new_entries(o, n) if explains(e)])
            else:
                found[key] = None
        return found[key]

    return tuple(replace(c, reason=reason(c)) for c in changes)
