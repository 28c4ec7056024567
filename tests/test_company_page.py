"""The company checklist leads with the company (issue 23): every reported round, specific before generic,
and a page for companies without a loop. Through ds.client, on the database built from data/."""

from __future__ import annotations

import html
import re

import pytest
from datasette import hookspecs

from datasette_interview_prep.web.interview_db import interview_database

HAS_TOP_HOMEPAGE = hasattr(hookspecs, "top_homepage")  # Datasette 1.0a


async def _rows(ds, sql, params=()):
    return [dict(row) for row in (await interview_database(ds).execute(sql, list(params))).rows]


def _covered(data: dict) -> set[str]:
    """The round types a checklist prepares for: its rounds' own and those their panels include."""
    return {r["round_type"] for r in data["rounds"]} | {i["round_type"] for r in data["rounds"] for i in r["includes"]}


async def test_anthropics_default_page_has_system_design(ds):
    data = (await ds.client.get("/-/prep/anthropic.json")).json()
    assert "system_design" in _covered(data)
    page = (await ds.client.get("/-/prep/anthropic")).text
    assert "Also in this round: System design" in html.unescape(page)


async def test_openais_dated_loop_without_a_level_leads_and_the_staff_loop_is_one_choice_away(ds):
    data = (await ds.client.get("/-/prep/openai.json")).json()
    lead = (await _rows(ds, "select id, level, reported from processes where id = ?", [data["process"]["id"]]))[0]
    assert lead["level"] is None and lead["reported"]
    staff = (await _rows(ds, "select id, level from processes where company = 'openai' and level is not null"))[0]
    assert data["levels"] == [staff["level"]]
    page = (await ds.client.get("/-/prep/openai")).text
    level_url = "/-/prep/openai?" + re.sub("/", "%2F", f"level={staff['level']}")
    assert f'href="{level_url}"' in page
    chosen = (await ds.client.get(level_url.replace("/-/prep/openai?", "/-/prep/openai.json?"))).json()
    assert chosen["process"]["id"] == staff["id"] and chosen["level"] == staff["level"]
    missing = await ds.client.get("/-/prep/openai.json?level=principal")
    assert missing.status_code == 404 and missing.json()["field"] == "level"


async def test_every_round_type_of_every_loop_of_a_company_is_on_its_default_page(ds):
    steps = await _rows(ds, "select company, round_type from steps")
    by_company: dict[str, set[str]] = {}
    for step in steps:
        by_company.setdefault(step["company"], set()).add(step["round_type"])
    several = [
        row["company"] for row in await _rows(ds, "select company from processes group by company having count(*) > 1")
    ]
    assert several
    for company in several:
        data = (await ds.client.get(f"/-/prep/{company}.json")).json()
        assert by_company.get(company, set()) <= {r["round_type"] for r in data["rounds"]}, company


async def test_merged_rounds_say_which_reports_include_them(ds):
    data = (await ds.client.get("/-/prep/openai.json")).json()
    assert len(data["merged"]) == 2
    for round_ in data["rounds"]:
        steps = await _rows(
            ds, "select process_id from steps where company = 'openai' and round_type = ?", [round_["round_type"]]
        )
        assert {report["process_id"] for report in round_["reports"]} == {step["process_id"] for step in steps}
    page = html.unescape((await ds.client.get("/-/prep/openai")).text)
    assert "In 1 of 2 reported loops:" in page and "In 2 of 2 reported loops:" in page


async def test_every_company_tied_question_is_shown_on_its_companys_default_page(ds):
    tied = await _rows(
        ds,
        "select distinct c.value as company, q.id from questions q, json_each(q.companies) c "
        "where c.value in (select slug from companies)",
    )
    companies = sorted({row["company"] for row in tied})
    assert len(companies) > 5
    for company in companies:
        page = (await ds.client.get(f"/-/prep/{company}")).text
        shown = set(re.findall(r'data-tick="question:([^"]+)"', page))
        wanted = {row["id"] for row in tied if row["company"] == company}
        assert wanted <= shown, (company, wanted - shown)


async def test_the_top_line_says_how_much_rests_on_the_companys_own_sources(ds):
    data = (await ds.client.get("/-/prep/openai.json")).json()
    totals = data["totals"]
    own = totals["own_source_items"] + totals["own_questions"]
    percent = round(100 * own / (totals["prep_items"] + totals["questions"]))
    page = html.unescape((await ds.client.get("/-/prep/openai")).text)
    line = re.search(r'<p class="prep-specific">(.*?)</p>', page, re.DOTALL)
    assert line and f"{percent}% of this page rests on OpenAI's own sources" in line.group(1)
    assert f'<rect width="{percent}" height="8" class="prep-specific-own"/>' in line.group(1)
    assert 'aria-hidden="true"' in line.group(1)  # the sentence says it; the bar is decoration


async def test_company_material_comes_first_and_the_general_is_folded_once_per_round_type(ds):
    page = (await ds.client.get("/-/prep/anthropic?process=anthropic-2")).text
    sections = re.findall(r'<section class="prep-round[^"]*" id="round-\d+">(.*?)</section>', page, re.DOTALL)
    assert len(sections) == 6
    coding = [section for section in sections if "Live coding</span>" in section]
    assert len(coding) == 4
    assert sum("What candidates report about live coding rounds" in section for section in coding) == 1
    for section in sections:
        if '<details class="prep-general">' in section and "Asked at Anthropic" in section:
            assert section.index("Asked at Anthropic") < section.index('<details class="prep-general">')
    assert '<summary><h3 class="prep-general-title">For any AI loop:' in page


