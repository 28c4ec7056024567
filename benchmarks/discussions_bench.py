"""Benchmarks of fetched discussions (issue 26): search with many comments, and the fetcher's throughput.

- `synthetic_comments(data_dir, cache_dir, count)` writes a discussions cache of `count`
  generated comments spread over the Hacker News and Reddit threads data/ lists, in the
  format `interview-prep fetch-discussions` writes (core/discussions.py); half the
  words are common English function words, the other half come from data/ itself
  (titles, step details, questions, as often as data/ uses them), so the search
  terms hit them as they would hit comments about interviews. Deterministic for a seed.
- `ApiServer` answers Algolia's items endpoint and Reddit's thread JSON on 127.0.0.1
  with generated threads, for `fetch_throughput`: the fetcher run against it with the
  default politeness (one request a second per host), and again with no rate limit,
  to show what bounds it.

Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from datasette_interview_prep.build.load import load_data
from datasette_interview_prep.core.discussions import CACHE_FORMAT, CachedComment, CachedThread
from datasette_interview_prep.importers.discussions.fetch import (
    Endpoints,
    FetchSettings,
    estimated_seconds,
    fetch_all,
    write_cached,
)
from datasette_interview_prep.importers.discussions.http import Politeness
from datasette_interview_prep.importers.discussions.targets import SourceRef, Target, plan

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{1,}")
T0 = 1_700_000_000
# About half of the words of written English are function words like these; a comment made only of
# data/'s interview vocabulary would have "interview" or "design" in nearly every one.
FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "it",
    "is",
    "was",
    "i",
    "for",
    "on",
    "you",
    "he",
    "be",
    "with",
    "as",
    "by",
    "at",
    "have",
    "are",
    "this",
    "not",
    "but",
    "had",
    "his",
    "they",
    "from",
    "she",
    "which",
    "or",
    "we",
    "an",
    "there",
    "her",
    "were",
    "one",
    "do",
    "been",
    "all",
    "their",
    "has",
    "would",
    "will",
    "what",
    "if",
    "can",
    "when",
    "so",
    "no",
    "said",
    "who",
    "more",
    "about",
    "up",
    "them",
    "some",
    "could",
    "him",
    "into",
    "its",
    "then",
    "two",
    "out",
    "time",
    "like",
    "only",
    "my",
    "did",
    "other",
    "me",
    "your",
    "now",
    "over",
    "just",
    "new",
    "also",
    "any",
    "these",
    "after",
    "first",
    "well",
    "way",
    "even",
    "because",
    "than",
    "very",
    "how",
    "most",
    "our",
]
FUNCTION_SHARE = 0.5


def _vocabulary(data_dir: Path) -> tuple[list[str], list[str]]:
    """Words of data/ (with their frequencies: a word used often is drawn often), and company names."""
    dataset = load_data(data_dir)
    texts = [source.title for _, source in dataset.sources]
    texts += [question.question for _, question in dataset.questions]
    for company in dataset.companies:
        for _, process in company.processes:
            texts += [f"{step.name} {step.details or ''}" for step in process.steps]
    words = [word.lower() for text in texts for word in _WORD.findall(text)]
    return words, [company.name for company in dataset.companies]


def _targets(data_dir: Path) -> list[Target]:
    sources = [SourceRef(s.url, s.title, s.platform, s.community) for _, s in load_data(data_dir).sources]
    return plan(sources, ["hacker_news", "reddit"]).targets


def synthetic_comments(data_dir: Path, cache_dir: Path, count: int, seed: int = 26) -> int:
    """Write `count` comments over data/'s threads into `cache_dir`; the number of thread files."""
    rng = random.Random(seed)
    words, companies = _vocabulary(data_dir)
    targets = _targets(data_dir)
    per_thread, extra = divmod(count, len(targets))
    for index, target in enumerate(targets):
        size = per_thread + (1 if index < extra else 0)
        comments = []
        for position in range(size):
            length = rng.randint(8, 90)
            text = " ".join(
                rng.choice(FUNCTION_WORDS) if rng.random() < FUNCTION_SHARE else rng.choice(words)
                for _ in range(length)
            )
            if rng.random() < 0.1:
                text += f" {rng.choice(companies)}"
            comment_id = f"{target.thread_id}x{position}"
            comments.append(
                CachedComment(
                    id=comment_id,
                    parent_id=target.thread_id if position % 3 == 0 else f"{target.thread_id}x{position - 1}",
                    author=f"user{rng.randint(1, 5_000)}",
                    created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(T0 + rng.randint(0, 60_000_000))),
                    score=rng.randint(-5, 400),
                    permalink=f"https://example.invalid/{target.platform}/{comment_id}",
                    text=text,
                    depth=0 if position % 3 == 0 else 1,
                )
            )
        write_cached(
            cache_dir,
            CachedThread(
                format=CACHE_FORMAT,
                platform=target.platform,
                source_url=target.source_url,
                thread_id=target.thread_id,
                title=target.title,
                community=target.community,
                fetched_at="2026-01-01T00:00:00Z",
                fetched_from="https://example.invalid/synthetic",
                comments=comments,
            ),
        )
    return len(targets)


