"""A report as HTML (the bundled `report.html` template) and, through WeasyPrint, PDF.

The template shares the agreement's stylesheet and macros, and the PDF goes through
the same WeasyPrint call as an agreement's (`render.pdf.html_to_pdf`): tagged, with
bookmarks from the headings.
"""

from __future__ import annotations

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
    from ..render.pdf import html_to_pdf

    return html_to_pdf(report_html(report, templates))
