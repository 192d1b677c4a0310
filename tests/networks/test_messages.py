"""Coordinators email all accepted participants, or those present at one session; every copy
is recorded, and copies that failed can be sent again."""

import pytest
from django.core import mail
from django.urls import reverse

from networks.models import Attendance, MessageDelivery, NetworkMessage
from tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

FAILING = "tests.networks.conftest.FailingEmailBackend"


def new_url(network):
    return reverse("coordinator:message_new", args=[network.slug])


@pytest.fixture
def people(network_a, network_b):
    return {
        "anne": EnrollmentFactory(
            network=network_a, status="accepted", participant__email="anne@k.no"
        ),
        "bo": EnrollmentFactory(network=network_a, status="accepted", participant__email="bo@k.no"),
        "pending": EnrollmentFactory(network=network_a, participant__email="venter@k.no"),
        "waiting": EnrollmentFactory(
            network=network_a, status="waitlisted", participant__email="kø@k.no"
        ),
        "other": EnrollmentFactory(
            network=network_b, status="accepted", participant__email="annet@k.no"
        ),
    }


def test_message_goes_to_every_accepted_participant_of_the_network_only(
    client, coordinator_a, network_a, people
):
    client.force_login(coordinator_a)
    form = client.get(new_url(network_a)).content.decode()
    assert 'for="id_subject"' in form

    response = client.post(
        new_url(network_a),
        {"session": "", "subject": "Husk samling 2", "body": "Vi møtes i Bergen."},
        follow=True,
    )

    assert sorted(m.to[0] for m in mail.outbox) == ["anne@k.no", "bo@k.no"]
    assert all(
        m.subject == "Husk samling 2" and "Vi møtes i Bergen." in m.body for m in mail.outbox
    )
    message = NetworkMessage.objects.get()
    assert message.network == network_a
    assert message.sent_by == coordinator_a
    assert set(message.deliveries.values_list("email_status", flat=True)) == {"sent"}
    assert "E-posten er sendt til 2 deltakere" in response.content.decode()
    listing = client.get(reverse("coordinator:messages", args=[network_a.slug])).content.decode()
    assert "Husk samling 2" in listing


def test_message_to_one_session_goes_to_those_present(
    client, coordinator_a, network_a, people, sessions_a
):
    Attendance.objects.create(enrollment=people["anne"], session=sessions_a[0], present=True)
    Attendance.objects.create(enrollment=people["bo"], session=sessions_a[0], present=False)
    client.force_login(coordinator_a)
    client.post(
        new_url(network_a),
        {"session": sessions_a[0].pk, "subject": "Takk for sist", "body": "Lysark vedlagt."},
    )
    assert [m.to for m in mail.outbox] == [["anne@k.no"]]


def test_failed_copies_are_recorded_and_can_be_sent_again(
    client, coordinator_a, network_a, people, settings
):
    client.force_login(coordinator_a)
    settings.EMAIL_BACKEND = FAILING
    response = client.post(
        new_url(network_a), {"session": "", "subject": "Hei", "body": "Tekst"}, follow=True
    )
    message = NetworkMessage.objects.get()
    assert set(message.deliveries.values_list("email_status", flat=True)) == {"failed"}
    page = response.content.decode()
    assert "Feilet" in page
    assert reverse("coordinator:message_resend", args=[network_a.slug, message.pk]) in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(reverse("coordinator:message_resend", args=[network_a.slug, message.pk]))

    assert sorted(m.to[0] for m in mail.outbox) == ["anne@k.no", "bo@k.no"]
    assert set(MessageDelivery.objects.values_list("email_status", flat=True)) == {"sent"}


def test_message_needs_a_subject_and_text_tied_to_the_fields(client, coordinator_a, network_a):
    client.force_login(coordinator_a)
    response = client.post(new_url(network_a), {"session": "", "subject": "", "body": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_subject_error"' in body
    assert 'aria-describedby="id_subject_error"' in body
    assert NetworkMessage.objects.count() == 0


def test_other_networks_coordinator_cannot_read_or_resend_a_message(
    client, coordinator_a, coordinator_b, network_a, people
):
    client.force_login(coordinator_a)
    client.post(new_url(network_a), {"session": "", "subject": "Hei", "body": "Tekst"})
    message = NetworkMessage.objects.get()
    client.force_login(coordinator_b)
    for url in (
        reverse("coordinator:message", args=[network_a.slug, message.pk]),
        reverse("coordinator:messages", args=[network_a.slug]),
        new_url(network_a),
    ):
        assert client.get(url).status_code == 404
    resend = reverse("coordinator:message_resend", args=[network_a.slug, message.pk])
    assert client.post(resend).status_code == 404
