"""The question bank's pages (/-/questions) and the questions and whose-advice marks on checklists.

Pure functions on hand-made rows first, then a real Datasette over the project's data. Nothing here
depends on how many questions data/questions holds today: counts are read from the database.
"""

from __future__ import annotations

import json
import re
import sqlite3
from html import unescape

import dsjson
import pytest

from datasette_interview_prep.core.rounds import ROUND_TYPES
from datasette_interview_prep.core.topics import QUESTION_TOPICS
from datasette_interview_prep.planner.checklist import (
    CompanyRows,
    Knowledge,
    build_checklist,
    build_custom_checklist,
    reported_elsewhere,
)
from datasette_interview_prep.planner.questions import (
    PAGE_SIZE,
    BadQuestionFilter,
    QuestionFilters,
    entries_from_rows,
    parse_filters,
    select_questions,
)
from datasette_interview_prep.render.checklist import checklist_markdown, own_sources_line
from datasette_interview_prep.render.questions import markdown_filename, questions_markdown

NAMES = {"acme": "Acme", "globex": "Globex"}


def _row(id, round_type="coding", topic="coding_patterns", companies=(), sources=(), reported=None, fmt=None):
    links = [
        {"url": url, "title": f"Title {url}", "platform": "reddit", "published": published}
        for url, published in sources
    ]
    return {
        "id": id,
        "question": f"Question {id}?",
        "round_type": round_type,
        "topic": topic,
        "topic_label": QUESTION_TOPICS[topic],
        "companies": json.dumps(list(companies)),
        "sources": json.dumps(links),
        "encounters": len(links),
        "reported": reported,
        "format": fmt,
    }


def _entries():
    return entries_from_rows(
        [
            _row("lru", companies=["acme"], sources=[("https://a/1", "2025-03"), ("https://a/2", None)]),
            _row("kv", companies=["acme", "initech"], sources=[("https://a/3", None)], reported="2026-01"),
            _row("chess", "system_design", "system_design", ["globex"], [("https://a/4", "2024")]),
            _row("rag", "system_design", "rag", [], [("https://a/5", "2025"), ("https://a/6", "2025-07")]),
            _row("star", "behavioral", "behavioral", [], [("https://a/7", None)]),
        ],
        NAMES,
    )


# --- Filters --------------------------------------------------------------------------------------


def test_entries_resolve_company_names_and_dates():
    by_id = {entry.id: entry for entry in _entries()}
    assert [(c.slug, c.name, c.in_data) for c in by_id["kv"].companies] == [
        ("acme", "Acme", True),
        ("initech", "Initech", False),
    ]
    assert by_id["kv"].date == "2026-01"  # the question's own date wins
    assert by_id["lru"].date == "2025-03"  # else the latest source's
    assert by_id["rag"].date == "2025-07" and [s.published for s in by_id["rag"].sources] == ["2025-07", "2025"]
    assert by_id["star"].date is None


def test_a_company_outside_the_data_reads_the_same_on_every_page():
    # The question bank and "reported at" wrote 'Hippocratic Ai'; its own page 'Hippocratic AI'.
    from datasette_interview_prep.planner.mentioned import name_from_titles
    from datasette_interview_prep.planner.questions import company_label

    for slug, name in (("hippocratic-ai", "Hippocratic AI"), ("big-tech", "Big Tech")):
        assert company_label(slug, {}) == name_from_titles(slug, []) == name


def test_the_bank_shares_one_record_per_source_and_company():
    # Held for the life of the database file (48,600 questions at 100x): no copy per citation.
    first, second = entries_from_rows(
        [
            _row("a", companies=["acme"], sources=[("https://a/1", "2025-03")]),
            _row("b", companies=["acme"], sources=[("https://a/1", "2025-03"), ("https://a/2", None)]),
        ],
        NAMES,
    )
    assert first.sources[0] is second.sources[0] and first.companies[0] is second.companies[0]
    assert not hasattr(first, "__dict__")  # slotted
    entry = second.entry()  # the JSON shape, made only for the questions a page shows
    assert entry.model_dump()["sources"][0] == {
        "url": "https://a/1",
        "title": "Title https://a/1",
        "platform": "reddit",
        "published": "2025-03",
    }
    assert entry.round_type_label == "Live coding" and entry.companies[0].name == "Acme"


