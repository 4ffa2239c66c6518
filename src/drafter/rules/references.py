"""Ids: each used once (S005), and every reference names something that exists (S006)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..load import PathKey
from ..model import ChangeBase
from .context import Context


def check(ctx: Context) -> None:
    """Duplicate ids and dangling references (placeholder owners: see indicators.py)."""
    a = ctx.agreement
    _unique(ctx, "partner", ((("partners", i), p.id) for i, p in enumerate(a.partners)))
    _unique(ctx, "theme", ((("themes", i), t.id) for i, t in enumerate(a.themes)))
    _unique(ctx, "outcome", ((path, out.id) for path, out, _ in a.outcome_paths()))
    _unique(ctx, "indicator", ((r.path, r.indicator.id) for r in ctx.rows))
    _unique(
        ctx,
        "funding stream",
        ((("funding", "streams", i), s.id) for i, s in enumerate(a.funding.streams)),
    )
    _unique(ctx, "freedom", ((("freedoms", i), f.id) for i, f in enumerate(a.freedoms)))
    _unique(
        ctx,
        "partner or body",
        [
            *((("partners", i), p.id) for i, p in enumerate(a.partners)),
            *((("bodies", i), b.id) for i, b in enumerate(a.bodies)),
        ],
        only_from=("bodies",),
    )
    _unique(ctx, "refresh", ((("refreshes", i), r.id) for i, r in enumerate(a.refreshes)))

    partners = ctx.partner_ids
    for at, out, _ in a.outcome_paths():
        what = f"Outcome {out.id}"
        if out.lead is not None:
            ctx.refer("S006", (*at, "lead"), f"{what}'s lead", out.lead, partners, "partner")
        for c, pid in enumerate(out.contributors):
            ctx.refer(
                "S006",
                (*at, "contributors", c),
                f"{what}'s list of contributors",
                pid,
                partners,
                "partner",
            )
    for row in ctx.rows:
        ind = row.indicator
        name = ctx.indicator_name(ind) if set(ind.leads + ind.partners) - partners else ""
        lead_path = (*row.path, "lead")
        for k, pid in enumerate(ind.leads):
            at = lead_path if isinstance(ind.lead, str) else (*lead_path, k)
            ctx.refer("S006", at, f"The lead of {name}", pid, partners, "partner")
        for k, pid in enumerate(ind.partners):
            ctx.refer(
                "S006",
                (*row.path, "partners", k),
                f"The delivery partners of {name}",
                pid,
                partners,
                "partner",
            )
        _refreshes(ctx, row.path, ind.changes)
    for i, stream in enumerate(a.funding.streams):
        at = ("funding", "streams", i)
        _refreshes(ctx, at, stream.changes)
        if stream.owner is not None:
            ctx.refer(
                "S006",
                (*at, "owner"),
                f"Funding stream {stream.id}'s owner",
                stream.owner,
                partners,
                "partner",
            )
        for k, oid in enumerate(stream.outcomes):
            ctx.refer(
                "S006",
                (*at, "outcomes", k),
                f"Funding stream {stream.id}",
                oid,
                ctx.outcome_ids,
                "outcome",
            )
    for i, freedom in enumerate(a.freedoms):
        _refreshes(ctx, ("freedoms", i), freedom.changes)
        for k, oid in enumerate(freedom.outcomes):
            ctx.refer(
                "S006",
                ("freedoms", i, "outcomes", k),
                f"Freedom {freedom.id}",
                oid,
                ctx.outcome_ids,
                "outcome",
            )
    for i, sig in enumerate(a.signatories):
        if sig.partner is not None:
            who = f"Signatory {sig.name}" if sig.name else f"Signatory number {i + 1}"
            ctx.refer("S006", ("signatories", i, "partner"), who, sig.partner, partners, "partner")


def _refreshes(ctx: Context, path: PathKey, changes: Sequence[ChangeBase]) -> None:
    """Each change names a refresh that the agreement lists under 'refreshes:'."""
    known = frozenset(r.id for r in ctx.agreement.refreshes)
    for k, change in enumerate(changes):
        if change.refresh is not None:
            ctx.refer(
                "S006",
                (*path, "changes", k, "refresh"),
                "A change",
                change.refresh,
                known,
                "refresh",
            )


def _unique(
    ctx: Context,
    kind: str,
    items: Iterable[tuple[PathKey, str]],
    only_from: tuple[str, ...] = (),
) -> None:
    """S005 for a repeated id; with `only_from`, only repeats found under those keys."""
    first: dict[str, PathKey] = {}
    for path, ident in items:
        if ident in first and (not only_from or path[0] in only_from):
            where = ctx.first_on(first[ident], path)
            ctx.add(
                "S005",
                (*path, "id"),
                f"The {kind} id '{ident}' is used twice (first on "
                f"{where}); ids must be unique so items can be referred to and "
                "compared between versions.",
                f"Give this {kind} a different id.",
            )
        else:
            first[ident] = path
