"""Compare two agreement models: a generic walk over their fields, keyed by stable ids.

Nothing here knows the agreement's fields by name except three small tables (values
compared whole, lists whose order means nothing, and how to key items without an
id); every other field, present or added to the model later, is walked through
`model_fields`. Items in lists are matched by key, never by position:

- items with an `id` are matched by it across the whole agreement, so an indicator
  moved to another outcome is one move, not a removal and an addition;
- an unmatched item whose content equals an unmatched one of the same type, but for
  its id, is a likely rename;
- items without an id are matched by `ITEM_KEYS`, else by their whole content.

Reordering items or mapping keys is no change; neither is anything about the YAML
text itself (layout, comments, include files), since only the models are compared.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import typing
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel

from ..model import Agreement, Month
from .changes import Change, Changes, ItemRef, Json, Kind, Path, Version, canonical_text, freeze

# Models compared as one value: a change to any part is one change to the whole.
ATOMS = frozenset({"Figure", "Money", "OpenItem", "Approval", "Statistic"})
# Lists of ids or names whose order carries no meaning.
UNORDERED = frozenset({"contributors", "outcomes", "districts"})
# Items without an id, keyed by these fields (the first one set of each group, joined).
ITEM_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "Signatory": (("partner", "on_behalf_of"), ("name", "role")),
    "Review": (("period",),),
    "AreaFact": (("label",),),
    "StatedTotal": (("date",),),
}
# Entries of a change log, keyed by when and why: what stays the same while the change
# is approved or rejected (its approval, `was` and `proposed` change), so an approval
# is a change to the entry, not an entry removed and another added. (Type → its item's type.)
LOG_TYPES = {
    "IndicatorChange": "Indicator",
    "StreamChange": "FundingStream",
    "FreedomChange": "Freedom",
}
LOG_IDENTITY = ("refresh", "version", "date", "reason")
WORD = re.compile(r"\s+|[^\s]+")
MIN_WORDS = 4  # texts shorter than this are shown old → new, not word by word


# ---------------------------------------------------------------- values


def dump(value: Any) -> Json:
    """A model value as JSON data with its YAML field names (defaults left out), frozen."""
    return freeze(data(value))


def data(value: Any) -> Any:
    """A model value as JSON data with its YAML field names, defaults left out."""
    if isinstance(value, BaseModel):
        return {
            key: data(v)
            for name, key, default in _dumped_fields(type(value))
            if (v := getattr(value, name)) is not default and v != default
        }
    if isinstance(value, list | tuple):
        return [data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): data(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Month):
        return str(value)  # '2008-06', as written
    return value


@cache
def _dumped_fields(model: type[BaseModel]) -> tuple[tuple[str, str, Any], ...]:
    """(python name, YAML name, default) of each field: `data` gives what
    `model_dump(mode="json", by_alias=True, exclude_defaults=True)` gives (a test
    checks), without building a serializer for every class of item it is given (the
    model's are built on first use, and most commands use only the agreement's)."""
    return tuple(
        (name, info.alias or name, info.get_default(call_default_factory=True))
        for name, info in model.model_fields.items()
    )


def alias(model: type[BaseModel], name: str) -> str:
    """The field's name as written in YAML."""
    info = model.model_fields[name]
    return info.alias or name


