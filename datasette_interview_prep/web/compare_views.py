"""/-/prep/compare[.json|.md]?company=a&company=b[&company=c]: loops side by side (planner/compare.py).

`company=` takes a slug or a company's name, matched with case, spaces and hyphens
folded (`Open AI` finds OpenAI), and optionally one of its loops after a colon:
`company=openai:openai-1`. Without one, the loop the company's checklist opens on
is compared: its reported loops merged (`compare_loop`, the one place that decides
which loop stands for a company).

The form has one text box per company and one shared `<datalist>` of at most
`PICKER_COMPANIES` companies that have a loop (the most written about first); any
other name typed is found the same way, and an unknown one answers 404 with the
closest names. So no answer lists every company (at 100x the data: 6,800).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from datasette.utils.asgi import Response

from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.core.slugs import slugify
from datasette_interview_prep.planner.checklist import (
    CompanyRows,
    Knowledge,
    UnknownProcess,
    build_checklist,
)
from datasette_interview_prep.planner.compare import (
    LOOP_SEPARATOR,
    MAX_COMPANIES,
    MIN_COMPANIES,
    Comparison,
    Loop,
    build_comparison,
    parse_choice,
)
from datasette_interview_prep.render.compare import comparison_markdown
from datasette_interview_prep.web import prep_read, registry
from datasette_interview_prep.web.errors import HttpError
from datasette_interview_prep.web.interview_db import anonymous_html_key, cached, store
from datasette_interview_prep.web.prep_forms import MAX_SLUG, download_headers, name_suggestions, prep_context

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.utils.asgi import Request

PICKER_COMPANIES = 200


def _compare_choices(request: Request) -> list[str]:
    """company=a&company=b or company=a,b -> the choices as typed, in order, repeats and blanks dropped."""
    choices: list[str] = []
    for value in request.args.getlist("company"):
        for part in value.split(","):
            choice = " ".join(part.split())[:MAX_SLUG]
            if choice and choice not in choices:
                choices.append(choice)
    return choices


def compare_loop(rows: CompanyRows, knowledge: Knowledge, process_id: str | None) -> Loop:
    """The loop that stands for a company: the one asked for, alone; else the loop its checklist opens on
    (its reported loops merged, planner/loops.py). UnknownProcess for a loop the company does not have."""
    return Loop(build_checklist(rows, knowledge, process_id), chosen=bool(process_id))


def _compare_error(status: int, title: str, message: str, picker: list[dict[str, Any]], **context: Any) -> HttpError:
    return HttpError(status, title, message, compare_form=True, companies=picker, **context)


async def prep_compare(page: registry.PageRequest) -> Response:
    datasette, request, db, fmt = page.datasette, page.request, page.database, page.fmt
    page_key = anonymous_html_key("compare", datasette, request, fmt)
    found, html = cached(db, page_key) if page_key else (False, None)
    if found:
        return Response.html(html)
    picker = await prep_read.picker_companies(db, PICKER_COMPANIES)
    choices = _compare_choices(request)
    if not choices and fmt is None:
        response = await _compare_page(datasette, request, picker, None, [])
        if page_key:
            store(db, page_key, response.body)
        return response
    if not MIN_COMPANIES <= len(choices) <= MAX_COMPANIES:
        raise _compare_error(
            400,
            "Pick two or three companies",
            f"Compare takes {MIN_COMPANIES} or {MAX_COMPANIES} different companies, "
            f"as company=a&company=b; {len(choices)} {'was' if len(choices) == 1 else 'were'} given.",
            picker,
            chosen=choices,
        )
    loops = await _loops(datasette, db, choices, picker)
    compared = [loop.checklist.company.slug for loop in loops if loop.checklist.company is not None]
    if len(set(compared)) < len(loops):
        raise _compare_error(400, "Pick two or three companies", "The same company was given twice.", picker)
    comparison = build_comparison(loops)
    values = [_choice_value(loop) for loop in loops]
    company_query = [("company", value) for value in values]
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
    response = await _compare_page(
        datasette,
        request,
        picker,
        comparison,
        values,
        json_url=registry.page_path(datasette, "compare", "json", company_query),
        md_url=registry.page_path(datasette, "compare", "md", company_query),
        loop_choices=[_loop_choices(loops, index) for index in range(len(loops))],
    )
    if page_key:
        store(db, page_key, response.body)
    return response


def _choice_value(loop: Loop) -> str:
    """What company= says for a compared loop: the slug, with the process when it was picked."""
    checklist = loop.checklist
    slug = checklist.company.slug if checklist.company else ""
    if loop.chosen and checklist.process:
        return f"{slug}{LOOP_SEPARATOR}{checklist.process.id}"
    return slug


def _loop_choices(loops: list[Loop], index: int) -> list[dict[str, Any]]:
    """The company's loops for the form that compares one of them, the others kept (its default loop first).

    A form, not links: links to every combination of loops would multiply the pages to crawl."""
    checklist = loops[index].checklist
    slug = checklist.company.slug if checklist.company else ""
    if len(checklist.processes) < 2:
        return []
    picked = checklist.process.id if loops[index].chosen and checklist.process else None
    choices = [{"value": slug, "label": "every reported loop", "selected": picked is None}]
    choices += [
        {"value": f"{slug}{LOOP_SEPARATOR}{process.id}", "label": process.label, "selected": process.id == picked}
        for process in checklist.processes
    ]
    return choices


async def _loops(datasette: Datasette, db: Database, choices: list[str], picker: list[dict[str, Any]]) -> list[Loop]:
    """Each choice's loop; a 404 (with suggestions that keep the others) for a company or loop not in the data."""
    loops = []
    knowledge = await prep_read.knowledge(db)
    keys = await prep_read.company_keys(db)
    for index, choice in enumerate(choices):
        wanted, process_id = parse_choice(choice)
        rows = await prep_read.company_rows(db, keys.get(name_key(wanted), slugify(wanted)))
        if rows is None:
            raise await _unknown_company(datasette, db, choices, index, picker)
        try:
            loops.append(compare_loop(rows, knowledge, process_id))
        except UnknownProcess as error:
            name = rows.company["name"]
            if not error.choices:
                raise _compare_error(
                    404, "No loop to compare", f"{name} has no interview process in the data.", picker, chosen=choices
                ) from None
            slug = rows.company["slug"]
            suggestions = [
                {
                    "name": f"{name}: {process.label}",
                    "url": registry.page_path(
                        datasette,
                        "compare",
                        query=[
                            ("company", f"{slug}{LOOP_SEPARATOR}{process.id}" if i == index else other)
                            for i, other in enumerate(choices)
                        ],
                    ),
                }
                for process in error.choices
            ]
            raise _compare_error(
                404,
                "Loop not found",
                f"{name} has no loop by that id. Its loops:",
                picker,
                suggestions=suggestions,
                chosen=choices,
            ) from None
    return loops


