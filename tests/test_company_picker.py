"""The company picker on /-/prep lists a bounded number of companies (planner/picker.py) and reaches the rest
through the server-side filter: the rule on hand-made rows, then a page over a synthetic database of 3x
the companies."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from datasette.app import Datasette
from datasettes import start_datasette

from datasette_interview_prep.build.database import build_database
from datasette_interview_prep.build.load import load_data
from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.planner.picker import (
    LISTED_COMPANIES,
    PickerCompany,
    companies_to_list,
    rank_companies,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import synth  # noqa: E402

COMPANY_ROW = re.compile(r'<tr data-search="[^"]*">\s*<td><a href="/-/prep/([^"]+)">')
MAX_PAGE_BYTES = 200_000  # issue 25: no plugin page over 200 KB at 100x


def company(slug: str, name: str, sources: int) -> PickerCompany:
    return PickerCompany(slug, name, sources)


def test_the_most_sourced_companies_are_listed_then_by_name():
    companies = [company("b", "Beta", 2), company("a", "alpha", 2), company("c", "Gamma", 9), company("d", "Delta", 0)]
    ranked = rank_companies(companies)
    assert [c.slug for c in ranked] == ["c", "a", "b", "d"]
    listing = companies_to_list(ranked, "", limit=2)
    assert listing.slugs == ["c", "a"] and listing.matched == 4 and listing.total == 4 and listing.partial
    whole = companies_to_list(ranked, "  ", limit=4)
    assert whole.slugs == ["c", "a", "b", "d"] and not whole.partial


def test_a_typed_name_is_folded_and_searched_over_every_company():
    ranked = rank_companies([company(f"co-{n}", f"Co {n}", n) for n in range(10)] + [company("open-ai", "OpenAI", 0)])
    found = companies_to_list(ranked, "open ai", limit=3)
    assert found.slugs == ["open-ai"] and found.matched == 1 and found.total == 11 and not found.partial
    many = companies_to_list(ranked, "CO-", limit=3)  # the slug matches too
    assert many.slugs == ["co-9", "co-8", "co-7"] and many.matched == 10 and many.partial
    assert companies_to_list(ranked, "zzqx", limit=3).slugs == []


@pytest.fixture(scope="module")
def scaled_db(tmp_path_factory) -> Path:
    data = synth.generate(ROOT / "data", tmp_path_factory.mktemp("synth") / "data", scale=3).data_dir
    path = tmp_path_factory.mktemp("db") / "interview.db"
    build_database(load_data(data), path)
    return path


@pytest_asyncio.fixture(scope="module")
async def scaled(scaled_db) -> Datasette:
    return await start_datasette(scaled_db)


async def ranked_slugs(ds: Datasette) -> list[tuple[str, str]]:
    """(slug, name) of every company, the picker's rule in SQL: most sources, then name."""
    db = ds.get_database("interview")
    result = await db.execute("select slug, name, source_count from companies")
    rows = sorted(result.rows, key=lambda row: (-(row["source_count"] or 0), row["name"].casefold(), row["slug"]))
    return [(row["slug"], row["name"]) for row in rows]


async def test_the_index_lists_a_bounded_number_of_companies_and_says_how_to_reach_the_rest(scaled):
    companies = await ranked_slugs(scaled)
    assert len(companies) > LISTED_COMPANIES  # else this test proves nothing
    response = await scaled.client.get("/-/prep")
    page = response.text
    listed = COMPANY_ROW.findall(page)
    assert sorted(listed) == sorted(slug for slug, _ in companies[:LISTED_COMPANIES])
    assert len(response.content) < MAX_PAGE_BYTES
    count = re.search(r'<p class="prep-muted" id="prep-company-count"[^>]*>(.*?)</p>', page, re.DOTALL)
    assert count is not None
    assert html.unescape(count.group(1)) == (
        f"{LISTED_COMPANIES} of {len(companies)} companies listed, those with the most sources. "
        f"Type a name and press Filter to search all {len(companies)} companies."
    )


async def test_an_unlisted_company_is_found_by_the_filter_and_by_name(scaled):
    companies = await ranked_slugs(scaled)
    slug, name = companies[-1]  # the least written about: not in the unfiltered list
    assert slug not in COMPANY_ROW.findall((await scaled.client.get("/-/prep")).text)
    needle = name_key(name)
    filtered = (await scaled.client.get("/-/prep", params={"q": name})).text
    expected = [s for s, n in companies if needle in name_key(n) or needle in name_key(s)][:LISTED_COMPANIES]
    assert sorted(COMPANY_ROW.findall(filtered)) == sorted(expected) and slug in expected
    redirect = await scaled.client.get("/-/prep", params={"company": name.upper()})
    assert redirect.status_code == 302 and redirect.headers["location"] == f"/-/prep/{slug}"
