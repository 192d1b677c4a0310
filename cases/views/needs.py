"""/behov/: the needs board — the list with its filters and feed, a need's page with matching
earlier cases, "Vi har samme behov", and the owner's pages behind a signed link. The logic
is cases.needs."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods

from cases import needs, tasks
from cases.models import Need, Phase
from cases.reuse import LinkError
from cases.search import board
from cases.search.filters import MODE_NEED, MODE_PRECISE
from cases.search.need import MAX_NEED_CHARACTERS
from ioa_portal import jobs
from ioa_portal.lib.antispam import rate_limit
from ioa_portal.lib.urls import base_url

PAGE_SIZE = 20


def _crumbs(*last):
    return [
        (gettext("Forside"), reverse("home")),
        (gettext("Behov"), reverse("needs:list") if last else None),
        *last,
    ]


def _private(response):
    """Pages with a signed link or personal data: never cached, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_invalid(request, error: LinkError):
    status = 410 if error.expired else 404
    response = render(request, "needs/link_invalid.html", {"expired": error.expired}, status=status)
    return _private(response)


def _honeypot_error(form_class, request, *args):
    data = request.POST.copy()
    data["website"] = ""
    form = form_class(data, *args)
    form.is_valid()
    form.add_error(
        None,
        gettext(
            "Skjemaet ble ikke sendt fordi et felt som skal stå tomt, var fylt ut. "
            "Kontroller opplysningene og send igjen."
        ),
    )
    return form


# ------------------------------------------------------------------------ public pages


def need_list(request):
    filters = needs.NeedFilterForm(request.GET)
    cleaned = filters.cleaned()
    search = board.analyse(cleaned.get("q", ""), cleaned.get("modus"), request)
    listed = needs.filtered_needs(cleaned, search=search)
    paginator = Paginator(listed, PAGE_SIZE, orphans=3)
    page = paginator.get_page(request.GET.get("side"))
    counts = needs.facet_counts(cleaned, search)
    need_mode = bool(search and search.is_need)
    if need_mode:
        reasons = search.reasons([need.pk for need in page.object_list])
        for need in page.object_list:
            need.need_reasons = reasons.get(need.pk, [])
    chosen = {
        "sektor": {str(s.pk) for s in cleaned.get("sektor", [])},
        "fylke": {str(r.pk) for r in cleaned.get("fylke", [])},
        "fase": set(cleaned.get("fase", [])),
    }
    phase_labels = dict(Phase.choices)
    context = {
        "page_obj": page,
        "needs": page.object_list,
        "total": paginator.count,
        # As typed, also when it could not be used (too long), so that nothing is lost.
        "q": cleaned.get("q") or request.GET.get("q", "")[: 2 * MAX_NEED_CHARACTERS],
        "modus": cleaned.get("modus", ""),
        "problems": filters.problems(),
        "need_mode": need_mode,
        "semantic_available": need_mode and search.semantic_available,
        "precise_url": need_mode and _with_mode(request, MODE_PRECISE),
        "need_url": (
            search
            and not need_mode
            and len(search.typed_terms) >= 2
            and _with_mode(request, MODE_NEED)
        ),
        "felles": cleaned.get("felles") == needs.YES,
        "only_open": bool(cleaned.get("status")),
        "facets": [
            (
                "sektor",
                gettext("Sektor"),
                _options(counts["sektor"], "sector_id", "sector__name", chosen["sektor"]),
            ),
            (
                "fylke",
                gettext("Fylke"),
                _options(counts["fylke"], "region_id", "region__name", chosen["fylke"]),
            ),
            (
                "fase",
                gettext("Fase"),
                [
                    (
                        row["phase"],
                        phase_labels.get(row["phase"]),
                        row["n"],
                        row["phase"] in chosen["fase"],
                    )
                    for row in counts["fase"]
                ],
            ),
        ],
        "joint_count": counts["felles"],
        "breadcrumbs": _crumbs(),
    }
    return render(request, "needs/list.html", context)


def _with_mode(request, mode: str) -> str:
    """This list's address with the search in another mode, from its first page."""
    params = request.GET.copy()
    params["modus"] = mode
    params.pop("side", None)
    return f"{reverse('needs:list')}?{params.urlencode()}"


