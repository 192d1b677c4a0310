"""Background jobs: procrastinate, with its jobs in the site's own PostgreSQL.

A job is queued with ``defer`` inside the transaction that causes it: procrastinate's Django
connector writes the job row on Django's own connection, so a rolled-back change queues
nothing, and a committed one cannot lose its job. Workers (``manage.py procrastinate
worker``) take the jobs; the tasks live in each app's ``tasks.py``.

Emails are retried on SMTP and network errors: five tries over about three hours (waits of
70 s, 160 s, 17 min and 2.8 h), then the job is marked failed, which editors and superusers
see in the admin. The task is told when it runs its last try, so it can record the failure
where people look (an enrollment's "Feilet", with "Send på nytt").

With ``IOA_JOBS_EAGER`` (the tests) a job runs at once, in the caller's thread and
transaction, as its last try: an SMTP error is logged and recorded, never raised.
"""

from __future__ import annotations

import functools
import logging
import smtplib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

logger = logging.getLogger(__name__)

EMAIL_TRIES = 5
EMAIL_QUEUE = "emails"
# procrastinate's max_attempts counts retries: wait = 60 + 10 ** (attempts + 1) seconds.
EMAIL_RETRY = RetryStrategy(
    max_attempts=EMAIL_TRIES - 1,
    wait=60,
    exponential_wait=10,
    retry_exceptions=[smtplib.SMTPException, OSError],
)

__all__ = ["EMAIL_TRIES", "app", "defer", "email_task", "is_retried", "periodic_task"]


def is_retried(error: BaseException) -> bool:
    """Whether an email task that raised ``error`` will be tried again. Any other error
    ends the job at once: the task records it as its last try."""
    return isinstance(error, tuple(EMAIL_RETRY.retry_exceptions))


def email_task(name: str) -> Callable:
    """Make ``func(*, final: bool, **kwargs)`` a retried email task named ``name``.

    ``final`` is true on the last try: the function records a failure then, and raises in
    every case so that the job is retried or marked failed."""

    def decorate(func: Callable[..., Any]):
        @functools.wraps(func)
        def run(context, **kwargs):
            close_old_connections()
            try:
                return func(final=context.job.attempts >= EMAIL_TRIES - 1, **kwargs)
            finally:
                close_old_connections()

        task = app.task(name=name, queue=EMAIL_QUEUE, retry=EMAIL_RETRY, pass_context=True)(run)
        task.run_eagerly = func
        return task

    return decorate


def periodic_task(name: str, cron: str) -> Callable:
    """A job deferred by the workers on a cron schedule (each slot runs once, whatever the
    number of workers). ``func`` takes no arguments."""

    def decorate(func: Callable[[], Any]):
        @functools.wraps(func)
        def run(timestamp: int):
            close_old_connections()
            try:
                return func()
            finally:
                close_old_connections()

        return app.periodic(cron=cron)(app.task(name=name, queueing_lock=name)(run))

    return decorate


def defer(task, *, queueing_lock: str | None = None, **kwargs) -> bool:
    """Queue ``task`` in the current transaction. With a ``queueing_lock``, a job with the
    same lock still waiting means this one is not queued: returns False then."""
    if settings.IOA_JOBS_EAGER:
        try:
            task.run_eagerly(final=True, **kwargs)
        except (smtplib.SMTPException, OSError):
            logger.exception("Job %s failed", task.name)
        return True
    try:
        with transaction.atomic():
            if queueing_lock:
                task.configure(queueing_lock=queueing_lock).defer(**kwargs)
            else:
                task.defer(**kwargs)
    except AlreadyEnqueued:
        return False
    return True
