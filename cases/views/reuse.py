"""/anskaffelser/<slug>/gjenbruk/: a public body reports that it took the case's solution
into use; the emailed link confirms the report (the logic is cases.reuse)."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods

from cases import reuse as reuses
from cases import tasks
from cases.models import Case
from ioa_portal import jobs
from ioa_portal.lib.antispam import rate_limit
from ioa_portal.lib.urls import base_url


def _breadcrumbs(case, last):
    return [
        (gettext("Forside"), reverse("home")),
        (gettext("Anskaffelser"), reverse("cases:list")),
        (case.title, case.get_absolute_url()),
        (last, None),
    ]


@require_http_methods(["GET", "POST"])
@rate_limit("case-reuse")
def report(request, slug):
    case = get_object_or_404(Case.objects.published().only("title", "slug"), slug=slug)
    status = 200
    if request.method == "POST":
        form = reuses.ReuseForm(request.POST)
        if form.caught_by_honeypot():
            data = request.POST.copy()
            data[form.add_prefix("website")] = ""
            form = reuses.ReuseForm(data)
            form.is_valid()
            form.add_error(
                None,
                gettext(
                    "Skjemaet ble ikke sendt fordi et felt som skal stå tomt, var fylt ut. "
                    "Kontroller opplysningene og send igjen."
                ),
            )
            status = 400
        elif form.is_valid():
            with transaction.atomic():
                reuse = reuses.create_reuse(form, case)
                jobs.defer(
                    tasks.send_reuse_confirmation,
                    reuse_pk=reuse.pk,
                    base_url=base_url(request),
                    language=get_language(),
                )
            return redirect("cases:reuse_sent", slug=case.slug)
        else:
            status = 400
    else:
        form = reuses.ReuseForm()
    context = {
        "case": case,
        "form": form,
        "new_organization_fields": [form[name] for name in form.NEW_ORGANIZATION_FIELDS],
        "breadcrumbs": _breadcrumbs(case, gettext("Vi har tatt i bruk løsningen")),
    }
    return render(request, "cases/reuse/report.html", context, status=status)


def sent(request, slug):
    """The same page whoever sent the form, so it tells nothing about any address."""
    case = get_object_or_404(Case.objects.published().only("title", "slug"), slug=slug)
    context = {"case": case, "breadcrumbs": _breadcrumbs(case, gettext("Sjekk e-posten din"))}
    return render(request, "cases/reuse/sent.html", context)


def confirm(request, slug, token):
    try:
        reuse = reuses.reuse_for_token(token)
    except reuses.LinkError as error:
        context = {"expired": error.expired}
        return render(
            request, "cases/reuse/link_invalid.html", context, status=410 if error.expired else 404
        )
    if reuse.case.slug != slug:
        return render(request, "cases/reuse/link_invalid.html", {"expired": False}, status=404)
    with transaction.atomic():
        if reuses.confirm(reuse):
            jobs.defer(tasks.notify_editors_of_reuse, reuse_pk=reuse.pk, base_url=base_url(request))
    context = {
        "reuse": reuse,
        "case": reuse.case,
        "breadcrumbs": _breadcrumbs(reuse.case, gettext("Takk")),
    }
    return render(request, "cases/reuse/confirmed.html", context)
