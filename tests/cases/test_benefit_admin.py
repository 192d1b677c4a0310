"""Benefit rows in the admin: help that says what each number means, and a unit that fits
the kind, so no row is silently left out of the statistics' totals."""

import pytest
from django.urls import reverse

from cases.demo.data import CASES
from cases.models import BenefitAnalysis, Case
from tests.cases.test_admin import case_form_data, management
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def benefit_row(**fields):
    data = management("benefits", 1)
    row = {"kind": "okonomi", "description": "Lavere driftskostnader", "estimated": "400000"}
    row.update(fields)
    data.update({f"benefits-0-{name}": value for name, value in row.items()})
    return data


def test_help_texts_say_baseline_is_a_level_and_estimates_are_savings(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:cases_case_add")).content.decode()

    assert "Nivået før anskaffelsen, ikke en gevinst" in page
    assert "det dere regner med å spare eller vinne per år" in page
    assert "også en besparelse per år, ikke et nivå" in page


@pytest.mark.parametrize(
    ("kind", "unit", "proposed"),
    [("okonomi", "kr", "kr/år"), ("tid", "timer", "timer/år"), ("klima", "kg", "tonn CO2e/år")],
)
def test_a_unit_that_does_not_fit_the_kind_is_an_error_naming_the_right_one(
    client, superuser, kind, unit, proposed
):
    client.force_login(superuser)
    data = case_form_data()
    data.update(benefit_row(kind=kind, unit=unit))

    response = client.post(reverse("admin:cases_case_add"), data)

    assert response.status_code == 200
    assert not Case.objects.exists()
    page = response.content.decode()
    assert f"telles i {proposed}" in page
    assert f"Skriv {proposed}" in page


@pytest.mark.parametrize("unit", ["", "kr/år", "Kr / år", "kr per år"])
def test_the_right_unit_however_written_is_saved_as_the_statistics_count_it(
    client, superuser, unit
):
    client.force_login(superuser)
    data = case_form_data()
    data.update(benefit_row(unit=unit))

    response = client.post(reverse("admin:cases_case_add"), data)

    assert response.status_code == 302
    assert BenefitAnalysis.objects.get().unit == "kr/år"
    statistics = client.get("/statistikk/").content.decode()
    assert "Anslått: 400 000 kr/år" in statistics.replace("\xa0", " ")


def test_kinds_that_are_not_added_up_take_any_unit():
    case = CaseFactory()
    benefit = BenefitAnalysis(case=case, kind="annet", description="Sparte areal", unit="kr")
    benefit.full_clean()
    benefit = BenefitAnalysis(case=case, kind="kvalitet", description="Fornøyde", unit="prosent")
    benefit.full_clean()


def test_demo_benefits_all_have_units_that_fit_their_kind():
    for spec in CASES:
        for kind, _description, _baseline, _estimated, _realised, unit, _period in spec.get(
            "benefits", []
        ):
            expected = BenefitAnalysis.DEFAULT_UNITS.get(kind)
            assert not expected or unit in ("", expected), (spec["title"], kind, unit)
