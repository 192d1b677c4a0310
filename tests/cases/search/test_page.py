"""The search page as a user sees it: the empty state, taking the results away (feed,
CSV, JSON) and the page's query budget.

On the small fixed library of Norwegian cases in conftest.py; see helpers.py.
"""

import csv
import io
import json
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from cases.models import Case, Sector
from networks.models import Region
from tests.cases.search.helpers import SEARCH
from tests.factories import (
    CaseFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


# Empty state -----------------------------------------------------------------------------


def test_no_hits_shows_what_to_try(client, library):
    html = client.get(SEARCH, {"q": "sjøfly", "status": "completed"}).content.decode()
    assert "0 anskaffelser" in html
    assert "Ingen anskaffelser passer søket." in html
    assert "Fjern filtrene" in html and "Bruk færre eller mer generelle ord" in html


# Taking the result away: feed, CSV, JSON ---------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(response) -> ElementTree.Element:
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own feed


def test_results_page_links_a_feed_of_the_same_search(client, library):
    html = client.get(SEARCH, {"q": "velferdsteknologi", "side": 1}).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Nye anskaffelser om «velferdsteknologi»" '
        'href="/anskaffelser/feed/?q=velferdsteknologi">'
    ) in html


def test_the_feed_of_a_search_lists_its_cases_newest_first(client, library):
    response = client.get(reverse("cases:feed"), {"q": "velferdsteknologi"})
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = atom(response)
    entries = feed.findall(f"{ATOM}entry")
    assert feed.find(f"{ATOM}title").text == "Anskaffelser om «velferdsteknologi» – IOA-portalen"
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        library["trondelag"].title,  # 40 days old
        library["trygge_hjem"].title,  # 50 days old
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href").endswith(library["trondelag"].get_absolute_url())
    assert first.find(f"{ATOM}author/{ATOM}name").text == "Levanger kommune, Verdal kommune"
    assert first.find(f"{ATOM}category").get("term") == "Helse og omsorg"


def test_the_plain_feed_has_the_newest_published_cases(client, library):
    feed = atom(client.get(reverse("cases:feed")))
    found_titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert found_titles[0] == library["avfall"].title
    assert len(found_titles) == 7 and library["utkast"].title not in found_titles


def test_csv_export_has_every_hit_with_norwegian_headings_for_excel(client, library):
    response = client.get(reverse("cases:export_csv"), {"q": "bærum", "sorter": "tittel"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Disposition"].startswith('attachment; filename="anskaffelser-')
    assert body.startswith("\ufeff")  # byte order mark: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0][:4] == ["Tittel", "Adresse", "Sammendrag", "Status"]
    assert "Oppdragsgivere" in rows[0] and "Fylke" in rows[0]
    by_title = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(by_title) == [  # the search's own order: title A–Å
        "Digital læringsplattform for grunnskolen",
        "Velferdsteknologi for trygge hjem",
        "Økt egenproduksjon på Oksenøya senter",
    ]
    laering = by_title["Digital læringsplattform for grunnskolen"]
    assert laering["Oppdragsgivere"] == "Bærum kommune, Asker kommune"
    assert laering["Fylke"] == "Akershus" and laering["Status"] == "Pågår"
    assert laering["Adresse"] == "http://testserver" + library["laering"].get_absolute_url()


def test_csv_cells_that_look_like_formulas_are_defused(client, library):
    CaseFactory(title='=HYPERLINK("http://example.com") Formelangrep')
    body = b"".join(client.get(reverse("cases:export_csv"), {"q": "formelangrep"})).decode()
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[1][0].startswith("'=HYPERLINK")


def test_json_export_has_the_full_result_set(client, library):
    response = client.get(reverse("cases:export_json"), {"q": "velferdsteknologi"})
    data = json.loads(b"".join(response.streaming_content))
    assert data["count"] == 2
    trondelag = data["cases"][0]
    assert trondelag["title"] == library["trondelag"].title
    assert trondelag["buyers"][0] == {
        "name": "Levanger kommune",
        "org_number": library["trondelag"].casebuyer_set.first().organization.org_number,
        "is_lead": True,
    }
    assert trondelag["sectors"] == ["Helse og omsorg"]
    assert trondelag["county"] == "Trøndelag"
    assert trondelag["procedure"] == "apen-anbud" and trondelag["eforms_procedure_code"] == "open"
    assert trondelag["origin_network"] == "Læringsnettverket i Nord-Trøndelag"


# Query budget ----------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [1, 30])
def test_search_page_queries_do_not_grow_with_hits_or_facets(
    client, library, django_assert_max_num_queries, settings, extra
):
    settings.IOA_PAGE_CACHE = False  # the view's own queries (see test_page_cache.py)
    orgs = OrganizationFactory.create_batch(3)
    for i in range(extra):
        CaseFactory(
            summary="Kommunen testet velferdsteknologi.",
            buyers=orgs[: 1 + i % 3],
            sectors=list(Sector.objects.all()[: 1 + i % 4]),
            region=Region.objects.all()[i % 15],
        )
    helse = Sector.objects.get(slug="helse-og-omsorg").pk
    params = {
        "q": "velferdsteknologi or kommunen -sjøfly",
        "sektor": [helse, 999999],
        "fylke": [r.pk for r in Region.objects.all()],
        "kjoper": [o.pk for o in orgs],
        "fase": list(Case.Phase.values),
        "fra_aar": 2000,
        "sorter": "relevans",
    }
    # Two more than the search itself the first time: the content version and the synonym
    # list kept under it (with the page cache on, the version is read anyway).
    with django_assert_max_num_queries(8):
        response = client.get(SEARCH, params)
    assert response.status_code == 200
    with django_assert_max_num_queries(7):
        client.get(SEARCH, {"q": "velferdsteknolgi"})  # no hits, with a suggestion
    # Without text the counts are cached: the first request counts them and stores them
    # (in this process and in the shared cache), the next page of that search reuses them.
    with django_assert_max_num_queries(9):
        client.get(SEARCH, {"side": 2})
    with django_assert_max_num_queries(3):  # the version, the names, the page's rows
        client.get(SEARCH, {"side": 3})


def test_result_cards_do_not_load_the_long_texts(client, library, django_assert_max_num_queries):
    # Nine at most: with two hits or fewer the page also looks for a "Mente du …?"; the
    # content version and the synonym list kept under it are read once.
    with django_assert_max_num_queries(9) as captured:
        client.get(SEARCH, {"q": "velferdsteknologi"})
    page_query = next(q["sql"] for q in captured.captured_queries if "ts_headline" in q["sql"])
    select_list = page_query.split(" FROM ", 1)[0]
    # The long texts may appear only as arguments (to ts_headline), never as columns.
    for column in ("need", "approach", "results", "lessons", "search_names", "search_vector"):
        assert not re.search(rf'(SELECT |, )"cases_case"\."{column}"(,| FROM)', select_list)
