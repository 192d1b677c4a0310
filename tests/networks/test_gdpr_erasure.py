"""Anonymising participants whose networks ended long ago removes who they were and keeps
what they did: each enrollment stays, with its network, status, source and decision, and
its attendance, so the counts per network, status, public body and county are the same
before and after.

Replaces the line in tests/networks/test_gdpr.py
(test_command_anonymises_participants_of_networks_ended_long_ago) that compared an
enrollment's status with itself freshly read, which could not fail.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from networks.models import Attendance, Enrollment, Participant, Region
from tests.factories import (
    EnrollmentFactory,
    LearningNetworkFactory,
    OrganizationFactory,
    ParticipantFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

MONTHS = 24


def ended(months_ago: int, **kwargs):
    ends = timezone.localdate() - datetime.timedelta(days=31 * months_ago)
    return LearningNetworkFactory(
        registration_opens_on=ends - datetime.timedelta(days=300),
        registration_closes_on=ends - datetime.timedelta(days=250),
        starts_on=ends - datetime.timedelta(days=200),
        ends_on=ends,
        **kwargs,
    )


def registered_long_ago(**kwargs) -> Participant:
    participant = ParticipantFactory(**kwargs)
    Participant.objects.filter(pk=participant.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3 * 365)
    )
    return participant


@pytest.fixture
def old_network(settings):
    """A network that ended 25 months ago: four people in four statuses, two sessions."""
    settings.PARTICIPANT_RETENTION_MONTHS = MONTHS
    network = ended(25, name="Gammelt nettverk", slug="gammelt-nettverk")
    sessions = [
        SessionFactory(
            network=network,
            number=n,
            starts_at=timezone.now() - datetime.timedelta(days=31 * 27 - n),
            ends_at=timezone.now() - datetime.timedelta(days=31 * 27 - n, hours=-6),
        )
        for n in (1, 2)
    ]
    bergen = OrganizationFactory(name="Bergen kommune", region=Region.objects.get(number="46"))
    oslo = OrganizationFactory(name="Oslo kommune", region=Region.objects.get(number="03"))
    decided = timezone.now() - datetime.timedelta(days=31 * 28)
    enrollments = []
    for name, status, organization in (
        ("Kari Godkjent", "accepted", bergen),
        ("Ola Godkjent", "accepted", oslo),
        ("Per Venter", "waitlisted", bergen),
        ("Siri Avslått", "declined", oslo),
    ):
        participant = registered_long_ago(
            name=name,
            email=f"{name.split()[0].lower()}@kommune.example.no",
            phone="+47 999 99 999",
            job_title="Innkjøper",
            organization=organization,
        )
        enrollments.append(
            EnrollmentFactory(
                network=network,
                participant=participant,
                status=status,
                challenge=f"Utfordringen til {name}",
                decided_at=decided,
            )
        )
    for enrollment, present in ((enrollments[0], True), (enrollments[1], False)):
        for session in sessions:
            Attendance.objects.create(enrollment=enrollment, session=session, present=present)
    return network, enrollments


def what_was_done(network) -> dict:
    """Everything about the network's enrollments that anonymising must keep."""
    enrollments = Enrollment.objects.filter(network=network).order_by("pk")
    return {
        "enrollments": list(
            enrollments.values_list(
                "pk",
                "network_id",
                "status",
                "source",
                "decided_at",
                "consent_at",
                "created_at",
                "participant_id",
                "participant__organization_id",
                "participant__organization__region_id",
            )
        ),
        "attendance": list(
            Attendance.objects.filter(enrollment__network=network)
            .order_by("enrollment_id", "session__number")
            .values_list("enrollment_id", "session__number", "present")
        ),
        "per status": dict(
            enrollments.values_list("status").annotate(n=Count("pk")).order_by("status")
        ),
        "per county": dict(
            enrollments.values_list("participant__organization__region__name")
            .annotate(n=Count("pk"))
            .order_by("participant__organization__region__name")
        ),
    }


def network_statistics(client) -> str:
    """The public statistics' rows about learning networks (aggregates, never names)."""
    page = client.get(reverse("statistics")).content.decode()
    figures = re.findall(r'<figure class="chart" id="figur-nettverk-.*?</figure>', page, re.S)
    assert figures
    return "".join(figures)


def test_anonymising_keeps_every_enrollment_with_its_status_decision_and_attendance(
    client, old_network
):
    network, enrollments = old_network
    before = what_was_done(network)
    statistics_before = network_statistics(client)

    call_command("anonymise_participants", stdout=io.StringIO())

    assert what_was_done(network) == before
    assert network_statistics(client) == statistics_before
    assert before["per status"] == {"accepted": 2, "declined": 1, "waitlisted": 1}
    assert len(before["attendance"]) == 4


def test_anonymising_removes_everything_that_identifies_the_person(old_network):
    network, enrollments = old_network

    call_command("anonymise_participants", stdout=io.StringIO())

    for enrollment in Enrollment.objects.filter(network=network).select_related("participant"):
        participant = enrollment.participant
        assert participant.name == Participant.ANONYMISED_NAME
        assert (participant.email, participant.phone, participant.job_title) == ("", "", "")
        assert participant.anonymised_at is not None
        assert enrollment.challenge == ""
    remaining = set(
        Participant.objects.filter(enrollments__network=network).values_list("name", flat=True)
    )
    assert remaining == {Participant.ANONYMISED_NAME}


def test_the_coordinator_list_still_counts_anonymised_enrollments(client, superuser, old_network):
    network, _enrollments = old_network
    client.force_login(superuser)
    url = reverse("coordinator:enrollments", args=[network.slug])
    before = re.findall(r'<span class="count">\((\d+)\)</span>', client.get(url).content.decode())

    call_command("anonymise_participants", stdout=io.StringIO())

    html = client.get(url).content.decode()
    assert re.findall(r'<span class="count">\((\d+)\)</span>', html) == before
    assert "Kari Godkjent" not in html and "kari@kommune.example.no" not in html
