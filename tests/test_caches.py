"""Every per-file cache is bounded: an LRU by entries and by bytes."""

from __future__ import annotations

from datasette_interview_prep.web import state
from datasette_interview_prep.web.cache import BoundedCache
from datasette_interview_prep.web.interview_db import interview_database, page_cache, shared_cache


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
