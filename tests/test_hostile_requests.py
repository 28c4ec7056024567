"""Hostile requests to every plugin page, every canned query and every interview table.

Each answer must be a 2xx, 3xx or 4xx (never a 5xx), and input must never come
back as live HTML. Each test is a table: it runs every case and reports all
the failing ones at once. Paths that an HTTP client would normalise or refuse
(`/../`, NUL, 100 KB query strings, non-ASCII bytes) are sent as raw ASGI
requests, the way uvicorn hands them to Datasette.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote, urlencode

import dsjson
import pytest
import sqlite_utils
import yaml
from datasette.app import Datasette
from datasettes import start_datasette

from datasette_interview_prep.web import compat, registry
from datasette_interview_prep.web.guard import MAX_QUERY_STRING

# Datasette 0.65 leaves facet coroutines un-awaited when a facet answers 400: its noise, not a failure.
pytestmark = pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")

METADATA_YML = Path(__file__).resolve().parents[1] / "datasette_interview_prep" / "web" / "metadata.yml"
INTERVIEW = yaml.safe_load(METADATA_YML.read_text(encoding="utf-8"))["databases"]["interview"]
QUERY_PARAMS = {name: query.get("params", []) for name, query in INTERVIEW["queries"].items()}
# postings exists only in a build with --postings (tests/test_postings.py); sources_fts is an FTS5 table.
TABLES = [table for table in INTERVIEW["tables"] if table != "postings"] + ["sources_fts"]


def _in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


COMPARED = {"company": ["xbow", "posthog"]}
# Every page of the registry, with the parameters that take it past its first form (a checklist, a plan,
# a comparison, a filtered bank, a search): test_every_page_of_the_registry_is_here fails for a page left out.
PAGE_EXAMPLES: dict[str, list[tuple[str, dict]]] = {
    "prep": [
        ("/-/prep", {}),
        ("/-/prep", {"rounds": "recruiter_screen,coding", "company": "Acme"}),
        ("/-/prep", {"rounds": "coding", "weeks": "2", "hours": "5"}),
        ("/-/prep", {"loop": "typical", "format": "json"}),
    ],
    "company": [
        ("/-/prep/anthropic", {}),
        ("/-/prep/anthropic", {"date": _in_days(10), "hours": "6"}),
        ("/-/prep/anthropic.json", {"weeks": "3", "hours": "4"}),
        ("/-/prep/anthropic.md", {}),
        ("/-/prep/anthropic.ics", {"weeks": "2", "hours": "5"}),
    ],
    "compare": [
        ("/-/prep/compare", COMPARED),
        ("/-/prep/compare.json", COMPARED),
        ("/-/prep/compare.md", COMPARED),
    ],
    "stats": [("/-/interview-stats", {}), ("/-/interview-stats.json", {})],
    "questions": [
        ("/-/questions", {"round_type": "coding"}),
        ("/-/questions.json", {"q": "cache", "sort": "relevance"}),
        ("/-/questions.md", {"company": "openai"}),
    ],
    "search": [("/-/search", {"q": "rag"}), ("/-/search.json", {"q": "system design", "kind": "steps"})],
    "question": [
        ("/-/questions/xai-lru-cache", {}),
        ("/-/questions/xai-lru-cache.json", {}),
        ("/-/questions/xai-lru-cache.md", {}),
    ],
    "practice": [
        ("/-/prep/openai/practice", {}),
        ("/-/prep/openai/practice", {"seed": "abc", "date": _in_days(10)}),
    ],
    "today": [
        ("/-/prep/openai/today", {}),
        ("/-/prep/openai/today", {"date": _in_days(10), "hours": "6"}),
    ],
}
PLUGIN_PAGES = [example for examples in PAGE_EXAMPLES.values() for example in examples]
PLUGIN_PATHS = sorted({path for path, _ in PLUGIN_PAGES})
# What the plugin's views read, and a few of Datasette's that they must ignore.
PLUGIN_PARAMETERS = [
    "rounds",
    "company",
    "loop",
    "format",
    "q",
    "date",
    "hours",
    "weeks",
    "process",
    "role",
    "level",
    "others",
    "round_type",
    "topic",
    "since",
    "sort",
    "page",
    "kind",
    "seed",
    "_search",
    "_sort",
    "_size",
]
TABLE_PARAMETERS = [
    "_search",
    "_sort",
    "_sort_desc",
    "_size",
    "_facet",
    "_facet_array",
    "_through",
    "_next",
    "_where",
    "_col",
    "company",
    "id__in",
]

SCRIPT = "<script>alert(1)</script>"
PAYLOADS = [
    SCRIPT,
    f'"><{SCRIPT[1:]}',
    "'><img src=x onerror=alert(1)>",
    'NEAR("lru" cache) AND -rag* OR ^x col:y {a b}',  # FTS5 syntax
    "\x00🤖 naïve 面试 ../../etc/passwd",
]
LIVE_HTML = re.compile(r"<script>alert\(1\)|<img src=x onerror", re.IGNORECASE)
UNESCAPED_IN_MARKDOWN = re.compile(r"(?<!\\)<(script|img)", re.IGNORECASE)


async def raw_request(ds: Datasette, method: str, path: bytes, query: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    """One request straight into Datasette's ASGI app: path and query bytes exactly as given."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": unquote(path.decode("latin-1")),
        "raw_path": path,
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 5000),
        "server": ("localhost", 80),
    }
    messages: list[dict] = []
    request_sent = False

    async def receive():
        nonlocal request_sent
        if not request_sent:
            request_sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects

    async def send(message):
        messages.append(message)

    await ds.app()(scope, receive, send)
    start = next(message for message in messages if message["type"] == "http.response.start")
    headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in start["headers"]}
    body = b"".join(message.get("body", b"") for message in messages if message["type"] == "http.response.body")
    return start["status"], headers, body


