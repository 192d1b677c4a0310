"""The need search on the demo cases with their embeddings (loaded once for the module and
rolled back after it, so no other module sees them)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from cases.search import semantic

SEARCH = reverse("cases:list")


# The demo data is loaded once for the module inside one transaction: its tests run on one
# worker, one after another, never between transactional tests (make test: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("demo-data")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo cases with their embeddings, once for the module (rolled back after it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo_data", stdout=None)
            semantic.refresh_embeddings()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def with_vectors(db):
    if not semantic.available():
        pytest.skip("no vector search here (no pgvector, or IOA_VECTOR_SEARCH off): words only")


def slugs(response) -> list[str]:
    return re.findall(r'<h3><a href="/anskaffelser/([^/"]+)/">', response.content.decode())


def reasons(response) -> list[str]:
    return re.findall(r'<p class="reason">(.*?)</p>', response.content.decode())


@pytest.mark.parametrize(
    ("need", "answers"),
    [
        (
            "Hjemmeboende skal få hjelp raskt hvis de faller, også når de ikke klarer å "
            "varsle selv",
            {"tryggere-hverdag-hjemmeboende-baerum", "fallsensorer-sykehjem-hamar"},
        ),
        (
            "pasientene våre med KOLS blir lagt inn på sykehus gang på gang",
            {"digital-hjemmeoppfolging-alver", "digital-hjemmeoppfolging-ous"},
        ),
        (
            "korleis kan kommunen handtere overvatn når det regnar mykje",
            {"blagronn-overvannshandtering-drammen"},
        ),
    ],
)
def test_a_need_written_as_a_sentence_finds_a_case_that_answers_it_with_the_reason(
    client, demo, with_vectors, need, answers
):
    response = client.get(SEARCH, {"q": need})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Viser anskaffelser som ligner på behovet du beskrev" in html
    assert answers & set(slugs(response)[:5])
    listed = reasons(response)
    assert listed and all("Treff på:" in r or r == "Ligner i innhold" for r in listed)


def test_need_mode_goes_with_the_search_to_facets_exports_feed_and_api(client, demo, with_vectors):
    need = "mange fall blant beboerne på sykehjemmet om natta"
    page = slugs(client.get(SEARCH, {"q": need, "sorter": "relevans"}))
    api = client.get(reverse("api:case-list"), {"q": need, "page_size": 100}).json()
    # The API lists the same cases (in its stable harvesting order, not by relevance).
    assert len(page) < 20
    assert {case["slug"] for case in api["results"]} == set(page)
    exported = client.get(reverse("cases:export_json"), {"q": need})
    body = b"".join(exported.streaming_content).decode()
    assert page[0] in body
    feed = client.get(reverse("cases:feed"), {"q": need})
    assert feed.status_code == 200 and page[0] in feed.content.decode()
    stats = client.get(reverse("statistics"), {"q": need})
    assert stats.status_code == 200


@pytest.mark.parametrize(
    "text",
    [
        "x" * 2000,
        "og i på av det som en",
        "?!.,;:",
        "🚌🚲🌧️ " * 10,
        "vannmåler\x00 som leses av automatisk",
        '<script>alert("x")</script> vi trenger bedre skolebusser',
        "elderly people fall at home and nobody notices until the morning",
    ],
)
def test_odd_needs_give_a_normal_page(client, demo, db, text):
    response = client.get(SEARCH, {"q": text})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_similar_cases_of_the_fall_sensor_case_are_about_falls_and_safety(
    client, demo, with_vectors
):
    html = client.get(
        reverse("cases:detail", args=["fallsensorer-sykehjem-hamar"])
    ).content.decode()
    similar = html.split("fallsensorer-sykehjem-hamar", 1)[-1]
    assert "sensorer-avfallsbeholdere-bergen" not in similar.split("</main>")[0][-4000:]
