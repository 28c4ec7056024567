"""Read the build's search index: counts per kind, one page of ranked hits, their snippets.

Three steps, each as cheap as the index allows:

1. count the hits of every kind: an FTS5 rowid-range count per kind (no ranking);
2. the rowids of the page: from the champion list `search_top` when the query is
   one frequent word, else ranked live with the build's RANK_SQL;
3. snippets and what each hit is, for those rowids only.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from datasette_interview_prep.core.search import ITEM_COLUMNS, RANK_SQL, SEARCH_KINDS, SearchKind
from datasette_interview_prep.web.fts import MATCH_NOTHING, fts_query
from datasette_interview_prep.web.interview_db import per_database_file, per_parameters

if TYPE_CHECKING:
    from datasette.database import Database

SNIPPET_TOKENS = 28
# What fts_query() makes of one plain word: the only shape a champion list can answer.
_ONE_WORD = re.compile(r'^"([^\W_]+)"$')


@dataclass
class Hit:
    kind: str
    link: str
    title: str  # with [[...]] around the words that matched
    snippet: str  # the same markers
    company: str | None
    company_name: str | None
    process_id: str | None
    position: int | None
    round_type: str | None
    platform: str | None
    published: str | None
    detail: str
    thread_title: str | None = None  # a fetched comment's: its thread
    permalink: str | None = None  # a fetched comment's: on its platform


@dataclass
class SearchResult:
    match: str  # the FTS5 expression searched
    counts: dict[str, int] = field(default_factory=dict)  # kind name -> hits, for the kinds in the index
    total: int = 0  # hits of the kind searched (all kinds when none)
    hits: list[Hit] = field(default_factory=list)
    ranked_by: str = "bm25"  # or "champion list"


async def indexed_kinds(database: Database) -> list[SearchKind]:
    """The kinds that have items in this database's index (kept per database file)."""

    async def compute() -> list[SearchKind]:
        tables = set(await database.table_names())
        if "search_fts" not in tables:
            return []
        found = []
        for kind in SEARCH_KINDS:
            rows = await database.execute(
                "select 1 from search_items where rowid between ? and ? limit 1", [kind.first_rowid, kind.last_rowid]
            )
            if rows.first():
                found.append(kind)
        return found

    return await per_database_file(database, "search:kinds", compute)


async def search(
    database: Database, text: str, kinds: list[SearchKind], kind: SearchKind | None, offset: int, limit: int
) -> SearchResult:
    """Hits `offset` to `offset + limit` of `text` in `kind` (every indexed kind when None), best first.

    All of it runs in one trip to Datasette's read thread: three small statements.
    """
    match = fts_query(text)
    if match == MATCH_NOTHING or not kinds:
        return SearchResult(match, counts={each.name: 0 for each in kinds})

    async def compute() -> SearchResult:
        found: SearchResult = await database.execute_fn(lambda conn: search_on(conn, match, kinds, kind, offset, limit))
        return found

    # Ranking a common pair of words live is most of the page's time (5,289 hits of 'system design' at 100x):
    # the same search on the same file gives the same hits, so repeats come from a bounded LRU.
    searched = ",".join(each.name for each in kinds)
    return await per_parameters(
        database, f"search:{match}:{searched}:{kind.name if kind else ''}:{offset}:{limit}", compute
    )


def search_on(
    conn: sqlite3.Connection, match: str, kinds: list[SearchKind], kind: SearchKind | None, offset: int, limit: int
) -> SearchResult:
    result = SearchResult(match)
    result.counts = _counts(conn, match, kinds)
    result.total = result.counts.get(kind.name, 0) if kind else sum(result.counts.values())
    if offset >= result.total:
        return result
    rowids = _champion_rowids(conn, match, kind, offset, limit, result.total)
    searched = [kind] if kind else kinds
    if rowids is not None:
        result.ranked_by = "champion list"
    elif any(each.rank_cap and result.counts.get(each.name, 0) > each.rank_cap for each in searched):
        result.ranked_by = "bm25, a large kind's best-scored hits only"
        rowids = _capped_rowids(conn, match, searched, result.counts, offset, limit)
    else:
        rowids = _ranked_rowids(conn, match, kind, offset, limit)
    result.hits = _hits(conn, match, rowids)
    _add_threads(conn, result.hits)
    return result


def _counts(conn: sqlite3.Connection, match: str, kinds: list[SearchKind]) -> dict[str, int]:
    word = _ONE_WORD.match(match)
    if word:  # a frequent word's champion lists hold its exact count per kind (a kind without hits has none)
        listed = dict(conn.execute("select kind, hits from search_top where term = ?", [word[1].lower()]).fetchall())
        if listed:
            return {kind.name: listed.get(kind.name, 0) for kind in kinds}
    parts = [
        f"select {index}, (select count(*) from search_fts where search_fts match :match"
        f" and rowid between {kind.first_rowid} and {kind.last_rowid})"
        for index, kind in enumerate(kinds)
    ]
    rows = conn.execute(" union all ".join(parts), {"match": match}).fetchall()
    return {kinds[index].name: count for index, count in rows}


def _champion_rowids(
    conn: sqlite3.Connection, match: str, kind: SearchKind | None, offset: int, limit: int, total: int
) -> list[int] | None:
    word = _ONE_WORD.match(match)
    if not word:
        return None
    row = conn.execute(
        "select rowids from search_top where term = ? and kind = ?", [word[1].lower(), kind.name if kind else ""]
    ).fetchone()
    if row is None:
        return None
    rowids: list[int] = json.loads(row[0])
    if offset + limit > len(rowids) and len(rowids) < total:
        return None  # a page past the list: rank live
    return rowids[offset : offset + limit]


