"""Reuse and needs board emails are jobs (issue 19): queued in the transaction of the change
with ids, never addresses, as arguments; retried on SMTP errors; sent by a real worker; and
the daily job that erases the contacts of needs closed long ago."""

from __future__ import annotations

import contextlib
import datetime
import re

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from cases import tasks
from cases.models import Case, Need, NeedInterest, Reuse
from ioa_portal import jobs
from networks.models import Region
from tests.cases.test_needs_board import interest_data, make_need, need_data
from tests.cases.test_reuse import form_data as reuse_data
from tests.factories import CaseFactory, OrganizationFactory
from tests.site.test_jobs import run_worker

EMAIL_TASKS = {
    "cases.send_reuse_confirmation",
    "cases.notify_editors_of_reuse",
    "cases.send_need_link",
    "cases.notify_editors_of_need",
    "cases.send_interest_confirmation",
    "cases.notify_need_owner",
}


@pytest.fixture
def body(db):
    return OrganizationFactory(name="Gjesdal kommune", region=Region.objects.get(number="11"))


def job_args(name: str) -> list[dict]:
    return [job.args for job in ProcrastinateJob.objects.filter(task_name=name).order_by("id")]


def link_in(message, pattern) -> str:
    return re.search(rf"https?://\S+{pattern}\S+/", message.body).group(0)


def test_every_email_is_a_retried_email_task():
    registered = {name: task for name, task in app.tasks.items() if name in EMAIL_TASKS}
    assert set(registered) == EMAIL_TASKS
    for task in registered.values():
        assert task.queue == jobs.EMAIL_QUEUE
        assert task.retry_strategy == jobs.EMAIL_RETRY


@pytest.mark.django_db
def test_reuse_report_and_confirmation_queue_their_emails_with_ids_only(client, body, queued):
    case = CaseFactory(title="Digitalt nattilsyn")

    response = client.post(f"/anskaffelser/{case.slug}/gjenbruk/", reuse_data(body))

    assert response.status_code == 302 and mail.outbox == []
    reuse = Reuse.objects.get()
    assert job_args("cases.send_reuse_confirmation") == [
        {"reuse_pk": reuse.pk, "base_url": "http://testserver", "language": "nb"}
    ]

    client.get(f"/anskaffelser/{case.slug}/gjenbruk/bekreft/{reuse.confirm_token()}/")
    client.get(f"/anskaffelser/{case.slug}/gjenbruk/bekreft/{reuse.confirm_token()}/")

    assert job_args("cases.notify_editors_of_reuse") == [
        {"reuse_pk": reuse.pk, "base_url": "http://testserver"}
    ]
    assert mail.outbox == []


@pytest.mark.django_db
def test_needs_board_queues_each_email_in_its_step(client, body, queued):
    assert client.post("/behov/nytt/", need_data(body)).status_code == 302
    need = Need.objects.get()
    assert job_args("cases.send_need_link") == [
        {"need_pk": need.pk, "base_url": "http://testserver", "first": True, "language": "nb"}
    ]

    client.get(f"/behov/forvalt/{need.manage_token()}/")
    client.get(f"/behov/forvalt/{need.manage_token()}/")  # confirmed once, editors told once
    assert job_args("cases.notify_editors_of_need") == [
        {"need_pk": need.pk, "base_url": "http://testserver"}
    ]

    Need.objects.filter(pk=need.pk).update(status=Need.Status.PUBLISHED, reviewed_at=timezone.now())
    other = OrganizationFactory(name="Sandnes kommune")
    client.post(f"/nn/behov/{need.pk}/samme-behov/", interest_data(other))
    interest = NeedInterest.objects.get()
    assert job_args("cases.send_interest_confirmation") == [
        {"interest_pk": interest.pk, "base_url": "http://testserver", "language": "nn"}
    ]

    client.get(f"/behov/samme-behov/bekreft/{interest.confirm_token()}/")
    client.get(f"/behov/samme-behov/bekreft/{interest.confirm_token()}/")
    assert job_args("cases.notify_need_owner") == [
        {"interest_pk": interest.pk, "base_url": "http://testserver"}
    ]

    client.post(f"/behov/forvalt/{need.manage_token()}/", {"action": "propose"})
    case = Case.objects.get(source=Case.Source.SUBMITTED)
    assert job_args("cases.notify_editors") == [
        {"case_pk": case.pk, "base_url": "http://testserver"}
    ]
    assert mail.outbox == []


