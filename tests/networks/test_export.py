import csv
import io

import pytest
from django.urls import reverse

from networks.models import Attendance
from tests.factories import EnrollmentFactory, OrganizationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def export(client, network, **params):
    return client.get(reverse("coordinator:export", args=[network.slug]), params)


def parse(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_csv_has_participants_with_organisation_county_status_and_attendance(
    client, coordinator_a, network_a
):
    first, second = (SessionFactory(network=network_a, number=n) for n in (1, 2))
    organization = OrganizationFactory(name="Ålesund kommune", org_number="")
    kari = EnrollmentFactory(
        network=network_a,
        status="accepted",
        participant__name="Kari Ærlig",
        participant__email="kari@alesund.kommune.no",
        participant__organization=organization,
    )
    EnrollmentFactory(network=network_a, status="waitlisted", participant__name="Ola Venter")
    Attendance.objects.create(enrollment=kari, session=first, present=True)
    Attendance.objects.create(enrollment=kari, session=second, present=False)
    client.force_login(coordinator_a)

    response = export(client, network_a)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="nettverk-a-deltakere.csv"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = parse(response)
    header = rows[0]
    assert header[:10] == [
        "Navn",
        "E-post",
        "Telefon",
        "Stilling",
        "Virksomhet",
        "Organisasjonsnummer",
        "Fylke",
        "Status",
        "Kilde",
        "Søkte",
    ]
    assert header[10:] == ["Samling 1", "Samling 2", "Antall samlinger til stede"]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_name["Kari Ærlig"]["Virksomhet"] == "Ålesund kommune"
    assert by_name["Kari Ærlig"]["Fylke"] == "Vestland"
    assert by_name["Kari Ærlig"]["Status"] == "Godkjent"
    assert by_name["Kari Ærlig"]["Samling 1"] == "Ja"
    assert by_name["Kari Ærlig"]["Samling 2"] == "Nei"
    assert by_name["Kari Ærlig"]["Antall samlinger til stede"] == "1"
    assert by_name["Ola Venter"]["Status"] == "På venteliste"
    assert by_name["Ola Venter"]["Samling 1"] == ""


def test_csv_follows_the_status_filter(client, coordinator_a, network_a):
    EnrollmentFactory(network=network_a, status="accepted", participant__name="Med")
    EnrollmentFactory(network=network_a, status="declined", participant__name="Uten")
    client.force_login(coordinator_a)
    rows = parse(export(client, network_a, status="accepted"))
    assert [row[0] for row in rows[1:]] == ["Med"]


def test_csv_cells_never_become_spreadsheet_formulas(client, coordinator_a, network_a):
    EnrollmentFactory(network=network_a, participant__name='=HYPERLINK("http://x")')
    client.force_login(coordinator_a)
    rows = parse(export(client, network_a))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


def test_csv_of_another_network_is_404(client, coordinator_b, network_a):
    EnrollmentFactory(network=network_a)
    client.force_login(coordinator_b)
    assert export(client, network_a).status_code == 404


@pytest.mark.parametrize("n", [1, 15])
def test_export_queries_do_not_grow(
    client, coordinator_a, network_a, django_assert_max_num_queries, n
):
    sessions = [SessionFactory(network=network_a, number=i) for i in (1, 2, 3)]
    for enrollment in EnrollmentFactory.create_batch(n, network=network_a, status="accepted"):
        for session in sessions:
            Attendance.objects.create(enrollment=enrollment, session=session, present=True)
    client.force_login(coordinator_a)
    with django_assert_max_num_queries(7):
        response = export(client, network_a)
    assert len(parse(response)) == n + 1


def test_csv_gives_the_county_of_a_body_without_one_through_its_municipality_number(
    client, coordinator_a, network_a
):
    # As a body of the seed list or the application form may be: no county set, but a
    # municipality number (4621 Voss: county 46 Vestland).
    voss = OrganizationFactory(name="Voss herad", org_number="", municipality_number="4621")
    voss.region = None
    voss.save()
    EnrollmentFactory(
        network=network_a, participant__name="Vera Voss", participant__organization=voss
    )
    client.force_login(coordinator_a)
    rows = parse(export(client, network_a))
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "Vera Voss"), strict=False))
    assert row["Fylke"] == "Vestland"
