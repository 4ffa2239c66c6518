"""The sections of one Government Office summary: what an area lead reads in five minutes.

The summary keeps to two to four pages. It prints in full what the lead acts on — the
readiness verdict, the register of what is still to be agreed, the headline targets
(designated, or mandatory and reward before 2008) in one compact row each, the changes
awaiting Government Office sign-off, the sign-off checklist — and gives the rest as
counts and totals: statutory and local targets, funding, freedoms, the changes already
approved. What is left out is in the agreement document and in the workbook.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from ..config import Branding
from ..context.figures import STATUS_MARKS, as_written
from ..context.parts import Cell, HeadCell, Row, Table
from ..context.shared import Setting, cell_or_dash, widths
from ..context.wording import DASH, FREEDOM_LABELS, format_date, money
from ..model import Figure, TargetType
from ..reference import national_indicators
from ..report import Block, Facts, Heading, Paragraph, Span, TableBlock
from ..reward import format_pence
from .checks import Answer
from .refresh import RefreshRow
from .summary import KIND_TABLE_TITLES, FreedomLine, MoneyTotal, Summary, TargetRow

ANSWER_MARKS = {
    Answer.YES: "Yes",
    Answer.NO: "No",
    Answer.PARTLY: "Partly",
    Answer.UNKNOWN: "Cannot tell",
    Answer.NOT_APPLICABLE: "N/A",
}
# Kinds of target printed row by row; the others are counted, with what is still open.
TABLED = (TargetType.DESIGNATED, TargetType.MANDATORY, TargetType.REWARD)
COUNTED_WORDS = {
    TargetType.STATUTORY: ("statutory education and early years target", "targets"),
    TargetType.LOCAL: ("local target", "targets"),
}
TITLE_CHARS = 80
# How a refresh's changes are counted, in this order.
CHANGE_STATES = (
    ("agreed", "approved or in force"),
    ("awaiting sign-off", "awaiting Government Office sign-off"),
    ("rejected", "rejected"),
)  # an indicator's title is cut to this length, at a word, in the tables
LEFT_OUT = (
    "Left out of this summary, and given in full in the agreement document and in the "
    "summary's workbook (.xlsx): every year's target of each row, the statutory and local "
    "target rows, each funding stream, each freedom request with its answer, and every "
    "change recorded at refresh."
)


def table(
    ident: str,
    caption: str,
    head: Sequence[HeadCell],
    rows: Sequence[Row],
    weights: Sequence[float],
    empty: str = "None.",
    notes: Sequence[str] = (),
) -> TableBlock:
    """A report table with one header row; `weights` are relative column widths."""
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


def runs(block: TableBlock) -> list[TableBlock]:
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


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 item', '3 items'."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def listed(parts: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def money_total(t: MoneyTotal) -> str:
    """'£1,234,000', '£1,234,000 and 2 amounts not yet known', 'not yet known (2 amounts)'."""
    if not t.streams and not t.known and not t.unknown:
        return "no streams listed"
    if not t.unknown:
        return money(t.known)
    unknown = plural(t.unknown, "amount")
    if not t.known:
        return f"not yet known ({unknown})"
    return f"{money(t.known)} and {unknown} not yet known"


def short_title(title: str, limit: int = TITLE_CHARS) -> str:
    """An indicator's title cut at a word to `limit` characters ('…' marks the cut)."""
    text = " ".join(title.split())
    if len(text) <= limit:
        return text
    bare = " ".join(re.sub(r"\s*\([^)]*\)", "", text).split())  # asides go first
    if len(bare) <= limit:
        return bare
    cut = bare[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def short_name(name: str) -> str:
    """A name without its asides: 'Jobcentre Plus (Hartsmoor district)' → 'Jobcentre Plus'."""
    bare = " ".join(re.sub(r"\s*\([^)]*\)", "", name).split())
    return bare or name


@dataclass(frozen=True)
class Numbering:
    """Section numbers and anchors: '3', 'readiness' alone; '5.3', 'a5-readiness' in a pack."""

    prefix: str  # '' for a summary on its own, '5.' for the fifth part of a pack
    anchor: str
    level: int  # 1 on its own, 2 inside a pack

    def heading(self, n: int, text: str, anchor: str) -> Heading:
        """The heading of section `n`."""
        return Heading(self.level, f"{self.prefix}{n} {text}", f"{self.anchor}{anchor}")


def summary_blocks(s: Summary, numbering: Numbering | None = None) -> list[Block]:
    """The sections of one summary, numbered."""
    num = numbering or Numbering("", "", 1)
    setting = Setting(s.agreement, Branding(), False, s.today, national_indicators())
    items = _items(s)
    sections = [
        ("Readiness for sign-off", "readiness", _readiness(s)),
        ("Still to be agreed", "register", _register(s)),
        *[
            (KIND_TABLE_TITLES[kind], f"targets-{kind.value}", _targets(s, setting, kind, items))
            for kind, _ in s.targets
            if kind in TABLED
        ],
    ]
    counted = [kind for kind, _ in s.targets if kind not in TABLED]
    if counted:
        title = listed([KIND_TABLE_TITLES[k].split()[0] for k in counted]) + " targets"
        sections.append((title.capitalize(), "targets-other", _counted(s, counted, items)))
    sections += [
        ("Funding", "funding", _funding(s)),
        ("Freedoms and flexibilities", "freedoms", _freedoms(s, items, numbering is not None)),
    ]
    if s.reward is not None:
        sections.append(("Reward", "reward", _reward(s)))
    if s.refresh is not None:
        sections.append(("Refresh", "refresh", _refresh(s, items)))
    if s.since is not None:
        sections.append((f"Changes since {s.since.previous}", "since", _since(s)))
    sections.append(("Sign-off checklist", "checklist", _checklist(s)))
    blocks: list[Block] = []
    for n, (title, anchor, body) in enumerate(sections, 1):
        blocks.append(num.heading(n, title, anchor))
        blocks.extend(body)
    blocks.append(Paragraph.of(LEFT_OUT, "note"))
    return blocks


def _items(s: Summary) -> dict[str, list[int]]:
    """The register's item numbers of each item (indicator, stream, freedom) by id."""
    out: dict[str, list[int]] = {}
    for k, r in enumerate(s.register, 1):
        out.setdefault(r.entry.item_id, []).append(k)
    return out


def item_refs(numbers: Sequence[int]) -> str:
    """'item 3', 'items 3 and 4' (the register's numbers)."""
    return f"item{'s' if len(numbers) > 1 else ''} " + listed([str(n) for n in numbers])


# ---------------------------------------------------------------- readiness, register


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
            table(
                f"{s.agreement.id}-errors",
                "What would send it back",
                [HeadCell("Problem"), HeadCell("How many", numeric=True), HeadCell("For example")],
                rows,
                [28, 8, 64],
            )
        )
    if r.warnings:
        said = "; ".join(f"{g.title.lower()} ({g.count})" for g in r.warnings)
        out.append(Paragraph.of(f"Points a Government Office would query: {said}."))
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
    lead = f"{plural(n, 'item')} still to be agreed" + (
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
                    Cell(f"{e.subject} ({r.where})" if r.where else e.subject),
                    Cell(e.what),
                    cell_or_dash(r.owner),
                    Cell(due, "placeholder" if e.overdue else ""),
                )
            )
        )
    head = ["No.", "Kind", "Item (where)", "What is missing", "Who acts", "By when"]
    return [
        Paragraph.of(lead),
        table(
            f"{s.agreement.id}-register",
            "Still to be agreed",
            [HeadCell(h) for h in head],
            rows,
            [4, 11, 17, 42, 14, 12],
        ),
    ]


