"""How search behaves, on a small fixed library of Norwegian cases.

Each test reads as a sentence of the specification: this query finds these cases, in
this order, and shows this. Everything runs against real PostgreSQL (the `norwegian`
text search configuration and pg_trgm).
"""

import csv
import datetime
import io
import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import caching
from cases.models import Case, Sector
from cases.search import search_filterset
from cases.search.index import rebuild_word_list
from cases.search.similar import similar_cases
from cases.search.text import SUBSTRING_MAX_DOCUMENTS, TextSearch, parse_query
from networks.models import Region
from tests.factories import (
    BenefitAnalysisFactory,
    CaseFactory,
    DialogueConferenceFactory,
    LearningNetworkFactory,
    OrganizationFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SEARCH = reverse("cases:list")


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


@pytest.fixture
def library():
    """Eight cases: seven published, one draft. Keys are short names used in the tests."""
    akershus, rogaland, trondelag = (Region.objects.get(number=n) for n in ("32", "11", "50"))
    baerum = OrganizationFactory(name="Bærum kommune", region=akershus)
    asker = OrganizationFactory(name="Asker kommune", region=akershus)
    gjesdal = OrganizationFactory(name="Gjesdal kommune", region=rogaland)
    levanger = OrganizationFactory(name="Levanger kommune", region=trondelag)
    verdal = OrganizationFactory(name="Verdal kommune", region=trondelag)
    sector = {s.slug: s for s in Sector.objects.all()}
    network = LearningNetworkFactory(name="Læringsnettverket i Nord-Trøndelag")

    cases = {
        "trygge_hjem": CaseFactory(
            title="Velferdsteknologi for trygge hjem",
            summary="Kommunen kjøpte lokaliseringsteknologi og digitalt tilsyn, slik at "
            "personer med demens kan bo trygt hjemme lenger.",
            need="Anskaffelsen skulle gi pårørende mer ro og ansatte færre unødige besøk.",
            buyers=[baerum],
            sectors=[sector["helse-og-omsorg"]],
            region=akershus,
            status=Case.Status.COMPLETED,
            phase=Case.Phase.IMPLEMENTATION,
            procedure=Case.Procedure.NEGOTIATION,
            innovation_type=Case.InnovationType.INNOVATION_PROCUREMENT,
            cpv_codes=["33196200"],
            start_year=2019,
            end_year=2021,
            published_at=days_ago(50),
        ),
        "trondelag": CaseFactory(
            title="Felles anskaffelse av velferdsteknologi i Nord-Trøndelag",
            summary="Fem kommuner gikk sammen om å kjøpe trygghetsskapende teknologi etter "
            "et læringsnettverk.",
            need="Kommunene ville dele erfaringer og kjøpe inn sammen.",
            buyers=[levanger, verdal],
            sectors=[sector["helse-og-omsorg"]],
            region=trondelag,
            status=Case.Status.COMPLETED,
            phase=Case.Phase.CONTRACT,
            procedure=Case.Procedure.OPEN_TENDER,
            cpv_codes=["33190000"],
            origin_network=network,
            start_year=2016,
            end_year=2018,
            published_at=days_ago(40),
        ),
        "elbuss": CaseFactory(
            title="Førerløse elbussar på Ålgård",
            summary="Gjesdal kommune prøvde to teknologier for selvkjørende kjøretøy sammen "
            "med andre kommuner.",
            need="Folk uten bil skulle komme seg til sentrum.",
            lessons="Leverandører trenger tid til å teste i vinterføre.",
            buyers=[gjesdal],
            sectors=[sector["transport-og-mobilitet"]],
            region=rogaland,
            status=Case.Status.ONGOING,
            phase=Case.Phase.COMPETITION,
            procedure=Case.Procedure.INNOVATION_PARTNERSHIP,
            innovation_type=Case.InnovationType.INNOVATIVE_SOLUTION,
            start_year=2018,
            published_at=days_ago(30),
        ),
        "laering": CaseFactory(
            title="Digital læringsplattform for grunnskolen",
            summary="Bærum ledet en felles anskaffelse av digitale læremidler for flere kommuner.",
            need="Lærerne ville ha ett sted for alt. Anskaffelsene før var små og spredte.",
            buyers=[baerum, asker],
            sectors=[sector["oppvekst-og-utdanning"]],
            region=akershus,
            status=Case.Status.ONGOING,
            phase=Case.Phase.MARKET_DIALOGUE,
            procedure=Case.Procedure.COMPETITIVE_DIALOGUE,
            start_year=2021,
            published_at=days_ago(20),
        ),
        "klasserom": CaseFactory(
            title="Teknologi i klasserommet",
            summary="Skolene testet nye læringsverktøy i tett dialog med leverandørene.",
            need="Elevene trengte bedre verktøy.",
            buyers=[asker],
            sectors=[sector["oppvekst-og-utdanning"]],
            region=akershus,
            status=Case.Status.PLANNED,
            phase=Case.Phase.NEEDS,
            procedure=Case.Procedure.OPEN_NATIONAL,
            start_year=2023,
            published_at=days_ago(10),
        ),
        "oksenoya": CaseFactory(
            title="Økt egenproduksjon på Oksenøya senter",
            summary="Skole, barnehage og omsorgssenter på Fornebu deler energibrønner og "
            "solceller.",
            need="Anskaffelser av energi skulle gi lavere utslipp.",
            buyers=[baerum],
            sectors=[sector["bygg-og-eiendom"], sector["energi"]],
            region=akershus,
            status=Case.Status.COMPLETED,
            phase=Case.Phase.IMPLEMENTATION,
            procedure=Case.Procedure.DESIGN_CONTEST,
            start_year=2017,
            end_year=2020,
            published_at=days_ago(5),
        ),
        "avfall": CaseFactory(
            title="Åpen markedsdialog om smart avfallshåndtering",
            summary="Kommunen inviterte leverandører til dialog om sensorer i avfallsbeholdere.",
            need="Tømmingen skulle skje når beholderen er full.",
            buyers=[gjesdal],
            sectors=[sector["avfall-og-gjenvinning"]],
            region=rogaland,
            status=Case.Status.CANCELLED,
            phase=Case.Phase.MARKET_DIALOGUE,
            procedure=Case.Procedure.OTHER,
            start_year=2022,
            published_at=days_ago(3),
        ),
        "utkast": CaseFactory(
            title="Utkast om velferdsteknologi i Asker",
            summary="Ikke ferdig. Velferdsteknologi og demens.",
            buyers=[asker],
            sectors=[sector["helse-og-omsorg"]],
            region=akershus,
            is_published=False,
            published_at=None,
        ),
    }
    DialogueConferenceFactory(case=cases["trygge_hjem"])
    DialogueConferenceFactory(case=cases["trondelag"])
    DialogueConferenceFactory(case=cases["laering"])
    BenefitAnalysisFactory(case=cases["trygge_hjem"])
    BenefitAnalysisFactory(case=cases["oksenoya"])
    rebuild_word_list()
    return cases


def titles(response) -> list[str]:
    """Titles of the result cards, in order, without highlight markup."""
    html = response.content.decode()
    results = html.split('class="results"', 1)[1].split('class="facets"', 1)[0]
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'<h3><a href="[^"]*">(.*?)</a></h3>', results)
    ]


