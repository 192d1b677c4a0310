"""The coordinator workspace: who may see what, and what each page shows."""

import datetime
import re

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone, translation
from procrastinate.contrib.django.models import ProcrastinateJob

from networks import emails, tasks
from networks.models import Enrollment
from tests.factories import EnrollmentFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(network_a, network_b, coordinator_a, coordinator_b):
    enrollment = EnrollmentFactory(network=network_a, participant__name="Anne Deltaker")
    # Held yesterday: attendance of a session not yet started asks for confirmation first.
    session = SessionFactory(
        network=network_a, number=1, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    EnrollmentFactory(network=network_b, participant__name="Bjørn Annennett")
    return {"enrollment": enrollment, "session": session}


def network_urls(network, enrollment, session):
    """Every workspace URL of one network: (method, url, data)."""
    slug = network.slug
    return [
        ("get", reverse("coordinator:enrollments", args=[slug]), None),
        ("get", reverse("coordinator:register", args=[slug]), None),
        ("post", reverse("coordinator:register", args=[slug]), {"name": "X"}),
        ("get", reverse("coordinator:export", args=[slug]), None),
        ("post", reverse("coordinator:decide", args=[slug, enrollment.pk]), {"status": "accepted"}),
        ("post", reverse("coordinator:resend", args=[slug, enrollment.pk]), {}),
        ("get", reverse("coordinator:attendance", args=[slug, session.number]), None),
        ("post", reverse("coordinator:attendance", args=[slug, session.number]), {}),
    ]


def call(client, method, url, data):
    return client.get(url) if method == "get" else client.post(url, data or {})


def test_anonymous_visitors_are_sent_to_the_login_page(client, world, network_a):
    urls = [("get", reverse("coordinator:overview"), None)]
    urls += network_urls(network_a, world["enrollment"], world["session"])
    for method, url, data in urls:
        response = call(client, method, url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    world["enrollment"].refresh_from_db()
    assert world["enrollment"].status == "pending"


def test_coordinator_of_a_reaches_every_page_of_a(client, world, network_a, coordinator_a):
    client.force_login(coordinator_a)
    for method, url, data in network_urls(network_a, world["enrollment"], world["session"]):
        response = call(client, method, url, data)
        assert response.status_code in (200, 302, 400), url  # 400: the register form is invalid


def test_coordinator_of_b_gets_404_on_every_page_of_a(client, world, network_a, coordinator_b):
    client.force_login(coordinator_b)
    for method, url, data in network_urls(network_a, world["enrollment"], world["session"]):
        assert call(client, method, url, data).status_code == 404, url
    world["enrollment"].refresh_from_db()
    assert world["enrollment"].status == "pending"


def test_enrollment_of_a_is_not_reachable_through_network_b(
    client, world, network_b, coordinator_b
):
    client.force_login(coordinator_b)
    for action in ("decide", "resend"):
        url = reverse(f"coordinator:{action}", args=[network_b.slug, world["enrollment"].pk])
        assert client.post(url, {"status": "accepted"}).status_code == 404
    world["enrollment"].refresh_from_db()
    assert world["enrollment"].status == "pending"


def test_session_numbers_of_a_are_not_reachable_through_network_b(
    client, world, network_b, coordinator_b
):
    client.force_login(coordinator_b)
    url = reverse("coordinator:attendance", args=[network_b.slug, world["session"].number])
    assert client.get(url).status_code == 404


def test_superusers_reach_every_network(client, world, network_a, superuser):
    client.force_login(superuser)
    for method, url, data in network_urls(network_a, world["enrollment"], world["session"]):
        assert call(client, method, url, data).status_code in (200, 302, 400), url


def test_editors_who_coordinate_nothing_see_no_participants(client, world, network_a, editor):
    client.force_login(editor)
    for method, url, data in network_urls(network_a, world["enrollment"], world["session"]):
        assert call(client, method, url, data).status_code == 404, url


def test_logged_in_user_who_coordinates_nothing_sees_no_networks(client, world, network_a):
    client.force_login(UserFactory(username="ingen"))
    html = client.get(reverse("coordinator:overview")).content.decode()
    assert "Du er ikke koordinator" in html
    assert client.get(reverse("coordinator:enrollments", args=[network_a.slug])).status_code == 404


def test_overview_lists_only_own_networks_with_counts(client, world, coordinator_a):
    client.force_login(coordinator_a)
    html = client.get(reverse("coordinator:overview")).content.decode()
    assert "Nettverk A" in html
    assert "Nettverk B" not in html


def test_superuser_overview_lists_every_network(client, world, superuser):
    client.force_login(superuser)
    html = client.get(reverse("coordinator:overview")).content.decode()
    assert "Nettverk A" in html
    assert "Nettverk B" in html


def test_enrollments_are_filtered_by_status_with_counts(client, coordinator_a, network_a):
    EnrollmentFactory(network=network_a, status="accepted", participant__name="Godkjent Person")
    EnrollmentFactory(network=network_a, status="pending", participant__name="Ventende Person")
    EnrollmentFactory(network=network_a, status="pending", participant__name="Ventende To")
    client.force_login(coordinator_a)
    url = reverse("coordinator:enrollments", args=[network_a.slug])

    everything = client.get(url).content.decode()
    assert 'Alle <span class="count">(3)</span>' in everything
    assert 'Til behandling <span class="count">(2)</span>' in everything
    assert 'Godkjent <span class="count">(1)</span>' in everything

    pending = client.get(url, {"status": "pending"}).content.decode()
    assert "Ventende Person" in pending
    assert "Godkjent Person" not in pending

    search = client.get(url, {"q": "to"}).content.decode()
    assert "Ventende To" in search
    assert "Godkjent Person" not in search


def test_bad_status_filter_is_a_message_not_an_error(client, coordinator_a, network_a):
    client.force_login(coordinator_a)
    url = reverse("coordinator:enrollments", args=[network_a.slug])
    response = client.get(url, {"status": "tull", "side": "abc"})
    assert response.status_code == 200
    assert "Ukjent status i filteret" in response.content.decode()


def test_failed_confirmation_is_visible_and_can_be_resent(client, coordinator_a, network_a):
    from django.core import mail

    enrollment = EnrollmentFactory(network=network_a, email_status="failed")
    client.force_login(coordinator_a)
    url = reverse("coordinator:enrollments", args=[network_a.slug])
    html = client.get(url).content.decode()
    assert "Feilet" in html
    assert reverse("coordinator:resend", args=[network_a.slug, enrollment.pk]) in html

    response = client.post(
        reverse("coordinator:resend", args=[network_a.slug, enrollment.pk]), follow=True
    )
    assert "er sendt" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.email_status == "sent"
    assert mail.outbox[0].to == [enrollment.participant.email]


def email_button(html: str, url: str) -> str | None:
    """The visible label of the button in the form that posts to url, if there is one."""
    form = re.search(rf'<form method="post" action="{re.escape(url)}">(.*?)</form>', html, re.S)
    if form is None:
        return None
    label = re.search(r"<button[^>]*>(.*?)<span", form.group(1), re.S)
    return label.group(1).strip()


@pytest.mark.parametrize(
    ("email_status", "label"),
    [("not_sent", "Send"), ("failed", "Send på nytt"), ("queued", None), ("sent", None)],
)
def test_email_button_says_send_again_only_after_a_first_attempt(
    client, coordinator_a, network_a, email_status, label
):
    enrollment = EnrollmentFactory(network=network_a, email_status=email_status)
    client.force_login(coordinator_a)
    html = client.get(reverse("coordinator:enrollments", args=[network_a.slug])).content.decode()
    resend_url = reverse("coordinator:resend", args=[network_a.slug, enrollment.pk])
    assert email_button(html, resend_url) == label


def test_a_decisions_email_shows_as_queued_with_no_send_button_until_it_is_sent(
    client, coordinator_a, network_a, queued
):
    enrollment = EnrollmentFactory(network=network_a)
    client.force_login(coordinator_a)
    decide_url = reverse("coordinator:decide", args=[network_a.slug, enrollment.pk])

    response = client.post(decide_url, {"status": "accepted", "reason": ""}, follow=True)

    html = response.content.decode()
    resend_url = reverse("coordinator:resend", args=[network_a.slug, enrollment.pk])
    row = re.search(rf'<tr id="pamelding-{enrollment.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "I kø" in row and "Ikke sendt" not in row
    assert email_button(html, resend_url) is None
    enrollment.refresh_from_db()
    assert enrollment.email_status == "queued"


def test_send_refuses_while_the_email_waits_in_the_queue(client, coordinator_a, network_a, queued):
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    tasks.queue_status_email(enrollment, base_url="http://testserver")
    client.force_login(coordinator_a)
    resend = reverse("coordinator:resend", args=[network_a.slug, enrollment.pk])

    response = client.post(resend, follow=True)

    assert "ligger allerede i kø" in response.content.decode()
    assert ProcrastinateJob.objects.count() == 1


class BrokenEmailBackend(BaseEmailBackend):
    """An error no retry mends: the job ends on its first try."""

    def send_messages(self, email_messages):
        raise ValueError("a bug, not the network")


def test_an_email_job_that_gives_up_at_once_is_not_left_queued(
    client, coordinator_a, network_a, settings
):
    """Only SMTP and network errors are tried again; after any other the job is over, and
    the row says "Feilet" with "Send på nytt", not "I kø" for good."""
    settings.EMAIL_BACKEND = "tests.networks.test_workspace.BrokenEmailBackend"
    enrollment = EnrollmentFactory(network=network_a, status="accepted", email_status="queued")

    with pytest.raises(ValueError, match="a bug"):
        emails.send_status_email(enrollment.pk, base_url="http://testserver", final=False)

    enrollment.refresh_from_db()
    assert enrollment.email_status == "failed"
    client.force_login(coordinator_a)
    page = client.get(reverse("coordinator:enrollments", args=[network_a.slug]))
    assert "Send på nytt" in page.content.decode()


def test_dates_in_the_english_workspace_are_not_month_first(client, coordinator_a, network_a):
    enrollment = EnrollmentFactory(network=network_a)
    applied = timezone.make_aware(datetime.datetime(2026, 12, 4, 12, 0))
    Enrollment.objects.filter(pk=enrollment.pk).update(created_at=applied)
    client.force_login(coordinator_a)

    with translation.override("en"):
        english = client.get(reverse("coordinator:enrollments", args=[network_a.slug]))
    bokmaal = client.get(reverse("coordinator:enrollments", args=[network_a.slug]))

    assert "Dec. 4, 2026" in english.content.decode()
    assert "12/04/2026" not in english.content.decode()
    assert "4. desember 2026" in bokmaal.content.decode()


def test_resend_that_fails_again_says_so(client, coordinator_a, network_a, settings):
    settings.EMAIL_BACKEND = "tests.networks.conftest.FailingEmailBackend"
    enrollment = EnrollmentFactory(network=network_a)
    client.force_login(coordinator_a)
    response = client.post(
        reverse("coordinator:resend", args=[network_a.slug, enrollment.pk]), follow=True
    )
    assert "kunne ikke sendes" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.email_status == "failed"


def test_workspace_pages_are_never_cached(client, coordinator_a, network_a):
    client.force_login(coordinator_a)
    response = client.get(reverse("coordinator:enrollments", args=[network_a.slug]))
    assert "no-store" in response["Cache-Control"]


def test_login_page_logs_in_and_logout_logs_out(client, coordinator_a):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "Logg inn som koordinator" in page.content.decode()
    response = client.post(
        reverse("login"), {"username": "koordinator-a", "password": "passord-for-test"}
    )
    assert response.status_code == 302
    assert client.get(reverse("coordinator:overview")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("coordinator:overview")).status_code == 302


def test_wrong_password_gives_a_clear_message(client, coordinator_a):
    response = client.post(reverse("login"), {"username": "koordinator-a", "password": "feil"})
    assert response.status_code == 200
    assert "Innloggingen mislyktes" in response.content.decode()


@pytest.mark.parametrize("n", [1, 8])
def test_overview_queries_do_not_grow(client, superuser, django_assert_max_num_queries, n):
    from tests.factories import LearningNetworkFactory

    for _ in range(n):
        EnrollmentFactory(network=LearningNetworkFactory(), status="accepted")
    client.force_login(superuser)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("coordinator:overview")).status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_enrollment_list_queries_do_not_grow(
    client, coordinator_a, network_a, django_assert_max_num_queries, n
):
    for number in range(1, 4):
        SessionFactory(network=network_a, number=number)
    EnrollmentFactory.create_batch(n, network=network_a, decided_by=coordinator_a)
    EnrollmentFactory.create_batch(n, network=network_a, status="accepted")
    client.force_login(coordinator_a)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("coordinator:enrollments", args=[network_a.slug]))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_register_page_queries_do_not_grow(
    client, coordinator_a, network_a, django_assert_max_num_queries, n
):
    from tests.factories import OrganizationFactory

    OrganizationFactory.create_batch(n, needs_review=False)
    client.force_login(coordinator_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("coordinator:register", args=[network_a.slug]))
    assert response.status_code == 200
