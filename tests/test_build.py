"""`drafter build`: whole projects, only what changed, one failure never stops the rest."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from drafter.build import build
from drafter.buildcache import CACHE_NAME, read_cache
from drafter.pipeline import Status
from drafter.project import load_project

from .conftest import AGREEMENTS, BROKEN

SETTINGS = "agreements: [agreements/]\noutput: output\nformats: [html, docx]\ntoday: 2008-06-30\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project: two example agreements (one with included parts) and a drafter.yaml."""
    shutil.copytree(AGREEMENTS / "parts", tmp_path / "agreements" / "parts")
    for name in ("northfleet-laa-2008.yaml", "millbrook-lpsa2.yaml"):
        shutil.copy(AGREEMENTS / name, tmp_path / "agreements")
    (tmp_path / "drafter.yaml").write_text(SETTINGS, encoding="utf-8")
    return tmp_path


def statuses(root: Path, **kwargs: object) -> dict[str, Status]:
    report = build(load_project(root), workers=1, **kwargs)  # type: ignore[arg-type]
    return {r.source.name: r.status for r in report.results}


BUILT = {"millbrook-lpsa2.yaml": Status.BUILT, "northfleet-laa-2008.yaml": Status.BUILT}
CURRENT = {"millbrook-lpsa2.yaml": Status.UP_TO_DATE, "northfleet-laa-2008.yaml": Status.UP_TO_DATE}


def test_first_build_makes_every_document(root: Path) -> None:
    assert statuses(root) == BUILT
    out = root / "output"
    assert sorted(p.name for p in out.iterdir()) == [
        CACHE_NAME,
        "millbrook-lpsa2.docx",
        "millbrook-lpsa2.html",
        "northfleet-laa-2008.docx",
        "northfleet-laa-2008.html",
    ]
    assert "Millbrook" in (out / "millbrook-lpsa2.html").read_text(encoding="utf-8")


def test_nothing_changed_nothing_rebuilt(root: Path) -> None:
    statuses(root)
    stamp = (root / "output" / "millbrook-lpsa2.docx").stat().st_mtime_ns
    assert statuses(root) == CURRENT
    assert (root / "output" / "millbrook-lpsa2.docx").stat().st_mtime_ns == stamp


def test_a_changed_agreement_alone_is_rebuilt(root: Path) -> None:
    statuses(root)
    path = root / "agreements" / "millbrook-lpsa2.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert statuses(root) == {**CURRENT, "millbrook-lpsa2.yaml": Status.BUILT}


def test_a_changed_include_rebuilds_the_agreement_that_includes_it(root: Path) -> None:
    statuses(root)
    part = root / "agreements" / "parts" / "northfleet" / "safer.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("town centre", "town center", 1))
    assert statuses(root) == {**CURRENT, "northfleet-laa-2008.yaml": Status.BUILT}


def test_templates_branding_and_options_rebuild_everything(root: Path) -> None:
    statuses(root)
    (root / "templates").mkdir()
    (root / "templates" / "governance.html").write_text("<p>Our governance</p>\n")
    (root / "drafter.yaml").write_text(SETTINGS + "templates: templates\n", encoding="utf-8")
    assert statuses(root) == BUILT
    assert statuses(root) == CURRENT
    (root / "templates" / "governance.html").write_text("<p>Our new governance</p>\n")
    assert statuses(root) == BUILT
    assert "Our new governance" in (root / "output" / "millbrook-lpsa2.html").read_text()
    (root / "drafter.toml").write_text('[branding]\nprimary_colour = "#00703C"\n')
    assert statuses(root) == BUILT
    assert "#00703C" in (root / "output" / "millbrook-lpsa2.html").read_text(encoding="utf-8")
    assert statuses(root, force=True) == BUILT
    assert statuses(root, force_all=True) == BUILT


def test_a_deleted_or_edited_output_is_made_again(root: Path) -> None:
    statuses(root)
    (root / "output" / "millbrook-lpsa2.docx").unlink()
    (root / "output" / "northfleet-laa-2008.html").write_text("tampered")
    assert statuses(root) == BUILT