@cache
def fields_of(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(python name, YAML name) of every field of a model class, in order."""
    return tuple((name, info.alias or name) for name, info in model.model_fields.items())


_SCALARS = (str, int, float, bool, dt.date, Month, Enum)


@cache
def item_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """The fields of a model class that can hold items (lists of models), at any depth.

    Walking only these finds every item while skipping figures, amounts and texts,
    which is most of an agreement.
    """
    return tuple(
        (name, seg)
        for name, seg in fields_of(model)
        if _reaches_items(model.model_fields[name].annotation, frozenset({model}))
    )


def _reaches_items(annotation: Any, seen: frozenset[type]) -> bool:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list:
        return any(_is_model(a) or _reaches_items(a, seen) for a in args)
    if origin is dict:
        return any(_reaches_items(a, seen) for a in args[1:])
    if origin is typing.Annotated:
        return _reaches_items(args[0], seen)
    if args:  # a union: any of its members
        return any(_reaches_items(a, seen) for a in args)
    if _is_model(annotation) and annotation.__name__ not in ATOMS and annotation not in seen:
        inner = seen | {annotation}
        return any(_reaches_items(f.annotation, inner) for f in annotation.model_fields.values())
    return False


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def is_item_list(value: Any) -> bool:
    """True for a list of models (items), as opposed to a list of plain values."""
    return isinstance(value, list) and bool(value) and isinstance(value[0], BaseModel)


def has_id(model: BaseModel) -> bool:
    """True when the item has a stable id of its own."""
    return "id" in type(model).model_fields


def item_key(model: BaseModel) -> str:
    """The key of an item in its list: its id, its ITEM_KEYS fields, or its content."""
    if has_id(model):
        return str(model.id)  # type: ignore[attr-defined]
    name = type(model).__name__
    if name in LOG_TYPES:
        when = {f: getattr(model, f) for f in LOG_IDENTITY if getattr(model, f) is not None}
        label = str(model.refresh or model.version or "change")  # type: ignore[attr-defined]
        return f"{label}#{_digest(dump(when))[:8]}"
    groups = ITEM_KEYS.get(name)
    if groups:
        parts = [next((str(v) for f in g if (v := getattr(model, f, None))), "") for g in groups]
        if any(parts):
            return ":".join(parts)
    return "#" + _digest(dump(model))[:10]


def _digest(value: Json) -> str:
    return hashlib.sha1(canonical_text(value).encode("utf-8")).hexdigest()


def list_keys(items: Sequence[BaseModel]) -> list[str]:
    """Keys of the items of one list; a key seen before gets '~2', '~3', … appended.

    Items without an id that share a key are told apart by their content rather than
    their order, so that reordering them is still no change.
    """
    keys = [item_key(model) for model in items]
    counts = Counter(keys)
    shared = {k for k, n in counts.items() if n > 1 and not k.startswith("#")}
    keys = [
        f"{k}~{_digest(dump(m))[:6]}" if k in shared and not has_id(m) else k
        for k, m in zip(keys, items, strict=True)
    ]
    seen: dict[str, int] = defaultdict(int)
    out = []
    for key in keys:
        seen[key] += 1
        out.append(key if seen[key] == 1 else f"{key}~{seen[key]}")
    return out


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """Word-level differences between two texts: ('=', …), ('-', …), ('+', …) pieces."""
    a, b = WORD.findall(old), WORD.findall(new)
    out: list[tuple[str, str]] = []

    def put(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            put("=", "".join(a[i1:i2]))
        else:
            put("-", "".join(a[i1:i2]))
            put("+", "".join(b[j1:j2]))
    return tuple(out)


def _words(text: Any) -> int:
    return len(text.split()) if isinstance(text, str) else 0


# ---------------------------------------------------------------- the index of items


@dataclass(eq=False)
class Node:
    """One item in one version: where it is and what holds it."""

    obj: BaseModel
    key: str
    path: Path  # item path: field names and keys from the agreement down
    parent: Node | None  # the nearest enclosing item (None for the agreement)
    via: Path  # field path from the parent item to the list holding this item
    position: int = 0  # index in that list
    children: list[Node] = field(default_factory=list)

    @property
    def type(self) -> str:
        """The item's model class name."""
        return type(self.obj).__name__

    @property
    def model_path(self) -> tuple[str | int, ...]:
        """Where the item is by position (field names and list indices), as the loader counts."""
        if self.parent is None:
            return ()
        return (*self.parent.model_path, *self.via, self.position)

    @property
    def depth(self) -> int:
        """How many items enclose this one."""
        return 0 if self.parent is None else self.parent.depth + 1


class Index:
    """Every item of one version, in document order, found through the models' fields."""

    def __init__(self, root: BaseModel) -> None:
        self.root = Node(root, "", (), None, ())
        self.nodes: list[Node] = []
        self.by_obj: dict[int, Node] = {id(root): self.root}
        self._walk(root, self.root, ())

    def _walk(self, model: BaseModel, owner: Node, at: Path) -> None:
        for name, seg in item_fields(type(model)):
            value = getattr(model, name)
            if value is not None and not isinstance(value, _SCALARS):
                self._value(value, owner, (*at, seg))

    def _value(self, value: Any, owner: Node, at: Path) -> None:
        if isinstance(value, BaseModel):
            if type(value).__name__ not in ATOMS:
                self._walk(value, owner, at)
        elif is_item_list(value):
            for n, (key, item) in enumerate(zip(list_keys(value), value, strict=True)):
                node = Node(item, key, (*owner.path, *at, key), owner, at, n)
                owner.children.append(node)
                self.nodes.append(node)
                self.by_obj[id(item)] = node
                self._walk(item, node, ())
        elif isinstance(value, dict):
            for k, v in value.items():
                self._value(v, owner, (*at, str(k)))

    def global_keys(self) -> dict[tuple[str, str, int], Node]:
        """Items with an id, by (type, id, how many times that id came before)."""
        seen: dict[tuple[str, str], int] = defaultdict(int)
        out: dict[tuple[str, str, int], Node] = {}
        for node in self.nodes:
            if has_id(node.obj):
                base = (node.type, str(node.obj.id))  # type: ignore[attr-defined]
                out[(*base, seen[base])] = node
                seen[base] += 1
        return out


# ---------------------------------------------------------------- matching


def _content_without_id(node: Node) -> str:
    fields = dict(dump(node.obj))
    fields.pop("id", None)
    return canonical_text(fields)


class Matcher:
    """Which item of the older version each item of the newer one is."""

    def __init__(self, old: Index, new: Index) -> None:
        self.old, self.new = old, new
        self.to_old: dict[int, Node] = {id(new.root.obj): old.root}  # id(new obj) → old node
        self.matched_old: set[int] = {id(old.root.obj)}
        self.renamed: set[int] = set()  # id(new obj) of likely renames
        old_keys = old.global_keys()
        for gkey, node in new.global_keys().items():
            if gkey in old_keys:
                self._pair(old_keys[gkey], node)
        self._renames()
        # Items without an id are matched by key within the lists of matched parents;
        # parents come before their children in document order.
        for node in (new.root, *new.nodes):
            twin = self.counterpart(node)
            if twin is not None:
                self._local(twin, node)

    def _pair(self, old: Node, new: Node) -> None:
        self.to_old[id(new.obj)] = old
        self.matched_old.add(id(old.obj))

    def counterpart(self, node: Node) -> Node | None:
        """The older version's item for an item of the newer one."""
        return self.to_old.get(id(node.obj))

    def _renames(self) -> None:
        """Pair unmatched items whose content is equal but for the id, shallowest first."""
        depth = max((n.depth for n in self.new.nodes), default=0)
        for level in range(depth + 1):
            olds: dict[tuple[str, str], list[Node]] = defaultdict(list)
            for n in self.old.nodes:
                if n.depth == level and has_id(n.obj) and id(n.obj) not in self.matched_old:
                    olds[(n.type, _content_without_id(n))].append(n)
            if not olds:
                continue
            for n in self.new.nodes:
                if n.depth != level or not has_id(n.obj) or id(n.obj) in self.to_old:
                    continue
                candidates = olds.get((n.type, _content_without_id(n)))
                if candidates:
                    self._pair(candidates.pop(0), n)
                    self.renamed.add(id(n.obj))

    def _local(self, old: Node, new: Node) -> None:
        by_place = {(c.via, c.key): c for c in old.children if not has_id(c.obj)}
        for child in new.children:
            if not has_id(child.obj):
                twin = by_place.get((child.via, child.key))
                if twin is not None and id(twin.obj) not in self.matched_old:
                    self._pair(twin, child)


# ---------------------------------------------------------------- the walk


class _Walk:
    """Walks matched pairs of items and records every difference, in document order."""

    def __init__(self, old: Index, new: Index) -> None:
        self.old, self.new = old, new
        self.match = Matcher(old, new)
        self.out: list[Change] = []

    def run(self) -> list[Change]:
        self.pair(self.old.root, self.new.root)
        return self.out

    def ref(self, old: Node | None, new: Node | None) -> ItemRef:
        node = new or old
        assert node is not None
        kind = "Agreement" if node.parent is None else node.type
        return ItemRef(
            kind,
            node.key if node.parent is not None else str(getattr(node.obj, "id", "")),
            new.path if new is not None else None,
            old.path if old is not None else None,
        )

    def emit(
        self, kind: Kind, old: Node | None, new: Node | None, at: Path, a: Any, b: Any
    ) -> None:
        words: tuple[tuple[str, str], ...] = ()
        if kind is Kind.CHANGED and max(_words(a), _words(b)) >= MIN_WORDS:
            words = word_diff(a, b)
        self.out.append(Change(kind, self.ref(old, new), at, dump(a), dump(b), words))

    def pair(self, old: Node, new: Node) -> None:
        """Compare two matched items field by field."""
        self.fields(old.obj, new.obj, old, new, ())

    def fields(self, a: BaseModel, b: BaseModel, old: Node, new: Node, at: Path) -> None:
        for name, seg in fields_of(type(b)):
            if name == "id" and not at and new.parent is not None:
                continue  # an item's id is its key: a new one is a rename, reported above
            x, y = getattr(a, name), getattr(b, name)
            if x is y or (isinstance(x, _SCALARS) and type(x) is type(y) and x == y):
                continue
            self.value(x, y, old, new, (*at, seg))

    def value(self, a: Any, b: Any, old: Node, new: Node, at: Path) -> None:
        if is_item_list(a) or is_item_list(b):
            self.items(a or [], b or [], old, new, at)
        elif (
            isinstance(a, BaseModel)
            and type(a) is type(b)
            and type(a).__name__ not in ATOMS
            and isinstance(b, BaseModel)
        ):
            self.fields(a, b, old, new, at)
        elif isinstance(a, dict) and isinstance(b, dict):
            for k in sorted(a.keys() | b.keys()):
                if k not in a:
                    self.emit(Kind.ADDED, old, new, (*at, k), None, b[k])
                elif k not in b:
                    self.emit(Kind.REMOVED, old, new, (*at, k), a[k], None)
                else:
                    self.value(a[k], b[k], old, new, (*at, k))
        elif not same(a, b, at):
            kind = Kind.ADDED if a is None else Kind.REMOVED if b is None else Kind.CHANGED
            self.emit(kind, old, new, at, a, b)

    def items(self, a: list[Any], b: list[Any], old: Node, new: Node, at: Path) -> None:
        for item in b:
            node = self.new.by_obj[id(item)]
            self.arrive(node, old)
        for item in a:
            node = self.old.by_obj[id(item)]
            if id(item) not in self.match.matched_old:
                self.out.append(Change(Kind.REMOVED, self.ref(node, None), old=dump(item)))

    def arrive(self, node: Node, parent_old: Node | None) -> None:
        """An item of the newer version: added, or matched (in place, moved or renamed)."""
        twin = self.match.counterpart(node)
        if twin is None:
            self.out.append(Change(Kind.ADDED, self.ref(None, node), new=dump(node.obj)))
            self.moved_in(node)
            return
        in_place = twin.parent is parent_old and twin.via == node.via
        if id(node.obj) in self.match.renamed:
            self.out.append(Change(Kind.RENAMED, self.ref(twin, node), old=twin.key, new=node.key))
        elif not in_place:
            self.out.append(Change(Kind.MOVED, self.ref(twin, node)))
        self.pair(twin, node)

    def moved_in(self, added: Node) -> None:
        """Items moved into a new item are still moves (its value already holds them)."""
        for child in added.children:
            if self.match.counterpart(child) is None:
                self.moved_in(child)
            else:
                self.arrive(child, None)


def same(a: Any, b: Any, at: Path) -> bool:
    """Whether two plain values (or values compared whole) are equal."""
    if isinstance(a, list) and isinstance(b, list) and at and at[-1] in UNORDERED:
        return sorted(map(str, a)) == sorted(map(str, b))
    return identical(a, b)


def identical(a: Any, b: Any) -> bool:
    """Equal, and of the same types throughout: 48 and 48.0 print differently, so differ.

    Exactly when their YAML forms are equal (`dump`), and much faster to find.
    """
    if type(a) is not type(b):
        return False
    if isinstance(a, BaseModel):
        return all(identical(getattr(a, n), getattr(b, n)) for n, _ in fields_of(type(a)))
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(identical(v, b[k]) for k, v in a.items())
    return bool(a == b)


# ---------------------------------------------------------------- entry points


def version_of(agreement: Agreement, label: str) -> Version:
    """The version facts of one side of a comparison."""
    return Version(
        agreement.id,
        agreement.version,
        str(agreement.status),
        agreement.date.isoformat() if agreement.date else None,
        label,
    )


def compare(
    old: Agreement,
    new: Agreement,
    *,
    old_label: str = "old",
    new_label: str = "new",
    indexes: tuple[Index, Index] | None = None,
) -> Changes:
    """Every difference between two versions of an agreement, in document order.

    `indexes` may give the items of both, already found (`Describer.indexes`).
    """
    from .reasons import with_reasons

    old_index, new_index = indexes or (Index(old), Index(new))
    found = _Walk(old_index, new_index).run()
    return Changes(
        version_of(old, old_label),
        version_of(new, new_label),
        with_reasons(old_index, new_index, found),
    )


def canonical(model: BaseModel) -> Json:
    """A model as data in which the order of keyed items and of unordered lists is fixed.

    Two agreements compare equal (`compare(...).empty`) exactly when their canonical
    forms are equal.
    """
    return _canonical(model, ())


def _canonical(value: Any, at: Path) -> Any:
    if isinstance(value, BaseModel):
        if type(value).__name__ in ATOMS:
            return data(value)
        cls = type(value)
        return {
            alias(cls, n): _canonical(getattr(value, n), (alias(cls, n),)) for n in cls.model_fields
        }
    if is_item_list(value):
        return dict(zip(list_keys(value), (_canonical(v, ()) for v in value), strict=True))
    if isinstance(value, dict):
        return {str(k): _canonical(v, ()) for k, v in sorted(value.items())}
    if isinstance(value, list):
        plain = [data(v) for v in value]
        return sorted(plain, key=str) if at and at[-1] in UNORDERED else plain
    return data(value)


def iter_items(changes: Iterable[Change], kind: Kind) -> Iterator[Change]:
    """The changes of one kind."""
    return (c for c in changes if c.kind is kind)
