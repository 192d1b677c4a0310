"""The cases' background jobs: emails about submitted cases, alerts and their digests,
and clearing held uploads."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone

from cases import alerts, from_networks, held_uploads, submission
from ioa_portal import jobs

logger = logging.getLogger(__name__)


@jobs.email_task("cases.notify_editors")
def notify_editors(*, case_pk: int, base_url: str, final: bool) -> None:
    submission.notify_editors(case_pk, base_url=base_url)


@jobs.email_task("cases.notify_submitter")
def notify_submitter(*, submission_pk: int, base_url: str, final: bool) -> None:
    submission.notify_submitter(submission_pk, base_url=base_url)


@jobs.periodic_task("cases.clear_held_uploads", cron="40 * * * *")
def clear_held_uploads() -> None:
    """Hourly: files held across a form error expire after a day (cases/held_uploads.py)."""
    removed = held_uploads.clean_up()
    if removed:
        logger.info("Removed %s expired held upload(s)", removed)


@jobs.email_task("cases.send_alert_confirmation")
def send_alert_confirmation(*, alert_pk: int, base_url: str, final: bool) -> None:
    alerts.send_confirmation(alert_pk, base_url=base_url)


@jobs.email_task("cases.send_alert_digest")
def send_alert_digest(*, alert_pk: int, until: str, final: bool) -> None:
    alerts.send_digest(
        alert_pk, base_url=settings.IOA_SITE_URL, until=datetime.datetime.fromisoformat(until)
    )


def queue_digests(now: datetime.datetime | None = None) -> int:
    """Queue one digest job per alert that is due; returns how many."""
    now = now or timezone.now()
    count = 0
    for alert in alerts.due_alerts(now):
        jobs.defer(
            send_alert_digest,
            queueing_lock=f"alert-digest-{alert.pk}",
            alert_pk=alert.pk,
            until=now.isoformat(),
        )
        count += 1
    return count


@jobs.periodic_task("cases.alert_digests", cron="5 * * * *")
def alert_digests() -> None:
    """Hourly: the digests that are due, and unconfirmed alerts older than 7 days deleted."""
    queued = queue_digests()
    deleted = alerts.delete_unconfirmed()
    logger.info("Queued %s alert digest(s); deleted %s unconfirmed alert(s)", queued, deleted)


@jobs.email_task("cases.notify_editors_of_network_proposal")
def notify_editors_of_network_proposal(*, case_pk: int, base_url: str, final: bool) -> None:
    """A coordinator proposed a participant's challenge as a case (issue 21)."""
    from_networks.notify_editors(case_pk, base_url=base_url)
