import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CaseFactory,
    EnrollmentFactory,
    LearningNetworkFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def finished_network(**kwargs):
    return LearningNetworkFactory(
        registration_opens_on=days(-400),
        registration_closes_on=days(-380),
        starts_on=days(-360),
        ends_on=days(-200),
        **kwargs,
    )


def running_network(**kwargs):
    return LearningNetworkFactory(
        registration_opens_on=days(-100),
        registration_closes_on=days(-80),
        starts_on=days(-60),
        ends_on=days(60),
        **kwargs,
    )


def upcoming_network(**kwargs):
    return LearningNetworkFactory(
        registration_opens_on=days(10),
        registration_closes_on=days(30),
        starts_on=days(40),
        ends_on=days(200),
        **kwargs,
    )


def test_list_groups_networks_by_status(client):
    LearningNetworkFactory(name="Vest-Norge åpent")
    upcoming_network(name="Trøndelag kommer")
    running_network(name="Agder pågår")
    finished_network(name="Viken avsluttet")
    LearningNetworkFactory(name="Hemmelig utkast", is_published=False)

    html = client.get(reverse("networks:list")).content.decode()

    headings = ["Åpen for påmelding", "Kommer", "Pågår", "Avsluttet"]
    positions = [html.index(f">{heading} <") for heading in headings]
    assert positions == sorted(positions)
    names = ["Vest-Norge åpent", "Trøndelag kommer", "Agder pågår", "Viken avsluttet"]
    name_positions = [html.index(name) for name in names]
    assert all(p < n for p, n in zip(positions, name_positions, strict=True))
    assert "Hemmelig utkast" not in html


def test_list_says_so_when_nothing_is_published(client):
    response = client.get(reverse("networks:list"))
    assert "Ingen nettverk er publisert ennå." in response.content.decode()


def test_detail_shows_programme_seats_and_cases(client, network_a):
    network_a.capacity = 10
    network_a.host = "KS Vest-Norge"
    network_a.save()
    EnrollmentFactory.create_batch(3, network=network_a, status="accepted")
    SessionFactory(
        network=network_a,
        number=1,
        title="Oppstart",
        topic="Behovsavklaring",
        place="Bergen rådhus",
        homework="Skriv et utkast til behovsbeskrivelse.",
    )
    SessionFactory(
        network=network_a,
        number=2,
        title="Markedsdialog",
        place="",
        online_url="https://meet.example.no/samling2",
    )
    CaseFactory(title="Trygghetsalarmer i Vestland", origin_network=network_a)
    CaseFactory(title="Upublisert sak", origin_network=network_a, is_published=False)

    response = client.get(network_a.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert "KS Vest-Norge" in html
    assert "7 av 10" in html  # seats left
    assert "Samling 1: Oppstart" in html
    assert "Bergen rådhus" in html
    assert "Skriv et utkast til behovsbeskrivelse." in html
    assert "https://meet.example.no/samling2" in html
    assert "Trygghetsalarmer i Vestland" in html
    assert "Upublisert sak" not in html
    assert reverse("networks:calendar", args=["nettverk-a"]) in html
    assert reverse("networks:apply", args=["nettverk-a"]) in html


def test_description_markdown_is_sanitised(client):
    network = LearningNetworkFactory(
        description="## Mål\n\nVi lærer **sammen**.<script>alert(1)</script>"
        "[klikk](javascript:alert(1))"
    )
    html = client.get(network.get_absolute_url()).content.decode()
    assert "<strong>sammen</strong>" in html
    assert "<h3>Mål</h3>" in html  # the text's top heading sits under the page's h2
    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_unpublished_network_is_not_found(client):
    network = LearningNetworkFactory(is_published=False)
    assert client.get(network.get_absolute_url()).status_code == 404
    assert client.get(reverse("networks:apply", args=[network.slug])).status_code == 404
    assert client.get(reverse("networks:calendar", args=[network.slug])).status_code == 404


def test_participants_personal_data_never_appears_on_public_pages(client, network_a):
    EnrollmentFactory(
        network=network_a,
        status="accepted",
        participant__name="Hemmelig Person",
        participant__email="hemmelig@kommune.no",
        participant__phone="+47 98765432",
        challenge="Hemmelig problemstilling",
    )
    SessionFactory(network=network_a)
    urls = [
        reverse("networks:list"),
        network_a.get_absolute_url(),
        reverse("networks:calendar", args=[network_a.slug]),
        reverse("networks:apply", args=[network_a.slug]),
        reverse("home"),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        for secret in ("Hemmelig Person", "hemmelig@kommune.no", "98765432", "Hemmelig problem"):
            assert secret not in body, (url, secret)


def test_full_network_still_takes_applications_for_the_waiting_list(client):
    network = LearningNetworkFactory(capacity=1)
    EnrollmentFactory(network=network, status="accepted")
    html = client.get(network.get_absolute_url()).content.decode()
    assert "0 av 1" in html
    assert "venteliste" in html


@pytest.mark.parametrize(
    ("prefix", "full", "seats_left"),
    [
        ("", "Alle plassene er tatt, men du kan fortsatt søke og komme på venteliste.", "ledig"),
        (
            "/en",
            "All places are taken, but you can still apply and go on the waiting list.",
            "left",
        ),
    ],
    ids=["nb", "en"],
)
def test_list_says_a_full_network_takes_applications_for_the_waiting_list(
    client, prefix, full, seats_left
):
    network = LearningNetworkFactory(name="Fullt nettverk", capacity=1)
    EnrollmentFactory(network=network, status="accepted")
    # Bokmål addresses, taken before a request to /en/ leaves English active.
    detail_url, apply_url = (
        network.get_absolute_url(),
        reverse("networks:apply", args=[network.slug]),
    )
    html = client.get(prefix + reverse("networks:list")).content.decode()
    card = html.split("Fullt nettverk", 1)[1].split("</article>", 1)[0]
    assert full in card
    assert seats_left not in card
    # The network's own page offers the same: an application for the waiting list.
    detail = client.get(prefix + detail_url).content.decode()
    assert full in detail
    assert prefix + apply_url in detail


def test_list_counts_free_seats_while_there_are_some(client):
    network = LearningNetworkFactory(name="Ledig nettverk", capacity=2)
    EnrollmentFactory(network=network, status="accepted")
    html = client.get(reverse("networks:list")).content.decode()
    assert "1 ledig plass." in html
    assert "Alle plassene er tatt" not in html


@pytest.mark.parametrize("n", [1, 6])
def test_list_queries_do_not_grow(client, django_assert_max_num_queries, n):
    for _ in range(n):
        network = LearningNetworkFactory()
        EnrollmentFactory(network=network, status="accepted")
        network.regions.add(*network.__class__.regions.field.related_model.objects.all()[:2])
    with django_assert_max_num_queries(4):
        assert client.get(reverse("networks:list")).status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_detail_queries_do_not_grow(client, django_assert_max_num_queries, network_a, n):
    for number in range(1, n + 1):
        SessionFactory(network=network_a, number=number)
        CaseFactory(origin_network=network_a)
    EnrollmentFactory.create_batch(n, network=network_a, status="accepted")
    # The same ten whatever the number of rows: the network, its sessions, cases, counts,
    # coordinators, public materials and the evaluation summary.
    with django_assert_max_num_queries(10):
        assert client.get(network_a.get_absolute_url()).status_code == 200