# ---------------------------------------------------------------- targets


def brief_figure(
    fig: Figure | None, unit: str | None, period: str | None, numeric: bool = True
) -> Cell:
    """A figure in a few words: '14.3% (May 2007)', 'to follow', '31% (provisional)'.

    `numeric` right-aligns a plain number (a target); a baseline with its period reads
    better from the left.
    """
    if fig is None:
        return Cell(DASH, "none")
    if fig.is_placeholder:
        return Cell("to follow", "placeholder")
    kind = "number" if numeric else ""
    if fig.value is not None:
        text = as_written(fig.value, unit, fig.places)
    elif fig.relative:
        text, kind = fig.relative, "relative"
    elif fig.not_applicable:
        return Cell("not applicable", "na")
    else:
        return Cell(DASH, "none")
    marks = [fig.period or period or "", STATUS_MARKS.get(fig.status, "") if fig.status else ""]
    if fig.awaiting:
        marks.append("to be confirmed")
        kind = "placeholder"
    shown = [m for m in marks if m]
    return Cell(f"{text} ({'; '.join(shown)})" if shown else text, kind)


def _lead(setting: Setting, row: TargetRow, default: str | None) -> str | None:
    leads = row.indicator.leads or ([default] if default else [])
    names = [short_name(setting.partner_name(p) or p) for p in leads]
    return ", ".join(dict.fromkeys(names)) or None