def problems_with(response, case) -> list[str]:
    """Why an answer is unacceptable: a 5xx, or input that came back as live HTML or Markdown."""
    found = []
    if response.status_code >= 500:
        found.append(f"{case}: {response.status_code} {response.text[:200]!r}")
    content_type = response.headers.get("content-type", "")
    if "html" in content_type and LIVE_HTML.search(response.text):
        found.append(f"{case}: unescaped input in HTML")
    if "markdown" in content_type and UNESCAPED_IN_MARKDOWN.search(response.text):
        found.append(f"{case}: unescaped input in Markdown")
    return found


@pytest.fixture(scope="module")
def columns(db_path) -> dict[str, str]:
    """A real column of each table, for the filters and sorts that need one."""
    db = sqlite_utils.Database(db_path)
    return {table: db[table].columns[0].name for table in TABLES}


# --- Every parameter, every page ------------------------------------------------------------------


def test_every_page_of_the_registry_is_here_in_every_format():
    assert set(PAGE_EXAMPLES) == {page.name for page in registry.PAGES}
    for page in registry.PAGES:
        paths = [path for path, _ in PAGE_EXAMPLES[page.name]]
        assert all(registry.page_at(path) is page for path in paths), page.name
        shown = {path.rpartition(".")[2] for path in paths if "." in path.rsplit("/", 1)[-1]}
        if not page.format_parameter:
            assert shown == set(page.formats), (page.name, shown)


@pytest.mark.parametrize(
    "path, base",
    PLUGIN_PAGES,
    ids=[f"{p}?{urlencode(b, doseq=True)}".replace(_in_days(10), "in-10-days") for p, b in PLUGIN_PAGES],
)
async def test_hostile_values_in_every_parameter_of_the_plugin_pages(ds, path, base):
    failures = []
    for parameter in PLUGIN_PARAMETERS:
        for payload in PAYLOADS:
            params = {**base, parameter: payload}
            failures += problems_with(await ds.client.get(path, params=params), (path, params))
    assert failures == []


@pytest.mark.parametrize("name", sorted(QUERY_PARAMS))
async def test_hostile_values_in_every_parameter_of_the_canned_queries(ds, name):
    failures = []
    for parameter in [*QUERY_PARAMS[name], "_size", "_sort", "_facet", "_timelimit"]:
        for payload in PAYLOADS:
            for suffix in ("", ".json"):
                params = {**dict.fromkeys(QUERY_PARAMS[name], "interview"), parameter: payload}
                failures += problems_with(
                    await ds.client.get(f"/interview/{name}{suffix}", params=params), (name + suffix, params)
                )
    assert failures == []


@pytest.mark.parametrize("table", TABLES)
async def test_hostile_values_in_the_table_parameters(ds, table):
    failures = []
    for parameter in TABLE_PARAMETERS:
        for payload in PAYLOADS:
            params = {"_size": "3", parameter: payload}
            failures += problems_with(await ds.client.get(f"/interview/{table}", params=params), (table, params))
    assert failures == []


