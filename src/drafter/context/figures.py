"""How one figure, amount or level is printed: as written, how firm it is, what is awaited.

A figure keeps the precision it was written with (48 → "48%", 48.0 → "48.0%",
'52.50' → "52.50"); its status (provisional, indicative, estimate), basis, period
and note follow it in brackets. A figure that is awaited and has an entry in the
register at the front prints a short marker pointing to it — "To follow (R4)",
"54.0% (to be confirmed: R4)", "Not known (R5)" — and the register says what is
missing, who provides it and by when. Without an entry (a row removed at a refresh,
a comparison of versions) it prints that in full. "Not applicable" is never
confused with missing. Overdue dates are marked, judged against the Setting's `today`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import (
    STANDARD_THRESHOLD_PERCENT,
    VAGUE_WORDS,
    Figure,
    FigureStatus,
    Money,
    Outturn,
    YearTarget,
)
from ..register import Entry
from .parts import Cell
from .shared import Setting
from .wording import DASH, MAX_PLACES, decimals, format_number, money, written_places

NOT_APPLICABLE = "Not applicable"
NOT_KNOWN = "Not known"
TO_FOLLOW = "To follow"  # a figure still to be provided, with its register entry
# How firm a figure is, where it is not simply confirmed.
STATUS_MARKS = {
    FigureStatus.PROVISIONAL: "provisional",
    FigureStatus.INDICATIVE: "indicative",
    FigureStatus.ESTIMATE: "estimate",
}


def vague(text: str | None) -> bool:
    """True for a bare 'TBC', 'to be agreed' or nothing at all: no words worth printing."""
    said = (text or "").strip()
    return not said or (bool(VAGUE_WORDS.match(said)) and len(said.split()) <= 4)


def as_written(value: float, unit: str | None, places: int | None = None) -> str:
    """A number with its unit, to the places it was written with."""
    return format_number(value, unit, written_places(value, places))


def bracketed(text: str, extras: Sequence[str]) -> str:
    """'48% (2006/07; provisional)': text followed by its extras, if any."""
    shown = [e for e in extras if e]
    return f"{text} ({'; '.join(shown)})" if shown else text


def to_be_confirmed(s: Setting, missing: str | None, owner: str | None, due: object) -> str:
    """'to be confirmed by Testshire Council by 31 March 2009 (overdue): the 2008 survey'."""
    who = s.partner_name(owner)
    text = "to be confirmed"
    if who:
        text += f" by {who}"
    if due is not None:
        text += f" by {s.due_date(due)}"  # type: ignore[arg-type]
    return text if vague(missing) else f"{text}: {(missing or '').strip()}"


def pointer(entry: Entry) -> str:
    """'R4', or 'R4, overdue': where the register says what is awaited."""
    return entry.label + (", overdue" if entry.overdue else "")


def placeholder(s: Setting, fig: Figure, role: str) -> str:
    """'Missing: baseline from Place Survey — from Northfleet PCT by 31 March 2009'."""
    what = (fig.missing or "").strip()
    if vague(what):
        what = f"{role} to be confirmed"
    who = s.from_whom(fig.owner, fig.due)
    return f"Missing: {what}" + (f" — {who}" if who else "")


def figure_cell(
    s: Setting,
    fig: Figure | None,
    unit: str | None,
    role: str,
    default_period: str | None = None,
    marks: Sequence[str] = (),
    entry: Entry | None = None,
) -> Cell:
    """One figure as a table cell; `marks` are history notes ('was 40.0') printed with it.

    `entry` is the figure's entry in the register, when it is awaited and has one.
    """
    if fig is None:
        return Cell(bracketed(DASH, marks), "") if marks else Cell(DASH, "none")
    kind = "number"
    awaited = [pointer(entry)] if entry is not None and fig.is_placeholder else []
    if fig.value is not None:
        text = as_written(fig.value, unit, fig.places)
    elif fig.relative:
        text, kind = fig.relative, "relative"
    elif fig.is_placeholder:
        text = TO_FOLLOW if awaited else placeholder(s, fig, role)
        kind = "placeholder"
    elif fig.not_applicable:
        text, kind = NOT_APPLICABLE, "na"
    else:
        return Cell(bracketed(DASH, marks), "") if marks else Cell(DASH, "none")
    period = fig.period if fig.period and fig.period != default_period else None
    status = STATUS_MARKS.get(fig.status) if fig.status else None
    extras = [period or "", status or "", fig.basis or "", fig.note or "", *marks, *awaited]
    if fig.awaiting and entry is not None:
        extras.append(f"to be confirmed: {pointer(entry)}")
    text = bracketed(text, extras)
    if fig.awaiting:
        if entry is None:
            text += " — " + to_be_confirmed(s, fig.missing, fig.owner, fig.due)
        kind = "placeholder"
    elif kind == "number" and (fig.basis or fig.note or marks):
        kind = ""  # a note makes it text; right-aligning prose reads badly
    return Cell(text, kind)


def amount_text(s: Setting, m: Money, marks: Sequence[str] = (), entry: Entry | None = None) -> str:
    """'£1,450,000', 'about £212,000,000 (indicative)', 'up to £250,000', or 'Not known: …'.

    `marks` are history notes ('was £1,050,000') printed with it; `entry` is the
    amount's entry in the register, when it is awaited and has one ('Not known (R5)').
    """
    if m.value is None and entry is not None:
        return bracketed(NOT_KNOWN, [m.note or "", *marks, pointer(entry)])
    if m.value is None:
        what = "" if vague(m.missing) else f": {(m.missing or '').strip()}"
        who = s.from_whom(m.owner, m.due)
        return bracketed(NOT_KNOWN + what + (f" — {who}" if who else ""), [m.note or "", *marks])
    text = ("about " if m.approximate else "") + ("up to " if m.up_to else "") + money(m.value)
    firm = STATUS_MARKS.get(m.status) if m.status else None
    if m.confirmed_by or m.status is FigureStatus.CONFIRMED:
        by = s.partner_name(m.confirmed_by)
        firm = "confirmed" + (f" by {by}" if by else "")
    awaited = [f"to be confirmed: {pointer(entry)}"] if entry and m.missing is not None else []
    text = bracketed(text, [firm or "", m.note or "", *marks, *awaited])
    if m.missing is not None and entry is None:
        text += " — " + to_be_confirmed(s, m.missing, m.owner, m.due)
    return text


def amount_cell(
    s: Setting, m: Money | None, marks: Sequence[str] = (), entry: Entry | None = None
) -> Cell:
    """An amount as a table cell: right-aligned when it is a plain sum of money."""
    if m is None:
        return Cell(bracketed(DASH, marks), "") if marks else Cell(DASH, "none")
    text = amount_text(s, m, marks, entry)
    if m.value is None or m.missing is not None:
        return Cell(text, "placeholder")
    return Cell(text, "number" if text == money(m.value) else "")


def worked_out(without: float, target: float, threshold: float, places: int) -> float:
    """The trigger level: without + threshold × (with − without), to `places`."""
    return round(without + threshold / 100 * (target - without), places)


def trigger_text(s: Setting, yt: YearTarget, unit: str | None, short: bool = False) -> str | None:
    """The level at which reward starts: as stated, or worked out (and labelled so).

    `short` for a table whose notes explain the rule: '79.7% (worked out)'.
    """
    if yt.trigger is not None:
        return figure_cell(s, yt.trigger, unit, "trigger level").text + " (stated)"
    w, t = yt.without, yt.target
    if w is None or t is None or w.value is None or t.value is None:
        return None
    r = s.agreement.reward
    stated = r is not None and r.threshold_percent is not None
    threshold = (
        r.threshold_percent
        if r is not None and r.threshold_percent is not None
        else (STANDARD_THRESHOLD_PERCENT)
    )
    # As precise as the levels, and up to two places more where the arithmetic needs
    # them: 67.0 and 73.0 give 70.6, 5.8 and 4.6 give 5.08, 73.0 and 78.0 give 76.0.
    written = max(written_places(w.value, w.places), written_places(t.value, t.places))
    level = worked_out(float(w.value), float(t.value), threshold, min(written + 2, MAX_PLACES))
    places = max(written, decimals(level))
    if short:
        return f"{format_number(level, unit, places)} (worked out)"
    rule = "" if stated else "the standard "
    return (
        f"{format_number(level, unit, places)} (worked out at {rule}"
        f"{format_number(threshold)}% of the stretch)"
    )


def outturn_text(o: Outturn, unit: str | None) -> str:
    """'68.2% (2007/08; provisional; Ofsted)', the latest actual figure."""
    text = as_written(o.value, unit) if o.value is not None else NOT_KNOWN
    return bracketed(
        text,
        [o.period or "", "provisional" if o.provisional else "", o.source or "", o.note or ""],
    )
