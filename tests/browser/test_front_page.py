import pytest

from tests.browser.conftest import assert_accessible
from tests.factories import CaseFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_front_page_opens_in_chromium_with_search_box_and_no_axe_violations(page):
    CaseFactory(title="Førerløse busser prøvd ut i Gjesdal")
    page.goto("/")
    assert page.title().startswith("Innovative offentlige anskaffelser")
    assert page.title().endswith("IOA-portalen")
    search = page.get_by_role("searchbox", name="Søk i anskaffelser")
    assert search.is_visible()
    assert page.get_by_role("link", name="Førerløse busser prøvd ut i Gjesdal").is_visible()
    assert_accessible(page, "front-page")
