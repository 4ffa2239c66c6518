"""Numbering: the sections the document has, and where each outcome and indicator is printed.

The outline is settled before any part is built, so a part that refers to another
(the local targets, funding by theme, freedoms, reward, delivery plan) can print its
number without depending on the order the parts are built in. An optional part
(statutory or local targets, funding, freedoms, reward) is built only when the
outline gives it a section.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Agreement, Generation, TargetType
from .parts import Section


def child_numbers(parent: str, count: int) -> list[str]:
    """'3', 2 → ['3.1', '3.2']: the numbers of the things listed under `parent`."""
    return [f"{parent}.{i}" for i in range(1, count + 1)]


@dataclass(frozen=True)
class Outline:
    """The numbered sections, part by part; an optional part's section is None when left out."""

    vision: Section
    partners: Section
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
                self.vision,
                self.partners,
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
    return Outline(
        vision=section("Vision and priorities", "vision"),
        partners=section("Parties and partners", "partners"),
        themes=tuple(section(theme.title, "theme") for theme in a.themes),
        statutory=optional(
            laa2008 or bool(a.statutory),
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


@dataclass(frozen=True)
class OutcomeRef:
    """Where an outcome is printed: its number and title, and its theme's."""

    number: str  # '3.2'
    title: str
    theme_number: str  # '3'
    theme_title: str


@dataclass(frozen=True)
class Refs:
    """Cross-references: where each outcome and indicator is printed, by id."""

    outcomes: Mapping[str, OutcomeRef]
    indicators: Mapping[str, str]  # indicator id → '3.2.1'


def cross_references(a: Agreement, sections: Outline) -> Refs:
    """Number every outcome under its theme, every indicator under its outcome or section."""
    outcomes: dict[str, OutcomeRef] = {}
    indicators: dict[str, str] = {}
    for sec, theme in zip(sections.themes, a.themes, strict=True):
        numbers = child_numbers(sec.number, len(theme.outcomes))
        for number, outcome in zip(numbers, theme.outcomes, strict=True):
            outcomes[outcome.id] = OutcomeRef(number, outcome.title, sec.number, theme.title)
            refs = child_numbers(number, len(outcome.indicators))
            for ref, ind in zip(refs, outcome.indicators, strict=True):
                indicators[ind.id] = ref
    if sections.statutory is not None:
        refs = child_numbers(sections.statutory.number, len(a.statutory))
        for ref, ind in zip(refs, a.statutory, strict=True):
            indicators[ind.id] = ref
    return Refs(outcomes, indicators)
