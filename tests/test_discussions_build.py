"""build_db.py with the discussions cache: loaded when there is one, skipped files reported, no change without."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from discussions_server import (
    DiscussionsServer,
    algolia_thread,
    answer_json,
    reddit_more_children,
    reddit_thread,
    write_small_data,
)

from datasette_interview_prep.build.cli import main as build_main
from datasette_interview_prep.build.comments import CAPS, read_comments_cache
from datasette_interview_prep.core.discussions import CACHE_FORMAT, CachedComment, CachedThread
from datasette_interview_prep.importers.discussions.fetch import Endpoints, FetchSettings, fetch_all, write_cached
from datasette_interview_prep.importers.discussions.http import Politeness
from datasette_interview_prep.importers.discussions.targets import SourceRef, plan

SMALL_SOURCES_PLAN = [
    SourceRef("https://news.ycombinator.com/item?id=1001", "How was your interview at Anthropic?"),
    SourceRef(
        "https://www.reddit.com/r/MachineLearning/comments/abc123/interview_experience_at_openai",
        "Interview experience at OpenAI",
    ),
]


def fetch_fixture_threads(cache: Path) -> None:
    """The two fixture threads, fetched from the stand-in server into `cache`, as a user's run would."""
    with DiscussionsServer() as server:
        server.route("/hn/api/v1/items/1001", answer_json(algolia_thread(1001)))
        server.route("/reddit/comments/abc123.json", answer_json(reddit_thread()))
        server.route("/reddit/api/morechildren.json", answer_json(reddit_more_children()))
        settings = FetchSettings(
            cache_dir=cache,
            endpoints=Endpoints(hacker_news=f"{server.base}/hn/api/v1", reddit=f"{server.base}/reddit"),
            politeness=Politeness(min_interval=0, retries=0),
        )
        summary = fetch_all(plan(SMALL_SOURCES_PLAN).targets, settings)
    assert summary.count("fetched") == 2, summary.failures


@pytest.fixture(scope="module")
def fetched_cache(tmp_path_factory) -> Path:
    cache = tmp_path_factory.mktemp("cache")
    fetch_fixture_threads(cache)
    return cache


def build(data: Path, db: Path, *more: str):
    result = CliRunner().invoke(build_main, ["--data", str(data), "--db", str(db), *more])
    assert result.exit_code == 0, result.output
    return result


