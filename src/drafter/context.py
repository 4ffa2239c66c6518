"""The render context: an agreement turned into exactly what the documents print.

`build_context` numbers sections, outcomes and indicators, formats every figure,
adds up the funding, words the placeholders and names the marks. Both back ends —
the Jinja2 HTML templates (and so the PDF) and the python-docx builder — lay out
this context and nothing else, so the Word and PDF documents say the same thing.
Every string either back end prints comes from here; they only choose the layout.

All classes are frozen dataclasses of plain strings, numbers and tuples; no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import Branding
from .model import (
    VAGUE_WORDS,
    Agreement,
    Block,
    Figure,
    Freedom,
    FreedomStatus,
    FundingStream,
    Generation,
    Indicator,
    Outcome,
    Region,
    Status,
    TargetType,
    Treatment,
    year_start,
)
from .reference import national_indicators

LANG = "en-GB"
DASH = "—"  # printed in a cell that has no value

REGION_NAMES = {
    Region.GONE: "Government Office for the North East",
    Region.GONW: "Government Office for the North West",
    Region.GOYH: "Government Office for Yorkshire and the Humber",
    Region.GOEM: "Government Office for the East Midlands",
    Region.GOWM: "Government Office for the West Midlands",
    Region.GOEE: "Government Office for the East of England",
    Region.GOL: "Government Office for London",
    Region.GOSE: "Government Office for the South East",
    Region.GOSW: "Government Office for the South West",
}

BLOCK_NAMES = {
    Block.CYP: "Children and Young People",
    Block.SSC: "Safer and Stronger Communities",
    Block.HCOP: "Healthier Communities and Older People",
    Block.EDE: "Economic Development and Enterprise",
}

KIND_NAMES = {
    Generation.LPSA: "Local Public Service Agreement",
    Generation.LAA2006: "Local Area Agreement",
    Generation.LAA2008: "Local Area Agreement",
}

STATUS_LABELS = {
    Status.DRAFT: "Draft",
    Status.SUBMITTED: "Submitted",
    Status.AGREED: "Agreed",
    Status.SIGNED: "Signed",
    Status.REFRESHED: "Refreshed",
}
# "Any status before signed" carries the DRAFT mark.
DRAFT_STATUSES = frozenset({Status.DRAFT, Status.SUBMITTED, Status.AGREED})

TREATMENT_LABELS = {
    Treatment.POOLED: "Pooled",
    Treatment.ALIGNED: "Aligned",
    Treatment.MANDATORY_POOLED: "Mandatory pooled",
    Treatment.AREA_BASED_GRANT: "Area Based Grant",
    Treatment.PASSPORTED: "Passported",
}

FREEDOM_LABELS = {
    FreedomStatus.REQUESTED: "Requested",
    FreedomStatus.AGREED: "Agreed",
    FreedomStatus.AGREED_WITH_CONDITIONS: "Agreed with conditions",
    FreedomStatus.TEMPORARY: "Agreed for a limited period",
    FreedomStatus.REFUSED: "Refused",
    FreedomStatus.ALREADY_POSSIBLE: "Already possible",
    FreedomStatus.FURTHER_DISCUSSION: "Further discussion",
    FreedomStatus.NEEDS_PRIMARY_LEGISLATION: "Needs primary legislation",
}
# Freedoms are printed in these groups, in this order.
FREEDOM_GROUPS: tuple[tuple[str, str, frozenset[FreedomStatus | None]], ...] = (
    (
        "agreed",
        "Agreed",
        frozenset(
            {FreedomStatus.AGREED, FreedomStatus.AGREED_WITH_CONDITIONS, FreedomStatus.TEMPORARY}
        ),
    ),
    (
        "discussion",
        "Under discussion",
        frozenset({FreedomStatus.REQUESTED, FreedomStatus.FURTHER_DISCUSSION, None}),
    ),
    ("refused", "Refused", frozenset({FreedomStatus.REFUSED})),
    (
        "other",
        "Other answers",
        frozenset({FreedomStatus.ALREADY_POSSIBLE, FreedomStatus.NEEDS_PRIMARY_LEGISLATION}),
    ),
)

# Tables with more leaf columns than this are printed on landscape pages.
PORTRAIT_MAX_COLUMNS = 8


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class Cell:
    """One body cell, already formatted.

    kind: "" (plain), "number" (right-aligned, tabular figures), "placeholder"
    (something still missing — shown plainly), "relative" (a target in words),
    "none" (no value: prints DASH), "mark" (a short yes/status mark), "ref" (a
    reference number such as 3.1.2, kept on one line).
    """

    text: str
    kind: str = ""

    @property
    def numeric(self) -> bool:
        """True when the cell should be right-aligned with tabular figures."""
        return self.kind == "number"


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
    kind: str  # vision, partners, theme, statutory, local, funding, freedoms, reward,
    #            governance, signatures

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
    area: str
    organisation: str  # shown above the title (branding, or the accountable body)
    logo: Path | None
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


@dataclass(frozen=True)
class PartnersPart:
    """Parties and partners: an introduction and a table with signatory/duty marks."""

    section: Section
    paragraphs: tuple[str, ...]
    table: Table


@dataclass(frozen=True)
class OutcomePart:
    """One outcome (an LPSA stretch target): number "3.2", facts, narrative, table."""

    number: str
    anchor: str
    title: str
    facts: tuple[tuple[str, str], ...]  # lead partner, partners, kind, still to be agreed
    paragraphs: tuple[str, ...]
    table: Table

    @property
    def heading(self) -> str:
        """'3.2 Fewer young people not in education, employment or training'."""
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class ThemePart:
    """A theme, block or priority section with its outcomes."""

    section: Section
    label: str | None  # e.g. 'Block: Children and Young People (CYP)'
    paragraphs: tuple[str, ...]
    outcomes: tuple[OutcomePart, ...]
    landscape: bool  # any table in it needs landscape pages
    empty: str


@dataclass(frozen=True)
class TablePart:
    """A section that is an introduction and one table (statutory, local targets)."""

    section: Section
    paragraphs: tuple[str, ...]
    table: Table


@dataclass(frozen=True)
class FundingPart:
    """Funding schedule: streams per year with totals, then totals three ways."""

    section: Section
    paragraphs: tuple[str, ...]
    streams: Table
    by_treatment: Table
    by_department: Table
    by_theme: Table
    total: float  # sum of every stream over every year, in pounds
    totals_by_year: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class FreedomItem:
    """One freedom or flexibility: number "8.1", title, labelled facts."""

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
    """Freedoms and flexibilities grouped by status; empty groups are left out."""

    section: Section
    paragraphs: tuple[str, ...]
    groups: tuple[FreedomGroup, ...]
    empty: str


@dataclass(frozen=True)
class RewardPart:
    """Reward schedule: the arithmetic as facts and a table of shares per target."""

    section: Section
    paragraphs: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]
    table: Table
    maximum: float | None  # the computed maximum reward in pounds, when known


@dataclass(frozen=True)
class Subsection:
    """A titled run of paragraphs."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class GovernancePart:
    """Governance and delivery: structure, performance management, risk, delivery plan."""

    section: Section
    subsections: tuple[Subsection, ...]
    delivery: Table | None
    empty: str


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
    branding: Branding
    cover: Cover
    contents_title: str
    sections: tuple[Section, ...]
    vision: Vision
    partners: PartnersPart
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
    source_files: tuple[Path, ...] = field(default=())  # YAML files, attached to the PDF


