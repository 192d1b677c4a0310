"""Raising a full network's capacity in the Django admin promotes people from the waiting
list, longest-waiting first, and emails them: tested through the admin's own change form,
posted as a browser would (every field as the GET page shows it, inlines included)."""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from networks.models import Enrollment
from tests.factories import EnrollmentFactory, SessionFactory

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """What a browser would submit from the form with `form_id`, as (name, value) pairs:
    text-like inputs, checked boxes, selected options (the first one of a single select
    when none is marked), textareas; never the inlines' empty template (__prefix__)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.pairs: list[tuple[str, str]] = []
        self.select: dict | None = None
        self.textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append((name, a.get("value") or "on"))
            elif kind not in ("submit", "button", "reset", "image", "file"):
                self.pairs.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in a, "chosen": [], "first": None}
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in a:
                self.select["chosen"].append(value)
        elif tag == "textarea" and name:
            self.textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]
            self.pairs += [(self.select["name"], value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.pairs.append((self.textarea["name"], self.textarea["text"].removeprefix("\n")))
            self.textarea = None

    def data(self) -> dict[str, list[str]]:
        values: dict[str, list[str]] = {}
        for name, value in self.pairs:
            if "__prefix__" not in name:
                values.setdefault(name, []).append(value)
        return values


def change_form_values(client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    parser = FormValues("learningnetwork_form")
    parser.feed(response.content.decode())
    values = parser.data()
    assert "capacity" in values and "sessions-TOTAL_FORMS" in values, sorted(values)
    return values


@pytest.fixture
def full_network(network_a):
    """Two seats, both taken; three people waiting, one session (an inline)."""
    network_a.capacity = 2
    network_a.save()
    SessionFactory(network=network_a, number=1, title="Oppstart")
    EnrollmentFactory.create_batch(2, network=network_a, status="accepted")
    now = timezone.now()
    waiting = [
        EnrollmentFactory(
            network=network_a,
            status="waitlisted",
            waitlisted_at=now - datetime.timedelta(days=days),
            participant__name=name,
            participant__email=f"{name.split()[0].lower()}@kommune.example.no",
        )
        for name, days in (("Nyss Ventet", 1), ("Lengst Ventet", 9), ("Lenge Ventet", 5))
    ]
    return network_a, waiting


def raise_capacity(client, network, capacity: int, django_capture_on_commit_callbacks):
    url = reverse("admin:networks_learningnetwork_change", args=[network.pk])
    values = change_form_values(client, url)
    values["capacity"] = [str(capacity)]
    values["_save"] = ["Lagre"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, values, follow=True)
    assert response.status_code == 200
    errors = response.context and response.context.get("errors")
    assert not errors, errors
    return response


def test_raising_capacity_in_the_admin_promotes_the_longest_waiting(
    client, superuser, full_network, django_capture_on_commit_callbacks
):
    network, (recent, longest, long) = full_network
    client.force_login(superuser)

    response = raise_capacity(client, network, 4, django_capture_on_commit_callbacks)

    network.refresh_from_db()
    assert network.capacity == 4
    statuses = {e.participant.name: e.status for e in Enrollment.objects.filter(network=network)}
    assert statuses["Lengst Ventet"] == "accepted"
    assert statuses["Lenge Ventet"] == "accepted"
    assert statuses["Nyss Ventet"] == "waitlisted"
    assert network.enrollments.filter(status="accepted").count() == 4
    html = response.content.decode()
    assert "Lengst Ventet fikk en av de nye plassene fra ventelisten" in html
    assert "Lenge Ventet fikk en av de nye plassene fra ventelisten" in html
    emailed = sorted(address for message in mail.outbox for address in message.to)
    assert emailed == ["lenge@kommune.example.no", "lengst@kommune.example.no"]


def test_the_change_form_posted_as_read_changes_nothing_and_promotes_nobody(
    client, superuser, full_network, django_capture_on_commit_callbacks
):
    network, _waiting = full_network
    client.force_login(superuser)

    raise_capacity(client, network, 2, django_capture_on_commit_callbacks)

    assert network.enrollments.filter(status="waitlisted").count() == 3
    assert mail.outbox == []
    assert network.sessions.get().title == "Oppstart"  # the inline came back unchanged


def test_raising_capacity_beyond_the_waiting_list_accepts_everyone_waiting(
    client, superuser, full_network, django_capture_on_commit_callbacks
):
    network, _waiting = full_network
    client.force_login(superuser)

    raise_capacity(client, network, 10, django_capture_on_commit_callbacks)

    assert network.enrollments.filter(status="waitlisted").count() == 0
    assert network.enrollments.filter(status="accepted").count() == 5
    assert len(mail.outbox) == 3
