"""The preview's web server: this computer only, a fixed set of routes, nothing from disk.

Another web page open in the same browser is taken to be hostile. So the server listens
on 127.0.0.1 alone; answers only requests addressed to 127.0.0.1:PORT or localhost:PORT
(a page on another site that rebinds its name to 127.0.0.1 is refused); refuses what
another site's page asks for, but a visit to the page itself (the browser's Origin and
Sec-Fetch-* headers say who asks); serves six fixed routes built from memory (no path in
a URL ever reaches the file system) and 404 for anything else; takes GET and HEAD only;
and sends headers that forbid the browser to load anything from elsewhere, to guess
content types, to frame the page elsewhere, to send referrers or to cache.
"""

from __future__ import annotations

import select
import socket
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from . import page
from .state import Snapshot

LOOPBACK = "127.0.0.1"
KEEPALIVE = 15.0  # seconds between comments on an idle event stream
LOOK = 1.0  # seconds between looks at whether an event stream's browser has gone
STREAMS = 16  # event streams open at once (a tab holds one); more are refused

# The page's own script and stylesheet only, the document in a frame from here, and
# requests for the state and events to here; nothing else from anywhere.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; "
    "frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
# The document's own policy (as its <meta> says), framed only by the preview page and
# sandboxed: no script runs in it even when it is opened on its own.
DOCUMENT_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'; sandbox allow-same-origin"
)


