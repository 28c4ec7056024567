"""The one HTTP error contract (web/errors.py): the same JSON shape, method rule and no-database answer everywhere."""

from __future__ import annotations

import pytest
from datasette.app import Datasette
from datasettes import start_datasette
from test_hostile_requests import raw_request

from datasette_interview_prep.web.errors import ALLOW_HEADER, NO_DATABASE_MESSAGE

ERROR_KEYS = {"ok", "status", "title", "error", "errors"}


async def _json_error(datasette: Datasette, method: str, path: str, status: int, **params) -> dict:
    response = await datasette.client.request(method, path, params=params)
    assert response.status_code == status, (path, response.status_code, response.text[:300])
    body = response.json()
    assert set(body) >= ERROR_KEYS, (path, body)
    assert body["ok"] is False and body["status"] == status and body["errors"] == [body["error"]], body
    assert body["title"] and body["error"], body
    return body


async def test_every_json_error_has_the_same_shape(ds):
    """A view's refusal, a missing company, the guard's refusal of a table request and of a method."""
    await _json_error(ds, "GET", "/-/prep/nobody-at-all.json", 404)
    await _json_error(ds, "GET", "/-/prep/anthropic.json", 400, weeks="x", hours="5")
    await _json_error(ds, "GET", "/-/prep/compare.json", 400, company="anthropic")
    await _json_error(ds, "GET", "/interview/steps.json", 400, _sort="nope")
    await _json_error(ds, "GET", "/interview/steps.json", 400, _facet="nope")
    await _json_error(ds, "POST", "/interview/steps.json", 405)
    await _json_error(ds, "GET", "/-/prep/a/b.json", 404)
    body = await _json_error(ds, "GET", "/-/questions.json", 400, round_type="lunch")
    assert body["field"] == "round_type" and "coding" in body["allowed"]
    await _json_error(ds, "GET", "/-/search.json", 400, q="x", page="x")
    for path in (
        "/-/prep/anthropic.json",
        "/-/prep/compare.json",
        "/-/interview-stats.json",
        "/-/questions.json",
        "/-/search.json",
    ):
        await _json_error(ds, "DELETE", path, 405)


async def test_one_method_rule_on_plugin_pages_and_tables(ds):
    for method, path in [
        ("POST", "/-/prep"),
        ("PUT", "/-/prep/anthropic"),
        ("PATCH", "/-/prep/compare"),
        ("DELETE", "/-/interview-stats"),
        ("POST", "/-/questions"),
        ("PUT", "/-/search"),
        ("POST", "/interview/steps"),
        ("POST", "/interview/company_loop"),
    ]:
        response = await ds.client.request(method, path)
        assert (response.status_code, response.headers.get("allow")) == (405, ALLOW_HEADER), (method, path)


async def test_one_no_database_answer_on_every_plugin_page():
    datasette = await start_datasette(memory=True)
    first_words = NO_DATABASE_MESSAGE.split(",")[0]
    for path in (
        "/-/prep/anthropic",
        "/-/prep/compare?company=a&company=b",
        "/-/interview-stats",
        "/-/questions",
        "/-/search?q=x",
    ):
        page = await datasette.client.get(path)
        assert page.status_code == 404 and first_words in page.text, path
        assert 'class="prep-callout"' in page.text  # prep_error.html, not a page of its own
    for path in (
        "/-/prep/anthropic.json",
        "/-/prep/compare.json?company=a&company=b",
        "/-/interview-stats.json",
        "/-/questions.json",
        "/-/search.json?q=x",
    ):
        body = await _json_error(datasette, "GET", path, 404)
        assert body["error"] == NO_DATABASE_MESSAGE, path
    # The index is a starting point, not an error: it says so with a 200.
    index = await datasette.client.get("/-/prep")
    assert index.status_code == 200 and "No interview database is attached" in index.text


@pytest.mark.parametrize(
    "path",
    [b"/-/prep/../../etc/passwd", b"/-/prep/a/b", b"/-/prep/compare/x.json", b"/-/interview-stats/x", b"/-/prepx"],
)
async def test_addresses_under_the_plugin_that_match_no_page_get_the_plugins_404(ds, path):
    """Datasette 0.65's own 404 page raises inside `rich` when it is installed: the guard answers these first."""
    status, headers, body = await raw_request(ds, "GET", path)
    if path == b"/-/prepx":  # not the plugin's namespace: Datasette's own 404
        assert status == 404 and b"prep-callout" not in body
        return
    assert status == 404, path
    if path.endswith(b".json"):
        assert headers["content-type"].startswith("application/json") and b'"ok": false' in body
    else:
        assert b'class="prep-callout"' in body and b"No page of the prep planner has this address" in body


async def test_head_of_an_error_has_no_body(ds):
    status, _, body = await raw_request(ds, "HEAD", b"/interview/steps", b"_sort=nope")
    assert (status, body) == (400, b"")
    status, _, body = await raw_request(ds, "HEAD", b"/-/prep/a/b")
    assert (status, body) == (404, b"")


async def test_error_pages_render_on_this_datasette(ds):
    """Datasette's error.html (guard refusals on tables) through compat: 1.0a has no jinja_env or app_css_hash."""
    page = await ds.client.get("/interview/steps", params={"_facet_array": "name"})
    assert page.status_code == 400 and "Cannot facet steps by &#39;name&#39; as an array" in page.text
    assert "Bad Request" in page.text and "/-/static/app.css" in page.text  # Datasette's page, with its stylesheet
