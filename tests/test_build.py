"""The build: validation of every bad input, atomic replacement, the field guide's own layout."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from datasette_interview_prep.build.cli import main
from datasette_interview_prep.build.load import DataErrors, load_data

ROOT = Path(__file__).resolve().parents[1]

ACME = """\
company: Acme AI
category: product
note: Small team; expect a practical take-home.
processes:
  - role: AI Engineer
    postings: ["123"]
    steps:
      - name: Recruiter screen
        duration: 30 min
      - name: Take-home assignment
        duration: 2-3 hours
      - name: Offer
"""
SOURCES = """\
sources:
  - url: https://www.reddit.com/r/leetcode/comments/abc/acme_interview/
    title: Acme interview
    community: r/leetcode
    score: 12
    companies: [acme-ai]
    round_types: [take_home]
"""
ROUNDS = """\
round_types:
  - round_type: take_home
    reported_duration: 2-3 hours
    prep:
      - id: take-home-readme
        text: Write a README that says what you left out.
        sources: [https://www.reddit.com/r/leetcode/comments/abc/acme_interview]
"""
REPORT = """\
figures:
  - key: median_stages
    label: Median interview stages
    value: 4
"""


class Directory:
    """A folder where a data file is expected."""


@dataclass(frozen=True)
class SymlinkTo:
    target: str


def write_data(root: Path, files: dict[str, str | bytes | Directory | SymlinkTo] | None = None) -> Path:
    data = root / "data"
    contents: dict[str, str | bytes | Directory | SymlinkTo] = {
        "processes/acme-ai.yaml": ACME,
        "sources/threads.yaml": SOURCES,
        "rounds.yaml": ROUNDS,
        "report.yaml": REPORT,
    }
    contents.update(files or {})
    for name, content in contents.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Directory):
            path.mkdir(exist_ok=True)
        elif isinstance(content, SymlinkTo):
            path.unlink(missing_ok=True)
            path.symlink_to(content.target)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return data


def run_build(data: Path, db: Path):
    return CliRunner().invoke(main, ["--data", str(data), "--db", str(db)])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_builds_a_small_dataset(tmp_path):
    db = tmp_path / "interview.db"
    result = run_build(write_data(tmp_path), db)
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(db)
    steps = connection.execute(
        "select name, round_type, minutes_low, minutes_high, is_interview from steps order by position"
    ).fetchall()
    assert steps == [
        ("Recruiter screen", "recruiter_screen", 30, 30, 1),
        ("Take-home assignment", "take_home", 120, 180, 1),
        ("Offer", "offer", None, None, 0),
    ]
    process = connection.execute(
        "select id, step_count, interview_stage_count, round_types, posting_ids, known_minutes_low, known_minutes_high "
        "from processes"
    ).fetchone()
    # Known interview time counts the 30-min screen, not the take-home's 2-3 hours (as the checklist does).
    assert process == ("acme-ai-1", 3, 2, '["recruiter_screen", "take_home", "offer"]', '["123"]', 30, 30)
    assert connection.execute("select url from sources").fetchone()[0] == (
        "https://www.reddit.com/r/leetcode/comments/abc/acme_interview"
    )
    hit = connection.execute("select rowid from sources_fts where sources_fts match 'interviews'").fetchall()
    assert hit, "porter stemming should match interview/interviews"
    assert connection.execute("select count(*) from prep_item_sources").fetchone()[0] == 1
    assert list(tmp_path.glob(".interview.db.building-*")) == []


# Each bad input: the files to write, the file named in the message, and words the message must contain.
BAD_INPUTS = [
    ("malformed yaml", {"processes/acme-ai.yaml": "company: [Acme\n"}, "processes/acme-ai.yaml", "line 2"),
    ("empty file", {"processes/acme-ai.yaml": "\n"}, "processes/acme-ai.yaml", "empty"),
    (
        "two documents",
        {"processes/acme-ai.yaml": ACME + "---\ncompany: B\n"},
        "processes/acme-ai.yaml",
        "more than one YAML document",
    ),
    (
        "duplicate key",
        {"processes/acme-ai.yaml": "company: A\ncompany: B\n"},
        "processes/acme-ai.yaml",
        "duplicate key 'company'",
    ),
    (
        "missing field",
        {"processes/acme-ai.yaml": "category: product\n"},
        "processes/acme-ai.yaml",
        "company: required field is missing",
    ),
    (
        "wrong type",
        {"processes/acme-ai.yaml": ACME.replace("role: AI Engineer", "role: [1, 2]")},
        "processes/acme-ai.yaml",
        "processes[0].role",
    ),
    (
        "unknown key",
        {"processes/acme-ai.yaml": ACME.replace("note:", "nots:")},
        "processes/acme-ai.yaml",
        "nots: unknown field",
    ),
    (
        "unknown round type",
        {"processes/acme-ai.yaml": ACME.replace("duration: 30 min", "duration: 30 min\n        round_type: lunch")},
        "processes/acme-ai.yaml",
        "unknown round type 'lunch'; allowed: application_review, recruiter_screen",
    ),
    (
        "same company, another category",
        {"processes/acme-two.yaml": ACME.replace("category: product", "category: model")},
        "processes/acme-two.yaml",
        "category: 'model' disagrees with 'product' in data/processes/acme-ai.yaml (both files are company 'acme-ai')",
    ),
    ("bad slug", {"processes/acme-ai.yaml": "slug: Acme_AI\n" + ACME}, "processes/acme-ai.yaml", "slug: must match"),
    (
        "path-like slug",
        {"processes/acme-ai.yaml": "slug: ../../etc/passwd\n" + ACME},
        "processes/acme-ai.yaml",
        "slug: must match",
    ),
    ("non-utf-8", {"processes/acme-ai.yaml": b"company: Acme \xff\n"}, "processes/acme-ai.yaml", "not UTF-8"),
    (
        "oversize file",
        {"processes/acme-ai.yaml": ACME + "# " + "x" * 1_000_100 + "\n"},
        "processes/acme-ai.yaml",
        "over the 1,000,000-byte limit",
    ),
    (
        "python tag",
        {"processes/acme-ai.yaml": "company: !!python/object/apply:os.system [ls]\n"},
        "processes/acme-ai.yaml",
        "tag not allowed",
    ),
    (
        "alias bomb",
        {"processes/acme-ai.yaml": 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\ncompany: A\n'},
        "processes/acme-ai.yaml",
        "aliases",
    ),
    (
        "javascript url",
        {"sources/threads.yaml": SOURCES.replace("https://www.reddit.com", "javascript:alert(1)//www.reddit.com")},
        "sources/threads.yaml",
        "only http(s) URLs are allowed",
    ),
    ("duplicate url", {"sources/more.yaml": SOURCES}, "sources/threads.yaml", "duplicate URL"),
    (
        "uncited url",
        {"rounds.yaml": ROUNDS.replace("comments/abc", "comments/zzz")},
        "rounds.yaml",
        "is not in data/sources",
    ),
    ("top level list", {"report.yaml": "- 1\n- 2\n"}, "report.yaml", "expected a mapping"),
    # YAML 1.1 traps: the reader keeps `NO`, `on`, `012345` as text; the strict fields refuse them
    # instead of coercing (pydantic's lax mode would read False, True, 12345).
    (
        "NO for a boolean",
        {"processes/acme-ai.yaml": ACME.replace("duration: 30 min", "duration: 30 min\n        interview: NO")},
        "processes/acme-ai.yaml",
        "processes[0].steps[0].interview: must be true or false",
    ),
    (
        "on for a boolean",
        {"processes/acme-ai.yaml": ACME.replace("duration: 30 min", "duration: 30 min\n        interview: on")},
        "processes/acme-ai.yaml",
        "processes[0].steps[0].interview: must be true or false",
    ),
    (
        "1 for a boolean",
        {"processes/acme-ai.yaml": ACME.replace("duration: 30 min", "duration: 30 min\n        interview: 1")},
        "processes/acme-ai.yaml",
        "processes[0].steps[0].interview: must be true or false",
    ),
    (
        "012345 for an integer",
        {"sources/threads.yaml": SOURCES.replace("score: 12", "score: 012345")},
        "sources/threads.yaml",
        "sources[0].score: must be a whole number",
    ),
    (
        "quoted integer",
        {"sources/threads.yaml": SOURCES.replace("score: 12", 'score: "12"')},
        "sources/threads.yaml",
        "sources[0].score: must be a whole number",
    ),
    (
        "float for an integer",
        {"sources/threads.yaml": SOURCES.replace("score: 12", "score: 12.0")},
        "sources/threads.yaml",
        "sources[0].score: must be a whole number",
    ),
    (
        "text for a number",
        {"rounds.yaml": ROUNDS.replace("reported_duration:", 'weight: "2"\n    reported_duration:')},
        "rounds.yaml",
        "round_types[0].weight: must be a number",
    ),
    (
        "text for a list",
        {"processes/acme-ai.yaml": ACME.replace('postings: ["123"]', 'postings: "123"')},
        "processes/acme-ai.yaml",
        "processes[0].postings: Input should be a valid list",
    ),
    (
        "misspelt field in a step",
        {"processes/acme-ai.yaml": ACME.replace("duration: 30 min", "duraton: 30 min")},
        "processes/acme-ai.yaml",
        "processes[0].steps[0].duraton: unknown field",
    ),
    (
        "javascript url in a process",
        {
            "processes/acme-ai.yaml": ACME.replace(
                'postings: ["123"]', 'postings: ["123"]\n    sources: ["javascript:alert(document.cookie)"]'
            )
        },
        "processes/acme-ai.yaml",
        "processes[0].sources[0]: only http(s) URLs are allowed, not 'javascript'",
    ),
    (
        "javascript url in a prep item",
        {
            "rounds.yaml": ROUNDS.replace(
                "sources: [https://www.reddit.com/r/leetcode/comments/abc/acme_interview]",
                'sources: ["javascript:alert(1)"]',
            )
        },
        "rounds.yaml",
        "round_types[0].prep[0].sources[0]: only http(s) URLs are allowed",
    ),
    (
        "data url as a website",
        {"processes/acme-ai.yaml": "website: 'data:text/html,<script>alert(1)</script>'\n" + ACME},
        "processes/acme-ai.yaml",
        "website: only http(s) URLs are allowed, not 'data'",
    ),
    (
        "slug of a page",
        {"processes/compare.yaml": "company: Compare\nsteps: [{name: Call}]\n"},
        "processes/compare.yaml",
        "slug: 'compare' is taken by the page /-/prep/compare",
    ),
    (
        "directory named like a data file",
        {"processes/extra.yaml": Directory()},
        "processes/extra.yaml",
        "(file): not a regular file (a directory)",
    ),
    (
        "symlink out of the data folder",
        {"processes/extra.yaml": SymlinkTo("/etc/passwd")},
        "processes/extra.yaml",
        "(file): a symlink to a file outside the data folder",
    ),
    ("dangling symlink", {"report.yaml": SymlinkTo("missing.yaml")}, "report.yaml", "(file): not a regular file"),
    (
        "a company file copied under another name",
        {"processes/acme-ai-copy.yaml": ACME},
        "processes/acme-ai.yaml",
        "the same process as 'acme-ai-1' in data/processes/acme-ai-copy.yaml (same company and the same 3 steps)",
    ),
    (
        "an edited copy of a company file",
        {"processes/acme-ai-2.yaml": ACME.replace("Offer", "Final call")},
        "processes/acme-ai.yaml",
        "the same process as 'acme-ai-1' in data/processes/acme-ai-2.yaml (same company, the same name and the same sources)",
    ),
]


@pytest.mark.parametrize("label,files,file_named,words", BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS])
def test_bad_input_is_reported_and_leaves_the_database_alone(tmp_path, label, files, file_named, words):
    db = tmp_path / "interview.db"
    assert run_build(write_data(tmp_path), db).exit_code == 0
    before = digest(db)
    data = write_data(tmp_path, files)
    result = run_build(data, db)
    assert result.exit_code == 1
    assert file_named in result.output
    assert words in result.output
    assert "Traceback" not in result.output
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "interview.db"]


def test_a_copy_of_a_real_company_file_is_refused_naming_both_files(tmp_path):
    """The project's data with anthropic.yaml saved again as anthropic-copy.yaml: exit 1, database untouched."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.copy(data / "processes" / "anthropic.yaml", data / "processes" / "anthropic-copy.yaml")
    db = tmp_path / "interview.db"
    db.write_bytes(b"the previous build")
    result = run_build(data, db)
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith("error: ")]
    processes = len(yaml.safe_load((data / "processes" / "anthropic.yaml").read_text(encoding="utf-8"))["processes"])
    assert len(problems) == processes
    for problem in problems:
        assert "data/processes/anthropic.yaml" in problem and "data/processes/anthropic-copy.yaml" in problem
        assert "same company and the same" in problem
    assert db.read_bytes() == b"the previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "interview.db"]


