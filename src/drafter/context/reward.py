"""The reward schedule: each term once, the standard rules it relies on, then the shares.

Two schemes: a fixed sum per designated target (2008–11 LAAs), or a share of a
maximum reward (LPSAs and 2006–09 LAAs) — the maximum worked out as a percentage of
the net budget requirement, or the total the agreement states, as `shares_of` says.
The terms read as an LPSA's Schedule 4 did: the base, the maximum, the split, the
threshold, when and how it is paid. Each is stated once: a stated total that agrees
with the working is said in the same line; one that does not, or an earlier
statement, gets a line of its own. What the agreement leaves out of the standard
LPSA rules (2.5%, nothing below 60% of the stretch, two instalments) is printed as
the standard rule, never as its own term. The number of targets is the stated one
when only some are listed, and the shares in pounds add up exactly, to the penny, to
their total.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import (
    STANDARD_INSTALMENTS,
    STANDARD_MAX_PERCENT,
    STANDARD_THRESHOLD_PERCENT,
    Agreement,
    Day,
    Generation,
    Indicator,
    Money,
    Outcome,
    Reward,
    SharesOf,
    TargetType,
)
from .contents import Refs
from .figures import amount_text, outturn_text, trigger_text
from .indicators import reward_year
from .parts import Cell, HeadCell, RewardPart, Row, Section, Table
from .shared import Setting, names, widths
from .wording import DASH, format_number, money, on_date, paragraphs

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four"}


@dataclass(frozen=True)
class _Schedule:
    """What the generation's reward scheme puts in the reward part."""

    facts: tuple[tuple[str, str], ...]
    paragraphs: tuple[str, ...]
    head: tuple[HeadCell, ...]
    rows: tuple[Row, ...]
    weights: tuple[float, ...]
    empty: str
    maximum: float | None


def penny_shares(total: float, percents: Sequence[float]) -> list[float]:
    """Each share of `total` in pounds, to the penny, adding up exactly to the rounded sum.

    Largest remainder: every share is first rounded down to the penny, and the pennies
    left over go to the shares that lost most by it (the earlier one on a tie).
    """
    exact = [total * p for p in percents]  # in pennies: pounds × 100 × p / 100
    floors = [math.floor(e + 1e-6) for e in exact]
    left = round(sum(exact)) - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[: max(left, 0)]:
        floors[i] += 1
    return [f / 100 for f in floors]


def reward_part(s: Setting, sec: Section | None, refs: Refs) -> RewardPart | None:
    """The reward schedule: each term stated once, then a table of shares per target.

    An LPSA always has its Schedule 4; with no reward terms at all it prints the
    standard rules (validation reports the missing base, R003).
    """
    a = s.agreement
    r = a.reward
    if sec is None:
        return None
    if r is None:
        if a.generation is not Generation.LPSA:
            return None
        r = Reward()
    per_target = a.generation is Generation.LAA2008 or (
        r.per_target is not None and r.net_budget_requirement is None
    )
    schedule = _per_target(s, r, refs) if per_target else _shares(s, r, refs)
    facts = [*schedule.facts, *_payment_terms(s, r, per_target)]
    paras = [*schedule.paragraphs, *paragraphs(r.rules)]
    table = Table(
        id="table-reward",
        caption="Reward schedule",
        head=(schedule.head,),
        rows=schedule.rows,
        widths=widths(schedule.weights),
        empty=schedule.empty,
    )
    return RewardPart(sec, tuple(paras), tuple(facts), table, schedule.maximum)


@dataclass(frozen=True)
class _Statement:
    """One statement of the maximum reward in the agreement: the amount, when, and why."""

    amount: Money
    date: Day | None
    note: str | None
    later: bool  # restated later

    def when(self) -> str:
        """'stated on 18 March 2005', 'stated in the agreement'; '(restated later)'."""
        text = "stated" + (f" {on_date(self.date)}" if self.date else " in the agreement")
        return text + (" (restated later)" if self.later else "")

    def text(self, s: Setting) -> str:
        """'£5,300,000 — As signed, …'."""
        return amount_text(s, self.amount) + (f" — {self.note}" if self.note else "")


def _statements(r: Reward) -> list[_Statement]:
    """Every statement of the maximum reward, oldest first."""
    if r.totals:
        last = len(r.totals) - 1
        return [_Statement(t.amount, t.date, t.note, k < last) for k, t in enumerate(r.totals)]
    return [_Statement(r.total, None, None, False)] if r.total is not None else []