# --- Slugs ----------------------------------------------------------------------------------------

HOSTILE_SLUGS = [
    b"../../etc/passwd",
    b"..%2F..%2Fetc%2Fpasswd",
    b"%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    b"%252e%252e%252fetc%252fpasswd",  # double-encoded
    b"..%5C..%5Cwindows%5Cwin.ini",
    b"~2F..~2F..~2Fetc~2Fpasswd",  # Datasette's own tilde-encoding
    b"%00",
    b"anthropic%00",
    b"anthropic%00.json",
    b"x" * 10_000,
    b"%C3%A9cole",  # école
    b"%E9%9D%A2%E8%AF%95",  # 面试
    b"%F0%9F%A4%96",  # 🤖
    b"%FF%FE",  # not UTF-8
    b"%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    b"<script>alert(1)</script>",
    b".",
    b"..",
    b"%2e",
    b"-",
    b"~",
    b"%20",
    b"anthropic.exe",
    b"anthropic.json.json",
    b"compare.ics",
]


@pytest.mark.parametrize("slug", HOSTILE_SLUGS, ids=lambda slug: slug[:40].decode("latin-1"))
async def test_unknown_and_path_like_slugs_are_not_found(ds, slug):
    failures = []
    for suffix in (b"", b".json", b".md", b".ics"):
        for query in (b"", b"weeks=2&hours=5"):
            status, _, body = await raw_request(ds, "GET", b"/-/prep/" + slug + suffix, query)
            text = body.decode("utf-8", "replace")
            if status not in (400, 404):
                failures.append(f"{slug[:40]!r}{suffix!r}?{query!r}: {status}")
            if "root:x:0:0" in text or LIVE_HTML.search(text):
                failures.append(f"{slug[:40]!r}{suffix!r}: leaked or unescaped")
    assert failures == []


async def test_a_capitalised_slug_redirects_and_keeps_its_query_string_encoded(ds):
    status, headers, _ = await raw_request(ds, "GET", b"/-/prep/Anthropic.json", b"x=%0d%0aSet-Cookie:%20a=b")
    assert status == 302
    assert headers["location"] == "/-/prep/anthropic.json?x=%0d%0aSet-Cookie:%20a=b"
    assert "set-cookie" not in headers


async def test_a_percent_encoded_company_name_redirects_to_its_slug(ds):
    """Datasette routes on the raw path, so the view is handed `Big%20Tech` as typed in the address bar."""
    response = await ds.client.get("/-/prep/Big%20Tech.json")
    assert response.status_code == 302 and response.headers["location"] == "/-/prep/big-tech.json"


@pytest.mark.parametrize("path", [b"/-/prep/\xc3\xa9cole", b"/interview/st\xc3\xa9ps", b"/interview/\xff"])
async def test_a_path_that_is_not_ascii_is_a_400(ds, path):
    """Browsers percent-encode; Datasette would crash decoding raw bytes (the guard answers first, on its pages)."""
    status, _, body = await raw_request(ds, "GET", path)
    assert status == 400 and b"percent-encode" in body


async def test_static_files_do_not_escape_their_folder(ds):
    for path in (
        b"/-/static-plugins/datasette_interview_prep/..%2F__init__.py",
        b"/-/static-plugins/datasette_interview_prep/../__init__.py",
        b"/-/static-plugins/datasette_interview_prep/%2e%2e/__init__.py",
    ):
        status, _, body = await raw_request(ds, "GET", path)
        assert status == 404 and b"hookimpl" not in body, path


# --- Query-string length --------------------------------------------------------------------------


def every_page() -> list[str]:
    return PLUGIN_PATHS + [f"/interview/{name}" for name in QUERY_PARAMS] + [f"/interview/{table}" for table in TABLES]


async def test_a_100_kb_query_string_is_refused_with_a_414_everywhere(ds):
    failures = []
    for path in every_page():
        for query in (b"q=" + b"a" * 100_000, b"_search=" + b"%3C" * 34_000, b"rounds=" + b"coding," * 15_000):
            status, _, _ = await raw_request(ds, "GET", path.encode(), query)
            if status != 414:
                failures.append(f"{path}?{query[:12]!r}...: {status}")
    assert failures == []


