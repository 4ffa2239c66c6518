"""The PDF engine beside: the same PDFs as made in this process, errors said, never lost."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import sys

import pytest

from drafter.errors import RenderError
from drafter.render import beside

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
    reason="the engine beside runs on Linux machines with two cores or more",
)

STAMP = dt.datetime(2008, 6, 30, tzinfo=dt.UTC)
PAGE = (
    "<!doctype html><html lang='en-GB'><head><title>Northfleet</title></head><body>"
    "<h1>Northfleet Local Area Agreement</h1><p>NI 1: baseline 1,234.5</p></body></html>"
)


def job(html: str = PAGE) -> beside.Job:
    return beside.Job(
        html=html,
        pdf_a=False,
        attachments=((b"id: northfleet\n", "northfleet.yaml", "Agreement source (YAML)"),),
        stamp=STAMP,
        templates=None,
    )


def children() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.is_alive()]


def test_a_pdf_made_beside_is_the_pdf_made_here() -> None:
    here = beside.make(job())
    with beside.running():
        assert len(children()) == 1
        pending = beside.submit(job())
        assert pending() == here
    assert children() == []  # the process beside is gone with the command


def test_without_an_engine_the_pdf_is_made_at_once() -> None:
    assert beside.submit(job())().startswith(b"%PDF")


def test_an_error_beside_is_the_render_error_it_was() -> None:
    fetching = PAGE.replace("<p>", "<p><img src='https://example.org/logo.png' alt=''>")
    with beside.running(), pytest.raises(RenderError, match="does not fetch"):
        beside.submit(job(fetching))()


def test_a_pdf_nobody_collected_does_not_reach_the_next_document() -> None:
    first = PAGE.replace("Northfleet Local", "Hartsmoor Local")
    with beside.running():
        beside.submit(job(first))  # never collected: its set failed, say
        assert beside.submit(job())() == beside.make(job())


def test_if_the_process_beside_dies_the_pdf_is_made_here() -> None:
    with beside.running():
        (engine,) = children()
        assert engine.pid is not None
        os.kill(engine.pid, signal.SIGKILL)
        engine.join(timeout=10)
        assert beside.submit(job())() == beside.make(job())
        os.kill(os.getpid(), 0)  # this process is unharmed


def test_dying_while_a_pdf_is_made_loses_nothing() -> None:
    # Long enough (several pages) to be still in the making when the process is killed.
    long = job(PAGE.replace("<p>", "<p>" + "Targets for 2008/09 to 2010/11. " * 3000))
    with beside.running():
        pending = beside.submit(long)
        (engine,) = children()
        assert engine.pid is not None
        os.kill(engine.pid, signal.SIGKILL)
        assert pending() == beside.make(long)
