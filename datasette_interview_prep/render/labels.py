"""Short labels the pages print: lists of round types, download file names."""

from __future__ import annotations

from collections.abc import Sequence

from datasette_interview_prep.core.rounds import ROUND_TYPES_BY_SLUG
from datasette_interview_prep.core.slugs import slugify


def round_type_list(slugs: Sequence[str]) -> str:
    """['coding', 'founder'] -> 'live coding, founder / CEO / leadership' (acronyms keep their capitals)."""
    labels = (ROUND_TYPES_BY_SLUG[slug].label for slug in slugs)
    return ", ".join(label if label[1:2].isupper() else label[:1].lower() + label[1:] for label in labels)


def download_filename(name: str, fmt: str) -> str:
    """What an export is saved as: '{name}-prep.{fmt}' ('interview' when the name has no letters)."""
    return f"{slugify(name) or 'interview'}-prep.{fmt}"
