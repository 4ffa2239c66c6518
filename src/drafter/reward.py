"""The reward calculator: what each target can earn and, given outturns, what it has earned.

The rules follow the agreement's generation and what the agreement states:

- **LPSA** (and a 2006–09 LAA that gives a net budget requirement): the maximum reward
  is `max_percent` (stated, else the standard 2.5%) of the base year's net budget
  requirement, or the agreement's stated total when `shares_of: stated`. It is split
  equally across the targets (the stated number of targets, when not all are listed),
  and within a target across its sub-targets, unless the agreement gives shares.
- **per target**: a fixed sum for each target (2008–11 designated targets, or 2006–09
  reward targets with `per_target:`).
- **pot**: a stated total spread equally across the targets.

A target (or sub-target) earns its share in proportion to the stretch achieved: the
improvement of the outturn over the level expected without the agreement, as a
fraction of the gap between that level and the stretched target. The same formula
serves higher-is-better and lower-is-better indicators, since both differences change
sign together. Nothing is earned below the threshold (the stated trigger level, else
the stated percentage, else 60%); at most the whole share is earned. Where no level
without the agreement is stated (a 2008–11 designated target) the baseline stands in
for it.

Every amount is a whole number of pence and every split is made by largest remainder,
so shares add up to the maximum, and instalments to the reward, to the penny. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from .model import (
    STANDARD_INSTALMENTS,
    STANDARD_MAX_PERCENT,
    STANDARD_THRESHOLD_PERCENT,
    Agreement,
    Figure,
    Generation,
    Indicator,
    Money,
    Outturn,
    Reward,
    SharesOf,
    TargetType,
    year_label,
    year_start,
)
from .reference import national_indicators

Pence = int


class Rule(StrEnum):
    """How the maximum reward is arrived at and divided."""

    SHARE = "share of the net budget requirement"
    STATED_SHARE = "share of the stated total"
    PER_TARGET = "fixed sum per target"
    POT = "stated total spread across targets"
    NONE = "not stated"


class State(StrEnum):
    """How far a line's amount can be relied on."""

    FINAL = "final"  # an outturn for the reward year
    PROVISIONAL = "provisional"  # for the reward year, but provisional
    INDICATIVE = "indicative"  # an outturn for an earlier year
    NO_OUTTURN = "no outturn"
    NO_LEVELS = "no levels"  # the agreement does not give the figures to work it out


@dataclass(frozen=True)
class Levels:
    """The figures a line's achievement is measured between, for one year."""

    year: str
    start: Fraction  # the level without the agreement (or the baseline)
    start_label: str  # 'without the agreement' or 'baseline'
    target: Fraction  # the stretched level (or the target)
    trigger: Fraction | None  # the level reward starts at, when the agreement states one


@dataclass(frozen=True)
class Line:
    """One sub-target (or a target with no sub-targets): its share and what it earns."""

    target_id: str  # the target (LPSA: the outcome) the line belongs to
    target_title: str
    indicator_id: str
    code: str  # 'NI 117' or the indicator's id
    title: str
    unit: str | None
    share: Pence | None  # None when the maximum is not known
    levels: Levels | None
    outturn: Outturn | None
    achieved: Fraction | None  # fraction of the stretch achieved, before threshold and cap
    paid: Fraction | None  # fraction of the share earned: 0 below threshold, at most 1
    amount: Pence | None  # the share × paid, to the penny
    state: State
    note: str  # why it earns what it does, in words


@dataclass(frozen=True)
class Target:
    """A target with its share and its lines (sub-targets)."""

    id: str
    title: str
    share: Pence | None
    lines: tuple[Line, ...]

    @property
    def amount(self) -> Pence | None:
        """What the target has earned so far (None when no line has an amount)."""
        amounts = [ln.amount for ln in self.lines if ln.amount is not None]
        return sum(amounts) if amounts else None


@dataclass(frozen=True)
class Payment:
    """One payment of the reward: interim or an instalment, with its year when stated."""

    label: str
    year: str | None
    amount: Pence


