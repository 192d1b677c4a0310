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
from decimal import Decimal
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition

from cases.caching import settled_version
from cases.filters import SEARCH_PARAMETERS
from cases.models import Case, CaseBuyer, Document, FormerSlug, Sector
from cases.statistics import selected_cases
from networks.models import Region

app_name = "api"

API_VERSION = "1"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
SCHEMA_DIR = Path(settings.BASE_DIR) / "docs" / "api"
SCHEMAS = {"case": "case.schema.json", "case-list": "case-list.schema.json"}
API_LANGUAGE = "nb"

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": ", ".join(SAFE_METHODS),
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link",
    "Access-Control-Max-Age": "86400",
}
CACHE_CONTROL = "public, max-age=60"

# OCDS procurementMethod (open, selective, limited, direct). Procedures that fit none of
# them (a design contest may be open or restricted; pre-commercial procurement is outside
# the procurement rules) have no method; procurementMethodDetails still names them.
PROCUREMENT_METHODS = {
    Case.Procedure.OPEN_TENDER: "open",
    Case.Procedure.RESTRICTED_TENDER: "selective",
    Case.Procedure.OPEN_NATIONAL: "open",
    Case.Procedure.RESTRICTED_NATIONAL: "selective",
    Case.Procedure.NEGOTIATION: "selective",
    Case.Procedure.COMPETITIVE_DIALOGUE: "selective",
    Case.Procedure.INNOVATION_PARTNERSHIP: "selective",
    Case.Procedure.DESIGN_CONTEST: None,
    Case.Procedure.PRE_COMMERCIAL: None,
    Case.Procedure.OTHER: None,
}

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


# --- Serialisation -----------------------------------------------------------------


def number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def code(value: str, label: str) -> dict:
    return {"code": value, "label": str(label)}


def party_id(organization) -> str:
    if organization.org_number:
        return f"NO-BRC-{organization.org_number}"
    return f"ioa-organization-{organization.pk}"


def party(link: CaseBuyer) -> dict:
    organization = link.organization
    data = {
        "id": party_id(organization),
        "name": organization.name,
        "roles": ["buyer"],
        "details": {
            "lead": link.is_lead,
            "kind": code(organization.kind, organization.get_kind_display()),
            "municipalityNumber": organization.municipality_number or None,
        },
    }
    if organization.org_number:
        data["identifier"] = {
            "scheme": "NO-BRC",
            "id": organization.org_number,
            "legalName": organization.name,
        }
    address = {"countryName": "Norge"}
    if organization.region is not None:
        address["region"] = organization.region.name
    data["address"] = address
    if organization.website:
        data["contactPoint"] = {"url": organization.website}
    return data


def document(request, case: Case, item: Document) -> dict:
    if item.file:
        url = request.build_absolute_uri(reverse("cases:document", args=[case.slug, item.pk]))
    else:
        url = item.external_url
    return {
        "id": str(item.pk),
        "documentType": item.ocds_document_type,
        "kind": code(item.kind, item.get_kind_display()),
        "title": item.title,
        "url": url,
        "format": item.content_type or None,
        "phase": code(item.phase, item.get_phase_display()) if item.phase else None,
        "datePublished": item.uploaded_at.isoformat(),
    }


def case_links(request, case: Case) -> dict:
    return {
        "html": request.build_absolute_uri(case.get_absolute_url()),
        "self": request.build_absolute_uri(reverse("api:case-detail", args=[case.slug])),
    }