def _ranked_rowids(conn: sqlite3.Connection, match: str, kind: SearchKind | None, offset: int, limit: int) -> list[int]:
    in_kind = f" and search_fts.rowid between {kind.first_rowid} and {kind.last_rowid}" if kind else ""
    rows = conn.execute(
        "select search_fts.rowid from search_fts join search_items on search_items.rowid = search_fts.rowid"
        f" where search_fts match :match{in_kind} order by {RANK_SQL}, search_fts.rowid limit :limit offset :offset",
        {"match": match, "limit": limit, "offset": offset},
    ).fetchall()
    return [row[0] for row in rows]


def _capped_rowids(
    conn: sqlite3.Connection, match: str, kinds: list[SearchKind], counts: dict[str, int], offset: int, limit: int
) -> list[int]:
    """The page ranked over rowid ranges and merged: a kind over its rank_cap ranks only its first rank_cap hits.

    Ranking is bm25 for every hit it ranks (10-20 us each); thousands of comments matching two common
    words would take 50-100 ms, their first rank_cap (best-scored first, as the build numbers them) a few.
    A page past the cap ranks as many as it needs. Each statement that calls bm25 also reads the whole
    doclist of every word of the query once, to weigh it, whatever range it ranks (1-2 ms for common
    words among 50,000 comments): so adjacent kinds are ranked in one statement, and with the capped kind
    last (comments are) the whole page is one.
    """
    wanted = offset + limit
    ranked: list[tuple[float, int]] = []
    for first, last in _rank_ranges(conn, match, kinds, counts, wanted):
        ranked += (
            (score, rowid)  # Datasette's connections answer sqlite3.Row, which does not sort
            for score, rowid in conn.execute(
                f"select {RANK_SQL}, search_fts.rowid from search_fts join search_items on search_items.rowid = search_fts.rowid"
                " where search_fts match :match and search_fts.rowid between :first and :last"
                " order by 1, 2 limit :wanted",
                {"match": match, "first": first, "last": last, "wanted": wanted},
            )
        )
    ranked.sort()
    return [rowid for _, rowid in ranked[offset:wanted]]


def _rank_ranges(
    conn: sqlite3.Connection, match: str, kinds: list[SearchKind], counts: dict[str, int], wanted: int
) -> list[tuple[int, int]]:
    """The rowid ranges to rank, in kind order: a kind's whole block, or a capped kind's first `cap` hits;
    a range that runs to the end of its kind's block is extended over the next kind's. `kinds` are every
    searched kind in rowid order, so nothing outside them lies between two blocks."""
    ranges: list[tuple[int, int]] = []
    open_ended = False  # whether the last range runs to the end of its kind's block
    for kind in kinds:
        if not counts.get(kind.name):
            continue
        last = kind.last_rowid
        cap = max(kind.rank_cap or 0, wanted)  # a deeper page ranks more of them
        if kind.rank_cap and counts[kind.name] > cap:
            # The cap-th hit's rowid bounds the range: FTS5 seeks a rowid range, not a list of rowids.
            last = conn.execute(
                "select max(rowid) from (select rowid from search_fts where search_fts match :match"
                f" and rowid between {kind.first_rowid} and {kind.last_rowid} order by rowid limit {cap})",
                {"match": match},
            ).fetchone()[0]
        if ranges and open_ended:
            ranges[-1] = (ranges[-1][0], last)
        else:
            ranges.append((kind.first_rowid, last))
        open_ended = last == kind.last_rowid
    return ranges


# A hit is an item as shown: its title highlighted, a snippet of its body, and no boost.
_SHOWN_COLUMNS = tuple(column for column in ITEM_COLUMNS if column != "boost")
_HIT_COLUMNS = ("rowid", *("snippet" if column == "body" else column for column in _SHOWN_COLUMNS))
_HIT_SELECT = ", ".join(
    {
        "title": "highlight(search_fts, 0, '[[', ']]')",
        "body": f"snippet(search_fts, 1, '[[', ']]', ' … ', {SNIPPET_TOKENS})",
    }.get(column, column)
    for column in _SHOWN_COLUMNS
)


def _hits(conn: sqlite3.Connection, match: str, rowids: list[int]) -> list[Hit]:
    if not rowids:
        return []
    rows = conn.execute(
        f"select search_items.rowid, {_HIT_SELECT}"
        " from search_fts join search_items on search_items.rowid = search_fts.rowid"
        " where search_fts match :match and search_fts.rowid in (select value from json_each(:rowids))",
        {"match": match, "rowids": json.dumps(rowids)},
    ).fetchall()
    by_rowid: dict[int, dict[str, Any]] = {row[0]: dict(zip(_HIT_COLUMNS, row)) for row in rows}
    hits = []
    for rowid in rowids:
        row = by_rowid.get(rowid)
        if row is not None:
            row.pop("rowid")
            row["position"] = int(row["position"]) if row["position"] is not None else None
            row["detail"] = row["detail"] or ""
            hits.append(Hit(**row))
    return hits


def _add_threads(conn: sqlite3.Connection, hits: list[Hit]) -> None:
    """A comment hit's thread title and permalink, from the comments table (not in search_items)."""
    comments = {int(hit.link.split("/", 1)[1]): hit for hit in hits if hit.kind == "comment"}
    if not comments:
        return
    rows = conn.execute(
        "select id, thread_title, permalink from comments where id in (select value from json_each(:ids))",
        {"ids": json.dumps(list(comments))},
    ).fetchall()
    for comment_id, thread_title, permalink in rows:
        comments[comment_id].thread_title = thread_title
        comments[comment_id].permalink = permalink
