"""The discussions cache: where it lives and what one file in it holds.

`interview-prep fetch-discussions` (importers/discussions) writes one JSON file
per thread or article, `<cache>/<platform>/<thread id>.json`, as a CachedThread;
`build_db.py` (build/comments.py) reads the same files back with the same model.
The fetched text is other people's words: it stays in this cache, outside the
repository, and in the database built from it.

The cache folder is, first found: the INTERVIEW_PREP_DISCUSSIONS_CACHE
environment variable; $XDG_CACHE_HOME/datasette-interview-prep/discussions;
~/Library/Caches/... on macOS; %LOCALAPPDATA%/... on Windows;
~/.cache/datasette-interview-prep/discussions elsewhere.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

CACHE_FORMAT = 1
CACHE_ENV_VAR = "INTERVIEW_PREP_DISCUSSIONS_CACHE"
APP_FOLDER = "datasette-interview-prep"
PLATFORMS: tuple[str, ...] = ("hacker_news", "reddit", "article")
Platform = Literal["hacker_news", "reddit", "article"]

THREAD_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"  # safe as a file name on every system
_THREAD_ID = re.compile(THREAD_ID_PATTERN)
HttpUrl = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]
ThreadId = Annotated[str, StringConstraints(pattern=THREAD_ID_PATTERN)]
Timestamp = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CachedComment(_Strict):
    """One comment, or the thread's own post, or an article's main text, as fetched."""

    id: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    parent_id: Annotated[str, StringConstraints(max_length=100)] | None = None
    author: Annotated[str, StringConstraints(max_length=200)] | None = None
    created: Timestamp | None = None  # UTC
    score: int | None = None
    permalink: HttpUrl  # on the platform itself, never the API's address
    text: str | None = None  # plain text, not HTML: escape it wherever it is shown
    deleted: bool = False  # deleted, removed or dead: kept so the thread's shape is whole, never loaded
    depth: int = Field(0, ge=0)


class CachedThread(_Strict):
    format: Literal[1]
    platform: Platform
    source_url: HttpUrl  # the URL as data/sources lists it: how the build finds the source row
    thread_id: ThreadId  # the file's name
    title: str | None = None
    community: str | None = None
    fetched_at: Timestamp
    fetched_from: HttpUrl
    post: CachedComment | None = None  # the thread's own text, or the article's
    comments: list[CachedComment] = Field(default_factory=list)
    missing: int = Field(0, ge=0)  # comments the platform listed but did not send (deep or collapsed replies)


def default_cache_dir(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> Path:
    """The cache folder for this user (see the module docstring for the order)."""
    configured = environ.get(CACHE_ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    if environ.get("XDG_CACHE_HOME"):
        base = Path(environ["XDG_CACHE_HOME"])
    elif platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    elif platform.startswith("win") and environ.get("LOCALAPPDATA"):
        base = Path(environ["LOCALAPPDATA"])
    else:
        base = Path.home() / ".cache"
    return base / APP_FOLDER / "discussions"


def thread_path(cache_dir: Path, platform: str, thread_id: str) -> Path:
    """Where one thread's file lives; the id is checked, so no id can name a path outside the cache."""
    if platform not in PLATFORMS or not _THREAD_ID.match(thread_id):
        raise ValueError(f"not a cache entry: {platform}/{thread_id}")
    return cache_dir / platform / f"{thread_id}.json"


def utc_timestamp(seconds: float) -> str:
    """Seconds since the epoch as the cache writes a time: 2024-05-01T09:30:00Z."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
