"""`path@REV` sides: agreements read straight from git history, includes at the same revision."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from drafter.boundary import Limits, Project, find_project
from drafter.gitsource import open_revision, split
from drafter.load import load

from .badinput import GOOD
from .test_cli import run

PART = Path("area/parts/safer.yaml")
AGREEMENT = "area/agreement.yaml"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two commits of the good agreement: the second changes one target
    in the included part file only. The working folder is the repository."""
    root = tmp_path / "repo"
    shutil.copytree(GOOD, root / "area")
    git(root, "init", "-q")
    for key, value in (("user.name", "Test"), ("user.email", "t@example.org")):
        git(root, "config", key, value)
    git(root, "config", "commit.gpgsign", "false")
    commit(root, "first")
    edit(root / PART, "2008/09: 23.0}", "2008/09: 25.0}")
    commit(root, "second")
    monkeypatch.chdir(root)
    return root


def diff_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code, out, err = run(capsys, "diff", *args, "--format", "json")
    assert code in (0, 1), err
    return code, json.loads(out)


def only_changes(data: dict[str, object]) -> list[dict[str, object]]:
    (comparison,) = data["comparisons"]  # type: ignore[misc]
    return comparison["changes"]  # type: ignore[no-any-return]


def test_a_revision_against_the_next_reports_exactly_the_change_in_its_part(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    code, data = diff_json(capsys, f"{AGREEMENT}@HEAD~1", f"{AGREEMENT}@HEAD")
    assert code == 1
    (change,) = only_changes(data)
    assert change["item"]["key"] == "m1"  # type: ignore[index]
    assert change["field"] == ["targets", "2008/09", "with"]
    assert (change["old"], change["new"]) == ({"value": 23.0}, {"value": 25.0})
    (comparison,) = data["comparisons"]  # type: ignore[misc]
    assert comparison["old"]["source"] == f"{AGREEMENT}@HEAD~1"
    assert comparison["new"]["source"] == f"{AGREEMENT}@HEAD"
    code, out, _ = run(capsys, "diff", f"{AGREEMENT}@HEAD~1", f"{AGREEMENT}@HEAD")
    assert f"{AGREEMENT}@HEAD~1 → {AGREEMENT}@HEAD" in out
    assert "2008/09 target: 23.0% → 25.0%" in out


def test_the_working_files_are_not_read_for_a_revision(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    edit(repo / AGREEMENT, "everyone can thrive", "everyone can prosper")
    edit(repo / PART, "Cleaner streets", "Tidier streets")
    code, data = diff_json(capsys, f"{AGREEMENT}@HEAD", AGREEMENT)
    assert code == 1
    assert sorted(c["field"][0] for c in only_changes(data)) == ["title", "vision"]  # type: ignore[index]
    shutil.rmtree(repo / "area")  # gone from the working folder: history still has it
    assert run(capsys, "diff", f"{AGREEMENT}@HEAD", f"{AGREEMENT}@HEAD")[0] == 0
    code, data = diff_json(capsys, f"{AGREEMENT}@HEAD~1", f"{AGREEMENT}@HEAD")
    assert len(only_changes(data)) == 1


def test_a_revision_is_a_commit_a_tag_or_any_name_git_takes(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    first = git(repo, "rev-parse", "HEAD~1").strip()
    git(repo, "tag", "v1", first)
    for rev in ("v1", first, first[:8], "HEAD^", "main~1" if _branch(repo) == "main" else "v1"):
        assert run(capsys, "diff", f"{AGREEMENT}@{rev}", f"{AGREEMENT}@HEAD~1")[0] == 0, rev


def _branch(repo: Path) -> str:
    return git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip()


def test_a_folder_at_a_revision_pairs_agreements_by_id(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    other = repo / "area" / "renamed.yaml"
    (repo / AGREEMENT).rename(other)  # same agreement, another file name
    commit(repo, "renamed")
    code, data = diff_json(capsys, "area@HEAD~2", "area@HEAD")
    assert code == 1 and len(only_changes(data)) == 1
    assert data["removed_agreements"] == [] and data["added_agreements"] == []


def test_symlinks_in_the_tree_are_followed_inside_the_project(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    os.symlink("safer.yaml", repo / "area" / "parts" / "alias.yaml")
    edit(repo / AGREEMENT, "include: parts/safer.yaml", "include: parts/alias.yaml")
    commit(repo, "through a link")
    shutil.rmtree(repo / "area")
    code, data = diff_json(capsys, f"{AGREEMENT}@HEAD~1", f"{AGREEMENT}@HEAD")
    assert code == 0 and only_changes(data) == []


def test_an_include_leading_outside_the_project_at_the_revision_is_refused(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    secret = repo / "secret.yaml"
    secret.write_text((repo / PART).read_text().replace("Cleaner", "Secret"), encoding="utf-8")
    os.symlink("../../secret.yaml", repo / "area" / "parts" / "link.yaml")
    edit(repo / AGREEMENT, "include: parts/safer.yaml", "include: parts/link.yaml")
    commit(repo, "out through a link")
    line = (repo / AGREEMENT).read_text().splitlines().index("  - include: parts/link.yaml") + 1
    code, out, err = run(capsys, "diff", f"{AGREEMENT}@HEAD~1", f"{AGREEMENT}@HEAD")
    # Compared without it, as on disk: the theme is gone, and the error says why.
    assert code == 1 and "Secret" not in out + err, out + err
    assert f"{AGREEMENT}@HEAD:{line}:5: Y010: 'parts/link.yaml' is outside the project" in err
    edit(repo / AGREEMENT, "include: parts/link.yaml", "include: ../secret.yaml")
    commit(repo, "out directly")
    code, out, err = run(capsys, "diff", f"{AGREEMENT}@HEAD~1", f"{AGREEMENT}@HEAD")
    assert code == 0 and "Secret" not in out  # neither side can read it
    assert err.count("Y010") == 2 and "Y010: '../secret.yaml' is outside" in err


def test_a_drafter_yaml_at_the_revision_sets_the_project_root(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    shared = repo / "shared.yaml"
    shared.write_text((repo / PART).read_text(), encoding="utf-8")
    edit(repo / AGREEMENT, "include: parts/safer.yaml", "include: ../shared.yaml")
    commit(repo, "shared part, no project file")
    assert "Y010" in run(capsys, "diff", f"{AGREEMENT}@HEAD~1", f"{AGREEMENT}@HEAD")[2]
    (repo / "drafter.yaml").write_text("agreements: [area/]\n", encoding="utf-8")
    commit(repo, "project file")
    (repo / "drafter.yaml").unlink()  # on disk no longer: the revision's is what counts
    code, out, err = run(
        capsys, "diff", f"{AGREEMENT}@HEAD~3", AGREEMENT + "@HEAD", "--format=json"
    )
    fields = [c["field"] for c in only_changes(json.loads(out))]
    assert code == 1 and fields == [["targets", "2008/09", "with"]] and err == ""


def test_limits_apply_as_on_disk(repo: Path) -> None:
    source, path = open_revision(AGREEMENT, "HEAD")
    root = find_project(path, source=source).root
    assert root == (repo / "area").resolve()
    assert [
        p.code for p in load(path, project=Project(root, Limits(files=1), source)).problems
    ] == ["Y012"]
    small = Project(root, Limits(file_bytes=100), source)
    assert [p.code for p in load(path, project=small).problems] == ["Y007"]
    assert load(path, project=Project(root, Limits(), source)).problems == []


def test_positions_in_messages_name_the_revision(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    edit(repo / PART, "title: Cleaner streets", "title: [Cleaner streets")
    commit(repo, "broken")
    code, _, err = run(capsys, "diff", f"{AGREEMENT}@HEAD", f"{AGREEMENT}@HEAD~1")
    assert code == 1 and f"note: {AGREEMENT}@HEAD has 1 error(s)" in err
    assert re.search(rf"\n  {PART}@HEAD:\d+:\d+: Y003: The YAML cannot be read", err), err


def test_validate_since_reads_a_revision(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, out, err = run(capsys, "validate", AGREEMENT, "--since", f"{AGREEMENT}@HEAD~1")
    assert "D001" in out and f"({AGREEMENT}@HEAD~1)" in out, out + err
    code, out, err = run(capsys, "validate", AGREEMENT, "--since", f"{AGREEMENT}@nosuch")
    assert code == 2 and "no revision 'nosuch'" in err


def test_a_file_named_with_an_at_sign_is_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(GOOD, tmp_path / "area")
    shutil.copy(tmp_path / "area" / "agreement.yaml", tmp_path / "area" / "a@b.yaml")
    monkeypatch.chdir(tmp_path)  # not a git repository
    assert run(capsys, "diff", "area/a@b.yaml", "area/agreement.yaml")[0] == 0
    code, _, err = run(capsys, "diff", "area/a@c.yaml", "area/agreement.yaml")
    assert code == 2 and "not in a git repository" in err


@pytest.mark.parametrize(
    ("side", "said"),
    [
        (f"{AGREEMENT}@nosuch", "has no revision 'nosuch'. See its revisions with `git log"),
        ("area/missing.yaml@HEAD", "area/missing.yaml is not in revision HEAD"),
        (f"{AGREEMENT}@--output=x", "'--output=x' is not a revision"),
        (f"{AGREEMENT}@-p", "'-p' is not a revision"),
        (f"{AGREEMENT}@", "'' is not a revision"),
        (f"{AGREEMENT}@HEAD:area", "has no revision 'HEAD:area'"),
    ],
)
def test_bad_revisions_and_paths_are_clear_errors(
    capsys: pytest.CaptureFixture[str], repo: Path, side: str, said: str
) -> None:
    code, out, err = run(capsys, "diff", side, AGREEMENT)
    assert code == 2 and said in err and "Traceback" not in err + out
    assert not (repo / "x").exists()


def test_not_a_git_repository(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(GOOD, tmp_path / "area")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = run(capsys, "diff", f"{AGREEMENT}@HEAD", AGREEMENT)
    assert code == 2 and "is not in a git repository" in err


def test_where_a_side_splits_into_path_and_revision(tmp_path: Path) -> None:
    assert split("x.yaml@HEAD~1") == ("x.yaml", "HEAD~1")
    assert split("a@b.yaml@v1") == ("a@b.yaml", "v1")
    assert split("x.yaml@HEAD@{1}") == ("x.yaml", "HEAD@{1}")
    assert split("x.yaml") is None
    on_disk = tmp_path / "a@b.yaml"
    on_disk.write_text("id: x\n", encoding="utf-8")
    assert split(str(on_disk)) is None


def test_a_looping_link_in_the_tree_is_an_error_not_a_hang(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    parts = repo / "area" / "parts"
    os.symlink("b.yaml", parts / "a.yaml")
    os.symlink("a.yaml", parts / "b.yaml")
    edit(repo / AGREEMENT, "include: parts/safer.yaml", "include: parts/a.yaml")
    commit(repo, "a loop")
    code, _, err = run(capsys, "diff", f"{AGREEMENT}@HEAD~1", f"{AGREEMENT}@HEAD")
    assert code == 1 and "Y001" in err and "Traceback" not in err


def _drop_object(repo: Path, name: str) -> None:
    sha = git(repo, "rev-parse", f"HEAD:{name}").strip()
    (repo / ".git" / "objects" / sha[:2] / sha[2:]).unlink()


def test_a_damaged_repository_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    _drop_object(repo, str(PART))
    code, _, err = run(capsys, "diff", f"{AGREEMENT}@HEAD", AGREEMENT)
    assert code == 1 and f"{PART}@HEAD cannot be read:" in err and "Traceback" not in err
    _drop_object(repo, "area/parts")
    code, _, err = run(capsys, "diff", f"{AGREEMENT}@HEAD", AGREEMENT)
    assert code == 2 and "git cannot read revision HEAD of" in err and "Traceback" not in err


def test_pack_previous_reads_the_version_from_git_history(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    out = repo / "out"
    code, _, err = run(
        capsys, "pack", AGREEMENT, "--previous", f"{AGREEMENT}@HEAD~1", "--to", "html",
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    text = (out / "agreement-summary.html").read_text(encoding="utf-8")
    assert "Changes since" in text
    assert "2008/09 target: 23.0% → 25.0%" in text  # changed in the part file, at HEAD
    code, _, err = run(
        capsys, "pack", AGREEMENT, "--previous", "area/gone.yaml@HEAD", "--out", str(out)
    )
    assert code == 2 and "is not in revision HEAD" in err and "Traceback" not in err


def test_project_comparisons_read_a_version_from_git_history(repo: Path) -> None:
    from drafter.build import build
    from drafter.pipeline import Status
    from drafter.project import ProjectError, load_project

    settings = (
        "agreements: [area/agreement.yaml]\noutput: output\nformats: [html]\n"
        "diffs:\n  - {old: area/agreement.yaml@HEAD~1, new: area/agreement.yaml, to: [json]}\n"
    )
    (repo / "drafter.yaml").write_text(settings, encoding="utf-8")
    (diff,) = load_project(repo).diffs
    assert (diff.old, diff.old_rev, diff.new_rev) == (repo / AGREEMENT, "HEAD~1", None)
    assert build(load_project(repo), workers=1).diffs[0].status is Status.BUILT
    data = json.loads((repo / "output" / "agreement-changes.json").read_text(encoding="utf-8"))
    (change,) = data["changes"]
    assert (change["old"], change["new"]) == ({"value": 23.0}, {"value": 25.0})
    assert build(load_project(repo), workers=1).diffs[0].status is Status.UP_TO_DATE
    # A new commit moves HEAD~1 to the version with the change: compared again, and equal.
    (repo / "notes.txt").write_text("a note\n", encoding="utf-8")
    commit(repo, "third")
    assert build(load_project(repo), workers=1).diffs[0].status is Status.BUILT
    data = json.loads((repo / "output" / "agreement-changes.json").read_text(encoding="utf-8"))
    assert data["changes"] == []
    (repo / "drafter.yaml").write_text(
        settings.replace("area/agreement.yaml@HEAD~1", "../elsewhere.yaml@HEAD"), encoding="utf-8"
    )
    with pytest.raises(ProjectError, match="outside the project folder"):
        load_project(repo)
