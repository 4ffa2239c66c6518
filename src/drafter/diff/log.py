"""Change logs in words: reasons, approvals, and proposals still awaiting approval.

What an item's `changes:` log gained or lost between the two versions is not reported
as changes of its own, which would be noise beside the change they explain. Each
entry new in the newer version (or changed since: approved, say) becomes one `Note`
on its item:

- a change made: its reason, beside the item's changes ("reason"), with who approved
  it; "approved" when the older version had it still awaiting approval; "recorded"
  when the item did not change in this comparison (a change entered in the log
  later), with the values it replaced;
- a change made but not yet approved ("awaiting");
- a proposal awaiting approval ("proposed"): the proposed values beside the agreed
  ones, never as done; or a proposal turned down ("rejected").

An entry the older version had and the newer has not is "withdrawn" (a proposal)
or "removed" (a change taken out of the log).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..model import ChangeBase, Removal
from .changes import Change, ItemRef, Kind, Path
from .compare import LOG_TYPES, dump, list_keys
from .reasons import State, entry_text, log, state

if TYPE_CHECKING:
    from .describe import Describer, Line

# The kinds of note, in the order a report prints them.
KINDS = (
    "reason",
    "approved",
    "recorded",
    "awaiting",
    "proposed",
    "rejected",
    "withdrawn",
    "removed",
)
PENDING = frozenset({"awaiting", "proposed"})  # what makes an item still outstanding
REMOVALS = {
    Removal.REWARD: "Proposed removal from the reward",
    Removal.AGREEMENT: "Proposed removal from the agreement",
}


@dataclass(frozen=True)
class Note:
    """One entry of an item's change log, in words."""

    kind: str  # one of KINDS
    head: str  # 'Proposed, awaiting approval by GOWM (due 1 April 2009)'
    lines: tuple[Line, ...]  # the values: agreed → proposed, or was → now
    reason: str | None

    @property
    def pending(self) -> bool:
        """True for a change still awaiting approval (proposed, or made but not approved)."""
        return self.kind in PENDING


def notes(d: Describer, ref: ItemRef, *, changed: bool) -> list[Note]:
    """The notes on one item's change log; `changed`: its own fields changed too."""
    old = d.item(ref.old_path, old=True)
    new = d.item(ref.path)
    before = _keyed(old)
    after = _keyed(new)
    found: list[Note] = []
    for key, entry in after.items():
        earlier = before.get(key)
        if earlier is not None and entry_text(earlier) == entry_text(entry):
            continue
        found.append(_note(d, ref, new, entry, earlier, changed))
    for key, entry in before.items():
        if key not in after:
            kind = "withdrawn" if state(entry) is State.PROPOSED else "removed"
            found.append(Note(kind, _head(d, kind, entry, old=True), (), entry.reason))
    return sorted(found, key=lambda n: KINDS.index(n.kind))


def pending(d: Describer, ref: ItemRef) -> list[Note]:
    """Every change still awaiting approval in the newer version of an item, new or not."""
    new = d.item(ref.path)
    return [
        _note(d, ref, new, e, None, True)
        for e in log(new)
        if state(e) in (State.PROPOSED, State.AWAITING)
    ]


def waiting(d: Describer) -> list[tuple[ItemRef, Note]]:
    """Every change awaiting approval in the newer version, item by item in document order."""
    out = []
    for node in d.indexes[1].nodes:
        if log(node.obj) and node.type in LOG_TYPES.values():
            ref = ItemRef(node.type, node.key, node.path, None)
            out += [(ref, note) for note in pending(d, ref)]
    return out


def _keyed(item: BaseModel | None) -> dict[str, ChangeBase]:
    entries = log(item)
    return dict(zip(list_keys(entries), entries, strict=True))


