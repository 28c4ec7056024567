"""Companies the sources mention but the data has no loop for (Meta, Apple, Stripe, ...).

Every company slug of `sources.companies` links to /-/prep/{slug}; for these
the page is built from what there is: the sources about the company, the
typical loop from the base rates (labelled as such, never as the company's),
and the build-your-own-loop form with the company's name filled in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from pydantic import BaseModel, Field

from datasette_interview_prep.core.names import slug_words
from datasette_interview_prep.planner.base_rates import BaseRate, typical_loop
from datasette_interview_prep.planner.rows import RawRow, SourceRow


class MentionedCompany(BaseModel):
    """A company with sources about it and no interview process in the data."""

    slug: str
    name: str = Field(description="As a source title writes it, else read from the slug")
    sources: list[dict[str, object]] = Field(description="The sources about it, most upvoted first, then newest")
    typical_loop: list[BaseRate] = Field(description="Base rates across every company: not this company's loop")


def name_from_titles(slug: str, titles: Sequence[str]) -> str:
    """'wine-adore' and a title 'Interview at Wine Adore' -> 'Wine Adore'; failing a title, the slug's words."""
    words = [re.escape(word) for word in slug.split("-") if word]
    pattern = re.compile(r"\b" + r"[\s\-.]*".join(words) + r"\b", re.IGNORECASE)
    for title in titles:
        match = pattern.search(title)
        if match and not match.group(0).islower():
            return match.group(0)
    return slug_words(slug)


def build_mentioned_company(slug: str, sources: Sequence[RawRow], base_rates: Sequence[BaseRate]) -> MentionedCompany:
    """`sources`: the SourceRows about the company."""
    newest_first = sorted(
        cast("Sequence[SourceRow]", sources), key=lambda source: source.get("published") or "", reverse=True
    )
    ordered = sorted(newest_first, key=lambda source: -(source.get("score") or 0))
    return MentionedCompany(
        slug=slug,
        name=name_from_titles(slug, [source.get("title") or "" for source in ordered]),
        sources=ordered,
        typical_loop=typical_loop(base_rates),
    )
