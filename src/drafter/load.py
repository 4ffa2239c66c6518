"""Load an agreement: YAML (safely, with positions and includes) → `Agreement`.

PyYAML's C composer gives a node tree with line and column marks; we build plain
data from it ourselves so every value's position is kept in a `SourceMap`, duplicate
keys are caught, alias expansion is bounded and no tag can construct an object.

Every file is read through the agreement's `Project` (see `boundary`): includes must
stay inside the project folder and be YAML, and the number of files, their size, the
length of lists and texts and the nesting are all bounded, each with its own problem.

Structural problems (wrong types, unknown keys) are reported, then the offending
values are pruned and the model is built again, so that the completeness rules can
still run on the rest of a broken draft.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import difflib
import math
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .boundary import PROJECT_FILE, Limits, Project, Reading, Refused, find_project
from .chars import describe as describe_char
from .model import Agreement
from .problems import Position, Problem, Severity

MAX_BYTES = Limits.file_bytes  # one file; see boundary.Limits for the others
MAX_NODES = Limits.values  # after alias expansion
MAX_PRUNE_ROUNDS = 6

PathKey = tuple[str | int, ...]

# List keys whose items have ids, and what to call such an item in a message.
ITEM_NAMES = {
    "themes": "theme",
    "outcomes": "outcome",
    "indicators": "indicator",
    "statutory": "statutory target",
    "streams": "funding stream",
    "freedoms": "freedom",
    "partners": "partner",
    "signatories": "signatory",
    "bodies": "body",
    "refreshes": "refresh",
    "reviews": "review",
    "changes": "change",
    "profile": "area fact",
    "totals": "stated total",
}

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser when available
_STR = "tag:yaml.org,2002:str"
# The only tags a plain agreement produces; any other is refused (Y006).
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")
)
# A plain scalar can only resolve to something other than text (null, bool, number, date,
# merge key) if it starts with one of these; everything else skips PyYAML's regex scan.
_MAYBE_TYPED = frozenset("yYnNtTfFoO~0123456789+-.<=")


# YAML 1.1 reads these as true/false; YAML 1.2 (and so the fast parser) as text. The
# positional reader follows 1.2, so a file means the same whichever parser reads it.
_YAML11_ONLY_BOOLS = frozenset({"yes", "no", "on", "off", "y", "n"})


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader with a cheaper tag resolver for ordinary text (the hot path)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and (
            not implicit[0]
            or (value and value[0] not in _MAYBE_TYPED)
            or value.lower() in _YAML11_ONLY_BOOLS
        ):
            return _STR
        return super().resolve(kind, value, implicit)


try:  # a fast YAML 1.2 parser (Rust); without it every file takes the positional path
    import yaml_rs
except ImportError:  # pragma: no cover
    yaml_rs = None  # type: ignore[assignment]

# Tags and merge keys are handled (and tags refused) only by the positional reader.
# A document marker after the first line may start a second document, which the fast
# parser would silently return as a list of documents.
_NEEDS_FULL_READER = re.compile(
    r"(?:^|[\s,\[{:-])!{1,2}[A-Za-z/<]|<<\s*:|\n(?:---|\.\.\.)(?:\s|$)", re.MULTILINE
)
# Characters PyYAML refuses anywhere in a file; the fast parser is more lenient, so such
# a file goes to the positional reader, which reports where the character is.
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SCAN_FROM = 64 * 1024  # characters: shorter files are too small to be worth a first scan
# The fast parser cannot stop part-way, so a file longer than any agreement needs is
# read by the positional reader, whose first scan stops at the limit on values.
_FAST_UP_TO = 1024 * 1024
# Problems with an included file after which nothing more is read.
_LIMIT_CODES = frozenset({"Y005", "Y007", "Y012"})


class _Fallback(Exception):
    """The fast parser declined a file; read it with the positional reader instead."""


class _Abort(Exception):
    """Stop reading a file; the problem has been recorded."""


@dataclass
class SourceMap:
    """Where each value (and each mapping key) came from, by path into the data."""

    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)

    def find(self, path: PathKey, key: bool = False) -> Position:
        """Position of the value at `path`, or of its key, or of its nearest ancestor."""
        if key and path in self.keys:
            return self.keys[path]
        p = path
        while p not in self.values and p:
            p = p[:-1]
        return self.values.get(p, Position("?"))


@dataclass
class Loaded:
    """The result of loading one agreement."""

    path: Path
    agreement: Agreement | None
    raw: Any
    problems: list[Problem]
    files: list[Path]
    readable: bool = True
    # Positions are worked out only when something needs one (a problem to report):
    # a clean agreement never pays for them.
    _sources: SourceMap | None = None
    # Items pruned from lists while building the model shift later indices; these
    # map a model index back to the index in the source, per list (source path).
    index_maps: dict[PathKey, list[int]] = field(default_factory=dict)
    project: Project | None = None  # the boundary the files were read within
    # What was read, as validated: positions and PDF attachments use these bytes,
    # never the files again (which may have changed since).
    reading: Reading | None = None

    @property
    def contents(self) -> dict[Path, bytes]:
        """The bytes of every file read, by resolved path, in the order read."""
        return self.reading.files if self.reading is not None else {}

    @property
    def sources(self) -> SourceMap:
        """Positions of every value in the YAML source (read on first use)."""
        if self._sources is None:
            project = self.project or find_project(self.path)
            reader = _Reader(project, self.reading)
            resolved = project.source.resolve(self.path)
            with contextlib.suppress(_Abort):  # the problem was reported when loading
                reader.walk(
                    reader.read_root(resolved, (resolved,), None), (), resolved, (resolved,)
                )
            self._sources = reader.sources
        return self._sources

    def source_path(self, path: PathKey) -> PathKey:
        """Translate a path into the model into the path into the YAML source."""
        out: list[str | int] = []
        for part in path:
            if isinstance(part, int):
                mapping = self.index_maps.get(tuple(out))
                if mapping is not None and part < len(mapping):
                    part = mapping[part]
            out.append(part)
        return tuple(out)

    def position(self, path: PathKey, key: bool = False) -> Position:
        """Position in the YAML source of the model value at `path`."""
        return self.sources.find(self.source_path(path), key)


# ---------------------------------------------------------------- reading YAML


def _decode(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped); UnicodeDecodeError otherwise."""
    return data.decode("utf-8-sig")


