"""Bad input never crashes: hundreds of mutated agreements through load, validate, context.

Each case takes a good example, breaks it in a few random places (drops a field, swaps
in a value of the wrong type, empties a list, duplicates an item) and runs the whole
pipeline as `drafter render --force` would. Any exception is a bug: a user must get a
message, never a traceback. The random seed is fixed, so a failure repeats.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from drafter.load import load
from drafter.render import RenderOptions, context_for
from drafter.render.html import render_html
from drafter.validate import validate

from .conftest import AGREEMENTS
from .mutations import places

ODD_VALUES: list[Any] = [
    None,
    "",
    "TBC",
    "keep the gap at 2 points",
    -1,
    0,
    1e12,
    3.5,
    True,
    [],
    {},
    [1, 2],
    {"missing": "x"},
    {"value": "abc"},
    {"without": 1},
    {"with": None},
    "2008/09",
    dt.date(2001, 1, 1),
    "x" * 300,
    {"include": "nowhere.yaml"},
]


def _mutate(data: Any, rng: random.Random) -> Any:
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 4)):
        path = rng.choice(places(data)[1:])
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        action = rng.random()
        if action < 0.3 and isinstance(parent, dict):
            del parent[key]
        elif action < 0.4 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))  # a duplicate id
        elif action < 0.5 and isinstance(parent[key], list):
            parent[key] = []
        else:
            parent[key] = copy.deepcopy(rng.choice(ODD_VALUES))
    return data


SOURCES = sorted(AGREEMENTS.glob("*.yaml"))
CASES = 40


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_mutated_agreements_never_crash(source: Path, tmp_path: Path) -> None:
    original = load(source).raw  # with its included parts in place
    rng = random.Random(f"drafter-{source.stem}")
    for case in range(CASES):
        path = tmp_path / f"case-{case}.yaml"
        path.write_text(yaml.safe_dump(_mutate(original, rng), allow_unicode=True), "utf-8")
        try:
            loaded = load(path)
            problems = validate(loaded, today=dt.date(2008, 6, 30))
            assert all(p.position.file for p in problems)
            if loaded.agreement is not None:
                options = RenderOptions(force=True, today=dt.date(2008, 6, 30))
                assert "<html" in render_html(
                    context_for(loaded, options, incomplete=True), options
                )
        except Exception as e:  # pragma: no cover - the report is the point
            raise AssertionError(f"{source.name}, case {case}: {e!r}") from e
