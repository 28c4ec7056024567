"""Job postings: reading the job-market layout, skipping bad files, the postings table and its links."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import dsjson
import pytest
from click.testing import CliRunner
from datasettes import start_datasette

from datasette_interview_prep.build.cli import main
from datasette_interview_prep.build.database import build_database
from datasette_interview_prep.build.load import load_data
from datasette_interview_prep.build.postings_files import (
    COLUMNS,
    PostingsFolderError,
    find_posting_files,
    read_posting_yaml,
    read_postings,
)
from datasette_interview_prep.build.postings_table import PostingsStep
from datasette_interview_prep.build.yamlfile import YamlFileError, read_yaml_file

ROOT = Path(__file__).resolve().parents[1]

ACME = """\
company: Acme AI
processes:
  - id: acme-ai-1
    role: AI Engineer
    postings: ["101"]
    steps:
      - name: Recruiter screen
        duration: 30 min
      - name: Take-home assignment
"""

STRUCTURED_101 = """\
company:
  name: Acme AI
  stage: Series A
  focus: Agents for accountants
position:
  title: Senior AI Engineer, Agents
  ai_type:
    type: ai-first
    reasoning: Builds LLM agents.
  responsibilities:
  - Ship retrieval pipelines for ledgers
  - Evaluate agent behaviour
  use_cases: [Invoice triage]
  skills:
    genai: [LLM, RAG]
    ml: []
    web: [FastAPI]
    databases: [PostgreSQL]
    data: []
    cloud: [AWS]
    ops: []
    languages: [Python]
    domains: []
    other: [Evals]
  is_customer_facing: false
  is_management: true
meta:
  job_id: '101'
  extracted_at: '2026-02-05T09:25:23'
"""
RAW_101 = """\
job_id: 101
title: Senior AI Engineer, Agents
company: Acme AI
location: Berlin, DEU
work_type: FULL_TIME
level: Senior level
skills:
  - python
  - Kubernetes
company_size: 40 Employees
industries: [Fintech]
description: |
  We build agents that reconcile ledgers.
posted_date: 2026-01-26
url: https://example.com/jobs/101
source: Built In
"""
STRUCTURED_102_ONLY = """\
company: {name: Lonely Labs, stage: null, focus: null}
position:
  title: ML Platform Engineer
  ai_type: {type: ai-support}
  responsibilities: [Run the GPU cluster]
  skills: {ops: [Kubernetes]}
  is_customer_facing: true
