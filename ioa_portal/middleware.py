import logging
import re
import time
import uuid

from django.core.exceptions import TooManyFieldsSent
from django.db import DatabaseError, InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from ioa_portal.logging import request_id_var

logger = logging.getLogger(__name__)
request_logger = logging.getLogger("ioa_portal.requests")

REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9-]{8,64}$")
# Pages that show participants' personal data: never stored by browsers or proxies.
PRIVATE_PREFIXES = (
    "/koordinator/",
    "/nn/koordinator/",
    "/en/koordinator/",
    "/admin/",
    "/nn/admin/",
    "/en/admin/",
)


# URL parts that are secrets: signed links (login, withdraw, confirm, manage, unsubscribe).
SECRET_URL_KWARGS = ("token",)
MASK = "[skjult]"


def _logged_path(request) -> str:
    """The path, with the secret part of a signed link masked: whoever reads the logs
    must not be able to open a participant's page or manage someone's need."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name in SECRET_URL_KWARGS:
        value = match.kwargs.get(name) if match is not None else None
        if value:
            path = path.replace(str(value), MASK)
    return path


def _query_keys(request) -> list[str] | None:
    try:
        return sorted(request.GET.keys())
    except TooManyFieldsSent:  # answered 400 already; reading the query fails each time
        return None


class RequestLogMiddleware:
    """Give every request an id (X-Request-ID) and log one line per request.

    Query strings can carry personal data (a name typed into a search box), so only the
    parameter names are logged, never their values; the token of a signed link is masked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            user = getattr(request, "user", None)
            path = _logged_path(request)
            request_logger.info(
                "%s %s %s",
                request.method,
                path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": path,
                    "query_keys": _query_keys(request),
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": getattr(user, "pk", None) if user is not None else None,
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


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
