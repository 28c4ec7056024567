"""Every per-file cache is bounded: an LRU by entries and by bytes."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from datasette_interview_prep.web import state
from datasette_interview_prep.web.cache import BoundedCache
from datasette_interview_prep.web.interview_db import (
    interview_database,
    page_cache,
    per_database_file,
    per_parameters,
    shared_cache,
)


def test_the_least_recently_used_entry_goes_first():
    cache = BoundedCache(max_entries=2, max_bytes=1_000)
    cache.put("a", (1,), "A")
    cache.put("b", (1,), "B")
    assert cache.get("a", (1,)) == (True, "A")  # a is now the most recent
    cache.put("c", (1,), "C")
    assert list(cache) == ["a", "c"] and cache.get("b", (1,)) == (False, None)


def test_bytes_are_bounded_and_replacing_a_key_frees_its_bytes():
    cache = BoundedCache(max_entries=100, max_bytes=10)
    cache.put("a", (1,), "x" * 6)
    cache.put("b", (1,), "y" * 6)
    assert list(cache) == ["b"] and cache.bytes == 6
    cache.put("b", (1,), "z" * 2)
    assert cache.bytes == 2
    cache.put("huge", (1,), "h" * 11)  # larger than the whole cache: not kept, nothing evicted
    assert list(cache) == ["b"]


def test_an_entry_of_another_file_version_is_a_miss():
    cache = BoundedCache(max_entries=10, max_bytes=100)
    cache.put("a", (1, 2, 3), "old")
    assert cache.get("a", (1, 2, 4)) == (False, None)


async def test_visiting_more_pages_than_the_cache_holds_keeps_it_bounded(ds):
    db = interview_database(ds)
    caches = state.database_caches(db)
    kept, caches.pages = caches.pages, BoundedCache(5, state.PAGES_MAX_BYTES)
    slugs = [row["slug"] for row in (await db.execute("select slug from companies order by slug limit 12")).rows]
    first_pages = {}
    for slug in slugs:
        response = await ds.client.get(f"/-/prep/{slug}")
        assert response.status_code == 200
        first_pages[slug] = response.text
    assert len(page_cache(db)) == 5 and list(page_cache(db))[-1].endswith(f":{slugs[-1]}:")
    assert len(shared_cache(db)) <= state.SHARED_MAX_ENTRIES
    again = await ds.client.get(f"/-/prep/{slugs[0]}")  # evicted: rendered again, the same page
    assert again.status_code == 200 and again.text == first_pages[slugs[0]]
    caches.pages = kept


def results_cache_keys(db) -> list[str]:
    return list(state.database_caches(db).results)


async def test_a_search_is_ranked_once_per_query_and_kind(ds):
    """The same search on the same file is answered from the per-parameters LRU; another query or kind is not."""
    db = interview_database(ds)
    first = await ds.client.get("/-/search.json?q=system+design")
    keys = results_cache_keys(db)
    again = await ds.client.get("/-/search.json?q=system+design")
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    assert results_cache_keys(db) == keys and any(key.startswith("search:") for key in keys)
    other = await ds.client.get("/-/search.json?q=system+design&kind=sources")
    assert other.status_code == 200 and other.json() != first.json()
    assert len(results_cache_keys(db)) == len(keys) + 1


async def test_the_per_parameters_cache_is_bounded(ds):
    db = interview_database(ds)
    caches = state.database_caches(db)
    kept, caches.results = caches.results, BoundedCache(3, state.PAGES_MAX_BYTES)
    try:
        for word in ("rag", "python", "agents", "design", "coding"):
            assert (await ds.client.get(f"/-/search.json?q={word}")).status_code == 200
        assert len(caches.results) == 3 and list(caches.results)[-1].startswith('search:"coding"')
    finally:
        caches.results = kept


async def test_similar_companies_are_scored_once_per_loop(ds):
    db = interview_database(ds)
    first = await ds.client.get("/-/prep/anthropic?weeks=2&hours=6")
    similar = [key for key in results_cache_keys(db) if key.startswith("similar:anthropic:")]
    assert first.status_code == 200 and len(similar) == 1
    other_plan = await ds.client.get("/-/prep/anthropic?weeks=3&hours=6")  # same loop: the same similar companies
    assert other_plan.status_code == 200
    assert [key for key in results_cache_keys(db) if key.startswith("similar:anthropic:")] == similar


async def test_a_plan_is_rendered_once_per_query_and_day(ds):
    db = interview_database(ds)
    first = await ds.client.get("/-/prep/anthropic?hours=5&weeks=4")
    again = await ds.client.get("/-/prep/anthropic?weeks=4&hours=5")  # same parameters, another order
    assert first.status_code == again.status_code == 200 and first.text == again.text
    planned = [key for key in page_cache(db) if key.startswith("prep_company_html:") and "hours=5&weeks=4" in key]
    assert len(planned) == 1 and date.today().isoformat() in planned[0]
    other = await ds.client.get("/-/prep/anthropic?weeks=4&hours=7")
    assert other.status_code == 200 and other.text != first.text
    refused = await ds.client.get("/-/prep/anthropic?weeks=2&hours=abc")
    assert refused.status_code == 400
    assert not any("hours=abc" in key for key in page_cache(db))


async def test_filtered_questions_are_rendered_once_per_query(ds):
    db = interview_database(ds)
    path = "/-/questions?round_type=coding&topic=coding_patterns"
    first = await ds.client.get(path)
    again = await ds.client.get(path)
    assert first.status_code == again.status_code == 200 and first.text == again.text
    assert any(key.startswith("questions_html:") and "topic=coding_patterns" in key for key in page_cache(db))
    assert (await ds.client.get("/-/questions?round_type=nope")).status_code == 400
    assert not any("round_type=nope" in key for key in page_cache(db))


async def test_the_statistics_page_is_rendered_once_for_anonymous_visitors(ds):
    db = interview_database(ds)
    first = await ds.client.get("/-/interview-stats")
    again = await ds.client.get("/-/interview-stats")
    assert first.status_code == again.status_code == 200 and first.text == again.text
    assert any(key.startswith("stats_html:") for key in page_cache(db))


async def test_concurrent_requests_for_the_same_key_compute_it_once(ds):
    db = interview_database(ds)
    calls = 0

    async def compute() -> int:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        return calls

    results = await asyncio.gather(*(per_database_file(db, "test:once", compute) for _ in range(5)))
    assert results == [1] * 5 and calls == 1
    assert await per_parameters(db, "test:once", compute) == 2  # the other LRU: its own key space
    assert not state.database_caches(db).pending


async def test_a_failed_computation_reaches_its_waiters_and_is_tried_again_later(ds):
    db = interview_database(ds)
    attempts = 0

    async def compute() -> str:
        nonlocal attempts
        attempts += 1
        await asyncio.sleep(0.01)
        if attempts == 1:
            raise RuntimeError("first attempt fails")
        return "ok"

    outcomes = await asyncio.gather(
        *(per_database_file(db, "test:fails", compute) for _ in range(3)), return_exceptions=True
    )
    assert [type(outcome) for outcome in outcomes] == [RuntimeError] * 3 and attempts == 1
    assert await per_database_file(db, "test:fails", compute) == "ok" and attempts == 2


async def test_a_waiter_computes_it_when_the_computing_request_is_cancelled(ds):
    db = interview_database(ds)
    started = asyncio.Event()
    calls = 0

    async def compute() -> int:
        nonlocal calls
        calls += 1
        started.set()
        await asyncio.sleep(0.05)
        return calls

    first = asyncio.create_task(per_database_file(db, "test:cancelled", compute))
    await started.wait()
    waiter = asyncio.create_task(per_database_file(db, "test:cancelled", compute))
    await asyncio.sleep(0)
    first.cancel()
    assert await waiter == 2 and calls == 2
    assert first.cancelled()


SOON = (date.today() + timedelta(days=10)).isoformat()


@pytest.mark.parametrize(
    ("name", "path", "refused"),
    [
        ("practice", "/-/prep/openai/practice?seed=7", "/-/prep/no-such-company/practice"),
        ("today", f"/-/prep/openai/today?date={SOON}&hours=5", "/-/prep/openai/today?hours=abc"),
        ("question", "/-/questions/xai-lru-cache", "/-/questions/no-such-question"),
        ("compare", "/-/prep/compare?company=openai&company=anthropic", "/-/prep/compare?company=openai"),
    ],
)
async def test_the_practice_today_question_and_compare_pages_are_rendered_once_per_query(ds, name, path, refused):
    db = interview_database(ds)
    first = await ds.client.get(path)
    again = await ds.client.get(path)
    assert first.status_code == again.status_code == 200 and first.text == again.text
    keys = [key for key in page_cache(db) if key.startswith(f"{name}_html:")]
    assert any(f":{path.split('?')[0]}:" in key for key in keys), keys
    if name in ("practice", "today"):  # their default seed and their plan count from today
        assert any(f":{date.today().isoformat()}:" in key for key in keys)
    assert (await ds.client.get(refused)).status_code in (400, 404)
    refused_path, _, refused_query = refused.partition("?")
    assert not any(key.endswith(f":{refused_path}:{refused_query}") for key in page_cache(db))


async def test_compare_in_another_order_is_another_page(ds):
    """The companies are the comparison's columns, in the order asked: never one cached page for both orders."""
    first = await ds.client.get("/-/prep/compare?company=openai&company=anthropic")
    second = await ds.client.get("/-/prep/compare?company=anthropic&company=openai")
    assert first.status_code == second.status_code == 200
    assert "Compare loops: OpenAI · Anthropic" in first.text and "Compare loops: Anthropic · OpenAI" in second.text
