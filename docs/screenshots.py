"""Retake the README's screenshots (docs/*-1280.png, docs/*-390.png and the hero docs/screenshot.png).

Run from the repository root, after `python build_db.py`, with the Datasette you want pictured installed:

    python docs/screenshots.py [--db interview.db] [--out docs] [--chromium /usr/bin/chromium]

It serves the database with `datasette -i` on a free port, drives Chromium with Playwright at 1280 and 390 px,
and squeezes each PNG with pngquant and optipng when they are installed. Dates in the addresses are computed
from today, so the plans always look ahead.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import FloatRect, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
WIDTHS = {1280: 900, 390: 844}  # viewport width: its height
SCREENS = {1280: 2, 390: 3}  # how many screens of a long page a shot keeps


@dataclass(frozen=True)
class Shot:
    name: str  # docs/{name}-{width}.png
    path: str
    act: Callable[[Page], None] | None = None  # what a visitor does before the shot
    full: bool = False  # keep the whole page, however long


def _type_a_note(page: Page) -> None:
    page.locator("#practice-start").click()
    round_ = page.locator(".practice-round:not([hidden])").first
    round_.locator(".practice-notes").fill(
        "State first: what is stored, what each call changes. Then the edge cases, tested."
    )


def _reveal(page: Page) -> None:
    _type_a_note(page)
    page.locator(".practice-round:not([hidden]) .practice-reveal").first.click()
    page.locator(".practice-round:not([hidden]) .practice-outline").first.wait_for(state="visible")


def _grade_again(page: Page) -> None:
    """Leave one review due today in the browser, so the today view has something to list."""
    page.locator(".practice-round:not([hidden]) [data-rating='again']").first.click()


def shots(today: date) -> list[Shot]:
    plan = (today + timedelta(days=21)).isoformat()
    crash = (today + timedelta(days=1)).isoformat()
    return [
        Shot("prep-anthropic", "/-/prep/anthropic"),
        Shot("prep-openai-plan", f"/-/prep/openai?date={plan}&hours=8"),
        Shot("prep-openai-crash", f"/-/prep/openai?date={crash}&hours=8"),
        Shot("question-xai-lru-cache", "/-/questions/xai-lru-cache"),
        Shot("practice-openai-round", "/-/prep/openai/practice?seed=1", _type_a_note),
        Shot("practice-openai-outline", "/-/prep/openai/practice?seed=1", _reveal),
        Shot("today-openai", f"/-/prep/openai/today?date={plan}&hours=8"),
        Shot("search-lru-cache", "/-/search?q=lru+cache"),
        Shot("interview-stats", "/-/interview-stats"),
        Shot("compare-openai-anthropic", "/-/prep/compare?company=openai&company=anthropic"),
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(db: Path) -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "datasette", "-i", str(db), "-p", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "/-/versions.json", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"datasette did not answer on {url}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def _squeeze(png: Path) -> None:
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--ext", ".png", "--quality", "70-95", str(png)])
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", str(png)], check=True)


# Elements whose right edge passes the viewport (text off screen on a phone), named by tag, id and class.
OVERFLOW = """width => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
  .filter(el => !el.closest('details:not([open]), [hidden]'))
  .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string'
    ? '.' + el.className.trim().split(/\\s+/).join('.') : ''))
  .slice(0, 8)"""


def take(url: str, out: Path, chromium: str, today: date) -> list[Path]:
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for width, height in WIDTHS.items():
                # One context a width: the practice run's grade is what the today view then lists.
                context = browser.new_context(viewport={"width": width, "height": height})
                try:
                    page = context.new_page()
                    for shot in shots(today):
                        page.goto(url + shot.path)
                        page.wait_for_load_state("networkidle")
                        if shot.act:
                            shot.act(page)
                        page.mouse.move(0, 0)  # no hover colour where the last click was
                        page.evaluate("window.scrollTo(0, 0)")
                        target = out / f"{shot.name}-{width}.png"
                        tall = page.evaluate("document.documentElement.scrollHeight")
                        keep = tall if shot.full else min(tall, height * SCREENS[width])
                        clip: FloatRect = {"x": 0, "y": 0, "width": width, "height": keep}
                        page.screenshot(path=str(target), full_page=True, clip=clip)
                        wide = page.evaluate(OVERFLOW, width)
                        if wide:
                            print(f"{target.name}: wider than {width} px: {', '.join(wide)}", file=sys.stderr)
                        if shot.name == "practice-openai-outline":
                            _grade_again(page)
                        written.append(target)
                        if shot.name == "prep-anthropic" and width == 1280:
                            hero = out / "screenshot.png"
                            page.screenshot(path=str(hero))
                            written.append(hero)
                finally:
                    context.close()
        finally:
            browser.close()
    for png in written:
        _squeeze(png)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, default=ROOT / "interview.db")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    with serve(args.db) as url:
        for png in take(url, args.out, args.chromium, date.today()):
            print(f"{png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}: {png.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