@pytest.mark.parametrize(
    "args, field, allowed_member",
    [
        ({"round_type": "lunch"}, "round_type", "system_design"),
        ({"topic": "astrology"}, "topic", "rag"),
        ({"since": "last year"}, "since", "YYYY-MM"),
        ({"reported_after": "2025-13"}, "reported_after", "YYYY-MM"),
        ({"sort": "random"}, "sort", "newest"),
        ({"sort": "relevance"}, "sort", "encounters"),
        ({"page": "0"}, "page", "1 to 10000"),
        ({"page": "²"}, "page", "1 to 10000"),
    ],
)
def test_bad_filters_name_the_field_and_the_allowed_values(args, field, allowed_member):
    with pytest.raises(BadQuestionFilter) as raised:
        parse_filters(args, {"acme", "globex"})
    assert raised.value.field == field and allowed_member in raised.value.allowed


def test_an_unknown_company_names_the_parameter_not_every_slug():
    with pytest.raises(BadQuestionFilter) as raised:
        parse_filters({"company": "hooli"}, {"acme", "globex"})
    assert raised.value.field == "company" and raised.value.allowed == []
    assert "hooli" not in raised.value.reason and "company=" in raised.value.reason  # never echoed


def test_filters_forgive_case_and_hyphens_and_default_the_sort():
    filters = parse_filters({"round_type": "System-Design", "company": "ACME", "since": "2025"}, {"acme"})
    assert (filters.round_type, filters.company, filters.since, filters.sort) == (
        "system_design",
        "acme",
        "2025",
        "encounters",
    )
    assert parse_filters({"q": "lru"}, set()).sort == "relevance"
    assert parse_filters({"reported_after": "2025-06"}, set()).since == "2025-06"


def test_filtering_by_round_type_topic_company_and_recency():
    entries = _entries()

    def ids(**filters):
        return [entry.id for entry in select_questions(entries, QuestionFilters(**filters)).questions]

    assert ids(round_type="system_design") == ["rag", "chess"]  # two sources before one
    assert ids(topic="rag") == ["rag"]
    assert ids(company="acme") == ["lru", "kv"]
    assert ids(company="acme", round_type="system_design") == []
    assert ids(since="2025") == ["lru", "rag", "kv"]  # 'chess' is 2024, 'star' undated
    assert ids(since="2025-06") == ["rag", "kv"]
    assert ids(since="2026") == ["kv"]
    assert ids(sort="newest") == ["kv", "rag", "lru", "chess", "star"]  # undated last


def test_search_keeps_only_matches_in_rank_order_and_pages_count():
    entries = _entries()
    page = select_questions(entries, QuestionFilters(q="x", sort="relevance"), {"star": 0, "chess": 1})
    assert [entry.id for entry in page.questions] == ["star", "chess"] and page.total == 2
    assert select_questions(entries, QuestionFilters(q="x"), None).total == 0
    paged = select_questions(entries, QuestionFilters(page=2), page_size=2)
    # Two sources before one; ties in the taxonomy's order (live coding before system design).
    assert (paged.pages, paged.total, [e.id for e in paged.questions]) == (3, 5, ["kv", "chess"])
    assert paged.round_type_counts == {"coding": 2, "system_design": 2, "behavioral": 1}


def test_markdown_lists_every_question_with_its_sources_and_a_file_name():
    page = select_questions(_entries(), QuestionFilters(company="acme", round_type="coding"))
    markdown = questions_markdown(page, "http://x/-/questions?company=acme", NAMES)
    assert markdown.count("\n- [ ] ") == page.total == 2
    assert "[Title https://a/1](https://a/1) (reddit, 2025-03)" in markdown and "at Acme" in markdown
    assert markdown_filename(page.filters) == "interview-questions-acme-coding.md"


# --- Checklists on hand-made rows -----------------------------------------------------------------


