"""Compare two versions of an agreement: what changed, why, and the documents that show it.

- `compare`: the engine, two models → `Changes` (pure, keyed by stable ids);
- `changes`: the frozen data it returns and its JSON shape;
- `apply`: replays changes on the older model (so they provably say everything);
- `reasons`: the reason the newer version's change log records for each change.

The presentations (terminal, Markdown, the schedule of changes, the Word redline)
and the resolution of each side (a file, a folder) are modules beside
these, imported only by the commands that need them.
"""

from __future__ import annotations

from .apply import ApplyError, apply
from .changes import Change, Changes, ItemRef, Kind, Version
from .compare import canonical, compare

__all__ = [
    "ApplyError",
    "Change",
    "Changes",
    "ItemRef",
    "Kind",
    "Version",
    "apply",
    "canonical",
    "compare",
]