def _maximum_facts(
    s: Setting,
    label: str,
    worked: float | None,
    worked_text: str,
    how: str,
    use_stated: bool,
    r: Reward,
) -> list[tuple[str, str]]:
    """The maximum reward, once: the figure that counts and how it is reached, then any
    other figure the agreement gave for it (an earlier statement, a working that the
    stated total does not match).

    `worked` is the maximum worked out (`worked_text` as printed, `how` how it is
    worked out); `use_stated` when the shares divide the latest stated total instead.
    """
    statements = _statements(r)
    latest = statements[-1] if statements else None
    agrees = (
        latest is not None
        and worked is not None
        and latest.amount.value is not None
        and round(float(latest.amount.value), 2) == round(worked, 2)
    )
    facts: list[tuple[str, str]] = []
    if latest is not None and (use_stated or worked is None):
        said = latest.when() + (f"; {how}" if agrees else "")
        note = f" — {latest.note}" if latest.note else ""
        facts.append((label, f"{amount_text(s, latest.amount)} ({said}){note}"))
        if worked is not None and not agrees:
            facts.append((f"{label} worked out ({how})", worked_text))
    elif worked is not None:
        said = how + (f"; as {latest.when()}" if agrees and latest is not None else "")
        note = f" — {latest.note}" if agrees and latest is not None and latest.note else ""
        facts.append((label, f"{worked_text} ({said}){note}"))
        if latest is not None and not agrees:
            facts.append((f"{label} {latest.when()}", latest.text(s)))
    facts += [(f"{label} {st.when()}", st.text(s)) for st in statements[:-1]]
    return facts


def _payment_terms(s: Setting, r: Reward, per_target: bool) -> list[tuple[str, str]]:
    """When and how the reward is paid: the year of performance, instalments, interim
    payment, cap; in a 2006–09 LAA also its pump priming grant (an LPSA's is in its
    Schedule 3)."""
    facts: list[tuple[str, str]] = []
    if r.reward_year:
        facts.append(("Reward paid on performance in", r.reward_year))
    if per_target:
        if r.instalments is not None or r.equal_instalments is not None or r.payment_years:
            facts.append(("Paid in", _instalments(r)))
    else:
        facts.append(("Paid in", _instalments(r)))
    if r.interim is not None:
        i = r.interim
        text = f"{format_number(i.percent)}% of the reward" if i.percent is not None else "Yes"
        if i.year:
            text += f", in {i.year}"
        if i.condition:
            text += f", on condition: {i.condition}"
        facts.append(("Interim payment", text))
    if r.cap is not None:
        facts.append(("Reward capped at", amount_text(s, r.cap)))
    if s.agreement.generation is not Generation.LPSA:
        for label, amount in (
            ("Pump priming grant", r.pump_priming_grant),
            ("Unsupported Credit Approval", r.unsupported_credit_approval),
        ):
            if amount is not None:
                facts.append((label, amount_text(s, amount)))
    if r.base_year and r.net_budget_requirement is None:
        facts.append(("Base year", r.base_year))
    return facts


def _instalments(r: Reward) -> str:
    """'3 equal instalments, in 2008/09, 2009/10 and 2010/11', as the agreement states it;
    the standard two instalments, so named, where it does not say."""
    parts = []
    if r.instalments is not None:
        kind = {True: " equal", False: " unequal", None: ""}[r.equal_instalments]
        parts.append(f"{r.instalments}{kind} instalment{'s' if r.instalments != 1 else ''}")
    elif r.equal_instalments is not None:
        parts.append("equal instalments" if r.equal_instalments else "unequal instalments")
    elif r.per_target is None or r.net_budget_requirement is not None:
        parts.append(f"{NUMBER_WORDS[STANDARD_INSTALMENTS]} instalments (the standard LPSA rule)")
    if r.payment_years:
        parts.append(f"in {names(r.payment_years)}")
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def _threshold(r: Reward) -> tuple[str, str]:
    """The threshold rule, stated once: nothing below it, in proportion above it."""
    threshold = r.threshold_percent
    stated = threshold is not None
    percent = format_number(threshold if threshold is not None else STANDARD_THRESHOLD_PERCENT)
    text = (
        f"Nothing is paid for a target where less than {percent}% of the stretch is "
        "achieved; from there a target earns its share in proportion to the stretch "
        "achieved, up to its full share"
    )
    return ("Threshold", text + ("." if stated else " (the standard LPSA rule)."))


def _count(r: Reward, listed: int, word: str) -> tuple[int, tuple[str, str]]:
    """How many targets the reward divides among (stated, else those listed), as a fact."""
    count = r.targets if r.targets is not None else listed
    text = str(count) if count == listed else f"{count} ({listed} listed in this agreement)"
    return count, (f"Number of {word}s", text)


# ---------------------------------------------------------------- a sum per target


