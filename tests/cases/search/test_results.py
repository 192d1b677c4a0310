"""The order, paging and capping of the hits (cases/search/results.py).

On the small fixed library of Norwegian cases in conftest.py; see helpers.py.
"""

import re
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from cases.search import search_filterset
from networks.models import Region
from tests.cases.search.helpers import SEARCH, days_ago, names, titles
from tests.factories import (
    CaseFactory,
    OrganizationFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


# Order -----------------------------------------------------------------------------------


def test_title_order_is_norwegian_with_aeoeaa_last(client, library):
    order = titles(client.get(SEARCH, {"sorter": "tittel"}))
    assert order == [
        "Digital læringsplattform for grunnskolen",
        "Felles anskaffelse av velferdsteknologi i Nord-Trøndelag",
        "Førerløse elbussar på Ålgård",
        "Teknologi i klasserommet",
        "Velferdsteknologi for trygge hjem",
        "Økt egenproduksjon på Oksenøya senter",
        "Åpen markedsdialog om smart avfallshåndtering",
    ]


def test_newest_first_without_a_query(client, library):
    order = titles(client.get(SEARCH))
    assert order[0] == library["avfall"].title
    assert order[-1] == library["trygge_hjem"].title


# Capping and paging ----------------------------------------------------------------------


def test_very_broad_searches_are_capped_and_say_so(client, library, monkeypatch):
    for module in (
        "cases.search.text",
        "cases.search.facets",
        "cases.search.results",
        "cases.views.browse",
    ):
        monkeypatch.setattr(f"{module}.HIT_CAP", 2)
    response = client.get(SEARCH, {"q": "teknologi"})
    html = response.content.decode()
    assert "Over 2 treff" in html and "Søket er svært bredt" in html
    shown = set(titles(response))
    assert len(shown) == 2  # the first HIT_CAP matches, ranked
    assert shown <= names(library, "klasserom", "trondelag", "elbuss", "trygge_hjem")
    narrow = client.get(SEARCH, {"q": "elbussar"}).content.decode()
    assert "Over 2 treff" not in narrow and "Søket er svært bredt" not in narrow


@pytest.mark.parametrize("sort", ["relevans", "nyeste", "tittel"])
@pytest.mark.parametrize("in_sector", [False, True])
def test_the_pages_of_a_search_list_every_hit_once_in_the_search_order(client, sort, in_sector):
    """The page's hits are chosen by the statement that counts the facets: across all pages
    they must be exactly the search's hits, in the order the search defines."""
    helse = SectorFactory(name="Helse", slug="helse")
    cases = []
    for n in range(60):
        letter = "ÆØÅ"[n % 3]
        if n % 4 == 0:
            title, summary = f"{letter} matlevering i distriktet {n:02d}", "Et vanlig behov."
        elif n % 4 == 1:
            title, summary = f"Anskaffelse {n:02d}", "Matlevering til eldre i distriktet."
        elif n % 4 == 2:  # ranks high on the title, but matches "matlevering" in a compound
            title, summary = f"{letter} distriktet {n:02d}", "Hjemmematlevering med elbil."
        else:  # not a hit: no matlevering
            title, summary = f"Distriktet {n:02d}", "Ingen mat her."
        cases.append(
            CaseFactory(title=title, summary=summary, published_at=days_ago(n * 7 % 31 + n / 100))
        )
    hits = [case for n, case in enumerate(cases) if n % 4 != 3]
    for case in hits[::2]:
        case.sectors.add(helse)
    params = {"q": "matlevering distriktet", "sorter": sort} | (
        {"sektor": helse.pk} if in_sector else {}
    )
    expected = [case.title for case in search_filterset(QueryDict(urlencode(params))).qs.distinct()]
    assert len(expected) == (23 if in_sector else 45)

    pages = [titles(client.get(SEARCH, params | {"side": side})) for side in (1, 2, 3)]
    if in_sector:  # 23 hits: one page, the 3 over twenty go along
        assert [len(page) for page in pages] == [23, 23, 23]
        assert pages[0] == expected
    else:  # 45 hits: 20, 20 and a last page of 5
        assert [len(page) for page in pages] == [20, 20, 5]
        assert pages[0] + pages[1] + pages[2] == expected
    last = client.get(SEARCH, params | {"side": 9})
    assert titles(last) == pages[-1]
    assert "Her er den siste siden med treff" in last.content.decode()


# Cards -------------------------------------------------------------------------------------


def test_a_result_card_shows_the_lead_buyer_first_the_sectors_county_years_and_marks(client):
    """The cards come from one hand-written statement (results.cards), not the model."""
    lead = OrganizationFactory(name="Øvre Eiker kommune")
    other = OrganizationFactory(name="Asker kommune")
    case = CaseFactory(
        title="Kantinemat med mindre svinn",
        summary="Skolene ville kaste mindre mat fra kantinene.",
        buyers=[lead, other],
        sectors=[SectorFactory(name="Skole"), SectorFactory(name="Avfall")],
        region=Region.objects.get(name="Buskerud"),
        start_year=2021,
        end_year=2023,
    )
    CaseFactory(title="Kantinemat i utkast", is_published=False)
    for params in ({"q": "kantinemat"}, {"q": "kantinemat", "sorter": "tittel"}, {}):
        html = client.get(SEARCH, params).content.decode()
        card = html.split(f'href="{case.get_absolute_url()}"', 1)[1].split("</article>", 1)[0]
        meta = re.sub(r"\s+", " ", card.split('class="meta">', 1)[1].split("</p>", 1)[0])
        assert meta.strip() == (
            "<span>Øvre Eiker kommune, Asker kommune</span><span>Buskerud</span>"
            "<span>2021–2023</span>"
        )
        assert card.index(">Avfall<") < card.index(">Skole<")
        assert "utkast" not in html
        if params.get("q"):
            assert "<mark>Kantinemat</mark> med mindre svinn" in card
        else:
            assert "<mark>" not in card
