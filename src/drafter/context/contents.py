"""Numbering: the sections the document has, and where each item is printed.

The outline is settled before any part is built, so a part that refers to another
(the register at the front, the local targets, funding by theme, freedoms, reward,
delivery plan) can print its number without depending on the order the parts are
built in. An optional part (history, statutory or local targets, funding, freedoms,
reward) is built only when the outline gives it a section.

Under an outcome numbered 3.2, its own indicators come first (3.2.1, 3.2.2) and its
sub-outcomes follow in the same sequence (3.2.3, with indicators 3.2.3.1, …), so
every number in the document names one thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Agreement, Freedom, FreedomStatus, Generation, Outcome, TargetType
from .parts import Section


def child_numbers(parent: str, count: int) -> list[str]:
    """'3', 2 → ['3.1', '3.2']: the numbers of the things listed under `parent`."""
    return [f"{parent}.{i}" for i in range(1, count + 1)]


@dataclass(frozen=True)
class Outline:
    """The numbered sections, part by part; an optional part's section is None when left out.

    An LPSA is laid out as its real documents were: introduction, the parties, the
    intentions of the council (`governance`) and of the government (`intentions`), then
    four schedules — the targets (`targets`, holding the themes as its subsections),
    freedoms and flexibilities, pump priming grant (`pump_priming`) and performance
    reward grant (`reward`). `order` lists the printed sections, top level only.
    """

    register: Section
    vision: Section
    partners: Section
    history: Section | None
    themes: tuple[Section, ...]  # in the agreement's order of themes
    statutory: Section | None
    local: Section | None
    funding: Section | None
    freedoms: Section | None
    reward: Section | None
    governance: Section
    signatures: Section
    order: tuple[Section, ...]
    intentions: Section | None = None  # LPSA: Intentions of the Government
    targets: Section | None = None  # LPSA: Schedule 1, the targets, holding the themes
    pump_priming: Section | None = None  # LPSA: Schedule 3

    @property
    def sections(self) -> tuple[Section, ...]:
        """Every top-level section printed, in order (the table of contents)."""
        return self.order


class _Numbering:
    """Hands out section numbers in the order sections are made."""

    def __init__(self) -> None:
        self.made: list[Section] = []

    def section(self, title: str, kind: str) -> Section:
        n = str(len(self.made) + 1)
        s = Section(n, title, f"sec-{n}", kind)
        self.made.append(s)
        return s

    def optional(self, present: bool, title: str, kind: str) -> Section | None:
        return self.section(title, kind) if present else None


def _dated(a: Agreement) -> bool:
    dated = any(getattr(a.dates, name) is not None for name in type(a.dates).model_fields)
    return dated or bool(a.refreshes or a.reviews)


def outline(a: Agreement) -> Outline:
    """Number the sections the agreement prints, in order."""
    if a.generation is Generation.LPSA:
        return _lpsa_outline(a)
    n = _Numbering()
    laa2008 = a.generation is Generation.LAA2008
    register = n.section("Still to be agreed", "register")
    vision = n.section("Vision and priorities", "vision")
    partners = n.section("Parties and partners", "partners")
    history = n.optional(_dated(a), "History of the agreement", "history")
    themes = tuple(n.section(theme.title, "theme") for theme in a.themes)
    statutory = n.optional(
        laa2008 or bool(a.statutory) or any(statutory_placed(a)),
        "Statutory education and early years targets",
        "statutory",
    )
    local = n.optional(
        laa2008 and any(i.type is TargetType.LOCAL for i in a.indicators()),
        "Local targets",
        "local",
    )
    # Stated totals alone (no streams) are an error (F004) with nothing to list:
    # the section would only say "0 funding streams worth £0".
    funding = n.optional(bool(a.funding.streams), "Funding", "funding")
    freedoms = n.optional(
        bool(a.freedoms),
        "Enabling measures: freedoms and flexibilities"
        if a.generation is Generation.LAA2006
        else "Freedoms and flexibilities",
        "freedoms",
    )
    reward = n.optional(a.reward is not None, "Reward", "reward")
    governance = n.section("Governance and delivery", "governance")
    signatures = n.section("Signatures", "signatures")
    return Outline(
        register=register,
        vision=vision,
        partners=partners,
        history=history,
        themes=themes,
        statutory=statutory,
        local=local,
        funding=funding,
        freedoms=freedoms,
        reward=reward,
        governance=governance,
        signatures=signatures,
        order=tuple(n.made),
    )


def _lpsa_outline(a: Agreement) -> Outline:
    """An LPSA's sections: introduction, intentions of both sides, then Schedules 1 to 4.

    The schedules keep their numbers whatever they hold, as in the signed documents:
    Schedule 3 is always the pump priming grant. The themes (priorities) are numbered
    as subsections of Schedule 1 and are not in the contents of their own.
    """
    n = _Numbering()
    register = n.section("Still to be agreed", "register")
    vision = n.section("Introduction", "vision")
    partners = n.section("The parties", "partners")
    history = n.optional(_dated(a), "History of the agreement", "history")
    governance = n.section("Intentions of the Council", "governance")
    intentions = n.section("Intentions of the Government", "intentions")
    targets = n.section("Schedule 1: Targets", "targets")
    themes = tuple(
        Section(f"{targets.number}.{k}", theme.title, f"sec-{targets.number}-{k}", "theme")
        for k, theme in enumerate(a.themes, 1)
    )
    statutory = n.optional(
        bool(a.statutory) or any(statutory_placed(a)),
        "Statutory education and early years targets",
        "statutory",
    )
    freedoms = n.section("Schedule 2: Freedoms and flexibilities", "freedoms")
    pump_priming = n.section("Schedule 3: Pump priming grant", "pump_priming")
    reward = n.section("Schedule 4: Performance reward grant", "reward")
    funding = n.optional(bool(a.funding.streams), "Funding", "funding")
    signatures = n.section("Signatures", "signatures")
    return Outline(
        register=register,
        vision=vision,
        partners=partners,
        history=history,
        themes=themes,
        statutory=statutory,
        local=None,
        funding=funding,
        freedoms=freedoms,
        reward=reward,
        governance=governance,
        signatures=signatures,
        order=tuple(n.made),
        intentions=intentions,
        targets=targets,
        pump_priming=pump_priming,
    )


def statutory_placed(a: Agreement) -> list[str]:
    """Ids of the statutory targets placed under an outcome rather than in 'statutory:'."""
    return [i.id for i in a.indicators() if i.type is TargetType.STATUTORY]


def outcome_title(o: Outcome) -> str:
    """The outcome's title, with its own reference as the council used it: '… (SSCF 1.2)'."""
    return f"{o.title} ({o.code})" if o.code else o.title


