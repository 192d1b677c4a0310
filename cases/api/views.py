"""Open data API: published cases as JSON in a shape borrowed from the Open Contracting
Data Standard (OCDS), so that other systems can harvest them.

/api/                       documentation (HTML)
/api/v1/cases/              paginated list; the same filter parameters as the search
/api/v1/cases/<slug>/       one case
/api/v1/schema/<name>.json  the JSON Schemas the responses follow (docs/api/ in the repository)

Read-only (GET, HEAD, OPTIONS; anything else is 405), open to every origin (CORS), and
cacheable: ETag on lists, ETag and Last-Modified on a case, 304 on a conditional GET.
Drafts never appear. Labels are always in bokmål, whatever the client's language, so the
output does not change with Accept-Language.
"""

from __future__ import annotations

import hashlib
import json
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition

from cases.api.serializers import API_LANGUAGE, api_queryset, serialize_case
from cases.caching import settled_version
from cases.models import Case, FormerSlug, Sector
from cases.search.facets import SEARCH_PARAMETERS
from cases.statistics import selected_cases
from networks.models import Region

API_VERSION = "1"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
SCHEMA_DIR = Path(settings.BASE_DIR) / "docs" / "api"
SCHEMAS = {"case": "case.schema.json", "case-list": "case-list.schema.json"}

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": ", ".join(SAFE_METHODS),
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link",
    "Access-Control-Max-Age": "86400",
}
CACHE_CONTROL = "public, max-age=60"

PAGINATION_PARAMETERS = ("page", "page_size")


class BadRequest(Exception):
    """Input the API cannot answer; the message is shown to the client as it is."""

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or {}


def error(status: int, message: str, details: dict | None = None) -> JsonResponse:
    payload = {"error": {"status": status, "message": message}}
    if details:
        payload["error"]["details"] = details
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


