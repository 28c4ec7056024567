"""Companies the sources mention without a loop in the data, names as people type them, and downloads."""

from __future__ import annotations

import re

import pytest
import sqlite_utils

from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.planner.mentioned import name_from_titles


@pytest.fixture(scope="module")
def mentioned_slugs(db_path) -> list[str]:
    """Every company slug of sources.companies that has no row in companies."""
    rows = sqlite_utils.Database(db_path).execute(
        "select distinct company from source_companies where company not in (select slug from companies) order by 1"
    )
    return [row[0] for row in rows.fetchall()]


def test_name_key_folds_case_spaces_and_hyphens():
    assert {name_key(text) for text in ("open ai", "open-ai", "OpenAI", "Open AI", " openai ")} == {"openai"}
    assert name_key("Eightfold.ai") == "eightfoldai"


def test_a_name_is_read_from_the_titles_else_from_the_slug():
    assert (
        name_from_titles("wine-adore", ["my interview at wine adore", "Interview at Wine Adore (2025)"]) == "Wine Adore"
    )
    assert name_from_titles("linkedin", ["LinkedIn ML screen"]) == "LinkedIn"
    assert name_from_titles("mistral-ai", []) == "Mistral AI"
    assert name_from_titles("meta", ["A metaphor"]) == "Meta"  # a word boundary, not a substring


async def test_every_mentioned_company_has_a_page(ds, mentioned_slugs):
    assert len(mentioned_slugs) > 50  # meta, apple, netflix, mistral-ai, ...
    for slug in mentioned_slugs:
        response = await ds.client.get(f"/-/prep/{slug}")
        assert response.status_code == 200, slug


async def test_a_mentioned_company_page_has_its_sources_the_typical_loop_and_a_prefilled_form(ds, db_path):
    count = (
        sqlite_utils.Database(db_path)
        .execute("select count(*) from source_companies where company = 'meta'")
        .fetchone()[0]
    )
    html = (await ds.client.get("/-/prep/meta")).text
    main = html.split('role="main"', 1)[1].split("<footer", 1)[0]
    sources = main.split('id="sources"', 1)[1].split("</section>", 1)[0]
    assert sources.count('<li><a class="prep-source"') == count
    assert "Base rates, not Meta's loop" in main
    assert 'name="company" maxlength="100" placeholder="Acme" value="Meta"' in main
    typical = re.search(r'href="(/-/prep\?rounds=[^"]+)">The typical loop as a checklist for Meta', main)
    assert typical and "company=Meta" in typical[1]
    checklist = await ds.client.get(typical[1].replace("&amp;", "&"))
    assert checklist.status_code == 200 and "Meta" in checklist.text
    data = (await ds.client.get("/-/prep/meta.json")).json()
    assert data["kind"] == "mentioned_company" and data["has_loop"] is False
    assert data["company"] == {"slug": "meta", "name": "Meta"} and len(data["sources"]) == count
    assert data["typical_loop"][0]["round_type"] == "recruiter_screen"
    markdown = await ds.client.get("/-/prep/meta.md")
    # .md wherever .json exists (issue 23): the same "nothing reported yet", its questions and sources.
    assert markdown.status_code == 200 and "Nothing reported for Meta yet" in markdown.text
    assert markdown.text.count("\n- [ ] ") == len(data["questions"]) and "## Sources about Meta" in markdown.text


@pytest.mark.parametrize("typed", ["open-ai", "Open%20AI", "OpenAI", "OPEN_AI"])
async def test_spellings_of_a_name_redirect_to_the_company(ds, typed):
    response = await ds.client.get(f"/-/prep/{typed}.json?process=openai-1")
    assert response.status_code == 302
    assert response.headers["location"] == "/-/prep/openai.json?process=openai-1"


async def test_an_unknown_company_without_close_names_offers_the_form_not_empty_suggestions(ds):
    response = await ds.client.get("/-/prep/zzqx-widgets")
    assert response.status_code == 404
    assert "Did you mean" not in response.text and "Closest companies" not in response.text
    assert 'id="prep-build-company"' in response.text and 'name="rounds"' in response.text


@pytest.mark.parametrize("typed", ["open ai", "open-ai", "OPENAI"])
async def test_the_picker_folds_names(ds, typed):
    html = (await ds.client.get("/-/prep", params={"q": typed})).text
    assert 'href="/-/prep/openai">OpenAI</a>' in html
    assert 'id="prep-no-match" aria-live="polite" hidden' in html


async def test_the_picker_offers_the_form_with_the_typed_name_when_nothing_matches(ds):
    html = (await ds.client.get("/-/prep", params={"q": "Stripe"})).text
    no_match = html.split('id="prep-no-match"', 1)[1].split("</div>", 1)[0]
    assert " hidden" not in no_match.split(">", 1)[0]
    assert 'href="/-/prep/stripe"' in no_match  # the sources mention Stripe
    assert 'id="prep-build-company" name="company" maxlength="100" placeholder="Acme" value="Stripe"' in html
    unknown = (await ds.client.get("/-/prep", params={"q": "Zzqx Widgets"})).text
    assert 'value="Zzqx Widgets"' in unknown and 'id="prep-no-match-mentioned" hidden' in unknown


@pytest.mark.parametrize(
    ("path", "filename"),
    [
        ("/-/prep/anthropic.md", "anthropic-prep.md"),
        ("/-/prep/anthropic.json", "anthropic-prep.json"),
        ("/-/prep/anthropic.ics?weeks=3&hours=6", "anthropic-prep.ics"),
        ("/-/prep?rounds=coding,take_home&company=Acme%20AI&format=md", "acme-ai-prep.md"),
        ("/-/prep?loop=typical&format=json", "typical-prep.json"),
        ("/-/prep/compare.md?company=openai&company=anthropic", "compare-openai-anthropic-prep.md"),
        ("/-/prep/meta.json", "meta-prep.json"),
    ],
)
async def test_exports_download_with_a_file_name(ds, path, filename):
    response = await ds.client.get(path)
    assert response.status_code == 200
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'


async def test_no_link_to_similar_companies_when_there_are_none(ds):
    for slug in ("bjak", "scale-ai", "anthropic"):
        html = (await ds.client.get(f"/-/prep/{slug}")).text
        similar = (await ds.client.get(f"/-/prep/{slug}.json")).json()["similar_companies"]
        assert ('id="similar"' in html) == ('href="#similar"' in html) == bool(similar), slug
    # Both cases occur: a test that only saw one of them could not tell the link from the section.
    assert (await ds.client.get("/-/prep/anthropic.json")).json()["similar_companies"]


async def test_compare_folds_names_too(ds):
    folded = (await ds.client.get("/-/prep/compare.json?company=Open%20AI&company=anthropic")).json()
    plain = (await ds.client.get("/-/prep/compare.json?company=openai&company=anthropic")).json()
    assert folded["key"] == plain["key"] and [c["slug"] for c in folded["companies"]] == ["openai", "anthropic"]
