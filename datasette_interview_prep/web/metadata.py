"""Metadata (descriptions, facets, canned queries) the plugin supplies for the interview database.

Everything is read from the packaged metadata.yml, which is written for a
database called `interview`, and re-keyed to the name(s) the interview
database actually has (`datasette my-copy.db` serves it as `my-copy`). The
canned search query's `{bm25 TABLE}` markers become the bm25 column weights
core/search.py declares for TABLE, the ranking of every other search.
Local metadata (`-m metadata.yml`) is merged over this by Datasette, key by
key, so passing the same file again changes nothing.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from markupsafe import escape

from datasette_interview_prep.core.search import table_rank_function
from datasette_interview_prep.web.interview_db import interview_databases
from datasette_interview_prep.web.links import entry_links_html
from datasette_interview_prep.web.ranked_tables import sortable_columns

if TYPE_CHECKING:
    from datasette.app import Datasette

METADATA_PATH = Path(__file__).with_name("metadata.yml")
CANONICAL_NAME = "interview"
POSTINGS_MARKER = "--postings:"
RANK_MARKER = re.compile(r"\{bm25 (\w+)\}")


@functools.cache
def packaged_metadata() -> dict[str, Any]:
    """metadata.yml as written (read once; do not mutate the result)."""
    with METADATA_PATH.open(encoding="utf-8") as handle:
        metadata: dict[str, Any] = yaml.safe_load(handle)
    return metadata


def sql_for_schema(sql: str, has_postings: bool) -> str:
    """Uncomment the `--postings:` lines when the database has postings, else drop them."""
    lines = []
    for line in sql.splitlines():
        if line.lstrip().startswith(POSTINGS_MARKER):
            if not has_postings:
                continue
            line = line.replace(POSTINGS_MARKER, "", 1)
        lines.append(line)
    return "\n".join(lines)


def with_rank_weights(sql: str) -> str:
    """Each `{bm25 TABLE}` as FTS5's rank function with TABLE's declared column weights: 'bm25(5.0, 1.0)'."""
    return RANK_MARKER.sub(lambda match: f"'{table_rank_function(match[1])}'", sql)


def database_metadata(has_postings: bool) -> dict[str, Any]:
    """The `databases.interview` block of metadata.yml, its SQL fitted to the schema and ranked as
    every other search is (a new dict)."""
    block: dict[str, Any] = json.loads(json.dumps(packaged_metadata()["databases"][CANONICAL_NAME]))
    for query in block.get("queries", {}).values():
        query["sql"] = with_rank_weights(sql_for_schema(query["sql"], has_postings))
    return block


def _with_entry_links(block: dict[str, Any], links_html: str) -> dict[str, Any]:
    """The block's description as HTML followed by the links to the plugin's pages."""
    description = str(escape(block.get("description", "")))
    return {**block, "description_html": f"<p>{description}</p>{links_html}"}


@functools.lru_cache(maxsize=64)
def _metadata_for(databases: tuple[tuple[str, bool], ...], links_html: str) -> dict[str, Any]:
    metadata = {key: value for key, value in packaged_metadata().items() if key != "databases"}
    metadata = _with_entry_links(metadata, links_html)
    metadata["databases"] = {
        name: _with_entry_links(database_metadata(has_postings), links_html) for name, has_postings in databases
    }
    return metadata


def _copy_dicts(mapping: dict[str, Any]) -> dict[str, Any]:
    """Copy every nested dict (what Datasette updates in place); lists and strings are never mutated."""
    return {key: _copy_dicts(value) if type(value) is dict else value for key, value in mapping.items()}


def plugin_metadata(datasette: Datasette) -> dict[str, Any]:
    """Metadata for every attached interview database, or {} when there is none.

    A fresh dict each call: Datasette merges local metadata and canned queries
    into what hooks return, in place.
    """
    databases = interview_databases(datasette)
    if not databases:
        return {}
    databases_key = tuple((database.name, database.has_postings) for database in databases)
    metadata = _copy_dicts(_metadata_for(databases_key, str(entry_links_html(datasette))))
    for database in databases:
        tables = metadata["databases"][database.name].setdefault("tables", {})
        for table, columns in sortable_columns(datasette, database.name).items():
            tables.setdefault(table, {})["sortable_columns"] = columns
    return metadata