def test_processes_with_no_steps_or_no_sources_are_not_taken_for_copies(tmp_path):
    """The rules need what they compare: two summary-only processes of one company both load."""
    summaries = "company: Acme AI\nprocesses:\n  - summary: Phone screen, then onsite.\n  - summary: One call.\n"
    db = tmp_path / "interview.db"
    result = run_build(write_data(tmp_path, {"processes/acme-more.yaml": summaries}), db)
    assert result.exit_code == 0, result.output
    assert sqlite3.connect(db).execute("select process_count from companies").fetchone()[0] == 3


def test_every_problem_of_a_run_is_reported(tmp_path):
    data = write_data(
        tmp_path,
        {
            "processes/b.yaml": "company: B\nbogus: 1\n",
            "processes/c.yaml": "company: C\nsteps: [{name: X, round_type: nope}]\n",
        },
    )
    with pytest.raises(DataErrors) as raised:
        load_data(data)
    shown = [str(error) for error in raised.value.errors]
    assert any("processes/b.yaml: bogus" in line for line in shown)
    assert any("processes/c.yaml: steps[0].round_type" in line for line in shown)


def test_a_symlink_inside_the_data_folder_is_read(tmp_path):
    data = write_data(tmp_path, {"shared/report.yml.txt": REPORT, "report.yaml": SymlinkTo("shared/report.yml.txt")})
    assert load_data(data).report.figures[0].key == "median_stages"


