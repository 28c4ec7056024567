"""The helpers every plugin template may call, registered once (the extra_template_vars hook).

Only the plugin's own templates get them; Datasette's pages are left as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from datasette_interview_prep.core.durations import format_minutes
from datasette_interview_prep.core.labels import PROCESS_KIND_NOUNS
from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.render.labels import round_type_list
from datasette_interview_prep.render.questions import entry_facts, source_facts
from datasette_interview_prep.web.links import prep_url
from datasette_interview_prep.web.state import plugin_state

if TYPE_CHECKING:
    from datasette.app import Datasette

PLUGIN_TEMPLATES = frozenset(path.name for path in (Path(__file__).parent / "templates").glob("*.html"))


def kinds_label(kinds_json: str | None) -> str:
    """A company's process kinds (a JSON list) as 'job posting + candidate report'."""
    kinds = json.loads(kinds_json or "[]")
    return " + ".join(PROCESS_KIND_NOUNS.get(kind, kind) for kind in kinds)


def template_vars(template: str, datasette: Datasette) -> dict[str, Any]:
    if template not in PLUGIN_TEMPLATES:
        return {}
    state = plugin_state(datasette)
    if state.template_helpers is None:

        def company_page(slug: str) -> str:
            return prep_url(datasette, slug)

        state.template_helpers = {
            "company_page": company_page,
            "format_minutes": format_minutes,
            "round_type_list": round_type_list,
            "entry_facts": entry_facts,
            "source_facts": source_facts,
            "name_key": name_key,
            "kinds_label": kinds_label,
        }
    return state.template_helpers
