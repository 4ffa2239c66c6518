"""Hypothesis strategies that break good agreements, and the pipeline they are run through.

`mutated()` takes an example agreement (as read, with its parts in place) and applies a
few mutations: delete a key or item, change a value's type, put any Unicode (control
characters, non-characters, lone surrogates, markup and template syntax included) into
a text or a key, duplicate an item or make its id collide with another's, and swap a
list for a mapping or back. `run_case` then takes the result through everything a user
can reach — load, validate, the render context and the chosen back ends — and returns
what it reached; any exception is a crash. Used by tests/test_properties.py (a few hundred
seeded cases) and bench/fuzz.py (as many as asked for).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from drafter.chars import UNSAFE
from drafter.load import Loaded, _build, load
from drafter.render import RenderOptions, context_for
from drafter.validate import validate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [
    *sorted((ROOT / "agreements").glob("*.yaml")),
    ROOT / "tests" / "corpus" / "good" / "agreement.yaml",
]
TODAY = dt.date(2008, 6, 30)
OPTIONS = RenderOptions(force=True, today=TODAY)

# Characters most likely to break a format, beside whatever Unicode hypothesis draws.
NASTY = [
    "\r",
    "\x0c",
    "\x00",
    "\x0b",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\ufdd0",
    "\U0010ffff",
    "\ud800",
    "\udfff",
    "<",
    ">",
    "&",
    '"',
    "'",
    "\\",
    "{{",
    "}}",
    "{%",
    "%}",
    "</style>",
    "<script>",
    "]]>",
    "@import",
    "url(",
    "\t",
    "\n",
]
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)
TEXT = st.one_of(
    ANY_TEXT,
    st.lists(st.sampled_from(NASTY) | ANY_TEXT, min_size=1, max_size=6).map("".join),
    st.sampled_from(["", "TBC", "2008/09", "-", "?", "x" * 400, "NI 999"]),
)
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([10**400, -(10**30), 0, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.just([]),
    st.just({}),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(TEXT, st.integers(), max_size=2),
    st.sampled_from([{"missing": "x"}, {"without": 1}, {"with": None}, {"include": "x.yaml"}]),
)
ACTIONS = ["delete", "retype", "text", "key", "duplicate", "collide", "swap"]


def _raw(path: Path) -> Any:
    return load(path).raw


SOURCES = {p.stem: _raw(p) for p in EXAMPLES}


def places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into the data."""
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += places(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += places(v, (*path, i))
    return out


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    """(example name, its data broken in one to six places)."""
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = copy.deepcopy(SOURCES[name])
    for _ in range(draw(st.integers(1, 6))):
        found = places(data)[1:]
        if not found:
            break
        path = draw(st.sampled_from(found))
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        _mutate(draw, draw(st.sampled_from(ACTIONS)), parent, key)
    return name, data


def _odd(draw: st.DrawFn) -> Any:
    # A copy: st.just([]) is one list, which a later mutation could change for every case.
    return copy.deepcopy(draw(ODD))


def _mutate(draw: st.DrawFn, action: str, parent: Any, key: Any) -> None:
    value = parent[key]
    if action == "delete":
        del parent[key]
    elif action == "retype":
        parent[key] = _odd(draw)
    elif action == "text":
        extra = draw(TEXT)
        parent[key] = (value + extra) if isinstance(value, str) and draw(st.booleans()) else extra
    elif action == "key" and isinstance(parent, dict):
        parent[draw(TEXT)] = parent.pop(key)
    elif action == "duplicate" and isinstance(parent, list):
        parent.insert(draw(st.integers(0, len(parent))), copy.deepcopy(value))
    elif action == "collide" and isinstance(parent, list) and isinstance(value, dict):
        others = [v.get("id") for v in parent if isinstance(v, dict) and "id" in v]
        value["id"] = draw(st.sampled_from(others) if others else TEXT)
    elif action == "swap" and isinstance(value, list):
        parent[key] = {str(i): v for i, v in enumerate(value)}
    elif action == "swap" and isinstance(value, dict):
        parent[key] = list(value.values())
    else:
        parent[key] = _odd(draw)


@dataclass
class Reached:
    """How far one case went: validated, rendered to which formats."""

    loaded: bool = False
    validated: bool = False
    formats: tuple[str, ...] = ()


def write(folder: Path, data: Any) -> Path | None:
    """The data as a YAML file, or None when YAML cannot hold it (a lone surrogate)."""
    path = folder / "agreement.yaml"
    try:
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    except (UnicodeEncodeError, yaml.YAMLError):
        return None
    path.write_text(text, encoding="utf-8")
    return path


def run_case(folder: Path, data: Any, formats: tuple[str, ...]) -> Reached:
    """Load, validate, build the context and render `formats`; raises on any crash."""
    reached = Reached()
    path = write(folder, data)
    if path is None:
        # YAML cannot carry the text, so nothing read from a file can either; the rest of
        # the pipeline still must not crash on it, so it is given the data directly.
        loaded = Loaded(folder / "agreement.yaml", None, data, [], [])
        if isinstance(data, dict):
            _build(loaded)
    else:
        loaded = load(path)
    reached.loaded = True
    problems = validate(loaded, today=TODAY)
    for p in problems:
        assert p.position.file, p
        str(p.position)
    reached.validated = True
    if loaded.agreement is None:
        return reached
    ctx = context_for(loaded, OPTIONS, incomplete=True)
    done: list[str] = []
    for name in formats:
        done.append(name)
        if name == "html":
            from drafter.render.html import build_html

            page = build_html(ctx, OPTIONS).decode("utf-8")
            assert not UNSAFE.search(page)
        elif name == "docx":
            from drafter.render.docx import build_docx

            with zipfile.ZipFile(io.BytesIO(build_docx(ctx, OPTIONS))) as z:
                assert z.testzip() is None
        elif name == "pdf":
            from drafter.render.pdf import build_pdf

            assert build_pdf(ctx, OPTIONS).startswith(b"%PDF")
    reached.formats = tuple(done)
    return reached
