"""/-/prep/compare[.json|.md]?company=a&company=b[&company=c]: loops side by side (planner/compare.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from datasette.utils.asgi import Response

from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.core.slugs import slugify
from datasette_interview_prep.planner.checklist import (
    UnknownProcess,
    build_checklist,
)
from datasette_interview_prep.planner.compare import MAX_COMPANIES, MIN_COMPANIES, build_comparison
from datasette_interview_prep.render.compare import comparison_markdown
from datasette_interview_prep.web import prep_read
from datasette_interview_prep.web.checklist_response import (
    MAX_SLUG,
    download_headers,
    name_suggestions,
    prep_context,
    round_type_list,
)
from datasette_interview_prep.web.errors import HttpError, check_method, error_response, no_database
from datasette_interview_prep.web.interview_db import interview_database
from datasette_interview_prep.web.links import prep_url


def _compare_slugs(request) -> list[str]:
    """company=a&company=b or company=a,b -> slugs in order, repeats dropped."""
    slugs = []
    for value in request.args.getlist("company"):
        for part in value.split(","):
            slug = part.strip()[:MAX_SLUG]
            if slug and slug not in slugs:
                slugs.append(slug)
    return slugs


async def prep_compare(datasette, request) -> Response:
    fmt = request.url_vars.get("format")
    try:
        check_method(request.method)
        db = interview_database(datasette)
        if db is None:
            raise no_database()
        directory = await prep_read.company_names(db)
        slugs = _compare_slugs(request)
        if not slugs and fmt is None:
            return await _compare_page(datasette, request, directory, None, [])
        if not MIN_COMPANIES <= len(slugs) <= MAX_COMPANIES:
            raise HttpError(
                400,
                "Pick two or three companies",
                f"Compare takes {MIN_COMPANIES} or {MAX_COMPANIES} different companies, "
                f"as company=a&company=b; {len(slugs)} {'was' if len(slugs) == 1 else 'were'} given.",
                compare_form=True,
                companies=directory,
            )
        checklists = []
        knowledge = await prep_read.knowledge(db)
        known = {row["slug"] for row in directory}
        keys = await prep_read.company_keys(db)
        for index, slug in enumerate(slugs):
            rows = await prep_read.company_rows(db, keys.get(name_key(slug), slugify(slug)))
            if rows is None:
                # Each suggestion links to the same comparison with the unknown company replaced.
                suggestions = []
                for suggestion in name_suggestions(datasette, slug, directory):
                    replaced = [suggestion["slug"] if i == index else other for i, other in enumerate(slugs)]
                    query = urlencode([("company", other) for other in replaced if other in known])
                    suggestions.append({**suggestion, "url": datasette.urls.path("/-/prep/compare") + "?" + query})
                raise HttpError(
                    404,
                    "Company not found",
                    "One of the companies to compare is not in the data. Did you mean one of these?",
                    suggestions=suggestions,
                    compare_form=True,
                    companies=directory,
                    compare_chosen=[other for other in slugs if other in known],
                )
            try:
                checklists.append(build_checklist(rows, knowledge))
            except UnknownProcess:
                raise HttpError(
                    404,
                    "No loop to compare",
                    f"{rows.company['name']} has no interview process in the data.",
                    compare_form=True,
                    companies=directory,
                ) from None
        compared = [checklist.company.slug for checklist in checklists if checklist.company is not None]
        if len(set(compared)) < len(checklists):
            raise HttpError(
                400,
                "Pick two or three companies",
                "The same company was given twice.",
                compare_form=True,
                companies=directory,
            )
        comparison = build_comparison(checklists)
        company_query = urlencode([("company", slug) for slug in compared])
        page_url = datasette.urls.path("/-/prep/compare") + "?" + company_query
        download_name = "compare-" + "-".join(compared)
        if fmt == "json":
            return Response.json(comparison.model_dump(mode="json"), headers=download_headers(download_name, "json"))
        if fmt == "md":
            return Response(
                comparison_markdown(comparison, datasette.absolute_url(request, page_url)),
                content_type="text/markdown; charset=utf-8",
                headers=download_headers(download_name, "md"),
            )
        return await _compare_page(
            datasette,
            request,
            directory,
            comparison,
            compared,
            json_url=datasette.urls.path("/-/prep/compare", format="json") + "?" + company_query,
            md_url=datasette.urls.path("/-/prep/compare", format="md") + "?" + company_query,
        )
    except HttpError as error:
        return await error_response(datasette, request, error, fmt)


async def _compare_page(
    datasette, request, directory: list[dict], comparison, chosen: list[str], **context: Any
) -> Response:
    names = {row["slug"]: row["name"] for row in directory}
    template_context = {
        **prep_context(datasette),
        "comparison": comparison,
        "companies": directory,
        "chosen": chosen + [""] * (MAX_COMPANIES - len(chosen)),
        "compare_action": datasette.urls.path("/-/prep/compare"),
        "company_page": lambda slug: prep_url(datasette, slug),
        "company_list": lambda slugs, separator: separator.join(names.get(slug, slug) for slug in slugs),
        "round_type_list": round_type_list,
        "min_companies": MIN_COMPANIES,
        **context,
    }
    return Response.html(await datasette.render_template("prep_compare.html", template_context, request=request))
