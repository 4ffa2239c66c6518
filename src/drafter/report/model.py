"""A report: a small frozen model of a document that is not an agreement.

A title, a subtitle and cover facts, then blocks in order: headings (levels 1–3,
with anchors), paragraphs (of spans, so a word can be marked inserted or deleted),
labelled facts and tables (the render context's `Table`, so a report's tables look
like an agreement's). The back ends in this package lay it out as HTML, PDF, Word
and Markdown. Everything is already worded; nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..config import Branding
from ..context.parts import Running, Table


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph; `mark` is '' (plain), 'strong', 'em', 'ins' or 'del'."""

    text: str
    mark: str = ""


@dataclass(frozen=True)
class Heading:
    """A heading of level 1–3; `anchor` is its id for links and bookmarks.

    `new_page` starts a new page with it (each area's summary in a regional pack).
    """

    level: int
    text: str
    anchor: str
    new_page: bool = False
    kind: str = field(default="heading", init=False)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; `style` is '' (body text), 'lead', 'note' or 'bullet'."""

    spans: tuple[Span, ...]
    style: str = ""
    kind: str = field(default="paragraph", init=False)

    @classmethod
    def of(cls, text: str, style: str = "") -> Paragraph:
        """A paragraph of plain text."""
        return cls((Span(text),), style)

    @property
    def text(self) -> str:
        """The paragraph's text, marks left out."""
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Facts:
    """Labelled facts: (label, value) pairs printed as a two-column table."""

    items: tuple[tuple[str, str], ...]
    kind: str = field(default="facts", init=False)


@dataclass(frozen=True)
class TableBlock:
    """A ready-to-print table, with its caption printed above it when `titled`."""

    table: Table
    titled: bool = False
    kind: str = field(default="table", init=False)


@dataclass(frozen=True)
class Landscape:
    """Blocks laid out on landscape pages of their own (a table too wide for portrait)."""

    blocks: tuple[Heading | Paragraph | Facts | TableBlock, ...]
    kind: str = field(default="landscape", init=False)


Block = Heading | Paragraph | Facts | TableBlock | Landscape


@dataclass(frozen=True)
class Report:
    """A whole report: cover facts, then blocks; and what every page and file carries."""

    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]
    blocks: tuple[Block, ...]
    timestamp: dt.datetime  # created/modified time of the files (UTC)
    organisation: str  # shown above the title; the files' author
    running: Running
    subject: str = ""
    keywords: str = ""
    version: str = ""
    status: str = ""
    notice: str | None = None  # a warning printed under the cover facts
    landscape: bool = False  # every page on its side
    compact: bool = False  # smaller type and tighter tables (summaries read at a glance)
    contents: bool = False  # a list of the level-1 headings after the cover facts
    contents_title: str = "Contents"
    lang: str = "en-GB"
    branding: Branding = field(default_factory=Branding)

    def headings(self, level: int = 1) -> tuple[Heading, ...]:
        """The headings of one level, in order (the contents), landscape pages included."""
        flat = [
            inner for b in self.blocks for inner in (b.blocks if isinstance(b, Landscape) else (b,))
        ]
        return tuple(b for b in flat if isinstance(b, Heading) and b.level == level)
