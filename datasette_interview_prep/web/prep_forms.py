"""What the prep pages share around a checklist: their template basics, the forms, the links they print.

- `prep_context`: what every prep template needs (assets, the default-loop rule);
- the build-your-own-loop form (`build_form`) and the plan form (`plan_form`, `plan_query`);
- links: the sources of a round type or company (`source_filter_url`), close company names
  (`name_suggestions`), download headers (`download_headers`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from datasette_interview_prep.core.rounds import ROUND_TYPES
from datasette_interview_prep.planner.base_rates import typical_loop
from datasette_interview_prep.planner.checklist import DEFAULT_PROCESS_RULE
from datasette_interview_prep.planner.schedule import (
    BY_DAY_UNDER_DAYS,
    CRASH_DAYS,
    MAX_DAYS_AHEAD,
    MAX_HOURS_PER_WEEK,
    MAX_WEEKS,
    PLAN_PARAMETERS,
    PlanError,
)
from datasette_interview_prep.planner.suggestions import MAX_NAME, closest_companies
from datasette_interview_prep.render.labels import download_filename
from datasette_interview_prep.web import prep_read
from datasette_interview_prep.web.links import prep_url
from datasette_interview_prep.web.pages import base_context

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.utils.asgi import Request

MAX_COMPANY_NAME = MAX_NAME
CUSTOM_FORM_SLOTS = 8
DEFAULT_HOURS_PER_WEEK = 6
MAX_SLUG = 100


def prep_context(datasette: Datasette) -> dict[str, Any]:
    return {**base_context(datasette), "default_process_rule": DEFAULT_PROCESS_RULE}


def today() -> date:
    """The server's date: what 'in the past' and the first day of a plan are measured from."""
    return date.today()


def round_type_choices() -> list[dict[str, str]]:
    return [{"slug": round_type.slug, "label": round_type.label} for round_type in ROUND_TYPES]


async def build_form(db: Database, company_name: str) -> dict[str, Any]:
    """The build-your-own-loop form: round-type choices, slots starting from the typical loop, the company's name."""
    typical = [rate.round_type for rate in typical_loop(await prep_read.base_rates_of(db))]
    slots = (typical + [""] * CUSTOM_FORM_SLOTS)[: max(CUSTOM_FORM_SLOTS, len(typical) + 1)]
    return {"choices": round_type_choices(), "slots": slots, "company": company_name[:MAX_COMPANY_NAME]}


def plan_query(request: Request) -> dict[str, str]:
    return {name: request.args[name].strip() for name in PLAN_PARAMETERS if (request.args.get(name) or "").strip()}


def plan_form(request: Request, query: dict[str, str], plan_error: PlanError | None) -> dict[str, Any]:
    """What the plan form shows: the values as typed (escaped by the template), limits, the error."""
    start = today()
    return {
        "fields": {name: (request.args.get(name) or "")[:40] for name in PLAN_PARAMETERS},
        "default_hours": DEFAULT_HOURS_PER_WEEK,
        "hidden": query,
        "error": plan_error,
        "min_date": (start + timedelta(days=1)).isoformat(),
        "max_date": (start + timedelta(days=MAX_DAYS_AHEAD)).isoformat(),
        "max_hours": MAX_HOURS_PER_WEEK,
        "per_total": (request.args.get("per") or "").strip() == "total",
        "crash_days": CRASH_DAYS,
        "max_weeks": MAX_WEEKS,
        "by_day_under_days": BY_DAY_UNDER_DAYS,
    }


def source_filter_url(datasette: Datasette, db_name: str, **filters: str) -> str:
    query = urlencode({f"{column}__arraycontains": value for column, value in filters.items()})
    return f"{datasette.urls.table(db_name, 'sources')}?{query}"


def download_headers(name: str, fmt: str) -> dict[str, str]:
    """Exports download (a browser would otherwise open .md and .json in the tab) as '{name}-prep.{fmt}'."""
    return {"Content-Disposition": f'attachment; filename="{download_filename(name, fmt)}"'}


def name_suggestions(datasette: Datasette, wanted: str, companies: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The closest company names to what was asked for, as links."""
    return [
        {"slug": c["slug"], "name": c["name"], "url": prep_url(datasette, c["slug"])}
        for c in closest_companies(wanted, companies)
    ]