@dataclass(frozen=True)
class OutcomeRef:
    """Where an outcome is printed: its number and title, its theme's, and its depth."""

    number: str  # '3.2', or '3.2.3' for a sub-outcome; 'T3' for an LPSA target
    title: str  # with the outcome's own code, when it has one
    theme_number: str  # '3'
    theme_title: str
    depth: int = 1  # 1 for an outcome of the theme, 2 for a sub-outcome, …
    parent: str | None = None  # the parent outcome's id
    label: str = ""  # what its heading starts with: '3.2', or 'Target 3:' in an LPSA


@dataclass(frozen=True)
class Refs:
    """Cross-references: where each outcome, indicator, stream and freedom is printed, by id."""

    outcomes: Mapping[str, OutcomeRef]
    indicators: Mapping[str, str]  # indicator id → '3.2.1' (an LPSA's sub-target: 'T3b')
    streams: Mapping[str, str]  # funding stream id → '8.1'
    freedoms: Mapping[str, str]  # freedom id → '9.1', numbered in the order printed


# Freedoms are printed in these groups, in this order, and numbered in that order.
FREEDOM_GROUPS: tuple[tuple[str, str, frozenset[FreedomStatus | None]], ...] = (
    (
        "agreed",
        "Agreed",
        frozenset(
            {FreedomStatus.AGREED, FreedomStatus.AGREED_WITH_CONDITIONS, FreedomStatus.TEMPORARY}
        ),
    ),
    (
        "discussion",
        "Under discussion",
        frozenset({FreedomStatus.REQUESTED, FreedomStatus.FURTHER_DISCUSSION, None}),
    ),
    ("refused", "Refused", frozenset({FreedomStatus.REFUSED})),
    (
        "other",
        "Other answers",
        frozenset({FreedomStatus.ALREADY_POSSIBLE, FreedomStatus.NEEDS_PRIMARY_LEGISLATION}),
    ),
)


