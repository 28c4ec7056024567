"""Views of the prep checklist pages: fetch rows (prep_read), build (checklist), render.

- /-/prep                          pick a company; ?rounds=a,b&company=X a custom loop;
                                   ?loop=typical the typical loop (both also ?format=json|md)
- /-/prep/{slug}[.json|.md]        a company's checklist; ?process=ID picks one of its processes
- /-/prep/compare                  not yet (the planner)
"""

from __future__ import annotations

import difflib
import json
from typing import Any
from urllib.parse import urlencode

from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from . import prep_read
from .checklist import (
    MAX_CUSTOM_ROUNDS,
    Checklist,
    UnknownProcess,
    UnknownRoundTypes,
    build_checklist,
    build_custom_checklist,
    build_typical_checklist,
    compute_base_rates,
    parse_round_types,
    typical_loop,
)
from .interview_db import interview_database
from .models import slugify
from .prep_render import (
    checklist_json,
    checklist_markdown,
    duration_text,
    evidence_summary,
    item_groups,
    provenance,
    summary_line,
)
from .rounds import ROUND_TYPES

STATIC_PLUGIN = "datasette_interview_prep"
ALLOWED_METHODS = "GET, HEAD"
MAX_COMPANY_NAME = 100
FORMATS = ("json", "md")
CUSTOM_FORM_SLOTS = 8


class PrepError(Exception):
    """A 4xx answer: rendered as an HTML page, or as JSON/text for the other formats."""

    def __init__(self, status: int, title: str, message: str, **context: Any):
        super().__init__(message)
        self.status, self.title, self.message, self.context = status, title, message, context


def _method_not_allowed(request) -> Response | None:
    if request.method in ("GET", "HEAD"):
        return None
    return Response.text("Method not allowed: these pages answer GET and HEAD only.\n", status=405,
                         headers={"Allow": ALLOWED_METHODS})


def _base_context(datasette) -> dict[str, Any]:
    return {
        "prep_css_url": datasette.urls.static_plugins(STATIC_PLUGIN, "prep.css"),
        "prep_js_url": datasette.urls.static_plugins(STATIC_PLUGIN, "prep.js"),
        "index_url": datasette.urls.path("/-/prep"),
    }


async def _error_response(datasette, request, error: PrepError, fmt: str | None) -> Response:
    if fmt == "json":
        body = {"ok": False, "status": error.status, "title": error.title, "error": error.message}
        body.update({key: value for key, value in error.context.items() if key in ("suggestions", "round_types", "processes")})
        return Response.json(body, status=error.status)
    if fmt in ("md", "ics"):
        return Response.text(f"{error.title}\n\n{error.message}\n", status=error.status)
    context = {**_base_context(datasette), "title": error.title, "message": error.message, **error.context}
    return Response.html(await datasette.render_template("prep_error.html", context, request=request),
                         status=error.status)


def _no_database_error() -> PrepError:
    return PrepError(
        404, "No interview database attached",
        "Datasette is running without an interview database, so there is nothing to build a checklist from. "
        "Build one with `python build_db.py` and start Datasette with `datasette interview.db`.",
        no_database=True,
    )


def _round_type_choices() -> list[dict[str, str]]:
    return [{"slug": round_type.slug, "label": round_type.label} for round_type in ROUND_TYPES]


def _source_filter_url(datasette, db_name: str, **filters: str) -> str:
    query = urlencode({f"{column}__arraycontains": value for column, value in filters.items()})
    return f"{datasette.urls.table(db_name, 'sources')}?{query}"


def _export_url(datasette, checklist: Checklist, page_path: str, query: dict[str, str], fmt: str) -> str:
    """Company checklists export as /-/prep/{slug}.md; the others as /-/prep?...&format=md."""
    if checklist.kind == "company":
        return datasette.urls.path(page_path, format=fmt) + (f"?{urlencode(query)}" if query else "")
    return datasette.urls.path(page_path) + "?" + urlencode({**query, "format": fmt})


