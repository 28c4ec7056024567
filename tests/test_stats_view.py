"""/-/interview-stats through a real Datasette, checked against plain SQL on the built database."""

from __future__ import annotations

import re
import shutil
import sqlite3
from urllib.parse import urlsplit, urlunsplit

import dsjson
import pytest
import pytest_asyncio
from datasette.utils import PrefixedUrlString
from datasettes import start_datasette

from datasette_interview_prep.stats.claims import family_of_phrase, parse_claim

POSTINGS_WITH_STEPS = "kind = 'job_posting' and step_count > 0"


def sql(db_path, query, params=()):
    with sqlite3.connect(db_path) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(query, params)]


@pytest_asyncio.fixture
async def stats_json(ds):
    response = await ds.client.get("/-/interview-stats.json")
    assert response.status_code == 200
    return response.json()


def figure(data, key):
    return next(f for f in data["figures"] if f["key"] == key)


def report_value(db_path, key):
    rows = sql(db_path, "select value from report_figures where key = ?", [key])
    return rows[0]["value"] if rows else None


async def test_median_stages_recomputed_in_sql(db_path, stats_json):
    median = sql(
        db_path,
        f"""
        with ordered as (
            select step_count, row_number() over (order by step_count) as n, count(*) over () as total
            from processes where {POSTINGS_WITH_STEPS}
        )
        select avg(step_count) as median from ordered where n in ((total + 1) / 2, (total + 2) / 2)
    """,
    )[0]["median"]
    assert median == 4
    assert stats_json["stage_definition"] == "all_steps"
    assert figure(stats_json, "median_stages")["value"] == median
    assert report_value(db_path, "median_stages") == "4"
    assert figure(stats_json, "median_stages")["matches"] is True


async def test_longest_loops_recomputed_in_sql(db_path, stats_json):
    rows = sql(
        db_path,
        f"""
        select company_name, step_count from processes
        where {POSTINGS_WITH_STEPS} and step_count = (select max(step_count) from processes where {POSTINGS_WITH_STEPS})
    """,
    )
    assert {row["company_name"] for row in rows} == {"FlowFuse", "Roboflow", "The College Board"}
    assert {row["step_count"] for row in rows} == {7}
    longest = figure(stats_json, "longest_companies")
    assert set(longest["value"]) == {"FlowFuse", "Roboflow", "The College Board"}
    assert figure(stats_json, "max_stages")["value"] == 7
    assert longest["report"] == report_value(db_path, "longest_companies")
    assert longest["matches"] is True and figure(stats_json, "max_stages")["matches"] is True


async def test_round_type_ordering(db_path, stats_json):
    counts = {
        row["family"]: row["processes"]
        for row in sql(
            db_path,
            f"""
        select steps.family, count(distinct steps.process_id) as processes
        from steps join processes on processes.id = steps.process_id
        where processes.{POSTINGS_WITH_STEPS.replace(" and ", " and processes.")}
        group by steps.family
    """,
        )
    }
    described = sql(db_path, f"select count(*) as n from processes where {POSTINGS_WITH_STEPS}")[0]["n"]
    shares = stats_json["round_types"]
    for share in shares:
        assert share["processes"] == counts.get(share["family"], 0)
        assert share["share"] == pytest.approx(100 * share["processes"] / described, abs=0.05)
    data_order = figure(stats_json, "round_type_order")["value"]
    assert sorted(data_order) == sorted(share["family"] for share in shares)
    assert [counts.get(f, 0) for f in data_order] == sorted((counts.get(f, 0) for f in data_order), reverse=True)
    report_order = [family_of_phrase(item) for item in parse_claim(report_value(db_path, "round_type_order")).items]
    # The report's order: recruiter screen, technical, hiring manager, take-home, behavioral, CEO/founder, panel.
    assert report_order == ["screen", "technical", "manager", "take_home", "behavioral", "leadership", "panel"]
    assert [share["family"] for share in shares] == report_order
    assert [share["report_rank"] for share in shares] == list(range(1, len(report_order) + 1))
    assert [share["data_rank"] for share in shares] == [data_order.index(f) + 1 for f in report_order]
    order = figure(stats_json, "round_type_order")
    assert order["matches"] is (data_order == report_order)
    if not order["matches"]:
        assert "is more frequent than" in order["explanation"]


