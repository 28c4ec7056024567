"""The `top_homepage` hook (Datasette 1.0a): a company picker with an interview date on `/`.

The form asks /-/prep for `?company=<name>&date=...&hours=...`, which redirects
to that company's checklist (names folded as everywhere: 'open ai' is OpenAI),
with the plan when a date is given. No JavaScript: the names are a <datalist>
of the companies with a loop, the most discussed first, at most
MAX_PICKER_COMPANIES (the box takes any name). Datasette 0.65 has no such hook
and keeps the links in the database description.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from markupsafe import Markup

from datasette_interview_prep.planner.schedule import MAX_DAYS_AHEAD, MAX_HOURS_PER_WEEK
from datasette_interview_prep.web import prep_read, registry
from datasette_interview_prep.web.interview_db import interview_database
from datasette_interview_prep.web.pages import base_context
from datasette_interview_prep.web.prep_forms import DEFAULT_HOURS_PER_WEEK, today

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.utils.asgi import Request

MAX_PICKER_COMPANIES = 300


async def top_homepage(datasette: Datasette, request: Request) -> Markup | None:
    db = interview_database(datasette)
    if db is None:
        return None
    directory = await prep_read.company_directory(db)
    named = sorted(directory, key=lambda row: -(row.get("source_count") or 0))[:MAX_PICKER_COMPANIES]
    context = {
        **base_context(datasette),
        "companies": sorted((row["name"] for row in named), key=str.casefold),
        "company_count": len(directory),
        "action": registry.page_path(datasette, "prep"),
        "questions_url": registry.page_path(datasette, "questions"),
        "search_url": registry.page_path(datasette, "search"),
        "min_date": (today() + timedelta(days=1)).isoformat(),
        "max_date": (today() + timedelta(days=MAX_DAYS_AHEAD)).isoformat(),
        "default_hours": DEFAULT_HOURS_PER_WEEK,
        "max_hours": MAX_HOURS_PER_WEEK,
    }
    return Markup(await datasette.render_template("_prep_home.html", context, request=request))
