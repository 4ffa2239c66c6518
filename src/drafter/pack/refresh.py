"""At refresh: original and renegotiated values side by side, changes awaiting sign-off marked.

This is the form Government Offices used at each refresh: per changed item, the value
as originally agreed, the renegotiated value, whether the change still awaits
Government Office sign-off, and the commentary (the reason given). It reads the
per-item change record (`changes:`) and each indicator's refresh status. A change in
force keeps its earlier values under `was` (the item holds the new ones); a pending
change keeps its new values under `proposed` (the item still holds the agreed ones).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..context.figures import figure_cell
from ..context.shared import Setting
from ..context.wording import (
    DASH,
    FREEDOM_LABELS,
    TREATMENT_LABELS,
    format_date,
    money,
)
from ..model import (
    VAGUE_WORDS,
    Agreement,
    ApprovalStatus,
    ChangeBase,
    Figure,
    Freedom,
    FundingStream,
    Indicator,
    Money,
    RefreshStatus,
    YearTarget,
)


@dataclass(frozen=True)
class RefreshRow:
    """One changed value: what it was, what it is (or would be), and where the change stands."""

    item_kind: str  # indicator, statutory target, funding stream, freedom
    item_id: str
    item: str  # 'NI 117' or the stream's or freedom's name
    what: str  # 'baseline', '2009/10 target', 'treatment', 'status', 'row'
    original: str
    renegotiated: str
    state: str  # 'agreed', 'awaiting sign-off', 'rejected', or a refresh status
    pending: bool
    approval: str  # 'approved by GOWM on 3 March 2009', 'awaiting GOWM by 31 March 2009'
    commentary: str
    refresh: str | None  # the refresh's title, when the change names one


REFRESH_WORDS = {
    RefreshStatus.NEW: "new at the refresh",
    RefreshStatus.REFRESHED: "refreshed",
    RefreshStatus.NO_CHANGE: "no change",
    RefreshStatus.REMOVED: "removed",
    RefreshStatus.REMOVED_FROM_REWARD: "removed from reward only",
    RefreshStatus.OUTSTANDING: "outstanding",
}


def has_refresh(a: Agreement) -> bool:
    """True when the agreement records a refresh, a change or a refresh status."""
    items: Sequence[Any] = (*a.indicators(), *a.statutory, *a.funding.streams, *a.freedoms)
    return bool(a.refreshes) or any(
        getattr(i, "changes", None) or getattr(i, "refresh", None) is not None for i in items
    )


def refresh_rows(s: Setting) -> tuple[RefreshRow, ...]:
    """Every changed value, item by item in document order; pending changes marked."""
    a = s.agreement
    rows: list[RefreshRow] = []
    for ind in a.indicators():
        rows.extend(_indicator(s, ind, "indicator"))
    for ind in a.statutory:
        rows.extend(_indicator(s, ind, "statutory target"))
    for f in a.funding.streams:
        rows.extend(_stream(s, f))
    for fr in a.freedoms:
        rows.extend(_freedom(s, fr))
    return tuple(rows)


def _approval(s: Setting, c: ChangeBase) -> tuple[str, str, bool]:
    """(state, approval in words, pending) for one change."""
    ap = c.approval
    who = s.partner_name(ap.by) if ap and ap.by else None
    if ap and ap.by and s.agreement.body(ap.by):
        body = s.agreement.body(ap.by)
        who = body.name if body else who
    when = format_date(ap.date) if ap and ap.date else None
    if c.pending:
        text = "awaiting Government Office sign-off" if not who else f"awaiting {who}"
        return "awaiting sign-off", text + (f", due {when}" if when else ""), True
    if ap and ap.status is ApprovalStatus.REJECTED:
        text = "rejected" + (f" by {who}" if who else "") + (f" on {when}" if when else "")
        return "rejected", text, False
    if ap and ap.status is ApprovalStatus.APPROVED:
        text = "approved" + (f" by {who}" if who else "") + (f" on {when}" if when else "")
        return "agreed", text, False
    return "agreed", "in force (no approval recorded)", False


def _refresh_title(a: Agreement, c: ChangeBase) -> str | None:
    if c.refresh is None:
        return None
    r = a.refresh_named(c.refresh)
    return (r.title or r.id) if r else c.refresh


Values = Callable[[Any], Iterator[tuple[str, str]]]


def _rows(
    s: Setting,
    kind: str,
    ident: str,
    name: str,
    changes: Sequence[ChangeBase],
    current: Any,
    values: Values,
) -> Iterator[RefreshRow]:
    """Rows of one item's changes: original and renegotiated value of every field changed."""
    applied = [c for c in changes if not c.pending and _approval(s, c)[0] != "rejected"]
    was_of = {id(c): dict(values(getattr(c, "was", None))) for c in applied}
    now = dict(values(current))
    for c in changes:
        state, approval, pending = _approval(s, c)
        if pending or state == "rejected":
            after = dict(values(getattr(c, "proposed", None)))
            before = {k: now.get(k, DASH) for k in after}
        else:
            before = was_of[id(c)]
            # The renegotiated value is what the next change in force started from, else
            # the value the item holds now.
            later = applied[applied.index(c) + 1 :]
            after = {
                k: next((was_of[id(x)][k] for x in later if k in was_of[id(x)]), now.get(k, DASH))
                for k in before
            }
        for what in dict.fromkeys([*before, *after]):
            yield RefreshRow(
                kind,
                ident,
                name,
                what,
                before.get(what, DASH),
                after.get(what, DASH),
                state,
                pending,
                approval,
                (c.reason or "").strip(),
                _refresh_title(s.agreement, c),
            )


