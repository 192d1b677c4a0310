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


def test_the_parts_are_quoted_as_the_language_quotes(client, parts):
    english = client.get("/en" + SEARCH, {"q": "skolevei"}).content.decode()
    assert "so we also searched for “skole” and “vei”." in english
    assert "«" not in english.split("so we also searched for")[1].split("</p>")[0]
    bokmål = client.get(SEARCH, {"q": "skolevei"}).content.decode()
    assert "så vi søkte også etter «skole» og «vei»." in bokmål
