import pytest

from tests.browser.conftest import overflowing, screenshot
from tests.factories import BenefitAnalysisFactory, CaseFactory, ContactFactory, UserFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_case_form_in_the_admin_does_not_scroll_sideways_at_1280_px(page):
    UserFactory(username="redaktor", password="hemmelig-passord-1", is_staff=True,
                is_superuser=True)  # fmt: skip
    case = CaseFactory(title="Smart matlevering")
    BenefitAnalysisFactory(case=case)
    ContactFactory(case=case)
    page.goto("/admin/login/")
    page.fill("#id_username", "redaktor")
    page.fill("#id_password", "hemmelig-passord-1")
    page.click("input[type=submit]")
    page.goto(f"/admin/cases/case/{case.pk}/change/")
    assert page.get_by_role("heading", name="Kontaktpersoner").is_visible()
    screenshot(page, "admin-case-form")
    assert overflowing(page) == []
    # Every column of the contacts inline is in view, without scrolling (the benefits are
    # stacked since their help texts grew: the page-wide check above covers them).
    for group in ("contacts-group",):
        widths = page.evaluate(
            f"() => {{ const box = document.querySelector('#{group} .tabular');"
            " return [box.scrollWidth, box.clientWidth]; }"
        )
        assert widths[0] <= widths[1], (group, widths)
