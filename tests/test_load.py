"""Bad input never raises: each gives a problem with a code, a plain message and a position."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.load import MAX_BYTES, Loaded, load
from drafter.problems import Problem

from .agreement_data import laa2008, write

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
"""


def text_file(tmp_path: Path, text: str, name: str = "agreement.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def only(loaded: Loaded, code: str) -> Problem:
    """The one problem with this code; fails if there is none or several."""
    found = [p for p in loaded.problems if p.code == code]
    assert len(found) == 1, [(p.code, p.message) for p in loaded.problems]
    return found[0]


def valid_with(tmp_path: Path, line: str, replacing: str) -> Path:
    """A valid agreement file with one line replaced (the test's defect)."""
    path = write(tmp_path, laa2008())
    text = path.read_text(encoding="utf-8")
    assert replacing in text
    path.write_text(text.replace(replacing, line, 1), encoding="utf-8")
    return path


def line_of(path: Path, fragment: str) -> int:
    """The 1-based number of the first line containing `fragment`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if fragment in text)


def test_a_valid_file_loads_without_problems(tmp_path: Path) -> None:
    loaded = load(write(tmp_path, laa2008()))
    assert loaded.problems == [] and loaded.agreement is not None


def test_malformed_yaml_gives_its_line(tmp_path: Path) -> None:
    path = text_file(
        tmp_path, "id: x\ngeneration: laa2008\narea: {name: Testborough\nperiod: here\n"
    )
    loaded = load(path)
    p = only(loaded, "Y003")
    assert loaded.agreement is None and not loaded.readable
    assert p.position.line >= 3 and "cannot be read" in p.message and p.hint


def test_two_documents_in_one_file(tmp_path: Path) -> None:
    p = only(load(text_file(tmp_path, "id: a\n---\nid: b\n")), "Y003")
    assert "more than one YAML document" in p.message


def test_not_utf8_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\narea: {name: Caf\u00e9}\n".encode("latin-1"))
    p = only(load(path), "Y002")
    assert (p.position.line, p.position.col) == (2, 17)
    assert "0xe9" in p.message and "UTF-8" in (p.hint or "")


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    p = only(load(text_file(tmp_path, text)), "Y004")
    assert "is empty" in p.message


def test_a_folder_given(tmp_path: Path) -> None:
    p = only(load(tmp_path), "Y001")
    assert "is a folder" in p.message


def test_a_missing_file(tmp_path: Path) -> None:
    p = only(load(tmp_path / "nowhere.yaml"), "Y001")
    assert "does not exist" in p.message


def test_alias_bomb_is_stopped(tmp_path: Path) -> None:
    loaded = load(text_file(tmp_path, BILLION_LAUGHS))
    p = only(loaded, "Y005")
    assert loaded.agreement is None and p.position.line > 0
    assert "anchors and aliases" in p.message


def test_a_very_large_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as f:
        f.write("id: huge\n")
        f.truncate(MAX_BYTES + 1)  # sparse: no need to write 8 MB
    p = only(load(path), "Y007")
    assert "MB" in p.message and "include" in (p.hint or "")


def test_duplicate_key_points_at_the_second(tmp_path: Path) -> None:
    path = valid_with(tmp_path, "version: '1.0'\nversion: '2.0'", "version: '1.0'")
    p = only(load(path), "Y008")
    assert p.position.line == line_of(path, "version: '2.0'")
    assert "'version' appears twice" in p.message and f"line {p.position.line - 1}" in p.message


@pytest.mark.parametrize(
    "tagged",
    [
        "vision: !!python/object/apply:os.system ['echo hello']",
        "vision: !!python/object:os.system {}",
        "vision: !custom text",
    ],
)
def test_tags_are_refused_not_constructed(tmp_path: Path, tagged: str) -> None:
    path = valid_with(tmp_path, tagged, "vision: A borough where everyone can thrive.")
    loaded = load(path)
    p = only(loaded, "Y006")
    assert p.position.line == line_of(path, "vision: !")
    assert "not allowed" in p.message


def test_include_of_a_missing_file(tmp_path: Path) -> None:
    data = laa2008()
    data["themes"].append({"include": "parts/missing.yaml"})
    path = write(tmp_path, data)
    p = only(load(path), "Y001")
    assert "included file" in p.message and "missing.yaml" in p.message
    assert p.position.line == line_of(path, "include: parts/missing.yaml")


def test_circular_include(tmp_path: Path) -> None:
    data = laa2008()
    data["themes"].append({"include": "part.yaml"})
    path = write(tmp_path, data)
    text_file(tmp_path, "- include: agreement.yaml\n", "part.yaml")
    loaded = load(path)
    p = only(loaded, "Y009")
    assert p.position.file.endswith("part.yaml") and p.position.line == 1


def test_included_theme_is_read_with_positions(tmp_path: Path) -> None:
    data = laa2008()
    theme = data["themes"].pop()
    data["themes"].append({"include": "part.yaml"})
    path = write(tmp_path, data)
    theme["outcomes"][0]["lead"] = 12  # wrong type, inside the included file
    write(tmp_path, [theme], "part.yaml")
    p = only(load(path), "S001")
    assert p.position.file.endswith("part.yaml") and p.position.line > 1
    assert "outcome o1" in p.message


def test_wrong_type_names_the_field_and_value(tmp_path: Path) -> None:
    path = valid_with(tmp_path, "  signatory: perhaps", "  signatory: true")
    loaded = load(path)
    p = only(loaded, "S001")
    assert "'signatory' of partner council" in p.message and "true or false" in p.message
    assert p.position.line == line_of(path, "signatory: perhaps")
    assert loaded.agreement is not None  # the bad value is dropped; the rest still loads


def test_whole_file_not_a_mapping(tmp_path: Path) -> None:
    p = only(load(text_file(tmp_path, "- one\n- two\n")), "S001")
    assert "mapping of fields" in p.message


def test_unknown_field_suggests_the_nearest(tmp_path: Path) -> None:
    path = valid_with(tmp_path, "visoin: Typo", "vision: A borough where everyone can thrive.")
    p = only(load(path), "S002")
    assert "Did you mean 'vision'?" in p.message
    assert p.position.line == line_of(path, "visoin")


def test_missing_required_field(tmp_path: Path) -> None:
    data = laa2008()
    del data["version"]
    p = only(load(write(tmp_path, data)), "S003")
    assert "'version'" in p.message


def test_value_not_allowed_lists_the_choices(tmp_path: Path) -> None:
    path = valid_with(tmp_path, "generation: laa2010", "generation: laa2008")
    p = only(load(path), "S004")
    assert "'laa2010'" in p.message and "laa2008" in p.message


def test_bad_period_is_explained(tmp_path: Path) -> None:
    data = laa2008()
    data["period"]["start"] = "2008-09"
    p = only(load(write(tmp_path, data)), "S004")
    assert "2008/09" in p.message


def test_a_number_written_for_text_is_kept_so_rules_still_run(tmp_path: Path) -> None:
    path = valid_with(tmp_path, "version: 1.0", "version: '1.0'")
    loaded = load(path)
    p = only(loaded, "S001")
    assert "should be text, but it is the number 1" in p.message
    assert "quotes" in (p.hint or "")
    assert loaded.agreement is not None and loaded.agreement.version == "1.0"


def test_money_written_with_pound_sign_says_how_to_write_it(tmp_path: Path) -> None:
    data = laa2008()
    data["funding"]["streams"][0]["amounts"]["2008/09"] = "£1,250,000"
    p = only(load(write(tmp_path, data)), "S001")
    assert "funding stream nrf" in p.message and "'£1,250,000'" in p.message
    assert "without £" in (p.hint or "")


def test_a_dropped_value_is_not_reported_again_as_missing(tmp_path: Path) -> None:
    path = valid_with(tmp_path, "id: [test]", "id: test-laa2008")
    loaded = load(path)
    assert [p.code for p in loaded.problems] == ["S001"]


@pytest.mark.parametrize(
    ("field", "value", "suggestion"),
    [("status", "aproved", "agreed"), ("region", "GOWN", "GOWM")],
)
def test_a_value_not_allowed_suggests_the_nearest_one(
    tmp_path: Path, field: str, value: str, suggestion: str
) -> None:
    path = tmp_path / "a.yaml"
    area_region = value if field == "region" else "GOWM"
    status = value if field == "status" else "draft"
    path.write_text(
        "id: a\ngeneration: laa2008\nversion: '1'\n"
        f"status: {status}\n"
        f"area: {{name: A, region: {area_region}}}\n"
        "period: {start: 2008/09, end: 2010/11}\n",
        encoding="utf-8",
    )
    (problem,) = [p for p in load(path).problems if p.code == "S004"]
    assert problem.hint == f"Did you mean '{suggestion}'?"


def test_both_parsers_read_yes_and_no_as_text(tmp_path: Path) -> None:
    # A duplicate key sends the file to the positional reader instead of the fast one;
    # the data must not change with the parser: 'No' is text in YAML 1.2.
    text = (
        "id: a\ngeneration: laa2008\nversion: '1'\narea: {name: A}\n"
        "period: {start: 2008/09, end: 2010/11}\ntitle: No\n"
    )
    clean, duplicated = tmp_path / "clean.yaml", tmp_path / "dup.yaml"
    clean.write_text(text, encoding="utf-8")
    duplicated.write_text(text + "version: '2'\n", encoding="utf-8")
    fast, slow = load(clean), load(duplicated)
    assert fast.raw["title"] == slow.raw["title"] == "No"
    assert [p.code for p in slow.problems] == ["Y008"]
