import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from networks.models import Attendance
from tests.factories import EnrollmentFactory, SessionFactory

pytestmark = pytest.mark.django_db


def sheet_url(network, number):
    return reverse("coordinator:attendance", args=[network.slug, number])


def test_sheet_lists_accepted_participants_only(client, coordinator_a, network_a, sessions_a):
    EnrollmentFactory(network=network_a, status="accepted", participant__name="Med Plass")
    EnrollmentFactory(network=network_a, status="pending", participant__name="Uten Plass")
    client.force_login(coordinator_a)
    html = client.get(sheet_url(network_a, 1)).content.decode()
    assert "Med Plass" in html
    assert "Uten Plass" not in html


def test_all_checkboxes_are_saved_in_one_post(client, coordinator_a, network_a, sessions_a):
    here, away, late = EnrollmentFactory.create_batch(3, network=network_a, status="accepted")
    client.force_login(coordinator_a)

    response = client.post(sheet_url(network_a, 1), {"present": [here.pk, late.pk]}, follow=True)

    assert "2 av 3 til stede" in response.content.decode()
    saved = dict(
        Attendance.objects.filter(session=sessions_a[0]).values_list("enrollment_id", "present")
    )
    assert saved == {here.pk: True, away.pk: False, late.pk: True}
    html = response.content.decode()
    assert f'value="{here.pk}" id="til-stede-{here.pk}" checked' in html
    assert f'value="{away.pk}" id="til-stede-{away.pk}">' in html


def test_unticking_is_saved_too(client, coordinator_a, network_a, sessions_a):
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    client.force_login(coordinator_a)
    client.post(sheet_url(network_a, 2), {"present": [enrollment.pk]})
    client.post(sheet_url(network_a, 2), {})
    attendance = Attendance.objects.get(session=sessions_a[1], enrollment=enrollment)
    assert attendance.present is False
    assert Attendance.objects.count() == 1


def test_sessions_are_kept_apart(client, coordinator_a, network_a, sessions_a):
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    client.force_login(coordinator_a)
    for number in (1, 2, 3, 4, 5)[:3]:
        client.post(sheet_url(network_a, number), {"present": [enrollment.pk]})
    client.post(sheet_url(network_a, 2), {})
    present = list(
        Attendance.objects.filter(enrollment=enrollment)
        .order_by("session__number")
        .values_list("session__number", "present")
    )
    assert present == [(1, True), (2, False), (3, True)]


def test_an_enrollment_of_another_network_is_refused(
    client, coordinator_a, network_a, network_b, sessions_a
):
    mine = EnrollmentFactory(network=network_a, status="accepted")
    theirs = EnrollmentFactory(network=network_b, status="accepted")
    client.force_login(coordinator_a)
    response = client.post(sheet_url(network_a, 1), {"present": [mine.pk, theirs.pk]}, follow=True)
    assert "Listen har endret seg" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_garbage_in_the_post_is_refused_without_an_error(
    client, coordinator_a, network_a, sessions_a
):
    EnrollmentFactory(network=network_a, status="accepted")
    client.force_login(coordinator_a)
    response = client.post(sheet_url(network_a, 1), {"present": ["abc"]})
    assert response.status_code == 200
    assert Attendance.objects.count() == 0


def test_unknown_session_number_is_404(client, coordinator_a, network_a, sessions_a):
    client.force_login(coordinator_a)
    assert client.get(sheet_url(network_a, 99)).status_code == 404


@pytest.mark.parametrize("n", [1, 15])
def test_sheet_queries_do_not_grow(
    client, coordinator_a, network_a, django_assert_max_num_queries, n
):
    session = SessionFactory(
        network=network_a, number=1, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    for enrollment in EnrollmentFactory.create_batch(n, network=network_a, status="accepted"):
        Attendance.objects.create(enrollment=enrollment, session=session, present=True)
    client.force_login(coordinator_a)
    with django_assert_max_num_queries(9):
        assert client.get(sheet_url(network_a, 1)).status_code == 200
    ids = list(network_a.enrollments.values_list("pk", flat=True))
    with django_assert_max_num_queries(12):
        assert client.post(sheet_url(network_a, 1), {"present": ids}).status_code == 302


def test_attendance_for_a_session_not_yet_started_asks_for_confirmation(
    client, coordinator_a, network_a
):
    SessionFactory(network=network_a, number=1, starts_at=timezone.now() + timedelta_days(3))
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    client.force_login(coordinator_a)
    assert "har ikke startet ennå" in client.get(sheet_url(network_a, 1)).content.decode()

    response = client.post(sheet_url(network_a, 1), {"present": [enrollment.pk]})

    body = response.content.decode()
    assert response.status_code == 409
    assert "Samlingen har ikke startet ennå" in body
    assert 'name="confirm_future"' in body
    assert f'value="{enrollment.pk}" id="til-stede-{enrollment.pk}" checked' in body
    assert not Attendance.objects.exists()

    confirmed = client.post(
        sheet_url(network_a, 1), {"present": [enrollment.pk], "confirm_future": "on"}
    )
    assert confirmed.status_code == 302
    assert Attendance.objects.get(enrollment=enrollment).present


def timedelta_days(n):
    return datetime.timedelta(days=n)
