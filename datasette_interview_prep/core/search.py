"""What the build's search index and the search page agree on: the kinds, their rowid blocks, the ranking.

The build (build/search_index.py) writes `search_items`, `search_fts` and the
champion lists `search_top` with these; the web layer reads them with the same.
"""

from __future__ import annotations

from dataclasses import dataclass

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
RANK_SQL = f"bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) * search_items.boost"


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
