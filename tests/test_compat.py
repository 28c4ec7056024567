"""What `datasette interview.db` shows on either line, and what a user's own settings override (web/compat.py)."""

from __future__ import annotations

import sqlite3

import dsjson
import sqlite_utils
from datasettes import start_datasette

from datasette_interview_prep.web import compat
from datasette_interview_prep.web.interview_db import is_interview_connection
from datasette_interview_prep.web.metadata import packaged_metadata

QUERIES = packaged_metadata()["databases"]["interview"]["queries"]


async def test_plain_datasette_shows_title_queries_facets_sort_and_labels(ds):
    home = await ds.client.get("/")
    assert home.status_code == 200 and "How AI-engineering companies interview" in home.text
    assert sorted(await dsjson.query_names(ds, "interview")) == sorted(QUERIES)
    steps = await ds.client.get("/interview/steps")
    assert steps.status_code == 200 and "One round of a process" in steps.text  # the table's description
    assert 'id="facet-round_type"' in steps.text  # the default facet, shown
    sources = dsjson.rows_of(await dsjson.table_json(ds.client, "/interview/sources.json", {"_size": "5"}))
    scores = [row["score"] or 0 for row in sources]
    assert scores == sorted(scores, reverse=True)  # sort_desc: score
    # label_column: a step's process is labelled with its role.
    labelled = dsjson.rows_of(
        await dsjson.table_json(ds.client, "/interview/steps.json", {"_labels": "on", "_size": "1"})
    )
    process = labelled[0]["process_id"]
    role = dsjson.rows_of(await dsjson.table_json(ds.client, "/interview/processes.json", {"id": process["value"]}))
    assert process["label"] == role[0]["role"]


async def test_the_plugins_queries_run_where_arbitrary_sql_is_denied(db_path):
    datasette = await start_datasette(db_path, settings={"default_allow_sql": False})
    for name, query in QUERIES.items():
        assert (await compat.named_query(datasette, "interview", name))["sql"], name
        params = dict.fromkeys(query.get("params", []), "anthropic")
        response = await datasette.client.get(f"/interview/{name}.json", params=params)
        assert response.status_code == 200, (name, response.text[:200])


async def test_what_the_user_sets_wins(db_path):
    """Local metadata, table configuration and a query of the same name override the plugin's, key by key."""
    local = {
        "title": "My interview notes",
        "databases": {
            "interview": {
                "tables": {"steps": {"description": "My steps", "facets": ["family"]}},
            }
        },
    }
    own_query = {"sql": "select 'mine' as whose", "title": "Mine"}
    if compat.HAS_STORED_QUERIES:  # 1.0a: queries live in datasette.yaml
        datasette = await start_datasette(
            db_path, metadata=local, config={"databases": {"interview": {"queries": {"search": own_query}}}}
        )
    else:
        local["databases"]["interview"]["queries"] = {"search": own_query}
        datasette = await start_datasette(db_path, metadata=local)
    assert await dsjson.instance_metadata(datasette, "title") == "My interview notes"
    assert await dsjson.instance_metadata(datasette, "source_url")  # the plugin's keys the user did not set stay
    settings = await dsjson.table_settings(datasette, "interview", "steps")
    assert settings["description"] == "My steps" and settings["facets"] == ["family"]
    assert settings["label_column"] == "name"
    facets = dsjson.facet_results(await dsjson.table_json(datasette.client, "/interview/steps.json"))
    assert set(facets) == {"family"}
    assert (await compat.named_query(datasette, "interview", "search"))["sql"] == own_query["sql"]
    assert (await compat.named_query(datasette, "interview", "company_loop"))["sql"] == QUERIES["company_loop"]["sql"]


async def test_a_second_database_gets_nothing_from_the_plugin(db_path, tmp_path):
    other = tmp_path / "notes.db"
    sqlite_utils.Database(other)["notes"].insert({"id": 1}, pk="id")
    datasette = await start_datasette(db_path, other)
    assert await compat.named_query(datasette, "notes", "search") is None
    assert await compat.table_config(datasette, "notes", "notes") == {}


async def test_after_startup_a_new_connection_is_judged_by_the_startup_decision(db_path, tmp_path):
    """prepare_connection does not look at each connection's tables: the startup decision stands."""
    other = tmp_path / "notes.db"
    sqlite3.connect(other).execute("create table notes (id integer primary key)")
    datasette = await start_datasette(db_path, other)
    # A connection to the interview file, offered as "notes": the answer is still "not the interview database".
    with sqlite3.connect(db_path) as interview_file:
        assert is_interview_connection(datasette, "notes", interview_file) is False
        assert is_interview_connection(datasette, "interview", sqlite3.connect(other)) is True


async def test_an_anonymous_sql_links_answer_is_kept_a_few_seconds_an_actors_never(db_path, monkeypatch):
    datasette = await start_datasette(db_path, settings={"default_allow_sql": False})
    asked = []
    real = compat.can_execute_sql

    async def counted(ds, actor, database):
        asked.append(actor)
        return await real(ds, actor, database)

    monkeypatch.setattr(compat, "can_execute_sql", counted)
    assert await compat.sql_links_allowed(datasette, None, "interview") is False
    assert await compat.sql_links_allowed(datasette, None, "interview") is False
    assert asked == [None]
    actor = {"id": "someone"}
    await compat.sql_links_allowed(datasette, actor, "interview")
    await compat.sql_links_allowed(datasette, actor, "interview")
    assert asked == [None, actor, actor]
    later = compat._clock() + compat.ANONYMOUS_SQL_LINKS_SECONDS + 1
    monkeypatch.setattr(compat, "_clock", lambda: later)
    await compat.sql_links_allowed(datasette, None, "interview")
    assert asked == [None, actor, actor, None]
