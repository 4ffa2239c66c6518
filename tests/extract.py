"""Text extraction used by tests and golden files: DOCX and PDF to comparable text."""

from __future__ import annotations

import re
from pathlib import Path


def pdf_text(path: Path) -> str:
    """All text of a PDF, page by page."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    """Body paragraphs and table cells of a DOCX in document order, one per line."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    if not cells or cell.text != cells[-1]:  # merged cells repeat
                        cells.append(cell.text)
                lines.append(" | ".join(cells))
    return "\n".join(lines)


def words(text: str) -> list[str]:
    """Normalised words, for comparing documents laid out differently."""
    return re.findall(r"[\w£%.,/-]+", text.replace("\u00a0", " "))
