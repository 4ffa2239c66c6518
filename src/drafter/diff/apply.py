"""Apply changes to the older model: `apply(compare(old, new), old)` gives `new`.

It proves the changes say everything (the property tests rely on it), and lets a
program replay a comparison read back from JSON. Items are found by their keys, as
the comparison names them; the models' fields are followed through their
annotations, so new fields need nothing here either.
"""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import DrafterError
from ..load import _model_in  # the model class an annotation holds
from ..model import Agreement
from .changes import Change, Changes, Kind, Path, thaw
from .compare import alias, list_keys

Tree = dict[str, Any]


class ApplyError(DrafterError):
    """The changes do not fit the agreement they are applied to."""


def _field(cls: type[BaseModel], segment: str) -> tuple[str, Any] | None:
    """(python name, annotation) of the field written `segment` in YAML."""
    for name, info in cls.model_fields.items():
        if alias(cls, name) == segment:
            return name, info.annotation
    return None


def _unwrap(annotation: Any) -> Any:
    """`dict[str, X] | None` → `dict[str, X]`."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def find(tree: Tree, path: Path) -> tuple[Any, Any, str]:
    """The container holding the last step of `path`, the step, and the kind of place.

    The kind is 'model' (a field of a model), 'mapping' (a key of a mapping such as
    targets) or 'list' (an item of a list; the step is then its index, or None when
    no item has the key). Fields not yet set on the way down are created empty.
    """
    node: Any = tree
    cls: type[BaseModel] | None = Agreement
    mode = "model"
    for n, step in enumerate(path):
        last = n == len(path) - 1
        where = "/".join(path[:n]) or "the top"
        if mode == "list":
            index = _index(node, cls, step)
            if last:
                return node, index, "list"
            if index is None:
                raise ApplyError(f"there is no item '{step}' at {where}")
            node, mode = node[index], "model"
            continue
        if mode == "mapping":
            if last:
                return node, step, "mapping"
            node, mode = node.setdefault(step, {}), "model"
            continue
        found = _field(cls, step) if cls is not None else None
        if found is None:
            raise ApplyError(f"there is no field '{step}' at {where}")
        if last:
            return node, step, "model"
        annotation = _unwrap(found[1])
        origin = typing.get_origin(annotation)
        if node.get(step) is None:
            node[step] = [] if origin is list else {}
        node, cls = node[step], _model_in(annotation)
        mode = "list" if origin is list else "mapping" if origin is dict else "model"
    raise ApplyError("a change names no place")


def _index(items: list[Any], cls: type[BaseModel] | None, key: str) -> int | None:
    if cls is None:
        return None
    keys = list_keys([cls.model_validate(i) for i in items])
    return keys.index(key) if key in keys else None


def apply(changes: Changes | Iterable[Change], old: Agreement) -> Agreement:
    """The older agreement with every change applied: the newer agreement."""
    items = list(changes)
    tree: Tree = old.model_dump(mode="json", by_alias=True)
    # Items leave their old places first, each found in the untouched tree …
    leaving: dict[int, tuple[list[Any], Any]] = {}
    for n, c in enumerate(items):
        if not c.field and c.kind in (Kind.REMOVED, Kind.MOVED, Kind.RENAMED):
            assert c.item.old_path is not None
            container, index, _ = find(tree, c.item.old_path)
            if index is None:
                raise ApplyError(f"there is no item at {'/'.join(c.item.old_path)}")
            leaving[n] = (container, container[index])
    for container, data in leaving.values():
        container[:] = [d for d in container if d is not data]
    arriving: list[tuple[Path, Any]] = []
    for n, c in enumerate(items):
        if c.field:
            continue
        if c.kind in (Kind.MOVED, Kind.RENAMED):
            data = leaving[n][1]
            if c.kind is Kind.RENAMED:
                data["id"] = c.item.key
            arriving.append((c.item.where, data))
        elif c.kind is Kind.ADDED:
            arriving.append((c.item.where, copy.deepcopy(thaw(c.new))))
    # … then arrive in their new places, parents before children.
    for path, data in sorted(arriving, key=lambda p: len(p[0])):
        container, index, _ = find(tree, path)
        if index is None:  # else it came already, inside a new parent
            container.append(data)
    for c in items:
        if c.field:
            container, step, kind = find(tree, c.path)
            if c.kind is Kind.REMOVED and kind == "mapping":
                container.pop(step, None)
            elif c.kind is Kind.REMOVED:
                container[step] = None
            else:
                container[step] = copy.deepcopy(thaw(c.new))
    try:
        return Agreement.model_validate(tree)
    except ValidationError as e:
        raise ApplyError(f"the changed agreement is not valid: {e}") from e
