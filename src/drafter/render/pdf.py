"""PDF back end: WeasyPrint lays out the HTML document as a tagged, accessible PDF.

The PDF is PDF/UA-1 (tagged, with title and language) by default, or PDF/A-3b for
archiving; either way the source YAML and every file it includes are attached, so a
signed PDF carries the text it was made from. Dates in the file come from the
render context (SOURCE_DATE_EPOCH when set), never from the clock.

WeasyPrint would fetch any URL a document names; here it gets a fetcher that serves
only data: URIs (the checked logo), the bundled templates and the project's templates
folder, and refuses everything else, so making a PDF never touches the network or a
file outside those.
"""

from __future__ import annotations

import base64
import datetime as dt
import gc
import logging
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from ..boundary import FILESYSTEM, Limits, TooLarge
from ..chars import clean
from ..context import RenderContext
from ..errors import RenderError
from . import RenderOptions
from .html import BUNDLED_TEMPLATES, render_html
from .pdf_tags import finish

# A small page in the bundled type: regular, bold and italic at the body and table sizes,
# a table and figures, so fonts, shaping caches and the PDF writer are loaded.
WARM_HTML = (
    '<html lang="en-GB"><head><title>Warm</title></head>'
    '<body style="font-family: Carlito, sans-serif; font-size: 11pt">'
    "<h1>Northfleet</h1><p>Text, <b>bold</b>, <i>italic</i>, 1,234.5% — “2008/09”</p>"
    '<table style="font-size: 9.5pt"><thead><tr><th>NI 1</th></tr></thead>'
    "<tbody><tr><td>Baseline <b>12.5</b> <i>to be agreed</i></td></tr></tbody></table>"
    "</body></html>"
)

UA_VARIANT = "pdf/ua-1"
ARCHIVE_VARIANT = "pdf/a-3b"  # A-3 allows attachments, which we need for the source

# WeasyPrint logs (rather than raises) CSS it ignores and fonts it cannot find;
# keep that out of the user's terminal. Set once, when this back end is imported.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def _attachment_name(path: Path, main: Path) -> str:
    """The file's name inside the PDF: relative to the main agreement's folder.

    A file name need not be text (any bytes but '/'), so it is cleaned like any text.
    """
    try:
        name = path.relative_to(main.parent).as_posix()
    except ValueError:
        name = path.name
    return clean(name) or "agreement.yaml"


def attachment_files(ctx: RenderContext) -> tuple[tuple[bytes, str, str], ...]:
    """The files to attach to an agreement's PDF: (bytes, name in the PDF, description)."""
    files = list(ctx.source_files)
    return tuple(
        (
            source.data,
            _attachment_name(source.path, files[0].path),
            "Agreement source (YAML)" if i == 0 else "Part of the agreement source (YAML)",
        )
        for i, source in enumerate(files)
    )


def attachments_of(files: Sequence[tuple[bytes, str, str]], stamp: dt.datetime) -> list[Any]:
    """WeasyPrint attachments of `attachment_files`, dated `stamp`."""
    from weasyprint import Attachment

    return [
        Attachment(
            string=data,
            name=name,
            description=what,
            created=stamp,
            modified=stamp,
            relationship="Source",
        )
        for data, name, what in files
    ]


# What may be served from a templates folder, by suffix.
_SERVED = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