async def _render_checklist(datasette, request, db, checklist: Checklist, fmt: str | None,
                            page_path: str, query: dict[str, str], **context: Any) -> Response:
    if fmt == "json":
        return Response.json(checklist_json(checklist))
    page_url = datasette.urls.path(page_path) + (f"?{urlencode(query)}" if query else "")
    if fmt == "md":
        markdown = checklist_markdown(checklist, datasette.absolute_url(request, page_url))
        return Response(markdown, content_type="text/markdown; charset=utf-8")
    company_slug = checklist.company.slug if checklist.company else None
    process_id = checklist.process.id if checklist.process else None
    rounds = [
        {
            "round": round_,
            "duration": duration_text(round_),
            "item_groups": item_groups(round_),
            "evidence_summary": evidence_summary(round_.evidence, checklist.company_name, mention_all_companies=False),
            "evidence_url": _source_filter_url(
                datasette, db.name, round_types=round_.round_type,
                **({"companies": company_slug} if round_.evidence.scope == "company" else {})),
            "round_type_url": _source_filter_url(datasette, db.name, round_types=round_.round_type),
        }
        for round_ in checklist.rounds
    ]
    template_context = {
        **_base_context(datasette),
        "checklist": checklist,
        "rounds": rounds,
        "provenance": provenance(checklist),
        "summary_line": summary_line(checklist),
        "json_url": _export_url(datasette, checklist, page_path, query, "json"),
        "md_url": _export_url(datasette, checklist, page_path, query, "md"),
        "page_url": page_url,
        "company_sources_url": _source_filter_url(datasette, db.name, companies=company_slug) if company_slug else None,
        "process_url": datasette.urls.row(db.name, "processes", tilde_encode(process_id)) if process_id else None,
        "steps_url": f"{datasette.urls.table(db.name, 'steps')}?{urlencode({'process_id': process_id})}"
        if process_id else None,
        "company_page": lambda slug: datasette.urls.path(f"/-/prep/{slug}"),
        **context,
    }
    return Response.html(await datasette.render_template("prep_company.html", template_context, request=request))


# --- /-/prep ------------------------------------------------------------------------------------------


async def prep_index(datasette, request) -> Response:
    if (refused := _method_not_allowed(request)) is not None:
        return refused
    fmt = request.args.get("format") or None
    try:
        if fmt is not None and fmt not in FORMATS:
            fmt = None
            raise PrepError(400, "Unknown format", "The format parameter takes json or md.")
        db = interview_database(datasette)
        if db is None:
            if fmt is None and not _wants_checklist(request):
                return Response.html(await datasette.render_template(
                    "prep_index.html", {**_base_context(datasette), "no_database": True}, request=request))
            raise _no_database_error()
        if "rounds" in request.args:
            return await _custom_checklist(datasette, request, db, fmt)
        if "loop" in request.args:
            return await _typical_checklist(datasette, request, db, fmt)
        if fmt is not None:
            raise PrepError(400, "Nothing to export",
                            "format= applies to a checklist: add rounds=... or loop=typical.")
        return await _company_picker(datasette, request, db)
    except PrepError as error:
        return await _error_response(datasette, request, error, fmt)


def _wants_checklist(request) -> bool:
    return "rounds" in request.args or "loop" in request.args


async def _custom_checklist(datasette, request, db, fmt: str | None) -> Response:
    try:
        slugs = parse_round_types(request.args.getlist("rounds"))
    except UnknownRoundTypes as error:
        count = len(error.unknown)
        raise PrepError(
            400, "Unknown round type" if count == 1 else "Unknown round types",
            f"{count} of the round types asked for {'is' if count == 1 else 'are'} not known. "
            "Use the slugs below, comma-separated, in the order of your loop.",
            round_types=_round_type_choices(),
        ) from None
    if not slugs:
        raise PrepError(400, "No rounds chosen", "Choose at least one round type for your loop.",
                        round_types=_round_type_choices())
    if len(slugs) > MAX_CUSTOM_ROUNDS:
        raise PrepError(400, "Too many rounds", f"A loop can have at most {MAX_CUSTOM_ROUNDS} rounds.",
                        round_types=_round_type_choices())
    company_name = " ".join(request.args.get("company", "").split()) or None
    if company_name and len(company_name) > MAX_COMPANY_NAME:
        raise PrepError(400, "Company name too long", f"Keep the company name under {MAX_COMPANY_NAME} characters.")
    knowledge = await prep_read.knowledge(db)
    sources = await prep_read.round_type_sources(db, slugs)
    checklist = build_custom_checklist(slugs, knowledge, sources, company_name)
    known_company = await prep_read.company_by_slug(db, slugify(company_name)) if company_name else None
    query = {"rounds": ",".join(slugs), **({"company": company_name} if company_name else {})}
    return await _render_checklist(datasette, request, db, checklist, fmt, "/-/prep", query,
                                   known_company=known_company)


async def _typical_checklist(datasette, request, db, fmt: str | None) -> Response:
    if request.args.get("loop") != "typical":
        raise PrepError(400, "Unknown loop", "loop= takes one value: typical.")
    base_rates = compute_base_rates(await prep_read.base_rate_steps(db))
    knowledge = await prep_read.knowledge(db)
    sources = await prep_read.round_type_sources(db, [rate.round_type for rate in typical_loop(base_rates)])
    checklist = build_typical_checklist(base_rates, knowledge, sources)
    return await _render_checklist(datasette, request, db, checklist, fmt, "/-/prep", {"loop": "typical"})


