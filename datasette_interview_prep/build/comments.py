"""The discussions cache -> the `comments` table, with full-text search (optional).

`interview-prep fetch-discussions` fills the cache (core/discussions.py: one
CachedThread a file); this reads every `<cache>/<platform>/*.json` back. A file
that is not a valid CachedThread is reported (file and reason) and skipped;
it never stops the build. With no cache, or an empty one, there is no table and
the database is exactly what it was without this step.

One row a post, comment or article: the thread's own text is kind `post`, an
article's main text kind `article`. Deleted, removed and dead comments and empty
ones are left out; a text longer than its kind's cap is cut there (`truncated` = 1).
`source_id` is the source (data/sources) the thread was fetched for, when the
data still lists its URL. The text is other people's words, fetched from
public pages: it stays in the user's cache and database, never in data/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils
from pydantic import ValidationError

from datasette_interview_prep.build.errors import BuildError
from datasette_interview_prep.core.discussions import PLATFORMS, CachedComment, CachedThread

MAX_FILE_BYTES = 64 * 1024 * 1024
CAPS = {"comment": 10_000, "post": 20_000, "article": 50_000}  # characters kept of a text
_GONE = frozenset({"[deleted]", "[removed]"})

TABLE = "comments"
# The table's columns, declared once: the build creates it from these.
COLUMNS: dict[str, type] = {
    "id": int,
    "source_id": int,
    "platform": str,
    "kind": str,
    "thread_title": str,
    "community": str,
    "comment_id": str,
    "parent_id": str,
    "author": str,
    "created": str,
    "score": int,
    "permalink": str,
    "text": str,
    "truncated": int,
    "cache_file": str,
}
FTS_COLUMNS = ["text", "author"]
INDEXED_COLUMNS = ("source_id", "platform", "kind", "author", "created")


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class CommentsRead:
    threads: list[tuple[str, CachedThread]] = field(default_factory=list)  # (file as shown, thread)
    skipped: list[SkippedFile] = field(default_factory=list)


def _reason(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    if first["type"] == "json_invalid":
        return f"not valid JSON: {first['msg']}"
    return f"{where or '(file)'}: {first['msg']}{more}"


def read_thread_file(path: Path, shown: str) -> CachedThread | SkippedFile:
    """The thread in one cache file, or why it is skipped."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return SkippedFile(shown, f"larger than {MAX_FILE_BYTES // 1_000_000} MB")
        raw = path.read_bytes()
    except OSError as error:
        return SkippedFile(shown, f"cannot be read: {error.strerror or error}")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return SkippedFile(shown, f"not UTF-8 (byte {error.start})")
    try:
        thread = CachedThread.model_validate_json(raw)
    except ValidationError as error:
        return SkippedFile(shown, _reason(error))
    if thread.platform != path.parent.name or thread.thread_id != path.stem:
        return SkippedFile(shown, f"holds {thread.platform}/{thread.thread_id}, not what its name says")
    return thread


def read_comments_cache(cache_dir: Path) -> CommentsRead:
    """Every thread file in the cache, in a stable order; nothing when the folder is absent."""
    read = CommentsRead()
    if not cache_dir.is_dir():
        return read
    for platform in PLATFORMS:
        for path in sorted((cache_dir / platform).glob("*.json")):
            shown = str(path)
            found = read_thread_file(path, shown)
            if isinstance(found, SkippedFile):
                read.skipped.append(found)
            else:
                read.threads.append((shown, found))
    return read


def _kept_text(comment: CachedComment, kind: str) -> tuple[str, int] | None:
    text = (comment.text or "").strip()
    if comment.deleted or not text or text in _GONE:
        return None
    cap = CAPS[kind]
    return (text[:cap].rstrip() + " …", 1) if len(text) > cap else (text, 0)


def _rows(shown: str, thread: CachedThread, source: tuple[int, str] | None) -> list[dict[str, Any]]:
    title = thread.title or (source[1] if source else None)
    common = {
        "source_id": source[0] if source else None,
        "platform": thread.platform,
        "thread_title": title,
        "community": thread.community,
        "cache_file": shown,
    }
    items: list[tuple[str, CachedComment]] = []
    if thread.post is not None:
        items.append(("article" if thread.platform == "article" else "post", thread.post))
    items += [("comment", comment) for comment in thread.comments]
    rows, seen = [], set()
    for kind, comment in items:
        kept = _kept_text(comment, kind)
        if kept is None or (kind, comment.id) in seen:
            continue
        seen.add((kind, comment.id))
        rows.append(
            {
                **common,
                "kind": kind,
                "comment_id": comment.id,
                "parent_id": comment.parent_id,
                "author": comment.author,
                "created": comment.created,
                "score": comment.score,
                "permalink": comment.permalink,
                "text": kept[0],
                "truncated": kept[1],
            }
        )
    return rows


class CommentsStep:
    """A build step (build_database's extra_steps): the comments table from a read cache."""

    def __init__(self, read: CommentsRead):
        self.read = read
        self.loaded = 0
        self.left_out = 0  # deleted, removed or empty comments

    def __call__(self, db: sqlite_utils.Database) -> None:
        if not self.read.threads:
            return
        sources = {
            url: (source_id, title) for source_id, url, title in db.execute("select id, url, title from sources")
        }
        rows: list[dict[str, Any]] = []
        for shown, thread in self.read.threads:
            kept = _rows(shown, thread, sources.get(thread.source_url))
            self.left_out += len(thread.comments) + (thread.post is not None) - len(kept)
            rows += kept
        for row_id, row in enumerate(rows, start=1):
            row["id"] = row_id
        table = db.table(TABLE)
        table.create(COLUMNS, pk="id", foreign_keys=[("source_id", "sources", "id")])
        table.insert_all(rows, batch_size=1_000)
        for column in INDEXED_COLUMNS:
            table.create_index([column])
        table.enable_fts(FTS_COLUMNS, fts_version="FTS5", tokenize="porter", create_triggers=True)
        indexed = db.execute(f"select count(*) from [{TABLE}_fts]").fetchone()[0]
        if indexed != len(rows):
            raise BuildError(f"{TABLE}_fts has {indexed} rows, {TABLE} has {len(rows)}")
        self.loaded = len(rows)