def _targets(
    s: Summary, setting: Setting, kind: TargetType, items: dict[str, list[int]]
) -> list[Block]:
    rows = s.rows(kind)
    a = s.agreement
    year, base_year = a.period.end, a.period.baseline_year
    stretch = any(r.final is not None and r.final.without is not None for r in rows)
    outcome_lead = {i.id: o.lead for o in a.outcomes() for i in o.indicators}
    body = []
    for r in rows:
        final = r.final
        code = f"{r.code}: " if r.indicator.ni is not None else ""
        cells = [
            Cell(code + short_title(r.title)),
            brief_figure(r.baseline, r.unit, r.baseline_period or base_year, numeric=False),
        ]
        if stretch:
            cells.append(brief_figure(final.without if final else None, r.unit, None))
        cells += [
            brief_figure(final.target if final else None, r.unit, None),
            cell_or_dash(_lead(setting, r, outcome_lead.get(r.indicator.id))),
            Cell(", ".join(map(str, items.get(r.indicator.id, ()))) or "", "ref"),
        ]
        body.append(Row(tuple(cells)))
    open_rows = sum(1 for r in rows if r.indicator.id in items)
    lead = f"{plural(len(rows), KIND_TABLE_TITLES[kind].lower().removesuffix('s'))}" + (
        f"; {open_rows} with something still to be agreed (the register's item numbers "
        "are in the last column)."
        if open_rows
        else "; every figure is in."
    )
    # A target in words ('close the gap to the England rate') needs a wider column.
    words = any(r.final is not None and r.final.target and r.final.target.relative for r in rows)
    figure = 12.0 if words else 8.0
    head = [HeadCell("Indicator"), HeadCell("Baseline (period)")]
    weights: list[float] = [50 - figure, 14]
    if stretch:
        head += [HeadCell(f"{year} without", numeric=True), HeadCell(f"{year} with", numeric=True)]
        weights += [figure, figure]
    else:
        head.append(HeadCell(f"{year} target", numeric=True))
        weights.append(figure)
    head += [HeadCell("Lead"), HeadCell("Open item")]
    weights += [26 if not stretch else 18, 6]
    return [
        Paragraph.of(lead),
        table(f"{a.id}-{kind.value}", KIND_TABLE_TITLES[kind], head, body, weights),
    ]


def _counted(s: Summary, kinds: Sequence[TargetType], items: dict[str, list[int]]) -> list[Block]:
    out: list[Block] = []
    for kind in kinds:
        rows = s.rows(kind)
        one, many = COUNTED_WORDS.get(kind, (KIND_TABLE_TITLES[kind].lower(), "targets"))
        words = one if len(rows) == 1 else one.removesuffix("target") + many
        still = [r for r in rows if r.indicator.id in items]
        if not still:
            out.append(Paragraph.of(f"{len(rows)} {words}; every figure is in."))
            continue
        named = listed([f"{r.code} ({item_refs(items[r.indicator.id])})" for r in still])
        out.append(
            Paragraph.of(
                f"{len(rows)} {words}; {len(still)} with something still to be agreed: {named}."
            )
        )
    return out


# ---------------------------------------------------------------- funding, freedoms, reward


