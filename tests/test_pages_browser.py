"""What a first-time visitor meets on the plugin's pages, checked in a real Chromium.

- axe-core (the copy shipped by axe-playwright-python) on every kind of plugin
  page, at 1280 and 390 px: no serious or critical violation from the plugin's own
  markup, every page has one main landmark and nothing outside landmarks;
- the W3C Nu validator (vnu.jar, from the npm package vnu-jar; .ci/run installs it)
  on the same pages: no error and no warning but what Datasette's own base.html
  causes (CORE_NU_MESSAGES, by line);
- both over every page of web/registry.py PAGES, through the examples that
  test_hostile_requests.PAGE_EXAMPLES keys by page: a page added without an example
  fails here;
- at a 390 px viewport, no page scrolls sideways;
- a bounded crawl from the entry pages over 127.0.0.1 finds no link to a page
  that answers 4xx and no `#fragment` that names no element of its page.

`UPDATE_SCREENSHOTS=1` also rewrites the docs/ screenshots (1280 and 390 px).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

import datasette.version
import pytest
from test_hostile_requests import PAGE_EXAMPLES

from datasette_interview_prep.web import registry

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[1] / "docs"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
DESKTOP_TALL = {"width": 1280, "height": 1400}
# Rules whose only failing markup is Datasette's own base.html, not the plugin's.
CORE_RULES = {"html-has-lang": "Datasette 0.65's base.html has no lang attribute"}
# What Nu reports on the plugin's pages that comes from Datasette's own base.html, by line and message start.
# 1.0a41's base.html says <html lang="en">; 0.65's says <html>, so Nu suggests a lang (two warnings).
CORE_NU_MESSAGES = {
    "0.65": (
        "Consider adding a “lang” attribute to the “html” start tag",
        "This document appears to be written in English. Consider adding “lang=",
    ),
    "1.0": (),
}
VNU_JAR = Path(os.environ.get("VNU_JAR") or "/opt/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
# Landmark rules are "moderate" in axe, but the issue asks for them on every page.
ALWAYS_REPORTED = {"region", "landmark-one-main", "aria-prohibited-attr", "nested-interactive"}
CRAWL_MAX_PAGES = 6000
CRAWL_MAX_SECONDS = 240
CRAWL_WORKERS = 4
PLUGIN_PATHS = ("/-/prep", "/-/interview-stats")
# Where visitors come from: the entry pages and the tables whose cells link to checklists.
ENTRY_PAGES = ("/", "/interview", "/interview/sources?_size=max", "/interview/steps?_size=max", "/interview/processes")


def _plan_date(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


# One of every kind of plugin page, each with the states a visitor can reach.
PAGES = [
    "/-/prep",
    "/-/prep?q=stripe",
    "/-/prep?loop=typical",
    "/-/prep?rounds=recruiter_screen,coding,take_home&company=Acme",
    "/-/prep/anthropic",
    "/-/prep/anthropic?process=anthropic-2",
    "/-/prep/openai",
    "/-/prep/openai?level=L5%2FStaff",
    f"/-/prep/openai?date={_plan_date(21)}&hours=8",
    "/-/prep/scale-ai",
    "/-/prep/cohere",
    f"/-/prep/anthropic?date={_plan_date(12)}&hours=6",
    f"/-/prep/anthropic?date={_plan_date(45)}&hours=6",
    f"/-/prep/openai?date={_plan_date(1)}&hours=8&per=total",
    f"/-/prep/openai/today?date={_plan_date(1)}&hours=8&per=total",  # the questions and mock sessions' lists
    "/-/prep/xbow",
    "/-/prep/google-deepmind",
    "/-/prep/bjak",
    "/-/prep/big-tech",
    "/-/prep/meta",
    "/-/prep/stripe",
    "/-/prep/compare",
    "/-/prep/compare?company=openai&company=anthropic&company=xai",
    "/-/interview-stats",
    "/-/questions",
    "/-/questions?company=openai&round_type=system_design",
    "/-/questions?company=stripe",
    "/-/search?q=lru+cache",
    "/-/search?q=take-home&kind=sources",
]
# Pages that answer 4xx on purpose: checked for accessibility and width, never linked.
ERROR_PAGES = [
    "/-/prep/zzqx-widgets",
    "/-/prep/compare?company=openai",
    "/-/prep/anthropic?date=2001-01-01&hours=6",
    "/-/questions?company=zzqx",
]


def _html_examples(page: registry.Page) -> list[str]:
    """The addresses PAGE_EXAMPLES gives for `page` that answer HTML (no extension, no ?format=)."""
    return [
        path + (f"?{urlencode(params, doseq=True)}" if params else "")
        for path, params in PAGE_EXAMPLES.get(page.name, [])
        if "." not in path.rsplit("/", 1)[-1] and "format" not in params
    ]


# Every page of the registry, through its examples, then the states above: what axe and Nu check.
CHECKED_PAGES = list(dict.fromkeys([*(url for page in registry.PAGES for url in _html_examples(page)), *PAGES]))


def test_every_page_of_the_registry_has_an_html_example():
    """A page added to the registry is checked by axe and Nu once test_hostile_requests has an example of it."""
    missing = [page.name for page in registry.PAGES if not _html_examples(page)]
    assert not missing, f"pages with no HTML example in test_hostile_requests.PAGE_EXAMPLES: {missing}"


def _axe():
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    return axe.Axe()


def _plugin_violations(response: dict) -> list[str]:
    found = []
    for violation in response["violations"]:
        if violation["id"] in CORE_RULES:
            continue
        if violation["impact"] in ("serious", "critical") or violation["id"] in ALWAYS_REPORTED:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes): {targets}")
    return found


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_axe_finds_no_serious_violation_on_any_plugin_page(server, browser, viewport):
    axe = _axe()
    context = browser.new_context(viewport=viewport)
    problems = {}
    try:
        page = context.new_page()
        for path in CHECKED_PAGES + ERROR_PAGES:
            page.goto(server + path)
            # Datasette 1.0a's own <navigation-search> component makes axe-core 4.x throw; it is core's, not ours.
            page.evaluate("document.querySelectorAll('navigation-search').forEach(element => element.remove())")
            violations = _plugin_violations(axe.run(page).response)
            if violations:
                problems[path] = violations
    finally:
        context.close()
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())


def test_axe_finds_no_serious_violation_in_the_home_page_picker(server, browser):
    """On 1.0a the plugin's part of / (top_homepage); the rest of / is Datasette's own page."""
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server + "/")
        if not page.locator(".prep-home").count():
            pytest.skip("Datasette 0.65 has no top_homepage hook: / keeps the description links")
        page.evaluate("document.querySelectorAll('navigation-search').forEach(element => element.remove())")
        response = _axe().run(page, context={"include": [[".prep-home"]]}).response
        problems = [v for v in _plugin_violations(response) if v.split(" ")[0] not in ("region", "landmark-one-main")]
        assert not problems, problems
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_the_home_picker_leads_to_the_checklist_with_a_plan(server, browser):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server + "/")
        if not page.locator(".prep-home").count():
            pytest.skip("Datasette 0.65 has no top_homepage hook")
        page.locator("#prep-home-company").fill("open ai")
        page.locator("#prep-home-date").fill(_plan_date(21))
        page.locator("#prep-home-hours").fill("8")
        page.locator(".prep-home-form button").click()
        page.wait_for_url("**/-/prep/openai?*")
        assert page.url.endswith(f"/-/prep/openai?date={_plan_date(21)}&hours=8#plan")
        assert page.locator(".prep-plan-table, .prep-plan-heading").count() > 0
    finally:
        context.close()


def test_a_tick_on_the_question_bank_shows_on_the_company_page_and_folds_open(server, browser):
    """One store: a question ticked on /-/questions is ticked on its company's checklist; the general
    material of a round is folded and opens on request, its checkboxes kept in the same store."""
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server + "/-/questions?company=openai")
        box = page.locator("input.qb-tick").first
        tick = box.get_attribute("data-tick")
        box.check()
        page.goto(server + "/-/prep/openai")
        assert page.locator(f'input[data-tick="{tick}"]').first.is_checked()
        general = page.locator("details.prep-general").first
        assert general.locator("input.prep-item").first.is_hidden()
        general.locator("summary").click()
        item = general.locator("input.prep-item").first
        assert item.is_visible()
        item.check()
        # Ticking outside the fold leaves it open (Datasette 0.65 closes every <details> on a click: folds.js).
        page.locator(".prep-round-questions input.prep-question:not(:checked)").first.check()
        assert general.evaluate("fold => fold.open") and item.is_visible()
        page.reload()
        assert page.locator(f'input[data-tick="{item.get_attribute("data-tick")}"]').first.is_checked()
        assert "1 of" in page.locator("#prep-progress-count").inner_text()
        page.goto(server + "/-/questions?company=openai")
        assert page.locator(f'input[data-tick="{tick}"]').is_checked()
    finally:
        context.close()


def _nu_problems(messages: list[dict], line: str) -> list[str]:
    """Nu's errors and warnings, less those CORE_NU_MESSAGES puts down to Datasette's base.html on `line`."""
    core = CORE_NU_MESSAGES[line]
    return [
        f"{message['type']}{'/' + message['subType'] if 'subType' in message else ''} line {message.get('lastLine')}: "
        f"{message['message']}"
        for message in messages
        if (message["type"] == "error" or message.get("subType") == "warning")
        and not message["message"].startswith(core)
    ]


def test_the_nu_validator_finds_no_error_on_any_plugin_page(server, tmp_path):
    """The HTML as served (not the DOM after scripts), all pages in one run of vnu.jar."""
    if not shutil.which("java"):
        pytest.skip("java is not installed (.ci/run installs default-jre-headless)")
    if not VNU_JAR.is_file():
        pytest.skip(f"{VNU_JAR} is missing (.ci/run installs the npm package vnu-jar; or set VNU_JAR)")
    line = "0.65" if datasette.version.__version__.startswith("0.") else "1.0"
    files = {}
    for index, path in enumerate(CHECKED_PAGES + ERROR_PAGES):
        try:
            with urllib.request.urlopen(server + path, timeout=30) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            body = error.read()
        file = tmp_path / f"page-{index}.html"
        file.write_bytes(body)
        files[file.name] = path
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *(str(tmp_path / f) for f in files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    by_page: dict[str, list[dict]] = {}
    for message in json.loads(run.stderr)["messages"]:
        by_page.setdefault(files[message["url"].rsplit("/", 1)[-1]], []).append(message)
    problems = {path: found for path, messages in by_page.items() if (found := _nu_problems(messages, line))}
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())


# Every box of the plugin's that may scroll sideways (overflow-x auto or scroll), whether or not it does at this
# width, that is not a focusable region with a name: a keyboard could not scroll it where it overflows.
# Form fields (a textarea scrolls by default) take focus and their labels name them (axe checks those).
UNREACHABLE_SCROLLERS = """() => [...document.querySelectorAll('#main *')]
  .filter(element => !['TEXTAREA', 'SELECT', 'INPUT'].includes(element.tagName))
  .filter(element => ['auto', 'scroll'].includes(getComputedStyle(element).overflowX))
  .filter(element => !(element.getAttribute('tabindex') === '0' && element.getAttribute('role') === 'region'
    && (element.getAttribute('aria-label') || document.getElementById(element.getAttribute('aria-labelledby') || ''))))
  .map(element => element.outerHTML.slice(0, 120))"""


def test_no_plugin_page_scrolls_sideways_on_a_phone(server, browser):
    """The page is no wider than the phone; what is wider scrolls in a box that takes focus and has a name."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    too_wide = {}
    unreachable = {}
    try:
        page = context.new_page()
        for path in CHECKED_PAGES + ERROR_PAGES:
            page.goto(server + path)
            for details in page.locator("details").all():  # the widest content may be folded away
                details.evaluate("element => element.open = true")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide[path] = width
            if scrollers := page.evaluate(UNREACHABLE_SCROLLERS):
                unreachable[path] = scrollers
    finally:
        context.close()
    assert not too_wide, f"scroll width above {PHONE['width']} px: {too_wide}"
    assert not unreachable, f"scrolling boxes without tabindex=0, role=region and a name: {unreachable}"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])


