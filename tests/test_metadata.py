"""The metadata, default facets and canned queries the plugin supplies for the interview database."""

from __future__ import annotations

import re
from pathlib import Path

import dsjson
import pytest
import pytest_asyncio
import sqlite_utils
import yaml
from datasette.app import Datasette
from datasettes import start_datasette
from markupsafe import escape

from datasette_interview_prep.build.database import build_database
from datasette_interview_prep.build.load import load_data
from datasette_interview_prep.web import compat
from datasette_interview_prep.web.metadata import (
    METADATA_PATH,
    packaged_metadata,
    plugin_metadata,
    sql_for_schema,
)

ROOT = Path(__file__).resolve().parents[1]
QUERIES = packaged_metadata()["databases"]["interview"]["queries"]
TABLES = packaged_metadata()["databases"]["interview"]["tables"]

DEFAULT_FACETS = {
    "steps": {"round_type", "family", "company"},
    "processes": {"kind", "company", "step_count", "round_types"},
    "sources": {"platform", "community", "year", "companies", "round_types", "topics"},
}

# A tiny dataset whose every query result is known.
TINY_FILES = {
    "processes/acme-ai.yaml": """
company: Acme AI
category: product
processes:
  - role: AI Engineer
    steps:
      - {name: Talent partner call, duration: 30 min, round_type: recruiter_screen}
      - {name: Pair programming, duration: 60 min, round_type: coding}
      - {name: Design a retrieval pipeline, duration: 45-60 min, round_type: system_design}
      - {name: Build a small agent at home, duration: 2-3 hours, round_type: take_home}
      - {name: Meet the founders, round_type: founder}
""",
    "processes/lean-co.yaml": """
company: Lean Co
category: model
steps:
  - {name: Intro call, duration: 20 min, round_type: recruiter_screen}
  - {name: Coding exercise, duration: 90 min, round_type: coding}
""",
    "processes/summary-inc.yaml": """
company: Summary Inc
summary: Several technical interviews, aim to finish within a week
""",
    "sources/threads.yaml": """
sources:
  - url: https://www.reddit.com/r/leetcode/comments/abc/acme_ai_interview
    title: "Acme AI interview: LRU cache and system design"
    platform: reddit
    community: r/leetcode
    score: 120
    published: 2025-11
    companies: [acme-ai]
    round_types: [coding, system_design]
  - url: https://news.ycombinator.com/item?id=1
    title: "Ask HN: what do AI engineering loops look like?"
    platform: hacker_news
    score: 40
    published: "2024"
    companies: [acme-ai, lean-co]
  - url: https://example.com/unscored
    title: An unscored blog post about Acme AI
    platform: blog
    companies: [acme-ai]
""",
}


