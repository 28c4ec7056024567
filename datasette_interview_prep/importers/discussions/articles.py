"""An article's main text, as a CachedThread with a post and no comments.

The page is fetched like any other (politely, redirects by hand) and its main
text extracted by trafilatura, which drops menus, footers and comment sections.
trafilatura is optional: `pip install 'datasette-interview-prep[articles]'`.
"""

from __future__ import annotations

import importlib
import json
import re
from datetime import datetime, timezone
from typing import Any

from datasette_interview_prep.core.discussions import CACHE_FORMAT, CachedComment, CachedThread
from datasette_interview_prep.importers.discussions.http import FetchError, PoliteClient
from datasette_interview_prep.importers.discussions.targets import Target

EXTRA_HINT = "pip install 'datasette-interview-prep[articles]'"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def extractor() -> Any | None:
    """The trafilatura module, or None when it is not installed."""
    try:
        return importlib.import_module("trafilatura")
    except ImportError:
        return None


def fetch_article(client: PoliteClient, target: Target) -> CachedThread:
    trafilatura = extractor()
    if trafilatura is None:
        raise FetchError(f"trafilatura is not installed ({EXTRA_HINT})")
    answer = client.get(target.source_url, {"Accept": "text/html,application/xhtml+xml"})
    content_type = answer.content_type.split(";")[0].strip().lower()
    if content_type and content_type not in _HTML_TYPES:
        raise FetchError(f"{answer.url}: not an HTML page ({content_type})")
    extracted = trafilatura.extract(
        answer.text(), url=answer.url, output_format="json", with_metadata=True, include_comments=False
    )
    found: dict[str, Any] = json.loads(extracted) if isinstance(extracted, str) else {}
    text = found.get("text")
    if not isinstance(text, str) or not text.strip():
        raise FetchError(f"{answer.url}: no main text found (a sign-in wall, a script-only page or not an article)")
    date = found.get("date")
    author = found.get("author")
    title = found.get("title")
    return CachedThread(
        format=CACHE_FORMAT,
        platform="article",
        source_url=target.source_url,
        thread_id=target.thread_id,
        title=title if isinstance(title, str) and title.strip() else target.title,
        community=target.community,
        fetched_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        fetched_from=answer.url,
        post=CachedComment(
            id=target.thread_id,
            author=author[:200] if isinstance(author, str) and author.strip() else None,
            created=date if isinstance(date, str) and _DATE.match(date) else None,
            permalink=target.source_url,
            text=text.strip(),
        ),
    )