def fetcher(folders: list[Path]) -> Any:
    """A WeasyPrint URL fetcher serving data: URIs and files in `folders`, and nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [f.resolve() for f in folders]

    class Fetcher(URLFetcher):  # type: ignore[misc]
        # No urllib handlers at all (the base class would set up HTTP, FTP and files).
        def __init__(self) -> None:
            self._fail_on_errors = True  # a refused URL stops the PDF, never goes missing
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            try:
                body, kind = _serve(url, roots)
            except ValueError:
                self.refused.append(url)
                raise
            return URLFetcherResponse(url, body, {"Content-Type": kind})

    return Fetcher()


def _serve(url: str, roots: list[Path]) -> tuple[bytes, str]:
    """The bytes and media type for a URL, or ValueError if drafter does not serve it."""
    if url.startswith("data:"):
        header, comma, payload = url[5:].partition(",")
        if not comma:
            raise ValueError("a malformed data: URI")
        kind, *params = header.split(";")
        if "base64" in params:
            return base64.b64decode(payload), kind or "text/plain"
        return unquote_to_bytes(payload), kind or "text/plain"
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise ValueError("drafter fetches nothing from the network")
    path = Path(unquote(parts.path)).resolve()
    served = _SERVED.get(path.suffix.lower())
    if served is None or not any(path.is_relative_to(r) for r in roots) or not path.is_file():
        raise ValueError("the file is not in a templates folder")
    try:
        return FILESYSTEM.read_bytes(path, Limits().asset_bytes), served
    except (OSError, TooLarge) as e:
        raise ValueError("the file cannot be read") from e


def build_pdf(ctx: RenderContext, options: RenderOptions) -> bytes:
    """Format builder: the agreement as PDF bytes."""
    return start_pdf(ctx, options)()


def start_pdf(ctx: RenderContext, options: RenderOptions) -> Callable[[], bytes]:
    """Format starter: the PDF is laid out beside (render/beside.py) when an engine runs
    there, and the returned callable waits for it; else it is made now."""
    from . import beside

    job = beside.Job(
        html=render_html(ctx, options),
        pdf_a=options.pdf_a,
        attachments=attachment_files(ctx),
        stamp=ctx.timestamp,
        templates=options.project_templates,
    )
    return beside.submit(job)


def html_to_pdf(
    html: str,
    *,
    pdf_a: bool = False,
    attachments: Callable[[], list[Any]] | None = None,
    templates: Path | None = None,
) -> bytes:
    """Lay out an HTML document as a tagged PDF (PDF/UA-1, or PDF/A-3b with `pdf_a`).

    `attachments` makes the weasyprint.Attachment objects to embed, once WeasyPrint
    is imported. Title, author, keywords and dates come from the document's <meta>.
    Besides data: URIs, only files in the bundled templates folder and in `templates`
    (a project's) can be fetched; relative URLs are taken from the latter.
    """
    # Imported here: WeasyPrint takes a noticeable time to import and most commands
    # never make a PDF.
    from .engine import import_weasyprint, lean_html, shared_fonts

    weasyprint = import_weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    folders = [BUNDLED_TEMPLATES]
    if templates is not None:
        folders.insert(0, templates.resolve())
    fetch = fetcher(folders)
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
            # A project's templates may use footnotes: they get WeasyPrint's full stylesheet.
            html_class = weasyprint.HTML if templates is not None else lean_html()
            document = html_class(
                string=html, base_url=folders[0].as_uri() + "/", url_fetcher=fetch
            ).render(font_config=shared_fonts() if templates is None else None)
            pdf: bytes = document.write_pdf(
                pdf_variant=ARCHIVE_VARIANT if pdf_a else UA_VARIANT,
                pdf_tags=True,
                attachments=attachments() if attachments else [],
                # Only the standard <meta> names reach the document information (a
                # custom one would carry the HTML's viewport into the PDF).
                custom_metadata=False,
                finisher=finish,
            )
            del document
            if pdf_a:
                gc.collect()
    except RenderError:
        raise
    except FatalURLFetchingError as e:  # a BaseException: it must stop WeasyPrint
        url = fetch.refused[0] if fetch.refused else "a resource"
        shown = url if len(url) < 80 else url[:77] + "…"
        raise RenderError(
            f"the PDF would need {shown}, which drafter does not fetch: it reads only the "
            "templates folders and the checked logo, and nothing from the network."
        ) from e
    except Exception as e:  # WeasyPrint raises many kinds; the user needs one message
        raise RenderError(f"the PDF could not be made: {e}") from e
    finally:
        if collecting:
            gc.enable()
    return pdf


def warm_up() -> None:
    """Make a small PDF in the bundled type, so that the next one finds fonts and caches
    loaded (a build's workers and the engine beside do this before their first)."""
    html_to_pdf(WARM_HTML)
