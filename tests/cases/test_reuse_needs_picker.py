"""The reuse and needs forms pick the body with the register picker of the network
application (networks.pickers.OrganizationField): by name or number, a choice when several
match, a new body for review when none does (issue 19)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases.models import Need, NeedInterest, Reuse
from networks.models import Organization, Region
from tests.cases.test_needs_board import interest_data, need_data
from tests.cases.test_reuse import form_data as reuse_data
from tests.factories import CaseFactory, OrganizationFactory, valid_org_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def gjesdal():
    return OrganizationFactory(name="Gjesdal kommune", region=Region.objects.get(number="11"))


@pytest.fixture
def open_need(gjesdal):
    return Need.objects.create(
        title="Felles plattform",
        text="Et behov.",
        phase="markedsdialog",
        region=gjesdal.region,
        organization=gjesdal,
        contact_email="eva@gjesdal.example",
        status=Need.Status.PUBLISHED,
        reviewed_at=timezone.now(),
    )


def forms(open_need):
    case = CaseFactory(title="Digitalt nattilsyn")
    return [
        (f"/anskaffelser/{case.slug}/gjenbruk/", reuse_data, Reuse),
        ("/behov/nytt/", need_data, Need),
        (f"/behov/{open_need.pk}/samme-behov/", interest_data, NeedInterest),
    ]


@pytest.mark.parametrize("typed", ["Gjesdal kommune", "gjesdal", "number", "NO{} MVA"])
def test_the_body_is_found_by_name_or_number(client, gjesdal, open_need, typed):
    text = {"number": gjesdal.org_number, "NO{} MVA": f"NO{gjesdal.org_number} MVA"}.get(
        typed, typed
    )
    for url, data, model in forms(open_need):
        before = model.objects.count()
        response = client.post(url, data(None, organization=text))
        assert response.status_code == 302, (url, response.content.decode()[:2000])
        assert model.objects.count() == before + 1
        assert model.objects.order_by("-pk").first().organization == gjesdal


def test_several_matches_are_listed_to_choose_from(client, gjesdal, open_need):
    OrganizationFactory(name="Gjesdal kirkelige fellesråd")
    for url, data, _model in forms(open_need):
        response = client.post(url, data(None, organization="gjesdal"[:4]))
        page = response.content.decode()
        assert response.status_code == 400
        assert "Flere virksomheter passer" in page
        assert 'name="organization_pick"' in page and "Gjesdal kirkelige fellesråd" in page


def test_an_unknown_name_with_a_number_becomes_a_body_for_review(client, gjesdal, open_need):
    url, data, _model = forms(open_need)[0]
    response = client.post(
        url,
        data(
            None,
            organization="Nye Lillevik kommune",
            new_organization_number=valid_org_number(99_999),
            new_organization_region=str(Region.objects.get(number="46").pk),
        ),
    )
    assert response.status_code == 302
    assert Organization.objects.get(name="Nye Lillevik kommune").needs_review


def test_every_form_loads_the_picker_script(client, open_need):
    for url, _data, _model in forms(open_need):
        assert "js/organization-picker.js" in client.get(url).content.decode()
