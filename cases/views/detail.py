import os

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cases import case_body
from cases.models import Case, Document, FormerSlug


def _visible_cases(request):
    """Published cases for everybody; drafts too for staff, who preview them."""
    cases = Case.objects.all()
    if not request.user.is_staff:
        cases = cases.published()
    return cases


def _moved(request, slug):
    """The visible case that had this slug before it was changed (404 if none)."""
    case = FormerSlug.case_that_had(slug, _visible_cases(request))
    if case is None:
        raise Http404(_("Fant ingen anskaffelse med denne adressen."))
    return case


def case_detail(request, slug):
    # The case's row and its kept body in one statement (cases.case_body).
    case = case_body.page_case(slug, drafts=request.user.is_staff)
    if case is None:
        query = request.META.get("QUERY_STRING", "")  # campaign tags and the like go along
        if slug != slug.lower():  # addresses are lower case; a typed capital finds it too
            address = reverse("cases:detail", args=[slug.lower()])
        else:
            address = _moved(request, slug).get_absolute_url()
        return redirect(address + (f"?{query}" if query else ""), permanent=True)
    is_preview = not case.is_published
    if case.kept_html is not None:
        body = mark_safe(case.kept_html)  # noqa: S308 (rendered and escaped by case_body)
    else:  # rendered from the whole case and its rows (and kept, unless a draft)
        full = get_object_or_404(
            Case.objects.select_related("region", "origin_network"), pk=case.pk
        )
        if is_preview:
            body = case_body.render(full, is_preview=True, request=request)
        else:
            body = case_body.render_and_keep(full, request=request)
    context = {
        "case": case,
        "body": body,
        "is_preview": is_preview,
        "breadcrumbs": [
            (_("Forside"), reverse("home")),
            (_("Anskaffelser"), reverse("cases:list")),
            (case.title, None),
        ],
        "canonical_url": request.build_absolute_uri(case.get_absolute_url()),
    }
    response = render(request, "cases/case_detail.html", context)
    if context["is_preview"]:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
    return response


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
