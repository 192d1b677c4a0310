"""Participants' rights and retention: export one person's data, erase a person, and
anonymise everyone whose networks ended long enough ago (settings.PARTICIPANT_RETENTION_MONTHS).

Erasing keeps the enrollments and attendance rows, without anything that identifies the
person, so counts per network, organisation and county stay right.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from networks.models import Enrollment, EvaluationInvitation, Participant, WorkReport


def participant_data(participant: Participant) -> dict:
    """Everything stored about one participant, as plain JSON-ready data."""
    organization = participant.organization
    enrollments = (
        participant.enrollments.select_related("network")
        .prefetch_related("attendances__session", "work_reports__session")
        .order_by("created_at", "pk")
    )
    return {
        "participant": {
            "id": participant.pk,
            "name": participant.name,
            "email": participant.email,
            "phone": participant.phone,
            "job_title": participant.job_title,
            "registered_at": participant.created_at.isoformat(),
            "anonymised_at": (
                participant.anonymised_at.isoformat() if participant.anonymised_at else None
            ),
            "organization": {
                "name": organization.name,
                "org_number": organization.org_number,
            },
        },
        "enrollments": [
            {
                "network": enrollment.network.name,
                "network_slug": enrollment.network.slug,
                "status": enrollment.status,
                "source": enrollment.source,
                "challenge": enrollment.challenge,
                "decision_reason": enrollment.decision_reason,
                "applied_at": enrollment.created_at.isoformat(),
                "consent_at": enrollment.consent_at.isoformat() if enrollment.consent_at else None,
                "decided_at": enrollment.decided_at.isoformat() if enrollment.decided_at else None,
                "work_reports": [
                    {
                        "session": report.session.number,
                        "text": report.text,
                        "file": report.file.name.rsplit("/", 1)[-1] if report.file else None,
                        "updated_at": report.updated_at.isoformat(),
                    }
                    for report in sorted(
                        enrollment.work_reports.all(), key=lambda r: r.session.number
                    )
                ],
                "attendance": [
                    {
                        "session": attendance.session.number,
                        "title": attendance.session.title,
                        "starts_at": attendance.session.starts_at.isoformat(),
                        "present": attendance.present,
                    }
                    for attendance in sorted(
                        enrollment.attendances.all(), key=lambda a: a.session.number
                    )
                ],
            }
            for enrollment in enrollments
        ],
    }


def anonymise_participant(participant: Participant) -> bool:
    """Remove what identifies the person; keep organisation, statuses and attendance.

    Returns False when the participant was already anonymised (nothing to do).
    """
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.anonymised_at is not None:
            return False
        participant.name = Participant.ANONYMISED_NAME
        participant.email = ""
        participant.phone = ""
        participant.job_title = ""
        participant.anonymised_at = timezone.now()
        participant.save(update_fields=["name", "email", "phone", "job_title", "anonymised_at"])
        participant.enrollments.update(challenge="", decision_reason="")
        # Work between sessions and its files, login links and evaluation invitations go;
        # evaluation answers stay, as they never named the person.
        reports = WorkReport.objects.filter(enrollment__participant=participant)
        files = [report.file for report in reports.exclude(file="")]
        reports.delete()
        participant.login_tokens.all().delete()
        EvaluationInvitation.objects.filter(enrollment__participant=participant).delete()
        transaction.on_commit(lambda: [file.storage.delete(file.name) for file in files])
    return True


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def expired_participants(cutoff: datetime.date):
    """Participants not yet anonymised, registered before cutoff, with no enrollment in a
    network that ended on or after cutoff (or has not ended)."""
    recent = Enrollment.objects.filter(participant=OuterRef("pk"), network__ends_on__gte=cutoff)
    return Participant.objects.filter(
        anonymised_at__isnull=True, created_at__date__lt=cutoff
    ).exclude(Exists(recent))


def anonymise_expired(*, months: int, today: datetime.date | None = None) -> tuple[int, int]:
    """Anonymise participants whose networks all ended more than ``months`` months ago, and
    blank old challenge texts of people still active elsewhere. Safe to run again and again.

    Returns (participants anonymised, challenge texts cleared).
    """
    cutoff = months_before(today or timezone.localdate(), months)
    anonymised = 0
    for participant in expired_participants(cutoff).only("pk").iterator():
        anonymised += anonymise_participant(participant)
    cleared = (
        Enrollment.objects.filter(network__ends_on__lt=cutoff)
        .exclude(challenge="")
        .update(challenge="")
    )
    # Work reports of networks that ended before the cutoff go with the challenge texts.
    old_reports = WorkReport.objects.filter(session__network__ends_on__lt=cutoff)
    files = [report.file for report in old_reports.exclude(file="")]
    old_reports.delete()
    for file in files:
        file.storage.delete(file.name)
    return anonymised, cleared
