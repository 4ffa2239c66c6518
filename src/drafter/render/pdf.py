"""PDF back end: WeasyPrint lays out the HTML document as a tagged, accessible PDF.

The PDF is PDF/UA-1 (tagged, with title and language) by default, or PDF/A-3b for
archiving; either way the source YAML and every file it includes are attached, so a
signed PDF carries the text it was made from. Dates in the file come from the
render context (SOURCE_DATE_EPOCH when set), never from the clock.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..context import RenderContext
from ..errors import RenderError
from . import RenderOptions
from .html import render_html

UA_VARIANT = "pdf/ua-1"
ARCHIVE_VARIANT = "pdf/a-3b"  # A-3 allows attachments, which we need for the source

# WeasyPrint logs (rather than raises) CSS it ignores and fonts it cannot find;
# keep that out of the user's terminal. Set once, when this back end is imported.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def _attachment_name(path: Path, main: Path) -> str:
    """The file's name inside the PDF: relative to the main agreement's folder."""
    try:
        return path.relative_to(main.parent).as_posix()
    except ValueError:
        return path.name


def _attachments(ctx: RenderContext, stamp: dt.datetime) -> list[Any]:
    from weasyprint import Attachment

    out = []
    files = list(ctx.source_files)
    for i, path in enumerate(files):
        try:
            data = path.read_bytes()
        except OSError as e:
            raise RenderError(
                f"the source file {path} cannot be read to attach it: {e.strerror}."
            ) from e
        what = "Agreement source (YAML)" if i == 0 else "Part of the agreement source (YAML)"
        out.append(
            Attachment(
                string=data,
                name=_attachment_name(path, files[0]),
                description=what,
                created=stamp,
                modified=stamp,
                relationship="Source",
            )
        )
    return out


def build_pdf(ctx: RenderContext, options: RenderOptions) -> bytes:
    """Format builder: the agreement as PDF bytes."""
    html = render_html(ctx, options)
    return html_to_pdf(
        html, pdf_a=options.pdf_a, attachments=lambda: _attachments(ctx, ctx.timestamp)
    )


def html_to_pdf(
    html: str, *, pdf_a: bool = False, attachments: Callable[[], list[Any]] | None = None
) -> bytes:
    """Lay out an HTML document as a tagged PDF (PDF/UA-1, or PDF/A-3b with `pdf_a`).

    `attachments` makes the weasyprint.Attachment objects to embed, once WeasyPrint
    is imported. Title, author, keywords and dates come from the document's <meta>.
    """
    # Imported here: WeasyPrint takes a noticeable time to import and most commands
    # never make a PDF.
    from .engine import import_weasyprint

    weasyprint = import_weasyprint()

    # WeasyPrint allocates millions of short-lived objects; reference counting frees
    # them, and letting the cyclic collector scan them again and again costs about a
    # sixth of the PDF time. It is switched back on (and catches up) afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with warnings.catch_warnings():
            # WeasyPrint 70 leaves the sRGB profile it embeds in PDF/A files open; the file
            # is closed, with a ResourceWarning, when the document is freed here.
            warnings.simplefilter("ignore", ResourceWarning)
            document = weasyprint.HTML(string=html, base_url=os.getcwd()).render()
            pdf: bytes = document.write_pdf(
                pdf_variant=ARCHIVE_VARIANT if pdf_a else UA_VARIANT,
                pdf_tags=True,
                attachments=attachments() if attachments else [],
                custom_metadata=True,
            )
            del document
            if pdf_a:
                gc.collect()
    except RenderError:
        raise
    except Exception as e:  # WeasyPrint raises many kinds; the user needs one message
        raise RenderError(f"the PDF could not be made: {e}") from e
    finally:
        if collecting:
            gc.enable()
    return pdf
