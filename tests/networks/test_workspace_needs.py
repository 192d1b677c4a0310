"""Needs in the coordinator workspace (issue 19): the front page shows the open public needs
of the needs board in the counties of the user's networks, through the workspace's section
registry (networks never imports cases)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Need, NeedInterest
from networks import workspace
from networks.models import Region
from tests.factories import LearningNetworkFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
NETWORKS_APP = Path(__file__).resolve().parents[2] / "networks"


def county(number: str) -> Region:
    return Region.objects.get(number=number)


def make_need(title, region, status=Need.Status.PUBLISHED, **fields):
    return Need.objects.create(
        title=title,
        text="Et behov.",
        phase="behovsavklaring",
        region=region,
        organization=OrganizationFactory(region=region),
        contact_name="Eva Eier",
        contact_email="eva.eier@example.no",
        contact_phone="+47 99 99 99 99",
        status=status,
        reviewed_at=None if status == Need.Status.PENDING else timezone.now(),
        **fields,
    )


def front_page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("coordinator:overview"))
    assert response.status_code == 200
    return response.content.decode()


def test_coordinator_sees_open_needs_in_the_counties_of_their_networks(
    client, coordinator_a, network_a
):
    network_a.regions.set([county("11"), county("46")])
    make_need("Nattilsyn i Rogaland", county("11"))
    make_need("Skoleskyss i Vestland", county("46"), open_to_joint=True)
    make_need("Gatelys i Oslo", county("03"))
    make_need("Lukket behov", county("11"), status=Need.Status.CLOSED)
    make_need("Gått til anskaffelse", county("11"), status=Need.Status.PROCUREMENT)
    make_need("Ikke publisert", county("11"), status=Need.Status.PENDING)

    page = front_page(client, coordinator_a)

    assert "Behov i fylkene deres" in page
    assert "Nattilsyn i Rogaland" in page and "Skoleskyss i Vestland" in page
    for hidden in ("Gatelys i Oslo", "Lukket behov", "Gått til anskaffelse", "Ikke publisert"):
        assert hidden not in page
    assert "eva.eier@example.no" not in page and "99 99 99 99" not in page
    assert f"fylke={county('11').pk}" in page and "status=apne" in page


def test_a_coordinator_of_another_network_sees_that_networks_counties_only(
    client, coordinator_a, coordinator_b, network_a, network_b
):
    network_a.regions.set([county("11")])
    network_b.regions.set([county("03")])
    make_need("Nattilsyn i Rogaland", county("11"))
    make_need("Gatelys i Oslo", county("03"))

    page = front_page(client, coordinator_b)

    assert "Gatelys i Oslo" in page and "Nattilsyn i Rogaland" not in page


def test_superuser_sees_the_needs_of_every_networks_counties(
    client, superuser, network_a, network_b
):
    network_a.regions.set([county("11")])
    network_b.regions.set([county("03")])
    make_need("Nattilsyn i Rogaland", county("11"))
    make_need("Gatelys i Oslo", county("03"))

    page = front_page(client, superuser)

    assert "Nattilsyn i Rogaland" in page and "Gatelys i Oslo" in page


def test_no_section_without_counties_and_a_clear_line_without_needs(
    client, coordinator_a, network_a
):
    assert "Behov i fylkene deres" not in front_page(client, coordinator_a)
    network_a.regions.set([county("11")])
    assert "Ingen åpne behov i fylkene nå" in front_page(client, coordinator_a)


def test_the_newest_ten_are_shown_with_a_link_to_all(client, coordinator_a, network_a):
    network_a.regions.set([county("11")])
    for i in range(12):
        make_need(f"Behov nummer {i:02d}", county("11"))

    page = front_page(client, coordinator_a)

    assert page.count('class="need-card"') == 10
    assert "Se alle åpne behov i fylkene på behovstavla" in page


@pytest.mark.parametrize("n", [1, 6])
def test_front_page_queries_do_not_grow_with_networks_and_needs(
    client, coordinator_a, django_assert_max_num_queries, n
):
    counties = list(Region.objects.order_by("number")[:n])
    for region in counties:
        network = LearningNetworkFactory()
        network.coordinators.add(coordinator_a)
        network.regions.set([region])
        need = make_need(f"Behov i {region.name}", region)
        NeedInterest.objects.create(
            need=need, organization=OrganizationFactory(), contact_email="a@b.no", is_confirmed=True
        )
    client.force_login(coordinator_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("coordinator:overview"))
    assert response.content.decode().count('class="need-card"') == n


def test_the_section_comes_from_the_registry_that_cases_fills():
    names = [section.name for section in workspace._SECTIONS.values()]  # noqa: SLF001
    assert names.count("cases.needs") == 1


def test_the_networks_app_never_imports_cases():
    for path in NETWORKS_APP.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert not any(n == "cases" or n.startswith("cases.") for n in names), path
