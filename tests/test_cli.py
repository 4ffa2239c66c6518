"""The command line: exit codes, messages for people, JSON for programs, no tracebacks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.cli import main

from .conftest import AGREEMENTS, BROKEN, good_examples

POSITION = re.compile(r"^\S+\.yaml:\d+:\d+: (error|warning) [A-Z]\d{3}: ", re.MULTILINE)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run drafter in-process; return exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 1), out, err


def test_good_examples_validate_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", *map(str, good_examples()))
    assert code == 0, out
    assert "complete, no problems found" in out


def test_broken_example_lists_problems_with_positions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(BROKEN / "broken.yaml"))
    assert code == 1
    assert len(POSITION.findall(out)) >= 10
    assert "→ " in out  # every problem says what to do
    assert re.search(r"broken\.yaml: \d+ errors?, \d+ warnings?", out)


def test_json_report_is_machine_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--format", "json", str(BROKEN / "broken.yaml"))
    assert code == 1
    (report,) = json.loads(out)
    assert report["errors"] > 0
    first = report["problems"][0]
    assert set(first) >= {"code", "severity", "message", "hint", "file", "line", "column"}
    assert all(p["line"] > 0 for p in report["problems"])


def test_strict_turns_warnings_into_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(AGREEMENTS, tmp_path / "agreements")
    original = tmp_path / "agreements" / good_examples()[0].name
    # A period of five years is legal but unusual: a warning, not an error.
    text = re.sub(
        r"end: ['\"]?(\d{4})/(\d{2})['\"]?",
        lambda m: f"end: {int(m[1]) + 2}/{(int(m[2]) + 2) % 100:02d}",
        original.read_text(encoding="utf-8"),
        count=1,
    )
    original.write_text(text, encoding="utf-8")
    _, out, _ = run(capsys, "validate", "--format", "json", str(original))
    (report,) = json.loads(out)
    assert report["warnings"] > 0
    strict_code, strict_out, _ = run(
        capsys, "validate", "--strict", "--format", "json", str(original)
    )
    (strict,) = json.loads(strict_out)
    assert strict["warnings"] == 0
    assert strict["errors"] == report["errors"] + report["warnings"]
    assert strict_code == 1


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("missing", "does not exist"),
        ("binary", "not UTF-8"),
        ("empty", "is empty"),
        ("malformed", "YAML cannot be read"),
    ],
)
def test_unreadable_input_exits_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str, expected: str
) -> None:
    path = tmp_path / "agreement.yaml"
    if setup == "binary":
        path.write_bytes(b"id: caf\xe9\n")
    elif setup == "empty":
        path.write_text("")
    elif setup == "malformed":
        path.write_text("id: x\narea: [unclosed\n  name: y\n")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2
    assert expected in out
    assert "Traceback" not in out + err
    assert re.search(r"agreement\.yaml(:\d+:\d+)?: error Y00\d", out)


def test_a_folder_stands_for_the_agreements_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 2
    assert "No agreement files found" in err
    for example in good_examples()[:2]:
        (tmp_path / example.name).write_text(example.read_text(encoding="utf-8"))
    # Examples that use include: need their parts beside them.
    if (AGREEMENTS / "parts").is_dir():
        shutil.copytree(AGREEMENTS / "parts", tmp_path / "parts")
    code, out, _ = run(capsys, "validate", str(tmp_path))
    assert code == 0, out
    assert "Checked 2 agreements" in out


def test_unknown_render_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "render", "--to", "odt", str(good_examples()[0]))
    assert code == 2
    assert "unknown format odt" in err


def test_render_refuses_an_agreement_with_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "render", "--to", "html", "--out", str(tmp_path), str(BROKEN / "broken.yaml")
    )
    assert code == 1
    assert "not rendered" in err and "--force" in err
    assert not list(tmp_path.iterdir())


def test_schema_is_printed_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "drafter agreement"
    assert "themes" in schema["properties"]


def test_new_writes_a_file_and_will_not_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "exeter.yaml"
    code, out, _ = run(
        capsys, "new", "-g", "laa2008", "-a", "Exeter", "-r", "GOSW", "-o", str(target)
    )
    assert code == 0 and target.exists()
    assert "drafter validate" in out
    code, _, err = run(capsys, "new", "-g", "laa2008", "-a", "Exeter", "-o", str(target))
    assert code == 2
    assert "already exists" in err
    code, out, _ = run(capsys, "validate", "--format", "json", str(target))
    (report,) = json.loads(out)
    assert report["readable"]
    assert not [p for p in report["problems"] if p["code"][0] in "SY"]


def test_rules_lists_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    codes = re.findall(r"^([A-Z]\d{3})\s", out, re.MULTILINE)
    assert len(codes) >= 30
    assert len(set(codes)) == len(codes)


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "drafter", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("drafter, version")


def test_written_files_are_readable_by_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "schema.json"
    code, _, _ = run(capsys, "schema", "-o", str(target))
    assert code == 0
    assert target.stat().st_mode & 0o044 == 0o044  # group and others may read (umask 022)


def test_force_renders_an_agreement_with_errors_marked_incomplete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "render",
        "--force",
        "--to",
        "html",
        "--out",
        str(tmp_path),
        str(BROKEN / "broken.yaml"),
    )
    assert code == 0, out
    assert "marked INCOMPLETE" in out
    html = (tmp_path / "broken.html").read_text(encoding="utf-8")
    assert "INCOMPLETE" in html


def test_a_failed_render_leaves_the_earlier_document_intact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(AGREEMENTS, tmp_path / "agreements")
    source = tmp_path / "agreements" / good_examples()[0].name
    out_dir = tmp_path / "out"
    code, _, _ = run(capsys, "render", "--to", "html", "--out", str(out_dir), str(source))
    assert code == 0
    before = (out_dir / f"{source.stem}.html").read_bytes()
    source.write_text(
        source.read_text(encoding="utf-8") + "\nvision: [unclosed\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "render", "--to", "html", "--out", str(out_dir), str(source))
    assert code == 2
    assert "cannot be read" in err
    assert (out_dir / f"{source.stem}.html").read_bytes() == before
    assert sorted(p.name for p in out_dir.iterdir()) == [f"{source.stem}.html"]


def test_the_command_starts_without_the_model_and_offers_its_choices() -> None:
    import subprocess
    import sys

    from drafter import cli
    from drafter.model import Generation, Region

    assert tuple(g.value for g in Generation) == cli.GENERATIONS
    assert tuple(r.value for r in Region) == cli.REGIONS
    assert set(cli.DEFAULT_START) == set(cli.GENERATIONS)
    code = (
        "import sys, drafter.cli; print(sorted({'pydantic', 'drafter.model'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
