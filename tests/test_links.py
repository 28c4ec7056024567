"""Menu links, database actions and cells that link to the prep pages, under any base_url."""

from __future__ import annotations

import re

import pytest
import pytest_asyncio
import sqlite_utils
from datasette.app import Datasette
from datasettes import start_datasette
from markupsafe import Markup

from datasette_interview_prep.web.links import highlight, link_url, render_cell
from datasette_interview_prep.web.registry import entry_pages


@pytest_asyncio.fixture(scope="module")
async def prefixed(db_path) -> Datasette:
    datasette = await start_datasette(db_path, settings={"base_url": "/prefix/"})
    return datasette


@pytest.fixture(scope="module")
def company(db_path) -> tuple[str, str]:
    """(slug, name) of a company that has steps."""
    return (
        sqlite_utils.Database(db_path)
        .execute(
            "select companies.slug, companies.name from companies join steps on steps.company = companies.slug "
            "order by companies.slug limit 1"
        )
        .fetchone()
    )


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


@pytest.mark.parametrize("base", ["/", "/prefix/"])
async def test_menu_links_to_prep_and_stats(ds, prefixed, base):
    datasette = ds if base == "/" else prefixed
    links = hrefs((await datasette.client.get("/")).text)
    assert f"{base}-/prep" in links and f"{base}-/interview-stats" in links


@pytest.mark.parametrize("base", ["/", "/prefix/"])
async def test_database_actions(ds, prefixed, base):
    datasette = ds if base == "/" else prefixed
    links = hrefs((await datasette.client.get("/interview")).text)
    assert {f"{base}-/search", f"{base}-/prep", f"{base}-/questions", f"{base}-/interview-stats"} <= set(links)


@pytest.mark.parametrize("path", ["/", "/interview"])
@pytest.mark.parametrize("base", ["/", "/prefix/"])
async def test_entry_pages_link_every_plugin_page_in_their_description(ds, prefixed, base, path):
    """Not only behind the menu icon: the description a first-time visitor reads links each entry page."""
    datasette = ds if base == "/" else prefixed
    html = (await datasette.client.get(path)).text
    description = html.split('<div class="metadata-description">', 1)[1].split("</div>", 1)[0]
    assert hrefs(description) == [f"{base}{page.path.lstrip('/')}" for page in entry_pages()]
    assert all(f">{page.menu_label}</a>" in description for page in entry_pages())


async def test_no_links_without_an_interview_database(tmp_path):
    other = tmp_path / "other.db"
    sqlite_utils.Database(other)["companies"].insert({"slug": "acme", "name": "Acme"}, pk="slug")
    datasette = await start_datasette(other)
    assert "/-/prep" not in (await datasette.client.get("/")).text
    page = (await datasette.client.get("/other/companies")).text
    assert "/-/prep" not in page


@pytest.mark.parametrize("table", ["processes", "steps"])
@pytest.mark.parametrize("base", ["/", "/prefix/"])
async def test_company_names_link_to_prep(ds, prefixed, company, table, base):
    datasette = ds if base == "/" else prefixed
    slug, name = company
    page = (await datasette.client.get(f"/interview/{table}?company={slug}")).text
    assert f'<a href="{base}-/prep/{slug}">{Markup.escape(name)}</a>' in page


async def test_companies_table_and_row_page_link_to_prep(prefixed, company):
    slug, name = company
    anchor = f'<a href="/prefix/-/prep/{slug}">{Markup.escape(name)}</a>'
    assert anchor in (await prefixed.client.get("/interview/companies")).text
    assert anchor in (await prefixed.client.get(f"/interview/companies/{slug}")).text


async def test_source_companies_link_to_prep(prefixed, db_path):
    source_id, slug = (
        sqlite_utils.Database(db_path)
        .execute("select source_id, company from source_companies order by source_id limit 1")
        .fetchone()
    )
    page = (await prefixed.client.get(f"/interview/sources/{source_id}")).text
    assert f'<a href="/prefix/-/prep/{slug}">{slug}</a>' in page