def _indicator(s: Setting, ind: Indicator, kind: str) -> Iterator[RefreshRow]:
    unit = s.unit(ind)

    def fig(f: Figure | None, role: str) -> str:
        if f is not None and f.is_placeholder:  # who and when are in the register
            said = (f.missing or "").strip()
            vague = not said or bool(VAGUE_WORDS.match(said))
            return "to follow" if vague else f"to follow ({said})"
        return figure_cell(s, f, unit, role).text

    def year_text(yt: YearTarget) -> str:
        if yt.without is not None:
            return f"{fig(yt.without, 'level')} without, {fig(yt.target, 'target')} with"
        return fig(yt.target, "target")

    def values(v: Any) -> Iterator[tuple[str, str]]:
        if v is None:
            return
        if v.baseline is not None:
            yield "baseline", fig(v.baseline, "baseline")
        for year, yt in sorted(v.targets.items()):
            yield f"{year} target", year_text(yt)
        if v.type is not None:
            yield "kind of target", v.type.value
        if v.lead is not None:
            leads = [v.lead] if isinstance(v.lead, str) else v.lead
            yield "lead", ", ".join(s.partner_name(p) or p for p in leads)
        if isinstance(v, Indicator):
            yield "row", "in the agreement"
        elif v.remove is not None:
            yield "row", "removed" + (" from reward" if v.remove.value == "reward" else "")

    rows = list(_rows(s, kind, ind.id, ind.code, ind.changes, ind, values))
    if ind.refresh is not None and ind.refresh is not RefreshStatus.NO_CHANGE and not rows:
        word = REFRESH_WORDS[ind.refresh]
        rows.append(
            RefreshRow(kind, ind.id, ind.code, "row", DASH, word, word, False, "", "", None)
        )
    yield from rows


def _money(m: Money | None) -> str:
    if m is None:
        return DASH
    if m.value is None:
        return "not yet known"
    return ("up to " if m.up_to else "about " if m.approximate else "") + money(m.value)


def _stream(s: Setting, f: FundingStream) -> Iterator[RefreshRow]:
    def values(v: Any) -> Iterator[tuple[str, str]]:
        if v is None:
            return
        for year, m in sorted(v.amounts.items()):
            yield f"{year} amount", _money(m)
        if v.treatment is not None:
            yield "treatment", TREATMENT_LABELS[v.treatment]
        if v.consent is not None:
            yield "owner's consent", "given" if v.consent else "not given"
        if v.owner is not None:
            yield "holder", s.partner_name(v.owner) or v.owner
        if v.department is not None:
            yield "department", v.department

    yield from _rows(s, "funding stream", f.id, f.name, f.changes, f, values)


def _freedom(s: Setting, fr: Freedom) -> Iterator[RefreshRow]:
    def values(v: Any) -> Iterator[tuple[str, str]]:
        if v is None:
            return
        if v.status is not None:
            yield "status", FREEDOM_LABELS[v.status]
        for key in ("request", "response", "conditions"):
            if getattr(v, key, None):
                yield key, getattr(v, key)

    yield from _rows(s, "freedom", fr.id, fr.title, fr.changes, fr, values)
