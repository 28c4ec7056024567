"""The benchmark scripts: synthetic data that validates, and run.py / http_load.py end to end at a tiny scale.

No timing is asserted: these tests only prove the scripts run and report.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from datasette_interview_prep.build.load import load_data

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
BENCHMARKS = ROOT / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import run  # noqa: E402
import synth  # noqa: E402
from datasette.version import __version__ as DATASETTE_VERSION  # noqa: E402
from http_load import percentile  # noqa: E402


def _step_count(dataset) -> int:
    return sum(len(process.steps) for company in dataset.companies for _, process in company.processes)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> synth.SynthResult:
    return synth.generate(DATA_DIR, tmp_path_factory.mktemp("synth") / "data", scale=3)


def test_synthetic_data_validates_and_is_scale_times_data(synthetic):
    original, scaled = load_data(DATA_DIR), load_data(synthetic.data_dir)
    assert len(scaled.companies) == 3 * len(original.companies) == synthetic.companies
    assert len(scaled.sources) == 3 * len(original.sources) == synthetic.sources
    assert scaled.process_count == 3 * original.process_count
    assert _step_count(scaled) == 3 * _step_count(original)
    assert (synthetic.data_dir / "rounds.yaml").read_bytes() == (DATA_DIR / "rounds.yaml").read_bytes()


def test_synthetic_companies_have_new_names_and_their_own_sources(synthetic):
    scaled = load_data(synthetic.data_dir)
    slugs = {company.slug for company in scaled.companies}
    names = [company.name for company in scaled.companies]
    assert len(set(names)) == len(names)
    copies = synthetic.variants["anthropic"]
    assert len(copies) == 2 and set(copies) <= slugs
    urls = [source.url for _, source in scaled.sources]
    assert len(set(urls)) == len(urls)
    copy = next(company for company in scaled.companies if company.slug == copies[-1])
    cited = {url for _, process in copy.processes for url in process.sources}
    assert cited and all("/bench-2" in url for url in cited)


def test_rare_words_stay_in_the_original_rows(synthetic):
    def titles_with(dataset, word):
        return sum(word in source.title.lower() for _, source in dataset.sources)

    def questions_with(dataset, word):
        return sum(word in f"{question.question} {question.format or ''}".lower() for _, question in dataset.questions)

    original, scaled = load_data(DATA_DIR), load_data(synthetic.data_dir)
    assert titles_with(original, "langgraph") > 0
    assert titles_with(scaled, "langgraph") == titles_with(original, "langgraph")
    assert titles_with(scaled, "interview") > 2 * titles_with(original, "interview")
    assert questions_with(original, "langgraph") > 0
    assert questions_with(scaled, "langgraph") == questions_with(original, "langgraph")
    assert questions_with(scaled, "design") > 2 * questions_with(original, "design")
    assert len(scaled.questions) == 3 * len(original.questions)


def test_synthetic_data_is_deterministic(tmp_path, synthetic):
    again = synth.generate(DATA_DIR, tmp_path / "again", scale=3)
    assert _files(again.data_dir) == _files(synthetic.data_dir)
    assert synth.generate(DATA_DIR, tmp_path / "again", scale=3).reused


def test_synth_never_replaces_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(ValueError, match="not replacing"):
        synth.generate(DATA_DIR, tmp_path, scale=2)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 100)) == (50.0, 95.0, 100.0)
    assert percentile([7.0], 95) == 7.0


def test_results_file_keeps_notes_below_the_marker(tmp_path):
    output = tmp_path / "RESULTS.md"
    run.write_results(output, "# first\n")
    output.write_text(output.read_text() + "\nBefore/after: notes by hand.\n")
    run.write_results(output, "# second\n")
    text = output.read_text()
    assert text.startswith("# second") and "# first" not in text
    assert text.endswith("Before/after: notes by hand.\n")


def test_run_script_at_a_tiny_scale(tmp_path):
    output = tmp_path / "RESULTS.md"
    completed = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            "--scale",
            "1,2",
            "--runs",
            "1",
            "--requests",
            "5",
            "--concurrent-requests",
            "20",
            "--page-seconds",
            "5",
            "--work",
            str(tmp_path / "work"),
            "--output",
            str(output),
            "--comments",
            "500",
            "--fetch-threads",
            "2",
            "--venv",  # an interpreter works as well as a venv's directory
            sys.executable,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    text = output.read_text()
    for expected in (
        "| 1x |  | build_db.py (1 runs) |",
        "| 2x |  | build_db.py (1 runs) |",
        "## Datasette lines side by side",
        f"| 1x | {DATASETTE_VERSION} | checklist with a plan (3 weeks, 8 h a week) |",
        "compare /-/prep/compare, anthropic and openai",
        "question bank, filtered: coding, ",
        "checklist with a plan, new hours each request",
        "checklist, every page once from 4 concurrent clients",
        "server RSS after the 4-client sweep",
        "checklist /-/prep/anthropic",
        "search everything /-/search, rare term 'langgraph'",
        "search canned query (SQL), common term 'interview'",
        "checklist, first visit (all ",
        "server RSS after every checklist page once",
        "LIKE search, common term 'interview' (baseline)",
        "checklist, 20 concurrent clients",
        "default settings",
        "Machine: ",
        "build_db.py with 500 comments",
        "search everything /-/search, two words 'system design', with comments",
        "fetch-discussions, 4 threads",
        run.KEEP_BELOW,
    ):
        assert expected in text, expected
    assert "Traceback" not in completed.stderr
    assert "targets met" in completed.stdout
    # Timing misses are fine at this size; a page or build that failed is not.
    failed = [line for line in text.splitlines() if re.search(r"\| (baseline )?error: ", line)]
    assert not failed, failed


def test_load_script_sends_bounded_load_and_stops(tmp_path, db_path):
    completed = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "http_load.py"),
            "--db",
            str(db_path),
            "--clients",
            "4",
            "--requests",
            "40",
            "--max-seconds",
            "60",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "40 requests in" in completed.stdout, completed.stdout + completed.stderr[-3000:]
    assert completed.returncode == 0, completed.stdout
    assert ", 0 errors" in completed.stdout