@pytest.mark.parametrize(
    "cache",
    [
        b"\x00\xff not json",
        b'{"kind": "something else", "version": 1, "targets": {}}',
        b'{"kind": "drafter build cache", "version": 99, "targets": {}}',
        b"[" * 100_000,
    ],
    ids=["garbage", "foreign", "future", "deep"],
)
def test_a_damaged_or_foreign_cache_is_ignored(root: Path, cache: bytes) -> None:
    statuses(root)
    (root / "output" / CACHE_NAME).write_bytes(cache)
    assert statuses(root) == BUILT
    assert len(read_cache(root / "output" / CACHE_NAME)) == 2  # a good one written again


def test_a_cache_naming_files_outside_the_project_is_not_trusted(root: Path) -> None:
    statuses(root)
    path = root / "output" / CACHE_NAME
    doc = json.loads(path.read_text())
    entry = doc["targets"]["agreement:agreements/millbrook-lpsa2.yaml"]
    entry["inputs"]["../../etc/passwd"] = "0" * 64
    path.write_text(json.dumps(doc))
    assert read_cache(path) == {}
    assert statuses(root) == BUILT


def test_one_failing_agreement_is_reported_and_the_rest_build(root: Path) -> None:
    shutil.copy(BROKEN / "broken.yaml", root / "agreements")
    report = build(load_project(root), workers=1)
    by_name = {r.source.name: r for r in report.results}
    assert by_name["broken.yaml"].status is Status.REFUSED
    assert by_name["broken.yaml"].problems and by_name["broken.yaml"].errors > 0
    assert by_name["millbrook-lpsa2.yaml"].status is Status.BUILT
    assert report.failed
    assert not (root / "output" / "broken.html").exists()
    again = build(load_project(root), workers=1)  # the refused one is tried again
    assert {r.source.name: r.status for r in again.results}["broken.yaml"] is Status.REFUSED


def test_worker_processes_build_the_same_documents(root: Path, tmp_path: Path) -> None:
    build(load_project(root), workers=1)
    serial = {p.name: p.read_bytes() for p in (root / "output").glob("*.html")}
    report = build(load_project(root), workers=2, force_all=True)
    assert {r.status for r in report.results} == {Status.BUILT}
    assert {p.name: p.read_bytes() for p in (root / "output").glob("*.html")} == serial


def test_two_agreements_writing_the_same_files_are_refused(root: Path) -> None:
    (root / "more").mkdir()
    shutil.copy(AGREEMENTS / "millbrook-lpsa2.yaml", root / "more")
    (root / "drafter.yaml").write_text(SETTINGS.replace("[agreements/]", "[agreements/, more/]"))
    with pytest.raises(Exception, match="would both write millbrook-lpsa2"):
        build(load_project(root), workers=1)


def test_comparisons_are_built_and_kept_up_to_date(root: Path) -> None:
    shutil.copy(AGREEMENTS / "northfleet-laa-2008-v2.yaml", root / "agreements")
    (root / "drafter.yaml").write_text(
        SETTINGS.replace("[agreements/]", "[agreements/millbrook-lpsa2.yaml]")
        + "diffs:\n  - {old: agreements/northfleet-laa-2008.yaml,"
        " new: agreements/northfleet-laa-2008-v2.yaml, to: [md, json]}\n"
    )
    first = build(load_project(root), workers=1)
    (diff,) = first.diffs
    assert diff.status is Status.BUILT
    assert {p.name for p in diff.written} == {
        "northfleet-laa-2008-v2-changes.md",
        "northfleet-laa-2008-v2-changes.json",
    }
    assert "NI 172" in (root / "output" / "northfleet-laa-2008-v2-changes.md").read_text()
    assert build(load_project(root), workers=1).diffs[0].status is Status.UP_TO_DATE
    part = root / "agreements" / "parts" / "northfleet" / "safer.yaml"
    part.write_text(part.read_text(encoding="utf-8") + "\n")
    assert build(load_project(root), workers=1).diffs[0].status is Status.BUILT


def test_the_cache_records_regions_and_refuses_unknown_ones(root: Path) -> None:
    statuses(root)
    path = root / "output" / CACHE_NAME
    entries = read_cache(path)
    assert entries["agreement:agreements/northfleet-laa-2008.yaml"].region == "GOWM"
    doc = json.loads(path.read_text())
    doc["targets"]["agreement:agreements/northfleet-laa-2008.yaml"]["region"] = "<script>"
    path.write_text(json.dumps(doc))
    assert read_cache(path) == {}


