"""Funding (F…), freedoms and flexibilities (X…) and reward (R…)."""

from __future__ import annotations

import math

from ..context.wording import format_date, format_number, money
from ..load import PathKey
from ..model import FreedomStatus, Generation, Money, SharesOf, TargetType, Treatment, last_day
from ..reference import known_freedoms
from .context import Context, Row, item

TOTAL_TOLERANCE = 0.5  # pounds: stated totals are often rounded to the pound
SHARE_TOLERANCE = 0.01  # percentage points
STRETCH_RANGE = (10, 15)  # "a dozen or so" stretch targets per LPSA
POOLED = (Treatment.POOLED, Treatment.MANDATORY_POOLED)


def check(ctx: Context) -> None:
    """Every F, X and R rule."""
    _funding(ctx)
    _freedoms(ctx)
    _reward(ctx)


def _funding(ctx: Context) -> None:
    years = ctx.years
    span = f"{years[0]} to {years[-1]}"
    funding = ctx.agreement.funding
    sums: dict[str, float] = {}
    unknown_years: set[str] = set()
    for i, s in enumerate(funding.streams):
        at = ("funding", "streams", i)
        name = item("Funding stream", s.id, s.name)
        unknown: list[str] = []
        for year, amount in s.previous_amounts.items():
            if amount.value is not None and amount.value < 0:
                ctx.add(
                    "F001",
                    (*at, "previous_amounts", year),
                    f"{name} has a negative earlier amount for {year} ({money(amount.value)}).",
                    "Amounts are in pounds; write it as a positive figure.",
                )
        for year, amount in s.amounts.items():
            where: PathKey = (*at, "amounts", year)
            _amount_owner(ctx, where, name, amount)
            if amount.value is None:
                unknown.append(year)
                if year in years:
                    unknown_years.add(year)
            else:
                # Money still to be negotiated is not yet in the agreement's totals.
                if year in years and s.treatment is not Treatment.TO_BE_NEGOTIATED:
                    sums[year] = sums.get(year, 0.0) + amount.value
                if amount.value < 0:
                    ctx.add(
                        "F001",
                        where,
                        f"{name} has a negative amount for {year} ({money(amount.value)}).",
                        "Amounts are what the stream brings in, in pounds; write it as a "
                        "positive figure.",
                    )
            if amount.due is not None and amount.missing and last_day(amount.due) < ctx.today:
                state = "confirmation of the" if amount.known else "the"
                ctx.add(
                    "F010",
                    (*where, "due"),
                    f"For {name}, {state} {year} amount was due by {format_date(amount.due)}, "
                    f"which has passed (checked against {format_date(ctx.today)}).",
                    "Fill in the amount, or agree a new date.",
                )
            if year not in years:
                ctx.add(
                    "F005",
                    where,
                    f"{name} has an amount for {year}, which is not a year of the "
                    f"agreement ({span}).",
                    "Use the financial years of the period, written like 2009/10; put an "
                    "earlier round's allocation under 'previous_amounts:'.",
                    key=True,
                )
        if unknown:
            awaited = [s.amounts[y] for y in unknown]
            ask = [
                w
                for w, missing in (
                    ("who will provide it ('owner:')", any(a.owner is None for a in awaited)),
                    ("when it will be known ('due:')", any(a.due is None for a in awaited)),
                )
                if missing
            ]
            ctx.add(
                "F009",
                (*at, "amounts", unknown[0]),
                f"The amount{'' if len(unknown) == 1 else 's'} of {name} for "
                f"{_words(unknown)} {'is' if len(unknown) == 1 else 'are'} not known; the "
                "funding totals leave "
                f"{'it' if len(unknown) == 1 else 'them'} out and say so.",
                "Give the amount when it is known"
                + (f"; meanwhile say {' and '.join(ask)}." if ask else "."),
            )
        if not s.amounts:
            ctx.add(
                "F008",
                (*at, "id"),
                f"{name} has no amounts, so its contribution is not quantified.",
                "Give 'amounts:' with the figure for each year.",
            )
        if not s.outcomes:
            ctx.add(
                "F002",
                (*at, "id"),
                f"{name} is not linked to any outcome, so nobody can see what it pays for.",
                "List the outcome ids it serves under 'outcomes:'.",
            )
        if s.treatment is None:
            ctx.add(
                "F006",
                (*at, "id"),
                f"{name} does not say how it is treated in the agreement.",
                "Add 'treatment:' — pooled, aligned, mandatory pooled, area "
                "based grant, passported or to be negotiated.",
            )
        elif s.treatment in POOLED and s.consent is not True:
            ctx.add(
                "F003",
                (*at, "consent") if s.consent is not None else (*at, "treatment"),
                f"{name} is {s.treatment}, but the consent of the partner who owns it is "
                "not recorded.",
                "Write 'consent: true' once the owner has agreed; until "
                "then treat it as aligned or mark it open.",
            )
        if not s.department:
            ctx.add(
                "F007",
                (*at, "id"),
                f"{name} does not name its government department.",
                "Add 'department:' (e.g. DCSF, Home Office, DH).",
            )
    for year, stated in funding.stated_totals.items():
        where = ("funding", "stated_totals", year)
        if stated < 0:
            ctx.add(
                "F001",
                where,
                f"The stated funding total for {year} is negative ({money(stated)}).",
                "Totals are in pounds and cannot be negative.",
            )
        if year not in years:
            ctx.add(
                "F005",
                where,
                f"A funding total is stated for {year}, which is not a year of "
                f"the agreement ({span}).",
                "Use the financial years of the period.",
                key=True,
            )
            continue
        actual = sums.get(year, 0.0)
        # With amounts still unknown, a total above the known ones may be right.
        if year in unknown_years and actual <= stated + TOTAL_TOLERANCE:
            continue
        if abs(actual - stated) > TOTAL_TOLERANCE:
            ctx.add(
                "F004",
                where,
                f"The stated funding total for {year} is {money(stated)}, but "
                f"the streams add up to {money(actual)} (a difference of "
                f"{money(abs(actual - stated))}).",
                "Correct the total or the stream amounts so they agree.",
            )
    if funding.stated_totals:
        for year in [y for y in years if y in sums and y not in funding.stated_totals]:
            ctx.add(
                "F004",
                ("funding", "stated_totals"),
                f"The streams have amounts for {year} ({money(sums[year])}), but no total "
                "is stated for that year.",
                f"Add '{year}: {sums[year]:.0f}' under 'stated_totals:'.",
                key=True,
            )


