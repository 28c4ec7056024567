from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
import pytest_asyncio
from datasette.app import Datasette
from datasettes import start_datasette

from datasette_interview_prep.build.database import build_database
from datasette_interview_prep.build.load import load_data
from datasette_interview_prep.core.discussions import CACHE_ENV_VAR

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
# Beside the checkout (../shared); a worktree elsewhere can point at it with FIELD_GUIDE=...
FIELD_GUIDE = Path(os.environ.get("FIELD_GUIDE") or ROOT.parent / "shared" / "field-guide")

# build_db.py loads the user's discussions cache when there is one (build/comments.py): the tests, and the
# scripts they start, build from data/ alone. A folder that does not exist: no comments table.
os.environ[CACHE_ENV_VAR] = str(Path(tempfile.gettempdir()) / f"no-discussions-cache-{os.getpid()}")

# Whole modules that take seconds (property-based, hostile-request tables, whole-process and browser
# runs), browser tests and the tests that read ../shared/field-guide: `pytest -m "not slow"` leaves them
# out for a quick inner loop.
SLOW_MODULES = frozenset({"test_fuzz", "test_hostile_requests", "test_benchmarks", "test_browser"})

MakeDatasette = Callable[..., Awaitable[Datasette]]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if (
            item.path.stem in SLOW_MODULES
            or item.get_closest_marker("browser")
            or item.get_closest_marker("field_guide")
        ):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def db_path(tmp_path_factory) -> Path:
    """interview.db built once per test run from the project's data/."""
    path = tmp_path_factory.mktemp("db") / "interview.db"
    build_database(load_data(DATA_DIR), path)
    return path


@pytest.fixture
def make_datasette() -> MakeDatasette:
    """`await make_datasette(path, settings={...})`: a started Datasette for any database files."""
    return start_datasette


@pytest_asyncio.fixture(scope="session")
async def ds(db_path) -> Datasette:
    return await start_datasette(db_path)


@pytest_asyncio.fixture
async def renamed_copy(db_path, tmp_path) -> Datasette:
    """The same database served as /my-copy: the plugin must not depend on the file name."""
    copy = tmp_path / "my-copy.db"
    shutil.copy(db_path, copy)
    return await start_datasette(copy)


@pytest.fixture
def field_guide() -> Path:
    """../shared/field-guide, or a skip when this checkout has none beside it."""
    if not FIELD_GUIDE.is_dir():
        pytest.skip("../shared/field-guide is not present")
    return FIELD_GUIDE


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SERVER_START_LIMIT = 60  # seconds to wait for `datasette` to answer before giving up


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(db_path, tmp_path_factory):
    """`datasette interview.db` on 127.0.0.1:<free port>; its base URL. Stopped at the end, whatever happens."""
    port = _free_port()
    log = (tmp_path_factory.mktemp("server") / "datasette.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db_path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_LIMIT
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"datasette exited with {process.returncode}:\n{log.read()}")
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"datasette did not answer on port {port}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, or a skip when either is missing.

    Per module, not per session: Playwright's sync API keeps an event loop running
    while it is open, and the asyncio tests of the next modules need the loop free."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
