"""Which companies the picker on /-/prep lists: a bounded number, so the page stays small at any scale.

With nothing typed it lists the LISTED_COMPANIES companies with the most sources; with a name typed,
the companies whose folded name or slug contains it (core/names.name_key), the most-sourced first, at
most LISTED_COMPANIES of them. The page shows them by name and says how many it left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from datasette_interview_prep.core.names import name_key

LISTED_COMPANIES = 100


@dataclass(frozen=True)
class PickerCompany:
    slug: str
    name: str
    source_count: int


@dataclass(frozen=True)
class PickerListing:
    slugs: list[str]  # the companies to list, at most `limit`
    matched: int  # how many match the typed name (every company when none is typed)
    total: int  # how many companies the data has

    @property
    def partial(self) -> bool:
        return len(self.slugs) < self.matched


def rank_companies(companies: Sequence[PickerCompany]) -> list[PickerCompany]:
    """Most sources first, then by name: the order the picker chooses in (done once per database file)."""
    return sorted(companies, key=lambda company: (-company.source_count, company.name.casefold(), company.slug))


def companies_to_list(ranked: Sequence[PickerCompany], typed: str, limit: int = LISTED_COMPANIES) -> PickerListing:
    """The first `limit` of the companies (in rank_companies order) whose folded name or slug contains
    `typed`: all of them when it folds to nothing."""
    needle = name_key(typed)
    if not needle:
        return PickerListing([company.slug for company in ranked[:limit]], len(ranked), len(ranked))
    matching = [
        company.slug for company in ranked if needle in name_key(company.name) or needle in name_key(company.slug)
    ]
    return PickerListing(matching[:limit], len(matching), len(ranked))