@dataclass(frozen=True)
class Statement:
    """The reward worked out for one agreement: the basis, every target, the totals."""

    agreement_id: str
    rule: Rule
    basis: tuple[tuple[str, str], ...]  # the arithmetic of the maximum, as labelled facts
    maximum: Pence | None
    reward_year: str
    threshold_percent: float
    threshold_stated: bool
    targets: tuple[Target, ...]
    unlisted: int  # targets the agreement counts but does not list
    unlisted_share: Pence | None  # their shares together
    cap: Pence | None
    instalments: int
    instalments_stated: bool
    payments: tuple[Payment, ...]  # of the reward earned so far, else of the maximum
    notes: tuple[str, ...]

    @property
    def lines(self) -> tuple[Line, ...]:
        """Every line, target by target."""
        return tuple(ln for t in self.targets for ln in t.lines)

    @property
    def has_outturns(self) -> bool:
        """True when any line has an outturn."""
        return any(ln.outturn is not None for ln in self.lines)

    @property
    def earned(self) -> Pence:
        """The reward earned on the outturns given (before any cap)."""
        return sum(ln.amount or 0 for ln in self.lines)

    @property
    def earned_final(self) -> Pence:
        """The part of `earned` resting on final outturns for the reward year."""
        return sum(ln.amount or 0 for ln in self.lines if ln.state is State.FINAL)

    @property
    def payable(self) -> Pence:
        """The reward earned, within the cap when there is one."""
        return min(self.earned, self.cap) if self.cap is not None else self.earned


# ---------------------------------------------------------------- arithmetic