def write_tiny_data(folder: Path) -> Path:
    for name, text in TINY_FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.lstrip(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tiny")
    path = folder / "interview.db"
    build_database(load_data(write_tiny_data(folder / "data")), path)
    return path


@pytest_asyncio.fixture(scope="module")
async def tiny(tiny_db) -> Datasette:
    datasette = await start_datasette(tiny_db)
    return datasette


async def rows(datasette: Datasette, path: str, **params) -> list[dict]:
    response = await datasette.client.get(path, params={**params, "_shape": "array"})
    assert response.status_code == 200, response.text
    return response.json()


# The files


def test_top_level_metadata_is_the_packaged_file():
    top_level = ROOT / "metadata.yml"
    assert top_level.is_symlink() and not Path(top_level.readlink()).is_absolute()
    assert top_level.resolve() == METADATA_PATH.resolve()


def test_every_query_declares_its_params_and_has_a_title():
    for name, query in QUERIES.items():
        assert query["title"] and query["description"], name
        used = set(re.findall(r"(?<!:):([a-z_]+)\b", query["sql"]))
        assert set(query.get("params", [])) == used, name


def test_postings_lines_are_uncommented_only_when_asked():
    sql = QUERIES["search"]["sql"]
    assert "postings_fts" in sql_for_schema(sql, has_postings=True)
    assert "--postings" not in sql_for_schema(sql, has_postings=True)
    assert "postings" not in sql_for_schema(sql, has_postings=False)


async def test_described_columns_facets_and_sorts_exist(db_path):
    """A typo in metadata.yml (a renamed column) would silently drop a description or break a page."""
    db = sqlite_utils.Database(db_path)
    for table, config in TABLES.items():
        if table == "postings" and not db["postings"].exists():
            continue
        columns = set(db[table].columns_dict)
        named = set(config.get("columns", {}))
        for facet in config.get("facets", []):
            named.add(facet if isinstance(facet, str) else next(iter(facet.values())))
        named.update(config[key] for key in ("sort", "sort_desc", "label_column") if key in config)
        assert named <= columns, (table, named - columns)


async def test_every_table_has_a_description(ds, db_path):
    db = sqlite_utils.Database(db_path)
    for table in db.table_names():
        if table.endswith(("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")):
            continue
        assert (await dsjson.table_settings(ds, "interview", table)).get("description"), table


# What `datasette interview.db` shows


async def test_instance_title_source_and_license(ds):
    response = await ds.client.get("/")
    assert response.status_code == 200
    assert "How AI-engineering companies interview" in response.text
    assert 'href="https://github.com/alexeygrigorev/ai-engineering-field-guide"' in response.text
    assert "Data license" in response.text


async def test_database_page_lists_every_canned_query(ds):
    response = await ds.client.get(dsjson.queries_page("interview"))
    assert response.status_code == 200
    for name, query in QUERIES.items():
        assert f'href="/interview/{name}"' in response.text, name
        assert str(escape(query["title"])) in response.text
    assert sorted(await dsjson.query_names(ds, "interview")) == sorted(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
async def test_every_canned_query_runs_on_the_real_data(ds, db_path, name):
    db = sqlite_utils.Database(db_path)
    busiest = db.execute("select company from steps group by company order by count(*) desc limit 1").fetchone()[0]
    sourced = db.execute(
        "select company from source_companies group by company order by count(*) desc limit 1"
    ).fetchone()
    params = {
        "q": "interview",
        "company": sourced[0] if name == "company_sources" else busiest,
        "round_type": "coding",
        "kind": "",
    }
    declared = {param: params[param] for param in QUERIES[name].get("params", [])}
    response = await ds.client.get(f"/interview/{name}.json", params={**declared, "_shape": "objects"})
    assert response.status_code == 200, response.text
    assert response.json()["ok"] and response.json()["rows"], name


async def test_company_loop_lists_the_steps_in_order(tiny):
    by_slug = await rows(tiny, "/interview/company_loop.json", company="acme-ai")
    assert [(row["step"], row["name"], row["round_type"]) for row in by_slug] == [
        (1, "Talent partner call", "recruiter_screen"),
        (2, "Pair programming", "coding"),
        (3, "Design a retrieval pipeline", "system_design"),
        (4, "Build a small agent at home", "take_home"),
        (5, "Meet the founders", "founder"),
    ]
    assert by_slug[0]["company"] == "acme-ai" and by_slug[0]["role"] == "AI Engineer"
    assert by_slug[0]["link"].startswith("steps/")
    assert await rows(tiny, "/interview/company_loop.json", company="  ACME AI ") == by_slug
    assert await rows(tiny, "/interview/company_loop.json", company="nobody") == []


async def test_companies_with_a_round_type(tiny):
    coding = await rows(tiny, "/interview/companies_with_round_type.json", round_type="coding")
    assert [(row["company"], row["processes"]) for row in coding] == [("acme-ai", 1), ("lean-co", 1)]
    by_label = await rows(tiny, "/interview/companies_with_round_type.json", round_type="Take-home assignment")
    assert [(row["company"], row["steps"]) for row in by_label] == [("acme-ai", "Build a small agent at home")]


async def test_round_type_frequency_is_a_share_of_described_processes(tiny):
    frequency = {row["round_type"]: row for row in await rows(tiny, "/interview/round_type_frequency.json")}
    assert frequency["coding"]["processes"] == 2 and frequency["coding"]["percent_of_processes"] == 100.0
    assert frequency["take_home"]["processes"] == 1 and frequency["take_home"]["percent_of_processes"] == 50.0
    assert frequency["work_trial"]["processes"] == 0


async def test_step_count_distribution(tiny):
    distribution = await rows(tiny, "/interview/step_count_distribution.json")
    assert [
        (row["steps"], row["processes"], row["percent_of_processes"], row["companies"]) for row in distribution
    ] == [
        (2, 1, 50.0, "Lean Co"),
        (5, 1, 50.0, "Acme AI"),
    ]


async def test_duration_by_round_type(tiny):
    durations = {row["round_type"]: row for row in await rows(tiny, "/interview/duration_by_round_type.json")}
    screen = durations["recruiter_screen"]
    assert (screen["steps_with_duration"], screen["min_minutes"], screen["median_minutes"], screen["max_minutes"]) == (
        2,
        20,
        25.0,
        30,
    )
    design = durations["system_design"]
    assert (design["min_minutes"], design["median_minutes"], design["max_minutes"]) == (45, 52.5, 60)
    assert "founder" not in durations  # no stated duration


async def test_company_sources_most_upvoted_first(tiny):
    titles = [row["title"] for row in await rows(tiny, "/interview/company_sources.json", company="Acme AI")]
    assert titles == [
        "Acme AI interview: LRU cache and system design",
        "Ask HN: what do AI engineering loops look like?",
        "An unscored blog post about Acme AI",
    ]
    assert [row["title"] for row in await rows(tiny, "/interview/company_sources.json", company="lean-co")] == [
        "Ask HN: what do AI engineering loops look like?"
    ]


async def test_leanest_and_longest(tiny):
    result = await rows(tiny, "/interview/leanest_and_longest.json")
    assert [(row["which"], row["company"], row["step_count"]) for row in result] == [
        ("leanest", "lean-co", 2),
        ("leanest", "acme-ai", 5),
    ]


# Facets


@pytest.mark.parametrize("table", sorted(DEFAULT_FACETS))
async def test_default_facets(ds, table):
    data = await dsjson.table_json(ds.client, f"/interview/{table}.json")
    assert set(dsjson.facet_results(data)) == DEFAULT_FACETS[table]


async def test_array_facet_counts_each_company(tiny):
    facets = dsjson.facet_results(await dsjson.table_json(tiny.client, "/interview/sources.json"))
    assert facets["companies"]["type"] == "array"
    assert {item["value"]: item["count"] for item in facets["companies"]["results"]} == {"acme-ai": 3, "lean-co": 1}


async def test_facet_by_round_type_from_the_url(ds, db_path):
    data = await dsjson.table_json(ds.client, "/interview/steps.json", {"_facet": "round_type"})
    facet = dsjson.facet_results(data)["round_type"]
    step_count = sqlite_utils.Database(db_path)["steps"].count
    shown = sum(item["count"] for item in facet["results"])
    assert not facet["truncated"]  # 19 round types fit in one facet
    assert shown == step_count


# Other names, other configurations


async def test_metadata_follows_the_database_name(renamed_copy):
    datasette = renamed_copy
    assert sorted(await dsjson.query_names(datasette, "my-copy")) == sorted(QUERIES)
    assert (await dsjson.table_settings(datasette, "my-copy", "steps"))["facets"]
    assert await compat.named_query(datasette, "interview", "search") is None


async def test_no_metadata_without_an_interview_database(tmp_path):
    other = tmp_path / "other.db"
    sqlite_utils.Database(other)["things"].insert({"id": 1})
    datasette = await start_datasette(other)
    assert plugin_metadata(datasette) == {}
    assert await dsjson.instance_metadata(datasette, "title") is None


async def test_configured_database_name(db_path):
    """Plugin config is read through metadata(), which calls this plugin's hook: no recursion."""
    datasette = await start_datasette(
        db_path, metadata={"plugins": {"datasette-interview-prep": {"database": "interview"}}}
    )
    assert set(plugin_metadata(datasette)["databases"]) == {"interview"}
    assert (await datasette.client.get("/interview/company_loop.json?company=x")).status_code == 200


async def test_local_metadata_yml_duplicates_nothing(ds, db_path):
    """`datasette interview.db -m metadata.yml` shows the same queries and facets, once each."""
    local = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    with_local = await start_datasette(db_path, metadata=local)
    pages = []
    for datasette in (ds, with_local):
        assert sorted(await dsjson.query_names(datasette, "interview")) == sorted(QUERIES)
        for table, facets in DEFAULT_FACETS.items():
            shown = dsjson.facet_results(await dsjson.table_json(datasette.client, f"/interview/{table}.json"))
            assert set(shown) == facets, table
        pages.append((await datasette.client.get("/interview")).text)
    # The query list (1.0a lists five queries by title, and search is not among them) and, once, the search page.
    expected = 0 if compat.HAS_STORED_QUERIES else 1
    assert pages[0].count('href="/interview/search"') == pages[1].count('href="/interview/search"') == expected
    assert pages[0].count('href="/-/search"') == pages[1].count('href="/-/search"') >= 1
    assert await dsjson.instance_metadata(with_local, "title") == await dsjson.instance_metadata(ds, "title")
    # ...and the packaged copy was not changed by the merge.
    assert plugin_metadata(ds) == plugin_metadata(with_local)


async def test_plugin_metadata_is_a_fresh_copy(ds):
    first = plugin_metadata(ds)
    first["databases"]["interview"]["queries"]["search"]["sql"] = "select 1"
    first["databases"]["interview"]["tables"]["steps"]["facets"] = []
    again = plugin_metadata(ds)
    assert again["databases"]["interview"]["queries"]["search"]["sql"] != "select 1"
    assert again["databases"]["interview"]["tables"]["steps"]["facets"]


async def test_recommended_serving_settings(db_path):
    """The settings the README recommends: immutable file, no suggested facets, faster pages."""
    datasette = await start_datasette(
        immutables=[str(db_path)],
        settings={"suggest_facets": False, "sql_time_limit_ms": 3000, "facet_time_limit_ms": 500},
    )
    for path in (
        "/",
        "/interview",
        "/interview/steps",
        "/interview/sources?_search=interview",
        "/interview/search?q=coding",
        "/interview/round_type_frequency",
    ):
        response = await datasette.client.get(path)
        assert response.status_code == 200, path
    data = await dsjson.table_json(datasette.client, "/interview/steps.json", {"_facet": "round_type"})
    assert "round_type" in dsjson.facet_results(data) and data["suggested_facets"] == []


async def test_leanest_and_longest_ranks_posting_loops_unless_asked(ds):
    default = await rows(ds, "/interview/leanest_and_longest.json", kind="")
    assert {row["company"] for row in default if row["which"] == "longest"} >= {
        "flowfuse",
        "roboflow",
        "the-college-board",
    }
    kinds = {
        row["kind"]
        for row in await rows(ds, "/interview/processes.json", _size="max")
        if row["id"] in {link.split("/")[1] for link in (r["link"] for r in default)}
    }
    assert kinds == {"job_posting"}
    reports = await rows(ds, "/interview/leanest_and_longest.json", kind="candidate_report")
    assert {row["company"] for row in reports} & {"amazon", "bcg-x"}


async def test_every_process_has_a_label_in_the_tables(ds, db_path):
    """Candidate reports without a role were shown as "None" wherever a step names its process."""
    assert sqlite_utils.Database(db_path).execute("select count(*) from processes where role is null").fetchone()[0]
    for path in ("/interview/steps?_size=max", "/interview/steps?_facet=process_id", "/interview/processes?_size=max"):
        response = await ds.client.get(path)
        assert response.status_code == 200
        assert ">None<" not in response.text and ">None (" not in response.text, path
    labels = await ds.client.get("/interview/processes.json?_shape=array&_col=label&_size=max")
    assert all(row["label"] for row in labels.json())