class _Reader:
    """Reads one agreement file and the files it includes, into plain data."""

    def __init__(self, project: Project, first: Reading | None = None) -> None:
        self.project = project
        self.limits = project.limits
        self.reading = Reading(project, first)
        self.sources = SourceMap()
        self.problems: list[Problem] = []
        self.nodes = 0
        self.constructor = yaml.constructor.SafeConstructor()
        self._shown: dict[Path, str] = {}

    @property
    def files(self) -> list[Path]:
        """Every file read, in order."""
        return list(self.reading.files)

    def shown(self, file: Path) -> str:
        """The file's name as the user should see it (computed once per file)."""
        name = self._shown.get(file)
        if name is None:
            name = self._shown[file] = self.project.source.label(file)
        return name

    def problem(self, code: str, message: str, pos: Position, hint: str | None = None) -> None:
        self.problems.append(Problem(code, Severity.ERROR, message, pos, hint))

    def read_text(self, path: Path, at: Position | None = None) -> str:
        """One file's text, checked (exists, not too large, UTF-8); else a problem and _Abort."""
        shown = self.shown(path)
        here = at or Position(shown)
        try:
            data = self.reading.read(path, shown, included=at is not None)
        except Refused as e:
            self.problem(e.code, str(e), here, e.hint)
            raise _Abort from e
        try:
            text = _decode(data)
        except UnicodeDecodeError as e:
            if data.startswith(_UTF16_BOMS):
                self.problem(
                    "Y002",
                    f"{shown} is saved as UTF-16 text, not UTF-8.",
                    here,
                    "Save the file as UTF-8 (in Notepad: Save As → Encoding → UTF-8).",
                )
                raise _Abort from e
            line = data[: e.start].count(b"\n") + 1
            col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
            self.problem(
                "Y002",
                f"{shown} is not UTF-8 text: byte 0x{data[e.start]:02x} cannot be read.",
                Position(shown, line, col),
                "Save the file as UTF-8 (in Word or Notepad: Save As → Encoding → UTF-8).",
            )
            raise _Abort from e
        return text

    def read_root(self, path: Path, stack: tuple[Path, ...], at: Position | None) -> Any:
        """Compose one file into a node; record a problem and raise _Abort if impossible."""
        shown = self.shown(path)
        here = at or Position(shown)
        text = self.read_text(path, at)
        try:
            crowded = _crowded(text, self.limits.values - self.nodes)
            if crowded is not None:
                self.problem(
                    "Y005",
                    f"{shown} holds more than {self.limits.values:,} values in all "
                    "(counting every repetition of an anchor); an agreement needs far fewer.",
                    Position(shown, crowded.line + 1, crowded.column + 1),
                    "Check that the file holds what you meant.",
                )
                raise _Abort
            node = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            pos = Position(shown, mark.line + 1, mark.column + 1) if mark else Position(shown)
            what = (e.problem or "the YAML is malformed").rstrip(".")
            if "expected a single document" in str(e):
                what = "the file holds more than one YAML document ('---')"
            if "nesting depth" in what:
                self.problem(
                    "Y015",
                    f"Lists and mappings are nested too deeply here, more than "
                    f"{self.limits.depth} levels inside each other.",
                    pos,
                    "An agreement needs fewer than ten levels; check the brackets.",
                )
                raise _Abort from e
            self.problem(
                "Y003",
                f"The YAML cannot be read: {what}.",
                pos,
                "Check indentation, colons and quotes on this line and the one before it.",
            )
            raise _Abort from e
        except yaml.reader.ReaderError as e:
            # A character YAML refuses anywhere in a file, such as a control character.
            before = text[: e.position]
            line = before.count("\n") + 1
            col = e.position - (before.rfind("\n") + 1) + 1
            char = chr(e.character) if isinstance(e.character, int) else str(e.character)
            self.problem(
                "Y003",
                f"The YAML cannot be read: the file holds {describe_char(char)}, "
                "which YAML does not allow.",
                Position(shown, line, col),
                "Delete the character (it is invisible in most editors); retype the text.",
            )
            raise _Abort from e
        except yaml.YAMLError as e:
            self.problem("Y003", f"The YAML cannot be read: {e}.", here)
            raise _Abort from e
        if node is None:
            self.problem(
                "Y004",
                f"{shown} is empty.",
                here,
                "Start from 'drafter new', which writes a complete skeleton.",
            )
            raise _Abort
        return node

    def pos(self, node: yaml.Node, file: str) -> Position:
        return Position(file, node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(self, node: yaml.Node, path: PathKey, file: Path, stack: tuple[Path, ...]) -> Any:
        shown = self.shown(file)
        self.nodes += 1
        limits = self.limits
        if self.nodes > limits.values:
            self.problem(
                "Y005",
                f"{shown} expands to more than {limits.values:,} values in all "
                "(anchors and aliases repeated inside each other).",
                self.pos(node, shown),
                "Remove the nested '&anchor' / '*alias' repetition.",
            )
            raise _Abort
        if len(path) > limits.depth:
            self.problem(
                "Y015",
                f"Lists and mappings are nested too deeply here, more than {limits.depth} "
                "levels inside each other.",
                self.pos(node, shown),
                "An agreement needs fewer than ten levels; check the indentation.",
            )
            raise _Abort
        start = node.start_mark
        self.sources.values[path] = Position(shown, start.line + 1, start.column + 1)
        if node.tag not in _PLAIN_TAGS:
            # '!!python/object' and friends are in the yaml.org namespace too, so check
            # against the plain types rather than the prefix.
            shown_tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(
                "Y006",
                f"The tag {shown_tag} is not allowed: drafter reads plain "
                "values only, so that a file can never run code.",
                self.pos(node, shown),
                "Remove the tag (the word starting with '!') and write a plain value.",
            )
            if isinstance(node, yaml.ScalarNode):
                return self.text(node, shown)
            node.tag = (
                "tag:yaml.org,2002:map"
                if isinstance(node, yaml.MappingNode)
                else "tag:yaml.org,2002:seq"
            )
        if isinstance(node, yaml.MappingNode):
            return self.walk_mapping(node, path, file, stack)
        if isinstance(node, yaml.SequenceNode):
            return self.walk_sequence(node, path, file, stack)
        if node.tag == _STR:
            return self.text(node, shown)
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError):
            return node.value  # e.g. an impossible date: the model reports it as text

    def text(self, node: yaml.Node, shown: str) -> str:
        """A text value (or key), refused if longer than any agreement needs."""
        value = str(node.value)
        if len(value) > self.limits.text:
            self.problem(
                "Y014",
                f"This text is {len(value):,} characters long; drafter reads at most "
                f"{self.limits.text:,} characters in one field (about 30 pages).",
                self.pos(node, shown),
                "Shorten it, or move the detail to an annex outside the agreement.",
            )
            raise _Abort
        return value

    def walk_mapping(
        self, node: yaml.MappingNode, path: PathKey, file: Path, stack: tuple[Path, ...]
    ) -> dict[str, Any]:
        shown = self.shown(file)
        out: dict[str, Any] = {}
        merged: list[yaml.MappingNode] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                items = (
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
                merged.extend(n for n in items if isinstance(n, yaml.MappingNode))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(
                    "Y003",
                    "A key here is itself a list or mapping.",
                    self.pos(key_node, shown),
                    "Keys are plain words such as 'title'.",
                )
                continue
            key = self.text(key_node, shown)
            if key in out:
                first = self.sources.keys[(*path, key)]
                self.problem(
                    "Y008",
                    f"The key '{key}' appears twice here (first on line {first.line}); "
                    "the second would silently replace the first.",
                    self.pos(key_node, shown),
                    "Keep one of them.",
                )
                continue
            self.sources.keys[(*path, key)] = self.pos(key_node, shown)
            out[key] = self.walk(value_node, (*path, key), file, stack)
        for m in merged:  # '<<: *defaults' fills keys not given explicitly
            sub = self.walk_mapping(m, path, file, stack)
            for k, v in sub.items():
                out.setdefault(k, v)
        return out

    def walk_sequence(
        self, node: yaml.SequenceNode, path: PathKey, file: Path, stack: tuple[Path, ...]
    ) -> list[Any]:
        out: list[Any] = []
        self.extend(out, node.value, path, file, stack)
        return out

    def extend(
        self,
        out: list[Any],
        items: list[yaml.Node],
        path: PathKey,
        file: Path,
        stack: tuple[Path, ...],
    ) -> None:
        """Walk list items into `out`, replacing each `- include:` by the file's items."""
        for item in items:
            if len(out) >= self.limits.items:
                shown = self.shown(file)
                self.problem(
                    "Y013",
                    f"This list has more than {self.limits.items:,} items; drafter reads at "
                    f"most {self.limits.items:,} in one list.",
                    self.pos(item, shown),
                    "Check that the list holds what you meant (an agreement needs far fewer).",
                )
                raise _Abort
            target = _include_target(item)
            if target is None:
                out.append(self.walk(item, (*path, len(out)), file, stack))
                continue
            at = self.pos(item, self.shown(file))
            try:
                included = self.reading.include(file, target)
            except Refused as e:
                self.problem(e.code, str(e), at, e.hint)
                continue
            if included in stack:
                self.problem(
                    "Y009",
                    f"'{target}' includes itself (directly or through another file).",
                    at,
                    "Remove the circular include.",
                )
                continue
            try:
                root = self.read_root(included, stack, at)
            except _Abort:
                if self.problems[-1].code in _LIMIT_CODES:
                    raise  # a limit on the whole agreement: stop reading altogether
                continue
            subs = root.value if isinstance(root, yaml.SequenceNode) else [root]
            # An included file may itself include others, so its items go through here too.
            self.extend(out, subs, path, included, (*stack, included))


def _crowded(text: str, room: int) -> Any:
    """Where (a YAML mark) a long file passes `room` values, or None; stops reading there.

    Building PyYAML's node tree costs about 2 s per MB of short values, so a long file
    is first scanned event by event, which can stop at the limit. Each value is at most
    two events (its key and itself), so more than twice `room` events is over the limit.
    """
    if len(text) < _SCAN_FROM:
        return None
    events = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.NodeEvent):
            events += 1
            if events > 2 * room:
                return event.start_mark
    return None


