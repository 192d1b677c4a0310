"""The job queue (procrastinate, ioa_portal/jobs.py): emails are jobs queued in the
transaction of the change, retried through an SMTP outage, and a worker killed in the middle
of a job loses nothing. Real workers here: in this process, or a subprocess that is killed."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.db import connection, transaction
from django.urls import reverse
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from ioa_portal import jobs
from ioa_portal.tasks import retry_stalled_jobs
from networks import tasks as network_tasks
from networks.models import Enrollment
from tests.factories import EnrollmentFactory, LearningNetworkFactory, OrganizationFactory

ROOT = Path(__file__).resolve().parents[2]


class FakeSMTP:
    """An SMTP server in this process: ``mode`` is "refuse" (451 at DATA), "hang" (holds
    the message until released) or "accept"."""

    def __init__(self):
        self.mode = "accept"
        self.received: list = []
        self.refused = 0
        self.arrived = threading.Event()
        self.release = False

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "refuse":
            self.refused += 1
            return "451 4.3.0 Mail server temporarily unavailable"
        if self.mode == "hang":
            self.arrived.set()
            for _ in range(600):
                if self.release:
                    break
                await asyncio.sleep(0.1)
            return "451 4.3.0 Gave up"
        self.received.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    handler = FakeSMTP()
    with socket.socket() as probe:  # a free port (aiosmtpd cannot start on port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 60
    yield handler
    handler.release = True
    controller.stop()


def in_own_thread(function):
    """Run `function` in a thread of its own and return its result (or raise its error).

    The worker runs its own event loop (asyncio.run), which cannot start in a thread that
    already has one running: the browser tests' Playwright leaves one in the main thread."""
    outcome = {}

    def call():
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed back to the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=call)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def run_worker() -> None:
    """A real worker in this process, until the queue holds nothing due."""

    def work():
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)

    in_own_thread(work)


def email_jobs():
    return ProcrastinateJob.objects.filter(task_name="networks.send_status_email")


def application(network) -> dict:
    organization = OrganizationFactory(name="Bergen kommune", needs_review=False)
    return {
        "name": "Kari Nordmann",
        "email": "kari.nordmann@bergen.kommune.no",
        "phone": "+47 55 56 55 56",
        "job_title": "Innkjøpsrådgiver",
        "organization": organization.pk,
        "challenge": "Vi vil kjøpe trygghetsteknologi for hjemmeboende eldre.",
        "consent": "on",
        "website": "",
    }


@pytest.mark.django_db
def test_an_application_queues_its_email_in_the_same_transaction(client, queued):
    network = LearningNetworkFactory()
    response = client.post(reverse("networks:apply", args=[network.slug]), application(network))

    assert response.status_code == 302
    enrollment = Enrollment.objects.get()
    job = email_jobs().get()
    assert job.status == "todo"
    assert job.queue_name == "emails"
    assert job.args == {
        "enrollment_pk": enrollment.pk,
        "base_url": "http://testserver",
        "kind": "received",
    }
    # Shown as "I kø", with no button that would send it twice.
    assert enrollment.email_status == Enrollment.EmailStatus.QUEUED


@pytest.mark.django_db
def test_a_rolled_back_change_queues_no_email(queued):
    enrollment = EnrollmentFactory()
    with contextlib.suppress(RuntimeError), transaction.atomic():
        network_tasks.queue_status_email(enrollment, base_url="http://testserver")
        assert email_jobs().count() == 1
        raise RuntimeError("the change fails after the email was queued")

    assert email_jobs().count() == 0


