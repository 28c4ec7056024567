"""/-/prep/compare[.json|.md]?company=a&company=b[&company=c]: loops side by side (planner/compare.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from datasette.utils.asgi import Response

from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.core.slugs import slugify
from datasette_interview_prep.planner.checklist import UnknownProcess, build_checklist
from datasette_interview_prep.planner.checklist_model import Checklist
from datasette_interview_prep.planner.compare import MAX_COMPANIES, MIN_COMPANIES, Comparison, build_comparison
from datasette_interview_prep.render.compare import comparison_markdown
from datasette_interview_prep.web import prep_read, registry
from datasette_interview_prep.web.errors import HttpError
from datasette_interview_prep.web.prep_forms import MAX_SLUG, download_headers, name_suggestions, prep_context

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.utils.asgi import Request


def _compare_slugs(request: Request) -> list[str]:
    """company=a&company=b or company=a,b -> slugs in order, repeats dropped."""
    slugs: list[str] = []
    for value in request.args.getlist("company"):
        for part in value.split(","):
            slug = part.strip()[:MAX_SLUG]
            if slug and slug not in slugs:
                slugs.append(slug)
    return slugs


def _compare_error(status: int, title: str, message: str, directory: list[dict[str, Any]], **context: Any) -> HttpError:
    return HttpError(status, title, message, compare_form=True, companies=directory, **context)


async def prep_compare(page: registry.PageRequest) -> Response:
    datasette, request, db, fmt = page.datasette, page.request, page.database, page.fmt
    directory = await prep_read.company_names(db)
    slugs = _compare_slugs(request)
    if not slugs and fmt is None:
        return await _compare_page(datasette, request, directory, None, [])
    if not MIN_COMPANIES <= len(slugs) <= MAX_COMPANIES:
        raise _compare_error(
            400,
            "Pick two or three companies",
            f"Compare takes {MIN_COMPANIES} or {MAX_COMPANIES} different companies, "
            f"as company=a&company=b; {len(slugs)} {'was' if len(slugs) == 1 else 'were'} given.",
            directory,
        )
    checklists = await _checklists(datasette, db, slugs, directory)
    compared = [checklist.company.slug for checklist in checklists if checklist.company is not None]
    if len(set(compared)) < len(checklists):
        raise _compare_error(400, "Pick two or three companies", "The same company was given twice.", directory)
    comparison = build_comparison(checklists)
    company_query = [("company", slug) for slug in compared]
    download_name = "compare-" + "-".join(compared)
    if fmt == "json":
        return Response.json(comparison.model_dump(mode="json"), headers=download_headers(download_name, "json"))
    if fmt == "md":
        page_url = registry.page_path(datasette, "compare", query=company_query)
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
        json_url=registry.page_path(datasette, "compare", "json", company_query),
        md_url=registry.page_path(datasette, "compare", "md", company_query),
    )


async def _checklists(
    datasette: Datasette, db: Database, slugs: list[str], directory: list[dict[str, Any]]
) -> list[Checklist]:
    """Each company's default checklist; a 404 (with suggestions that keep the others) for one not in the data."""
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
                query = [("company", other) for other in replaced if other in known]
                suggestions.append({**suggestion, "url": registry.page_path(datasette, "compare", query=query)})
            raise _compare_error(
                404,
                "Company not found",
                "One of the companies to compare is not in the data. Did you mean one of these?",
                directory,
                suggestions=suggestions,
                compare_chosen=[other for other in slugs if other in known],
            )
        try:
            checklists.append(build_checklist(rows, knowledge))
        except UnknownProcess:
            raise _compare_error(
                404, "No loop to compare", f"{rows.company['name']} has no interview process in the data.", directory
            ) from None
    return checklists


async def _compare_page(
    datasette: Datasette,
    request: Request,
    directory: list[dict[str, Any]],
    comparison: Comparison | None,
    chosen: list[str],
    **context: Any,
) -> Response:
    names = {row["slug"]: row["name"] for row in directory}

    def company_list(slugs: list[str], separator: str) -> str:
        return separator.join(names.get(slug, slug) for slug in slugs)

    template_context = {
        **prep_context(datasette),
        "comparison": comparison,
        "companies": directory,
        "chosen": chosen + [""] * (MAX_COMPANIES - len(chosen)),
        "compare_action": registry.page_path(datasette, "compare"),
        "company_list": company_list,
        "min_companies": MIN_COMPANIES,
        **context,
    }
    return Response.html(await datasette.render_template("prep_compare.html", template_context, request=request))
