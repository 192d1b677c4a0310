import sys
import time

import psycopg
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from cases.models import Case, Sector
from cases.search import semantic
from ioa_portal.middleware import unavailable_response
from networks.models import LearningNetwork

HEALTH_TIMEOUT_SECONDS = 2


def home(request):
    context = {
        "case_count": Case.objects.published().count(),
        "newest_cases": Case.objects.published().with_card_names()[:6],
        "popular_sectors": Sector.objects.with_published_counts()[:8],
        "network_count": LearningNetwork.objects.published().count(),
    }
    return render(request, "home.html", context)


def robots_txt(request):
    """Crawl the pages and cases; not the admin, the workspace, exports or filtered searches."""
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


def about(request):
    return render(request, "about.html")


def privacy(request):
    return render(request, "privacy.html")


def accessibility(request):
    return render(request, "accessibility.html")


def _database_answers() -> tuple[bool, float]:
    """Open a fresh connection (never a pooled one) and run SELECT 1 within the time limit."""
    params = connections["default"].get_connection_params()
    params["connect_timeout"] = HEALTH_TIMEOUT_SECONDS
    params["options"] = f"-c statement_timeout={HEALTH_TIMEOUT_SECONDS * 1000}"
    started = time.monotonic()
    try:
        with psycopg.connect(**params) as conn:
            conn.execute("SELECT 1").fetchone()
    except psycopg.Error:
        return False, time.monotonic() - started
    elapsed = time.monotonic() - started
    return elapsed <= HEALTH_TIMEOUT_SECONDS, elapsed


@never_cache
def healthz(request):
    ok, elapsed = _database_answers()
    payload = {
        "status": "ok" if ok else "unavailable",
        "database": {"status": "ok" if ok else "unavailable", "seconds": round(elapsed, 3)},
    }
    if ok:
        # The need search ranks by words alone where the server has no pgvector.
        payload["semantic_search"] = "ok" if semantic.available() else "unavailable"
    response = JsonResponse(payload, status=200 if ok else 503)
    if not ok:
        response["Retry-After"] = "30"
    return response


@requires_csrf_token
def bad_request(request, exception):
    # No context processors: what was wrong may be in the query string they would read.
    body = render_to_string("400.html", {"request": request, "SITE_NAME": settings.SITE_NAME})
    return HttpResponseBadRequest(body)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return unavailable_response(request)
    # No context processors: the failure may be in the database or the session.
    body = render_to_string("500.html", {"request": request, "SITE_NAME": settings.SITE_NAME})
    return HttpResponseServerError(body)
