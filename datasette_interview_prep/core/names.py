"""Company names as people type them: 'open ai', 'open-ai', 'OpenAI' and 'openai' are one company."""

from __future__ import annotations

import re

_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def name_key(text: str) -> str:
    """Case, spaces, hyphens and punctuation folded away: 'Open AI' -> 'openai', 'Eightfold.ai' -> 'eightfoldai'."""
    return _NOT_ALPHANUMERIC.sub("", text.casefold())


# Words that keep their capitals in a name read from a slug ("mistral-ai" -> "Mistral AI").
_UPPER_WORDS = frozenset({"ai", "ml", "llm", "hr", "it", "uk", "us"})


def slug_words(slug: str) -> str:
    """A company's name read from its slug, for a company the data has no name for: 'hippocratic-ai' ->
    'Hippocratic AI', 'big-tech' -> 'Big Tech'."""
    return " ".join(word.upper() if word in _UPPER_WORDS else word.capitalize() for word in slug.split("-") if word)
