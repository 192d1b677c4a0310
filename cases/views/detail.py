import os
from collections import defaultdict
from decimal import Decimal

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

from cases import caching, reuse
from cases.models import BenefitAnalysis, Case, CaseBuyer, Document, FormerSlug, Sector
from cases.search.similar import similar_cases


def _visible_cases(request):
    """Published cases for everybody; drafts too for staff, who preview them."""
    cases = Case.objects.all()
    if not request.user.is_staff:
        cases = cases.published()
    return cases


def benefit_totals(benefits) -> list[dict]:
    """Sums of estimated and realised values per kind and unit (kinds without figures skipped).

    Each sum counts the rows it adds up (`estimated_rows`, `realised_rows`) out of the
    group's `rows`, so that a sum over only some of them can say so."""
    groups: dict[tuple[str, str], dict] = defaultdict(
        lambda: {
            "rows": 0,
            "estimated": None,
            "estimated_rows": 0,
            "realised": None,
            "realised_rows": 0,
        }
    )
    for benefit in benefits:
        group = groups[(benefit.kind, benefit.unit)]
        group["rows"] += 1
        for field in ("estimated", "realised"):
            value = getattr(benefit, field)
            if value is not None:
                group[field] = (group[field] or Decimal(0)) + value
                group[f"{field}_rows"] += 1
    # Same order as the table's rows (the model orders benefits by kind).
    return [
        {"kind": BenefitAnalysis.Kind(kind).label, "unit": unit, **values}
        for (kind, unit), values in sorted(groups.items())
        if values["estimated_rows"] or values["realised_rows"]
    ]


def _moved(request, slug):
    """The visible case that had this slug before it was changed (404 if none)."""
    case = FormerSlug.case_that_had(slug, _visible_cases(request))
    if case is None:
        raise Http404(_("Fant ingen anskaffelse med denne adressen."))
    return case


def case_detail(request, slug):
    case = (
        _visible_cases(request).select_related("region", "origin_network").filter(slug=slug).first()
    )
    if case is None:
        query = request.META.get("QUERY_STRING", "")  # campaign tags and the like go along
        if slug != slug.lower():  # addresses are lower case; a typed capital finds it too
            address = reverse("cases:detail", args=[slug.lower()])
        else:
            address = _moved(request, slug).get_absolute_url()
        return redirect(address + (f"?{query}" if query else ""), permanent=True)
    # The case's row says which lists are empty (its facet columns, kept by triggers):
    # only the others are fetched. Sectors come from the short list of all sectors.
    buyers, conferences, benefits = [], [], []
    if case.buyer_ids:
        buyers = list(
            CaseBuyer.objects.filter(case=case)
            .select_related("organization")
            .order_by("-is_lead", "organization__name")
        )
    if case.has_dialogue_conference:
        conferences = list(case.dialogue_conferences.all())
    if case.has_benefit_analysis:
        benefits = list(case.benefits.all())
    context = {
        "case": case,
        "buyers": buyers,
        "sectors": [sector for sector in all_sectors(request) if sector.pk in case.sector_ids],
        "conferences": conferences,
        "benefits": benefits,
        "benefit_totals": benefit_totals(benefits),
        "documents": list(case.documents.all()),
        "contacts": list(case.contacts.all()),
        "is_preview": not case.is_published,
        "breadcrumbs": [
            (_("Forside"), reverse("home")),
            (_("Anskaffelser"), reverse("cases:list")),
            (case.title, None),
        ],
        "canonical_url": request.build_absolute_uri(case.get_absolute_url()),
        "similar_cases": similar_cases(case, request=request),
        **reuse.case_page_context(case),
    }
    response = render(request, "cases/case_detail.html", context)
    if context["is_preview"]:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
    return response


def all_sectors(request) -> list[Sector]:
    """Every sector, in the database's order of names (kept until the content changes)."""
    return caching.versioned(caching.lists, "sectors", lambda: list(Sector.objects.all()), request)


def document_download(request, slug, pk):
    document = get_object_or_404(
        Document.objects.select_related("case").filter(case__in=_visible_cases(request)),
        pk=pk,
    )
    if document.case.slug != slug:
        if _moved(request, slug) != document.case:
            raise Http404(_("Fant ingen anskaffelse med denne adressen."))
        return redirect("cases:document", document.case.slug, document.pk, permanent=True)
    if not document.file:
        raise Http404(_("Dokumentet har ingen fil."))
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("Filen finnes ikke lenger.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=os.path.basename(document.file.name),
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if document.case.is_published:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        add_never_cache_headers(response)
    return response
