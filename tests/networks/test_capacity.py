import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from networks import services
from networks.models import Enrollment
from tests.factories import (
    EnrollmentFactory,
    LearningNetworkFactory,
    OrganizationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def decide_url(enrollment):
    return reverse("coordinator:decide", args=[enrollment.network.slug, enrollment.pk])


def refresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


def test_accepting_takes_a_free_seat(client, coordinator_a, network_a):
    enrollment = EnrollmentFactory(network=network_a)
    client.force_login(coordinator_a)
    response = client.post(decide_url(enrollment), {"status": "accepted"}, follow=True)
    refresh(enrollment)
    assert enrollment.status == "accepted"
    assert enrollment.decided_by == coordinator_a
    assert "har nå status «Godkjent»" in response.content.decode()


def test_accepting_when_full_puts_on_the_waiting_list_with_a_message(client, coordinator_a):
    network = coordinator_a.coordinated_networks.get()
    network.capacity = 1
    network.save()
    EnrollmentFactory(network=network, status="accepted")
    enrollment = EnrollmentFactory(network=network, participant__name="Ola Venter")
    client.force_login(coordinator_a)

    response = client.post(decide_url(enrollment), {"status": "accepted"}, follow=True)

    refresh(enrollment)
    assert enrollment.status == "waitlisted"
    assert enrollment.waitlisted_at is not None
    assert "Nettverket er fullt, så Ola Venter er satt på venteliste" in response.content.decode()


def test_declining_an_accepted_promotes_the_first_on_the_waiting_list(
    client, coordinator_a, django_capture_on_commit_callbacks
):
    network = coordinator_a.coordinated_networks.get()
    network.capacity = 1
    network.save()
    accepted = EnrollmentFactory(network=network, status="accepted")
    now = timezone.now()
    second = EnrollmentFactory(
        network=network, status="waitlisted", waitlisted_at=now - datetime.timedelta(hours=1)
    )
    first = EnrollmentFactory(
        network=network,
        status="waitlisted",
        waitlisted_at=now - datetime.timedelta(days=2),
        participant__name="Først I Køen",
        participant__email="forst@kommune.no",
    )
    client.force_login(coordinator_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(accepted), {"status": "declined"}, follow=True)

    refresh(accepted, first, second)
    assert accepted.status == "declined"
    assert first.status == "accepted"
    assert second.status == "waitlisted"
    assert "Først I Køen fikk den ledige plassen" in response.content.decode()
    promoted_mail = [m for m in mail.outbox if m.to == ["forst@kommune.no"]]
    assert len(promoted_mail) == 1
    assert "En plass er ledig" in promoted_mail[0].subject


def test_withdrawing_an_accepted_promotes_the_first_on_the_waiting_list():
    network = LearningNetworkFactory(capacity=1)
    accepted = EnrollmentFactory(network=network, status="accepted")
    waiting = EnrollmentFactory(network=network, status="waitlisted", waitlisted_at=timezone.now())
    outcome = services.withdraw(accepted, base_url=BASE)
    refresh(accepted, waiting)
    assert accepted.status == "withdrawn"
    assert waiting.status == "accepted"
    assert outcome.promoted == [waiting]


def test_declining_a_pending_application_promotes_nobody():
    network = LearningNetworkFactory(capacity=1)
    pending = EnrollmentFactory(network=network)
    waiting = EnrollmentFactory(network=network, status="waitlisted", waitlisted_at=timezone.now())
    EnrollmentFactory(network=network, status="accepted")
    services.decide(pending, "declined", by=None, base_url=BASE)
    refresh(waiting)
    assert waiting.status == "waitlisted"


def test_repeating_a_decision_changes_nothing(client, coordinator_a, network_a):
    enrollment = EnrollmentFactory(network=network_a, status="declined")
    client.force_login(coordinator_a)
    response = client.post(decide_url(enrollment), {"status": "declined"}, follow=True)
    assert "hadde allerede status «Avslått»" in response.content.decode()


def test_unknown_decision_is_refused_with_a_message(client, coordinator_a, network_a):
    enrollment = EnrollmentFactory(network=network_a)
    client.force_login(coordinator_a)
    response = client.post(decide_url(enrollment), {"status": "bogus"}, follow=True)
    assert response.status_code == 200
    assert "Ugyldig valg" in response.content.decode()
    refresh(enrollment)
    assert enrollment.status == "pending"


def test_decision_returns_to_the_filtered_list(client, coordinator_a, network_a):
    enrollment = EnrollmentFactory(network=network_a)
    client.force_login(coordinator_a)
    back = reverse("coordinator:enrollments", args=[network_a.slug]) + "?status=pending"
    response = client.post(decide_url(enrollment), {"status": "accepted", "next": back})
    assert response["Location"] == back
    evil = client.post(
        decide_url(enrollment), {"status": "declined", "next": "https://evil.example/"}
    )
    assert evil["Location"] == reverse("coordinator:enrollments", args=[network_a.slug])


def register_data(**overrides):
    organization = OrganizationFactory(needs_review=False)
    data = {
        "name": "Per Direkte",
        "email": "per@kommune.no",
        "organization": organization.pk,
        "challenge": "",
    }
    data.update(overrides)
    return data


def test_coordinator_registers_a_participant_with_a_free_seat(
    client, coordinator_a, network_a, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("coordinator:register", args=[network_a.slug]), register_data(), follow=True
        )
    enrollment = Enrollment.objects.get()
    assert enrollment.status == "accepted"
    assert enrollment.source == "coordinator"
    assert enrollment.decided_by == coordinator_a
    assert "Per Direkte er registrert med plass" in response.content.decode()
    assert mail.outbox[0].to == ["per@kommune.no"]
    assert "Du har fått plass" in mail.outbox[0].subject


def test_coordinator_registration_goes_to_the_waiting_list_when_full(client, coordinator_a):
    network = coordinator_a.coordinated_networks.get()
    network.capacity = 1
    network.save()
    EnrollmentFactory(network=network, status="accepted")
    client.force_login(coordinator_a)
    response = client.post(
        reverse("coordinator:register", args=[network.slug]), register_data(), follow=True
    )
    assert Enrollment.objects.get(participant__email="per@kommune.no").status == "waitlisted"
    assert "Nettverket er fullt, så Per Direkte er satt på venteliste" in response.content.decode()


def test_coordinator_cannot_register_the_same_person_twice(client, coordinator_a, network_a):
    EnrollmentFactory(network=network_a, participant__email="per@kommune.no")
    client.force_login(coordinator_a)
    response = client.post(reverse("coordinator:register", args=[network_a.slug]), register_data())
    assert response.status_code == 400
    assert "allerede påmeldt" in response.content.decode()


def test_admin_bulk_accept_follows_the_capacity_rules(client, superuser):
    network = LearningNetworkFactory(capacity=2)
    enrollments = EnrollmentFactory.create_batch(3, network=network)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:networks_enrollment_changelist"),
        {"action": "accept", ACTION_CHECKBOX_NAME: [e.pk for e in enrollments]},
        follow=True,
    )
    statuses = [Enrollment.objects.get(pk=e.pk).status for e in enrollments]
    assert statuses == ["accepted", "accepted", "waitlisted"]
    assert "satt på venteliste fordi nettverket er fullt" in response.content.decode()


