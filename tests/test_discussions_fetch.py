"""fetch-discussions against a stand-in for the APIs on 127.0.0.1: shapes, failures, politeness, the cache."""

from __future__ import annotations

import itertools
import json
import socket
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from discussions_server import (
    ARTICLE_HTML,
    Canned,
    DiscussionsServer,
    algolia_big_thread,
    algolia_thread,
    answer_json,
    official_items,
    reddit_more_children,
    reddit_thread,
    write_small_data,
)

from datasette_interview_prep.core.discussions import CachedThread, default_cache_dir, thread_path
from datasette_interview_prep.importers.discussions.cli import main
from datasette_interview_prep.importers.discussions.fetch import (
    Endpoints,
    FetchSettings,
    Summary,
    estimated_seconds,
    fetch_all,
    read_cached,
)
from datasette_interview_prep.importers.discussions.http import Politeness
from datasette_interview_prep.importers.discussions.reddit import RedditAuth
from datasette_interview_prep.importers.discussions.targets import SourceRef, Target, plan

FAST = Politeness(min_interval=0.0, timeout=5.0, retries=3, backoff=0.01, max_backoff=0.05)
HN_URL = "https://news.ycombinator.com/item?id={}"
REDDIT_URL = "https://www.reddit.com/r/MachineLearning/comments/{}/interview_experience_at_openai"


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Any name but the loopback's fails to resolve: a test that would reach the internet fails instead."""
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise OSError(f"test tried to reach {host!r}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture
def server():
    with DiscussionsServer() as running:
        yield running


def endpoints(server: DiscussionsServer, hn_host: str = "127.0.0.1") -> Endpoints:
    return Endpoints(
        hacker_news=f"http://{hn_host}:{server.port}/hn/api/v1",
        hacker_news_official=f"http://{hn_host}:{server.port}/hn-official/v0",
        reddit=f"{server.base}/reddit",
        reddit_oauth=f"{server.base}/oauth",
    )


def settings(server: DiscussionsServer, cache: Path, **changes) -> FetchSettings:
    values = {"cache_dir": cache, "endpoints": endpoints(server), "politeness": FAST, **changes}
    return FetchSettings(**values)


def hn(thread_id: int) -> Target:
    return Target("hacker_news", str(thread_id), HN_URL.format(thread_id), "A thread", None)


def reddit(thread_id: str = "abc123") -> Target:
    return Target("reddit", thread_id, REDDIT_URL.format(thread_id), "A thread", "r/MachineLearning")


def only_outcome(summary: Summary):
    assert len(summary.outcomes) == 1
    return summary.outcomes[0]


def cached(cache: Path, platform: str, thread_id: str) -> CachedThread:
    thread = read_cached(thread_path(cache, platform, thread_id))
    assert thread is not None
    return thread


# --- Hacker News ----------------------------------------------------------------------------------


def test_algolia_thread_becomes_plain_text_with_deleted_comments_marked(server, tmp_path):
    server.route("/hn/api/v1/items/1001", answer_json(algolia_thread(1001)))
    summary = fetch_all([hn(1001)], settings(server, tmp_path))
    outcome = only_outcome(summary)
    assert (outcome.status, outcome.comments) == ("fetched", 5)
    thread = cached(tmp_path, "hacker_news", "1001")
    by_id = {comment.id: comment for comment in thread.comments}
    assert thread.title == "Ask HN: How was your interview at Anthropic?"
    assert thread.post is not None and thread.post.text == "Tell us about the loop."
    assert by_id["1002"].text == "The system design round was about a rate limiter.\n\nSee the write-up & notes."
    assert by_id["1002"].permalink == "https://news.ycombinator.com/item?id=1002"
    assert by_id["1002"].created == "2023-11-14T22:13:20Z" or by_id["1002"].created.startswith("2023-11-14T")
    assert (by_id["1003"].parent_id, by_id["1003"].depth) == ("1002", 2)
    # HTML in a comment arrives escaped and is kept as the characters a reader saw, not as markup
    assert by_id["1004"].text == "<script>alert('pwned')</script> bold claims about Anthropic"
    assert by_id["1005"].deleted and by_id["1005"].author is None and by_id["1005"].text is None
    assert by_id["1006"].parent_id == "1005" and not by_id["1006"].deleted
    request = server.requests_to("/hn/api/v1/items/1001")[0]
    assert "datasette-interview-prep" in request.headers["User-Agent"]


def test_official_api_walks_the_kids_and_marks_deleted_and_dead(server, tmp_path):
    for item_id, item in official_items(2001).items():
        server.route(f"/hn-official/v0/item/{item_id}.json", answer_json(item))
    summary = fetch_all([hn(2001)], settings(server, tmp_path, hn_api="official"))
    assert only_outcome(summary).status == "fetched"
    assert summary.requests == 5
    thread = cached(tmp_path, "hacker_news", "2001")
    by_id = {comment.id: comment for comment in thread.comments}
    assert thread.title == "My interview loop at OpenAI" and thread.post.author == "dhouston"
    assert by_id["2002"].text == "Four rounds & a take-home." and by_id["2002"].author == "norvig"
    assert by_id["2003"].deleted and by_id["2004"].deleted and by_id["2004"].text is None
    assert (by_id["2005"].parent_id, by_id["2005"].depth) == ("2002", 2)


def test_official_api_stops_at_its_cap_and_counts_what_is_missing(server, tmp_path):
    for item_id, item in official_items(2001).items():
        server.route(f"/hn-official/v0/item/{item_id}.json", answer_json(item))
    fetch_all([hn(2001)], settings(server, tmp_path, hn_api="official", hn_max_items=2))
    thread = cached(tmp_path, "hacker_news", "2001")
    assert len(thread.comments) == 2 and thread.missing == 2


# --- Reddit ---------------------------------------------------------------------------------------


def route_reddit(server: DiscussionsServer, base: str = "/reddit") -> None:
    server.route(f"{base}/comments/abc123.json", answer_json(reddit_thread()))
    server.route(f"{base}/api/morechildren.json", answer_json(reddit_more_children()))


def test_reddit_thread_with_its_collapsed_comments(server, tmp_path):
    route_reddit(server)
    assert only_outcome(fetch_all([reddit()], settings(server, tmp_path))).status == "fetched"
    thread = cached(tmp_path, "reddit", "abc123")
    by_id = {comment.id: comment for comment in thread.comments}
    assert list(by_id) == ["c1", "c2", "c3", "c4", "c5", "m1", "m2"]
    assert by_id["c1"].text == "OpenAI asked me to refactor a <script>alert(1)</script> legacy module."
    assert by_id["c1"].permalink == "https://www.reddit.com/r/MachineLearning/comments/abc123/interview/c1/"
    assert (by_id["c2"].parent_id, by_id["c2"].depth, by_id["c1"].score) == ("c1", 1, 42)
    assert by_id["c3"].deleted and by_id["c4"].deleted and by_id["c4"].author is None
    assert by_id["m2"].parent_id == "m1"
    assert thread.missing == 3  # the "continue this thread" link under c5
    assert thread.community == "r/MachineLearning" and thread.title == "[D] Interview experience at OpenAI"
    assert thread.post is not None and thread.post.text == "Had the **system design** round last week."
    first, more = server.requests_to("/reddit/comments/abc123.json")[0], server.requests_to("/reddit/api/more")[0]
    assert "raw_json=1" in first.path
    assert "children=m1%2Cm2" in more.path and "link_id=t3_abc123" in more.path


def test_reddit_oauth_when_credentials_are_set(server, tmp_path):
    route_reddit(server, "/oauth")
    server.route("/reddit/api/v1/access_token", answer_json({"access_token": "tok-1", "token_type": "bearer"}))
    auth = RedditAuth.from_environment(
        endpoints(server).reddit_token, {"REDDIT_CLIENT_ID": "id", "REDDIT_CLIENT_SECRET": "secret"}
    )
    assert auth is not None
    summary = fetch_all([reddit()], settings(server, tmp_path, reddit_auth=auth))
    assert only_outcome(summary).status == "fetched"
    token_request = server.requests_to("/reddit/api/v1/access_token")[0]
    assert token_request.method == "POST" and token_request.headers["Authorization"].startswith("Basic ")
    assert b"grant_type=client_credentials" in token_request.body
    assert server.requests_to("/oauth/comments/abc123.json")[0].headers["Authorization"] == "bearer tok-1"
    assert not server.requests_to("/reddit/comments")
    assert RedditAuth.from_environment("http://x", {}) is None


# --- failures -------------------------------------------------------------------------------------


def test_429_then_success_is_retried_after_retry_after(server, tmp_path):
    server.route(
        "/hn/api/v1/items/1001",
        Canned(429, b"slow down", {"Retry-After": "0", "Content-Type": "text/plain"}),
        answer_json(algolia_thread(1001)),
    )
    summary = fetch_all([hn(1001)], settings(server, tmp_path))
    assert only_outcome(summary).status == "fetched"
    assert len(server.requests_to("/hn/api/v1/items/1001")) == 2


def test_500_fails_after_the_retries_with_the_reason(server, tmp_path):
    server.route("/hn/api/v1/items/1001", Canned(500, b"oops"))
    outcome = only_outcome(fetch_all([hn(1001)], settings(server, tmp_path)))
    assert outcome.status == "failed"
    assert "HTTP 500" in outcome.reason and "(4 tries)" in outcome.reason
    assert len(server.requests_to("/hn/api/v1/items/1001")) == 4
    assert not thread_path(tmp_path, "hacker_news", "1001").exists()


def test_404_is_not_retried(server, tmp_path):
    outcome = only_outcome(fetch_all([hn(404)], settings(server, tmp_path)))
    assert outcome.status == "failed" and "HTTP 404" in outcome.reason
    assert len(server.requests_to("/hn/api/v1/items/404")) == 1


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"id": 1001, "children": [', "malformed JSON"),
        (b"<html>Service unavailable</html>", "malformed JSON"),
        (b'{"id": 999, "children": []}', "not the item 1001"),
        (b'{"id": 1001, "children": [{"id": "x"}]}', "numeric id"),
        (b'{"id": 1001, "children": [7]}', "not an object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_answers_of_the_wrong_shape_fail_with_a_reason(server, tmp_path, body, reason):
    server.route("/hn/api/v1/items/1001", Canned(200, body))
    outcome = only_outcome(fetch_all([hn(1001)], settings(server, tmp_path)))
    assert outcome.status == "failed" and reason in outcome.reason


@pytest.mark.parametrize(
    "shape",
    [
        {"not": "a list"},
        [{"kind": "Listing", "data": {"children": []}}, {"kind": "Listing", "data": {"children": []}}],
        [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "abc123"}}]}}, {"kind": "Listing"}],
    ],
)
def test_reddit_answers_of_the_wrong_shape_fail(server, tmp_path, shape):
    server.route("/reddit/comments/abc123.json", answer_json(shape))
    outcome = only_outcome(fetch_all([reddit()], settings(server, tmp_path)))
    assert outcome.status == "failed" and outcome.reason


