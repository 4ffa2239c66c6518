"""The money parts: the funding schedule with its totals, and the reward schedule.

Funding lists every stream per year, then totals the same money three ways (by
treatment, department and theme), each adding up to the schedule's total. The
reward schedule follows the rules of the agreement's generation: a fixed sum per
designated target (2008–11), or a share of a percentage of the net budget
requirement (LPSA and 2006–09).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import (
    STANDARD_INSTALMENTS,
    STANDARD_MAX_PERCENT,
    STANDARD_THRESHOLD_PERCENT,
    FundingStream,
    Generation,
    Indicator,
    Money,
    Outcome,
    Reward,
    TargetType,
    Treatment,
)
from .contents import Refs
from .parts import Cell, FundingPart, HeadCell, RewardPart, Row, Section, Table
from .shared import PORTRAIT_MAX_COLUMNS, Setting, cell_or_dash, widths
from .wording import DASH, TREATMENT_LABELS, format_number, money, paragraphs

# ---------------------------------------------------------------- funding


def funding_part(
    s: Setting, sec: Section | None, themes: Sequence[Section], refs: Refs
) -> FundingPart | None:
    """The funding schedule: streams per year with a total, then totals three ways."""
    if sec is None:
        return None
    a = s.agreement
    streams = a.funding.streams
    years = s.years
    per_year = {y: sum(_value(f, y) for f in streams) for y in years}
    total = sum(per_year.values())
    total_row = Row((Cell("Total"), *_amount_cells(years, per_year)), total=True)

    rows = []
    for f in streams:
        rows.append(
            Row(
                (
                    Cell(f.name),
                    cell_or_dash(f.department),
                    cell_or_dash(TREATMENT_LABELS[f.treatment] if f.treatment else None),
                    *_amount_cells(years, _known(f)),
                )
            )
        )
    n_cols = 3 + len(years) + 1
    blank = [Cell("") for _ in range(2)]
    streams_table = Table(
        id="table-funding",
        caption="Funding streams",
        head=(
            _year_head(
                years, [HeadCell("Funding stream"), HeadCell("Department"), HeadCell("Treatment")]
            ),
        ),
        rows=(*rows, Row((total_row.cells[0], *blank, *total_row.cells[1:]), total=True)),
        widths=widths([27, 10, 16, *([12] * len(years)), 13]),
        landscape=n_cols > PORTRAIT_MAX_COLUMNS,
        notes=tuple(n for n in (s.open_text(f.name, f) for f in streams) if n),
        empty="No funding streams have been listed yet.",
    )

    theme_word = "block" if a.generation is Generation.LAA2006 else "theme"

    def grouped(
        table_id: str, caption: str, label: str, key_of: dict[str, list[FundingStream]]
    ) -> Table:
        body = []
        for key in key_of:
            sums = {y: sum(_value(f, y) for f in key_of[key]) for y in years}
            body.append(Row((Cell(key), *_amount_cells(years, sums))))
        return Table(
            id=table_id,
            caption=caption,
            head=(_year_head(years, [HeadCell(label)]),),
            rows=(*body, total_row),
            widths=widths([40, *([14] * len(years)), 14]),
            empty="No funding streams have been listed yet.",
        )

    n = len(streams)
    paras = [
        f"The agreement brings together {n} funding stream{'s' if n != 1 else ''} "
        f"worth {money(total)} over {s.period_label()}."
    ]
    paras.append(
        f"A stream that serves outcomes in more than one {theme_word} is counted "
        f"under the {theme_word} of its first outcome."
    )
    return FundingPart(
        section=sec,
        paragraphs=tuple(paras),
        streams=streams_table,
        by_treatment=grouped(
            "table-funding-treatment", "Totals by treatment", "Treatment", _by_treatment(streams)
        ),
        by_department=grouped(
            "table-funding-department",
            "Totals by department",
            "Department",
            _by_department(streams),
        ),
        by_theme=grouped(
            "table-funding-theme",
            f"Totals by {theme_word}",
            theme_word.capitalize(),
            _by_theme(streams, themes, refs, f"Not linked to a {theme_word}"),
        ),
        total=total,
        totals_by_year=tuple(per_year.items()),
    )


def _value(f: FundingStream, year: str) -> float:
    """A stream's known amount for a year (0 when none is given)."""
    amount = f.amounts.get(year)
    return float(amount.value) if amount is not None and amount.value is not None else 0.0


def _known(f: FundingStream) -> dict[str, float]:
    """A stream's known amounts by year."""
    return {y: float(a.value) for y, a in f.amounts.items() if a.value is not None}


def _pounds(m: Money | None) -> float | None:
    """The value of an amount in pounds, when known."""
    return float(m.value) if m is not None and m.value is not None else None


def _amount_cells(years: Sequence[str], amounts: Mapping[str, float]) -> list[Cell]:
    """One cell per year (DASH for a year with no amount), then the total."""
    cells = [
        Cell(money(amounts[y]), "number") if y in amounts else Cell(DASH, "none") for y in years
    ]
    cells.append(Cell(money(sum(amounts.get(y, 0.0) for y in years)), "number"))
    return cells


