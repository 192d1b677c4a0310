import pytest

from cases.models import BenefitAnalysis
from tests.browser.conftest import assert_accessible
from tests.factories import BenefitAnalysisFactory, CaseFactory

SCROLLS = "box => box.scrollWidth > box.clientWidth"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_benefits_table_says_it_scrolls_where_it_does_and_what_its_sums_cover(page):
    case = CaseFactory(title="Smart matlevering i hjemmetjenesten", is_demo=True)
    economy = {"case": case, "kind": BenefitAnalysis.Kind.ECONOMY}
    BenefitAnalysisFactory(**economy, description="Lavere transportkostnader", realised=420000)
    BenefitAnalysisFactory(**economy, description="Mindre matsvinn", realised=None)
    BenefitAnalysisFactory(case=case, kind=BenefitAnalysis.Kind.CLIMATE, estimated=12, realised=9.5)
    page.goto(case.get_absolute_url())
    hint = page.get_by_text("Rull sideveis for å se alle kolonnene.")
    table = page.locator(".table-scroll")
    assert page.get_by_text("(1 av 2 målt)").is_visible()

    page.set_viewport_size({"width": 375, "height": 800})
    assert table.evaluate(SCROLLS) and hint.is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not table.evaluate(SCROLLS) and not hint.is_visible()
    assert_accessible(page, "case-benefits")
