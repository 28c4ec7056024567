"""Views of the prep checklist pages."""

from datasette.utils.asgi import Response


async def _not_yet(request) -> Response:
    return Response.text("Not found", status=404)


async def prep_index(datasette, request):
    return await _not_yet(request)


async def prep_company(datasette, request):
    return await _not_yet(request)


async def prep_compare(datasette, request):
    return await _not_yet(request)
