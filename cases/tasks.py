"""The cases' background jobs: emails about submitted cases, and clearing held uploads."""

from __future__ import annotations

import logging

from cases import held_uploads, submission
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
