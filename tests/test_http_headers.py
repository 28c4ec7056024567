"""The headers of every answer on the plugin's routes: cache (http_cache.py) and security (security_headers.py).

Every page of the registry is covered through test_hostile_requests.PAGE_EXAMPLES (a page added to
registry.PAGES without examples fails there). The served tests run on whichever Datasette line is installed.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import urlencode

import pytest
import pytest_asyncio
from datasette.app import Datasette
from datasettes import start_datasette
from test_hostile_requests import PAGE_EXAMPLES, PLUGIN_PAGES, PLUGIN_PARAMETERS

from datasette_interview_prep.web import compat, http_cache, registry, security_headers

TEMPLATES = Path(__file__).resolve().parents[1] / "datasette_interview_prep" / "web" / "templates"
EXAMPLE_URLS = [path + (f"?{urlencode(params, doseq=True)}" if params else "") for path, params in PLUGIN_PAGES]
HTML_URLS = [url for url in EXAMPLE_URLS if registry.page_at(url.partition("?")[0]) and "." not in url.split("?")[0]]
HTML_URLS = [url for url in HTML_URLS if "format=" not in url]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
HOSTILE = '"><svg onload=alert(1)>'


def _inputs(**changes) -> http_cache.CacheInputs:
    base = {"default_ttl": 5, "ttl_arg": None, "cache_headers": True, "personalised": False, "database_hash": "abc"}
    return http_cache.CacheInputs(**{**base, **changes})


# --- The rules, without a server -----------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, status, expected",
    [
        ({}, 200, "max-age=5"),
        ({"ttl_arg": "60"}, 200, "max-age=60"),
        ({"ttl_arg": "0"}, 200, "no-cache"),
        ({"ttl_arg": "-1"}, 200, "max-age=5"),  # not digits: the default, as core reads it
        ({"ttl_arg": "²"}, 200, "max-age=5"),  # a digit to str.isdigit, not to int
        ({"ttl_arg": "x"}, 200, "max-age=5"),
        ({"default_ttl": 0}, 200, "no-cache"),
        ({"cache_headers": False}, 200, None),  # datasette --reload
        ({}, 400, "no-store"),
        ({}, 404, "no-store"),
        ({}, 302, "no-store"),
        ({"ttl_arg": "60"}, 404, "no-store"),
        ({"personalised": True}, 200, "private, no-store"),
        ({"personalised": True, "ttl_arg": "60"}, 200, "private, no-store"),
    ],
)
def test_cache_control(changes, status, expected):
    assert http_cache.cache_control(_inputs(**changes), status) == expected


def test_etag_only_on_an_immutable_database_for_anyone():
    parts = {"page": "prep", "path": "/-/prep", "query": ""}
    assert http_cache.etag(_inputs(database_hash=None), parts, None) is None
    assert http_cache.etag(_inputs(personalised=True), parts, None) is None
    tag = http_cache.etag(_inputs(), parts, None)
    assert tag is not None and re.fullmatch(r'"[0-9a-f]{32}"', tag)
    assert str(http_cache.etag(_inputs(), parts, "ics")).startswith('W/"')  # a timestamp in each: weak


def test_etag_changes_with_every_part_and_with_the_database():
    parts = {"page": "prep", "path": "/-/prep", "query": "a=1", "today": "2026-01-01"}
    tag = http_cache.etag(_inputs(), parts, None)
    for name in parts:
        assert http_cache.etag(_inputs(), {**parts, name: parts[name] + "x"}, None) != tag, name
    assert http_cache.etag(_inputs(), parts, "json") != tag
    assert http_cache.etag(_inputs(database_hash="abd"), parts, None) != tag
    # Names are hashed with the values: moving text from one part to the next is another tag.
    assert http_cache.etag(_inputs(), {**parts, "path": "/-/prepa=1", "query": ""}, None) != tag


@pytest.mark.parametrize(
    "header, matched",
    [
        ('"t"', True),
        ('W/"t"', True),
        ('"s", "t"', True),
        ('"s"', False),
        ("*", False),  # answered by the view, not guessed
        ("", False),
        (None, False),
    ],
)
def test_if_none_match(header, matched):
    assert http_cache.matches(header, '"t"') is matched
    assert http_cache.matches(header, 'W/"t"') is matched
    assert http_cache.matches(header, None) is False


def test_cache_headers_put_the_etag_on_200_and_304_only():
    assert http_cache.cache_headers(_inputs(), 304, '"t"') == {
        "Vary": "Cookie, Authorization",
        "Cache-Control": "max-age=5",
        "ETag": '"t"',
    }
    assert "ETag" not in http_cache.cache_headers(_inputs(), 404, '"t"')


def test_script_hashes_are_the_csp_sha256_of_each_inline_script():
    html = '<script src="/x.js"></script><script>alert(1)</script><script type="module">b()</script><script>alert(1)</script>'
    expected = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in ("alert(1)", "b()")
    ]
    assert security_headers.script_hashes(html) == tuple(expected)


def test_the_policy_allows_no_inline_script_but_the_hashed_ones():
    policy = security_headers.content_security_policy(("'sha256-x'",))
    directives = dict(directive.split(" ", 1) for directive in policy.split("; "))
    assert directives["script-src"] == "'self' 'sha256-x'"
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'"


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.html")), ids=lambda path: path.name)
def test_no_template_of_the_plugin_holds_an_inline_script_or_handler(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "move the script into web/static"
    assert not EVENT_HANDLER.search(text), "attach the handler from a script in web/static"
    assert not JAVASCRIPT_URL.search(text)


# --- Served, on every page of the registry ---------------------------------------------------------


@pytest_asyncio.fixture(scope="module")
async def immutable(db_path, tmp_path_factory) -> Datasette:
    """The database as a replica serves it: immutable (`datasette -i`), so Datasette keeps its hash."""
    copy = tmp_path_factory.mktemp("immutable") / "interview.db"
    shutil.copy(db_path, copy)
    return await start_datasette(immutables=[str(copy)], settings={"default_cache_ttl": 30})


def _security_problems(url: str, headers) -> list[str]:
    found = []
    if headers.get("x-content-type-options") != "nosniff":
        found.append(f"{url}: no nosniff")
    if headers.get("referrer-policy") != "no-referrer":
        found.append(f"{url}: Referrer-Policy {headers.get('referrer-policy')}")
    policy = headers.get("content-security-policy", "")
    if "default-src 'self'" not in policy or "frame-ancestors 'none'" not in policy:
        found.append(f"{url}: CSP {policy!r}")
    if "cookie" not in headers.get("vary", "").lower():
        found.append(f"{url}: Vary {headers.get('vary')}")
    return found


def test_every_page_of_the_registry_has_examples():
    assert set(PAGE_EXAMPLES) == {page.name for page in registry.PAGES}


async def test_every_page_is_cacheable_with_an_etag_and_304_on_an_immutable_database(immutable):
    failures = []
    for url in EXAMPLE_URLS:
        first = await immutable.client.get(url)
        headers = first.headers
        failures += _security_problems(url, headers)
        tag = headers.get("etag")
        if first.status_code != 200 or headers.get("cache-control") != "max-age=30" or not tag:
            failures.append(f"{url}: {first.status_code} {headers.get('cache-control')} {tag}")
            continue
        again = await immutable.client.get(url)
        if again.headers.get("etag") != tag or (not tag.startswith("W/") and again.content != first.content):
            failures.append(f"{url}: a second read is not the same answer")
        for method in ("GET", "HEAD"):
            revalidated = await immutable.client.request(method, url, headers={"if-none-match": tag})
            if revalidated.status_code != 304 or revalidated.content != b"":
                failures.append(f"{url}: {method} with If-None-Match -> {revalidated.status_code}")
            elif revalidated.headers.get("etag") != tag or revalidated.headers.get("cache-control") != "max-age=30":
                failures.append(f"{url}: the 304 lacks the ETag or Cache-Control")
        stale = await immutable.client.get(url, headers={"if-none-match": '"not-this-one"'})
        if stale.status_code != 200:
            failures.append(f"{url}: another tag -> {stale.status_code}")
    assert failures == []


async def test_ttl_and_the_actor_change_the_cache_control(immutable):
    failures = []
    for url in EXAMPLE_URLS:
        joiner = "&" if "?" in url else "?"
        cases = {
            "_ttl=0": ({}, f"{url}{joiner}_ttl=0", "no-cache", True),
            "_ttl=120": ({}, f"{url}{joiner}_ttl=120", "max-age=120", True),
            "actor": (
                {"cookies": {"ds_actor": immutable.sign({"a": {"id": "root"}}, "actor")}},
                url,
                "private, no-store",
                False,
            ),
            "credentials": ({"headers": {"authorization": "Bearer x"}}, url, "private, no-store", False),
        }
        for case, (options, address, control, tagged) in cases.items():
            response = await immutable.client.get(address, **options)
            got = (response.status_code, response.headers.get("cache-control"), "etag" in response.headers)
            if got != (200, control, tagged):
                failures.append(f"{address} ({case}): {got}")
    assert failures == []


async def test_a_replica_of_the_same_file_gives_the_same_etags(immutable, db_path, tmp_path):
    copy = tmp_path / "interview.db"
    shutil.copy(db_path, copy)
    replica = await start_datasette(immutables=[str(copy)], settings={"default_cache_ttl": 30})
    for url in EXAMPLE_URLS:
        assert (await replica.client.get(url)).headers["etag"] == (await immutable.client.get(url)).headers["etag"]


async def test_a_mutable_database_gets_cache_control_but_no_etag(ds):
    failures = []
    for url in EXAMPLE_URLS:
        response = await ds.client.get(url)
        failures += _security_problems(url, response.headers)
        if (response.status_code, response.headers.get("cache-control"), response.headers.get("etag")) != (
            200,
            f"max-age={ds.setting('default_cache_ttl')}",
            None,
        ):
            failures.append(f"{url}: {response.status_code} {dict(response.headers)}")
    assert failures == []


@pytest.mark.parametrize(
    "method, url, status",
    [
        ("GET", "/-/prep/no-such-company-at-all", 404),
        ("GET", "/-/prep/nope/nope", 404),  # the guard's 404 for an address under the namespace
        ("GET", "/-/prep?" + "q=x&" * 5000, 414),  # the guard's 414
        ("POST", "/-/prep", 405),
        ("GET", "/-/questions.md?page=0", 400),
        ("GET", "/-/prep?format=xml", 400),
    ],
)
async def test_errors_are_not_stored_and_carry_the_security_headers(immutable, method, url, status):
    response = await immutable.client.request(method, url)
    assert response.status_code == status
    assert response.headers.get("cache-control") == "no-store" and "etag" not in response.headers
    assert _security_problems(url, response.headers) == []


async def test_no_error_message_echoes_the_value_it_was_sent(immutable):
    """Each parameter of each page given markup: a 4xx names the parameter; its message never holds the value.

    A page that shows its form again to fix the value keeps it there (escaped, in the input); the message,
    the JSON error and the plain-text answer do not."""
    failures, refusals = [], 0
    for path in sorted({path for path, _ in PLUGIN_PAGES}):
        for parameter in PLUGIN_PARAMETERS:
            response = await immutable.client.get(f"{path}?{urlencode({parameter: HOSTILE})}")
            if not 400 <= response.status_code < 500:
                continue
            refusals += 1
            kind = response.headers["content-type"]
            if kind.startswith("application/json"):
                echoed = HOSTILE in " ".join(response.json()["errors"])
            elif kind.startswith("text/html"):
                echoed = "onload=alert" in " ".join(re.findall(r'role="alert".*?</', response.text, re.DOTALL))
            else:
                echoed = "onload" in response.text
            if echoed or response.headers.get("x-content-type-options") != "nosniff":
                failures.append(f"{path} {parameter}: {response.status_code} {kind} {response.text[:120]!r}")
    assert refusals >= 20, "the table should meet the refusals it is about"
    assert failures == []


async def test_every_inline_script_on_a_plugin_page_is_allowed_by_hash_and_is_datasettes(immutable):
    """The CSP allows exactly the inline scripts Datasette's base.html prints, and the plugin adds none."""
    core_page = await compat.render_error_page(immutable, None, 404, "Not found", "Not found")  # Datasette's own
    core_scripts = set(INLINE_SCRIPT.findall(core_page))
    assert core_scripts, "Datasette's base.html prints inline scripts: the test should meet them"
    for url in HTML_URLS:
        response = await immutable.client.get(url)
        policy = response.headers["content-security-policy"]
        for body in INLINE_SCRIPT.findall(response.text):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy, (url, body[:80])
            assert body in core_scripts, (url, body[:80])
        assert not EVENT_HANDLER.search(response.text), url


@pytest.mark.parametrize(
    "query",
    [
        {"_sort": HOSTILE},
        {"_sort_desc": HOSTILE},
        {"_facet": HOSTILE},
        {"_facet_array": HOSTILE},
        {f"_facet{HOSTILE}": "name"},
        {f"_facet_{HOSTILE}": ""},  # "needs a column name"
    ],
    ids=["sort", "sort_desc", "facet", "facet_array", "facet-name", "facet_-name"],
)
async def test_the_guards_refusals_of_table_requests_name_the_parameter_not_the_value(ds, query):
    response = await ds.client.get(f"/interview/steps.json?{urlencode(query)}")
    assert response.status_code == 400
    assert "onload" not in response.json()["error"] and "svg" not in response.json()["error"]
