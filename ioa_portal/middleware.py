import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """Answer a friendly 503 page, never a traceback, when PostgreSQL cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if isinstance(exception, DatabaseError) and _is_query_error(exception):
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        return unavailable_response(request)


def _is_query_error(exception) -> bool:
    # psycopg reports a failed connection as OperationalError with no SQLSTATE;
    # a cancelled statement (57014) or a similar query-level error has one.
    cause = exception.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    return bool(sqlstate) and not sqlstate.startswith(("08", "57P"))


def unavailable_response(request):
    from django.conf import settings
    from django.http import HttpResponse

    # Rendered without context processors: they may need the database or the session.
    body = render_to_string("503.html", {"request": request, "SITE_NAME": settings.SITE_NAME})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
