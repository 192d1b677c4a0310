"""Participants' "Min side" under /nettverk/min-side/: passwordless login by a signed,
one-time link, and a page per network the person is enrolled in (networks/participants.py).

Someone not logged in as a participant is sent to the login form; another network's pages
answer 404, so their existence is not revealed.
"""

from __future__ import annotations

import functools

from django import forms
from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ioa_portal.lib.antispam import rate_limit
from ioa_portal.lib.forms import DescribedFieldsMixin
from ioa_portal.lib.urls import base_url
from networks import certificates, evaluation, materials, participants, tasks
from networks.models import Enrollment, LearningNetwork, SessionMaterial, WorkReport

LINK_STATUS = {"invalid": 404, "expired": 410, "used": 410}


class LoginLinkForm(DescribedFieldsMixin, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-postadressen du er påmeldt med"),
        max_length=254,
        help_text=gettext_lazy(
            "Er adressen påmeldt et nettverk, sender vi deg en lenke som logger deg inn."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"


def participant_required(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        participant = participants.current_participant(request)
        if participant is None:
            login = reverse("networks:participant_login")
            return redirect(login + "?" + urlencode({"next": request.get_full_path()}))
        request.participant = participant
        return never_cache(view)(request, *args, **kwargs)

    return wrapper


def _safe_next(request, value: str) -> str:
    home = reverse("networks:participant_home")
    if value.startswith(home) and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}
    ):
        return value
    return home


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("networks-participant-login")
def login_request(request):
    """Ask for a login link. The answer is the same whether or not the address is known."""
    form = LoginLinkForm(request.POST or None)
    network = LearningNetwork.objects.published().filter(slug=request.GET.get("nettverk")).first()
    if request.method == "POST" and form.is_valid():
        participant = participants.participant_for_login(form.cleaned_data["email"])
        if participant is not None:
            with transaction.atomic():
                tasks.queue_login_link(
                    participant,
                    base_url=base_url(request),
                    next_path=_safe_next(request, request.POST.get("next", "")),
                )
        return render(request, "networks/participant/link_sent.html", {"network": network})
    context = {"form": form, "network": network, "next": request.GET.get("next", "")}
    return render(
        request, "networks/participant/login.html", context, status=400 if form.errors else 200
    )


def _link_invalid(request, reason: str):
    return render(
        request,
        "networks/participant/link_invalid.html",
        {"reason": reason},
        status=LINK_STATUS[reason],
    )


@never_cache
@require_http_methods(["GET", "POST"])
def login_link(request, token):
    """The link from the email. Opening it shows a button: mail scanners that follow links
    do not use it up; pressing the button logs in."""
    try:
        if request.method == "GET":
            login = participants.check_link(token)
            return render(request, "networks/participant/link_confirm.html", {"login": login})
        login = participants.use_link(token)
    except participants.LinkError as error:
        return _link_invalid(request, error.reason)
    participants.log_in(request, login.participant)
    return redirect(_safe_next(request, login.next_path))


@require_POST
def logout(request):
    participants.log_out(request)
    messages.success(request, _("Du er logget ut av Min side."))
    return redirect("networks:list")


@participant_required
def home(request):
    enrollments = (
        request.participant.enrollments.select_related("network")
        .filter(network__is_published=True)
        .order_by("-network__starts_on", "pk")
    )
    context = {"participant": request.participant, "enrollments": enrollments}
    return render(request, "networks/participant/home.html", context)


def _own_enrollment(request, slug) -> Enrollment:
    enrollment = participants.enrollment_for(request.participant, slug)
    if enrollment is None or not enrollment.network.is_published:
        raise Http404
    return enrollment


@participant_required
def network_page(request, slug):
    enrollment = _own_enrollment(request, slug)
    network = enrollment.network
    accepted = enrollment.status == Enrollment.Status.ACCEPTED
    now = timezone.now()
    sessions = list(network.sessions.order_by("number"))
    by_session = {s.pk: [] for s in sessions}
    for material in materials.visible_materials(enrollment):
        material.url = materials.material_url(material, request.participant.pk)
        by_session[material.session_id].append(material)
    reports = {r.session_id: r for r in enrollment.work_reports.all()} if accepted else {}
    present = set(enrollment.attendances.filter(present=True).values_list("session_id", flat=True))
    for session in sessions:
        session.material_list = by_session[session.pk]
        session.report = reports.get(session.pk)
        session.can_evaluate = (
            accepted
            and session.pk in present
            and session.starts_at <= now
            and not evaluation.has_answered(session, enrollment)
        )
    upcoming = [s for s in sessions if s.starts_at > now]
    started = [s for s in sessions if s.starts_at <= now]
    context = {
        "enrollment": enrollment,
        "network": network,
        "accepted": accepted,
        "position": enrollment.waiting_position(),
        "sessions": sessions,
        "next_session": upcoming[0] if upcoming else None,
        "current_work": next((s for s in reversed(started) if s.homework), None),
        "certificate": accepted and certificates.is_eligible(enrollment),
    }
    return render(request, "networks/participant/network.html", context)


def _session_for(enrollment: Enrollment, number: int):
    return get_object_or_404(enrollment.network.sessions, number=number)


@participant_required
@require_http_methods(["GET", "POST"])
def work_report(request, slug, number):
    enrollment = _own_enrollment(request, slug)
    if enrollment.status != Enrollment.Status.ACCEPTED:
        raise Http404
    session = _session_for(enrollment, number)
    report = WorkReport.objects.filter(enrollment=enrollment, session=session).first()
    instance = report or WorkReport(enrollment=enrollment, session=session)
    form = materials.WorkReportForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Rapporten om mellomarbeidet er lagret."))
        return redirect("networks:participant_network", slug=enrollment.network.slug)
    context = {"enrollment": enrollment, "network": enrollment.network, "session": session}
    context.update(form=form, report=report)
    return render(
        request, "networks/participant/report.html", context, status=400 if form.errors else 200
    )


@participant_required
@require_http_methods(["GET", "POST"])
def evaluate(request, slug, number):
    enrollment = _own_enrollment(request, slug)
    session = _session_for(enrollment, number)
    context = {"enrollment": enrollment, "network": enrollment.network, "session": session}
    if not evaluation.may_answer(session, enrollment):
        return render(request, "networks/participant/evaluation_closed.html", context, status=403)
    if evaluation.has_answered(session, enrollment):
        context["answered"] = True
        return render(request, "networks/participant/evaluation_closed.html", context, status=409)
    form = evaluation.EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation.submit(session, enrollment, form)
        except evaluation.AlreadyAnsweredError:
            context["answered"] = True
            return render(
                request, "networks/participant/evaluation_closed.html", context, status=409
            )
        messages.success(request, _("Takk! Svaret ditt er lagret uten navnet ditt."))
        return redirect("networks:participant_network", slug=enrollment.network.slug)
    context["form"] = form
    return render(
        request,
        "networks/participant/evaluation.html",
        context,
        status=400 if form.errors else 200,
    )


@participant_required
@require_POST
def case_consent(request, slug):
    """Consent (consent=1) or take it back (consent=0) to the challenge and the work reports
    becoming a case proposal (proposed by a coordinator through cases/from_networks.py)."""
    enrollment = _own_enrollment(request, slug)
    if enrollment.status != Enrollment.Status.ACCEPTED:
        raise Http404
    choice = request.POST.get("consent")
    context = {"enrollment": enrollment, "network": enrollment.network}
    template = "networks/participant/case_consent_refused.html"
    if choice not in ("0", "1") or not enrollment.challenge.strip():
        context["problem"] = "bad"
        return render(request, template, context, status=400)
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if enrollment.case_proposed_at is not None:
            context["problem"] = "proposed"
            return render(request, template, context, status=409)
        enrollment.case_consent_at = timezone.now() if choice == "1" else None
        enrollment.save(update_fields=["case_consent_at"])
    if choice == "1":
        messages.success(request, _("Takk! Koordinatorene kan nå foreslå utfordringen din."))
    else:
        messages.success(request, _("Samtykket er trukket tilbake."))
    return redirect(reverse("networks:participant_network", args=[slug]) + "#utfordring")


@participant_required
def certificate(request, slug):
    """The certificate of participation (PDF) in the page's language; 403 below the
    network's attendance threshold."""
    enrollment = _own_enrollment(request, slug)
    record = certificates.attendance(enrollment)
    if not certificates.is_eligible(enrollment, record):
        context = {"enrollment": enrollment, "network": enrollment.network, "record": record}
        return render(request, "networks/participant/certificate_refused.html", context, status=403)
    response = HttpResponse(
        certificates.render_pdf(enrollment, record), content_type="application/pdf"
    )
    filename = f"kursbevis-{enrollment.network.slug}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@participant_required
def material_file(request, token):
    """A file for participants only, at a signed address that expires; the logged-in
    participant must be the one it was made for, with a place in the network."""
    try:
        material_pk, participant_pk = materials.material_from_token(token)
    except signing.SignatureExpired:
        return _link_invalid(request, "expired")
    except signing.BadSignature:
        return _link_invalid(request, "invalid")
    material = (
        SessionMaterial.objects.select_related("session__network")
        .filter(pk=material_pk, session__network__is_published=True)
        .first()
    )
    allowed = (
        material is not None
        and participant_pk == request.participant.pk
        and material.file
        and Enrollment.objects.accepted()
        .filter(participant=request.participant, network_id=material.session.network_id)
        .exists()
    )
    if not allowed:
        raise Http404
    return materials.attachment(material.file, material.content_type)


def public_material(request, slug, pk):
    """A file marked for everyone, from a published network."""
    material = get_object_or_404(
        SessionMaterial.objects.select_related("session__network"),
        pk=pk,
        audience=SessionMaterial.Audience.PUBLIC,
        session__network__slug=slug,
        session__network__is_published=True,
    )
    return materials.attachment(material.file, material.content_type)
