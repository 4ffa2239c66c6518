"""`drafter preview`: the document and its problems in the browser, following each save.

A preview runs in a thread against a copy of the Northfleet example (with its two
included parts) in a temporary folder; the tests edit the copy as a user would in
their editor and read what the server answers, over real HTTP.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from drafter.preview import Preview, Settings
from drafter.preview.server import ROUTES
from drafter.preview.state import Drafting, Snapshot, Watch

from .browser import WIDTHS, set_width, shoot
from .conftest import AGREEMENTS, ROOT

NAME = "northfleet-laa-2008.yaml"
PREVIEW = (sys.executable, "-m", "drafter", "preview")
TITLE = "Northfleet Local Area Agreement 2008–11"


def copy_northfleet(folder: Path) -> Path:
    """The Northfleet example and its parts, copied into `folder`; the agreement's path."""
    shutil.copy(AGREEMENTS / NAME, folder / NAME)
    shutil.copytree(AGREEMENTS / "parts" / "northfleet", folder / "parts" / "northfleet")
    return folder / NAME


def edit(path: Path, old: str, new: str, *more: str) -> None:
    """Replace text in a file (pairs of old and new), saving it once as an editor would."""
    text = path.read_text("utf-8")
    pairs = (old, new, *more)
    for was, now in zip(pairs[::2], pairs[1::2], strict=True):
        assert was in text, f"{was!r} is not in {path.name}"
        text = text.replace(was, now, 1)
    path.write_text(text, "utf-8")


def until(check: Callable[[], bool], seconds: float = 8.0) -> None:
    """Wait until `check()` holds; fail if it does not within `seconds`."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {seconds} s")
        time.sleep(0.05)


class Running:
    """A preview serving in a thread, with what it logged."""

    def __init__(self, source: Path) -> None:
        self.lines: list[str] = []
        self.preview = Preview(Settings(source), 0, self.lines.append).start()
        self.port = int(self.preview.url.rsplit(":", 1)[1].strip("/"))
        self.thread = threading.Thread(target=self.preview.serve_forever, daemon=True)
        self.thread.start()
        until(lambda: self.preview.snapshot.version >= 1)

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        host: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Send one request as a browser would (or with another Host); status, headers, body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", f"127.0.0.1:{self.port}" if host is None else host)
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            conn.endheaders()
            answer = conn.getresponse()
            return answer.status, answer.headers, answer.read()
        finally:
            conn.close()

    def text(self, path: str) -> str:
        """The body of a GET that must succeed."""
        status, _, body = self.request(path)
        assert status == 200, (path, status)
        return body.decode("utf-8")

    def state(self) -> dict[str, object]:
        """What the page's script reads to bring itself up to date."""
        state: dict[str, object] = json.loads(self.text("/state"))
        return state

    def next_version(self, after: int) -> dict[str, object]:
        """The state once a newer snapshot than `after` is published."""
        until(lambda: self.preview.snapshot.version > after)
        return self.state()


@pytest.fixture
def running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Running]:
    """A preview of a copy of Northfleet, run from its folder (no drafter.toml, no templates)."""
    monkeypatch.chdir(tmp_path)
    r = Running(copy_northfleet(tmp_path))
    try:
        yield r
    finally:
        r.preview.stop()
        r.thread.join(timeout=5)
        assert not r.thread.is_alive()


def version(r: Running) -> int:
    return r.preview.snapshot.version


# ---------------------------------------------------------------- what the page shows


def test_the_page_shows_the_agreement_its_document_and_no_problems(running: Running) -> None:
    page = running.text("/")
    assert f"<title>No problems · {TITLE} · drafter preview</title>" in page
    assert f"<h1>{TITLE}</h1>" in page
    assert "No problems: drafter finds nothing" in page
    assert 'src="/document?v=1"' in page
    document = running.text("/document?v=1")
    # The very document `drafter render --to html` writes: its own title and parts.
    assert f"<title>{TITLE}</title>" in document
    assert "Safer Northfleet" in document and "Healthier Northfleet" in document
    assert "INCOMPLETE" not in document
    assert running.lines and "read: no problems" in running.lines[0]
    assert running.lines[0].endswith(" ms)")


