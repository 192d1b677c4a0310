"""Benefit units in the reader's language (cases.templatetags.case_tags.unit_label).

Kept here rather than under tests/cases/ while that folder is being reworked; it belongs
with the case page tests and can move there.
"""

import pytest
from django.utils import translation

from cases.models import BenefitAnalysis
from cases.templatetags.case_tags import unit_label
from tests.factories import BenefitAnalysisFactory, CaseFactory


@pytest.mark.parametrize(
    ("unit", "english", "nynorsk"),
    [
        ("kr/år", "NOK/year", "kr/år"),
        ("kr", "NOK", "kr"),
        ("timer/år", "hours/year", "timar/år"),
        ("timer", "hours", "timar"),
        ("tonn CO2e/år", "tonnes CO2e/year", "tonn CO2e/år"),
        ("tonn CO2e", "tonnes CO2e", "tonn CO2e"),
        ("kvadratmeter", "kvadratmeter", "kvadratmeter"),  # not a standard unit: as written
    ],
)
def test_units_are_shown_in_the_readers_language(unit, english, nynorsk):
    with translation.override("en"):
        assert str(unit_label(unit)) == english
    with translation.override("nn"):
        assert str(unit_label(unit)) == nynorsk
    assert str(unit_label(unit)) == unit


@pytest.mark.django_db
def test_english_benefits_table_names_kroner_the_same_way_per_year_or_not(client):
    case = CaseFactory(title="Sambruk av skolebygg")
    economy = {"case": case, "kind": BenefitAnalysis.Kind.ECONOMY}
    BenefitAnalysisFactory(**economy, description="Lavere driftskostnader", estimated=400000)
    BenefitAnalysisFactory(**economy, description="Sparte areal", estimated=12000000, unit="kr")
    html = client.get("/en" + case.get_absolute_url()).content.decode()
    table = html.split('id="gevinster-tabell"', 1)[1].split("</table>", 1)[0]
    assert "<td>NOK/year</td>" in table
    assert "<td>NOK</td>" in table
    assert "<td>kr</td>" not in table