def _spread(groups: Sequence[MoneyTotal]) -> str:
    return "; ".join(f"{g.label} {money_total(g)} ({plural(g.streams, 'stream')})" for g in groups)


def _funding(s: Summary) -> list[Block]:
    t = s.funding_total
    if not s.streams:
        return [Paragraph.of("No funding streams are listed.")]
    lead = f"{plural(len(s.streams), 'funding stream')} over {s.headline.period}: {money_total(t)}"
    if s.negotiating is not None:
        n = s.negotiating
        lead += (
            f", not counting {plural(n.streams, 'stream')} still to be negotiated "
            f"({money_total(n)})"
        )
    lead += "."
    if t.unknown:
        lead += " Amounts not yet known are left out of the totals."
    return [
        Paragraph.of(lead),
        Paragraph.of(f"By treatment: {_spread(s.by_treatment)}."),
        Paragraph.of(f"By department: {_spread(s.by_department)}."),
    ]


def _freedoms(s: Summary, items: dict[str, list[int]], in_pack: bool) -> list[Block]:
    if not s.freedoms:
        return [Paragraph.of("No freedoms or flexibilities are requested.")]
    counts = Counter(f.status_label for f in s.freedoms)
    order = [*FREEDOM_LABELS.values(), "No answer recorded"]
    said = listed([f"{counts[label]} {label.lower()}" for label in order if counts[label]])
    waiting = [f for f in s.freedoms if f.open]
    text = f"{plural(len(s.freedoms), 'request')}: {said}."
    if waiting:
        refs = [n for f in waiting for n in items.get(f.id, ())]
        text += f" {len(waiting)} still awaiting an answer" + (
            f" ({item_refs(refs)} of the register)." if refs else "."
        )
    departments = Counter(f.department for f in s.freedoms)
    to = listed([f"{d} {n}" for d, n in sorted(departments.items())])
    out: list[Block] = [Paragraph.of(text), Paragraph.of(f"Requests by department: {to}.")]
    if in_pack:  # the pack lists every area's requests together, by department
        out.append(Paragraph.of("Each request is listed under Freedom requests by department."))
    return out


def freedom_table(
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
    return table(ident, caption, head, rows, [14, 32, 16, 38])


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
                "earned from an actuals file.",
                "note",
            )
        )
    out += [Paragraph.of(n, "note") for n in st.notes]
    return out


# ---------------------------------------------------------------- refresh, since, checklist


def _changes(rows: Sequence[RefreshRow]) -> list[list[RefreshRow]]:
    """Rows grouped by change: one item's values changed together, with one status."""
    groups: list[list[RefreshRow]] = []
    for r in rows:
        last = groups[-1][0] if groups else None
        key = (r.item_id, r.approval, r.commentary, r.refresh)
        if last is not None and (last.item_id, last.approval, last.commentary, last.refresh) == key:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def _values(g: Sequence[RefreshRow], side: str) -> str:
    return "\n".join(
        (f"{r.what}: " if r.what != "row" else "")
        + (r.original if side == "was" else r.renegotiated)
        for r in g
    )


