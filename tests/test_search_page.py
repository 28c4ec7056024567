"""The search index, the /-/search page and relevance-ranked table search."""

from __future__ import annotations

import shutil
import sqlite3

import dsjson
import pytest
from conftest import DATA_DIR
from datasette.app import Datasette
from datasettes import start_datasette
from test_search import TRICKY_INPUTS

from datasette_interview_prep.build import search_index
from datasette_interview_prep.build.database import build_database
from datasette_interview_prep.build.load import load_data
from datasette_interview_prep.core.search import SEARCH_KINDS_BY_NAME, fts_phrase


async def page_json(datasette: Datasette, **params) -> dict:
    response = await datasette.client.get("/-/search.json", params=params)
    assert response.status_code == 200, response.text
    return response.json()


# Relevance on Datasette's table search


@pytest.mark.parametrize(
    ("table", "words"), [("steps", "coding"), ("sources", "system design"), ("questions", "design")]
)
async def test_ranked_table_pages_page_on_in_html_and_json(ds, table, words):
    """The next page of a ranked search answers (HTML and JSON) and continues the order: no repeats."""
    params = {"_search": words, "_size": "3"}
    first = await dsjson.table_json(ds.client, f"/interview/{table}.json", params)
    token = first["next"]
    assert token, "the search has more than one page"
    assert (await ds.client.get(f"/interview/{table}", params=params)).status_code == 200
    html = await ds.client.get(f"/interview/{table}", params={**params, "_next": token})
    assert html.status_code == 200 and ">relevance<" not in html.text
    second = await dsjson.table_json(ds.client, f"/interview/{table}.json", {**params, "_next": token})
    first_ids = [row["id"] for row in dsjson.rows_of(first)]
    second_ids = [row["id"] for row in dsjson.rows_of(second)]
    assert second_ids and not set(first_ids) & set(second_ids)


async def test_sources_search_ranks_system_design_first(ds):
    body = await dsjson.table_json(ds.client, "/interview/sources.json", {"_search": "system design", "_size": "5"})
    rows = dsjson.rows_of(body)
    assert "sorted by relevance" in body["human_description_en"]
    assert rows and all("system design" in row["title"].lower() for row in rows)
    # The table's own order (by score) would put "Design methodology for ML engineering" (241 points) first.
    by_score = await dsjson.table_json(
        ds.client, "/interview/sources.json", {"_search": "system design", "_sort_desc": "score"}
    )
    assert dsjson.rows_of(by_score)[0]["title"] != rows[0]["title"]


async def test_ranked_search_pages_in_order_and_keeps_every_row(ds):
    seen, token = [], None
    while True:
        params = {"_search": "interview", "_size": "7", **({"_next": token} if token else {})}
        body = await dsjson.table_json(ds.client, "/interview/sources.json", params)
        seen.extend(row["id"] for row in dsjson.rows_of(body))
        if not (token := body["next"]):
            break
    total = dsjson.row_count(await dsjson.table_json(ds.client, "/interview/sources.json?_search=interview"))
    assert len(seen) == len(set(seen)) == total > 7


async def test_browsing_without_search_keeps_the_default_order(ds):
    body = await dsjson.table_json(ds.client, "/interview/sources.json?_size=3")
    assert body["human_description_en"] == "sorted by score descending"
    response = await ds.client.get("/interview/sources.json?_sort=relevance")
    assert response.status_code == 400 and "needs a search" in response.json()["error"]
    html = await ds.client.get("/interview/sources", params={"_search": "system design"})
    assert html.status_code == 200 and "sorted by relevance" in html.text


@pytest.mark.parametrize("table", ["steps", "processes", "sources"])
async def test_every_interview_table_ranks(ds, table):
    body = await dsjson.table_json(ds.client, f"/interview/{table}.json", {"_search": "coding"})
    assert "sorted by relevance" in body["human_description_en"]


# The search page


async def test_search_page_lru_cache_finds_the_step_with_where_it_is(ds):
    body = await page_json(ds, q="LRU cache")
    step = next(hit for hit in body["hits"] if hit["kind"] == "step")
    assert "[[LRU]] [[cache]]" in step["snippet"] and "[" + '"' not in step["snippet"]
    assert step["company"] and step["step"] >= 1 and "step" in step["detail"]
    assert (await ds.client.get(step["url"])).status_code == 200
    assert (await ds.client.get(step["checklist_url"])).status_code == 200


async def test_take_home_ranks_sources_above_step_names(ds):
    body = await page_json(ds, q="take-home")
    assert [hit["kind"] for hit in body["hits"][:5]] == ["source"] * 5
    assert body["counts"]["steps"] > 0


async def test_kind_filter_counts_and_paging(ds):
    everything = await page_json(ds, q="interview")
    assert everything["total"] == sum(everything["counts"].values()) > 20
    sources = await page_json(ds, q="interview", kind="sources")
    assert sources["total"] == everything["counts"]["sources"]
    assert {hit["kind"] for hit in sources["hits"]} == {"source"}
    second = await page_json(ds, q="interview", kind="sources", page="2")
    assert second["first"] == 21 and not {hit["url"] for hit in second["hits"]} & {
        hit["url"] for hit in sources["hits"]
    }
    html = (await ds.client.get("/-/search", params={"q": "interview"})).text
    assert f"1–20 of {everything['total']:,}" in html and 'rel="next"' in html
    assert '<label for="search-q">' in html and '<div id="main" role="main">' in html and 'role="search"' in html


@pytest.mark.parametrize("text", TRICKY_INPUTS)
async def test_search_page_is_safe_on_any_input(ds, text):
    for path in ("/-/search", "/-/search.json"):
        response = await ds.client.get(path, params={"q": text})
        assert response.status_code == 200, (path, text)