def test_bytes_that_are_not_utf8_are_replaced_not_fatal(server, tmp_path):
    body = json.dumps(algolia_thread(1001)).encode().replace(b"rate limiter", b"rate \xff\xfe limiter")
    server.route("/hn/api/v1/items/1001", Canned(200, body))
    assert only_outcome(fetch_all([hn(1001)], settings(server, tmp_path))).status == "fetched"
    thread = cached(tmp_path, "hacker_news", "1001")
    assert "rate \ufffd\ufffd limiter" in thread.comments[0].text


def test_redirects_are_followed_and_only_to_the_web(server, tmp_path):
    server.route("/reddit/comments/abc123.json", Canned(301, b"", {"Location": "/reddit/moved/abc123.json"}))
    server.route("/reddit/moved/abc123.json", answer_json(reddit_thread()))
    server.route("/reddit/api/morechildren.json", answer_json(reddit_more_children()))
    assert only_outcome(fetch_all([reddit()], settings(server, tmp_path))).status == "fetched"
    server.route("/hn/api/v1/items/1001", Canned(302, b"", {"Location": "javascript:alert(1)"}))
    outcome = only_outcome(fetch_all([hn(1001)], settings(server, tmp_path)))
    assert outcome.status == "failed" and "non-web address" in outcome.reason
    server.route("/hn/api/v1/items/7", Canned(302, b"", {"Location": "/hn/api/v1/items/7"}))
    outcome = only_outcome(fetch_all([hn(7)], settings(server, tmp_path)))
    assert outcome.status == "failed" and "redirects" in outcome.reason


