"""One ranking spec: every search ranks with the bm25 column weights core/tables.py declares.

Each ranker's order is checked against bm25 computed here with the declared weights: table search
(`?_search=`), the canned `search` query, the question bank's search (/-/questions) and the search
page's index (/-/search, RANK_SQL).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import dsjson
import pytest
from datasettes import start_datasette
from test_postings import small_market, write_data

from datasette_interview_prep.build.database import build_database
from datasette_interview_prep.build.load import load_data
from datasette_interview_prep.build.postings_files import read_postings
from datasette_interview_prep.build.postings_table import PostingsStep
from datasette_interview_prep.core.search import (
    RANK_SQL,
    RANKED_TABLES,
    SEARCH_FTS_COLUMNS,
    bm25_sql,
    table_rank_function,
    table_rank_sql,
)
from datasette_interview_prep.core.tables import FULL_TEXT_TABLES, TABLES_BY_NAME
from datasette_interview_prep.web.fts import fts_query
from datasette_interview_prep.web.metadata import database_metadata, packaged_metadata

QUERIES = ("system design", "agents", "rag", "coding", "openai")


def scores(db_path: Path, table: str, text: str) -> dict[str, float]:
    """Every row of `table` that matches `text` -> its bm25 with the declared weights (lower is better)."""
    declared = TABLES_BY_NAME[table]
    key = declared.pk[0]
    conn = sqlite3.connect(db_path)
    found = conn.execute(
        f"select [{table}].[{key}], {table_rank_sql(table)} from [{declared.fts_table}]"
        f" join [{table}] on [{table}].rowid = [{declared.fts_table}].rowid where [{declared.fts_table}] match ?",
        [fts_query(text)],
    ).fetchall()
    conn.close()
    return {str(row_key): score for row_key, score in found}


def assert_ranked(found: list[str], expected: dict[str, float], what: str) -> None:
    """`found` is the best len(found) of `expected`, best first (rows with equal scores in any order)."""
    assert found, f"{what}: nothing found, so nothing is checked"
    assert [expected[key] for key in found] == sorted(expected.values())[: len(found)], what


# The spec itself


def test_every_full_text_table_weighs_each_indexed_column(db_path):
    conn = sqlite3.connect(db_path)
    for table in FULL_TEXT_TABLES:
        assert len(table.fts_weights) == len(table.fts_columns) > 0, table.name
        assert all(weight > 0 for weight in table.fts_weights), table.name
        if table.name != "postings":  # built only with --postings
            built = [row[1] for row in conn.execute(f"pragma table_info([{table.fts_table}])")]
            assert built == list(table.fts_columns), table.name
    built = [row[1] for row in conn.execute("pragma table_info(search_fts)")]
    assert built == [column.column for column in SEARCH_FTS_COLUMNS]
    assert f"{bm25_sql('search_fts', SEARCH_FTS_COLUMNS)} * search_items.boost" == RANK_SQL


def test_the_rank_sql_spells_the_declared_weights():
    assert set(RANKED_TABLES) == {"processes", "steps", "sources", "questions", "postings"}
    for table in FULL_TEXT_TABLES:
        weights = re.fullmatch(rf"bm25\({table.fts_table}((?:, [0-9.]+)+)\)", table_rank_sql(table.name))
        assert weights and tuple(float(weight) for weight in weights[1].split(", ")[1:]) == table.fts_weights
        assert table_rank_function(table.name) == f"bm25({weights[1].removeprefix(', ')})"


def test_the_canned_query_ranks_each_table_with_its_declared_weights():
    written = packaged_metadata()["databases"]["interview"]["queries"]["search"]["sql"]
    assert "bm25(" not in written, "weights are filled in from the spec, not written in metadata.yml"
    for has_postings in (False, True):
        sql = database_metadata(has_postings)["queries"]["search"]["sql"]
        ranked = dict(re.findall(r"(\w+)_fts\.rank match '(bm25\([^)]*\))'", sql))
        tables = ["sources", "processes", "steps"] + (["postings"] if has_postings else [])
        assert ranked == {table: table_rank_function(table) for table in tables}
        assert "{bm25" not in sql


# Each ranker, against bm25 computed with the spec


@pytest.mark.parametrize("table", ["processes", "steps", "sources", "questions"])
@pytest.mark.parametrize("text", QUERIES)
async def test_table_search_ranks_with_the_spec(ds, db_path, table, text):
    expected = scores(db_path, table, text)
    if not expected:
        pytest.skip(f"no {table} match {text!r}")
    body = await dsjson.table_json(ds.client, f"/interview/{table}.json", {"_search": text, "_size": "20"})
    found = [str(row[TABLES_BY_NAME[table].pk[0]]) for row in dsjson.rows_of(body)]
    assert_ranked(found, expected, f"{table} ?_search={text}")


@pytest.mark.parametrize("text", QUERIES)
async def test_the_canned_search_query_ranks_with_the_spec(ds, db_path, text):
    response = await ds.client.get("/interview/search.json", params={"q": text, "_shape": "array"})
    assert response.status_code == 200, response.text
    links = [row["link"] for row in response.json()]
    # Each table's branch keeps its best 100, then the union is ordered by score.
    kept = {
        f"{table}/{key}": score
        for table in ("sources", "processes", "steps")
        for key, score in sorted(scores(db_path, table, text).items(), key=lambda item: item[1])[:100]
    }
    assert_ranked(links, kept, f"search?q={text}")


@pytest.mark.parametrize("text", QUERIES)
async def test_the_question_bank_search_ranks_with_the_spec(ds, db_path, text):
    response = await ds.client.get("/-/questions.json", params={"q": text, "sort": "relevance"})
    assert response.status_code == 200, response.text
    found = [question["id"] for question in response.json()["questions"]]
    assert_ranked(found, scores(db_path, "questions", text), f"/-/questions?q={text}")


@pytest.fixture(scope="module")
def postings_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ranked-postings")
    path = folder / "interview.db"
    postings = read_postings(small_market(folder)).rows
    build_database(load_data(write_data(folder)), path, extra_steps=[PostingsStep(postings)])
    return path


async def test_postings_rank_with_the_spec_in_table_search_and_the_canned_query(postings_db):
    path = postings_db
    datasette = await start_datasette(path)
    expected = scores(path, "postings", "engineer")
    assert len(expected) > 1
    body = await dsjson.table_json(datasette.client, "/interview/postings.json", {"_search": "engineer"})
    assert_ranked([row["job_id"] for row in dsjson.rows_of(body)], expected, "postings ?_search=engineer")
    response = await datasette.client.get("/interview/search.json", params={"q": "engineer", "_shape": "array"})
    links = [row["link"].removeprefix("postings/") for row in response.json() if row["link"].startswith("postings/")]
    assert_ranked(links, expected, "search?q=engineer, its postings")