def test_an_edit_shows_by_itself_with_its_problems_errors_first(running: Running) -> None:
    path = running.preview.drafting.settings.source
    edit(
        path,
        *("  region: GOWM", "  region: GOXX"),  # an error
        *("title: Northfleet Local Area Agreement 2008–11", "title: Northfleet LAA, redrafted"),
    )
    state = running.next_version(1)
    assert state["errors"] == 1 and state["warnings"] == 0
    assert state["title"] == "1 error, 0 warnings · Northfleet LAA, redrafted · drafter preview"
    page = running.text("/")
    assert "<summary>1 error, 0 warnings</summary>" in page
    assert "S004" in page and "&#39;GOXX&#39;" in page and "Did you mean" in page
    # The region is printed with the area and its partners: the finding leads there.
    assert f'title="Show this part of the document">{NAME}:15:11</a>' in page
    target = page.split('data-target="', 1)[1].split('"', 1)[0]
    document = running.text(f"/document?v={state['document']}")
    assert f'id="{target}"' in document
    document = running.text(f"/document?v={state['document']}")
    assert "Northfleet LAA, redrafted" in document
    assert "INCOMPLETE" in document  # shown as `render --force` would make it
    assert f"  {NAME} changed: 1 error, 0 warnings (" in running.lines[-1]


def test_a_broken_file_keeps_the_last_good_document_under_a_banner(running: Running) -> None:
    path = running.preview.drafting.settings.source
    edit(path, "title: Northfleet Local Area Agreement 2008–11", "title: [unclosed")
    state = running.next_version(1)
    assert state["document"] == 1  # the last good one, still served
    page = running.text("/")
    assert 'class="banner" role="alert"' in page
    assert f"{NAME} cannot be read as it is now" in page
    assert "The document shown is the last good version, from" in page
    assert f"{NAME}:10:5" in page and "Y003" in page and "Check indentation" in page
    assert TITLE in running.text("/document")
    assert "Traceback" not in page
    # Fixed: the banner goes and a new document is made.
    edit(path, "title: [unclosed", "title: Northfleet LAA, mended")
    state = running.next_version(state["version"])  # type: ignore[arg-type]
    assert state["trouble"] is None and state["document"] == state["version"]
    assert "banner" not in running.text("/")
    assert "Northfleet LAA, mended" in running.text("/document")


def test_an_edit_to_an_included_part_is_picked_up(running: Running) -> None:
    part = running.preview.drafting.settings.source.parent / "parts/northfleet/safer.yaml"
    edit(
        part,
        *("title: Safer Northfleet", "title: Safer Streets in Northfleet"),
        *("    lead: police", "    lead: nobody"),
    )
    state = running.next_version(1)
    assert "Safer Streets in Northfleet" in running.text("/document")
    assert state["errors"] == 1
    page = running.text("/")
    assert "parts/northfleet/safer.yaml:15:11" in page
    # The finding is in the theme's entry, so it leads to the theme's section.
    assert 'data-target="sec-' in page
    assert "  parts/northfleet/safer.yaml changed: 1 error, 0 warnings (" in running.lines[-1]