# ---------------------------------------------------------------- formatting


def format_date(d: dt.date) -> str:
    """'30 June 2008'."""
    return f"{d.day} {d:%B %Y}"


def decimals(value: float) -> int:
    """How many decimal places (at most 2) a figure needs: 52.5 → 1, 7.0 → 0."""
    for places in range(3):
        if abs(round(value, places) - value) < 1e-9:
            return places
    return 2


def format_number(value: float, unit: str | None = None, places: int | None = None) -> str:
    """52.5 → '52.5'; 1234 → '1,234'; with unit '%' → '52.5%', '£' → '£1,234'.

    `places` fixes the decimal places, so a row of figures lines up (7.0, 7.5).
    """
    if unit and unit.strip() == "£":
        return money(value)
    text = f"{value:,.{decimals(value) if places is None else places}f}"
    if unit and unit.startswith("%"):
        return text + "%"
    return text


def money(value: float) -> str:
    """1234567 → '£1,234,567' (whole pounds; pence are shown when present)."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if round(value, 2).is_integer():
        return f"{sign}£{value:,.0f}"
    return f"{sign}£{value:,.2f}"


def span_label(start: str, end: str) -> str:
    """'2008/09', '2010/11' → '2008–11'."""
    first, last = year_start(start), year_start(end)
    assert first is not None and last is not None
    return f"{first}–{(last + 1) % 100:02d}"


def paragraphs(text: str | None) -> tuple[str, ...]:
    """Split text on blank lines; single line breaks inside a paragraph become spaces."""
    if not text:
        return ()
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        joined = " ".join(line.strip() for line in block.splitlines() if line.strip())
        if joined:
            out.append(joined)
    return tuple(out)


def _widths(weights: Sequence[float]) -> tuple[int, ...]:
    """Relative weights → whole percentages summing to 100."""
    total = sum(weights)
    raw = [w * 100 / total for w in weights]
    out = [int(r) for r in raw]
    # hand out the rounding remainder to the widest columns first, deterministically
    for i in sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))[: 100 - sum(out)]:
        out[i] += 1
    return tuple(out)


def _cell_or_dash(text: str | None) -> Cell:
    return Cell(text) if text else Cell(DASH, "none")


# ---------------------------------------------------------------- the builder


class _Builder:
    """Builds the context; holds the agreement and the lookups shared by the parts."""

    def __init__(
        self, agreement: Agreement, branding: Branding, incomplete: bool, generated: dt.date
    ) -> None:
        self.a = agreement
        self.branding = branding
        self.incomplete = incomplete
        self.generated = generated
        self.years = agreement.period.years
        self.baseline_year = agreement.period.baseline_year
        self.nis = national_indicators()
        self.sections: list[Section] = []
        # outcome id → (number, title, theme number, theme title), for cross-references
        self.outcome_refs: dict[str, tuple[str, str, str, str]] = {}
        # indicator id → printed reference number ("3.2.1")
        self.indicator_refs: dict[str, str] = {}

    # ---- small helpers

    def section(self, title: str, kind: str) -> Section:
        n = str(len(self.sections) + 1)
        s = Section(n, title, f"sec-{n}", kind)
        self.sections.append(s)
        return s

    def partner_name(self, pid: str | None) -> str | None:
        if not pid:
            return None
        p = self.a.partner(pid)
        return p.name if p else pid

    def kind(self) -> str:
        return KIND_NAMES[self.a.generation]

    def period_label(self) -> str:
        return f"{self.a.period.start} to {self.a.period.end}"

    def title(self) -> str:
        if self.a.title:
            return self.a.title
        span = span_label(self.a.period.start, self.a.period.end)
        return f"{self.a.area.name} {self.kind()} {span}"

    def organisation(self) -> str:
        return self.branding.organisation or self.a.area.accountable_body or self.a.area.name

    def unit(self, ind: Indicator) -> str | None:
        if ind.unit:
            return ind.unit
        ref = self.nis.get(ind.ni) if ind.ni is not None else None
        return ref.unit if ref else None

    def indicator_title(self, ind: Indicator) -> str:
        if ind.title:
            title = ind.title
        elif ind.ni is not None and ind.ni in self.nis:
            title = self.nis[ind.ni].title
        else:
            title = ind.id
        return f"{ind.code}: {title}" if ind.ni is not None else title

    def placeholder(self, fig: Figure, role: str) -> str:
        """'Missing: baseline from Place Survey — from Northfleet PCT by 31 March 2009'."""
        what = fig.missing or ""
        if not what or VAGUE_WORDS.match(what):
            what = f"{role} to be confirmed"
        text = f"Missing: {what}"
        who = self.partner_name(fig.owner)
        if who and fig.due:
            text += f" — from {who} by {format_date(fig.due)}"
        elif who:
            text += f" — from {who}"
        elif fig.due:
            text += f" — by {format_date(fig.due)}"
        return text

    def places(self, ind: Indicator) -> int:
        """Decimal places for every figure of an indicator: the most any of them needs."""
        figures = [ind.baseline] + [
            f for yt in ind.targets.values() for f in (yt.target, yt.without)
        ]
        return max(
            (decimals(f.value) for f in figures if f is not None and f.value is not None), default=0
        )

    def figure(
        self,
        fig: Figure | None,
        unit: str | None,
        role: str,
        default_period: str | None = None,
        places: int | None = None,
    ) -> Cell:
        """Format one figure: number with unit, relative target in words, or placeholder."""
        if fig is None:
            return Cell(DASH, "none")
        if fig.value is not None:
            text, kind = format_number(fig.value, unit, places), "number"
        elif fig.relative:
            text, kind = fig.relative, "relative"
        elif fig.is_placeholder:
            text, kind = self.placeholder(fig, role), "placeholder"
        else:
            return Cell(DASH, "none")
        if fig.period and fig.period != default_period:
            text += f" ({fig.period})"
        if fig.note:
            text += f" ({fig.note})"
            if kind == "number":
                kind = ""  # a note makes it text; right-aligning prose reads badly
        return Cell(text, kind)

    def open_phrase(self, item: object) -> str | None:
        """'Data sharing protocol (Testshire Police, by 30 September 2008).' for an open item."""
        op = getattr(item, "open", None)
        if op is None:
            return None
        what = op.issue or "details to be settled"
        who = self.partner_name(op.owner)
        tail = ", ".join(x for x in (who, f"by {format_date(op.due)}" if op.due else None) if x)
        return f"{what} ({tail})." if tail else f"{what}."

    def open_text(self, ref: str, item: object) -> str | None:
        """'3.1.3: still to be agreed — …' for a note under a table."""
        phrase = self.open_phrase(item)
        return f"{ref}: still to be agreed — {phrase}" if phrase else None

    # ---- indicator tables

    def is_reward_table(self, indicators: Iterable[Indicator]) -> bool:
        return any(i.type is TargetType.REWARD for i in indicators)

    def pair_labels(self) -> tuple[str, str]:
        if self.a.generation is Generation.LAA2006:
            return ("Un-stretched", "Stretched")
        return ("Without agreement", "With agreement")

    def type_mark(self, ind: Indicator) -> str | None:
        g = self.a.generation
        if g is Generation.LAA2008 and ind.type is TargetType.LOCAL:
            return "local target"
        if g is Generation.LAA2006 and ind.type is TargetType.MANDATORY:
            return "mandatory"
        if g is Generation.LAA2006 and ind.type is TargetType.REWARD:
            return "reward target"
        return None

    def indicator_table(
        self,
        table_id: str,
        caption: str,
        refs: Sequence[str],
        indicators: Sequence[Indicator],
        default_lead: str | None,
        with_lead: bool = True,
    ) -> Table:
        """The indicator table: ref, indicator, lead, baseline, one column (or pair) per year."""
        reward = self.is_reward_table(indicators)
        refresh = any(i.refresh is not None for i in indicators)
        two = 2 if reward else 1
        head1: list[HeadCell] = [HeadCell("Ref", rowspan=two), HeadCell("Indicator", rowspan=two)]
        # Figure columns are kept wide enough for a placeholder's sentence to wrap
        # into a few lines rather than a narrow column of single words.
        weights: list[float] = [6, 27]
        if with_lead:
            head1.append(HeadCell("Lead partner", rowspan=two))
            weights.append(14)
        head1.append(HeadCell(f"Baseline {self.baseline_year}", rowspan=two, numeric=True))
        weights.append(15)
        head2: list[HeadCell] = []
        without_label, with_label = self.pair_labels()
        for y in self.years:
            if reward:
                head1.append(HeadCell(y, colspan=2, numeric=True))
                head2 += [HeadCell(without_label, numeric=True), HeadCell(with_label, numeric=True)]
                weights += [8, 8]
            else:
                head1.append(HeadCell(y, numeric=True))
                weights.append(13)
        if refresh:
            head1.append(HeadCell("Refresh", rowspan=two))
            weights.append(8)
        rows: list[Row] = []
        notes: list[str] = []
        for ref, ind in zip(refs, indicators, strict=True):
            unit = self.unit(ind)
            dp = self.places(ind)
            text = self.indicator_title(ind)
            extras = [m for m in (self.type_mark(ind),) if m]
            if unit and not unit.startswith("%") and unit.strip() != "£":
                extras.append(unit)
            if extras:
                text += f" ({'; '.join(extras)})"
            cells = [Cell(ref, "ref"), Cell(text)]
            if with_lead:
                cells.append(_cell_or_dash(self.partner_name(ind.lead or default_lead)))
            cells.append(self.figure(ind.baseline, unit, "baseline", self.baseline_year, dp))
            for y in self.years:
                yt = ind.targets.get(y)
                if reward:
                    if ind.type is TargetType.REWARD:
                        cells.append(
                            self.figure(yt.without if yt else None, unit, "target", places=dp)
                        )
                    else:
                        cells.append(Cell(DASH, "none"))
                cells.append(self.figure(yt.target if yt else None, unit, "target", places=dp))
            if refresh:
                cells.append(_cell_or_dash(str(ind.refresh).capitalize() if ind.refresh else None))
            rows.append(Row(tuple(cells)))
            if ind.definition:
                notes.append(f"{ref}: {ind.definition}")
            if ind.notes:
                notes.append(f"{ref}: {ind.notes}")
            opened = self.open_text(ref, ind)
            if opened:
                notes.append(opened)
        head = (tuple(head1), tuple(head2)) if reward else (tuple(head1),)
        return Table(
            id=table_id,
            caption=caption,
            head=head,
            rows=tuple(rows),
            widths=_widths(weights),
            landscape=len(weights) > PORTRAIT_MAX_COLUMNS,
            notes=tuple(notes),
            empty="No indicators have been set for this outcome yet.",
        )

    # ---- parts

    def cover(self, draft: bool) -> Cover:
        a = self.a
        facts: list[tuple[str, str]] = [("Area", a.area.name)]
        if a.area.accountable_body:
            facts.append(("Accountable body", a.area.accountable_body))
        if a.area.lsp:
            facts.append(("Local Strategic Partnership", a.area.lsp))
        if a.area.districts:
            facts.append(("District councils", ", ".join(a.area.districts)))
        if a.area.region:
            facts.append(("Government Office", REGION_NAMES[a.area.region]))
        facts += [
            ("Period", self.period_label()),
            ("Version", a.version),
            ("Status", STATUS_LABELS[a.status]),
            ("Date", format_date(a.date or self.generated)),
        ]
        notice = None
        if self.incomplete:
            notice = (
                "INCOMPLETE: this document was produced although the agreement has "
                "errors. It must not be signed or published."
            )
        elif draft:
            notice = "DRAFT: this agreement has not been signed and may still change."
        return Cover(
            title=self.title(),
            kind=self.kind(),
            period=self.period_label(),
            area=a.area.name,
            organisation=self.organisation(),
            logo=self.branding.logo,
            facts=tuple(facts),
            notice=notice,
        )

    def vision(self) -> Vision:
        a = self.a
        return Vision(
            section=self.section("Vision and priorities", "vision"),
            paragraphs=paragraphs(a.vision),
            priorities_title="Priorities",
            priorities=tuple(a.priorities),
            cross_cutting_title="Cross-cutting themes",
            cross_cutting=tuple(a.cross_cutting),
            empty="The vision has not been written yet.",
        )

    def partners(self) -> PartnersPart:
        a = self.a
        sec = self.section("Parties and partners", "partners")
        duty = a.generation is Generation.LAA2008
        head = [HeadCell("Partner"), HeadCell("Type"), HeadCell("Signs the agreement")]
        weights: list[float] = [44, 26, 15]
        if duty:
            head.append(HeadCell("Duty to co-operate"))
            weights.append(15)
        rows = []
        for p in a.partners:
            cells = [
                Cell(p.name),
                _cell_or_dash(p.type),
                Cell("Yes", "mark") if p.signatory else Cell(DASH, "none"),
            ]
            if duty:
                cells.append(Cell("Yes", "mark") if p.duty_to_cooperate else Cell(DASH, "none"))
            rows.append(Row(tuple(cells)))
        paras = []
        parties = f"This agreement is made between {self.organisation()}"
        if a.area.lsp:
            parties += f" with its partners in {a.area.lsp}"
        if a.area.region:
            parties += f", and HM Government, represented by the {REGION_NAMES[a.area.region]}"
        paras.append(parties + ".")
        if duty:
            paras.append(
                "Partners marked under ‘Duty to co-operate’ are named partners with a "
                "statutory duty to co-operate in agreeing and delivering the "
                "improvement targets."
            )
        return PartnersPart(
            sec,
            tuple(paras),
            Table(
                id="partners",
                caption="Partners",
                head=(tuple(head),),
                rows=tuple(rows),
                widths=_widths(weights),
                empty="No partners have been listed yet.",
            ),
        )

    def themes(self) -> list[ThemePart]:
        out = []
        for theme in self.a.themes:
            sec = self.section(theme.title, "theme")
            label = None
            if theme.block is not None:
                label = f"Block: {BLOCK_NAMES[theme.block]} ({theme.block.value})"
            outcomes = []
            for k, outcome in enumerate(theme.outcomes, 1):
                number = f"{sec.number}.{k}"
                self.outcome_refs[outcome.id] = (number, outcome.title, sec.number, theme.title)
                outcomes.append(self.outcome(number, outcome))
            out.append(
                ThemePart(
                    section=sec,
                    label=label,
                    paragraphs=paragraphs(theme.narrative),
                    outcomes=tuple(outcomes),
                    landscape=any(o.table.landscape for o in outcomes),
                    empty="No outcomes have been set for this theme yet.",
                )
            )
        return out

    def outcome(self, number: str, outcome: Outcome) -> OutcomePart:
        refs = [f"{number}.{i}" for i in range(1, len(outcome.indicators) + 1)]
        for ref, ind in zip(refs, outcome.indicators, strict=True):
            self.indicator_refs[ind.id] = ref
        facts: list[tuple[str, str]] = []
        if self.a.generation is Generation.LAA2006:
            facts.append(("Outcome", "Mandatory" if outcome.mandatory else "Local"))
        lead = self.partner_name(outcome.lead)
        if lead:
            facts.append(("Lead partner", lead))
        names = [n for n in (self.partner_name(c) for c in outcome.contributors) if n]
        if names:
            facts.append(("Contributing partners", ", ".join(names)))
        opened = self.open_phrase(outcome)
        if opened:
            facts.append(("Still to be agreed", opened))
        table = self.indicator_table(
            f"table-{number.replace('.', '-')}",
            f"Indicators and targets for outcome {number}",
            refs,
            outcome.indicators,
            outcome.lead,
        )
        return OutcomePart(
            number=number,
            anchor=f"out-{number.replace('.', '-')}",
            title=outcome.title,
            facts=tuple(facts),
            paragraphs=paragraphs(outcome.narrative),
            table=table,
        )

    def statutory(self) -> TablePart | None:
        a = self.a
        if a.generation is not Generation.LAA2008 and not a.statutory:
            return None
        sec = self.section("Statutory education and early years targets", "statutory")
        refs = [f"{sec.number}.{i}" for i in range(1, len(a.statutory) + 1)]
        for ref, ind in zip(refs, a.statutory, strict=True):
            self.indicator_refs[ind.id] = ref
        table = self.indicator_table(
            "table-statutory",
            "Statutory education and early years targets",
            refs,
            a.statutory,
            None,
        )
        paras = (
            "These targets are agreed with the Department for Children, Schools and "
            "Families. They are set under separate legislation and are listed here "
            "alongside the improvement targets; they do not count towards the 35.",
        )
        return TablePart(
            sec, paras, replace(table, empty="No statutory targets have been entered yet.")
        )

    def local(self) -> TablePart | None:
        a = self.a
        if a.generation is not Generation.LAA2008:
            return None
        local = [i for i in a.indicators() if i.type is TargetType.LOCAL]
        if not local:
            return None
        sec = self.section("Local targets", "local")
        last = self.years[-1]
        rows = []
        owner_of = {i.id: o for o in a.outcomes() for i in o.indicators}
        for ind in local:
            outcome = owner_of[ind.id]
            unit = self.unit(ind)
            dp = self.places(ind)
            yt = ind.targets.get(last)
            rows.append(
                Row(
                    (
                        Cell(self.indicator_refs[ind.id], "ref"),
                        Cell(self.indicator_title(ind)),
                        _cell_or_dash(self.partner_name(ind.lead or outcome.lead)),
                        self.figure(ind.baseline, unit, "baseline", self.baseline_year, dp),
                        self.figure(yt.target if yt else None, unit, "target", places=dp),
                    )
                )
            )
        head = (
            HeadCell("Ref"),
            HeadCell("Local target"),
            HeadCell("Lead partner"),
            HeadCell(f"Baseline {self.baseline_year}", numeric=True),
            HeadCell(f"Target {last}", numeric=True),
        )
        paras = (
            "Local targets are agreed by the partnership. They are not designated "
            "improvement targets and attract no reward grant. Each is set out in full "
            "under its outcome; the reference gives the place.",
        )
        return TablePart(
            sec,
            paras,
            Table(
                id="table-local",
                caption="Local targets",
                head=(head,),
                rows=tuple(rows),
                widths=_widths([8, 44, 20, 14, 14]),
            ),
        )

    # ---- funding

    def funding(self) -> FundingPart | None:
        a = self.a
        streams = a.funding.streams
        if not streams and not a.funding.stated_totals:
            return None
        sec = self.section("Funding", "funding")
        years = self.years
        per_year = {y: sum(s.amounts.get(y, 0.0) for s in streams) for y in years}
        total = sum(per_year.values())

        def amount_cells(amounts: dict[str, float]) -> list[Cell]:
            cells = [
                Cell(money(amounts[y]), "number") if y in amounts else Cell(DASH, "none")
                for y in years
            ]
            cells.append(Cell(money(sum(amounts.get(y, 0.0) for y in years)), "number"))
            return cells

        def year_head(first: list[HeadCell]) -> tuple[HeadCell, ...]:
            return (
                *first,
                *(HeadCell(y, numeric=True) for y in years),
                HeadCell("Total", numeric=True),
            )

        total_row = Row((Cell("Total"), *amount_cells(per_year)), total=True)

        rows = []
        for s in streams:
            rows.append(
                Row(
                    (
                        Cell(s.name),
                        _cell_or_dash(s.department),
                        _cell_or_dash(TREATMENT_LABELS[s.treatment] if s.treatment else None),
                        *amount_cells(s.amounts),
                    )
                )
            )
        n_cols = 3 + len(years) + 1
        blank = [Cell("") for _ in range(2)]
        streams_table = Table(
            id="table-funding",
            caption="Funding streams",
            head=(
                year_head(
                    [HeadCell("Funding stream"), HeadCell("Department"), HeadCell("Treatment")]
                ),
            ),
            rows=(*rows, Row((total_row.cells[0], *blank, *total_row.cells[1:]), total=True)),
            widths=_widths([27, 10, 16, *([12] * len(years)), 13]),
            landscape=n_cols > PORTRAIT_MAX_COLUMNS,
            notes=tuple(n for n in (self.open_text(s.name, s) for s in streams) if n),
            empty="No funding streams have been listed yet.",
        )

        def grouped(
            table_id: str, caption: str, label: str, key_of: dict[str, list[FundingStream]]
        ) -> Table:
            body = []
            for key in key_of:
                sums = {y: sum(s.amounts.get(y, 0.0) for s in key_of[key]) for y in years}
                body.append(Row((Cell(key), *amount_cells(sums))))
            return Table(
                id=table_id,
                caption=caption,
                head=(year_head([HeadCell(label)]),),
                rows=(*body, total_row),
                widths=_widths([40, *([14] * len(years)), 14]),
                empty="No funding streams have been listed yet.",
            )

        by_treatment: dict[str, list[FundingStream]] = {}
        for t in Treatment:
            members = [s for s in streams if s.treatment is t]
            if members:
                by_treatment[TREATMENT_LABELS[t]] = members
        untreated = [s for s in streams if s.treatment is None]
        if untreated:
            by_treatment["Treatment not yet stated"] = untreated

        by_department: dict[str, list[FundingStream]] = {}
        for s in sorted(streams, key=lambda s: (s.department is None, s.department or "")):
            by_department.setdefault(s.department or "Department not stated", []).append(s)

        # A stream serving several themes is counted once, under the theme of its first
        # outcome, so the totals add up to the schedule's total.
        theme_word = "block" if a.generation is Generation.LAA2006 else "theme"
        by_theme: dict[str, list[FundingStream]] = {}
        for theme_sec in (s for s in self.sections if s.kind == "theme"):
            by_theme[theme_sec.heading] = []
        unlinked = f"Not linked to a {theme_word}"
        for s in streams:
            ref = next((self.outcome_refs[o] for o in s.outcomes if o in self.outcome_refs), None)
            key = f"{ref[2]} {ref[3]}" if ref else unlinked
            by_theme.setdefault(key, []).append(s)
        by_theme = {k: v for k, v in by_theme.items() if v}

        n = len(streams)
        paras = [
            f"The agreement brings together {n} funding stream{'s' if n != 1 else ''} "
            f"worth {money(total)} over {self.period_label()}."
        ]
        paras.append(
            f"A stream that serves outcomes in more than one {theme_word} is counted "
            f"under the {theme_word} of its first outcome."
        )
        return FundingPart(
            section=sec,
            paragraphs=tuple(paras),
            streams=streams_table,
            by_treatment=grouped(
                "table-funding-treatment", "Totals by treatment", "Treatment", by_treatment
            ),
            by_department=grouped(
                "table-funding-department", "Totals by department", "Department", by_department
            ),
            by_theme=grouped(
                "table-funding-theme", f"Totals by {theme_word}", theme_word.capitalize(), by_theme
            ),
            total=total,
            totals_by_year=tuple(per_year.items()),
        )

    # ---- freedoms

    def freedoms(self) -> FreedomsPart | None:
        a = self.a
        if not a.freedoms:
            return None
        title = (
            "Enabling measures: freedoms and flexibilities"
            if a.generation is Generation.LAA2006
            else "Freedoms and flexibilities"
        )
        sec = self.section(title, "freedoms")
        numbers = {f.id: f"{sec.number}.{i}" for i, f in enumerate(a.freedoms, 1)}
        groups = []
        for key, group_title, statuses in FREEDOM_GROUPS:
            items = tuple(
                self.freedom(numbers[f.id], f) for f in a.freedoms if f.status in statuses
            )
            if items:
                groups.append(FreedomGroup(key, group_title, items))
        paras = (
            "These are the freedoms and flexibilities the partnership has asked of "
            "government, grouped by the answer given so far.",
        )
        return FreedomsPart(sec, paras, tuple(groups), "No freedoms have been requested.")

    def freedom(self, number: str, f: Freedom) -> FreedomItem:
        status = FREEDOM_LABELS[f.status] if f.status else "Not yet answered"
        facts: list[tuple[str, str]] = [("Status", status)]
        for label, value in (
            ("Barrier", f.barrier),
            ("Request", f.request),
            ("Rationale", f.rationale),
            ("Department", f.department),
        ):
            if value:
                facts.append((label, value))
        served = [
            f"{self.outcome_refs[o][0]} {self.outcome_refs[o][1]}"
            for o in f.outcomes
            if o in self.outcome_refs
        ]
        if served:
            facts.append(("Outcomes served", "; ".join(served)))
        if f.status is FreedomStatus.REFUSED:
            facts.append(("Reason for refusal", f.response or "No reason has been recorded."))
        elif f.response:
            facts.append(("Government response", f.response))
        if f.conditions:
            facts.append(("Conditions", f.conditions))
        opened = self.open_phrase(f)
        if opened:
            facts.append(("Still to be agreed", opened))
        return FreedomItem(number, f.title, status, tuple(facts))

    # ---- reward

    def reward(self) -> RewardPart | None:
        a = self.a
        r = a.reward
        if r is None:
            return None
        sec = self.section("Reward", "reward")
        facts: list[tuple[str, str]] = []
        paras: list[str] = []
        rows: list[Row] = []
        maximum: float | None = None
        if a.generation is Generation.LAA2008 or (
            r.per_target is not None and r.net_budget_requirement is None
        ):
            kind = (
                TargetType.DESIGNATED if a.generation is Generation.LAA2008 else TargetType.REWARD
            )
            targets = [i for i in a.indicators() if i.type is kind]
            count = len(targets)
            word = (
                "designated improvement target"
                if kind is TargetType.DESIGNATED
                else "reward target"
            )
            facts.append((f"Number of {word}s", str(count)))
            if r.per_target is not None:
                maximum = r.per_target * count
                facts.append((f"Reward available per {word}", money(r.per_target)))
                facts.append(("Maximum reward grant", money(maximum)))
            paras.append(f"Reward grant is payable on achievement across all {word}s.")
            head: tuple[HeadCell, ...] = (
                HeadCell("Ref"),
                HeadCell("Target"),
                HeadCell("Maximum reward", numeric=True),
            )
            # In a 2008–11 LAA every designated target carries the same reward, so a row
            # per target would repeat one figure 35 times; the facts above say it once.
            listed = targets if a.generation is not Generation.LAA2008 else []
            for ind in listed:
                rows.append(
                    Row(
                        (
                            Cell(self.indicator_refs.get(ind.id, ind.id), "ref"),
                            Cell(self.indicator_title(ind)),
                            Cell(money(r.per_target), "number")
                            if r.per_target is not None
                            else Cell(DASH, "none"),
                        )
                    )
                )
            weights: list[float] = [10, 66, 24]
            empty = (
                f"Each of the {count} {word}s carries the same reward, as set out above."
                if a.generation is Generation.LAA2008
                else "No reward targets have been set yet."
            )
            if maximum is not None and rows:
                rows.append(
                    Row((Cell("Total"), Cell(""), Cell(money(maximum), "number")), total=True)
                )
        else:
            # LPSA rules: max reward = max_percent of the net budget requirement, split
            # equally across targets and, within a target, across its sub-targets.
            # An LPSA target is an outcome whose indicators are its sub-targets; in a
            # 2006–09 LAA each reward indicator is a target in its own right.
            stretch = [
                (o, [i for i in o.indicators if i.type is TargetType.REWARD]) for o in a.outcomes()
            ]
            stretch = [(o, subs) for o, subs in stretch if subs]
            if a.generation is Generation.LAA2006:
                stretch = [(o, [i]) for o, subs in stretch for i in subs]
            empty = "No reward targets have been set yet."
            if r.net_budget_requirement is not None:
                maximum = r.net_budget_requirement * r.max_percent / 100
                base = f" ({r.base_year})" if r.base_year else ""
                facts.append((f"Net budget requirement{base}", money(r.net_budget_requirement)))
                facts.append(
                    (
                        f"Maximum reward ({format_number(r.max_percent)}% of the net "
                        "budget requirement)",
                        money(maximum),
                    )
                )
            facts.append(
                (
                    "Number of reward targets"
                    if a.generation is Generation.LAA2006
                    else "Number of stretch targets",
                    str(len(stretch)),
                )
            )
            share = maximum / len(stretch) if maximum is not None and stretch else None
            if share is not None:
                facts.append(("Equal share per target", money(round(share, 2))))
            lpsa = a.generation is Generation.LPSA
            head = (
                HeadCell("Ref"),
                HeadCell("Target" if lpsa else "Outcome"),
                HeadCell("Sub-target" if lpsa else "Reward target"),
                HeadCell("Share of reward", numeric=True),
                HeadCell("Maximum reward", numeric=True),
            )
            weights = [8, 32, 32, 12, 16]
            for o, subs in stretch:
                o_ref = self.outcome_refs[o.id][0]
                for ind in subs:
                    if ind.reward_share is not None:
                        pct = ind.reward_share
                    else:
                        pct = 100 / len(stretch) / len(subs)
                    amount = maximum * pct / 100 if maximum is not None else None
                    rows.append(
                        Row(
                            (
                                Cell(self.indicator_refs.get(ind.id, o_ref), "ref"),
                                Cell(o.title),
                                Cell(self.indicator_title(ind)),
                                Cell(format_number(round(pct, 2), "%"), "number"),
                                Cell(money(round(amount, 2)), "number")
                                if amount is not None
                                else Cell(DASH, "none"),
                            )
                        )
                    )
            if maximum is not None and rows:
                rows.append(
                    Row(
                        (
                            Cell("Total"),
                            Cell(""),
                            Cell(""),
                            Cell("100%", "number"),
                            Cell(money(maximum), "number"),
                        ),
                        total=True,
                    )
                )
            paras.append(
                f"A target earns its share of the reward in proportion to the stretch achieved. "
                f"Nothing is paid for a target where less than "
                f"{format_number(r.threshold_percent)}% of the stretch is achieved, and the "
                f"reward is capped at 100% of the share."
            )
            facts.append(("Threshold", f"{format_number(r.threshold_percent)}% of the stretch"))
        facts.append(("Paid in", f"{r.instalments} instalment{'s' if r.instalments != 1 else ''}"))
        if r.pump_priming_grant is not None:
            facts.append(("Pump priming grant", money(r.pump_priming_grant)))
        if r.unsupported_credit_approval is not None:
            facts.append(("Unsupported Credit Approval", money(r.unsupported_credit_approval)))
        if r.total is not None:
            facts.append(("Maximum reward stated in the agreement", money(r.total)))
        paras.extend(paragraphs(r.rules))
        table = Table(
            id="table-reward",
            caption="Reward schedule",
            head=(head,),
            rows=tuple(rows),
            widths=_widths(weights),
            empty=empty,
        )
        return RewardPart(sec, tuple(paras), tuple(facts), table, maximum)

    # ---- governance, signatures

    def governance(self) -> GovernancePart:
        a = self.a
        sec = self.section("Governance and delivery", "governance")
        g = a.governance
        subs = []
        if g is not None:
            for title, text in (
                ("Partnership structure", g.structure),
                ("Performance management", g.performance_management),
                ("Risk", g.risk),
            ):
                if text:
                    subs.append(Subsection(title, paragraphs(text)))
        rows = []
        for ind in [*a.indicators(), *a.statutory]:
            d = ind.delivery
            if d is None:
                continue
            rows.append(
                Row(
                    (
                        Cell(self.indicator_refs.get(ind.id, ind.id), "ref"),
                        Cell(self.indicator_title(ind)),
                        _cell_or_dash(d.lead_officer),
                        _cell_or_dash("; ".join(d.milestones)),
                    )
                )
            )
        delivery = None
        if rows:
            delivery = Table(
                id="table-delivery",
                caption="Delivery plan",
                head=(
                    (
                        HeadCell("Ref"),
                        HeadCell("Target"),
                        HeadCell("Lead officer"),
                        HeadCell("Milestones"),
                    ),
                ),
                rows=tuple(rows),
                widths=_widths([8, 36, 20, 36]),
            )
        return GovernancePart(
            sec, tuple(subs), delivery, "Governance arrangements have not been described yet."
        )

    def signatures(self) -> SignaturesPart:
        a = self.a
        sec = self.section("Signatures", "signatures")
        blocks = []
        if a.signatories:
            for s in a.signatories:
                party = self.partner_name(s.partner) or s.on_behalf_of or "HM Government"
                blocks.append(
                    SignatureBlock(
                        party=f"For {party}",
                        name=s.name or "",
                        role=s.role or "",
                        date=format_date(s.date) if s.date else "",
                        signed=s.date is not None,
                    )
                )
        else:
            for p in a.partners:
                if p.signatory:
                    blocks.append(SignatureBlock(f"For {p.name}", "", "", "", False))
            government = (
                "the Secretary of State for Communities and Local Government"
                if a.generation is Generation.LAA2008
                else "HM Government"
            )
            blocks.append(SignatureBlock(f"For {government}", "", "", "", False))
        paras = (f"Signed on behalf of the parties to the {self.title()}.",)
        return SignaturesPart(sec, paras, ("Signature", "Name", "Position", "Date"), tuple(blocks))

    def build(self) -> RenderContext:
        a = self.a
        draft = a.status in DRAFT_STATUSES
        status = STATUS_LABELS[a.status]
        cover = self.cover(draft)
        vision = self.vision()
        partners = self.partners()
        themes = self.themes()
        statutory = self.statutory()
        local = self.local()
        funding = self.funding()
        freedoms = self.freedoms()
        reward = self.reward()
        governance = self.governance()
        signatures = self.signatures()
        watermark = "INCOMPLETE" if self.incomplete else ("DRAFT" if draft else None)
        title = self.title()
        return RenderContext(
            lang=LANG,
            title=title,
            subject=f"{self.kind()} for {a.area.name}, {self.period_label()}",
            version=a.version,
            status=status,
            generation=a.generation.value,
            generated=self.generated,
            branding=self.branding,
            cover=cover,
            contents_title="Contents",
            sections=tuple(self.sections),
            vision=vision,
            partners=partners,
            themes=tuple(themes),
            statutory=statutory,
            local=local,
            funding=funding,
            freedoms=freedoms,
            reward=reward,
            governance=governance,
            signatures=signatures,
            running=Running(
                header_left=title,
                header_right=f"Version {a.version} · {status}",
                footer_left=self.branding.footer or self.organisation(),
            ),
            draft=draft,
            incomplete=self.incomplete,
            watermark=watermark,
        )


def build_context(
    agreement: Agreement,
    *,
    incomplete: bool = False,
    branding: Branding | None = None,
    generated: dt.date,
    source_files: Sequence[Path] = (),
) -> RenderContext:
    """Turn an agreement into the render context both back ends lay out."""
    ctx = _Builder(agreement, branding or Branding(), incomplete, generated).build()
    return replace(ctx, source_files=tuple(source_files))
