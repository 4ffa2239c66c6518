"""Regenerate the golden files: `python -m tests.golden` (or `make golden`).

For every good example agreement this writes, into tests/golden/,
`<stem>.html` (the HTML document) and `<stem>.docx.txt` (the text of the Word
document, as tests/extract.py:docx_text reads it). tests/test_golden.py renders
the examples again and compares. Run this after an intended change to the
templates or the render context, and review the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from drafter.load import load
from drafter.render import RenderOptions, context_for
from drafter.render.docx import build_docx
from drafter.render.html import render_html

from .conftest import good_examples
from .extract import docx_text

GOLDEN = Path(__file__).resolve().parent / "golden"
# A fixed date so the golden files do not change from day to day.
OPTIONS = RenderOptions(today=dt.date(2008, 6, 30))


def html_of(path: Path) -> str:
    """The HTML document of one agreement, rendered as the golden files are."""
    return render_html(context_for(load(path), OPTIONS), OPTIONS)


def docx_text_of(path: Path) -> str:
    """The text of the Word document of one agreement."""
    data = build_docx(context_for(load(path), OPTIONS), OPTIONS)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{path.stem}.docx"
        out.write_bytes(data)
        return docx_text(out) + "\n"


def main() -> None:
    """Write every golden file afresh."""
    GOLDEN.mkdir(exist_ok=True)
    for path in good_examples():
        (GOLDEN / f"{path.stem}.html").write_text(html_of(path), encoding="utf-8", newline="\n")
        (GOLDEN / f"{path.stem}.docx.txt").write_text(
            docx_text_of(path), encoding="utf-8", newline="\n"
        )
        print(f"golden: {path.stem}.html, {path.stem}.docx.txt")


if __name__ == "__main__":
    main()
