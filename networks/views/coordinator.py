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
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ioa_portal.lib.spreadsheets import BOM, DELIMITER, safe_cell
from ioa_portal.lib.urls import base_url
from networks import services, tasks, workspace
from networks.filters import EnrollmentFilter
from networks.forms import (
    AttendanceForm,
    DecisionForm,
    MessageForm,
    RegisterParticipantForm,
    UndoForm,
)
from networks.models import (
    Attendance,
    Enrollment,
    LearningNetwork,
    MessageDelivery,
    NetworkMessage,
    Region,
)

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
    context = {
        "networks": networks,
        # Sections other apps add (networks/workspace.py): the needs in the networks' counties.
        "sections": workspace.sections(
            request, LearningNetwork.objects.coordinated_by(request.user)
        ),
    }
    return render(request, "coordinator/overview.html", context)


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
    waiting = network.enrollments.waiting_list().values_list("pk", flat=True)
    positions = {pk: n for n, pk in enumerate(waiting, start=1)}
    today = timezone.localdate()
    page.object_list = list(page.object_list)
    for enrollment in page.object_list:
        enrollment.position = positions.get(enrollment.pk)
        enrollment.undoable = enrollment.can_undo_on(today)
    context = {
        "network": network,
        "filter": filterset,
        "page": page,
        "status_counts": status_counts,
        "total": sum(counts.values()),
        "accepted": counts.get(Status.ACCEPTED, 0),
        "sessions": _sessions(network),
        "decisions": services.COORDINATOR_ACTIONS,
    }
    return render(request, "coordinator/enrollments.html", context)


ACTION_VERBS = {
    Status.ACCEPTED: gettext_lazy("Godkjenn"),
    Status.WAITLISTED: gettext_lazy("Sett på venteliste"),
    Status.DECLINED: gettext_lazy("Avslå"),
    Status.WITHDRAWN: gettext_lazy("Registrer som trukket"),
}


