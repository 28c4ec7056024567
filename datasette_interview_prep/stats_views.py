"""View of the statistics page."""

from datasette.utils.asgi import Response


async def interview_stats(datasette, request):
    return Response.text("Not found", status=404)
