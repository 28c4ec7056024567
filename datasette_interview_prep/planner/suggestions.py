"""What a page suggests beside a checklist: the closest company names, the most similar loops."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from datasette_interview_prep.core.slugs import slugify
from datasette_interview_prep.planner.checklist import Knowledge
from datasette_interview_prep.planner.checklist_model import Checklist
from datasette_interview_prep.planner.similar import CompanyLoops, SimilarCompany, similar_companies

MAX_NAME = 100
MAX_SUGGESTIONS = 5


def closest_companies(wanted: str, companies: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The companies (rows with slug and name) whose slug or slugified name is closest to `wanted` (difflib)."""
    wanted = slugify(wanted[:MAX_NAME])
    by_key: dict[str, Mapping[str, Any]] = {}
    for company in companies:
        by_key.setdefault(company["slug"], company)
        by_key.setdefault(slugify(company["name"]), company)
    matches = difflib.get_close_matches(wanted, list(by_key), n=8, cutoff=0.6)
    return list({by_key[key]["slug"]: by_key[key] for key in matches}.values())[:MAX_SUGGESTIONS]


def similar_to(
    checklist: Checklist,
    knowledge: Knowledge,
    loops: dict[str, CompanyLoops],
    company_slug: str | None,
) -> list[SimilarCompany]:
    """The companies whose loops are most like this checklist's interview rounds."""
    weights = {row["slug"]: row.get("weight") or 1.0 for row in knowledge.round_types}
    loop = [round_.round_type for round_ in checklist.rounds if round_.is_interview]
    return similar_companies(loop, company_slug, loops, weights)
