"""The headers of every answer on the plugin's routes: read the request and Datasette, let http_cache and
security_headers decide, set them. Called by registry's view wrapper and by the guard's refusals."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from datasette.utils.asgi import Response
from datasette.version import __version__ as datasette_version

from datasette_interview_prep import __version__ as plugin_version
from datasette_interview_prep.web import http_cache, security_headers

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.utils.asgi import Request


def is_personalised(request: Request) -> bool:
    """As Datasette 1.0a's route wrapper decides: an actor, or any cookie or credentials sent."""
    return request.actor is not None or "cookie" in request.headers or "authorization" in request.headers


def cache_inputs(datasette: Datasette, request: Request, db: Database | None) -> http_cache.CacheInputs:
    return http_cache.CacheInputs(
        default_ttl=int(datasette.setting("default_cache_ttl")),
        ttl_arg=request.args.get("_ttl"),
        cache_headers=bool(datasette.cache_headers),
        personalised=is_personalised(request),
        # Datasette's hash of the file: None for a mutable database (read once, then kept by Datasette).
        database_hash=db.hash if db is not None and not db.is_mutable else None,
    )


def etag(
    datasette: Datasette, request: Request, inputs: http_cache.CacheInputs, page_name: str, fmt: str | None
) -> str | None:
    raw_path = request.scope.get("raw_path")
    parts = {
        "plugin": plugin_version,
        "datasette": datasette_version,
        "page": page_name,
        "path": raw_path.decode("latin-1") if raw_path else request.path,
        "query": request.query_string,
        "origin": datasette.absolute_url(request, "/"),
        "today": date.today().isoformat(),  # the clock prep_forms.today() reads: plans count days from it
    }
    return http_cache.etag(inputs, parts, fmt)


def not_modified(request: Request, tag: str | None) -> Response | None:
    """The 304 for a request whose If-None-Match names `tag`, or None."""
    if http_cache.matches(request.headers.get("if-none-match"), tag):
        return Response("", status=304)
    return None


async def finish(
    datasette: Datasette, response: Response, inputs: http_cache.CacheInputs, tag: str | None = None
) -> Response:
    """Set the cache and security headers on `response` (the view's own headers stay, ours win)."""
    response.headers.update(http_cache.cache_headers(inputs, response.status, tag))
    response.headers.update(await security_headers.headers_for(datasette))
    return response
