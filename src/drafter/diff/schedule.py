"""The schedule of changes, in the form Government Offices used at refresh, as a `Report`.

One row per indicator, with its status (new, changed, no change, removed, removed
from reward, outstanding), the original and revised values side by side and the
reason; then the funding streams and the freedoms that changed or still await
approval; then every other change, word by word where a text changed. A change still
awaiting approval is shown as proposed — the agreed value beside the proposed one,
and who is to approve it — never as done. The same report is printed as HTML, PDF,
Word and Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from ..config import Branding
from ..context.parts import Cell, HeadCell, Row, Running, Table
from ..context.shared import widths
from ..context.wording import DASH, STATUS_LABELS, format_date
from ..model import Agreement, Indicator, RefreshStatus
from ..report.model import Block, Facts, Heading, Paragraph, Report, Span, TableBlock
from .changes import Changes, ItemRef, Kind, Path
from .compare import Node, dump
from .describe import Describer, ItemChanges, Line, Section
from .log import Note, pending, waiting
from .text import summary

NEW, CHANGED, SAME, REMOVED = "New", "Changed", "No change", "Removed"
FROM_REWARD, OUTSTANDING = "Removed from reward", "Outstanding"
NO_REASON = "No reason recorded"
ITEM_STATUS = {
    Kind.ADDED: NEW,
    Kind.REMOVED: REMOVED,
    Kind.MOVED: "Moved",
    Kind.RENAMED: "New id",
    Kind.CHANGED: CHANGED,
}
SECTION_TYPES = {"Indicator": "indicators", "FundingStream": "funding", "Freedom": "freedoms"}
# How the reason of a proposal (or of a change not yet approved) is introduced.
LABELS = {"proposed": "Proposed", "rejected": "Rejected", "awaiting": "Awaiting approval"}
REFRESH_LABEL = "refresh status"


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _when(a: Agreement) -> str:
    status = STATUS_LABELS[a.status]
    return f"version {a.version} ({status}" + (f", {format_date(a.date)})" if a.date else ")")


def indicator_status(
    old: Indicator | None, new: Indicator | None, changed: bool, waiting: bool = False
) -> str:
    """The row's status at refresh, from what changed, what awaits approval and its mark."""
    if new is None or (new.refresh is RefreshStatus.REMOVED and (old is None or old.in_agreement)):
        return REMOVED
    if old is None:
        return NEW
    if new.refresh is RefreshStatus.REMOVED_FROM_REWARD and old.in_reward:
        return FROM_REWARD
    if new.refresh is RefreshStatus.OUTSTANDING or new.open is not None or waiting:
        return OUTSTANDING
    return CHANGED if changed else SAME


