"""The trust boundary: the project root, where files may come from, and the limits."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import time
from pathlib import Path

import pytest

from drafter.boundary import Limits, Project, Refused, TooLarge, asset_path, find_project
from drafter.load import load
from drafter.render import RenderOptions, context_for

from .badinput import GOOD, INCLUDE


def project_copy(tmp_path: Path) -> Path:
    """The corpus's good agreement copied into tmp_path/area; returns the agreement."""
    import shutil

    shutil.copytree(GOOD, tmp_path / "area")
    return tmp_path / "area" / "agreement.yaml"


def codes(path: Path, **kwargs: object) -> list[str]:
    return [p.code for p in load(path, **kwargs).problems]  # type: ignore[arg-type]


def test_without_drafter_yaml_the_root_is_the_agreements_folder(tmp_path: Path) -> None:
    agreement = project_copy(tmp_path)
    assert find_project(agreement).root == agreement.parent.resolve()


def test_drafter_yaml_above_makes_its_folder_the_root(tmp_path: Path) -> None:
    agreement = project_copy(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "common.yaml").write_text(
        (GOOD / "parts" / "safer.yaml").read_text().replace("id: ssc", "id: common")
    )
    text = agreement.read_text().replace(INCLUDE, INCLUDE + "  - include: ../shared/common.yaml\n")
    agreement.write_text(text)
    assert codes(agreement) == ["Y010"]  # outside the agreement's folder: refused
    (tmp_path / "drafter.yaml").write_text("# the project\n")
    assert find_project(agreement).root == tmp_path.resolve()
    loaded = load(agreement)
    assert loaded.problems == [] and loaded.agreement is not None
    assert [t.id for t in loaded.agreement.themes] == ["ssc", "common"]


def test_a_symlink_that_stays_inside_is_followed(tmp_path: Path) -> None:
    agreement = project_copy(tmp_path)
    (agreement.parent / "parts" / "alias.yaml").symlink_to("safer.yaml")
    agreement.write_text(agreement.read_text().replace("parts/safer.yaml", "parts/alias.yaml"))
    assert codes(agreement) == []


def test_the_refusal_is_at_the_include_line_and_column(tmp_path: Path) -> None:
    agreement = project_copy(tmp_path)
    agreement.write_text(agreement.read_text().replace(INCLUDE, "  - include: /etc/hosts\n"))
    (problem,) = load(agreement).problems
    line = agreement.read_text().splitlines().index("  - include: /etc/hosts") + 1
    assert (problem.code, problem.position.line, problem.position.col) == ("Y010", line, 5)
    assert "drafter.yaml" in (problem.hint or "")


class Memory:
    """A source that is not the file system (as a git revision will be): files in memory."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = {Path(k): v for k, v in files.items()}
        self.reads: list[Path] = []

    def resolve(self, path: Path) -> Path:
        return Path(posixpath.normpath(path))

    def exists(self, path: Path) -> bool:
        return self.is_file(path) or self.is_dir(path)

    def is_dir(self, path: Path) -> bool:
        return any(f.is_relative_to(path) and f != path for f in self.files)

    def is_file(self, path: Path) -> bool:
        return path in self.files

    def read_bytes(self, path: Path, limit: int) -> bytes:
        self.reads.append(path)
        if path == Path("/rev/locked.yaml"):
            raise PermissionError(13, "Permission denied")
        data = self.files[path]
        if len(data) > limit:
            raise TooLarge(path)
        return data

    def label(self, path: Path) -> str:
        return f"{path}@memory"


def memory_project() -> tuple[Memory, Project]:
    source = Memory(
        {
            "/rev/agreement.yaml": (GOOD / "agreement.yaml").read_bytes(),
            "/rev/parts/safer.yaml": (GOOD / "parts" / "safer.yaml").read_bytes(),
        }
    )
    return source, Project(Path("/rev"), source=source)


def test_files_can_come_from_another_source(tmp_path: Path) -> None:
    source, project = memory_project()
    loaded = load(Path("/rev/agreement.yaml"), project=project)
    assert loaded.problems == [] and loaded.agreement is not None
    assert loaded.agreement.themes[0].id == "ssc"
    assert source.reads == [Path("/rev/agreement.yaml"), Path("/rev/parts/safer.yaml")]
    # Positions are worked out from the bytes already read: the source is not asked again.
    assert loaded.position(("themes", 0, "title")).line == 3
    assert len(source.reads) == 2


def test_the_boundary_holds_for_another_source() -> None:
    source, project = memory_project()
    text = source.files[Path("/rev/agreement.yaml")].decode()
    source.files[Path("/rev/agreement.yaml")] = text.replace(
        INCLUDE, INCLUDE + "  - include: ../etc/secret.yaml\n  - include: locked.yaml\n"
    ).encode()
    source.files[Path("/etc/secret.yaml")] = b"id: secret\ntitle: Secret\n"
    source.files[Path("/rev/locked.yaml")] = b"id: locked\ntitle: Locked\n"
    problems = load(Path("/rev/agreement.yaml"), project=project).problems
    assert [p.code for p in problems] == ["Y010", "Y001"]
    assert "Permission denied" in problems[1].message  # an unreadable file, as root sees none
    assert Path("/etc/secret.yaml") not in source.reads


def test_limits_can_be_set_per_project(tmp_path: Path) -> None:
    agreement = project_copy(tmp_path)
    strict = Project(agreement.parent.resolve(), Limits(items=1))
    assert codes(agreement, project=strict) == ["Y013"]
    assert codes(agreement, project=Project(agreement.parent.resolve(), Limits(files=1))) == [
        "Y012"
    ]
    assert codes(agreement, project=Project(agreement.parent.resolve(), Limits(text=10))) == [
        "Y014"
    ]


def test_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "agreement.yaml"
    os.mkfifo(pipe)
    started = time.perf_counter()
    loaded = load(pipe)
    assert [p.code for p in loaded.problems] == ["Y001"] and not loaded.readable
    assert "not an ordinary file" in loaded.problems[0].message
    assert time.perf_counter() - started < 2


def test_attachments_and_positions_use_the_bytes_validated(tmp_path: Path) -> None:
    agreement = project_copy(tmp_path)
    loaded = load(agreement)
    original = agreement.read_bytes()
    part = agreement.parent / "parts" / "safer.yaml"
    part.unlink()
    part.symlink_to("/etc/passwd")  # swapped after validation
    agreement.write_text("replaced\n")
    options = RenderOptions(today=dt.date(2006, 6, 30))
    ctx = context_for(loaded, options)
    assert ctx.source_files[0].data == original
    assert b"root:" not in b"".join(f.data for f in ctx.source_files)
    assert loaded.position(("themes", 0, "title")).line == 3


def test_branding_assets_stay_in_their_folder(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "linked.png").symlink_to("/etc/passwd")
    assert asset_path(tmp_path, "logo.png") == (tmp_path / "logo.png").resolve()
    for outside in ("/etc/passwd", "../logo.png", "linked.png"):
        with pytest.raises(Refused, match="outside the folder"):
            asset_path(tmp_path, outside)