def found(client, **params) -> set[str]:
    return set(titles(client.get(SEARCH, params)))


def names(library, *keys) -> set[str]:
    return {library[key].title for key in keys}


# Words and their forms -------------------------------------------------------------------


@pytest.mark.parametrize("form", ["anskaffelse", "anskaffelsen", "anskaffelser", "anskaffelsene"])
def test_every_inflected_form_finds_the_cases_that_use_any_other_form(client, library, form):
    assert found(client, q=form) == names(
        library, "trygge_hjem", "trondelag", "laering", "oksenoya"
    )


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("sykehjem", {"Tilsyn i sykehjemmet", "Mat på sykehjem"}),
        ("sykehjemmet", {"Tilsyn i sykehjemmet", "Mat på sykehjem"}),
        ("sykehjemmene", {"Tilsyn i sykehjemmet", "Mat på sykehjem"}),
        ("rom", {"Nye møterom"}),
        ("rommene", {"Nye møterom"}),
    ],
)
def test_words_that_double_their_m_when_inflected_find_every_form(client, query, found):
    # The words are in the long texts only, so that no substring match helps.
    CaseFactory(title="Tilsyn i sykehjemmet", need="Nattevakter på sykehjemmet trengte hjelp.")
    CaseFactory(title="Mat på sykehjem", need="Maten lages på ett sykehjem for hele byen.")
    CaseFactory(title="Nye møterom", need="Rommene var for små, og ett rom manglet lys.")
    assert set(titles(client.get(SEARCH, {"q": query}))) == found


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("anskaffinga", {"Anskaffelsen av skolemat"}),
        ("skulen", {"Anskaffelsen av skolemat"}),
        ("sjukeheimen", {"Vakter på sykehjemmet", "Tryggleik på sjukeheimen"}),
        ("sykehjem", {"Vakter på sykehjemmet", "Tryggleik på sjukeheimen"}),
        ("trygghet", {"Tryggleik på sjukeheimen"}),
        ("ferge", {"Ferja over fjorden"}),
    ],
)
def test_a_word_in_nynorsk_or_bokmal_finds_texts_written_in_the_other(client, query, found):
    # The words are in the long texts only, so that no substring match helps.
    CaseFactory(title="Anskaffelsen av skolemat", need="Skolen ville ha varm mat.")
    CaseFactory(title="Vakter på sykehjemmet", need="Sykehjemmet trengte nattevakter.")
    CaseFactory(title="Tryggleik på sjukeheimen", need="Sjukeheimen ville ha meir tryggleik.")
    CaseFactory(title="Ferja over fjorden", need="Ferja gikk hver time.")
    assert set(titles(client.get(SEARCH, {"q": query}))) == found


