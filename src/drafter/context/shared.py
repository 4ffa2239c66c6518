"""What every part builder shares: the `Setting` it is built in and the table helpers.

`Setting` holds the agreement, the branding, the render options and the reference
lookups, with the phrasing that depends on them (names, titles, figures,
placeholders, open items). It is frozen: the parts read it and never change it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..config import Branding
from ..model import VAGUE_WORDS, Agreement, Figure, Indicator
from ..reference import NationalIndicator
from .parts import Cell
from .wording import DASH, KIND_NAMES, decimals, format_date, format_number, span_label

# Tables with more leaf columns than this are printed on landscape pages.
PORTRAIT_MAX_COLUMNS = 8


def widths(weights: Sequence[float]) -> tuple[int, ...]:
    """Relative weights → whole percentages summing to 100."""
    total = sum(weights)
    raw = [w * 100 / total for w in weights]
    out = [int(r) for r in raw]
    # hand out the rounding remainder to the widest columns first, deterministically
    for i in sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))[: 100 - sum(out)]:
        out[i] += 1
    return tuple(out)


def cell_or_dash(text: str | None) -> Cell:
    """A plain cell, or DASH when there is no text."""
    return Cell(text) if text else Cell(DASH, "none")


@dataclass(frozen=True)
class Setting:
    """The agreement being rendered, how, and the lookups shared by the parts."""

    agreement: Agreement
    branding: Branding
    incomplete: bool  # rendered with --force despite errors
    generated: dt.date
    nis: Mapping[int, NationalIndicator]  # national indicators by number

    @property
    def years(self) -> list[str]:
        """Every financial year in the period, in order."""
        return self.agreement.period.years

    @property
    def baseline_year(self) -> str:
        """The year before the period starts: the default baseline year."""
        return self.agreement.period.baseline_year

    def partner_name(self, pid: str | None) -> str | None:
        """A partner's name by id (the id itself when no partner has it)."""
        if not pid:
            return None
        p = self.agreement.partner(pid)
        return p.name if p else pid

    def lead_names(self, ind: Indicator, default: str | None) -> str | None:
        """The names of an indicator's lead partners (its outcome's lead when it has none)."""
        leads = ind.leads or ([default] if default else [])
        return ", ".join(n for n in (self.partner_name(p) for p in leads) if n) or None

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
        elif fig.not_applicable:
            text, kind = "N/A", "relative"
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
