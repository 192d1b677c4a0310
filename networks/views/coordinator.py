"""The coordinator workspace: /koordinator/.

A coordinator sees only the networks they coordinate (superusers see all; editors, though
staff, see none); every other network's pages, enrollments and exports answer 404.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ioa_portal.lib.spreadsheets import BOM, DELIMITER, safe_cell
from ioa_portal.lib.urls import base_url
from networks import emails, services
from networks.filters import EnrollmentFilter
from networks.forms import AttendanceForm, DecisionForm, RegisterParticipantForm
from networks.models import Attendance, Enrollment, LearningNetwork

Status = Enrollment.Status
PAGE_SIZE = 50


def _network_for(request, slug: str) -> LearningNetwork:
    return get_object_or_404(LearningNetwork.objects.coordinated_by(request.user), slug=slug)


def _enrollment_for(network: LearningNetwork, pk: int) -> Enrollment:
    return get_object_or_404(
        Enrollment.objects.select_related("participant"), pk=pk, network=network
    )


def _back_to_list(request, network: LearningNetwork):
    """Back where the coordinator came from (filters kept), never outside this network."""
    list_url = reverse("coordinator:enrollments", args=[network.slug])
    target = request.POST.get("next", "")
    if target.startswith(list_url) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect(target)
    return redirect(list_url)


def _sessions(network: LearningNetwork):
    return network.sessions.order_by("number").only("pk", "number", "title", "starts_at", "network")


@login_required
def overview(request):
    networks = (
        LearningNetwork.objects.coordinated_by(request.user)
        .annotate(
            pending_count=Count("enrollments", filter=Q(enrollments__status=Status.PENDING)),
            accepted_count=Count("enrollments", filter=Q(enrollments__status=Status.ACCEPTED)),
            waitlisted_count=Count("enrollments", filter=Q(enrollments__status=Status.WAITLISTED)),
            failed_email_count=Count(
                "enrollments",
                filter=Q(enrollments__email_status=Enrollment.EmailStatus.FAILED),
            ),
        )
        .order_by("-starts_on", "pk")
    )
    return render(request, "coordinator/overview.html", {"networks": networks})


@login_required
def enrollments(request, slug):
    network = _network_for(request, slug)
    counts = dict(network.enrollments.values_list("status").annotate(n=Count("pk")).order_by())
    status_counts = [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Status.choices
    ]
    queryset = network.enrollments.for_coordinators().order_by("created_at", "pk")
    filterset = EnrollmentFilter(request.GET, queryset=queryset)
    page = Paginator(filterset.qs, PAGE_SIZE, orphans=5).get_page(request.GET.get("side"))
    context = {
        "network": network,
        "filter": filterset,
        "page": page,
        "status_counts": status_counts,
        "total": sum(counts.values()),
        "accepted": counts.get(Status.ACCEPTED, 0),
        "sessions": _sessions(network),
        "decisions": services.DECISIONS,
    }
    return render(request, "coordinator/enrollments.html", context)


@login_required
@require_POST
def decide(request, slug, pk):
    network = _network_for(request, slug)
    enrollment = _enrollment_for(network, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ugyldig valg. Velg godkjenn, venteliste eller avslå."))
        return _back_to_list(request, network)
    outcome = services.decide(
        enrollment, form.cleaned_data["status"], by=request.user, base_url=base_url(request)
    )
    name = enrollment.participant.name
    if outcome.waitlisted_because_full:
        messages.warning(
            request,
            _("Nettverket er fullt, så %(name)s er satt på venteliste i stedet.") % {"name": name},
        )
    elif not outcome.changed:
        messages.info(
            request,
            _("%(name)s hadde allerede status «%(status)s».")
            % {"name": name, "status": outcome.enrollment.get_status_display()},
        )
    else:
        messages.success(
            request,
            _("%(name)s har nå status «%(status)s».")
            % {"name": name, "status": outcome.enrollment.get_status_display()},
        )
    for promoted in outcome.promoted:
        messages.success(
            request,
            _("%(name)s fikk den ledige plassen fra ventelisten og har fått beskjed på e-post.")
            % {"name": promoted.participant.name},
        )
    return _back_to_list(request, network)


@login_required
@require_POST
def resend_email(request, slug, pk):
    network = _network_for(request, slug)
    enrollment = _enrollment_for(network, pk)
    if emails.send_status_email(enrollment.pk, base_url=base_url(request)):
        messages.success(
            request, _("E-posten til %(name)s er sendt.") % {"name": enrollment.participant.name}
        )
    else:
        messages.error(
            request,
            _("E-posten til %(name)s kunne ikke sendes. Kontroller adressen og prøv igjen senere.")
            % {"name": enrollment.participant.name},
        )
    return _back_to_list(request, network)


@login_required
@require_http_methods(["GET", "POST"])
def register(request, slug):
    network = _network_for(request, slug)
    form = RegisterParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                enrollment = services.register(
                    network,
                    form.participant_details(),
                    challenge=form.cleaned_data.get("challenge", ""),
                    by=request.user,
                    base_url=base_url(request),
                )
        except services.AlreadyEnrolledError:
            form.add_error("email", _("Denne personen er allerede påmeldt nettverket."))
        else:
            name = enrollment.participant.name
            if enrollment.status == Status.ACCEPTED:
                messages.success(request, _("%(name)s er registrert med plass.") % {"name": name})
            else:
                messages.warning(
                    request,
                    _("Nettverket er fullt, så %(name)s er satt på venteliste.") % {"name": name},
                )
            return redirect("coordinator:enrollments", slug=network.slug)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "coordinator/register.html",
        {"network": network, "form": form, "sessions": _sessions(network)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, slug, number):
    network = _network_for(request, slug)
    session = get_object_or_404(network.sessions, number=number)
    participants = list(
        network.enrollments.accepted()
        .select_related("participant__organization")
        .order_by("participant__name", "pk")
    )
    if request.method == "POST":
        form = AttendanceForm(request.POST, enrollments=participants)
        if form.is_valid():
            present = set(form.cleaned_data["present"])
            Attendance.objects.bulk_create(
                [
                    Attendance(
                        enrollment=enrollment,
                        session=session,
                        network=network,
                        present=enrollment.pk in present,
                    )
                    for enrollment in participants
                ],
                update_conflicts=True,
                unique_fields=["enrollment", "session"],
                update_fields=["present", "updated_at"],
            )
            messages.success(
                request,
                _("Oppmøtet for samling %(number)d er lagret: %(present)d av %(total)d til stede.")
                % {"number": session.number, "present": len(present), "total": len(participants)},
            )
            return redirect("coordinator:attendance", slug=network.slug, number=session.number)
        messages.error(request, _("Listen har endret seg. Last siden på nytt og prøv igjen."))
    present = set(session.attendances.filter(present=True).values_list("enrollment_id", flat=True))
    rows = [{"enrollment": e, "present": e.pk in present} for e in participants]
    context = {
        "network": network,
        "session": session,
        "rows": rows,
        "sessions": _sessions(network),
        "present_count": sum(row["present"] for row in rows),
    }
    return render(request, "coordinator/attendance.html", context)


@login_required
def export_csv(request, slug):
    network = _network_for(request, slug)
    sessions = list(_sessions(network))
    queryset = network.enrollments.for_coordinators().prefetch_related("attendances")
    enrollments_ = EnrollmentFilter(request.GET, queryset=queryset).qs.order_by(
        "participant__name", "pk"
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{network.slug}-deltakere.csv"'
    response["Cache-Control"] = "no-store"
    response.write(BOM)
    writer = csv.writer(response, delimiter=DELIMITER)
    writer.writerow(
        [
            _("Navn"),
            _("E-post"),
            _("Telefon"),
            _("Stilling"),
            _("Virksomhet"),
            _("Organisasjonsnummer"),
            _("Fylke"),
            _("Status"),
            _("Kilde"),
            _("Søkte"),
            *[_("Samling %(number)d") % {"number": s.number} for s in sessions],
            _("Antall samlinger til stede"),
        ]
    )
    for enrollment in enrollments_:
        participant = enrollment.participant
        organization = participant.organization
        present_by_session = {a.session_id: a.present for a in enrollment.attendances.all()}
        marks = []
        for session in sessions:
            value = present_by_session.get(session.pk)
            marks.append("" if value is None else (_("Ja") if value else _("Nei")))
        writer.writerow(
            [
                safe_cell(participant.name),
                safe_cell(participant.email),
                safe_cell(participant.phone),
                safe_cell(participant.job_title),
                safe_cell(organization.name),
                organization.org_number,
                organization.region.name if organization.region else "",
                enrollment.get_status_display(),
                enrollment.get_source_display(),
                enrollment.created_at.date().isoformat(),
                *marks,
                sum(1 for value in present_by_session.values() if value),
            ]
        )
    return response
