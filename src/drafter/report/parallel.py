"""Lay out reports as PDF in other processes while this one makes the other documents.

WeasyPrint's layout is most of the time of any command that makes a PDF, and the other
formats keep only one core busy; on a machine with two cores or more the PDFs are made
beside them. The children are forked from this process and render from the frozen
reports; they write nothing, so the caller still writes all or nothing.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from .model import Report

# A page with the bundled report's fonts and the kinds of text it sets (headings, bold,
# italic, figures, a table): laying it out loads what every report's PDF needs.
WARM_HTML = (
    '<html lang="en-GB"><body style="font-family: Carlito, sans-serif">'
    "<h1>Warm</h1><p>Text, <b>bold</b>, <i>italic</i>, 1,234.5%</p>"
    "<table><tr><th>a</th><td>b</td></tr></table></body></html>"
)

Submit = Callable[[Report], "Future[bytes]"]


def warm() -> None:
    """Load WeasyPrint, its C libraries, the fonts and the report template, once.

    A worker started before its first report is ready does this meanwhile, so that
    the report's PDF costs only its own layout. Whatever fails here (WeasyPrint's
    libraries missing, say) fails again, and is reported, when the report is laid out:
    a worker whose start-up raised would be lost with the message.
    """
    from ..render.html import environment
    from ..render.pdf import html_to_pdf
    from .html import TEMPLATE

    with contextlib.suppress(Exception):
        environment(None).get_template(TEMPLATE)
        html_to_pdf(WARM_HTML)


def _pdf(report: Report) -> bytes:
    from . import render_report

    return render_report(report, "pdf")


@contextlib.contextmanager
def pdf_workers(count: int, *, warmed: bool = False) -> Iterator[Submit | None]:
    """A function that sends a report to be laid out as PDF in another process, and
    gives the future of its bytes; None (make them here) when the machine has one core
    or `count` (the PDFs to make at the same time) is below one.

    With `warmed`, the workers start at once and load WeasyPrint before any report is
    sent (`warm`): open them before the work that makes the reports.
    """
    cores = os.cpu_count() or 1
    if count < 1 or cores < 2:
        yield None
        return
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    pool = ProcessPoolExecutor(
        max_workers=min(cores, count), mp_context=context, initializer=warm if warmed else None
    )
    sent: list[Future[bytes]] = []

    def submit(report: Report) -> Future[bytes]:
        sent.append(pool.submit(_pdf, report))
        return sent[-1]

    try:
        if warmed:
            pool.submit(int)  # starts the workers (each warms up first)
        yield submit
    finally:
        # Waited for even when nothing was sent (the command stopped early): a worker
        # left warming up would outlive this process, waiting for work forever.
        pool.shutdown(wait=True, cancel_futures=not sent)


@contextlib.contextmanager
def pdfs_beside(reports: Sequence[Report], beside: bool) -> Iterator[list[Future[bytes]] | None]:
    """Futures of each report's PDF, made in other processes; None: make them here.

    None when there is nothing to make, `beside` is false, or the machine has one core.
    """
    with pdf_workers(len(reports) if beside else 0) as submit:
        yield None if submit is None else [submit(r) for r in reports]