def _knowledge_with_questions() -> Knowledge:
    round_types = [
        {"slug": rt.slug, "label": rt.label, "family": rt.family, "is_interview": int(rt.is_interview), "weight": 1.0}
        for rt in ROUND_TYPES
    ]

    def item(position, id, *links):
        return {
            "id": id,
            "round_type": "coding",
            "position": position,
            "text": f"Item {id}",
            "sources": json.dumps([url for url, _ in links]),
            "source_links": json.dumps(
                [{"url": url, "title": url, "platform": "blog", "companies": companies} for url, companies in links]
            ),
        }

    prep_items = [
        item(1, "elsewhere", ("https://globex/2", ["globex"]), ("https://initech/1", ["initech"])),
        item(2, "general", ("https://any/1", [])),
        item(3, "mixed", ("https://globex/1", ["globex"]), ("https://any/2", [])),
        item(4, "own", ("https://acme/1", ["acme"])),
    ]
    return Knowledge(round_types, prep_items, _entries(), NAMES)


def _acme_rows() -> CompanyRows:
    steps = [
        {"process_id": "acme-1", "position": position, "name": name, "round_type": "coding", "is_interview": 1}
        for position, name in ((1, "Coding"), (2, "More coding"))
    ]
    company = {"slug": "acme", "name": "Acme"}
    process = {"id": "acme-1", "company": "acme", "position": 1, "kind": "candidate_report"}
    sources = [{"url": "https://acme/1", "title": "Acme thread", "round_types": '["coding"]'}]
    return CompanyRows(company, [process], steps, sources, [])


def test_reported_elsewhere_needs_every_source_to_name_only_other_companies():
    assert reported_elsewhere([{"companies": ["globex"]}, {"companies": ["initech", "globex"]}], "acme") == [
        "globex",
        "initech",
    ]
    assert reported_elsewhere([{"companies": ["globex"]}, {"companies": []}], "acme") == []
    assert reported_elsewhere([{"companies": ["globex", "acme"]}], "acme") == []
    assert reported_elsewhere([], "acme") == []


def test_items_backed_only_by_other_companies_are_set_apart_unless_asked_for():
    checklist = build_checklist(_acme_rows(), _knowledge_with_questions())
    first = checklist.rounds[0]
    assert [item.prep_item_id for item in first.items] == ["own", "general", "mixed"]
    assert [(item.prep_item_id, item.reported_at) for item in first.other_company_items] == [
        ("elsewhere", ["Globex", "Initech"])
    ]
    totals = checklist.totals
    assert (totals.prep_items, totals.own_source_items, totals.other_company_items) == (3, 1, 1)
    assert own_sources_line(checklist).startswith("1 of 3 prep items rest on sources about Acme; 1 more")

    counted = build_checklist(_acme_rows(), _knowledge_with_questions(), include_others=True)
    assert [item.prep_item_id for item in counted.rounds[0].items] == ["own", "general", "mixed", "elsewhere"]
    assert counted.rounds[0].other_company_items == [] and counted.includes_other_companies
    assert (counted.totals.prep_items, counted.totals.other_company_items) == (4, 1)
    markdown = checklist_markdown(counted)
    assert "- [ ] Item elsewhere (*reported at Globex and Initech*;" in markdown


def test_rounds_list_questions_asked_here_then_the_most_reported_with_stable_ids():
    checklist = build_checklist(_acme_rows(), _knowledge_with_questions())
    first, second = checklist.rounds
    assert [q.id for q in first.asked_here] == ["acme-1:q:lru", "acme-1:q:kv"]
    assert first.most_reported == []  # both coding questions are Acme's
    assert first.round_type_questions == 2
    assert second.same_prep_as == 1 and second.asked_here == second.most_reported == []
    assert checklist.totals.questions == 2
    markdown = checklist_markdown(checklist, questions_url="http://x/-/questions")
    assert "**Asked at Acme:**" in markdown and "<http://x/-/questions?round_type=coding>" in markdown


def test_a_checklist_without_a_company_shows_the_most_reported_only():
    knowledge = _knowledge_with_questions()
    checklist = build_custom_checklist(["system_design", "behavioral"], knowledge, [])
    design, behavioral = checklist.rounds
    assert design.asked_here == [] and [q.question_id for q in design.most_reported] == ["rag", "chess"]
    assert design.most_reported[1].companies == ["Globex"]
    assert [q.id for q in behavioral.most_reported] == ["custom-your-loop:q:star"]
    assert own_sources_line(checklist) is None


# --- The pages, on the project's data ---------------------------------------------------------------


def _db_rows(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql, params)]


