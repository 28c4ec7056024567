"""The plugin's one HTTP error contract, for its own routes and for guard.py.

- One exception, HttpError(status, title, message, headers=..., **context),
  raised by views and the guard and turned into a response by
  error_response() (registry.py's view wrapper and the guard call it);
  nothing else builds an error answer. A page that shows its own form again
  with the reason (the question bank, search, a plan that cannot be made)
  names its template and context with `page=` for the HTML answer.
- One JSON shape, a superset of Datasette's own (0.65: ok/error/status/title;
  1.0a: ok/error/errors/status): {"ok": false, "status": 404, "title": "...",
  "error": "...", "errors": ["..."]} plus the documented extras a client can
  act on (suggestions, round_types, processes, field, allowed).
- One method rule: GET and HEAD, anything else a 405 with `Allow: GET, HEAD`.
- One "no interview database" answer, 404, on every plugin page.

HTML errors on the plugin's pages use prep_error.html (the plugin's look,
with links back); on Datasette's own pages (the guard's refusals of table
requests) Datasette's error.html, rendered through compat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from datasette.utils.asgi import Response

from datasette_interview_prep.web import compat
from datasette_interview_prep.web.pages import base_context

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.utils.asgi import Request

ALLOWED_METHODS = ("GET", "HEAD")
ALLOW_HEADER = ", ".join(ALLOWED_METHODS)
# Context keys a JSON client gets besides the message; the rest only shapes the HTML page.
JSON_EXTRAS = ("suggestions", "round_types", "processes", "field", "allowed")
TEXT_FORMATS = ("md", "ics")
NO_DATABASE_TITLE = "No interview database attached"
NO_DATABASE_MESSAGE = (
    "No interview database is attached, so there is nothing to build a checklist or statistics from. "
    "Build one with `python build_db.py` and start Datasette with `datasette interview.db`."
)


class HttpError(Exception):
    """A 4xx answer with a title and a plain reason; `context` feeds the HTML page (and JSON_EXTRAS the JSON)."""

    def __init__(
        self,
        status: int,
        title: str,
        message: str,
        headers: dict[str, str] | None = None,
        page: tuple[str, dict[str, Any]] | None = None,
        **context: Any,
    ) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message
        self.headers = headers or {}
        self.page = page  # (template, context): the HTML answer is that page, not prep_error.html
        self.context = context


def method_not_allowed() -> HttpError:
    return HttpError(405, "Method not allowed", "This page answers GET and HEAD only.", headers={"Allow": ALLOW_HEADER})


def check_method(method: str) -> None:
    """Raise the 405 for any method but GET and HEAD."""
    if method not in ALLOWED_METHODS:
        raise method_not_allowed()


def no_database() -> HttpError:
    return HttpError(404, NO_DATABASE_TITLE, NO_DATABASE_MESSAGE, no_database=True)


def page_not_found() -> HttpError:
    """An address under /-/prep or /-/interview-stats that is none of the plugin's pages."""
    return HttpError(404, "Page not found", "No page of the prep planner has this address.")


def error_body(error: HttpError) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ok": False,
        "status": error.status,
        "title": error.title,
        "error": error.message,
        "errors": [error.message],
    }
    body.update({key: value for key, value in error.context.items() if key in JSON_EXTRAS})
    return body


def format_of_path(path: str) -> str | None:
    """json, md, ics (or None for HTML) from the address's extension, as the plugin's routes read it."""
    last = path.rsplit("/", 1)[-1]
    extension = last.rpartition(".")[2] if "." in last else None
    return extension if extension in ("json", *TEXT_FORMATS) else None


async def error_response(
    datasette: Datasette, request: Request | None, error: HttpError, fmt: str | None, *, plugin_page: bool = True
) -> Response:
    """The answer for `error` in the format asked for (JSON, text, or an HTML page)."""
    if fmt == "json":
        return Response.json(error_body(error), status=error.status, headers=error.headers)
    if fmt in TEXT_FORMATS:
        return Response.text(f"{error.title}\n\n{error.message}\n", status=error.status, headers=error.headers)
    if error.page is not None:
        template, page_context = error.page
        html = await compat.render_template(datasette, template, page_context, request)
    elif plugin_page:
        context = {**base_context(datasette), "title": error.title, "message": error.message, **error.context}
        html = await compat.render_template(datasette, "prep_error.html", context, request)
    else:
        html = await compat.render_error_page(datasette, request, error.status, error.title, error.message)
    return Response.html(html, status=error.status, headers=error.headers)