def _safe_next(request, network: LearningNetwork, value: str) -> str:
    list_url = reverse("coordinator:enrollments", args=[network.slug])
    if value.startswith(list_url) and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}
    ):
        return value
    return list_url


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, slug, pk):
    """GET: what the decision will do and who is emailed, with a reason field. POST: decide."""
    network = _network_for(request, slug)
    enrollment = _enrollment_for(network, pk)
    data = request.POST if request.method == "POST" else request.GET
    form = DecisionForm(data)
    if not form.is_valid() and form.has_error("status"):
        messages.error(request, _("Ugyldig valg. Velg godkjenn, venteliste, avslå eller trukket."))
        return _back_to_list(request, network)
    status = form.data["status"]
    if request.method == "GET" or not form.is_valid():
        preview = services.preview(enrollment, status)
        context = {
            "network": network,
            "enrollment": enrollment,
            "form": form if request.method == "POST" else DecisionForm(initial={"status": status}),
            "status": status,
            "verb": ACTION_VERBS[status],
            "preview": preview,
            "result_label": Status(preview.result).label,
            "next": _safe_next(request, network, data.get("next", "")),
            "sessions": _sessions(network),
        }
        return render(
            request,
            "coordinator/decide.html",
            context,
            status=400 if request.method == "POST" else 200,
        )
    reason = form.cleaned_data["reason"]
    if status == Status.WITHDRAWN:
        outcome = services.withdraw_for(
            enrollment, by=request.user, base_url=base_url(request), reason=reason
        )
    else:
        outcome = services.decide(
            enrollment, status, by=request.user, base_url=base_url(request), reason=reason
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
            _("%(name)s har nå status «%(status)s». Du kan angre i dag.")
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
@require_http_methods(["GET", "POST"])
def undo(request, slug, pk):
    """Take back today's decision; the person is emailed only if the coordinator ticks it."""
    network = _network_for(request, slug)
    enrollment = _enrollment_for(network, pk)
    today = timezone.localdate()
    if not enrollment.can_undo_on(today):
        messages.error(
            request,
            _("Beslutningen om %(name)s kan ikke angres. Bare dagens beslutninger kan angres.")
            % {"name": enrollment.participant.name},
        )
        return _back_to_list(request, network)
    form = UndoForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.undo(
                enrollment,
                by=request.user,
                base_url=base_url(request),
                notify=form.cleaned_data["notify"],
            )
        except services.CannotUndoError:
            messages.error(
                request,
                _(
                    "Beslutningen om %(name)s kan ikke angres: plassen er gitt til en annen. "
                    "Øk antall plasser eller flytt noen først."
                )
                % {"name": enrollment.participant.name},
            )
        else:
            messages.success(
                request,
                _("Beslutningen er angret. %(name)s har igjen status «%(status)s».")
                % {
                    "name": enrollment.participant.name,
                    "status": outcome.enrollment.get_status_display(),
                },
            )
            for promoted in outcome.promoted:
                messages.success(
                    request,
                    _("%(name)s fikk den ledige plassen fra ventelisten og har fått beskjed.")
                    % {"name": promoted.participant.name},
                )
        return _back_to_list(request, network)
    context = {
        "network": network,
        "enrollment": enrollment,
        "form": form,
        "previous_label": Status(enrollment.previous_status).label,
        "next": _safe_next(request, network, request.GET.get("next", "")),
        "sessions": _sessions(network),
    }
    return render(request, "coordinator/undo.html", context)


@login_required
@require_POST
def resend_email(request, slug, pk):
    network = _network_for(request, slug)
    enrollment = _enrollment_for(network, pk)
    if enrollment.email_status == Enrollment.EmailStatus.QUEUED:
        # The decision's email waits in the queue (a job that gives up records "Feilet"):
        # a second would reach the person twice.
        messages.info(
            request,
            _("E-posten til %(name)s ligger allerede i kø og sendes så snart det går.")
            % {"name": enrollment.participant.name},
        )
        return _back_to_list(request, network)
    with transaction.atomic():
        tasks.queue_status_email(enrollment, base_url=base_url(request), again=True)
    enrollment.refresh_from_db(fields=["email_status"])
    if enrollment.email_status == Enrollment.EmailStatus.SENT:  # jobs run at once (tests)
        messages.success(
            request, _("E-posten til %(name)s er sendt.") % {"name": enrollment.participant.name}
        )
    elif enrollment.email_status == Enrollment.EmailStatus.FAILED:
        messages.error(
            request,
            _("E-posten til %(name)s kunne ikke sendes. Kontroller adressen og prøv igjen senere.")
            % {"name": enrollment.participant.name},
        )
    else:
        messages.success(
            request,
            _("E-posten til %(name)s sendes nå. Går det ikke, prøver vi igjen i noen timer.")
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
    not_started = session.starts_at > timezone.now()
    if request.method == "POST":
        form = AttendanceForm(request.POST, enrollments=participants)
        if form.is_valid() and not_started and not form.cleaned_data["confirm_future"]:
            # Marked before the session began: ask once, keeping the ticks in the form.
            chosen = set(form.cleaned_data["present"])
            context = {
                "network": network,
                "session": session,
                "rows": [{"enrollment": e, "present": e.pk in chosen} for e in participants],
                "sessions": _sessions(network),
                "present_count": len(chosen),
                "not_started": True,
                "confirming": True,
            }
            return render(request, "coordinator/attendance.html", context, status=409)
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
        "not_started": not_started,
    }
    return render(request, "coordinator/attendance.html", context)


def _county_name(organization, counties: dict[str, str]) -> str:
    if organization.region:
        return organization.region.name
    return counties.get(organization.municipality_number[:2], "")


@login_required
def export_csv(request, slug):
    network = _network_for(request, slug)
    sessions = list(_sessions(network))
    queryset = network.enrollments.for_coordinators().prefetch_related("attendances")
    enrollments_ = EnrollmentFilter(request.GET, queryset=queryset).qs.order_by(
        "participant__name", "pk"
    )
    # A body without a county of its own (created from a form, or from the seed list) has
    # one through its municipality number, whose first two digits are the county number.
    counties = dict(Region.objects.values_list("number", "name"))
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
                _county_name(organization, counties),
                enrollment.get_status_display(),
                enrollment.get_source_display(),
                enrollment.created_at.date().isoformat(),
                *marks,
                sum(1 for value in present_by_session.values() if value),
            ]
        )
    return response