def _fast_read(path: Path, project: Project) -> tuple[Any, Reading]:
    """Parse a well-formed file and its includes quickly; raise _Fallback for anything else."""
    if yaml_rs is None:
        raise _Fallback
    reading = Reading(project)
    limits = project.limits
    values = [0]  # counted file by file, so a limit stops the reading early

    def read(file: Path, stack: tuple[Path, ...]) -> Any:
        try:
            text = _decode(reading.read(file, "", included=False))
            if len(text) > _FAST_UP_TO or _NEEDS_FULL_READER.search(text) or _NOT_YAML.search(text):
                raise _Fallback
            data = yaml_rs.loads(text)
        except (Refused, UnicodeDecodeError, ValueError, yaml_rs.YAMLDecodeError) as e:
            raise _Fallback from e
        if data is None:
            raise _Fallback
        values[0] += _within(data, limits, limits.values - values[0])
        return splice(data, file, stack) if "include" in text else data

    def splice(value: Any, file: Path, stack: tuple[Path, ...]) -> Any:
        if isinstance(value, dict):
            return {k: splice(v, file, stack) for k, v in value.items()}
        if not isinstance(value, list):
            return value
        out: list[Any] = []
        for item in value:
            if isinstance(item, dict) and len(item) == 1 and isinstance(item.get("include"), str):
                try:
                    target = reading.include(file, item["include"])
                except Refused as e:
                    raise _Fallback from e
                if target in stack:
                    raise _Fallback
                sub = read(target, (*stack, target))
                out.extend(sub if isinstance(sub, list) else [sub])
            else:
                out.append(splice(item, file, stack))
        return out

    data = read(path, (path,))
    if len(reading.files) > 1:  # the depth, now that the parts are in place
        _within(data, limits, limits.values)
    return data, reading