async def test_search_hits_are_links_with_highlights(prefixed):
    page = (await prefixed.client.get("/interview/search", params={"q": "interview"})).text
    snippets = re.findall(r'<td class="col-snippet[^"]*">(.*?)</td>', page, re.DOTALL)
    assert snippets and all("<mark>" in snippet and "[[" not in snippet for snippet in snippets)
    row_links = [
        href for href in hrefs(page) if re.match(r"^/prefix/interview/(sources|processes|steps)/[^/?]+$", href)
    ]
    assert row_links
    for href in row_links[:5]:
        assert (await prefixed.client.get(href.removeprefix("/prefix"))).status_code == 200
    company_links = [href for href in hrefs(page) if href.startswith("/prefix/-/prep/")]
    assert company_links


async def test_query_links_for_a_renamed_database(renamed_copy):
    datasette = renamed_copy
    page = (await datasette.client.get("/my-copy/search", params={"q": "interview"})).text
    assert any(href.startswith("/my-copy/") for href in hrefs(page))
    assert not any(href.startswith("/interview/") for href in hrefs(page))


def test_highlight_escapes_everything_but_its_own_markers():
    assert highlight('<script>alert("[[x]]")</script> a [[<b>]] & [[b]]') == Markup(
        "&lt;script&gt;alert(&#34;<mark>x</mark>&#34;)&lt;/script&gt; a <mark>&lt;b&gt;</mark> &amp; <mark>b</mark>"
    )
    assert highlight("[[unclosed") == Markup("[[unclosed")


@pytest.mark.parametrize(
    "link, expected",
    [
        ("sources/12", "/prefix/interview/sources/12"),
        ("processes/acme-1", "/prefix/interview/processes/acme-1"),
        ("postings/a b", "/prefix/interview/postings/a+b"),
        ("/-/prep/acme", "/prefix/-/prep/acme"),
        ("//evil.example/x", None),
        ("javascript:alert(1)", None),
        ("/-/prep/../../x", None),
        ("http://example.com/", None),
        ("sources/12/extra", None),
        ("", None),
    ],
)
async def test_link_url_accepts_only_its_two_shapes(prefixed, link, expected):
    assert link_url(prefixed, "interview", link) == expected


async def test_render_cell_escapes_values(ds):
    row = {"slug": "acme", "name": '<img src=x onerror="alert(1)">', "link": "sources/1"}
    cell = render_cell(row, row["name"], "name", "companies", "interview", ds)
    assert cell == Markup('<a href="/-/prep/acme">&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</a>')
    title = render_cell(row, "<b>title</b>", "title", None, "interview", ds)
    assert title == Markup('<a href="/interview/sources/1">&lt;b&gt;title&lt;/b&gt;</a>')
    assert render_cell({}, '["acme", "<x>"]', "companies", "sources", "interview", ds) is None  # not slugs
    assert render_cell({}, "Bad Slug!", "company", None, "interview", ds) is None
    assert render_cell({"slug": "acme"}, "Acme", "name", "companies", "elsewhere", ds) is None
    assert render_cell({"slug": "acme"}, "Acme", "label", "companies", "interview", ds) is None


async def test_source_urls_are_shortened_links(ds):
    url = "https://www.reddit.com/r/leetcode/comments/1pjhw1i/xai_ai_engineer_backendinfra_interview_just_done"
    cell = render_cell({}, url + '?a="<b>"', "url", "sources", "interview", ds)
    assert cell.startswith(f'<a href="{url}?a=&#34;&lt;b&gt;&#34;" title="')
    assert cell.endswith(">reddit.com/r/leetcode/comments/1pjhw1i/xai_ai_e…</a>")
    assert render_cell({}, "https://a.io/x", "url", "sources", "interview", ds).endswith(">a.io/x</a>")
    assert render_cell({}, "javascript:alert(1)", "url", "sources", "interview", ds) is None
