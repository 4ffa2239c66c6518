"""The synthetic agreement generator (bench/generate.py): valid, deterministic, as asked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from drafter.load import iter_files, load
from drafter.problems import Severity
from drafter.validate import validate

ROOT = Path(__file__).resolve().parent.parent


def generator() -> ModuleType:
    """bench/generate.py as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate", module)
    spec.loader.exec_module(module)
    return module


def errors(path: Path) -> list[str]:
    loaded = load(path)
    assert loaded.agreement is not None, path
    return [f"{p.code} {p.message}" for p in validate(loaded) if p.severity is Severity.ERROR]


def test_every_generated_agreement_validates_without_errors(tmp_path: Path) -> None:
    generator().main(["--areas", "12", "--out", str(tmp_path), "--versions"])
    files = list(iter_files([tmp_path, tmp_path / "v2"]))
    assert len(files) == 12 + 4  # v2 of every third area
    for path in files:
        assert errors(path) == [], path
    regions = {load(p).agreement.area.region for p in iter_files([tmp_path])}  # type: ignore[union-attr]
    assert len(regions) == 9
    assert any((tmp_path / "parts").rglob("*.yaml"))  # some areas use include:


def test_indicator_count_is_as_asked_and_still_valid(tmp_path: Path) -> None:
    generator().main(["--areas", "1", "--out", str(tmp_path), "--indicators", "140"])
    (path,) = iter_files([tmp_path])
    agreement = load(path).agreement
    assert agreement is not None
    rows = [i for t in agreement.themes for o in t.outcomes for i in o.indicators]
    assert len(rows) + len(agreement.statutory) == 140
    assert sum(1 for i in rows if i.type == "designated") == 35
    assert len(agreement.statutory) == 16
    assert errors(path) == []


def test_same_arguments_same_files(tmp_path: Path) -> None:
    for run in ("a", "b"):
        generator().main(["--areas", "5", "--out", str(tmp_path / run), "--versions"])
    first = {
        p.relative_to(tmp_path / "a"): p.read_bytes()
        for p in (tmp_path / "a").rglob("*")
        if p.is_file()
    }
    second = {
        p.relative_to(tmp_path / "b"): p.read_bytes()
        for p in (tmp_path / "b").rglob("*")
        if p.is_file()
    }
    assert first == second


def test_second_version_revises_the_first(tmp_path: Path) -> None:
    generator().main(["--areas", "1", "--out", str(tmp_path), "--versions"])
    (v1,) = iter_files([tmp_path])
    a1, a2 = load(v1).agreement, load(tmp_path / "v2" / v1.name).agreement
    assert a1 is not None and a2 is not None
    assert (a1.id, a1.version, a1.status) == (a2.id, "1.0", "submitted")
    assert (a2.version, a2.status) == ("2.0", "signed")
    nis1 = {i.ni for t in a1.themes for o in t.outcomes for i in o.indicators}
    nis2 = {i.ni for t in a2.themes for o in t.outcomes for i in o.indicators}
    assert len(nis1 ^ nis2) == 2  # one indicator swapped for another
