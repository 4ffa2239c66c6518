"""The `drafter` program as a whole process: exit codes and output survive the quick exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import AGREEMENTS, BROKEN


def drafter(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "drafter", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_problems_reach_a_pipe_and_the_exit_code_is_kept() -> None:
    done = drafter("validate", str(BROKEN / "broken.yaml"))
    assert done.returncode == 1
    assert "error" in done.stdout and done.stdout.rstrip().endswith("warnings")


def test_usage_error_exit_code_and_message() -> None:
    done = drafter("render", "no-such-file.yaml", "--to", "html")
    assert done.returncode == 2
    assert "no-such-file.yaml" in done.stdout + done.stderr


def test_documents_are_complete_after_the_quick_exit(tmp_path: Path) -> None:
    source = AGREEMENTS / "millbrook-lpsa2.yaml"
    done = drafter("render", str(source), "--to", "html,docx", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "millbrook-lpsa2.html").read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>")
    assert (tmp_path / "millbrook-lpsa2.docx").stat().st_size > 10_000
    assert "millbrook-lpsa2.html" in done.stdout