def test_yaml_1_1_traps_stay_strings(tmp_path):
    data = write_data(
        tmp_path,
        {
            "processes/acme-ai.yaml": ACME.replace('postings: ["123"]', "postings: [012345]").replace(
                "role: AI Engineer", "role: NO"
            )
        },
    )
    company = load_data(data).companies[0]
    _, process = company.processes[0]
    assert process.role == "NO"
    assert process.postings == ["012345"]


# Where the build is killed: (label, the function of build.py or os to wrap, "before" or "after" calling it).
KILL_POINTS = [
    ("while inserting rows", "build.insert_rows", "after"),
    ("after indexes and full-text search", "build._index_and_search", "after"),
    ("after the checks, before VACUUM", "build._check", "after"),
    ("just before the rename", "os.replace", "before"),
]


@pytest.mark.parametrize("label,target,when", KILL_POINTS, ids=[point[0] for point in KILL_POINTS])
def test_killed_build_leaves_the_previous_database(tmp_path, label, target, when):
    """SIGKILL at each stage of a build: the old database is intact and usable, and a later build cleans up."""
    db = tmp_path / "interview.db"
    data = write_data(tmp_path)
    assert run_build(data, db).exit_code == 0
    before = digest(db)
    bigger = write_data(tmp_path, {"processes/beta-ai.yaml": ACME.replace("Acme AI", "Beta AI")})
    module, function = target.split(".")
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "import datasette_interview_prep.build.database as build\n"
        "from datasette_interview_prep.build.load import load_data\n"
        f"original = {target}\n"
        "def die(*args, **kwargs):\n"
        f"    {'original(*args, **kwargs)' if when == 'after' else 'pass'}\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        f"{module}.{function} = die\n"
        "build.build_database(load_data(Path(sys.argv[1])), Path(sys.argv[2]))\n"
    )
    killed = subprocess.run([sys.executable, "-c", script, str(bigger), str(db)], check=False)
    assert killed.returncode == -9
    assert digest(db) == before
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("select count(*) from companies").fetchone()[0] == 1
    assert connection.execute("select count(*) from steps_fts where steps_fts match 'recruiter'").fetchone()[0] == 1
    connection.close()
    assert list(tmp_path.glob(".interview.db.building-*")), "the killed build's temp file is left behind"
    assert run_build(bigger, db).exit_code == 0
    assert list(tmp_path.glob(".interview.db.building-*")) == []
    assert sqlite3.connect(db).execute("select count(*) from companies").fetchone()[0] == 2