def _options(rows, key, name, chosen) -> list[tuple]:
    """(value, label, count, checked) of one facet; rows without a value are left out."""
    return [
        (str(row[key]), row[name], row["n"], str(row[key]) in chosen) for row in rows if row[key]
    ]


def need_detail(request, pk):
    found = Need.objects.listed() if not request.user.is_staff else Need.objects.for_editors()
    need = found.select_related("organization", "region", "sector").filter(pk=pk).first()
    if need is None:
        raise Http404(gettext("Fant ikke behovet."))
    interests = list(
        need.interests.filter(is_confirmed=True)
        .select_related("organization__region")
        .only("sentence", "organization__name", "organization__region__name", "need_id")
    )
    context = {
        "need": need,
        "interests": interests,
        "cases": needs.matching_cases(need, request),
        "breadcrumbs": _crumbs((need.title, None)),
    }
    response = render(request, "needs/detail.html", context)
    if need.reviewed_at is None:
        _private(response)
    return response


class NeedFeed(Feed):
    """/behov/feed/: the newest open needs."""

    feed_type = Atom1Feed

    def title(self):
        return gettext("Nye behov – %(site)s") % {"site": settings.SITE_NAME}

    def subtitle(self):
        return gettext("Behov som offentlige virksomheter arbeider med, nyeste først.")

    def link(self):
        return reverse("needs:list")

    def items(self):
        return (
            Need.objects.listed()
            .filter(status=Need.Status.PUBLISHED)
            .select_related("organization")[:50]
        )

    def item_title(self, need):
        return need.title

    def item_description(self, need):
        return f"{need.organization.name}: {Truncator(need.text).chars(400)}"

    def item_pubdate(self, need):
        return need.reviewed_at

    def item_updateddate(self, need):
        return need.updated_at


# ------------------------------------------------------------------------ posting


@require_http_methods(["GET", "POST"])
@rate_limit("need-post")
def need_new(request):
    status = 200
    if request.method == "POST":
        form = needs.NeedForm(request.POST)
        if form.caught_by_honeypot():
            form, status = _honeypot_error(needs.NeedForm, request), 400
        elif form.is_valid():
            with transaction.atomic():
                need = needs.create_need(form)
                jobs.defer(
                    tasks.send_need_link,
                    need_pk=need.pk,
                    base_url=base_url(request),
                    first=True,
                    language=get_language(),
                )
            return redirect("needs:sent")
        else:
            status = 400
    else:
        form = needs.NeedForm()
    context = {
        "form": form,
        "new_organization_fields": [form[name] for name in form.NEW_ORGANIZATION_FIELDS],
        "breadcrumbs": _crumbs((gettext("Meld et behov"), None)),
    }
    return render(request, "needs/new.html", context, status=status)


def sent(request):
    """One answer for every address: it tells nothing about who is registered."""
    return render(
        request, "needs/sent.html", {"breadcrumbs": _crumbs((gettext("Sjekk e-posten din"), None))}
    )


@require_http_methods(["GET", "POST"])
@rate_limit("need-link")
def new_link(request):
    status = 200
    if request.method == "POST":
        form = needs.NewLinkForm(request.POST)
        if form.caught_by_honeypot():
            status = 400
        elif form.is_valid():
            with transaction.atomic():
                tasks.queue_need_links(
                    form.cleaned_data["email"], base_url=base_url(request), language=get_language()
                )
            return redirect("needs:sent")
        else:
            status = 400
    else:
        form = needs.NewLinkForm()
    context = {"form": form, "breadcrumbs": _crumbs((gettext("Få en ny lenke"), None))}
    return render(request, "needs/new_link.html", context, status=status)


# ------------------------------------------------------------------ "Vi har samme behov"