def test_nynorsk_and_bokmal_plural_find_each_other(client, library):
    assert found(client, q="elbusser") == names(library, "elbuss")


def test_a_word_inside_a_compound_finds_the_compound(client, library):
    assert found(client, q="buss") == names(library, "elbuss")
    assert names(library, "trygge_hjem") <= found(client, q="teknologi")


def test_a_compound_no_case_holds_is_searched_as_the_words_it_is_made_of(client):
    CaseFactory(title="Ferje med batteri", summary="Ferjen går på batteri hele dagen.")
    CaseFactory(title="Ferje på diesel", summary="Ferjen går på diesel.")
    CaseFactory(title="Batteri til sykehjem", summary="Et batteri i reserve.")
    CaseFactory(title="Nye busser i byen", summary="Kommunen kjøpte busser.")

    response = client.get(SEARCH, {"q": "batteriferje"})
    assert titles(response) == ["Ferje med batteri"]  # both parts, not either
    html = response.content.decode()
    assert (
        "Ingen anskaffelser har ordet «batteriferje», så vi søkte også etter «batteri» og " in html
    )
    assert "«ferje»" in html or "«ferjen»" in html
    assert "Mente du" not in html  # the word was understood, not misspelt
    # One or two letters before a known word are left out: el-busser.
    assert titles(client.get(SEARCH, {"q": "elbusser"})) == ["Nye busser i byen"]
    # A word that cases hold is searched as it is, and an unknown one without known parts
    # finds nothing and says nothing about parts.
    assert "så vi søkte også etter" not in client.get(SEARCH, {"q": "busser"}).content.decode()
    unknown = client.get(SEARCH, {"q": "ukjentordxyz"})
    assert titles(unknown) == [] and "så vi søkte også etter" not in unknown.content.decode()