def _note(
    d: Describer,
    ref: ItemRef,
    item: BaseModel | None,
    entry: ChangeBase,
    earlier: ChangeBase | None,
    changed: bool,
) -> Note:
    now = state(entry)
    if now is State.PROPOSED or now is State.REJECTED:
        kind = "proposed" if now is State.PROPOSED else "rejected"
        values = getattr(entry, "proposed", None)
        lines = tuple(_lines(d, ref, item, values, proposed=True))
    elif now is State.AWAITING:
        kind, lines = "awaiting", ()
    elif earlier is not None and state(earlier) in (State.PROPOSED, State.AWAITING):
        kind, lines = "approved", ()
    elif changed:
        kind, lines = "reason", ()
    else:
        kind = "recorded"
        lines = tuple(_lines(d, ref, item, getattr(entry, "was", None), proposed=False))
    return Note(kind, _head(d, kind, entry), lines, entry.reason)


def _lines(
    d: Describer, ref: ItemRef, item: BaseModel | None, values: Any, *, proposed: bool
) -> Iterator[Line]:
    """Agreed → proposed values (or was → now) for every field `values` sets."""
    if not isinstance(values, BaseModel) or item is None:
        return
    for name, info in type(values).model_fields.items():
        value = getattr(values, name)
        if value in (None, {}, []) or isinstance(value, Removal):
            continue
        field = info.alias or name
        current = getattr(item, name, None)
        pairs: list[tuple[Path, Any, Any]] = []
        if isinstance(value, dict):
            here = current if isinstance(current, dict) else {}
            pairs = [((field, str(k)), here.get(k), v) for k, v in value.items()]
        else:
            pairs = [((field,), current, value)]
        for at, now, other in pairs:
            old, new = (now, other) if proposed else (other, now)
            change = Change(Kind.ADDED if old is None else Kind.CHANGED, ref, at)
            # Both values are the newer version's (agreed and proposed, or was and now).
            before, after = (d.value(change, dump(v), old=False) for v in (old, new))
            yield replace(d.line(change), old=before, new=after)


def _head(d: Describer, kind: str, entry: ChangeBase, *, old: bool = False) -> str:
    """What a note says of its entry: 'Proposed (2009 refresh), awaiting approval by GOWM'."""
    approval = entry.approval
    by = d.who(approval.by if approval else None, old=old)
    on = d.plain(_iso(approval.date), old=old) if approval and approval.date else None
    same_day = approval is not None and approval.date == entry.date
    made = d.plain(_iso(entry.date), old=old) if entry.date and not same_day else None
    context = "; ".join(c for c in (d.occasion(entry, old=old), made and f"made {made}") if c)
    at = f" ({context})" if context else ""
    remove = getattr(getattr(entry, "proposed", None), "remove", None)
    what = REMOVALS.get(remove, "Proposed") if isinstance(remove, Removal) else "Proposed"
    awaiting = "awaiting approval" + (f" by {by}" if by else "") + (f", due {on}" if on else "")
    approved = _joined("approved", by, on) if approval else ""
    if kind == "reason":
        return "; ".join(c for c in (context, approved) if c)
    if kind == "recorded":
        return "Entered in the change log" + (
            f" ({'; '.join(c for c in (context, approved) if c)})" if context or approved else ""
        )
    return {
        "approved": f"{approved[:1].upper()}{approved[1:]}{at}",
        "awaiting": f"Made{at}, but still {awaiting}",
        "proposed": f"{what}{at}, {awaiting}",
        "rejected": f"{what}{at}, {_joined('rejected', by, on)}",
        "withdrawn": f"Proposal withdrawn{at}"
        + (f"; it was awaiting approval by {by}" if by else ""),
        "removed": f"Entry taken out of the change log{at}",
    }[kind]


def _joined(word: str, by: str | None, on: str | None) -> str:
    return word + (f" by {by}" if by else "") + (f" on {on}" if on else "")


def _iso(day: Any) -> str:
    return day.isoformat() if hasattr(day, "isoformat") else str(day)
