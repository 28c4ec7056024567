"""Full-text search helpers: safe FTS5 queries from any user input.

`interview_fts_query(text)` is registered as a SQL function so the canned
queries in metadata.yml can write `where sources_fts match interview_fts_query(:q)`
and never pass raw user input to FTS5, whose query syntax errors on `"`, `(`,
`AND`, `NEAR`, `-`, `c++` and friends.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from datasette_interview_prep.core.search import fts_phrase

MAX_QUERY_CHARS = 200
MAX_TERMS = 16
# An empty phrase is valid FTS5 and matches no row: the answer to empty input.
MATCH_NOTHING = '""'

# FTS5 reads its query as a C string: a NUL would end it inside a phrase.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A "quoted phrase" (optionally followed by * for a prefix), or a run of
# anything but whitespace and quotes. A stray, unbalanced quote is skipped.
_TERM = re.compile(r'"([^"]*)"(\*?)|([^\s"]+)')


def _has_token(text: str) -> bool:
    """True if FTS5's unicode61 tokenizer finds a token in `text` (letters, numbers, private use).

    An FTS5 phrase without tokens ("-", "++", an emoji) matches nothing, and
    ANDed with other terms it would empty the whole result: such terms are dropped.
    """
    return any(unicodedata.category(char)[0] in "LN" or unicodedata.category(char) == "Co" for char in text)


def fts_query(text: object) -> str:
    """Turn any user input into an FTS5 MATCH expression that cannot be a syntax error.

    Every word becomes a quoted phrase, so AND/OR/NOT/NEAR, parentheses, `-`
    and `:` are plain words; words are ANDed. A word ending in `*` keeps its
    prefix search (`rag*`); `"two words"` stays a phrase. Input is capped at
    MAX_QUERY_CHARS characters and MAX_TERMS terms. Empty input (or input
    with no searchable characters) gives MATCH_NOTHING.
    """
    if text is None:
        return MATCH_NOTHING
    text = _CONTROL.sub(" ", str(text)[:MAX_QUERY_CHARS])
    terms = []
    for quoted, quoted_star, bare in _TERM.findall(text):
        if bare:
            word = bare.rstrip("*")
            prefix = word != bare
        else:
            word, prefix = quoted, bool(quoted_star)
        if _has_token(word):
            terms.append(fts_phrase(word, prefix))
        if len(terms) == MAX_TERMS:
            break
    return " ".join(terms) or MATCH_NOTHING


def register_sql_functions(conn: sqlite3.Connection, is_interview_database: bool) -> None:
    """Register interview_fts_query(); on the interview database, also make it Datasette's escape_fts.

    Datasette's table search (`?_search=`) runs `match escape_fts(:search)`,
    which errors (a 400 page) on empty input or a lone `"`. Datasette's own
    prepare_connection hook runs before this plugin's, so this one wins.
    Other databases keep Datasette's escape_fts: which database is the
    interview one is interview_db's decision, not a guess from table names.
    """
    conn.create_function("interview_fts_query", 1, fts_query, deterministic=True)
    if is_interview_database:
        conn.create_function("escape_fts", 1, fts_query, deterministic=True)