@login_required
def message_list(request, slug):
    network = _network_for(request, slug)
    sent = (
        network.messages.select_related("session", "sent_by")
        .annotate(
            recipient_count=Count("deliveries"),
            failed_count=Count(
                "deliveries", filter=~Q(deliveries__email_status=Enrollment.EmailStatus.SENT)
            ),
        )
        .order_by("-created_at", "-pk")
    )
    context = {"network": network, "sent": sent, "sessions": _sessions(network)}
    return render(request, "coordinator/messages.html", context)


def _recipients(network: LearningNetwork, session):
    accepted = network.enrollments.accepted().exclude(participant__email="")
    if session is not None:
        accepted = accepted.filter(attendances__session=session, attendances__present=True)
    return list(accepted.order_by("pk"))


def _send_deliveries(deliveries) -> tuple[int, int]:
    """Queue the copies; returns how many are on their way and how many failed at once
    (only when jobs run at once, as in the tests)."""
    with transaction.atomic():
        tasks.queue_messages(deliveries)
    failed = MessageDelivery.objects.filter(
        pk__in=[d.pk for d in deliveries], email_status=Enrollment.EmailStatus.FAILED
    ).count()
    return len(deliveries) - failed, failed


@login_required
@require_http_methods(["GET", "POST"])
def message_new(request, slug):
    """Write to all accepted participants, or to those present at one session."""
    network = _network_for(request, slug)
    form = MessageForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        session = form.cleaned_data["session"]
        recipients = _recipients(network, session)
        if not recipients:
            form.add_error("session", _("Ingen deltakere med plass å sende til."))
        else:
            with transaction.atomic():
                message = NetworkMessage.objects.create(
                    network=network,
                    session=session,
                    subject=form.cleaned_data["subject"].strip(),
                    body=form.cleaned_data["body"].strip(),
                    sent_by=request.user,
                )
                deliveries = MessageDelivery.objects.bulk_create(
                    [MessageDelivery(message=message, enrollment=e) for e in recipients]
                )
                sent, failed = _send_deliveries(deliveries)
            _report_sending(request, sent, failed)
            return redirect(message)
    context = {"network": network, "form": form, "sessions": _sessions(network)}
    return render(
        request, "coordinator/message_new.html", context, status=400 if form.errors else 200
    )


def _report_sending(request, sent: int, failed: int) -> None:
    messages.success(
        request,
        ngettext(
            "E-posten er sendt til %(n)d deltaker.", "E-posten er sendt til %(n)d deltakere.", sent
        )
        % {"n": sent},
    )
    if failed:
        messages.error(
            request,
            ngettext(
                "%(n)d e-post kunne ikke sendes. Prøv igjen senere.",
                "%(n)d e-poster kunne ikke sendes. Prøv igjen senere.",
                failed,
            )
            % {"n": failed},
        )


def _message_for(network: LearningNetwork, pk: int) -> NetworkMessage:
    return get_object_or_404(network.messages.select_related("session", "sent_by"), pk=pk)


@login_required
def message_detail(request, slug, pk):
    network = _network_for(request, slug)
    message = _message_for(network, pk)
    deliveries = message.deliveries.select_related("enrollment__participant").order_by(
        "enrollment__participant__name", "pk"
    )
    context = {
        "network": network,
        "message": message,
        "deliveries": deliveries,
        "unsent": sum(1 for d in deliveries if d.email_status != Enrollment.EmailStatus.SENT),
        "sessions": _sessions(network),
    }
    return render(request, "coordinator/message_detail.html", context)


@login_required
@require_POST
def message_resend(request, slug, pk):
    """Send again to every recipient whose copy failed or was not sent."""
    network = _network_for(request, slug)
    message = _message_for(network, pk)
    deliveries = list(message.deliveries.exclude(email_status=Enrollment.EmailStatus.SENT))
    sent, failed = _send_deliveries(deliveries)
    _report_sending(request, sent, failed)
    return redirect(message)
