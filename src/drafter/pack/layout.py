"""Summaries and packs as report documents: the blocks every format lays out.

A summary becomes numbered sections of headings, paragraphs, facts and tables (the
render context's `Table`, so they look like the agreement's); a regional pack puts
its overview and indicator matrix on landscape pages, then each area's summary on
new pages. The back ends in `drafter.report` make HTML, PDF and Word of the result.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from ..config import Branding
from ..context.figures import figure_cell
from ..context.parts import Cell, HeadCell, Row, Running, Table
from ..context.shared import Setting, cell_or_dash, widths
from ..context.wording import DASH, format_date, money
from ..model import Figure, TargetType
from ..reference import national_indicators
from ..report import Block, Facts, Heading, Landscape, Paragraph, Report, Span, TableBlock
from ..reward import format_pence
from .checks import Answer
from .refresh import RefreshRow
from .region import Pack
from .summary import KIND_TABLE_TITLES, FreedomLine, MoneyTotal, Summary, TargetRow

ANSWER_MARKS = {
    Answer.YES: "Yes",
    Answer.NO: "No",
    Answer.PARTLY: "Partly",
    Answer.UNKNOWN: "Cannot tell",
    Answer.NOT_APPLICABLE: "N/A",
}
# Areas shown by name as matrix columns up to this many; beyond, by number with a key.
NAMED_COLUMNS = 6


def _table(
    ident: str,
    caption: str,
    head: Sequence[HeadCell],
    rows: Sequence[Row],
    weights: Sequence[float],
    empty: str = "None.",
    notes: Sequence[str] = (),
) -> TableBlock:
    return TableBlock(
        Table(
            ident,
            caption,
            (tuple(head),),
            tuple(rows),
            widths(weights),
            notes=tuple(notes),
            empty=empty,
        )
    )


# Long tables are laid out in runs of this many rows: WeasyPrint lays out a table that
# runs over many pages markedly slower than the same rows as several tables.
RUN = 40


def _runs(block: TableBlock) -> list[TableBlock]:
    """A long table as consecutive tables of RUN rows, each with its header row."""
    t = block.table
    if len(t.rows) <= RUN:
        return [block]
    return [
        TableBlock(
            replace(
                t, id=t.id if k == 0 else f"{t.id}-{k + 1}", rows=t.rows[k * RUN : (k + 1) * RUN]
            ),
            titled=block.titled and k == 0,
        )
        for k in range((len(t.rows) + RUN - 1) // RUN)
    ]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def money_total(t: MoneyTotal) -> str:
    """'£1,234,000', '£1,234,000 and 2 amounts not yet known', 'not yet known (2 amounts)'."""
    if not t.streams and not t.known and not t.unknown:
        return "no streams listed"
    if not t.unknown:
        return money(t.known)
    unknown = _plural(t.unknown, "amount")
    if not t.known:
        return f"not yet known ({unknown})"
    return f"{money(t.known)} and {unknown} not yet known"


@dataclass(frozen=True)
class _Numbering:
    """Section numbers and anchors: '3', 'readiness' alone; '5.3', 'a5-readiness' in a pack."""

    prefix: str  # '' for a summary on its own, '5.' for the fifth part of a pack
    anchor: str
    level: int  # 1 on its own, 2 inside a pack

    def heading(self, n: int, text: str, anchor: str) -> Heading:
        return Heading(self.level, f"{self.prefix}{n} {text}", f"{self.anchor}{anchor}")


def summary_blocks(s: Summary, numbering: _Numbering | None = None) -> list[Block]:
    """The sections of one summary, numbered."""
    num = numbering or _Numbering("", "", 1)
    setting = Setting(s.agreement, Branding(), False, s.today, national_indicators())
    sections = [
        ("Readiness for sign-off", "readiness", _readiness(s)),
        ("Still to be agreed", "register", _register(s)),
        *[
            (KIND_TABLE_TITLES[kind], f"targets-{kind.value}", _targets(s, setting, kind, rows))
            for kind, rows in s.targets
        ],
        ("Funding", "funding", _funding(s)),
        ("Freedoms and flexibilities", "freedoms", _freedoms(s, in_pack=numbering is not None)),
    ]
    if s.reward is not None:
        sections.append(("Reward", "reward", _reward(s)))
    if s.refresh is not None:
        sections.append(("Refresh: original and renegotiated values", "refresh", _refresh(s)))
    if s.since is not None:
        sections.append((f"Changes since {s.since.previous}", "since", _since(s)))
    sections.append(("Sign-off checklist", "checklist", _checklist(s)))
    blocks: list[Block] = []
    for n, (title, anchor, body) in enumerate(sections, 1):
        blocks.append(num.heading(n, title, anchor))
        blocks.extend(body)
    return blocks


def _readiness(s: Summary) -> list[Block]:
    r = s.readiness
    out: list[Block] = [Paragraph((Span(r.verdict, "strong"),))]
    if r.errors:
        rows = [
            Row(
                (
                    Cell(g.title),
                    Cell(str(g.count), "number"),
                    Cell("\n".join(g.examples) + (f"\n… and {g.more} more" if g.more else "")),
                )
            )
            for g in r.errors
        ]
        out.append(
            _table(
                f"{s.agreement.id}-errors",
                "What would send it back",
                [HeadCell("Problem"), HeadCell("How many", numeric=True), HeadCell("For example")],
                rows,
                [28, 10, 62],
            )
        )
    if r.warnings:
        listed = "; ".join(f"{g.title.lower()} ({g.count})" for g in r.warnings)
        out.append(Paragraph.of(f"Points a Government Office would query: {listed}."))
    out.append(
        Paragraph.of(
            f"Run `drafter validate {s.file}` for every problem with its line and what to do.",
            "note",
        )
    )
    return out


def _register(s: Summary) -> list[Block]:
    n = len(s.register)
    if not n:
        return [Paragraph.of("Nothing is still to be agreed: every figure, item and answer is in.")]
    overdue = s.overdue
    lead = f"{_plural(n, 'item')} still to be agreed" + (
        f", {overdue} of them overdue (listed first)." if overdue else "; none is overdue."
    )
    rows = []
    for k, r in enumerate(s.register, 1):
        e = r.entry
        due = format_date(e.due) if e.due else "no date given"
        if e.overdue:
            due = f"OVERDUE: {due}"
        rows.append(
            Row(
                (
                    Cell(str(k), "ref"),
                    Cell(r.kind_title),
                    Cell(f"{e.subject}\n({r.where})" if r.where else e.subject),
                    Cell(e.what),
                    cell_or_dash(r.owner),
                    Cell(due, "placeholder" if e.overdue else ""),
                )
            )
        )
    return [
        Paragraph.of(lead),
        _table(
            f"{s.agreement.id}-register",
            "Still to be agreed",
            [
                HeadCell("No."),
                HeadCell("Kind"),
                HeadCell("Item (where)"),
                HeadCell("What is missing"),
                HeadCell("Who acts"),
                HeadCell("By when"),
            ],
            rows,
            [5, 15, 17, 33, 16, 14],
        ),
    ]


def partners_text(s: Summary) -> str:
    """'12 partners: Northfleet Borough Council (signs; duty to co-operate), …'."""
    parts = []
    for p in s.headline.partners:
        marks = [m for m, on in (("signs", p.signs), ("duty to co-operate", p.duty)) if on]
        parts.append(p.name + (f" ({'; '.join(marks)})" if marks else ""))
    if not parts:
        return "No partners are listed."
    return f"{_plural(len(parts), 'partner')}: " + ", ".join(parts) + "."


def counts_text(s: Summary) -> str:
    """'35 designated, 16 statutory and 7 local targets; 35 earn reward'."""
    c = s.headline.counts
    named = [
        (c.designated, "designated"),
        (c.statutory, "statutory"),
        (c.mandatory, "mandatory"),
        (c.reward, "reward"),
        (c.local, "local"),
    ]
    kinds = [f"{n} {word}" for n, word in named if n]
    if not kinds:
        return "No targets yet"
    text = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    text += " targets" if sum(n for n, _ in named) != 1 else " target"
    if c.reward_targets and c.reward_targets != c.reward:
        text += f"; {c.reward_targets} earn reward"
    return text


def _targets(
    s: Summary, setting: Setting, kind: TargetType, rows: Sequence[TargetRow]
) -> list[Block]:
    stretch = any(r.final is not None and r.final.without is not None for r in rows)
    year = s.agreement.period.end
    default_year = s.agreement.period.baseline_year
    body = []
    for r in rows:
        ind = r.indicator
        base = _figure(setting, r.baseline, r.unit, "baseline", default_year)
        final = r.final
        target = _figure(setting, final.target if final else None, r.unit, "target", None)
        cells = [
            Cell(r.ref or DASH, "ref"),
            Cell(f"{r.code}: {r.title}" if ind.ni else r.title),
            base,
        ]
        if stretch:
            cells.append(_figure(setting, final.without if final else None, r.unit, "level", None))
        cells += [target, cell_or_dash(r.lead)]
        if ind.refresh is not None:
            cells[1] = Cell(f"{cells[1].text}\n[{ind.refresh.value}]")
        body.append(Row(tuple(cells)))
    head = [
        HeadCell("Ref"),
        HeadCell("Indicator"),
        HeadCell(f"Baseline ({default_year} unless stated)", numeric=True),
    ]
    weights: list[float] = [7, 43, 15]
    if stretch:
        head += [
            HeadCell(f"{year} without", numeric=True),
            HeadCell(f"{year} stretched", numeric=True),
        ]
        weights += [11, 11]
    else:
        head.append(HeadCell(f"{year} target", numeric=True))
        weights.append(15)
    head.append(HeadCell("Lead"))
    weights.append(20 if not stretch else 13)
    return [
        _table(
            f"{s.agreement.id}-{kind.value}",
            KIND_TABLE_TITLES[kind],
            head,
            body,
            weights,
        )
    ]


def _figure(
    setting: Setting,
    fig: Figure | None,
    unit: str | None,
    role: str,
    default_period: str | None,
) -> Cell:
    """A figure as the agreement prints it; a placeholder points to the register instead."""
    if fig is not None and fig.is_placeholder:
        return Cell("to follow (see Still to be agreed)", "placeholder")
    return figure_cell(setting, fig, unit, role, default_period)


def _funding(s: Summary) -> list[Block]:
    t = s.funding_total
    if not s.streams:
        return [Paragraph.of("No funding streams are listed.")]
    lead = f"{_plural(t.streams, 'funding stream')} over {s.headline.period}: {money_total(t)}."
    if t.unknown:
        lead += " Amounts not yet known are left out of the totals."

    def table(ident: str, caption: str, label: str, groups: Sequence[MoneyTotal]) -> TableBlock:
        rows = [
            Row((Cell(g.label), Cell(str(g.streams), "number"), Cell(money_total(g), "number")))
            for g in groups
        ]
        rows.append(
            Row(
                (Cell("Total"), Cell(str(t.streams), "number"), Cell(money_total(t), "number")),
                total=True,
            )
        )
        return _table(
            f"{s.agreement.id}-{ident}",
            caption,
            [HeadCell(label), HeadCell("Streams", numeric=True), HeadCell("Amount", numeric=True)],
            rows,
            [50, 14, 36],
        )

    return [
        Paragraph.of(lead),
        table("treatment", "Funding by treatment", "Treatment", s.by_treatment),
        table("department", "Funding by department", "Department", s.by_department),
    ]


def _freedoms(s: Summary, *, in_pack: bool = False) -> list[Block]:
    if not s.freedoms:
        return [Paragraph.of("No freedoms or flexibilities are requested.")]
    waiting = s.open_freedoms
    if in_pack:  # the pack lists every area's requests together, by department
        return [
            Paragraph.of(
                f"{_plural(len(s.freedoms), 'request')}, {waiting} still awaiting an answer: "
                "listed with every area's under Freedom requests by department (section 3)."
            )
        ]
    return [
        Paragraph.of(f"{_plural(len(s.freedoms), 'request')}; {waiting} still awaiting an answer."),
        _freedom_table(
            f"{s.agreement.id}-freedoms",
            "Freedoms and flexibilities by department",
            "Department",
            [(f.department, f) for f in s.freedoms],
        ),
    ]


def _freedom_table(
    ident: str, caption: str, first: str, lines: Sequence[tuple[str, FreedomLine]]
) -> TableBlock:
    """Freedom requests: `first` (department or area), request, status, answer."""
    rows = [
        Row(
            (
                Cell(label),
                Cell(f.title),
                Cell(f.status_label + (" (awaiting an answer)" if f.open else "")),
                cell_or_dash(f.answer),
            )
        )
        for label, f in lines
    ]
    head = [HeadCell(first), HeadCell("Request"), HeadCell("Status"), HeadCell("Answer")]
    return _table(ident, caption, head, rows, [14, 32, 18, 36])


def _reward(s: Summary) -> list[Block]:
    st = s.reward
    assert st is not None
    facts = list(st.basis)
    if st.maximum is not None:
        top = format_pence(st.maximum)
        # The basis states the maximum under its own rule; say that it is the potential.
        facts = [
            (f"Reward potential: {k[:1].lower()}{k[1:]}" if v == top else k, v) for k, v in facts
        ]
        if not any(v == top for _, v in facts):
            facts.append(("Reward potential", top))
    if st.has_outturns:
        facts.append(("Earned on the outturns reported", format_pence(st.earned)))
        if st.maximum:
            share = round(float(100 * Fraction(st.earned, st.maximum)), 1)
            facts.append(("Share of the maximum earned", f"about {share}%"))
    out: list[Block] = [Facts(tuple(facts))]
    if not st.has_outturns:
        out.append(
            Paragraph.of(
                "No outturns are recorded yet; `drafter reward` works out the reward "
                "earned from an actuals file."
            )
        )
    out += [Paragraph.of(n, "note") for n in st.notes]
    return out


def _refresh(s: Summary) -> list[Block]:
    """The latest refresh in detail (and every change still pending); earlier ones counted."""
    all_rows = s.refresh or ()
    if not all_rows:
        return [Paragraph.of("The agreement records a refresh but no changed values.")]
    refreshes = s.agreement.refreshes
    latest = (refreshes[-1].title or refreshes[-1].id) if refreshes else None
    shown = [r for r in all_rows if r.pending or r.refresh in (latest, None)]
    earlier = Counter(r.refresh for r in all_rows if r not in shown)
    # One table row per change: its values side by side, its status and commentary once.
    groups: list[list[RefreshRow]] = []
    for r in shown:
        last = groups[-1][0] if groups else None
        same = last is not None and (
            last.item_id,
            last.approval,
            last.commentary,
            last.refresh,
        ) == (
            r.item_id,
            r.approval,
            r.commentary,
            r.refresh,
        )
        if same:
            groups[-1].append(r)
        else:
            groups.append([r])
    pending = sum(1 for g in groups if g[0].pending)
    lead = (
        f"{_plural(len(groups), 'change')}"
        + (f" at the {latest}" if latest else "")
        + (f"; {pending} still awaiting Government Office sign-off (marked)." if pending else ".")
    )
    rows = []
    for g in groups:
        first = g[0]
        values = "\n".join(
            r.renegotiated
            if r.what == "row" and r.original == DASH
            else f"{r.what}: {r.original} → {r.renegotiated}"
            for r in g
        )
        status = _short_approval(first.approval or first.state)
        rows.append(
            Row(
                (
                    Cell(first.item),
                    Cell(values),
                    Cell(
                        ("AWAITING SIGN-OFF: " if first.pending else "") + status,
                        "placeholder" if first.pending else "",
                    ),
                    cell_or_dash(first.commentary),
                )
            )
        )
    out: list[Block] = [
        Paragraph.of(lead),
        _table(
            f"{s.agreement.id}-refresh",
            "Original and renegotiated values",
            [
                HeadCell("Item"),
                HeadCell("Original → renegotiated"),
                HeadCell("Status"),
                HeadCell("Commentary"),
            ],
            rows,
            [10, 36, 20, 34],
        ),
    ]
    for title, count in earlier.items():
        out.append(
            Paragraph.of(
                f"Earlier, the {title or 'negotiation'} changed {_plural(count, 'value')}; each "
                "is in the agreement's record of changes.",
                "note",
            )
        )
    return out


def _short_approval(text: str) -> str:
    """'approved by the Government Office on 26 March 2010' rather than its full name."""
    return re.sub(
        r"Government Office for (the )?[A-Z][\w ]*?(?= on| by|,|$)", "the Government Office", text
    )


def _since(s: Summary) -> list[Block]:
    since = s.since
    assert since is not None
    if not since.lines:
        return [Paragraph.of(f"Nothing has changed since {since.previous}.")]
    rows = [Row((Cell(ln.item), Cell(ln.what), cell_or_dash(ln.reason))) for ln in since.lines]
    return [
        Paragraph.of(f"{_plural(len(rows), 'item')} changed since {since.previous}."),
        _table(
            f"{s.agreement.id}-since",
            "Changes since the version the Government Office last saw",
            [HeadCell("Item"), HeadCell("What changed"), HeadCell("Reason given")],
            rows,
            [28, 46, 26],
        ),
    ]


def _checklist(s: Summary) -> list[Block]:
    rows = [
        Row((Cell(c.question), Cell(ANSWER_MARKS[c.answer], "mark"), Cell(c.detail)))
        for c in s.checks
    ]
    return [
        _table(
            f"{s.agreement.id}-checklist",
            "Sign-off checklist",
            [HeadCell("Question"), HeadCell("Answer"), HeadCell("What the agreement shows")],
            rows,
            [24, 11, 65],
        )
    ]


# ---------------------------------------------------------------- documents


def _facts(s: Summary) -> tuple[tuple[str, str], ...]:
    h = s.headline
    facts = [("Area", h.area)]
    if h.accountable_body:
        facts.append(("Accountable body", h.accountable_body))
    if h.government_office:
        facts.append(("Government Office", h.government_office))
    facts += [
        ("Agreement", f"{h.kind}, {h.period}"),
        (
            "Version",
            f"{h.version} ({h.status_label.lower()})"
            + (f", {format_date(h.date)}" if h.date else ""),
        ),
    ]
    facts += [(label, format_date(d)) for label, d in h.key_dates]
    facts.append(("Targets", counts_text(s)))
    facts.append(("Partners", partners_text(s)[:-1]))
    return tuple(facts)


def summary_report(s: Summary, when: dt.datetime, branding: Branding | None = None) -> Report:
    """The Government Office summary of one agreement, as a report."""
    h = s.headline
    organisation = (
        (branding.organisation if branding else None) or h.government_office or "Government Office"
    )
    title = f"Government Office summary: {h.title}"
    return Report(
        title=title,
        subtitle=f"{h.kind} · {h.period} · version {h.version} ({h.status_label.lower()})",
        facts=(*_facts(s), ("Prepared", format_date(when.date()))),
        blocks=tuple(summary_blocks(s)),
        timestamp=when,
        organisation=organisation,
        running=Running(
            header_left=title,
            header_right=f"Version {h.version} · {h.status_label}",
            footer_left=(branding.footer if branding else None) or organisation,
        ),
        subject=f"Government Office summary of the {h.kind} for {h.area}",
        keywords=", ".join(("Government Office summary", h.area, h.period)),
        version=h.version,
        status=h.status_label,
        branding=branding or Branding(),
    )


def _overview(p: Pack) -> TableBlock:
    rows = [
        Row(
            (
                Cell(str(r.number), "ref"),
                Cell(name),
                Cell(f"{r.kind}\nversion {r.version}"),
                Cell(r.status),
                Cell(r.readiness, "" if r.ready else "placeholder"),
                Cell(str(r.designated), "number"),
                Cell(str(r.open_items), "number"),
                Cell(str(r.overdue), "number"),
                Cell(str(r.open_freedoms), "number"),
                Cell(
                    money_total(
                        MoneyTotal("", r.funding_known, r.funding_unknown, r.funding_streams)
                    ),
                    "number",
                ),
            )
        )
        for r, name in zip(p.overview, p.areas, strict=True)
    ]
    rows.append(
        Row(
            (
                Cell(""),
                Cell("All areas"),
                Cell(_plural(len(p.overview), "agreement")),
                Cell(""),
                Cell(f"{sum(r.ready for r in p.overview)} ready"),
                Cell(str(sum(r.designated for r in p.overview)), "number"),
                Cell(str(sum(r.open_items for r in p.overview)), "number"),
                Cell(str(sum(r.overdue for r in p.overview)), "number"),
                Cell(str(sum(r.open_freedoms for r in p.overview)), "number"),
                Cell(
                    money_total(
                        MoneyTotal(
                            "",
                            sum(r.funding_known for r in p.overview),
                            sum(r.funding_unknown for r in p.overview),
                            sum(r.funding_streams for r in p.overview),
                        )
                    ),
                    "number",
                ),
            ),
            total=True,
        )
    )
    head = [
        HeadCell("No."),
        HeadCell("Area"),
        HeadCell("Agreement"),
        HeadCell("Status"),
        HeadCell("Readiness"),
        HeadCell("Designated targets", numeric=True),
        HeadCell("Open items", numeric=True),
        HeadCell("Overdue", numeric=True),
        HeadCell("Open freedoms", numeric=True),
        HeadCell("Funding", numeric=True),
    ]
    return _table("pack-overview", "Overview", head, rows, [4, 12, 20, 8, 13, 9, 7, 7, 8, 12])


def _matrix(p: Pack) -> list[Paragraph | TableBlock]:
    if not p.matrix:
        return [Paragraph.of("None of the agreements chose national indicators as targets.")]
    named = len(p.areas) <= NAMED_COLUMNS
    heads = [HeadCell(a if named else str(n), numeric=False) for n, a in enumerate(p.areas, 1)]
    rows = [
        Row(
            (
                Cell(f"NI {m.ni}", "ref"),
                Cell(m.title),
                *(Cell(mark or "", "mark") for mark in m.marks),
                Cell(str(m.count), "number"),
            )
        )
        for m in p.matrix
    ]
    rows.append(
        Row(
            (
                Cell(""),
                Cell("Indicators chosen"),
                *(Cell(str(n), "number") for n in p.area_totals),
                Cell(""),
            ),
            total=True,
        )
    )
    area_w = 6.0 if named else 2.2
    title_w = max(100 - 7 - 6 - area_w * len(p.areas), 20)
    key = (
        "D: a designated improvement target; R: a reward target; L: a local target using the "
        "indicator. The 16 statutory education targets, the same in every area, are left out."
    )
    if not named:
        key += (
            " Areas are numbered as in the overview: "
            + "; ".join(f"{n} {a}" for n, a in enumerate(p.areas, 1))
            + "."
        )
    return [
        Paragraph.of(key, "note"),
        *_runs(
            _table(
                "pack-matrix",
                "National indicators chosen, by area",
                [HeadCell("NI"), HeadCell("Indicator"), *heads, HeadCell("Areas", numeric=True)],
                rows,
                [7, title_w, *([area_w] * len(p.areas)), 6],
            )
        ),
    ]


def _department_freedoms(p: Pack) -> list[Block]:
    if not p.freedoms:
        return [Paragraph.of("No area requests a freedom or flexibility.")]
    out: list[Block] = []
    for n, d in enumerate(p.freedoms, 1):
        out.append(Heading(2, f"3.{n} {d.department}", f"freedoms-{n}"))
        out.append(
            Paragraph.of(f"{_plural(len(d.lines), 'request')}, {d.open} awaiting an answer.")
        )
        table = _freedom_table(
            f"pack-freedoms-{n}",
            f"Requests to {d.department}",
            "Area",
            [(ln.area, ln) for ln in d.lines],
        )
        out.extend(_runs(table))
    return out


def pack_report(p: Pack, when: dt.datetime, branding: Branding | None = None) -> Report:
    """The regional sign-off pack as a report."""
    ready = sum(r.ready for r in p.overview)
    items = sum(r.open_items for r in p.overview)
    overdue = sum(r.overdue for r in p.overview)
    waiting = sum(r.open_freedoms for r in p.overview)
    blocks: list[Block] = [
        Landscape(
            (
                Heading(1, "1 Overview", "overview"),
                Paragraph.of(
                    f"{ready} of {_plural(len(p.overview), 'agreement')} ready for sign-off; "
                    f"{_plural(items, 'item')} still to be agreed, {overdue} overdue; "
                    f"{_plural(waiting, 'freedom request')} awaiting an answer."
                ),
                _overview(p),
                Heading(1, "2 National indicators chosen", "matrix", new_page=True),
                *_matrix(p),
            )
        ),
        Heading(1, "3 Freedom requests by department", "freedoms"),
        *_department_freedoms(p),
    ]
    for n, s in enumerate(p.summaries, 4):
        area = f"{s.headline.area}: {s.headline.kind} {s.headline.span}"
        blocks.append(Heading(1, f"{n} {area}", f"area-{n}", new_page=True))
        blocks.append(Facts(_facts(s)))
        blocks.extend(summary_blocks(s, _Numbering(f"{n}.", f"a{n}-", 2)))
    organisation = (
        (branding.organisation if branding else None) or p.region_name or "Government Office"
    )
    return Report(
        title=p.title,
        subtitle=f"{_plural(len(p.summaries), 'agreement')} for sign-off",
        facts=(
            ("Government Office", p.region_name or "Agreements of several regions"),
            ("Agreements", str(len(p.summaries))),
            ("Ready for sign-off", f"{ready} of {len(p.summaries)}"),
            ("Still to be agreed", f"{_plural(items, 'item')}, {overdue} overdue"),
            ("Freedom requests awaiting an answer", str(waiting)),
            ("Prepared", format_date(when.date())),
        ),
        blocks=tuple(blocks),
        timestamp=when,
        organisation=organisation,
        running=Running(
            header_left=p.title,
            header_right=f"Prepared {format_date(when.date())}",
            footer_left=(branding.footer if branding else None) or organisation,
        ),
        subject=p.title,
        keywords=", ".join(k for k in ("Sign-off pack", p.region_name) if k),
        contents=True,
        branding=branding or Branding(),
    )
