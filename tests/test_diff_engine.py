"""The comparison engine: keyed by ids, moves, renames, reorderings, include re-splits."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml

from drafter.diff import Changes, Kind, apply, canonical, compare
from drafter.load import load
from drafter.model import Agreement
from tests.agreement_data import laa2008, write
from tests.conftest import AGREEMENTS


def model(data: dict[str, Any]) -> Agreement:
    """The agreement model of plain data."""
    return Agreement.model_validate(data)


def kinds(changes: Changes) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(kind, item type, key, field) of each change."""
    return [(str(c.kind), c.item.type, c.item.key, c.field) for c in changes]


def roundtrip(old: Agreement, new: Agreement) -> Changes:
    """Compare, check apply() gives the newer model back (also via JSON), return changes."""
    changes = compare(old, new)
    assert canonical(apply(changes, old)) == canonical(new)
    again = Changes.from_json(json.loads(json.dumps(changes.to_json())))
    assert again == changes
    assert canonical(apply(again, old)) == canonical(new)
    return changes


def test_same_agreement_gives_no_change() -> None:
    a = model(laa2008())
    assert compare(a, a).empty
    assert compare(a, model(laa2008())).empty


def test_a_changed_target_is_one_change_named_by_ids() -> None:
    data = laa2008()
    new = copy.deepcopy(data)
    new["themes"][0]["outcomes"][0]["indicators"][0]["targets"]["2010/11"] = 61.5
    changes = roundtrip(model(data), model(new))
    (c,) = changes
    assert c.kind is Kind.CHANGED
    assert c.item.type == "Indicator" and c.item.key == "ni117"
    assert c.item.path == ("themes", "t1", "outcomes", "o1", "indicators", "ni117")
    assert c.field == ("targets", "2010/11", "with")
    assert c.old == {"value": 47.0} and c.new == {"value": 61.5}


def test_reordering_items_and_keys_is_no_change() -> None:
    data = laa2008()
    new = copy.deepcopy(data)
    new["statutory"].reverse()
    new["partners"].reverse()
    ind = new["themes"][0]["outcomes"][0]["indicators"][0]
    ind["targets"] = dict(reversed(list(ind["targets"].items())))
    new["themes"][0]["outcomes"][0]["indicators"].reverse()
    new["themes"][0]["outcomes"][0]["contributors"] = ["pct"]
    assert compare(model(data), model(new)).empty


def test_an_indicator_moved_to_another_outcome_is_one_move() -> None:
    data = laa2008()
    data["themes"].append(
        {"id": "t2", "title": "Economy", "outcomes": [{"id": "o2", "title": "More jobs"}]}
    )
    new = copy.deepcopy(data)
    moved = new["themes"][0]["outcomes"][0]["indicators"].pop(1)
    moved["targets"]["2010/11"] = 30.0
    new["themes"][1]["outcomes"][0]["indicators"] = [moved]
    changes = roundtrip(model(data), model(new))
    assert kinds(changes) == [
        ("moved", "Indicator", "loc1", ()),
        ("changed", "Indicator", "loc1", ("targets", "2010/11", "with")),
    ]
    move = changes.items[0]
    assert move.item.old_path == ("themes", "t1", "outcomes", "o1", "indicators", "loc1")
    assert move.item.path == ("themes", "t2", "outcomes", "o2", "indicators", "loc1")


def test_an_outcome_moved_to_another_theme_carries_its_indicators() -> None:
    data = laa2008()
    data["themes"].append({"id": "t2", "title": "Economy"})
    new = copy.deepcopy(data)
    new["themes"][1]["outcomes"] = [new["themes"][0]["outcomes"].pop()]
    changes = roundtrip(model(data), model(new))
    assert kinds(changes) == [("moved", "Outcome", "o1", ())]


def test_a_statutory_target_moved_under_an_outcome_is_a_move() -> None:
    data = laa2008()
    new = copy.deepcopy(data)
    new["themes"][0]["outcomes"][0]["indicators"].append(new["statutory"].pop(0))
    changes = roundtrip(model(data), model(new))
    assert [c.kind for c in changes] == [Kind.MOVED]
    assert changes.items[0].item.old_path == ("statutory", data["statutory"][0]["id"])


def test_moving_into_a_new_outcome_is_an_addition_and_a_move() -> None:
    data = laa2008()
    new = copy.deepcopy(data)
    ind = new["themes"][0]["outcomes"][0]["indicators"].pop(1)
    new["themes"][0]["outcomes"].append({"id": "o9", "title": "New", "indicators": [ind]})
    changes = roundtrip(model(data), model(new))
    assert kinds(changes) == [("added", "Outcome", "o9", ()), ("moved", "Indicator", "loc1", ())]


def test_an_id_changed_on_equal_content_is_a_likely_rename() -> None:
    data = laa2008()
    new = copy.deepcopy(data)
    new["freedoms"][0]["id"] = "ff-youth-plan"
    new["themes"][0]["outcomes"][0]["id"] = "CYP1"
    changes = roundtrip(model(data), model(new))
    assert kinds(changes) == [
        ("renamed", "Outcome", "CYP1", ()),
        ("renamed", "Freedom", "ff-youth-plan", ()),
    ]
    assert changes.items[1].old == "ff1" and changes.items[1].new == "ff-youth-plan"


def test_an_id_changed_with_other_content_is_a_removal_and_an_addition() -> None:
    data = laa2008()
    new = copy.deepcopy(data)
    new["freedoms"][0]["id"] = "ff2"
    new["freedoms"][0]["title"] = "Another request"
    changes = roundtrip(model(data), model(new))
    assert sorted(str(c.kind) for c in changes) == ["added", "removed"]