def api_view(view):
    """Read-only, CORS-open, bokmål, and bad input answered as JSON rather than HTML."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join(SAFE_METHODS)
        elif request.method not in SAFE_METHODS:
            response = error(
                405, f"Metoden {request.method} er ikke tillatt. API-et er skrivebeskyttet."
            )
            response["Allow"] = ", ".join(SAFE_METHODS)
        else:
            with translation.override(API_LANGUAGE):
                try:
                    response = view(request, *args, **kwargs)
                except BadRequest as problem:
                    response = error(400, problem.message, problem.details)
                except Http404 as problem:
                    response = error(404, str(problem) or "Fant ikke det du spurte etter.")
        for header, value in CORS_HEADERS.items():
            response[header] = value
        return response

    return wrapper


def json_response(payload: dict, **kwargs) -> JsonResponse:
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False}, **kwargs)
    response["Cache-Control"] = CACHE_CONTROL
    return response


def page_size(request) -> int:
    raw = request.GET.get("page_size", "")
    if not raw:
        return DEFAULT_PAGE_SIZE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise BadRequest(
            f"page_size må være et helt tall fra 1 til {MAX_PAGE_SIZE}.", {"page_size": raw}
        )
    return int(raw)


def page_number(request) -> int:
    raw = request.GET.get("page", "1") or "1"
    if not raw.isdigit() or int(raw) < 1:
        raise BadRequest("page må være et helt tall fra 1 og oppover.", {"page": raw})
    return int(raw)


def list_cases(request):
    """The published cases the filter parameters select, in a stable harvesting order."""
    cases, filterset = selected_cases(request)
    problems = filterset.problems(ignored=False)
    if problems:
        raise BadRequest("Ugyldige filterverdier.", {"filters": problems})
    return cases


def list_etag(request) -> str | None:
    """The parameters and the content version (cases.caching): any change to a case or to
    what hangs off it (a renamed buyer, a new document) gives a new tag."""
    try:
        list_cases(request)
    except BadRequest:
        return None  # the view answers 400
    params = sorted(
        (key, value)
        for key, values in request.GET.lists()
        if key in SEARCH_PARAMETERS or key in PAGINATION_PARAMETERS
        for value in values
    )
    version = settled_version()
    if version is None:  # a writer has not committed: no tag for what may be replaced
        return None
    raw = json.dumps([API_VERSION, params, version])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def page_url(request, number: int, size: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    query["page_size"] = str(size)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@api_view
@condition(etag_func=list_etag)
def case_list(request):
    size, number_ = page_size(request), page_number(request)
    cases = api_queryset(list_cases(request).order_by("published_at", "pk"))
    paginator = Paginator(cases, size)
    try:
        page = paginator.page(number_)
    except EmptyPage:
        raise Http404(f"Siden finnes ikke. Siste side er {paginator.num_pages}.") from None
    links = {
        "self": page_url(request, page.number, size),
        "first": page_url(request, 1, size),
        "last": page_url(request, paginator.num_pages, size),
        "next": page_url(request, page.next_page_number(), size) if page.has_next() else None,
        "prev": (
            page_url(request, page.previous_page_number(), size) if page.has_previous() else None
        ),
    }
    payload = {
        "version": API_VERSION,
        "count": paginator.count,
        "page": page.number,
        "pageSize": size,
        "pages": paginator.num_pages,
        "links": links,
        "results": [serialize_case(request, case) for case in page.object_list],
    }
    response = json_response(payload)
    link_header = [
        f'<{links[rel]}>; rel="{rel}"' for rel in ("next", "prev", "first", "last") if links[rel]
    ]
    response["Link"] = ", ".join(link_header)
    return response


def _detail_state(request, slug):
    if not hasattr(request, "_api_case_modified"):
        request._api_case_modified = (
            Case.objects.published().filter(slug=slug).values_list("updated_at", flat=True).first()
        )
    return request._api_case_modified


def detail_etag(request, slug) -> str | None:
    modified = _detail_state(request, slug)
    if modified is None:
        return None
    version = settled_version()
    if version is None:
        return None
    state = f"{API_VERSION}|{slug}|{modified.isoformat()}|{version}"
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def detail_last_modified(request, slug):
    return _detail_state(request, slug)


@api_view
@condition(etag_func=detail_etag, last_modified_func=detail_last_modified)
def case_detail(request, slug):
    case = api_queryset(Case.objects.published()).filter(slug=slug).first()
    if case is None:
        # A case whose slug has changed is found under its former ones too.
        if moved := FormerSlug.case_that_had(slug, Case.objects.published()):
            return HttpResponsePermanentRedirect(reverse("api:case-detail", args=[moved.slug]))
        raise Http404("Fant ingen publisert anskaffelse med dette kortnavnet.")
    return json_response(serialize_case(request, case))


@api_view
def schema(request, name):
    if name not in SCHEMAS:
        raise Http404("Fant ikke skjemaet.")
    payload = json.loads((SCHEMA_DIR / SCHEMAS[name]).read_text(encoding="utf-8"))
    response = json_response(payload)
    response["Content-Type"] = "application/schema+json"
    return response


def docs(request):
    example = json.loads((SCHEMA_DIR / "example-case.json").read_text(encoding="utf-8"))
    # The example query uses this database's own ids for a real sector and county.
    sector = Sector.objects.filter(slug="helse-og-omsorg").values_list("pk", flat=True).first()
    county = Region.objects.filter(number="46").values_list("pk", flat=True).first()
    context = {
        "example": json.dumps(example, ensure_ascii=False, indent=2),
        "example_sector": sector or 1,
        "example_county": county or 1,
        "sectors": Sector.objects.only("pk", "name"),
        "counties": Region.objects.only("pk", "name"),
        "list_url": request.build_absolute_uri(reverse("api:case-list")),
        "search_parameters": SEARCH_PARAMETERS,
        "default_page_size": DEFAULT_PAGE_SIZE,
        "max_page_size": MAX_PAGE_SIZE,
    }
    return render(request, "api/docs.html", context)
