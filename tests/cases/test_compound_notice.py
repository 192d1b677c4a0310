"""The notice about a word searched as its parts is true: "no case has the word" only when
no case holds any form of it."""

import pytest

from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

SEARCH = "/anskaffelser/"


@pytest.fixture
def parts():
    CaseFactory(title="Ny skole i sentrum", summary="En vei til alle.")


def test_a_word_held_in_another_form_is_not_said_to_be_missing(client, parts):
    CaseFactory(title="Tryggere skoleveier", summary="Lys og fortau langs skoleveier.")

    page = client.get(SEARCH, {"q": "skolevei"}).content.decode()

    assert "1 anskaffelse" in page or "2 anskaffelser" in page
    assert "Tryggere" in page
    assert "Ingen anskaffelser har ordet «skolevei»" not in page
    assert "Vi søkte etter «skolevei» i alle bøyningsformer" in page


def test_a_word_no_case_holds_in_any_form_is_said_to_be_missing(client, parts):
    page = client.get(SEARCH, {"q": "skolevei"}).content.decode()

    assert "Ingen anskaffelser har ordet «skolevei», så vi søkte også etter" in page
