"""Emails to a participant are written in the language they applied in, whoever causes
them, and their links lead to pages in that language."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from networks.models import Enrollment
from tests.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    OrganizationFactory,
    SessionFactory,
)
from tests.networks.test_application import form_data

pytestmark = pytest.mark.django_db


def url_in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def apply_in(client, language, network):
    organization = OrganizationFactory(name="Bergen kommune", needs_review=False)
    response = client.post(
        url_in(language, "networks:apply", network.slug), form_data(organization)
    )
    assert response.status_code == 302
    return Enrollment.objects.get()


GREETINGS = {
    "nb": "Hilsen koordinatorene",
    "nn": "Helsing koordinatorane",
    "en": "Best regards, the coordinators",
}


@pytest.mark.parametrize(
    ("language", "subject", "prefix"),
    [
        ("en", "We have received your application for a place in Nettverk A", "/en"),
        ("nn", "Vi har fått søknaden din om plass i Nettverk A", "/nn"),
        ("nb", "Vi har mottatt søknaden din om plass i Nettverk A", ""),
    ],
)
def test_applying_stores_the_pages_language_and_the_receipt_is_written_in_it(
    client, network_a, language, subject, prefix
):
    enrollment = apply_in(client, language, network_a)

    assert enrollment.language == language
    [message] = mail.outbox
    assert message.subject == subject
    for other, greeting in GREETINGS.items():
        assert (greeting in message.body) == (other == language), greeting
    for path in ("/nettverk/nettverk-a/", "/personvern/", "/nettverk/trekk/"):
        assert f"http://testserver{prefix}{path}" in message.body
    for other_prefix in {"/en/", "/nn/"} - {f"{prefix}/"}:
        assert other_prefix not in message.body


@pytest.mark.parametrize(
    ("applied_in", "decided_on", "subject", "greeting", "prefix"),
    [
        ("en", "nb", "You have a place in Nettverk A", "Best regards, the coordinators", "/en"),
        ("nn", "en", "Du har fått plass i Nettverk A", "Helsing koordinatorane", "/nn"),
        ("nb", "en", "Du har fått plass i Nettverk A", "Hilsen koordinatorene", ""),
    ],
)
def test_a_decision_is_emailed_in_the_applicants_language_not_the_coordinators(
    client, coordinator_a, network_a, applied_in, decided_on, subject, greeting, prefix
):
    enrollment = EnrollmentFactory(network=network_a, language=applied_in)
    client.force_login(coordinator_a)

    response = client.post(
        url_in(decided_on, "coordinator:decide", network_a.slug, enrollment.pk),
        {"status": "accepted", "reason": ""},
    )

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == subject
    assert greeting in message.body
    assert f"http://testserver{prefix}/nettverk/nettverk-a/" in message.body
    assert f"http://testserver{prefix}/personvern/" in message.body
    # The coordinator goes back to the list in their own language.
    assert response["Location"] == url_in(decided_on, "coordinator:enrollments", network_a.slug)


def test_a_coordinators_message_is_framed_in_the_participants_language(
    client, coordinator_a, network_a
):
    EnrollmentFactory(network=network_a, status="accepted", language="en")
    client.force_login(coordinator_a)

    response = client.post(
        reverse("coordinator:message_new", args=[network_a.slug]),
        {"session": "", "subject": "Husk samlingen", "body": "Vi møtes i Bergen."},
    )

    assert response.status_code == 302, response.content.decode()
    [message] = mail.outbox
    assert "Vi møtes i Bergen." in message.body
    assert "You are receiving this email because you are in Nettverk A." in message.body


def test_an_invitation_to_evaluate_is_in_the_participants_language(
    client, coordinator_a, network_a
):
    session = SessionFactory(
        network=network_a, number=1, starts_at=timezone.now() - datetime.timedelta(days=2)
    )
    enrollment = EnrollmentFactory(network=network_a, status="accepted", language="nn")
    AttendanceFactory(enrollment=enrollment, session=session, present=True)
    client.force_login(coordinator_a)

    client.post(url_in("en", "coordinator:evaluation_invite", network_a.slug, 1))

    [message] = mail.outbox
    assert message.subject == f"Kva syntest du om {session.title}?"
    assert "http://testserver/nn/nettverk/" in message.body
