"""The need search (issue 18): one box takes a word or a paragraph; a description is ranked
as a whole by words and by meaning, and each hit says why it is there."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases.models import Case, SynonymGroup
from cases.search import semantic
from tests.factories import CaseFactory

SEARCH = reverse("cases:list")


@pytest.fixture
def with_vectors(db):
    if not semantic.available():
        pytest.skip("no vector search here (no pgvector, or IOA_VECTOR_SEARCH off): words only")


def slugs(response) -> list[str]:
    return re.findall(r'<h3><a href="/anskaffelser/([^/"]+)/">', response.content.decode())


def reasons(response) -> list[str]:
    return re.findall(r'<p class="reason">(.*?)</p>', response.content.decode())


def test_the_reason_names_the_needs_words_the_case_holds(client, db):
    CaseFactory(title="Gatelys som sparer strøm om natten", summary="Belysning med sensorer.")
    response = client.get(SEARCH, {"q": "vi trenger gatelys som bruker mindre strøm om natten"})
    assert slugs(response)
    assert "<strong>Treff på:</strong> gatelys" in reasons(response)[0]


def test_a_short_query_that_finds_enough_stays_the_precise_search(client, db):
    CaseFactory.create_batch(3, title="Velferdsteknologi i kommunen")
    response = client.get(SEARCH, {"q": "velferdsteknologi kommunen"})
    assert "ligner på behovet" not in response.content.decode()
    assert len(slugs(response)) == 3


def test_a_short_query_that_finds_almost_nothing_is_ranked_as_a_need(client, db):
    CaseFactory(title="Ensomhet hos eldre som bor alene", summary="Besøksvenner og digitale møter.")
    response = client.get(SEARCH, {"q": "ensomhet blant eldre innbyggere"})
    assert "ligner på behovet" in response.content.decode()
    assert slugs(response)


def test_search_syntax_keeps_the_precise_search_and_modus_chooses_either_way(client, db):
    CaseFactory(title="Smart matlevering til hjemmeboende eldre med behov for hjelp")
    words = "smart matlevering til hjemmeboende eldre"
    quoted = client.get(SEARCH, {"q": f'"{words}" -buss'})
    assert "ligner på behovet" not in quoted.content.decode()
    precise = client.get(SEARCH, {"q": words, "modus": "presis"})
    assert "ligner på behovet" not in precise.content.decode()
    need = client.get(SEARCH, {"q": "matlevering", "modus": "behov"})
    assert "ligner på behovet" in need.content.decode()
    # The page offers the other mode, keeping the search.
    assert "modus=presis" in client.get(SEARCH, {"q": words}).content.decode()


@pytest.mark.parametrize("typed", ["maltid", "maaltid", "MAALTID"])
def test_a_word_typed_without_aeoeaa_is_found_like_the_correctly_spelt_word(client, db, typed):
    meal = CaseFactory(title="Bedre måltider på sykehjem", summary="Måltidet er dagens høydepunkt.")
    CaseFactory(title="Malte vegger i skolen")
    correct = slugs(client.get(SEARCH, {"q": "måltid"}))
    assert slugs(client.get(SEARCH, {"q": typed})) == correct == [meal.slug]


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("laeremidler", "Digitale læremidler for grunnskolen"),
        ("sjoevannsvarme", "Sjøvannsvarme til svømmehallen"),
        ("sjovannsvarme", "Sjøvannsvarme til svømmehallen"),
    ],
)
def test_ae_oe_aa_spellings_find_the_word_in_both_modes(client, db, typed, title):
    case = CaseFactory(title=title)
    assert slugs(client.get(SEARCH, {"q": typed})) == [case.slug]
    need = f"vi ser etter {typed} som andre kommuner har kjøpt"
    assert case.slug in slugs(client.get(SEARCH, {"q": need}))


@pytest.mark.parametrize("word", ["redusere", "ensomhet", "hjelp", "gatelys", "street"])
def test_mente_du_never_replaces_a_real_word(client, db, word):
    CaseFactory(title="Produsere virksomhet gater")  # the words it used to "correct" to
    response = client.get(SEARCH, {"q": word, "modus": "presis"})
    assert "Mente du" not in response.content.decode()


def test_mente_du_still_corrects_a_typo_that_finds_cases(client, db):
    CaseFactory(title="Velferdsteknologi i Bærum")
    call_command("rebuild_search_index", "--no-embeddings", stdout=None)
    html = client.get(SEARCH, {"q": "velferdsteknlogi"}).content.decode()
    assert "Mente du" in html and "velferdsteknologi" in html


def test_an_editors_synonym_group_works_in_both_modes(client, db):
    case = CaseFactory(title="Nytt gatelys langs fylkesveien")
    assert slugs(client.get(SEARCH, {"q": "veilys"})) == [case.slug]  # seeded group
    SynonymGroup.objects.create(terms="snøsmelting, varmekabler i fortau")
    melt = CaseFactory(title="Varmekabler i fortau ved skolen")
    assert slugs(client.get(SEARCH, {"q": "snøsmelting"})) == [melt.slug]
    need = "vi vil ha snøsmelting på fortauene rundt skolen om vinteren"
    assert melt.slug in slugs(client.get(SEARCH, {"q": need}))


def test_a_synonym_group_needs_two_terms(admin_client):
    response = admin_client.post(
        reverse("admin:cases_synonymgroup_add"), {"terms": "bare ett ord", "note": ""}
    )
    assert response.status_code == 200
    assert "minst to ord" in response.content.decode()
    assert not SynonymGroup.objects.filter(terms="bare ett ord").exists()


def test_a_need_over_2000_characters_is_refused_with_a_message_and_kept_in_the_box(client, db):
    text = "Vi trenger en bedre løsning. " * 700  # about 20,000 characters
    html = client.get(SEARCH, {"q": text}).content.decode()
    assert "2000" in html and "Vi så bort fra det" in html
    assert text.strip()[:200] in html  # still in the box, not lost


def test_without_pgvector_the_need_search_ranks_by_words_and_says_so(client, db, monkeypatch):
    monkeypatch.setattr(semantic, "available", lambda using="default": False)
    case = CaseFactory(title="Gatelys som sparer strøm om natten")
    html = client.get(SEARCH, {"q": "vi trenger gatelys som bruker mindre strøm"}).content.decode()
    assert "Søk etter mening er ikke tilgjengelig på denne serveren" in html
    assert case.slug in html


def test_healthz_says_whether_matching_by_meaning_is_available(client, db):
    payload = client.get("/healthz").json()
    assert payload["semantic_search"] == ("ok" if semantic.available() else "unavailable")


def test_vector_search_switched_off_keeps_every_vector_function_away(client, db, settings):
    """IOA_VECTOR_SEARCH=false (the embedded pgvector on a CPU without AVX-512, where a
    vector function crashes the server): nothing asks PostgreSQL for vectors, and the need
    search answers by words."""
    settings.IOA_VECTOR_SEARCH = False
    assert not semantic.extension_available()
    assert not semantic.available()
    assert not semantic.ensure_schema()
    case = CaseFactory(title="Gatelys som sparer strøm om natten")
    html = client.get(SEARCH, {"q": "vi trenger gatelys som bruker mindre strøm"}).content.decode()
    assert "Søk etter mening er ikke tilgjengelig på denne serveren" in html
    assert case.slug in html
    assert client.get("/healthz").json()["semantic_search"] == "unavailable"


def test_saving_a_case_embeds_it_again_only_when_its_text_changed(db, with_vectors, settings):
    case = CaseFactory(title="Digital tvilling av vannledningsnettet")
    assert semantic.refresh_embeddings([case.pk]) == 1
    assert semantic.refresh_embeddings([case.pk]) == 0
    Case.objects.filter(pk=case.pk).update(summary="Sensorer i hele nettet varsler lekkasjer.")
    assert semantic.refresh_embeddings([case.pk]) == 1


@pytest.mark.parametrize("extra", [1, 12])
def test_need_search_page_queries_do_not_grow_with_hits(
    client, db, django_assert_max_num_queries, settings, extra
):
    settings.IOA_PAGE_CACHE = False
    for i in range(extra):
        CaseFactory(title=f"Trygghet for eldre hjemme {i}", summary="Sensorer varsler fall.")
    with django_assert_max_num_queries(16):
        response = client.get(SEARCH, {"q": "eldre som bor hjemme faller og får ikke hjelp"})
    assert response.status_code == 200
