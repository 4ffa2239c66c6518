"""Changes since the version the Government Office last saw, from the semantic diff.

`drafter.diff.compare` finds the changes and its `Describer` words them, exactly as
`drafter diff` prints them; this module only folds them into one line per item for
the summary's table.
"""

from __future__ import annotations

from ..context.wording import STATUS_LABELS, format_date
from ..diff import Kind, compare
from ..diff.describe import Describer, Line
from ..load import Loaded
from .summary import ChangeLine, SincePrevious

ITEM_WORDS = {
    Kind.ADDED: "Added",
    Kind.REMOVED: "Removed",
    Kind.MOVED: "Moved",
    Kind.RENAMED: "Given a new id",
}
SHORT = 80  # longer values are cut in the summary; the schedule of changes has them whole


def _short(text: str | None) -> str:
    text = " ".join((text or "none").split())
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def _line(line: Line) -> str:
    if line.kind is Kind.ADDED:
        return f"{line.label}: {_short(line.new)} (added)"
    if line.kind is Kind.REMOVED:
        return f"{line.label}: {_short(line.old)} (removed)"
    return f"{line.label}: {_short(line.old)} → {_short(line.new)}"


def since_previous(old: Loaded, new: Loaded) -> SincePrevious:
    """The changes from `old` to `new`, one line per item, with the reasons recorded."""
    a, b = old.agreement, new.agreement
    assert a is not None and b is not None
    changes = compare(a, b)
    d = Describer(a, b)
    lines = []
    for section in d.sections(changes):
        for item in section.items:
            parts = [ITEM_WORDS[item.kind]] if item.kind in ITEM_WORDS else []
            parts += [_line(ln) for ln in item.lines if ln.kind is not Kind.RENAMED]
            what = "; ".join(p[:1].upper() + p[1:] for p in parts) or "Changed"
            where = f" ({item.where})" if item.where and item.type != "Agreement" else ""
            title = item.title if item.type != "Agreement" else "The agreement"
            reasons = [n.reason for n in item.notes if n.reason]
            pending = [n.head for n in item.pending]
            if pending:
                what += "; " + "; ".join(pending)
            lines.append(ChangeLine(title + where, what, "; ".join(dict.fromkeys(reasons)) or None))
    when = f", {format_date(a.date)}" if a.date else ""
    previous = f"version {a.version} ({STATUS_LABELS[a.status].lower()}{when})"
    return SincePrevious(previous, tuple(lines))