async def test_fallback_questions_fit_the_companys_kind_of_loop(ds):
    data = (await ds.client.get("/-/prep/anthropic.json")).json()
    fallback = [q["question"] for r in data["rounds"] for q in r["most_reported"]]
    assert fallback and not any("JavaScript" in question for question in fallback)
    for slug in ("anthropic", "openai"):
        page = (await ds.client.get(f"/-/prep/{slug}")).text
        assert "JavaScript event loop" not in page


async def test_questions_of_round_types_no_round_covers_are_also_asked(ds):
    data = (await ds.client.get("/-/prep/openai.json")).json()
    covered = _covered(data)
    assert data["also_asked_here"] and all(q["round_type"] not in covered for q in data["also_asked_here"])
    page = (await ds.client.get("/-/prep/openai")).text
    assert 'id="also-asked-heading">Also asked at OpenAI</h2>' in page
    markdown = (await ds.client.get("/-/prep/openai.md")).text
    assert "## Also asked at OpenAI" in markdown


async def test_every_checkbox_carries_data_tick(ds):
    for path in ("/-/prep/openai", "/-/prep/anthropic?process=anthropic-1", "/-/questions", "/-/prep/cohere"):
        page = (await ds.client.get(path)).text
        boxes = re.findall(r'<input type="checkbox"[^>]*>', page)
        assert boxes and all(re.search(r'data-tick="(item|question):[^"]+"', box) for box in boxes), path


@pytest.mark.parametrize("slug, name", [("stripe", "Stripe"), ("cohere", "Cohere")])
async def test_a_company_the_sources_mention_says_nothing_is_reported_and_shows_what_exists(ds, slug, name):
    page = await ds.client.get(f"/-/prep/{slug}")
    assert page.status_code == 200 and f"Nothing reported for {name} yet" in page.text
    sources = await _rows(ds, "select count(*) as n from source_companies where company = ?", [slug])
    assert f"{sources[0]['n']} source" in page.text and 'id="typical"' in page.text
    questions = await _rows(
        ds, "select q.id from questions q, json_each(q.companies) c where c.value = ? order by q.id", [slug]
    )
    assert {row["id"] for row in questions} == set(re.findall(r'data-tick="question:([^"]+)"', page.text))
    for fmt in ("json", "md"):
        download = await ds.client.get(f"/-/prep/{slug}.{fmt}")
        assert download.status_code == 200 and f"Nothing reported for {name} yet" in download.text
    assert (await ds.client.get(f"/-/prep/{slug}.ics")).status_code == 404


async def test_a_company_whose_process_lists_no_stage_says_so_and_shows_its_questions(ds):
    page = (await ds.client.get("/-/prep/scale-ai")).text
    assert "Nothing reported for Scale AI's rounds yet" in html.unescape(page)
    assert "loop=typical" in page
    peers = re.search(r'<p class="prep-peers" id="peers">(.*?)</p>', page, re.DOTALL)
    assert peers and 'href="/-/prep/openai">OpenAI</a>' in peers.group(1) and "Scale AI" not in peers.group(1)


async def test_a_company_only_questions_name_gets_a_page(ds):
    named = await _rows(
        ds,
        "select distinct c.value as slug from questions q, json_each(q.companies) c "
        "where c.value not in (select slug from companies) "
        "and c.value not in (select company from source_companies) order by 1 limit 1",
    )
    assert named
    page = await ds.client.get(f"/-/prep/{named[0]['slug']}")
    assert page.status_code == 200 and "Nothing reported for" in page.text and "data-tick=" in page.text


async def test_breadcrumbs_name_the_page(ds):
    page = (await ds.client.get("/-/prep/anthropic")).text
    crumbs = re.search(r'<p class="crumbs">.*?</p>', page, re.DOTALL)
    assert (
        crumbs and 'href="/-/prep">prep</a>' in crumbs.group(0) and 'aria-current="page">Anthropic<' in crumbs.group(0)
    )


async def test_the_company_box_leads_to_the_checklist_with_the_plan(ds):
    response = await ds.client.get("/-/prep?company=open+ai&date=2026-12-28&hours=8")
    assert response.status_code == 302
    assert response.headers["location"] == "/-/prep/openai?date=2026-12-28&hours=8#plan"
    plain = await ds.client.get("/-/prep?company=Anthropic&date=&hours=6")
    assert plain.headers["location"] == "/-/prep/anthropic"
    unknown = await ds.client.get("/-/prep?company=Hooli")
    assert unknown.headers["location"] == "/-/prep?q=Hooli"


@pytest.mark.skipif(not HAS_TOP_HOMEPAGE, reason="Datasette 0.65 has no top_homepage hook")
async def test_the_home_page_has_a_company_picker_with_a_date_on_1_0(ds):
    page = (await ds.client.get("/")).text
    form = re.search(r'<form class="prep-home-form" action="/-/prep" method="get">(.*?)</form>', page, re.DOTALL)
    assert form and 'name="company"' in form.group(1) and 'type="date"' in form.group(1)
    count = (await _rows(ds, "select count(*) as n from companies"))[0]["n"]
    assert form.group(1).count("<option value=") == count  # under MAX_PICKER_COMPANIES at 1x


async def test_no_heading_is_left_without_content(ds):
    """'What to expect at ...' only where the company's data says something the questions above do not."""
    for path in ("/-/prep/anthropic", "/-/prep/openai", "/-/prep/mistral-ai"):
        page = (await ds.client.get(path)).text
        assert not re.search(r"<h3>What to expect at [^<]*</h3>\s*<(h3|div|details|section)", page), path
