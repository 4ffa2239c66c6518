"""What every part builder shares: the `Setting` it is built in and the table helpers.

`Setting` holds the agreement, the branding, the render options, the date due dates
are judged against and the reference lookups, with the phrasing that depends on them
(names of partners and outside bodies, titles, who acts and by when, open items). It
is frozen: the parts read it and never change it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..config import Branding
from ..model import Agreement, Indicator, Month, Status, last_day
from ..reference import NationalIndicator
from ..register import Entry
from .parts import Cell, HeadCell
from .wording import DASH, KIND_NAMES, format_date, span_label

# Tables with more leaf columns than this are printed on landscape pages: an indicator
# table of a 2008–11 LAA (ref, indicator, kind, partners, baseline, three years, status)
# still fits a portrait page.
PORTRAIT_MAX_COLUMNS = 9
# The register's entries name the item they belong to by these kinds.
INDICATOR_KINDS = frozenset({"indicator", "statutory target"})


def widths(weights: Sequence[float]) -> tuple[int, ...]:
    """Relative weights → whole percentages summing to 100."""
    total = sum(weights)
    raw = [w * 100 / total for w in weights]
    out = [int(r) for r in raw]
    # hand out the rounding remainder to the widest columns first, deterministically
    for i in sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))[: 100 - sum(out)]:
        out[i] += 1
    return tuple(out)


def head_row(*labels: str) -> tuple[tuple[HeadCell, ...]]:
    """A table head of one row of plain text headings."""
    return (tuple(HeadCell(label) for label in labels),)


def cell_or_dash(text: str | None) -> Cell:
    """A plain cell, or DASH when there is no text."""
    return Cell(text) if text else Cell(DASH, "none")


def names(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class Open:
    """The numbered register of what is still to be agreed, looked up by item and figure.

    A cell whose figure is awaited prints the entry's label ("R4") instead of the whole
    sentence, which the register at the front holds.
    """

    entries: tuple[Entry, ...] = ()

    def _of(self, kinds: frozenset[str], item_id: str) -> list[Entry]:
        return [e for e in self.entries if e.item_kind in kinds and e.item_id == item_id]

    def entry(self, kinds: frozenset[str], item_id: str, slot: tuple[str, ...]) -> Entry | None:
        """The entry for one figure of an item (its slot), if it is in the register."""
        return next((e for e in self._of(kinds, item_id) if e.slot == slot), None)

    def labels(
        self, kinds: frozenset[str], item_id: str, entry_kind: str | None = None
    ) -> list[str]:
        """'R4', 'R7': the entries of an item, or only those of one kind ('open item')."""
        return [
            e.label for e in self._of(kinds, item_id) if entry_kind is None or e.kind == entry_kind
        ]


@dataclass(frozen=True)
class Setting:
    """The agreement being rendered, how, and the lookups shared by the parts."""

    agreement: Agreement
    branding: Branding
    incomplete: bool  # rendered with --force despite errors
    today: dt.date  # due dates are judged against this (--today, the agreement's date, the clock)
    nis: Mapping[int, NationalIndicator]  # national indicators by number
    open_items: Open = Open()  # the register, numbered; empty where no register is printed

    @property
    def agreed(self) -> bool:
        """Whether the agreement as a whole has been agreed (agreed, signed or refreshed)."""
        return self.agreement.status in (Status.AGREED, Status.SIGNED, Status.REFRESHED)

    @property
    def years(self) -> list[str]:
        """Every financial year in the period, in order."""
        return self.agreement.period.years

    @property
    def baseline_year(self) -> str:
        """The year before the period starts: the default baseline year."""
        return self.agreement.period.baseline_year

    def partner_name(self, pid: str | None) -> str | None:
        """The name of a partner or outside body by id (what was written, when neither has it)."""
        if not pid:
            return None
        p = self.agreement.partner(pid)
        if p is not None:
            return p.name
        b = self.agreement.body(pid)
        return b.name if b is not None else pid

    def delivery(self, ind: Indicator, default_lead: str | None, marked: bool) -> str | None:
        """'*Testshire Council, Testshire PCT': the delivery partners, `marked` leads with '*'.

        The leads are the indicator's own (its outcome's lead when it names none); they
        come first when the delivery partners do not list them. Unmarked, only the
        lead is named (a table with no delivery partners has a 'Lead partner' column).
        """
        leads = ind.leads or ([default_lead] if default_lead else [])
        if not marked:
            return ", ".join(self.partner_name(p) or p for p in leads) or None
        ids = [p for p in leads if p not in ind.partners] + list(ind.partners)
        shown = [("*" if p in leads else "") + (self.partner_name(p) or p) for p in ids]
        return ", ".join(dict.fromkeys(shown)) or None

    def kind(self) -> str:
        """'Local Area Agreement'."""
        return KIND_NAMES[self.agreement.generation]

    def period_label(self) -> str:
        """'2008/09 to 2010/11'."""
        return f"{self.agreement.period.start} to {self.agreement.period.end}"

    def title(self) -> str:
        """'Northfleet Local Area Agreement 2008–11', unless the agreement names itself."""
        a = self.agreement
        if a.title:
            return a.title
        span = span_label(a.period.start, a.period.end)
        return f"{a.area.name} {self.kind()} {span}"

    def organisation(self) -> str:
        """Who issues the document: the branding's organisation, else the accountable body."""
        a = self.agreement
        return self.branding.organisation or a.area.accountable_body or a.area.name

    def unit(self, ind: Indicator) -> str | None:
        """An indicator's unit, from the agreement or else the national indicator set."""
        if ind.unit:
            return ind.unit
        ref = self.nis.get(ind.ni) if ind.ni is not None else None
        return ref.unit if ref else None

    def indicator_title(self, ind: Indicator) -> str:
        """'NI 117: 16 to 18 year olds who are not in education, training or employment (NEET)'."""
        if ind.title:
            title = ind.title
        elif ind.ni is not None and ind.ni in self.nis:
            title = self.nis[ind.ni].title
        else:
            title = ind.id
        return f"{ind.code}: {title}" if ind.ni is not None else title

    def overdue(self, due: dt.date | Month | None) -> bool:
        """True when a due date has passed (a month has passed once it is over)."""
        return due is not None and last_day(due) < self.today

    def due_date(self, due: dt.date | Month) -> str:
        """'31 March 2009', or '31 March 2009 (overdue)' once it has passed."""
        return format_date(due) + (" (overdue)" if self.overdue(due) else "")

    def from_whom(self, owner: str | None, due: dt.date | Month | None) -> str:
        """'from Testshire Council by 31 March 2009 (overdue)', or '' when neither is known."""
        who = self.partner_name(owner)
        parts = [f"from {who}" if who else "", f"by {self.due_date(due)}" if due else ""]
        return " ".join(p for p in parts if p)

    def open_phrase(self, item: object) -> str | None:
        """'Data sharing protocol (Testshire Police, by 30 September 2008).' for an open item."""
        op = getattr(item, "open", None)
        if op is None:
            return None
        what = op.issue or "details to be settled"
        who = self.partner_name(op.owner)
        by = f"by {self.due_date(op.due)}" if op.due else None
        tail = ", ".join(x for x in (who, by) if x)
        return f"{what} ({tail})." if tail else f"{what}."

    def open_text(self, ref: str, item: object) -> str | None:
        """'3.1.3: still to be agreed — …' for a note under a table."""
        phrase = self.open_phrase(item)
        return f"{ref}: still to be agreed — {phrase}" if phrase else None
