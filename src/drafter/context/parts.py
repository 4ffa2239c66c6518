"""The render context's data: frozen dataclasses of plain strings, numbers and tuples.

A `RenderContext` holds one part per section of the document, in order; each part
holds its `Section` (number, title, anchor), its paragraphs and its ready-to-print
`Table`s. Everything is already worded and formatted; nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..config import Branding, Logo

# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class Cell:
    """One body cell, already formatted.

    kind: "" (plain), "number" (right-aligned, tabular figures), "placeholder"
    (something still missing or awaiting confirmation: a short marker such as "To follow
    (R4)" pointing to the register entry, upright and coloured, never italic like a
    relative target), "relative" (a target in words), "na" (not applicable), "none" (no
    value: prints DASH), "mark" (a short yes/status mark), "ref" (a reference number
    such as 3.1.2, kept on one line), "derived" (a figure drafter worked out, such as
    the size of a stretch: right-aligned like a number), "status" (a row's kind of
    target and agreement status, one to a line). `span` is the number of
    columns the cell covers (a target that has no un-stretched level spans the year's
    pair of columns).
    """

    text: str
    kind: str = ""
    span: int = 1

    @property
    def numeric(self) -> bool:
        """True when the cell should be right-aligned with tabular figures."""
        return self.kind in ("number", "derived")


@dataclass(frozen=True)
class HeadCell:
    """One header cell; `colspan`/`rowspan` as in HTML (reward tables use two header rows)."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    numeric: bool = False


@dataclass(frozen=True)
class Row:
    """One body row. `total` rows are printed bold with a rule above."""

    cells: tuple[Cell, ...]
    total: bool = False


@dataclass(frozen=True)
class Table:
    """A ready-to-print table.

    `head` holds one or two header rows (HeadCell spans as in HTML); `rows` the body.
    `widths` gives each leaf column's share of the table width in percent (sums to
    100). `landscape` asks for a landscape page. `notes` are printed under the table;
    `empty` is printed instead of the table when it has no rows.
    """

    id: str
    caption: str
    head: tuple[tuple[HeadCell, ...], ...]
    rows: tuple[Row, ...]
    widths: tuple[int, ...]
    landscape: bool = False
    notes: tuple[str, ...] = ()
    empty: str = "None."


# ---------------------------------------------------------------- document parts


@dataclass(frozen=True)
class Section:
    """A numbered top-level section: number ("3"), title, anchor id for links."""

    number: str
    title: str
    anchor: str
    kind: str  # register, vision, partners, history, theme, statutory, local, funding,
    #            freedoms, reward, governance, signatures; in an LPSA also intentions,
    #            targets (Schedule 1) and pump_priming (Schedule 3)

    @property
    def heading(self) -> str:
        """'3 Children and Young People'."""
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class Cover:
    """The cover page: title lines and a list of labelled facts."""

    title: str  # 'Northfleet Local Area Agreement 2008–11'
    kind: str  # 'Local Area Agreement'
    period: str  # '2008/09 to 2010/11'
    subtitle: str  # under the title: 'Local Area Agreement · 2008/09 to 2010/11'
    area: str
    organisation: str  # shown above the title (branding, or the accountable body)
    logo: Logo | None  # checked by its bytes when the settings were read
    facts: tuple[tuple[str, str], ...]  # (label, value), e.g. ("Version", "0.3")
    notice: str | None  # the draft or incomplete warning printed on the cover


@dataclass(frozen=True)
class Vision:
    """Vision (paragraphs), priorities (ordered) and cross-cutting themes."""

    section: Section
    paragraphs: tuple[str, ...]
    priorities_title: str
    priorities: tuple[str, ...]
    cross_cutting_title: str
    cross_cutting: tuple[str, ...]
    empty: str  # printed when there is nothing at all
    template: ClassVar[str] = "vision.html"


@dataclass(frozen=True)
class PartnersPart:
    """Parties and partners: the area's profile, an introduction, the partners with their
    signatory/duty marks, and the outside bodies the agreement names."""

    section: Section
    area_title: str
    area: tuple[tuple[str, str], ...]  # (label, value): type of area, population, …
    paragraphs: tuple[str, ...]
    table: Table
    bodies: Table | None  # bodies outside the partnership, when any are named
    departments: Table | None = None  # the departments the agreement names, spelt out
    template: ClassVar[str] = "partners.html"