async def test_the_page_lists_every_question_with_its_sources(ds, db_path):
    questions = {row["id"]: row for row in _db_rows(db_path, "select id, question, sources, encounters from questions")}
    assert questions, "data/questions is empty"
    response = await ds.client.get("/-/questions")
    assert response.status_code == 200
    html = unescape(response.text)
    listed = re.findall(r'<li class="qb-question" id="q-([^"]+)"', response.text)
    assert len(listed) == len(set(listed)) == min(len(questions), PAGE_SIZE)
    assert set(listed) <= set(questions)
    encounters = [questions[question_id]["encounters"] for question_id in listed]
    assert encounters == sorted(encounters, reverse=True), "the first page is the most-reported"
    assert encounters[0] == max(row["encounters"] for row in questions.values())
    for question_id in listed:
        assert questions[question_id]["question"] in html
        for source in json.loads(questions[question_id]["sources"]):
            assert f'href="{source["url"]}"' in html
    assert 'role="main"' in response.text and 'aria-label="Filter the questions"' in response.text


async def test_company_and_round_type_filters_agree_with_sql(ds, db_path):
    pair = _db_rows(
        db_path,
        "select qc.company_slug, q.round_type, count(*) as n from question_companies qc "
        "join questions q on q.id = qc.question_id group by 1, 2 order by n desc limit 1",
    )[0]
    data = (
        await ds.client.get(f"/-/questions.json?company={pair['company_slug']}&round_type={pair['round_type']}")
    ).json()
    assert data["format_version"] == 1 and data["total"] == pair["n"] == len(data["questions"])
    for question in data["questions"]:
        assert question["round_type"] == pair["round_type"]
        assert pair["company_slug"] in [company["slug"] for company in question["companies"]]
    encounters = [question["encounters"] for question in data["questions"]]
    assert encounters == sorted(encounters, reverse=True)


async def test_search_uses_full_text_and_survives_fts_syntax(ds, db_path):
    row = _db_rows(db_path, "select id, question from questions order by length(question) desc limit 1")[0]
    word = max(re.findall(r"[A-Za-z]{5,}", row["question"]), key=len)
    data = (await ds.client.get("/-/questions.json", params={"q": word.lower()})).json()
    assert row["id"] in [question["id"] for question in data["questions"]]
    assert data["filters"]["sort"] == "relevance"
    for hostile in ['"', "AND (", "NEAR(", "c++ -", "*"]:
        response = await ds.client.get("/-/questions", params={"q": hostile})
        assert response.status_code == 200, hostile


@pytest.mark.parametrize(
    "query, field",
    [
        ("round_type=lunch", "round_type"),
        ("topic=astrology", "topic"),
        ("since=yesterday", "since"),
        ("page=99999", "page"),
        ("sort=random", "sort"),
    ],
)
async def test_bad_filter_values_get_a_400_naming_the_allowed_ones(ds, query, field):
    html = await ds.client.get(f"/-/questions?{query}")
    assert html.status_code == 400 and 'role="alert"' in html.text and f"<code>{field}</code>" in html.text
    assert 'action="/-/questions"' in html.text  # the form stays, to fix the value
    data = (await ds.client.get(f"/-/questions.json?{query}")).json()
    assert data["status"] == 400 and data["field"] == field and data["allowed"]
    if field == "round_type":
        assert "system_design" in data["allowed"] and "system_design" in html.text
    markdown = await ds.client.get(f"/-/questions.md?{query}")
    assert markdown.status_code == 400 and "Allowed:" in markdown.text


async def test_an_unknown_company_is_a_short_400_and_a_known_one_without_questions_a_200(ds):
    unknown = await ds.client.get("/-/questions.json?company=no-such-co")
    assert unknown.status_code == 400 and unknown.json()["field"] == "company"
    assert len(unknown.json()["error"]) < 200 and "company=" in unknown.json()["error"]
    page = await ds.client.get("/-/questions?company=no-such-co")
    assert page.status_code == 400 and "<code>company</code>" not in page.text and "no-such-co" not in page.text
    assert "Not a valid company" in page.text
    stripe = await ds.client.get("/-/questions.json?company=stripe")  # only sources mention Stripe
    assert stripe.status_code == 200 and stripe.json()["total"] == 0
    assert (await ds.client.get("/-/questions?company=stripe")).status_code == 200


