"""The search parameters: their state in the address, the active filters in words, and
what happens to invalid values (cases/search/filters.py and params.py).

On the small fixed library of Norwegian cases in conftest.py; see helpers.py.
"""

import re

import pytest

from cases.models import Sector
from tests.cases.search.helpers import SEARCH, names, titles
from tests.factories import (
    CaseFactory,
)

pytestmark = pytest.mark.django_db


# Active filters and the address ----------------------------------------------------------


def test_active_filters_are_listed_and_removable_one_by_one(client, library):
    helse = Sector.objects.get(slug="helse-og-omsorg").pk
    html = client.get(
        SEARCH, {"q": "velferdsteknologi", "sektor": helse, "status": ["completed", "ongoing"]}
    ).content.decode()
    chips = dict(re.findall(r'<a class="chip" href="([^"]+)">.*?</span>(.*?) <span', html))
    assert set(chips.values()) == {
        "Sektor: Helse og omsorg",
        "Status: Gjennomført",
        "Status: Pågår",
    }
    without_ongoing = {label: url for url, label in chips.items()}["Status: Pågår"]
    assert "status=completed" in without_ongoing and "status=ongoing" not in without_ongoing
    assert f"sektor={helse}" in without_ongoing and "q=velferdsteknologi" in without_ongoing


def test_the_search_state_lives_in_the_url_and_survives_paging(client, library):
    CaseFactory.create_batch(25, summary="Kommunen prøvde noe nytt.")
    response = client.get(SEARCH, {"q": "kommunen", "sorter": "tittel", "side": "2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="?q=kommunen&amp;sorter=tittel&amp;side=1"' in html
    assert 'aria-current="page"' in html


# Invalid input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"side": "abc"}, "Side: Oppgi et heltall."),
        ({"fra_aar": "3000x"}, "Startår fra: Oppgi et heltall."),
        ({"til_aar": "3000"}, "Startår til:"),
        ({"sektor": "999999"}, "Fant ingen sektor med nummer 999999"),
        ({"kjoper": "abc"}, "Oppdragsgiver: «abc» er ikke et gyldig nummer."),
        ({"fylke": "-1"}, "Fylke: «-1» er ikke et gyldig nummer."),
        ({"fase": "ukjent"}, "Fase:"),
        ({"sorter": "tull"}, "Sorter etter:"),
        ({"dialog": "kanskje"}, "Dialogkonferanse:"),
        ({"q": "x" * 2001}, "Søk:"),
        ({"q": "buss\x00"}, "Søk:"),
        ({"side": "99"}, "Den siden finnes ikke."),
    ],
)
def test_invalid_parameters_give_a_message_and_a_normal_page(client, library, params, message):
    response = client.get(SEARCH, params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Noe i søket kunne vi ikke bruke" in html
    assert message in html
    assert len(titles(response)) == 7  # the bad parameter is ignored, not turned into 0 hits


def test_unknown_ids_are_dropped_but_known_ones_kept(client, library):
    helse = Sector.objects.get(slug="helse-og-omsorg").pk
    response = client.get(SEARCH, {"sektor": [helse, 999999]})
    assert set(titles(response)) == names(library, "trygge_hjem", "trondelag")
    assert "Fant ingen sektor med nummer 999999" in response.content.decode()


def test_a_bad_value_is_dropped_but_the_good_values_of_the_same_filter_kept(client, library):
    helse = Sector.objects.get(slug="helse-og-omsorg").pk
    response = client.get(SEARCH, {"sektor": [helse, "abc"]})
    assert set(titles(response)) == names(library, "trygge_hjem", "trondelag")
    assert "Sektor: «abc» er ikke et gyldig nummer. Vi så bort fra det." in (
        response.content.decode()
    )
    # The API refuses the same filter rather than guessing.
    assert client.get("/api/v1/cases/", {"sektor": [helse, "abc"]}).status_code == 400


def test_years_in_the_wrong_order_are_swapped(client, library):
    response = client.get(SEARCH, {"fra_aar": 2019, "til_aar": 2018})
    assert set(titles(response)) == names(library, "trygge_hjem", "elbuss")
    assert "byttet dem om" in response.content.decode()
    assert "Noe i søket kunne vi ikke bruke" not in response.content.decode()  # it was used
    # Removing one year keeps the other as the page shows it: "til 2019" stays.
    html = response.content.decode()
    remove_from = re.search(
        r'href="([^"]+)"><span class="visually-hidden">[^<]*</span>Startår fra 2018', html
    )
    assert remove_from.group(1).replace("&amp;", "&") == SEARCH + "?til_aar=2019"


def test_a_text_set_aside_is_kept_in_the_box_but_not_named_as_the_search(client, library):
    typed = "x" * 2001
    html = client.get(SEARCH, {"q": typed}).content.decode()
    assert f">{typed}</textarea>" in html  # nothing typed is lost
    assert "for «x" not in html and "«xxx" not in html.split("<title>")[1].split("</title>")[0]
    assert "Nye anskaffelser om «x" not in html
    assert "7 anskaffelser</h2>" in html
