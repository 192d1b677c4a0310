"""Min side's emails are jobs (ioa_portal/jobs.py): the login link and the invitations to
evaluate a session are queued in the transaction of the request, hold no secret in the
queue, and are retried on SMTP errors (an undelivered link is deleted, the last failure is
recorded)."""

import contextlib
import datetime
import re

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from networks import participants, tasks
from networks.models import EvaluationInvitation, ParticipantLoginToken
from tests.factories import AttendanceFactory, EnrollmentFactory, SessionFactory


@pytest.fixture
def past_session(network_a):
    return SessionFactory(
        network=network_a, number=1, starts_at=timezone.now() - datetime.timedelta(days=2)
    )


@pytest.fixture
def present(network_a, past_session):
    enrollments = EnrollmentFactory.create_batch(2, network=network_a, status="accepted")
    for enrollment in enrollments:
        AttendanceFactory(enrollment=enrollment, session=past_session, present=True)
    return enrollments


def jobs_named(name):
    return ProcrastinateJob.objects.filter(task_name=name)


def run(job, *, final):
    """What a worker does with the job: call the task with its arguments."""
    task = {
        "networks.send_login_link": tasks.send_login_link,
        "networks.send_evaluation_invitation": tasks.send_evaluation_invitation,
    }[job.task_name]
    task.run_eagerly(final=final, **job.args)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


# --- The login link ------------------------------------------------------------------


def test_login_link_is_a_job_without_a_secret_in_the_queue(client, present, queued):
    participant = present[0].participant
    response = client.post(reverse("networks:participant_login"), {"email": participant.email})

    assert response.status_code == 200
    job = jobs_named("networks.send_login_link").get()
    assert (job.status, job.queue_name) == ("todo", "emails")
    assert job.args == {
        "participant_pk": participant.pk,
        "base_url": "http://testserver",
        "next_path": reverse("networks:participant_home"),
        "language": "nb",
    }
    # The link is made when the email goes, so nothing usable waits in the queue.
    assert not ParticipantLoginToken.objects.exists()
    assert mail.outbox == []

    run(job, final=False)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [participant.email]
    assert ParticipantLoginToken.objects.get().email_status == "sent"
    path = link_in(mail.outbox[0]).split("testserver", 1)[1]
    assert client.post(path)["Location"] == reverse("networks:participant_home")


def test_unknown_address_queues_nothing_and_answers_the_same(client, present, queued):
    url = reverse("networks:participant_login")
    client.post(url, {"email": "ingen@example.no"})
    assert not ProcrastinateJob.objects.exists()


def test_a_second_request_while_one_waits_queues_no_second_email(client, present, queued):
    url = reverse("networks:participant_login")
    email = present[0].participant.email
    assert client.post(url, {"email": email}).status_code == 200
    assert client.post(url, {"email": email}).status_code == 200
    assert jobs_named("networks.send_login_link").count() == 1


def test_login_link_in_the_language_of_the_page(client, present, queued):
    client.post(
        "/en" + reverse("networks:participant_login"), {"email": present[0].participant.email}
    )
    job = jobs_named("networks.send_login_link").get()
    assert job.args["language"] == "en"
    run(job, final=True)  # in a worker, where no request set a language
    assert mail.outbox[0].subject.startswith("Link to My page on")


def test_smtp_error_is_retried_and_leaves_no_usable_link(present, settings):
    settings.EMAIL_BACKEND = "tests.networks.conftest.FailingEmailBackend"
    participant = present[0].participant
    with pytest.raises(ConnectionRefusedError):
        participants.send_login_link(participant.pk, base_url="http://x", final=False)
    assert not ParticipantLoginToken.objects.exists()
    with pytest.raises(ConnectionRefusedError):
        participants.send_login_link(participant.pk, base_url="http://x", final=True)
    assert ParticipantLoginToken.objects.get().email_status == "failed"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert participants.send_login_link(participant.pk, base_url="http://x", final=False)
    assert ParticipantLoginToken.objects.filter(email_status="sent").count() == 1


def test_no_link_for_a_participant_anonymised_since_asking(present):
    participant = present[0].participant
    participant.anonymised_at = timezone.now()
    participant.save()
    assert not participants.send_login_link(participant.pk, base_url="http://x")
    assert mail.outbox == [] and not ParticipantLoginToken.objects.exists()


# --- Invitations to evaluate ---------------------------------------------------------


def test_invitations_are_queued_in_the_coordinators_request(client, present, coordinator_a, queued):
    client.force_login(coordinator_a)
    url = reverse("coordinator:evaluation_invite", args=["nettverk-a", 1])
    assert client.post(url).status_code == 302

    invitations = EvaluationInvitation.objects.order_by("pk")
    assert [i.enrollment for i in invitations] == present
    assert {i.email_status for i in invitations} == {"not_sent"}
    queued_jobs = jobs_named("networks.send_evaluation_invitation").order_by("id")
    assert [job.args for job in queued_jobs] == [
        {"invitation_pk": i.pk, "base_url": "http://testserver"} for i in invitations
    ]
    assert not ParticipantLoginToken.objects.exists() and mail.outbox == []

    # Pressed again while the emails wait: no second email to anyone.
    client.post(url)
    assert queued_jobs.count() == 2

    for job in queued_jobs:
        run(job, final=False)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.participant.email for e in present)
    assert set(EvaluationInvitation.objects.values_list("email_status", flat=True)) == {"sent"}


def test_a_rolled_back_invitation_queues_nothing(past_session, present, queued):
    with contextlib.suppress(RuntimeError), transaction.atomic():
        tasks.invite_to_evaluation(past_session, base_url="http://testserver")
        assert jobs_named("networks.send_evaluation_invitation").count() == 2
        raise RuntimeError("the request fails after queueing")
    assert not ProcrastinateJob.objects.exists()
    assert not EvaluationInvitation.objects.exists()


def test_failed_invitation_is_retried_then_recorded(past_session, present, settings):
    settings.EMAIL_BACKEND = "tests.networks.conftest.FailingEmailBackend"
    settings.IOA_JOBS_EAGER = False
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_events CASCADE")
    ids = tasks.invite_to_evaluation(past_session, base_url="http://testserver")
    job = jobs_named("networks.send_evaluation_invitation").get(args__invitation_pk=ids[0])
    with pytest.raises(ConnectionRefusedError):
        run(job, final=False)
    invitation = EvaluationInvitation.objects.get(pk=ids[0])
    assert invitation.email_status == "not_sent"
    assert not ParticipantLoginToken.objects.exists()
    with pytest.raises(ConnectionRefusedError):
        run(job, final=True)
    invitation.refresh_from_db()
    assert invitation.email_status == "failed"
    # Inviting again (the coordinator's button) queues the failed one once more.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = 'failed'")
    assert tasks.invite_to_evaluation(past_session, base_url="http://testserver") == ids
    for job in jobs_named("networks.send_evaluation_invitation").filter(status="todo"):
        run(job, final=False)
    assert set(EvaluationInvitation.objects.values_list("email_status", flat=True)) == {"sent"}