def _get(url: str) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read().decode("utf-8", "replace")
            return response.status, response.headers.get("Content-Type", ""), body
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), ""


def _is_plugin_page(path: str) -> bool:
    return path.startswith(PLUGIN_PATHS) and not re.search(r"\.(json|md|ics)$", path)


def test_crawl_finds_no_dead_link_from_the_plugin_pages(server):
    """Every link on a plugin page answers below 400 and every #fragment exists; plugin pages are followed.

    Breadth first, a few requests at a time, bounded by CRAWL_MAX_PAGES URLs and CRAWL_MAX_SECONDS; a crawl
    cut short by either bound fails rather than pass on what it did not see."""
    origin = urlsplit(server).netloc
    start = [server + path for path in (*ENTRY_PAGES, *PAGES)]
    seen: set[str] = set(start)
    checked: dict[str, int] = {}
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str, str]] = []  # (page that links, target page, fragment)
    frontier = list(start)
    deadline = time.monotonic() + CRAWL_MAX_SECONDS
    with ThreadPoolExecutor(max_workers=CRAWL_WORKERS) as pool:
        while frontier and len(checked) < CRAWL_MAX_PAGES and time.monotonic() < deadline:
            batch, frontier = frontier[: CRAWL_MAX_PAGES - len(checked)], []
            for url, (status, content_type, body) in zip(batch, pool.map(_get, batch)):
                checked[url] = status
                if not (_is_plugin_page(urlsplit(url).path) or url in start) or "html" not in content_type:
                    continue
                parser = _Links()
                parser.feed(body)
                ids[url] = parser.ids
                for href in parser.hrefs:
                    target, fragment = urldefrag(urljoin(url, href))
                    parts = urlsplit(target)
                    if parts.scheme not in ("http", "https") or parts.netloc != origin:
                        continue  # only 127.0.0.1 is crawled
                    links.append((url, target, fragment))
                    if target not in seen:
                        seen.add(target)
                        frontier.append(target)
    assert not frontier, f"the crawl stopped after {len(checked)} URLs; {len(frontier)} left unchecked"
    assert checked[server + "/-/prep"] == 200 and len(checked) > len(start)
    dead = {f"{page} -> {target}: {checked[target]}" for page, target, _ in links if checked.get(target, 0) >= 400}
    dead |= {f"-> {url}: {status}" for url, status in checked.items() if status >= 400}
    dead |= {
        f"{page} -> {target}#{fragment}: no such id"
        for page, target, fragment in links
        if fragment and target in ids and fragment not in ids[target]
    }
    assert not dead, f"{len(dead)} dead links among {len(checked)} URLs checked:\n" + "\n".join(sorted(dead))


