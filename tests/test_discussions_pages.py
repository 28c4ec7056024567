"""Fetched comments on the search page and in a company's mention count: escaped, linked, consistent."""

from __future__ import annotations

import dataclasses
import html
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from discussions_server import write_small_data
from test_discussions_build import fetch_fixture_threads

from datasette_interview_prep.build.cli import main as build_main
from datasette_interview_prep.core.search import SEARCH_KINDS, SEARCH_KINDS_BY_NAME
from datasette_interview_prep.web.comments_read import comment_mentions
from datasette_interview_prep.web.fts import fts_query
from datasette_interview_prep.web.interview_db import interview_database
from datasette_interview_prep.web.search_read import search_on


@pytest.fixture(scope="module")
def comments_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("with-comments")
    cache = root / "cache"
    fetch_fixture_threads(cache)
    db = root / "interview.db"
    result = CliRunner().invoke(
        build_main, ["--data", str(write_small_data(root)), "--db", str(db), "--comments-cache", str(cache)]
    )
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def plain_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("without-comments")
    db = root / "interview.db"
    result = CliRunner().invoke(build_main, ["--data", str(write_small_data(root)), "--db", str(db), "--no-comments"])
    assert result.exit_code == 0, result.output
    return db


async def test_a_comment_hit_shows_its_thread_and_links_to_the_comment(make_datasette, comments_db):
    datasette = await make_datasette(comments_db)
    page = await datasette.client.get("/-/search", params={"q": "refactor", "kind": "comments"})
    assert page.status_code == 200
    assert ">comments (2)<" in page.text
    assert (
        '<a href="https://www.reddit.com/r/MachineLearning/comments/abc123/interview/c1/" rel="nofollow noopener">'
        "[D] Interview experience at OpenAI</a>"
    ) in page.text
    assert "comment by dave · Reddit · r/MachineLearning · 42 points · 2023-11-14" in html.unescape(page.text)
    # the script in the comment is text: escaped in the snippet, never markup
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert re.search(r"<mark>refactor</mark>", page.text)


async def test_comment_hits_in_json_carry_the_permalink_and_raw_text(make_datasette, comments_db):
    datasette = await make_datasette(comments_db)
    response = await datasette.client.get("/-/search.json", params={"q": "pwned"})
    body = response.json()
    assert body["counts"]["comments"] == 1
    hit = body["hits"][0]
    assert hit["kind"] == "comment" and hit["url"] == "https://news.ycombinator.com/item?id=1004"
    assert hit["title"] == "Ask HN: How was your interview at Anthropic?"
    assert "<script>alert('[[pwned]]')</script>" in hit["snippet"]  # JSON is text; a client escapes it
    assert hit["platform"] == "hacker_news" and hit["detail"].startswith("comment by mallory · Hacker News")


async def test_everything_counts_comments_beside_the_other_kinds(make_datasette, comments_db):
    datasette = await make_datasette(comments_db)
    body = (await datasette.client.get("/-/search.json", params={"q": "OpenAI"})).json()
    assert body["counts"]["comments"] >= 3 and body["counts"]["sources"] == 1
    assert {hit["kind"] for hit in body["hits"]} >= {"comment", "source"}


async def test_a_comment_row_is_escaped_in_datasettes_own_table_page(make_datasette, comments_db):
    datasette = await make_datasette(comments_db)
    page = await datasette.client.get("/interview/comments", params={"_search": "refactor"})
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


async def test_company_mentions_count_what_its_link_finds(make_datasette, comments_db):
    datasette = await make_datasette(comments_db)
    database = interview_database(datasette)
    mentions = await comment_mentions(datasette, database, "Anthropic")
    assert mentions is not None
    # the Ask HN post (its title), bob, mallory and carol; alice's comment in that thread does not say it
    assert mentions.count == 4
    assert mentions.url == "/-/search?q=%22Anthropic%22&kind=comments"
    linked = (await datasette.client.get(mentions.url.replace("/-/search", "/-/search.json"))).json()
    assert linked["total"] == mentions.count
    assert (await comment_mentions(datasette, database, "Nobody Inc")).count == 0


async def test_without_comments_nothing_changes(make_datasette, plain_db):
    datasette = await make_datasette(plain_db)
    assert await comment_mentions(datasette, interview_database(datasette), "Acme AI") is None
    body = (await datasette.client.get("/-/search.json", params={"q": "interview"})).json()
    assert "comments" not in body["counts"]
    refused = await datasette.client.get("/-/search", params={"q": "x", "kind": "comments"})
    assert refused.status_code == 400 and "not a known kind" in refused.text


def test_a_kind_over_its_rank_cap_ranks_only_its_best_scored_hits(comments_db):
    """The build numbers comments best-scored first; past rank_cap hits only the first ones are ranked
    (as many as the page needs, when it is deeper)."""
    capped = dataclasses.replace(SEARCH_KINDS_BY_NAME["comment"], rank_cap=2)
    kinds = [kind if kind.name != "comment" else capped for kind in SEARCH_KINDS if kind.name != "posting"]
    connection = sqlite3.connect(comments_db)
    connection.row_factory = sqlite3.Row  # as Datasette's connections answer
    try:
        match = fts_query("about")
        everything = search_on(connection, match, kinds, None, 0, 2)
        only = search_on(connection, match, kinds, capped, 0, 2)
        deeper = search_on(connection, match, kinds, capped, 2, 2)
        matching = [
            row[0]
            for row in connection.execute(
                "select search_items.link from search_fts join search_items on search_items.rowid = search_fts.rowid"
                " where search_fts match ? and search_fts.rowid between ? and ? order by search_fts.rowid",
                [match, capped.first_rowid, capped.last_rowid],
            )
        ]
        scores = [
            row[0]
            for row in connection.execute(
                "select coalesce(comments.score, 0) from search_items join comments"
                " on search_items.link = 'comments/' || comments.id order by search_items.rowid"
            )
        ]
    finally:
        connection.close()
    assert len(matching) > 4 and everything.ranked_by.startswith("bm25, a large kind")
    assert scores == sorted(scores, reverse=True)  # best-scored first

    def links(result) -> set[str]:
        return {hit.link for hit in result.hits if hit.kind == "comment"}

    assert len(only.hits) == 2 and links(only) == set(matching[:2])
    assert links(everything) <= set(matching[:2])
    assert len(deeper.hits) == 2 and links(deeper) <= set(matching[:4]) and not links(deeper) & links(only)
