"""render_agreement: every format at once, refusal on errors, --force, atomic writes, dates."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from drafter.errors import RenderError
from drafter.load import load
from drafter.render import (
    FORMATS,
    RenderOptions,
    context_for,
    render_agreement,
    render_date,
    render_time,
)

from .conftest import FIXTURES

FIXTURE = FIXTURES / "render-laa2008.yaml"
OPTIONS = RenderOptions(today=dt.date(2008, 6, 30))
pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("out")
    return render_agreement(load(FIXTURE), ["html", "pdf", "docx"], out, OPTIONS, errors=False)


def test_every_format_written_with_the_yaml_stem(written: list[Path]) -> None:
    assert [p.name for p in written] == [
        "render-laa2008.html",
        "render-laa2008.pdf",
        "render-laa2008.docx",
    ]
    html, pdf, docx = written
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert zipfile.is_zipfile(docx)
    assert sorted(p.name for p in html.parent.iterdir()) == sorted(p.name for p in written)


def test_registry_knows_three_formats() -> None:
    assert sorted(FORMATS) == ["docx", "html", "pdf"]
    assert {f.suffix for f in FORMATS.values()} == {".html", ".pdf", ".docx"}


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="unknown format odt"):
        render_agreement(load(FIXTURE), ["odt"], tmp_path, OPTIONS, errors=False)
    assert not any(tmp_path.iterdir())


def test_errors_refused_without_force(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"has errors.*--force"):
        render_agreement(load(FIXTURE), ["html"], tmp_path, OPTIONS, errors=True)
    assert not any(tmp_path.iterdir())


def test_force_marks_every_page_incomplete(tmp_path: Path) -> None:
    options = RenderOptions(force=True, today=dt.date(2008, 6, 30))
    [html] = render_agreement(load(FIXTURE), ["html"], tmp_path, options, errors=True)
    page = html.read_text(encoding="utf-8")
    assert '<div class="watermark long" aria-hidden="true">INCOMPLETE</div>' in page


def test_force_on_a_clean_agreement_adds_no_mark(tmp_path: Path) -> None:
    options = RenderOptions(force=True, today=dt.date(2008, 6, 30))
    [html] = render_agreement(load(FIXTURE), ["html"], tmp_path, options, errors=False)
    assert "INCOMPLETE" not in html.read_text(encoding="utf-8")


def test_failed_render_leaves_earlier_files_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = render_agreement(load(FIXTURE), ["html", "docx"], out, OPTIONS, errors=False)
    before = {p: p.read_bytes() for p in first}
    broken = tmp_path / "templates"
    broken.mkdir()
    (broken / "signatures.html").write_text("{{ no_such_variable }}\n", encoding="utf-8")
    options = RenderOptions(project_templates=broken, today=dt.date(2008, 6, 30))
    # docx renders fine, html fails: neither file may change, and no temporary file is left.
    with pytest.raises(RenderError):
        render_agreement(load(FIXTURE), ["docx", "html"], out, options, errors=False)
    assert {p: p.read_bytes() for p in first} == before
    assert sorted(out.iterdir()) == sorted(first)


def test_unreadable_agreement_is_a_render_error(tmp_path: Path) -> None:
    missing = load(tmp_path / "nothing.yaml")
    with pytest.raises(RenderError, match="could not be read"):
        render_agreement(missing, ["html"], tmp_path, OPTIONS, errors=False)


def test_render_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1214784000")
    assert render_date() == dt.date(2008, 6, 30)
    assert render_date(dt.date(2009, 1, 2)) == dt.date(2009, 1, 2)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(RenderError, match="SOURCE_DATE_EPOCH"):
        render_date()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert render_date() == dt.date.today()


def test_render_time_is_the_one_moment_every_file_carries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    afternoon = dt.datetime(2008, 6, 30, 14, 30, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(afternoon.timestamp())))
    assert render_time() == afternoon
    assert render_time(dt.date(2008, 6, 30)) == afternoon  # the epoch falls on that day
    # A date chosen explicitly is never contradicted: midnight of that day.
    assert render_time(dt.date(2009, 1, 2)) == dt.datetime(2009, 1, 2, tzinfo=dt.UTC)
    ctx = context_for(load(FIXTURE), RenderOptions())
    assert (ctx.generated, ctx.timestamp) == (afternoon.date(), afternoon)


def test_without_errors_argument_the_agreement_is_validated(tmp_path: Path) -> None:
    # The render fixture leaves some freedoms without rationale or department: errors.
    with pytest.raises(RenderError, match="has errors"):
        render_agreement(load(FIXTURE), ["html"], tmp_path, OPTIONS)
    forced = RenderOptions(force=True, today=dt.date(2008, 6, 30))
    [html] = render_agreement(load(FIXTURE), ["html"], tmp_path, forced)
    assert ">INCOMPLETE</div>" in html.read_text(encoding="utf-8")
