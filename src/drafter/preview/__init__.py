"""`drafter preview`: the agreement in the browser, made again each time a file is saved.

- `state`: the agreement read, checked and laid out as HTML, as snapshots; the watch
  on the files it was made from;
- `page`: the problems panel and the page around the document;
- `server`: the web server, on this computer only, and what it refuses.

`Preview` ties them together: a server thread-safe to read from while a watcher thread
polls the files (twice a second, by content hash) and publishes each new snapshot.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from ..boundary import FILESYSTEM
from ..chars import shown
from ..errors import DrafterError, UsageError
from ..problems import display_path
from .page import counts
from .server import Hub, PreviewServer
from .state import Drafting, Settings, Snapshot, Watch, project_file, timed

POLL = 0.5  # seconds between looks at the files

__all__ = ["Preview", "Settings", "project_file", "serve"]


class Preview:
    """A running preview: its server and its watcher, until `stop`."""

    def __init__(self, settings: Settings, port: int = 0, log: Callable[[str], None] = print):
        self.drafting = Drafting(settings)
        self.hub = Hub(self.drafting.snapshot)
        self.log = log
        try:
            self.server = PreviewServer(port, self.hub, display_path(settings.source))
        except OSError as e:
            raise UsageError(
                f"The preview cannot listen on port {port} ({e.strerror}); choose another "
                "with --port, or leave it out to use a free one."
            ) from e
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self._stop = threading.Event()
        self._serving: threading.Thread | None = None  # the thread in serve_forever
        self._watcher = threading.Thread(target=self._watch, name="preview-watch", daemon=True)

    def start(self) -> Preview:
        """Begin watching the files (the first read happens at once)."""
        self._watcher.start()
        return self

    def serve_forever(self) -> None:
        """Answer requests until stopped (Ctrl-C ends it in the main thread)."""
        self._serving = threading.current_thread()
        try:
            self.server.serve_forever(poll_interval=0.25)
        finally:
            self._serving = None

    def stop(self) -> None:
        """Stop watching, end every event stream and close the server."""
        self._stop.set()
        self.hub.close()
        serving = self._serving
        if serving is not None and serving is not threading.current_thread():
            self.server.shutdown()
        self.server.server_close()
        if self._watcher.is_alive():
            self._watcher.join(timeout=5)

    @property
    def snapshot(self) -> Snapshot:
        """What the page shows now."""
        return self.hub.snapshot

    def _watch(self) -> None:
        watch = Watch()
        first = True
        fault = ""  # the last internal error said, so that it is said once
        while not self._stop.is_set():
            try:
                changed = watch.changed(self.drafting.watched())
                if changed:
                    snapshot, ms = timed(self.drafting)
                    watch.prime(self.drafting.watched(), self.drafting.hashes)
                    self.hub.publish(snapshot)
                    self.log(shown(_line(snapshot, None if first else changed, ms)))
                    first = False
            except Exception as e:  # drafter's own fault: said (once), and the preview goes on
                if repr(e) != fault:
                    fault = repr(e)
                    with contextlib.suppress(Exception):
                        self.log(f"drafter met an internal error ({e!r}); please report it.")
            self._stop.wait(POLL)


def _line(snapshot: Snapshot, changed: list[Path] | None, ms: float) -> str:
    """One line for the terminal per reload: when, what changed, the problems, how long."""
    when = dt.datetime.now().strftime("%H:%M:%S")
    names = list(dict.fromkeys(display_path(p) for p in changed or ()))
    what = "read" if changed is None else ", ".join(names[:3]) + " changed"
    if len(names) > 3:
        what = f"{len(names)} files changed"
    found = counts(snapshot).lower() if snapshot.problems else "no problems"
    if snapshot.trouble:
        found += "; " + snapshot.trouble.split(". ")[0].rstrip(".")
        if snapshot.document is not None:
            found += f"; the document shown is from {snapshot.document_time}"
    return f"{when}  {what}: {found} ({ms:.0f} ms)"


def project_note(settings: Settings) -> str | None:
    """Which project file applies, what it sets, and where the preview differs from a build."""
    from ..project import load_project

    if settings.project is None:
        return None
    name = display_path(settings.project)
    try:
        project = load_project(Path(name))  # named as the user would type it
    except DrafterError as e:
        return f"The project file {name} applies, but cannot be used as it is: {e}"
    given = [
        f"templates from {display_path(project.templates)}/" if project.templates else "",
        f"branding from {display_path(project.branding)}" if project.branding else "",
        f"date {project.today.isoformat()}" if project.today else "",
    ]
    overridden = [
        flag
        for flag, value in (
            ("--templates", settings.templates),
            ("--config", settings.config),
            ("--today", settings.today),
        )
        if value is not None
    ]
    said = f"The project file {name} applies"
    said += (
        f" ({', '.join(g for g in given if g)})"
        if any(given)
        else " (it sets no templates, branding or date)"
    )
    if overridden:
        said += f"; {', '.join(overridden)} given here instead"
    said += "."
    if "html" not in project.formats:
        said += (
            " It builds no HTML; the page shows what its "
            + " and ".join({"docx": "Word", "pdf": "PDF"}[f] for f in project.formats)
            + " documents say."
        )
    if FILESYSTEM.resolve(settings.source) not in project.agreements:
        said += " drafter build leaves this agreement out (it is not among its agreements)."
    return said


def serve(
    settings: Settings,
    *,
    port: int = 0,
    browser: bool = True,
    echo: Callable[[str], None] = print,
) -> None:
    """Run the preview until Ctrl-C: print its address, open the browser, log each reload."""
    preview = Preview(settings, port, echo)
    echo(
        f"Previewing {shown(display_path(settings.source))} at {preview.url} "
        "(only this computer can open it). Press Ctrl-C to stop."
    )
    note = project_note(settings)
    if note:
        echo(shown(note))
    preview.start()
    try:
        if browser:
            webbrowser.open(preview.url)
        preview.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
    echo("Preview stopped. Goodbye.")