async def test_every_difference_carries_an_explanation(db_path, stats_json):
    differences = {f["key"]: f for f in stats_json["figures"] if f["matches"] is False}
    for f in differences.values():
        assert f["report"] is not None and f["explanation"], f["key"]
    # The differences the report is known to have from its own data:
    assert {"companies_with_process", "min_stages", "leanest_companies"} <= set(differences)
    leanest = differences["leanest_companies"]["explanation"]
    assert "Infinity Constellation: 1" in leanest and "Watershed: 3" in leanest
    companies = differences["companies_with_process"]
    assert companies["value"] == 50
    assert "Nearform posted the same loop in 2 separate postings" in companies["explanation"]
    assert "gives the report's 51" in companies["explanation"]
    # Doctolib's posting ends with "Reference check and offer": one step in the report, two in the data.
    assert "joins the reference check and the offer into one step" in differences["doctolib_steps"]["explanation"]
    for f in stats_json["figures"]:
        if f["matches"] is not True:
            assert f["explanation"], f["key"]


async def test_companies_and_candidate_reports_are_separate_populations(db_path, stats_json):
    posting = sql(
        db_path,
        "select count(distinct company) as companies, count(*) as processes from processes where kind = 'job_posting'",
    )[0]
    candidates = sql(db_path, "select count(*) as n from processes where kind = 'candidate_report'")[0]["n"]
    populations = stats_json["populations"]
    assert populations["posting_companies"] == posting["companies"] == 50
    assert populations["posting_processes"] == posting["processes"]
    assert populations["described_posting_processes"] == 46
    assert populations["candidate_reports"] == candidates
    assert figure(stats_json, "companies_with_process")["value"] == 50


def _json_url(check_url: str) -> str:
    parts = urlsplit(check_url)
    return urlunsplit(("", "", parts.path + ".json", parts.query, ""))


async def test_every_check_link_opens_and_counts_the_same(ds, stats_json):
    links = {f["check_url"] for f in stats_json["figures"]} | {s["check_url"] for s in stats_json["round_types"]}
    for link in links:
        response = await ds.client.get(link)
        assert response.status_code == 200, link
    # Where a figure is a count of rows, its link shows exactly those rows.
    counted = [
        (figure(stats_json, "processes_with_steps")["check_url"], figure(stats_json, "processes_with_steps")["value"])
    ]
    counted += [(s["check_url"], s["processes"]) for s in stats_json["round_types"]]
    for link, expected in counted:
        assert dsjson.row_count(await dsjson.table_json(ds.client, _json_url(link))) == expected, link


async def test_page_shows_figures_and_accessible_charts(ds, stats_json):
    response = await ds.client.get("/-/interview-stats")
    assert response.status_code == 200
    html = response.text
    assert "FlowFuse, Roboflow, The College Board" in html
    svgs = re.findall(r"<svg class=\"stats-chart\".*?</svg>", html, re.S)
    assert len(svgs) == 5
    for svg in svgs:
        assert 'role="group"' in svg and "<title " in svg and "<desc " in svg
    assert html.count('<table class="chart-data">') == 5
    for f in stats_json["figures"]:
        if f["matches"] is False:
            assert f'id="figure-{f["key"]}"' in html
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]*stats\.css)"', html).group(1)
    assert (await ds.client.get(stylesheet)).status_code == 200


async def test_only_get_and_head(ds):
    assert (await ds.client.head("/-/interview-stats")).status_code == 200
    for method in ("post", "put", "delete"):
        response = await getattr(ds.client, method)("/-/interview-stats.json")
        assert response.status_code == 405
        assert response.headers["allow"] == "GET, HEAD"


async def test_without_an_interview_database():
    datasette = await start_datasette(memory=True)
    page = await datasette.client.get("/-/interview-stats")
    assert page.status_code == 404 and "No interview database" in page.text
    data = await datasette.client.get("/-/interview-stats.json")
    assert data.status_code == 404 and data.json()["ok"] is False


async def test_base_url(db_path):
    datasette = await start_datasette(db_path, settings={"base_url": "/prefix/"})
    data = (await datasette.client.get("/-/interview-stats.json")).json()
    assert all(f["check_url"].startswith("/prefix/") for f in data["figures"])
    response = await datasette.client.get(PrefixedUrlString(figure(data, "median_stages")["check_url"]))
    assert response.status_code == 200
    html = (await datasette.client.get("/-/interview-stats")).text
    hrefs = re.findall(r'href="(/[^"]*)"', html)
    assert hrefs and all(href.startswith("/prefix/") for href in hrefs)


