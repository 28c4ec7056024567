"""How many fetched comments mention a company, with a link to them on the search page.

A comment mentions a company when the company's name matches it as a phrase in the
search index, exactly as `/-/search?q="Name"&kind=comments` matches, so the count
shown and the hits behind its link are the same. One FTS5 count (a few
milliseconds at 50,000 comments); None when the database has no fetched comments
(the build found no discussions cache).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from datasette_interview_prep.core.search import SEARCH_KINDS_BY_NAME
from datasette_interview_prep.web import registry
from datasette_interview_prep.web.fts import MATCH_NOTHING, fts_query
from datasette_interview_prep.web.search_read import indexed_kinds

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

COMMENTS = SEARCH_KINDS_BY_NAME["comment"]


@dataclass(frozen=True)
class CommentMentions:
    count: int
    url: str  # the search page, comments only, for the company's name as a phrase


def mentions_query(company_name: str) -> str:
    """What the search box gets: the name as one phrase ("Mistral AI", not Mistral and AI anywhere)."""
    return '"' + company_name.replace('"', " ") + '"'


async def comment_mentions(datasette: Datasette, database: Database, company_name: str) -> CommentMentions | None:
    """The company's mentions in fetched comments, or None when the database has none fetched."""
    if COMMENTS not in await indexed_kinds(database):
        return None
    query = mentions_query(company_name)
    match = fts_query(query)
    count = 0
    if match != MATCH_NOTHING:
        rows = await database.execute(
            "select count(*) from search_fts where search_fts match :match and rowid between :first and :last",
            {"match": match, "first": COMMENTS.first_rowid, "last": COMMENTS.last_rowid},
        )
        count = int(rows.first()[0])
    url = registry.page_path(datasette, "search", query={"q": query, "kind": COMMENTS.plural})
    return CommentMentions(count, url)