def test_the_last_page_is_served_while_the_next_is_made(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    make = Drafting._made

    def slow(self: Drafting, nxt: Snapshot) -> Snapshot:
        started.set()
        release.wait(20)
        return make(self, nxt)

    monkeypatch.setattr(Drafting, "_made", slow)
    edit(running.preview.drafting.settings.source, 'version: "1.0"', 'version: "1.3"')
    assert started.wait(10)
    begun = time.monotonic()
    assert TITLE in running.text("/") and TITLE in running.text("/document")
    assert time.monotonic() - begun < 1.0
    assert version(running) == 1
    release.set()
    assert running.next_version(1)["document"] == 2


def test_saving_the_same_bytes_does_not_reload(running: Running) -> None:
    path = running.preview.drafting.settings.source
    path.write_bytes(path.read_bytes())
    time.sleep(1.5)  # three looks at the files
    assert version(running) == 1


def test_the_watch_reads_a_file_again_only_when_it_may_have_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import drafter.preview.state as state

    path = tmp_path / "a.yaml"
    path.write_text("id: a\n", "utf-8")
    old = time.time() - 60
    os.utime(path, (old, old))
    reads: list[Path] = []
    real = state.fingerprint
    monkeypatch.setattr(state, "fingerprint", lambda p: reads.append(p) or real(p))
    watch = Watch()
    assert watch.changed([path]) == [path] and len(reads) == 1
    assert watch.changed([path]) == [] and len(reads) == 1  # not read: nothing says it changed
    # The same size, and its time put back as it was: the inode's change time still tells.
    path.write_text("id: b\n", "utf-8")
    os.utime(path, (old, old))
    assert watch.changed([path]) == [path] and len(reads) == 2
    # Just written: read at every look, even with nothing else to tell.
    path.write_text("id: c\n", "utf-8")
    assert watch.changed([path]) == [path]
    assert watch.changed([path]) == [] and len(reads) == 4


def test_a_deleted_agreement_is_said_and_comes_back_with_the_file(running: Running) -> None:
    path = running.preview.drafting.settings.source
    kept = path.read_bytes()
    path.unlink()
    state = running.next_version(1)
    assert "is not there any more: it was deleted, moved or renamed" in str(state["trouble"])
    assert TITLE in running.text("/document")  # the last good document stays
    path.write_bytes(kept.replace(b'version: "1.0"', b'version: "1.1"'))
    state = running.next_version(state["version"])  # type: ignore[arg-type]
    assert state["trouble"] is None
    assert "1.1" in running.text("/document")


def test_a_deleted_part_is_watched_until_it_comes_back(running: Running) -> None:
    part = running.preview.drafting.settings.source.parent / "parts/northfleet/health.yaml"
    kept = part.read_bytes()
    part.unlink()
    state = running.next_version(1)
    assert state["errors"]
    assert "health.yaml" in running.text("/")
    part.write_bytes(kept)
    state = running.next_version(state["version"])  # type: ignore[arg-type]
    assert state["errors"] == 0 and state["trouble"] is None


def test_before_any_good_read_the_problems_show_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "draft.yaml"
    path.write_text("id: draft\ntitle: [unclosed\n", "utf-8")
    r = Running(path)
    try:
        page = r.text("/")
        assert "There is no document to show until it can be read." in page
        assert "<iframe" not in page and "draft.yaml:3:1" in page
        assert r.request("/document")[0] == 404
    finally:
        r.preview.stop()


def test_events_announce_each_new_version(running: Running) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
    conn.request("GET", "/events")
    answer = conn.getresponse()
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/event-stream")
    assert answer.readline() == b"retry: 1000\n"
    assert answer.readline() == b"data: 1\n"
    path = running.preview.drafting.settings.source
    edit(path, 'version: "1.0"', 'version: "1.2"')
    assert answer.readline() == b"\n"
    assert answer.readline() == b"data: 2\n"
    conn.close()


# ---------------------------------------------------------------- security


def test_it_listens_on_this_computer_only(running: Running) -> None:
    assert running.preview.server.server_address[0] == "127.0.0.1"
    assert running.preview.url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:{port}", "127.0.0.1", "localhost:1", "", "0.0.0.0:{port}"],
)
def test_a_request_for_another_host_is_refused(running: Running, host: str) -> None:
    status, _, body = running.request("/", host=host.format(port=running.port))
    assert status == 403 and TITLE.encode() not in body
    assert running.request("/document", host=host.format(port=running.port))[0] == 403


CROSS_SITE = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}


@pytest.mark.parametrize("path", ["/", "/document", "/state", "/events", "/preview.js"])
@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        CROSS_SITE,
        {**CROSS_SITE, "Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "iframe"},
        {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "script"},
    ],
    ids=["origin", "null-origin", "cors", "same-site", "framed", "script"],
)
def test_what_another_site_asks_for_is_refused(
    running: Running, path: str, headers: dict[str, str]
) -> None:
    status, _, body = running.request(path, headers=headers)
    assert status == 403 and TITLE.encode() not in body


