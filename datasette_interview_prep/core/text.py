"""Small text helpers every layer shares: plurals, order-keeping de-duplication, JSON list cells, Markdown."""

from __future__ import annotations

import json
import re
from collections.abc import Hashable, Iterable
from typing import Any, TypeVar

T = TypeVar("T", bound=Hashable)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>])")
_MARKDOWN_TABLE_SPECIAL = re.compile(r"([\\`*\[\]<>|])")


def plural(count: int, word: str) -> str:
    """'1 step', '2 steps', '3 companies', '2 processes'."""
    if count == 1:
        return f"1 {word}"
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}es" if word.endswith("s") else f"{count} {word}s"


def unique(values: Iterable[T]) -> list[T]:
    """The values in first-seen order, each once."""
    return list(dict.fromkeys(values))


def unique_casefold(values: Iterable[str]) -> list[str]:
    """Drop repeats that differ only in case; the first spelling wins."""
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return list(seen.values())


def json_list(value: Any) -> list[Any]:
    """A JSON array cell (or an already-parsed list) as a list; anything else as []."""
    if isinstance(value, list):
        return value
    if value is None or value == "":
        return []
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return []
    return parsed if isinstance(parsed, list) else []


def markdown_text(value: str | None, *, in_table: bool = False) -> str:
    """Data text as literal Markdown on one line: no accidental emphasis, links, HTML (or table cells)."""
    pattern = _MARKDOWN_TABLE_SPECIAL if in_table else _MARKDOWN_SPECIAL
    return pattern.sub(r"\\\1", " ".join((value or "").split()))


def markdown_url(url: str) -> str:
    """A URL as a Markdown link target: parentheses and spaces escaped so the link cannot end early."""
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
