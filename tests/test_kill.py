"""A render killed with SIGKILL at any point leaves no partial document, and no litter.

The render runs in a subprocess whose audit hook sends it SIGKILL at a chosen moment:
while WeasyPrint is laying out the PDF, or at the n-th step of writing the output
(listing the folder, opening a temporary file, linking, renaming, removing). After
each kill every file with a final name is a whole document (the earlier one or the new
one); the next run leaves no temporary file behind.
"""

from __future__ import annotations

import io
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from drafter.cli import main

from .badinput import GOOD
from .conftest import ROOT

KILLER = """
import os, signal, sys
out, when = os.path.realpath(sys.argv[1]), sys.argv[2]
steps = [0]
def hook(event, args):
    if when == "layout":
        if event == "import" and args[0] == "weasyprint.layout":
            os.kill(os.getpid(), signal.SIGKILL)
        return
    if event in ("open", "os.rename", "os.link", "os.remove", "os.listdir") and args:
        path = args[0]
        if isinstance(path, (str, bytes, os.PathLike)) and os.fsdecode(path).startswith(out):
            steps[0] += 1
            if steps[0] == int(when):
                os.kill(os.getpid(), signal.SIGKILL)
sys.addaudithook(hook)
from drafter.cli import main
main(["render", "agreement.yaml", "--out", out, "--to", sys.argv[3], "--today", "2006-06-30"])
"""
FORMATS = ("docx", "html", "pdf")


def whole(path: Path) -> bool:
    """Whether a document is complete (it parses to its end)."""
    data = path.read_bytes()
    if path.suffix == ".html":
        return data.endswith(b"</html>\n")
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.testzip() is None
    except zipfile.BadZipFile:
        return False


def killed(project: Path, when: str, formats: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(project / "out"), when, formats],
        cwd=project,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        timeout=120,
    )
    return done.returncode


def check_outputs(out: Path, before: dict[str, bytes]) -> None:
    for name in (f"agreement.{f}" for f in FORMATS):
        path = out / name
        assert path.exists(), name  # an earlier document is never lost
        assert path.read_bytes() == before[name] or whole(path), name


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, bytes]]:
    """The good agreement rendered once (version 1.0), then changed to version 2.0."""
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        main(["render", "agreement.yaml", "--out", "out", "--today", "2006-06-30"])
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    agreement = tmp_path / "agreement.yaml"
    agreement.write_text(agreement.read_text().replace('version: "1.0"', 'version: "2.0"'))
    return tmp_path, before


def test_killed_while_making_the_pdf(project: tuple[Path, dict[str, bytes]]) -> None:
    folder, before = project
    assert killed(folder, "layout", "docx,pdf,html") == -signal.SIGKILL
    assert {p.name: p.read_bytes() for p in (folder / "out").iterdir()} == before


def test_killed_at_every_step_of_writing(project: tuple[Path, dict[str, bytes]]) -> None:
    folder, before = project
    out = folder / "out"
    steps = 0
    for step in range(1, 40):
        code = killed(folder, str(step), "docx,html")
        if code == 0:
            break  # the render got past its last step: every step has been tried
        assert code == -signal.SIGKILL
        steps += 1
        check_outputs(out, before)
    assert steps >= 6  # list, 2 × (write, keep the old one, rename), …
    leftover = [p.name for p in out.iterdir() if p.name.endswith(".drafter-tmp")]
    assert leftover == []  # the last (whole) run removed what the killed ones left
    assert b"Version 2.0" in (out / "agreement.html").read_bytes()
