"""The record of changes, as the documents print it: earlier and proposed values, and why.

A change in force keeps the earlier values under `was`: the table prints the current
value with "was …" beside it, and a note says when it changed, why and who approved
it. A change still awaiting approval keeps the agreed value in the table, with
"proposed: …" beside it, and the note says whose approval it awaits — a pending
change is never printed as done. A rejected proposal is recorded in a note only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..model import (
    ApprovalStatus,
    ChangeBase,
    Figure,
    FreedomChange,
    IndicatorChange,
    IndicatorValues,
    Removal,
    StreamChange,
    StreamValues,
)
from .figures import amount_text, figure_cell
from .shared import Setting
from .wording import FREEDOM_LABELS, TARGET_TYPE_LABELS, TREATMENT_LABELS, on_date

# Where a value sits in an indicator's row: ("baseline", ""), or (year, "with"/"without").
Slot = tuple[str, str]
WAS, TO = " was ", ": "  # 'the lead was X' (earlier values), 'the lead: Y' (proposed)
AWAITED = "awaited"  # a figure that was (or is proposed to be) still to follow
REMOVAL_WORDS = {
    Removal.AGREEMENT: "removal from the agreement",
    Removal.REWARD: "removal from the reward (the target stays in the agreement)",
}


@dataclass(frozen=True)
class History:
    """What an item's changes add to the document: marks beside values, and notes."""

    marks: Mapping[Slot, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    pending_removal: str | None = None  # 'removal from reward proposed' (awaiting approval)


@dataclass
class _Values:
    """One change's values: those shown beside a cell, and the rest, in words."""

    cells: dict[Slot, str] = field(default_factory=dict)
    named: list[str] = field(default_factory=list)  # what changed, for the note
    rest: list[str] = field(default_factory=list)  # values with no cell of their own


def occasion(s: Setting, c: ChangeBase) -> str:
    """'at the 2009 refresh, in version 2.0, on 12 March 2009' — when a change was made."""
    parts = []
    if c.refresh:
        r = s.agreement.refresh_named(c.refresh)
        parts.append(f"at {r.title if r is not None and r.title else c.refresh}")
    if c.version:
        parts.append(f"in version {c.version}")
    if c.date:
        parts.append(on_date(c.date))
    return ", ".join(parts)


def approval(s: Setting, c: ChangeBase) -> str:
    """'approved by GOWM on 12 March 2009', 'awaiting approval by DCSF by 31 March 2010'."""
    a = c.approval
    if a is None:
        return "awaiting approval" if c.pending else ""
    who = s.partner_name(a.by)
    if a.status is ApprovalStatus.AWAITING:
        text = "awaiting approval" + (f" by {who}" if who else "")
        return text + (f" by {s.due_date(a.date)}" if a.date else "")
    text = a.status.value + (f" by {who}" if who else "")
    return text + (f" {on_date(a.date)}" if a.date else "")


def _sentence(opening: str, items: Sequence[str], tail: str, reason: str | None) -> str:
    """'Changed at the 2009 refresh: the baseline; approved by GOWM. Reason: …'."""
    text = opening + (": " + "; ".join(items) if items else "")
    text += f" — {tail}" if tail else ""
    text += "."
    if reason and reason.strip():
        text += f" Reason: {reason.strip()}"
    return text


def _notes_and_marks(
    s: Setting, changes: Iterable[tuple[ChangeBase, _Values | None, _Values | None]]
) -> History:
    """Marks and notes for a list of (change, its earlier values, its proposed values)."""
    marks: dict[Slot, list[str]] = {}
    earlier: dict[Slot, list[str]] = {}  # the values a slot had before, oldest first
    notes: list[str] = []
    for c, was, proposed in changes:
        when = occasion(s, c)
        state = approval(s, c)
        rejected = c.approval is not None and c.approval.status is ApprovalStatus.REJECTED
        if proposed is not None and c.pending:
            for slot, text in proposed.cells.items():
                marks.setdefault(slot, []).append(f"proposed: {text}")
            items = proposed.named + proposed.rest
            notes.append(_sentence(f"Proposed {when}".strip(), items, state, c.reason))
        elif proposed is not None and rejected:
            items = [
                *(f"{n} {t}" for n, t in zip(proposed.named, proposed.cells.values(), strict=True)),
                *proposed.rest,
            ]
            notes.append(_sentence(f"Proposed {when} and {state}".strip(), items, "", c.reason))
        if was is not None:
            for slot, text in was.cells.items():
                earlier.setdefault(slot, []).append(text)
            items = was.named + [f"{r}" for r in was.rest]
            notes.append(_sentence(f"Changed {when}".strip(), items, state, c.reason))
        elif proposed is None:
            notes.append(_sentence(f"Changed {when}".strip(), [], state, c.reason))
    for slot, values in earlier.items():  # 'was 13.4%, then 15.2%' before any proposal
        kept = [v for k, v in enumerate(values) if k == 0 or v != values[k - 1]]
        marks.setdefault(slot, []).insert(0, "was " + ", then ".join(kept))
    return History({k: tuple(v) for k, v in marks.items()}, tuple(notes))


# ---------------------------------------------------------------- indicators


def indicator_history(
    s: Setting, changes: Sequence[IndicatorChange], unit: str | None, period: str | None = None
) -> History:
    """Marks and notes for an indicator row's changes; its years are the table's columns.

    `period` is the period of the row's baseline: an earlier or proposed baseline
    names its own period only when it is another one.
    """
    history = _notes_and_marks(
        s,
        (
            (
                c,
                _indicator_values(s, c.was, unit, WAS, period) if c.was else None,
                _indicator_values(s, c.proposed, unit, TO, period) if c.proposed else None,
            )
            for c in changes
        ),
    )
    removal = next(
        (
            c
            for c in changes
            if c.pending and c.proposed is not None and c.proposed.remove is not None
        ),
        None,
    )
    pending = None
    if removal is not None and removal.proposed is not None and removal.proposed.remove:
        what = "removal" if removal.proposed.remove is Removal.AGREEMENT else "removal from reward"
        pending = f"{what} proposed"  # who and by when: in the notes and the register
    return History(history.marks, history.notes, pending)


def _indicator_values(
    s: Setting, v: IndicatorValues, unit: str | None, before: str, period: str | None
) -> _Values:
    out = _Values()
    years = set(s.years)

    def figure(slot: Slot, name: str, fig: Figure) -> None:
        default = (period or s.baseline_year) if slot[0] == "baseline" else None
        text = figure_cell(s, fig, unit, name, default).text
        if slot[0] == "baseline" or (slot[0] in years and slot[1] != "trigger"):
            if fig.is_placeholder:
                # A narrow cell says only that it was awaited; the note says what, from
                # whom and by when.
                out.cells[slot] = AWAITED
                out.named.append(f"{name} ({AWAITED}: {text.removeprefix('Missing: ')})")
            else:
                out.cells[slot] = text
                out.named.append(name)
        else:
            out.rest.append(f"{name}{before}{text}")

    if v.baseline is not None:
        figure(("baseline", ""), "the baseline", v.baseline)
    for year, yt in v.targets.items():
        stretched = yt.without is not None
        if yt.without is not None:
            figure((year, "without"), f"the {year} level without the agreement", yt.without)
        if yt.target is not None:
            label = "stretched level" if stretched else "target"
            figure((year, "with"), f"the {year} {label}", yt.target)
        if yt.trigger is not None:
            figure((year, "trigger"), f"the {year} trigger level", yt.trigger)
    if v.type is not None:
        out.rest.append(f"the kind of target{before}{TARGET_TYPE_LABELS[v.type]}")
    if v.lead is not None:
        leads = [v.lead] if isinstance(v.lead, str) else v.lead
        shown = ", ".join(s.partner_name(p) or p for p in leads)
        out.rest.append(f"the lead{before}{shown}")
    if v.remove is not None:
        out.rest.append(REMOVAL_WORDS[v.remove])
    return out


# ---------------------------------------------------------------- funding streams, freedoms


def stream_history(s: Setting, changes: Sequence[StreamChange]) -> History:
    """Marks beside a stream's amounts (keyed (year, "")) and notes for its changes."""
    return _notes_and_marks(
        s,
        (
            (
                c,
                _stream_values(s, c.was, WAS) if c.was else None,
                _stream_values(s, c.proposed, TO) if c.proposed else None,
            )
            for c in changes
        ),
    )


def _stream_values(s: Setting, v: StreamValues, before: str) -> _Values:
    out = _Values()
    years = set(s.years)
    for year, amount in v.amounts.items():
        text = amount_text(s, amount)
        if year in years:
            out.cells[(year, "")] = text
            out.named.append(f"the {year} amount")
        else:
            out.rest.append(f"the {year} amount{before}{text}")

    def word(name: str, value: str | None) -> None:
        if value is not None:
            out.rest.append(f"{name}{before}{value}")

    word("the treatment", TREATMENT_LABELS[v.treatment] if v.treatment else None)
    if v.consent is not None:
        word("the owner's consent", "given" if v.consent else "not given")
    word("the holder", s.partner_name(v.owner))
    word("the department", v.department)
    return out


def freedom_history(s: Setting, changes: Sequence[FreedomChange]) -> tuple[str, ...]:
    """One line per change to a freedom: its earlier or proposed answer, when, why."""

    def values(v: object, before: str) -> _Values:
        out = _Values()
        for name, attr in (
            ("the status", "status"),
            ("the response", "response"),
            ("the conditions", "conditions"),
            ("the request", "request"),
        ):
            value = getattr(v, attr)
            if value is not None:
                shown = FREEDOM_LABELS[value] if attr == "status" else value
                out.rest.append(f"{name}{before}{shown}")
        return out

    return _notes_and_marks(
        s,
        (
            (
                c,
                values(c.was, WAS) if c.was else None,
                values(c.proposed, TO) if c.proposed else None,
            )
            for c in changes
        ),
    ).notes
