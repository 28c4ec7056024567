"""The question bank's build side: data/questions/*.yaml -> the questions and question_companies tables."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import DATA_DIR
from test_build import digest, run_build, write_data

from datasette_interview_prep.build.load import load_data
from datasette_interview_prep.core.topics import QUESTION_TOPICS
from datasette_interview_prep.core.urls import normalise_url

URL = "https://www.reddit.com/r/leetcode/comments/abc/acme_interview"
QUESTIONS = f"""\
questions:
  - id: lru-cache
    question: Implement an LRU cache.
    round_type: coding
    topic: coding_patterns
    companies: [acme-ai, no-loop-co]
    sources: ["{URL}/"]
    reported: "2025-11"
    format: progressive levels, no AI tools, 25-35 min
  - id: rag-eval
    question: How would you evaluate a retrieval pipeline?
    round_type: ml_deep_dive
    topic: evaluation
    sources: ["{URL}", "{URL}?utm_source=x"]
"""


def build(tmp_path, files=None):
    db = tmp_path / "interview.db"
    result = run_build(write_data(tmp_path, {"questions/coding.yaml": QUESTIONS, **(files or {})}), db)
    return result, db


def test_questions_are_built_with_sources_companies_and_search(tmp_path):
    result, db = build(tmp_path)
    assert result.exit_code == 0, result.output
    assert "2 questions" in result.output
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    rows = {row["id"]: dict(row) for row in connection.execute("select * from questions")}
    lru = rows["lru-cache"]
    assert (lru["round_type"], lru["family"], lru["topic"], lru["topic_label"]) == (
        "coding",
        "technical",
        "coding_patterns",
        QUESTION_TOPICS["coding_patterns"],
    )
    assert json.loads(lru["companies"]) == ["acme-ai", "no-loop-co"]
    assert json.loads(lru["sources"]) == [
        {"url": URL, "title": "Acme interview", "platform": "reddit", "published": None}
    ]
    assert (lru["reported"], lru["year"], lru["encounters"], lru["file"]) == (
        "2025-11",
        2025,
        1,
        "data/questions/coding.yaml",
    )
    # The same URL three ways (trailing slash, tracking parameter) is one source: one encounter.
    assert rows["rag-eval"]["encounters"] == 1
    assert rows["rag-eval"]["year"] is None
    assert [tuple(row) for row in connection.execute("select company_slug from question_companies order by 1")] == [
        ("acme-ai",),
        ("no-loop-co",),
    ]

    def search(term: str) -> list[str]:
        sql = "select id from questions where rowid in (select rowid from questions_fts where questions_fts match ?)"
        return [row[0] for row in connection.execute(sql, [term])]

    assert search("evaluations") == ["rag-eval"], "porter stemming"
    assert search("algorithms") == ["lru-cache"], "the topic label is searched"
    assert search("minutes OR min") == ["lru-cache"], "the format is searched"
    indexes = {row[1] for row in connection.execute("pragma index_list(questions)")}
    assert {"idx_questions_round_type", "idx_questions_topic", "idx_questions_year"} <= indexes
    fks = connection.execute("pragma foreign_key_list(questions)").fetchall()
    assert [(fk[2], fk[3], fk[4]) for fk in fks] == [("round_types", "round_type", "slug")]


BAD_QUESTIONS = [
    (
        "unknown topic",
        QUESTIONS.replace("topic: evaluation", "topic: vibes"),
        "questions[1].topic: unknown topic 'vibes'; allowed: llm_fundamentals, rag, agents",
    ),
    (
        "unknown round type",
        QUESTIONS.replace("round_type: coding", "round_type: lunch"),
        "questions[0].round_type: unknown round type 'lunch'; allowed: application_review",
    ),
    (
        "uncited URL",
        QUESTIONS.replace(f'sources: ["{URL}/"]', 'sources: ["https://example.com/not-a-source"]'),
        "questions[0].sources[0]: https://example.com/not-a-source is not in data/sources",
    ),
    (
        "no sources",
        QUESTIONS.replace(f'sources: ["{URL}/"]', "sources: []"),
        "questions[0].sources: List should have at least 1 item",
    ),
    (
        "bad company slug",
        QUESTIONS.replace("[acme-ai, no-loop-co]", "[Acme AI]"),
        "questions[0].companies[0]: must match",
    ),
    ("bad date", QUESTIONS.replace('"2025-11"', '"2025-11-03"'), "questions[0].reported: String should match pattern"),
    ("unknown key", QUESTIONS.replace("format:", "fromat:"), "questions[0].fromat: unknown field"),
    (
        "missing question",
        QUESTIONS.replace("    question: Implement an LRU cache.\n", ""),
        "questions[0].question: required",
    ),
    ("bad id", QUESTIONS.replace("id: lru-cache", "id: LRU cache"), "questions[0].id: String should match pattern"),
]


@pytest.mark.parametrize("label,text,words", BAD_QUESTIONS, ids=[row[0] for row in BAD_QUESTIONS])
def test_a_bad_question_names_file_and_field_and_leaves_the_database_alone(tmp_path, label, text, words):
    result, db = build(tmp_path)
    assert result.exit_code == 0, result.output
    before = digest(db)
    result, _ = build(tmp_path, {"questions/coding.yaml": text})
    assert result.exit_code == 1
    assert f"data/questions/coding.yaml: {words}" in result.output
    assert "Traceback" not in result.output
    assert digest(db) == before


def test_a_duplicate_id_names_both_files(tmp_path):
    result, db = build(tmp_path)
    before = digest(db)
    result, _ = build(tmp_path, {"questions/more.yaml": QUESTIONS.split("  - id: rag-eval")[0]})
    assert result.exit_code == 1
    assert (
        "data/questions/more.yaml: questions[0].id: duplicate question id 'lru-cache' (also in data/questions/coding.yaml)"
        in result.output
    )
    assert digest(db) == before


def test_every_question_of_the_project_data_is_built(db_path):
    connection = sqlite3.connect(db_path)
    questions = load_data(DATA_DIR).questions
    assert connection.execute("select count(*) from questions").fetchone()[0] == len(questions) > 0
    # encounters: the distinct sources (after URL normalisation) the YAML cites for each question.
    built = dict(connection.execute("select id, encounters from questions"))
    expected = {question.id: len({normalise_url(url) for url in question.sources}) for _, question in questions}
    assert built == expected
    links = connection.execute("select count(*) from question_companies").fetchone()[0]
    expected = connection.execute("select count(*) from questions, json_each(questions.companies)").fetchone()[0]
    assert links == expected > 0


def test_topic_lists_are_step_topics_and_only_real_questions_stay_questions(db_path):
    connection = sqlite3.connect(db_path)
    rows = connection.execute("select company, questions, topics from steps").fetchall()
    questions = [q for _, text, _ in rows for q in json.loads(text)]
    topics = {(company, t) for company, _, text in rows for t in json.loads(text)}
    assert ("openai", "Caching mechanisms") in topics
    assert {"openai", "google", "google-deepmind"} <= {company for company, _ in topics}
    assert "Caching mechanisms" not in questions
    assert len(questions) == 16
    # Every step question is also in the bank: a question of the same company citing the loop's source.
    dataset = load_data(DATA_DIR)
    bank = [(set(question.companies), set(question.sources)) for _, question in dataset.questions]
    for company in dataset.companies:
        for _, process in company.processes:
            for step in process.steps:
                for text in step.questions:
                    asked = [q for q in bank if company.slug in q[0] and q[1] & set(process.sources)]
                    assert asked, (company.slug, text)


async def test_the_checklist_shows_a_rounds_topics(ds):
    page = (await ds.client.get("/-/prep/google-deepmind")).text
    assert "Topics covered:</strong> LLM training, serving and inference optimisation;" in page
    markdown = (await ds.client.get("/-/prep/google-deepmind.md")).text
    assert "**Topics covered:** LLM training" in markdown
    data = (await ds.client.get("/-/prep/google-deepmind.json")).json()
    assert any(r["topics"] for r in data["rounds"]) and not any(r["questions"] for r in data["rounds"])
