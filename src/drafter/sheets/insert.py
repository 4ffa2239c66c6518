"""`--insert`: the `- include:` lines an import prints, added to the agreement's files.

Each line goes at the end of the outcome's `indicators:` list (or `statutory:`), in the
file that holds the list, indented as the list's items are; every other byte of the file
is kept (comments, order, quoting, line endings). The place is found from the position
the loader gives the list's key, in the bytes the loader read. An outcome with no such
list gets one, `indicators:` and the line under it, after the outcome's last line. Where
the list is not written one item a line in that file (a flow list `[...]`, an `include:`
of the whole list), or the outcome is written in braces, nothing is edited and the
message says what to add instead.

The edited files and the new part files are then read together as the agreement, as
`drafter validate` reads it, before anything is written: unless the agreement loads with
every new indicator in place, nothing is written (`Edits.refused` says why).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..boundary import FILESYSTEM, Project, TooLarge
from ..load import Loaded
from ..problems import Position, display_path
from .plan import Part

_PLAIN_PATH = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_./-]*")


@dataclass(frozen=True)
class Insertion:
    """One `- include:` line added: to which file, at which line, for which part."""

    part: Part
    file: Path
    shown: str
    line: int  # the new line's number in the edited file
    text: str  # the line added, without its line break


@dataclass
class Edits:
    """The files to write for an import with --insert, or why it cannot be done."""

    files: dict[Path, bytes] = field(default_factory=dict)  # edited agreement files
    insertions: list[Insertion] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why not, each with what to do
    # What `drafter validate` finds in the agreement with the edits: (errors, warnings).
    validated: tuple[int, int] | None = None


class _Overlay:
    """The file system, with the files about to be written read as they will be."""

    def __init__(self, files: dict[Path, bytes]) -> None:
        self.files = {FILESYSTEM.resolve(p): data for p, data in files.items()}

    def resolve(self, path: Path) -> Path:
        return FILESYSTEM.resolve(path)

    def exists(self, path: Path) -> bool:
        return path in self.files or FILESYSTEM.exists(path)

    def is_dir(self, path: Path) -> bool:
        return path not in self.files and FILESYSTEM.is_dir(path)

    def is_file(self, path: Path) -> bool:
        return path in self.files or FILESYSTEM.is_file(path)

    def read_bytes(self, path: Path, limit: int) -> bytes:
        data = self.files.get(path)
        if data is None:
            return FILESYSTEM.read_bytes(path, limit)
        if len(data) > limit:
            raise TooLarge(path)
        return data

    def label(self, path: Path) -> str:
        return display_path(path)


def _mappings(node: yaml.Node) -> Iterator[yaml.MappingNode]:
    """Every mapping under node (node itself included), outer ones first."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            yield n
            stack.extend(value for _, value in n.value)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _key_at(node: yaml.Node, line: int, col: int) -> yaml.Node | None:
    """The value of the mapping key written at (line, col), 0-based, anywhere under node."""
    for mapping in _mappings(node):
        for key, value in mapping.value:
            if (key.start_mark.line, key.start_mark.column) == (line, col):
                found: yaml.Node = value
                return found
    return None


def _end(node: yaml.Node) -> tuple[int, int]:
    """Where a list item's text ends (line, column): its last scalar or flow collection.

    A block collection's own end mark lies at the next token, past any comments that
    follow it, so it is not used; nor are the blank lines a block scalar (`>-`, `|`)
    swallows after its text, unless they are part of its value (`|+`).
    """
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        line, col = node.end_mark.line, node.end_mark.column
        value = node.value if isinstance(node, yaml.ScalarNode) else ""
        if getattr(node, "style", None) in ("|", ">") and not value.endswith("\n\n"):
            text, at = node.end_mark.buffer or "", node.end_mark.pointer  # a line's start
            while col == 0 and line > node.start_mark.line + 1:
                before = text.rfind("\n", 0, at - 1) + 1  # the line before's start
                if text[before : at - 1].strip():
                    break
                at, line = before, line - 1
        return line, col
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    return max((_end(c) for c in children), default=(node.start_mark.line, 0))


def _include_line(indent: int, target: str) -> str:
    value = target if _PLAIN_PATH.fullmatch(target) else json.dumps(target, ensure_ascii=False)
    return " " * indent + "- include: " + value


def _place(text: str, anchor: Position, part: Part) -> tuple[int, str] | str:
    """The 0-based line the include line goes before, and the line; or why it cannot go in."""
    add = (
        f"add '- include: {part.include}' to {part.list_name} at {anchor.file}:{anchor.line} "
        "by hand"
    )
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return f"{anchor.file} cannot be read as one YAML document here; {add}."
    found = _key_at(root, anchor.line - 1, anchor.col - 1) if root is not None else None
    if found is None:
        return f"{anchor.file}:{anchor.line}: the list was not found where it was read; {add}."
    if isinstance(found, yaml.SequenceNode) and found.flow_style:
        return (
            f"{anchor.file}:{anchor.line}: {part.list_name} is written as a list in brackets "
            f"([...]); drafter adds lines only to a list written one item a line. Write it "
            f"so, or {add}."
        )
    if not isinstance(found, yaml.SequenceNode) or not found.value:
        return (
            f"{anchor.file}:{anchor.line}: {part.list_name} is not a list of items written "
            f"in this file (it may include its whole list from another); {add}."
        )
    line, col = _end(found.value[-1])
    return (line if col == 0 else line + 1), _include_line(found.start_mark.column, part.include)


