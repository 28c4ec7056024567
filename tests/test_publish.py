"""`datasette publish fly --generate-dir` (offline: no flyctl, no network) packs the database, the plugin and the settings.

Cloud Run has no offline mode (it calls gcloud to build), so Fly's generator
is the one a test can run. The plugin goes in as a wheel: `--static` copies
its folder into the image's build directory, where `--install` finds it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT

pytest.importorskip("datasette_publish_fly")

SETTINGS = {"suggest_facets": "off", "sql_time_limit_ms": "1000", "default_allow_sql": "off"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """This checkout as a wheel (pip, offline: no dependencies are fetched)."""
    folder = tmp_path_factory.mktemp("dist")
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources.
    source = tmp_path_factory.mktemp("source") / "project"
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".git", "build", "*.egg-info", "*.db", "benchmarks", "tests")
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("datasette_interview_prep-*.whl")
    return built


def test_fly_generate_dir_holds_the_database_the_plugin_and_the_settings(db_path, wheel, tmp_path):
    from datasette.cli import cli

    database = tmp_path / "interview.db"
    shutil.copy(db_path, database)
    out = tmp_path / "fly"
    arguments = ["publish", "fly", str(database), "--app", "interview-prep", "--generate-dir", str(out)]
    arguments += ["--static", f"dist:{wheel.parent}", "--install", f"/app/dist/{wheel.name}"]
    for name, value in SETTINGS.items():
        arguments += ["--setting", name, value]
    result = CliRunner().invoke(cli, arguments, catch_exceptions=False)
    assert result.exit_code == 0, result.output

    assert (out / "interview.db").read_bytes() == database.read_bytes()
    assert (out / "dist" / wheel.name).read_bytes() == wheel.read_bytes()
    dockerfile = (out / "Dockerfile").read_text()
    install = next(line for line in dockerfile.splitlines() if line.startswith("RUN pip install"))
    assert f"/app/dist/{wheel.name}" in install
    command = next(line for line in dockerfile.splitlines() if line.startswith("CMD "))
    assert " -i interview.db " in command  # served immutable
    assert "--setting suggest_facets False" in command and "--setting default_allow_sql False" in command
    assert "--setting sql_time_limit_ms 1000" in command
    assert 'app = "interview-prep"' in (out / "fly.toml").read_text()
