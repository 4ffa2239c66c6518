"""The register of what is still to be agreed: one list, built from the model.

Evaluations found that the main reason drafts went back was an unclear picture of
"what has been agreed so far and what is still to be agreed". This module gathers
every such item of an agreement into one register — placeholders and figures awaiting
confirmation, amounts not yet known, open items, freedoms still before government,
funding streams whose owner has not consented, and changes awaiting approval — each
with what is missing, who acts and by when. Overdue items come first.

The agreement document prints the register at its front, and the Government Office
summaries and packs print it per area; both read it from here. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from .model import (
    OPEN_FREEDOM_STATUSES,
    VAGUE_WORDS,
    Agreement,
    ChangeBase,
    Figure,
    FundingStream,
    Indicator,
    Month,
    OpenItem,
    PathKey,
    Treatment,
    last_day,
)

# Treatments under which the owning partner must consent to the stream's use.
CONSENT_NEEDED = frozenset(
    {Treatment.POOLED, Treatment.MANDATORY_POOLED, Treatment.ALIGNED, Treatment.TO_BE_NEGOTIATED}
)


@dataclass(frozen=True)
class Entry:
    """One thing still to be agreed.

    `kind` is one of: placeholder, confirmation, amount, open item, freedom, consent,
    approval. `item_kind` and `item_id` name the item it belongs to (indicator,
    statutory target, outcome, funding stream, freedom), so a document can point to
    where the item is printed; `path` is its place in the data, for positions. `slot`
    is the figure within the item that is awaited — ("baseline",), ("2009/10",
    "with"), ("2009/10", "without"), ("2009/10", "trigger") for an indicator,
    ("2009/10",) for a stream's amount — so a table cell can point to its entry; it is
    () for an entry about the item as a whole. `number` is the entry's place in the
    register, from 1 (0 until numbered), printed as "R1", "R2", … `reason` is the
    reason given for a change awaiting approval (already in `what`, in brackets).
    """

    kind: str
    item_kind: str
    item_id: str
    subject: str  # 'NI 117' or the item's title, for the reader
    what: str  # what is missing or awaited, as a phrase
    owner: str | None  # a partner or body id, or a name, as written
    due: dt.date | Month | None
    overdue: bool
    path: PathKey
    slot: tuple[str, ...] = ()
    number: int = 0
    reason: str | None = None

    @property
    def label(self) -> str:
        """'R4': how documents refer to the entry."""
        return f"R{self.number}"

    @property
    def headline(self) -> str:
        """What is awaited, without the reason for a change (which `what` ends with)."""
        tail = f" ({self.reason})"
        return self.what.removesuffix(tail) if self.reason else self.what

    @property
    def due_day(self) -> dt.date | None:
        """The last day the due date can mean (for sorting and checks)."""
        return last_day(self.due) if self.due is not None else None


KIND_TITLES = {
    "placeholder": "Figure to be provided",
    "confirmation": "Figure to be confirmed",
    "amount": "Amount to be confirmed",
    "open item": "Still to be agreed",
    "freedom": "Freedom awaiting an answer",
    "consent": "Consent to be given",
    "approval": "Change awaiting approval",
}


def register(agreement: Agreement, today: dt.date) -> tuple[Entry, ...]:
    """Everything still to be agreed, overdue first, then by due date, then in document order.

    The entries are numbered from 1 in that order.
    """
    entries = list(_Collector(today).agreement(agreement))
    far = dt.date.max
    ranked = sorted(
        enumerate(entries), key=lambda ne: (not ne[1].overdue, ne[1].due_day or far, ne[0])
    )
    return tuple(replace(e, number=k) for k, (_, e) in enumerate(ranked, 1))


# The item an entry belongs to: (item kind, id, subject, path).
_Item = tuple[str, str, str, PathKey]


@dataclass(frozen=True)
class _Collector:
    """Walks an agreement and makes an entry for everything still open."""

    today: dt.date

    def entry(
        self,
        kind: str,
        item: _Item,
        what: str,
        owner: str | None,
        due: dt.date | Month | None,
        slot: tuple[str, ...] = (),
        reason: str | None = None,
    ) -> Entry:
        item_kind, item_id, subject, path = item
        overdue = due is not None and last_day(due) < self.today
        return Entry(
            kind, item_kind, item_id, subject, what, owner, due, overdue, path, slot, 0, reason
        )

    def agreement(self, a: Agreement) -> Iterator[Entry]:
        for path, outcome, _ in a.outcome_paths():
            if outcome.open is not None:
                yield self.open(("outcome", outcome.id, outcome.title, path), outcome.open)
            for i, ind in enumerate(outcome.indicators):
                yield from self.indicator(ind, "indicator", (*path, "indicators", i))
        for i, ind in enumerate(a.statutory):
            yield from self.indicator(ind, "statutory target", ("statutory", i))
        for i, stream in enumerate(a.funding.streams):
            yield from self.stream(stream, ("funding", "streams", i))
        for i, f in enumerate(a.freedoms):
            here = ("freedom", f.id, f.title, ("freedoms", i))
            if f.status is None or f.status in OPEN_FREEDOM_STATUSES:
                # The freedom's own open item, when it has one, says who acts and by when.
                op = f.open or OpenItem()
                what = op.issue or f"an answer from {f.department or 'government'} to the request"
                yield self.entry("freedom", here, what, op.owner or f.department, op.due)
            elif f.open is not None:
                yield self.open(here, f.open)
            yield from self.approvals(here, f.changes)

    def indicator(self, ind: Indicator, item_kind: str, path: PathKey) -> Iterator[Entry]:
        here = (item_kind, ind.id, ind.code, path)
        if ind.open is not None:
            yield self.open(here, ind.open)
        if ind.in_agreement:
            for label, slot, fig in _figures(ind):
                if fig.open:
                    yield self.figure(here, label, fig, slot)
        yield from self.approvals(here, ind.changes)

    def stream(self, stream: FundingStream, path: PathKey) -> Iterator[Entry]:
        here = ("funding stream", stream.id, stream.name, path)
        if stream.open is not None:
            yield self.open(here, stream.open)
        for year, amount in stream.amounts.items():
            if amount.missing is None:
                continue
            if amount.value is None:
                what = f"the {year} amount: {amount.missing}"
            else:
                what = f"confirmation of the {year} amount ({amount.missing})"
            yield self.entry("amount", here, what, amount.owner, amount.due, (year,))
        if stream.treatment in CONSENT_NEEDED and stream.consent is not True:
            if stream.treatment is Treatment.TO_BE_NEGOTIATED:
                what = "the owner's consent to the stream's use in the agreement"
            else:
                what = f"the owner's consent to the stream being {stream.treatment}"
            yield self.entry("consent", here, what, stream.owner, None)
        yield from self.approvals(here, stream.changes)

    def figure(self, here: _Item, label: str, fig: Figure, slot: tuple[str, ...]) -> Entry:
        said = (fig.missing or "").strip()
        vague = not said or (bool(VAGUE_WORDS.match(said)) and len(said.split()) <= 4)
        if fig.awaiting:
            what = f"confirmation of the {label}" + ("" if vague else f" ({said})")
            return self.entry("confirmation", here, what, fig.owner, fig.due, slot)
        if vague:
            what = f"the {label}"
        elif said.lower().startswith(label.split()[0].lower()):
            what = said  # 'baseline from the Place Survey' names the figure already
        else:
            what = f"the {label}: {said}"
        return self.entry("placeholder", here, what, fig.owner, fig.due, slot)

    def open(self, here: _Item, op: OpenItem) -> Entry:
        return self.entry("open item", here, op.issue or "details to be settled", op.owner, op.due)

    def approvals(self, here: _Item, changes: Sequence[ChangeBase]) -> Iterator[Entry]:
        for change in changes:
            if not change.pending:
                continue
            approval = change.approval
            reason = (change.reason or "").strip().rstrip(".")
            what = f"approval of {_proposal(change)}" + (f" ({reason})" if reason else "")
            by = approval.by if approval else None
            due = approval.date if approval else None
            yield self.entry("approval", here, what, by, due, reason=reason or None)


def _figures(ind: Indicator) -> Iterator[tuple[str, tuple[str, ...], Figure]]:
    """Every figure of an indicator with a label and its slot: baseline, each year's levels."""
    if ind.baseline is not None:
        yield "baseline", ("baseline",), ind.baseline
    for year, yt in ind.targets.items():
        if yt.without is not None:
            yield f"{year} level without the agreement", (year, "without"), yt.without
        if yt.target is not None:
            label = f"{year} stretched level" if yt.without is not None else f"{year} target"
            yield label, (year, "with"), yt.target
        if yt.trigger is not None:
            yield f"{year} trigger level", (year, "trigger"), yt.trigger


def _proposal(change: ChangeBase) -> str:
    """'the proposed removal from reward', 'the proposed baseline and targets'."""
    proposed = getattr(change, "proposed", None)
    remove = getattr(proposed, "remove", None)
    if remove is not None:
        return "the proposed removal" + (" from reward" if remove.value == "reward" else "")
    fields = [
        name.replace("_", " ")
        for name in (type(proposed).model_fields if proposed is not None else {})
        if getattr(proposed, name) not in (None, {}, [])
    ]
    if not fields:
        return "the proposed change"
    listed = fields[0] if len(fields) == 1 else ", ".join(fields[:-1]) + " and " + fields[-1]
    return f"the proposed {listed}"