class _Schedule:
    def __init__(self, old: Agreement, new: Agreement, changes: Changes, d: Describer) -> None:
        self.old, self.new, self.changes, self.d = old, new, changes, d
        self.sections = d.sections(changes)
        self.groups: dict[Path, ItemChanges] = {}
        for section in self.sections:
            for group in section.items:
                for path in (group.ref.path, group.ref.old_path):
                    if path is not None:
                        self.groups.setdefault(path, group)
        from ..context.contents import cross_references, outline

        # The reference numbers the agreement prints ('3.2.1'), in each version.
        self.refs = tuple(cross_references(a, outline(a)).indicators for a in (old, new))

    # ---- cells

    def lines(self, group: ItemChanges, notes: Sequence[Note]) -> tuple[str, str]:
        """The original and revised values of what changed, then what is proposed."""
        before: list[str] = []
        after: list[str] = []
        for line in group.lines:
            if line.kind is Kind.RENAMED:
                before.append(f"Id {line.old}")
                after.append(f"Id {line.new}")
            elif line.label != REFRESH_LABEL:  # the status column says it
                before.append(f"{_upper(line.label)}: {_or_dash(line.old)}")
                after.append(f"{_upper(line.label)}: {_or_dash(line.new)}")
        if group.kind in (Kind.MOVED, Kind.RENAMED) and "from" in group.where:
            after.append(_upper(group.where))
        for note in notes:
            if note.kind in ("proposed", "rejected"):
                for line in note.lines:
                    before.append(f"{_upper(line.label)}: {_or_dash(line.old)}")
                    after.append(f"{_upper(line.label)}: {_or_dash(line.new)} (proposed)")
                after.append(f"{note.head}.")
            elif note.kind == "awaiting":
                after.append(f"{note.head}.")
        return "\n".join(before), "\n".join(after)

    def figures(self, ind: Indicator, *, old: bool) -> str:
        """Baseline and every year's target of one row, one per line."""
        from ..context.figures import figure_cell

        setting = self.d.settings[0 if old else 1]
        unit = setting.unit(ind)
        out = [f"Baseline: {figure_cell(setting, ind.baseline, unit, 'baseline').text}"]
        for year, yt in ind.targets.items():
            parts = []
            if yt.without is not None:
                parts.append("without " + figure_cell(setting, yt.without, unit, "target").text)
            parts.append(figure_cell(setting, yt.target, unit, "target").text)
            out.append(f"{year}: {'; '.join(parts)}")
        return "\n".join(out)

    def reason(self, notes: Sequence[Note], status: str, item: object = None) -> Cell:
        """The reasons recorded, with who approved; what awaits approval, with its reason."""
        said = []
        for note in notes:
            if note.kind in ("withdrawn", "removed"):
                continue
            text = note.reason or NO_REASON
            if note.kind in ("approved", "reason", "recorded") and note.head:
                text += f"\n{_upper(note.head)}."
            elif note.kind in LABELS:
                text = f"{LABELS[note.kind]}: {text}"
            said.append(text)
        if said:
            return Cell("\n".join(dict.fromkeys(said)))
        if status == SAME:
            return Cell(DASH, "none")
        still = getattr(item, "open", None)
        if status == OUTSTANDING and still is not None:
            return Cell(f"Still to be agreed: {self.d.plain(dump(still))}")
        if status == OUTSTANDING:
            return Cell(DASH, "none")
        return Cell(NO_REASON, "placeholder")

    def notes(self, group: ItemChanges) -> list[Note]:
        """An item's notes: what its log gained, and every change still awaiting approval."""
        return [n for n in group.notes if not n.pending] + pending(self.d, group.ref)

    def group(self, node: Node) -> ItemChanges:
        """What changed about an item of the newer version (perhaps nothing)."""
        found = self.groups.get(node.path)
        if found is not None:
            return found
        old = self.d.item(node.path, old=True)
        return self.d.blank(ItemRef(node.type, node.key, node.path, node.path if old else None))

    # ---- the indicator schedule

    def indicator_rows(self) -> tuple[Row, ...]:
        rows: list[Row] = []
        for node in self.d.indexes[1].nodes:
            if not isinstance(node.obj, Indicator):
                continue
            group = self.group(node)
            notes = self.notes(group)
            twin = None if group.kind is Kind.ADDED else self._old_indicator(group)
            # The refresh mark alone is no change to the row: the status column says it.
            changed = bool(group.kind) or any(ln.label != REFRESH_LABEL for ln in group.lines)
            status = indicator_status(twin, node.obj, changed, any(n.pending for n in notes))
            if status == NEW:
                original, revised = DASH, self.figures(node.obj, old=False)
            elif status == REMOVED and twin is not None:
                original, revised = self.figures(twin, old=True), "Removed from the agreement"
            else:
                original, revised = self.lines(group, notes)
                if status == FROM_REWARD and not revised:
                    revised = "Kept in the agreement; no longer counted for reward"
            rows.append(self._row(node.obj, status, original, revised, notes))
        for node in self.d.indexes[0].nodes:
            gone = self.groups.get(node.path)
            if isinstance(node.obj, Indicator) and gone and gone.ref.path is None:
                original = self.figures(node.obj, old=True)
                rows.append(self._row(node.obj, REMOVED, original, DASH, gone.notes, old=True))
        return tuple(rows)

    def _old_indicator(self, group: ItemChanges) -> Indicator | None:
        obj = self.d.item(group.ref.old_path, old=True)
        return obj if isinstance(obj, Indicator) else None

    def _row(
        self,
        ind: Indicator,
        status: str,
        original: str,
        revised: str,
        notes: Sequence[Note],
        old: bool = False,
    ) -> Row:
        setting = self.d.settings[0 if old else 1]
        ref = self.refs[0 if old else 1].get(ind.id, "")
        original, revised = original or DASH, revised or DASH
        return Row(
            (
                Cell(ref, "ref"),
                Cell(setting.indicator_title(ind)),
                Cell(status, "mark"),
                Cell(original, "none" if original == DASH else ""),
                Cell(revised, "none" if revised == DASH else ""),
                self.reason(notes, status, ind),
            )
        )

    # ---- funding and freedoms

    def item_rows(self, kind: str) -> tuple[Row, ...]:
        """A row for each item of a kind that changed or has a change awaiting approval."""
        groups = [g for s in self.sections for g in s.items if g.type == kind]
        for node in self.d.indexes[1].nodes:
            if node.type == kind and node.path not in self.groups:
                blank = self.group(node)
                if pending(self.d, blank.ref):
                    groups.append(blank)
        rows = []
        for group in groups:
            notes = self.notes(group)
            status = ITEM_STATUS[group.kind] if group.kind is not None else CHANGED
            if any(n.pending for n in notes) and group.kind not in (Kind.ADDED, Kind.REMOVED):
                status = OUTSTANDING
            if group.kind is Kind.ADDED:
                original, revised = DASH, "Added"
            elif group.kind is Kind.REMOVED:
                original, revised = "As before", "Removed"
            else:
                original, revised = self.lines(group, notes)
            rows.append(
                Row(
                    (
                        Cell(group.title),
                        Cell(status, "mark"),
                        Cell(original or DASH),
                        Cell(revised or DASH),
                        self.reason(notes, status),
                    )
                )
            )
        return tuple(rows)

    # ---- everything else

    def others(self) -> list[Block]:
        blocks: list[Block] = []
        for section in self.sections:
            items = [i for i in section.items if i.type not in SECTION_TYPES]
            if items:
                blocks += self._section(Section(section.title, items))
        return blocks

    def _section(self, section: Section) -> list[Block]:
        out: list[Block] = [Heading(3, section.title, _anchor("other", section.title))]
        for item in section.items:
            head = item.title if item.type != "Agreement" else "The agreement as a whole"
            lines = [line for line in item.lines if line.kind is not Kind.RENAMED]
            if item.kind in (Kind.ADDED, Kind.REMOVED, Kind.MOVED, Kind.RENAMED):
                what = {Kind.ADDED: "added", Kind.REMOVED: "removed", Kind.MOVED: "moved"}
                word = what.get(item.kind, "given a new id (same content)")
                place = f" ({item.where})" if item.where else ""
                out.append(Paragraph((Span(head, "strong"), Span(f" — {word}{place}")), "bullet"))
            elif item.type != "Agreement" and len(lines) == 1:
                # One change to an item (a signatory's date, say): one line, not two.
                out.append(self._line(lines[0], (Span(head, "strong"), Span(" — "))))
                continue
            elif item.type != "Agreement":
                out.append(Paragraph((Span(head, "strong"),)))
            out += [self._line(line) for line in lines]
        return out

    def _line(self, line: Line, lead: tuple[Span, ...] = ()) -> Paragraph:
        label = Span(f"{_upper(line.label) if not lead else line.label}: ")
        if line.words:
            spans = [Span(t, {"=": "", "-": "del", "+": "ins"}[op]) for op, t in line.words]
            return Paragraph((*lead, label, *spans), "bullet")
        if line.kind is Kind.ADDED:
            return Paragraph(
                (*lead, label, Span(line.new or "", "ins"), Span(" (added)")), "bullet"
            )
        if line.kind is Kind.REMOVED:
            return Paragraph(
                (*lead, label, Span(line.old or "", "del"), Span(" (removed)")), "bullet"
            )
        return Paragraph(
            (
                *lead,
                label,
                Span(line.old or DASH, "del"),
                Span(" → "),
                Span(line.new or DASH, "ins"),
            ),
            "bullet",
        )


