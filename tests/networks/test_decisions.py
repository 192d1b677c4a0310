"""Coordinator decisions: a confirmation page first, an optional reason in the email, undo
the same day, "Trukket" without an email, and waiting-list positions."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from networks.models import Enrollment
from tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def decide_url(enrollment):
    return reverse("coordinator:decide", args=[enrollment.network.slug, enrollment.pk])


def undo_url(enrollment):
    return reverse("coordinator:undo", args=[enrollment.network.slug, enrollment.pk])


def list_url(network):
    return reverse("coordinator:enrollments", args=[network.slug])


@pytest.fixture
def full_network(network_a):
    network_a.capacity = 1
    network_a.save()
    return network_a


def test_decision_buttons_lead_to_a_confirmation_page_not_a_change(
    client, coordinator_a, network_a
):
    enrollment = EnrollmentFactory(
        network=network_a, participant__name="Kari Søker", participant__email="kari@k.no"
    )
    client.force_login(coordinator_a)
    page = client.get(list_url(network_a)).content.decode()
    assert f'href="{decide_url(enrollment)}?status=accepted' in page

    response = client.get(decide_url(enrollment), {"status": "accepted"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Kari Søker går fra «Til behandling» til «Godkjent»" in body
    assert "får en e-post om dette til kari@k.no" in body
    assert 'name="reason"' in body
    enrollment.refresh_from_db()
    assert enrollment.status == "pending"
    assert mail.outbox == []


def test_confirmation_page_says_a_full_network_means_the_waiting_list_and_who_moves_up(
    client, coordinator_a, full_network
):
    accepted = EnrollmentFactory(network=full_network, status="accepted")
    EnrollmentFactory(
        network=full_network,
        status="waitlisted",
        waitlisted_at=timezone.now(),
        participant__name="Først Ikøen",
        participant__email="forst@k.no",
    )
    pending = EnrollmentFactory(network=full_network)
    client.force_login(coordinator_a)

    accept_page = client.get(decide_url(pending), {"status": "accepted"}).content.decode()
    decline_page = client.get(decide_url(accepted), {"status": "declined"}).content.decode()

    assert "Nettverket er fullt, så personen settes på venteliste" in accept_page
    assert "blir nummer 2 på ventelisten" in accept_page
    assert "Plassen går til Først Ikøen" in decline_page
    assert "forst@k.no" in decline_page


def test_reason_given_on_the_confirmation_page_goes_into_the_email(
    client, coordinator_a, network_a, django_capture_on_commit_callbacks
):
    enrollment = EnrollmentFactory(network=network_a, participant__email="kari@k.no")
    client.force_login(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            decide_url(enrollment),
            {"status": "declined", "reason": "Nettverket er for kommuner i Vestland."},
        )
    enrollment.refresh_from_db()
    assert enrollment.status == "declined"
    assert len(mail.outbox) == 1
    assert "Nettverket er for kommuner i Vestland." in mail.outbox[0].body


def test_decision_can_be_undone_the_same_day_without_a_second_email(
    client, coordinator_a, network_a, django_capture_on_commit_callbacks
):
    enrollment = EnrollmentFactory(network=network_a, participant__name="Feil Klikk")
    client.force_login(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(enrollment), {"status": "declined"})
    assert len(mail.outbox) == 1
    page = client.get(list_url(network_a)).content.decode()
    assert undo_url(enrollment) in page
    confirm = client.get(undo_url(enrollment)).content.decode()
    assert "Feil Klikk går tilbake fra «Avslått» til «Til behandling»" in confirm
    assert 'name="notify"' in confirm

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(undo_url(enrollment), {}, follow=True)

    enrollment.refresh_from_db()
    assert enrollment.status == "pending"
    assert "Beslutningen er angret" in response.content.decode()
    assert len(mail.outbox) == 1
    assert undo_url(enrollment) not in client.get(list_url(network_a)).content.decode()


def test_undo_emails_the_person_only_when_the_coordinator_ticks_it(
    client, coordinator_a, network_a, django_capture_on_commit_callbacks
):
    enrollment = EnrollmentFactory(network=network_a, status="waitlisted")
    enrollment.waitlisted_at = timezone.now()
    enrollment.save()
    client.force_login(coordinator_a)
    client.post(decide_url(enrollment), {"status": "accepted"})
    mail.outbox.clear()  # the decision's own email
    with django_capture_on_commit_callbacks(execute=True):
        client.post(undo_url(enrollment), {"notify": "on"})
    enrollment.refresh_from_db()
    assert enrollment.status == "waitlisted"
    assert len(mail.outbox) == 1
    assert "venteliste" in mail.outbox[0].subject


def test_undoing_an_acceptance_frees_the_seat_for_the_waiting_list(
    client, coordinator_a, full_network
):
    enrollment = EnrollmentFactory(network=full_network)
    client.force_login(coordinator_a)
    client.post(decide_url(enrollment), {"status": "accepted"})
    waiting = EnrollmentFactory(
        network=full_network, status="waitlisted", waitlisted_at=timezone.now()
    )
    client.post(undo_url(enrollment), {})
    enrollment.refresh_from_db()
    waiting.refresh_from_db()
    assert (enrollment.status, waiting.status) == ("pending", "accepted")


def test_yesterdays_decision_cannot_be_undone(client, coordinator_a, network_a):
    enrollment = EnrollmentFactory(network=network_a)
    client.force_login(coordinator_a)
    client.post(decide_url(enrollment), {"status": "declined"})
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        response = client.post(undo_url(enrollment), {}, follow=True)
        assert undo_url(enrollment) not in client.get(list_url(network_a)).content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == "declined"
    assert "Bare dagens beslutninger kan angres" in response.content.decode()


def test_undo_back_to_a_seat_given_away_since_is_refused(client, coordinator_a, full_network):
    accepted = EnrollmentFactory(network=full_network, status="accepted")
    waiting = EnrollmentFactory(
        network=full_network, status="waitlisted", waitlisted_at=timezone.now()
    )
    client.force_login(coordinator_a)
    client.post(decide_url(accepted), {"status": "declined"})
    waiting.refresh_from_db()
    assert waiting.status == "accepted"
    response = client.post(undo_url(accepted), {}, follow=True)
    accepted.refresh_from_db()
    assert accepted.status == "declined"
    assert "plassen er gitt til en annen" in response.content.decode()


def test_coordinator_records_a_withdrawal_without_an_email_and_promotes_the_next(
    client, coordinator_a, full_network, django_capture_on_commit_callbacks
):
    leaving = EnrollmentFactory(
        network=full_network, status="accepted", participant__email="slutter@k.no"
    )
    waiting = EnrollmentFactory(
        network=full_network,
        status="waitlisted",
        waitlisted_at=timezone.now(),
        participant__email="neste@k.no",
    )
    client.force_login(coordinator_a)
    page = client.get(decide_url(leaving), {"status": "withdrawn"}).content.decode()
    assert "Personen får ingen e-post om dette." in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(leaving), {"status": "withdrawn"})

    leaving.refresh_from_db()
    waiting.refresh_from_db()
    assert leaving.status == "withdrawn"
    assert waiting.status == "accepted"
    assert [m.to for m in mail.outbox] == [["neste@k.no"]]


def test_withdrawn_is_offered_in_the_list_as_trukket(client, coordinator_a, network_a):
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    client.force_login(coordinator_a)
    page = client.get(list_url(network_a)).content.decode()
    assert f"{decide_url(enrollment)}?status=withdrawn" in page
    assert "Trukket" in page


def test_coordinator_sees_each_waiting_list_position(client, coordinator_a, full_network):
    now = timezone.now()
    EnrollmentFactory(network=full_network, status="accepted")
    later = EnrollmentFactory(network=full_network, status="waitlisted", waitlisted_at=now)
    first = EnrollmentFactory(
        network=full_network, status="waitlisted", waitlisted_at=now - datetime.timedelta(days=1)
    )
    client.force_login(coordinator_a)
    page = client.get(list_url(full_network)).content.decode()
    row = {e.pk: page.split(f'id="pamelding-{e.pk}"')[1].split("</tr>")[0] for e in (first, later)}
    assert "Nr. 1 på ventelisten" in row[first.pk]
    assert "Nr. 2 på ventelisten" in row[later.pk]


def test_waiting_list_email_tells_the_position(
    client, coordinator_a, full_network, django_capture_on_commit_callbacks
):
    EnrollmentFactory(network=full_network, status="accepted")
    EnrollmentFactory(network=full_network, status="waitlisted", waitlisted_at=timezone.now())
    enrollment = EnrollmentFactory(network=full_network)
    client.force_login(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(enrollment), {"status": "accepted"})
    assert "Du er nummer 2 på ventelisten." in mail.outbox[0].body


def test_receipt_tells_the_waiting_list_position(client, network_a):
    from tests.factories import OrganizationFactory

    organization = OrganizationFactory(needs_review=False)
    client.post(
        reverse("networks:apply", args=[network_a.slug]),
        {
            "name": "Kari",
            "email": "kari@k.no",
            "organization": organization.pk,
            "challenge": "Velferdsteknologi",
            "consent": "on",
        },
    )
    EnrollmentFactory(network=network_a, status="waitlisted", waitlisted_at=timezone.now())
    Enrollment.objects.filter(participant__email="kari@k.no").update(
        status="waitlisted", waitlisted_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    page = client.get(reverse("networks:receipt", args=[network_a.slug])).content.decode()
    assert "du er nummer 2 på ventelisten" in page