@dataclass(frozen=True)
class HistoryPart:
    """The agreement's history: key dates, each refresh, Government Office reviews."""

    section: Section
    paragraphs: tuple[str, ...]
    tables: tuple[Table, ...]  # each printed under its caption as a heading
    template: ClassVar[str] = "history.html"


@dataclass(frozen=True)
class OutcomePart:
    """One outcome (an LPSA stretch target): number "3.2", facts, narrative, table.

    `level` is its heading level: 2 for an outcome of the theme, 3 for a sub-outcome
    (and deeper ones, which Word and the PDF bookmarks cannot nest further).
    """

    number: str
    anchor: str
    title: str
    level: int
    facts: tuple[tuple[str, str], ...]  # lead partner, partners, kind, still to be agreed
    paragraphs: tuple[str, ...]
    table: Table
    label: str = ""  # what the heading starts with, when not the number ('Target 3:')

    @property
    def heading(self) -> str:
        """'3.2 Fewer young people not in education, employment or training'."""
        return f"{self.label or self.number} {self.title}"


@dataclass(frozen=True)
class ThemePart:
    """A theme, block or priority section with its outcomes.

    `level` is its heading level: 1 for a section of its own, 2 for an LPSA priority,
    printed inside Schedule 1.
    """

    section: Section
    group: str | None  # the named group of themes it belongs to, e.g. 'Core themes'
    label: str | None  # e.g. 'Block: Children and Young People (CYP)'
    paragraphs: tuple[str, ...]
    outcomes: tuple[OutcomePart, ...]  # sub-outcomes follow their parent, with a deeper level
    landscape: bool  # any table in it needs landscape pages
    empty: str
    level: int = 1
    template: ClassVar[str] = "theme.html"


@dataclass(frozen=True)
class TargetsPart:
    """An LPSA's Schedule 1: how to read its tables, then each priority with its targets."""

    section: Section
    paragraphs: tuple[str, ...]
    themes: tuple[ThemePart, ...]
    landscape: bool
    template: ClassVar[str] = "targets.html"


@dataclass(frozen=True)
class TablePart:
    """A section that is an introduction and one table (register, statutory, local targets)."""

    section: Section
    paragraphs: tuple[str, ...]
    table: Table
    template: ClassVar[str] = "table_part.html"


@dataclass(frozen=True)
class FundingPart:
    """Funding schedule: streams per year with totals, then totals three ways."""

    section: Section
    paragraphs: tuple[str, ...]
    streams: Table
    outside: Table | None  # amounts for years outside the period, kept apart from the totals
    by_treatment: Table
    by_department: Table
    by_theme: Table
    total: float  # sum of every known amount of the period, in pounds
    totals_by_year: tuple[tuple[str, float], ...]
    unknown: int  # amounts of the period not yet known, which the totals leave out
    template: ClassVar[str] = "funding.html"


@dataclass(frozen=True)
class FreedomItem:
    """One freedom or flexibility: number "8.1", title, labelled facts.

    Its status, department and the outcomes it serves are in the summary table above
    the records, so the facts are what the summary cannot hold: barrier, request,
    rationale, the answer and its history.
    """

    number: str
    title: str
    status: str
    facts: tuple[tuple[str, str], ...]

    @property
    def heading(self) -> str:
        """'8.1 Pool youth funding'."""
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class FreedomGroup:
    """Freedoms with one kind of answer (agreed, under discussion, refused, other)."""

    key: str
    title: str
    items: tuple[FreedomItem, ...]


@dataclass(frozen=True)
class FreedomsPart:
    """Freedoms and flexibilities: a summary table, then the records grouped by status.

    Numbers run in the order printed; empty groups are left out.
    """

    section: Section
    paragraphs: tuple[str, ...]
    summary: Table
    groups: tuple[FreedomGroup, ...]
    empty: str
    template: ClassVar[str] = "freedoms.html"


@dataclass(frozen=True)
class RewardPart:
    """Reward schedule: the arithmetic as facts and a table of shares per target."""

    section: Section
    paragraphs: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]
    table: Table
    maximum: float | None  # the computed maximum reward in pounds, when known
    template: ClassVar[str] = "reward.html"


@dataclass(frozen=True)
class PumpPrimingPart:
    """An LPSA's Schedule 3: the pump priming grant and credit approval, by target where
    the agreement allocates them."""

    section: Section
    paragraphs: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]
    table: Table | None  # the allocation by target, when any target has one
    template: ClassVar[str] = "pump_priming.html"