def _per_target(s: Setting, r: Reward, refs: Refs) -> _Schedule:
    """A fixed reward per target: 2008–11 LAAs, and others stating one but no budget."""
    a = s.agreement
    laa2008 = a.generation is Generation.LAA2008
    kind = TargetType.DESIGNATED if laa2008 else TargetType.REWARD
    # A target removed at a refresh, or removed from reward only, earns nothing.
    targets = [i for i in a.indicators() if i.type is kind and i.in_reward]
    word = "designated improvement target" if laa2008 else "reward target"
    count, fact = _count(r, len(targets), word)
    facts = [fact]
    maximum: float | None = None
    each = r.per_target.value if r.per_target is not None else None
    if r.per_target is not None:
        facts.append((f"Reward available per {word}", amount_text(s, r.per_target)))
    worked_text = ""
    how = ""
    if each is not None and r.per_target is not None:
        maximum = float(each) * count
        qualifier = "up to " if r.per_target.up_to else "about " if r.per_target.approximate else ""
        worked_text = qualifier + money(maximum)
        how = f"{count} × {qualifier}{money(each)}"
    facts += _maximum_facts(s, "Maximum reward grant", maximum, worked_text, how, False, r)
    paras = [f"Reward grant is payable on achievement across all {word}s."]
    head = (HeadCell("Ref"), HeadCell("Target"), HeadCell("Maximum reward", numeric=True))
    rows: list[Row] = []
    # In a 2008–11 LAA every designated target carries the same reward, so a row
    # per target would repeat one figure 35 times; the facts above say it once.
    for ind in [] if laa2008 else targets:
        rows.append(
            Row(
                (
                    Cell(refs.indicators.get(ind.id, ind.id), "ref"),
                    Cell(s.indicator_title(ind)),
                    Cell(money(each), "number") if each is not None else Cell(DASH, "none"),
                )
            )
        )
    if not laa2008 or not count:
        empty = f"No {word}s have been set yet."
    elif each is None:
        empty = f"The reward per {word} is not yet stated."
    else:
        empty = f"Each of the {count} {word}s carries the same reward, as set out above."
    if each is not None and rows:
        listed_total = float(each) * len(rows)
        rows.append(Row((Cell("Total"), Cell(""), Cell(money(listed_total), "number")), total=True))
    return _Schedule(tuple(facts), tuple(paras), head, tuple(rows), (10, 66, 24), empty, maximum)


# ---------------------------------------------------------------- shares of a maximum


def _stretch(s: Setting) -> list[tuple[Outcome, list[Indicator]]]:
    """The reward targets with their sub-targets still in reward.

    An LPSA target is an outcome whose indicators are its sub-targets; in a 2006–09 LAA
    each reward indicator is a target in its own right.
    """
    a = s.agreement
    stretch = [
        (o, [i for i in o.indicators if i.type is TargetType.REWARD and i.in_reward])
        for o in a.outcomes()
    ]
    stretch = [(o, subs) for o, subs in stretch if subs]
    if a.generation is Generation.LAA2006:
        stretch = [(o, [i]) for o, subs in stretch for i in subs]
    return stretch


def _divided(s: Setting, r: Reward) -> tuple[float | None, list[tuple[str, str]]]:
    """The maximum the shares divide, and the facts about it: the base, the maximum."""
    facts: list[tuple[str, str]] = []
    nbr = r.net_budget_requirement
    computed: float | None = None
    worked_text = how = ""
    if nbr is not None:
        base = f" ({r.base_year})" if r.base_year else ""
        facts.append((f"Net budget requirement{base}", amount_text(s, nbr)))
    if nbr is not None and nbr.value is not None:
        percent = r.max_percent if r.max_percent is not None else STANDARD_MAX_PERCENT
        computed = float(nbr.value) * percent / 100
        standard = ", the standard LPSA rule" if r.max_percent is None else ""
        how = f"{format_number(percent)}% of the net budget requirement{standard}"
        worked_text = ("about " if nbr.approximate else "") + money(computed)
    stated_money = r.stated_total
    stated = float(stated_money.value) if stated_money and stated_money.value is not None else None
    use_stated = r.shares_of is SharesOf.STATED or (r.shares_of is None and computed is None)
    divided = stated if use_stated else computed
    facts += _maximum_facts(s, "Maximum reward", computed, worked_text, how, use_stated, r)
    return divided, facts