def _within(data: Any, limits: Limits, room: int) -> int:
    """The number of values; _Fallback if over `room` or another limit (the positional reader
    then says which, and where)."""
    count = 0
    todo: list[tuple[Any, int]] = [(data, 0)]
    while todo:
        value, depth = todo.pop()
        count += 1
        if count > room or depth > limits.depth:
            raise _Fallback
        if isinstance(value, str):
            if len(value) > limits.text:
                raise _Fallback
        elif isinstance(value, dict):
            for k, v in value.items():
                if isinstance(k, str) and len(k) > limits.text:
                    raise _Fallback
                todo.append((v, depth + 1))
        elif isinstance(value, list):
            if len(value) > limits.items:
                raise _Fallback
            todo.extend((v, depth + 1) for v in value)
    return count


def _include_target(node: yaml.Node) -> str | None:
    """The file named by a list item of the form `- include: parts/cyp.yaml`."""
    if isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        k, v = node.value[0]
        if (
            isinstance(k, yaml.ScalarNode)
            and k.value == "include"
            and isinstance(v, yaml.ScalarNode)
        ):
            return str(v.value)
    return None


# ---------------------------------------------------------------- building the model


def load(path: Path, *, project: Project | None = None) -> Loaded:
    """Read, parse and build one agreement; never raises for bad input.

    `project` sets the boundary (root, limits, where files come from); by default it is
    found from the agreement's place (see `boundary.find_project`).
    """
    project = project or find_project(path)
    try:
        resolved = project.agreement(path)
    except Refused as e:
        shown = project.source.label(path)
        problem = Problem(e.code, Severity.ERROR, str(e), Position(shown), e.hint)
        return Loaded(path, None, None, [problem], [], False, SourceMap(), project=project)
    try:
        raw, reading = _fast_read(resolved, project)
        loaded = Loaded(path, None, raw, [], list(reading.files), project=project, reading=reading)
    except _Fallback:
        reader = _Reader(project)
        try:
            root = reader.read_root(resolved, (resolved,), None)
            raw = reader.walk(root, (), resolved, (resolved,))
        except _Abort:
            return Loaded(
                path,
                None,
                None,
                reader.problems,
                reader.files,
                readable=False,
                _sources=reader.sources,
                project=project,
                reading=reader.reading,
            )
        loaded = Loaded(
            path,
            None,
            raw,
            reader.problems,
            reader.files,
            _sources=reader.sources,
            project=project,
            reading=reader.reading,
        )
    if not isinstance(raw, dict):
        loaded.problems.append(
            Problem(
                "S001",
                Severity.ERROR,
                "The file should be a mapping of fields (id:, generation:, area:, …), "
                f"but it is {_kind(raw)}.",
                loaded.sources.find(()),
                "Start from 'drafter new'.",
            )
        )
        return loaded
    _build(loaded)
    return loaded


