"""A coordinator's participant list and CSV hold their own network's people, and nobody
else's: with participants in two networks, none of network B's names, emails or public
bodies appear for the coordinator of network A, whatever the filter."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import EnrollmentFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

STATUSES = ("pending", "accepted", "waitlisted", "declined")


@pytest.fixture
def people(network_a, network_b):
    """Four people in A and four in B, one in each status, from bodies of their own."""
    alfa = OrganizationFactory(name="Alfaby kommune")
    beta = OrganizationFactory(name="Betaby kommune")
    made = {"a": [], "b": []}
    for key, network, organization, first in (
        ("a", network_a, alfa, ("Anne", "Arne", "Astrid", "Aksel")),
        ("b", network_b, beta, ("Bjørn", "Berit", "Bodil", "Brage")),
    ):
        for name, status in zip(first, STATUSES, strict=True):
            enrollment = EnrollmentFactory(
                network=network,
                status=status,
                participant__name=f"{name} {key.upper()}-deltaker",
                participant__email=f"{name.lower()}@{key}-nett.example.no",
                participant__organization=organization,
            )
            made[key].append(enrollment.participant)
    return made


def identifying(participants) -> list[str]:
    return [text for p in participants for text in (p.name, p.email)]


def listed(participants, params) -> list:
    """The participants (one per status, in STATUSES order) that the filter keeps."""
    return [
        p
        for p, status in zip(participants, STATUSES, strict=True)
        if params.get("status", status) == status
    ]


def csv_text(response) -> str:
    assert response.status_code == 200
    return response.content.decode("utf-8")


@pytest.mark.parametrize(
    "params",
    [{}, *({"status": status} for status in STATUSES), {"q": "deltaker"}, {"q": "example.no"}],
    ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()) or "all",
)
def test_participant_list_shows_only_the_coordinators_own_network(
    client, coordinator_a, network_a, people, params
):
    client.force_login(coordinator_a)
    response = client.get(reverse("coordinator:enrollments", args=[network_a.slug]), params)
    assert response.status_code == 200
    html = response.content.decode()

    leaked = [text for text in identifying(people["b"]) if text in html]
    assert leaked == []
    assert "Betaby kommune" not in html
    for participant in listed(people["a"], params):
        assert participant.name in html and participant.email in html


def test_participant_list_counts_only_the_coordinators_own_network(
    client, coordinator_a, network_a, people
):
    client.force_login(coordinator_a)
    html = client.get(reverse("coordinator:enrollments", args=[network_a.slug])).content.decode()
    # "Alle (4)", not 8: the status tabs count A's enrollments only.
    assert '<span class="count">(4)</span>' in html
    assert '<span class="count">(8)</span>' not in html


def test_searching_for_another_networks_participant_finds_nobody(
    client, coordinator_a, network_a, people
):
    client.force_login(coordinator_a)
    for text in ("Bjørn", "b-nett.example.no", "Betaby"):
        response = client.get(
            reverse("coordinator:enrollments", args=[network_a.slug]), {"q": text}
        )
        html = response.content.decode()
        assert [t for t in identifying(people["b"]) if t in html] == [], text


@pytest.mark.parametrize("params", [{}, *({"status": status} for status in STATUSES)])
def test_csv_export_holds_only_the_coordinators_own_network(
    client, coordinator_a, network_a, people, params
):
    client.force_login(coordinator_a)
    body = csv_text(client.get(reverse("coordinator:export", args=[network_a.slug]), params))

    assert [text for text in identifying(people["b"]) if text in body] == []
    assert "Betaby kommune" not in body
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    names = sorted(row[0] for row in rows[1:])
    emails = sorted(row[1] for row in rows[1:])
    wanted = listed(people["a"], params)
    assert names == sorted(p.name for p in wanted)
    assert emails == sorted(p.email for p in wanted)


def test_the_other_coordinator_sees_only_network_b(client, coordinator_b, network_b, people):
    client.force_login(coordinator_b)
    html = client.get(reverse("coordinator:enrollments", args=[network_b.slug])).content.decode()
    body = csv_text(client.get(reverse("coordinator:export", args=[network_b.slug])))
    for text in identifying(people["a"]):
        assert text not in html and text not in body
    for text in identifying(people["b"]):
        assert text in html and text in body


def test_a_coordinator_cannot_open_another_networks_list_or_csv(
    client, coordinator_a, network_b, people
):
    client.force_login(coordinator_a)
    assert client.get(reverse("coordinator:enrollments", args=[network_b.slug])).status_code == 404
    assert client.get(reverse("coordinator:export", args=[network_b.slug])).status_code == 404