async def test_every_question_on_the_bank_page_has_a_checkbox_in_the_one_store(ds):
    page = (await ds.client.get("/-/questions")).text
    ids = re.findall(r'<li class="qb-question" id="q-([^"]+)"', page)
    assert ids and re.findall(r'data-tick="question:([^"]+)"', page) == ids
    assert page.index("prep-store.js") < page.index("ticks.js")
    assert '<p class="crumbs"><a href="/">home</a> / <span aria-current="page">questions</span></p>' in page
    search = (await ds.client.get("/-/search")).text
    crumbs = re.search(r'<p class="crumbs">.*?</p>', search, re.DOTALL)
    assert crumbs and "prep" not in crumbs.group(0) and 'aria-current="page">search<' in crumbs.group(0)


async def test_markdown_download_and_methods(ds, db_path):
    total = _db_rows(db_path, "select count(*) as n from questions where round_type = 'system_design'")[0]["n"]
    response = await ds.client.get("/-/questions.md?round_type=system_design")
    assert response.headers["content-type"].startswith("text/markdown")
    assert response.headers["content-disposition"] == 'attachment; filename="interview-questions-system-design.md"'
    # Every matching question, not one page of them (issue 24): the file is a checklist.
    assert total > PAGE_SIZE and response.text.count("\n- [ ] ") == total
    post = await ds.client.post("/-/questions")
    assert post.status_code == 405 and post.headers["allow"] == "GET, HEAD"
    assert (await ds.client.head("/-/questions")).status_code == 200


async def test_links_honour_base_url_and_none_is_dead(make_datasette, db_path):
    prefixed = await make_datasette(db_path, settings={"base_url": "/prefix/"})
    page = (await prefixed.client.get("/-/questions?company=openai")).text  # the client adds the prefix
    internal = set(re.findall(r'href="(/[^"]*)"', page))
    assert internal and all(href.startswith("/prefix/") for href in internal)
    for href in sorted(internal):
        status = (await prefixed.client.get(unescape(href).removeprefix("/prefix"))).status_code
        assert status == 200, href


async def test_each_company_a_question_names_links_to_its_checklist(ds):
    page = (await ds.client.get("/-/questions?company=openai")).text
    shown = (await ds.client.get("/-/questions.json?company=openai")).json()["questions"]
    in_data = {company["slug"] for question in shown for company in question["companies"] if company["in_data"]}
    assert "openai" in in_data and len(in_data) > 1
    assert 'href=""' not in page
    assert {slug for slug in in_data if f'href="/-/prep/{slug}"' in page} == in_data


# --- Checklists, on the project's data --------------------------------------------------------------


@pytest.mark.parametrize("slug", ["anthropic", "openai", "posthog"])
async def test_items_set_apart_rest_only_on_other_companies_sources(ds, db_path, slug):
    companies_of = {
        row["url"]: json.loads(row["companies"]) for row in _db_rows(db_path, "select url, companies from sources")
    }
    default = (await ds.client.get(f"/-/prep/{slug}.json")).json()
    counted = (await ds.client.get(f"/-/prep/{slug}.json?others=1")).json()
    assert default["format_version"] == 2
    set_apart = [item for r in default["rounds"] for item in r["other_company_items"]]
    for item in set_apart:
        for source in item["sources"]:
            assert companies_of[source["url"]] and slug not in companies_of[source["url"]]
    assert all(not item["reported_at"] for r in default["rounds"] for item in r["items"])
    assert default["totals"]["prep_items"] + len(set_apart) == counted["totals"]["prep_items"]
    assert default["totals"]["own_source_items"] == sum(
        item["cites_company"] for r in default["rounds"] for item in r["items"]
    )
    # The plan's hours follow the items counted.
    planned = (await ds.client.get(f"/-/prep/{slug}.json?weeks=2&hours=6")).json()["schedule"]
    planned_all = (await ds.client.get(f"/-/prep/{slug}.json?weeks=2&hours=6&others=1")).json()["schedule"]
    assert planned["total_items"] == default["totals"]["prep_items"]
    assert planned_all["total_items"] == counted["totals"]["prep_items"]