@dataclass
class DataFile:
    """A YAML or text file that is not an agreement (an actuals file), read just as safely."""

    path: Path
    data: Any  # plain data (YAML) or text; None when the file could not be read
    sources: SourceMap
    problems: list[Problem]


def _data_reader(path: Path, project: Project | None) -> tuple[_Reader, Path | None]:
    """A reader for a data file inside its project's boundary, and the file's real path.

    The path is None when the boundary refuses the file (the reader holds the problem).
    """
    project = project or find_project(path)
    reader = _Reader(project)
    try:
        return reader, project.agreement(path)
    except Refused as e:
        reader.problem(e.code, str(e), Position(project.source.label(path)), e.hint)
        return reader, None


def read_data(path: Path, *, project: Project | None = None) -> DataFile:
    """Read a YAML data file like an agreement (no tags, bounded, with positions); never raises.

    The file is read through the same boundary as an agreement: its project's limits,
    and its includes only inside the project.
    """
    reader, resolved = _data_reader(path, project)
    data = None
    if resolved is not None:
        with contextlib.suppress(_Abort):
            root = reader.read_root(resolved, (resolved,), None)
            data = reader.walk(root, (), resolved, (resolved,))
    return DataFile(path, data, reader.sources, reader.problems)


def read_text(path: Path, *, project: Project | None = None) -> DataFile:
    """Read a text file (a CSV) with the same checks as an agreement's; never raises."""
    reader, resolved = _data_reader(path, project)
    text = None
    if resolved is not None:
        with contextlib.suppress(_Abort):
            text = reader.read_text(resolved)
    return DataFile(path, text, reader.sources, reader.problems)


