"""/virksomheter/sok/?q=: public bodies matching a name or number, as JSON, for the
suggestions of every public-body field (static/js/organization-picker.js)."""

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from ioa_portal.lib.antispam import client_address, hit
from networks.pickers import label, search_organizations


@require_GET
def organization_search(request):
    count, seconds_left = hit(
        "organization-search",
        client_address(request),
        window=settings.IOA_LOOKUP_RATE_WINDOW_SECONDS,
    )
    if count > settings.IOA_LOOKUP_RATE_LIMIT:
        response = JsonResponse({"error": "too many requests"}, status=429)
        response["Retry-After"] = str(seconds_left)
        return response
    query = request.GET.get("q", "")
    results = (
        [
            {"id": o.pk, "name": o.name, "org_number": o.org_number, "label": label(o)}
            for o in search_organizations(query)
        ]
        if len(query.strip()) >= 2
        else []
    )
    response = JsonResponse({"query": query[:100], "results": results})
    response["Cache-Control"] = "private, max-age=60"
    return response