def test_admin_bulk_decline_promotes_from_the_waiting_list(client, superuser):
    network = LearningNetworkFactory(capacity=1)
    accepted = EnrollmentFactory(network=network, status="accepted")
    waiting = EnrollmentFactory(network=network, status="waitlisted", waitlisted_at=timezone.now())
    client.force_login(superuser)
    client.post(
        reverse("admin:networks_enrollment_changelist"),
        {"action": "decline", ACTION_CHECKBOX_NAME: [accepted.pk]},
    )
    refresh(accepted, waiting)
    assert (accepted.status, waiting.status) == ("declined", "accepted")


class _FormValues(HTMLParser):
    """The values a browser would send from the form with this id."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.values: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.values.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.values.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def form_values(html: str, form_id: str) -> dict[str, list[str]]:
    parser = _FormValues(form_id)
    parser.feed(html)
    values: dict[str, list[str]] = {}
    for name, value in parser.values:
        values.setdefault(name, []).append(value)
    return values


def test_raising_capacity_in_admin_promotes_from_the_waiting_list(
    client, superuser, django_capture_on_commit_callbacks
):
    network = LearningNetworkFactory(capacity=1)
    SessionFactory(network=network, number=1)
    EnrollmentFactory(network=network, status="accepted")
    waiting = EnrollmentFactory(
        network=network,
        status="waitlisted",
        waitlisted_at=timezone.now(),
        participant__email="venter@kommune.no",
    )
    client.force_login(superuser)
    url = reverse("admin:networks_learningnetwork_change", args=[network.pk])
    data = form_values(client.get(url).content.decode(), "learningnetwork_form")
    assert data["capacity"] == ["1"]
    data["capacity"] = ["2"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)

    assert response.status_code == 200
    network.refresh_from_db()
    waiting.refresh_from_db()
    assert network.capacity == 2
    assert waiting.status == "accepted"
    assert "fikk en av de nye plassene fra ventelisten" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["venter@kommune.no"]]


def test_admin_pages_for_networks_participants_and_enrollments_open(client, superuser, network_a):
    enrollment = EnrollmentFactory(network=network_a)
    client.force_login(superuser)
    urls = [
        reverse("admin:networks_learningnetwork_changelist"),
        reverse("admin:networks_learningnetwork_change", args=[network_a.pk]),
        reverse("admin:networks_learningnetwork_add"),
        reverse("admin:networks_participant_changelist"),
        reverse("admin:networks_participant_change", args=[enrollment.participant.pk]),
        reverse("admin:networks_enrollment_changelist") + "?status__exact=pending",
        reverse("admin:networks_enrollment_change", args=[enrollment.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_admin_refuses_capacity_below_the_accepted_count(client, superuser):
    network = LearningNetworkFactory(capacity=2)
    EnrollmentFactory.create_batch(2, network=network, status="accepted")
    client.force_login(superuser)
    url = reverse("admin:networks_learningnetwork_change", args=[network.pk])
    data = {
        "name": network.name,
        "slug": network.slug,
        "host": network.host,
        "description": network.description,
        "starts_on": network.starts_on.isoformat(),
        "ends_on": network.ends_on.isoformat(),
        "registration_opens_on": network.registration_opens_on.isoformat(),
        "registration_closes_on": network.registration_closes_on.isoformat(),
        "capacity": 1,
        "is_published": "on",
        "sessions-TOTAL_FORMS": 0,
        "sessions-INITIAL_FORMS": 0,
        "sessions-MIN_NUM_FORMS": 0,
        "sessions-MAX_NUM_FORMS": 1000,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "2 deltakere er allerede godkjent" in response.content.decode()
    network.refresh_from_db()
    assert network.capacity == 2


def test_coordinators_group_exists_with_its_permissions():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Koordinatorer")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {
        "view_learningnetwork",
        "view_session",
        "view_participant",
        "view_enrollment",
        "change_enrollment",
        "change_attendance",
    } <= codenames
    assert "delete_participant" not in codenames


def test_register_form_speaks_to_the_coordinator_about_the_participant(
    client, coordinator_a, network_a
):
    client.force_login(coordinator_a)
    page = client.get(reverse("coordinator:register", args=[network_a.slug])).content.decode()
    assert "Hit sender vi" not in page
    assert "Deltakerens e-post" in page
    assert "Deltakeren får e-post hit om plassen" in page
    response = client.post(
        reverse("coordinator:register", args=[network_a.slug]),
        {"name": "Per", "email": "per@k.no"},
    )
    assert "Velg deltakerens virksomhet" in response.content.decode()
