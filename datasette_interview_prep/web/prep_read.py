"""Read-only SQL behind the prep pages; every function returns plain rows (dicts).

A company page costs five small queries about the company; the round-type
knowledge and every company's loop (for similar companies) are read once per
database file. None depends on the query string, so
`?process=` and `?rounds=` are validated in pure code.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.planner.base_rates import BaseRate, compute_base_rates
from datasette_interview_prep.planner.checklist import CompanyRows, Knowledge
from datasette_interview_prep.planner.checklist_model import Checklist
from datasette_interview_prep.planner.picker import PickerCompany, rank_companies
from datasette_interview_prep.planner.similar import CompanyLoops, SimilarCompany, loops_from_rows
from datasette_interview_prep.planner.suggestions import similar_to
from datasette_interview_prep.web import questions_read
from datasette_interview_prep.web.interview_db import per_database_file, per_parameters
from datasette_interview_prep.web.sql import Row, read_rows, rows

if TYPE_CHECKING:
    from datasette.database import Database


_SOURCE_COLUMNS = "s.id, s.url, s.title, s.platform, s.community, s.score, s.published, s.round_types"


async def company_rows(db: Database, slug: str) -> CompanyRows | None:
    """The company with its processes, their steps and sources, and the sources about it; None if unknown."""
    companies = await rows(db, "select * from companies where slug = :slug", {"slug": slug})
    if not companies:
        return None
    params = {"slug": slug}
    processes = await rows(db, "select * from processes where company = :slug order by position, id", params)
    steps = await rows(
        db,
        "select process_id, position, name, duration, minutes_low, minutes_high, details, questions, topics, round_type, "
        "family, is_interview from steps where company = :slug order by process_id, position",
        params,
    )
    company_sources = await rows(
        db,
        f"select {_SOURCE_COLUMNS} from source_companies sc join sources s on s.id = sc.source_id "
        "where sc.company = :slug order by s.id",
        params,
    )
    process_sources = await rows(
        db,
        f"select ps.process_id, {_SOURCE_COLUMNS} from process_sources ps join sources s on s.id = ps.source_id "
        "join processes p on p.id = ps.process_id where p.company = :slug order by s.id",
        params,
    )
    return CompanyRows(companies[0], processes, steps, company_sources, process_sources)


async def knowledge(db: Database) -> Knowledge:
    """Round types (with how many sources discuss each), prep items (with their sources' titles and
    companies), the question bank and the companies' names.

    The same for every page, so read once per database file."""
    return await per_database_file(db, "prep_read.knowledge", lambda: _knowledge(db))


async def _knowledge(db: Database) -> Knowledge:
    round_types = await rows(
        db,
        "select rt.*, (select count(*) from source_round_types srt where srt.round_type = rt.slug) as source_count "
        "from round_types rt order by rt.position",
    )
    prep_items = await rows(
        db,
        "select p.id, p.round_type, p.position, p.text, p.sources, ("
        "  select json_group_array(json_object('url', s.url, 'title', s.title, 'platform', s.platform,"
        "    'published', s.published, 'score', s.score, 'companies', json(coalesce(s.companies, '[]'))))"
        "  from prep_item_sources pis join sources s on s.id = pis.source_id where pis.prep_item_id = p.id"
        ") as source_links from prep_items p order by p.round_type, p.position",
    )
    companies = await rows(db, "select slug, name, category from companies")
    return Knowledge(
        round_types,
        prep_items,
        await questions_read.question_entries(db),
        {row["slug"]: row["name"] for row in companies},
        {row["slug"]: row["category"] for row in companies},
    )


async def round_type_sources(db: Database, slugs: list[str]) -> list[Row]:
    """Sources tagged with any of these round types, at any company (one row per source and round type)."""
    if not slugs:
        return []
    placeholders = ", ".join(f":rt{index}" for index in range(len(set(slugs))))
    params = {f"rt{index}": slug for index, slug in enumerate(sorted(set(slugs)))}
    return await rows(
        db,
        f"select srt.round_type, {_SOURCE_COLUMNS} from source_round_types srt "
        f"join sources s on s.id = srt.source_id where srt.round_type in ({placeholders}) order by s.id",
        params,
    )


async def ranked_companies(db: Database) -> list[PickerCompany]:
    """Every company's slug, name and source count, in planner.picker.rank_companies order: what the
    picker on /-/prep chooses the listed ones from. Read and ranked once per database file."""

    async def read() -> list[PickerCompany]:
        found = await rows(db, "select slug, name, source_count from companies")
        return rank_companies(
            [PickerCompany(row["slug"], row["name"] or row["slug"], row["source_count"] or 0) for row in found]
        )

    return await per_database_file(db, "prep_read.ranked_companies", read)


async def mentioned_only(db: Database) -> dict[str, str]:
    """name_key -> slug of the companies the sources mention that have no row in companies (no loop).
    Computed once per database file."""

    async def compute() -> dict[str, str]:
        with_rows = {row["slug"] for row in await company_names(db)}
        return {key: slug for key, slug in (await company_keys(db)).items() if slug not in with_rows}

    return await per_database_file(db, "prep_read.mentioned_only", compute)


async def company_directory(db: Database, slugs: list[str] | None = None) -> list[Row]:
    """Every company (or only these) with its loop lengths and kinds of process, by name, for the pickers."""
    return await rows(
        db,
        "select c.slug, c.name, c.category, c.aggregate, c.process_count, c.kinds, c.source_count, "
        "min(p.interview_stage_count) as min_stages, max(p.interview_stage_count) as max_stages "
        "from companies c left join processes p on p.company = c.slug "
        "where :slugs is null or c.slug in (select value from json_each(:slugs)) "
        "group by c.slug order by c.name collate nocase",
        {"slugs": None if slugs is None else json.dumps(slugs)},
    )


async def base_rate_steps(db: Database) -> list[Row]:
    """(process_id, position, round_type) of every step: the input of checklist.compute_base_rates."""
    return await per_database_file(
        db,
        "prep_read.base_rate_steps",
        lambda: rows(db, "select process_id, position, round_type from steps order by process_id, position"),
    )


async def company_names_rows(db: Database) -> list[Row]:
    return await rows(db, "select slug, name from companies")


async def company_names(db: Database) -> list[Row]:
    return await per_database_file(
        db,
        "prep_read.company_names",
        lambda: rows(db, "select slug, name from companies order by name collate nocase"),
    )


async def picker_companies(db: Database, limit: int) -> list[Row]:
    """Companies that have a loop, the most written about first, at most `limit`: a picker's suggestions."""
    return await per_database_file(
        db,
        f"prep_read.picker_companies.{limit}",
        lambda: rows(
            db,
            "select slug, name from companies where process_count > 0 "
            "order by source_count desc, name collate nocase limit :limit",
            {"limit": limit},
        ),
    )


