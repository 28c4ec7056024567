"""The build: validation of every bad input, atomic replacement, the field guide's own layout."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from datasette_interview_prep.cli import main
from datasette_interview_prep.load import DataErrors, load_data

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


def write_data(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    data = root / "data"
    contents: dict[str, str | bytes] = {
        "processes/acme-ai.yaml": ACME,
        "sources/threads.yaml": SOURCES,
        "rounds.yaml": ROUNDS,
        "report.yaml": REPORT,
    }
    contents.update(files or {})
    for name, content in contents.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
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
        "select id, step_count, interview_stage_count, round_types, posting_ids from processes"
    ).fetchone()
    assert process == ("acme-ai-1", 3, 2, '["recruiter_screen", "take_home", "offer"]', '["123"]')
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
    ("two documents", {"processes/acme-ai.yaml": ACME + "---\ncompany: B\n"}, "processes/acme-ai.yaml", "more than one YAML document"),
    ("duplicate key", {"processes/acme-ai.yaml": "company: A\ncompany: B\n"}, "processes/acme-ai.yaml", "duplicate key 'company'"),
    ("missing field", {"processes/acme-ai.yaml": "category: product\n"}, "processes/acme-ai.yaml", "company: required field is missing"),
    ("wrong type", {"processes/acme-ai.yaml": ACME.replace("role: AI Engineer", "role: [1, 2]")}, "processes/acme-ai.yaml", "processes[0].role"),
    ("unknown key", {"processes/acme-ai.yaml": ACME.replace("note:", "nots:")}, "processes/acme-ai.yaml", "nots: unknown field"),
    ("unknown round type", {"processes/acme-ai.yaml": ACME.replace("duration: 30 min", "duration: 30 min\n        round_type: lunch")},
     "processes/acme-ai.yaml", "unknown round type 'lunch'; allowed: application_review, recruiter_screen"),
    ("duplicate slug", {"processes/acme-two.yaml": ACME}, "processes/acme-two.yaml", "duplicate company slug 'acme-ai'"),
    ("bad slug", {"processes/acme-ai.yaml": "slug: Acme_AI\n" + ACME}, "processes/acme-ai.yaml", "slug: must match"),
    ("path-like slug", {"processes/acme-ai.yaml": "slug: ../../etc/passwd\n" + ACME}, "processes/acme-ai.yaml", "slug: must match"),
    ("non-utf-8", {"processes/acme-ai.yaml": b"company: Acme \xff\n"}, "processes/acme-ai.yaml", "not UTF-8"),
    ("oversize file", {"processes/acme-ai.yaml": ACME + "# " + "x" * 1_000_100 + "\n"}, "processes/acme-ai.yaml", "over the 1,000,000-byte limit"),
    ("python tag", {"processes/acme-ai.yaml": "company: !!python/object/apply:os.system [ls]\n"}, "processes/acme-ai.yaml", "tag not allowed"),
    ("alias bomb", {"processes/acme-ai.yaml": 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\ncompany: A\n'}, "processes/acme-ai.yaml", "aliases"),
    ("javascript url", {"sources/threads.yaml": SOURCES.replace("https://www.reddit.com", "javascript:alert(1)//www.reddit.com")},
     "sources/threads.yaml", "only http(s) URLs are allowed"),
    ("duplicate url", {"sources/more.yaml": SOURCES}, "sources/threads.yaml", "duplicate URL"),
    ("uncited url", {"rounds.yaml": ROUNDS.replace("comments/abc", "comments/zzz")}, "rounds.yaml", "is not in data/sources"),
    ("top level list", {"report.yaml": "- 1\n- 2\n"}, "report.yaml", "expected a mapping"),
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


def test_every_problem_of_a_run_is_reported(tmp_path):
    data = write_data(tmp_path, {
        "processes/b.yaml": "company: B\nbogus: 1\n",
        "processes/c.yaml": "company: C\nsteps: [{name: X, round_type: nope}]\n",
    })
    with pytest.raises(DataErrors) as raised:
        load_data(data)
    shown = [str(error) for error in raised.value.errors]
    assert any("processes/b.yaml: bogus" in line for line in shown)
    assert any("processes/c.yaml: steps[0].round_type" in line for line in shown)


def test_yaml_1_1_traps_stay_strings(tmp_path):
    data = write_data(tmp_path, {"processes/acme-ai.yaml": ACME.replace('postings: ["123"]', "postings: [012345]").replace(
        "role: AI Engineer", "role: NO")})
    company = load_data(data).companies[0]
    _, process = company.processes[0]
    assert process.role == "NO"
    assert process.postings == ["012345"]


def test_killed_build_leaves_the_previous_database(tmp_path):
    """SIGKILL in the middle of a build: the old database is intact and a later build cleans up."""
    db = tmp_path / "interview.db"
    data = write_data(tmp_path)
    assert run_build(data, db).exit_code == 0
    before = digest(db)
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "import datasette_interview_prep.build as build\n"
        "from datasette_interview_prep.load import load_data\n"
        "original = build._index_and_search\n"
        "def die(db):\n"
        "    original(db)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "build._index_and_search = die\n"
        "build.build_database(load_data(Path(sys.argv[1])), Path(sys.argv[2]))\n"
    )
    killed = subprocess.run([sys.executable, "-c", script, str(data), str(db)])
    assert killed.returncode == -9
    assert digest(db) == before
    assert sqlite3.connect(db).execute("select count(*) from steps").fetchone()[0] == 3
    assert list(tmp_path.glob(".interview.db.building-*")), "the killed build's temp file is left behind"
    assert run_build(data, db).exit_code == 0
    assert list(tmp_path.glob(".interview.db.building-*")) == []


def test_rebuild_is_repeatable(tmp_path):
    db = tmp_path / "interview.db"
    data = write_data(tmp_path)
    counts = []
    for _ in range(2):
        assert run_build(data, db).exit_code == 0
        connection = sqlite3.connect(db)
        tables = [row[0] for row in connection.execute("select name from sqlite_master where type='table'")]
        counts.append({table: connection.execute(f"select count(*) from [{table}]").fetchone()[0] for table in tables})
        for fts in ("sources_fts", "steps_fts", "processes_fts"):
            connection.execute(f"insert into {fts}({fts}) values('integrity-check')")
        connection.close()
    assert counts[0] == counts[1]


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
