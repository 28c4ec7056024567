"""Full-text search: safe FTS5 expressions from any input, the search canned query, table search."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import dsjson
import pytest
import sqlite_utils
from datasette.app import Datasette
from datasettes import start_datasette
from hypothesis import given, settings
from hypothesis import strategies as st

from datasette_interview_prep.web import compat
from datasette_interview_prep.web.fts import (
    MATCH_NOTHING,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    fts_query,
    register_sql_functions,
)
from datasette_interview_prep.web.interview_db import interview_database_names

TRICKY_INPUTS = [
    "",
    "   ",
    '""',
    '"',
    "'",
    "(",
    ")",
    "()",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(a b)",
    "a AND",
    "NOT rag",
    "-",
    "--",
    "-rag",
    "*",
    "**",
    "rag*",
    "c++",
    "node.js",
    "col:value",
    "^start",
    "{a b}",
    "a:b:c",
    "naïve résumé",
    "面试",
    "🤖",
    "🤖 rag",
    "\x00",
    "x" * 10_000,
    "rag " * 500,
    'say "hello',
]


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    """An FTS5 table like the database's (porter over unicode61) with the SQL function registered."""
    connection = sqlite3.connect(":memory:")
    register_sql_functions(connection, is_interview_database=False)
    connection.execute("create virtual table docs using fts5(body, tokenize='porter')")
    connection.executemany(
        "insert into docs(rowid, body) values (?, ?)",
        [
            (1, "Build a RAG pipeline"),
            (2, "Evaluate it with ragas"),
            (3, "Implement an LRU cache in C++"),
            (4, "A node.js take-home, not a React one"),
            (5, "Questions AND answers near the end"),
        ],
    )
    return connection


def matches(connection: sqlite3.Connection, text: str) -> list[int]:
    return [
        row[0]
        for row in connection.execute(
            "select rowid from docs where docs match interview_fts_query(?) order by rowid", [text]
        )
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("lru cache", '"lru" "cache"'),
        ("rag*", '"rag"*'),
        ('"lru cache"', '"lru cache"'),
        ('"lru cac"*', '"lru cac"*'),
        ("AND OR NOT NEAR", '"AND" "OR" "NOT" "NEAR"'),
        ("c++ node.js", '"c++" "node.js"'),
        ('say "hello', '"say" "hello"'),
        ("lru - cache", '"lru" "cache"'),
        ("🤖 rag", '"rag"'),
        ("0\x00", '"0"'),
        ("lru\x00cache", '"lru" "cache"'),
        ("", MATCH_NOTHING),
        ("  \t ", MATCH_NOTHING),
        ('""', MATCH_NOTHING),
        ("( ) - * 🤖", MATCH_NOTHING),
        (None, MATCH_NOTHING),
    ],
)
def test_fts_query(text, expected):
    assert fts_query(text) == expected


def test_long_input_is_capped():
    assert fts_query("x" * 10_000) == '"' + "x" * MAX_QUERY_CHARS + '"'
    assert fts_query("rag " * 500).count('"rag"') == MAX_TERMS


@pytest.mark.parametrize("text", TRICKY_INPUTS)
def test_tricky_input_is_valid_fts5(fts, text):
    matches(fts, text)  # raises sqlite3.OperationalError on an FTS5 syntax error


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_valid_fts5(text):
    connection = sqlite3.connect(":memory:")
    register_sql_functions(connection, is_interview_database=False)
    connection.execute("create virtual table docs using fts5(body, tokenize='porter')")
    connection.execute("insert into docs(body) values ('anything at all')")
    connection.execute("select rowid from docs where docs match interview_fts_query(?)", [text]).fetchall()


def test_what_matches(fts):
    assert matches(fts, "rag") == [1]
    assert matches(fts, "rag*") == [1, 2]
    assert matches(fts, "lru cache") == [3]
    assert matches(fts, '"cache lru"') == []
    assert matches(fts, "c++") == [3]
    assert matches(fts, "node.js") == [4]
    assert matches(fts, "NOT react") == [4]  # NOT is a word here, and so is "not"
    assert matches(fts, "AND") == [5]
    assert matches(fts, "") == []


# The search canned query


async def search(datasette: Datasette, text: str, database: str = "interview") -> list[dict]:
    response = await datasette.client.get(f"/{database}/search.json", params={"q": text, "_shape": "objects"})
    assert response.status_code == 200, (text, response.text)
    assert response.json()["ok"], response.json()
    return response.json()["rows"]


@pytest.mark.parametrize("text", TRICKY_INPUTS)
async def test_search_is_safe_on_any_input(ds, text):
    hits = await search(ds, text)
    assert hits, "either hits or a hint row"
    response = await ds.client.get("/interview/search", params={"q": text})
    assert response.status_code == 200


async def test_empty_search_gives_a_hint(ds):
    for text in ("", "   ", "🤖", '"'):
        assert [(hit["kind"], hit["title"]) for hit in await search(ds, text)] == [
            ("hint", "Type a word or two to search")
        ]
    nothing = await search(ds, "zzzqqqxxyy")
    assert [hit["kind"] for hit in nothing] == ["hint"] and nothing[0]["title"] == "Nothing matched"


async def test_search_finds_every_kind_ranked_with_links(ds, db_path):
    db = sqlite_utils.Database(db_path)
    step = db.execute("select company_name, name from steps where length(name) > 8 limit 1").fetchone()
    hits = await search(ds, step[1])
    assert any(hit["kind"] == "step" and hit["title"].endswith(step[1]) for hit in hits)
    kinds = {hit["kind"] for hit in await search(ds, "interview")}
    assert {"source", "process", "step"} <= kinds or {"source", "step"} <= kinds
    for hit in hits[:10]:
        assert "[[" in hit["snippet"] and "]]" in hit["snippet"]
        table, pk = hit["link"].split("/")
        assert (await ds.client.get(f"/interview/{table}/{pk}")).status_code == 200


