"""The cases' background jobs: emails about submitted cases, reuse and the needs board,
alerts and their digests; clearing held uploads, and erasing old needs' contacts."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone, translation

from cases import alerts, from_networks, held_uploads, needs, reuse, submission
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


# Reuse and the needs board (issue 19). A confirmation goes out in the language of the page
# it was asked for on; the rest in the site's language.


@jobs.email_task("cases.send_reuse_confirmation")
def send_reuse_confirmation(*, reuse_pk: int, base_url: str, language: str, final: bool) -> None:
    with translation.override(language):
        reuse.send_confirmation(reuse_pk, base_url=base_url)


@jobs.email_task("cases.notify_editors_of_reuse")
def notify_editors_of_reuse(*, reuse_pk: int, base_url: str, final: bool) -> None:
    reuse.notify_editors(reuse_pk, base_url=base_url)


@jobs.email_task("cases.send_need_link")
def send_need_link(*, need_pk: int, base_url: str, first: bool, language: str, final: bool) -> None:
    with translation.override(language):
        needs.send_owner_link(need_pk, base_url=base_url, first=first)


@jobs.email_task("cases.notify_editors_of_need")
def notify_editors_of_need(*, need_pk: int, base_url: str, final: bool) -> None:
    needs.notify_editors(need_pk, base_url=base_url)


@jobs.email_task("cases.send_interest_confirmation")
def send_interest_confirmation(
    *, interest_pk: int, base_url: str, language: str, final: bool
) -> None:
    with translation.override(language):
        needs.send_interest_confirmation(interest_pk, base_url=base_url)


@jobs.email_task("cases.notify_need_owner")
def notify_need_owner(*, interest_pk: int, base_url: str, final: bool) -> None:
    needs.notify_owner(interest_pk, base_url=base_url)


def queue_need_links(email: str, *, base_url: str, language: str) -> int:
    """A fresh owner's link for each need of this address ("Få en ny lenke"); a link still
    waiting in the queue is not queued again. Returns how many were queued."""
    return sum(
        jobs.defer(
            send_need_link,
            queueing_lock=f"need-link-{pk}",
            need_pk=pk,
            base_url=base_url,
            first=False,
            language=language,
        )
        for pk in needs.needs_of_address(email)
    )


@jobs.periodic_task("cases.erase_expired_needs", cron="25 3 * * *")
def erase_expired_needs() -> None:
    """Daily at 03:25: what ``manage.py erase_expired_needs`` does (contacts of needs closed
    more than 24 months ago, and of their interests)."""
    erased = needs.erase_expired()
    logger.info("Erased the contacts of %s closed need(s)", erased)


@jobs.email_task("cases.notify_editors_of_network_proposal")
def notify_editors_of_network_proposal(*, case_pk: int, base_url: str, final: bool) -> None:
    """A coordinator proposed a participant's challenge as a case (issue 21)."""
    from_networks.notify_editors(case_pk, base_url=base_url)