async def _unknown_company(
    datasette: Datasette, db: Database, choices: list[str], index: int, picker: list[dict[str, Any]]
) -> HttpError:
    """A 404 whose suggestions link to the same comparison with the unknown company replaced."""
    directory = await prep_read.company_names(db)
    wanted, _ = parse_choice(choices[index])
    suggestions = []
    for suggestion in name_suggestions(datasette, wanted, directory):
        replaced = [suggestion["slug"] if i == index else other for i, other in enumerate(choices)]
        suggestions.append(
            {**suggestion, "url": registry.page_path(datasette, "compare", query=[("company", c) for c in replaced])}
        )
    return _compare_error(
        404,
        "Company not found",
        "One of the companies to compare is not in the data. Did you mean one of these?",
        picker,
        suggestions=suggestions,
        chosen=choices,
    )


async def _compare_page(
    datasette: Datasette,
    request: Request,
    picker: list[dict[str, Any]],
    comparison: Comparison | None,
    chosen: list[str],
    **context: Any,
) -> Response:
    names = {company.slug: company.name for company in comparison.companies} if comparison else {}

    def company_list(slugs: list[str], separator: str) -> str:
        return separator.join(names.get(slug, slug) for slug in slugs)

    template_context = {
        **prep_context(datasette),
        "comparison": comparison,
        "companies": picker,
        "chosen": chosen + [""] * (MAX_COMPANIES - len(chosen)),
        "compare_action": registry.page_path(datasette, "compare"),
        "company_list": company_list,
        "min_companies": MIN_COMPANIES,
        **context,
    }
    return Response.html(await datasette.render_template("prep_compare.html", template_context, request=request))
