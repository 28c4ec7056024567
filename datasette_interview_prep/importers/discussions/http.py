"""A polite HTTP client: one request a second per host, timeouts, retries with back-off, bounded bodies.

- Requests to one host start at least `Politeness.min_interval` seconds apart,
  across every thread of the run (HostClock); different hosts do not wait for each other.
- 429 and 5xx answers and network errors are retried up to `retries` times, after
  the server's Retry-After (capped) or `backoff` seconds doubled on each try.
- Redirects are followed by hand, up to `max_redirects`, each hop to http(s) only
  and each through its host's clock; a body larger than `max_bytes` is refused.
- Bytes that are not UTF-8 are replaced (U+FFFD), not fatal: one bad byte in a
  comment does not lose its thread.

Every failure is a FetchError whose message is the reason the summary prints.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

USER_AGENT = (
    "datasette-interview-prep/0.2 (fetch-discussions: reads the public threads a candidate's "
    "interview-prep database cites; one request a second per host)"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A thread that could not be fetched; str(error) is the reason."""


@dataclass(frozen=True)
class Politeness:
    min_interval: float = 1.0  # seconds between the starts of two requests to one host
    timeout: float = 20.0  # seconds to connect, and between two reads of an answer
    retries: int = 3  # further tries after a 429, a 5xx or a network error
    backoff: float = 2.0  # seconds before the first retry, doubled for each further one
    max_backoff: float = 60.0  # the longest wait, also for a server's Retry-After
    max_bytes: int = 32 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT


class HostClock:
    """When each host may next be asked: shared by every worker thread of one run."""

    def __init__(self, min_interval: float, sleep: Callable[[float], None] = time.sleep):
        self.min_interval = min_interval
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.min_interval
        if start > now:
            self._sleep(start - now)


@dataclass(frozen=True)
class Answer:
    url: str  # the address that answered (after redirects, once `get` returns)
    status: int
    body: bytes
    content_type: str = ""
    location: str = ""  # a redirect's Location
    retry_after: float | None = None  # a 429's or 5xx's Retry-After, in seconds

    def text(self) -> str:
        encoding = "utf-8"
        for part in self.content_type.split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                encoding = value.strip("\"' ")
        try:
            return self.body.decode(encoding, errors="replace")
        except LookupError:  # a charset Python does not know
            return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8", errors="replace"))
        except RecursionError:
            raise FetchError("JSON nested too deeply to read") from None
        except ValueError as error:
            raise FetchError(f"malformed JSON from {self.url}: {error}") from None


class PoliteClient:
    """GET with the rules above. One per worker thread (an httpx.Client is not shared across threads)."""

    def __init__(
        self,
        politeness: Politeness,
        clock: HostClock,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.politeness = politeness
        self.clock = clock
        self._sleep = sleep
        self.requests = 0  # sent, retries and redirect hops included
        self._client = httpx.Client(
            timeout=httpx.Timeout(politeness.timeout),
            follow_redirects=False,
            headers={"User-Agent": politeness.user_agent},
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Answer:
        """The answer to GET `url` (status 2xx), after redirects and retries, or a FetchError."""
        for _ in range(self.politeness.max_redirects + 1):
            answer = self._get_with_retries(url, headers)
            if answer.status not in _REDIRECTS:
                return answer
            url = self._redirect_target(answer)
        raise FetchError(f"more than {self.politeness.max_redirects} redirects from {url}")

    def post_form(self, url: str, data: Mapping[str, str], auth: tuple[str, str]) -> Answer:
        """One POST (Reddit's token endpoint), through the host's clock, without retries or redirects."""
        self.clock.wait(_host(url))
        self.requests += 1
        try:
            response = self._client.post(url, data=dict(data), auth=auth)
        except httpx.HTTPError as error:
            raise FetchError(f"{type(error).__name__} from {url}: {error}") from None
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code} from {url}")
        return Answer(url, response.status_code, response.content, response.headers.get("content-type", ""))

    def _redirect_target(self, answer: Answer) -> str:
        target = urljoin(answer.url, answer.location)
        if urlsplit(target).scheme not in ("http", "https") or not urlsplit(target).hostname:
            raise FetchError(f"redirect from {answer.url} to a non-web address: {answer.location[:100]!r}")
        return target

    def _get_with_retries(self, url: str, headers: Mapping[str, str] | None) -> Answer:
        politeness = self.politeness
        reason, server_wait = "", None
        for attempt in range(politeness.retries + 1):
            if attempt:
                wait = politeness.backoff * 2 ** (attempt - 1)
                self._sleep(min(max(wait, server_wait or 0.0), politeness.max_backoff))
            try:
                answer = self._send(url, headers)
            except httpx.TransportError as error:
                reason, server_wait = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__, None
                continue
            if answer.status == 429 or answer.status >= 500:
                reason, server_wait = f"HTTP {answer.status}", answer.retry_after
                continue
            if 200 <= answer.status < 300 or answer.status in _REDIRECTS:
                return answer
            raise FetchError(f"HTTP {answer.status} from {url}")
        tries = politeness.retries + 1
        raise FetchError(f"{reason} from {url} ({tries} {'try' if tries == 1 else 'tries'})")

    def _send(self, url: str, headers: Mapping[str, str] | None) -> Answer:
        self.clock.wait(_host(url))
        self.requests += 1
        try:
            return self._read(url, headers)
        except httpx.InvalidURL as error:  # httpx checks a redirect's Location before it is returned
            raise FetchError(f"redirect from {url} to a non-web address: {error}") from None
        except (httpx.DecodingError, httpx.TooManyRedirects, httpx.StreamError) as error:
            raise FetchError(f"{type(error).__name__} from {url}: {error}") from None

    def _read(self, url: str, headers: Mapping[str, str] | None) -> Answer:
        with self._client.stream("GET", url, headers=dict(headers or {})) as response:
            if response.status_code in _REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {response.status_code} without a Location from {url}")
                return Answer(url, response.status_code, b"", location=location)
            if response.status_code == 429 or response.status_code >= 500:
                return Answer(url, response.status_code, b"", retry_after=_seconds(response.headers.get("retry-after")))
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.politeness.max_bytes:
                    raise FetchError(f"answer from {url} is larger than {self.politeness.max_bytes // 1_000_000} MB")
                chunks.append(chunk)
            return Answer(url, response.status_code, b"".join(chunks), response.headers.get("content-type", ""))


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: the back-off decides


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname or ""