@pytest.mark.django_db
def test_new_links_are_one_job_per_need_and_not_queued_twice_while_waiting(client, body, queued):
    first = make_need(body)
    second = make_need(body, title="Et annet behov")
    make_need(body, title="En annens behov", contact_email="annen@example.no")

    for _ in range(2):
        response = client.post("/behov/ny-lenke/", {"email": "EVA@gjesdal.example"})
        assert response.status_code == 302
    client.post("/behov/ny-lenke/", {"email": "ukjent@example.no"})

    args = job_args("cases.send_need_link")
    assert [a["need_pk"] for a in args] == [first.pk, second.pk]
    assert all(a["first"] is False and "email" not in a for a in args)


@pytest.mark.django_db
def test_a_rolled_back_change_queues_no_email(body, queued):
    with contextlib.suppress(RuntimeError), transaction.atomic():
        need = make_need(body, status=Need.Status.UNCONFIRMED)
        jobs.defer(
            tasks.send_need_link, need_pk=need.pk, base_url="http://x", first=True, language="nb"
        )
        assert len(job_args("cases.send_need_link")) == 1
        raise RuntimeError("the change fails after the email was queued")

    assert job_args("cases.send_need_link") == []
    assert not Need.objects.exists()


@pytest.mark.django_db
def test_an_smtp_error_is_raised_so_that_the_job_is_retried(body, settings):
    settings.EMAIL_BACKEND = "tests.cases.test_submission.FailingBackend"
    need = make_need(body)

    with pytest.raises(OSError):
        tasks.send_need_link.run_eagerly(
            need_pk=need.pk, base_url="http://x", first=False, language="nb", final=False
        )


@pytest.mark.django_db
def test_a_job_about_something_deleted_meanwhile_sends_nothing(body):
    need = make_need(body)
    interest = NeedInterest.objects.create(
        need=need, organization=OrganizationFactory(), contact_email="a@b.no", is_confirmed=True
    )
    need_pk, interest_pk = need.pk, interest.pk
    need.delete()

    tasks.send_need_link.run_eagerly(
        need_pk=need_pk, base_url="http://x", first=False, language="nb", final=True
    )
    tasks.notify_need_owner.run_eagerly(interest_pk=interest_pk, base_url="http://x", final=True)
    tasks.notify_editors_of_reuse.run_eagerly(reuse_pk=123456, base_url="http://x", final=True)

    assert mail.outbox == []


@pytest.mark.django_db
def test_the_confirmation_is_written_in_the_language_of_the_page(client, body):
    client.post("/en/behov/nytt/", need_data(body))

    assert [m.to for m in mail.outbox] == [["eva@gjesdal.example"]]
    assert mail.outbox[0].subject == "Confirm the need “Digitalt nattilsyn i hjemmetjenesten”"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_sends_the_queued_emails_of_a_need_and_an_interest(client, queued):
    body = OrganizationFactory(name="Gjesdal kommune", region=Region.objects.get(number="11"))
    client.post("/behov/nytt/", need_data(body))
    run_worker()

    assert [m.to for m in mail.outbox] == [["eva@gjesdal.example"]]
    client.get(link_in(mail.outbox[0], "/behov/forvalt/"))
    need = Need.objects.get()
    Need.objects.filter(pk=need.pk).update(status=Need.Status.PUBLISHED, reviewed_at=timezone.now())
    client.post(f"/behov/{need.pk}/samme-behov/", interest_data(OrganizationFactory()))
    run_worker()
    client.get(link_in(mail.outbox[-1], "/behov/samme-behov/bekreft/"))
    run_worker()

    assert mail.outbox[-1].to == ["eva@gjesdal.example"]
    assert "ola@sandnes.example" in mail.outbox[-1].body
    assert {job.status for job in ProcrastinateJob.objects.all()} == {"succeeded"}


