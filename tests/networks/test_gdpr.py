import datetime
import io
import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from networks.gdpr import months_before
from networks.models import Attendance, Enrollment, Participant
from tests.factories import (
    EnrollmentFactory,
    LearningNetworkFactory,
    ParticipantFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def admin_action(client, action, participants):
    return client.post(
        reverse("admin:networks_participant_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [p.pk for p in participants]},
    )


def test_admin_exports_one_participants_data_as_json(client, superuser, network_a):
    enrollment = EnrollmentFactory(
        network=network_a,
        status="accepted",
        participant__name="Kari Nordmann",
        participant__email="kari@kommune.no",
        challenge="Bedre skoleskyss",
    )
    session = SessionFactory(network=network_a, number=1)
    Attendance.objects.create(enrollment=enrollment, session=session, present=True)
    client.force_login(superuser)

    response = admin_action(client, "export_json", [enrollment.participant])

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["participant"]["name"] == "Kari Nordmann"
    assert data["participant"]["email"] == "kari@kommune.no"
    assert data["enrollments"][0]["network"] == "Nettverk A"
    assert data["enrollments"][0]["challenge"] == "Bedre skoleskyss"
    assert data["enrollments"][0]["attendance"] == [
        {
            "session": 1,
            "title": session.title,
            "starts_at": session.starts_at.isoformat(),
            "present": True,
        }
    ]


def test_export_of_several_participants_at_once_is_refused(client, superuser):
    participants = ParticipantFactory.create_batch(2)
    client.force_login(superuser)
    response = admin_action(client, "export_json", participants)
    assert response.status_code == 302  # back to the list with a message


def test_admin_erases_a_participant_and_keeps_anonymous_enrollments(client, superuser, network_a):
    enrollment = EnrollmentFactory(
        network=network_a, status="accepted", participant__name="Slett Meg", challenge="Hemmelig"
    )
    session = SessionFactory(network=network_a, number=1)
    Attendance.objects.create(enrollment=enrollment, session=session, present=True)
    participant = enrollment.participant
    organization = participant.organization
    client.force_login(superuser)

    admin_action(client, "erase", [participant])

    participant.refresh_from_db()
    enrollment.refresh_from_db()
    assert participant.name == "Anonymisert deltaker"
    assert participant.email == participant.phone == participant.job_title == ""
    assert participant.anonymised_at is not None
    assert participant.organization == organization  # statistics per body and county stay
    assert enrollment.status == "accepted"
    assert enrollment.challenge == ""
    assert Attendance.objects.filter(enrollment=enrollment, present=True).exists()


def test_erased_person_can_apply_again_as_a_new_participant(client, superuser, network_b):
    participant = ParticipantFactory(email="igjen@kommune.no")
    client.force_login(superuser)
    admin_action(client, "erase", [participant])
    ParticipantFactory(email="igjen@kommune.no")
    assert Participant.objects.count() == 2


def ended_network(months_ago, **kwargs):
    ends = months_before(timezone.localdate(), months_ago)
    return LearningNetworkFactory(
        registration_opens_on=ends - datetime.timedelta(days=300),
        registration_closes_on=ends - datetime.timedelta(days=250),
        starts_on=ends - datetime.timedelta(days=200),
        ends_on=ends,
        **kwargs,
    )


def old_participant(**kwargs):
    participant = ParticipantFactory(**kwargs)
    Participant.objects.filter(pk=participant.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3 * 365)
    )
    return participant


def test_command_anonymises_participants_of_networks_ended_long_ago(settings):
    settings.PARTICIPANT_RETENTION_MONTHS = 24
    old = ended_network(25)
    recent = ended_network(23)
    gone = EnrollmentFactory(network=old, participant=old_participant(name="Gammel"))
    kept = EnrollmentFactory(network=recent, participant=old_participant(name="Nylig"))
    both = old_participant(name="Begge")
    both_old = EnrollmentFactory(network=old, participant=both, challenge="Gammel sak")
    EnrollmentFactory(network=recent, participant=both)

    call_command("anonymise_participants", stdout=io.StringIO())

    for enrollment in (gone, kept, both_old):
        enrollment.refresh_from_db()
        enrollment.participant.refresh_from_db()
    assert gone.participant.is_anonymised
    assert Enrollment.objects.filter(pk=gone.pk).exists()  # the enrollment is kept
    # (what it keeps and what it loses: tests/networks/test_gdpr_erasure.py)
    assert not kept.participant.is_anonymised
    assert not both_old.participant.is_anonymised  # still in a recent network
    assert both_old.challenge == ""  # but the old challenge text is gone


def test_command_is_idempotent(settings, capsys):
    settings.PARTICIPANT_RETENTION_MONTHS = 24
    EnrollmentFactory(network=ended_network(30), participant=old_participant())
    call_command("anonymise_participants")
    first = Participant.objects.get().anonymised_at
    call_command("anonymise_participants")
    assert Participant.objects.get().anonymised_at == first
    assert "Anonymised 0 participant(s)" in capsys.readouterr().out


def test_command_dry_run_changes_nothing(capsys):
    EnrollmentFactory(network=ended_network(30), participant=old_participant())
    call_command("anonymise_participants", "--dry-run")
    assert "1 participant(s) would be anonymised" in capsys.readouterr().out
    assert not Participant.objects.get().is_anonymised


def test_command_honours_the_months_setting(settings):
    settings.PARTICIPANT_RETENTION_MONTHS = 6
    EnrollmentFactory(network=ended_network(7), participant=old_participant())
    call_command("anonymise_participants", stdout=io.StringIO())
    assert Participant.objects.get().is_anonymised


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 1, 15), 24, datetime.date(2024, 1, 15)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2023, 2, 28)),
        (datetime.date(2026, 12, 1), 13, datetime.date(2025, 11, 1)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def test_privacy_page_states_the_retention_period_from_settings(client, settings):
    settings.PARTICIPANT_RETENTION_MONTHS = 18
    html = client.get(reverse("privacy")).content.decode()
    assert "anonymiseres automatisk 18 måneder etter" in html
