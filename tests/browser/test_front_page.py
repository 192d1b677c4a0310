import pytest

from tests.browser.conftest import assert_accessible
from tests.factories import CaseFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_front_page_opens_in_chromium_with_search_box_and_no_axe_violations(page):
    CaseFactory(title="Førerløse busser prøvd ut i Gjesdal")
    page.goto("/")
    assert page.title().startswith("Innovative offentlige anskaffelser")
    assert page.title().endswith("IOA-portalen")
    # A box for a word or a whole need (a textarea: its role is textbox).
    search = page.get_by_role("textbox", name="Søk i anskaffelser, eller beskriv behovet ditt")
    assert search.is_visible()
    assert page.get_by_role("link", name="Førerløse busser prøvd ut i Gjesdal").is_visible()
    assert_accessible(page, "front-page")
