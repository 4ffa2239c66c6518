"""Every case of the bad-input corpus, through the real command line.

For each: `drafter validate` and `drafter render` exit with 1 or 2 as the case says, never
with a traceback; the message names the problem (and its file and line, where the case
has one); and a good set of documents rendered earlier into the same `--out` folder is
byte for byte as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from drafter.cli import main

from .badinput import CASES, GOOD, Case

POSITION = re.compile(r"[\w./-]+\.yaml:\d+:\d+")
SLOW = 5.0  # CPU seconds; every case takes well under one
# CPU time, not wall-clock: validation runs in this process, and CI machines are often
# loaded by other work, which made a wall-clock limit fail when nothing was slow.


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run drafter in this process; its exit code and everything it printed."""
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    out, err = capsys.readouterr()
    code = stopped.value.code
    return (code if isinstance(code, int) else 1), out + err


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documents of the good agreement, rendered once."""
    folder = tmp_path_factory.mktemp("good")
    shutil.copytree(GOOD, folder, dirs_exist_ok=True)
    here = Path.cwd()
    os.chdir(folder)
    try:
        with pytest.raises(SystemExit) as stopped:
            main(["render", "agreement.yaml", "--out", "out", "--today", "2006-06-30"])
    finally:
        os.chdir(here)
    assert stopped.value.code == 0
    assert sorted(p.name for p in (folder / "out").iterdir()) == [
        "agreement.docx",
        "agreement.html",
        "agreement.pdf",
    ]
    return folder / "out"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_is_refused_plainly(
    case: Case,
    tmp_path: Path,
    good_output: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if case.name == "unreadable-file" and os.geteuid() == 0:
        pytest.skip("root can read any file (test_boundary covers unreadable files)")
    project = tmp_path / "project"
    target = case.make(project)
    monkeypatch.chdir(project)
    shutil.copytree(good_output, project / "out")
    before = snapshot(project / "out")
    name = target.name

    if not case.settings:
        started = time.process_time()
        code, said = run(capsys, "validate", name)
        took = time.process_time() - started
        assert code == case.exit, said
        assert case.says in said, said
        assert not case.line or POSITION.search(said), said
        assert took < SLOW, f"{case.name} took {took:.1f} s of CPU"

    code, said = run(capsys, "render", name, "--out", "out", "--today", "2006-06-30")
    assert code == case.exit, said
    assert "Traceback" not in said
    if case.settings:
        assert case.says in said and "drafter.toml" in said, said
    elif case.line:
        assert POSITION.search(said), said  # the refusal says where to look
    assert snapshot(project / "out") == before  # the earlier documents, untouched
