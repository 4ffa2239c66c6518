"""The schedule of changes, in the form Government Offices used at refresh, as a `Report`.

One row per indicator, with its status (new, changed, no change, removed, removed
from reward, outstanding), the original and revised values side by side and the
reason; then the funding streams and the freedoms that changed; then every other
change, word by word where a text changed. The same report is printed as HTML,
PDF, Word and Markdown.
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
from .changes import Change, Changes, Kind, Path
from .compare import Index
from .describe import Describer, Line, Section
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


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _when(a: Agreement) -> str:
    status = STATUS_LABELS[a.status]
    return f"version {a.version} ({status}" + (f", {format_date(a.date)})" if a.date else ")")


def indicator_status(old: Indicator | None, new: Indicator | None, changed: bool) -> str:
    """The row's status at refresh, from what changed and the newer row's refresh mark."""
    if new is None or (new.refresh is RefreshStatus.REMOVED and (old is None or old.in_agreement)):
        return REMOVED
    if old is None:
        return NEW
    if new.refresh is RefreshStatus.REMOVED_FROM_REWARD and old.in_reward:
        return FROM_REWARD
    awaiting = any(
        getattr(getattr(c, "approval", None), "status", None) == "awaiting"
        for c in getattr(new, "changes", ()) or ()
    )
    if new.refresh is RefreshStatus.OUTSTANDING or new.open is not None or awaiting:
        return OUTSTANDING
    return CHANGED if changed else SAME


class _Schedule:
    def __init__(self, old: Agreement, new: Agreement, changes: Changes, d: Describer) -> None:
        self.old, self.new, self.changes, self.d = old, new, changes, d
        self.by_item: dict[tuple[Path | None, Path | None], list[Change]] = defaultdict(list)
        for c in changes:
            self.by_item[(c.item.path, c.item.old_path)].append(c)
        from ..context.contents import cross_references, outline

        # The reference numbers the agreement prints ('3.2.1'), in each version.
        self.refs = tuple(cross_references(a, outline(a)).indicators for a in (old, new))
        self.by_new: dict[Path, list[Change]] = defaultdict(list)
        for (path, _), found in self.by_item.items():
            if path is not None:
                self.by_new[path] += found

    # ---- cells

    def lines(self, found: Sequence[Change]) -> tuple[str, str]:
        """The original and the revised values of an item's changed fields."""
        before, after = [], []
        for c in found:
            if not c.field:
                if c.kind in (Kind.MOVED, Kind.RENAMED):
                    where = self.d.where(c)
                    before.append(f"Id {c.item.old_path[-1] if c.item.old_path else ''}")
                    after.append(f"Id {c.item.key}" + (f"; {where}" if "from" in where else ""))
                continue
            line = self.d.line(c)
            label = line.label[0].upper() + line.label[1:]
            before.append(f"{label}: {line.old if line.old is not None else DASH}")
            after.append(f"{label}: {line.new if line.new is not None else DASH}")
        return "\n".join(before), "\n".join(after)

    def figures(self, ind: Indicator, *, old: bool) -> str:
        """Baseline and every year's target of one row, one per line."""
        setting = self.d.settings[0 if old else 1]
        unit = setting.unit(ind)
        out = [f"Baseline: {setting.figure(ind.baseline, unit, 'baseline').text}"]
        for year, yt in ind.targets.items():
            parts = []
            if yt.without is not None:
                parts.append("without " + setting.figure(yt.without, unit, "target").text)
            parts.append(setting.figure(yt.target, unit, "target").text)
            out.append(f"{year}: {'; '.join(parts)}")
        return "\n".join(out)

    def reason(self, found: Sequence[Change], status: str) -> Cell:
        reasons = list(dict.fromkeys(c.reason for c in found if c.reason))
        if reasons:
            return Cell("; ".join(reasons))
        if status in (SAME,):
            return Cell(DASH, "none")
        return Cell(NO_REASON, "placeholder")

    # ---- the indicator schedule

    def indicator_rows(self) -> tuple[Row, ...]:
        old_index, new_index = Index(self.old), Index(self.new)
        rows: list[Row] = []
        for node in new_index.nodes:
            if not isinstance(node.obj, Indicator):
                continue
            found = self.by_new.get(node.path, [])
            added = any(c.kind is Kind.ADDED and not c.field for c in found)
            twin = None if added else self._old_indicator(found, node.path)
            status = indicator_status(twin, node.obj, bool(found))
            if status == NEW:
                original, revised = DASH, self.figures(node.obj, old=False)
            elif status == SAME:
                original = revised = DASH
            else:
                original, revised = self.lines(found)
                original, revised = original or DASH, revised or DASH
            rows.append(self._row(node.path, node.obj, status, original, revised, found))
        for node in old_index.nodes:
            if isinstance(node.obj, Indicator):
                found = self.by_item.get((None, node.path), [])
                if any(c.kind is Kind.REMOVED for c in found):
                    original = self.figures(node.obj, old=True)
                    rows.append(
                        self._row(node.path, node.obj, REMOVED, original, DASH, found, True)
                    )
        return tuple(rows)

    def _old_indicator(self, found: Sequence[Change], path: Path) -> Indicator | None:
        old_path = next((c.item.old_path for c in found if c.item.old_path), path)
        obj = self.d.item(old_path, old=True)
        return obj if isinstance(obj, Indicator) else None

    def _row(
        self,
        path: Path,
        ind: Indicator,
        status: str,
        original: str,
        revised: str,
        found: Sequence[Change],
        old: bool = False,
    ) -> Row:
        setting = self.d.settings[0 if old else 1]
        ref = self.refs[0 if old else 1].get(ind.id, "")
        return Row(
            (
                Cell(ref, "ref"),
                Cell(setting.indicator_title(ind)),
                Cell(status, "mark"),
                Cell(original, "none" if original == DASH else ""),
                Cell(revised, "none" if revised == DASH else ""),
                self.reason(found, status),
            )
        )

    # ---- funding and freedoms

    def item_rows(self, kind: str) -> tuple[Row, ...]:
        rows = []
        for (_, _), found in self.by_item.items():
            first = found[0]
            if first.item.type != kind:
                continue
            whole = next((c for c in found if not c.field), None)
            status = ITEM_STATUS[whole.kind] if whole is not None else CHANGED
            if whole is not None and whole.kind is Kind.ADDED:
                original, revised = DASH, "Added"
            elif whole is not None and whole.kind is Kind.REMOVED:
                original, revised = "As before", "Removed"
            else:
                original, revised = self.lines(found)
            rows.append(
                Row(
                    (
                        Cell(self.d.title(first)),
                        Cell(status, "mark"),
                        Cell(original or DASH),
                        Cell(revised or DASH),
                        self.reason(found, status),
                    )
                )
            )
        return tuple(rows)

    # ---- everything else

    def others(self) -> list[Block]:
        blocks: list[Block] = []
        rest = [c for c in self.changes if c.item.type not in SECTION_TYPES]
        for section in self.d.sections(rest):
            blocks += self._section(section)
        return blocks

    def _section(self, section: Section) -> list[Block]:
        out: list[Block] = [Heading(3, section.title, _anchor("other", section.title))]
        for item in section.items:
            head = item.title if item.type != "Agreement" else "The agreement as a whole"
            if item.kind in (Kind.ADDED, Kind.REMOVED, Kind.MOVED, Kind.RENAMED):
                what = {Kind.ADDED: "added", Kind.REMOVED: "removed", Kind.MOVED: "moved"}
                word = what.get(item.kind, "given a new id (same content)")
                place = f" ({item.where})" if item.where else ""
                out.append(Paragraph((Span(head, "strong"), Span(f" — {word}{place}")), "bullet"))
                for line in item.lines:
                    out.append(self._line(line))
                continue
            if item.type != "Agreement":
                out.append(Paragraph((Span(head, "strong"),)))
            out += [self._line(line) for line in item.lines if line.kind is not Kind.RENAMED]
            out += [Paragraph((Span("Reason: ", "strong"), Span(r))) for r in item.reasons]
        return out

    def _line(self, line: Line) -> Paragraph:
        label = Span(f"{line.label[0].upper()}{line.label[1:]}: ")
        if line.words:
            spans = [Span(t, {"=": "", "-": "del", "+": "ins"}[op]) for op, t in line.words]
            return Paragraph((label, *spans), "bullet")
        if line.kind is Kind.ADDED:
            return Paragraph((label, Span(line.new or "", "ins"), Span(" (added)")), "bullet")
        if line.kind is Kind.REMOVED:
            return Paragraph((label, Span(line.old or "", "del"), Span(" (removed)")), "bullet")
        return Paragraph(
            (label, Span(line.old or DASH, "del"), Span(" → "), Span(line.new or DASH, "ins")),
            "bullet",
        )


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
            "side by side, with the reason the newer version records."
        ),
        TableBlock(
            _table("schedule-indicators", "Indicators and targets", "Indicator", rows, True)
        ),
        Heading(1, "2 Funding streams", "funding"),
        Paragraph.of(
            f"{len(funding)} of {len(new.funding.streams)} funding streams changed."
            if funding
            else "No funding stream changed."
        ),
        TableBlock(_table("schedule-funding", "Funding streams", "Funding stream", funding, False)),
        Heading(1, "3 Freedoms and flexibilities", "freedoms"),
        Paragraph.of(
            f"{len(freedoms)} of {len(new.freedoms)} freedoms and flexibilities changed."
            if freedoms
            else "No freedom or flexibility changed."
        ),
        TableBlock(
            _table("schedule-freedoms", "Freedoms and flexibilities", "Freedom", freedoms, False)
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
            ("Changes", summary(changes)),
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
