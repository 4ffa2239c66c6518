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


# What an included file holds, by the list it is included in.
PART_KINDS = {"themes": "Theme", "streams": "FundingStream", "freedoms": "Freedom"}


def included_parts() -> dict[Path, str]:
    """Every file the good examples include, with the schema definition of its items."""
    found: dict[Path, str] = {}

    def walk(node: Any, base: Path, key: str | None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, base, str(k))
        elif isinstance(node, list):
            for item in node:
                if isinstance(item, dict) and set(item) == {"include"} and key is not None:
                    found[(base / item["include"]).resolve()] = PART_KINDS[key]
                else:
                    walk(item, base, key)

    for path in good_examples():
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.parent, None)
    return found


def test_schema_accepts_included_parts() -> None:
    defs = agreement_schema()["$defs"]
    parts = included_parts()
    assert set(parts) == {p.resolve() for p in (AGREEMENTS / "parts").rglob("*.yaml")}
    for part, kind in sorted(parts.items()):
        item_validator = jsonschema.Draft202012Validator({"$defs": defs, "$ref": f"#/$defs/{kind}"})
        data = as_json(yaml.safe_load(part.read_text(encoding="utf-8")))
        for item in data if isinstance(data, list) else [data]:
            assert not list(item_validator.iter_errors(item)), (part, item.get("id"))


def test_schema_rejects_unknown_fields_and_bad_years(
    validator: jsonschema.Draft202012Validator,
) -> None:
    data = as_json(yaml.safe_load((good_examples()[0]).read_text(encoding="utf-8")))
    data["colour"] = "blue"
    data["period"]["start"] = 2008
    messages = [e.message for e in validator.iter_errors(data)]
    assert any("colour" in m for m in messages)
    assert any("2008" in m for m in messages)


def test_an_lpsa_target_may_carry_its_pump_priming_grant(
    validator: jsonschema.Draft202012Validator,
) -> None:
    # Outcome.pump_priming: the grant allocated to one target, printed in Schedule 3.
    outcome = agreement_schema()["$defs"]["Outcome"]["properties"]["pump_priming"]
    assert "Schedule 3" in outcome["description"]
    data = as_json(yaml.safe_load((AGREEMENTS / "millbrook-lpsa2.yaml").read_text("utf-8")))
    assert data["themes"][0]["outcomes"][0]["pump_priming"] == 150000
    assert not list(validator.iter_errors(data))
    data["themes"][0]["outcomes"][0]["pump_priming"] = {"value": "a lot"}
    assert list(validator.iter_errors(data))
