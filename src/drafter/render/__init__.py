"""Render an agreement to documents: a registry of formats and one entry point.

Each format is a module with a builder `(RenderContext, RenderOptions) -> bytes`,
imported only when used, so commands that never render do not pay for WeasyPrint
or python-docx. `render_agreement` builds the context once, renders every format in
memory, and only then writes the files, as one set: all of them or none.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..config import Branding
from ..errors import RenderError
from ..write import write_set

if TYPE_CHECKING:
    from ..context import RenderContext
    from ..load import Loaded


@dataclass(frozen=True)
class RenderOptions:
    """How to render: force past errors, PDF/A, template overrides, branding, date."""

    force: bool = False  # render despite validation errors, marking every page INCOMPLETE
    pdf_a: bool = False  # archival PDF/A-3b instead of PDF/UA-1
    project_templates: Path | None = None  # a folder whose files override bundled templates
    branding: Branding = field(default_factory=Branding)
    # The files' date (default SOURCE_DATE_EPOCH, else the clock), and the date due dates
    # are judged against (default the agreement's own date, as validation does).
    today: dt.date | None = None


Builder = Callable[["RenderContext", RenderOptions], bytes]
# A starter begins a document and returns what waits for its bytes: the PDF's lays the
# document out in another process when one is running (render/beside.py).
Starter = Callable[["RenderContext", RenderOptions], Callable[[], bytes]]


@dataclass(frozen=True)
class Format:
    """One output format: its name, file suffix and where its builder lives."""

    name: str
    suffix: str
    module: str
    function: str
    starter: str | None = None  # a function that can make the document beside

    def builder(self) -> Builder:
        """Import the back end (only now) and return its builder."""
        module = importlib.import_module(self.module)
        return cast(Builder, getattr(module, self.function))

    def start(self, ctx: RenderContext, options: RenderOptions) -> Callable[[], bytes]:
        """Begin the document; the returned callable gives its bytes."""
        if self.starter is None:
            data = self.builder()(ctx, options)
            return lambda: data
        module = importlib.import_module(self.module)
        return cast(Starter, getattr(module, self.starter))(ctx, options)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("html", ".html", "drafter.render.html", "build_html"),
        Format("pdf", ".pdf", "drafter.render.pdf", "build_pdf", "start_pdf"),
        Format("docx", ".docx", "drafter.render.docx", "build_docx"),
    )
}


def render_time(today: dt.date | None = None) -> dt.datetime:
    """The moment documents carry (UTC): SOURCE_DATE_EPOCH, else midnight of `today` or today.

    With `today` given the epoch is used only when it falls on that day, so an
    explicitly chosen date is never contradicted by the files' properties.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            when = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError) as e:
            if today is None:
                raise RenderError(
                    f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970."
                ) from e
        else:
            if today is None or when.date() == today:
                return when
    return dt.datetime.combine(today or dt.date.today(), dt.time(), dt.UTC)


def render_date(today: dt.date | None = None) -> dt.date:
    """The date documents carry: `today` if given, else SOURCE_DATE_EPOCH, else the clock."""
    return render_time(today).date()


def context_for(
    loaded: Loaded, options: RenderOptions, *, incomplete: bool = False
) -> RenderContext:
    """Build the render context of a loaded agreement."""
    from ..context import SourceFile, build_context

    if loaded.agreement is None:
        raise RenderError("the agreement could not be read, so there is nothing to render.")
    when = render_time(options.today)
    return build_context(
        loaded.agreement,
        incomplete=incomplete,
        branding=options.branding,
        generated=when.date(),
        today=options.today,
        timestamp=when,
        # The bytes validated, not the files again: they may have changed since.
        source_files=[SourceFile(path, loaded.contents[path]) for path in loaded.contents],
    )


def render_agreement(
    loaded: Loaded,
    formats: Sequence[str],
    out_dir: Path,
    options: RenderOptions,
    *,
    errors: bool | None = None,
) -> list[Path]:
    """Render one agreement to each format and write `<yaml-stem>.<suffix>` files.

    `errors` says whether the agreement has validation errors; when None it is
    validated here. With errors the agreement is refused (RenderError) unless
    `options.force`, which renders it with INCOMPLETE on every page. Nothing is
    written until every format has rendered; then the set is written all or nothing
    (see `write.write_set`), so a failure leaves earlier documents untouched.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise RenderError(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}.")
    if errors is None:
        from ..problems import Severity
        from ..validate import validate

        errors = any(p.severity is Severity.ERROR for p in validate(loaded, today=options.today))
    if errors and not options.force:
        raise RenderError(
            "the agreement has errors; fix them (see `drafter validate`) or "
            "use --force to render it marked INCOMPLETE."
        )
    ctx = context_for(loaded, options, incomplete=errors)
    chosen = [FORMATS[name] for name in dict.fromkeys(formats)]
    # A document that can be made beside is begun first, so the others are made meanwhile.
    begun = {
        fmt.name: fmt.start(ctx, options)
        for fmt in sorted(chosen, key=lambda fmt: fmt.starter is None)
    }
    rendered = [(out_dir / f"{loaded.path.stem}{fmt.suffix}", begun[fmt.name]()) for fmt in chosen]
    write_set(rendered)  # all formats or none, each replaced in one step
    return [path for path, _ in rendered]