def pence(value: float | int | Decimal | Fraction) -> Pence:
    """Pounds → whole pence, half a penny rounded up."""
    d = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)
        else (Decimal(str(value)))
    )
    return int((d * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def apportion(total: Pence, weights: Sequence[Fraction]) -> list[Pence]:
    """Split `total` pence in proportion to `weights`, to the penny (largest remainder).

    The parts always add up to `total`; ties go to the earlier part.
    """
    weight_sum = sum(weights, Fraction(0))
    if not weights or weight_sum <= 0:
        return [0 for _ in weights]
    exact = [total * w / weight_sum for w in weights]
    parts = [int(e) for e in exact]  # floor, as every part is positive
    left = total - sum(parts)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return parts


FINANCIAL_YEAR = re.compile(r"^\s*(\d{4}/\d{2})\b")
CALENDAR_YEAR = re.compile(r"^\s*(\d{4})\b(?!/)")


def financial_year(period: str) -> str | None:
    """The financial year an outturn's period is reported in, as the tables head it.

    '2007/08', '2007/08 (academic year)' → '2007/08'; a calendar or academic year
    written alone, '2007 (calendar year)', is reported in the year it begins: '2007/08'.
    """
    m = FINANCIAL_YEAR.match(period)
    if m and year_start(m.group(1)) is not None:
        return m.group(1)
    m = CALENDAR_YEAR.match(period)
    return year_label(int(m.group(1))) if m else None


def _fraction(value: float | int) -> Fraction:
    """A figure as written, exactly: 52.5 is 105/2, not the nearest binary float."""
    return Fraction(Decimal(str(value)))


def _known(m: Money | None) -> Fraction | None:
    return _fraction(m.value) if m is not None and m.value is not None else None


def format_pence(amount: Pence) -> str:
    """12345678 → '£123,456.78' (always pounds and pence, so columns add up on the page)."""
    sign = "-" if amount < 0 else ""
    pounds, p = divmod(abs(amount), 100)
    return f"{sign}£{pounds:,}.{p:02d}"


def format_percent(f: Fraction | float, places: int = 1) -> str:
    """Fraction(3, 4) → '75%'; 0.59964 → '59.9…%': `places` decimals, cut towards zero.

    Cut rather than rounded, and marked '…' when more decimals follow, so that a
    fraction just short of the threshold never prints as the threshold itself and a
    reader multiplying by the printed percentage knows it is not the whole figure.
    """
    exact = f if isinstance(f, Fraction) else _fraction(f)
    scale = 10**places
    cut = int(exact * 100 * scale)
    sign = "-" if cut < 0 else ""
    whole, part = divmod(abs(cut), scale)
    decimals = f"{part:0{places}d}".rstrip("0") if places else ""
    text = f"{sign}{whole}.{decimals}" if decimals else f"{sign}{whole}"
    if cut != exact * 100 * scale and places:  # more places follow: say so, do not round
        text = f"{sign}{whole}.{part:0{places}d}…"
    return text + "%"


# ---------------------------------------------------------------- the calculation


def reward_targets(agreement: Agreement) -> list[tuple[str, str, list[Indicator]]]:
    """The targets that earn reward, each with its lines: (id, title, indicators).

    An LPSA target is an outcome whose reward indicators are its sub-targets; a
    2006–09 reward indicator and a 2008–11 designated target are targets by themselves.
    Rows removed at a refresh, or removed from reward only, earn nothing and are left out.
    """
    a = agreement
    if a.generation is Generation.LPSA:
        groups = [
            (
                o.id,
                o.title,
                [i for i in o.indicators if i.type is TargetType.REWARD and i.in_reward],
            )
            for o in a.outcomes()
        ]
        return [g for g in groups if g[2]]
    kind = TargetType.DESIGNATED if a.generation is Generation.LAA2008 else TargetType.REWARD
    return [
        (i.id, _title(i), [i])
        for o in a.outcomes()
        for i in o.indicators
        if i.type is kind and i.in_reward
    ]


def _title(ind: Indicator) -> str:
    if ind.title:
        return ind.title
    ref = national_indicators().get(ind.ni) if ind.ni is not None else None
    return ref.title if ref else ind.id


def _unit(ind: Indicator) -> str | None:
    if ind.unit:
        return ind.unit
    ref = national_indicators().get(ind.ni) if ind.ni is not None else None
    return ref.unit if ref else None


def _rule(a: Agreement, r: Reward) -> Rule:
    per_target = r.per_target is not None and r.per_target.value is not None
    has_total = r.stated_total is not None and r.stated_total.value is not None
    nbr = r.net_budget_requirement is not None and r.net_budget_requirement.value is not None
    if a.generation is not Generation.LPSA and per_target:
        return Rule.PER_TARGET
    if r.shares_of is SharesOf.STATED and has_total:
        return Rule.STATED_SHARE
    if nbr and a.generation is not Generation.LAA2008:
        return Rule.SHARE
    if has_total:
        return Rule.POT if a.generation is not Generation.LPSA else Rule.STATED_SHARE
    return Rule.NONE


def statement(agreement: Agreement, outturns: Mapping[str, Outturn] | None = None) -> Statement:
    """Work out the reward: every target's share and, where there is an outturn, its earnings.

    `outturns` (by indicator id) replace the outturns recorded in the agreement itself.
    """
    a = agreement
    r = a.reward or Reward()
    given = {i.id: i.outturn for i in a.indicators() if i.outturn is not None}
    given.update(outturns or {})
    groups = reward_targets(a)
    rule = _rule(a, r)
    notes: list[str] = []
    basis: list[tuple[str, str]] = []
    count = r.targets if r.targets is not None and r.targets > len(groups) else len(groups)
    if r.targets is not None and r.targets < len(groups):
        notes.append(
            f"The agreement says it has {r.targets} reward targets but lists {len(groups)}; "
            "the listed targets are used."
        )
    maximum: Pence | None = None
    if rule is Rule.SHARE:
        nbr = _known(r.net_budget_requirement)
        assert nbr is not None
        percent = r.max_percent if r.max_percent is not None else STANDARD_MAX_PERCENT
        maximum = pence(nbr * _fraction(percent) / 100)
        year = f" ({r.base_year})" if r.base_year else ""
        basis.append((f"Net budget requirement{year}", format_pence(pence(nbr))))
        which = "stated" if r.max_percent is not None else "the standard rate"
        basis.append((f"Maximum reward: {_pct(percent)} of it ({which})", format_pence(maximum)))
        stated = _known(r.stated_total)
        if stated is not None and pence(stated) != maximum:
            basis.append(("Maximum reward stated in the agreement", format_pence(pence(stated))))
            notes.append(
                "The agreement also states a total; the shares divide the maximum worked out "
                "from the net budget requirement (write 'shares_of: stated' to use the stated "
                "total instead)."
            )
    elif rule in (Rule.STATED_SHARE, Rule.POT):
        stated = _known(r.stated_total)
        assert stated is not None
        maximum = pence(stated)
        basis.append(("Maximum reward, as stated in the agreement", format_pence(maximum)))
    elif rule is Rule.PER_TARGET:
        each = _known(r.per_target)
        assert each is not None
        maximum = pence(each) * count
        basis.append(("Reward per target", format_pence(pence(each))))
        basis.append((f"Maximum reward ({count} targets)", format_pence(maximum)))
    else:
        notes.append(
            "The agreement does not state the basis of the reward (a net budget requirement, "
            "a total or a sum per target), so no amounts can be worked out."
        )
    if count:
        basis.append(("Number of reward targets", str(count)))
    if count > len(groups):
        basis.append(("Of which listed in the agreement", str(len(groups))))

    target_shares, unlisted_share = _target_shares(rule, r, maximum, groups, count)
    threshold = (
        r.threshold_percent if r.threshold_percent is not None else STANDARD_THRESHOLD_PERCENT
    )
    reward_year = r.reward_year or a.period.end
    targets = []
    for (tid, title, inds), share in zip(groups, target_shares, strict=True):
        line_shares = _line_shares(share, inds)
        lines = tuple(
            _line(tid, title, ind, s, given.get(ind.id), reward_year, threshold)
            for ind, s in zip(inds, line_shares, strict=True)
        )
        targets.append(Target(tid, title, share, lines))
    if any(i.reward_share is not None for _, _, inds in groups for i in inds):
        total_pct = sum(i.reward_share or 0 for _, _, inds in groups for i in inds)
        if abs(total_pct - 100) > 1e-6:
            notes.append(
                f"The shares the agreement gives add up to {_pct(total_pct)}, not 100%; each "
                "is applied as written."
            )
    statement_ = Statement(
        agreement_id=a.id,
        rule=rule,
        basis=tuple(basis),
        maximum=maximum,
        reward_year=reward_year,
        threshold_percent=threshold,
        threshold_stated=r.threshold_percent is not None,
        targets=tuple(targets),
        unlisted=count - len(groups),
        unlisted_share=unlisted_share,
        cap=pence(c) if (c := _known(r.cap)) is not None else None,
        instalments=r.instalments or STANDARD_INSTALMENTS,
        instalments_stated=r.instalments is not None,
        payments=(),
        notes=tuple(notes),
    )
    return _with_payments(statement_, r)


def _pct(value: float) -> str:
    return format_percent(_fraction(value) / 100)


def _target_shares(
    rule: Rule,
    r: Reward,
    maximum: Pence | None,
    groups: Sequence[tuple[str, str, list[Indicator]]],
    count: int,
) -> tuple[list[Pence | None], Pence | None]:
    """Each listed target's share, and the unlisted targets' shares together."""
    if maximum is None or not count:
        return [None] * len(groups), None
    if rule is Rule.PER_TARGET:
        each = _known(r.per_target)
        assert each is not None
        return [pence(each)] * len(groups), pence(each) * (count - len(groups))
    shares = [i.reward_share for _, _, inds in groups for i in inds]
    if shares and all(s is not None for s in shares):
        # Shares stated per sub-target: a target's share is the sum of its lines'.
        exact = [
            sum((_fraction(i.reward_share or 0) for i in inds), Fraction(0))
            for _, _, inds in groups
        ]
        total_pct = sum(exact, Fraction(0))
        if total_pct == 100:
            return list(apportion(maximum, exact)), 0
        # Shares that do not add up to 100% (an error) divide what they do add up to.
        given = pence(Fraction(maximum, 100) * total_pct / 100)
        return list(apportion(given, exact)), None
    # The listed targets together take their exact part of the maximum (to the penny),
    # then divide it equally; the targets not listed have the rest.
    listed, rest = apportion(maximum, [Fraction(len(groups)), Fraction(count - len(groups))])
    return list(apportion(listed, [Fraction(1)] * len(groups))), rest


def _line_shares(share: Pence | None, inds: Sequence[Indicator]) -> list[Pence | None]:
    """A target's share split across its sub-targets (equally, or as the shares say)."""
    if share is None:
        return [None] * len(inds)
    if all(i.reward_share is not None for i in inds):
        return list(apportion(share, [_fraction(i.reward_share or 0) for i in inds]))
    return list(apportion(share, [Fraction(1)] * len(inds)))


def _number(fig: Figure | None) -> Fraction | None:
    return _fraction(fig.value) if fig is not None and fig.value is not None else None


def _levels(ind: Indicator, year: str) -> Levels | None:
    """The levels of one year: without (or the baseline) and the target, with any trigger."""
    yt = ind.targets.get(year)
    if yt is None:
        return None
    target = _number(yt.target)
    start, label = _number(yt.without), "without the agreement"
    if start is None and yt.without is None:
        start, label = _number(ind.baseline), "baseline"
    if target is None or start is None or target == start:
        return None
    return Levels(year, start, label, target, _number(yt.trigger))


def _line(
    tid: str,
    title: str,
    ind: Indicator,
    share: Pence | None,
    outturn: Outturn | None,
    reward_year: str,
    threshold: float,
) -> Line:
    final_levels = _levels(ind, reward_year)
    code = ind.code

    def line(
        levels: Levels | None,
        achieved: Fraction | None,
        paid: Fraction | None,
        state: State,
        note: str,
    ) -> Line:
        amount = None
        if share is not None and paid is not None:
            amount = pence(Fraction(share, 100) * paid)
        return Line(
            tid,
            title,
            ind.id,
            code,
            _title(ind),
            _unit(ind),
            share,
            levels,
            outturn,
            achieved,
            paid,
            amount,
            state,
            note,
        )

    if outturn is None or outturn.value is None:
        if final_levels is None:
            return line(None, None, None, State.NO_LEVELS, _no_levels(ind, reward_year))
        return line(final_levels, None, None, State.NO_OUTTURN, "No outturn reported yet.")
    period = financial_year(outturn.period or "") or reward_year
    levels = _levels(ind, period) if period != reward_year else final_levels
    note_year = ""
    if levels is None and period != reward_year:
        levels, note_year = (
            final_levels,
            (
                f" The agreement gives no levels for {period}, so the outturn is measured "
                f"against the {reward_year} levels."
            ),
        )
    if levels is None:
        return line(None, None, None, State.NO_LEVELS, _no_levels(ind, reward_year))
    value = _fraction(outturn.value)
    achieved = (value - levels.start) / (levels.target - levels.start)
    bar = Fraction(Decimal(str(threshold))) / 100
    bar_word = f"the {format_percent(bar)} threshold"
    if levels.trigger is not None:
        bar = (levels.trigger - levels.start) / (levels.target - levels.start)
        bar_word = f"the trigger level ({format_percent(bar)} of the stretch)"
    if achieved < bar:
        paid, note = Fraction(0), f"Below {bar_word}, so nothing is earned."
    elif achieved >= 1:
        paid, note = Fraction(1), "The stretched target is met, so the whole share is earned."
    else:
        paid = achieved
        note = f"{format_percent(achieved)} of the stretch achieved earns as much of the share."
    if period != reward_year:
        state = State.INDICATIVE
        note += f" Indicative: the outturn is for {period}; the reward is paid on {reward_year}."
    elif outturn.provisional:
        state, note = State.PROVISIONAL, note + " The outturn is provisional."
    else:
        state = State.FINAL
    return line(levels, achieved, paid, state, note + note_year)


def _no_levels(ind: Indicator, year: str) -> str:
    yt = ind.targets.get(year)
    if yt is None:
        return f"The agreement gives no target for {year}, so nothing can be worked out."
    return (
        f"The {year} levels are not both figures (a placeholder or a target in words), "
        "so the reward cannot be worked out."
    )


def _with_payments(s: Statement, r: Reward) -> Statement:
    """The payments of the reward earned so far: an interim payment, then the instalments."""
    if s.maximum is None:
        return s
    payable = s.payable if s.has_outturns else s.maximum
    payments: list[Payment] = []
    if r.interim is not None and r.interim.percent is not None:
        interim = pence(Fraction(payable, 100) * _fraction(r.interim.percent) / 100)
        share = format_percent(_fraction(r.interim.percent) / 100)
        payments.append(
            Payment(f"Interim payment ({share} of the reward)", r.interim.year, interim)
        )
        payable -= interim
    years = list(r.payment_years) + [None] * s.instalments
    if r.equal_instalments is False:
        payments.append(Payment("Balance, in instalments as the agreement sets out", None, payable))
    else:
        parts = apportion(payable, [Fraction(1)] * s.instalments)
        for k, amount in enumerate(parts, 1):
            payments.append(Payment(f"Instalment {k} of {s.instalments}", years[k - 1], amount))
    return replace(s, payments=tuple(payments))
