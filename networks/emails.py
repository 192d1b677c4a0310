"""Emails to participants. Sent after the transaction commits; a failure never loses the
enrollment: it is logged and recorded on the enrollment so coordinators can send it again."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


def send_status_email(enrollment_pk: int, *, base_url: str, kind: str | None = None) -> bool:
    """Tell the participant where their enrollment stands. Returns whether it was sent."""

    enrollment = (
        Enrollment.objects.select_related("participant", "network").filter(pk=enrollment_pk).first()
    )
    if enrollment is None or not enrollment.participant.email:
        return False
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
    subject = str(kind.label) % {"network": enrollment.network.name}
    body = render_to_string("networks/email/status.txt", context)
    try:
        send_mail(subject, body, None, [enrollment.participant.email], fail_silently=False)
    except Exception:
        logger.exception("Could not send the %s email for enrollment %s", kind.value, enrollment.pk)
        status = Enrollment.EmailStatus.FAILED
    else:
        status = Enrollment.EmailStatus.SENT
    Enrollment.objects.filter(pk=enrollment.pk).update(
        email_status=status, email_status_at=timezone.now()
    )
    return status == Enrollment.EmailStatus.SENT


def send_message(delivery_pk: int) -> bool:
    """Send one recipient's copy of a coordinator's message; record whether it went out."""
    delivery = (
        MessageDelivery.objects.select_related("message__network", "enrollment__participant")
        .filter(pk=delivery_pk)
        .first()
    )
    if delivery is None:
        return False
    participant = delivery.enrollment.participant
    status = Enrollment.EmailStatus.FAILED
    if participant.email:
        message = delivery.message
        body = render_to_string(
            "networks/email/message.txt",
            {"message": message, "network": message.network, "participant": participant},
        )
        try:
            send_mail(message.subject, body, None, [participant.email], fail_silently=False)
        except Exception:
            logger.exception("Could not send message %s to delivery %s", message.pk, delivery.pk)
        else:
            status = Enrollment.EmailStatus.SENT
    MessageDelivery.objects.filter(pk=delivery.pk).update(
        email_status=status, email_status_at=timezone.now()
    )
    return status == Enrollment.EmailStatus.SENT
