"""The needs board's search (/behov/, issue 19): the case search's precise and need modes
over needs, with clear messages for bad input."""

from __future__ import annotations

import numpy
import pytest
from django.core.cache import cache
from django.utils import timezone

from cases.models import Need, NeedInterest
from cases.search import board as search_board
from cases.search import semantic
from networks.models import Region
from tests.factories import OrganizationFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return OrganizationFactory(name="Gjesdal kommune", region=Region.objects.get(number="11"))


def make_need(body, title, text, **fields):
    return Need.objects.create(
        title=title,
        text=text,
        phase=fields.pop("phase", "behovsavklaring"),
        region=fields.pop("region", body.region),
        organization=body,
        contact_name="Eva Eier",
        contact_email="eva@gjesdal.example",
        status=fields.pop("status", Need.Status.PUBLISHED),
        reviewed_at=timezone.now(),
        **fields,
    )


@pytest.fixture
def board(body):
    return {
        "night": make_need(
            body,
            "Digitalt nattilsyn i hjemmetjenesten",
            "Nattevaktene bruker mye tid på å kjøre mellom brukerne. Vi ønsker sensorer "
            "som varsler når noen trenger hjelp.",
        ),
        "falls": make_need(
            body,
            "Forebygging av fall hos hjemmeboende eldre",
            "Mange eldre faller hjemme og blir lagt inn på sjukehus. Vi vil finne "
            "løysingar som oppdagar fall tidleg.",
        ),
        "buses": make_need(
            body,
            "Utslippsfrie busser i distriktet",
            "Fylket skal kjøpe elbusser til rutene i distriktet og trenger ladeinfrastruktur.",
        ),
    }


def listed(client, **params) -> tuple[list[str], str]:
    response = client.get("/behov/", params)
    assert response.status_code == 200
    page = response.content.decode()
    titles = [need.title for need in response.context["needs"]]
    return titles, page


def test_precise_search_finds_inflections_compounds_and_the_other_written_norwegian(client, board):
    assert listed(client, q="sensor", modus="presis")[0] == [board["night"].title]
    # "buss" inside "elbusser"; "sykehus" finds the nynorsk "sjukehus".
    assert listed(client, q="buss", modus="presis")[0] == [board["buses"].title]
    assert listed(client, q="sykehus", modus="presis")[0] == [board["falls"].title]
    # Every word must be there, and -exclusion works as on /anskaffelser/.
    assert listed(client, q="eldre buss", modus="presis")[0] == []
    assert listed(client, q="eldre -sjukehus", modus="presis")[0] == []


def test_precise_search_ranks_title_hits_first(client, body, board):
    make_need(body, "Kjøp av sensorer", "Felles innkjøp.")
    titles, _page = listed(client, q="sensorer", modus="presis")
    assert titles == ["Kjøp av sensorer", board["night"].title]


def test_a_description_is_searched_as_a_need_with_reasons(client, board, monkeypatch):
    monkeypatch.setattr(semantic, "available", lambda using="default": False)
    text = "Vi har mange eldre som faller hjemme og blir lagt inn på sjukehus gang på gang"

    titles, page = listed(client, q=text)

    assert titles[0] == board["falls"].title
    assert board["buses"].title not in titles  # no word of the need, and no meaning here
    assert "Viser behov som ligner på det du beskrev" in page
    assert "Søk etter mening er ikke tilgjengelig på denne serveren" in page
    assert "Treff på:" in page and "sjukehus" in page
    assert "modus=presis" in page  # the way back to every word


def test_modus_chooses_either_way(client, board, monkeypatch):
    monkeypatch.setattr(semantic, "available", lambda using="default": False)
    text = "eldre som faller hjemme om natta"

    precise, page = listed(client, q=text, modus="presis")
    assert precise == [] and "Finn behov som ligner på det du skrev" in page
    need, page = listed(client, q="eldre fall", modus="behov")
    assert need[0] == board["falls"].title and 'name="modus" value="behov"' in page


def test_a_few_words_that_find_too_little_are_searched_as_a_need(client, board, monkeypatch):
    monkeypatch.setattr(semantic, "available", lambda using="default": False)
    titles, page = listed(client, q="sensorer busser")
    assert set(titles) == {board["night"].title, board["buses"].title}
    assert "Viser behov som ligner" in page


