"""A stand-in for the Hacker News and Reddit APIs on 127.0.0.1, and fixtures in their documented shapes.

The tests never touch the internet: `DiscussionsServer` answers each path from a
table of canned answers (status, headers, body), the last one repeating, and logs
every request with its time. The fixtures are written by hand from the fields the
APIs document: Algolia's items endpoint (a story with `children`), the official
item API (id, by, time, text, kids, parent, type, deleted, dead, title, score,
url), and Reddit's Listings of `t3`, `t1` and `more` things.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Canned:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json; charset=utf-8"})


def answer_json(value: Any, status: int = 200) -> Canned:
    return Canned(status, json.dumps(value).encode())


@dataclass
class Logged:
    method: str
    path: str
    host: str
    headers: dict[str, str]
    body: bytes
    at: float


class DiscussionsServer:
    """`with DiscussionsServer() as server:` ... `server.route(path, *answers)`; `server.base` is its URL."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Canned]] = {}
        self.log: list[Logged] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with outer._lock:
                    outer.log.append(
                        Logged(
                            self.command,
                            self.path,
                            self.headers.get("Host", ""),
                            dict(self.headers),
                            body,
                            time.monotonic(),
                        )
                    )
                    answers = outer.routes.get(self.path) or outer.routes.get(self.path.split("?")[0])
                    canned = (answers.pop(0) if len(answers) > 1 else answers[0]) if answers else Canned(404, b"{}")
                self.send_response(canned.status)
                for name, value in canned.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(canned.body)))
                self.end_headers()
                self.wfile.write(canned.body)

            do_GET = _answer
            do_POST = _answer

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def route(self, path: str, *answers: Canned) -> None:
        with self._lock:
            self.routes[path] = list(answers)

    def requests_to(self, path_start: str) -> list[Logged]:
        with self._lock:
            return [entry for entry in self.log if entry.path.startswith(path_start)]

    def __enter__(self) -> DiscussionsServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()


# --- Hacker News ----------------------------------------------------------------------------------

T0 = 1_700_000_000  # 2023-11-14T22:13:20Z


def algolia_comment(
    item_id: int, parent: int, story: int, author: str | None, text: str | None, children: list | None = None
) -> dict[str, Any]:
    return {
        "id": item_id,
        "created_at": "2023-11-14T22:13:20.000Z",
        "created_at_i": T0 + item_id % 1000,
        "type": "comment",
        "author": author,
        "title": None,
        "url": None,
        "text": text,
        "points": None,
        "parent_id": parent,
        "story_id": story,
        "options": [],
        "children": children or [],
    }


def algolia_story(item_id: int, title: str, children: list, text: str | None = None) -> dict[str, Any]:
    return {
        "id": item_id,
        "created_at": "2023-11-14T22:13:20.000Z",
        "created_at_i": T0,
        "type": "story",
        "author": "storyteller",
        "title": title,
        "url": "https://example.com/story",
        "text": text,
        "points": 321,
        "parent_id": None,
        "story_id": item_id,
        "options": [],
        "children": children,
    }


def algolia_thread(story: int = 1001) -> dict[str, Any]:
    """A story with: an HTML comment and its reply, a script in a comment, a deleted comment with a live reply."""
    return algolia_story(
        story,
        "Ask HN: How was your interview at Anthropic?",
        [
            algolia_comment(
                story + 1,
                story,
                story,
                "alice",
                '<p>The system design round was about a rate limiter.<p>See <a href="https://example.com/x" rel="nofollow">the write-up</a> &amp; notes.',
                [algolia_comment(story + 2, story + 1, story, "bob", "Same for me at Anthropic, <i>three</i> rounds.")],
            ),
            algolia_comment(
                story + 3,
                story,
                story,
                "mallory",
                "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt; <b>bold</b> claims about Anthropic",
            ),
            algolia_comment(
                story + 4,
                story,
                story,
                None,
                None,
                [
                    algolia_comment(
                        story + 5, story + 4, story, "carol", "Replying to a deleted comment about Anthropic."
                    )
                ],
            ),
        ],
        text="<p>Tell us about the <i>loop</i>.",
    )


def algolia_big_thread(story: int, comments: int) -> dict[str, Any]:
    """`comments` comments: 50 top-level ones, each the head of a chain of replies (100 deep for 5,000)."""
    per_chain = comments // 50
    children = []
    next_id = story + 1
    for chain in range(50):
        nodes = []
        for position in range(per_chain):
            node = algolia_comment(
                next_id, next_id - 1 if position else story, story, f"user{chain}", f"<p>Comment {next_id} on loops"
            )
            nodes.append(node)
            next_id += 1
        for parent, child in itertools.pairwise(nodes):
            parent["children"] = [child]
        children.append(nodes[0])
    return algolia_story(story, "A very long thread", children)


def official_items(story: int = 2001) -> dict[int, dict[str, Any]]:
    """The official API's items: a story, a comment with a reply, a deleted and a dead comment."""
    return {
        story: {
            "by": "dhouston",
            "descendants": 3,
            "id": story,
            "kids": [story + 1, story + 2, story + 3],
            "score": 111,
            "time": T0,
            "title": "My interview loop at OpenAI",
            "type": "story",
            "url": "https://example.com/loop",
        },
        story + 1: {
            "by": "norvig",
            "id": story + 1,
            "kids": [story + 4],
            "parent": story,
            "text": "Four rounds &amp; a take-home.",
            "time": T0 + 60,
            "type": "comment",
        },
        story + 2: {"deleted": True, "id": story + 2, "parent": story, "time": T0 + 70, "type": "comment"},
        story + 3: {
            "by": "spammer",
            "dead": True,
            "id": story + 3,
            "parent": story,
            "text": "buy now",
            "time": T0 + 80,
            "type": "comment",
        },
        story + 4: {
            "by": "pg",
            "id": story + 4,
            "parent": story + 1,
            "text": "Which company?",
            "time": T0 + 90,
            "type": "comment",
        },
    }