# --- the fetcher against a loopback stand-in for the APIs ------------------------------------------


def _algolia(thread_id: int, comments: int) -> dict[str, Any]:
    children = [
        {
            "id": thread_id * 1000 + n,
            "created_at_i": T0 + n,
            "type": "comment",
            "author": f"user{n}",
            "text": f"<p>Comment {n} about the system design round",
            "points": None,
            "parent_id": thread_id,
            "children": [],
        }
        for n in range(1, comments + 1)
    ]
    return {
        "id": thread_id,
        "type": "story",
        "title": f"Thread {thread_id}",
        "author": "op",
        "created_at_i": T0,
        "children": children,
    }


def _reddit(thread_id: str, comments: int) -> list[dict[str, Any]]:
    post = {
        "kind": "t3",
        "data": {"id": thread_id, "title": f"Thread {thread_id}", "author": "op", "subreddit": "bench"},
    }
    children = [
        {
            "kind": "t1",
            "data": {
                "id": f"{thread_id}c{n}",
                "author": f"user{n}",
                "body": f"Comment {n} about the coding round",
                "created_utc": float(T0 + n),
                "score": n,
                "permalink": f"/r/bench/comments/{thread_id}/t/{thread_id}c{n}/",
                "parent_id": f"t3_{thread_id}",
                "depth": 0,
                "replies": "",
            },
        }
        for n in range(comments)
    ]
    return [{"kind": "Listing", "data": {"children": [post]}}, {"kind": "Listing", "data": {"children": children}}]


class ApiServer:
    """Algolia's /items/{id} and Reddit's /comments/{id}.json for any id, on 127.0.0.1, until stopped."""

    def __init__(self, comments_per_thread: int):
        answers: dict[str, bytes] = {}
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                with lock:
                    body = answers.get(path)
                    if body is None:
                        if path.startswith("/hn/items/"):
                            body = json.dumps(_algolia(int(path.rsplit("/", 1)[1]), comments_per_thread)).encode()
                        elif path.startswith("/reddit/comments/"):
                            thread = path.rsplit("/", 1)[1].removesuffix(".json")
                            body = json.dumps(_reddit(thread, comments_per_thread)).encode()
                        else:
                            body = b""
                        answers[path] = body
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> ApiServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class Throughput:
    threads: int
    seconds: float  # with the default politeness
    bound_seconds: float  # what the rate limit alone makes it take
    unlimited_seconds: float  # the same fetch with no rate limit: the code's own cost
    comments: int

    @property
    def threads_per_second(self) -> float:
        return self.threads / self.seconds if self.seconds else 0.0


def fetch_throughput(work: Path, threads_per_platform: int = 10, comments_per_thread: int = 200) -> Throughput:
    """Fetch `threads_per_platform` Hacker News and Reddit threads each from the loopback server.

    The two platforms are asked under two host names (127.0.0.1 and localhost), as the real
    ones are two hosts: the rate limit keeps each to one request a second, side by side.
    """
    targets = [
        Target("hacker_news", str(9_000 + n), f"https://news.ycombinator.com/item?id={9_000 + n}", "t", None)
        for n in range(threads_per_platform)
    ] + [
        Target("reddit", f"b{n}", f"https://www.reddit.com/r/bench/comments/b{n}/t", "t", "r/bench")
        for n in range(threads_per_platform)
    ]
    with ApiServer(comments_per_thread) as server:
        endpoints = Endpoints(
            hacker_news=f"http://127.0.0.1:{server.port}/hn", reddit=f"http://localhost:{server.port}/reddit"
        )
        runs = {}
        for name, politeness in (("default", Politeness()), ("unlimited", Politeness(min_interval=0))):
            settings = FetchSettings(
                cache_dir=work / f"fetch-{name}", endpoints=endpoints, politeness=politeness, refresh=True
            )
            started = time.perf_counter()
            summary = fetch_all(targets, settings)
            runs[name] = time.perf_counter() - started
            if summary.failures:
                raise RuntimeError(f"fetch against the loopback server failed: {summary.failures[0].reason}")
            comments = sum(outcome.comments for outcome in summary.outcomes)
    return Throughput(
        len(targets), runs["default"], estimated_seconds(targets, Politeness()), runs["unlimited"], comments
    )
