"""The plugin's Content-Security-Policy in a real Chromium: no page of the registry breaks under it.

Every HTML example of every page (test_hostile_requests.PAGE_EXAMPLES, so new pages are covered) and the
error pages load with no CSP violation and no script error; the plugin's own scripts (files under static/)
run, and so does the inline script Datasette's base.html prints (allowed by its hash): the menu closes on
a click outside it.
"""

from __future__ import annotations

import pytest
from test_http_headers import HTML_URLS

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

ERROR_URLS = ["/-/prep/zzqx-widgets", "/-/questions?page=0", "/-/prep/nope/nope"]


def test_no_page_violates_the_policy_and_every_script_runs(server, browser):
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    try:
        for url in [*HTML_URLS, *ERROR_URLS]:
            before = len(problems)
            response = page.goto(server + url)
            assert response is not None and "script-src 'self'" in response.headers["content-security-policy"], url
            page.wait_for_load_state("load")
            problems[before:] = [f"{url}: {problem}" for problem in problems[before:]]
        violations = [
            problem for problem in problems if "Content Security Policy" in problem or "script error" in problem
        ]
        assert violations == []
        # The plugin's scripts ran: prep.js shows the progress panel of a checklist.
        page.goto(server + "/-/prep/anthropic")
        expect(page.locator("#prep-progress")).to_be_visible()
        # Datasette's inline menu script ran: a click outside the open menu closes it.
        page.click("details.nav-menu > summary")
        assert page.evaluate("document.querySelector('details.nav-menu').open")
        page.mouse.click(5, 400)
        # Polled with locator assertions: wait_for_function's string predicates are eval()ed, which the CSP forbids.
        expect(page.locator("details.nav-menu[open]")).to_have_count(0)
    finally:
        context.close()