@pytest.mark.parametrize("dataset", ["small", "data/"])
def test_rebuild_is_repeatable(tmp_path, dataset):
    """Two builds of the same data: the same counts, every FTS index intact, the same bytes."""
    db = tmp_path / "interview.db"
    data = write_data(tmp_path) if dataset == "small" else ROOT / "data"
    counts, digests = [], []
    for _ in range(2):
        assert run_build(data, db).exit_code == 0
        connection = sqlite3.connect(db)
        tables = [row[0] for row in connection.execute("select name from sqlite_master where type='table'")]
        counts.append({table: connection.execute(f"select count(*) from [{table}]").fetchone()[0] for table in tables})
        fts_tables = [table for table in tables if table.endswith("_fts")]
        assert {"sources_fts", "steps_fts", "processes_fts"} <= set(fts_tables)
        for fts in fts_tables:
            connection.execute(f"insert into {fts}({fts}) values('integrity-check')")
        connection.close()
        digests.append(digest(db))
    assert counts[0] == counts[1]
    assert digests[0] == digests[1]


def test_files_of_the_same_company_merge_into_its_processes(tmp_path):
    second = "company: Acme AI\nrole: ML Engineer\nsteps:\n  - name: Onsite\n"
    db = tmp_path / "interview.db"
    result = run_build(write_data(tmp_path, {"processes/acme-ml.yaml": second}), db)
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(db)
    assert connection.execute("select process_count, category, files from companies").fetchall() == [
        (2, "product", '["data/processes/acme-ai.yaml", "data/processes/acme-ml.yaml"]')
    ]
    assert connection.execute("select id, role from processes order by id").fetchall() == [
        ("acme-ai-1", "AI Engineer"),
        ("acme-ai-2", "ML Engineer"),
    ]


