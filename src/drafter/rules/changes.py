"""The record of changes (C…): each change says why, and approval is never left unclear."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..context.wording import format_date
from ..load import PathKey
from ..model import ApprovalStatus, ChangeBase, Status, last_day
from .context import Context, item


def check(ctx: Context) -> None:
    """Every C rule, over the changes recorded on indicators, funding streams and freedoms."""
    signed = ctx.agreement.status is Status.SIGNED
    for path, name, changes in _recorded(ctx):
        for k, change in enumerate(changes):
            at: PathKey = (*path, "changes", k)
            when = _when(change)
            if not (change.reason or "").strip():
                ctx.add(
                    "C001",
                    at,
                    f"A change to {name}{when} does not say why it was made.",
                    "Add 'reason:' — the commentary a Government Office reads beside the change.",
                )
            proposed = getattr(change, "proposed", None)
            status = change.approval.status if change.approval else None
            if proposed is not None and status is ApprovalStatus.APPROVED:
                ctx.add(
                    "C002",
                    (*at, "approval", "status"),
                    f"A change to {name}{when} is marked approved, but its new values are "
                    "still written as proposed, so the documents keep printing the old ones.",
                    "Put the approved values in the item's own fields, and the earlier ones "
                    "under 'was:' instead of 'proposed:'.",
                )
            if not change.pending:
                continue
            due = change.approval.date if change.approval else None
            if due is not None and last_day(due) < ctx.today:
                ctx.add(
                    "C003",
                    (*at, "approval", "date"),
                    f"A change to {name}{when} was to be approved by {format_date(due)}, which "
                    f"has passed (checked against {format_date(ctx.today)}).",
                    "Record the approval (or rejection), or agree a new date.",
                )
            if signed:
                ctx.add(
                    "C004",
                    at,
                    f"The agreement is marked signed, but a change to {name}{when} still "
                    "awaits approval.",
                    "Record its approval or rejection, or change the status to refreshed.",
                )


def _recorded(ctx: Context) -> Iterator[tuple[PathKey, str, Sequence[ChangeBase]]]:
    """Every item that keeps a record of changes, with its path and a name for messages."""
    a = ctx.agreement
    for row in ctx.rows:
        if row.indicator.changes:
            yield row.path, row.name, row.indicator.changes
    for i, s in enumerate(a.funding.streams):
        if s.changes:
            yield ("funding", "streams", i), item("funding stream", s.id, s.name), s.changes
    for i, f in enumerate(a.freedoms):
        if f.changes:
            yield ("freedoms", i), item("freedom", f.id, f.title), f.changes


def _when(change: ChangeBase) -> str:
    """' at refresh-2009', ' in version 0.5' or nothing, for a message."""
    if change.refresh:
        return f" at {change.refresh}"
    if change.version:
        return f" in version {change.version}"
    return ""