def test_whole_word_matches_rank_above_compound_matches(client, library):
    order = titles(client.get(SEARCH, {"q": "teknologi"}))
    assert set(order) == names(library, "klasserom", "trondelag", "elbuss", "trygge_hjem")
    assert order[0] == library["klasserom"].title  # whole word in the title
    assert order[-1] == library["trygge_hjem"].title  # only inside "velferdsteknologi"


def test_title_matches_rank_above_summary_and_summary_above_the_rest(client, library):
    order = titles(client.get(SEARCH, {"q": "anskaffelse"}))
    assert order[:2] == [library["trondelag"].title, library["laering"].title]  # title; twice
    order = titles(client.get(SEARCH, {"q": "leverandør"}))
    assert set(order[:2]) == names(library, "klasserom", "avfall")  # in the summary
    assert order[2] == library["elbuss"].title  # only in the lessons learned


def test_compound_matching_uses_the_trigram_index_not_a_table_scan(library):
    search = TextSearch.analyse("buss")
    sql, params = search.filter(Case.objects.all()).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tiny table would be scanned
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "cases_case_title_trgm" in plan and "cases_case_summary_trgm" in plan
    assert "cases_case_search_gin" in plan
    assert "Seq Scan on cases_case" not in plan


# Query syntax ----------------------------------------------------------------------------


def test_quoted_phrase_matches_the_words_in_that_order_only(client, library):
    assert found(client, q='"digitalt tilsyn"') == names(library, "trygge_hjem")
    assert found(client, q='"tilsyn digitalt"') == set()


def test_minus_excludes_cases_with_the_word(client, library):
    assert found(client, q="velferdsteknologi -demens") == names(library, "trondelag")


def test_or_finds_either_word_and_binds_tighter_than_and(client, library):
    assert found(client, q="elbussar or læringsplattform") == names(library, "elbuss", "laering")
    assert found(client, q="bærum læringsplattform or solceller") == names(
        library, "laering", "oksenoya"
    )


def test_query_parser_reads_websearch_syntax():
    groups, excluded = parse_query('Velferd "trygg  hjemme" bærum OR asker -buss')
    assert [[t.text for t in group] for group in groups] == [
        ["velferd"],
        ["trygg hjemme"],
        ["bærum", "asker"],
    ]
    assert groups[1][0].phrase
    assert [(t.text, t.negated) for t in excluded] == [("buss", True)]


def test_or_at_either_end_of_a_query_is_ignored():
    for query in ("or bærum", "bærum or", "or bærum or"):
        groups, excluded = parse_query(query)
        assert [[t.text for t in group] for group in groups] == [["bærum"]], query
        assert excluded == [], query
    assert parse_query("or") == ([], [])


@pytest.mark.parametrize("query", ["<teknologi>", "<<teknologi>>", "teknologi>"])
def test_words_in_angle_brackets_are_searched_not_dropped_as_markup(client, library, query):
    wanted = titles(client.get(SEARCH, {"q": "teknologi"}))
    assert 0 < len(wanted) < 7
    assert titles(client.get(SEARCH, {"q": query})) == wanted


def test_a_query_of_only_small_words_lists_everything(client, library):
    response = client.get(SEARCH, {"q": "og i"})
    assert response.status_code == 200
    assert len(titles(response)) == 7


# Names of buyers, sectors and counties ------------------------------------------------------


def test_buyer_names_find_their_cases(client, library):
    assert found(client, q="Bærum") == names(library, "trygge_hjem", "laering", "oksenoya")
    assert found(client, q="Levanger") == names(library, "trondelag")


def test_sector_and_county_names_find_their_cases(client, library):
    assert found(client, q="mobilitet") == names(library, "elbuss")
    assert found(client, q="Rogaland") == names(library, "elbuss", "avfall")


# Æ, ø and å ------------------------------------------------------------------------------


