"""One spelling per value in the postings' category columns, applied when they are imported.

The field guide's exports spell the same category several ways ("Unknown" 22
times and "unknown" 13, "Growth stage" and "Growth-stage", "FULL_TIME"), so a
facet would list one stage twice. Here: markers of a missing value become NULL
(a facet then counts them as blank, not as a stage called "unknown"),
spellings that differ only by case, hyphens or spaces become the one most
postings use, and upper-case codes (FULL_TIME) read as words (Full time).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

CATEGORY_COLUMNS = ("company_stage", "ai_type", "level", "work_type")
MISSING = frozenset({"unknown", "n/a", "na", "none", "null", "not specified", "unspecified", "-", "?"})
_SEPARATORS = re.compile(r"[\s_-]+")
_CODE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")


def category_key(value: str) -> str:
    """What two spellings of one category share: 'Growth-stage' and 'growth stage' -> 'growth stage'."""
    return _SEPARATORS.sub(" ", value).strip().casefold()


def readable(value: str) -> str:
    """'FULL_TIME' -> 'Full time'; anything that is not an upper-case code is kept as written."""
    if _CODE.match(value) and len(value) > 2:
        return value.replace("_", " ").capitalize()
    return value


def normalise_categories(rows: list[dict[str, Any]], columns: tuple[str, ...] = CATEGORY_COLUMNS) -> None:
    """Rewrite `columns` of `rows` in place to one spelling per category (ties: the first in sorted order)."""
    for column in columns:
        spellings: dict[str, Counter[str]] = {}
        for row in rows:
            value = row.get(column)
            if isinstance(value, str):
                spellings.setdefault(category_key(value), Counter())[value.strip()] += 1
        chosen = {
            key: readable(min(counts, key=lambda spelling: (-counts[spelling], spelling)))
            for key, counts in spellings.items()
        }
        for row in rows:
            value = row.get(column)
            if isinstance(value, str):
                key = category_key(value)
                row[column] = None if key in MISSING or not key else chosen[key]
