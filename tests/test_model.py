"""The model's shorthands: what a bare value in a table cell means."""

from __future__ import annotations

import pytest

from drafter.model import Figure


@pytest.mark.parametrize(
    "text",
    [
        "TBC",
        "tbc - awaiting the Place Survey",
        "To be agreed",
        "not set",
        "No target",
        "?",
        "??",
        "-",
        "--",
        "—",
    ],
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


@pytest.mark.parametrize("text", ["N/A", "n/a", "NA", "Not applicable"])
def test_not_applicable_is_neither_missing_nor_a_target(text: str) -> None:
    figure = Figure.model_validate(text)
    assert figure.not_applicable
    assert not figure.is_placeholder
    assert figure.relative is None


@pytest.mark.parametrize(
    ("written", "value", "places"),
    [(48, 48, None), (48.0, 48.0, None), ("52.50", 52.5, 2), ("1250", 1250, 0)],
)
def test_numbers_keep_their_precision_as_written(
    written: object, value: float, places: int | None
) -> None:
    figure = Figure.model_validate(written)
    assert figure.value == value
    assert type(figure.value) is type(value)
    assert figure.places == places


@pytest.mark.parametrize("written", [float("nan"), float("inf"), -float("inf"), 10**400, 10**15])
def test_figures_are_finite(written: float) -> None:
    with pytest.raises(ValueError, match="finite number"):
        Figure.model_validate(written)


def test_a_value_awaiting_confirmation_is_open_but_not_missing() -> None:
    figure = Figure.model_validate({"value": 47.1, "missing": "confirmation", "owner": "pct"})
    assert figure.awaiting and figure.open and figure.is_number
    assert not figure.is_placeholder
