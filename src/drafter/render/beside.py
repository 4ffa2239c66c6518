"""A PDF engine beside: a second process lays out PDFs while this one does the rest.

Laying out the PDF is most of what `drafter render` spends, and before it can start the
command has to import WeasyPrint, read and check the agreement and make its HTML, one
after another, on one core. `start` forks a process as soon as the command knows a
PDF is wanted, before any agreement is read: it imports WeasyPrint and makes a small
PDF with the bundled fonts, so its caches are warm, while this process reads,
validates and makes the HTML. `submit` then hands it the HTML and returns at once, so
the Word and HTML documents are made while the PDF is laid out; the returned
`Pending` waits for the bytes.

What crosses between the two: the HTML text, the PDF settings and the attachments
(names and the bytes already validated) one way; the PDF, or the message of the
RenderError that stopped it, the other. The second process reads nothing but what
`html_to_pdf` reads in this one (the templates folders, through the same fetcher), so
the trust boundary is where it was. If it cannot be started (one core, no fork) or
stops answering, the PDF is made in this process, as it was before, so the engine
beside only ever makes things faster.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..errors import RenderError


@dataclass(frozen=True)
class Job:
    """One PDF to make: the HTML and what `html_to_pdf` is told besides."""

    html: str
    pdf_a: bool
    attachments: tuple[tuple[bytes, str, str], ...]  # (bytes, name, description)
    stamp: Any  # datetime of the attachments
    templates: Path | None


def make(job: Job) -> bytes:
    """The PDF of a job, made in this process."""
    from .pdf import attachments_of, html_to_pdf

    return html_to_pdf(
        job.html,
        pdf_a=job.pdf_a,
        attachments=lambda: attachments_of(job.attachments, job.stamp),
        templates=job.templates,
    )


Pending = Callable[[], bytes]


class Engine:
    """The process beside, and the pipe to it; one PDF at a time, collected once."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(theirs,), daemon=True)
        self._process.start()
        theirs.close()
        self._waiting: Pending | None = None
        self._unsent = False

    def submit(self, job: Job) -> Pending:
        """Send a job; the returned callable waits for its PDF (made here if need be)."""
        if self._waiting is not None:
            # An earlier PDF nobody waited for (its set failed): take it out of the pipe.
            with contextlib.suppress(RenderError):
                self._waiting()
        if not self._alive():
            data = make(job)
            return lambda: data
        # Sent from a thread: a page is larger than the pipe holds, and the process
        # beside may still be warming up; this one goes on with the other formats.
        sending = threading.Thread(target=self._send, args=(job,), daemon=True)
        sending.start()
        self._waiting = lambda: self._receive(job, sending)
        return self._waiting

    def _send(self, job: Job) -> None:
        try:
            self._conn.send(job)
        except Exception:  # a closed pipe, or a job that cannot be sent
            self._unsent = True

    def _receive(self, job: Job, sending: threading.Thread) -> bytes:
        if self._waiting is None:
            raise RuntimeError("a PDF was collected twice")
        self._waiting = None
        sending.join()
        try:
            if self._unsent:
                raise EOFError("the job never reached the process beside")
            kind, value = self._conn.recv()
        except (OSError, EOFError):
            self.stop()
            return make(job)  # the process beside died: make it here
        if kind == "error":
            raise RenderError(value)
        return bytes(value)

    def _alive(self) -> bool:
        return self._process.is_alive()

    def stop(self) -> None:
        """End the process beside (it also ends by itself when this process has gone)."""
        with contextlib.suppress(OSError):
            self._conn.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=5)


_engine: list[Engine] = []


def start() -> None:
    """Start the engine beside, when this machine has a core for it and can fork."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if _engine or not sys.platform.startswith("linux") or (cores or 1) < 2:
        return
    try:
        _engine.append(Engine())
    except OSError:
        return  # no process to be had: PDFs are made here


def stop() -> None:
    """Stop the engine beside, if one was started."""
    while _engine:
        _engine.pop().stop()


@contextlib.contextmanager
def running(wanted: bool = True) -> Iterator[None]:
    """An engine beside for the duration of a command (when `wanted`)."""
    if wanted:
        start()
    try:
        yield
    finally:
        stop()


def submit(job: Job) -> Pending:
    """The PDF of a job: from the engine beside when one runs, else made now."""
    if _engine:
        return _engine[0].submit(job)
    data = make(job)
    return lambda: data


def _serve(conn: Connection) -> None:
    """The process beside: warm up, then make each PDF asked for until the pipe closes."""
    # Ctrl-C goes to the command, which stops this process; a half-made PDF is worthless.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):  # the real job will report what is wrong
        from .engine import import_weasyprint
        from .pdf import warm_up

        import_weasyprint()
        # The command's first page is usually ready before WeasyPrint is imported: then
        # it is made at once, since it warms up fonts and caches as well as a sample would.
        if not conn.poll():
            warm_up()
    # html_to_pdf leaves the collector off when it finds it off: the garbage of a PDF
    # (its box tree is one large cycle) is collected after the PDF is sent, while the
    # command writes it, instead of before (0.2 s for a 34-page agreement).
    gc.disable()
    if not conn.poll():
        gc.collect()
    while True:
        try:
            job = conn.recv()
        except (OSError, EOFError):
            break
        try:
            answer: tuple[str, Any] = ("pdf", make(job))
        except RenderError as e:
            answer = ("error", str(e))
        except Exception as e:  # anything else is said, never a traceback
            answer = ("error", f"the PDF could not be made: {e}")
        try:
            conn.send(answer)
        except (OSError, ValueError):
            break
        del answer
        gc.collect()
    os._exit(0)  # no clean-up of the heap: the process only made PDFs