async def company_by_slug(db: Database, slug: str) -> Row | None:
    found = await rows(db, "select slug, name from companies where slug = :slug", {"slug": slug})
    return found[0] if found else None


async def loop_rows(db: Database) -> tuple[list[Row], list[Row], list[Row]]:
    """Every step's round type, every company's category, and which sources are about which company:
    the inputs of similar.loops_from_rows. Whole tables, read once per file (company_loops), so through
    read_rows, outside the time limit meant for visitors' SQL: at 100x on a loaded machine the three reads
    passed it and a checklist's first visit answered 500."""
    return (
        await read_rows(
            db,
            "select s.company, c.name as company_name, s.process_id, s.position, s.round_type, s.is_interview "
            "from steps s join companies c on c.slug = s.company order by s.company, s.process_id, s.position",
            {},
            list,
        ),
        await read_rows(db, "select slug, category, aggregate from companies order by slug", {}, list),
        await read_rows(db, "select company, source_id from source_companies order by company, source_id", {}, list),
    )


async def mentioned_company_sources(db: Database, slug: str) -> list[Row]:
    """The sources about a company that has no process in the data; [] when it has one or no source names it."""
    return await rows(
        db,
        f"select {_SOURCE_COLUMNS} from source_companies sc join sources s on s.id = sc.source_id "
        "where sc.company = :slug and not exists (select 1 from companies c where c.slug = :slug) order by s.id",
        {"slug": slug},
    )


async def company_keys(db: Database) -> dict[str, str]:
    """name_key of every company's slug and name, and of every slug the sources mention -> its slug.

    So /-/prep/open-ai and /-/prep/Open%20AI find OpenAI. Read once per database file."""

    async def read() -> dict[str, str]:
        keys: dict[str, str] = {}
        for row in await rows(db, "select slug, name from companies order by slug"):
            keys.setdefault(name_key(row["slug"]), row["slug"])
            keys.setdefault(name_key(row["name"]), row["slug"])
        for row in await rows(db, "select distinct company from source_companies order by company"):
            keys.setdefault(name_key(row["company"]), row["company"])
        return keys

    return await per_database_file(db, "prep_read.company_keys", read)


async def posting_rows(db: Database, posting_ids: list[str]) -> list[Row]:
    """The postings a process was read from (none when the database was built without --postings)."""
    if not posting_ids or "postings" not in await db.table_names():
        return []
    return await rows(
        db,
        "select job_id, title, company, location, posted_date from postings"
        " where job_id in (select value from json_each(:ids)) order by job_id",
        {"ids": json.dumps(posting_ids)},
    )


async def company_loops(db: Database) -> dict[str, CompanyLoops]:
    """Every company's loops as round-type sequences, computed once per database file."""

    async def compute() -> dict[str, CompanyLoops]:
        return loops_from_rows(*await loop_rows(db))

    return await per_database_file(db, "checklist_response.loops", compute)


async def base_rates_of(db: Database) -> list[BaseRate]:
    """How often each round type appears across every process, computed once per database file
    (grouping and sorting 27,000 steps at 100x takes 36 ms)."""

    async def compute() -> list[BaseRate]:
        return compute_base_rates(await base_rate_steps(db))

    return await per_database_file(db, "checklist_response.base_rates", compute)


async def similar_companies_to(db: Database, checklist: Checklist, company_slug: str | None) -> list[SimilarCompany]:
    """similar_to() for a checklist, once per database file, company and loop (its interview round types).

    Scoring every other company's loops is most of a checklist's first visit at 100x (6,800 companies),
    and every checklist with a plan was a first visit: the answer depends on nothing else, so it is kept
    in the bounded per-parameters LRU.
    """
    loop = [round_.round_type for round_ in checklist.rounds if round_.is_interview]

    async def compute() -> list[SimilarCompany]:
        return similar_to(checklist, await knowledge(db), await company_loops(db), company_slug)

    return await per_parameters(db, f"similar:{company_slug or ''}:{','.join(loop)}", compute)


async def co_mentioned_companies(db: Database, slug: str, limit: int = 5) -> list[Row]:
    """The companies with a loop that the sources about `slug` also discuss, most shared sources first."""
    return await rows(
        db,
        "select c.slug, c.name, count(*) as shared from source_companies mine "
        "join source_companies other on other.source_id = mine.source_id and other.company != mine.company "
        "join companies c on c.slug = other.company where mine.company = :slug "
        "group by c.slug order by shared desc, c.name collate nocase limit :limit",
        {"slug": slug, "limit": limit},
    )
