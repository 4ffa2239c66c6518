"""The terminal report: concise, coloured when printing to a terminal (never with NO_COLOR)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Agreement
from .changes import Change, Changes, Kind
from .compare import LOG_TYPES
from .describe import Describer, ItemChanges, Line
from .log import Note, waiting

MARKS = {
    Kind.ADDED: "+",
    Kind.REMOVED: "-",
    Kind.CHANGED: "~",
    Kind.MOVED: ">",
    Kind.RENAMED: ">",
}
COLOURS = {
    Kind.ADDED: "green",
    Kind.REMOVED: "red",
    Kind.CHANGED: "yellow",
    Kind.MOVED: "cyan",
    Kind.RENAMED: "cyan",
}
WORDS = {
    Kind.ADDED: "added",
    Kind.REMOVED: "removed",
    Kind.MOVED: "moved",
    Kind.RENAMED: "renamed (same content, new id)",
}
SHORT = 70  # a value longer than this goes on its own lines
NOTE_MARKS = {
    "approved": "*",
    "recorded": "*",
    "awaiting": "?",
    "proposed": "?",
    "rejected": "x",
    "withdrawn": "x",
    "removed": "-",
}
NOTE_COLOURS = {"awaiting": "magenta", "proposed": "magenta", "rejected": "red", "removed": "red"}

Style = Callable[..., str]


def _plain(text: str, **_: object) -> str:
    return text


def summary(changes: Changes, waiting: int = 0) -> str:
    """'12 changed, 1 added; 2 awaiting approval' (kinds with none left out), or 'no changes'.

    Entries of change logs are counted as what they are (reasons, proposals), not as
    items added or changed; `waiting` is how many changes await approval in the newer
    version.
    """
    counts = {str(k): 0 for k in Kind}
    for c in changes:
        if c.item.type not in LOG_TYPES:
            counts[str(c.kind)] += 1
    parts = [f"{n} {k}" for k, n in counts.items() if n]
    if not parts and not changes.empty:
        parts = ["changes to the record of changes only"]
    extra = [f"{waiting} awaiting approval"] if waiting else []
    return "; ".join([", ".join(parts) or "no changes", *extra])


def heading(changes: Changes) -> str:
    """'northfleet-laa-2008: version 1.0 (submitted) → version 2.0 (signed)'."""
    o, n = changes.old, changes.new
    ident = o.id if o.id == n.id else f"{o.id} → {n.id}"
    return f"{ident}: version {o.version} ({o.status}) → version {n.version} ({n.status})"


def report(
    old: Agreement,
    new: Agreement,
    changes: Changes,
    *,
    colour: bool,
    describer: Describer | None = None,
) -> str:
    """The report of one comparison, as terminal text."""
    style: Style = _click_style() if colour else _plain
    d = describer or Describer(old, new)
    sections = d.sections(changes) if not changes.empty else []
    still = waiting(d)
    lines = [
        style(heading(changes), bold=True),
        f"{changes.old.label} → {changes.new.label}: {summary(changes, len(still))}",
    ]
    for section in sections:
        lines += ["", style(section.title, bold=True, underline=True)]
        for item in section.items:
            lines += _item(item, style)
    # Proposals the older version had already, and still awaiting approval: not changes,
    # but what is still open, which is what a Government Office asks first.
    shown = {(i.ref.path, n.head) for s in sections for i in s.items for n in i.notes}
    carried = [(ref, n) for ref, n in still if (ref.path, n.head) not in shown]
    if sections and carried:
        lines += ["", style("Still awaiting approval", bold=True, underline=True)]
        for ref, note in carried:
            lines.append(f"  {d.title(Change(Kind.CHANGED, ref))}")
            lines += _note(note, style, "    ")
    return "\n".join(lines) + "\n"


def _click_style() -> Style:
    import click

    return click.style


def _item(item: ItemChanges, style: Style) -> list[str]:
    out: list[str] = []
    if item.kind in WORDS:
        kind = item.kind
        assert kind is not None
        mark = style(MARKS[kind], fg=COLOURS[kind], bold=True)
        where = f" ({item.where})" if item.where else ""
        out.append(f"  {mark} {item.title} — {WORDS[kind]}{where}")
    else:
        where = f" ({item.where})" if item.where else ""
        if item.type != "Agreement":
            out.append(f"  {item.title}{where}")
    indent = "    " if item.type != "Agreement" or item.kind else "  "
    for line in item.lines:
        if line.kind is Kind.RENAMED:
            continue
        out += _line(line, style, indent)
    for note in item.notes:
        out += _note(note, style, indent)
    return out


def _note(note: Note, style: Style, indent: str) -> list[str]:
    reason = f"{style('Reason:', bold=True)} {note.reason or 'none recorded'}"
    if note.kind == "reason":
        return [f"{indent}{reason}" + (f" ({note.head})" if note.head else "")]
    mark = style(NOTE_MARKS[note.kind], fg=NOTE_COLOURS.get(note.kind, "cyan"), bold=True)
    out = [f"{indent}{mark} {note.head}"]
    out += [text for line in note.lines for text in _line(line, style, indent + "    ")]
    return [*out, f"{indent}    {reason}"]


def _line(line: Line, style: Style, indent: str) -> list[str]:
    mark = style(MARKS[line.kind], fg=COLOURS[line.kind], bold=True)
    if line.words:
        return [f"{indent}{mark} {line.label}: {_words(line.words, style)}"]
    old, new = line.old, line.new
    if line.kind is Kind.ADDED:
        return [f"{indent}{mark} {line.label}: {new}"]
    if line.kind is Kind.REMOVED:
        return [f"{indent}{mark} {line.label}: {style(old or '', strikethrough=True)} (removed)"]
    if len(old or "") + len(new or "") > SHORT:
        return [
            f"{indent}{mark} {line.label}:",
            f"{indent}    was: {old}",
            f"{indent}    now: {new}",
        ]
    return [f"{indent}{mark} {line.label}: {old} → {new}"]


def _words(words: Sequence[tuple[str, str]], style: Style) -> str:
    out = []
    coloured = style is not _plain
    for op, text in words:
        if op == "=":
            out.append(text)
        elif op == "-":
            out.append(style(text, fg="red", strikethrough=True) if coloured else f"[-{text}-]")
        else:
            out.append(style(text, fg="green", underline=True) if coloured else f"{{+{text}+}}")
    return "".join(out)
