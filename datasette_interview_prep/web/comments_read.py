"""How many fetched comments mention a company, with a link to them on the search page.

A comment mentions a company when the company's name matches it as a phrase in the
search index, exactly as `/-/search?q="Name"&kind=comments` matches, so the count
shown and the hits behind its link are the same. Counted once per database file for
every company at once (a few milliseconds each); None when the database has no
fetched comments (the build found no discussions cache).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from datasette_interview_prep.core.search import SEARCH_KINDS_BY_NAME
from datasette_interview_prep.web.fts import MATCH_NOTHING, fts_query
from datasette_interview_prep.web.interview_db import per_database_file
from datasette_interview_prep.web.links import SEARCH_PATH
from datasette_interview_prep.web.search_read import indexed_kinds

if TYPE_CHECKING:
    from datasette.database import Database

COMMENTS = SEARCH_KINDS_BY_NAME["comment"]


@dataclass(frozen=True)
class CommentMentions:
    count: int
    url: str  # the search page, comments only, for the company's name as a phrase


def mentions_query(company_name: str) -> str:
    """What the search box gets: the name as one phrase ("Mistral AI", not Mistral and AI anywhere)."""
    return '"' + company_name.replace('"', " ") + '"'


async def _counts(database: Database) -> dict[str, int] | None:
    """Company name -> comments that mention it; None without fetched comments."""
    if COMMENTS not in await indexed_kinds(database):
        return None
    names = [row[0] for row in await database.execute("select distinct name from companies")]

    def count(conn: Any) -> dict[str, int]:
        found = {}
        for name in names:
            match = fts_query(mentions_query(name))
            found[name] = (
                0
                if match == MATCH_NOTHING
                else conn.execute(
                    "select count(*) from search_fts where search_fts match ? and rowid between ? and ?",
                    [match, COMMENTS.first_rowid, COMMENTS.last_rowid],
                ).fetchone()[0]
            )
        return found

    counted: dict[str, int] = await database.execute_fn(count)
    return counted


async def comment_mentions(datasette: Any, database: Database, company_name: str) -> CommentMentions | None:
    """The company's mentions in fetched comments, or None when the database has none fetched."""
    counts = await per_database_file(database, "comments:mentions", lambda: _counts(database))
    if counts is None:
        return None
    query = urlencode({"q": mentions_query(company_name), "kind": COMMENTS.plural})
    return CommentMentions(counts.get(company_name, 0), str(datasette.urls.path(SEARCH_PATH)) + "?" + query)
