from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import pytest_asyncio
from datasette.app import Datasette

from datasette_interview_prep.build.database import build_database
from datasette_interview_prep.build.load import load_data

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
# Beside the checkout (../shared); a worktree elsewhere can point at it with FIELD_GUIDE=...
FIELD_GUIDE = Path(os.environ.get("FIELD_GUIDE") or ROOT.parent / "shared" / "field-guide")


@pytest.fixture(scope="session")
def db_path(tmp_path_factory) -> Path:
    """interview.db built once per test run from the project's data/."""
    path = tmp_path_factory.mktemp("db") / "interview.db"
    build_database(load_data(DATA_DIR), path)
    return path


@pytest_asyncio.fixture(scope="session")
async def ds(db_path) -> Datasette:
    datasette = Datasette([str(db_path)])
    await datasette.invoke_startup()
    return datasette


@pytest_asyncio.fixture
async def renamed_copy(db_path, tmp_path) -> Datasette:
    """The same database served as /my-copy: the plugin must not depend on the file name."""
    copy = tmp_path / "my-copy.db"
    shutil.copy(db_path, copy)
    datasette = Datasette([str(copy)])
    await datasette.invoke_startup()
    return datasette


@pytest.fixture
def field_guide() -> Path:
    """../shared/field-guide, or a skip when this checkout has none beside it."""
    if not FIELD_GUIDE.is_dir():
        pytest.skip("../shared/field-guide is not present")
    return FIELD_GUIDE
