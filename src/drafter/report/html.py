"""A report as HTML (the bundled `report.html` template) and, through WeasyPrint, PDF.

The template shares the agreement's stylesheet and macros, and the PDF goes through
the same WeasyPrint call as an agreement's (`render.pdf.html_to_pdf`): tagged, with
bookmarks from the headings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2

from ..errors import RenderError
from ..render.html import environment
from .model import Report

TEMPLATE = "report.html"


def report_html(report: Report, templates: Path | None = None) -> str:
    """The report as an HTML document (text); `templates` may override the bundled ones."""
    env = environment(templates.resolve() if templates else None)
    stamp = report.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        return env.get_template(TEMPLATE).render(ctx=report, stamp=stamp)
    except jinja2.TemplateError as e:
        raise RenderError(f"the report template could not be used: {e.message}.") from e


def report_pdf(report: Report, templates: Path | None = None) -> bytes:
    """The report as a tagged PDF with bookmarks."""
    return start_report_pdf(report, templates)()


def start_report_pdf(report: Report, templates: Path | None = None) -> Callable[[], bytes]:
    """The report's PDF laid out by the PDF engine beside when one runs (render/beside.py),
    and the callable that waits for its bytes; else it is made now."""
    from ..render import beside

    job = beside.Job(
        html=report_html(report, templates),
        pdf_a=False,
        attachments=(),
        stamp=report.timestamp,
        templates=templates,
    )
    return beside.submit(job)
