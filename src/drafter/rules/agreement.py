"""The agreement as a whole (A…): dates, signatures, open items, shape and length."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..context.wording import format_date
from ..load import PathKey
from ..model import (
    OPEN_FREEDOM_STATUSES,
    Agreement,
    Generation,
    KeyDates,
    Month,
    OpenItem,
    Status,
    first_day,
    last_day,
    year_start,
)
from .context import Context, item

MAX_PAGES = 60
PERIOD_YEARS = 3
# How many years before the period starts drafting can sensibly begin, and after it
# ends a refresh or a late signature can still be dated.
YEARS_BEFORE, YEARS_AFTER = 2, 1

# Page estimate (A009), calibrated on the example agreements' PDFs (within 15% of each,
# tests/test_page_estimate.py): cover, contents, register, parties, history and
# signatures take about 13 pages; every text in the agreement (a name, a note, a figure's
# basis, a narrative) takes a table cell or a line of facts, about a 73rd of a page; and
# its words fill pages as running text does, 500 words a page.
FIXED_PAGES = 13.0
TEXTS_PER_PAGE = 73
WORDS_PER_PAGE = 500


def check(ctx: Context) -> None:
    """Every A rule."""
    a = ctx.agreement
    _dates(ctx)
    _signatures(ctx)
    _open_items(ctx)
    if (
        a.area.kind
        and "county" in a.area.kind.lower()
        and "unitary" not in a.area.kind.lower()
        and not a.area.districts
    ):
        ctx.add(
            "A007",
            ("area", "kind"),
            f"{a.area.name} is a two-tier (county) area, but no district councils are listed.",
            "List them under 'area: districts:'; they are partners in the agreement.",
        )
    # LPSA2 agreements ran for three or four years.
    usual = (PERIOD_YEARS, PERIOD_YEARS + 1) if a.generation is Generation.LPSA else (PERIOD_YEARS,)
    if len(ctx.years) not in usual:
        n = len(ctx.years)
        ctx.add(
            "A008",
            ("period",),
            f"The agreement runs for {n} financial year"
            f"{'' if n == 1 else 's'} ({ctx.years[0]} to {ctx.years[-1]}); agreements "
            "normally run for three" + (" or four." if len(usual) > 1 else "."),
            "Check the period's 'start:' and 'end:'.",
            key=True,
        )
    pages = estimate_pages(ctx.loaded.raw)
    if pages > MAX_PAGES:
        ctx.add(
            "A009",
            ("themes",),
            f"The agreement will run to about {pages:.0f} pages "
            f"(over {MAX_PAGES}); evaluations found agreements of 40 to 120 pages too long "
            "to use.",
            "Shorten the narratives, or move detail to annexes.",
            key=True,
        )
    if a.date is None:
        ctx.add(
            "A013",
            ("version",),
            f"Version {a.version} of the agreement has no date, so readers cannot tell which "
            "draft is the latest, and due dates are judged against today.",
            "Add 'date:' (YYYY-MM-DD) with the date of this version.",
            key=True,
        )
    if not (a.vision or "").strip():
        ctx.add(
            "A010",
            ("id",),
            f"The agreement for {a.area.name} has no vision.",
            "Add 'vision:' — a short statement tied to the Sustainable Community Strategy.",
            key=True,
        )
    if not any(p.signatory for p in a.partners):
        ctx.add(
            "A011",
            ("partners",) if a.partners else ("id",),
            "No partner is marked as signing the agreement.",
            "Add 'signatory: true' to the partners who sign (at least the accountable body).",
            key=True,
        )


def estimate_pages(data: Any) -> float:
    """Rough length of the printed agreement in pages (see the constants above).

    `data` is the agreement as read (plain data, which is quick to walk) or its model;
    both hold the same texts.
    """
    values, words = _printed(data)
    return FIXED_PAGES + values / TEXTS_PER_PAGE + words / WORDS_PER_PAGE


def _printed(data: Any) -> tuple[int, int]:
    """How many texts the agreement holds (in any field, at any depth), and their words."""
    values = words = 0
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            n = len(item.split())
            values, words = values + (n > 0), words + n
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, BaseModel):
            stack.extend(vars(item).values())
    return values, words


def _window(ctx: Context) -> tuple[dt.date, dt.date]:
    first, last = year_start(ctx.years[0]), year_start(ctx.years[-1])
    assert first is not None and last is not None
    return dt.date(first - YEARS_BEFORE, 4, 1), dt.date(last + 1 + YEARS_AFTER, 3, 31)


def _dates(ctx: Context) -> None:
    a = ctx.agreement
    low, high = _window(ctx)
    found: list[tuple[PathKey, str, dt.date | Month | None]] = [
        (("date",), "The date of this version", a.date)
    ]
    for name in KeyDates.model_fields:
        label = KEY_DATE_LABELS.get(name, name.replace("_", " "))
        found.append((("dates", name), f"The {label} date", getattr(a.dates, name)))
    for i, r in enumerate(a.refreshes):
        for name in ("submitted", "go_signoff", "ministerial_signoff", "in_force"):
            label = KEY_DATE_LABELS[name]
            found.append((("refreshes", i, name), f"The {label} date of {r.id}", getattr(r, name)))
    for i, s in enumerate(a.signatories):
        who = s.name or f"signatory number {i + 1}"
        found.append((("signatories", i, "date"), f"The date {who} signed", s.date))
    for path, what, date in found:
        if date is not None and not (low <= first_day(date) and last_day(date) <= high):
            ctx.add(
                "A001",
                path,
                f"{what} is {format_date(date)}, far outside the agreement's "
                f"period ({ctx.years[0]} to {ctx.years[-1]}).",
                "Check the year.",
            )


# How key dates are named in messages.
KEY_DATE_LABELS = {
    "first_draft": "first draft",
    "cabinet": "cabinet approval",
    "full_council": "full council",
    "submitted": "submission",
    "agreed": "agreed",
    "go_signoff": "Government Office sign-off",
    "ministerial_signoff": "ministerial sign-off",
    "signed": "signed",
    "in_force": "in-force",
    "refreshed": "refresh",
}


def _signatures(ctx: Context) -> None:
    a = ctx.agreement
    if a.status in (Status.AGREED, Status.SIGNED, Status.REFRESHED) and not a.signatories:
        ctx.add(
            "A002",
            ("status",),
            f"The agreement is marked {a.status}, but no signatories are listed.",
            "Add 'signatories:' with who signs for each party, or change the status.",
        )
    if a.status not in (Status.SIGNED, Status.REFRESHED):
        return
    for i, s in enumerate(a.signatories):
        lacking = [w for w, v in (("name", s.name), ("date", s.date)) if not v]
        if lacking:
            who = s.name or s.partner or s.on_behalf_of or f"number {i + 1}"
            ctx.add(
                "A003",
                ("signatories", i),
                f"The agreement is marked {a.status}, but "
                f"signatory {who} has no {' or '.join(lacking)}.",
                "Give the name of the person who signed and the date.",
            )
    signed = {s.partner for s in a.signatories if s.partner}
    for i, p in enumerate(a.partners):
        if p.signatory and p.id not in signed:
            ctx.add(
                "A004",
                ("partners", i, "signatory"),
                f"Partner {p.id} ({p.name}) is "
                f"marked as signing, but the {a.status} agreement has no signatory for it.",
                f"Add a signatory with 'partner: {p.id}'.",
            )


def open_items(a: Agreement) -> Iterator[tuple[PathKey, str, OpenItem]]:
    """Every item still open, with its path and a name for messages."""
    for at, out, _ in a.outcome_paths():
        if out.open is not None:
            yield at, item("outcome", out.id, out.title), out.open
        for i, ind in enumerate(out.indicators):
            if ind.open is not None:
                yield (*at, "indicators", i), f"indicator {ind.code}", ind.open
    for i, ind in enumerate(a.statutory):
        if ind.open is not None:
            yield ("statutory", i), f"statutory target {ind.code}", ind.open
    for i, s in enumerate(a.funding.streams):
        if s.open is not None:
            yield ("funding", "streams", i), item("funding stream", s.id, s.name), s.open
    for i, f in enumerate(a.freedoms):
        if f.open is not None:
            yield ("freedoms", i), item("freedom", f.id, f.title), f.open


def still_negotiable(path: PathKey, a: Agreement) -> bool:
    """True for a freedom whose request is still before government.

    Requests often stay under discussion after sign-off without holding it up, so a
    signed agreement may leave them open.
    """
    if path[0] != "freedoms":
        return False
    index = path[1]
    assert isinstance(index, int)
    return a.freedoms[index].status in OPEN_FREEDOM_STATUSES


def _open_items(ctx: Context) -> None:
    a = ctx.agreement
    for path, name, o in open_items(a):
        at = (*path, "open")
        lacking = [
            w
            for w, v in (("what is open", o.issue), ("who acts", o.owner), ("by when", o.due))
            if not v
        ]
        if lacking:
            ctx.add(
                "A005",
                at,
                f"The open item on {name} does not say {' or '.join(lacking)}.",
                "Under 'open:' give 'issue:', 'owner:' and 'due:' (YYYY-MM-DD).",
                key=True,
            )
        if o.owner is not None and o.owner not in ctx.owner_ids and " " not in o.owner:
            # A bare word is taken for an id; a name with spaces may be anyone's.
            ctx.refer(
                "S006",
                (*at, "owner"),
                f"The open item on {name}",
                o.owner,
                ctx.owner_ids,
                "partner or body",
            )
        if o.due is not None and last_day(o.due) < ctx.today:
            ctx.add(
                "A006",
                (*at, "due"),
                f"The open item on {name} was due to be settled by "
                f"{format_date(o.due)}, which has passed (checked against "
                f"{format_date(ctx.today)}).",
                "Settle it, or agree a new date.",
            )
        if a.status == Status.SIGNED and not still_negotiable(path, a):
            issue = (o.issue or "").strip().rstrip(".")
            ctx.add(
                "A012",
                at,
                f"The agreement is marked signed, but {name} is still open"
                + (f": {issue}." if issue else "."),
                "Settle it and remove 'open:', or change the status back.",
                key=True,
            )