def test_aeoeaa_work_in_queries_urls_and_highlights(client, library):
    response = client.get(SEARCH + "?q=%C3%85lg%C3%A5rd")  # "Ålgård", percent-encoded
    html = response.content.decode()
    assert titles(response) == [library["elbuss"].title]
    assert "Førerløse elbussar på <mark>Ålgård</mark>" in html
    assert 'value="Ålgård"' in html
    assert found(client, q="økt") == names(library, "oksenoya")
    assert found(client, q="FØRERLØSE") == names(library, "elbuss")


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


# Typos -----------------------------------------------------------------------------------


def test_a_misspelt_word_gets_a_did_you_mean_link_to_the_corrected_search(client, library):
    response = client.get(SEARCH, {"q": "velferdsteknolgi"})
    html = response.content.decode()
    assert titles(response) == []
    assert "Mente du:" in html
    assert 'href="/anskaffelser/?q=velferdsteknologi">velferdsteknologi</a>' in html
    assert found(client, q="velferdsteknologi") == names(library, "trygge_hjem", "trondelag")


def test_no_suggestion_when_the_words_are_known(client, library):
    assert "Mente du" not in client.get(SEARCH, {"q": "velferdsteknologi"}).content.decode()


def test_words_of_a_newly_saved_case_are_suggested_at_once(client, library):
    CaseFactory(title="Hydrogenferge mellom øyene", summary="Kommunen ville kutte utslipp.")
    html = client.get(SEARCH, {"q": "hydrogenfege"}).content.decode()
    assert ">hydrogenferge</a>?" in html


def test_words_only_in_drafts_are_never_suggested(client, library):
    CaseFactory(title="Kvanteradar i hemmelighet", is_published=False, published_at=None)
    rebuild_word_list()
    assert "Mente du" not in client.get(SEARCH, {"q": "kvanteradr"}).content.decode()


# Drafts and highlighting -------------------------------------------------------------------


def test_drafts_are_never_found(client, library):
    assert library["utkast"].title not in found(client, q="velferdsteknologi asker")
    assert library["utkast"].title not in found(client)


def test_snippets_mark_the_matching_words(client, library):
    html = client.get(SEARCH, {"q": "demens"}).content.decode()
    assert "personer med <mark>demens</mark> kan bo trygt" in html


def test_compound_hits_are_marked_too(client, library):
    html = client.get(SEARCH, {"q": "buss"}).content.decode()
    assert "Førerløse <mark>elbussar</mark> på Ålgård" in html


def test_highlights_are_escaped_before_marking(client, library):
    CaseFactory(
        title="<script>alert('x')</script> Skriptsikkerhet i skolen",
        summary="Om skriptsikkerhet: <img src=x onerror=alert(1)> & mer.",
    )
    html = client.get(SEARCH, {"q": "skriptsikkerhet"}).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark>Skriptsikkerhet</mark>" in html
    assert "<mark>skriptsikkerhet</mark>: &lt;img src=x onerror=alert(1)&gt; &amp; mer." in html


# Facets ----------------------------------------------------------------------------------


def facet_counts(response) -> dict[tuple[str, str], int]:
    """{(parameter, value): count} for every facet checkbox on the page."""
    html = response.content.decode()
    pattern = re.compile(
        r'name="(\w+)" value="([^"]+)"(?: checked)?>\s*'
        r'<label[^>]*>[^<]*<span class="count">\((\d+)\)'
    )
    return {(name, value): int(n) for name, value, n in pattern.findall(html)}