def _refresh(s: Summary, items: dict[str, list[int]]) -> list[Block]:
    """Counts of the changes; the ones awaiting Government Office sign-off in full."""
    changes = _changes(s.refresh or ())
    if not changes:
        return [Paragraph.of("The agreement records a refresh but no changed values.")]
    refreshes = s.agreement.refreshes
    latest = (refreshes[-1].title or refreshes[-1].id) if refreshes else None
    by_refresh: dict[str | None, Counter[str]] = {}
    for g in changes:
        by_refresh.setdefault(g[0].refresh, Counter())[g[0].state] += 1
    out: list[Block] = []
    marked: list[str] = []
    for name, counts in by_refresh.items():
        when = f"At the {name}" if name else "Changes recorded without naming a refresh"
        parts = [f"{counts[state]} {words}" for state, words in CHANGE_STATES if counts[state]]
        if parts:
            n = sum(counts[state] for state, _ in CHANGE_STATES)
            out.append(Paragraph.of(f"{when}, {plural(n, 'change')}: {listed(parts)}."))
    for g in changes:
        if g[0].state not in dict(CHANGE_STATES):
            marked.append(f"{g[0].item} {g[0].state}")
    if marked:
        out.append(Paragraph.of(f"Marked in the agreement's tables: {'; '.join(marked)}."))
    settled = [
        g[0].item for g in changes if g[0].state == "agreed" and g[0].refresh in (latest, None)
    ]
    if settled:
        out.append(
            Paragraph.of(
                "Renegotiated values in force: " + ", ".join(dict.fromkeys(settled)) + ".",
            )
        )
    pending = [g for g in changes if g[0].pending]
    if not pending:
        out.append(Paragraph.of("No change is awaiting Government Office sign-off."))
        return out
    rows = []
    for g in pending:
        first = g[0]
        refs = items.get(first.item_id, ())
        rows.append(
            Row(
                (
                    Cell(first.item + (f"\n({item_refs(refs)})" if refs else "")),
                    Cell(_values(g, "was")),
                    Cell(_values(g, "now")),
                    Cell("AWAITING SIGN-OFF: " + short_approval(first.approval), "placeholder"),
                    cell_or_dash(first.commentary),
                )
            )
        )
    head = ["Item", "Original", "Renegotiated (proposed)", "Status", "Commentary"]
    out.append(
        table(
            f"{s.agreement.id}-refresh",
            "Changes awaiting Government Office sign-off",
            [HeadCell(h) for h in head],
            rows,
            [9, 21, 21, 15, 34],
        )
    )
    return out


def short_approval(text: str) -> str:
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
        Paragraph.of(f"{plural(len(rows), 'item')} changed since {since.previous}."),
        table(
            f"{s.agreement.id}-since",
            "Changes since the version the Government Office last saw",
            [HeadCell("Item"), HeadCell("What changed"), HeadCell("Reason given")],
            rows,
            [24, 48, 28],
        ),
    ]


def _checklist(s: Summary) -> list[Block]:
    rows = [
        Row((Cell(c.question), Cell(ANSWER_MARKS[c.answer], "mark"), Cell(c.detail)))
        for c in s.checks
    ]
    return [
        table(
            f"{s.agreement.id}-checklist",
            "Sign-off checklist",
            [HeadCell("Question"), HeadCell("Answer"), HeadCell("What the agreement shows")],
            rows,
            [22, 8, 70],
        )
    ]


# ---------------------------------------------------------------- headline facts


def partners_text(s: Summary) -> str:
    """'13 partners; 7 sign: Hartsmoor Council, …; 9 under the duty to co-operate'."""
    partners = s.headline.partners
    if not partners:
        return "No partners are listed"
    signing = [short_name(p.name) for p in partners if p.signs]
    duty = sum(1 for p in partners if p.duty)
    text = plural(len(partners), "partner")
    if signing:
        text += f"; {len(signing)} sign: " + ", ".join(signing)
    else:
        text += "; none is to sign"
    if duty:
        text += f"; {duty} under the duty to co-operate"
    return text


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
    text = listed(kinds)
    text += " targets" if sum(n for n, _ in named) != 1 else " target"
    if c.reward_targets and c.reward_targets != c.reward:
        text += f"; {c.reward_targets} earn reward"
    return text


def headline_facts(s: Summary) -> tuple[tuple[str, str], ...]:
    """The facts at the head of a summary, a line or two each."""
    h = s.headline
    area = h.area + (f" (accountable body: {h.accountable_body})" if h.accountable_body else "")
    facts = [("Area", area)]
    if h.government_office:
        facts.append(("Government Office", h.government_office))
    version = f"version {h.version} ({h.status_label.lower()})"
    facts.append(
        (
            "Agreement",
            f"{h.kind}, {h.period}; {version}" + (f", {format_date(h.date)}" if h.date else ""),
        )
    )
    if h.key_dates:
        dates = [f"{label} {format_date(d)}" for label, d in h.key_dates]
        facts.append(("Key dates", "; ".join(d[:1].upper() + d[1:] for d in dates)))
    facts.append(("Targets", counts_text(s)))
    facts.append(("Partners", partners_text(s)))
    return tuple(facts)
