"""Ids: each used once (S005), and every reference names something that exists (S006)."""

from __future__ import annotations

from collections.abc import Iterable

from ..load import PathKey
from .context import Context


def check(ctx: Context) -> None:
    """Duplicate ids and dangling references (placeholder owners: see indicators.py)."""
    a = ctx.agreement
    _unique(ctx, "partner", ((("partners", i), p.id) for i, p in enumerate(a.partners)))
    _unique(ctx, "theme", ((("themes", i), t.id) for i, t in enumerate(a.themes)))
    _unique(
        ctx,
        "outcome",
        (
            (("themes", t, "outcomes", o), out.id)
            for t, theme in enumerate(a.themes)
            for o, out in enumerate(theme.outcomes)
        ),
    )
    _unique(ctx, "indicator", ((r.path, r.indicator.id) for r in ctx.rows))
    _unique(
        ctx,
        "funding stream",
        ((("funding", "streams", i), s.id) for i, s in enumerate(a.funding.streams)),
    )
    _unique(ctx, "freedom", ((("freedoms", i), f.id) for i, f in enumerate(a.freedoms)))

    partners = ctx.partner_ids
    for t, theme in enumerate(a.themes):
        for o, out in enumerate(theme.outcomes):
            at: PathKey = ("themes", t, "outcomes", o)
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
        if ind.lead is not None and ind.lead not in partners:  # name only when needed
            ctx.refer(
                "S006",
                (*row.path, "lead"),
                f"The lead of {ctx.indicator_name(ind)}",
                ind.lead,
                partners,
                "partner",
            )
    for i, stream in enumerate(a.funding.streams):
        at = ("funding", "streams", i)
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


def _unique(ctx: Context, kind: str, items: Iterable[tuple[PathKey, str]]) -> None:
    first: dict[str, PathKey] = {}
    for path, ident in items:
        if ident in first:
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
