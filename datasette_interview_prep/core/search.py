"""How full-text search ranks, everywhere; and what the build's search index and the search page agree on.

Ranking: every ranker orders by bm25 with the column weights declared once.
- the search index (`search_fts`: title, body) is ranked by RANK_SQL, its bm25 times each item's boost:
  the build's champion lists and the search page (/-/search) use it;
- each table with a full-text index (core/tables.py: `Table.full_text`, the columns with their weights)
  is ranked by bm25 with those weights: table search (`?_search=`) orders by `table_rank_sql(table)`;
  the canned `search` query and the question bank's search (/-/questions) give FTS5's rank column
  the same weights (`rank match` `table_rank_function(table)`) and order by rank.

The search index: the build (build/search_index.py) writes `search_items`, `search_fts` and the
champion lists `search_top` with the kinds and rowid blocks below; the web layer reads them with the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from datasette_interview_prep.core.tables import FULL_TEXT_TABLES, Table, Weighted

KIND_SPAN = 1_000_000_000  # the n-th kind's rowids are n * KIND_SPAN + 1 ... (n + 1) * KIND_SPAN - 1
CHAMPION_MIN_HITS = 5_000  # words in at least this many items get a champion list (fewer rank live in ~5 ms)
CHAMPION_DEPTH = 200  # how many of a word's best hits the list keeps, overall and per kind
TITLE_WEIGHT = 6.0
BODY_WEIGHT = 1.0
# bm25 is negative (more negative is better): a boost above 1 ranks an item higher.
# The columns of search_items, in order: the build writes them, the search page reads them.
ITEM_COLUMNS: tuple[str, ...] = (
    "kind",
    "link",
    "title",
    "body",
    "company",
    "company_name",
    "process_id",
    "position",
    "round_type",
    "platform",
    "published",
    "detail",
    "boost",
)

COLUMN_TYPES = {"position": "integer", "boost": "real"}
SEARCH_FTS_COLUMNS: tuple[Weighted, ...] = (Weighted("title", TITLE_WEIGHT), Weighted("body", BODY_WEIGHT))

# The tables with a full-text index, by name: what table search and the canned query rank.
RANKED_TABLES: dict[str, Table] = {table.name: table for table in FULL_TEXT_TABLES}


def bm25_weights(columns: Sequence[Weighted]) -> str:
    """The weights as bm25() takes them, in the index's column order: '5.0, 1.0, 2.0'."""
    return ", ".join(str(column.weight) for column in columns)


def bm25_sql(fts_table: str, columns: Sequence[Weighted]) -> str:
    """The SQL of a weighted bm25 over `fts_table` (more negative is a better match)."""
    return f"bm25({fts_table}, {bm25_weights(columns)})"


def table_rank_sql(table: str) -> str:
    """`table`'s bm25 with its declared weights, as an ORDER BY term: 'bm25(questions_fts, 5.0, 1.0, 2.0)'."""
    ranked = RANKED_TABLES[table]
    return bm25_sql(ranked.fts_table, ranked.full_text)


def table_rank_function(table: str) -> str:
    """The same ranking for FTS5's rank column (`where t_fts.rank match '...'`): 'bm25(5.0, 1.0, 2.0)'."""
    return f"bm25({bm25_weights(RANKED_TABLES[table].full_text)})"


RANK_SQL = f"{bm25_sql('search_fts', SEARCH_FTS_COLUMNS)} * search_items.boost"


@dataclass(frozen=True)
class SearchKind:
    name: str  # as a hit is labelled: "step"
    plural: str  # as the kind filter reads: "steps"
    table: str  # the table its items come from
    # A large kind whose rowids the build assigns best first (a comment's score): a search with more hits
    # than this in it ranks only its first this many, not all (web/search_read.py).
    rank_cap: int | None = None

    @property
    def first_rowid(self) -> int:
        return ([kind.name for kind in SEARCH_KINDS].index(self.name) + 1) * KIND_SPAN + 1

    @property
    def last_rowid(self) -> int:
        return self.first_rowid + KIND_SPAN - 2


SEARCH_KINDS: tuple[SearchKind, ...] = (
    SearchKind("step", "steps", "steps"),
    SearchKind("process", "processes", "processes"),
    SearchKind("source", "sources", "sources"),
    SearchKind("posting", "postings", "postings"),
    SearchKind("question", "questions", "questions"),
    SearchKind("comment", "comments", "comments", rank_cap=200),  # when the build loaded fetched discussions
)
SEARCH_KINDS_BY_NAME = {kind.name: kind for kind in SEARCH_KINDS}
SEARCH_KINDS_BY_PLURAL = {kind.plural: kind for kind in SEARCH_KINDS}


def fts_phrase(text: str, prefix: bool = False) -> str:
    """`text` as one FTS5 phrase (quotes doubled), optionally a prefix: how the search page's sanitiser
    writes each word, and how the build writes the words of its champion lists, which must match."""
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")