@pytest.mark.parametrize(
    "params", [{"q": "x", "kind": "nope"}, {"q": "x", "page": "0"}, {"q": "x", "page": "x"}, {"q": "x", "page": "51"}]
)
async def test_bad_parameters_are_400s(ds, params):
    for path in ("/-/search", "/-/search.json"):
        response = await ds.client.get(path, params=params)
        assert response.status_code == 400, (path, params)
    posted = await ds.client.post("/-/search", data={"q": "x"})
    assert posted.status_code == 405 and posted.headers["allow"] == "GET, HEAD"


async def test_search_page_escapes_and_highlights(ds):
    html = (await ds.client.get("/-/search", params={"q": "<script>alert(1)</script> cache"})).text
    assert "<script>alert(1)</script>" not in html
    html = (await ds.client.get("/-/search", params={"q": "cache"})).text
    assert "<mark>" in html and "[[" not in html


async def test_search_page_under_base_url(db_path):
    datasette = await start_datasette(db_path, settings={"base_url": "/prefix/"})
    html = (await datasette.client.get("/-/search", params={"q": "interview"})).text
    assert 'href="/prefix/interview/' in html and 'href="/interview/' not in html


# The index itself


async def test_questions_are_one_kind_of_the_index(ds, db_path):
    """Every question the build writes is searchable, counted as its own kind, and links to its row."""
    conn = sqlite3.connect(db_path)
    expected = conn.execute("select count(*) from questions_fts where questions_fts match 'lru'").fetchone()[0]
    ids = {row[0] for row in conn.execute("select id from questions where question like '%LRU%'")}
    assert expected >= 1 and ids
    body = await page_json(ds, q="lru", kind="questions")
    assert body["counts"]["questions"] == expected
    assert {hit["kind"] for hit in body["hits"]} == {"question"}
    assert {hit["url"].rsplit("/", 1)[1] for hit in body["hits"]} == ids


async def test_a_hit_says_each_fact_once(ds):
    # A take-home question's topic and round type are both "Take-home assignment".
    body = await page_json(ds, q="langgraph", kind="questions")
    assert body["hits"]
    for hit in body["hits"]:
        facts = [fact.casefold() for fact in hit["detail"].split(" · ")]
        assert len(facts) == len(set(facts)), hit["detail"]
    assert search_index._join(" · ", "Coding", None, "", "coding", "asked 2 times") == "Coding · asked 2 times"


def test_champion_lists_give_the_same_order_as_ranking_live(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "CHAMPION_MIN_HITS", 50)
    path = tmp_path / "interview.db"
    build_database(load_data(DATA_DIR), path)
    conn = sqlite3.connect(path)
    term, rowids = conn.execute("select term, rowids from search_top where kind = '' order by hits desc").fetchone()
    live = [
        rowid
        for (rowid,) in conn.execute(
            "select search_fts.rowid from search_fts join search_items on search_items.rowid = search_fts.rowid"
            f" where search_fts match ? order by {search_index.RANK_SQL}, search_fts.rowid limit 200",
            [fts_phrase(term)],
        )
    ]
    assert __import__("json").loads(rowids) == live
    rows = conn.execute("select rowid, kind from search_items").fetchall()
    assert {kind for _, kind in rows} >= {"step", "process", "source", "question"}
    for rowid, kind in rows:  # every rowid sits in its kind's block
        assert SEARCH_KINDS_BY_NAME[kind].first_rowid <= rowid <= SEARCH_KINDS_BY_NAME[kind].last_rowid, (rowid, kind)


async def test_champion_and_live_pages_agree(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "CHAMPION_MIN_HITS", 50)
    path = tmp_path / "interview.db"
    build_database(load_data(DATA_DIR), path)
    live_copy = tmp_path / "live.db"
    shutil.copy(path, live_copy)
    with sqlite3.connect(live_copy) as conn:
        conn.execute("delete from search_top")
    champion, live = await start_datasette(path), await start_datasette(live_copy)
    with_list = (await champion.client.get("/-/search.json", params={"q": "interview"})).json()
    without = (await live.client.get("/-/search.json", params={"q": "interview"})).json()
    assert with_list["ranked_by"] == "champion list" and without["ranked_by"] == "bm25"
    assert [hit["url"].split("/", 2)[2] for hit in with_list["hits"]] == [
        hit["url"].split("/", 2)[2] for hit in without["hits"]
    ]


@pytest.mark.parametrize(
    "params, steps_status",
    [
        ({"_search": "x", "_next": "abc,1"}, 200),
        ({"_search": "design", "_sort_desc": "relevance"}, 200),
        ({"_search": '"', "_sort": "relevance"}, 200),
        ({"_search": "design", "_facet": "platform", "_col": "title"}, 400),  # steps have no platform or title
        ({"_search": "design", "_next": "3,999999", "_sort": "relevance"}, 200),
    ],
)
async def test_relevance_sorting_is_safe_with_other_parameters(ds, params, steps_status):
    for path in ("/interview/sources", "/interview/sources.json"):
        response = await ds.client.get(path, params=params)
        assert response.status_code == 200, (path, params, response.text[:300])
    steps = await ds.client.get("/interview/steps.json", params=params)
    assert steps.status_code == steps_status, steps.text[:300]


async def test_json_pages_link_to_json_pages(ds):
    first = await page_json(ds, q="interview")
    assert first["next_url"].startswith("/-/search.json?") and first["previous_url"] is None
    second = (await ds.client.get(first["next_url"])).json()
    assert second["page"] == 2 and second["previous_url"].startswith("/-/search.json?")
    assert first["html_url"].startswith("/-/search?")


async def test_head_answers_without_a_body(ds):
    response = await ds.client.request("HEAD", "/-/search", params={"q": "cache"})
    assert response.status_code == 200 and response.content == b""
