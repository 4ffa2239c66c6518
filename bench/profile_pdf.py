"""Where the PDF time goes: a sampling profile of one PDF, summed by stage of WeasyPrint.

    python bench/profile_pdf.py [AGREEMENT] [--cold] [--html FILE]

Renders the agreement (default: the largest example) to PDF in this process under
pyinstrument, after one untimed warm-up render unless `--cold` (then importing
WeasyPrint is in the profile too), and prints the time in each stage: our HTML
templates, HTML parsing, the CSS cascade, building boxes, layout (and within it text
shaping by Pango), drawing, PDF tags, fonts and subsetting, and writing the file.
`--html FILE` also saves pyinstrument's interactive tree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# (path fragment, function) → stage; the deepest match on the stack wins, so a stage
# nested in another (shaping inside layout) is counted on its own.
STAGES: tuple[tuple[str, str, str], ...] = (
    ("weasyprint/__init__.py", "<module>", "import WeasyPrint"),
    ("drafter/render/html.py", "render_html", "our templates (Jinja)"),
    ("weasyprint/__init__.py", "__init__", "HTML parsing"),
    ("weasyprint/css/__init__.py", "find_stylesheets", "CSS parsing"),
    ("weasyprint/css/__init__.py", "__init__", "CSS cascade (selectors)"),
    ("weasyprint/css/__init__.py", "set_computed_styles", "computed styles"),
    ("weasyprint/formatting_structure/build.py", "build_formatting_structure", "box tree"),
    ("weasyprint/layout/__init__.py", "layout_document", "layout"),
    ("weasyprint/text/line_break.py", "split_first_line", "layout: text shaping (Pango)"),
    ("weasyprint/layout/table.py", "table_layout", "layout: tables"),
    ("weasyprint/document.py", "paint", "drawing"),
    ("weasyprint/draw/text.py", "draw_text", "drawing: text"),
    ("weasyprint/pdf/tags.py", "add_tags", "PDF tags (PDF/UA)"),
    ("weasyprint/pdf/fonts.py", "build_fonts_dictionary", "fonts: subsetting, embedding"),
    ("weasyprint/pdf/anchors.py", "", "links, bookmarks"),
    ("weasyprint/pdf/metadata.py", "", "metadata (XMP)"),
    ("pydyf/__init__.py", "write", "writing and compressing"),
    ("drafter/render/pdf.py", "_attachments", "attachments"),
)


def _stage(frame: Any, current: str) -> str:
    path = (frame.file_path or "").replace("\\", "/")
    for fragment, function, stage in STAGES:
        if path.endswith(fragment) and (not function or frame.function == function):
            return stage
    return current


def stages(root: Any) -> dict[str, float]:
    """Seconds of self time per stage, from a pyinstrument frame tree."""
    out: dict[str, float] = defaultdict(float)

    def walk(frame: Any, current: str) -> None:
        current = _stage(frame, current)
        children = list(frame.children)
        out[current] += frame.time - sum(c.time for c in children)
        for child in children:
            walk(child, current)

    walk(root, "other (our code, gc, …)")
    return dict(out)


def main() -> int:
    """Profile one PDF and print the time per stage."""
    from pyinstrument import Profiler

    from drafter.load import load
    from drafter.render import FORMATS, RenderOptions, context_for

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "agreement", nargs="?", type=Path, default=ROOT / "agreements" / "northfleet-laa-2008.yaml"
    )
    parser.add_argument("--cold", action="store_true", help="include importing WeasyPrint")
    parser.add_argument("--html", type=Path, help="save pyinstrument's tree as HTML")
    args = parser.parse_args()
    options = RenderOptions(today=dt.date(2008, 6, 30))
    loaded = load(args.agreement)
    profiler = Profiler(interval=0.0005)
    if args.cold:
        profiler.start()
    build = FORMATS["pdf"].builder()
    if not args.cold:
        build(context_for(loaded, options), options)
        profiler.start()
    build(context_for(loaded, options), options)
    session = profiler.stop()
    total = session.duration
    print(f"{args.agreement.name}: {total:.2f} s ({'cold' if args.cold else 'warm'} process)")
    for stage, seconds in sorted(
        stages(profiler.last_session.root_frame()).items(), key=lambda kv: -kv[1]
    ):
        print(f"  {stage:<34} {seconds:6.2f} s  {100 * seconds / total:5.1f}%")
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