def test_a_visit_from_a_link_elsewhere_and_the_page_itself_are_answered(running: Running) -> None:
    visit = {
        "Sec-Fetch-Site": "cross-site",
        "Sec-Fetch-Mode": "navigate",
        "Sec-Fetch-Dest": "document",
    }
    assert running.request("/", headers=visit)[0] == 200
    typed = {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
    assert running.request("/", headers=typed)[0] == 200
    own = {**CROSS_SITE, "Sec-Fetch-Site": "same-origin", "Origin": running.preview.url[:-1]}
    assert running.request("/state", headers=own)[0] == 200


def test_event_streams_are_limited(running: Running) -> None:
    from drafter.preview.server import STREAMS

    streams = []  # the answers hold the connections open
    try:
        for _ in range(STREAMS):
            conn = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
            conn.request("GET", "/events")
            streams.append(conn.getresponse())
            assert streams[-1].status == 200
        assert running.request("/events")[0] == 503
        assert running.request("/")[0] == 200
        streams.pop().close()  # a tab closed: its place is free within a second or so
        until(lambda: running.request("/events", method="HEAD")[0] == 200, 4)
    finally:
        for answer in streams:
            answer.close()


def test_localhost_by_name_is_answered(running: Running) -> None:
    assert running.request("/", host=f"localhost:{running.port}")[0] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/document/../../../etc/passwd",
        f"/{NAME}",
        "/parts/northfleet/safer.yaml",
        "/parts/",
        "//etc/passwd",
        "/index.html",
        "/preview.js/",
        "http://evil.example/",
    ],
)
def test_no_path_reaches_the_files(running: Running, path: str) -> None:
    status, _, body = running.request(path)
    assert status == 404 and body == b"Not found.\n"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_only_get_and_head_are_taken(running: Running, method: str) -> None:
    status, headers, _ = running.request("/", method=method)
    assert status == 405 and headers["Allow"] == "GET, HEAD"


