"""The plugin's URL patterns, shared by register_routes and the guard (which answers 404s under them itself)."""

from __future__ import annotations

import re

PREP_INDEX = r"^/-/prep$"
PREP_COMPARE = r"^/-/prep/compare(\.(?P<format>json|md))?$"
PREP_COMPANY = r"^/-/prep/(?P<slug>[^/]+?)(\.(?P<format>json|md|ics))?$"
INTERVIEW_STATS = r"^/-/interview-stats(\.(?P<format>json))?$"
QUESTIONS = r"^/-/questions(\.(?P<format>json|md))?$"
SEARCH = r"^/-/search(\.(?P<format>json))?$"
PATTERNS = (PREP_INDEX, PREP_COMPARE, PREP_COMPANY, INTERVIEW_STATS, QUESTIONS, SEARCH)
# Everything under these prefixes is the plugin's namespace, matched or not.
NAMESPACE = re.compile(r"^/-/(prep|interview-stats|questions|search)(?:[/.]|$)")
_COMPILED = tuple(re.compile(pattern) for pattern in PATTERNS)


def in_namespace(path: str) -> bool:
    return NAMESPACE.match(path) is not None


def is_plugin_route(path: str) -> bool:
    """True if `path` (the raw path Datasette routes on) is one of the plugin's pages."""
    return any(pattern.match(path) for pattern in _COMPILED)
