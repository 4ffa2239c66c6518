"""Benchmark `drafter preview`: from saving the largest example to the page showing it.

Run: `.venv/bin/python bench/preview_bench.py [--runs 9]`.
A preview of a copy of Northfleet (the largest example, with its two parts) runs in this
process; each run saves a new title into the agreement and times, from the write:

- *made*: until the new document is ready to serve (the watcher's look at the files,
  half a second apart, then load, validate and the HTML; so on average a quarter of a
  second of waiting plus the work);
- *work*: the reload alone (load, validate, context, HTML), as the terminal logs it;
- *shown*: until headless Chromium shows the new text in the page (with Debian's
  Chromium and chromedriver installed; the page hears of it through /events).

Target (the preview brief): a re-render well under a second. Medians of the runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from drafter.preview import Preview, Settings  # noqa: E402

NAME = "northfleet-laa-2008.yaml"
TITLE = "title: Northfleet Local Area Agreement 2008–11"


def _browser() -> Any:
    from tests.browser import chromium, programs

    return chromium() if programs() else None


def main() -> None:
    """Time save → page updated over several runs; print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(ROOT / "agreements" / NAME, folder / NAME)
        shutil.copytree(ROOT / "agreements/parts/northfleet", folder / "parts/northfleet")
        os.chdir(folder)
        source = folder / NAME
        text = source.read_text("utf-8")
        lines: list[str] = []
        preview = Preview(Settings(source), 0, lines.append).start()
        threading.Thread(target=preview.serve_forever, daemon=True).start()
        while preview.snapshot.version < 1:
            time.sleep(0.01)
        made, shown, work = [], [], []
        context = _browser()
        browser = context.__enter__() if context is not None else None
        try:
            if browser is not None:
                browser.get(preview.url)
                time.sleep(1)
            for run in range(args.runs):
                title = f"title: Northfleet, run {run}"
                before = preview.snapshot.version
                started = time.perf_counter()
                source.write_text(text.replace(TITLE, title), "utf-8")
                while preview.snapshot.version == before:
                    time.sleep(0.002)
                made.append(time.perf_counter() - started)
                work.append(float(lines[-1].rsplit("(", 1)[1].split(" ")[0]) / 1000)
                if browser is not None:
                    script = (
                        "const f = document.querySelector('iframe.doc:not(.loading)');"
                        "return f && f.contentDocument ? f.contentDocument.title : '';"
                    )
                    want = title.split(": ", 1)[1]
                    while browser.execute_script(script) != want:
                        time.sleep(0.005)
                    shown.append(time.perf_counter() - started)
                time.sleep(0.7)  # a pause, as between two saves
        finally:
            if context is not None:
                context.__exit__(None, None, None)
            preview.stop()
    print(f"save → document made: median {statistics.median(made):.2f} s over {len(made)} runs")
    print(f"reload work alone:    median {statistics.median(work) * 1000:.0f} ms")
    if shown:
        print(f"save → page shows it: median {statistics.median(shown):.2f} s (Chromium)")


if __name__ == "__main__":
    main()
