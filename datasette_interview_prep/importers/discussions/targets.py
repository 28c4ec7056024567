"""Which sources of data/sources can be fetched, and as what.

- Hacker News: a URL with an item id (news.ycombinator.com/item?id=N): its whole thread.
- Reddit: a thread URL (/comments/ID/..., or redd.it/ID): the post and its comments.
- Articles: a page on a blog, Medium, Substack or dev.to: its main text (the `articles` extra).

Everything else is counted as not fetchable, by platform: TeamBlind and X show
their posts only to signed-in visitors and offer no public read API (X's API is
paid and needs an account), and LinkedIn, YouTube, GitHub and Kaggle are not
prose pages an extractor reads.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from datasette_interview_prep.core.discussions import Platform
from datasette_interview_prep.core.urls import host_of, platform_of

ONLY_CHOICES: dict[str, Platform] = {"hn": "hacker_news", "reddit": "reddit", "articles": "article"}
ARTICLE_PLATFORMS = frozenset({"blog", "medium", "substack", "dev_to"})
# Why a platform's threads are not fetched: the README and the summary say the same.
WHY_NOT: dict[str, str] = {
    "teamblind": "TeamBlind shows posts only to signed-in members and has no public API",
    "x": "X shows posts only to signed-in visitors; its API is paid and needs an account",
}
_REDDIT_THREAD = re.compile(r"/comments/([a-z0-9]{1,12})(?:/|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    platform: Platform
    thread_id: str  # the cache file's name
    source_url: str  # as data/sources lists it
    title: str
    community: str | None

    @property
    def queue(self) -> str:
        """Targets of one queue are fetched one after the other: one queue per host asked."""
        return self.platform if self.platform != "article" else f"article:{host_of(self.source_url)}"


@dataclass(frozen=True)
class SourceRef:
    """What this module needs of a source row: data/sources' url, title, platform, community."""

    url: str
    title: str
    platform: str | None = None
    community: str | None = None


def hacker_news_id(url: str) -> str | None:
    parts = urlsplit(url)
    if host_of(url) != "news.ycombinator.com" or parts.path != "/item":
        return None
    ids = parse_qs(parts.query).get("id", [])
    return ids[0] if len(ids) == 1 and ids[0].isdigit() and len(ids[0]) <= 12 else None


def reddit_id(url: str) -> str | None:
    host = host_of(url)
    parts = urlsplit(url)
    if host == "redd.it":
        thread = parts.path.strip("/")
        return thread.lower() if re.fullmatch(r"[a-z0-9]{1,12}", thread, re.IGNORECASE) else None
    match = _REDDIT_THREAD.search(parts.path)
    return match[1].lower() if match else None


def article_id(url: str) -> str:
    """An article has no id of its own: a stable digest of its URL names its file."""
    return hashlib.sha256(url.encode()).hexdigest()[:20]


@dataclass
class Plan:
    targets: list[Target]
    not_fetchable: Counter[str]  # platform -> sources left out


def plan(sources: Iterable[SourceRef], only: Iterable[Platform] = ("hacker_news", "reddit", "article")) -> Plan:
    """The targets among `sources`, each URL once, in data order; what is left out, by platform."""
    wanted = set(only)
    targets: list[Target] = []
    seen: set[tuple[str, str]] = set()
    left_out: Counter[str] = Counter()
    for source in sources:
        target = _target(source)
        if target is None:
            left_out[source.platform or platform_of(source.url)] += 1
            continue
        if target.platform not in wanted or (target.platform, target.thread_id) in seen:
            continue
        seen.add((target.platform, target.thread_id))
        targets.append(target)
    return Plan(targets, left_out)


def _target(source: SourceRef) -> Target | None:
    platform = source.platform or platform_of(source.url)
    if platform == "hacker_news":
        thread = hacker_news_id(source.url)
        return Target("hacker_news", thread, source.url, source.title, None) if thread else None
    if platform == "reddit":
        thread = reddit_id(source.url)
        return Target("reddit", thread, source.url, source.title, source.community) if thread else None
    if platform in ARTICLE_PLATFORMS:
        return Target("article", article_id(source.url), source.url, source.title, source.community)
    return None
