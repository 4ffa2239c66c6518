"""The model's shorthands: what a bare value in a table cell means."""

from __future__ import annotations

import pytest

from drafter.model import Figure


@pytest.mark.parametrize(
    "text",
    ["TBC", "tbc - awaiting the Place Survey", "To be agreed", "n/a", "?", "??", "-", "--", "—"],
)
def test_words_for_not_known_yet_are_placeholders(text: str) -> None:
    figure = Figure.model_validate(text)
    assert figure.is_placeholder
    assert figure.relative is None


@pytest.mark.parametrize(
    "text",
    [
        "-4 percentage points on the national gap",
        "keep the gap to the national rate at 2.2 points",
        "Not more than the England average",
    ],
)
def test_sentences_are_relative_targets(text: str) -> None:
    figure = Figure.model_validate(text)
    assert figure.relative == text
    assert not figure.is_placeholder


def test_numbers_are_figures() -> None:
    assert Figure.model_validate(52.5).value == 52.5
    assert Figure.model_validate(-3).value == -3
