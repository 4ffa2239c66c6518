"""National indicators (N…) and targets (T…): what is measured, from where, to what level."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..context.wording import KIND_NAMES, format_date, format_number
from ..model import VAGUE_WORDS, Figure, Generation, Month, PathKey, Polarity, TargetType, last_day
from ..reference import national_indicators, statutory_numbers
from .context import Context, Row, item, short

MAX_DESIGNATED = 35
# Words too common to show that a title is about the same thing as the NI's title.
_STOPWORDS = frozenset(
    (
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "their",
        "there",
        "those",
        "people",
        "number",
        "rate",
        "level",
        "area",
        "local",
        "more",
        "less",
        "than",
        "into",
        "over",
        "under",
        "within",
    )
)
_WORD = re.compile(r"[a-z0-9]+")
_YEAR = re.compile(r"(19|20)\d\d")

# Which target types each generation has (reward is checked by R004).
_TYPES = {
    Generation.LPSA: {TargetType.LOCAL, TargetType.REWARD},
    Generation.LAA2006: {TargetType.LOCAL, TargetType.MANDATORY, TargetType.REWARD},
    Generation.LAA2008: {TargetType.LOCAL, TargetType.DESIGNATED, TargetType.STATUTORY},
}
_LOCAL_FIELDS = ("title", "definition", "unit", "source", "frequency")
# Tells the two LAA rounds apart in messages (both are a "Local Area Agreement").
_GENERATION_YEARS = {
    Generation.LPSA: "",
    Generation.LAA2006: "2006–09 ",
    Generation.LAA2008: "2008–11 ",
}


def check(ctx: Context) -> None:
    """Every N and T rule."""
    statutory = statutory_numbers()
    generation = ctx.agreement.generation
    word = "block" if generation is Generation.LAA2006 else "theme"
    for t, theme in enumerate(ctx.agreement.themes):
        if not theme.outcomes:
            ctx.add(
                "T017",
                ("themes", t, "id"),
                f"{item(word.capitalize(), theme.id, theme.title)} has no outcomes.",
                f"Add the outcomes this {word} is to achieve, or remove the {word}.",
            )
    for path, outcome, _ in ctx.agreement.outcome_paths():
        # An outcome measured through its sub-outcomes needs no indicator of its own.
        if not outcome.indicators and not outcome.outcomes:
            ctx.add(
                "T001",
                (*path, "id"),
                f"{item('Outcome', outcome.id, outcome.title)} has no indicator, so "
                "there is no way to tell whether it has been achieved.",
                "Add an indicator with a baseline and a target for each year.",
            )
    for row in ctx.rows:
        ind = row.indicator
        _national(ctx, row, statutory)
        if ind.type not in _TYPES[generation] and ind.type != TargetType.REWARD:
            ctx.add(
                "N010",
                (*row.path, "type"),
                f"{row.name} is a {ind.type} target, but a {_generation_name(generation)} "
                f"has no {ind.type} targets.",
                _type_hint(generation),
            )
        if ind.ni is None:
            _local_definition(ctx, row)
        if ind.in_agreement:
            _figures(ctx, row)
            _lead(ctx, row)
    _designated(ctx)
    if generation == Generation.LAA2008:
        _statutory_complete(ctx)
    elif ctx.agreement.statutory:
        ctx.add(
            "N010",
            ("statutory",),
            f"This {_generation_name(generation)} has a 'statutory:' list, but only "
            "2008–11 LAAs have statutory education targets.",
            "Move these targets into a theme.",
            key=True,
        )


def _designated(ctx: Context) -> None:
    """N003 and N011: at most 35 designated targets, each indicator designated once."""
    # A row removed from reward only is still a designated target.
    rows = [
        r
        for r in ctx.rows
        if r.indicator.type == TargetType.DESIGNATED and r.indicator.in_agreement
    ]
    if len(rows) > MAX_DESIGNATED:
        extra = rows[MAX_DESIGNATED]
        ctx.add(
            "N003",
            (*extra.path, "type"),
            f"The agreement has {len(rows)} designated targets; a 2008–11 LAA may have at "
            f"most {MAX_DESIGNATED}. {extra.name} is number {MAX_DESIGNATED + 1}.",
            "Make the less important ones local targets ('type: local').",
        )
    first: dict[int, Row] = {}
    for row in rows:
        ni = row.indicator.ni
        if ni is None:
            continue  # N007
        if ni in first:
            where = ctx.first_on((*first[ni].path, "ni"), (*row.path, "ni"))
            ctx.add(
                "N011",
                (*row.path, "ni"),
                f"NI {ni} is designated twice (first on {where}); it counts once towards "
                "the 35 and the reward.",
                "Keep one designated target for it; make the other local.",
            )
        else:
            first[ni] = row


def _generation_name(g: Generation) -> str:
    """'2006–09 Local Area Agreement': the kind, with the years for the two LAA rounds."""
    return _GENERATION_YEARS[g] + KIND_NAMES[g]


def _type_hint(g: Generation) -> str:
    allowed = ", ".join(
        sorted(
            str(t) for t in _TYPES[g] | ({TargetType.REWARD} if g != Generation.LAA2008 else set())
        )
    )
    return f"Use one of: {allowed}."


def _national(ctx: Context, row: Row, statutory: frozenset[int]) -> None:
    """N001, N002, N005, N006, N007, N009 for one indicator."""
    ind = row.indicator
    where = "is in the statutory list" if row.statutory_list else "is marked statutory"
    if ind.ni is None:
        if row.statutory:
            ctx.add(
                "N006",
                (*row.path, "id"),
                f"{row.name} {where} but is not a National Indicator; only "
                "the 16 statutory education and early years indicators are statutory.",
                "Make it a local target ('type: local'), outside the statutory list.",
            )
        elif ind.type == TargetType.DESIGNATED:
            ctx.add(
                "N007",
                (*row.path, "type"),
                f"{row.name} is marked designated but has no National Indicator number; "
                "designated targets are chosen from the National Indicator Set.",
                "Add 'ni:' with its number, or write 'type: local'.",
            )
        return
    ref = national_indicators().get(ind.ni)
    if ref is None:
        ctx.add(
            "N001",
            (*row.path, "ni"),
            f"Indicator {ind.id} gives NI {ind.ni}, which is not a National Indicator.",
            "National Indicators run from NI 1 to NI 199; check the number.",
        )
        return
    if ref.deleted:
        ctx.add(
            "N002",
            (*row.path, "ni"),
            f"{row.name} was withdrawn from the National Indicator Set and cannot be used.",
            "Choose another indicator, or define a local one.",
        )
    if row.statutory:
        if ind.ni not in statutory:
            ctx.add(
                "N006",
                (*row.path, "ni"),
                f"{row.name} {where} but is not one of the 16 statutory "
                "education and early years targets.",
                "Make it a designated or local target under an outcome.",
            )
        elif ind.type in (TargetType.DESIGNATED, TargetType.REWARD):
            ctx.add(
                "N005",
                (*row.path, "type"),
                f"{row.name} is a statutory education target but is marked {ind.type}; "
                "statutory targets do not count towards the 35 designated targets.",
                "Write 'type: statutory'.",
            )
    elif ind.ni in statutory and ctx.agreement.generation == Generation.LAA2008:
        ctx.add(
            "N005",
            (*row.path, "type"),
            f"{row.name} is one of the 16 statutory education and early years targets, but "
            f"under outcome {row.outcome.id if row.outcome else ''} it is marked {ind.type}.",
            "Write 'type: statutory' (it can stay under the outcome it serves, and is still "
            "listed with the statutory targets), or move it to the 'statutory:' list.",
        )
    if ind.title and not _same_subject(ind.title, ref.title):
        ctx.add(
            "N009",
            (*row.path, "title"),
            f"Indicator {ind.id} is titled '{short(ind.title)}', which does not look like "
            f"NI {ind.ni}: '{short(ref.title)}'.",
            "Check the NI number, or remove 'title:' to use the official title.",
        )


def _same_subject(title: str, official: str) -> bool:
    """True when the title shares a significant word (or its stem) with the official one."""
    words = [w for w in _WORD.findall(title.lower()) if len(w) > 2 and w not in _STOPWORDS]
    if not words:
        return True
    stems = {w[:5] for w in _WORD.findall(official.lower())}
    return any(w[:5] in stems for w in words)


def _local_definition(ctx: Context, row: Row) -> None:
    """N008 and T013 for a locally defined indicator."""
    ind = row.indicator
    missing = [f for f in _LOCAL_FIELDS if not getattr(ind, f)]
    if missing:
        ctx.add(
            "N008",
            (*row.path, "id"),
            f"Local {row.name} has no {_words(missing)}; without them a reader cannot tell "
            "exactly what is measured.",
            "Add " + ", ".join(f"'{f}:'" for f in missing) + ".",
        )
    if ind.polarity is None and ind.in_agreement:
        ctx.add(
            "T013",
            (*row.path, "id"),
            f"Local {row.name} does not say whether a higher or a lower figure is better, so "
            "its targets cannot be checked.",
            "Add 'polarity: higher' or 'polarity: lower'.",
        )


def _words(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _figures(ctx: Context, row: Row) -> None:
    """T002–T012 for one indicator that is still in the agreement."""
    ind = row.indicator
    path = row.path
    years = ctx.years
    if ind.baseline is None:
        ctx.add(
            "T002",
            (*path, "id"),
            f"{row.name} has no baseline.",
            "Give 'baseline:' with the figure and its period, or a placeholder: "
            "{missing: what, owner: partner id, due: YYYY-MM-DD}.",
        )
    elif ind.baseline.period:
        _baseline_period(ctx, row, ind.baseline)
    reward = ind.type == TargetType.REWARD and ind.in_reward
    for year in ind.targets:
        if year not in years:
            ctx.add(
                "T005",
                (*path, "targets", year),
                f"{row.name} has a target for {year}, "
                f"which is not a year of the agreement ({years[0]} to {years[-1]}).",
                "Use the financial years of the period, written like 2009/10.",
                key=True,
            )
    needed = years[-1:] if reward else years
    absent = [y for y in needed if (yt := ind.targets.get(y)) is None or yt.target is None]
    if absent:
        which = "the final year" if reward else _words(absent)
        ctx.add(
            "T004",
            (*path, "targets") if ind.targets else (*path, "id"),
            f"{row.name} has no target for {which}" + (f" ({absent[0]})" if reward else "") + ".",
            "Give a figure, a relative target in words, or a placeholder saying "
            "what is missing, who provides it and by when.",
            key=bool(ind.targets),
        )
    cells = list(ctx.cells(path, ind))
    _placeholders(ctx, row, [(p, label, f) for p, label, f in cells if f.open])
    for cell_path, label, fig in cells:
        if fig.relative is not None and not _recognisable(fig.relative):
            ctx.add(
                "T014",
                cell_path,
                f"{label[0].upper()}{label[1:]} of {row.name} is '{short(fig.relative)}', which "
                "is not a number, a placeholder or a target in words that can be checked.",
                "Write the figure; or a placeholder {missing: what, owner: who, due: "
                "YYYY-MM-DD}; or 'N/A' where no figure applies; or a relative target such as "
                "'keep the gap to the national rate below 2 points'.",
            )
    polarity = ctx.polarity(ind)
    if ind.stretched or reward:
        _stretch(ctx, row, polarity, reward)
    if polarity is not None:
        if not reward:  # a stretch is judged against 'without' (T010), not the baseline
            _direction(ctx, row, polarity)
    elif reward and ind.ni is not None:
        ctx.add(
            "T013",
            (*path, "ni"),
            f"Reward target {row.name}: the reference data does not say whether a higher or a "
            "lower figure is better, so its stretch cannot be checked.",
            "Add 'polarity: higher' or 'polarity: lower'.",
        )


def _lead(ctx: Context, row: Row) -> None:
    """T015: someone leads every target."""
    ind = row.indicator
    if ind.leads or (row.outcome is not None and row.outcome.lead):
        return
    ctx.add(
        "T015",
        (*row.path, "id"),
        f"{row.name} has no lead partner"
        + ("." if row.outcome is None else ", and neither has its outcome."),
        "Add 'lead:' with the id of the partner responsible (several may share the lead: "
        "'lead: [nbc, pct]').",
    )


# Words that show a target written in words says what it is relative to.
_RELATIVE_WORDS = re.compile(
    r"\d|%|per ?cent|\b(?:gap|national|england|regional|average|mean|median|quartile|"
    r"rate|level|baseline|comparator|neighbours?|above|below|within|maintain|sustain|keep|"
    r"hold|reduc\w*|increas\w*|improv\w*|rais\w*|narrow\w*|clos\w*|halt\w*|fall|rise|"
    r"more|less|fewer|higher|lower|better|worse|same|at least|no more|points?|top|bottom)\b",
    re.IGNORECASE,
)


# Words that say there is no target, whatever else the cell says.
_NO_TARGET = re.compile(r"\b(?:no target|not set|n/a|not applicable)\b", re.IGNORECASE)


def _recognisable(text: str) -> bool:
    """Whether words in a figure cell read as a relative target (not 'New PI', 'see notes')."""
    return bool(_RELATIVE_WORDS.search(text)) and not _NO_TARGET.search(text)


def _baseline_period(ctx: Context, row: Row, baseline: Figure) -> None:
    """T003: a baseline from after the agreement starts."""
    period = baseline.period or ""
    m = _YEAR.search(period)  # '2007/08' and a calendar year '2008' alike
    if m and int(m.group(0)) > ctx.start_year:
        ctx.add(
            "T003",
            (*row.path, "baseline", "period"),
            f"The baseline of {row.name} refers to {period}, after the agreement starts in "
            f"{ctx.years[0]}.",
            "Check the period; if the baseline will only be known later, say so with a "
            "placeholder.",
        )


def _placeholders(ctx: Context, row: Row, cells: list[tuple[PathKey, str, Figure]]) -> None:
    """T006, T007, T008, T012 for the placeholders of one row, each reported once per row."""
    bare: list[tuple[PathKey, str, Figure]] = []
    no_owner: list[tuple[PathKey, str, Figure]] = []
    no_due: list[tuple[PathKey, str, Figure]] = []
    vague: list[tuple[PathKey, str, Figure]] = []
    for cell in cells:
        path, label, fig = cell
        if fig.owner is not None:
            ctx.refer(
                "S006",
                (*path, "owner"),
                f"The placeholder for {label} of {row.name}",
                fig.owner,
                ctx.owner_ids,
                "partner or body",
            )
        if _is_vague(fig.missing or "") and fig.owner is None and fig.due is None:
            bare.append(cell)
            continue
        if fig.owner is None:
            no_owner.append(cell)
        if fig.due is None:
            no_due.append(cell)
        elif last_day(fig.due) < ctx.today:
            state = "confirmation of" if fig.awaiting else "the placeholder for"
            ctx.add(
                "T008",
                (*path, "due"),
                f"{state[0].upper()}{state[1:]} {label} of {row.name} was due "
                f"{_when(fig.due)}, which has passed (checked against {format_date(ctx.today)}).",
                "Fill in the figure, or agree a new due date.",
            )
        if _is_vague(fig.missing or ""):
            vague.append(cell)
    if bare:
        said = sorted({f"'{f.missing}'" for _, _, f in bare})
        ctx.add(
            "T012",
            bare[0][0],
            f"{_labels(bare)} of {row.name} {_is(bare)} just {_words(said)}: nothing says "
            "what is missing, who will provide it or by when.",
            "Write {missing: what is missing, owner: partner or body id, due: YYYY-MM-DD}.",
        )
    if no_owner:
        ctx.add(
            "T006",
            no_owner[0][0],
            f"The placeholder{_s(no_owner)} for {_labels(no_owner, cap=False)} of {row.name} "
            f"{_does(no_owner)} not say who will provide {_them(no_owner)}.",
            "Add 'owner:' with the id of the partner (or outside body) responsible.",
        )
    if no_due:
        ctx.add(
            "T007",
            no_due[0][0],
            f"The placeholder{_s(no_due)} for {_labels(no_due, cap=False)} of {row.name} "
            f"{_does(no_due)} not say when {_them(no_due)} will come.",
            "Add 'due:' with a date (YYYY-MM-DD, or YYYY-MM when only the month is known).",
        )
    if vague:
        ctx.add(
            "T012",
            vague[0][0],
            f"The placeholder{_s(vague)} for {_labels(vague, cap=False)} of {row.name} "
            f"{'says' if len(vague) == 1 else 'say'} only "
            f"{_words(sorted({repr(f.missing) for _, _, f in vague}))}.",
            "Say what is missing, e.g. 'baseline from the 2008 Place Survey'.",
        )


def _labels(cells: list[tuple[PathKey, str, Figure]], cap: bool = True) -> str:
    text = _words([label for _, label, _ in cells])
    return text[0].upper() + text[1:] if cap else text


def _s(cells: list[Any]) -> str:
    return "" if len(cells) == 1 else "s"


def _is(cells: list[Any]) -> str:
    return "is" if len(cells) == 1 else "are"


def _does(cells: list[Any]) -> str:
    return "does" if len(cells) == 1 else "do"


def _them(cells: list[Any]) -> str:
    return "it" if len(cells) == 1 else "them"


def _when(d: dt.date | Month) -> str:
    """'on 30 June 2008', or 'by June 2008' for a month."""
    return f"by {format_date(d)}" if isinstance(d, Month) else f"on {format_date(d)}"


def _is_vague(text: str) -> bool:
    # The same words the model turns into placeholders, when that is all the text says.
    return bool(VAGUE_WORDS.match(text)) and len(text.split()) <= 4


def _stretch(ctx: Context, row: Row, polarity: Polarity | None, reward: bool) -> None:
    """T010, T011 and T016: the stretched level beyond the un-stretched one, the trigger between."""
    ind = row.indicator
    kind = "Reward target" if reward else "Target"
    for year, yt in ind.targets.items():
        at = (*row.path, "targets", year)
        if yt.target is None:
            continue
        if yt.without is None:
            if reward:
                ctx.add(
                    "T011",
                    at,
                    f"Reward target {row.name} gives no level expected without the agreement "
                    f"for {year}, so the stretch (and the reward) cannot be worked out.",
                    f"Write '{year}: {{without: …, with: …}}'.",
                )
            continue
        with_, without = yt.target.value, yt.without.value
        if polarity is None or with_ is None or without is None:
            continue
        sign = 1 if polarity == Polarity.HIGHER else -1
        unit = ctx.unit(ind)
        if sign * (with_ - without) <= 0:
            ctx.add(
                "T010",
                at,
                f"{kind} {row.name}: for {year} the stretched level "
                f"({format_number(with_, unit)}) is not "
                f"{'above' if polarity == Polarity.HIGHER else 'below'} the level "
                f"expected without the agreement ({format_number(without, unit)}), "
                "so there is no stretch "
                f"({polarity} is better).",
                "Check the 'with' and 'without' figures, and the polarity.",
            )
            continue
        trigger = yt.trigger.value if yt.trigger is not None else None
        if trigger is not None and not 0 <= sign * (trigger - without) <= sign * (with_ - without):
            ctx.add(
                "T016",
                (*at, "trigger"),
                f"{kind} {row.name}: the {year} trigger level ({format_number(trigger, unit)}) "
                f"is not between the level without the agreement ({format_number(without, unit)})"
                f" and the stretched level ({format_number(with_, unit)}).",
                "Check the trigger: reward starts to be paid part of the way from the "
                "un-stretched to the stretched level (60% of the way under the standard rules).",
            )


def _direction(ctx: Context, row: Row, polarity: Polarity) -> None:
    """T009: the final-year target against the baseline, numbers only.

    Notes on the indicator are taken to explain an expected worsening.
    """
    ind = row.indicator
    if ind.notes and ind.notes.strip():
        return
    final = ind.targets.get(ctx.years[-1])
    if ind.baseline is None or final is None or final.target is None:
        return
    base, goal = ind.baseline.value, final.target.value
    if base is None or goal is None:
        return
    wrong = goal < base if polarity == Polarity.HIGHER else goal > base
    if wrong:
        unit = ctx.unit(ind)
        ctx.add(
            "T009",
            (*row.path, "targets", ctx.years[-1]),
            f"{row.name}: the {ctx.years[-1]} target ({format_number(goal, unit)}) is "
            f"{'below' if polarity == Polarity.HIGHER else 'above'} the baseline "
            f"({format_number(base, unit)}), but {polarity} is better for this indicator.",
            "Check the figures and the polarity; if a worsening is expected, say why in "
            "'notes:' and this warning goes.",
        )


def _statutory_complete(ctx: Context) -> None:
    """N004: a 2008–11 LAA lists all 16 statutory education targets."""
    # A statutory target removed at a refresh is accounted for, not missing.
    present = {r.indicator.ni for r in ctx.rows if r.statutory}
    missing = sorted(statutory_numbers() - present)
    if missing:
        listed = ", ".join(f"NI {n}" for n in missing)
        path = ("statutory",) if ctx.agreement.statutory else ("generation",)
        ctx.add(
            "N004",
            path,
            f"A 2008–11 LAA must list all 16 statutory education and early years targets; "
            f"{len(missing)} {'is' if len(missing) == 1 else 'are'} missing: {listed}.",
            "Add them under 'statutory:' with their baselines and targets (placeholders "
            "are fine while DCSF agrees them).",
            key=True,
        )
