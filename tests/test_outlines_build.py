"""Answer outlines: data/outlines/*.yaml -> the question_outlines table, validated like every data file,
and a check that no two outlines of the project's data are near copies of each other."""

from __future__ import annotations

import itertools
import json
import random
import re
import sqlite3

import pytest
from conftest import DATA_DIR
from test_build import digest
from test_questions_build import QUESTIONS, URL, build

from datasette_interview_prep.build.load import load_data

OUTLINES = f"""\
outlines:
  - id: lru-cache
    tests: Whether you can pair a hash map with a doubly linked list.
    key_points:
      - A dict from key to node, and a list ordered by use.
      - get and put in O(1).
    pitfalls:
      - Forgetting to move a read key to the front.
    follow_ups:
      - question: Make it thread-safe.
        source: "{URL}/"
      - question: Add a time-to-live.
"""


def test_outlines_are_built_one_row_per_question(tmp_path):
    result, db = build(tmp_path, {"outlines/coding.yaml": OUTLINES})
    assert result.exit_code == 0, result.output
    assert "1 question_outlines" in result.output
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    [row] = connection.execute("select * from question_outlines").fetchall()
    assert row["question_id"] == "lru-cache"
    assert row["tests"] == "Whether you can pair a hash map with a doubly linked list."
    assert json.loads(row["key_points"]) == [
        "A dict from key to node, and a list ordered by use.",
        "get and put in O(1).",
    ]
    assert json.loads(row["pitfalls"]) == ["Forgetting to move a read key to the front."]
    # The follow-up's URL is normalised like every cited URL (the trailing slash goes).
    assert json.loads(row["follow_ups"]) == [
        {"question": "Make it thread-safe.", "source": URL},
        {"question": "Add a time-to-live.", "source": None},
    ]
    assert row["file"] == "data/outlines/coding.yaml"
    keys = connection.execute("pragma foreign_key_list(question_outlines)").fetchall()
    assert [(key["table"], key["from"], key["to"]) for key in keys] == [("questions", "question_id", "id")]


BAD_OUTLINES = [
    (
        "unknown question",
        OUTLINES.replace("id: lru-cache", "id: no-such-question"),
        "outlines[0].id: no question has the id 'no-such-question' (data/questions)",
    ),
    (
        "no key points",
        OUTLINES.replace("      - get and put in O(1).\n", "")
        .replace("      - A dict from key to node, and a list ordered by use.\n", "")
        .replace("    key_points:\n", "    key_points: []\n"),
        "outlines[0].key_points:",
    ),
    ("a typo", OUTLINES.replace("pitfalls:", "pitfals:"), "outlines[0].pitfals: unknown field (a typo?)"),
    (
        "missing tests",
        OUTLINES.replace("    tests: Whether you can pair a hash map with a doubly linked list.\n", ""),
        "outlines[0].tests: required field is missing",
    ),
    (
        "follow-up source not a source",
        OUTLINES.replace(f'source: "{URL}/"', "source: https://example.com/nowhere"),
        "outlines[0].follow_ups[0].source: https://example.com/nowhere is not in data/sources",
    ),
    (
        "two outlines for one question",
        OUTLINES + OUTLINES.removeprefix("outlines:\n"),
        "outlines[1].id: a second outline for 'lru-cache' (the first is in data/outlines/coding.yaml)",
    ),
]


@pytest.mark.parametrize("label,text,words", BAD_OUTLINES, ids=[row[0] for row in BAD_OUTLINES])
def test_a_bad_outline_names_file_and_field_and_leaves_the_database_alone(tmp_path, label, text, words):
    result, db = build(tmp_path, {"outlines/coding.yaml": OUTLINES})
    assert result.exit_code == 0, result.output
    before = digest(db)
    result, _ = build(tmp_path, {"outlines/coding.yaml": text})
    assert result.exit_code == 1
    assert f"data/outlines/coding.yaml: {words}" in result.output
    assert "Traceback" not in result.output
    assert digest(db) == before


def test_a_question_without_an_outline_still_builds(tmp_path):
    result, db = build(tmp_path, {"questions/coding.yaml": QUESTIONS})
    assert result.exit_code == 0, result.output
    assert sqlite3.connect(db).execute("select count(*) from question_outlines").fetchone()[0] == 0


# --- The project's outlines ------------------------------------------------------------------------------

# Jaccard similarity of the sets of 3-word shingles of two outlines' key points. Outlines written
# independently share a few stock phrases ("the trade-off between", "how you would"): across the 488
# outlines the most similar pair scores 0.06. A copy with one word in eight changed still scores about
# 0.4 (each change breaks three shingles), so 0.2 separates the two with room on both sides.
NEAR_COPY = 0.2
_WORD = re.compile(r"[a-z0-9]+")


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[index : index + size]) for index in range(len(words) - size + 1)}


def jaccard(first: set[tuple[str, ...]], second: set[tuple[str, ...]]) -> float:
    return len(first & second) / len(first | second) if first or second else 0.0


def _key_point_shingles() -> dict[str, set[tuple[str, ...]]]:
    return {outline.id: shingles(" ".join(outline.key_points)) for _, outline in load_data(DATA_DIR).outlines}


def test_every_question_of_the_bank_has_an_outline_in_the_database(db_path):
    connection = sqlite3.connect(db_path)
    missing = connection.execute(
        "select id from questions where id not in (select question_id from question_outlines)"
    ).fetchall()
    assert missing == []
    assert connection.execute("select count(*) from question_outlines").fetchone()[0] == len(
        load_data(DATA_DIR).questions
    )


def test_no_two_outlines_are_near_copies():
    by_id = _key_point_shingles()
    close = [
        (round(jaccard(by_id[a], by_id[b]), 2), a, b)
        for a, b in itertools.combinations(sorted(by_id), 2)
        if jaccard(by_id[a], by_id[b]) >= NEAR_COPY
    ]
    assert close == []


def test_the_near_copy_check_catches_a_lightly_edited_copy():
    outlines = load_data(DATA_DIR).outlines
    _, original = random.Random(24).choice(outlines)
    words = " ".join(original.key_points).split()
    edited = " ".join("changed" if index % 8 == 7 else word for index, word in enumerate(words))
    assert jaccard(shingles(" ".join(original.key_points)), shingles(edited)) >= NEAR_COPY
