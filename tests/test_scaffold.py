"""`drafter new` skeletons: they load cleanly and leave only things to fill in."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drafter.load import Loaded, load
from drafter.model import Block, Generation, Region, TargetType
from drafter.reference import statutory_indicators
from drafter.scaffold import skeleton
from drafter.validate import validate

STARTS = {Generation.LPSA: 2005, Generation.LAA2006: 2006, Generation.LAA2008: 2008}


def written(
    tmp_path: Path,
    generation: Generation,
    area: str = "Northfleet",
    region: Region | None = Region.GOWM,
) -> tuple[str, Loaded]:
    text = skeleton(generation, area, region, STARTS[generation])
    path = tmp_path / "new.yaml"
    path.write_text(text, encoding="utf-8")
    return text, load(path)


@pytest.mark.parametrize("generation", list(Generation))
def test_skeleton_loads_without_structural_problems(tmp_path: Path, generation: Generation) -> None:
    _, loaded = written(tmp_path, generation)
    assert loaded.agreement is not None
    assert loaded.agreement.generation == generation
    codes = [p.code for p in validate(loaded)]
    assert [c for c in codes if c[0] in "YS"] == []


@pytest.mark.parametrize("generation", list(Generation))
def test_skeleton_leaves_only_things_to_fill_in(tmp_path: Path, generation: Generation) -> None:
    # What remains is missing content (vision, definitions, reward base…), never a
    # contradiction such as a dangling reference or a misplaced target.
    fill_in = {"A010", "N008", "T013", "R002", "R003", "R005"}
    _, loaded = written(tmp_path, generation)
    codes = {p.code for p in validate(loaded)}
    assert codes <= fill_in
    assert "A010" in codes  # the vision is the officer's to write


@pytest.mark.parametrize("generation", list(Generation))
def test_skeleton_names_the_area_and_its_period(tmp_path: Path, generation: Generation) -> None:
    text, loaded = written(tmp_path, generation, area="Castle Vale")
    a = loaded.agreement
    assert a is not None
    assert a.area.name == "Castle Vale"
    assert a.id.startswith("castle-vale-")
    assert a.period.years[0] == f"{STARTS[generation]}/{(STARTS[generation] + 1) % 100:02d}"
    assert len(a.period.years) == 3
    assert a.area.region == Region.GOWM
    assert text.startswith("# Castle Vale ")


def test_laa2008_skeleton_lists_the_16_statutory_targets_with_titles(tmp_path: Path) -> None:
    text, loaded = written(tmp_path, Generation.LAA2008)
    a = loaded.agreement
    assert a is not None
    statutory = statutory_indicators()
    assert [i.ni for i in a.statutory] == [n.ni for n in statutory]
    assert all(i.type == TargetType.STATUTORY for i in a.statutory)
    for i in a.statutory:
        assert i.baseline is not None and i.baseline.is_placeholder
        assert set(i.targets) == set(a.period.years)
        assert all(t.target is not None and t.target.is_placeholder for t in i.targets.values())
    assert "# NI 87: Secondary school persistent absence rate" in text


def test_laa2006_skeleton_has_the_four_blocks(tmp_path: Path) -> None:
    _, loaded = written(tmp_path, Generation.LAA2006)
    a = loaded.agreement
    assert a is not None
    assert [t.block for t in a.themes] == list(Block)
    assert all(o.mandatory for o in a.outcomes())


def test_lpsa_skeleton_has_a_stretch_target_with_both_levels(tmp_path: Path) -> None:
    _, loaded = written(tmp_path, Generation.LPSA)
    a = loaded.agreement
    assert a is not None
    [target] = a.indicators()
    assert target.type == TargetType.REWARD
    for year in a.period.years:
        cell = target.targets[year]
        assert cell.without is not None and cell.without.is_placeholder
        assert cell.target is not None and cell.target.is_placeholder


def test_awkward_area_names_stay_valid_yaml(tmp_path: Path) -> None:
    name = 'St Mary\'s: "Old" Town # 2\nand District'
    text, loaded = written(tmp_path, Generation.LAA2008, area=name, region=None)
    assert loaded.agreement is not None
    assert loaded.agreement.area.name == 'St Mary\'s: "Old" Town # 2 and District'
    assert loaded.agreement.area.region is None
    assert loaded.agreement.id == "st-mary-s-old-town-2-and-district-laa-2008"
    assert yaml.safe_load(text)["area"]["name"] == loaded.agreement.area.name


def test_region_comment_names_the_government_office(tmp_path: Path) -> None:
    text, _ = written(tmp_path, Generation.LAA2008, region=Region.GOL)
    assert "region: GOL  # Government Office for London\n" in text


@pytest.mark.parametrize(
    ("generation", "signs"),
    [
        (Generation.LAA2008, "the Secretary of State for Communities and Local Government"),
        (Generation.LAA2006, "HM Government"),
        (Generation.LPSA, "HM Government"),
    ],
)
def test_who_signs_for_government(tmp_path: Path, generation: Generation, signs: str) -> None:
    _, loaded = written(tmp_path, generation)
    assert loaded.agreement is not None
    assert [s.on_behalf_of for s in loaded.agreement.signatories] == [None, signs]


@pytest.mark.parametrize("generation", list(Generation))
def test_title_gives_the_kind_and_the_years(tmp_path: Path, generation: Generation) -> None:
    _, loaded = written(tmp_path, generation, area="Castle Vale")
    a = loaded.agreement
    assert a is not None
    kind = {Generation.LPSA: "Local Public Service Agreement"}.get(
        generation, "Local Area Agreement"
    )
    start = STARTS[generation]
    assert a.title == f"Castle Vale {kind} {start}–{(start + 3) % 100:02d}"