def test_an_answer_larger_than_the_cap_is_refused(server, tmp_path):
    server.route("/hn/api/v1/items/1001", answer_json(algolia_thread(1001)))
    small = Politeness(min_interval=0, retries=0, max_bytes=1_000)
    outcome = only_outcome(fetch_all([hn(1001)], settings(server, tmp_path, politeness=small)))
    assert outcome.status == "failed" and "larger than" in outcome.reason


@pytest.mark.slow
def test_a_thread_of_5000_comments_in_bounded_time_and_memory(server, tmp_path):
    server.route("/hn/api/v1/items/5000000", answer_json(algolia_big_thread(5_000_000, 5_000)))
    tracemalloc.start()
    started = time.perf_counter()
    try:
        summary = fetch_all([hn(5_000_000)], settings(server, tmp_path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert only_outcome(summary).comments == 5_000
    assert elapsed < 15, elapsed
    assert peak < 80_000_000, peak
    thread = cached(tmp_path, "hacker_news", "5000000")
    assert max(comment.depth for comment in thread.comments) == 100


# --- the cache and the run ------------------------------------------------------------------------


def test_the_cache_is_reused_refreshed_and_a_broken_file_fetched_again(server, tmp_path):
    server.route("/hn/api/v1/items/1001", answer_json(algolia_thread(1001)))
    fetch_all([hn(1001)], settings(server, tmp_path))
    again = fetch_all([hn(1001)], settings(server, tmp_path))
    assert (only_outcome(again).status, again.requests) == ("cached", 0)
    assert len(server.requests_to("/hn/api/v1/items/1001")) == 1
    refreshed = fetch_all([hn(1001)], settings(server, tmp_path, refresh=True))
    assert only_outcome(refreshed).status == "fetched"
    thread_path(tmp_path, "hacker_news", "1001").write_text('{"format": 1, "platform": "hacker_ne')
    assert only_outcome(fetch_all([hn(1001)], settings(server, tmp_path))).status == "fetched"
    assert not list(tmp_path.rglob("*.tmp"))


def test_limit_fetches_a_few_and_the_next_run_carries_on(server, tmp_path):
    for thread_id in (1001, 1101, 1201):
        server.route(f"/hn/api/v1/items/{thread_id}", answer_json(algolia_thread(thread_id)))
    targets = [hn(1001), hn(1101), hn(1201)]
    first = fetch_all(targets, settings(server, tmp_path, limit=1))
    assert (first.count("fetched"), first.left_for_later) == (1, 2)
    second = fetch_all(targets, settings(server, tmp_path, limit=1))
    assert (second.count("cached"), second.count("fetched"), second.left_for_later) == (1, 1, 1)


class StartTimes(httpx.HTTPTransport):
    """A transport that notes when each request leaves the client, by host."""

    def __init__(self) -> None:
        super().__init__()
        self.starts: dict[str, list[float]] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.starts.setdefault(request.url.host, []).append(time.monotonic())
        return super().handle_request(request)


def test_one_request_a_second_per_host_and_hosts_side_by_side(server, tmp_path):
    """At 0.25 s a request: three threads on one host take 0.5 s or more; another host does not wait."""
    for thread_id in (1001, 1101, 1201):
        server.route(f"/hn/api/v1/items/{thread_id}", answer_json(algolia_thread(thread_id)))
    route_reddit(server)
    polite = Politeness(min_interval=0.25, timeout=5, retries=0)
    transport = StartTimes()
    config = settings(
        server, tmp_path, politeness=polite, endpoints=endpoints(server, hn_host="localhost"), transport=transport
    )
    summary = fetch_all([hn(1001), hn(1101), hn(1201), reddit()], config)
    assert summary.count("fetched") == 4
    hn_times, reddit_times = transport.starts["localhost"], transport.starts["127.0.0.1"]
    assert (len(hn_times), len(reddit_times)) == (3, 2)  # Reddit: the thread, then its collapsed comments
    # 0.25 s apart as the limiter schedules them; the transport notes them a little later, by however long a
    # loaded machine takes to get from the limiter to the socket, so allow 0.05 s of that (unlimited: ~0.001 s).
    assert all(later - earlier >= 0.2 for earlier, later in itertools.pairwise(hn_times))
    assert all(later - earlier >= 0.2 for earlier, later in itertools.pairwise(reddit_times))
    # Reddit's first request did not wait for Hacker News' three
    assert reddit_times[0] < hn_times[-1]
    assert estimated_seconds([hn(1), hn(2), hn(3), reddit()], polite) == pytest.approx(0.5)


# --- articles -------------------------------------------------------------------------------------


def test_an_articles_main_text_without_its_menus(server, tmp_path):
    pytest.importorskip("trafilatura")
    server.route("/blog/my-anthropic-interview", Canned(200, ARTICLE_HTML.encode(), {"Content-Type": "text/html"}))
    url = f"{server.base}/blog/my-anthropic-interview"
    targets = plan([SourceRef(url, "My Anthropic interview")], ["article"]).targets
    assert only_outcome(fetch_all(targets, settings(server, tmp_path))).status == "fetched"
    thread = cached(tmp_path, "article", targets[0].thread_id)
    assert thread.post is not None and thread.post.text is not None
    assert "LRU cache with expiry" in thread.post.text and "Copyright footer" not in thread.post.text
    assert thread.post.permalink == url and thread.post.author == "Jane Writer"
    assert thread.comments == []


def test_a_page_that_is_not_html_is_not_an_article(server, tmp_path):
    pytest.importorskip("trafilatura")
    server.route("/blog/file.pdf", Canned(200, b"%PDF-1.4", {"Content-Type": "application/pdf"}))
    targets = plan([SourceRef(f"{server.base}/blog/file.pdf", "A PDF")], ["article"]).targets
    outcome = only_outcome(fetch_all(targets, settings(server, tmp_path)))
    assert outcome.status == "failed" and "not an HTML page" in outcome.reason


# --- what is fetched, and the command -------------------------------------------------------------


def test_plan_picks_threads_and_articles_and_counts_the_rest():
    sources = [
        SourceRef("https://news.ycombinator.com/item?id=42", "hn"),
        SourceRef("https://news.ycombinator.com/item?id=42", "the same thread again"),
        SourceRef("https://news.ycombinator.com/user?id=pg", "not a thread"),
        SourceRef("https://www.reddit.com/r/ML/comments/Ab12cd/title", "reddit"),
        SourceRef("https://redd.it/xyz9", "short reddit link"),
        SourceRef("https://www.reddit.com/r/cscareerquestions", "a subreddit"),
        SourceRef("https://www.teamblind.com/post/x", "blind"),
        SourceRef("https://x.com/a/status/1", "x"),
        SourceRef("https://medium.com/@a/post", "medium"),
        SourceRef("https://github.com/a/b", "repo"),
    ]
    planned = plan(sources)
    assert [(target.platform, target.thread_id) for target in planned.targets][:3] == [
        ("hacker_news", "42"),
        ("reddit", "ab12cd"),
        ("reddit", "xyz9"),
    ]
    assert [target.platform for target in planned.targets][3] == "article"
    assert dict(planned.not_fetchable) == {"hacker_news": 1, "reddit": 1, "teamblind": 1, "x": 1, "github": 1}
    assert [target.platform for target in plan(sources, ["reddit"]).targets] == ["reddit", "reddit"]


def test_thread_ids_cannot_name_a_path_outside_the_cache(tmp_path):
    with pytest.raises(ValueError):
        thread_path(tmp_path, "reddit", "../../etc/passwd")
    with pytest.raises(ValueError):
        thread_path(tmp_path, "nowhere", "abc")


def test_default_cache_dir_is_outside_the_repository_and_overridable():
    assert default_cache_dir({"INTERVIEW_PREP_DISCUSSIONS_CACHE": "/tmp/here"}) == Path("/tmp/here")
    assert default_cache_dir({"XDG_CACHE_HOME": "/x"}, "linux") == Path("/x/datasette-interview-prep/discussions")
    assert default_cache_dir({}, "linux") == Path.home() / ".cache" / "datasette-interview-prep" / "discussions"
    assert "Library/Caches" in str(default_cache_dir({}, "darwin"))


def cli_args(server: DiscussionsServer, data: Path, cache: Path, *more: str) -> list[str]:
    return [
        "fetch-discussions",
        "--data",
        str(data),
        "--cache-dir",
        str(cache),
        "--hn-url",
        f"{server.base}/hn/api/v1",
        "--reddit-url",
        f"{server.base}/reddit",
        "--rate",
        "10",
        "--retries",
        "0",
        *more,
    ]


def test_command_summary_lists_fetched_cached_failed_and_not_fetchable(server, tmp_path, monkeypatch):
    monkeypatch.delenv("REDDIT_CLIENT_ID", raising=False)
    server.route("/hn/api/v1/items/1001", answer_json(algolia_thread(1001)))
    server.route("/reddit/comments/abc123.json", Canned(503, b""))
    data = write_small_data(tmp_path)
    cache = tmp_path / "cache"
    result = CliRunner().invoke(main, cli_args(server, data, cache, "--only", "hn", "--only", "reddit"))
    assert result.exit_code == 0, result.output
    assert "Fetched 1 (5 comments), 0 from the cache, 1 failed" in result.output
    assert "failed: Reddit https://www.reddit.com/r/MachineLearning/comments/abc123" in result.output
    assert "HTTP 503" in result.output
    assert "1 TeamBlind (TeamBlind shows posts only to signed-in members" in result.output
    assert "1 X (X shows posts only" in result.output
    assert f"Cache: {cache}" in result.output
    again = CliRunner().invoke(main, cli_args(server, data, cache, "--only", "hn"))
    assert "Fetched 0 (0 comments), 1 from the cache, 0 failed" in again.output


def test_command_dry_run_asks_nothing(server, tmp_path):
    data = write_small_data(tmp_path, article_url=f"{server.base}/blog/post")
    result = CliRunner().invoke(main, cli_args(server, data, tmp_path / "cache", "--dry-run", "--only", "hn"))
    assert result.exit_code == 0, result.output
    assert "Would fetch 1: 1 Hacker News" in result.output
    assert not server.log and not (tmp_path / "cache").exists()


def test_command_fetches_articles_from_their_own_urls(server, tmp_path):
    pytest.importorskip("trafilatura")
    server.route("/blog/post", Canned(200, ARTICLE_HTML.encode(), {"Content-Type": "text/html; charset=utf-8"}))
    data = write_small_data(tmp_path, article_url=f"{server.base}/blog/post")
    result = CliRunner().invoke(main, cli_args(server, data, tmp_path / "cache", "--only", "articles"))
    assert result.exit_code == 0, result.output
    assert "Fetched 1 (0 comments)" in result.output
    assert len(list((tmp_path / "cache" / "article").glob("*.json"))) == 1


def test_command_reports_bad_data_without_a_traceback(tmp_path):
    data = write_small_data(tmp_path, sources="sources:\n  - url: nope\n")
    result = CliRunner().invoke(main, ["fetch-discussions", "--data", str(data), "--dry-run"])
    assert result.exit_code == 1
    assert "sources/threads.yaml" in result.output and "Traceback" not in result.output


def test_readme_states_what_data_sources_holds():
    """The README's counts and times are those of data/ (no figure in it is typed by hand)."""
    from conftest import DATA_DIR

    from datasette_interview_prep.build.load import load_data

    sources = load_data(DATA_DIR).sources
    readme = " ".join((DATA_DIR.parent / "README.md").read_text().split())  # line breaks as spaces

    def planned(inventory: str | None) -> tuple[int, Counter, Counter, float]:
        refs = [SourceRef(s.url, s.title, s.platform) for _, s in sources if inventory in (None, s.inventory)]
        result = plan(refs)
        targets = Counter(t.platform for t in result.targets)
        return len(refs), targets, result.not_fetchable, estimated_seconds(result.targets, Politeness())

    _, everything, _, seconds = planned(None)
    listed, threads, left_out, thread_seconds = planned("discussion-threads")
    total = everything["hacker_news"] + everything["reddit"]
    assert f"{total} threads ({everything['reddit']} on Reddit, {everything['hacker_news']} on Hacker News)" in readme
    assert f"and {everything['article']} articles" in readme
    in_file = threads["hacker_news"] + threads["reddit"]
    assert f"of the {listed} threads in `discussion-threads.yaml`, {in_file}" in readme
    assert f"({threads['reddit']} Reddit, {threads['hacker_news']} Hacker News;" in readme
    assert f"TeamBlind ({left_out['teamblind']} of those" in readme and f"X ({left_out['x']})" in readme
    assert f"at least {seconds:.0f} seconds ({everything['reddit']} requests" in readme
    assert f"at least {thread_seconds:.0f} seconds (its {threads['reddit']} on Reddit)" in readme
