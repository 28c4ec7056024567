"""Company slugs: the URL-safe names of /-/prep/{slug} and of data/processes/{slug}.yaml."""

from __future__ import annotations

import re

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
# Company slugs that would be shadowed by a page of the plugin (/-/prep/compare).
RESERVED_SLUGS = frozenset({"compare"})
SLUG_RE = re.compile(SLUG_PATTERN)


def slugify(name: str) -> str:
    """'Prudential plc (PHI)' -> 'prudential-plc-phi'; 'Eightfold.ai' -> 'eightfold-ai'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:64]