@pytest.mark.django_db
def test_send_again_waits_for_the_queued_email_rather_than_queueing_a_second(queued):
    enrollment = EnrollmentFactory()
    assert network_tasks.queue_status_email(enrollment, base_url="http://x", again=True)
    assert not network_tasks.queue_status_email(enrollment, base_url="http://x", again=True)
    assert email_jobs().count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_smtp_outage_leaves_the_application_saved_and_the_email_goes_when_it_ends(
    client, queued, smtp
):
    network = LearningNetworkFactory()
    smtp.mode = "refuse"

    response = client.post(reverse("networks:apply", args=[network.slug]), application(network))
    run_worker()

    assert response.status_code == 302
    enrollment = Enrollment.objects.get()
    assert smtp.refused == 1 and smtp.received == []
    job = email_jobs().get()
    assert (job.status, job.attempts) == ("todo", 1)  # retried later, with backoff
    assert enrollment.email_status == Enrollment.EmailStatus.QUEUED  # still waiting for its retry

    smtp.mode = "accept"
    # The retry is due in 70 seconds; move it to now rather than wait.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE id = %s", [job.id])
    run_worker()

    assert [envelope.rcpt_tos for envelope in smtp.received] == [
        ["kari.nordmann@bergen.kommune.no"]
    ]
    assert email_jobs().get().status == "succeeded"
    enrollment.refresh_from_db()
    assert enrollment.email_status == Enrollment.EmailStatus.SENT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_email_is_marked_failed_after_five_tries_and_can_be_sent_again(queued, smtp):
    enrollment = EnrollmentFactory(status="accepted")
    smtp.mode = "refuse"
    network_tasks.queue_status_email(enrollment, base_url="http://testserver")

    for _ in range(jobs.EMAIL_TRIES):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now()")
        run_worker()

    assert smtp.refused == jobs.EMAIL_TRIES
    assert email_jobs().get().status == "failed"
    enrollment.refresh_from_db()
    assert enrollment.email_status == Enrollment.EmailStatus.FAILED  # "Feilet", "Send på nytt"

    smtp.mode = "accept"
    assert network_tasks.queue_status_email(enrollment, base_url="http://testserver", again=True)
    run_worker()
    enrollment.refresh_from_db()
    assert enrollment.email_status == Enrollment.EmailStatus.SENT


def _database_url() -> str:
    params = connection.settings_dict
    host = params["HOST"] or params["OPTIONS"].get("host", "")
    user = quote(params["USER"] or "")
    password = f":{quote(params['PASSWORD'])}" if params["PASSWORD"] else ""
    if host.startswith("/"):
        return f"postgresql://{user}{password}@/{params['NAME']}?host={quote(host)}"
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgresql://{user}{password}@{host}{port}/{params['NAME']}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_in_the_middle_of_a_job_loses_nothing(queued, smtp, settings):
    enrollment = EnrollmentFactory(status="accepted")
    network_tasks.queue_status_email(enrollment, base_url="http://testserver")
    smtp.mode = "hang"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": "60",
        "DJANGO_DEBUG": "true",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", "--no-listen-notify"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert smtp.arrived.wait(timeout=120), "the worker never started sending"
        assert email_jobs().get().status == "doing"
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)

    job = email_jobs().get()
    assert job.status == "doing"  # taken, never finished
    smtp.release = True
    smtp.mode = "accept"
    # The killed worker's heartbeat stops; pretend the minute has passed.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour'"
        )

    async def retry():
        async with app.open_async():
            return await retry_stalled_jobs()

    def retried():
        with app.replace_connector(app.connector.get_worker_connector()):
            return asyncio.run(retry())

    assert in_own_thread(retried) == 1
    run_worker()

    assert [envelope.rcpt_tos for envelope in smtp.received] == [[enrollment.participant.email]]
    assert email_jobs().get().status == "succeeded"
    enrollment.refresh_from_db()
    assert enrollment.email_status == Enrollment.EmailStatus.SENT


def test_the_periodic_jobs_replace_the_cron_lines():
    periodic = {task.task.name for task in app.periodic_registry.periodic_tasks.values()}
    assert {
        "networks.anonymise_participants",
        "cases.clear_held_uploads",
        "jobs.retry_stalled_jobs",
        "jobs.delete_old_jobs",
    } <= periodic