def test_head_gives_the_headers_alone(running: Running) -> None:
    status, headers, body = running.request("/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


@pytest.mark.parametrize("path", [*ROUTES, "/nowhere"])
def test_every_answer_carries_the_protective_headers(running: Running, path: str) -> None:
    _, headers, _ = running.request(path)
    policy = headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none';")
    assert "http" not in policy and "*" not in policy and "unsafe-eval" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"
    assert headers["Server"] == "drafter-preview"


def test_the_page_runs_only_its_own_script_and_the_document_none(running: Running) -> None:
    _, page, _ = running.request("/")
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"
    _, document, _ = running.request("/document")
    policy = document["Content-Security-Policy"]
    assert "script-src" not in policy  # default-src 'none': no script at all
    assert "sandbox allow-same-origin" in policy and "frame-ancestors 'self'" in policy


def test_agreement_text_is_escaped_in_the_panel_and_the_document(running: Running) -> None:
    path = running.preview.drafting.settings.source
    edit(
        path,
        *("title: Northfleet Local Area Agreement 2008–11", 'title: "<script>alert(1)</script>"'),
        *("  region: GOWM", '  region: "<img src=x onerror=alert(1)>"'),
    )
    state = running.next_version(1)
    page, document = running.text("/"), running.text(f"/document?v={state['document']}")
    for text in (page, document, str(state["panel"])):
        assert "<script>alert" not in text and "<img src=x" not in text
    # The tab's title is set as text (document.title), never as markup.
    assert state["title"] == "1 error, 0 warnings · <script>alert(1)</script> · drafter preview"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# ---------------------------------------------------------------- the command


def test_the_command_prints_its_address_serves_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    path = copy_northfleet(tmp_path)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [*PREVIEW, str(path), "--no-browser"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith(f"Previewing {NAME} at http://127.0.0.1:")
        assert "only this computer" in first and "Ctrl-C" in first
        url = first.split(" at ", 1)[1].split(" ", 1)[0]
        port = int(url.rsplit(":", 1)[1].strip("/"))
        reload_line = proc.stdout.readline()
        assert "read: no problems" in reload_line
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/")
        answer = conn.getresponse()
        assert answer.status == 200 and TITLE in answer.read().decode("utf-8")
        conn.close()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert out.strip().splitlines()[-1] == "Preview stopped. Goodbye."
    assert "Traceback" not in err and "Traceback" not in out
    assert err == ""


def test_the_command_refuses_a_port_in_use(tmp_path: Path) -> None:
    path = copy_northfleet(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run(
            [*PREVIEW, str(path), "--no-browser", "--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert proc.returncode == 2
    assert f"cannot listen on port {port}" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_branding_is_a_banner_and_mended_it_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    r = Running(copy_northfleet(tmp_path))
    try:
        settings = tmp_path / "drafter.toml"
        settings.write_text('[branding]\nprimary_colour = "red; background: url(x)"\n', "utf-8")
        edit(tmp_path / NAME, "  region: GOWM", "  region: GOXX")
        until(lambda: r.preview.snapshot.errors == 1 and r.preview.snapshot.trouble is not None)
        state = r.state()
        assert str(state["trouble"]).startswith("The document cannot be made: In drafter.toml")
        assert state["document"] == 1
        assert "S004" in str(state["panel"])  # the findings show beside the banner
        edit(tmp_path / NAME, "  region: GOXX", "  region: GOWM")
        settings.write_text('[branding]\nprimary_colour = "#7A1F4E"\n', "utf-8")
        until(lambda: r.preview.snapshot.trouble is None and not r.preview.snapshot.errors)
        state = r.state()
        assert state["document"] == state["version"]
        assert "#7A1F4E" in r.text("/document")
    finally:
        r.preview.stop()


def test_a_project_template_is_used_and_its_edits_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = copy_northfleet(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    vision = templates / "vision.html"
    vision.write_text('<section class="part vision">Our own vision page</section>\n', "utf-8")
    lines: list[str] = []
    preview = Preview(Settings(source, templates=templates), 0, lines.append).start()
    try:
        until(lambda: preview.snapshot.version >= 1)
        page = preview.snapshot.document or b""
        assert b"Our own vision page" in page and b"Sustainable Community Strategy" not in page
        vision.write_text('<section class="part vision">The vision, redrawn</section>\n', "utf-8")
        until(lambda: b"The vision, redrawn" in (preview.snapshot.document or b""))
        assert "templates/vision.html changed: no problems" in lines[-1]
    finally:
        preview.stop()


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.yaml", "does not exist"), ("parts", "is a folder; preview one agreement file")],
)
def test_the_command_needs_one_agreement_file(tmp_path: Path, name: str, message: str) -> None:
    copy_northfleet(tmp_path)
    proc = subprocess.run(
        [*PREVIEW, name, "--no-browser"], cwd=tmp_path, capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr


def test_the_command_is_listed_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "drafter preview" in readme


# ---------------------------------------------------------------- in a browser

# The page as the reader sees it: the document frame shown, its text, where it is
# scrolled, the panel's text, and whether anything is wider than the window or the
# panel and the document overlap.
SEEN = """
const frame = document.querySelector('iframe.doc:not(.loading)');
const doc = frame && frame.contentDocument;
const panel = document.getElementById('panel').getBoundingClientRect();
const box = frame ? frame.getBoundingClientRect() : null;
return {
  title: document.title,
  text: doc && doc.body ? doc.body.innerText : '',
  y: frame ? frame.contentWindow.scrollY : -1,
  panel: document.getElementById('panel').innerText,
  pageWidth: document.documentElement.scrollWidth,
  docWidth: doc ? doc.documentElement.scrollWidth : 0,
  frameWidth: frame ? frame.clientWidth : 0,
  overlap: box ? !(panel.right <= box.left || box.right <= panel.left ||
                   panel.bottom <= box.top || box.bottom <= panel.top) : true,
  frames: document.querySelectorAll('iframe.doc').length,
};
"""


def seen(browser: Any) -> dict[str, Any]:
    """What the preview page shows now (see SEEN)."""
    found: dict[str, Any] = browser.execute_script(SEEN)
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_in_a_browser_the_page_follows_each_save_and_fits(
    browser: Any, running: Running, screenshots: Path, width: str
) -> None:
    set_width(browser, width)
    browser.get(running.preview.url)
    until(lambda: "Safer Northfleet" in seen(browser)["text"])
    browser.execute_script("document.querySelector('iframe.doc').contentWindow.scrollTo(0, 1200)")
    assert seen(browser)["y"] == 1200
    source = running.preview.drafting.settings.source
    edit(source.parent / "parts/northfleet/safer.yaml", "    lead: police", "    lead: nobody")
    edit(
        source, "title: Northfleet Local Area Agreement 2008–11", "title: Northfleet LAA, redrafted"
    )
    # Two files saved: the page has followed both (in one reload or two).
    until(
        lambda: (
            "Northfleet LAA, redrafted" in seen(browser)["text"]
            and "S006" in seen(browser)["panel"]
        )
    )
    now = seen(browser)
    assert now["title"] == "1 error, 0 warnings · Northfleet LAA, redrafted · drafter preview"
    assert "S006" in now["panel"] and "parts/northfleet/safer.yaml:15:11" in now["panel"]
    assert now["y"] == 1200, "the new document opens where the old one was scrolled to"
    assert now["frames"] == 1
    w = WIDTHS[width][0]
    assert browser.execute_script("return window.innerWidth") == w
    assert now["pageWidth"] <= w, f"the page is {now['pageWidth']} px wide"
    assert now["docWidth"] <= now["frameWidth"], "the document scrolls sideways"
    assert not now["overlap"], "the panel covers the document"
    shoot(browser, screenshots / f"preview-{width}-1-edited.png")
    # The finding is in the Safer theme: its file:line leads there.
    browser.find_element("css selector", "#panel a[data-target]").click()
    until(lambda: seen(browser)["y"] != 1200)
    heading = browser.execute_script(
        "const f = document.querySelector('iframe.doc'); const id = document.querySelector("
        "'#panel a[data-target]').dataset.target; const r = f.contentDocument.getElementById("
        "id).getBoundingClientRect(); return [r.top, f.contentDocument.getElementById(id)"
        ".innerText];"
    )
    assert 0 <= heading[0] < 60 and "Safer" in heading[1]  # at the top, past its margin
    shoot(browser, screenshots / f"preview-{width}-2-finding.png")
    # Broken: the banner shows over the panel, the last good document stays.
    edit(source, "title: Northfleet LAA, redrafted", "title: [unclosed")
    until(lambda: "cannot be read as it is now" in seen(browser)["panel"])
    assert "Northfleet LAA, redrafted" in seen(browser)["text"]
    shoot(browser, screenshots / f"preview-{width}-3-broken.png")
    # Stopped: the page says so.
    running.preview.stop()
    until(lambda: browser.execute_script("return !document.getElementById('stopped').hidden"))


# ---------------------------------------------------------------- a project's settings

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect fill="{}"/></svg>'


def northfleet_project(root: Path) -> Path:
    """Northfleet in a project of its own: a template, a branding file with a logo, a date."""
    (root / "agreements").mkdir()
    source = copy_northfleet(root / "agreements")
    (root / "look").mkdir()
    (root / "look" / "vision.html").write_text(
        '<section class="part vision">The project\'s own vision page</section>\n', "utf-8"
    )
    (root / "brand").mkdir()
    (root / "brand" / "drafter.toml").write_text(
        '[branding]\nprimary_colour = "#7A1F4E"\nlogo = "logo.svg"\n', "utf-8"
    )
    (root / "brand" / "logo.svg").write_text(SVG.format("#112233"), "utf-8")
    (root / "drafter.yaml").write_text(
        "agreements: [agreements/]\ntemplates: look/\nbranding: brand/drafter.toml\n"
        "today: 2008-06-30\n",
        "utf-8",
    )
    return source


def project_preview(source: Path, lines: list[str], **given: Any) -> Preview:
    from drafter.preview import project_file

    settings = Settings(source, project=project_file(source), **given)
    preview = Preview(settings, 0, lines.append).start()
    until(lambda: preview.snapshot.version >= 1)
    return preview


def logo_in(page: bytes) -> bytes:
    """The logo's bytes as the document embeds them (a data: address)."""
    import base64
    import re

    found = re.search(rb'class="logo" src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert found, "no logo in the document"
    return base64.b64decode(found.group(1))


def test_in_a_project_its_templates_branding_and_date_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # the project is found from the agreement
    source = northfleet_project(tmp_path)
    lines: list[str] = []
    preview = project_preview(source, lines)
    try:
        page = preview.snapshot.document or b""
        assert b"The project's own vision page" in page
        assert b"#7A1F4E" in page and b"#112233" in logo_in(page)
        assert preview.snapshot.trouble is None
        # drafter.yaml is watched: without its templates the bundled vision page returns
        edit(tmp_path / "drafter.yaml", "templates: look/\n", "")
        until(lambda: b"Sustainable Community Strategy" in (preview.snapshot.document or b""))
        assert "drafter.yaml changed" in lines[-1]
        # a project file gone wrong: the banner names its line; the last page stays
        before = preview.snapshot.document
        edit(tmp_path / "drafter.yaml", "today: 2008-06-30", "today: soon")
        until(lambda: preview.snapshot.trouble is not None)
        trouble = preview.snapshot.trouble or ""
        assert trouble.startswith("The document cannot be made: ")
        assert "drafter.yaml:3: today: Input should be a valid date" in trouble, trouble
        assert preview.snapshot.document == before
        edit(tmp_path / "drafter.yaml", "today: soon", "today: 2008-06-30")
        until(lambda: preview.snapshot.trouble is None)
    finally:
        preview.stop()


def test_options_given_win_over_the_project_file(tmp_path: Path) -> None:
    from drafter.preview import project_note

    source = northfleet_project(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "vision.html").write_text(
        '<section class="part vision">Mine, given on the command line</section>\n', "utf-8"
    )
    settings = Settings(source, templates=tmp_path / "mine", project=tmp_path / "drafter.yaml")
    note = project_note(settings) or ""
    assert note.startswith("The project file ") and "drafter.yaml applies" in note
    assert "date 2008-06-30" in note and "--templates given here instead" in note
    drafting = Drafting(settings)
    snapshot = drafting.refresh()
    assert b"Mine, given on the command line" in (snapshot.document or b"")
    assert b"#7A1F4E" in (snapshot.document or b"")  # the project's branding still applies
    watched = drafting.watched()
    assert (tmp_path / "brand" / "logo.svg").resolve() in watched
    assert (tmp_path / "drafter.yaml").resolve() in watched
    assert (tmp_path / "mine" / "vision.html").resolve() in watched
    assert (tmp_path / "look" / "vision.html").resolve() not in watched


def test_a_new_logo_is_picked_up_and_a_broken_one_is_a_banner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = northfleet_project(tmp_path)
    logo = tmp_path / "brand" / "logo.svg"
    lines: list[str] = []
    preview = project_preview(source, lines)
    try:
        logo.write_text(SVG.format("#445566"), "utf-8")
        until(lambda: b"#445566" in logo_in(preview.snapshot.document or b""))
        assert "brand/logo.svg changed: no problems" in lines[-1]
        good = preview.snapshot.document
        logo.write_text(SVG.format("#778899").replace("<rect", "<script>x()</script><rect"))
        until(lambda: preview.snapshot.trouble is not None)
        trouble = preview.snapshot.trouble or ""
        assert "the logo file logo.svg holds a <script> element" in trouble, trouble
        assert "In brand/drafter.toml," in trouble  # named from the working folder
        assert preview.snapshot.document == good  # the last good page is kept
        logo.write_bytes(b"<svg" + b" " * (4 * 1024 * 1024) + b"/>")  # over 4 MB
        until(lambda: "larger than 4 MB" in (preview.snapshot.trouble or ""))
        logo.write_text(SVG.format("#ABCDEF"), "utf-8")  # mended: only the logo changed
        until(lambda: preview.snapshot.trouble is None)
        assert b"#ABCDEF" in logo_in(preview.snapshot.document or b"")
    finally:
        preview.stop()


def test_a_logo_outside_the_branding_folder_is_a_banner_and_never_read(tmp_path: Path) -> None:
    source = northfleet_project(tmp_path)
    outside = tmp_path / "outside.svg"
    outside.write_text(SVG.format("#010203"), "utf-8")
    lines: list[str] = []
    preview = project_preview(source, lines)
    drafting = preview.drafting
    try:
        edit(tmp_path / "brand" / "drafter.toml", 'logo = "logo.svg"', 'logo = "../outside.svg"')
        until(lambda: preview.snapshot.trouble is not None)
        assert "is outside the folder" in (preview.snapshot.trouble or "")
        assert outside.resolve() not in drafting.watched()
        assert b"#112233" in logo_in(preview.snapshot.document or b"")
    finally:
        preview.stop()


def test_the_command_says_which_project_file_applies(tmp_path: Path) -> None:
    source = northfleet_project(tmp_path)
    (tmp_path / "drafter.yaml").write_text("formats: [pdf]\nagreements: [look/]\n", "utf-8")
    proc = subprocess.Popen(
        [*PREVIEW, str(source.relative_to(tmp_path)), "--no-browser"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        proc.stdout.readline()
        said = proc.stdout.readline()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert said.startswith("The project file drafter.yaml applies (it sets no templates, branding")
    assert "It builds no HTML; the page shows what its PDF documents say." in said
    assert "drafter build leaves this agreement out" in said
    assert "Traceback" not in err + out
