"""The facet columns on the case row follow its related rows, whoever writes them."""

import pytest

from cases.models import Case, CaseBuyer
from tests.factories import (
    BenefitAnalysisFactory,
    CaseFactory,
    DialogueConferenceFactory,
    OrganizationFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


def facets(case):
    return Case.objects.values_list(
        "sector_ids", "buyer_ids", "has_dialogue_conference", "has_benefit_analysis"
    ).get(pk=case.pk)


def test_sectors_buyers_conferences_and_benefits_are_mirrored_on_the_case():
    health, school = SectorFactory(slug="helse"), SectorFactory(slug="skole")
    baerum, asker = OrganizationFactory(), OrganizationFactory()
    case = CaseFactory(sectors=[school, health], buyers=[asker, baerum])
    assert facets(case) == (
        sorted([health.pk, school.pk]),
        sorted([baerum.pk, asker.pk]),
        False,
        False,
    )

    conference = DialogueConferenceFactory(case=case)
    benefit = BenefitAnalysisFactory(case=case)
    case.sectors.remove(school)
    CaseBuyer.objects.filter(case=case, organization=asker).delete()
    assert facets(case) == ([health.pk], [baerum.pk], True, True)

    conference.delete()
    benefit.delete()
    case.sectors.clear()
    assert facets(case) == ([], [baerum.pk], False, False)


def test_moving_a_related_row_to_another_case_updates_both_cases():
    first, second = CaseFactory(), CaseFactory()
    conference = DialogueConferenceFactory(case=first)
    conference.case = second
    conference.save()
    assert facets(first)[2] is False and facets(second)[2] is True


def test_saving_an_instance_loaded_before_a_change_does_not_undo_it():
    case = CaseFactory()
    stale = Case.objects.get(pk=case.pk)
    sector = SectorFactory()
    case.sectors.add(sector)
    DialogueConferenceFactory(case=case)
    stale.title = "Ny tittel"
    stale.save()  # writes the old, empty values it was loaded with
    assert facets(case) == ([sector.pk], [], True, False)
    assert Case.objects.get(pk=case.pk).title == "Ny tittel"


def test_the_search_filters_read_the_columns(client):
    sector = SectorFactory(slug="vann")
    with_all = CaseFactory(title="Alt på plass", sectors=[sector])
    DialogueConferenceFactory(case=with_all)
    BenefitAnalysisFactory(case=with_all)
    CaseFactory(title="Uten noe")
    html = client.get("/anskaffelser/", {"sektor": sector.pk, "dialog": "ja", "gevinst": "ja"})
    text = html.content.decode()
    assert "Alt på plass" in text and "Uten noe" not in text
    text = client.get("/anskaffelser/", {"dialog": "nei"}).content.decode()
    assert "Uten noe" in text and "Alt på plass" not in text
