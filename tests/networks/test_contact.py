"""Whom to contact about a network, and "send the confirmation again"."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from networks.models import Enrollment
from tests.factories import EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_network(network_a):
    network_a.contact_email = "laering@ks.example.no"
    network_a.save()
    network_a.coordinators.add(UserFactory(first_name="Kari", last_name="Koordinator"))
    network_a.coordinators.add(UserFactory(username="uten-navn", first_name="", last_name=""))
    return network_a


def resend_url(network):
    return reverse("networks:resend", args=[network.slug])


def test_network_page_shows_coordinators_and_the_contact_address(client, contact_network):
    page = client.get(contact_network.get_absolute_url()).content.decode()
    contact = page.split('id="kontakt"')[1].split("</section>")[0]
    assert "Kari Koordinator" in contact
    assert 'href="mailto:laering@ks.example.no"' in contact
    assert "uten-navn" not in page  # usernames are not published


def test_contact_address_is_set_in_the_admin(client, superuser, network_a):
    client.force_login(superuser)
    page = client.get(reverse("admin:networks_learningnetwork_change", args=[network_a.pk]))
    assert 'name="contact_email"' in page.content.decode()


def test_bad_withdrawal_link_points_to_the_networks_contact(client, contact_network, monkeypatch):
    token = EnrollmentFactory(network=contact_network).withdraw_token()
    monkeypatch.setattr(Enrollment, "WITHDRAW_LINK_MAX_AGE", datetime.timedelta(seconds=-1))
    expired = client.get(reverse("networks:withdraw", args=[token]))
    assert expired.status_code == 410
    assert "mailto:laering@ks.example.no" in expired.content.decode()
    monkeypatch.undo()

    forged = client.get(reverse("networks:withdraw", args=[token[:-3] + "xyz"]))
    body = forged.content.decode()
    assert forged.status_code == 404
    assert "skrive til koordinatorene" not in body
    assert "på nettverkets side står hvem du kontakter" in body


def test_confirmation_email_names_the_contact_address(client, contact_network):
    enrollment = EnrollmentFactory(network=contact_network, participant__email="p@k.no")
    client.post(resend_url(contact_network), {"email": "p@k.no"})
    assert enrollment.pk
    assert "laering@ks.example.no" in mail.outbox[0].body


def test_login_page_helps_without_saying_contact_the_coordinators(client):
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page
    assert reverse("networks:list") in page


def test_network_page_offers_to_send_the_confirmation_again(client, network_a):
    page = client.get(network_a.get_absolute_url()).content.decode()
    assert f'action="{resend_url(network_a)}"' in page
    assert 'for="id_email"' in page


def test_resend_answers_the_same_whether_or_not_the_address_applied(client, network_a):
    EnrollmentFactory(network=network_a, participant__email="Kari@Bergen.no", status="accepted")
    known = client.post(resend_url(network_a), {"email": "kari@bergen.no"})
    unknown = client.post(resend_url(network_a), {"email": "ukjent@bergen.no"})

    assert known.status_code == unknown.status_code == 200
    for response in (known, unknown):
        assert "Hvis adressen er påmeldt, har vi sendt en ny e-post" in response.content.decode()
    known_page = known.content.decode().replace("kari@bergen.no", "X")
    assert known_page == unknown.content.decode().replace("ukjent@bergen.no", "X")
    assert [m.to for m in mail.outbox] == [["Kari@Bergen.no"]]
    assert "Du har fått plass" in mail.outbox[0].subject


def test_resend_sends_nothing_for_another_networks_enrollment(client, network_a, network_b):
    EnrollmentFactory(network=network_b, participant__email="b@k.no")
    client.post(resend_url(network_a), {"email": "b@k.no"})
    assert mail.outbox == []


def test_resend_with_a_bad_address_shows_the_error_at_the_field(client, network_a):
    response = client.post(resend_url(network_a), {"email": "ikke-en-adresse"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_email_error"' in body


def test_resend_is_rate_limited(client, network_a, settings):
    settings.IOA_APPLICATION_RATE_LIMIT = 2
    codes = [
        client.post(resend_url(network_a), {"email": f"x{n}@k.no"}).status_code for n in range(3)
    ]
    assert codes == [200, 200, 429]