def test_regional_packs_follow_the_agreements_of_their_region(root: Path) -> None:
    shutil.copy(AGREEMENTS / "wessex-laa-2006.yaml", root / "agreements")
    (root / "drafter.yaml").write_text(SETTINGS + "packs: {formats: [html, xlsx]}\n")
    first = build(load_project(root), workers=1)
    regions = {p.region: p for p in first.packs}
    assert {p.status for p in first.packs} == {Status.BUILT}
    assert set(regions) == {"GOSW", "GOWM", "GOYH"}  # each agreement's own region
    assert all(p.written for p in first.packs)
    assert (root / "output" / "packs").is_dir()
    again = build(load_project(root), workers=1)
    assert {p.status for p in again.packs} == {Status.UP_TO_DATE}
    path = root / "agreements" / "millbrook-lpsa2.yaml"
    pack_file = root / "output" / "packs" / "sign-off-pack-GOYH.html"
    written = pack_file.stat().st_mtime_ns
    # A change the pack does not show (a signatory's title): the agreement is rebuilt,
    # its region's pack is checked and kept as it was, file untouched.
    text = path.read_text(encoding="utf-8")
    assert '"Leader, Millbrook City Council"' in text
    path.write_text(text.replace('"Leader, Millbrook', '"Leader of Millbrook', 1), encoding="utf-8")
    third = build(load_project(root), workers=1)
    assert {r.source.name: r.status for r in third.results}["millbrook-lpsa2.yaml"] is Status.BUILT
    assert {p.status for p in third.packs} == {Status.UP_TO_DATE}
    assert pack_file.stat().st_mtime_ns == written
    # A change it shows (the version): that region's pack is made again, the others kept.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('version: "4.2', 'version: "4.3', 1), encoding="utf-8")
    fourth = {p.region: p.status for p in build(load_project(root), workers=1).packs}
    # A region with one agreement gets a pack too (not that agreement's summary).
    assert [w.name for w in regions["GOYH"].written] == [
        "sign-off-pack-GOYH.html",
        "sign-off-pack-GOYH.xlsx",
    ]
    changed = "GOYH"  # Millbrook's region
    assert fourth[changed] is Status.BUILT
    assert [s for r, s in fourth.items() if r != changed] == [Status.UP_TO_DATE] * (len(fourth) - 1)
    assert "4.3" in pack_file.read_text(encoding="utf-8")