def _amount_owner(ctx: Context, where: PathKey, name: str, amount: Money) -> None:
    """S006 for who provides or confirmed an amount, when that is an id of this agreement."""
    if amount.owner is not None:
        ctx.refer(
            "S006",
            (*where, "owner"),
            f"The amount of {name}",
            amount.owner,
            ctx.owner_ids,
            "partner or body",
        )


def _words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _freedoms(ctx: Context) -> None:
    known = known_freedoms()
    for i, f in enumerate(ctx.agreement.freedoms):
        at = ("freedoms", i)
        name = item("Freedom", f.id, f.title)
        if not f.rationale:
            ctx.add(
                "X001",
                (*at, "id"),
                f"{name} gives no rationale.",
                "Add 'rationale:' with the evidence that the rule is a real barrier and "
                "what changing it would achieve.",
            )
        if not f.department:
            ctx.add(
                "X002",
                (*at, "id"),
                f"{name} does not name the department that owns the rule.",
                "Add 'department:' so the Government Office knows whom to ask.",
            )
        if f.status is None:
            ctx.add(
                "X003",
                (*at, "id"),
                f"{name} has no status.",
                "Add 'status:' — requested, agreed, agreed with conditions, temporary, "
                "refused, already possible, further discussion or needs primary "
                "legislation.",
            )
        elif f.status == FreedomStatus.REFUSED and not f.response:
            ctx.add(
                "X004",
                (*at, "status"),
                f"{name} was refused, but no reason is recorded.",
                "Add 'response:' with government's reason.",
            )
        elif f.status == FreedomStatus.AGREED_WITH_CONDITIONS and not f.conditions:
            ctx.add(
                "X005",
                (*at, "status"),
                f"{name} was agreed with conditions, but the conditions are not stated.",
                "Add 'conditions:'.",
            )
        if not f.barrier or not f.request:
            gap = " or ".join(
                w
                for w, v in (
                    ("barrier it removes", f.barrier),
                    ("what it asks of government", f.request),
                )
                if not v
            )
            ctx.add(
                "X007",
                (*at, "id"),
                f"{name} does not say the {gap}.",
                "Fill in 'barrier:' (the problem the current rule causes) and 'request:' "
                "(exactly what government is asked to change).",
            )
        if f.status != FreedomStatus.ALREADY_POSSIBLE:
            text = " ".join(x for x in (f.title, f.barrier, f.request) if x).lower()
            for k in known:
                if k.matches(text):
                    ctx.add(
                        "X006",
                        (*at, "id"),
                        f"{name} looks like a request to {k.summary[0].lower()}"
                        f"{k.summary[1:]}, which areas can usually do already: {k.answer}",
                        f"Check {k.source} before asking; if it does not cover this "
                        "case, say why in the rationale.",
                    )
                    break