def _year_head(years: Sequence[str], first: list[HeadCell]) -> tuple[HeadCell, ...]:
    """The header row of a money table: `first`, one column per year, then Total."""
    return (
        *first,
        *(HeadCell(y, numeric=True) for y in years),
        HeadCell("Total", numeric=True),
    )


def _by_treatment(streams: Sequence[FundingStream]) -> dict[str, list[FundingStream]]:
    """Streams by treatment, in the order treatments are listed; unstated ones last."""
    by_treatment: dict[str, list[FundingStream]] = {}
    for t in Treatment:
        members = [f for f in streams if f.treatment is t]
        if members:
            by_treatment[TREATMENT_LABELS[t]] = members
    untreated = [f for f in streams if f.treatment is None]
    if untreated:
        by_treatment["Treatment not yet stated"] = untreated
    return by_treatment


def _by_department(streams: Sequence[FundingStream]) -> dict[str, list[FundingStream]]:
    """Streams by department, in order of name; unstated ones last."""
    by_department: dict[str, list[FundingStream]] = {}
    for f in sorted(streams, key=lambda f: (f.department is None, f.department or "")):
        by_department.setdefault(f.department or "Department not stated", []).append(f)
    return by_department


def _by_theme(
    streams: Sequence[FundingStream], themes: Sequence[Section], refs: Refs, unlinked: str
) -> dict[str, list[FundingStream]]:
    """Streams by the theme of their first outcome, in theme order; unlinked ones last."""
    # A stream serving several themes is counted once, under the theme of its first
    # outcome, so the totals add up to the schedule's total.
    by_theme: dict[str, list[FundingStream]] = {}
    for theme_sec in themes:
        by_theme[theme_sec.heading] = []
    for f in streams:
        ref = next((refs.outcomes[o] for o in f.outcomes if o in refs.outcomes), None)
        key = f"{ref.theme_number} {ref.theme_title}" if ref else unlinked
        by_theme.setdefault(key, []).append(f)
    return {k: v for k, v in by_theme.items() if v}


# ---------------------------------------------------------------- reward


@dataclass(frozen=True)
class _Schedule:
    """What the generation's reward rules put in the reward part."""

    facts: tuple[tuple[str, str], ...]
    paragraphs: tuple[str, ...]
    head: tuple[HeadCell, ...]
    rows: tuple[Row, ...]
    weights: tuple[float, ...]
    empty: str
    maximum: float | None


def reward_part(s: Setting, sec: Section | None, refs: Refs) -> RewardPart | None:
    """The reward schedule: the arithmetic as facts and a table of shares per target."""
    a = s.agreement
    r = a.reward
    if sec is None or r is None:
        return None
    if a.generation is Generation.LAA2008 or (
        r.per_target is not None and r.net_budget_requirement is None
    ):  # a fixed sum per target
        schedule = _per_target(s, r, refs)
    else:
        schedule = _shares(s, r, refs)
    facts = list(schedule.facts)
    paras = list(schedule.paragraphs)
    instalments = r.instalments or STANDARD_INSTALMENTS
    facts.append(("Paid in", f"{instalments} instalment{'s' if instalments != 1 else ''}"))
    ppg, uca, stated = (
        _pounds(r.pump_priming_grant),
        _pounds(r.unsupported_credit_approval),
        _pounds(r.stated_total),
    )
    if ppg is not None:
        facts.append(("Pump priming grant", money(ppg)))
    if uca is not None:
        facts.append(("Unsupported Credit Approval", money(uca)))
    if stated is not None:
        facts.append(("Maximum reward stated in the agreement", money(stated)))
    paras.extend(paragraphs(r.rules))
    table = Table(
        id="table-reward",
        caption="Reward schedule",
        head=(schedule.head,),
        rows=schedule.rows,
        widths=widths(schedule.weights),
        empty=schedule.empty,
    )
    return RewardPart(sec, tuple(paras), tuple(facts), table, schedule.maximum)


def _per_target(s: Setting, r: Reward, refs: Refs) -> _Schedule:
    """A fixed reward per target: 2008–11 LAAs, and others stating one but no budget."""
    a = s.agreement
    facts: list[tuple[str, str]] = []
    paras: list[str] = []
    rows: list[Row] = []
    maximum: float | None = None
    kind = TargetType.DESIGNATED if a.generation is Generation.LAA2008 else TargetType.REWARD
    # A target removed at a refresh, or removed from reward only, earns nothing.
    targets = [i for i in a.indicators() if i.type is kind and i.in_reward]
    count = len(targets)
    word = "designated improvement target" if kind is TargetType.DESIGNATED else "reward target"
    facts.append((f"Number of {word}s", str(count)))
    per_target = _pounds(r.per_target)
    if per_target is not None:
        maximum = per_target * count
        facts.append((f"Reward available per {word}", money(per_target)))
        facts.append(("Maximum reward grant", money(maximum)))
    paras.append(f"Reward grant is payable on achievement across all {word}s.")
    head = (
        HeadCell("Ref"),
        HeadCell("Target"),
        HeadCell("Maximum reward", numeric=True),
    )
    # In a 2008–11 LAA every designated target carries the same reward, so a row
    # per target would repeat one figure 35 times; the facts above say it once.
    listed = targets if a.generation is not Generation.LAA2008 else []
    for ind in listed:
        rows.append(
            Row(
                (
                    Cell(refs.indicators.get(ind.id, ind.id), "ref"),
                    Cell(s.indicator_title(ind)),
                    Cell(money(per_target), "number")
                    if per_target is not None
                    else Cell(DASH, "none"),
                )
            )
        )
    if a.generation is not Generation.LAA2008 or not count:
        empty = f"No {word}s have been set yet."
    elif per_target is None:
        empty = f"The reward per {word} is not yet stated."
    else:
        empty = f"Each of the {count} {word}s carries the same reward, as set out above."
    if maximum is not None and rows:
        rows.append(Row((Cell("Total"), Cell(""), Cell(money(maximum), "number")), total=True))
    return _Schedule(tuple(facts), tuple(paras), head, tuple(rows), (10, 66, 24), empty, maximum)