@require_http_methods(["GET", "POST"])
@rate_limit("need-interest")
def interest(request, pk):
    need = Need.objects.listed().filter(pk=pk, status=Need.Status.PUBLISHED).first()
    if need is None:
        raise Http404(gettext("Behovet er ikke åpent."))
    status = 200
    if request.method == "POST":
        form = needs.InterestForm(request.POST)
        if form.caught_by_honeypot():
            form, status = _honeypot_error(needs.InterestForm, request), 400
        elif form.is_valid():
            with transaction.atomic():
                created = needs.create_interest(form, need)
                jobs.defer(
                    tasks.send_interest_confirmation,
                    interest_pk=created.pk,
                    base_url=base_url(request),
                    language=get_language(),
                )
            return redirect("needs:sent")
        else:
            status = 400
    else:
        form = needs.InterestForm()
    context = {
        "need": need,
        "form": form,
        "new_organization_fields": [form[name] for name in form.NEW_ORGANIZATION_FIELDS],
        "breadcrumbs": _crumbs(
            (need.title, need.get_absolute_url()), (gettext("Vi har samme behov"), None)
        ),
    }
    return render(request, "needs/interest.html", context, status=status)


def interest_confirm(request, token):
    try:
        found = needs.interest_for_token(token)
    except LinkError as error:
        return _link_invalid(request, error)
    with transaction.atomic():
        if needs.confirm_interest(found):
            jobs.defer(tasks.notify_need_owner, interest_pk=found.pk, base_url=base_url(request))
    context = {
        "interest": found,
        "need": found.need,
        "breadcrumbs": _crumbs((gettext("Takk"), None)),
    }
    return _private(render(request, "needs/interest_confirmed.html", context))


# ------------------------------------------------------------------------ the owner


@require_http_methods(["GET", "POST"])
def manage(request, token):
    try:
        need = needs.need_for_token(token)
    except LinkError as error:
        return _link_invalid(request, error)
    just_confirmed = False
    if need.status == Need.Status.UNCONFIRMED:
        with transaction.atomic():
            if needs.confirm_need(need):
                just_confirmed = True
                jobs.defer(
                    tasks.notify_editors_of_need, need_pk=need.pk, base_url=base_url(request)
                )
    form = needs.NeedEditForm(
        initial={
            "title": need.title,
            "text": need.text,
            "phase": need.phase,
            "market_year": need.market_year,
            "sector": need.sector_id,
            "region": need.region_id,
            "open_to_joint": need.open_to_joint,
            "show_contact": need.show_contact,
        }
    )
    status = 200
    message = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "edit":
            form = needs.NeedEditForm(request.POST)
            if form.is_valid():
                needs.update_need(need, form)
                message = gettext("Endringene er lagret.")
            else:
                status = 400
        elif action in ("procurement", "close", "reopen"):
            new_status = {
                "procurement": Need.Status.PROCUREMENT,
                "close": Need.Status.CLOSED,
                "reopen": Need.Status.PUBLISHED if need.reviewed_at else Need.Status.PENDING,
            }[action]
            needs.set_status(need, new_status)
            message = gettext("Statusen er nå «%(status)s».") % {
                "status": need.get_status_display()
            }
        elif action == "propose":
            if need.proposed_case_id:
                message = gettext("Behovet er alt sendt som forslag til anskaffelse.")
            else:
                with transaction.atomic():
                    case = needs.propose_case(need)
                    jobs.defer(tasks.notify_editors, case_pk=case.pk, base_url=base_url(request))
                message = gettext(
                    "Forslaget er sendt til redaksjonen. De tar kontakt før anskaffelsen "
                    "publiseres."
                )
        else:
            status = 400
            message = gettext("Vi forstod ikke hva du ville gjøre. Prøv igjen.")
    interests = list(need.interests.filter(is_confirmed=True).select_related("organization"))
    context = {
        "need": need,
        "form": form,
        "token": token,
        "interests": interests,
        "message": message,
        "just_confirmed": just_confirmed,
        "breadcrumbs": _crumbs((gettext("Ditt behov"), None)),
    }
    return _private(render(request, "needs/manage.html", context, status=status))


@require_http_methods(["GET", "POST"])
def delete(request, token):
    try:
        need = needs.need_for_token(token)
    except LinkError as error:
        return _link_invalid(request, error)
    if request.method == "POST":
        needs.delete_need(need)
        return redirect("needs:deleted")
    context = {
        "need": need,
        "token": token,
        "interest_count": need.interests.count(),
        "breadcrumbs": _crumbs((gettext("Slett behovet"), None)),
    }
    return _private(render(request, "needs/delete.html", context))


def deleted(request):
    return render(
        request, "needs/deleted.html", {"breadcrumbs": _crumbs((gettext("Slettet"), None))}
    )