# ------------------------------------------------------------------- daily retention job


def test_erasing_old_needs_contacts_is_a_daily_job():
    periodic = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert periodic["cases.erase_expired_needs"] == "25 3 * * *"


def run_daily_job():
    """What the worker runs at 03:25 (without the wrapper that closes the test's connection)."""
    tasks.erase_expired_needs.func.__wrapped__()


@pytest.mark.django_db
def test_the_daily_job_erases_the_contacts_of_needs_closed_over_24_months_ago(body):
    now = timezone.now()
    old = make_need(body, status=Need.Status.CLOSED, closed_at=now - datetime.timedelta(days=740))
    recent = make_need(
        body, status=Need.Status.CLOSED, closed_at=now - datetime.timedelta(days=300)
    )
    open_need = make_need(body)
    interest = NeedInterest.objects.create(
        need=old, organization=OrganizationFactory(), contact_name="Ola", contact_email="o@x.no"
    )

    run_daily_job()

    old.refresh_from_db()
    interest.refresh_from_db()
    recent.refresh_from_db()
    open_need.refresh_from_db()
    assert (old.contact_name, old.contact_email) == ("", "")
    assert old.contact_erased_at is not None and old in Need.objects.listed()
    assert (interest.contact_name, interest.contact_email) == ("", "")
    assert recent.contact_email == open_need.contact_email == "eva@gjesdal.example"
    # The next day: nothing more to do, nothing changes.
    erased_at = old.contact_erased_at
    run_daily_job()
    old.refresh_from_db()
    assert old.contact_erased_at == erased_at


@pytest.mark.django_db
def test_the_owner_hears_of_an_interest_in_the_language_of_the_need(client, body):
    """A need registered on the English pages: the owner's email about another body's
    interest is in English, with the English address of the owner's page, though the
    interest came through the bokmål pages."""
    client.post("/en/behov/nytt/", need_data(body))
    need = Need.objects.get()
    assert need.language == "en"
    Need.objects.filter(pk=need.pk).update(status=Need.Status.PUBLISHED, reviewed_at=timezone.now())
    client.post(
        f"/behov/{need.pk}/samme-behov/", interest_data(OrganizationFactory(name="Sandnes kommune"))
    )
    assert mail.outbox[-1].subject.startswith("Bekreft: samme behov som")
    client.get(link_in(mail.outbox[-1], "/behov/samme-behov/bekreft/"))

    owner = mail.outbox[-1]
    assert owner.to == ["eva@gjesdal.example"]
    assert owner.subject == "Sandnes kommune has the same need as you"
    assert "has the same need as you: “Digitalt nattilsyn i hjemmetjenesten”." in owner.body
    assert "/en/behov/forvalt/" in owner.body


@pytest.mark.django_db
def test_a_need_from_the_bokmal_pages_gets_its_owner_emails_in_bokmal(client, body):
    """The other way round: the interest comes through the English pages (its confirmation
    is in English), the owner of a bokmål need hears of it in bokmål."""
    client.post("/behov/nytt/", need_data(body))
    need = Need.objects.get()
    assert need.language == "nb"
    Need.objects.filter(pk=need.pk).update(status=Need.Status.PUBLISHED, reviewed_at=timezone.now())
    client.post(
        f"/en/behov/{need.pk}/samme-behov/",
        interest_data(OrganizationFactory(name="Sandnes kommune")),
    )
    assert mail.outbox[-1].subject.startswith("Confirm")
    client.get(link_in(mail.outbox[-1], "/behov/samme-behov/bekreft/"))

    assert mail.outbox[-1].subject == "Sandnes kommune har samme behov som dere"
    assert "/en/" not in mail.outbox[-1].body
