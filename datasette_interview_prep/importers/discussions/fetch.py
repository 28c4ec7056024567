"""Fetch the planned threads into the cache: resumable, one queue per host, a summary at the end.

A thread whose cache file exists and reads back as a CachedThread is not
fetched again (unless `refresh`); a broken one is. Each file is written to a
temporary name and renamed, so a run stopped at any point leaves only whole
files, and the next run carries on where it stopped. `limit` caps how many
threads are fetched in this run; the cached ones do not count.

Targets are grouped by the host they ask (targets.Target.queue); each group is
worked through in order by one thread, and the hosts' clocks (http.HostClock)
keep every host at its rate however many groups run at once.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import httpx
from pydantic import ValidationError

from datasette_interview_prep.core.discussions import CachedThread, thread_path
from datasette_interview_prep.importers.discussions.articles import fetch_article
from datasette_interview_prep.importers.discussions.hackernews import (
    ALGOLIA_API,
    DEFAULT_MAX_ITEMS,
    OFFICIAL_API,
    fetch_algolia,
    fetch_official,
)
from datasette_interview_prep.importers.discussions.http import FetchError, HostClock, PoliteClient, Politeness
from datasette_interview_prep.importers.discussions.reddit import OAUTH_API, PUBLIC_API, RedditAuth, fetch_reddit
from datasette_interview_prep.importers.discussions.targets import Target

Status = Literal["fetched", "cached", "failed"]
MAX_WORKERS = 8  # queues worked at once; each host still gets at most its rate
MAX_CACHE_FILE_BYTES = 64 * 1024 * 1024  # the build refuses larger files too


@dataclass(frozen=True)
class Endpoints:
    """Where each platform's API is: the public services, or a mirror or test server."""

    hacker_news: str = ALGOLIA_API
    hacker_news_official: str = OFFICIAL_API
    reddit: str = PUBLIC_API
    reddit_oauth: str = OAUTH_API

    @property
    def reddit_token(self) -> str:
        return f"{self.reddit.rstrip('/')}/api/v1/access_token"


@dataclass(frozen=True)
class FetchSettings:
    cache_dir: Path
    endpoints: Endpoints = field(default_factory=Endpoints)
    politeness: Politeness = field(default_factory=Politeness)
    refresh: bool = False
    limit: int | None = None
    hn_api: Literal["algolia", "official"] = "algolia"
    hn_max_items: int = DEFAULT_MAX_ITEMS  # the official API asks one item a request
    reddit_auth: RedditAuth | None = None
    max_workers: int = MAX_WORKERS
    transport: httpx.BaseTransport | None = None  # tests only: an in-process transport


@dataclass(frozen=True)
class Outcome:
    target: Target
    status: Status
    reason: str = ""  # why it failed
    comments: int = 0  # comments kept (deleted ones included)


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    left_for_later: int = 0  # not fetched this run: past --limit
    requests: int = 0
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failures(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]


def read_cached(path: Path) -> CachedThread | None:
    """The thread in `path`, or None when it is absent, too large or not a valid cache file."""
    try:
        if path.stat().st_size > MAX_CACHE_FILE_BYTES:
            return None
        return CachedThread.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return None


def write_cached(cache_dir: Path, thread: CachedThread) -> Path:
    path = thread_path(cache_dir, thread.platform, thread.thread_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        temporary.write_text(thread.model_dump_json(exclude_defaults=True), encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def fetch_one(client: PoliteClient, settings: FetchSettings, target: Target) -> CachedThread:
    endpoints = settings.endpoints
    if target.platform == "hacker_news":
        if settings.hn_api == "official":
            return fetch_official(client, endpoints.hacker_news_official, target, settings.hn_max_items)
        return fetch_algolia(client, endpoints.hacker_news, target)
    if target.platform == "reddit":
        base = endpoints.reddit_oauth if settings.reddit_auth else endpoints.reddit
        return fetch_reddit(client, base, target, settings.reddit_auth)
    return fetch_article(client, target)


def _work_queue(
    targets: list[Target],
    settings: FetchSettings,
    clock: HostClock,
    done: queue.Queue[tuple[Outcome, int]],
    stop: threading.Event,
) -> None:
    with PoliteClient(settings.politeness, clock, settings.transport) as client:
        for target in targets:
            if stop.is_set():
                return
            sent = client.requests
            try:
                thread = fetch_one(client, settings, target)
                write_cached(settings.cache_dir, thread)
                outcome = Outcome(target, "fetched", comments=len(thread.comments))
            except FetchError as error:
                outcome = Outcome(target, "failed", str(error))
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(part) for part in first["loc"])
                outcome = Outcome(target, "failed", f"unexpected value in the answer: {where}: {first['msg']}")
            except OSError as error:
                outcome = Outcome(target, "failed", f"could not write the cache file: {error}")
            except Exception as error:  # an answer no rule above foresaw: this thread fails, the run goes on
                outcome = Outcome(target, "failed", f"unexpected {type(error).__name__}: {error}")
            done.put((outcome, client.requests - sent))


def fetch_all(
    targets: Iterable[Target],
    settings: FetchSettings,
    on_outcome: Callable[[Outcome], None] = lambda outcome: None,
) -> Summary:
    """Fetch what the cache lacks (everything with `refresh`), at most `limit` threads; the summary."""
    started = time.perf_counter()
    summary = Summary()
    to_fetch: list[Target] = []
    for target in targets:
        path = thread_path(settings.cache_dir, target.platform, target.thread_id)
        cached = None if settings.refresh else read_cached(path)
        if cached is not None:
            outcome = Outcome(target, "cached", comments=len(cached.comments))
            summary.outcomes.append(outcome)
            on_outcome(outcome)
        else:
            to_fetch.append(target)
    if settings.limit is not None and len(to_fetch) > settings.limit:
        summary.left_for_later = len(to_fetch) - settings.limit
        to_fetch = to_fetch[: settings.limit]
    queues: dict[str, list[Target]] = {}
    for target in to_fetch:
        queues.setdefault(target.queue, []).append(target)
    clock = HostClock(settings.politeness.min_interval)
    done: queue.Queue[tuple[Outcome, int]] = queue.Queue()
    stop = threading.Event()
    executor = ThreadPoolExecutor(max_workers=max(1, settings.max_workers), thread_name_prefix="fetch")
    try:
        futures = [
            executor.submit(_work_queue, group, settings, clock, done, stop)
            for group in sorted(queues.values(), key=len, reverse=True)  # the longest queues first
        ]
        for _ in to_fetch:
            outcome, requests = done.get()
            summary.outcomes.append(outcome)
            summary.requests += requests
            on_outcome(outcome)
        for future in futures:
            future.result()
    finally:
        stop.set()  # on Ctrl-C: the workers stop after the thread they are on
        executor.shutdown(wait=True, cancel_futures=True)
    summary.seconds = time.perf_counter() - started
    return summary


def estimated_seconds(targets: Iterable[Target], politeness: Politeness) -> float:
    """The least time fetching `targets` takes at `politeness`: the busiest host's first requests.

    One request a thread (Hacker News through Algolia, an article, a Reddit thread
    without `more` stubs to follow); hosts run side by side, so the longest queue sets it.
    """
    per_queue: dict[str, int] = {}
    for target in targets:
        per_queue[target.queue] = per_queue.get(target.queue, 0) + 1
    busiest = max(per_queue.values(), default=0)
    return max(busiest - 1, 0) * politeness.min_interval