async def test_checklist_questions_come_from_the_bank_and_link_to_it(ds, db_path):
    asked = _db_rows(
        db_path,
        "select q.id, q.round_type from question_companies qc join questions q on q.id = qc.question_id "
        "where qc.company_slug = 'openai'",
    )
    data = (await ds.client.get("/-/prep/openai.json")).json()
    loop_types = {r["round_type"] for r in data["rounds"]}
    expected = {row["id"] for row in asked if row["round_type"] in loop_types}
    shown = {q["question_id"] for r in data["rounds"] for q in r["asked_here"]}
    assert shown == expected
    page = (await ds.client.get("/-/prep/openai")).text
    assert "Asked at OpenAI" in page
    for round_type in {r["round_type"] for r in data["rounds"] if r["round_type_questions"]}:
        assert f'href="/-/questions?round_type={round_type}"' in page
    toggle = re.search(r'<a href="([^"]+)">Count them in</a>', page)
    assert toggle and unescape(toggle.group(1)) == "/-/prep/openai?others=1"
    assert (await ds.client.get("/-/prep/openai?others=yes")).status_code == 400


# --- The statistics page: what the URL and domain counts count ---------------------------------------


async def test_url_and_domain_figures_say_what_they_count(ds, db_path):
    figures = {f["key"]: f for f in (await ds.client.get("/-/interview-stats.json")).json()["figures"]}
    urls, domains = figures["urls"], figures["domains"]
    by_inventory = _db_rows(
        db_path, "select coalesce(inventory, '') as inventory, count(*) as n from sources group by 1"
    )
    assert urls["value"] == sum(row["n"] for row in by_inventory)
    for row in by_inventory:
        name = row["inventory"] or "no link list (chapters, footnotes)"
        assert f"{row['n']:,} in {name}" in urls["basis"]
    top = _db_rows(db_path, "select domain, count(*) as n from sources group by domain order by n desc limit 1")[0]
    assert f"{top['domain']} {top['n']:,}" in domains["basis"]
    single = _db_rows(
        db_path, "select count(*) as n from (select domain from sources group by domain having count(*) = 1)"
    )
    assert f"{single[0]['n']:,} domain" in domains["basis"]
    if urls["matches"] is False:
        assert "chapters cite" in urls["explanation"] and f"{urls['value']:,}" in urls["explanation"]


@pytest.mark.parametrize("fmt", ["", ".json", ".md"])
async def test_hostile_values_never_give_a_500(ds, db_path, fmt):
    before = db_path.read_bytes()
    scripts = (await ds.client.get("/-/questions")).text.count("<script")
    hostile = ["", " ", "%00", "\x00", "'; drop table questions; --", '"', "*", "²", "9" * 40, "<script>", "a" * 5000]
    for name in ("round_type", "topic", "company", "since", "reported_after", "q", "sort", "page", "others"):
        for value in hostile:
            response = await ds.client.get(f"/-/questions{fmt}", params={name: value})
            assert response.status_code in (200, 400), (name, value, response.status_code)
            if fmt == "":  # values are escaped: no new element appears
                assert response.text.count("<script") == scripts, (name, value)
    assert db_path.read_bytes() == before


# --- metadata.yml: the questions table and its canned queries ----------------------------------------


async def test_questions_table_has_default_facets_and_sorts_by_encounters(ds):
    data = await dsjson.table_json(ds.client, "/interview/questions.json")
    assert set(dsjson.facet_results(data)) == {"round_type", "topic", "companies", "year"}
    assert "encounters descending" in data["human_description_en"]
    table = (await ds.client.get("/interview/questions")).text
    assert "distinct sources that report it" in unescape(table)


async def test_canned_queries_for_a_company_and_a_round_type(ds, db_path):
    company = _db_rows(
        db_path, "select company_slug, count(*) as n from question_companies group by 1 order by n desc limit 1"
    )[0]
    name = _db_rows(db_path, "select name from companies where slug = ?", (company["company_slug"],))
    given = name[0]["name"] if name else company["company_slug"]
    rows = (
        await ds.client.get("/interview/questions_at_company.json", params={"company": given, "_shape": "array"})
    ).json()
    assert len(rows) == company["n"] and all(row["link"].startswith("questions/") for row in rows)
    round_type = _db_rows(
        db_path, "select round_type, count(*) as n from questions group by 1 order by n desc limit 1"
    )[0]
    rows = (
        await ds.client.get(
            "/interview/most_reported_questions.json",
            params={"round_type": round_type["round_type"], "_shape": "array"},
        )
    ).json()
    assert len(rows) == min(round_type["n"], 100)
    assert [row["encounters"] for row in rows] == sorted((row["encounters"] for row in rows), reverse=True)
