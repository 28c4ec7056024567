"""What the importers read from the field guide's footnoted markdown: headings, list items, footnotes.

    ## Coding Problems
    ### OpenAI-Specific Coding
    - KV Store Serialize/Deserialize. [^hello-interview]

    [^hello-interview]: [Hello Interview - OpenAI L5](https://www.hellointerview.com/guides/openai/l5) (Jan 2026)

Only structure is returned; what to keep of it (facts only) is each importer's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from datasette_interview_prep.importers.linklists import FOOTNOTE_DEFINITION, HEADING, LINK, LINK_META, parse_meta

_BULLET = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+(.*\S)\s*$")
# `[^key]`, and the guide's one typo `[^process-analysis [^fonzi-ai]` (a reference left unclosed).
FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\[\s]+)(?:\]|(?=\s*\[\^))")


@dataclass(frozen=True)
class Footnote:
    key: str
    url: str
    title: str
    published: str | None  # from "(Jan 2026)" or "(r/x, Oct 2025)" after the link
    community: str | None


@dataclass(frozen=True)
class Bullet:
    text: str  # as written, footnote references included
    headings: tuple[str, ...]  # (h1, h2, h3, ...) it sits under, without the '#'s
    line: int


def footnotes(text: str) -> dict[str, Footnote]:
    """Every footnote definition whose body starts with a link: key -> url, link text and the date after it."""
    found: dict[str, Footnote] = {}
    for line in text.splitlines():
        match = FOOTNOTE_DEFINITION.match(line.strip())
        if not match:
            continue
        link = LINK.search(match.group(2))
        if not link:
            continue
        meta = {}
        if parenthesis := LINK_META.match(match.group(2)[link.end() :]):
            meta = parse_meta(parenthesis.group(1))
        found.setdefault(
            match.group(1),
            Footnote(
                match.group(1), link.group(2), link.group(1).strip(), meta.get("published"), meta.get("community")
            ),
        )
    return found


def bullets(text: str) -> list[Bullet]:
    """Every list item with the headings above it (footnote definitions are not list items)."""
    headings: dict[int, str] = {}
    items: list[Bullet] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if match := HEADING.match(line):
            level = len(match.group(1))
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = match.group(2).strip()
            continue
        if match := _BULLET.match(line):
            items.append(Bullet(match.group(1), tuple(headings[k] for k in sorted(headings)), number))
    return items


def references(text: str) -> list[str]:
    """The footnote keys cited in a piece of text, in order, once each."""
    return list(dict.fromkeys(FOOTNOTE_REFERENCE.findall(text)))


def without_references(text: str) -> str:
    """The text with its footnote references removed and spaces tidied."""
    stripped = re.sub(r"\[\^[^\]\[\s]+\]?", "", text)
    return re.sub(r"\s+", " ", stripped).strip()
