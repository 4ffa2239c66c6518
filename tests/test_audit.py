"""Under Python's audit hooks, rendering reaches no network and no file outside the project.

`tests/audited.py` renders every example and every corpus case to every format with
--force in a subprocess (an audit hook cannot be removed again) and lists what it saw
reaching outside. The subprocess is started as soon as pytest has collected this test,
and the test runs last (see conftest.py), so that it works beside the rest of the suite.
"""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT, audit_run

WATCHED = """
import socket, sys
from pathlib import Path
from tests.audited import Watch
watch = Watch()
sys.addaudithook(watch)
watch.now = [Path(sys.argv[1])]
open("/etc/hostname").close()
open(Path(sys.argv[1]) / "inside.txt", "w").close()
socket.socket().close()
print("\\n".join(watch.violations))
"""


def test_the_watch_sees_what_reaches_outside(tmp_path: object) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WATCHED, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    seen = done.stdout.splitlines()
    assert any(v.endswith("open /etc/hostname") for v in seen), seen
    assert any("socket.__new__" in v for v in seen), seen
    assert not any("inside.txt" in v for v in seen), seen


def test_rendering_reaches_nothing_outside_the_project() -> None:
    code, said = audit_run()
    assert (code, said) == (0, "")
