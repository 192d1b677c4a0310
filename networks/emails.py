"""Emails to participants, sent by jobs (networks/tasks.py) queued with the change that
causes them. An SMTP error is retried; after the last try it is recorded on the enrollment
or delivery ("Feilet") so coordinators can send it again. The enrollment is never lost.

Each is written in the language the person applied in (Enrollment.language), whoever
caused it, and its links lead to pages in that language."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ioa_portal import jobs
from networks.models import Enrollment, MessageDelivery

logger = logging.getLogger(__name__)


class Kind(models.TextChoices):
    RECEIVED = "received", _("Vi har mottatt søknaden din om plass i %(network)s")
    ACCEPTED = "accepted", _("Du har fått plass i %(network)s")
    WAITLISTED = "waitlisted", _("Du står på venteliste til %(network)s")
    DECLINED = "declined", _("Svar på søknaden din om plass i %(network)s")
    WITHDRAWN = "withdrawn", _("Du har trukket deg fra %(network)s")
    PROMOTED = "promoted", _("En plass er ledig: du er med i %(network)s")


KIND_FOR_STATUS = {
    "pending": Kind.RECEIVED,
    "accepted": Kind.ACCEPTED,
    "waitlisted": Kind.WAITLISTED,
    "declined": Kind.DECLINED,
    "withdrawn": Kind.WITHDRAWN,
}


def send_status_email(
    enrollment_pk: int, *, base_url: str, kind: str | None = None, final: bool = True
) -> bool:
    """Tell the participant where their enrollment stands. Returns whether it was sent.

    An SMTP error is raised (so the job is retried); on the ``final`` try it is first
    recorded on the enrollment as failed."""

    enrollment = (
        Enrollment.objects.select_related("participant", "network").filter(pk=enrollment_pk).first()
    )
    if enrollment is None:
        return False
    if not enrollment.participant.email:  # anonymised meanwhile: nothing left to send
        _record(Enrollment.objects.filter(pk=enrollment.pk), Enrollment.EmailStatus.NOT_SENT)
        return False
    with translation.override(enrollment.language):
        return _send_status_email(enrollment, base_url=base_url, kind=kind, final=final)


def _send_status_email(
    enrollment: Enrollment, *, base_url: str, kind: str | None, final: bool
) -> bool:
    kind = Kind(kind or KIND_FOR_STATUS[enrollment.status])
    base_url = base_url.rstrip("/")
    decision_kinds = (Kind.ACCEPTED, Kind.WAITLISTED, Kind.DECLINED)
    context = {
        "kind": kind.value,
        "reason": enrollment.decision_reason if kind in decision_kinds else "",
        "position": enrollment.waiting_position() if kind == Kind.WAITLISTED else None,
        "enrollment": enrollment,
        "participant": enrollment.participant,
        "network": enrollment.network,
        "network_url": base_url + enrollment.network.get_absolute_url(),
        "privacy_url": base_url + reverse("privacy"),
        "site_name": settings.SITE_NAME,
        "withdraw_url": (
            base_url + reverse("networks:withdraw", args=[enrollment.withdraw_token()])
            if kind not in (Kind.DECLINED, Kind.WITHDRAWN)
            else ""
        ),
    }
    try:
        subject = str(kind.label) % {"network": enrollment.network.name}
        body = render_to_string("networks/email/status.txt", context)
        send_mail(subject, body, None, [enrollment.participant.email], fail_silently=False)
    except Exception as error:
        logger.warning("Could not send the %s email for enrollment %s", kind.value, enrollment.pk)
        # Never left "I kø" (queued) when no try is left: the coordinator can send it again.
        if final or not jobs.is_retried(error):
            _record(Enrollment.objects.filter(pk=enrollment.pk), Enrollment.EmailStatus.FAILED)
        raise
    _record(Enrollment.objects.filter(pk=enrollment.pk), Enrollment.EmailStatus.SENT)
    return True


def _record(rows, status: str) -> None:
    rows.update(email_status=status, email_status_at=timezone.now())


def send_message(delivery_pk: int, *, final: bool = True) -> bool:
    """Send one recipient's copy of a coordinator's message; record whether it went out.

    An SMTP error is raised (so the job is retried); on the ``final`` try it is first
    recorded on the delivery as failed."""
    delivery = (
        MessageDelivery.objects.select_related("message__network", "enrollment__participant")
        .filter(pk=delivery_pk)
        .first()
    )
    if delivery is None:
        return False
    participant = delivery.enrollment.participant
    rows = MessageDelivery.objects.filter(pk=delivery.pk)
    if not participant.email:
        _record(rows, Enrollment.EmailStatus.FAILED)
        return False
    message = delivery.message
    with translation.override(delivery.enrollment.language):
        body = render_to_string(
            "networks/email/message.txt",
            {"message": message, "network": message.network, "participant": participant},
        )
    try:
        send_mail(message.subject, body, None, [participant.email], fail_silently=False)
    except Exception:
        logger.warning("Could not send message %s to delivery %s", message.pk, delivery.pk)
        if final:
            _record(rows, Enrollment.EmailStatus.FAILED)
        raise
    _record(rows, Enrollment.EmailStatus.SENT)
    return True