def test_facet_counts_follow_the_query_and_the_other_filters(client, library):
    helse = Sector.objects.get(slug="helse-og-omsorg").pk
    oppvekst = Sector.objects.get(slug="oppvekst-og-utdanning").pk
    akershus, trondelag = (Region.objects.get(number=n).pk for n in ("32", "50"))
    response = client.get(SEARCH, {"q": "teknologi", "sektor": helse, "fylke": akershus})
    counts = facet_counts(response)

    assert titles(response) == [library["trygge_hjem"].title]
    # Sectors: counted with the query and the county, not with the chosen sector.
    assert counts[("sektor", str(helse))] == 1
    assert counts[("sektor", str(oppvekst))] == 1
    # Counties: counted with the query and the sector, not with the chosen county.
    assert counts[("fylke", str(akershus))] == 1
    assert counts[("fylke", str(trondelag))] == 1
    # Other facets: counted with everything.
    assert counts[("status", "completed")] == 1
    assert ("status", "planned") not in counts
    assert counts[("dialog", "ja")] == 1


def test_values_of_one_facet_combine_with_or_and_facets_with_and(client, library):
    helse = Sector.objects.get(slug="helse-og-omsorg").pk
    akershus, trondelag = (Region.objects.get(number=n).pk for n in ("32", "50"))
    both_counties = {"sektor": helse, "fylke": [akershus, trondelag]}
    assert found(client, **both_counties) == names(library, "trygge_hjem", "trondelag")
    assert found(client, **both_counties, status="ongoing") == set()


def test_every_facet_count_is_the_number_of_hits_after_choosing_it(client, library):
    response = client.get(SEARCH, {"q": "kommune or kommuner or kommunen", "gevinst": "ja"})
    for (name, value), count in facet_counts(response).items():
        chosen = client.get(SEARCH, {"q": "kommune or kommuner or kommunen", name: value})
        if name != "gevinst":
            chosen = client.get(
                SEARCH, {"q": "kommune or kommuner or kommunen", "gevinst": "ja", name: value}
            )
        assert len(titles(chosen)) == count, (name, value)


def test_flags_year_range_network_and_buyer_filters(client, library):
    network = library["trondelag"].origin_network
    baerum = library["laering"].casebuyer_set.get(is_lead=True).organization
    assert found(client, dialog="ja") == names(library, "trygge_hjem", "trondelag", "laering")
    assert found(client, gevinst="ja") == names(library, "trygge_hjem", "oksenoya")
    assert found(client, fra_aar=2018, til_aar=2019) == names(library, "trygge_hjem", "elbuss")
    assert found(client, nettverk=network.pk) == names(library, "trondelag")
    assert found(client, kjoper=baerum.pk) == names(library, "trygge_hjem", "laering", "oksenoya")
    assert found(client, type="innovativ-losning", prosedyre="innovasjonspartnerskap") == names(
        library, "elbuss"
    )
    assert found(client, fase="markedsdialog") == names(library, "laering", "avfall")


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
        ({"q": "x" * 300}, "Søk:"),
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


# Similar cases ---------------------------------------------------------------------------


def test_similar_cases_share_sector_cpv_procedure_or_words_never_self_or_drafts(library):
    similar = similar_cases(library["trygge_hjem"])
    assert 3 <= len(similar) <= 5
    assert similar[0] == library["trondelag"]  # same sector, CPV group and words
    assert library["trygge_hjem"] not in similar
    assert library["utkast"] not in similar


def test_the_case_page_shows_similar_cases(client, library):
    html = client.get(library["trygge_hjem"].get_absolute_url()).content.decode()
    section = html.split('aria-labelledby="lignende"', 1)[1]
    assert library["trondelag"].title in section
    assert library["utkast"].title not in section


def test_a_similar_case_unpublished_leaves_the_list_at_once(client, library):
    url = library["trygge_hjem"].get_absolute_url()
    assert library["trondelag"].title in client.get(url).content.decode()
    Case.objects.filter(pk=library["trondelag"].pk).update(is_published=False)
    section = client.get(url).content.decode().split('aria-labelledby="lignende"', 1)[1]
    assert library["trondelag"].title not in section


# Editing in the admin --------------------------------------------------------------------


