"""Matching words: inflected forms, compounds, nynorsk/bokmål word pairs, query syntax,
names of buyers, sectors and counties, æ/ø/å, "Mente du …?", drafts and highlights
(cases/search/text.py).

On the small fixed library of Norwegian cases in conftest.py; see helpers.py.
"""

import random
import re
from dataclasses import replace

import pytest
from django.db import connection

from cases.models import Case
from cases.search import text
from cases.search.index import rebuild_word_list
from cases.search.text import SUBSTRING_MAX_DOCUMENTS, TextSearch, parse_query
from tests.cases.search.helpers import SEARCH, found, names, titles
from tests.factories import (
    CaseFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


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


def _plan(search) -> str:
    sql, params = search.filter(Case.objects.all()).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tiny table would be scanned
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_compound_matching_finds_the_longer_words_in_the_vocabulary(library):
    # "elbussar" holds "buss": its stem is looked up through the search vector's index,
    # without scanning every title and summary.
    term = TextSearch.analyse("buss").positive_terms[0]
    assert "elbuss" in term.inside and "buss" not in term.inside  # the stem is a whole word
    plan = _plan(TextSearch.analyse("buss"))
    assert "cases_case_search_gin" in plan
    assert "trgm" not in plan and "Seq Scan on cases_case" not in plan


def test_a_compound_written_into_a_case_is_found_inside_at_once(client):
    # The vocabulary behind compound matching is kept by a trigger as cases are saved.
    case = CaseFactory(title="Ferje over fjorden", summary="Ferjen går hver time.")
    CaseFactory(title="Elbuss i byen", summary="Bussen går på strøm.")  # "buss" is a word
    assert found(client, q="buss") == {"Elbuss i byen"}
    case.title = "Ferjen og gatebussane"
    case.save()
    assert found(client, q="buss") == {"Elbuss i byen", "Ferjen og gatebussane"}
    assert "gatebuss" in TextSearch.analyse("buss").positive_terms[0].inside


def test_a_stem_inside_the_words_of_many_cases_is_looked_for_by_trigram_index(
    client, library, monkeypatch
):
    through_vocabulary = found(client, q="buss")
    monkeypatch.setattr(text, "INSIDE_MAX_DOCUMENTS", 0)  # every holder counts as too common
    assert TextSearch.analyse("buss").positive_terms[0].inside is None
    plan = _plan(TextSearch.analyse("buss"))
    assert "cases_case_title_trgm" in plan and "cases_case_summary_trgm" in plan
    assert "Seq Scan on cases_case" not in plan
    assert found(client, q="buss") == through_vocabulary == names(library, "elbuss")


# Stems, some of them inside longer words of the titles and summaries below, some only in
# the long texts, which a stem inside a word does not search.
_PARTS = ["buss", "ferje", "skole", "helse", "lys", "vann", "sensor", "plan", "senter"]
_BEFORE = ["el", "by", "nat", "grunn", "e-", "sjø", ""]
_ENDINGS = ["", "en", "er", "ene", "ar", "ane", "et", "a", "s"]


def _varied_texts(rng: random.Random, count: int) -> list[dict]:
    def phrase() -> str:
        words = []
        for _ in range(rng.randint(2, 5)):
            part = rng.choice(_PARTS)
            word = rng.choice(_BEFORE) + part + rng.choice(["", "", "tilsyn", "løsning"])
            words.append(word + rng.choice(_ENDINGS))
        return " ".join(words).capitalize() + rng.choice([".", ",", ""])

    return [
        {
            "title": phrase()[:120],
            "summary": f"{phrase()} {phrase()}",
            "need": phrase(),
            "approach": phrase(),
        }
        for _ in range(count)
    ]


def test_the_vocabulary_finds_the_same_cases_as_scanning_titles_and_summaries(client, monkeypatch):
    """On generated texts (compounds with and without hyphens, inflections, words only in
    the long texts), every query finds the same cases either way."""
    for fields in _varied_texts(random.Random(23), 60):
        CaseFactory(**fields)
    queries = [*_PARTS, "bussen", "skolene", "planene", "sensorløsning", "vannsenter", "nattlys"]

    def every_hit(search) -> set[int]:
        return set(search.filter(Case.objects.published()).values_list("pk", flat=True))

    by_vocabulary, pages = {}, {}
    looked_up = 0
    for query in queries:
        search = TextSearch.analyse(query)
        looked_up += sum(1 for term in search.positive_terms if term.substring and term.inside)
        by_vocabulary[query] = every_hit(search)
        pages[query] = titles(client.get(SEARCH, {"q": query}))
    assert looked_up >= len(_PARTS) - 2  # most took the vocabulary's way
    assert sum(bool(hits) for hits in by_vocabulary.values()) >= len(queries) - 2
    monkeypatch.setattr(text, "INSIDE_MAX_DOCUMENTS", -1)
    for query in queries:
        search = TextSearch.analyse(query)
        assert search.positive_terms[0].inside is None
        assert every_hit(search) == by_vocabulary[query], query
        assert titles(client.get(SEARCH, {"q": query})) == pages[query], query


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


def _snippets(response) -> dict[str, str]:
    """Each result card's title (without markup) and its snippet's HTML."""
    cards = re.findall(
        r'<h3><a href="[^"]*">(.*?)</a></h3>.*?<p class="snippet">(.*?)</p>',
        response.content.decode(),
        re.S,
    )
    return {re.sub(r"<[^>]+>", "", title): snippet for title, snippet in cards}


def test_the_snippet_marks_the_word_in_whichever_long_text_holds_it(client):
    """The snippet parses only the texts the search vector says hold the word (summary and
    need, or approach, results and lessons); on generated cases, the word is marked
    whenever a long text holds it, and only then."""
    rng = random.Random(23)
    filler = [
        "Kommunen kartla behovet sammen med brukerne.",
        "Leverandørene fikk presentere løsninger i en dialogkonferanse.",
        "Prosjektet ble evaluert etter to år i drift.",
        "Ansatte i hjemmetjenesten testet flere løsninger.",
        "Gevinstene ble målt i sparte kjøreturer.",
    ]
    fields = ("summary", "need", "approach", "results", "lessons")
    buyer = OrganizationFactory(name="Solcelletak kommune")
    holders = {}
    for n in range(30):
        texts = {f: " ".join(rng.choices(filler, k=rng.randint(0, 40))) for f in fields}
        texts["summary"] = texts["summary"] or rng.choice(filler)
        held_in = rng.sample(fields, k=rng.choice([0, 1, 1, 1, 2]))
        for field in held_in:
            words = texts[field].split()
            at = rng.randint(0, len(words))
            texts[field] = " ".join([*words[:at], "Vi satte opp solcelletak.", *words[at:]])
        named = n % 5 == 0  # the word is then in the names the case is found by too
        case = CaseFactory(title=f"Energiprosjekt {n}", buyers=[buyer] if named else [], **texts)
        if held_in or named:
            holders[case.title] = bool(held_in)
    snippets = {}
    for page in (1, 2):
        snippets |= _snippets(client.get(SEARCH, {"q": "solcelletak", "side": page}))
    assert set(snippets) == set(holders)
    for title, snippet in snippets.items():
        assert ("<mark>solcelletak</mark>" in snippet) == holders[title], (title, snippet)


def test_a_word_only_in_the_lessons_is_shown_from_there(client):
    CaseFactory(
        title="Ny kantine på rådhuset",
        summary="Kommunen ville servere sunnere mat til de ansatte.",
        need="Kantinen var for liten. " * 30,
        lessons="Vi lærte at en markedsdialog om matsvinn sparer penger.",
    )
    snippet = _snippets(client.get(SEARCH, {"q": "matsvinn"}))["Ny kantine på rådhuset"]
    assert snippet.startswith("… ")
    assert "markedsdialog om <mark>matsvinn</mark> sparer penger" in snippet


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


# Compounds and excluded words ---------------------------------------------------------


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
