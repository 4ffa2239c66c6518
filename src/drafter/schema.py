"""JSON Schema of the agreement format, for editors (VS Code's YAML extension and others)."""

from __future__ import annotations

import json
from typing import Any

from .model import Agreement

SCHEMA_ID = "https://drafter.invalid/schema/agreement-v1.json"

# Shorthand forms a figure may take in YAML (see model.Figure).
_FIGURE_SHORTHAND = [
    {"type": "number", "description": "A figure in the indicator's unit."},
    {
        "type": "string",
        "description": "A relative target in words; a number in quotes to keep its decimal "
        "places ('52.50'); 'N/A' where no figure applies; or 'TBC' (better: a placeholder "
        "mapping).",
    },
]
_NUMBER = {"type": "number", "description": "A plain number."}
# Models that accept a shorthand value in place of their mapping.
_SHORTHANDS: dict[str, list[dict[str, Any]]] = {
    "Figure": _FIGURE_SHORTHAND,
    "Money": [
        {"type": "number", "description": "An amount in pounds."},
        {"type": "string", "description": "'not known' (better: a placeholder mapping)."},
    ],
    "Statistic": [_NUMBER],
}
_INCLUDE = {
    "type": "object",
    "description": "Pull items in from another YAML file, relative to this one.",
    "properties": {"include": {"type": "string", "description": "Relative path of the file."}},
    "required": ["include"],
    "additionalProperties": False,
}
_YEAR_KEYS = r"^\d{4}/\d{2}$"


def agreement_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one agreement file."""
    schema = Agreement.model_json_schema(by_alias=True, mode="validation")
    defs: dict[str, Any] = schema["$defs"]
    for name, shorthand in _SHORTHANDS.items():
        if name in defs:
            full = defs.pop(name)
            defs[name] = {"anyOf": [*shorthand, full], "description": full["description"]}
    year = defs.pop("YearTarget")
    defs["YearTarget"] = {
        "anyOf": [{"$ref": "#/$defs/Figure"}, year],
        "description": year["description"],
    }
    _allow_includes(schema)
    _year_keyed(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "drafter agreement"
    return schema


def _allow_includes(node: Any) -> None:
    """Every list of items may also hold `- include: file.yaml` entries."""
    if isinstance(node, dict):
        items = node.get("items")
        if node.get("type") == "array" and isinstance(items, dict) and "$ref" in items:
            node["items"] = {"anyOf": [items, _INCLUDE]}
        for value in node.values():
            _allow_includes(value)
    elif isinstance(node, list):
        for value in node:
            _allow_includes(value)


def _year_keyed(node: Any) -> None:
    """Mappings keyed by financial year say so, so editors can flag '2008-09'."""
    if isinstance(node, dict):
        if (
            node.get("type") == "object"
            and "additionalProperties" in node
            and ("properties" not in node)
        ):
            node["propertyNames"] = {"pattern": _YEAR_KEYS}
        for value in node.values():
            _year_keyed(value)
    elif isinstance(node, list):
        for value in node:
            _year_keyed(value)


def schema_json() -> str:
    """The schema as indented JSON text."""
    return json.dumps(agreement_schema(), indent=2, ensure_ascii=False) + "\n"