async def test_a_long_query_string_under_the_limit_gets_a_real_answer(ds):
    """Just under the limit the views themselves answer: 2xx or 4xx, never 414 or 5xx."""
    failures = []
    long_value = b"%3Cscript%3E" + b"x" * (MAX_QUERY_STRING - 200)
    for path in every_page():
        for name in (b"q", b"company", b"rounds", b"_search", b"date"):
            status, headers, body = await raw_request(ds, "GET", path.encode(), name + b"=" + long_value)
            if status >= 500 or status == 414:
                failures.append(f"{path}?{name.decode()}=...: {status}")
            if "html" in headers.get("content-type", "") and b"<script>x" in body:
                failures.append(f"{path}?{name.decode()}=...: unescaped")
    assert failures == []


# --- Methods --------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"])
async def test_plugin_pages_answer_other_methods_with_405(ds, method):
    failures = []
    for path in PLUGIN_PATHS:
        response = await ds.client.request(method, path)
        if response.status_code != 405 or response.headers.get("allow") != "GET, HEAD":
            failures.append(f"{method} {path}: {response.status_code} allow={response.headers.get('allow')}")
    assert failures == []


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"])
async def test_tables_and_canned_queries_never_answer_other_methods_with_a_5xx(ds, method):
    """Datasette 0.65 answers POST to a table or a read-only canned query with a 500; the guard says 405."""
    failures = []
    for path in [f"/interview/{name}" for name in QUERY_PARAMS] + [f"/interview/{table}" for table in TABLES]:
        for suffix in ("", ".json"):
            response = await ds.client.request(method, path + suffix, data={"q": SCRIPT})
            if response.status_code >= 500 or (method == "POST" and response.status_code != 405):
                failures.append(f"{method} {path}{suffix}: {response.status_code}")
    assert failures == []


async def test_head_answers_200_with_headers_only(ds):
    failures = []
    for path in PLUGIN_PATHS:
        query = urlencode(COMPARED, doseq=True) if "compare" in path else "weeks=2&hours=5" if ".ics" in path else ""
        get = await ds.client.get(f"{path}?{query}")
        status, headers, body = await raw_request(ds, "HEAD", path.encode(), query.encode())
        if (status, body) != (200, b"") or headers.get("content-type") != get.headers["content-type"]:
            failures.append(f"HEAD {path}: {status}, {len(body)} bytes, {headers.get('content-type')}")
    for path in ["/interview/search", "/interview/steps", "/interview/sources.json"]:
        status, _, body = await raw_request(ds, "HEAD", path.encode())
        if (status, body) != (200, b""):
            failures.append(f"HEAD {path}: {status}, {len(body)} bytes")
    assert failures == []


# --- Datasette's own parameters on the interview tables -------------------------------------------

# (label, parameters, expected status: an int, or None for "any 2xx-4xx"). "{column}" is a real column.
BAD_TABLE_ARGUMENTS = [
    ("unknown _sort column", {"_sort": "no_such_column"}, 400),
    ("unknown _sort_desc column", {"_sort_desc": SCRIPT}, 400),
    ("_sort and _sort_desc", {"_sort": "{column}", "_sort_desc": "{column}"}, 400),
    ("NUL in _sort", {"_sort": "\x00"}, 400),
    ("_sort on a real column", {"_sort": "{column}"}, 200),
    ("_size negative", {"_size": "-1"}, 400),
    ("_size text", {"_size": "many"}, 400),
    ("_size over 64 bits", {"_size": "99999999999999999999"}, 400),
    ("_size max", {"_size": "max"}, 200),
    ("_facet unknown column", {"_facet": "no_such_column"}, 400),
    ("_facet JSON, unknown column", {"_facet": '{"simple": "no_such_column"}'}, 400),
    ("_facet_array unknown column", {"_facet_array": "no_such_column"}, 400),
    ("_facet_date unknown column", {"_facet_date": "no_such_column"}, 400),
    ("_facet broken JSON", {"_facet": "{"}, 400),
    ("_facet JSON without simple", {"_facet": '{"table": "x"}'}, 400),
    ("_facet JSON with a number", {"_facet": '{"simple": 1}'}, 400),
    ("NUL in _facet", {"_facet": "a\x00b"}, 400),
    ("_facet_array on a column of no arrays", {"_facet_array": "{column}"}, 400),
    ("_facet_array empty", {"_facet_array": ""}, 400),
    ("_facet_date NUL", {"_facet_date": "\x00"}, 400),
    ("_facet_size JSON", {"_facet": "{column}", "_facet_size": "{"}, 400),
    ("_facet_size digit that int() refuses", {"_facet": "{column}", "_facet_size": "²"}, 400),
    ("_size digit that int() refuses", {"_size": "²"}, 400),
    ("_facet_size max", {"_facet": "{column}", "_facet_size": "max"}, 200),
    ("_size max", {"_size": "max"}, 200),
    ("_search FTS syntax", {"_search": 'NEAR("a" b) AND -c* OR "'}, 200),
    ("_search raw mode, unbalanced quote", {"_search": '"', "_searchmode": "raw"}, None),
    ("_search on a column", {"_search_{column}": '"('}, None),
    ("_through not JSON", {"_through": "x"}, 400),
    ("_through no such table", {"_through": '{"table": "nope", "column": "x", "value": "1"}'}, 400),
    (
        "_through table that does not link here",
        {"_through": '{"table": "round_types", "column": "slug", "value": "x"}'},
        400,
    ),
    ("_timelimit text", {"_timelimit": "soon"}, 400),
    ("NUL in _where", {"_where": "1\x00"}, 400),
    ("number over 64 bits", {"{column}__gt": "99999999999999999999"}, 400),
    # 0.65 crashes converting it (the guard's 400); 1.0a41 compares it as text.
    ("digit that int() refuses", {"{column}__gt": "²"}, 200 if compat.HAS_STORED_QUERIES else 400),
    ("__in unclosed JSON", {"{column}__in": "[1"}, 400),
    ("__in nested JSON", {"{column}__in": "[[1]]"}, 400),
    ("__notin object", {"{column}__notin": '[{"a": 1}]'}, 400),
    ("NUL in a column name", {"a\x00b": "1"}, 400),
    ("_next garbage", {"_next": "~~~,\x00"}, None),
    ("_col unknown", {"_col": "nope"}, 400),
    ("_shape unknown", {"_shape": "nope"}, None),
]