def dump(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def test_the_cache_becomes_the_comments_table_with_search(tmp_path, fetched_cache):
    data = write_small_data(tmp_path)
    db = tmp_path / "interview.db"
    result = build(data, db, "--comments-cache", str(fetched_cache))
    # HN: the post and 4 of 5 comments (one deleted); Reddit: the post and 5 of 7 ([deleted], [removed])
    assert f"Comments: 11 loaded from 2 cached thread(s) in {fetched_cache} (3 deleted" in result.output
    assert "11 comments" in result.output
    kinds = rows(db, "select platform, kind, count(*) from comments group by 1, 2 order by 1, 2")
    assert kinds == [
        ("hacker_news", "comment", 4),
        ("hacker_news", "post", 1),
        ("reddit", "comment", 5),
        ("reddit", "post", 1),
    ]
    assert not rows(db, "select 1 from comments where author is null and kind = 'comment'")
    assert not rows(db, "select 1 from comments where text in ('[deleted]', '[removed]')")
    script = rows(db, "select text, permalink, source_id from comments where comment_id = 'c1'")[0]
    assert script[0] == "OpenAI asked me to refactor a <script>alert(1)</script> legacy module."
    assert script[1].startswith("https://www.reddit.com/r/MachineLearning/comments/abc123/")
    source = rows(db, "select url from sources where id = ?", (script[2],))[0][0]
    assert source == "https://www.reddit.com/r/MachineLearning/comments/abc123/interview_experience_at_openai"
    assert rows(db, "select count(*) from comments_fts where comments_fts match 'refactoring'") == [
        (2,)
    ]  # refactor, refactoring
    assert rows(db, "select count(*) from search_items where kind = 'comment'") == [(11,)]
    assert rows(db, "pragma foreign_key_check") == []
    detail = rows(
        db,
        "select title, detail, platform, published from search_items where link = 'comments/' || ?",
        (rows(db, "select id from comments where comment_id = 'c1'")[0][0],),
    )[0]
    assert detail == ("dave", "comment by dave · Reddit · r/MachineLearning · 42 points", "reddit", "2023-11-14")


@pytest.mark.slow  # three builds
def test_no_cache_and_an_empty_cache_build_exactly_as_without_comments(tmp_path):
    data = write_small_data(tmp_path)
    empty = tmp_path / "empty-cache"
    (empty / "reddit").mkdir(parents=True)
    without = build(data, tmp_path / "without.db", "--no-comments")
    absent = build(data, tmp_path / "absent.db", "--comments-cache", str(tmp_path / "nowhere"))
    emptied = build(data, tmp_path / "empty.db", "--comments-cache", str(empty))
    assert dump(tmp_path / "without.db") == dump(tmp_path / "absent.db") == dump(tmp_path / "empty.db")
    assert "comments" not in {row[0] for row in rows(tmp_path / "absent.db", "select name from sqlite_master")}
    said = [result.output.split("s: ", 1)[1] for result in (without, absent, emptied)]  # after the path and time
    assert said[0] == said[1] == said[2] and "Comments" not in absent.output


def test_the_default_cache_is_read_from_the_environment(tmp_path, fetched_cache, monkeypatch):
    monkeypatch.setenv("INTERVIEW_PREP_DISCUSSIONS_CACHE", str(fetched_cache))
    result = build(write_small_data(tmp_path), tmp_path / "interview.db")
    assert "Comments: 11 loaded" in result.output


BROKEN = {
    "reddit/garbage.json": (b"{not json", "not valid JSON"),
    "reddit/latin1.json": (b'{"format": 1, "title": "caf\xe9"}', "not UTF-8"),
    "hacker_news/77.json": (b'{"format": 2}', "format"),
    "hacker_news/78.json": (
        b'{"format": 1, "platform": "hacker_news", "source_url": "javascript:alert(1)", "thread_id": "78",'
        b' "fetched_at": "2024-01-01T00:00:00Z", "fetched_from": "https://x.test/"}',
        "source_url",
    ),
    "hacker_news/79.json": (b"[]", "(file)"),
}


def test_a_broken_cache_file_is_reported_and_skipped(tmp_path, fetched_cache):
    cache = tmp_path / "cache"
    for platform in ("hacker_news", "reddit"):
        (cache / platform).mkdir(parents=True)
        for path in (fetched_cache / platform).glob("*.json"):
            (cache / platform / path.name).write_bytes(path.read_bytes())
    for name, (content, _) in BROKEN.items():
        (cache / name).write_bytes(content)
    (cache / "hacker_news" / "80.json").write_bytes((cache / "hacker_news" / "1001.json").read_bytes())
    result = build(write_small_data(tmp_path), tmp_path / "interview.db", "--comments-cache", str(cache))
    for name, (_, reason) in BROKEN.items():
        line = next(line for line in result.output.splitlines() if line.startswith(f"skipped: {cache / name}"))
        assert reason in line, line
    assert f"skipped: {cache / 'hacker_news' / '80.json'}: holds hacker_news/1001" in result.output
    assert "Comments: 11 loaded from 2 cached thread(s)" in result.output
    assert "6 file(s) skipped" in result.output and "Traceback" not in result.output


def test_long_texts_are_capped_and_unknown_sources_kept_without_a_source(tmp_path):
    cache = tmp_path / "cache"
    long_text = "word " * 5_000
    thread = CachedThread(
        format=CACHE_FORMAT,
        platform="hacker_news",
        source_url="https://news.ycombinator.com/item?id=555",
        thread_id="555",
        title="A thread data/sources no longer lists",
        fetched_at="2024-01-01T00:00:00Z",
        fetched_from="https://hn.algolia.com/api/v1/items/555",
        comments=[
            CachedComment(
                id="556", author="verbose", permalink="https://news.ycombinator.com/item?id=556", text=long_text
            ),
            CachedComment(id="556", author="verbose", permalink="https://news.ycombinator.com/item?id=556", text="dup"),
            CachedComment(id="557", author="quiet", permalink="https://news.ycombinator.com/item?id=557", text="   "),
        ],
    )
    write_cached(cache, thread)
    db = tmp_path / "interview.db"
    build(write_small_data(tmp_path), db, "--comments-cache", str(cache))
    found = rows(db, "select text, truncated, source_id, thread_title from comments")
    assert len(found) == 1  # the duplicate and the blank one are left out
    text, truncated, source_id, title = found[0]
    assert CAPS["comment"] - 10 < len(text) <= CAPS["comment"] + 2 and text.endswith("word …")
    assert (truncated, source_id, title) == (1, None, "A thread data/sources no longer lists")
    assert read_comments_cache(tmp_path / "nowhere").threads == []