def test_texts_get_word_level_changes() -> None:
    data = laa2008()
    new = copy.deepcopy(data)
    new["vision"] = "A borough where everyone can thrive and share in prosperity."
    (c,) = roundtrip(model(data), model(new))
    assert c.words == (
        ("=", "A borough where everyone can "),
        ("-", "thrive."),
        ("+", "thrive and share in prosperity."),
    )


def test_signatories_are_keyed_by_party_and_name() -> None:
    data = laa2008()
    data["signatories"] = [{"partner": "council", "name": "A Leader", "role": "Leader"}]
    new = copy.deepcopy(data)
    new["signatories"][0]["date"] = "2008-06-30"
    new["signatories"].insert(0, {"on_behalf_of": "HM Government", "name": "A Minister"})
    changes = roundtrip(model(data), model(new))
    assert kinds(changes) == [
        ("added", "Signatory", "HM Government:A Minister", ()),
        ("added", "Signatory", "council:A Leader", ("date",)),
    ]


def test_duplicate_ids_still_compare_and_apply() -> None:
    data = laa2008()
    data["freedoms"].append(copy.deepcopy(data["freedoms"][0]))
    new = copy.deepcopy(data)
    new["freedoms"][1]["status"] = "refused"
    changes = roundtrip(model(data), model(new))
    assert kinds(changes) == [("changed", "Freedom", "ff1~2", ("status",))]


def test_an_optional_part_added_is_one_change() -> None:
    data = laa2008()
    new = copy.deepcopy(data)
    new["governance"] = {"structure": "The board meets monthly.", "risk": "Low."}
    del new["reward"]
    changes = roundtrip(model(data), model(new))
    assert kinds(changes) == [
        ("removed", "Agreement", "test-laa2008", ("reward",)),
        ("added", "Agreement", "test-laa2008", ("governance",)),
    ]


def test_re_splitting_across_include_files_is_no_change(tmp_path: Path) -> None:
    data = laa2008()
    whole = load(write(tmp_path, data, "whole.yaml")).agreement
    split = copy.deepcopy(data)
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "theme.yaml").write_text(yaml.safe_dump(split["themes"][0]), encoding="utf-8")
    (parts / "statutory.yaml").write_text(yaml.safe_dump(split["statutory"][8:]), "utf-8")
    split["themes"] = [{"include": "parts/theme.yaml"}]
    split["statutory"] = [*split["statutory"][:8], {"include": "parts/statutory.yaml"}]
    text = yaml.safe_dump(split, sort_keys=True, default_flow_style=True, width=60)
    (tmp_path / "split.yaml").write_text("# re-split and re-ordered\n" + text, "utf-8")
    split_model = load(tmp_path / "split.yaml").agreement
    assert whole is not None and split_model is not None
    assert compare(whole, split_model).empty


def test_the_two_northfleet_versions() -> None:
    old = load(AGREEMENTS / "northfleet-laa-2008.yaml").agreement
    new = load(AGREEMENTS / "northfleet-laa-2008-v2.yaml").agreement
    assert old is not None and new is not None
    changes = roundtrip(old, new)
    found = kinds(changes)
    assert ("added", "Indicator", "NI-172", ()) in found
    assert ("removed", "Indicator", "NI-171", ()) in found
    assert ("changed", "Indicator", "NI-117", ("targets", "2010/11", "with")) in found
    assert ("changed", "FundingStream", "abg-cohesion", ("amounts", "2010/11")) in found
    assert ("changed", "Freedom", "ff-second-level-2", ("status",)) in found
    assert changes.counts()["changed"] >= 20


def test_json_shape_is_stable() -> None:
    data = laa2008()
    new = copy.deepcopy(data)
    new["freedoms"][0]["status"] = "refused"
    out = compare(model(data), model(new), old_label="a.yaml", new_label="b.yaml").to_json()
    assert out == {
        "old": {
            "id": "test-laa2008",
            "version": "1.0",
            "status": "draft",
            "date": "2008-05-01",
            "source": "a.yaml",
        },
        "new": {
            "id": "test-laa2008",
            "version": "1.0",
            "status": "draft",
            "date": "2008-05-01",
            "source": "b.yaml",
        },
        "same": False,
        "counts": {"added": 0, "removed": 0, "changed": 1, "moved": 0, "renamed": 0},
        "changes": [
            {
                "kind": "changed",
                "item": {
                    "type": "Freedom",
                    "key": "ff1",
                    "path": ["freedoms", "ff1"],
                    "old_path": ["freedoms", "ff1"],
                },
                "field": ["status"],
                "old": "agreed",
                "new": "refused",
                "reason": None,
            }
        ],
    }


def test_values_are_dumped_as_pydantic_dumps_them() -> None:
    """`compare.data` walks the fields itself (no serializer built for each class of
    item); it must give exactly what pydantic's own dump gives, for every item."""
    from pydantic import BaseModel

    from drafter.diff.compare import data

    seen = 0
    for path in sorted(AGREEMENTS.glob("*.yaml")):
        loaded = load(path)
        assert loaded.agreement is not None
        todo: list[object] = [loaded.agreement]
        while todo:
            value = todo.pop()
            if isinstance(value, BaseModel):
                expected = value.model_dump(mode="json", by_alias=True, exclude_defaults=True)
                assert data(value) == expected, (path.name, type(value).__name__)
                seen += 1
                todo += [getattr(value, name) for name in type(value).model_fields]
            elif isinstance(value, list | tuple):
                todo += value
            elif isinstance(value, dict):
                todo += value.values()
    assert seen > 2000  # every example, down to each figure
