"""A report as Markdown (GitHub-flavoured: pipe tables, ~~deleted~~ and <ins> text)."""

from __future__ import annotations

import re

from ..context.parts import Table
from .model import Facts, Heading, Landscape, Paragraph, Report, Span, TableBlock

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~])")


def escape(text: str) -> str:
    """Text with Markdown's special characters escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _span(span: Span) -> str:
    if not span.text.strip():
        return " " if span.text else ""
    # The spaces around a span separate it from the next one: kept, as one space each.
    lead, core, tail = (
        " " if span.text[0].isspace() else "",
        escape(span.text),
        " " if span.text[-1].isspace() else "",
    )
    wrapped = {
        "strong": f"**{core}**",
        "em": f"*{core}*",
        "ins": f"<ins>{core}</ins>",
        "del": f"~~{core}~~",
    }.get(span.mark, core)
    return f"{lead}{wrapped}{tail}"


def _cell(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n") if line.strip()) or " "


def _table(table: Table, titled: bool) -> list[str]:
    out = [f"*{escape(table.caption)}*", ""] if titled else []
    if not table.rows:
        return [*out, escape(table.empty), ""]
    # Markdown has one header row: a two-row heading is flattened to its leaf columns.
    leaves: list[str] = []
    first = table.head[0] if table.head else ()
    second = list(table.head[1]) if len(table.head) > 1 else []
    for h in first:
        if h.colspan > 1:
            leaves += [f"{h.text} {second.pop(0).text}" for _ in range(h.colspan)]
        else:
            leaves.append(h.text)
    width = max(len(leaves), max(len(r.cells) for r in table.rows))
    leaves += [""] * (width - len(leaves))
    out += ["| " + " | ".join(_cell(h) for h in leaves) + " |"]
    out += ["| " + " | ".join("---" for _ in leaves) + " |"]
    for row in table.rows:
        cells = [_cell(c.text) for c in row.cells] + [" "] * (width - len(row.cells))
        if row.total:
            cells = [f"**{c}**" if c.strip() else c for c in cells]
        out.append("| " + " | ".join(cells) + " |")
    out += [""] + [f"- {escape(n)}" for n in table.notes] + ([""] if table.notes else [])
    return out


def report_markdown(report: Report) -> str:
    """The report as Markdown text."""
    out = [f"# {escape(report.title)}", "", f"*{escape(report.subtitle)}*", ""]
    out += [f"- **{escape(k)}:** {escape(v)}" for k, v in report.facts]
    out += [""]
    if report.notice:
        out += [f"> **{escape(report.notice)}**", ""]
    flat = [i for b in report.blocks for i in (b.blocks if isinstance(b, Landscape) else (b,))]
    for block in flat:
        if isinstance(block, Heading):
            out += [f"{'#' * (block.level + 1)} {escape(block.text)}", ""]
        elif isinstance(block, Paragraph):
            text = "".join(_span(s) for s in block.spans)
            out += [f"- {text}" if block.style == "bullet" else text, ""]
        elif isinstance(block, Facts):
            out += [f"- **{escape(k)}:** {escape(v)}" for k, v in block.items] + [""]
        elif isinstance(block, TableBlock):
            out += _table(block.table, block.titled)
    return "\n".join(out).rstrip() + "\n"