@pytest.mark.parametrize("table", TABLES)
async def test_bad_sort_size_facet_search_and_filters_on_the_interview_tables(ds, db_path, columns, table):
    row_counts = {name: sqlite_utils.Database(db_path)[name].count for name in TABLES}
    failures = []
    for label, arguments, expected in BAD_TABLE_ARGUMENTS:
        params = {"_size": "3"} | {
            key.format(column=columns[table]): value.format(column=columns[table]) if "{column}" in value else value
            for key, value in arguments.items()
        }
        for suffix in ("", ".json"):
            response = await ds.client.get(f"/interview/{table}{suffix}", params=params)
            case = f"{label}: {table}{suffix}"
            failures += problems_with(response, case)
            if label == "_facet_array on a column of no arrays" and not row_counts[table]:
                expected = 200  # an empty table (search_top at 1x) holds no value that is not an array
            if expected is not None and response.status_code != expected:
                failures.append(f"{case}: {response.status_code}, expected {expected}")
            if suffix == ".json" and response.status_code == 400 and response.json().get("ok") is not False:
                failures.append(f"{case}: a JSON error without ok: false")
    assert failures == []


async def test_a_refusal_says_why_in_html_and_json(ds):
    page = await ds.client.get("/interview/steps", params={"_sort": "<b>nope</b>"})
    assert page.status_code == 400 and "Cannot sort steps by that column: _sort takes" in page.text
    assert "nope" not in page.text  # named, never echoed
    data = await ds.client.get("/interview/steps.json", params={"_sort": "nope"})
    assert data.json() == {
        "ok": False,
        "error": "Cannot sort steps by that column: _sort takes one of its sortable columns.",
        "errors": ["Cannot sort steps by that column: _sort takes one of its sortable columns."],
        "status": 400,
        "title": "Bad Request",
    }


async def test_a_valid_through_still_works(ds, db_path):
    process_id = sqlite_utils.Database(db_path).execute("select process_id from process_sources limit 1").fetchone()[0]
    through = f'{{"table": "process_sources", "column": "process_id", "value": "{process_id}"}}'
    response = await ds.client.get("/interview/sources.json", params={"_through": through})
    assert response.status_code == 200 and response.json()["rows"]


async def test_the_guard_works_under_base_url(db_path):
    datasette = await start_datasette(db_path, settings={"base_url": "/prefix/"})
    assert (await datasette.client.get("/interview/steps?_sort=nope")).status_code == 400
    assert (await datasette.client.post("/interview/steps")).status_code == 405
    head = await datasette.client.head("/-/prep")
    assert head.status_code == 200 and head.content == b""


