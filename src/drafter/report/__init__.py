"""Reports: documents other than agreements (the schedule of changes, GO summaries).

`model` holds the frozen `Report` (title, cover facts, headings, paragraphs, facts,
tables); `html` lays it out through the bundled `report.html` template, and so as
PDF; `docx` as Word with real headings; `markdown` as Markdown. Each back end is
imported only when used, so building a report costs nothing until it is rendered.
"""

from __future__ import annotations

from pathlib import Path

from .model import Block, Facts, Heading, Landscape, Paragraph, Report, Span, TableBlock

FORMATS = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "md": ".md"}


def render_report(report: Report, fmt: str, templates: Path | None = None) -> bytes:
    """The report in one format ('html', 'pdf', 'docx' or 'md'), as bytes."""
    if fmt == "html":
        from .html import report_html

        return report_html(report, templates).encode("utf-8")
    if fmt == "pdf":
        from .html import report_pdf

        return report_pdf(report, templates)
    if fmt == "docx":
        from .docx import report_docx

        return report_docx(report)
    if fmt == "md":
        from .markdown import report_markdown

        return report_markdown(report).encode("utf-8")
    raise ValueError(f"unknown report format {fmt!r}")


__all__ = [
    "FORMATS",
    "Block",
    "Facts",
    "Heading",
    "Landscape",
    "Paragraph",
    "Report",
    "Span",
    "TableBlock",
    "render_report",
]