def _or_dash(text: str | None) -> str:
    return text if text is not None else DASH


def _listed(rows: Sequence[Row], some: str, none: str, table: Table) -> list[Block]:
    """A sentence saying how many items are listed, and their table if there are any."""
    return [Paragraph.of(some), TableBlock(table)] if rows else [Paragraph.of(none)]


def _refreshes(old: Agreement, new: Agreement, d: Describer) -> list[tuple[str, str]]:
    """A cover fact for each refresh the newer version records and the older does not."""
    known = {r.id for r in old.refreshes}
    out = []
    for r in new.refreshes:
        if r.id in known:
            continue
        dates = [
            f"{label} {format_date(day)}"
            for label, day in (
                ("submitted", r.submitted),
                ("Government Office sign-off", r.go_signoff),
                ("ministerial sign-off", r.ministerial_signoff),
                ("in force from", r.in_force),
            )
            if day is not None
        ]
        out.append(("Refresh", "; ".join([r.title or r.id, *dates])))
    return out


def _anchor(*parts: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else "-" for ch in p.lower()) for p in parts)


def _table(ident: str, caption: str, first: str, rows: tuple[Row, ...], ref: bool) -> Table:
    head = [HeadCell("Ref")] if ref else []
    weights = [6.0] if ref else []
    head += [HeadCell(first), HeadCell("Status"), HeadCell("Original")]
    head += [HeadCell("Revised"), HeadCell("Reason")]
    weights += [28, 9, 21, 21, 15] if ref else [26, 9, 22, 22, 21]
    return Table(
        id=ident,
        caption=caption,
        head=(tuple(head),),
        rows=rows,
        widths=widths(weights),
        landscape=True,
        empty="No changes.",
    )