class _FormFields(HTMLParser):
    """The values a browser would submit from the admin change form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            checkable = a.get("type") in ("checkbox", "radio")
            if checkable and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if checkable else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data.removeprefix("\n")


def admin_form(client, url: str) -> dict[str, list[str]]:
    """What the admin form at `url` would submit as it stands."""
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    return parser.data


def test_editing_a_case_in_the_admin_changes_what_search_finds_at_once(client, library, superuser):
    case = library["klasserom"]
    client.force_login(superuser)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_form(client, url)
    data["title"] = ["Robotstøvsugere i klasserommet"]
    data["sectors"] = [str(Sector.objects.get(slug="kultur-og-fritid").pk)]
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    client.logout()

    assert found(client, q="robotstøvsuger") == {"Robotstøvsugere i klasserommet"}
    assert found(client, q="fritid") == {"Robotstøvsugere i klasserommet"}  # new sector name
    assert "Robotstøvsugere i klasserommet" not in found(client, q="utdanning")  # old sector
    assert ">robotstøvsugere</a>?" in client.get(SEARCH, {"q": "robotstøvsugre"}).content.decode()


def test_changing_the_slug_in_the_admin_keeps_the_old_address_working(client, library, superuser):
    case = library["klasserom"]
    old_url = case.get_absolute_url()
    client.force_login(superuser)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_form(client, url)
    data["slug"] = ["robotstovsugere-i-klasserommet"]
    assert client.post(url, data).status_code == 302
    # The change page lists the old address, and saving it again changes nothing.
    assert client.post(url, admin_form(client, url)).status_code == 302
    client.logout()

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/anskaffelser/robotstovsugere-i-klasserommet/"


def test_another_cases_former_address_cannot_be_taken_so_old_links_keep_their_case(
    client, library, superuser
):
    moved, other = library["klasserom"], library["elbuss"]
    old_slug = moved.slug
    client.force_login(superuser)
    moved_url = reverse("admin:cases_case_change", args=[moved.pk])
    data = admin_form(client, moved_url)
    data["slug"] = ["robotstovsugere-i-klasserommet"]
    assert client.post(moved_url, data).status_code == 302

    other_url = reverse("admin:cases_case_change", args=[other.pk])
    data = admin_form(client, other_url)
    data["slug"] = [old_slug.upper()]  # typed in capitals: the same address
    response = client.post(other_url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"«{old_slug}» er en tidligere adresse til «{moved.title}»" in html
    other.refresh_from_db()
    assert other.slug != old_slug
    # A case may take back an address it had itself.
    data = admin_form(client, moved_url)
    data["slug"] = [old_slug]
    assert client.post(moved_url, data).status_code == 302
    client.logout()
    assert client.get(f"/anskaffelser/{old_slug}/").status_code == 200


def test_a_new_case_named_like_an_old_address_gets_an_address_of_its_own(library):
    moved = library["klasserom"]
    old_slug = moved.slug
    moved.slug = "robotstovsugere-i-klasserommet"
    moved.save()
    newcomer = Case.objects.create(title=library["klasserom"].title, summary="Ny sak.")
    assert newcomer.slug not in (old_slug, moved.slug)
    assert newcomer.slug.startswith(old_slug)


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
    with django_assert_max_num_queries(6):
        response = client.get(SEARCH, params)
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        client.get(SEARCH, {"q": "velferdsteknolgi"})  # no hits, with a suggestion
    # Without text the counts are cached: the first request counts them and stores them
    # (in this process and in the shared cache), the next page of that search reuses them.
    with django_assert_max_num_queries(9):
        client.get(SEARCH, {"side": 2})
    with django_assert_max_num_queries(3):  # the version, the names, the page's rows
        client.get(SEARCH, {"side": 3})


def test_result_cards_do_not_load_the_long_texts(client, library, django_assert_max_num_queries):
    # Seven at most: with two hits or fewer the page also looks for a "Mente du …?".
    with django_assert_max_num_queries(7) as captured:
        client.get(SEARCH, {"q": "velferdsteknologi"})
    page_query = next(q["sql"] for q in captured.captured_queries if "ts_headline" in q["sql"])
    select_list = page_query.split(" FROM ", 1)[0]
    # The long texts may appear only as arguments (to ts_headline), never as columns.
    for column in ("need", "approach", "results", "lessons", "search_names", "search_vector"):
        assert not re.search(rf'(SELECT |, )"cases_case"\."{column}"(,| FROM)', select_list)


def test_renaming_a_buyer_or_sector_in_the_admin_is_searchable_at_once(client):
    buyer = OrganizationFactory(name="Gamle Kommune")
    sector = SectorFactory(name="Gammel sektor", slug="gammel-sektor")
    CaseFactory(title="Smart matlevering", buyers=[buyer], sectors=[sector])
    client.force_login(UserFactory(username="sjef", is_staff=True, is_superuser=True))
    org_form = {
        "name": "Nyskapingsvik kommune",
        "org_number": buyer.org_number,
        "kind": buyer.kind,
        "municipality_number": "",
        "region": buyer.region_id,
        "website": "",
    }
    response = client.post(f"/admin/networks/organization/{buyer.pk}/change/", org_form)
    assert response.status_code == 302, response.content.decode()[:2000]
    sector_form = {"name": "Fjordsektor", "slug": "gammel-sektor", "description": ""}
    response = client.post(f"/admin/cases/sector/{sector.pk}/change/", sector_form)
    assert response.status_code == 302
    for word in ["Nyskapingsvik", "Fjordsektor"]:
        html = client.get("/anskaffelser/", {"q": word}).content.decode()
        assert "Smart matlevering" in html, word


def test_very_broad_searches_are_capped_and_say_so(client, library, monkeypatch):
    for module in ("cases.search.text", "cases.search.facets", "cases.search.results", "cases.views.browse"):
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


def test_common_words_are_not_looked_for_inside_compounds(library):
    rare = TextSearch.analyse("buss").positive_terms[0]
    assert rare.substring == "buss"
    common = replace(rare, documents=SUBSTRING_MAX_DOCUMENTS + 1)
    assert common.substring is None


def test_a_query_of_only_excluded_words_lists_everything_else(client):
    CaseFactory(title="Elbusser i Bergen", summary="Nye elbusser i bytrafikken.")
    CaseFactory(title="Digitalt tilsyn om natten", summary="Kameraer og sensorer hjemme.")
    for query in ["-elbusser", '-"elbusser i"', "-elbusser -bil"]:
        response = client.get(SEARCH, {"q": query})
        assert response.status_code == 200, query
        html = response.content.decode()
        assert "Digitalt tilsyn om natten" in html, query
        assert "Elbusser i Bergen" not in html, query


def test_facet_counts_made_by_one_worker_serve_the_others(client, settings):
    settings.IOA_PAGE_CACHE = False  # so that the view runs every time
    CaseFactory(title="Smart matlevering")
    client.get(SEARCH, {"fase": "behovsavklaring"})
    caching.facet_counts.clear()  # as in another gunicorn worker
    with CaptureQueriesContext(connection) as captured:
        assert client.get(SEARCH, {"fase": "behovsavklaring"}).status_code == 200
    assert not [q for q in captured.captured_queries if "WITH base AS MATERIALIZED" in q["sql"]]


def test_a_case_longer_than_a_database_page_is_found_and_shown_whole(client):
    # Case rows stay in one page up to about 8 kB (migration 0011); longer texts must
    # still be stored, found and shown in full.
    filler = " ".join(f"avsnitt{n} om kjøretøy og ladepunkter." for n in range(1200))
    case = CaseFactory(title="Lang anskaffelse", need=f"{filler} Til slutt: fjernvarmeanlegg.")
    assert len(case.need) > 40_000

    assert titles(client.get(SEARCH, {"q": "fjernvarmeanlegg"})) == ["Lang anskaffelse"]
    page = client.get(case.get_absolute_url()).content.decode()
    assert "avsnitt1199 om kjøretøy" in page
    assert "Til slutt: fjernvarmeanlegg." in page
