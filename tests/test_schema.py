"""The JSON Schema: valid, describes every field, and accepts every good example."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from drafter.schema import agreement_schema

from .conftest import AGREEMENTS, good_examples


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = agreement_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def as_json(data: Any) -> Any:
    """YAML data as JSON sees it (dates become ISO strings)."""
    return json.loads(json.dumps(data, default=str))


def test_every_property_has_a_description() -> None:
    missing: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if "description" not in prop:
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(agreement_schema(), "")
    assert missing == []


@pytest.mark.parametrize("path", good_examples(), ids=lambda p: p.stem)
def test_schema_accepts_each_good_example(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_schema_accepts_included_parts(validator: jsonschema.Draft202012Validator) -> None:
    theme_schema = {"$defs": agreement_schema()["$defs"], "$ref": "#/$defs/Theme"}
    theme_validator = jsonschema.Draft202012Validator(theme_schema)
    parts = sorted((AGREEMENTS / "parts").rglob("*.yaml"))
    for part in parts:
        data = as_json(yaml.safe_load(part.read_text(encoding="utf-8")))
        items = data if isinstance(data, list) else [data]
        for item in items:
            if "outcomes" in item:
                assert not list(theme_validator.iter_errors(item)), part


def test_schema_rejects_unknown_fields_and_bad_years(
    validator: jsonschema.Draft202012Validator,
) -> None:
    data = as_json(yaml.safe_load((good_examples()[0]).read_text(encoding="utf-8")))
    data["colour"] = "blue"
    data["period"]["start"] = 2008
    messages = [e.message for e in validator.iter_errors(data)]
    assert any("colour" in m for m in messages)
    assert any("2008" in m for m in messages)