def test_a_cache_never_leads_the_build_to_read_through_a_link_out_of_the_project(
    root: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from drafter.buildcache import Entry, up_to_date

    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text("not yours")
    (root / "link").symlink_to(outside)
    from drafter.buildcache import file_hash

    mine = "agreements/millbrook-lpsa2.yaml"
    hashes = {"link/secret.txt": file_hash(outside / "secret.txt"), mine: file_hash(root / mine)}
    entry = Entry("0" * 64, {"link/secret.txt": hashes["link/secret.txt"]}, {mine: hashes[mine]})
    assert up_to_date(entry, "0" * 64, root.resolve()) is False
    inside = Entry("0" * 64, {}, {mine: hashes[mine]})
    assert up_to_date(inside, "0" * 64, root.resolve()) is True  # the same check passes inside


def test_summaries_are_built_beside_the_documents_and_only_when_needed(root: Path) -> None:
    (root / "drafter.yaml").write_text(SETTINGS + "summaries: true\n")
    out = root / "output"
    assert statuses(root) == BUILT
    assert {p.name for p in out.glob("*-summary.*")} == {
        f"{stem}-summary.{fmt}"
        for stem in ("millbrook-lpsa2", "northfleet-laa-2008")
        for fmt in ("html", "docx")
    }
    html = (out / "northfleet-laa-2008-summary.html").read_text(encoding="utf-8")
    assert "Government Office summary: Northfleet Local Area Agreement 2008–11" in html
    assert statuses(root) == CURRENT
    (out / "millbrook-lpsa2-summary.html").unlink()  # a summary gone is made again
    assert statuses(root)["millbrook-lpsa2.yaml"] is Status.BUILT
    assert (out / "millbrook-lpsa2-summary.html").exists()
    # Listed summaries: only those agreements; asking for summaries rebuilds the rest.
    (root / "drafter.yaml").write_text(SETTINGS + "summaries: [agreements/millbrook-lpsa2.yaml]\n")
    for p in out.glob("*-summary.*"):
        p.unlink()
    assert statuses(root) == BUILT
    assert {p.name for p in out.glob("*-summary.*")} == {
        "millbrook-lpsa2-summary.html",
        "millbrook-lpsa2-summary.docx",
    }


def test_a_summary_is_made_for_an_agreement_whose_documents_are_refused(root: Path) -> None:
    shutil.copy(BROKEN / "broken.yaml", root / "agreements")
    shutil.copytree(BROKEN / "parts", root / "agreements" / "parts", dirs_exist_ok=True)
    (root / "drafter.yaml").write_text(SETTINGS + "summaries: true\n")
    report = build(load_project(root), workers=1)
    refused = next(r for r in report.results if r.source.name == "broken.yaml")
    assert refused.status is Status.REFUSED
    assert [p.name for p in refused.written] == ["broken-summary.html", "broken-summary.docx"]
    html = (root / "output" / "broken-summary.html").read_text(encoding="utf-8")
    assert re.search(r"Not ready for sign-off: \d+ problems of \d+ kinds would send it back", html)


def test_summaries_naming_no_agreement_is_an_error(root: Path) -> None:
    from drafter.project import ProjectError

    (root / "drafter.yaml").write_text(SETTINGS + "summaries: [agreements/nowhere.yaml]\n")
    with pytest.raises(ProjectError, match=r"summaries 'agreements/nowhere\.yaml' is not one of"):
        load_project(root)


def test_a_pack_names_the_agreement_of_its_region_that_cannot_be_read(root: Path) -> None:
    (root / "agreements" / "half.yaml").write_text("id: half\narea: {region: GOWM}\n")
    (root / "drafter.yaml").write_text(SETTINGS + "packs: {formats: [html]}\n")
    report = build(load_project(root), workers=1)
    packs = {p.region: p for p in report.packs}
    assert packs["GOWM"].status is Status.BUILT
    assert packs["GOWM"].left_out == (
        "agreements/half.yaml — cannot be read as an agreement (4 errors)",
    )
    html = (root / "output" / "packs" / "sign-off-pack-GOWM.html").read_text(encoding="utf-8")
    assert "Not included:" in html and "half.yaml" in html
    assert not packs["GOYH"].left_out


class _Recording:
    """An executor that runs each call at once, here, and records what was given it."""

    def __init__(self) -> None:
        self.given: list[str] = []

    def submit(self, work: object, argument: object) -> object:
        from concurrent.futures import Future

        self.given.append(str(argument.source.name) if hasattr(argument, "source") else "task")
        future: Future[object] = Future()
        future.set_result(work(argument))  # type: ignore[operator]
        return future


def test_packs_start_early_in_the_queue_and_agreements_keep_finishing(tmp_path: Path) -> None:
    from drafter.build import Task, Workers, run_jobs
    from drafter.pipeline import Job

    jobs = []
    for n in range(8):
        path = tmp_path / f"area-{n}.yaml"
        path.write_text("id: [unclosed\n", encoding="utf-8")  # quick: cannot be read
        jobs.append(Job(path, ("html",), tmp_path / "out"))
    tasks = [Task(len, "pack") for _ in range(3)]
    workers = Workers(2, ["html"])
    recording = _Recording()
    workers._pool = recording  # type: ignore[assignment]
    results = run_jobs(jobs, 2, lambda _: None, workers, tasks)
    assert len(results) == 8 and all(t.future is not None for t in tasks)
    given = recording.given
    assert given[0] == "task"  # the largest pack goes to a worker first
    assert max(i for i, g in enumerate(given) if g == "task") < len(given) / 2
    assert given[1] != "task"  # agreements between the packs, for the progress bar


def test_a_pack_deleted_or_edited_since_is_made_again_even_when_its_content_is_the_same(
    root: Path,
) -> None:
    (root / "drafter.yaml").write_text(SETTINGS + "packs: {formats: [html]}\n")
    build(load_project(root), workers=1)
    pack_file = root / "output" / "packs" / "sign-off-pack-GOYH.html"
    good = pack_file.read_bytes()
    pack_file.write_bytes(good.replace(b"Millbrook", b"Milbrook"))  # edited by hand
    again = {p.region: p.status for p in build(load_project(root), workers=1).packs}
    assert again["GOYH"] is Status.BUILT and pack_file.read_bytes() == good
    pack_file.unlink()
    third = {p.region: p.status for p in build(load_project(root), workers=1).packs}
    assert third["GOYH"] is Status.BUILT and pack_file.read_bytes() == good