async def test_prefix_search(ds):
    whole, prefix = await search(ds, "interview"), await search(ds, "interv*")
    assert len(prefix) >= len(whole) > 1


async def test_search_includes_postings_when_present(db_path, tmp_path):
    with_postings = tmp_path / "interview.db"
    shutil.copy(db_path, with_postings)
    db = sqlite_utils.Database(with_postings)
    db["postings"].insert(
        {
            "job_id": "9000001",
            "title": "Staff Zyxwv Engineer",
            "company": "Acme AI",
            "responsibilities": "[]",
            "description": "Build zyxwv agents",
        },
        pk="job_id",
    )
    db["postings"].enable_fts(
        ["title", "company", "responsibilities", "description"],
        fts_version="FTS5",
        tokenize="porter",
        create_triggers=True,
    )
    db.close()
    datasette = await start_datasette(with_postings)
    hits = await search(datasette, "zyxwv")
    assert [(hit["kind"], hit["title"], hit["link"]) for hit in hits] == [
        ("posting", "Staff Zyxwv Engineer at Acme AI", "postings/9000001")
    ]
    assert (await datasette.client.get("/interview/postings/9000001")).status_code == 200


async def test_search_without_postings_does_not_mention_them(ds):
    query = (await ds.client.get("/interview/search.json?q=x")).json()
    assert "postings" not in (await compat.named_query(ds, "interview", "search"))["sql"]
    assert query["ok"]


async def test_search_under_base_url(db_path):
    datasette = await start_datasette(db_path, settings={"base_url": "/prefix/"})
    response = await datasette.client.get("/interview/search", params={"q": "interview"})
    assert response.status_code == 200
    assert 'href="/prefix/interview/' in response.text
    assert 'href="/interview/' not in response.text


# Datasette's own table search


async def test_sources_table_search_finds_a_known_thread(ds, db_path):
    db = sqlite_utils.Database(db_path)
    thread_id, title = db.execute(
        "select id, title from sources where platform in ('reddit', 'hacker_news', 'teamblind') "
        "order by score desc, id limit 1"
    ).fetchone()
    words = " ".join(title.replace(":", " ").split()[:4])
    response = await ds.client.get("/interview/sources.json", params={"_search": words, "_shape": "objects"})
    assert response.status_code == 200
    assert thread_id in [row["id"] for row in response.json()["rows"]]


@pytest.mark.parametrize("text", TRICKY_INPUTS)
async def test_table_search_is_safe_on_any_input(ds, text):
    """The plugin's escape_fts replaces Datasette's on the interview database (which errors on `_search=`)."""
    for table in ("sources", "steps", "processes"):
        response = await ds.client.get(f"/interview/{table}.json", params={"_search": text})
        assert response.status_code == 200, (table, text, response.text)


async def test_table_search_keeps_prefix_search(ds):
    async def count(text: str) -> int:
        return dsjson.row_count(await dsjson.table_json(ds.client, "/interview/sources.json", {"_search": text}))

    assert await count("interv*") >= await count("interview") > 0


async def test_escape_fts_is_untouched_on_other_databases(tmp_path):
    other = tmp_path / "notes.db"
    db = sqlite_utils.Database(other)
    db["notes"].insert({"id": 1, "body": "ragas"}, pk="id")
    db["notes"].enable_fts(["body"], fts_version="FTS5")
    db.close()
    datasette = await start_datasette(other)
    response = await dsjson.sql_json(datasette, "notes", "select escape_fts('rag*') as escaped")
    assert [list(row.values()) for row in dsjson.rows_of(response.json())] == [['"rag*"']]


@pytest.fixture
def look_alike(tmp_path) -> Path:
    """A database with the interview database's FTS table names, and 20 notes, but not its schema."""
    path = tmp_path / "look_alike.db"
    db = sqlite_utils.Database(path)
    notes = [{"id": 1, "body": "rag pipelines"}, {"id": 2, "body": "ragas evaluation"}]
    notes += [{"id": n, "body": " ".join(f"w{i}" for i in range(20))} for n in range(3, 23)]
    for name in ("processes", "steps", "sources"):
        db[name].insert_all(notes, pk="id")
        db[name].enable_fts(["body"], fts_version="FTS5")
    db.close()
    return path


async def test_a_look_alike_database_is_left_to_datasette(look_alike):
    """Only interview_db's decision (the full schema, or the database: setting) turns the plugin on."""
    datasette = await start_datasette(look_alike)
    assert interview_database_names(datasette) == []

    async def found(text: str) -> int:
        return dsjson.row_count(
            await dsjson.table_json(datasette.client, "/look_alike/sources.json", {"_search": text})
        )

    # Datasette's escape_fts: rag* is the literal phrase "rag*" (1 row), not a prefix search (2 rows) ...
    assert await found("rag*") == 1
    # ... and all 20 terms count (the plugin would drop those after the 16th and match).
    assert await found(" ".join(f"w{i}" for i in range(19)) + " nope") == 0
    # No guard: Datasette's own answer to an unknown sort column (a 500 on 0.65, a 400 on 1.0a), not the guard's.
    sort = await datasette.client.get("/look_alike/sources.json", params={"_sort": "nope"})
    assert sort.status_code == (400 if compat.HAS_STORED_QUERIES else 500)
    assert "not a sortable column" not in sort.text
    # The plugin's pages say there is no interview database.
    assert (await datasette.client.get("/-/prep/anthropic.json")).status_code == 404