def _build(loaded: Loaded) -> None:
    data = loaded.raw  # validation does not mutate; copied below only if pruning is needed
    copied = False
    # One problem per place: a value dropped for a wrong type is not then reported again
    # as missing in the next round.
    seen: set[PathKey] = set()
    for _ in range(MAX_PRUNE_ROUNDS):
        try:
            loaded.agreement = Agreement.model_validate(data)
            return
        except ValidationError as e:
            errors = e.errors(include_url=False)
        if not copied:
            data, copied = copy.deepcopy(data), True
        pruned = False
        drops: _Drops = {}
        for err in sorted(errors, key=lambda x: _loc_sort(x["loc"]), reverse=True):
            loc = tuple(err["loc"])
            src = loaded.source_path(loc)
            if src not in seen:
                seen.add(src)
                loaded.problems.append(_translate(err, src, loaded))
            pruned |= _prune(data, loc, err["type"], drops)
        # List items go last and once each, even when several errors point into one item.
        # (Source paths are worked out before any drop of this round shifts the maps.)
        planned = [(c, ix, loaded.source_path(lp)) for c, ix, lp in drops.values()]
        for container, indices, list_path in planned:
            mapping = loaded.index_maps.setdefault(list_path, list(range(len(container))))
            for index in sorted(indices, reverse=True):
                del container[index]
                del mapping[index]
        if not pruned:
            return


def _loc_sort(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in loc)


# Items to drop from lists, by list: (the list, indices, its path in the source).
_Drops = dict[int, tuple[list[Any], set[int], PathKey]]