def test_entry_pages_link_the_plugin_pages_outside_the_menu(server, browser):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        for path in ("/", "/interview"):
            page.goto(server + path)
            visible = page.locator("section.content a:visible")
            hrefs = {visible.nth(i).get_attribute("href") for i in range(visible.count())}
            assert {"/-/prep", "/-/interview-stats"} <= hrefs, path
    finally:
        context.close()


def test_typing_a_company_with_no_loop_offers_the_form_with_its_name(server, browser):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server + "/-/prep")
        no_match, company = page.locator("#prep-no-match"), page.locator("#prep-build-company")
        assert no_match.is_hidden()
        page.locator("#prep-company-filter").fill("Stripe")  # no Enter: as it is typed
        assert no_match.is_visible() and company.input_value() == "Stripe"
        assert page.locator("#prep-companies-wrap").is_hidden()  # no empty table over the offer
        assert page.locator("#prep-no-match-name").inner_text() == "Stripe"
        assert page.locator("#prep-no-match-mentioned-link").get_attribute("href") == "/-/prep/stripe"
        page.locator("#prep-company-filter").fill("open ai")
        assert no_match.is_hidden() and company.input_value() == ""
        assert page.locator("#prep-companies a:visible", has_text="OpenAI").count() == 1
        company.fill("Acme")  # what the visitor writes in the form is kept
        page.locator("#prep-company-filter").fill("Zzqx")
        assert no_match.is_visible() and company.input_value() == "Acme"
        assert page.locator("#prep-no-match-mentioned").is_hidden()
    finally:
        context.close()


@pytest.mark.skipif(os.environ.get("UPDATE_SCREENSHOTS") != "1", reason="set UPDATE_SCREENSHOTS=1 to rewrite docs/")
def test_update_screenshots(server, browser):
    """docs/{page}-{width}.png: a plan on the Anthropic checklist and the statistics, on a desktop and a phone."""
    plan = f"/-/prep/anthropic?date={_plan_date(20)}&hours=6"
    shots = {
        ("prep-anthropic-plan", "1280"): (DESKTOP_TALL, plan),
        ("prep-anthropic-plan", "390"): (PHONE, plan + "#plan"),
        ("interview-stats", "1280"): (DESKTOP_TALL, "/-/interview-stats"),
        ("interview-stats", "390"): (PHONE, "/-/interview-stats#figures"),
    }
    for (name, width), (viewport, path) in shots.items():
        context = browser.new_context(viewport=viewport)
        try:
            page = context.new_page()
            page.goto(server + path)
            page.screenshot(path=str(DOCS / f"{name}-{width}.png"))
        finally:
            context.close()