@pytest.fixture
def altered_db(db_path, tmp_path):
    """A copy of the database with hostile text in it and a small postings table."""
    path = tmp_path / "interview.db"
    shutil.copy(db_path, path)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "update processes set company_name = '<script>alert(1)</script>' "
            "where company_name = 'Infinity Constellation'"
        )
        connection.execute("update sources set platform = '<script>alert(2)</script>' where id = 1")
        connection.execute(
            "insert or replace into report_figures (key, position, label, value, section) "
            "values ('x_posts', 99, '<script>alert(3)</script>', '<b>50+</b>', 'Sources')"
        )
        cited = [
            row[0]
            for row in connection.execute(
                "select distinct posting_id from process_postings order by posting_id limit 10"
            )
        ]
        connection.execute("create table postings (job_id text primary key, title text, company text)")
        connection.executemany(
            "insert into postings values (?, ?, ?)",
            [(job_id, "title", "company") for job_id in cited]
            + [(f"9{n:07d}", "other", "company") for n in range(190)],
        )
    return path, len(cited)


async def test_data_and_report_text_are_escaped(altered_db):
    path, _ = altered_db
    datasette = await start_datasette(path)
    html = (await datasette.client.get("/-/interview-stats")).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)" in html and "&lt;script&gt;alert(2)" in html and "&lt;script&gt;alert(3)" in html
    assert "<b>50+</b>" not in html


async def test_postings_figures_when_postings_are_loaded(altered_db):
    path, cited = altered_db
    datasette = await start_datasette(path)
    data = (await datasette.client.get("/-/interview-stats.json")).json()
    assert figure(data, "postings_analysed")["value"] == cited + 190
    assert figure(data, "postings_with_process")["value"] == cited
    assert figure(data, "share_with_process")["value"] == pytest.approx(100 * cited / (cited + 190), abs=0.01)


async def test_source_counts_hold_every_link_of_the_field_guide(db_path, stats_json, field_guide):
    """The sources explanation says the data holds every inventory link: check it per platform."""
    text = "\n".join(path.read_text() for path in (field_guide / "interview" / "data" / "sources").glob("*.md"))
    urls = set(re.findall(r"\]\((https?://[^)\s]+)\)", text))
    for platform, host in (
        ("reddit", r"reddit\.com"),
        ("hacker_news", r"news\.ycombinator\.com"),
        ("x", r"(x|twitter)\.com"),
        ("youtube", r"youtube\.com|youtu\.be"),
    ):
        in_guide = {url for url in urls if re.match(rf"https?://([a-z]+\.)?({host})/", url)}
        in_db = sql(db_path, "select count(*) as n from sources where platform = ?", [platform])[0]["n"]
        assert in_db >= len(in_guide), platform
    hosts = {re.sub(r"^www\.", "", urlsplit(url).hostname or "") for url in urls}
    assert figure(stats_json, "domains")["value"] >= len(hosts)
    assert figure(stats_json, "urls")["value"] >= len(urls)


def test_companies_explanation_matches_the_field_guide(field_guide):
    """The report's 51 companies are the field guide's 51 process files; Nearform has two."""
    files = list((field_guide / "interview" / "data" / "job-descriptions").glob("*.yaml"))
    companies = [re.search(r'^company:\s*"?([^"\n]+)', path.read_text(), re.M).group(1) for path in files]
    assert len(files) == 51 and len(set(companies)) == 50
    assert [name for name in set(companies) if companies.count(name) > 1] == ["Nearform"]


async def test_every_plugin_page_has_one_main_landmark_in_its_body(ds):
    # A stray </main> in the stats page's <head> went unseen: browsers drop it, so axe cannot see it.
    from test_pages_browser import ERROR_PAGES, PAGES

    for path in PAGES + ERROR_PAGES:
        html = (await ds.client.get(path)).text
        head, _, body = html.partition("</head>")
        assert "main>" not in head and 'role="main"' not in head, path
        assert body.count('role="main"') == 1, path
        # No <main> element: it would sit inside core's <section class="content">, which HTML forbids.
        assert "<main" not in body and "</main>" not in body, path
