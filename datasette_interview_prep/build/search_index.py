"""One full-text index over every kind of thing the product holds, written by the build.

`search_items` has one row per step, process, source, posting, question and
fetched comment (the kinds whose table exists in the database), with a plain-text title and
body (no JSON syntax: lists are joined into sentences), where the hit is (its
company, process, step number, round type; a source's platform and date; a
posting's company) and a static `boost`. `search_fts` (FTS5, porter) indexes
its title and body; `search_top` holds champion lists.

Each kind owns a block of rowids (core/search.py), so counting one kind's hits or
ranking within one kind is an FTS5 rowid-range query, not a join.

Why champion lists: ranking needs bm25 for every hit, and for the corpus's
most frequent words that is tens of thousands of rows at 100x (55 ms), while
finding and counting them takes about 1 ms. For every word indexed in at least
CHAMPION_MIN_HITS items, the build ranks all its hits once, with exactly the
expression the search page uses (RANK_SQL), and keeps the best CHAMPION_DEPTH
overall and per kind. A one-word search for such a word reads that list; any
other search ranks its hits live (fewer hits, since its words must all match).

To add a kind: a SearchKind in core/search.py and a KindRows here, with the SQL that
selects its rows.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass

import sqlite_utils

from datasette_interview_prep.core.labels import PLATFORM_LABELS
from datasette_interview_prep.core.search import (
    CHAMPION_DEPTH,
    CHAMPION_MIN_HITS,
    COLUMN_TYPES,
    ITEM_COLUMNS,
    RANK_SQL,
    SEARCH_FTS_COLUMNS,
    SEARCH_KINDS_BY_NAME,
    SearchKind,
    fts_phrase,
)


@dataclass(frozen=True)
class KindRows:
    kind: SearchKind  # left out of the index when its table is absent
    sql: str  # selects ITEM_COLUMNS minus `kind`, in that order, in rowid order


def _joined(column: str, separator: str = "; ") -> str:
    """SQL for a JSON list column as plain text: ["a", "b"] -> 'a; b'."""
    return f"(select group_concat(value, '{separator}') from json_each(coalesce({column}, '[]')))"


def _platform_label(column: str) -> str:
    """SQL for a platform slug as the product names it ('hacker_news' -> 'Hacker News')."""
    cases = " ".join(f"when '{slug}' then '{label}'" for slug, label in PLATFORM_LABELS.items())
    return f"(case {column} {cases} end)"


# The companies a question names, by their names where the data has the company ('xai' -> 'xAI').
_COMPANY_NAMES = (
    "(select group_concat(coalesce(companies.name, names.value), ', ') from json_each(coalesce(questions.companies, '[]'))"
    " as names left join companies on companies.slug = names.value)"
)


# Static boosts: a source is what candidates wrote about a round (a repository, a thread), a step one
# line of a loop, a posting one of 1,765 near-identical job ads. Upvotes add a little on top.
KINDS: tuple[KindRows, ...] = (
    KindRows(
        SEARCH_KINDS_BY_NAME["step"],
        f"""
        select 'steps/' || steps.id, steps.name,
          search_join(' · ', steps.details, {_joined("steps.questions")}, round_types.label),
          steps.company, steps.company_name, steps.process_id, steps.position, steps.round_type,
          null, null,
          search_join(' · ', coalesce(processes.role, processes.name),
            'step ' || steps.position || ' of ' || processes.step_count, round_types.label, steps.duration),
          1.0
        from steps
          join processes on processes.id = steps.process_id
          left join round_types on round_types.slug = steps.round_type
        order by processes.company, processes.position, steps.position
        """,
    ),
    KindRows(
        SEARCH_KINDS_BY_NAME["process"],
        f"""
        select 'processes/' || processes.id,
          processes.company_name || ': ' || coalesce(processes.role, processes.name, 'interview process'),
          search_join(' · ', processes.summary, {_joined("processes.notes", " · ")}, processes.timeline),
          processes.company, processes.company_name, processes.id, null, null, null, processes.reported,
          search_join(' · ', replace(processes.kind, '_', ' '),
            case when processes.step_count = 1 then '1 step' when processes.step_count > 1 then processes.step_count || ' steps' end, processes.level),
          1.2
        from processes
        order by processes.company, processes.position
        """,
    ),
    KindRows(
        SEARCH_KINDS_BY_NAME["source"],
        f"""
        select 'sources/' || sources.id, sources.title,
          search_join(' · ', sources.summary, sources.section, sources.community, {_joined("sources.topics", ", ")}),
          null, null, null, null, null, sources.platform, sources.published,
          search_join(' · ', sources.platform, sources.community,
            case when sources.score is not null then sources.score || ' points' end),
          1.4 + 0.05 * search_log1p(max(coalesce(sources.score, 0), 0))
        from sources
        order by sources.id
        """,
    ),
    KindRows(
        SEARCH_KINDS_BY_NAME["posting"],
        f"""
        select 'postings/' || postings.job_id, coalesce(postings.title, 'Job posting'),
          search_join(' · ', postings.company, {_joined("postings.responsibilities", " · ")}, postings.description),
          null, postings.company, null, null, null, null, postings.posted_date,
          search_join(' · ', postings.company_stage, postings.level, postings.location),
          0.8
        from postings
        order by postings.rowid
        """,
    ),
    KindRows(
        SEARCH_KINDS_BY_NAME["question"],
        f"""
        select 'questions/' || questions.id, questions.question,
          search_join(' · ', questions.topic_label, questions.format, {_COMPANY_NAMES}),
          null, null, null, null, questions.round_type, null, questions.year,
          search_join(' · ', questions.topic_label, coalesce(round_types.label, questions.round_type),
            case when questions.encounters > 1 then 'asked ' || questions.encounters || ' times' end),
          1.3
        from questions
          left join round_types on round_types.slug = questions.round_type
        order by questions.rowid
        """,
    ),
    # Fetched discussions (build/comments.py), when there are any. A comment's title is its author, not its
    # thread's title: that would make every comment of a thread about OpenAI a hit for "OpenAI". The search
    # page shows the thread's title beside it (web/search_read.py). Best scored first: see SearchKind.rank_cap.
    KindRows(
        SEARCH_KINDS_BY_NAME["comment"],
        f"""
        select 'comments/' || comments.id,
          case when comments.kind = 'comment' then coalesce(comments.author, '') else coalesce(comments.thread_title, '') end,
          comments.text,
          null, null, null, null, null, comments.platform, substr(comments.created, 1, 10),
          search_join(' · ', comments.kind || coalesce(' by ' || comments.author, ''), {_platform_label("comments.platform")},
            comments.community, case when comments.score is not null then comments.score || ' points' end),
          0.9 + 0.05 * search_log1p(max(coalesce(comments.score, 0), 0))
        from comments
        order by coalesce(comments.score, 0) desc, comments.id
        """,
    ),
)


def write_search_index(db: sqlite_utils.Database) -> dict[str, int]:
    """Create search_items, search_fts and search_top from the tables present; item counts per kind."""
    conn = db.conn
    conn.create_function("search_log1p", 1, _log1p, deterministic=True)
    conn.create_function("search_join", -1, _join, deterministic=True)  # SQLite's concat_ws is 3.44+
    tables = set(db.table_names())
    conn.execute(
        "create table search_items (rowid integer primary key, "
        + ", ".join(f"{column} {COLUMN_TYPES.get(column, 'text')}" for column in ITEM_COLUMNS)
        + ")"
    )
    counts = {}
    for rows_of in KINDS:
        kind = rows_of.kind
        if kind.table not in tables:
            continue
        first = kind.first_rowid
        rows = conn.execute(rows_of.sql).fetchall()
        conn.executemany(
            f"insert into search_items (rowid, {', '.join(ITEM_COLUMNS)}) values ({', '.join('?' * (len(ITEM_COLUMNS) + 1))})",
            ((first + offset, kind.name, *row) for offset, row in enumerate(rows)),
        )
        counts[kind.name] = len(rows)
    conn.execute("create index search_items_company on search_items(company)")
    indexed = ", ".join(column.column for column in SEARCH_FTS_COLUMNS)  # title, body: what RANK_SQL weighs
    conn.execute(
        f"create virtual table search_fts using fts5({indexed}, content='search_items', content_rowid='rowid',"
        " tokenize='porter')"
    )
    conn.execute(f"insert into search_fts(rowid, {indexed}) select rowid, {indexed} from search_items")
    _write_champions(conn)
    return counts


def check_search_index(db: sqlite_utils.Database) -> str | None:
    """A reason the index does not match its tables, or None."""
    db.execute("insert into search_fts(search_fts) values('integrity-check')")
    tables = set(db.table_names())
    for kind in (rows_of.kind for rows_of in KINDS):
        if kind.table not in tables:
            continue
        first, last = kind.first_rowid, kind.last_rowid
        indexed = db.execute("select count(*) from search_items where rowid between ? and ?", [first, last]).fetchone()[
            0
        ]
        rows = db.execute(f"select count(*) from [{kind.table}]").fetchone()[0]
        if indexed != rows:
            return f"search_items has {indexed} {kind.plural}, {kind.table} has {rows}"
    return None


def _write_champions(conn: sqlite3.Connection) -> None:
    conn.execute(
        "create table search_top (term text, kind text, hits integer, rowids text, primary key (term, kind))"
        " without rowid"
    )
    conn.execute("create virtual table temp.search_vocab using fts5vocab(main, search_fts, row)")
    terms = [
        term
        for (term,) in conn.execute(
            "select term from temp.search_vocab where doc >= ? order by term", [CHAMPION_MIN_HITS]
        )
    ]
    for term in terms:
        ranked = conn.execute(
            f"select search_fts.rowid from search_fts join search_items on search_items.rowid = search_fts.rowid"
            f" where search_fts match ? order by {RANK_SQL}, search_fts.rowid",
            [fts_phrase(term)],
        ).fetchall()
        rowids = [rowid for (rowid,) in ranked]
        lists = {"": rowids}
        for kind in (rows_of.kind for rows_of in KINDS):
            first, last = kind.first_rowid, kind.last_rowid
            lists[kind.name] = [rowid for rowid in rowids if first <= rowid <= last]
        conn.executemany(
            "insert into search_top (term, kind, hits, rowids) values (?, ?, ?, ?)",
            ((term, kind, len(found), json.dumps(found[:CHAMPION_DEPTH])) for kind, found in lists.items() if found),
        )
    conn.execute("drop table temp.search_vocab")


def _join(separator: str, *parts: object) -> str:
    """Non-empty parts joined by `separator`, like SQLite 3.44's concat_ws, each only once: a take-home
    question's topic and round type both read "Take-home assignment", and its hit need not say so twice."""
    seen: set[str] = set()
    kept = []
    for part in parts:
        text = "" if part is None else str(part)
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    return separator.join(kept)


def _log1p(value: float | None) -> float:
    return math.log1p(value) if value and value > 0 else 0.0