def _node_at(node: yaml.Node, line: int, col: int) -> yaml.MappingNode | None:
    """The mapping that starts at (line, col), 0-based, anywhere under node."""
    return next(
        (m for m in _mappings(node) if (m.start_mark.line, m.start_mark.column) == (line, col)),
        None,
    )


def _new_list(text: str, part: Part) -> tuple[int, str] | str:
    """Where a new `indicators:` (or `statutory:`) list goes, at the end of the outcome
    that has none, with its first line; or why it cannot go in."""
    key = "statutory" if part.outcome == "statutory" else "indicators"
    where = part.anchor
    by_hand = (
        f"{where.file}:{where.line}: there is no {part.list_name} yet, and drafter cannot add "
        f"one here{{why}}. Add it there, indented under the outcome:\n"
        f"    {key}:\n      - include: {part.include}\n"
        "  then run the import again (it reports the rows as already there), or without "
        "--insert."
    )
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return by_hand.format(why=" (the file cannot be read as one YAML document)")
    found = _node_at(root, where.line - 1, where.col - 1) if root is not None else None
    if found is None or found.flow_style:
        why = " (the outcome is written in braces, {...})" if found is not None else ""
        return by_hand.format(why=why)
    indent = found.start_mark.column
    line, col = _end(found)
    lines = (" " * indent + key + ":", _include_line(indent + 2, part.include))
    return (line if col == 0 else line + 1), "\n".join(lines)


def _edited(data: bytes, places: Sequence[tuple[int, str]]) -> tuple[bytes, list[int]]:
    """The file's bytes with the lines added (before the 0-based lines given), and where.
    A line given with line breaks in it is added as that many lines."""
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    numbers: list[int] = []
    shift = 0
    for before, line in sorted(places):
        at = min(before, len(lines)) + shift
        lines.insert(at, line.replace("\n", newline) + newline)
        numbers.append(at + 1)
        shift += line.count("\n") + 1
    out = "".join(lines).encode("utf-8")
    return (b"\xef\xbb\xbf" + out if bom else out), numbers


def plan_edits(loaded: Loaded, parts: Sequence[Part]) -> Edits:
    """The edits that add each part's include line, checked by loading the result."""
    edits = Edits()
    project = loaded.project
    if project is None:
        edits.refused.append("The agreement's project folder is not known; add the lines by hand.")
        return edits
    by_label = {project.source.label(p): p for p in loaded.contents}
    places: dict[Path, list[tuple[int, str, Part]]] = {}
    for part in parts:
        file = by_label.get(part.anchor.file)
        if file is None:
            edits.refused.append(f"{part.anchor.file} was not read as part of the agreement.")
            continue
        text = loaded.contents[file].decode("utf-8-sig", errors="replace")
        place = _place(text, part.anchor, part) if part.has_indicators else _new_list(text, part)
        if isinstance(place, str):
            edits.refused.append(place)
            continue
        places.setdefault(file, []).append((*place, part))
    if edits.refused:
        return edits
    for file, wanted in places.items():
        data, numbers = _edited(loaded.contents[file], [(b, t) for b, t, _ in wanted])
        edits.files[file] = data
        ordered = sorted(wanted, key=lambda w: (w[0], w[1]))
        for number, (_, line, part) in zip(numbers, ordered, strict=True):
            edits.insertions.append(Insertion(part, file, display_path(file), number, line))
    edits.refused.extend(_check(loaded, project, parts, edits))
    for file in edits.files:  # saved again since the import read it: the edit would undo that
        try:
            now = FILESYSTEM.read_bytes(file, project.limits.file_bytes)
        except OSError:
            now = b""
        if now != loaded.contents[file]:
            edits.refused.append(
                f"{display_path(file)} changed while the import was reading it; run it again."
            )
    return edits


def _check(loaded: Loaded, project: Project, parts: Sequence[Part], edits: Edits) -> Iterator[str]:
    """Why the agreement, with the edits and the part files, does not load as it should."""
    from ..load import load
    from ..problems import Severity
    from .plan import indicator_ids

    files = {**{p.path: p.text.encode("utf-8") for p in parts}, **edits.files}
    overlay = Project(project.root, project.limits, _Overlay(files))
    after = load(loaded.path, project=overlay)
    known = {(p.code, p.message) for p in loaded.problems}
    new = [
        p
        for p in after.problems
        if p.severity is Severity.ERROR and (p.code, p.message) not in known
    ]
    if not after.readable or after.agreement is None or new:  # a part missing, say
        first = new[0] if new else None
        said = f" ({first.position}: {first.message})" if first else ""
        yield (
            f"With the lines added the agreement would not load{said}, so nothing was written."
            " Add the lines by hand, or report this."
        )
        return
    assert after.agreement is not None
    from ..validate import validate

    found = validate(after)
    errors = sum(p.severity is Severity.ERROR for p in found)
    edits.validated = (errors, len(found) - errors)
    present = indicator_ids(after.agreement)
    for part in parts:
        lost = [
            r.indicator.id for r in part.rows if r.indicator.id not in present.get(part.outcome, ())
        ]
        if lost:
            yield (
                f"With the line added under {part.list_name}, the agreement would not hold "
                f"{', '.join(lost)}; nothing was written. Add the line by hand."
            )