def test_need_mode_finds_by_meaning_where_the_server_can(client, board, monkeypatch):
    # Needs are compared in meaning in Python (no vector function of the server), so this
    # runs wherever the case search would use meaning, and here too.
    monkeypatch.setattr(semantic, "available", lambda using="default": True)
    titles, page = listed(client, q="gamle mennesker snubler og skader seg i stua", modus="behov")
    assert titles[0] == board["falls"].title
    assert "Ligner i innhold" in page
    assert "ikke tilgjengelig" not in page


def test_search_combines_with_the_facets(client, body, board):
    sector = SectorFactory(name="Samferdsel", slug="samferdsel")
    board["buses"].sector = sector
    board["buses"].save()
    titles, page = listed(client, q="busser", sektor=str(sector.pk), modus="presis")
    assert titles == [board["buses"].title]
    assert listed(client, q="sensorer", sektor=str(sector.pk), modus="presis")[0] == []
    facet = client.get("/behov/", {"q": "sensorer", "modus": "presis"}).context["facets"]
    assert {p: opts for p, _legend, opts in facet}["sektor"] == []


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"q": "fall " * 2500}, "2000"),
        ({"q": "fall\x00eldre"}, "Søk"),
        ({"modus": "tull", "q": "fall"}, "Søkemåte"),
        ({"sektor": "ikke-et-tall"}, "Sektor"),
        ({"fase": "<script>"}, "Fase"),
    ],
)
def test_bad_input_is_a_clear_message_never_an_error(client, board, params, words):
    response = client.get("/behov/", params)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Noe i søket kunne vi ikke bruke" in page and words in page
    assert "<script>" not in page.split("<main", 1)[1]


def test_a_long_text_stays_in_the_box(client, board):
    text = "fall " * 2500
    page = client.get("/behov/", {"q": text}).content.decode()
    assert text.strip()[:1000] in page


def test_a_thousand_parameters_are_a_400_page(client, board):
    query = "&".join(f"p{i}=1" for i in range(1100))
    assert client.get(f"/behov/?{query}").status_code == 400


def test_next_page_keeps_the_search_and_its_mode(client, body, board):
    for i in range(25):
        make_need(body, f"Behov om sensorer nummer {i}", "Sensorer i hjemmetjenesten.")
    page = client.get("/behov/", {"q": "sensorer", "modus": "presis"}).content.decode()
    assert "modus=presis" in page and "side=2" in page


@pytest.mark.parametrize("n", [1, 6])
def test_search_queries_do_not_grow(client, body, django_assert_max_num_queries, n, monkeypatch):
    monkeypatch.setattr(semantic, "available", lambda using="default": False)
    for i in range(n):
        need = make_need(body, f"Sensorer {i}", "Sensorer som varsler om natta.")
        NeedInterest.objects.create(
            need=need, organization=OrganizationFactory(), contact_email="a@b.no", is_confirmed=True
        )
    with django_assert_max_num_queries(20):
        client.get("/behov/", {"q": "sensorer", "modus": "presis"})
    with django_assert_max_num_queries(20):
        client.get("/behov/", {"q": "sensorer som varsler om natta", "modus": "behov"})


def test_each_need_is_embedded_once_per_version_of_its_text(board, monkeypatch):
    cache.clear()
    embedded = []

    class Model:
        def passage(self, texts):
            embedded.extend(texts)
            return [numpy.ones(semantic.DIMENSIONS, dtype=numpy.float32) for _ in texts]

    monkeypatch.setattr(semantic, "model", Model)
    rows = [(need.pk, need.title, need.text) for need in board.values()]

    first = search_board.need_embeddings(rows)
    again = search_board.need_embeddings(rows)
    edited = search_board.need_embeddings([(rows[0][0], "Ny tittel", rows[0][2]), *rows[1:]])

    assert len(embedded) == 4  # three needs, then the edited one
    assert set(first) == set(again) == set(edited) == {pk for pk, _t, _x in rows}
    assert abs(float(numpy.linalg.norm(first[rows[0][0]])) - 1.0) < 1e-5
