"""The networks' background jobs: participants' emails (status, messages, login links to
Min side, invitations to evaluate a session), and the daily anonymisation."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation

from ioa_portal import jobs
from networks import emails, evaluation, participants
from networks.gdpr import anonymise_expired
from networks.models import Enrollment, EvaluationInvitation, MessageDelivery, Participant, Session

logger = logging.getLogger(__name__)


@jobs.email_task("networks.send_status_email")
def send_status_email(*, enrollment_pk: int, base_url: str, kind: str, final: bool) -> None:
    emails.send_status_email(enrollment_pk, base_url=base_url, kind=kind, final=final)


@jobs.email_task("networks.send_message")
def send_message(*, delivery_pk: int, final: bool) -> None:
    emails.send_message(delivery_pk, final=final)


@jobs.email_task("networks.send_password_reset")
def send_password_reset(
    *,
    user_pk: int,
    domain: str,
    protocol: str,
    language: str,
    subject_template: str,
    email_template: str,
    final: bool,
) -> None:
    """The password reset email, with a link made now (valid PASSWORD_RESET_TIMEOUT from
    when it is sent). Nothing is sent for a user who has since been deactivated."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.contrib.auth.tokens import default_token_generator  # noqa: PLC0415
    from django.core.mail import send_mail  # noqa: PLC0415
    from django.template.loader import render_to_string  # noqa: PLC0415
    from django.utils.encoding import force_bytes  # noqa: PLC0415
    from django.utils.http import urlsafe_base64_encode  # noqa: PLC0415

    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not user.email:
        return
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    with translation.override(language):
        subject = "".join(render_to_string(subject_template, context).splitlines())
        body = render_to_string(email_template, context)
    send_mail(subject, body, None, [user.email])  # an SMTP error: the job is retried


def queue_password_reset(
    user, *, domain: str, protocol: str, subject_template: str, email_template: str
) -> bool:
    """Queue the password reset email in the caller's transaction; not again while one for
    the same user still waits."""
    return jobs.defer(
        send_password_reset,
        queueing_lock=f"password-reset-{user.pk}",
        user_pk=user.pk,
        domain=domain,
        protocol=protocol,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        subject_template=subject_template,
        email_template=email_template,
    )


def queue_status_email(
    enrollment: Enrollment, *, base_url: str, kind: str | None = None, again: bool = False
) -> bool:
    """Queue the email telling where ``enrollment`` stands now, in the caller's transaction.

    The kind is fixed now, so a later change does not alter what this email says. The
    enrollment shows "I kø" until the job has sent it (or given up).
    ``again`` (the "Send på nytt" button): not queued while one for it still waits."""
    kind = kind or emails.KIND_FOR_STATUS[enrollment.status]
    Enrollment.objects.filter(pk=enrollment.pk).update(email_status=Enrollment.EmailStatus.QUEUED)
    return jobs.defer(
        send_status_email,
        queueing_lock=f"status-email-{enrollment.pk}" if again else None,
        enrollment_pk=enrollment.pk,
        base_url=base_url,
        kind=str(kind),
    )


def queue_messages(deliveries: QuerySet[MessageDelivery] | list[MessageDelivery]) -> int:
    """Queue each recipient's copy of a coordinator's message; returns how many."""
    count = 0
    for delivery in deliveries:
        MessageDelivery.objects.filter(pk=delivery.pk).update(
            email_status=Enrollment.EmailStatus.NOT_SENT
        )
        if jobs.defer(
            send_message, queueing_lock=f"message-delivery-{delivery.pk}", delivery_pk=delivery.pk
        ):
            count += 1
    return count


@jobs.email_task("networks.send_login_link")
def send_login_link(
    *, participant_pk: int, base_url: str, next_path: str, language: str, final: bool
) -> None:
    with translation.override(language):
        participants.send_login_link(
            participant_pk, base_url=base_url, next_path=next_path, final=final
        )


@jobs.email_task("networks.send_evaluation_invitation")
def send_evaluation_invitation(*, invitation_pk: int, base_url: str, final: bool) -> None:
    evaluation.send_invitation(invitation_pk, base_url=base_url, final=final)


def queue_login_link(participant: Participant, *, base_url: str, next_path: str = "") -> bool:
    """Queue a login link to Min side, in the page's language. The link itself is made
    when the email is sent (the job holds no secret). Not queued while one still waits."""
    return jobs.defer(
        send_login_link,
        queueing_lock=f"login-link-{participant.pk}",
        participant_pk=participant.pk,
        base_url=base_url,
        next_path=next_path,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def invite_to_evaluation(session: Session, *, base_url: str) -> list[int]:
    """Record an invitation for each participant present who has not answered, and queue
    each email in the caller's transaction; returns the invitations' ids."""
    ids = evaluation.invite(session)
    EvaluationInvitation.objects.filter(pk__in=ids).update(
        email_status=Enrollment.EmailStatus.NOT_SENT
    )
    for pk in ids:
        jobs.defer(
            send_evaluation_invitation,
            queueing_lock=f"evaluation-invitation-{pk}",
            invitation_pk=pk,
            base_url=base_url,
        )
    return ids


@jobs.periodic_task("networks.anonymise_participants", cron="15 3 * * *")
def anonymise_participants() -> None:
    """Daily at 03:15: what ``manage.py anonymise_participants`` does (cron no longer needed)."""
    anonymised, cleared = anonymise_expired(months=settings.PARTICIPANT_RETENTION_MONTHS)
    logger.info("Anonymised %s participant(s); cleared %s challenge text(s)", anonymised, cleared)