async def test_other_databases_are_left_to_datasette(db_path, tmp_path):
    other = tmp_path / "notes.db"
    sqlite_utils.Database(other)["notes"].insert({"id": 1, "body": "x"}, pk="id")
    datasette = await start_datasette(db_path, other)
    response = await datasette.client.get("/notes/notes", params={"_sort": "nope"})
    assert "not a sortable column" not in response.text
    assert (await datasette.client.get("/interview/steps", params={"_sort": "nope"})).status_code == 400


# --- Read-only -----------------------------------------------------------------------------------


async def test_serving_never_writes_the_database(db_path, tmp_path):
    """Every page, with hostile parameters, other methods and SQL that writes: the file is untouched."""
    served = tmp_path / "interview.db"
    shutil.copy(db_path, served)
    before = (hashlib.sha256(served.read_bytes()).hexdigest(), served.stat().st_mtime_ns)
    datasette = await start_datasette(served)
    for path in every_page():
        for method in ("GET", "POST", "PUT", "DELETE", "PATCH"):
            await datasette.client.request(method, path, params={"q": SCRIPT, "company": "anthropic", "_sort": "x"})
    for sql in (
        "delete from steps",
        "drop table companies",
        "update sources set title = 'x'",
        "insert into companies (slug) values ('x')",
        "pragma journal_mode = wal",
        "vacuum",
    ):
        await dsjson.sql_json(datasette, "interview", sql, expect=400)
    assert (hashlib.sha256(served.read_bytes()).hexdigest(), served.stat().st_mtime_ns) == before
    assert [path.name for path in tmp_path.iterdir()] == ["interview.db"]  # no journal, no WAL


# --- allow_sql off --------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["allow_sql: false", "--setting default_allow_sql off"])
async def test_without_sql_the_plugin_and_canned_queries_still_work(db_path, how):
    if how.startswith("allow_sql"):
        # In metadata on 0.65; 1.0a reads it only from datasette.yaml (-c) and ignores it in metadata.
        where = "config" if compat.HAS_STORED_QUERIES else "metadata"
        datasette = await start_datasette(db_path, **{where: {"allow_sql": False}})
    else:
        datasette = await start_datasette(db_path, settings={"default_allow_sql": False})
    for path in PLUGIN_PATHS:
        query = urlencode(COMPARED, doseq=True) if "compare" in path else "weeks=2&hours=5" if ".ics" in path else ""
        response = await datasette.client.get(f"{path}?{query}")
        assert response.status_code == 200, path
    for name, params in QUERY_PARAMS.items():
        response = await datasette.client.get(f"/interview/{name}.json", params=dict.fromkeys(params, "anthropic"))
        assert response.status_code == 200 and response.json()["ok"], name
    assert (await datasette.client.get("/interview/steps?_facet=round_type&_search=coding")).status_code == 200
    # Arbitrary SQL is refused, on the database page and through a table's _where.
    sql_page = dsjson.sql_path(datasette, "interview")
    assert (await datasette.client.get(sql_page, params={"sql": "select 1"})).status_code == 403
    await dsjson.sql_json(datasette, "interview", "select * from steps", expect=403)
    assert (await datasette.client.get("/interview/steps", params={"_where": "1 = 1"})).status_code == 403
    # The statistics page links its checks to facets instead of ?sql=.
    stats = (await datasette.client.get("/-/interview-stats.json")).json()
    assert stats["figures"] and not any("?sql=" in figure["check_url"] for figure in stats["figures"])
    assert "?sql=" not in (await datasette.client.get("/-/interview-stats")).text
    facet_check = next(f for f in stats["figures"] if f["key"] == "domains")["check_url"]
    assert (await datasette.client.get(facet_check)).status_code == 200


async def test_with_sql_allowed_the_statistics_page_links_to_sql(ds):
    stats = (await ds.client.get("/-/interview-stats.json")).json()
    check = next(f for f in stats["figures"] if f["key"] == "domains")["check_url"]
    assert "?sql=" in check and (await ds.client.get(check)).status_code == 200


@pytest.mark.parametrize("table", ["round_types", "steps"])
async def test_a_facet_parameter_datasette_cannot_read_is_a_400(ds, table):
    """Found by test_fuzz: /interview/round_types?_facet0= was a 500 (UnboundLocalError in Datasette's facets)."""
    response = await ds.client.get(f"/interview/{table}?_size=3&_facet0=")
    assert response.status_code == 400 and "_facet0" in response.text
