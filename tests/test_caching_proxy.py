"""The plugin's pages behind a shared cache (tests/caching_proxy.py) in front of a real `datasette serve -i`.

What a CDN in front of replicas would do with the plugin's headers: repeat reads are answered by the cache
and never reach Datasette (counted in Datasette's own access log, and by the cache), a matching If-None-Match
gets a 304, and what must not be reused (`?_ttl=0`, a request with a cookie, an error) reaches Datasette
every time. Runs on whichever Datasette line is installed.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from caching_proxy import CachingProxy
from test_http_headers import EXAMPLE_URLS

TTL = 600  # long enough that nothing goes stale while the test runs on a loaded machine
READS = 3
START_LIMIT = 60
ACCESS_LINE = re.compile(r'"(GET|HEAD) (?P<target>\S+) HTTP/1\.[01]" (?P<status>\d{3})')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def origin(db_path, tmp_path_factory):
    """`datasette serve -i interview.db` on a free port: (base URL, path of its access log)."""
    folder = tmp_path_factory.mktemp("origin")
    copy = folder / "interview.db"
    shutil.copy(db_path, copy)
    log_path = folder / "datasette.log"
    port = _free_port()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "datasette", "serve", "-i", str(copy), "--host", "127.0.0.1", "--port", str(port)]
            + ["--setting", "default_cache_ttl", str(TTL)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_LIMIT
        while True:
            if process.poll() is not None:
                pytest.fail(f"datasette exited with {process.returncode}:\n{log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"datasette did not answer on port {port}")
                time.sleep(0.2)
        yield base, log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def proxy(origin):
    cache = CachingProxy(origin[0])
    base = cache.start()
    yield cache, base
    cache.stop()


def origin_hits(log_path: Path) -> Counter[str]:
    """Requests Datasette itself answered, by target, from its access log."""
    return Counter(match["target"] for match in ACCESS_LINE.finditer(log_path.read_text(encoding="utf-8")))


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_repeat_reads_of_every_page_never_reach_datasette(origin, proxy):
    _, log_path = origin
    cache, base = proxy
    before = origin_hits(log_path)
    for url in EXAMPLE_URLS:
        bodies = set()
        for _ in range(READS):
            status, headers, body = fetch(base + url)
            assert status == 200, (url, status)
            bodies.add(body if not headers.get("etag", "").startswith("W/") else b"ics")
        assert len(bodies) == 1, url
    reached = origin_hits(log_path) - before
    assert {url: reached[url] for url in EXAMPLE_URLS} == dict.fromkeys(EXAMPLE_URLS, 1)
    outcomes = Counter(outcome for _, outcome in cache.outcomes)
    assert outcomes == {"MISS": len(EXAMPLE_URLS), "HIT": (READS - 1) * len(EXAMPLE_URLS)}
    assert len(cache.forwarded) == len(EXAMPLE_URLS)
    print(f"\n{len(EXAMPLE_URLS)} pages x {READS} reads: {dict(outcomes)}; reached Datasette {sum(reached.values())}")


def test_a_matching_if_none_match_gets_a_304_from_the_cache_and_from_datasette(origin, proxy):
    origin_base, log_path = origin
    _, base = proxy
    host = base.removeprefix("http://")
    for url in EXAMPLE_URLS:
        _, headers, _ = fetch(base + url)
        tag = headers["etag"]
        for method in ("GET", "HEAD"):
            status, again, body = fetch(base + url, {"If-None-Match": tag}, method)
            assert (status, again.get("x-cache"), body) == (304, "HIT", b""), (url, method)
            before = origin_hits(log_path)[url]
            # The Host the cache passed on: absolute links (and so the tag) are the site's, not the replica's.
            status, direct, body = fetch(origin_base + url, {"If-None-Match": tag, "Host": host}, method)
            assert (status, direct.get("etag"), body) == (304, tag, b""), (url, method)
            assert origin_hits(log_path)[url] == before + 1


def test_what_must_not_be_reused_reaches_datasette_every_time(origin, proxy):
    _, log_path = origin
    cache, base = proxy
    cases = {
        "/-/prep?_ttl=0": {},  # no-cache: stored, but asked again each time (a 304 when unchanged)
        "/-/interview-stats?_ttl=0": {},
        "/-/questions?round_type=coding&topic=rag": {"Cookie": "ds_actor=someone"},  # private, no-store
        "/-/prep/no-such-company-anywhere": {},  # a 404: no-store
        "/-/questions.md?page=0": {},  # a 400: no-store
    }
    before = origin_hits(log_path)
    for url, headers in cases.items():
        for _ in range(READS):
            fetch(base + url, headers)
    reached = origin_hits(log_path) - before
    assert {url: reached[url] for url in cases} == dict.fromkeys(cases, READS)
    ttl0 = [outcome for path, outcome in cache.outcomes if path == "/-/prep?_ttl=0"]
    assert ttl0 == ["MISS"] + ["REVALIDATED"] * (READS - 1)  # each time back to Datasette, answered 304
    print(f"\nnot reused: {dict(reached)}")


def test_an_answer_to_a_request_without_a_cookie_is_not_served_to_one_with_a_cookie(origin, proxy):
    _, log_path = origin
    _, base = proxy
    url = "/-/search?q=agents"
    fetch(base + url)
    status, headers, _ = fetch(base + url, {"Cookie": "ds_actor=someone"})
    assert status == 200 and headers["x-cache"] == "PASS" and headers["cache-control"] == "private, no-store"
    assert "etag" not in headers
    assert origin_hits(log_path)[url] == 2
