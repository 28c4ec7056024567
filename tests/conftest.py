from __future__ import annotations

import os
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from datasette.app import Datasette

from datasette_interview_prep.build.database import build_database
from datasette_interview_prep.build.load import load_data

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
# Beside the checkout (../shared); a worktree elsewhere can point at it with FIELD_GUIDE=...
FIELD_GUIDE = Path(os.environ.get("FIELD_GUIDE") or ROOT.parent / "shared" / "field-guide")

# Whole modules that take seconds (property-based, hostile-request tables, whole-process and browser
# runs): `pytest -m "not slow"` leaves them out for a quick inner loop.
SLOW_MODULES = frozenset({"test_fuzz", "test_hostile_requests", "test_benchmarks", "test_browser"})

MakeDatasette = Callable[..., Awaitable[Datasette]]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.stem in SLOW_MODULES or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def db_path(tmp_path_factory) -> Path:
    """interview.db built once per test run from the project's data/."""
    path = tmp_path_factory.mktemp("db") / "interview.db"
    build_database(load_data(DATA_DIR), path)
    return path


async def start_datasette(*paths: Path | str, **options: Any) -> Datasette:
    """A Datasette serving `paths` (plus Datasette's own options), started as `datasette serve` starts it."""
    datasette = Datasette([str(path) for path in paths], **options)
    await datasette.invoke_startup()
    return datasette


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