meta: {job_id: '102'}
"""
RAW_103_MISSING_FIELDS = """\
job_id: 103
title: 2049
company: Sparse Inc
location: null
description: Short posting about prompt pipelines.
"""
BAD_YAML = "job_id: 104\ntitle: Broken\ndescription: |\n  fine\nnot indented: [\n"
STRUCTURED_104 = "company: {name: Twin Co}\nposition: {title: 'Data Scientist, GenAI'}\nmeta: {job_id: '104'}\n"
TITLE_IS_A_LIST = "job_id: 105\ntitle: [not, a, title]\ncompany: Listy\n"


def write_postings(root: Path, files: dict[str, str | bytes]) -> Path:
    folder = root / "job-market"
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def small_market(root: Path) -> Path:
    return write_postings(
        root,
        {
            "data_structured/101_Acme_AI_Senior_AI_Engineer.yaml": STRUCTURED_101,
            "data_raw/101_Acme_AI_Senior_AI_Engineer.yaml": RAW_101,
            "data_structured/102_Lonely_Labs_ML_Platform_Engineer.yaml": STRUCTURED_102_ONLY,
            "data_raw/103_Sparse_Inc_2049.yaml": RAW_103_MISSING_FIELDS,
            "data_raw/104_Twin_Co_Data_Scientist.yaml": BAD_YAML,
            "data_structured/104_Twin_Co_Data_Scientist.yaml": STRUCTURED_104,
            "data_raw/105_Listy.yaml": TITLE_IS_A_LIST,
        },
    )


def write_data(root: Path, process_file: str = ACME) -> Path:
    path = root / "data" / "processes" / "acme-ai.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(process_file, encoding="utf-8")
    return root / "data"


def run_build(*args: str):
    return CliRunner().invoke(main, list(args))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows_by_id(folder: Path) -> dict[str, dict]:
    return {row["job_id"]: row for row in read_postings(folder).rows}


# Reading


def test_structured_and_raw_files_are_matched_by_job_id(tmp_path):
    row = rows_by_id(small_market(tmp_path))["101"]
    assert list(row) == list(COLUMNS)
    assert (row["title"], row["company"], row["company_stage"], row["company_focus"]) == (
        "Senior AI Engineer, Agents",
        "Acme AI",
        "Series A",
        "Agents for accountants",
    )
    assert (row["location"], row["level"], row["work_type"], row["company_size"], row["ai_type"]) == (
        "Berlin, DEU",
        "Senior level",
        "Full time",  # FULL_TIME in the file: postings_values.readable
        "40 Employees",
        "ai-first",
    )
    assert row["description"] == "We build agents that reconcile ledgers."
    assert row["posted_date"] == "2026-01-26"
    assert json.loads(row["skills_genai"]) == ["LLM", "RAG"]
    assert json.loads(row["skills_ml"]) == []
    # All skills: the groups first, then the raw tags not already there ('python' is 'Python').
    assert json.loads(row["skills"]) == ["LLM", "RAG", "FastAPI", "PostgreSQL", "AWS", "Python", "Evals", "Kubernetes"]
    assert json.loads(row["responsibilities"]) == ["Ship retrieval pipelines for ledgers", "Evaluate agent behaviour"]
    assert json.loads(row["industries"]) == ["Fintech"]
    assert (row["is_customer_facing"], row["is_management"]) == (0, 1)
    assert json.loads(row["found_in"]) == ["structured", "raw"]
    assert json.loads(row["files"]) == [
        "data_structured/101_Acme_AI_Senior_AI_Engineer.yaml",
        "data_raw/101_Acme_AI_Senior_AI_Engineer.yaml",
    ]


def test_a_posting_in_one_folder_only_imports_with_the_fields_it_has(tmp_path):
    rows = rows_by_id(small_market(tmp_path))
    structured_only = rows["102"]
    assert json.loads(structured_only["found_in"]) == ["structured"]
    assert (structured_only["title"], structured_only["company"], structured_only["ai_type"]) == (
        "ML Platform Engineer",
        "Lonely Labs",
        "ai-support",
    )
    assert structured_only["company_stage"] is None and structured_only["description"] is None
    assert structured_only["location"] is None
    assert json.loads(structured_only["skills"]) == ["Kubernetes"]
    assert json.loads(structured_only["skills_genai"]) == []
    assert (structured_only["is_customer_facing"], structured_only["is_management"]) == (1, None)

    raw_only = rows["103"]
    assert json.loads(raw_only["found_in"]) == ["raw"]
    assert raw_only["title"] == "2049"  # a number in YAML, text here
    assert raw_only["location"] is None and raw_only["level"] is None and raw_only["ai_type"] is None
    assert json.loads(raw_only["skills"]) == [] and json.loads(raw_only["responsibilities"]) == []


def test_a_malformed_file_is_skipped_with_its_name_and_reason(tmp_path):
    result = read_postings(small_market(tmp_path))
    assert [row["job_id"] for row in result.rows] == ["101", "102", "103", "104"]
    assert [(skipped.file, skipped.reason) for skipped in result.skipped] == [
        ("job-market/data_raw/104_Twin_Co_Data_Scientist.yaml", "line 6, column 1: did not find expected node content"),
        ("job-market/data_raw/105_Listy.yaml", "title: expected text, got a list"),
    ]
    # 104's raw file is broken, its structured twin still makes a posting.
    twin = rows_by_id(tmp_path / "job-market")["104"]
    assert json.loads(twin["found_in"]) == ["structured"] and twin["title"] == "Data Scientist, GenAI"


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("data_raw/7_two_docs.yaml", "job_id: 7\n---\njob_id: 8\n", "more than one YAML document"),
        ("data_raw/7_latin1.yaml", "job_id: 7\ntitle: caf\xe9\n".encode("latin-1"), "not UTF-8"),
        ("data_raw/7_empty.yaml", "", "file is empty"),
        ("data_raw/7_list.yaml", "- job_id: 7\n", "expected a mapping at the top level, got a list"),
        ("data_raw/7_dupe.yaml", "job_id: 7\ntitle: A\ntitle: B\n", "duplicate key 'title'"),
        ("data_raw/7_alias.yaml", "job_id: 7\ntitle: &t A\ncompany: *t\n", "aliases"),
        ("data_raw/7_tag.yaml", "job_id: 7\ntitle: !!python/name:os.system A\n", "tag not allowed"),
        ("data_raw/7_hex.yaml", "job_id: !!int 0x7\n", "'0x7' is not a valid int"),
        ("data_raw/7_bool.yaml", "job_id: 7\nposition: !!bool yes\n", "'yes' is not a valid bool"),
        ("data_raw/7_deep.yaml", "job_id: 7\nskills: " + "[" * 600 + "]" * 600 + "\n", "nested too deeply"),
        ("data_raw/7_key.yaml", "job_id: 7\n[a, b]: c\n", "a mapping key must be a plain value"),
        ("data_raw/7_wrong_id.yaml", "job_id: 8\n", "job id 8 does not match the file name's 7"),
        ("data_raw/no_id.yaml", "title: Orphan\n", "no job id"),
        ("data_raw/7_skills.yaml", "job_id: 7\nskills: Python\n", "skills: expected a list, got text"),
        ("data_raw/7_nested.yaml", "job_id: 7\nskills: [[Python]]\n", "skills[0]: expected text, got a list"),
        (
            "data_structured/7_flag.yaml",
            "position: {is_management: 'yes'}\nmeta: {job_id: '7'}\n",
            "position.is_management: expected true or false",
        ),
        (
            "data_structured/7_company.yaml",
            "company: [Acme]\nmeta: {job_id: '7'}\n",
            "company: expected a mapping, got a list",
        ),
        (
            "data_structured/7_huge.yaml",
            "meta: {job_id: '7'}\nposition: {title: " + "x" * 300_000 + "}\n",
            "over the 200,000-byte limit",
        ),
    ],
)
def test_each_kind_of_bad_file_is_skipped_with_a_clear_reason(tmp_path, name, content, reason):
    folder = write_postings(tmp_path, {name: content, "data_raw/1_ok.yaml": "job_id: 1\ntitle: Fine\n"})
    result = read_postings(folder)
    assert [row["job_id"] for row in result.rows] == ["1"]
    assert len(result.skipped) == 1
    assert result.skipped[0].file == f"job-market/{name}"
    assert reason in result.skipped[0].reason


@pytest.mark.parametrize(
    "text",
    [
        "a: NO\nb: on\nc: 012345\nd: 1.5\ne: ~\nf: '7'\ng: 2026-01-26\nh: -3\ni: TRUE\nj: null\n",
        "title: |\n  two\n  lines\nskills: [Python, 'C++', \"Go\"]\nnested: {a: [1, {b: 2.0e3}]}\n",
        "# only a comment\nk: v # trailing\n? complex\n: key\nempty:\n",
    ],
)
def test_the_posting_reader_gives_what_the_strict_reader_gives(tmp_path, text):
    path = tmp_path / "1_x.yaml"
    path.write_text(text, encoding="utf-8")
    assert read_posting_yaml(path) == read_yaml_file(path)


def test_the_same_job_id_twice_in_one_folder_keeps_the_first(tmp_path):
    folder = write_postings(
        tmp_path, {"data_raw/9_a.yaml": "job_id: 9\ntitle: First\n", "data_raw/9_b.yaml": "job_id: 9\ntitle: Second\n"}
    )
    result = read_postings(folder)
    assert [row["title"] for row in result.rows] == ["First"]
    assert str(result.skipped[0]) == "job-market/data_raw/9_b.yaml: duplicate job id 9, also in data_raw/9_a.yaml"


@pytest.mark.parametrize(
    "files, message",
    [
        (None, "postings folder not found"),
        ({"elsewhere/1.yaml": "job_id: 1\n"}, "has neither data_structured/ nor data_raw/"),
        ({"data_raw/README.md": "hello"}, "no posting files (*.yaml) in data_raw/"),
    ],
)
def test_an_unusable_folder_is_an_error(tmp_path, files, message):
    folder = write_postings(tmp_path, files) if files else tmp_path / "missing"
    with pytest.raises(PostingsFolderError, match=message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*")):
        find_posting_files(folder)


# Building


def test_build_with_postings_writes_the_table_links_and_a_summary(tmp_path):
    data, market, db = write_data(tmp_path), small_market(tmp_path), tmp_path / "interview.db"
    result = run_build("--data", str(data), "--db", str(db), "--postings", str(market))
    assert result.exit_code == 0, result.output
    assert "skipped: job-market/data_raw/105_Listy.yaml: title: expected text, got a list" in result.stderr
    assert "skipped: job-market/data_raw/104_Twin_Co_Data_Scientist.yaml: line 6" in result.stderr
    assert "Postings: 4 imported, 1 of them linked to a process; 2 file(s) skipped" in result.stdout
    assert "Reading postings" not in result.output  # no progress bar off a terminal
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    linked = conn.execute("SELECT has_process, process_ids FROM postings WHERE job_id = '101'").fetchone()
    assert (linked["has_process"], json.loads(linked["process_ids"])) == (1, ["acme-ai-1"])
    assert conn.execute("SELECT sum(has_process), count(*) FROM postings").fetchone()[:] == (1, 4)
    assert [
        tuple(fk)[2:5] for fk in conn.execute("PRAGMA foreign_key_list(process_postings)") if fk["table"] == "postings"
    ] == [("postings", "posting_id", "job_id")]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    indexed = {row["name"] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {
        "idx_postings_company_stage",
        "idx_postings_ai_type",
        "idx_postings_level",
        "idx_postings_location",
    } <= indexed


def search(conn: sqlite3.Connection, query: str) -> list[str]:
    return [
        job_id
        for (job_id,) in conn.execute(
            "SELECT postings.job_id FROM postings JOIN postings_fts ON postings.rowid = postings_fts.rowid"
            " WHERE postings_fts MATCH ? ORDER BY rank",
            [query],
        )
    ]


def test_postings_are_searchable_and_the_index_follows_updates(tmp_path):
    db = tmp_path / "interview.db"
    build_database(
        load_data(write_data(tmp_path)), db, extra_steps=[PostingsStep(read_postings(small_market(tmp_path)).rows)]
    )
    conn = sqlite3.connect(db)
    assert search(conn, "ledgers") == ["101"]  # description and responsibilities
    assert search(conn, "evaluating") == ["101"]  # porter: evaluating ~ evaluate
    assert search(conn, "company:lonely") == ["102"]
    with conn:
        conn.execute("UPDATE postings SET title = 'Quantum Gardener' WHERE job_id = '103'")
    assert search(conn, "quantum") == ["103"]


async def test_datasette_facets_and_searches_postings(tmp_path):
    db = tmp_path / "interview.db"
    build_database(
        load_data(write_data(tmp_path)), db, extra_steps=[PostingsStep(read_postings(small_market(tmp_path)).rows)]
    )
    ds = await start_datasette(db)
    response = await ds.client.get("/interview/postings.json?_search=reconciling&_shape=objects")
    assert response.status_code == 200
    assert [row["job_id"] for row in response.json()["rows"]] == ["101"]
    facets = dsjson.facet_results(
        await dsjson.table_json(ds.client, "/interview/postings.json", {"_facet_array": "skills", "_facet": "ai_type"})
    )
    assert {item["value"]: item["count"] for item in facets["skills"]["results"]}["Kubernetes"] == 2
    assert {item["value"] for item in facets["ai_type"]["results"]} == {"ai-first", "ai-support"}


def test_strict_fails_on_a_skipped_file_and_leaves_the_database_alone(tmp_path):
    data, market, db = write_data(tmp_path), small_market(tmp_path), tmp_path / "interview.db"
    assert run_build("--data", str(data), "--db", str(db)).exit_code == 0
    before = digest(db)
    result = run_build("--data", str(data), "--db", str(db), "--postings", str(market), "--strict")
    assert result.exit_code == 1
    assert "skipped: job-market/data_raw/105_Listy.yaml: title: expected text, got a list" in result.stderr
    assert "2 posting file(s) skipped (--strict)" in result.stderr and "was not changed" in result.stderr
    assert digest(db) == before
    assert not list(tmp_path.glob(".interview.db.building-*"))


def test_strict_passes_when_every_file_reads(tmp_path):
    data, db = write_data(tmp_path), tmp_path / "interview.db"
    market = write_postings(tmp_path, {"data_raw/101_ok.yaml": RAW_101})
    result = run_build("--data", str(data), "--db", str(db), "--postings", str(market), "--strict")
    assert result.exit_code == 0, result.output
    assert "Postings: 1 imported, 1 of them linked to a process; 0 file(s) skipped" in result.stdout


def test_a_process_posting_missing_from_the_folder_is_a_warning_or_with_strict_a_failure(tmp_path):
    data, db = write_data(tmp_path), tmp_path / "interview.db"
    market = write_postings(tmp_path, {"data_raw/103_x.yaml": RAW_103_MISSING_FIELDS})
    assert run_build("--data", str(data), "--db", str(db)).exit_code == 0
    before = digest(db)

    result = run_build("--data", str(data), "--db", str(db), "--postings", str(market), "--strict")
    assert result.exit_code == 1
    assert "process posting(s) not among the postings: acme-ai-1 -> 101" in result.stderr
    assert digest(db) == before

    result = run_build("--data", str(data), "--db", str(db), "--postings", str(market))
    assert result.exit_code == 0, result.output
    assert "warning: process acme-ai-1 names posting 101, not found in" in result.stderr
    conn = sqlite3.connect(db)
    # The link row stays; no foreign key is declared, so the build's foreign_key_check holds.
    assert conn.execute("SELECT posting_id FROM process_postings").fetchall() == [("101",)]
    assert all(fk[2] != "postings" for fk in conn.execute("PRAGMA foreign_key_list(process_postings)"))


def test_an_unusable_postings_folder_fails_and_leaves_the_database_alone(tmp_path):
    data, db = write_data(tmp_path), tmp_path / "interview.db"
    assert run_build("--data", str(data), "--db", str(db)).exit_code == 0
    before = digest(db)
    result = run_build("--data", str(data), "--db", str(db), "--postings", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "postings folder not found" in result.stderr and "was not changed" in result.stderr
    assert digest(db) == before


# The real folder


@pytest.mark.field_guide
def test_the_field_guide_job_market_imports_and_links_every_process(field_guide, tmp_path):
    market = field_guide / "job-market"
    postings = read_postings(market)
    assert len(postings.rows) == 1765
    # A file that does not parse is reported, and its twin still carries the posting.
    for skipped in postings.skipped:
        job_id = Path(skipped.file).name.split("_")[0]
        assert job_id in {row["job_id"] for row in postings.rows}, skipped

    for data_dir in (ROOT / "data", field_guide / "interview" / "data" / "job-descriptions"):
        step = PostingsStep(postings.rows, strict=True)  # strict: an unresolved posting fails the build
        db = tmp_path / f"{data_dir.name}.db"
        build_database(load_data(data_dir), db, extra_steps=[step])
        conn = sqlite3.connect(db)
        linked_ids = {posting for (posting,) in conn.execute("SELECT posting_id FROM process_postings")}
        assert step.unresolved == [] and linked_ids
        assert conn.execute("SELECT count(*) FROM postings WHERE has_process").fetchone()[0] == len(linked_ids)

    conn = sqlite3.connect(tmp_path / "job-descriptions.db")
    assert conn.execute("SELECT count(*) FROM postings").fetchone()[0] == 1765
    assert "1393425" in search(conn, '"applied ai engineer" researcher speechify')
    assert conn.execute("SELECT process_ids FROM postings WHERE job_id = '1393425'").fetchone()[0] == '["speechify-1"]'


@pytest.mark.field_guide
def test_the_posting_reader_matches_the_strict_reader_on_every_real_file(field_guide):
    def outcome(reader, path):
        try:
            return reader(path)
        except YamlFileError as error:
            return ("error", error.where, error.reason)

    files = find_posting_files(field_guide / "job-market")
    differing = [path.name for path in files if outcome(read_posting_yaml, path) != outcome(read_yaml_file, path)]
    assert len(files) == 3530 and differing == []


def test_category_spellings_are_folded_at_import():
    from datasette_interview_prep.build.postings_values import normalise_categories

    rows = [
        {"company_stage": "Unknown", "work_type": "FULL_TIME", "ai_type": "ai-first", "level": None},
        {"company_stage": "unknown", "work_type": "INTERN", "ai_type": "unknown", "level": "Senior level"},
        {"company_stage": "Growth-stage", "work_type": "FULL_TIME", "ai_type": "ai-first", "level": "senior level"},
        {"company_stage": "Growth stage", "work_type": None, "ai_type": "AI-first", "level": "Senior level"},
        {"company_stage": "growth stage", "work_type": "", "ai_type": "ai-first", "level": "Mid level"},
    ]
    normalise_categories(rows)
    assert [row["company_stage"] for row in rows] == [None, None, "Growth stage", "Growth stage", "Growth stage"]
    assert [row["work_type"] for row in rows] == ["Full time", "Intern", "Full time", None, None]
    assert [row["ai_type"] for row in rows] == ["ai-first", None, "ai-first", "ai-first", "ai-first"]
    assert [row["level"] for row in rows] == [None, "Senior level", "Senior level", "Senior level", "Mid level"]


@pytest.mark.field_guide
def test_the_field_guide_postings_have_one_spelling_per_stage(field_guide):
    from datasette_interview_prep.build.postings_files import read_postings
    from datasette_interview_prep.build.postings_values import category_key

    rows = read_postings(field_guide / "job-market").rows
    for column in ("company_stage", "ai_type", "level", "work_type"):
        values = {row[column] for row in rows if row[column] is not None}
        assert len({category_key(value) for value in values}) == len(values), column
        assert not {value for value in values if value.lower() == "unknown"}, column
