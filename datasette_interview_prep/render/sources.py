"""A source as the Markdown documents write it: its link, then what is known of it (platform, date)."""

from __future__ import annotations

from typing import Protocol

from datasette_interview_prep.core.labels import platform_words
from datasette_interview_prep.core.text import markdown_text, markdown_url


class Source(Protocol):
    """A checklist's SourceLink or a question's QuestionSource."""

    @property
    def url(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def platform(self) -> str | None: ...

    @property
    def published(self) -> str | None: ...


def source_facts(source: Source) -> str:
    """'reddit, 2025-06' (what is known of it)."""
    return ", ".join(fact for fact in (platform_words(source.platform), source.published) if fact)


def markdown_link(source: Source) -> str:
    return f"[{markdown_text(source.title)}]({markdown_url(source.url)})"


def source_markdown(source: Source) -> str:
    """'[Title](url) (reddit, 2025-06)'."""
    facts = source_facts(source)
    return markdown_link(source) + (f" ({markdown_text(facts)})" if facts else "")