@dataclass(frozen=True)
class Subsection:
    """A titled run of paragraphs."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class TextPart:
    """A section of running text: paragraphs, then titled subsections."""

    section: Section
    paragraphs: tuple[str, ...]
    subsections: tuple[Subsection, ...]
    template: ClassVar[str] = "text_part.html"


@dataclass(frozen=True)
class GovernancePart:
    """Governance and delivery: structure, performance management, risk, delivery plan.

    In an LPSA this is the Intentions of the Council, which `paragraphs` open.
    """

    section: Section
    subsections: tuple[Subsection, ...]
    delivery: Table | None
    empty: str
    paragraphs: tuple[str, ...] = ()
    template: ClassVar[str] = "governance.html"


@dataclass(frozen=True)
class SignatureBlock:
    """One signature block; empty strings are printed as blank lines to sign on."""

    party: str  # 'For Northfleet Borough Council'
    name: str
    role: str
    date: str
    signed: bool


@dataclass(frozen=True)
class SignaturesPart:
    """The signature page: an introduction and one block per signatory."""

    section: Section
    paragraphs: tuple[str, ...]
    labels: tuple[str, str, str, str]  # 'Signature', 'Name', 'Position', 'Date'
    blocks: tuple[SignatureBlock, ...]
    template: ClassVar[str] = "signatures.html"


@dataclass(frozen=True)
class SourceFile:
    """A YAML file the agreement was read from, with the bytes validated (for the PDF)."""

    path: Path
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Running:
    """Running header and footer text; `page` is formatted with page= and pages=."""

    header_left: str
    header_right: str
    footer_left: str
    page: str = "Page {page} of {pages}"


@dataclass(frozen=True)
class RenderContext:
    """Everything a document prints, in order. Optional parts are None when left out."""

    lang: str
    title: str
    subject: str  # document property: 'Local Area Agreement for Northfleet, 2008/09 to 2010/11'
    version: str
    status: str
    generation: str  # 'lpsa', 'laa2006' or 'laa2008'
    generated: dt.date  # date of rendering (SOURCE_DATE_EPOCH when set)
    timestamp: dt.datetime  # created/modified time of every file, in UTC
    keywords: str  # document property: 'Local Area Agreement, Northfleet, 2008/09 to …'
    branding: Branding
    cover: Cover
    contents_title: str
    sections: tuple[Section, ...]
    register: TablePart  # what is still to be agreed, at the front
    vision: Vision
    partners: PartnersPart
    history: HistoryPart | None
    themes: tuple[ThemePart, ...]
    statutory: TablePart | None
    local: TablePart | None
    funding: FundingPart | None
    freedoms: FreedomsPart | None
    reward: RewardPart | None
    governance: GovernancePart
    signatures: SignaturesPart
    running: Running
    draft: bool  # any status before signed: DRAFT on every page
    incomplete: bool  # rendered with --force despite errors: INCOMPLETE on every page
    watermark: str | None  # the word across every page, or None
    source_files: tuple[SourceFile, ...] = field(default=())  # attached to the PDF
    intentions: TextPart | None = None  # LPSA: Intentions of the Government
    targets: TargetsPart | None = None  # LPSA: Schedule 1, holding the themes
    pump_priming: PumpPrimingPart | None = None  # LPSA: Schedule 3

    @property
    def parts(self) -> tuple[Part, ...]:
        """Every part printed, in the order of the sections (both back ends follow it)."""
        single: dict[str, Part | None] = {
            "register": self.register,
            "vision": self.vision,
            "partners": self.partners,
            "history": self.history,
            "statutory": self.statutory,
            "local": self.local,
            "funding": self.funding,
            "freedoms": self.freedoms,
            "reward": self.reward,
            "governance": self.governance,
            "signatures": self.signatures,
            "intentions": self.intentions,
            "targets": self.targets,
            "pump_priming": self.pump_priming,
        }
        themes = iter(self.themes)
        out: list[Part] = []
        for sec in self.sections:
            part = next(themes) if sec.kind == "theme" else single[sec.kind]
            assert part is not None, f"section {sec.heading} has no part"
            out.append(part)
        return tuple(out)


# Any part of the document, as `RenderContext.parts` lists them.
Part = (
    TablePart
    | Vision
    | PartnersPart
    | HistoryPart
    | ThemePart
    | TargetsPart
    | FundingPart
    | FreedomsPart
    | RewardPart
    | PumpPrimingPart
    | TextPart
    | GovernancePart
    | SignaturesPart
)