def _prune(data: Any, loc: PathKey, kind: str, drops: _Drops) -> bool:
    """Remove what made validation fail so the next round can get further."""
    # Walk down as far as the data goes; the loc may run into shorthand forms.
    chain: list[tuple[Any, str | int]] = []
    cur = data
    for part in loc:
        if _has(cur, part):
            chain.append((cur, part))
            cur = cur[part]
        else:
            break
    if kind == "missing":
        # A required field is absent: drop the whole item holding it, if it is in a list.
        for i in range(len(chain) - 1, -1, -1):
            container, key = chain[i]
            if isinstance(container, list):
                _drop_list_item(container, key, chain[:i], drops)
                return True
        return False
    if not chain:
        return False
    container, key = chain[-1]
    if (
        kind == "string_type"
        and len(chain) == len(loc)
        and isinstance(container[key], int | float)
        and not isinstance(container[key], bool)
    ):
        # 'version: 1.0' is reported, then kept as the text "1.0" so the rest still checks.
        container[key] = str(container[key])
        return True
    if isinstance(container, list):
        _drop_list_item(container, key, chain[:-1], drops)
    else:
        del container[key]
    return True


def _drop_list_item(
    container: list[Any], index: str | int, parents: list[tuple[Any, str | int]], drops: _Drops
) -> None:
    assert isinstance(index, int)
    entry = drops.setdefault(id(container), (container, set(), tuple(k for _, k in parents)))
    entry[1].add(index)


def _has(container: Any, part: str | int) -> bool:
    """True when `container[part]` exists (a mapping key or a list index)."""
    if isinstance(container, dict):
        return part in container
    return isinstance(container, list) and isinstance(part, int) and part < len(container)


def _kind(value: Any) -> str:
    """What a value is, in words: 'a list', 'a number', 'a blank value'."""
    if isinstance(value, bool):
        return f"the true/false value {str(value).lower()}"
    if isinstance(value, float) and not math.isfinite(value):
        return "not a finite number" if math.isnan(value) else "an infinite number"
    if isinstance(value, int | float):
        if isinstance(value, int) and abs(value) >= 10**15:
            return "a number far too large"
        return f"the number {value:g}"
    if isinstance(value, str):
        return "a piece of text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return "blank" if value is None else type(value).__name__


def describe(path: PathKey, raw: Any) -> str:
    """Name the place in words: 'field baseline of indicator NI-117'."""
    owner = "the agreement"
    fields: list[str] = []
    cur = raw
    last_key: str | None = None
    for part in path:
        cur = cur[part] if _has(cur, part) else None
        if isinstance(part, int):
            name = ITEM_NAMES.get(last_key or "", "item")
            ident = cur.get("id") if isinstance(cur, dict) else None
            owner = f"{name} {ident}" if ident else f"{name} number {part + 1}"
            fields = []
        else:
            fields.append(part)
            last_key = part
    if fields and fields[-1] in ITEM_NAMES and len(fields) == 1:
        return f"'{fields[0]}' of {owner}"
    return f"'{'.'.join(fields)}' of {owner}" if fields else owner


def _model_at(loc: PathKey) -> type[BaseModel] | None:
    """The model class whose fields the location names (for 'did you mean')."""
    cls: type[BaseModel] | None = Agreement
    for part in loc[:-1]:
        if cls is None:
            return None
        if isinstance(part, int):
            continue
        fields = {f.alias or n: f for n, f in cls.model_fields.items()}
        fields.update(cls.model_fields)
        if part in fields:
            cls = _model_in(fields[part].annotation)
        # otherwise a dict key such as '2009/10': stay with the value type
    return cls


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _field_names(cls: type[BaseModel]) -> list[str]:
    return sorted({f.alias or n for n, f in cls.model_fields.items()})


_TYPE_WORDS = {
    "float": "a number",
    "int": "a whole number",
    "bool": "true or false",
    "date": "a date written YYYY-MM-DD",
    "string": "text",
    "list": "a list (one '- ' line per item)",
    "dict": "a mapping of fields",
    "model": "a mapping of fields",
}


_TYPE_HINTS = {
    "float": "Write a plain number, without £, % or commas: 1250000 or 52.5.",
    "int": "Write a whole number, such as 2.",
    "bool": "Write true or false.",
    "date": "Write the date as YYYY-MM-DD, e.g. 2008-06-30.",
    "string": "Write the text after the colon, in quotes if it contains a colon.",
    "list": "Write one item per line, each starting with '- '.",
    "dict": "Write the fields on the lines below, indented.",
    "model": "Write the fields on the lines below, indented.",
}