async def _company_picker(datasette, request, db) -> Response:
    directory = await prep_read.company_directory(db)
    base_rates = compute_base_rates(await prep_read.base_rate_steps(db))
    search = " ".join(request.args.get("q", "").split())[:MAX_COMPANY_NAME]
    needle = search.lower()
    shown = [row for row in directory if needle in row["name"].lower() or needle in row["slug"]] if needle else directory
    typical = [rate.round_type for rate in typical_loop(base_rates)]
    slots = (typical + [""] * CUSTOM_FORM_SLOTS)[:max(CUSTOM_FORM_SLOTS, len(typical) + 1)]
    context = {
        **_base_context(datasette),
        "companies": shown,
        "company_count": len(directory),
        "search": search,
        "base_rates": base_rates,
        "typical_slugs": set(typical),
        "process_total": base_rates[0].total_processes if base_rates else 0,
        "round_types": _round_type_choices(),
        "form_slots": slots,
        "typical_url": datasette.urls.path("/-/prep") + "?loop=typical",
        "company_page": lambda slug: datasette.urls.path(f"/-/prep/{slug}"),
        "steps_facet_url": f"{datasette.urls.table(db.name, 'steps')}?_facet=round_type",
        "kinds_label": _kinds_label,
    }
    return Response.html(await datasette.render_template("prep_index.html", context, request=request))


def _kinds_label(kinds_json: str | None) -> str:
    kinds = json.loads(kinds_json or "[]")
    labels = {"job_posting": "job posting", "candidate_report": "candidate report"}
    return " + ".join(labels.get(kind, kind) for kind in kinds)


# --- /-/prep/{slug} -----------------------------------------------------------------------------------


def _suggestions(datasette, wanted: str, companies: list[dict]) -> list[dict[str, str]]:
    """The closest company names to what was asked for (difflib), as links."""
    wanted = slugify(wanted[:MAX_COMPANY_NAME])
    by_key: dict[str, dict] = {}
    for company in companies:
        by_key.setdefault(company["slug"], company)
        by_key.setdefault(slugify(company["name"]), company)
    matches = difflib.get_close_matches(wanted, list(by_key), n=8, cutoff=0.6)
    chosen = list({by_key[key]["slug"]: by_key[key] for key in matches}.values())[:5]
    return [{"slug": c["slug"], "name": c["name"], "url": datasette.urls.path(f"/-/prep/{c['slug']}")} for c in chosen]


async def prep_company(datasette, request) -> Response:
    if (refused := _method_not_allowed(request)) is not None:
        return refused
    fmt = request.url_vars.get("format")
    slug = request.url_vars["slug"]
    try:
        if fmt == "ics":
            raise PrepError(404, "Calendar export not available yet",
                            "The .ics export comes with the prep planner; use .md or .json for now.")
        db = interview_database(datasette)
        if db is None:
            raise _no_database_error()
        rows = await prep_read.company_rows(db, slug)
        if rows is None:
            canonical = slugify(slug)
            if canonical and canonical != slug and await prep_read.company_by_slug(db, canonical):
                path = datasette.urls.path(f"/-/prep/{canonical}", format=fmt)
                return Response.redirect(path + (f"?{request.query_string}" if request.query_string else ""))
            raise PrepError(
                404, "Company not found",
                "No company by that name is in the data. Did you mean one of these? "
                "Otherwise build a checklist from the rounds you were told about.",
                suggestions=_suggestions(datasette, slug, await prep_read.company_names(db)),
                build_your_own=True,
            )
        process_id = request.args.get("process") or None
        try:
            checklist = build_checklist(rows, await prep_read.knowledge(db), process_id)
        except UnknownProcess as error:
            page = datasette.urls.path(f"/-/prep/{rows.company['slug']}", format=fmt)
            raise PrepError(
                404, "Process not found",
                f"{rows.company['name']} has no process with that id." if error.choices else
                f"{rows.company['name']} has no interview process in the data.",
                processes=[{"id": choice.id, "label": choice.label, "kind_label": choice.kind_label,
                            "url": f"{page}?{urlencode({'process': choice.id})}"} for choice in error.choices],
            ) from None
        query = {"process": process_id} if process_id else {}
        return await _render_checklist(datasette, request, db, checklist, fmt, f"/-/prep/{rows.company['slug']}", query)
    except PrepError as error:
        return await _error_response(datasette, request, error, fmt)


# --- /-/prep/compare ----------------------------------------------------------------------------------


async def prep_compare(datasette, request) -> Response:
    if (refused := _method_not_allowed(request)) is not None:
        return refused
    error = PrepError(404, "Compare is not available yet",
                      "Comparing companies comes with the prep planner. Open each company's checklist for now.")
    return await _error_response(datasette, request, error, request.url_vars.get("format"))
