"""/-/prep: pick a company; ?rounds=a,b&company=X a custom loop; ?loop=typical the typical loop.

The two loops also export with ?format=json|md|ics. Each view parses, calls the
planner and hands the checklist to checklist_response.
"""

from __future__ import annotations

import json

from datasette.utils.asgi import Response

from datasette_interview_prep.core.labels import PROCESS_KIND_NOUNS
from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.core.slugs import slugify
from datasette_interview_prep.planner.base_rates import typical_loop
from datasette_interview_prep.planner.checklist import (
    MAX_CUSTOM_ROUNDS,
    UnknownRoundTypes,
    build_custom_checklist,
    build_typical_checklist,
    parse_round_types,
)
from datasette_interview_prep.web import prep_read
from datasette_interview_prep.web.checklist_response import (
    FORMATS,
    MAX_COMPANY_NAME,
    base_rates_of,
    build_form,
    company_loops,
    prep_context,
    render_checklist,
    round_type_choices,
    similar_to,
)
from datasette_interview_prep.web.errors import HttpError, check_method, error_response, no_database
from datasette_interview_prep.web.interview_db import interview_database
from datasette_interview_prep.web.links import prep_url


async def prep_index(datasette, request) -> Response:
    fmt = request.args.get("format") or None
    try:
        check_method(request.method)
        if fmt is not None and fmt not in FORMATS:
            fmt = None
            raise HttpError(400, "Unknown format", "The format parameter takes json, md or ics.")
        db = interview_database(datasette)
        if db is None:
            if fmt is None and not _wants_checklist(request):
                return Response.html(
                    await datasette.render_template(
                        "prep_index.html", {**prep_context(datasette), "no_database": True}, request=request
                    )
                )
            raise no_database()
        if "rounds" in request.args:
            return await _custom_checklist(datasette, request, db, fmt)
        if "loop" in request.args:
            return await _typical_checklist(datasette, request, db, fmt)
        if fmt is not None:
            raise HttpError(400, "Nothing to export", "format= applies to a checklist: add rounds=... or loop=typical.")
        return await _company_picker(datasette, request, db)
    except HttpError as error:
        return await error_response(datasette, request, error, fmt)


def _wants_checklist(request) -> bool:
    return "rounds" in request.args or "loop" in request.args


async def _custom_checklist(datasette, request, db, fmt: str | None) -> Response:
    try:
        slugs = parse_round_types(request.args.getlist("rounds"))
    except UnknownRoundTypes as error:
        count = len(error.unknown)
        raise HttpError(
            400,
            "Unknown round type" if count == 1 else "Unknown round types",
            f"{count} of the round types asked for {'is' if count == 1 else 'are'} not known. "
            "Use the slugs below, comma-separated, in the order of your loop.",
            round_types=round_type_choices(),
        ) from None
    if not slugs:
        raise HttpError(
            400, "No rounds chosen", "Choose at least one round type for your loop.", round_types=round_type_choices()
        )
    if len(slugs) > MAX_CUSTOM_ROUNDS:
        raise HttpError(
            400,
            "Too many rounds",
            f"A loop can have at most {MAX_CUSTOM_ROUNDS} rounds.",
            round_types=round_type_choices(),
        )
    company_name = " ".join(request.args.get("company", "").split()) or None
    if company_name and len(company_name) > MAX_COMPANY_NAME:
        raise HttpError(400, "Company name too long", f"Keep the company name under {MAX_COMPANY_NAME} characters.")
    knowledge = await prep_read.knowledge(db)
    sources = await prep_read.round_type_sources(db, slugs)
    checklist = build_custom_checklist(slugs, knowledge, sources, company_name)
    known_company = await prep_read.company_by_slug(db, slugify(company_name)) if company_name else None
    query = {"rounds": ",".join(slugs), **({"company": company_name} if company_name else {})}
    similar = similar_to(
        checklist, knowledge, await company_loops(db), known_company["slug"] if known_company else None
    )
    return await render_checklist(
        datasette, request, db, checklist, fmt, "/-/prep", query, similar=similar, known_company=known_company
    )


async def _typical_checklist(datasette, request, db, fmt: str | None) -> Response:
    if request.args.get("loop") != "typical":
        raise HttpError(400, "Unknown loop", "loop= takes one value: typical.")
    base_rates = await base_rates_of(db)
    knowledge = await prep_read.knowledge(db)
    sources = await prep_read.round_type_sources(db, [rate.round_type for rate in typical_loop(base_rates)])
    checklist = build_typical_checklist(base_rates, knowledge, sources)
    return await render_checklist(datasette, request, db, checklist, fmt, "/-/prep", {"loop": "typical"})


async def _company_picker(datasette, request, db) -> Response:
    directory = await prep_read.company_directory(db)
    base_rates = await base_rates_of(db)
    search = " ".join(request.args.get("q", "").split())[:MAX_COMPANY_NAME]
    needle = name_key(search)
    shown = (
        [row for row in directory if needle in name_key(row["name"]) or needle in name_key(row["slug"])]
        if needle
        else directory
    )
    typical = [rate.round_type for rate in typical_loop(base_rates)]
    with_loops = {row["slug"] for row in directory}
    # Companies only the sources mention: typing one offers its page as well as the form.
    mentioned = {key: slug for key, slug in (await prep_read.company_keys(db)).items() if slug not in with_loops}
    context = {
        **prep_context(datasette),
        "companies": shown,
        "company_count": len(directory),
        "search": search,
        "base_rates": base_rates,
        "typical_slugs": set(typical),
        "process_total": base_rates[0].total_processes if base_rates else 0,
        "build_form": await build_form(db, search if needle and not shown else ""),
        "mentioned": mentioned,
        "mentioned_match": mentioned.get(needle) if needle and not shown else None,
        "name_key": name_key,
        "typical_url": datasette.urls.path("/-/prep") + "?loop=typical",
        "compare_url": datasette.urls.path("/-/prep/compare"),
        "company_page": lambda slug: prep_url(datasette, slug),
        "steps_facet_url": f"{datasette.urls.table(db.name, 'steps')}?_facet=round_type",
        "kinds_label": _kinds_label,
    }
    return Response.html(await datasette.render_template("prep_index.html", context, request=request))


def _kinds_label(kinds_json: str | None) -> str:
    kinds = json.loads(kinds_json or "[]")
    return " + ".join(PROCESS_KIND_NOUNS.get(kind, kind) for kind in kinds)