# --- Reddit ---------------------------------------------------------------------------------------


def reddit_comment(
    comment_id: str, parent: str, author: str, body: str, depth: int, replies: list | None = None, score: int = 5
) -> dict[str, Any]:
    return {
        "kind": "t1",
        "data": {
            "id": comment_id,
            "name": f"t1_{comment_id}",
            "author": author,
            "body": body,
            "body_html": None,
            "created_utc": float(T0 + 3600),
            "score": score,
            "permalink": f"/r/MachineLearning/comments/abc123/interview/{comment_id}/",
            "parent_id": parent,
            "link_id": "t3_abc123",
            "depth": depth,
            "replies": {"kind": "Listing", "data": {"children": replies, "after": None, "before": None}}
            if replies
            else "",
        },
    }


def reddit_more(ids: list[str], parent: str, depth: int, count: int | None = None) -> dict[str, Any]:
    return {
        "kind": "more",
        "data": {
            "count": len(ids) if count is None else count,
            "name": f"t1_{ids[0]}" if ids else "t1__",
            "id": ids[0] if ids else "_",
            "parent_id": parent,
            "depth": depth,
            "children": ids,
        },
    }


def reddit_thread(thread: str = "abc123") -> list[dict[str, Any]]:
    """A post and its comments: a reply chain, [deleted] and [removed] ones, a `more` stub, a "continue this thread"."""
    post = {
        "kind": "t3",
        "data": {
            "id": thread,
            "name": f"t3_{thread}",
            "title": "[D] Interview experience at OpenAI",
            "selftext": "Had the **system design** round last week.",
            "author": "op_user",
            "created_utc": float(T0),
            "score": 250,
            "num_comments": 7,
            "subreddit": "MachineLearning",
            "permalink": f"/r/MachineLearning/comments/{thread}/interview_experience_at_openai/",
            "url": f"https://www.reddit.com/r/MachineLearning/comments/{thread}/interview_experience_at_openai/",
        },
    }
    comments = [
        reddit_comment(
            "c1",
            f"t3_{thread}",
            "dave",
            "OpenAI asked me to refactor a <script>alert(1)</script> legacy module.",
            0,
            [reddit_comment("c2", "t1_c1", "erin", "Same refactoring round > 2 hours & no AI tools.", 1)],
            score=42,
        ),
        reddit_comment("c3", f"t3_{thread}", "[deleted]", "[deleted]", 0),
        reddit_comment("c4", f"t3_{thread}", "frank", "[removed]", 0),
        reddit_comment(
            "c5", f"t3_{thread}", "grace", "Deep chain start", 0, [reddit_more([], "t1_c5", 1, count=3)], score=-2
        ),
        reddit_more(["m1", "m2"], f"t3_{thread}", 0),
    ]
    return [
        {"kind": "Listing", "data": {"children": [post], "after": None, "before": None}},
        {"kind": "Listing", "data": {"children": comments, "after": None, "before": None}},
    ]


def reddit_more_children() -> dict[str, Any]:
    return {
        "json": {
            "errors": [],
            "data": {
                "things": [
                    reddit_comment("m1", "t3_abc123", "heidi", "Collapsed comment about OpenAI pay.", 0),
                    reddit_comment("m2", "t1_m1", "ivan", "A reply to it.", 1),
                ]
            },
        }
    }


# --- articles -------------------------------------------------------------------------------------

ARTICLE_HTML = """<!doctype html><html><head><meta charset="utf-8"><title>My Anthropic interview</title>
<meta name="author" content="Jane Writer"><meta property="article:published_time" content="2025-03-04">
</head><body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>My Anthropic interview</h1>
<p>I interviewed for an applied AI engineer role and the loop had four rounds over two weeks.</p>
<p>The first round was a coding screen about implementing an LRU cache with expiry, and it ran long.</p>
<p>The system design round asked for a retrieval pipeline with evaluation, caching and a rate limiter.</p>
<p>The last round was a values interview where they asked about a time I disagreed with a teammate.</p>
</article><footer>Copyright footer text</footer></body></html>"""


# --- a small data folder whose sources are the threads above ----------------------------------------

SMALL_PROCESS = """\
company: Acme AI
category: product
processes:
  - role: AI Engineer
    steps:
      - name: Recruiter screen
      - name: Offer
"""
SMALL_SOURCES = """\
sources:
  - url: https://news.ycombinator.com/item?id=1001
    title: How was your interview at Anthropic?
    score: 321
    companies: [acme-ai]
  - url: https://www.reddit.com/r/MachineLearning/comments/abc123/interview_experience_at_openai
    title: Interview experience at OpenAI
    community: r/MachineLearning
  - url: https://www.teamblind.com/post/some-post-abc
    title: A TeamBlind post
  - url: https://x.com/someone/status/1
    title: A post on X
"""


def write_small_data(root: Any, article_url: str | None = None, sources: str = SMALL_SOURCES) -> Any:
    """A data folder that loads: one company, `sources` as data/sources/threads.yaml, and an article
    at `article_url` (the test server's: an article is fetched from its own URL, never a public one)."""
    if article_url:
        sources += f"  - url: {article_url}\n    title: My Anthropic interview\n"
    data = root / "data"
    (data / "processes").mkdir(parents=True, exist_ok=True)
    (data / "sources").mkdir(parents=True, exist_ok=True)
    (data / "processes" / "acme-ai.yaml").write_text(SMALL_PROCESS, encoding="utf-8")
    (data / "sources" / "threads.yaml").write_text(sources, encoding="utf-8")
    return data
