"""The practice loop in Chromium: a run driven from the keyboard (start, the countdown ticks, reveal, grade with
the vendored FSRS), a reload that keeps the state, the notes exported as Markdown, the review on the today
view, the checklist page's export carrying the reviews, an import keeping the later review; and axe-core
on the new pages at 1280 and 390 px."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from test_pages_browser import DESKTOP, PHONE, _axe, _plugin_violations

pytestmark = pytest.mark.browser

TOMORROW = (date.today() + timedelta(days=1)).isoformat()
TODAY = date.today().isoformat()
# The interview is tomorrow: whatever FSRS says, a review is due today (the day before it at the latest).
PRACTICE = f"/-/prep/openai/practice?seed=browser&date={TOMORROW}"
NEW_PAGES = [
    "/-/questions/xai-lru-cache",
    "/-/questions/openai-design-playground",
    "/-/prep/openai/practice?seed=abc",
    "/-/prep/openai/today",
    f"/-/prep/openai/today?date={(date.today() + timedelta(days=12)).isoformat()}&hours=6",
]
ERROR_PAGES = ["/-/questions/no-such-question", "/-/prep/no-such-company/practice"]


def _active(page) -> dict:
    return page.evaluate(
        "() => ({cls: document.activeElement.className, id: document.activeElement.id,"
        " text: document.activeElement.textContent.trim(), rating: document.activeElement.getAttribute('data-rating')})"
    )


def _tab_to(page, matches, limit: int = 40) -> dict:
    """Press Tab until the focused element matches; fail if it never does (the control is not reachable)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = _active(page)
        if matches(active):
            return active
    pytest.fail("not reachable with Tab")


def _visible_round(page):
    return page.locator(".practice-round:not([hidden])")


def test_a_practice_run_from_the_keyboard_keeps_its_state_and_reaches_today_and_the_export(server, browser):
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(server + PRACTICE)
        assert page.locator(".practice-round:not([hidden])").count() == 0, "questions stay hidden until the start"
        _tab_to(page, lambda active: active["id"] == "practice-start")
        page.keyboard.press("Enter")
        first = _visible_round(page)
        assert first.count() == 1
        question_id = first.get_attribute("data-question-id")
        assert "practice-round-heading" in _active(page)["cls"], "focus moves to the round's heading"
        clock = first.locator(".practice-clock")
        started = clock.text_content()
        page.wait_for_timeout(2200)
        assert clock.text_content() != started, "the countdown ticks"
        minutes = int(first.get_attribute("data-minutes"))
        assert started in (f"{minutes}:00", f"{minutes - 1}:59")
        assert first.locator(".practice-outline").is_hidden(), "the outline is not shown before the reveal"

        _tab_to(page, lambda active: "practice-notes" in active["cls"])
        page.keyboard.type("Hash map plus a linked list.")
        _tab_to(page, lambda active: "practice-reveal" in active["cls"])
        page.keyboard.press("Enter")
        assert first.locator(".practice-outline").is_visible()
        assert first.locator(".practice-outline").evaluate("element => element.open")
        assert "practice-outline-body" in _active(page)["cls"], "focus moves to the revealed outline"
        assert (
            "Outline written for this project, not from the sources"
            in first.locator(".practice-outline").text_content()
        )
        _tab_to(page, lambda active: active["rating"] == "good")
        page.keyboard.press("Enter")
        assert f"it comes back on {TODAY}" in page.locator("#practice-status").text_content()
        second = _visible_round(page)
        assert second.get_attribute("data-question-id") != question_id
        assert "practice-round-heading" in _active(page)["cls"]

        review = page.evaluate(f"() => InterviewPrepStore.section('reviews').read()[{json.dumps(question_id)}]")
        assert (review["rating"], review["due"], review["company"]) == ("good", TODAY, "openai")
        # FSRS's own due date (days away for a first "good") is kept; the cap only moved the due day.
        assert review["fsrs_due"][:10] > TODAY and review["card"]["reps"] == 1

        page.reload()
        assert "1 of" in page.locator("#practice-status").text_content()
        assert page.locator("#practice-start").text_content() == "Continue the run"
        page.locator("#practice-start").click()
        assert _visible_round(page).get_attribute("data-question-id") == second.get_attribute("data-question-id")
        notes = page.evaluate(f"() => InterviewPrepStore.section('practice-notes').read()[{json.dumps(question_id)}]")
        assert notes["text"] == "Hash map plus a linked list." and notes["seed"] == "browser"

        with page.expect_download() as download_info:
            page.locator("#practice-notes-export").click()
        download = download_info.value
        assert download.suggested_filename == "openai-practice-browser.md"
        exported = Path(download.path()).read_text("utf-8")
        assert "Hash map plus a linked list." in exported and f"next review {TODAY}" in exported

        page.goto(server + "/-/prep/openai/today")
        reviews = page.locator("#today-reviews li")
        assert reviews.count() == 1
        assert review["question"] in reviews.first.text_content()
        link = reviews.first.locator("a").get_attribute("href")
        assert link == f"/-/questions/{question_id}"
        assert "1 question is due" in page.locator("#today-reviews-status").text_content()

        page.goto(server + "/-/prep/openai")
        with page.expect_download() as download_info:
            page.locator("#prep-progress-export").click()
        backup = json.loads(Path(download_info.value.path()).read_text("utf-8"))
        assert backup["sections"]["reviews"][question_id]["due"] == TODAY
        assert question_id in backup["sections"]["practice-notes"]

        # An import keeps the later review of each question (reviews.js registers the merge on this page too).
        older = {**review, "graded_at": "2001-01-01T00:00:00.000Z", "rating": "again"}
        newer = {**review, "graded_at": "2999-01-01T00:00:00.000Z", "rating": "easy"}
        imports = [
            page.evaluate(
                "([id, value]) => InterviewPrepStore.importData({format: InterviewPrepStore.format, version: 2,"
                " ticks: {}, sections: {reviews: {[id]: value}}}).sections.reviews",
                [question_id, value],
            )
            for value in (older, newer)
        ]
        assert imports == [0, 1]
        kept = page.evaluate(f"() => InterviewPrepStore.section('reviews').read()[{json.dumps(question_id)}].rating")
        assert kept == "easy"
    finally:
        context.close()


def test_the_pages_read_without_javascript(server, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + "/-/prep/openai/practice?seed=abc")
        rounds = page.locator(".practice-round[data-question-id]")
        assert rounds.count() > 1 and rounds.first.is_visible()
        assert page.locator(".practice-controls").first.is_hidden()
        details = page.locator("details.practice-outline").first
        assert not details.evaluate("element => element.open")
        details.locator("summary").click()
        assert details.locator(".qo-points li").first.is_visible()
        page.goto(server + "/-/prep/openai/today")
        assert "turn it on to see them" in page.locator("#main").text_content()
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_axe_finds_no_serious_violation_on_the_new_pages(server, browser, viewport):
    axe = _axe()
    context = browser.new_context(viewport=viewport)
    problems = {}
    try:
        page = context.new_page()
        for path in NEW_PAGES + ERROR_PAGES:
            page.goto(server + path)
            page.evaluate("document.querySelectorAll('navigation-search').forEach(element => element.remove())")
            if path in NEW_PAGES and "/practice" in path:  # the run as it is mid-round, with the outline revealed
                page.locator("#practice-start").click()
                page.locator(".practice-round:not([hidden]) .practice-reveal").click()
            violations = _plugin_violations(axe.run(page).response)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                violations.append(f"scrolls sideways: {width} px")
            if violations:
                problems[path] = violations
    finally:
        context.close()
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())
