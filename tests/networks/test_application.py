import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from networks.models import Enrollment, Organization, Participant
from tests.factories import LearningNetworkFactory, OrganizationFactory, valid_org_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return OrganizationFactory(name="Bergen kommune", needs_review=False)


def form_data(organization=None, **overrides):
    data = {
        "name": "Kari Nordmann",
        "email": "kari.nordmann@bergen.kommune.no",
        "phone": "+47 55 56 55 56",
        "job_title": "Innkjøpsrådgiver",
        "organization": organization.pk if organization else "",
        "new_organization_name": "",
        "new_organization_number": "",
        "new_organization_kind": "",
        "new_organization_region": "",
        "challenge": "Vi vil kjøpe trygghetsteknologi for hjemmeboende eldre.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def apply_url(network):
    return reverse("networks:apply", args=[network.slug])


def test_form_has_every_field_and_links_the_privacy_page(client, network_a, organization):
    html = client.get(apply_url(network_a)).content.decode()
    for label in ("Navn", "E-post", "Telefon", "Stilling", "Virksomhet", "Problemstilling"):
        assert f">{label}" in html
    assert f'href="{reverse("privacy")}"' in html
    assert 'data-organization-search="/virksomheter/sok/"' in html
    assert "(må fylles ut)" in html


def test_application_end_to_end(
    client, network_a, organization, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(network_a), form_data(organization))

    assert response.status_code == 302
    assert response["Location"] == reverse("networks:receipt", args=[network_a.slug])
    enrollment = Enrollment.objects.get()
    assert enrollment.status == "pending"
    assert enrollment.source == "self"
    assert enrollment.consent_at is not None
    assert enrollment.participant.organization == organization
    assert enrollment.email_status == "sent"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari.nordmann@bergen.kommune.no"]
    assert "Nettverk A" in message.subject
    assert "Hei Kari Nordmann" in message.body
    assert "/nettverk/trekk/" in message.body
    assert "http://testserver/nettverk/nettverk-a/" in message.body

    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    assert "Søknaden er mottatt" in html
    assert "kari.nordmann@bergen.kommune.no" in html


def test_receipt_without_an_application_goes_back_to_the_network(client, network_a):
    response = client.get(reverse("networks:receipt", args=[network_a.slug]))
    assert response.status_code == 302
    assert response["Location"] == network_a.get_absolute_url()


def test_new_organisation_is_created_for_review(client, network_a):
    number = valid_org_number(4242)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    response = client.post(
        apply_url(network_a),
        form_data(
            new_organization_name="Vestre Innlandet IKS",
            new_organization_number=spaced,
            new_organization_kind="interkommunalt",
        ),
    )
    assert response.status_code == 302
    organization = Organization.objects.get(org_number=number)
    assert organization.needs_review
    assert organization.name == "Vestre Innlandet IKS"
    assert Enrollment.objects.get().participant.organization == organization


def test_known_org_number_reuses_the_organisation(client, network_a, organization):
    response = client.post(
        apply_url(network_a),
        form_data(
            new_organization_name="Bergen kommune (skrevet inn)",
            new_organization_number=organization.org_number,
        ),
    )
    assert response.status_code == 302
    assert Organization.objects.count() == 1


def test_unreviewed_organisations_are_not_offered_in_the_list(client, network_a):
    OrganizationFactory(name="Tvilsom Virksomhet AS", needs_review=True)
    assert "Tvilsom Virksomhet AS" not in client.get(apply_url(network_a)).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"new_organization_name": "Ny", "new_organization_number": "123456789"},
            "kontrollsifferet",
        ),
        ({"new_organization_name": "Ny", "new_organization_number": "12345"}, "ni sifre"),
        ({"new_organization_name": "Ny"}, "Skriv organisasjonsnummeret"),
        ({}, "Velg virksomheten din fra listen"),
        ({"consent": ""}, "Du må samtykke"),
        ({"email": "ikke-en-adresse"}, "e-postadresse"),
        ({"challenge": ""}, "Problemstilling: "),
    ],
)
def test_invalid_applications_explain_what_to_fix(client, network_a, overrides, message):
    data = form_data(**overrides)
    if "consent" in overrides and not overrides["consent"]:
        del data["consent"]
    response = client.post(apply_url(network_a), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Noe må rettes før skjemaet kan sendes" in html
    assert 'aria-invalid="true"' in html
    assert Enrollment.objects.count() == 0
    assert Organization.objects.filter(needs_review=True).count() == 0


def test_picking_and_typing_an_organisation_is_refused(client, network_a, organization):
    response = client.post(
        apply_url(network_a),
        form_data(organization, new_organization_name="Annen", new_organization_number=""),
    )
    assert response.status_code == 400
    assert "ikke begge deler" in response.content.decode()


def test_same_email_twice_resends_the_confirmation_without_saying_the_address_applied(
    client, network_a, organization, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(apply_url(network_a), form_data(organization)).status_code == 302
    mail.outbox.clear()
    response = client.post(
        apply_url(network_a),
        form_data(organization, email="KARI.NORDMANN@bergen.kommune.no", name="Kari N."),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hvis adressen er påmeldt, har vi sendt en ny e-post" in body
    assert "allerede meldt på" not in body
    assert [m.to for m in mail.outbox] == [["kari.nordmann@bergen.kommune.no"]]
    assert Enrollment.objects.count() == 1
    assert Participant.objects.get().name == "Kari Nordmann"  # not overwritten by the form


def test_same_person_can_apply_to_another_network(client, network_a, network_b, organization):
    client.post(apply_url(network_a), form_data(organization))
    assert client.post(apply_url(network_b), form_data(organization)).status_code == 302
    assert Participant.objects.count() == 1
    assert Enrollment.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_posts_with_the_same_email_make_one_enrollment():
    network = LearningNetworkFactory()
    organization = OrganizationFactory(needs_review=False)
    start = threading.Barrier(6)
    statuses = []

    def post():
        try:
            start.wait()
            response = Client().post(apply_url(network), form_data(organization))
            statuses.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Enrollment.objects.count() == 1
    assert Participant.objects.count() == 1
    codes = sorted(code for code, _ in statuses)
    assert codes == [200, 200, 200, 200, 200, 302]
    for code, body in statuses:
        if code == 200:
            assert "Hvis adressen er påmeldt, har vi sendt en ny e-post" in body


def test_honeypot_filled_in_saves_nothing(client, network_a, organization):
    response = client.post(
        apply_url(network_a), form_data(organization, website="http://spam.example")
    )
    assert response.status_code == 400
    assert "Søknaden ble ikke sendt" in response.content.decode()
    assert Enrollment.objects.count() == 0
    assert len(mail.outbox) == 0


def test_honeypot_is_hidden_from_people(client, network_a):
    html = client.get(apply_url(network_a)).content.decode()
    assert 'class="hp-field" aria-hidden="true"' in html
    assert 'tabindex="-1"' in html


def test_rate_limit_answers_429_with_a_readable_page(client, network_a, organization, settings):
    settings.IOA_APPLICATION_RATE_LIMIT = 3
    for i in range(3):
        response = client.post(apply_url(network_a), form_data(organization, email=f"p{i}@x.no"))
        assert response.status_code == 302
    response = client.post(apply_url(network_a), form_data(organization, email="p9@x.no"))
    assert response.status_code == 429
    assert "For mange innsendinger" in response.content.decode()
    assert response["Retry-After"]
    assert Enrollment.objects.count() == 3
    # Another address still gets through.
    other = client.post(
        apply_url(network_a), form_data(organization, email="p10@x.no"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_rate_limit_does_not_count_page_views(client, network_a, settings):
    settings.IOA_APPLICATION_RATE_LIMIT = 1
    for _ in range(5):
        assert client.get(apply_url(network_a)).status_code == 200


def test_closed_network_takes_no_applications(client, organization):
    from tests.networks.test_public_pages import running_network

    network = running_network()
    get = client.get(apply_url(network))
    assert "Påmeldingen er ikke åpen" in get.content.decode()
    post = client.post(apply_url(network), form_data(organization))
    assert post.status_code == 409
    assert Enrollment.objects.count() == 0


def test_failed_email_keeps_the_application_and_is_recorded(
    client, network_a, organization, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.networks.conftest.FailingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(network_a), form_data(organization))
    assert response.status_code == 302
    enrollment = Enrollment.objects.get()
    assert enrollment.email_status == "failed"
    assert "Could not send the received email" in caplog.text


@pytest.mark.parametrize("n", [1, 20])
def test_form_queries_do_not_grow(client, network_a, django_assert_max_num_queries, n):
    OrganizationFactory.create_batch(n, needs_review=False)
    with django_assert_max_num_queries(5):
        assert client.get(apply_url(network_a)).status_code == 200


def test_a_phone_number_with_letters_is_refused_with_a_message(client, network_a):
    from networks.forms import ApplicationForm

    form = ApplicationForm(data={"name": "Kari", "email": "kari@example.no", "phone": "abc123"})
    assert not form.is_valid()
    assert "8 til 15 sifre" in form.errors["phone"][0]