def freedom_groups(a: Agreement) -> list[tuple[str, str, list[Freedom]]]:
    """The freedoms by kind of answer, in the order printed; empty groups left out."""
    groups = [
        (key, title, [f for f in a.freedoms if f.status in statuses])
        for key, title, statuses in FREEDOM_GROUPS
    ]
    return [g for g in groups if g[2]]


def sub_target_refs(target: str, count: int) -> list[str]:
    """'T3', 2 → ['T3a', 'T3b']; a target with one sub-target is referred to as itself."""
    if count == 1:
        return [target]
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [
        f"{target}{letters[k]}" if k < len(letters) else f"{target}.{k + 1}" for k in range(count)
    ]


def cross_references(a: Agreement, sections: Outline) -> Refs:
    """Number every outcome, sub-outcome, indicator, funding stream and freedom.

    In an LPSA the targets are numbered T1, T2, … through Schedule 1, whatever
    priority they sit under, and their sub-targets T2a, T2b, …
    """
    outcomes: dict[str, OutcomeRef] = {}
    indicators: dict[str, str] = {}
    lpsa = a.generation is Generation.LPSA
    targets = 0

    def walk(
        theme: Section, above: str, items: list[Outcome], first: int, parent: Outcome | None
    ) -> None:
        nonlocal targets
        depth = 1 if parent is None else outcomes[parent.id].depth + 1
        for k, outcome in enumerate(items, first):
            if lpsa:
                targets += 1
                number, label = f"T{targets}", f"Target {targets}:"
                refs = sub_target_refs(number, len(outcome.indicators))
            else:
                number = label = f"{above}.{k}"
                refs = child_numbers(number, len(outcome.indicators))
            outcomes[outcome.id] = OutcomeRef(
                number,
                outcome_title(outcome),
                theme.number,
                theme.title,
                depth,
                parent.id if parent else None,
                label,
            )
            for ref, ind in zip(refs, outcome.indicators, strict=True):
                indicators[ind.id] = ref
            walk(theme, number, outcome.outcomes, len(outcome.indicators) + 1, outcome)

    for theme_sec, theme_model in zip(sections.themes, a.themes, strict=True):
        walk(theme_sec, theme_sec.number, theme_model.outcomes, 1, None)
    if sections.statutory is not None:
        refs = child_numbers(sections.statutory.number, len(a.statutory))
        for ref, ind in zip(refs, a.statutory, strict=True):
            indicators[ind.id] = ref
    streams: dict[str, str] = {}
    if sections.funding is not None:
        numbers = child_numbers(sections.funding.number, len(a.funding.streams))
        streams = {f.id: n for n, f in zip(numbers, a.funding.streams, strict=True)}
    freedoms: dict[str, str] = {}
    if sections.freedoms is not None:
        printed = [f for _, _, group in freedom_groups(a) for f in group]
        numbers = child_numbers(sections.freedoms.number, len(printed))
        freedoms = {f.id: n for n, f in zip(numbers, printed, strict=True)}
    return Refs(outcomes, indicators, streams, freedoms)
