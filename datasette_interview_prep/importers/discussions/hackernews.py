"""A Hacker News thread through one of its two public APIs, as a CachedThread.

- Algolia's items endpoint (the default): `GET {base}/items/{id}` answers the
  story with its whole comment tree (`children`, each with id, author,
  created_at_i, text as HTML, points, parent_id): one request a thread.
- The official API: `GET {base}/item/{id}.json` answers one item (id, by, time,
  text, kids, parent, type, deleted, dead, title, score, url); the thread is
  walked breadth-first, one request an item, at most `max_items` of them.

Deleted and dead comments are kept as `deleted` (no author, no text). Trees are
walked with an explicit stack, so a deep thread cannot exhaust Python's stack.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timezone
from typing import Any

from datasette_interview_prep.core.discussions import CACHE_FORMAT, CachedComment, CachedThread, utc_timestamp
from datasette_interview_prep.importers.discussions.http import FetchError, PoliteClient
from datasette_interview_prep.importers.discussions.targets import Target
from datasette_interview_prep.importers.discussions.text import html_to_text

ALGOLIA_API = "https://hn.algolia.com/api/v1"
OFFICIAL_API = "https://hacker-news.firebaseio.com/v0"
ITEM_PAGE = "https://news.ycombinator.com/item?id={}"  # permalinks are the public pages, whatever API answered
DEFAULT_MAX_ITEMS = 2_000


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _item_id(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise FetchError(f"{where}: item without a numeric id")
    return str(value)


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _time(value: Any) -> str | None:
    return utc_timestamp(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return html_to_text(value) if isinstance(value, str) else None


def fetch_algolia(client: PoliteClient, base: str, target: Target) -> CachedThread:
    url = f"{base.rstrip('/')}/items/{target.thread_id}"
    root = client.get(url).json()
    if not isinstance(root, dict) or str(root.get("id")) != target.thread_id:
        raise FetchError(f"{url}: not the item {target.thread_id}")
    comments: list[CachedComment] = []
    stack: list[tuple[Any, str, int]] = [(child, target.thread_id, 1) for child in reversed(_children(root))]
    while stack:
        node, parent, depth = stack.pop()
        if not isinstance(node, dict):
            raise FetchError(f"{url}: a comment that is not an object")
        comment_id = _item_id(node.get("id"), url)
        author, text = node.get("author"), _text(node.get("text"))
        deleted = not isinstance(author, str) or not author or text is None
        comments.append(
            CachedComment(
                id=comment_id,
                parent_id=parent,
                author=None if deleted else author,
                created=_time(node.get("created_at_i")),
                score=_int_or_none(node.get("points")),
                permalink=ITEM_PAGE.format(comment_id),
                text=None if deleted else text,
                deleted=deleted,
                depth=depth,
            )
        )
        stack.extend((child, comment_id, depth + 1) for child in reversed(_children(node)))
    return CachedThread(
        format=CACHE_FORMAT,
        platform="hacker_news",
        source_url=target.source_url,
        thread_id=target.thread_id,
        title=root.get("title") if isinstance(root.get("title"), str) else target.title,
        fetched_at=_now(),
        fetched_from=url,
        post=_post(target, root.get("author"), root.get("created_at_i"), root.get("points"), root.get("text")),
        comments=comments,
    )


def _children(node: dict[str, Any]) -> list[Any]:
    children = node.get("children")
    return children if isinstance(children, list) else []


def _post(target: Target, author: Any, created: Any, score: Any, html: Any) -> CachedComment:
    """The story itself: its text for an Ask HN, else only who posted it and when."""
    return CachedComment(
        id=target.thread_id,
        author=author if isinstance(author, str) and author else None,
        created=_time(created),
        score=_int_or_none(score),
        permalink=ITEM_PAGE.format(target.thread_id),
        text=_text(html),
    )


def fetch_official(client: PoliteClient, base: str, target: Target, max_items: int = DEFAULT_MAX_ITEMS) -> CachedThread:
    base = base.rstrip("/")
    first = f"{base}/item/{target.thread_id}.json"
    root = client.get(first).json()
    if not isinstance(root, dict) or str(root.get("id")) != target.thread_id:
        raise FetchError(f"{first}: not the item {target.thread_id}")
    comments: list[CachedComment] = []
    queue: deque[tuple[str, str, int]] = deque((kid, target.thread_id, 1) for kid in _kids(root, first))
    while queue and len(comments) < max_items:
        kid, parent, depth = queue.popleft()
        url = f"{base}/item/{kid}.json"
        item = client.get(url).json()
        if item is None:  # an id the API does not have (yet): nothing to keep
            continue
        if not isinstance(item, dict):
            raise FetchError(f"{url}: not an item")
        author, text = item.get("by"), _text(item.get("text"))
        deleted = bool(item.get("deleted")) or bool(item.get("dead")) or not isinstance(author, str) or text is None
        comments.append(
            CachedComment(
                id=kid,
                parent_id=parent,
                author=None if deleted else author,
                created=_time(item.get("time")),
                score=_int_or_none(item.get("score")),
                permalink=ITEM_PAGE.format(kid),
                text=None if deleted else text,
                deleted=deleted,
                depth=depth,
            )
        )
        queue.extend((grandkid, kid, depth + 1) for grandkid in _kids(item, url))
    return CachedThread(
        format=CACHE_FORMAT,
        platform="hacker_news",
        source_url=target.source_url,
        thread_id=target.thread_id,
        title=root.get("title") if isinstance(root.get("title"), str) else target.title,
        fetched_at=_now(),
        fetched_from=first,
        post=_post(target, root.get("by"), root.get("time"), root.get("score"), root.get("text")),
        comments=comments,
        missing=len(queue),
    )


def _kids(item: dict[str, Any], url: str) -> list[str]:
    kids = item.get("kids")
    return [_item_id(kid, url) for kid in kids] if isinstance(kids, list) else []
