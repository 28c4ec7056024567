"""A question's answer outline (the `question_outlines` table) and the questions related to it.

Outlines are written for this project, not taken from the sources: every page that shows one says so
with `OUTLINE_LABEL`. Pure: rows are plain mappings as web/questions_read.py reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, Field

from datasette_interview_prep.core.search import fts_phrase
from datasette_interview_prep.core.text import json_list
from datasette_interview_prep.planner.rows import RawRow

OUTLINE_LABEL = "Outline written for this project, not from the sources"
RELATED_LIMIT = 5
MAX_SIMILARITY_TERMS = 16
# Words too common in the bank's questions to say what one is about.
_COMMON = frozenset(
    [
        "the",
        "and",
        "for",
        "you",
        "your",
        "with",
        "how",
        "what",
        "why",
        "when",
        "which",
        "who",
        "would",
        "does",
        "did",
        "are",
        "was",
        "were",
        "have",
        "has",
        "had",
        "this",
        "that",
        "from",
        "into",
        "about",
        "over",
        "under",
        "between",
        "will",
        "can",
        "could",
        "should",
        "its",
        "their",
        "them",
        "they",
        "use",
        "using",
        "used",
        "make",
        "one",
        "two",
        "tell",
        "walk",
        "describe",
        "explain",
        "design",
        "build",
        "implement",
        "time",
        "give",
        "example",
    ]
)
_WORD = re.compile(r"[a-z0-9]+")


class FollowUp(BaseModel):
    question: str
    source: str | None = Field(None, description="URL of a source that reports this follow-up, or null")


class Outline(BaseModel):
    question_id: str
    label: str = OUTLINE_LABEL
    tests: str = Field(description="What the question tests")
    key_points: list[str] = Field(description="What a strong answer covers, in order")
    pitfalls: list[str]
    follow_ups: list[FollowUp]


def outline_from_row(row: RawRow) -> Outline:
    follow_ups = [
        FollowUp(question=str(item["question"]), source=item.get("source") or None)
        for item in json_list(row.get("follow_ups"))
        if isinstance(item, dict) and item.get("question")
    ]
    return Outline(
        question_id=str(row["question_id"]),
        tests=str(row.get("tests") or ""),
        key_points=[str(point) for point in json_list(row.get("key_points"))],
        pitfalls=[str(pitfall) for pitfall in json_list(row.get("pitfalls"))],
        follow_ups=follow_ups,
    )


def outlines_by_question(rows: Iterable[RawRow]) -> dict[str, Outline]:
    return {outline.question_id: outline for outline in map(outline_from_row, rows)}


def similarity_match(text: str) -> str | None:
    """An FTS5 MATCH expression that finds text sharing any distinctive word with `text` (bm25 then ranks
    the ones sharing more, and rarer, words first); None when `text` has no such word.

    Every word is a quoted phrase, so nothing in `text` is read as FTS syntax."""
    words: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        if len(word) >= 3 and word not in _COMMON:
            words.setdefault(word)
    terms = [fts_phrase(word) for word in list(words)[:MAX_SIMILARITY_TERMS]]
    return " OR ".join(terms) or None


def related_order(ranked_ids: Iterable[str], own_id: str, limit: int = RELATED_LIMIT) -> list[str]:
    """The related questions to show: best match first, the question itself left out, at most `limit`."""
    return [question_id for question_id in dict.fromkeys(ranked_ids) if question_id != own_id][:limit]
