"""Text no document can hold (S007), found in every key and text anywhere in the file.

The check walks the data as read, not the model, so every field is covered, including
fields added to the format later and values the model has not accepted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..chars import UNSAFE, describe
from ..load import Loaded, PathKey
from ..load import describe as describe_place
from ..problems import Problem
from .catalogue import SEVERITY


def check(loaded: Loaded) -> list[Problem]:
    """A problem for every key or text holding a character no format can hold."""
    out: list[Problem] = []
    if UNSAFE.search("\n".join(_strings(loaded.raw))) is None:
        return out  # the usual case, found in one search (a line feed is safe)
    for path, text, is_key in _texts(loaded.raw, ()):
        found = UNSAFE.search(text)
        if found is None:
            continue
        count = len(UNSAFE.findall(text))
        more = f" (and {count - 1} more)" if count > 1 else ""
        if is_key:
            what = f"A key in {describe_place(path[:-1], loaded.raw)}"
        else:
            place = describe_place(path, loaded.raw)
            what = place[0].upper() + place[1:]
        out.append(
            Problem(
                "S007",
                SEVERITY["S007"],
                f"{what} holds {describe(found.group())} at character {found.start() + 1}"
                f"{more}, which no document can hold.",
                loaded.sources.find(path, key=is_key),
                "Retype the text: it was probably pasted from another program, which "
                "brought an invisible character with it.",
            )
        )
    return out


def _texts(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str, bool]]:
    """Every text in the data with its path, and whether it is a mapping key."""
    todo: list[tuple[Any, PathKey]] = [(value, path)]
    while todo:
        value, path = todo.pop()
        if isinstance(value, str):
            yield path, value, False
        elif isinstance(value, dict):
            for k, v in value.items():
                if isinstance(k, str):
                    yield (*path, k), k, True
                todo.append((v, (*path, k)))
        elif isinstance(value, list):
            todo.extend((v, (*path, i)) for i, v in enumerate(value))


def _strings(value: Any) -> list[str]:
    """Every key and text in the data, without their places (quick to gather)."""
    out: list[str] = []
    todo: list[Any] = [value]
    while todo:
        value = todo.pop()
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            out.extend(k for k in value if isinstance(k, str))
            todo.extend(value.values())
        elif isinstance(value, list):
            todo.extend(value)
    return out
