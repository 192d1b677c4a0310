"""The coordinator workspace's session pages: materials, work reports and evaluations.

As everywhere under /koordinator/, a coordinator sees only their own networks (superusers
all); another network's pages and files answer 404.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ioa_portal.lib.spreadsheets import BOM, DELIMITER, safe_cell
from ioa_portal.lib.urls import base_url
from networks import evaluation, materials, tasks
from networks.models import LearningNetwork, SessionMaterial, WorkReport


def _network_for(request, slug: str) -> LearningNetwork:
    return get_object_or_404(LearningNetwork.objects.coordinated_by(request.user), slug=slug)


def _sessions(network: LearningNetwork):
    return network.sessions.order_by("number").only("pk", "number", "title", "starts_at", "network")


def _csv_response(filename: str) -> tuple[HttpResponse, csv.writer]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write(BOM)
    return response, csv.writer(response, delimiter=DELIMITER)


@login_required
def session_overview(request, slug):
    network = _network_for(request, slug)
    rows = network.sessions.order_by("number").annotate(
        material_count=Count("materials", distinct=True),
        report_count=Count("work_reports", distinct=True),
        answer_count=Count("evaluations", distinct=True),
        invited_count=Count(
            "evaluation_invitations",
            filter=Q(evaluation_invitations__email_status="sent"),
            distinct=True,
        ),
    )
    # Challenges participants agreed to share; proposing one is a view of cases/ (linked by
    # URL name only: networks never imports cases).
    proposals = (
        network.enrollments.accepted()
        .filter(case_consent_at__isnull=False)
        .exclude(challenge="")
        .select_related("participant__organization")
        .order_by("participant__name", "pk")
    )
    context = {
        "network": network,
        "rows": rows,
        "sessions": _sessions(network),
        "proposals": proposals,
        "may_propose": network.has_reached_end(),
    }
    return render(request, "coordinator/sessions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_materials(request, slug, number):
    network = _network_for(request, slug)
    session = get_object_or_404(network.sessions, number=number)
    form = materials.MaterialForm(
        request.POST or None,
        request.FILES or None,
        instance=SessionMaterial(session=session, uploaded_by=request.user),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Materiellet er lagt til."))
        return redirect("coordinator:materials", slug=network.slug, number=session.number)
    context = {
        "network": network,
        "session": session,
        "form": form,
        "items": session.materials.order_by("created_at", "pk"),
        "sessions": _sessions(network),
    }
    return render(
        request, "coordinator/materials.html", context, status=400 if form.errors else 200
    )


def _material_for(network: LearningNetwork, pk: int) -> SessionMaterial:
    return get_object_or_404(
        SessionMaterial.objects.select_related("session"), pk=pk, session__network=network
    )


@login_required
@require_POST
def material_delete(request, slug, pk):
    network = _network_for(request, slug)
    material = _material_for(network, pk)
    number = material.session.number
    stored = material.file.name if material.file else ""
    with transaction.atomic():
        material.delete()
        if stored:
            storage = material.file.storage
            transaction.on_commit(lambda: storage.delete(stored))
    messages.success(request, _("«%(title)s» er slettet.") % {"title": material.title})
    return redirect("coordinator:materials", slug=network.slug, number=number)


@login_required
def material_file(request, slug, pk):
    network = _network_for(request, slug)
    material = _material_for(network, pk)
    return materials.attachment(material.file, material.content_type)


def _reports(network: LearningNetwork, session):
    return (
        WorkReport.objects.filter(session=session, enrollment__network=network)
        .select_related("enrollment__participant__organization")
        .order_by("enrollment__participant__name", "pk")
    )


@login_required
def session_reports(request, slug, number):
    network = _network_for(request, slug)
    session = get_object_or_404(network.sessions, number=number)
    reports = list(_reports(network, session))
    reported = {r.enrollment_id for r in reports}
    missing = (
        network.enrollments.accepted()
        .exclude(pk__in=reported)
        .select_related("participant")
        .order_by("participant__name", "pk")
    )
    context = {
        "network": network,
        "session": session,
        "reports": reports,
        "missing": missing,
        "sessions": _sessions(network),
    }
    return render(request, "coordinator/reports.html", context)


@login_required
def reports_csv(request, slug, number):
    network = _network_for(request, slug)
    session = get_object_or_404(network.sessions, number=number)
    response, writer = _csv_response(f"{network.slug}-samling-{session.number}-mellomarbeid.csv")
    writer.writerow(
        [_("Navn"), _("E-post"), _("Virksomhet"), _("Rapport"), _("Fil"), _("Levert"), _("Endret")]
    )
    for report in _reports(network, session):
        participant = report.enrollment.participant
        writer.writerow(
            [
                safe_cell(participant.name),
                safe_cell(participant.email),
                safe_cell(participant.organization.name),
                safe_cell(report.text),
                safe_cell(report.file.name.rsplit("/", 1)[-1]) if report.file else "",
                report.created_at.isoformat(timespec="minutes"),
                report.updated_at.isoformat(timespec="minutes"),
            ]
        )
    return response


@login_required
def report_file(request, slug, pk):
    network = _network_for(request, slug)
    report = get_object_or_404(WorkReport, pk=pk, enrollment__network=network)
    return materials.attachment(report.file, report.content_type)


@login_required
def evaluation_results(request, slug):
    network = _network_for(request, slug)
    overall, per_session = evaluation.network_results(network)
    invited = dict(
        network.sessions.annotate(
            n=Count(
                "evaluation_invitations",
                filter=Q(evaluation_invitations__email_status="sent"),
            )
        ).values_list("pk", "n")
    )
    context = {
        "network": network,
        "overall": overall,
        "overall_figures": evaluation.figures("nettverk", overall),
        "per_session": [
            {
                "session": session,
                "result": result,
                "figures": evaluation.figures(f"samling-{session.number}", result),
                "invited": invited.get(session.pk, 0),
                "comments": session.evaluations.exclude(most_useful="", to_improve="")
                .values_list("most_useful", "to_improve")
                .order_by("most_useful", "to_improve"),
            }
            for session, result in per_session
        ],
        "labels": evaluation.score_labels(),
        "sessions": _sessions(network),
    }
    return render(request, "coordinator/evaluation.html", context)


@login_required
def evaluation_csv(request, slug):
    network = _network_for(request, slug)
    response, writer = _csv_response(f"{network.slug}-evaluering.csv")
    labels = evaluation.score_labels()
    writer.writerow(
        [
            _("Samling"),
            *[labels[name] for name in evaluation.SCORES],
            _("Hva var mest nyttig?"),
            _("Hva kan bli bedre?"),
        ]
    )
    # Ordered by the answers themselves, never by when or by whom they were given.
    answers = (
        evaluation.SessionEvaluation.objects.filter(session__network=network)
        .select_related("session")
        .order_by("session__number", *evaluation.SCORES, "most_useful", "to_improve")
    )
    for answer in answers:
        writer.writerow(
            [
                answer.session.number,
                *[getattr(answer, name) for name in evaluation.SCORES],
                safe_cell(answer.most_useful),
                safe_cell(answer.to_improve),
            ]
        )
    return response


@login_required
@require_POST
def evaluation_invite(request, slug, number):
    network = _network_for(request, slug)
    session = get_object_or_404(network.sessions, number=number)
    with transaction.atomic():
        ids = tasks.invite_to_evaluation(session, base_url=base_url(request))
    if ids:
        messages.success(
            request,
            ngettext(
                "Invitasjonen til evalueringen sendes til %(n)d deltaker.",
                "Invitasjonen til evalueringen sendes til %(n)d deltakere.",
                len(ids),
            )
            % {"n": len(ids)},
        )
    else:
        messages.info(request, _("Ingen å invitere: alle som var til stede, har svart."))
    return redirect("coordinator:sessions", slug=network.slug)
