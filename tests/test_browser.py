"""What only a browser shows: ticks kept in localStorage across a reload, and their export and import.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against a real
`datasette` server started on a free port; skipped when either is missing.
`UPDATE_SCREENSHOT=1 pytest tests/test_browser.py` also rewrites docs/screenshot.png
for the README (never by default, so a test run leaves the tree clean).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "screenshot.png"


def _progress_text(page) -> str:
    return page.locator("#prep-progress-count").inner_text()


def test_ticks_survive_a_reload_and_the_bar_counts_them(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    try:
        page = context.new_page()
        page.goto(f"{server}/-/prep/anthropic?weeks=2&hours=6")
        page.locator("#prep-progress").wait_for(state="visible")
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
        key = page.locator("[data-checklist-key]").first.get_attribute("data-checklist-key")
        boxes = page.locator("input.prep-item")
        ticked = [boxes.nth(i).get_attribute("data-item-id") for i in (1, 2, 4)]
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
    assert data["format"] == "datasette-interview-prep/progress" and sorted(data["checklists"][key]) == sorted(ticked)

    fresh = browser.new_context()  # another browser: nothing in its localStorage
    try:
        page = fresh.new_page()
        page.goto(f"{server}/-/prep/xbow")
        page.locator("#prep-progress").wait_for(state="visible")
        total = page.locator("input.prep-item").count()
        assert _progress_text(page) == f"0 of {total} done"
        page.locator("#prep-progress-import").set_input_files(str(exported))
        page.wait_for_function("document.getElementById('prep-progress-message').textContent.length > 0")
        assert _progress_text(page) == f"3 of {total} done"
        assert "Imported 3 new ticks" in page.locator("#prep-progress-message").inner_text()
        page.reload()
        page.locator("#prep-progress").wait_for(state="visible")
        assert _progress_text(page) == f"3 of {total} done"
        not_progress = tmp_path / "other.json"
        not_progress.write_text('{"hello": "world"}')
        page.locator("#prep-progress-import").set_input_files(str(not_progress))
        page.wait_for_function(
            "document.getElementById('prep-progress-message').textContent.includes('not a progress')"
        )
        assert _progress_text(page) == f"3 of {total} done"
    finally:
        fresh.close()
