import time

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from tests.factories import EnrollmentFactory, LearningNetworkFactory

pytestmark = pytest.mark.django_db


def withdraw_url(enrollment):
    return reverse("networks:withdraw", args=[enrollment.withdraw_token()])


def test_link_shows_a_confirmation_and_changes_nothing_on_get(client, network_a):
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    response = client.get(withdraw_url(enrollment))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trekk deg fra Nettverk A" in html
    assert enrollment.participant.email not in html  # links can be forwarded
    enrollment.refresh_from_db()
    assert enrollment.status == "accepted"


def test_post_withdraws_and_gives_the_seat_to_the_waiting_list(
    client, django_capture_on_commit_callbacks
):
    network = LearningNetworkFactory(capacity=1)
    enrollment = EnrollmentFactory(network=network, status="accepted")
    waiting = EnrollmentFactory(
        network=network,
        status="waitlisted",
        waitlisted_at=timezone.now(),
        participant__email="neste@kommune.no",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(withdraw_url(enrollment))
    assert response.status_code == 200
    assert "Du har trukket deg" in response.content.decode()
    enrollment.refresh_from_db()
    waiting.refresh_from_db()
    assert enrollment.status == "withdrawn"
    assert waiting.status == "accepted"
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([enrollment.participant.email, "neste@kommune.no"])


def test_withdrawing_twice_says_it_is_already_done(client, network_a):
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    url = withdraw_url(enrollment)
    client.post(url)
    response = client.post(url)
    assert "Du har allerede trukket deg" in response.content.decode()


def test_declined_enrollment_has_nothing_to_withdraw_from(client, network_a):
    enrollment = EnrollmentFactory(network=network_a, status="declined")
    response = client.post(withdraw_url(enrollment))
    assert "ingenting å trekke seg fra" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == "declined"


@pytest.mark.parametrize(
    "token",
    ["tull", "MQ:1vABCD:abcdefghijklmnopqrstuvwxyz0123456789ABCDE", "Ik5vdCBhbiBpZCI:1s:x"],
)
def test_tampered_link_gives_a_clear_page(client, token):
    response = client.get(reverse("networks:withdraw", args=[token]))
    assert response.status_code == 404
    assert "Lenken virker ikke" in response.content.decode()


def test_token_signed_for_something_else_is_refused(client, network_a):
    enrollment = EnrollmentFactory(network=network_a)
    token = signing.dumps(enrollment.pk, salt="something.else")
    response = client.get(reverse("networks:withdraw", args=[token]))
    assert response.status_code == 404


def test_link_to_a_deleted_enrollment_is_refused(client, network_a):
    enrollment = EnrollmentFactory(network=network_a)
    url = withdraw_url(enrollment)
    enrollment.delete()
    assert client.get(url).status_code == 404


def test_expired_link_says_it_has_expired(client, network_a, monkeypatch):
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    long_ago = time.time() - enrollment.WITHDRAW_LINK_MAX_AGE.total_seconds() - 60
    monkeypatch.setattr(signing.time, "time", lambda: long_ago)
    token = enrollment.withdraw_token()
    monkeypatch.undo()
    response = client.post(reverse("networks:withdraw", args=[token]))
    assert response.status_code == 410
    assert "Lenken er utløpt" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == "accepted"