def _shares(s: Setting, r: Reward, refs: Refs) -> _Schedule:
    """A share of the maximum reward per target and sub-target (LPSA, 2006–09 LAA)."""
    a = s.agreement
    facts: list[tuple[str, str]] = []
    paras: list[str] = []
    rows: list[Row] = []
    maximum: float | None = None
    # LPSA rules: max reward = max_percent of the net budget requirement, split
    # equally across targets and, within a target, across its sub-targets.
    # An LPSA target is an outcome whose indicators are its sub-targets; in a
    # 2006–09 LAA each reward indicator is a target in its own right.
    stretch: list[tuple[Outcome, list[Indicator]]] = [
        (o, [i for i in o.indicators if i.type is TargetType.REWARD and i.in_reward])
        for o in a.outcomes()
    ]
    stretch = [(o, subs) for o, subs in stretch if subs]
    if a.generation is Generation.LAA2006:
        stretch = [(o, [i]) for o, subs in stretch for i in subs]
    empty = "No reward targets have been set yet."
    nbr = _pounds(r.net_budget_requirement)
    max_percent = r.max_percent or STANDARD_MAX_PERCENT
    threshold = r.threshold_percent or STANDARD_THRESHOLD_PERCENT
    if nbr is not None:
        maximum = nbr * max_percent / 100
        base = f" ({r.base_year})" if r.base_year else ""
        facts.append((f"Net budget requirement{base}", money(nbr)))
        facts.append(
            (
                f"Maximum reward ({format_number(max_percent)}% of the net budget requirement)",
                money(maximum),
            )
        )
    facts.append(
        (
            "Number of reward targets"
            if a.generation is Generation.LAA2006
            else "Number of stretch targets",
            str(len(stretch)),
        )
    )
    # Shares given in the agreement replace the equal split (all or none: R001).
    equal = all(i.reward_share is None for _, subs in stretch for i in subs)
    if maximum is not None and stretch and equal:
        facts.append(("Equal share per target", money(round(maximum / len(stretch), 2))))
    lpsa = a.generation is Generation.LPSA
    head = (
        HeadCell("Ref"),
        HeadCell("Target" if lpsa else "Outcome"),
        HeadCell("Sub-target" if lpsa else "Reward target"),
        HeadCell("Share of reward", numeric=True),
        HeadCell("Maximum reward", numeric=True),
    )
    pct_total = 0.0
    amount_total = 0.0
    for o, subs in stretch:
        o_ref = refs.outcomes[o.id].number
        for ind in subs:
            if ind.reward_share is not None:
                pct = ind.reward_share
            else:
                pct = 100 / len(stretch) / len(subs)
            amount = maximum * pct / 100 if maximum is not None else None
            pct_total += pct
            amount_total += amount or 0.0
            rows.append(
                Row(
                    (
                        Cell(refs.indicators.get(ind.id, o_ref), "ref"),
                        Cell(o.title),
                        Cell(s.indicator_title(ind)),
                        Cell(format_number(round(pct, 2), "%"), "number"),
                        Cell(money(round(amount, 2)), "number")
                        if amount is not None
                        else Cell(DASH, "none"),
                    )
                )
            )
    if maximum is not None and rows:
        # The sums of the rows, not the intended 100%: shares that do not add up
        # (rendered anyway with --force) show as they are.
        rows.append(
            Row(
                (
                    Cell("Total"),
                    Cell(""),
                    Cell(""),
                    Cell(format_number(round(pct_total, 2), "%"), "number"),
                    Cell(money(round(amount_total, 2)), "number"),
                ),
                total=True,
            )
        )
    paras.append(
        f"A target earns its share of the reward in proportion to the stretch achieved. "
        f"Nothing is paid for a target where less than "
        f"{format_number(threshold)}% of the stretch is achieved, and the "
        f"reward is capped at 100% of the share."
    )
    facts.append(("Threshold", f"{format_number(threshold)}% of the stretch"))
    weights = (8, 32, 32, 12, 16)
    return _Schedule(tuple(facts), tuple(paras), head, tuple(rows), weights, empty, maximum)