@pytest.mark.field_guide
def test_builds_the_field_guide_data_folder_and_a_copy_in_the_project_layout(field_guide, tmp_path):
    guide_data = field_guide / "interview" / "data"
    project_layout = tmp_path / "copy"
    shutil.copytree(guide_data / "job-descriptions", project_layout / "processes")
    for data in (guide_data, project_layout):
        db = tmp_path / f"{data.name}.db"
        result = run_build(data, db)
        assert result.exit_code == 0, result.output
        connection = sqlite3.connect(db)
        assert (
            connection.execute("select process_count, files from companies where slug = 'nearform'").fetchone()[0] == 2
        )
        assert connection.execute("select count(*) from processes").fetchone()[0] == 52


@pytest.mark.field_guide
def test_builds_the_field_guide_process_folder_as_is(field_guide, tmp_path):
    folder = field_guide / "interview" / "data" / "job-descriptions"
    db = tmp_path / "fg.db"
    result = run_build(folder, db)
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(db)
    one = lambda sql: connection.execute(sql).fetchone()[0]  # noqa: E731
    assert len(list(folder.glob("*.yaml"))) == 51
    assert one("select count(*) from companies") == 50
    assert one("select process_count from companies where slug = 'nearform'") == 2
    assert one("select count(*) from processes where step_count > 0") == 46
    assert one("select count(*) from processes where company = 'hyperexponential' and step_count > 0") == 2
    assert one("select count(*) from steps") == 199
    assert one("select count(*) from steps where round_type is null or round_type = ''") == 0


def test_an_uncited_url_names_the_rounds_file_of_the_folder_loaded(tmp_path):
    data = write_data(tmp_path, {"rounds.yaml": ROUNDS.replace("comments/abc", "comments/zzz")})
    renamed = data.rename(tmp_path / "guide-data")
    with pytest.raises(DataErrors) as raised:
        load_data(renamed)
    assert [str(error).split(":")[0] for error in raised.value.errors] == ["guide-data/rounds.yaml"]
