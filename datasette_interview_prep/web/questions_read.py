"""Read-only SQL behind the question bank (/-/questions), a question's page (/-/questions/{id}), the practice
loop and the checklists' questions.

The bank is read and parsed once per database file (`question_entries`); a
request only runs a full-text search, when it has one, and filters in pure
code (planner/questions.py). A database built before the question bank has
no `questions` table: it reads as an empty bank.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from datasette_interview_prep.core.names import slug_words
from datasette_interview_prep.core.search import table_rank_function
from datasette_interview_prep.planner.outlines import (
    RELATED_LIMIT,
    Outline,
    outlines_by_question,
    related_order,
    similarity_match,
)
from datasette_interview_prep.planner.questions import BankQuestion, entries_from_rows
from datasette_interview_prep.web.interview_db import per_database_file
from datasette_interview_prep.web.sql import read_rows, rows

if TYPE_CHECKING:
    from datasette.database import Database

QUESTION_COLUMNS = "id, question, round_type, topic, topic_label, companies, sources, encounters, reported, format"
# Enough for any page: matches beyond it are not ranked (the bank holds hundreds, not thousands).
MAX_SEARCH_HITS = 2000


async def _has_questions(db: Database) -> bool:
    async def compute() -> bool:
        return "questions" in await db.table_names()

    return await per_database_file(db, "questions_read.has_questions", compute)


async def question_entries(db: Database) -> list[BankQuestion]:
    """Every question of the bank, parsed, with company names resolved; once per database file."""

    async def compute() -> list[BankQuestion]:
        if not await _has_questions(db):
            return []
        names = {row["slug"]: row["name"] for row in await rows(db, "select slug, name from companies")}
        return await read_rows(
            db,
            f"select {QUESTION_COLUMNS} from questions order by id",
            {},
            lambda found: entries_from_rows(found, names),
        )

    return await per_database_file(db, "questions_read.question_entries", compute)


async def company_filter_choices(db: Database) -> dict[str, str]:
    """slug -> name of every company a company filter may take: those in the data, those questions name, and
    those only sources mention (a known company without questions is an empty list, not an error)."""

    async def compute() -> dict[str, str]:
        choices = {row["slug"]: row["name"] for row in await rows(db, "select slug, name from companies order by name")}
        for entry in await question_entries(db):
            for company in entry.companies:
                choices.setdefault(company.slug, company.name)
        if "source_companies" in await db.table_names():
            for row in await rows(db, "select distinct company from source_companies order by company"):
                choices.setdefault(row["company"], slug_words(row["company"]))
        return choices

    return await per_database_file(db, "questions_read.company_filter_choices", compute)


async def companies_with_questions(db: Database) -> dict[str, str]:
    """slug -> name of the companies at least one question names, for the company picker."""

    async def compute() -> dict[str, str]:
        return {company.slug: company.name for entry in await question_entries(db) for company in entry.companies}

    return await per_database_file(db, "questions_read.companies_with_questions", compute)


async def search_rank(db: Database, text: str) -> dict[str, int]:
    """Question id -> rank (0 is the best match, by bm25 with the weights table search uses) for a search;
    the text is made safe by interview_fts_query."""
    if not await _has_questions(db):
        return {}
    found = await rows(
        db,
        "select questions.id from questions_fts join questions on questions.rowid = questions_fts.rowid "
        f"where questions_fts match interview_fts_query(:q) and questions_fts.rank match '{table_rank_function('questions')}'"
        f" order by questions_fts.rank limit {MAX_SEARCH_HITS}",
        {"q": text},
    )
    return {row["id"]: rank for rank, row in enumerate(found)}


async def questions_by_id(db: Database) -> dict[str, BankQuestion]:
    """Question id -> the bank's entry; once per database file."""

    async def compute() -> dict[str, BankQuestion]:
        return {entry.id: entry for entry in await question_entries(db)}

    return await per_database_file(db, "questions_read.questions_by_id", compute)


async def _has_outlines(db: Database) -> bool:
    async def compute() -> bool:
        return "question_outlines" in await db.table_names()

    return await per_database_file(db, "questions_read.has_outlines", compute)


async def outlines(db: Database, question_ids: list[str]) -> dict[str, Outline]:
    """The outlines of these questions (a database built before the outlines has none)."""
    if not question_ids or not await _has_outlines(db):
        return {}
    params = {f"q{index}": question_id for index, question_id in enumerate(question_ids)}
    found = await rows(
        db,
        f"select * from question_outlines where question_id in ({', '.join(':' + name for name in params)})",
        params,
    )
    return outlines_by_question(found)


async def related_ids(db: Database, entry: BankQuestion) -> list[str]:
    """Questions of the same topic and round type, most similar wording first (bm25 over the questions'
    full-text index, with the weights the bank's search uses); the question itself left out."""
    match = similarity_match(entry.question)
    if match is None or not await _has_questions(db):
        return []
    found = await rows(
        db,
        "select questions.id from questions_fts join questions on questions.rowid = questions_fts.rowid "
        "where questions_fts match :match and questions.topic = :topic and questions.round_type = :round_type "
        f"and questions_fts.rank match '{table_rank_function('questions')}' order by questions_fts.rank limit :limit",
        {"match": match, "topic": entry.topic, "round_type": entry.round_type, "limit": RELATED_LIMIT + 1},
    )
    return related_order((row["id"] for row in found), entry.id)


async def source_titles(db: Database, urls: list[str]) -> dict[str, str]:
    """URL -> title of these sources."""
    if not urls:
        return {}
    params = {f"u{index}": url for index, url in enumerate(urls)}
    found = await rows(
        db, f"select url, title from sources where url in ({', '.join(':' + name for name in params)})", params
    )
    return {row["url"]: row["title"] for row in found}