class Hub:
    """The current snapshot, and a way to wait for the next one."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._changed = threading.Condition()
        self._snapshot = snapshot
        self.closed = False

    @property
    def snapshot(self) -> Snapshot:
        """The newest snapshot."""
        return self._snapshot

    def publish(self, snapshot: Snapshot) -> None:
        """Make `snapshot` the current one and wake every waiting event stream."""
        with self._changed:
            self._snapshot = snapshot
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> Snapshot | None:
        """The snapshot once its version is not `seen` (or after `timeout`); None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self._snapshot.version != seen, timeout)
            return None if self.closed else self._snapshot

    def close(self) -> None:
        """End every event stream."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server on 127.0.0.1 holding the hub it serves from."""

    daemon_threads = True

    def __init__(self, port: int, hub: Hub, file: str) -> None:
        super().__init__((LOOPBACK, port), Handler)
        self.hub = hub
        self.file = file
        bound = self.server_address[1]
        self.hosts = frozenset({f"127.0.0.1:{bound}", f"localhost:{bound}"})
        self.origins = frozenset(f"http://{host}" for host in self.hosts)
        self.streams = threading.BoundedSemaphore(STREAMS)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A request that broke off (a closed tab) is no news: nothing is printed."""


Route = Callable[["Handler", Snapshot], tuple[HTTPStatus, str, bytes, str]]


def _shell(h: Handler, s: Snapshot) -> tuple[HTTPStatus, str, bytes, str]:
    return HTTPStatus.OK, "text/html; charset=utf-8", page.shell(s, h.server.file), PAGE_POLICY


def _document(h: Handler, s: Snapshot) -> tuple[HTTPStatus, str, bytes, str]:
    if s.document is None:
        return HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"No document yet.\n", PAGE_POLICY
    return HTTPStatus.OK, "text/html; charset=utf-8", s.document, DOCUMENT_POLICY


def _state(h: Handler, s: Snapshot) -> tuple[HTTPStatus, str, bytes, str]:
    return HTTPStatus.OK, "application/json", page.state(s, h.server.file), PAGE_POLICY


def _script(h: Handler, s: Snapshot) -> tuple[HTTPStatus, str, bytes, str]:
    return HTTPStatus.OK, "text/javascript; charset=utf-8", page.asset("preview.js"), PAGE_POLICY


def _style(h: Handler, s: Snapshot) -> tuple[HTTPStatus, str, bytes, str]:
    return HTTPStatus.OK, "text/css; charset=utf-8", page.asset("preview.css"), PAGE_POLICY


ROUTES: dict[str, Route] = {
    "/": _shell,
    "/document": _document,
    "/state": _state,
    "/preview.js": _script,
    "/preview.css": _style,
}  # and /events, the stream of versions


class Handler(BaseHTTPRequestHandler):
    """Answers the preview's routes; refuses every other request."""

    server: PreviewServer
    timeout = 60  # a connection that sends nothing is closed

    def version_string(self) -> str:
        """The Server header: no Python version to fingerprint."""
        return "drafter-preview"

    def do_GET(self) -> None:
        """Answer a GET."""
        self._answer(body=True)

    def do_HEAD(self) -> None:
        """Answer a HEAD: the headers of the GET."""
        self._answer(body=False)

    def _refuse_method(self) -> None:
        self._send(
            HTTPStatus.METHOD_NOT_ALLOWED, b"Only GET and HEAD.\n", extra={"Allow": "GET, HEAD"}
        )

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse_method

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the terminal shows one line per reload."""

    def _answer(self, *, body: bool) -> None:
        path = self.path.partition("?")[0]
        if self.headers.get("Host") not in self.server.hosts or self._foreign(path):
            self._send(
                HTTPStatus.FORBIDDEN, b"This preview answers only its own page.\n", body=body
            )
            return
        snapshot = self.server.hub.snapshot
        if path == "/events":
            self._events(snapshot, body=body)
            return
        route = ROUTES.get(path)
        if route is None:
            self._send(HTTPStatus.NOT_FOUND, b"Not found.\n", body=body)
            return
        status, kind, data, policy = route(self, snapshot)
        self._send(status, data, kind, policy, body=body)

    def _foreign(self, path: str) -> bool:
        """Whether another site's page sent the request (the browser says so: Origin, Sec-Fetch-*).

        Opening the preview from a link elsewhere is allowed (a top-level visit to /);
        anything else another site's page asks for is refused, so it cannot even hold an
        event stream open.
        """
        origin = self.headers.get("Origin")
        if origin is not None and origin not in self.server.origins:
            return True
        site = self.headers.get("Sec-Fetch-Site")
        if site in (None, "same-origin", "none"):
            return False
        visit = self.headers.get("Sec-Fetch-Mode") == "navigate"
        return not (visit and path == "/" and self.headers.get("Sec-Fetch-Dest") == "document")

    def _headers(self, status: HTTPStatus, kind: str, policy: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Security-Policy", policy)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header(
            "X-Frame-Options", "SAMEORIGIN" if "frame-ancestors 'self'" in policy else "DENY"
        )

    def _send(
        self,
        status: HTTPStatus,
        data: bytes,
        kind: str = "text/plain; charset=utf-8",
        policy: str = PAGE_POLICY,
        *,
        body: bool = True,
        extra: dict[str, str] | None = None,
    ) -> None:
        try:
            self._headers(status, kind, policy)
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)
        except OSError:  # the browser went away
            pass

    def _events(self, snapshot: Snapshot, *, body: bool) -> None:
        """Server-sent events: the version now, then each new one as it is published."""
        if not self.server.streams.acquire(blocking=False):
            busy = b"Too many preview pages are open; close some.\n"
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, busy, body=body)
            return
        try:
            self._stream(snapshot, body=body)
        finally:
            self.server.streams.release()

    def _stream(self, snapshot: Snapshot, *, body: bool) -> None:
        try:
            self._headers(HTTPStatus.OK, "text/event-stream; charset=utf-8", PAGE_POLICY)
            self.end_headers()
            if not body:
                return
            seen = snapshot.version
            self.wfile.write(f"retry: 1000\ndata: {seen}\n\n".encode())
            self.wfile.flush()
            quiet = 0.0  # seconds since the last line sent
            while not self._hung_up():
                now = self.server.hub.wait(seen, LOOK)
                if now is None:
                    return
                quiet += LOOK
                if now.version != seen:
                    seen, quiet = now.version, 0.0
                    self.wfile.write(f"data: {seen}\n\n".encode())
                elif quiet >= KEEPALIVE:
                    quiet = 0.0
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except OSError:  # the tab was closed
            return

    def _hung_up(self) -> bool:
        """Whether the browser closed the connection (the stream's place is then free)."""
        try:
            ready, _, _ = select.select([self.connection], [], [], 0)
            return bool(ready) and not self.connection.recv(1, socket.MSG_PEEK)
        except OSError:
            return True
