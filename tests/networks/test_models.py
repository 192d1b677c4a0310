import datetime

import pytest
from django.db import IntegrityError, transaction

from networks.models import Attendance, Enrollment, LearningNetwork, Participant
from tests.factories import (
    EnrollmentFactory,
    LearningNetworkFactory,
    OrganizationFactory,
    ParticipantFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def raises_integrity_error():
    return pytest.raises(IntegrityError)


def test_one_enrollment_per_participant_and_network(network_a):
    enrollment = EnrollmentFactory(network=network_a)
    with raises_integrity_error(), transaction.atomic():
        Enrollment.objects.create(participant=enrollment.participant, network=network_a)


def test_participant_email_is_unique_whatever_the_case():
    ParticipantFactory(email="Kari@Kommune.no")
    with raises_integrity_error(), transaction.atomic():
        ParticipantFactory(email="kari@kommune.no")


def test_anonymised_participants_may_share_the_empty_email(django_db_setup):
    organization = OrganizationFactory()
    for _ in range(2):
        Participant.objects.create(
            name="Anonymisert deltaker",
            email="",
            organization=organization,
            anonymised_at=datetime.datetime.now(datetime.UTC),
        )
    with raises_integrity_error(), transaction.atomic():
        Participant.objects.create(name="Uten e-post", email="", organization=organization)


def test_attendance_refuses_a_session_of_another_network(network_a, network_b):
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    other_session = SessionFactory(network=network_b)
    with raises_integrity_error(), transaction.atomic():
        Attendance.objects.create(enrollment=enrollment, session=other_session, present=True)


def test_attendance_refuses_a_network_that_is_not_the_enrollments(network_a, network_b):
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    session_b = SessionFactory(network=network_b)
    with raises_integrity_error(), transaction.atomic():
        Attendance.objects.create(
            enrollment=enrollment, session=session_b, network=network_b, present=True
        )


def test_attendance_for_a_session_of_the_same_network_is_stored(network_a):
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    session = SessionFactory(network=network_a)
    attendance = Attendance.objects.create(enrollment=enrollment, session=session, present=True)
    assert attendance.network_id == network_a.pk


def test_session_must_end_after_it_starts(network_a):
    session = SessionFactory(network=network_a)
    with raises_integrity_error(), transaction.atomic():
        session.ends_at = session.starts_at - datetime.timedelta(hours=1)
        session.save()


def test_database_refuses_more_accepted_than_capacity():
    network = LearningNetworkFactory(capacity=2)
    EnrollmentFactory.create_batch(2, network=network, status="accepted")
    with raises_integrity_error(), transaction.atomic():
        EnrollmentFactory(network=network, status="accepted")
    pending = EnrollmentFactory(network=network, status="pending")
    with raises_integrity_error(), transaction.atomic():
        Enrollment.objects.filter(pk=pending.pk).update(status="accepted")
    assert network.enrollments.accepted().count() == 2


def test_database_refuses_lowering_capacity_below_accepted():
    network = LearningNetworkFactory(capacity=3)
    EnrollmentFactory.create_batch(3, network=network, status="accepted")
    with raises_integrity_error(), transaction.atomic():
        LearningNetwork.objects.filter(pk=network.pk).update(capacity=2)
    LearningNetwork.objects.filter(pk=network.pk).update(capacity=5)


def test_capacity_form_validation_explains_the_accepted_count():
    network = LearningNetworkFactory(capacity=3)
    EnrollmentFactory.create_batch(3, network=network, status="accepted")
    network.capacity = 1
    with pytest.raises(Exception, match="3 deltakere er allerede godkjent"):
        network.full_clean()


def test_unknown_enrollment_status_is_refused(network_a):
    enrollment = EnrollmentFactory(network=network_a)
    with raises_integrity_error(), transaction.atomic():
        Enrollment.objects.filter(pk=enrollment.pk).update(status="maybe")


TODAY = datetime.date(2025, 6, 15)


@pytest.mark.parametrize(
    ("opens", "closes", "starts", "ends", "expected"),
    [
        (10, 20, 30, 100, LearningNetwork.Status.UPCOMING),  # registration not open yet
        (-5, 5, 30, 100, LearningNetwork.Status.OPEN),
        (-5, 0, 30, 100, LearningNetwork.Status.OPEN),  # deadline day is still open
        (-20, -10, 10, 100, LearningNetwork.Status.UPCOMING),  # closed, not started
        (-60, -30, -10, 100, LearningNetwork.Status.RUNNING),
        (-60, -30, -10, 0, LearningNetwork.Status.RUNNING),  # last day is still running
        (-200, -150, -100, -1, LearningNetwork.Status.FINISHED),
    ],
)
def test_status_is_derived_from_dates(opens, closes, starts, ends, expected):
    def day(offset):
        return TODAY + datetime.timedelta(days=offset)

    network = LearningNetwork(
        registration_opens_on=day(opens),
        registration_closes_on=day(closes),
        starts_on=day(starts),
        ends_on=day(ends),
    )
    assert network.status_on(TODAY) == expected


def test_seats_left_counts_only_accepted(network_a):
    network_a.capacity = 3
    network_a.save()
    EnrollmentFactory(network=network_a, status="accepted")
    EnrollmentFactory(network=network_a, status="pending")
    EnrollmentFactory(network=network_a, status="waitlisted")
    annotated = LearningNetwork.objects.with_seat_counts().get(pk=network_a.pk)
    assert annotated.seats_left == 2
    assert network_a.seats_left == 2


def test_models_have_readable_names(network_a):
    enrollment = EnrollmentFactory(network=network_a, participant__name="Kari Nordmann")
    assert str(enrollment) == "Kari Nordmann – Nettverk A"
    assert str(enrollment.participant) == "Kari Nordmann"
    assert enrollment.get_absolute_url().startswith("/koordinator/nettverk-a/")
