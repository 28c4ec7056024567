"""What only a browser shows: ticks kept in localStorage across a reload, and their export and import.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against a real
`datasette` server started on a free port; skipped when either is missing.
`UPDATE_SCREENSHOT=1 pytest tests/test_browser.py` also rewrites docs/screenshot.png
for the README (never by default, so a test run leaves the tree clean).
"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "screenshot.png"


def _progress_text(page) -> str:
    return page.locator("#prep-progress-count").inner_text()


def _unfold(page) -> None:
    """Open the folded parts of a checklist (the round types' general prep, evidence), as a visitor would."""
    page.locator("details").evaluate_all("folds => folds.forEach(fold => { fold.open = true; })")


def test_ticks_survive_a_reload_and_the_bar_counts_them(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    try:
        page = context.new_page()
        page.goto(f"{server}/-/prep/anthropic?weeks=2&hours=6")
        page.locator("#prep-progress").wait_for(state="visible")
        _unfold(page)
        boxes = page.locator("input.prep-item")
        total = boxes.count()
        assert total > 2
        assert int(page.locator("#prep-progress").get_attribute("data-total")) == total
        assert _progress_text(page) == f"0 of {total} done"
        boxes.nth(0).check()
        boxes.nth(3).check()
        assert _progress_text(page) == f"2 of {total} done"

        page.reload()
        page.locator("#prep-progress").wait_for(state="visible")
        boxes = page.locator("input.prep-item")
        assert boxes.nth(0).is_checked() and boxes.nth(3).is_checked()
        assert [boxes.nth(i).is_checked() for i in range(total)].count(True) == 2
        assert _progress_text(page) == f"2 of {total} done"
        assert page.locator(".prep-progress-bar").get_attribute("aria-valuenow") == "2"
        assert "the plan has" in page.locator("#prep-progress-pace").inner_text()

        # The same checklist without a plan keeps the ticks and offers the saved plan back.
        page.goto(f"{server}/-/prep/anthropic")
        page.locator("#prep-progress").wait_for(state="visible")
        assert _progress_text(page) == f"2 of {total} done"
        assert page.locator(".prep-plan-saved a").get_attribute("href").startswith("/-/prep/anthropic?")

        if os.environ.get("UPDATE_SCREENSHOT") == "1":
            page.goto(f"{server}/-/prep/anthropic?weeks=2&hours=6")
            page.locator("#prep-progress").wait_for(state="visible")
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
    finally:
        context.close()


def test_progress_exports_and_imports_as_json(server, browser, tmp_path):
    source = browser.new_context()
    try:
        page = source.new_page()
        page.goto(f"{server}/-/prep/xbow")
        page.locator("#prep-progress").wait_for(state="visible")
        _unfold(page)
        boxes = page.locator("input.prep-item")
        ticked = [boxes.nth(i).get_attribute("data-tick") for i in (1, 2, 4)]
        for i in (1, 2, 4):
            boxes.nth(i).check()
        link = page.locator("#prep-progress-export")
        assert link.get_attribute("href").startswith("blob:")
        with page.expect_download() as download_info:
            link.click()
        exported = tmp_path / "progress.json"
        download_info.value.save_as(exported)
    finally:
        source.close()
    data = json.loads(exported.read_text())
    assert data["format"] == "datasette-interview-prep/progress" and data["version"] == 2
    assert sorted(data["ticks"]) == sorted(ticked) and all(tick.startswith("item:") for tick in ticked)

    fresh = browser.new_context()  # another browser: nothing in its localStorage
    try:
        page = fresh.new_page()
        page.goto(f"{server}/-/prep/xbow")
        page.locator("#prep-progress").wait_for(state="visible")
        total = page.locator("input.prep-item").count()
        assert _progress_text(page) == f"0 of {total} done"
        page.locator("#prep-progress-import").set_input_files(str(exported))
        expect(page.locator("#prep-progress-message")).not_to_be_empty()
        assert _progress_text(page) == f"3 of {total} done"
        assert "Imported 3 new ticks" in page.locator("#prep-progress-message").inner_text()
        page.reload()
        page.locator("#prep-progress").wait_for(state="visible")
        assert _progress_text(page) == f"3 of {total} done"
        not_progress = tmp_path / "other.json"
        not_progress.write_text('{"hello": "world"}')
        page.locator("#prep-progress-import").set_input_files(str(not_progress))
        expect(page.locator("#prep-progress-message")).to_contain_text("not a progress")
        assert _progress_text(page) == f"3 of {total} done"
    finally:
        fresh.close()


# Release 0.2.0 kept ticks in one localStorage entry per checklist, ids "<checklist key>:<id>";
# the tests below build such a state from items that are on the page today.


def _legacy_items(server, browser) -> tuple[str, str]:
    """Two prep items of Anthropic's checklist that are really there, to build the stored state from."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{server}/-/prep/anthropic")
        ids = page.locator("input.prep-item").evaluate_all("boxes => boxes.map(box => box.dataset.tick)")
        return ids[0].removeprefix("item:"), ids[1].removeprefix("item:")
    finally:
        context.close()


def test_ticks_saved_by_the_previous_release_are_migrated_and_kept(server, browser):
    first, second = _legacy_items(server, browser)
    state = {
        "datasette-interview-prep:progress:legacy-key": {
            f"legacy-key:{first}": "2026-12-01",
            f"legacy-key:{second}": "2026-12-02",
            "legacy-key:q:some-question": "2026-12-02",
        },
        "datasette-interview-prep:plan:legacy-key": "?weeks=2&hours=6",
    }
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{server}/-/prep")  # same origin, before any store has run
        page.evaluate(
            "state => { for (const [k, v] of Object.entries(state)) localStorage.setItem(k, typeof v === 'string' ? v : JSON.stringify(v)); }",
            state,
        )
        page.goto(f"{server}/-/prep/anthropic")
        page.locator("#prep-progress").wait_for(state="visible")
        total = page.locator("input.prep-item").count()
        assert _progress_text(page) == f"2 of {total} done"
        assert page.locator(f'input[data-tick="item:{first}"]').first.is_checked()
        stored = page.evaluate("() => JSON.parse(localStorage.getItem('datasette-interview-prep:ticks'))")
        assert stored == {
            f"item:{first}": "2026-12-01",
            f"item:{second}": "2026-12-02",
            "question:some-question": "2026-12-02",
        }
        # The old entries stay where they were: nothing a user saved is dropped.
        legacy = page.evaluate("() => localStorage.getItem('datasette-interview-prep:progress:legacy-key')")
        assert json.loads(legacy)[f"legacy-key:{first}"] == "2026-12-01"
        # A tick follows the item to any other page that shows it: another loop, compare.
        page.goto(f"{server}/-/prep/compare?company=anthropic&company=openai")
        page.locator("#prep-progress").wait_for(state="visible")
        assert page.locator(f'input[data-tick="item:{first}"]').first.is_checked()
    finally:
        context.close()


def test_an_export_from_the_previous_release_imports(server, browser, tmp_path):
    first, second = _legacy_items(server, browser)
    exported = tmp_path / "old-progress.json"
    exported.write_text(
        json.dumps(
            {
                "format": "datasette-interview-prep/progress",
                "version": 1,
                "exported_at": "2026-12-06T10:00:00Z",
                "checklists": {
                    "anthropic-2": {f"anthropic-2:{first}": "2026-12-01", f"anthropic-2:{second}": "2026-12-01"}
                },
            }
        )
    )
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{server}/-/prep/anthropic")
        page.locator("#prep-progress").wait_for(state="visible")
        total = page.locator("input.prep-item").count()
        page.locator("#prep-progress-import").set_input_files(str(exported))
        expect(page.locator("#prep-progress-message")).not_to_be_empty()
        assert "Imported 2 new ticks" in page.locator("#prep-progress-message").inner_text()
        assert _progress_text(page) == f"2 of {total} done"
    finally:
        context.close()


def test_saved_sections_travel_in_the_same_export(server, browser, tmp_path):
    """What other pages keep (reviews, notes) is exported from any checklist and imported back."""
    source = browser.new_context()
    try:
        page = source.new_page()
        page.goto(f"{server}/-/prep/xbow")
        page.locator("#prep-progress").wait_for(state="visible")
        page.evaluate("() => InterviewPrepStore.section('notes').write({'some-question': 'my answer'})")
        _unfold(page)
        page.locator("input.prep-item").first.check()
        with page.expect_download() as download_info:
            page.locator("#prep-progress-export").click()
        exported = tmp_path / "progress.json"
        download_info.value.save_as(exported)
    finally:
        source.close()
    assert json.loads(exported.read_text())["sections"] == {"notes": {"some-question": "my answer"}}
    fresh = browser.new_context()
    try:
        page = fresh.new_page()
        page.goto(f"{server}/-/prep/xbow")
        page.locator("#prep-progress").wait_for(state="visible")
        page.locator("#prep-progress-import").set_input_files(str(exported))
        expect(page.locator("#prep-progress-message")).not_to_be_empty()
        assert "Imported 1 new tick and 1 other saved entry" in page.locator("#prep-progress-message").inner_text()
        assert page.evaluate("() => InterviewPrepStore.section('notes').read()") == {"some-question": "my answer"}
    finally:
        fresh.close()


def test_a_crash_plan_opens_on_today_and_its_tasks_lead_to_their_checkboxes(server, browser):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    context = browser.new_context(viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{server}/-/prep/openai?date={tomorrow}&hours=8&per=total")
        page.locator("#prep-progress").wait_for(state="visible")
        today = page.locator(".prep-plan-day.prep-plan-today")
        assert today.count() == 1 and today.locator("details").first.get_attribute("open") is not None
        link = today.locator(".prep-plan-kind-questions .prep-plan-tasks a").first
        target = link.get_attribute("href")
        assert target.startswith("#item-")
        link.click()
        box = page.locator(f'[id="{target[1:]}"]')
        assert box.get_attribute("data-tick").startswith("question:") and box.is_visible()
        assert "the plan has" in page.locator("#prep-progress-pace").inner_text()
    finally:
        context.close()