def _translate(err: Any, src: PathKey, loaded: Loaded) -> Problem:
    """Turn one pydantic error into a plain-language problem with a position."""
    kind: str = err["type"]
    loc = tuple(err["loc"])
    where = describe(src, loaded.raw)
    value = err.get("input")
    shown = repr(value) if isinstance(value, str) else _kind(value)
    hint: str | None = None
    if kind == "extra_forbidden":
        name = str(loc[-1])
        cls = _model_at(loc)
        allowed = _field_names(cls) if cls else []
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        owner = describe(src[:-1], loaded.raw)
        msg = f"Unknown field '{name}' in {owner}."
        if close:
            msg += f" Did you mean '{close[0]}'?"
        hint = "Allowed here: " + ", ".join(allowed) if allowed else None
        return Problem("S002", Severity.ERROR, msg, loaded.sources.find(src, key=True), hint)
    if kind == "missing":
        owner = describe(src[:-1], loaded.raw)
        return Problem(
            "S003",
            Severity.ERROR,
            f"{owner[0].upper()}{owner[1:]} has no '{loc[-1]}', which is required.",
            loaded.sources.find(src),
            f"Add a line '{loc[-1]}: …'.",
        )
    if kind in ("enum", "literal_error"):
        expected = err.get("ctx", {}).get("expected", "")
        choices = {c.lower(): c for c in re.findall(r"'([^']*)'", expected)}
        close = [
            choices[c]
            for c in difflib.get_close_matches(str(value).lower(), choices, n=1, cutoff=0.5)
        ]
        return Problem(
            "S004",
            Severity.ERROR,
            f"{where[0].upper()}{where[1:]} is {shown}, "
            f"which is not one of the allowed values: {expected}.",
            loaded.sources.find(src),
            f"Did you mean '{close[0]}'?" if close else "Write one of the values listed.",
        )
    if kind == "string_pattern_mismatch":
        return Problem(
            "S004",
            Severity.ERROR,
            f"{where[0].upper()}{where[1:]} is {shown}, which is not a usable id.",
            loaded.sources.find(src),
            "Ids use letters, digits, '.', '_' and '-', with no spaces.",
        )
    if kind == "finite_number" or (kind == "float_type" and isinstance(value, int)):
        # .nan, .inf, 1e400 (which YAML reads as infinity) or a whole number too large
        return Problem(
            "S008",
            Severity.ERROR,
            f"{where[0].upper()}{where[1:]} is "
            f"{'a number far too large' if isinstance(value, str) else _kind(value)}, "
            "which cannot be a figure.",
            loaded.sources.find(src),
            "Write an ordinary number such as 52.5 (not .nan or .inf), "
            "or a placeholder if it is not known yet.",
        )
    if kind in ("value_error", "assertion_error"):
        reason = str(err.get("ctx", {}).get("error", err["msg"]))
        return Problem(
            "S004",
            Severity.ERROR,
            f"{where[0].upper()}{where[1:]} is not valid: {reason}.",
            loaded.sources.find(src),
        )
    for stem, words in _TYPE_WORDS.items():
        if kind.startswith(stem):
            hint = _TYPE_HINTS.get(stem)
            if stem == "string" and isinstance(value, int | float):
                hint = "Put it in quotes so it is read as text exactly as written, e.g. '1.0'."
            return Problem(
                "S001",
                Severity.ERROR,
                f"{where[0].upper()}{where[1:]} should be {words}, but it is {shown}.",
                loaded.sources.find(src),
                hint,
            )
    return Problem(
        "S001",
        Severity.ERROR,
        f"{where[0].upper()}{where[1:]}: {err['msg']}.",
        loaded.sources.find(src),
    )


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Expand folders given on the command line into the agreement files inside them."""
    for p in paths:
        try:
            folder = p.is_dir()
        except OSError:  # a name too long, say: the loader reports it as unreadable
            folder = False
        if folder:  # a project file (drafter.yaml) in the folder is not an agreement
            yield from sorted(q for q in p.glob("*.yaml") if q.is_file() and q.name != PROJECT_FILE)
            yield from sorted(q for q in p.glob("*.yml") if q.is_file())
        else:
            yield p
