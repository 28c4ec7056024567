"""A small shared HTTP cache in front of one origin, for tests: what a CDN edge does with the plugin's headers.

No reverse proxy (nginx, Varnish, Squid) is installed on this machine, so this
is the cache the tests put between a client and a real `datasette serve`. It
keeps the parts of RFC 9111 a CDN applies to these answers:

- only GET and HEAD, only a 200, never one marked `no-store` or `private`;
- fresh for `max-age` seconds, then revalidated; `no-cache` stored but
  revalidated on every request; revalidation sends the stored ETag as
  If-None-Match and keeps the stored body when the origin answers 304;
- `Vary`: a stored answer is reused only for a request with the same values of
  the headers it names (so an answer to a request without a cookie never goes
  to a request with one);
- a client's If-None-Match naming the stored ETag of a fresh answer is
  answered 304 by the cache itself.

Each answer says what the cache did in `X-Cache` (HIT, MISS, REVALIDATED,
PASS); `forwarded` counts the requests sent on to the origin.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


@dataclass
class Stored:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    vary: dict[str, str | None]  # the request's values of the headers the answer varies on
    fresh_until: float
    must_revalidate: bool

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name), None)


def directives(cache_control: str | None) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for part in (cache_control or "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            found[name.lower()] = value or None
    return found


@dataclass
class CachingProxy:
    origin: str  # http://127.0.0.1:port
    forwarded: list[str] = field(default_factory=list)  # "METHOD path?query" sent to the origin, in order
    outcomes: list[tuple[str, str]] = field(default_factory=list)  # (path?query, X-Cache)
    _store: dict[str, Stored] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    def start(self) -> str:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                proxy.handle(self)

            def do_HEAD(self) -> None:
                proxy.handle(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # --- One request ---------------------------------------------------------------------------------

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        key = request.path
        client_tag = request.headers.get("if-none-match")
        with self._lock:
            stored = self._store.get(key)
        if stored is not None and not self._same_variant(stored, request):
            stored = None
        if stored is not None and not stored.must_revalidate and time.monotonic() < stored.fresh_until:
            return self._reply_from(request, stored, client_tag, "HIT")
        conditional = {"If-None-Match": stored.header("etag") or ""} if stored is not None else {}
        status, headers, body = self._forward(request, conditional)
        if stored is not None and status == 304:
            updated = {key.lower() for key, _ in headers} - {"content-length", "content-type"}
            merged = [(k, v) for k, v in stored.headers if k.lower() not in updated] + [
                (k, v) for k, v in headers if k.lower() in updated
            ]
            refreshed = self._storable(status=stored.status, headers=merged, body=stored.body, request=request)
            if refreshed is not None:
                with self._lock:
                    self._store[key] = refreshed
            return self._reply_from(request, stored, client_tag, "REVALIDATED")
        outcome = "PASS"
        if request.command == "GET" and status == 200:
            entry = self._storable(status=status, headers=headers, body=body, request=request)
            if entry is not None:
                with self._lock:
                    self._store[key] = entry
                outcome = "MISS"
        self._send(request, status, headers, body, outcome)

    def _forward(
        self, request: BaseHTTPRequestHandler, extra: dict[str, str]
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        origin = urlsplit(self.origin)
        connection = http.client.HTTPConnection(origin.hostname or "127.0.0.1", origin.port, timeout=60)
        headers = {key: value for key, value in request.headers.items() if key.lower() not in HOP_BY_HOP}
        headers.update(extra)
        with self._lock:
            self.forwarded.append(f"{request.command} {request.path}")
        try:
            connection.request(request.command, request.path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            kept = [(key, value) for key, value in response.getheaders() if key.lower() not in HOP_BY_HOP]
            return response.status, kept, body
        finally:
            connection.close()

    def _storable(
        self, status: int, headers: list[tuple[str, str]], body: bytes, request: BaseHTTPRequestHandler
    ) -> Stored | None:
        control = directives(next((v for k, v in headers if k.lower() == "cache-control"), None))
        if "no-store" in control or "private" in control:
            return None
        max_age = control.get("max-age")
        if "no-cache" not in control and not (max_age and max_age.isdigit()):
            return None  # no explicit freshness: this cache does not guess
        vary_names = [
            name.strip().lower() for k, v in headers if k.lower() == "vary" for name in v.split(",") if name.strip()
        ]
        if "*" in vary_names:
            return None
        return Stored(
            status=status,
            headers=headers,
            body=body,
            vary={name: request.headers.get(name) for name in vary_names},
            fresh_until=time.monotonic() + int(max_age or 0),
            must_revalidate="no-cache" in control,
        )

    def _same_variant(self, stored: Stored, request: BaseHTTPRequestHandler) -> bool:
        return all(request.headers.get(name) == value for name, value in stored.vary.items())

    def _reply_from(
        self, request: BaseHTTPRequestHandler, stored: Stored, client_tag: str | None, outcome: str
    ) -> None:
        tag = stored.header("etag")
        if (
            client_tag
            and tag
            and tag.removeprefix("W/") in {t.strip().removeprefix("W/") for t in client_tag.split(",")}
        ):
            headers = [(k, v) for k, v in stored.headers if k.lower() not in ("content-length", "content-type")]
            return self._send(request, 304, headers, b"", outcome)
        self._send(request, stored.status, stored.headers, stored.body, outcome)

    def _send(
        self, request: BaseHTTPRequestHandler, status: int, headers: list[tuple[str, str]], body: bytes, outcome: str
    ) -> None:
        with self._lock:
            self.outcomes.append((request.path, outcome))
        request.send_response(status)
        for key, value in headers:
            if key.lower() not in ("content-length", "date", "server"):  # send_response wrote the last two
                request.send_header(key, value)
        request.send_header("X-Cache", outcome)
        if status != 304:
            request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        if request.command != "HEAD" and status != 304:
            request.wfile.write(body)
