"""Every picker of a public body: a text field matched on the server (no JavaScript needed),
suggestions from /virksomheter/sok/ with it, and a name the register lacks is a new body."""

from pathlib import Path

import pytest
from django.urls import reverse

from networks.models import Enrollment, Organization
from networks.pickers import search_organizations
from networks.public_bodies import import_public_bodies
from tests.factories import OrganizationFactory
from tests.networks.test_application import apply_url, form_data

pytestmark = pytest.mark.django_db

SEARCH = "/virksomheter/sok/"
SAMPLE = Path(__file__).parent / "data" / "enheter_sample.json"


@pytest.fixture
def bodies(db):
    return {
        "bergen": OrganizationFactory(name="Bergen kommune", org_number="964338531"),
        "helse": OrganizationFactory(
            name="Helse Bergen HF", org_number="983974724", kind="helseforetak"
        ),
        "baerum": OrganizationFactory(name="Bærum kommune", org_number="974792478"),
        "review": OrganizationFactory(name="Bergen Ukjent AS", needs_review=True),
        "gone": OrganizationFactory(name="Bergen Nedlagt IKS", is_registered=False),
    }


def names(response) -> list[str]:
    return [hit["name"] for hit in response.json()["results"]]


def test_search_finds_by_name_and_number_and_leaves_out_unchecked_and_gone_bodies(client, bodies):
    assert names(client.get(SEARCH, {"q": "bergen"})) == ["Bergen kommune", "Helse Bergen HF"]
    assert names(client.get(SEARCH, {"q": "Bergen kommune"}))[0] == "Bergen kommune"
    assert names(client.get(SEARCH, {"q": "974 792"})) == ["Bærum kommune"]
    hit = client.get(SEARCH, {"q": "bærum"}).json()["results"][0]
    assert hit == {
        "id": bodies["baerum"].pk,
        "name": "Bærum kommune",
        "org_number": "974792478",
        "label": "Bærum kommune (974792478)",
    }
    assert names(client.get(SEARCH, {"q": "b"})) == []
    assert names(client.get(SEARCH)) == []
    assert client.get(SEARCH, {"q": "x" * 5000}).status_code == 200


def test_search_is_rate_limited(client, bodies, settings):
    settings.IOA_LOOKUP_RATE_LIMIT = 3
    codes = [client.get(SEARCH, {"q": "bergen"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_the_register_fixture_loads_into_the_pickers():
    import_public_bodies(SAMPLE)
    assert [o.name for o in search_organizations("stord")] == ["Stord kommune"]
    assert [o.name for o in search_organizations("900001568")] == ["Stord kommune"]
    assert [o.name for o in search_organizations("universitetet i")] == ["Universitetet i Bergen"]
    assert "Ringsaker kommune" in [o.name for o in search_organizations("ringsaker")]


@pytest.mark.parametrize(
    "typed",
    [
        "Bærum kommune",
        "bærum kommune",
        "974792478",
        "974 792 478",
        "Bærum kommune (974792478)",
        "Bærum",
    ],
)
def test_an_application_finds_the_body_from_what_was_typed(client, network_a, bodies, typed):
    response = client.post(apply_url(network_a), {**form_data(), "organization": typed})
    assert response.status_code == 302
    assert Enrollment.objects.get().participant.organization == bodies["baerum"]


def test_an_ambiguous_name_lists_the_matches_to_choose_from(client, network_a, bodies):
    response = client.post(apply_url(network_a), {**form_data(), "organization": "Bergen"})
    html = response.content.decode()
    assert response.status_code == 400  # the form's errors, as every invalid public form
    assert "Flere virksomheter passer til «Bergen»" in html
    assert f'name="organization_pick" value="{bodies["bergen"].pk}"' in html
    assert "Helse Bergen HF (983974724)" in html
    assert "Bergen Ukjent AS" not in html and "Bergen Nedlagt IKS" not in html
    picked = client.post(
        apply_url(network_a),
        {**form_data(), "organization": "Bergen", "organization_pick": bodies["helse"].pk},
    )
    assert picked.status_code == 302
    assert Enrollment.objects.get().participant.organization == bodies["helse"]


def test_a_name_the_register_lacks_asks_for_the_number_and_becomes_a_body_for_review(
    client, network_a, bodies
):
    data = {**form_data(), "organization": "Stord kommune"}
    response = client.post(apply_url(network_a), data)
    assert response.status_code == 400
    assert "Vi fant ikke «Stord kommune» blant virksomhetene" in response.content.decode()
    response = client.post(apply_url(network_a), {**data, "new_organization_number": "900001568"})
    assert response.status_code == 302
    created = Organization.objects.get(org_number="900001568")
    assert created.name == "Stord kommune" and created.needs_review


def test_an_unknown_number_is_taken_as_a_new_body(client, network_a, bodies):
    data = {**form_data(), "organization": "900001568", "new_organization_name": "Stord kommune"}
    assert client.post(apply_url(network_a), data).status_code == 302
    assert Organization.objects.get(org_number="900001568").needs_review


def test_a_picked_body_is_shown_by_name_when_the_form_comes_back(client, network_a, bodies):
    data = {**form_data(bodies["bergen"]), "email": "ikke-en-adresse"}
    html = client.post(apply_url(network_a), data).content.decode()
    assert 'value="Bergen kommune (964338531)"' in html


def test_the_coordinator_registers_a_participant_by_typed_name(
    client, coordinator_a, network_a, bodies
):
    client.force_login(coordinator_a)
    url = reverse("coordinator:register", args=[network_a.slug])
    page = client.get(url).content.decode()
    assert "js/organization-picker" in page and 'list="id_organization_list"' in page
    data = {
        "name": "Ola Nordmann",
        "email": "ola@example.no",
        "organization": "Bærum kommune",
        "new_organization_name": "",
        "new_organization_number": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Enrollment.objects.get().participant.organization == bodies["baerum"]


def test_the_admin_picks_bodies_with_django_autocomplete(client, editor, bodies):
    client.force_login(editor)
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "974792478",
            "app_label": "cases",
            "model_name": "casebuyer",
            "field_name": "organization",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Bærum kommune"]


def test_every_body_of_the_register_fixture_is_found_by_name_and_by_number(client):
    import_public_bodies(SAMPLE)
    loaded = list(Organization.objects.filter(registry_checked_at__isnull=False))
    assert len(loaded) >= 20
    for body in loaded:
        assert search_organizations(body.org_number)[0] == body
        assert search_organizations(body.name)[0] == body
        hits = client.get(SEARCH, {"q": body.org_number}).json()["results"]
        assert hits[0]["id"] == body.pk
