"""The postings table page (default columns, shortened text) and postings on the checklist page."""

from __future__ import annotations

import re

import dsjson
import pytest_asyncio
from datasette.app import Datasette
from datasettes import start_datasette
from test_postings import small_market, write_data

from datasette_interview_prep.build.database import build_database
from datasette_interview_prep.build.load import load_data
from datasette_interview_prep.build.postings_files import read_postings
from datasette_interview_prep.build.postings_table import PostingsStep
from datasette_interview_prep.web.table_pages import HIDDEN_BY_DEFAULT, SHORT_CHARS

LONG_DESCRIPTION = "Build agents that reconcile ledgers. " * 20


@pytest_asyncio.fixture
async def market(tmp_path) -> Datasette:
    db = tmp_path / "interview.db"
    rows = read_postings(small_market(tmp_path)).rows
    for row in rows:
        if row["job_id"] == "101":
            row["company_focus"] = LONG_DESCRIPTION
            row["title"] = "Senior AI Engineer " + "with a very long title " * 8
    build_database(load_data(write_data(tmp_path)), db, extra_steps=[PostingsStep(rows)])
    datasette = await start_datasette(db)
    return datasette


async def test_the_table_page_shows_the_columns_to_scan(market):
    html = (await market.client.get("/interview/postings")).text
    for column in HIDDEN_BY_DEFAULT["postings"]:
        assert f'data-column="{column}"' not in html, column
    assert 'data-column="title"' in html and 'data-column="company_stage"' in html
    chosen = (await market.client.get("/interview/postings?_col=description&_col=title")).text
    assert 'data-column="description"' in chosen
    as_json = dsjson.rows_of(await dsjson.table_json(market.client, "/interview/postings.json"))
    assert "description" in as_json[0] and len(as_json[0]) > 30


async def test_long_text_is_cut_short_with_a_link_to_the_row_on_the_table_page_only(market):
    html = (await market.client.get("/interview/postings")).text
    assert 'aria-label="all of title">more</a>' in html
    assert '["' not in html.split("<tbody>", 1)[1]  # skills read as a list, not as JSON
    assert 'href="/interview/postings/101"' in html
    cells = re.findall(r'<td class="col-title[^"]*">(.*?)</td>', html, flags=re.DOTALL)
    assert cells and all("with a very long title " * 8 not in cell for cell in cells)
    row_page = (await market.client.get("/interview/postings/101")).text
    assert LONG_DESCRIPTION.strip() in row_page and len(LONG_DESCRIPTION) > SHORT_CHARS
    assert ">more</a>" not in row_page


async def test_search_on_postings_ranks_and_the_checklist_links_its_posting(market):
    body = await dsjson.table_json(market.client, "/interview/postings.json", {"_search": "ledgers"})
    assert "sorted by relevance" in body["human_description_en"]
    checklist = (await market.client.get("/-/prep/acme-ai")).text
    assert "The posting it was read from:" in checklist and 'href="/interview/postings/101"' in checklist
    assert (await market.client.get("/interview/postings/101")).status_code == 200


async def test_a_posting_hit_names_its_company_once(market):
    # The page shows the company, then the detail: "KLA · KLA · Public" said it twice.
    hits = (await market.client.get("/-/search.json?q=ledgers&kind=postings")).json()["hits"]
    assert hits
    for hit in hits:
        assert hit["company_name"] and hit["company_name"] not in hit["detail"].split(" · "), hit
