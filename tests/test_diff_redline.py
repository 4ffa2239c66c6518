"""The Word redline: real tracked changes; accepting them all gives the newer text,
rejecting them all the older; the file is well formed and opens in LibreOffice."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from drafter.diff.redline import redline, redline_document, rendered_docx
from drafter.load import Loaded, load
from tests.agreement_data import laa2008, write
from tests.conftest import AGREEMENTS
from tests.extract import pdf_text
from tests.wordml import body_of, q, resolve, revisions, text_units

TODAY = dt.date(2008, 7, 1)
WHEN = dt.datetime(2008, 7, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def northfleet() -> tuple[bytes, bytes, bytes]:
    """The two Northfleet versions rendered, and their redline."""
    old = load(AGREEMENTS / "northfleet-laa-2008.yaml")
    new = load(AGREEMENTS / "northfleet-laa-2008-v2.yaml")
    old_docx, new_docx = rendered_docx(old, TODAY), rendered_docx(new, TODAY)
    return old_docx, new_docx, redline(old_docx, new_docx, when=WHEN)


def check_round_trip(old_docx: bytes, new_docx: bytes, red: bytes) -> Any:
    body = body_of(red)
    assert text_units(resolve(body, accept=True)) == text_units(body_of(new_docx))
    assert text_units(resolve(body, accept=False)) == text_units(body_of(old_docx))
    return body


def test_accept_all_gives_the_new_text_and_reject_all_the_old(
    northfleet: tuple[bytes, bytes, bytes],
) -> None:
    body = check_round_trip(*northfleet)
    found = revisions(body)
    assert found["ins"] > 20 and found["del"] > 20
    # A changed target is tracked word by word inside its row, not as a new row.
    deleted = {"".join(t.text or "" for t in d.iter(q("delText"))) for d in body.iter(q("del"))}
    inserted = {"".join(t.text or "" for t in d.iter(q("t"))) for d in body.iter(q("ins"))}
    assert "6.4%" in deleted and any(i.startswith("6.2%") for i in inserted)
    assert "£80,000" in deleted and "£95,000" in inserted


def test_revisions_are_schema_correct(northfleet: tuple[bytes, bytes, bytes]) -> None:
    body = body_of(northfleet[2])
    ids = [e.get(q("id")) for e in body.iter() if e.get(q("id")) is not None]
    revision_tags = {"ins", "del", "moveFrom", "moveTo", "moveFromRangeStart", "moveToRangeStart"}
    revision_ids = [e.get(q("id")) for e in body.iter() if e.tag.split("}")[1] in revision_tags]
    assert len(revision_ids) == len(set(revision_ids))
    assert not set(revision_ids) & {i for i in ids if i not in revision_ids}
    for e in body.iter(q("ins"), q("del"), q("moveFrom"), q("moveTo")):
        assert e.get(q("author")) == "drafter"
        assert e.get(q("date")) == "2008-07-01T00:00:00Z"
        parent = e.getparent().tag.split("}")[1]
        if parent not in ("rPr", "trPr"):
            assert all(c.tag == q("r") for c in e), "revisions wrap runs only"
    for t in body.iter(q("delText")):
        assert t.getparent().getparent().tag == q("del")
    for d in body.iter(q("del")):
        assert not list(d.iter(q("t"))), "deleted text is w:delText"
    for ppr in body.iter(q("pPr")):
        names = [c.tag.split("}")[1] for c in ppr]
        if "rPr" in names and "sectPr" in names:
            assert names.index("rPr") < names.index("sectPr")
    starts = Counter(e.get(q("name")) for e in body.iter(q("moveFromRangeStart")))
    ends = Counter(e.get(q("name")) for e in body.iter(q("moveToRangeStart")))
    assert starts == ends
    assert len(list(body.iter(q("moveFromRangeStart")))) == len(
        list(body.iter(q("moveFromRangeEnd")))
    )


def _loaded(tmp_path: Path, data: dict[str, Any], name: str) -> Loaded:
    return load(write(tmp_path, data, name))


def test_a_moved_indicator_is_a_move_in_word(tmp_path: Path) -> None:
    data = laa2008()
    data["themes"].append(
        {
            "id": "t2",
            "title": "Economy",
            "outcomes": [{"id": "o2", "title": "More jobs", "lead": "council"}],
        }
    )
    new = copy.deepcopy(data)
    new["themes"][1]["outcomes"][0]["indicators"] = [
        new["themes"][0]["outcomes"][0]["indicators"].pop(1)
    ]
    new["vision"] = "A borough where everyone can thrive and share in prosperity."
    old_l, new_l = _loaded(tmp_path, data, "old.yaml"), _loaded(tmp_path, new, "new.yaml")
    old_docx, new_docx = rendered_docx(old_l, TODAY), rendered_docx(new_l, TODAY)
    red = redline_document(old_l, new_l, TODAY)
    body = check_round_trip(old_docx, new_docx, red)
    moved = [e for e in body.iter(q("moveTo")) if e.getparent().tag != q("rPr")]
    assert any("Residents using the new one-stop shops" in "".join(e.itertext()) for e in moved)
    inserted = "".join(t.text for e in body.iter(q("ins")) for t in e.iter(q("t")))
    assert "and share in prosperity." in inserted


def test_identical_versions_give_no_revision(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, laa2008(), "same.yaml")
    red = redline_document(loaded, loaded, TODAY)
    assert revisions(body_of(red)) == {"ins": 0, "del": 0, "moveFrom": 0, "moveTo": 0}


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed; `make test` installs it",
)
def test_the_redline_opens_in_libreoffice(
    northfleet: tuple[bytes, bytes, bytes], tmp_path: Path
) -> None:
    source = tmp_path / "redline.docx"
    source.write_bytes(northfleet[2])
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = pdf_text(tmp_path / "redline.pdf")
    # LibreOffice shows deleted and inserted text side by side.
    assert "Northfleet Local Area Agreement" in text
    assert "showing growth" in text and "registration rate" in text  # NI 172 for NI 171
    assert "Agreed with conditions" in text
