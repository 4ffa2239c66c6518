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

from ..model import Agreement, Generation, Outcome, TargetType
from .parts import Section


def child_numbers(parent: str, count: int) -> list[str]:
    """'3', 2 → ['3.1', '3.2']: the numbers of the things listed under `parent`."""
    return [f"{parent}.{i}" for i in range(1, count + 1)]


@dataclass(frozen=True)
class Outline:
    """The numbered sections, part by part; an optional part's section is None when left out."""

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

    @property
    def sections(self) -> tuple[Section, ...]:
        """Every section printed, in order (the table of contents)."""
        return tuple(
            s
            for s in (
                self.register,
                self.vision,
                self.partners,
                self.history,
                *self.themes,
                self.statutory,
                self.local,
                self.funding,
                self.freedoms,
                self.reward,
                self.governance,
                self.signatures,
            )
            if s is not None
        )


def outline(a: Agreement) -> Outline:
    """Number the sections the agreement prints, in order."""
    numbered: list[Section] = []

    def section(title: str, kind: str) -> Section:
        n = str(len(numbered) + 1)
        s = Section(n, title, f"sec-{n}", kind)
        numbered.append(s)
        return s

    def optional(present: bool, title: str, kind: str) -> Section | None:
        return section(title, kind) if present else None

    laa2008 = a.generation is Generation.LAA2008
    dated = any(getattr(a.dates, name) is not None for name in type(a.dates).model_fields)
    return Outline(
        register=section("Still to be agreed", "register"),
        vision=section("Vision and priorities", "vision"),
        partners=section("Parties and partners", "partners"),
        history=optional(
            dated or bool(a.refreshes or a.reviews), "History of the agreement", "history"
        ),
        themes=tuple(section(theme.title, "theme") for theme in a.themes),
        statutory=optional(
            laa2008 or bool(a.statutory) or any(statutory_placed(a)),
            "Statutory education and early years targets",
            "statutory",
        ),
        local=optional(
            laa2008 and any(i.type is TargetType.LOCAL for i in a.indicators()),
            "Local targets",
            "local",
        ),
        # Stated totals alone (no streams) are an error (F004) with nothing to list:
        # the section would only say "0 funding streams worth £0".
        funding=optional(bool(a.funding.streams), "Funding", "funding"),
        freedoms=optional(
            bool(a.freedoms),
            "Enabling measures: freedoms and flexibilities"
            if a.generation is Generation.LAA2006
            else "Freedoms and flexibilities",
            "freedoms",
        ),
        reward=optional(a.reward is not None, "Reward", "reward"),
        governance=section("Governance and delivery", "governance"),
        signatures=section("Signatures", "signatures"),
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

    number: str  # '3.2', or '3.2.3' for a sub-outcome
    title: str  # with the outcome's own code, when it has one
    theme_number: str  # '3'
    theme_title: str
    depth: int = 1  # 1 for an outcome of the theme, 2 for a sub-outcome, …
    parent: str | None = None  # the parent outcome's id


@dataclass(frozen=True)
class Refs:
    """Cross-references: where each outcome, indicator, stream and freedom is printed, by id."""

    outcomes: Mapping[str, OutcomeRef]
    indicators: Mapping[str, str]  # indicator id → '3.2.1'
    streams: Mapping[str, str]  # funding stream id → '8.1'
    freedoms: Mapping[str, str]  # freedom id → '9.1'


def cross_references(a: Agreement, sections: Outline) -> Refs:
    """Number every outcome, sub-outcome, indicator, funding stream and freedom."""
    outcomes: dict[str, OutcomeRef] = {}
    indicators: dict[str, str] = {}

    def walk(
        theme: Section, above: str, items: list[Outcome], first: int, parent: Outcome | None
    ) -> None:
        depth = 1 if parent is None else outcomes[parent.id].depth + 1
        for k, outcome in enumerate(items, first):
            number = f"{above}.{k}"
            outcomes[outcome.id] = OutcomeRef(
                number,
                outcome_title(outcome),
                theme.number,
                theme.title,
                depth,
                parent.id if parent else None,
            )
            refs = child_numbers(number, len(outcome.indicators))
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
        numbers = child_numbers(sections.freedoms.number, len(a.freedoms))
        freedoms = {f.id: n for n, f in zip(numbers, a.freedoms, strict=True)}
    return Refs(outcomes, indicators, streams, freedoms)
