"""A Reddit thread through its public JSON, as a CachedThread.

`GET {base}/comments/{id}.json?limit=500&raw_json=1` answers two Listings: the
post (a `t3`: title, selftext, author, created_utc, score, subreddit) and its
comment tree (`t1`: id, author, body, created_utc, score, permalink, parent_id,
replies as a nested Listing or ""), where `more` stubs name comments not sent.
Those are asked for with `GET {base}/api/morechildren.json?api_type=json&link_id=t3_{id}&children=...`
(at most 100 ids a request, at most `max_more_requests` requests a thread), which
answers `{"json": {"data": {"things": [...]}}}`, a flat list. What is still not
fetched ("continue this thread" links, or past the cap) is counted in `missing`.

`raw_json=1` asks for bodies as written, not HTML-escaped. Without credentials
the public site is asked, with a descriptive User-Agent; with REDDIT_CLIENT_ID
and REDDIT_CLIENT_SECRET set, an application-only OAuth token is requested
once and oauth.reddit.com is asked instead. "[deleted]" and "[removed]"
comments are kept as `deleted`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode

from datasette_interview_prep.core.discussions import CACHE_FORMAT, CachedComment, CachedThread, utc_timestamp
from datasette_interview_prep.importers.discussions.http import FetchError, PoliteClient
from datasette_interview_prep.importers.discussions.targets import Target

PUBLIC_API = "https://www.reddit.com"
OAUTH_API = "https://oauth.reddit.com"
SITE = "https://www.reddit.com"  # permalinks are the public pages, whatever API answered
CLIENT_ID_VAR = "REDDIT_CLIENT_ID"
CLIENT_SECRET_VAR = "REDDIT_CLIENT_SECRET"
MORE_BATCH = 100
DEFAULT_MAX_MORE_REQUESTS = 20
_GONE = frozenset({"[deleted]", "[removed]"})


@dataclass
class RedditAuth:
    """Application-only OAuth ("client_credentials"): one token, asked for when first needed."""

    client_id: str
    client_secret: str
    token_url: str
    token: str | None = None

    @classmethod
    def from_environment(cls, token_url: str, environ: Mapping[str, str] = os.environ) -> RedditAuth | None:
        client_id, secret = environ.get(CLIENT_ID_VAR), environ.get(CLIENT_SECRET_VAR)
        return cls(client_id, secret, token_url) if client_id and secret else None

    def headers(self, client: PoliteClient) -> dict[str, str]:
        if self.token is None:
            answer = client.post_form(
                self.token_url, {"grant_type": "client_credentials"}, (self.client_id, self.client_secret)
            )
            token = answer.json().get("access_token") if isinstance(answer.json(), dict) else None
            if not isinstance(token, str) or not token:
                raise FetchError(f"{self.token_url}: no access_token in the answer")
            self.token = token
        return {"Authorization": f"bearer {self.token}"}


def _data(thing: Any, where: str) -> dict[str, Any]:
    if not isinstance(thing, dict) or not isinstance(thing.get("data"), dict):
        raise FetchError(f"{where}: expected a Reddit thing with data")
    data: dict[str, Any] = thing["data"]
    return data


def _listing_children(listing: Any, where: str) -> list[Any]:
    if listing in ("", None):  # a comment without replies has replies: ""
        return []
    children = _data(listing, where).get("children")
    if not isinstance(children, list):
        raise FetchError(f"{where}: a Listing without children")
    return children


def _number(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _created(value: Any) -> str | None:
    return utc_timestamp(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _without_prefix(name: Any) -> str | None:
    return name.split("_", 1)[1] if isinstance(name, str) and "_" in name else None


def _permalink(data: dict[str, Any], thread_id: str) -> str:
    path = data.get("permalink")
    if isinstance(path, str) and path.startswith("/") and not path.startswith("//"):
        return SITE + path
    return f"{SITE}/comments/{thread_id}/_/{data.get('id')}/"


@dataclass
class _Walk:
    thread_id: str
    where: str
    comments: list[CachedComment]
    seen: set[str]
    more: list[str]  # comment ids a `more` stub names
    missing: int = 0

    def add(self, things: list[Any], depth: int) -> None:
        """Comments of `things` and all their replies, depth first, in the order Reddit sent them."""
        stack = [(thing, depth) for thing in reversed(things)]
        while stack:
            thing, level = stack.pop()
            kind = thing.get("kind") if isinstance(thing, dict) else None
            data = _data(thing, self.where)
            if kind == "more":
                ids = [child for child in data.get("children") or [] if isinstance(child, str)]
                self.more.extend(ids)
                if not ids:  # "continue this thread": a link to a page of its own
                    self.missing += max(_number(data.get("count")) or 0, 1)
                continue
            if kind != "t1":
                continue
            comment = self._comment(data, level)
            if comment is None:
                continue
            replies = _listing_children(data.get("replies"), self.where)
            stack.extend((reply, level + 1) for reply in reversed(replies))

    def _comment(self, data: dict[str, Any], level: int) -> CachedComment | None:
        comment_id = data.get("id")
        if not isinstance(comment_id, str) or not comment_id or comment_id in self.seen:
            return None
        self.seen.add(comment_id)
        author, body = data.get("author"), data.get("body")
        deleted = not isinstance(body, str) or body.strip() in _GONE or author in _GONE or not body.strip()
        comment = CachedComment(
            id=comment_id,
            parent_id=_without_prefix(data.get("parent_id")),
            author=None if deleted or not isinstance(author, str) else author,
            created=_created(data.get("created_utc")),
            score=_number(data.get("score")),
            permalink=_permalink(data, self.thread_id),
            text=None if deleted else str(body).strip(),
            deleted=deleted,
            depth=_number(data.get("depth")) if _number(data.get("depth")) is not None else level,
        )
        self.comments.append(comment)
        return comment


def fetch_reddit(
    client: PoliteClient,
    base: str,
    target: Target,
    auth: RedditAuth | None = None,
    max_more_requests: int = DEFAULT_MAX_MORE_REQUESTS,
) -> CachedThread:
    base = base.rstrip("/")
    headers = auth.headers(client) if auth else {}
    url = f"{base}/comments/{target.thread_id}.json?" + urlencode({"limit": 500, "raw_json": 1})
    answer = client.get(url, headers).json()
    if not isinstance(answer, list) or len(answer) != 2:
        raise FetchError(f"{url}: expected the post's Listing and the comments' Listing")
    posts = _listing_children(answer[0], url)
    if not posts or not isinstance(posts[0], dict) or posts[0].get("kind") != "t3":
        raise FetchError(f"{url}: no post (t3) in the first Listing")
    post = _data(posts[0], url)
    walk = _Walk(target.thread_id, url, [], set(), [])
    walk.add(_listing_children(answer[1], url), 0)
    requests = 0
    while walk.more and requests < max_more_requests:
        batch, walk.more = walk.more[:MORE_BATCH], walk.more[MORE_BATCH:]
        query = {"api_type": "json", "link_id": f"t3_{target.thread_id}", "children": ",".join(batch), "raw_json": 1}
        more_url = f"{base}/api/morechildren.json?" + urlencode(query)
        things = client.get(more_url, headers).json()
        requests += 1
        data = things.get("json", {}).get("data") if isinstance(things, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("things"), list):
            raise FetchError(f"{more_url}: expected json.data.things")
        walk.add(data["things"], 0)  # a flat list: each thing's own depth is kept
    walk.missing += len(walk.more)
    selftext = post.get("selftext")
    return CachedThread(
        format=CACHE_FORMAT,
        platform="reddit",
        source_url=target.source_url,
        thread_id=target.thread_id,
        title=post.get("title") if isinstance(post.get("title"), str) else target.title,
        community=f"r/{post['subreddit']}" if isinstance(post.get("subreddit"), str) else target.community,
        fetched_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        fetched_from=url,
        post=CachedComment(
            id=target.thread_id,
            author=post.get("author") if isinstance(post.get("author"), str) and post["author"] not in _GONE else None,
            created=_created(post.get("created_utc")),
            score=_number(post.get("score")),
            permalink=_permalink(post, target.thread_id),
            text=selftext.strip() if isinstance(selftext, str) and selftext.strip() not in _GONE | {""} else None,
        ),
        comments=walk.comments,
        missing=walk.missing,
    )
