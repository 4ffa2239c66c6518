"""`drafter validate --since OLD`: changed figures that record no reason (D001).

Every target, baseline or funding amount whose value differs from the earlier
version must come with a new entry, with a reason, in its item's change log (a
change made, not one still proposed: see `reasons`); each one without is a warning
at its place in the newer file. Filling in what was missing — a placeholder, a
year with no target, an amount not yet known — needs no reason, and neither does a
figure whose value stays the same while its note or status (confirmed, say) changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import DrafterError, UsageError
from ..load import Loaded
from ..model import Agreement, Indicator
from ..problems import Position, Problem
from ..rules.catalogue import SEVERITY
from ..rules.context import indicator_name, item, short
from .changes import Change, Json, Kind
from .compare import compare
from .describe import Describer, field_label
from .sides import Side, resolve

# The levels of one year's target, as written in YAML.
LEVELS = ("with", "without", "trigger")
# The fields of a figure or amount that say what it is (not how firm, nor notes).
SAYS = ("value", "relative", "not_applicable", "up_to", "approximate")
# (item type, first step of the field): the figures that need a reason when they change.
NEEDS_REASON = frozenset(
    {("Indicator", "targets"), ("Indicator", "baseline"), ("FundingStream", "amounts")}
)


def needs_reason(change: Change) -> bool:
    """A change to the value of a target, baseline or amount of an item both versions have."""
    if not (
        change.field
        and change.kind in (Kind.CHANGED, Kind.ADDED, Kind.REMOVED)
        and (change.item.type, change.field[0]) in NEEDS_REASON
        and change.item.path is not None
        and change.item.old_path is not None
    ):
        return False
    before = _figure(change.old)
    return before is not None and before != _figure(change.new)


def _figure(value: Json) -> Json:
    """What a figure or amount says, as data (None for nothing, or a placeholder): its
    value, a relative target's words, N/A, 'up to' or 'about', and a baseline's period;
    for a year's target, what each level says."""
    if not isinstance(value, Mapping):
        return None
    if any(k in value for k in LEVELS):
        levels = {k: _figure(value.get(k)) for k in LEVELS}
        return levels if any(v is not None for v in levels.values()) else None
    said = {k: value[k] for k in SAYS if value.get(k)}
    return {**said, "period": value.get("period")} if said else None


def unexplained(old: Agreement, loaded: Loaded, *, since: str) -> list[Problem]:
    """D001 warnings for the changed figures of `loaded` that record no reason."""
    new = loaded.agreement
    if new is None:
        return []
    d = Describer(old, new)
    changes = compare(old, new, indexes=d.indexes)
    missing = [c for c in changes if needs_reason(c) and not c.reason]
    if not missing:
        return []
    nodes = {n.path: n for n in d.indexes[1].nodes}
    out = []
    for c in missing:
        assert c.item.path is not None
        node = nodes[c.item.path]
        line = d.line(c)
        what = f"the {field_label(c.field)} of {_name(node.obj, c.item.key)}"
        values = f"{short(line.old or 'none')} → {short(line.new or 'none')}"
        position: Position = loaded.position((*node.model_path, *c.field))
        out.append(
            Problem(
                "D001",
                SEVERITY["D001"],
                f"{what[0].upper()}{what[1:]} changed since version {old.version} "
                f"({since}): {values}, with no reason recorded.",
                position,
                "Add an entry to its 'changes:' log with a 'reason:' saying why it changed.",
            )
        )
    return out


def _name(obj: object, key: str) -> str:
    if isinstance(obj, Indicator):
        return indicator_name(obj)
    return item("funding stream", key, getattr(obj, "name", None))


@dataclass(frozen=True)
class Earlier:
    """The earlier version(s) named by --since, found by agreement id."""

    side: Side

    @classmethod
    def load(cls, spec: str) -> Earlier:
        """Read the earlier side; one that cannot be read at all is a usage error (exit 2)."""
        try:
            side = resolve(spec)
        except DrafterError as e:
            raise UsageError(f"--since: {e}") from e
        bad = side.unreadable()
        if bad:
            raise UsageError(f"--since: the earlier version {side.name(bad[0])} cannot be read.")
        return cls(side)

    def version_of(self, agreement: Agreement) -> Loaded | None:
        """The earlier version of an agreement: same id, or the one file given."""
        same = [x for x in self.side.loaded if x.agreement and x.agreement.id == agreement.id]
        if same:
            return same[0]
        return self.side.loaded[0] if not self.side.folder and self.side.loaded else None

    def problems(self, loaded: Loaded) -> list[Problem]:
        """D001 warnings for one agreement against its earlier version."""
        if loaded.agreement is None:
            return []
        earlier = self.version_of(loaded.agreement)
        if earlier is None or earlier.agreement is None:
            return []
        return unexplained(earlier.agreement, loaded, since=self.side.name(earlier))
