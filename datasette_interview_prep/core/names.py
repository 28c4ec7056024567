"""Company names as people type them: 'open ai', 'open-ai', 'OpenAI' and 'openai' are one company."""

from __future__ import annotations

import re

_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def name_key(text: str) -> str:
    """Case, spaces, hyphens and punctuation folded away: 'Open AI' -> 'openai', 'Eightfold.ai' -> 'eightfoldai'."""
    return _NOT_ALPHANUMERIC.sub("", text.casefold())
