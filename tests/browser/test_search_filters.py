"""The search page's filters in Chromium: a ticked box applies at once, focus comes back to
it, and empty fields never reach the address."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import screenshot
from tests.factories import CaseFactory, SectorFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def cases(db):
    health = SectorFactory(name="Test: helse", slug="test-helse")
    school = SectorFactory(name="Test: oppvekst", slug="test-oppvekst")
    CaseFactory(title="Digitalt nattilsyn", sectors=[health], start_year=2021)
    CaseFactory(title="Trygg skolevei", sectors=[school], start_year=2023)
    CaseFactory(title="Skolemat", sectors=[school], start_year=2024)
    return health, school


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def test_ticking_a_filter_applies_it_at_once_and_keeps_focus_on_the_box(page, cases):
    _health, school = cases
    page.goto("/anskaffelser/")
    filters = page.locator("aside.facets")
    assert filters.get_by_text("Filtrene brukes med en gang du krysser av").is_visible()
    # The apply button is also at the top of the column, before the first filter.
    buttons = filters.get_by_role("button", name="Bruk filtrene")
    assert buttons.count() == 2
    first_button = buttons.first.bounding_box()
    first_filter = filters.locator("fieldset").first.bounding_box()
    assert first_button["y"] < first_filter["y"]

    box = page.get_by_role("checkbox", name="Test: oppvekst")
    with page.expect_navigation():
        box.check()

    assert query(page) == {"sektor": [str(school.pk)]}  # no fra_aar=, til_aar=
    assert page.get_by_role("heading", name="2 anskaffelser").is_visible()
    assert page.evaluate("document.activeElement.id") == f"f-sektor-{school.pk}"
    assert page.get_by_role("checkbox", name="Test: oppvekst").is_checked()
    screenshot(page, "search-filters-applied")


def test_a_year_applied_with_the_button_and_a_new_search_write_no_empty_fields(page, cases):
    page.goto("/anskaffelser/")
    page.get_by_label("Fra").select_option("2023")
    with page.expect_navigation():
        page.locator("aside.facets").get_by_role("button", name="Bruk filtrene").first.click()
    assert query(page) == {"fra_aar": ["2023"]}

    page.get_by_label("Søk i anskaffelser").first.fill("skolevei")
    with page.expect_navigation():
        page.get_by_role("button", name="Søk", exact=True).click()
    params = query(page)
    assert params["q"] == ["skolevei"] and params["fra_aar"] == ["2023"]
    assert all(value != [""] for value in params.values()), params
