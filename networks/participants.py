"""Participants' "Min side": passwordless login by a signed, expiring, one-time link.

A participant is never a Django user. The login puts the participant's id (and a keyed
hash of their address, so an anonymised or changed address ends the login) under its own
session key, which nothing of the admin or the coordinator workspace reads.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from networks.models import Enrollment, Participant, ParticipantLoginToken

logger = logging.getLogger(__name__)

SESSION_KEY = "networks_participant"
LOGIN_SALT = "networks.participant-login"
LOGIN_LINK_MAX_AGE = datetime.timedelta(minutes=30)
# A link in an invitation to evaluate a session is read later than one asked for now.
INVITATION_LINK_MAX_AGE = datetime.timedelta(days=14)
LONGEST_LINK_AGE = max(LOGIN_LINK_MAX_AGE, INVITATION_LINK_MAX_AGE)


class LinkError(Exception):
    """A login link that cannot be used. ``reason``: "invalid", "expired" or "used"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def _address_check(participant: Participant) -> str:
    return salted_hmac(
        "networks.participant-session", participant.email.lower(), algorithm="sha256"
    ).hexdigest()


# --- The session ---------------------------------------------------------------------


def log_in(request, participant: Participant) -> None:
    """Start a participant session; a new session key, so a planted one is worthless."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"id": participant.pk, "check": _address_check(participant)}


def log_out(request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def current_participant(request) -> Participant | None:
    """The participant logged in to Min side in this browser, or None."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None
    participant = (
        Participant.objects.filter(pk=data["id"], anonymised_at__isnull=True)
        .exclude(email="")
        .first()
    )
    if participant is None or not constant_time_compare(
        str(data.get("check", "")), _address_check(participant)
    ):
        request.session.pop(SESSION_KEY, None)
        return None
    return participant


# --- Links ---------------------------------------------------------------------------


@dataclass
class IssuedLink:
    token: ParticipantLoginToken
    signed: str

    def url(self, base_url: str) -> str:
        return base_url.rstrip("/") + reverse("networks:participant_link", args=[self.signed])


def issue_link(
    participant: Participant, *, max_age: datetime.timedelta = LOGIN_LINK_MAX_AGE, next_path=""
) -> IssuedLink:
    nonce = secrets.token_urlsafe(24)
    token = ParticipantLoginToken.objects.create(
        participant=participant,
        digest=_digest(nonce),
        expires_at=timezone.now() + max_age,
        next_path=next_path,
    )
    return IssuedLink(token, signing.dumps(nonce, salt=LOGIN_SALT, compress=False))


def _token_for(signed: str, *, lock: bool) -> ParticipantLoginToken:
    try:
        nonce = signing.loads(signed, salt=LOGIN_SALT, max_age=LONGEST_LINK_AGE)
    except signing.SignatureExpired:
        raise LinkError("expired") from None
    except signing.BadSignature:
        raise LinkError("invalid") from None
    if not isinstance(nonce, str):
        raise LinkError("invalid")
    tokens = ParticipantLoginToken.objects.select_related("participant")
    if lock:
        tokens = tokens.select_for_update(of=("self",))
    token = tokens.filter(digest=_digest(nonce)).first()
    if token is None or token.participant.is_anonymised or not token.participant.email:
        raise LinkError("invalid")
    if token.used_at is not None:
        raise LinkError("used")
    if token.expires_at <= timezone.now():
        raise LinkError("expired")
    return token


def check_link(signed: str) -> ParticipantLoginToken:
    """The link's token if it can be used, without using it (LinkError otherwise)."""
    return _token_for(signed, lock=False)


def use_link(signed: str) -> ParticipantLoginToken:
    """Use the link once: the token, now marked used (LinkError otherwise)."""
    with transaction.atomic():
        token = _token_for(signed, lock=True)
        token.used_at = timezone.now()
        token.save(update_fields=["used_at"])
    return token


def has_login(participant: Participant | None) -> bool:
    """Whether this person may get a login link: not anonymised, enrolled somewhere."""
    return (
        participant is not None
        and not participant.is_anonymised
        and bool(participant.email)
        and participant.enrollments.filter(network__is_published=True).exists()
    )


def participant_for_login(email: str) -> Participant | None:
    """The participant a login link for ``email`` should go to, or None. The caller answers
    the same whatever this returns, so the form tells nobody who is a participant."""
    participant = (
        Participant.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=email.strip().lower())
        .first()
    )
    return participant if has_login(participant) else None


def send_login_link(
    participant_pk: int, *, base_url: str, next_path: str = "", final: bool = True
) -> bool:
    """Issue a login link and email it (a job: networks/tasks.py). Returns whether it went.

    The link is made here, not when it was asked for, so the job's arguments hold no
    secret and a retry sends a link with its full 30 minutes. An SMTP error is raised (the
    job is retried); the undelivered link is deleted, or on the ``final`` try kept and
    marked failed."""
    participant = Participant.objects.filter(pk=participant_pk).first()
    if not has_login(participant):  # anonymised or withdrawn since it was asked for
        return False
    link = issue_link(participant, next_path=next_path)
    body = render_to_string(
        "networks/email/participant_login.txt",
        {
            "participant": participant,
            "url": link.url(base_url),
            "minutes": int(LOGIN_LINK_MAX_AGE.total_seconds() // 60),
            "site_name": settings.SITE_NAME,
        },
    )
    subject = _("Lenke til Min side på %(site)s") % {"site": settings.SITE_NAME}
    tokens = ParticipantLoginToken.objects.filter(pk=link.token.pk)
    try:
        send_mail(subject, body, None, [participant.email], fail_silently=False)
    except Exception:
        logger.warning("Could not send a login link to participant %s", participant.pk)
        if final:
            tokens.update(email_status=Enrollment.EmailStatus.FAILED)
        else:
            tokens.delete()  # never delivered: nobody holds its nonce
        raise
    tokens.update(email_status=Enrollment.EmailStatus.SENT)
    return True


def enrollment_for(participant: Participant, slug: str) -> Enrollment | None:
    """The participant's own enrollment in this network (None for any other network)."""
    return (
        Enrollment.objects.select_related("network", "participant__organization")
        .filter(participant=participant, network__slug=slug)
        .first()
    )
