"""A/B of the WeasyPrint patches of render/engine_style.py (or, with `--of text`,
render/engine_shape.py and engine_text.py; `--of layout`, render/engine_layout.py;
`--of draw`, render/engine_draw.py; `--of cascade`, render/engine_cascade.py): CPU
seconds per PDF, each patch alone and all together against none, alternated in one
process.

Run: `.venv/bin/python bench/engine_ab.py [--rounds 5] [--of style|text|layout|draw|cascade]
[AGREEMENT | --html FILE]` (`--html`: a document of the bundled templates already made,
such as a regional pack written by `drafter pack ... --to html`). engine_text's caches
(and with them engine_draw's recorded lines) are emptied before each render, as for the
judged figure of render_bench.py. Each round renders the agreement once with each set
of patches, in turn, so that the machine's drift (other processes, CPU frequency) falls
on all of them alike. Two figures per set: the whole render, and the time spent inside
the functions the patches replace, timed at their outermost call with the same timer in
every set (style: the style look-ups, resolve_percentages, is_in_normal_flow; text:
line splitting and drawing text; layout: the functions in engine_layout's slots; draw:
`Document.write_pdf`, drawing and writing the PDF, and `layout_backgrounds`; cascade:
`StyleFor.__init__`, the cascade, and `build_formatting_structure`, the box tree). The
second is the steadier on a shared machine: a whole render varies by ±0.3 s from one run
to the next, more than the patches gain.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from drafter.load import load  # noqa: E402
from drafter.render import (  # noqa: E402
    FORMATS,
    RenderOptions,
    context_for,
    engine,
    engine_cascade,
    engine_draw,
    engine_layout,
    engine_shape,
    engine_style,
    engine_text,
)

LARGEST = ROOT / "agreements" / "northfleet-laa-2008.yaml"


class Timer:
    """Seconds spent inside the timed functions, counted at the outermost call only."""

    def __init__(self, slots: list[tuple[Any, str, Any, Any]] | None = None) -> None:
        self.slots = slots
        self.seconds = 0.0
        self._inside = False
        self._saved: list[tuple[Any, str, Any]] = []

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            if self._inside:
                return function(*args, **kwargs)
            self._inside = True
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - start
                self._inside = False

        return timed

    def __enter__(self) -> Timer:
        if self.slots is not None:
            return self._enter_slots(self.slots)
        from weasyprint import css
        from weasyprint.formatting_structure import boxes
        from weasyprint.layout import percent

        targets: list[tuple[Any, str]] = [
            (css.ComputedStyle, "__missing__"),
            (boxes.Box, "is_in_normal_flow"),
        ]
        resolve = percent.resolve_percentages
        targets += [
            (module, "resolve_percentages")
            for name, module in list(sys.modules.items())
            if name.startswith("weasyprint.layout.")
            and getattr(module, "resolve_percentages", None) is resolve
        ]
        wrapped = {id(resolve): self.wrap(resolve)}
        for owner, name in targets:
            value = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
            self._saved.append((owner, name, value))
            setattr(owner, name, wrapped.setdefault(id(value), self.wrap(value)))
        return self

    def _enter_slots(self, slots: list[tuple[Any, str, Any, Any]]) -> Timer:
        """Time whatever stands in each slot given, stock or patched."""
        for owner, name, _stock, _patched in slots:
            value = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
            self._saved.append((owner, name, value))
            setattr(owner, name, self.wrap(value))
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, name, value in reversed(self._saved):
            setattr(owner, name, value)


def main() -> int:
    """Print the median CPU seconds of each set of patches."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=LARGEST)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--html", type=Path, help="lay out this HTML instead")
    parser.add_argument(
        "--of", choices=("style", "text", "layout", "draw", "cascade"), default="style"
    )
    args = parser.parse_args()
    if args.html:
        from drafter.render.pdf import html_to_pdf

        text = args.html.read_text(encoding="utf-8")
        make: Callable[[], bytes] = lambda: html_to_pdf(text)  # noqa: E731
    else:
        options = RenderOptions(today=dt.date(2008, 6, 30))
        build, loaded = FORMATS["pdf"].builder(), load(args.path)
        make = lambda: build(context_for(loaded, options), options)  # noqa: E731
    make()  # warm up (and install the patches)
    modules = {
        "style": (engine_style,),
        "text": (engine_shape, engine_text),
        "layout": (engine_layout,),
        "draw": (engine_draw,),
        "cascade": (engine_cascade,),
    }[args.of]
    owner = {p: m for m in modules for p in m.PATCHES}
    patches: tuple[str, ...] = tuple(owner)
    sets = {"none": (), **{p: (p,) for p in patches}, "all": patches}
    if args.of == "text":  # these patches lean on each other: each one left out of all
        sets.update({f"all but {p}": tuple(q for q in patches if q != p) for p in patches})
    slots = {p: m.ab_slots(p) for p, m in owner.items()} if args.of != "style" else {}
    timed = [s for held in slots.values() for s in held] if args.of == "layout" else None
    if args.of == "text":  # the whole of line splitting (outermost call) and of drawing text
        from weasyprint import draw as drawn
        from weasyprint.layout import inline, preferred

        timed = [(m, "split_first_line", None, None) for m in (inline, preferred)]
        timed += [(drawn, "draw_text", None, None)]
    if args.of == "draw":  # the whole of drawing and writing, and the backgrounds
        from weasyprint import document
        from weasyprint.layout import background

        timed = [
            (document.Document, "write_pdf", None, None),
            (background, "layout_backgrounds", None, None),
        ]
    if args.of == "cascade":  # the whole cascade and the box tree
        from weasyprint import css
        from weasyprint import document as made

        timed = [(css.StyleFor, "__init__", None, None)]
        timed += [(made, "build_formatting_structure", None, None)]

    def put(chosen: tuple[str, ...]) -> None:
        if not slots:
            engine_style.uninstall()
            engine_style.install(chosen)
        for patch, held in slots.items():
            for owner, attribute, own, patched in held:
                setattr(owner, attribute, patched if patch in chosen else own)

    whole: dict[str, list[float]] = {name: [] for name in sets}
    inside: dict[str, list[float]] = {name: [] for name in sets}
    pdfs: dict[str, bytes] = {}
    for _ in range(args.rounds):
        for name, chosen in sets.items():
            put(chosen)
            engine_text.forget(engine.shared_fonts())
            with Timer(timed) as timer:
                start = time.process_time()
                pdfs[name] = make()
                whole[name].append(time.process_time() - start)
            inside[name].append(timer.seconds)
    put(patches)
    print(f"{(args.html or args.path).name}, median CPU s of {args.rounds} alternated rounds")
    print(f"  {'patches':18} {'render':>8} {'gain':>7}   {'inside':>7} {'gain':>7}")
    for name in sets:
        render, spent = statistics.median(whole[name]), statistics.median(inside[name])
        same = "same PDF" if pdfs[name] == pdfs["none"] else "PDF DIFFERS"
        print(
            f"  {name:18} {render:8.3f} {statistics.median(whole['none']) - render:+7.3f}   "
            f"{spent:7.3f} {statistics.median(inside['none']) - spent:+7.3f}   {same}"
        )
    return 0 if len(set(pdfs.values())) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
