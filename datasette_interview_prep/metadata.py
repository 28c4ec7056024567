"""Metadata (descriptions, facets, canned queries) the plugin supplies for the interview database."""

from __future__ import annotations


def plugin_metadata(datasette) -> dict:
    return {}
