"""The prep pages through ds.client, against the database built from data/ (and two small special ones)."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta

import pytest
import pytest_asyncio
from datasette.app import Datasette
from datasettes import start_datasette

from datasette_interview_prep.build.database import build_database
from datasette_interview_prep.build.load import load_data
from datasette_interview_prep.core.rounds import ROUND_TYPE_SLUGS, ROUND_TYPES_BY_SLUG
from datasette_interview_prep.core.text import markdown_text
from datasette_interview_prep.planner.base_rates import compute_base_rates, typical_loop
from datasette_interview_prep.web.interview_db import interview_database, page_cache

ROUND_SECTION = re.compile(
    r'<section class="prep-round[^"]*" id="round-(\d+)">\s*'
    r'<h2><span class="prep-round-number">\d+</span> (.*?)</h2>\s*'
    r'<p class="prep-round-facts">\s*<span class="prep-round-type">(.*?)</span>\s*'
    r'· <span class="prep-duration">(.*?)</span>',
    re.DOTALL,
)


def html_rounds(page: str) -> list[tuple[int, str, str, str]]:
    """(position, name, round type label, duration) of each round section of a checklist page."""
    return [
        (int(n), html.unescape(name), html.unescape(label), html.unescape(duration))
        for n, name, label, duration in ROUND_SECTION.findall(page)
    ]


async def steps_in_db(ds: Datasette, process_id: str) -> list[dict]:
    db = interview_database(ds)
    result = await db.execute(
        "select position, name, duration, round_type from steps where process_id = ? order by position", [process_id]
    )
    return [dict(row) for row in result.rows]


async def default_process(ds: Datasette, slug: str) -> str:
    """checklist.DEFAULT_PROCESS_RULE in SQL: the most interview stages, then the latest reported, then the first."""
    db = interview_database(ds)
    sql = (
        "select id from processes where company = ? "
        "order by interview_stage_count desc, coalesce(reported, '') desc, position limit 1"
    )
    return (await db.execute(sql, [slug])).rows[0][0]


@pytest.mark.parametrize("slug", ["xbow", "posthog", "flowfuse", "doctolib", "anthropic"])
async def test_rounds_are_listed_in_the_data_order_with_types_and_durations(ds, slug):
    # One loop as reported (a company's only loop, or ?process=): step by step, in the data's order.
    process = await default_process(ds, slug)
    response = await ds.client.get(f"/-/prep/{slug}?process={process}")
    assert response.status_code == 200
    steps = await steps_in_db(ds, process)
    assert steps, f"{slug} has no steps in data/"
    expected = [
        (
            step["position"],
            step["name"],
            ROUND_TYPES_BY_SLUG[step["round_type"]].label,
            step["duration"] or "length not stated",
        )
        for step in steps
    ]
    assert html_rounds(response.text) == expected


async def test_known_loops_read_as_the_postings_and_reports_describe_them(ds):
    xbow = html_rounds((await ds.client.get("/-/prep/xbow")).text)
    assert [(label, duration) for _, _, label, duration in xbow] == [
        ("Recruiter / talent screen", "45 min"),
        ("Hiring manager interview", "60 min"),
        ("Technical interview (format not stated)", "2-3 hours"),
        ("Founder / CEO / leadership", "30 min"),
    ]
    anthropic = html_rounds((await ds.client.get("/-/prep/anthropic?process=anthropic-1")).text)
    assert [(label, duration) for _, _, label, duration in anthropic] == [
        ("Recruiter / talent screen", "30 min"),
        ("Live coding", "90 min"),
        ("Hiring manager interview", "1 hour"),
        ("Panel / onsite", "4 hours"),
    ]
    posthog = html_rounds((await ds.client.get("/-/prep/posthog")).text)
    assert posthog[-1][2] == "Paid work trial"


@pytest.mark.parametrize("slug", ["xbow", "flowfuse", "anthropic"])
async def test_json_and_markdown_agree_with_the_html(ds, slug):
    page = (await ds.client.get(f"/-/prep/{slug}")).text
    data = (await ds.client.get(f"/-/prep/{slug}.json")).json()
    markdown_response = await ds.client.get(f"/-/prep/{slug}.md")
    assert markdown_response.headers["content-type"].startswith("text/markdown")
    markdown = markdown_response.text
    rounds = html_rounds(page)
    assert [(r["position"], r["name"], r["round_type_label"]) for r in data["rounds"]] == [r[:3] for r in rounds]
    md_headings = re.findall(r"^## (\d+)\. (.+)$", markdown, re.MULTILINE)
    assert [(int(n), name.replace("\\", "")) for n, name in md_headings] == [(n, name) for n, name, _, _ in rounds]
    item_ids = [item["id"] for r in data["rounds"] for item in r["items"]]
    assert len(item_ids) == len(set(item_ids)) == data["totals"]["prep_items"] > 0
    question_ids = [q["id"] for r in data["rounds"] for q in [*r["asked_here"], *r["most_reported"]]]
    question_ids += [q["id"] for q in data["also_asked_here"]]
    assert len(question_ids) == len(set(question_ids)) == data["totals"]["questions"]
    # Prep items and questions are both ticked: one `- [ ]` and one checkbox each, items never repeated.
    assert markdown.count("\n- [ ] ") == data["totals"]["prep_items"] + data["totals"]["questions"]
    # The company's own items first, then (folded) the general ones: the same items, in that order.
    assert sorted(re.findall(r'class="prep-item" id="[^"]+" data-item-id="([^"]+)"', page)) == sorted(item_ids)
    assert sorted(re.findall(r'class="prep-question" id="[^"]+" data-item-id="([^"]+)"', page)) == sorted(question_ids)
    assert all(item_id.startswith(f"{data['key']}:") for item_id in item_ids + question_ids)


async def test_evidence_counts_sources_about_the_company_and_round_type(ds):
    db = interview_database(ds)
    data = (await ds.client.get("/-/prep/anthropic.json")).json()
    for round_ in data["rounds"]:
        expected = (
            await db.execute(
                "select count(*) from source_companies sc join source_round_types srt on srt.source_id = sc.source_id "
                "where sc.company = 'anthropic' and srt.round_type = ?",
                [round_["round_type"]],
            )
        ).rows[0][0]
        assert round_["evidence"]["count"] == expected
        assert round_["evidence"]["scope"] == "company"
    assert data["process"]["kind"] == "candidate_report"
    assert data["process_sources"], "a candidate report links the sources it comes from"


async def test_candidate_reports_and_posting_loops_are_labelled(ds):
    report = (await ds.client.get("/-/prep/anthropic?process=anthropic-2")).text
    posting = (await ds.client.get("/-/prep/xbow")).text
    assert 'prep-badge-candidate_report">Candidate report<' in report
    assert 'prep-badge-job_posting">From a job posting<' in posting
    assert "Reported by candidates" in report and "the loop as the company describes it" in posting


async def test_a_company_with_two_processes_merges_them_and_links_each(ds):
    db = interview_database(ds)
    ids = [
        row[0]
        for row in (await db.execute("select id from processes where company = 'anthropic' order by position")).rows
    ]
    assert len(ids) >= 2
    page = (await ds.client.get("/-/prep/anthropic")).text
    data = (await ds.client.get("/-/prep/anthropic.json")).json()
    assert sorted(data["merged"]) == sorted(ids) and data["key"] == "anthropic"
    for process_id in ids:
        assert f'href="/-/prep/anthropic?process={process_id}"' in page
    for process_id in ids:
        second = await ds.client.get(f"/-/prep/anthropic?process={process_id}")
        assert second.status_code == 200
        steps = await steps_in_db(ds, process_id)
        assert [name for _, name, _, _ in html_rounds(second.text)] == [step["name"] for step in steps]
        one = (await ds.client.get(f"/-/prep/anthropic.json?process={process_id}")).json()
        assert one["process"]["id"] == process_id and one["merged"] == [] and [p["id"] for p in one["processes"]] == ids


async def test_an_unknown_process_is_a_404_listing_the_choices(ds):
    response = await ds.client.get("/-/prep/anthropic?process=nope-9")
    assert response.status_code == 404
    assert "Process not found" in response.text and "?process=anthropic-1" in response.text
    data = (await ds.client.get("/-/prep/anthropic.json?process=nope-9")).json()
    assert data["ok"] is False and {"anthropic-1", "anthropic-2"} <= {p["id"] for p in data["processes"]}


async def test_unknown_company_is_a_404_with_suggestions_that_does_not_echo_the_input(ds):
    response = await ds.client.get("/-/prep/antropic")
    assert response.status_code == 404
    assert 'href="/-/prep/anthropic">Anthropic</a>' in response.text
    assert "antropic" not in response.text.lower()
    assert 'href="/-/prep#build"' in response.text
    data = await ds.client.get("/-/prep/antropic.json")
    assert data.status_code == 404
    assert data.json()["suggestions"][0] == {"slug": "anthropic", "name": "Anthropic", "url": "/-/prep/anthropic"}
    hostile = await ds.client.get("/-/prep/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert hostile.status_code == 404 and "<script>alert" not in hostile.text


async def test_a_slug_in_capitals_redirects_to_the_company(ds):
    response = await ds.client.get("/-/prep/PostHog.json")
    assert response.status_code == 302 and response.headers["location"] == "/-/prep/posthog.json"


async def test_custom_rounds_build_a_checklist_in_the_given_order(ds):
    response = await ds.client.get("/-/prep?rounds=recruiter_screen,coding,take_home&rounds=coding&company=Acme")
    assert response.status_code == 200
    assert [label for _, _, label, _ in html_rounds(response.text)] == [
        "Recruiter / talent screen",
        "Live coding",
        "Take-home assignment",
        "Live coding",
    ]
    assert "Prep checklist: Acme" in response.text and "Same round type as" in response.text
    data = (await ds.client.get("/-/prep?rounds=recruiter_screen,coding&company=Acme&format=json")).json()
    assert data["kind"] == "custom" and [r["round_type"] for r in data["rounds"]] == ["recruiter_screen", "coding"]
    assert all(r["evidence"]["scope"] == "all_companies" for r in data["rounds"])
    markdown = (await ds.client.get("/-/prep?rounds=coding&format=md")).text
    assert markdown.startswith("# Prep checklist for your loop") and "- [ ] " in markdown


async def test_a_custom_checklist_for_a_company_in_the_data_points_to_its_own(ds):
    page = (await ds.client.get("/-/prep?rounds=coding&company=XBOW")).text
    assert 'href="/-/prep/xbow"' in page


async def test_unknown_round_types_are_a_400_listing_the_valid_ones(ds):
    response = await ds.client.get("/-/prep?rounds=coding,leetcode_hard")
    assert response.status_code == 400
    for slug in ROUND_TYPE_SLUGS:
        assert f"<code>{slug}</code>" in response.text
    data = await ds.client.get("/-/prep?rounds=coding,leetcode_hard&format=json")
    assert data.status_code == 400 and [rt["slug"] for rt in data.json()["round_types"]] == list(ROUND_TYPE_SLUGS)
    assert (await ds.client.get("/-/prep?rounds=,,")).status_code == 400
    assert (await ds.client.get("/-/prep?rounds=coding&format=pdf")).status_code == 400
    assert (await ds.client.get("/-/prep?loop=weird")).status_code == 400


async def test_typical_loop_is_the_base_rates_labelled_as_such(ds):
    db = interview_database(ds)
    steps = [dict(row) for row in (await db.execute("select process_id, position, round_type from steps")).rows]
    expected = [rate.round_type for rate in typical_loop(compute_base_rates(steps))]
    data = (await ds.client.get("/-/prep?loop=typical&format=json")).json()
    assert data["kind"] == "typical" and [r["round_type"] for r in data["rounds"]] == expected
    assert all(r["base_rate"]["share"] >= 0.25 for r in data["rounds"])
    page = (await ds.client.get("/-/prep?loop=typical")).text
    assert "Base rates across" in page and "Not any one company" in page


async def test_index_lists_every_company_and_filters_without_javascript(ds):
    db = interview_database(ds)
    companies = (await db.execute("select slug from companies")).rows
    page = (await ds.client.get("/-/prep")).text
    for (slug,) in companies:
        assert f'href="/-/prep/{slug}"' in page
    assert "Base rates" in page and 'name="rounds"' in page and "prep.js" in page
    filtered = (await ds.client.get("/-/prep?q=posth")).text
    assert 'href="/-/prep/posthog"' in filtered and 'href="/-/prep/xbow"' not in filtered
    assert (await ds.client.get("/-/static-plugins/datasette_interview_prep/prep.js")).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/-/prep",
        "/-/prep/anthropic",
        "/-/prep/anthropic.json",
        "/-/prep/compare",
        "/-/prep/compare.json?company=xbow&company=posthog",
        "/-/prep/anthropic.ics?weeks=2&hours=5",
    ],
)
async def test_only_get_and_head_are_allowed(ds, path):
    response = await ds.client.post(path)
    assert response.status_code == 405 and response.headers["allow"] == "GET, HEAD"
    assert (await ds.client.head(path)).status_code in (200, 404)


def _in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


async def test_a_plan_to_the_interview_date_is_laid_out_on_the_page(ds):
    response = await ds.client.get(f"/-/prep/anthropic?date={_in_days(10)}&hours=6")
    assert response.status_code == 200
    page = response.text
    data = (await ds.client.get(f"/-/prep/anthropic.json?date={_in_days(10)}&hours=6")).json()
    schedule = data["schedule"]
    assert schedule["granularity"] == "day" and schedule["days"] == 10 and len(schedule["periods"]) == 10
    planned = sum(a["minutes"] for a in schedule["allocations"]) + schedule["mock_minutes"]
    assert planned == schedule["budget_minutes"] == 6 * 60 * 10 // 7 // 5 * 5 and schedule["mode"] == "full"
    assert page.count('<li class="prep-plan-day" data-end="') == 10 and "Your plan" in page
    assert "How the time is split" in page and "Mock interview and revision" in page
    assert [a["position"] for a in schedule["allocations"]] == [r["position"] for r in data["rounds"]]
    pace = json.loads(html.unescape(re.search(r"data-pace='([^']+)'", page).group(1)))
    assert [p["expected"] for p in pace] == [p["expected_done"] for p in schedule["periods"]]
    assert pace[-1]["expected"] == data["totals"]["prep_items"]
    assert f'href="/-/prep/anthropic.ics?date={_in_days(10)}&amp;hours=6"' in page
    markdown = (await ds.client.get(f"/-/prep/anthropic.md?date={_in_days(10)}&hours=6")).text
    assert "## Plan" in markdown and markdown.count("\n- **") == 10
    weekly = (await ds.client.get("/-/prep/anthropic.json?weeks=5&hours=4")).json()["schedule"]
    assert weekly["granularity"] == "week" and len(weekly["periods"]) == 5 and weekly["weeks"] == 5
    custom = await ds.client.get("/-/prep?rounds=coding,take_home&company=Acme&weeks=2&hours=5")
    assert custom.status_code == 200 and "blocked window" in custom.text
    assert '<input type="hidden" name="rounds" value="coding,take_home">' in custom.text


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("date=2001-01-01&hours=5", "date", "today or in the past"),
        ("date=tomorrow&hours=5", "date", "YYYY-MM-DD"),
        ("weeks=2&hours=0", "hours", "more than 0"),
        ("weeks=2&hours=9999", "hours", "80 hours"),
        ("weeks=999&hours=5", "weeks", "between 1 and 52"),
        ("hours=5", "date", "When is the interview"),
        ("weeks=1&hours=0.1&process=anthropic-2", "hours", "less than one 15-minute session"),
        ("weeks=2&hours=5&per=month", "per", "week or total"),
        ("weeks=1&hours=200&per=total", "hours", "16 hours a day"),
    ],
)
async def test_a_bad_plan_is_a_400_with_the_message_on_the_form(ds, query, field, message):
    response = await ds.client.get(f"/-/prep/anthropic?{query}")
    assert response.status_code == 400
    page = response.text
    error = re.search(r'<p class="prep-plan-error" id="prep-plan-error" role="alert">(.*?)</p>', page)
    assert error and message in html.unescape(error.group(1))
    assert re.search(rf'name="{field}"[^>]* aria-invalid="true"', page)
    assert "Prep checklist: Anthropic" in page  # the checklist is still there under the form
    data = await ds.client.get(f"/-/prep/anthropic.json?{query}")
    assert data.status_code == 400 and data.json()["field"] == field and message in data.json()["error"]


@pytest.mark.parametrize("days", [1, 2, 3])
async def test_an_interview_in_one_to_three_days_gets_a_crash_plan_not_a_400(ds, days):
    for query in (f"date={_in_days(days)}&hours=8", f"date={_in_days(days)}&hours=8&per=total"):
        response = await ds.client.get(f"/-/prep/openai?{query}")
        assert response.status_code == 200, query
        page = response.text
        assert "Crash plan: " in page and "Mock interview and revision" in page
    data = (await ds.client.get(f"/-/prep/openai.json?date={_in_days(days)}&hours=8&per=total")).json()
    schedule = data["schedule"]
    assert schedule["mode"] == "crash" and schedule["budget_minutes"] == 480 and schedule["per"] == "total"
    sessions = schedule["sessions"]
    assert sessions[0]["kind"] == "questions" and sessions[-1]["kind"] == "mock"
    own = {q["id"] for r in data["rounds"] for q in r["asked_here"]}
    assert sessions[0]["question_ids"] and set(sessions[0]["question_ids"]) <= own
    # Each listed task links to its checkbox on the page, by its text.
    first = next(q for r in data["rounds"] for q in r["asked_here"] if q["id"] == sessions[0]["question_ids"][0])
    assert f'<a href="#item-{first["id"]}">{html.escape(first["question"], quote=False)}</a>' in page
    assert f'id="item-{first["id"]}"' in page
    markdown = (await ds.client.get(f"/-/prep/openai.md?date={_in_days(days)}&hours=8&per=total")).text
    assert "Crash plan: 8 h in all" in markdown and "Mock interview and revision" in markdown
    assert f"    - [ ] {markdown_text(first['question'])}" in markdown
    assert 'name="per"' in page and '<option value="total" selected>' in page
    calendar = (await ds.client.get(f"/-/prep/openai.ics?date={_in_days(days)}&hours=8&per=total")).text
    assert "SUMMARY:Prep OpenAI: Mock interview and revision" in calendar.replace("\r\n ", "")


async def test_the_plan_form_keeps_what_was_typed_escaped(ds):
    page = (await ds.client.get('/-/prep/anthropic?date="><script>x</script>&hours=6')).text
    assert "<script>x" not in page and 'value="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in page
    assert 'name="hours" value="6"' in page


async def test_progress_is_wired_for_the_browser_and_the_server_stays_read_only(ds):
    page = (await ds.client.get("/-/prep/anthropic")).text
    data = (await ds.client.get("/-/prep/anthropic.json")).json()
    panel = re.search(r'<div class="prep-progress" id="prep-progress" hidden data-total="(\d+)"', page)
    assert panel and int(panel.group(1)) == data["totals"]["prep_items"]  # hidden until prep.js shows it
    assert f'data-checklist-key="{data["key"]}"' in page and 'id="prep-progress-import"' in page
    assert "/-/static-plugins/datasette_interview_prep/prep.js" in page
    script = (await ds.client.get("/-/static-plugins/datasette_interview_prep/prep.js")).text
    assert "localStorage" in script and "fetch(" not in script and "XMLHttpRequest" not in script
    assert "data-pace" not in page  # no plan, no pace


async def test_print_stylesheet_drops_the_interactive_parts(ds):
    css = (await ds.client.get("/-/static-plugins/datasette_interview_prep/prep.css")).text
    print_rules = css[css.index("@media print") :]
    for selector in (".prep-progress", ".prep-plan-form", ".prep-similar", ".crumbs", "footer.ft"):
        assert selector in print_rules


async def test_query_string_input_is_escaped(ds):
    response = await ds.client.get("/-/prep?rounds=coding&company=%3Cscript%3Ealert(1)%3C/script%3E")
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;alert(1)" in response.text
    markdown = (await ds.client.get("/-/prep?rounds=coding&format=md&company=%3Cscript%3E")).text
    assert "<script>" not in markdown and r"\<script\>" in markdown


@pytest_asyncio.fixture(scope="module")
async def hostile_ds(tmp_path_factory) -> Datasette:
    """A database whose company and step names are HTML."""
    data = tmp_path_factory.mktemp("hostile-data")
    (data / "processes").mkdir()
    (data / "processes" / "evil.yaml").write_text(
        "company: \"<script>alert('company')</script>\"\n"
        "slug: evil\n"
        'note: "<b>bold</b> claim"\n'
        "steps:\n"
        '  - name: "<img src=x onerror=alert(1)>"\n'
        "    duration: 30 min\n"
        "    details: \"</p><script>alert('details')</script>\"\n"
        "    round_type: coding\n"
    )
    db_path = tmp_path_factory.mktemp("hostile-db") / "interview.db"
    build_database(load_data(data), db_path)
    datasette = await start_datasette(db_path)
    return datasette


async def test_html_from_the_data_is_escaped(hostile_ds):
    page = (await hostile_ds.client.get("/-/prep/evil")).text
    assert "<script>alert(" not in page and "<img src=x" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&#39;company&#39;)&lt;/script&gt;" in page
    index = (await hostile_ds.client.get("/-/prep")).text
    assert "<script>alert(" not in index
    markdown = (await hostile_ds.client.get("/-/prep/evil.md")).text
    assert not re.search(r"(?<!\\)<(script|img|b)", markdown)  # only backslash-escaped, literal in Markdown
    assert r"\<img src=x onerror=alert(1)\>" in markdown


async def test_pages_work_under_base_url(db_path):
    datasette = await start_datasette(db_path, settings={"base_url": "/prefix/"})
    # ds.client puts base_url in front of these paths itself.
    for path, status, marker in [
        ("/-/prep", 200, "Pick a company"),
        ("/-/prep/anthropic", 200, "Prep checklist: Anthropic"),
        ("/-/prep/anthropic?weeks=2&hours=5", 200, "Your plan"),
        ("/-/prep/compare?company=xbow&company=posthog", 200, "Compare loops"),
        ("/-/prep/compare", 200, "Compare interview loops"),
        ("/-/prep?loop=typical", 200, "Base rates across"),
        ("/-/prep/antropic", 404, "Company not found"),
    ]:
        response = await datasette.client.get(path)
        assert response.url.path.startswith("/prefix/-/prep")
        assert response.status_code == status and marker in response.text, path
        local_links = re.findall(r'(?:href|src)="(/[^"]*)"', response.text)
        assert local_links and all(link.startswith("/prefix/") for link in local_links), (path, local_links)
    page = (await datasette.client.get("/-/prep/anthropic")).text
    css_url = re.search(r'href="(/prefix/-/static-plugins/[^"]+prep\.css)"', page).group(1)
    css = await datasette.client.request("get", css_url, avoid_path_rewrites=True)
    assert css.status_code == 200 and "@media print" in css.text
    data = (await datasette.client.get("/-/prep/antropic.json")).json()
    assert data["suggestions"][0]["url"] == "/prefix/-/prep/anthropic"


async def test_without_an_interview_database_the_pages_say_so():
    datasette = await start_datasette()
    index = await datasette.client.get("/-/prep")
    assert index.status_code == 200 and "No interview database is attached" in index.text
    company = await datasette.client.get("/-/prep/anthropic")
    assert company.status_code == 404 and "No interview database attached" in company.text
    assert (await datasette.client.get("/-/prep/anthropic.json")).json()["ok"] is False


async def test_the_plain_page_is_rendered_once_per_database_file(ds):
    """The page without a plan is served from memory after the first request; plans and processes are not mixed up."""
    first = await ds.client.get("/-/prep/anthropic")
    again = await ds.client.get("/-/prep/anthropic")
    assert first.status_code == again.status_code == 200
    assert first.text == again.text
    db = interview_database(ds)
    assert any(key.startswith("prep_company_html:") for key in page_cache(db))
    other = await ds.client.get("/-/prep/anthropic?process=anthropic-2")
    assert other.status_code == 200 and other.text != first.text
    planned = await ds.client.get("/-/prep/anthropic?weeks=2&hours=6")
    assert planned.status_code == 200 and "Your plan" in planned.text and planned.text != first.text
    missing = await ds.client.get("/-/prep/anthropic?process=nope")
    assert missing.status_code == 404
    assert not any(key.endswith(":nope") for key in page_cache(db))


@pytest.mark.parametrize("slug", ["xbow", "flowfuse", "posthog", "anthropic", "column-tax"])
async def test_known_interview_time_agrees_with_the_processes_table(ds, slug):
    """The checklist's total and processes.known_minutes_* both leave take-home windows out."""
    data = (await ds.client.get(f"/-/prep/{slug}.json?process={await default_process(ds, slug)}")).json()
    row = (
        await interview_database(ds).execute(
            "select known_minutes_low, known_minutes_high from processes where id = ?", [data["process"]["id"]]
        )
    ).first()
    assert (data["totals"]["known_minutes_low"], data["totals"]["known_minutes_high"]) == tuple(row)