def serialize_case(request, case: Case) -> dict:
    """One case as the API shows it; needs the prefetches of ``api_queryset``."""
    buyers = list(case.casebuyer_set.all())
    lead = next((link.organization for link in buyers if link.is_lead), None)
    procedure = Case.Procedure(case.procedure)
    return {
        "id": case.pk,
        "slug": case.slug,
        "language": API_LANGUAGE,
        "title": case.title,
        "summary": case.summary,
        "status": code(case.status, case.get_status_display()),
        "phase": code(case.phase, case.get_phase_display()),
        "innovationType": code(case.innovation_type, case.get_innovation_type_display()),
        "sectors": [
            {"id": sector.pk, "name": sector.name, "slug": sector.slug}
            for sector in case.sectors.all()
        ],
        "region": (
            {"id": case.region.pk, "name": case.region.name, "number": case.region.number}
            if case.region
            else None
        ),
        "buyer": {"id": party_id(lead), "name": lead.name} if lead else None,
        "parties": [party(link) for link in buyers],
        "tender": {
            "id": case.slug,
            "title": case.title,
            "description": case.summary,
            "procurementMethod": PROCUREMENT_METHODS[procedure],
            "procurementMethodDetails": str(procedure.label),
            "procedure": code(procedure.value, procedure.label),
            "eformsProcedureType": case.eforms_procedure_code,
            "value": (
                {"amount": case.estimated_value, "currency": "NOK"}
                if case.estimated_value is not None
                else None
            ),
            "items": [
                {"id": str(index), "classification": {"scheme": "CPV", "id": cpv}}
                for index, cpv in enumerate(case.cpv_codes, start=1)
            ],
            "notices": [
                {
                    "id": notice,
                    "publisher": "Doffin",
                    "url": f"https://www.doffin.no/notices/{notice}",
                }
                for notice in case.doffin_ids
            ],
            "documents": [document(request, case, item) for item in case.documents.all()],
        },
        "period": {"startYear": case.start_year, "endYear": case.end_year},
        "originNetwork": (
            {
                "name": case.origin_network.name,
                "slug": case.origin_network.slug,
                "url": request.build_absolute_uri(case.origin_network.get_absolute_url()),
            }
            if case.origin_network and case.origin_network.is_published
            else None
        ),
        "needDescription": case.need,
        "approach": case.approach,
        "results": case.results,
        "lessons": case.lessons,
        "dialogueConferences": [
            {
                "id": str(conference.pk),
                "date": conference.held_on.isoformat(),
                "place": conference.place,
                "online": conference.is_online,
                "invitedSuppliers": conference.invited_suppliers,
                "attendingSuppliers": conference.attending_suppliers,
                "oneToOneMeetings": conference.one_to_one_meetings,
                "noticeUrl": conference.notice_url or None,
                "summary": conference.summary,
            }
            for conference in case.dialogue_conferences.all()
        ],
        "benefits": [
            {
                "id": str(benefit.pk),
                "kind": code(benefit.kind, benefit.get_kind_display()),
                "description": benefit.description,
                "baseline": number(benefit.baseline),
                "estimated": number(benefit.estimated),
                "realised": number(benefit.realised),
                "unit": benefit.unit,
                "period": benefit.period,
            }
            for benefit in case.benefits.all()
        ],
        "contacts": [
            {
                "name": contact.name,
                "role": contact.role,
                "organization": contact.organization,
                "email": contact.email or None,
                "phone": contact.phone or None,
            }
            for contact in case.contacts.all()
        ],
        "isDemo": case.is_demo,
        "datePublished": case.published_at.isoformat(),
        "dateModified": case.updated_at.isoformat(),
        "links": case_links(request, case),
    }


def api_queryset(cases):
    """Everything ``serialize_case`` reads, in a fixed number of queries."""
    return cases.select_related("region", "origin_network").prefetch_related(
        Prefetch(
            "casebuyer_set",
            queryset=CaseBuyer.objects.select_related("organization__region").order_by(
                "-is_lead", "organization__name"
            ),
        ),
        "sectors",
        "documents",
        "dialogue_conferences",
        "benefits",
        "contacts",
    )


# --- Views -------------------------------------------------------------------------


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


urlpatterns = [
    path("", docs, name="docs"),
    path("v1/cases/", case_list, name="case-list"),
    path("v1/cases/<slug:slug>/", case_detail, name="case-detail"),
    path("v1/schema/<slug:name>.json", schema, name="schema"),
]
