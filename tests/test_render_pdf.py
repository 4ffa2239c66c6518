"""The PDF: text on the pages, marks on every page, metadata, tags, bookmarks, attachments."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from drafter.load import load
from drafter.render import RenderOptions, context_for
from drafter.render.pdf import build_pdf

from .conftest import AGREEMENTS, FIXTURES
from .extract import pdf_text

FIXTURE = FIXTURES / "render-laa2008.yaml"
OPTIONS = RenderOptions(today=dt.date(2008, 6, 30))
# Where the system HarfBuzz lacks its subsetting library WeasyPrint warns and copes.
pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def make_pdf(
    tmp: Path, source: Path = FIXTURE, options: RenderOptions = OPTIONS, incomplete: bool = False
) -> Path:
    suffix = ("-incomplete" if incomplete else "") + ("-a" if options.pdf_a else "")
    out = tmp / f"{source.stem}{suffix}.pdf"
    out.write_bytes(build_pdf(context_for(load(source), options, incomplete=incomplete), options))
    return out


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def reader(pdf: Path) -> PdfReader:
    return PdfReader(pdf)


def page_texts(reader: PdfReader) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def outline_titles(items: list[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, list):
            out.extend(outline_titles(item))
        else:
            out.append(str(item.title))
    return out


def test_text_of_every_part_is_in_the_pdf(pdf: Path) -> None:
    text = " ".join(pdf_text(pdf).split())
    for expected in (
        "Testshire Local Area Agreement 2008–11",
        "Government Office for the West Midlands",
        "4.1 Fewer young people not in education, employment or training",
        "7.9% (2006/07)",
        "keep the gap to the national rate at 2.2",
        "Baseline from the TellUs survey",  # in the register, where its cell points
        "£4,100,000.50",
        "Reason for refusal",
        "Maximum reward grant",
        "Partnership structure",
        "Local Government (HM Government)",
    ):
        assert expected in text, expected


def test_what_only_a_screen_needs_stays_off_paper(reader: PdfReader) -> None:
    pages = page_texts(reader)
    text = " ".join(pages)
    assert "Back to contents" not in text
    assert "Indicators and targets for outcome" not in text  # the HTML's table captions
    assert "4.1 Fewer young people" not in pages[1]  # one level of contents, as in Word
    assert "4 Children and young people" in pages[1]


def test_contents_page_shows_page_numbers(reader: PdfReader) -> None:
    pages = page_texts(reader)
    contents = pages[1]
    assert "Contents" in contents and "12 Signatures" in contents
    # The last entry ends with the number of the page its section starts on.
    start = next(i for i, t in enumerate(pages) if i > 1 and "12 Signatures" in t) + 1
    assert re.search(r"Signatures[ .]*(\d+)", contents).group(1) == str(start)  # type: ignore[union-attr]
    assert re.search(r"Funding[ .]*(\d+)", contents).group(1) == str(  # type: ignore[union-attr]
        next(i for i, t in enumerate(pages) if i > 1 and "8 Funding" in t) + 1
    )


def test_running_header_footer_and_page_numbers(reader: PdfReader) -> None:
    pages = page_texts(reader)
    n = len(pages)
    assert "Page" not in pages[0]  # the cover has no header or footer
    for i, text in enumerate(pages[1:], start=2):
        assert f"Page {i} of {n}" in text
        assert "Testshire Local Area Agreement 2008–11" in text
        assert "Version 0.3 · Draft" in text
        assert "Testshire Council" in text


def test_draft_mark_on_every_page(reader: PdfReader) -> None:
    assert all("DRAFT" in t for t in page_texts(reader))


def test_incomplete_mark_on_every_page(tmp_path: Path) -> None:
    reader = PdfReader(make_pdf(tmp_path, incomplete=True))
    assert all("INCOMPLETE" in t for t in page_texts(reader))


def test_title_language_and_tags(reader: PdfReader) -> None:
    assert reader.metadata is not None
    assert reader.metadata.title == "Testshire Local Area Agreement 2008–11"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp  # PDF/UA-1


def test_bookmarks_from_headings(reader: PdfReader) -> None:
    titles = outline_titles(reader.outline)
    assert "1 Still to be agreed" in titles and "2 Vision and priorities" in titles
    assert "4.1 Fewer young people not in education, employment or training" in titles
    assert "9.1 Pool youth funding" in titles
    assert "Testshire Local Area Agreement 2008–11" not in titles  # not the cover title


def test_source_yaml_attached(reader: PdfReader) -> None:
    attached = reader.attachments
    assert list(attached) == ["render-laa2008.yaml"]
    assert attached["render-laa2008.yaml"][0] == FIXTURE.read_bytes()


def test_dates_come_from_the_render_date(reader: PdfReader) -> None:
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"].startswith("D:20080630")


def test_time_and_keywords_come_from_the_context(tmp_path: Path) -> None:
    ctx = context_for(load(FIXTURE), OPTIONS)
    when = dt.datetime(2008, 6, 30, 14, 30, tzinfo=dt.UTC)
    out = tmp_path / "timed.pdf"
    out.write_bytes(build_pdf(replace(ctx, timestamp=when), OPTIONS))
    reader = PdfReader(out)
    assert reader.metadata is not None
    # The moment, as the Word file carries it (not midnight of the render date).
    assert str(reader.metadata["/CreationDate"]).startswith("D:20080630143000")
    assert str(reader.metadata["/ModDate"]).startswith("D:20080630143000")
    assert str(reader.metadata["/Keywords"]) == ctx.keywords
    [(name, [data])] = reader.attachments.items()
    assert name == "render-laa2008.yaml" and data == FIXTURE.read_bytes()


def test_building_leaves_the_logging_setup_alone(tmp_path: Path) -> None:
    # Quietened once, when the back end is imported; not reset on every build.
    logger = logging.getLogger("weasyprint")
    before = logger.level
    try:
        logger.setLevel(logging.WARNING)
        make_pdf(tmp_path)
        assert logger.level == logging.WARNING
    finally:
        logger.setLevel(before)


def test_pdf_a_variant(tmp_path: Path) -> None:
    options = RenderOptions(today=dt.date(2008, 6, 30), pdf_a=True)
    reader = PdfReader(make_pdf(tmp_path, options=options))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp or b"<pdfaid:part>3</pdfaid:part>" in xmp
    assert b"B" in xmp.split(b"pdfaid:conformance")[1][:5]
    assert "render-laa2008.yaml" in reader.attachments  # PDF/A-3 keeps the source


def test_wide_tables_get_landscape_pages_and_rows_are_not_split(tmp_path: Path) -> None:
    reader = PdfReader(make_pdf(tmp_path, AGREEMENTS / "millbrook-lpsa2.yaml"))
    shapes = [(float(p.mediabox.width) > float(p.mediabox.height)) for p in reader.pages]
    assert not shapes[0] and any(shapes)  # a portrait cover, landscape target pages
    texts = page_texts(reader)
    landscape = [t for t, wide in zip(texts, shapes, strict=True) if wide]
    assert all("Without the Local PSA" in t for t in landscape if "Indicator" in t)


def test_every_included_file_is_attached_under_its_relative_name() -> None:
    from drafter.render.pdf import attachment_files, attachments_of

    source = AGREEMENTS / "northfleet-laa-2008.yaml"
    ctx = context_for(load(source), OPTIONS)
    attached = attachments_of(attachment_files(ctx), dt.datetime(2008, 6, 30, tzinfo=dt.UTC))
    assert [a.name for a in attached] == [
        "northfleet-laa-2008.yaml",
        "parts/northfleet/safer.yaml",
        "parts/northfleet/health.yaml",
    ]
    assert [a.relationship for a in attached] == ["Source"] * 3