def _listed_targets(ctx: Context, reward_rows: list[Row]) -> int:
    """How many reward targets are listed: outcomes for an LPSA, indicators otherwise."""
    if ctx.agreement.generation is Generation.LPSA:
        return len({r.outcome.id for r in reward_rows if r.outcome is not None})
    return len(reward_rows)


def _reward(ctx: Context) -> None:
    a = ctx.agreement
    for row in ctx.rows:
        ind = row.indicator
        if ind.type == TargetType.REWARD and a.generation == Generation.LAA2008:
            ctx.add(
                "R004",
                (*row.path, "type"),
                f"{row.name} is a reward target, but 2008–11 LAAs have no separate reward "
                "targets: reward is paid across all designated targets.",
                "Write 'type: designated' (or 'type: local').",
            )
        if ind.reward_share is not None and ind.type != TargetType.REWARD:
            ctx.add(
                "R006",
                (*row.path, "reward_share"),
                f"{row.name} has a reward share but is a {ind.type} target, which earns no "
                "reward of its own.",
                "Remove 'reward_share:' or make it 'type: reward'.",
            )
    reward_rows = [
        r for r in ctx.rows if r.indicator.type == TargetType.REWARD and r.indicator.in_reward
    ]
    shared = [r for r in reward_rows if r.indicator.reward_share is not None]
    if shared:
        total = sum(r.indicator.reward_share or 0.0 for r in shared)
        first = (*shared[0].path, "reward_share")
        if len(shared) < len(reward_rows):
            ctx.add(
                "R001",
                first,
                f"{len(shared)} of the {len(reward_rows)} reward targets "
                f"{'has' if len(shared) == 1 else 'have'} a reward share (adding up to "
                f"{format_number(total, '%')}); the "
                f"{'other has' if len(reward_rows) - len(shared) == 1 else 'others have'} none.",
                "Give every reward target a share, or none at all for equal shares.",
            )
        # The extra 1e-9 absorbs float error: 33.33 × 3 is 0.010000000000005 short of 100.
        elif not math.isclose(total, 100, abs_tol=SHARE_TOLERANCE + 1e-9):
            ctx.add(
                "R001",
                first,
                f"The reward shares add up to {format_number(total, '%')}, not 100%.",
                "Correct the shares so they total 100.",
            )
    reward = a.reward
    listed = _listed_targets(ctx, reward_rows)
    if reward is not None and reward.targets is not None and reward.targets < listed:
        ctx.add(
            "R007",
            ("reward", "targets"),
            f"The reward section says the agreement has {reward.targets} reward "
            f"target{'' if reward.targets == 1 else 's'}, but {listed} are listed.",
            "Correct 'reward: targets:', or leave it out when every target is listed.",
        )
    if reward is not None and reward.shares_of is SharesOf.STATED and reward.stated_total is None:
        ctx.add(
            "R008",
            ("reward", "shares_of"),
            "The reward shares are to divide the stated total, but no total is stated.",
            "Add 'reward: total:' (or 'totals:'), or write 'shares_of: computed'.",
        )
    if a.generation != Generation.LPSA:
        return
    count = reward.targets if reward is not None and reward.targets is not None else listed
    low, high = STRETCH_RANGE
    if not low <= count <= high:
        ctx.add(
            "R002",
            ("themes",),
            f"This LPSA has {count} stretch target{'' if count == 1 else 's'} "
            f"(outcomes with reward targets); {low} to {high} is usual, and about 12 was "
            "judged right.",
            "Add or merge stretch targets."
            if count < low
            else "Concentrate on fewer stretch targets.",
            key=True,
        )
    at = ("reward",) if reward is not None else ("generation",)
    base = reward.net_budget_requirement if reward is not None else None
    if base is None or base.value is None:
        ctx.add(
            "R003",
            at,
            "This LPSA does not give the authority's net budget requirement, "
            "on which the maximum reward is based.",
            "Add 'reward: net_budget_requirement:' (in pounds) and 'base_year:'.",
            key=True,
        )
    if reward is None or reward.pump_priming_grant is None:
        ctx.add(
            "R005",
            at,
            "This LPSA does not state its pump priming grant.",
            "Add 'reward: pump_priming_grant:' (in pounds).",
            key=True,
        )