def schedule(
    old: Agreement,
    new: Agreement,
    changes: Changes,
    *,
    when: dt.datetime,
    branding: Branding | None = None,
    describer: Describer | None = None,
) -> Report:
    """The schedule of changes between two versions of one agreement."""
    d = describer or Describer(old, new)
    s = _Schedule(old, new, changes, d)
    setting = d.settings[1]
    title = setting.title()
    rows = s.indicator_rows()
    statuses: dict[str, int] = defaultdict(int)
    for row in rows:
        statuses[row.cells[2].text] += 1  # ref, indicator, status, …
    order = (NEW, CHANGED, OUTSTANDING, FROM_REWARD, REMOVED, SAME)
    tally = ", ".join(f"{statuses[k]} {k.lower()}" for k in order if statuses[k])
    funding = s.item_rows("FundingStream")
    freedoms = s.item_rows("Freedom")
    blocks: list[Block] = [
        Heading(1, "1 Indicators and targets", "indicators"),
        Paragraph.of(
            "Every indicator of either version, with its status at this refresh: "
            f"{tally or 'none'}. "
            "For a changed row the original and revised values of what changed are "
            "side by side, with the reason the newer version records; a change still "
            "awaiting approval is shown as proposed, beside the value agreed."
        ),
        TableBlock(
            _table("schedule-indicators", "Indicators and targets", "Indicator", rows, True)
        ),
        Heading(1, "2 Funding streams", "funding"),
        *_listed(
            funding,
            f"{len(funding)} of {len(new.funding.streams)} funding streams changed or await "
            "approval.",
            "No funding stream changed.",
            _table("schedule-funding", "Funding streams", "Funding stream", funding, False),
        ),
        Heading(1, "3 Freedoms and flexibilities", "freedoms"),
        *_listed(
            freedoms,
            f"{len(freedoms)} of {len(new.freedoms)} freedoms and flexibilities changed or "
            "await approval.",
            "No freedom or flexibility changed.",
            _table("schedule-freedoms", "Freedoms and flexibilities", "Freedom", freedoms, False),
        ),
        Heading(1, "4 Other changes", "other"),
    ]
    others = s.others()
    blocks += others or [Paragraph.of("Nothing else changed.")]
    organisation = (branding.organisation if branding else None) or setting.organisation()
    versions = f"Version {old.version} → {new.version}"
    return Report(
        title=f"Schedule of changes: {title}",
        subtitle=f"{_upper(_when(old))} compared with {_when(new)}",
        facts=(
            ("Agreement", title),
            ("Original", f"{_upper(_when(old))} — {changes.old.label}"),
            ("Revised", f"{_upper(_when(new))} — {changes.new.label}"),
            *_refreshes(old, new, d),
            ("Changes", summary(changes, len(waiting(d)))),
            ("Prepared", format_date(when.date())),
        ),
        blocks=tuple(blocks),
        timestamp=when,
        organisation=organisation,
        running=Running(
            header_left=f"Schedule of changes: {title}",
            header_right=versions,
            footer_left=(branding.footer if branding else None) or organisation,
        ),
        subject=f"Changes to the {setting.kind()} for {new.area.name}: {versions.lower()}",
        keywords=", ".join(("Schedule of changes", new.area.name, versions)),
        version=new.version,
        status=STATUS_LABELS[new.status],
        landscape=True,
        branding=branding or Branding(),
    )


def combine(
    reports: Sequence[Report],
    only: Sequence[str],
    old_label: str,
    new_label: str,
    when: dt.datetime,
) -> Report:
    """One report of several comparisons (folders): each schedule under its own heading."""
    if len(reports) == 1 and not only:
        return reports[0]
    blocks: list[Block] = []
    for n, report in enumerate(reports, 1):
        blocks.append(Heading(1, f"{n} {report.title}", f"agreement-{n}"))
        blocks.append(Facts(report.facts))
        for b in report.blocks:
            if isinstance(b, Heading):
                blocks.append(Heading(min(b.level + 1, 3), b.text, f"a{n}-{b.anchor}"))
            else:
                blocks.append(b)
    if only:
        blocks.append(Heading(1, f"{len(reports) + 1} Agreements on one side only", "only"))
        blocks += [Paragraph.of(line, "bullet") for line in only]
    first = reports[0] if reports else None
    title = f"Changes between {old_label} and {new_label}"
    return Report(
        title=title,
        subtitle=f"{len(reports)} agreement(s) compared",
        facts=(
            ("Original", old_label),
            ("Revised", new_label),
            ("Prepared", format_date(when.date())),
        ),
        blocks=tuple(blocks),
        timestamp=when,
        organisation=first.organisation if first else "drafter",
        running=Running(
            header_left=title, header_right="", footer_left=first.organisation if first else ""
        ),
        landscape=True,
        contents=True,
    )