def _calculated(
    a: Agreement, listed: Sequence[tuple[Outcome, Indicator, int]], divided: float | None
) -> list[float] | None:
    """The reward calculator's shares (`drafter.reward`), when it divides the same maximum.

    The calculator splits the maximum across targets, then each target's share across
    its sub-targets, to the penny; the schedule prints the same pounds and pence as the
    reward statement whenever both divide the same sum over the same lines.
    """
    from ..reward import pence, statement

    if divided is None:
        return None
    st = statement(a)
    lines = st.lines
    if st.maximum != pence(divided) or [ln.indicator_id for ln in lines] != [
        ind.id for _, ind, _ in listed
    ]:
        return None
    return [ln.share / 100 if ln.share is not None else 0.0 for ln in lines]


def _shares(s: Setting, r: Reward, refs: Refs) -> _Schedule:
    """A share of the maximum reward per target and sub-target (LPSA, 2006–09 LAA)."""
    a = s.agreement
    lpsa = a.generation is Generation.LPSA
    stretch = _stretch(s)
    divided, facts = _divided(s, r)
    count, fact = _count(r, len(stretch), "stretch target" if lpsa else "reward target")
    facts.append(fact)
    # Shares given in the agreement replace the equal split (all or none: R001).
    equal = all(i.reward_share is None for _, subs in stretch for i in subs)
    if divided is not None and stretch and equal:
        facts.append(("Share per target", f"{money(round(divided / count, 2))}, equal shares"))
    elif stretch and not equal:
        facts.append(("Share per target", "As the agreement sets them, in the table below"))
    facts.append(_threshold(r))
    paid_on = reward_year(s)
    head = (
        HeadCell("Ref"),
        HeadCell("Target" if lpsa else "Outcome"),
        HeadCell("Sub-target" if lpsa else "Reward target"),
        HeadCell("Share of reward", numeric=True),
        HeadCell("Maximum reward", numeric=True),
        HeadCell(f"Trigger level {paid_on}"),
        HeadCell("Latest outturn"),
    )
    listed = [(o, ind, len(subs)) for o, subs in stretch for ind in subs]
    percents = [
        ind.reward_share if ind.reward_share is not None else 100 / count / n
        for _, ind, n in listed
    ]
    calculated = _calculated(a, listed, divided)
    amounts = calculated or (penny_shares(divided, percents) if divided is not None else None)
    rows: list[Row] = []
    for k, (o, ind, _) in enumerate(listed):
        unit = s.unit(ind)
        yt = ind.targets.get(paid_on)
        trigger = trigger_text(s, yt, unit, short=True) if yt is not None else None
        rows.append(
            Row(
                (
                    Cell(refs.indicators.get(ind.id, refs.outcomes[o.id].number), "ref"),
                    Cell(refs.outcomes[o.id].title),
                    Cell(s.indicator_title(ind)),
                    Cell(format_number(round(percents[k], 2), "%"), "number"),
                    Cell(money(amounts[k]), "number") if amounts else Cell(DASH, "none"),
                    Cell(trigger) if trigger else Cell(DASH, "none"),
                    Cell(outturn_text(ind.outturn, unit)) if ind.outturn else Cell(DASH, "none"),
                )
            )
        )
    if amounts is not None and rows:
        # The sums of the rows, not the intended 100%: shares that do not add up
        # (rendered anyway with --force) show as they are.
        label = "Total" if count == len(stretch) else f"Total of the {len(stretch)} listed"
        rows.append(
            Row(
                (
                    Cell(label, span=3),
                    Cell(format_number(round(sum(percents), 2), "%"), "number"),
                    Cell(money(round(sum(amounts), 2)), "number"),
                    Cell(""),
                    Cell(""),
                ),
                total=True,
            )
        )
    paras = []
    if any(
        yt is not None and yt.trigger is None
        for _, i, _ in listed
        for yt in [i.targets.get(paid_on)]
    ):
        paras.append(
            "A trigger level marked ‘worked out’ is where the threshold falls: the level "
            "without the agreement plus that share of the way to the stretched level. "
            "Reward starts to be paid there."
        )
    if amounts is not None and divided is not None:
        exact = [round(divided * p / 100, 2) for p in percents]
        if exact != amounts and calculated:
            paras.append(
                "Shares are worked out to the penny, first for each target and then for each "
                "of its sub-targets, so that they add up exactly; where the pennies do not "
                "divide evenly, the shares that rounding down cut most carry one penny more "
                "(the earlier ones where they are equal)."
            )
        elif exact != amounts:
            paras.append(
                "Shares are rounded to the penny so that they add up exactly to the total; "
                "where the pennies do not divide evenly, the shares that rounding down cut "
                "most carry one penny more."
            )
    weights = (7, 22, 25, 9, 11, 14, 12)
    empty = "No reward targets have been set yet."
    return _Schedule(tuple(facts), tuple(paras), head, tuple(rows), weights, empty, divided)
