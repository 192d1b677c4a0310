from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ioa_portal.lib.antispam import rate_limit
from ioa_portal.lib.urls import base_url
from networks import ical, services, tasks
from networks.forms import ApplicationForm, ResendConfirmationForm
from networks.models import Enrollment, LearningNetwork, Region

RECEIPT_SESSION_KEY = "networks_receipt"
STATUS_ORDER = (
    LearningNetwork.Status.OPEN,
    LearningNetwork.Status.UPCOMING,
    LearningNetwork.Status.RUNNING,
    LearningNetwork.Status.FINISHED,
)


def network_list(request):
    networks = (
        LearningNetwork.objects.published()
        .with_seat_counts()
        .prefetch_related(Prefetch("regions", queryset=Region.objects.only("name")))
        .order_by("starts_on", "pk")
    )
    groups = {status: [] for status in STATUS_ORDER}
    for network in networks:
        groups[network.status].append(network)
    # Finished networks: the most recent first.
    groups[LearningNetwork.Status.FINISHED].reverse()
    context = {
        "groups": [
            {"status": status, "label": LearningNetwork.Status(status).label, "networks": items}
            for status, items in groups.items()
        ],
        "has_networks": any(groups.values()),
        "today": timezone.localdate(),
    }
    return render(request, "networks/network_list.html", context)


def _published_network(slug: str) -> LearningNetwork:
    return get_object_or_404(
        LearningNetwork.objects.published()
        .with_seat_counts()
        .prefetch_related(
            Prefetch("regions", queryset=Region.objects.only("name")),
            Prefetch(
                "coordinators",
                queryset=get_user_model().objects.only("first_name", "last_name"),
            ),
        ),
        slug=slug,
    )


def network_detail(request, slug):
    network = _published_network(slug)
    sessions = network.sessions.order_by("number")
    # Cases are counted through the reverse relation: networks never imports cases.
    cases = (
        network.cases.filter(is_published=True)
        .only("title", "slug", "summary", "origin_network")
        .order_by("title")
    )
    context = {
        "network": network,
        "sessions": sessions,
        "cases": cases,
        "today": timezone.localdate(),
        "resend_form": ResendConfirmationForm(),
    }
    return render(request, "networks/network_detail.html", context)


RESENT_MESSAGE = gettext_lazy(
    "Hvis adressen er påmeldt, har vi sendt en ny e-post. Finner du den ikke, se i søppelposten."
)


def _resend_confirmation(network: LearningNetwork, email: str, *, base_url: str) -> None:
    """Send the enrollment's status email again, if this address has one in the network.

    The caller answers the same either way: whether an address applied is not revealed."""
    participant = services.find_participant(email)
    if participant is None or participant.is_anonymised:
        return
    enrollment = network.enrollments.filter(participant=participant).first()
    if enrollment is not None:
        tasks.queue_status_email(enrollment, base_url=base_url, again=True)


@require_http_methods(["GET", "POST"])
@rate_limit("networks-resend")
def resend_confirmation(request, slug):
    """ "Send the confirmation again": one answer whether or not the address applied."""
    network = _published_network(slug)
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _resend_confirmation(network, form.cleaned_data["email"], base_url=base_url(request))
        return render(request, "networks/resend_done.html", {"network": network})
    status = 400 if form.is_bound else 200
    return render(
        request, "networks/resend.html", {"network": network, "form": form}, status=status
    )


def network_calendar(request, slug):
    network = get_object_or_404(LearningNetwork.objects.published(), slug=slug)
    body = ical.network_calendar(
        network,
        network.sessions.order_by("number"),
        network_url=request.build_absolute_uri(network.get_absolute_url()),
        domain=request.get_host().split(":")[0] or "ioa-portalen",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{network.slug}.ics"'
    return response


@require_http_methods(["GET", "POST"])
@rate_limit("networks-apply")
def apply(request, slug):
    network = _published_network(slug)
    if not network.is_open_for_applications:
        return render(
            request,
            "networks/apply_closed.html",
            {"network": network, "today": timezone.localdate()},
            status=200 if request.method == "GET" else 409,
        )
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.caught_by_honeypot():
            return render(request, "networks/apply_rejected.html", {"network": network}, status=400)
        if form.is_valid():
            try:
                with transaction.atomic():
                    enrollment = services.apply(
                        network,
                        form.participant_details(),
                        challenge=form.cleaned_data["challenge"],
                        base_url=base_url(request),
                    )
            except services.AlreadyEnrolledError:
                # Not "this address has applied": anyone can type anyone's address. The
                # address's owner gets the confirmation again, the page says only "if".
                _resend_confirmation(
                    network, form.cleaned_data["email"], base_url=base_url(request)
                )
                return render(
                    request,
                    "networks/resend_done.html",
                    {"network": network, "from_application": True},
                )
            else:
                request.session[RECEIPT_SESSION_KEY] = enrollment.pk
                return redirect("networks:receipt", slug=network.slug)
    else:
        form = ApplicationForm()
    status = 400 if form.is_bound else 200
    return render(request, "networks/apply.html", {"network": network, "form": form}, status=status)


def apply_receipt(request, slug):
    network = get_object_or_404(LearningNetwork.objects.published(), slug=slug)
    enrollment = (
        Enrollment.objects.select_related("participant__organization")
        .filter(pk=request.session.get(RECEIPT_SESSION_KEY), network=network)
        .first()
    )
    if enrollment is None:
        return redirect(network)
    context = {
        "network": network,
        "enrollment": enrollment,
        "position": enrollment.waiting_position(),
    }
    return render(request, "networks/apply_receipt.html", context)


@require_http_methods(["GET", "POST"])
def withdraw(request, token):
    try:
        enrollment = Enrollment.objects.for_withdraw_token(token)
    except signing.SignatureExpired:
        # Old but genuine: name the network so the person knows whom to contact.
        pk = signing.loads(token, salt=Enrollment.WITHDRAW_SALT)
        network = (
            LearningNetwork.objects.published().filter(enrollments__pk=pk).first()
            if isinstance(pk, int)
            else None
        )
        context = {"expired": True, "network": network}
        return render(request, "networks/withdraw_invalid.html", context, status=410)
    except (signing.BadSignature, Enrollment.DoesNotExist):
        return render(request, "networks/withdraw_invalid.html", {"expired": False}, status=404)
    context = {"enrollment": enrollment, "network": enrollment.network}
    if request.method == "POST":
        outcome = services.withdraw(enrollment, base_url=base_url(request))
        context["enrollment"] = outcome.enrollment
        context["done"] = outcome.changed
    return render(request, "networks/withdraw.html", context)
