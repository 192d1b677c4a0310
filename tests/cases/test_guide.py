"""The getting-started guide at /kom-i-gang/: phase texts from the database and real examples."""

import pytest
from django.urls import reverse

from cases.models import Document, GuideText, Phase
from tests.factories import (
    BenefitAnalysisFactory,
    CaseFactory,
    DialogueConferenceFactory,
    DocumentFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


def phase_url(phase: str) -> str:
    return reverse("guide_phase", args=[phase])


def test_overview_walks_through_all_six_phases_in_order(client):
    response = client.get(reverse("guide"))

    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(phase_url(value)) for value in Phase.values]
    assert positions == sorted(positions)
    for label in ("Forankring", "Behovsavklaring", "Markedsdialog", "Konkurranse"):
        assert label in html
    assert "Kontrakt og utvikling" in html
    assert "Implementering og gevinstrealisering" in html


def test_seeded_texts_cover_every_phase_with_advice_and_pitfalls():
    texts = {text.phase: text for text in GuideText.objects.all()}

    assert set(texts) == set(Phase.values)
    for text in texts.values():
        assert text.intro and text.what_to_do and text.pitfalls


def test_market_dialogue_page_says_one_to_one_meetings_are_lawful(client):
    response = client.get(phase_url(Phase.MARKET_DIALOGUE))

    html = response.content.decode()
    assert "en-til-en" in html
    assert "lovlig" in html
    assert "24 prosent" in html


@pytest.mark.parametrize("phase", Phase.values)
def test_phase_page_lists_only_published_cases_of_that_phase(client, phase):
    other_phase = next(value for value in Phase.values if value != phase)
    CaseFactory(title="Publisert i fasen", phase=phase)
    CaseFactory(title="Utkast i fasen", phase=phase, is_published=False, published_at=None)
    CaseFactory(title="Publisert i en annen fase", phase=other_phase)

    response = client.get(phase_url(phase))

    assert response.status_code == 200
    titles = [case.title for case in response.context["cases"]]
    assert titles == ["Publisert i fasen"]
    html = response.content.decode()
    assert "Utkast i fasen" not in html
    assert "Publisert i en annen fase" not in html


def test_case_with_a_need_description_is_an_example_of_needs_assessment(client):
    case = CaseFactory(title="Nattilsyn", phase=Phase.COMPETITION)
    DocumentFactory(case=case, kind=Document.Kind.NEED_DESCRIPTION, title="Behovet for nattilsyn")
    DocumentFactory(case=case, kind=Document.Kind.CONTRACT, title="Signert kontrakt")

    response = client.get(phase_url(Phase.NEEDS))

    html = response.content.decode()
    assert "Nattilsyn" in html
    assert "Behovet for nattilsyn" in html
    assert "Signert kontrakt" not in html  # documents of other phases are not examples here


def test_best_documented_cases_come_first(client):
    CaseFactory(title="Uten dokumenter", phase=Phase.NEEDS)
    documented = CaseFactory(title="Med dokumenter", phase=Phase.NEEDS)
    DocumentFactory(case=documented, kind=Document.Kind.NEED_DESCRIPTION)

    response = client.get(phase_url(Phase.NEEDS))

    assert [c.title for c in response.context["cases"]] == ["Med dokumenter", "Uten dokumenter"]


def test_market_dialogue_examples_show_conference_figures(client):
    case = CaseFactory(title="Varme fra avløpsvann", phase=Phase.COMPETITION)
    DialogueConferenceFactory(case=case, invited_suppliers=35, attending_suppliers=17)

    response = client.get(phase_url(Phase.MARKET_DIALOGUE))

    html = response.content.decode()
    assert "Varme fra avløpsvann" in html
    assert "17 av 35 inviterte leverandører deltok" in html


def test_benefit_realisation_examples_show_benefits(client):
    case = CaseFactory(title="Smart matlevering", phase=Phase.CONTRACT)
    BenefitAnalysisFactory(case=case, description="Færre kjøreturer")

    response = client.get(phase_url(Phase.IMPLEMENTATION))

    html = response.content.decode()
    assert "Smart matlevering" in html
    assert "Færre kjøreturer" in html


def test_documents_of_unpublished_cases_never_appear(client):
    draft = CaseFactory(phase=Phase.NEEDS, is_published=False, published_at=None)
    DocumentFactory(case=draft, kind=Document.Kind.NEED_DESCRIPTION, title="Hemmelig utkast")

    response = client.get(phase_url(Phase.NEEDS))

    assert "Hemmelig utkast" not in response.content.decode()


def test_phase_without_examples_invites_sharing(client):
    response = client.get(phase_url(Phase.ANCHORING))

    html = response.content.decode()
    assert "Ingen publiserte anskaffelser har eksempler fra denne fasen ennå." in html
    assert reverse("cases:submit") in html


def test_overview_counts_examples_per_phase(client):
    CaseFactory.create_batch(2, phase=Phase.CONTRACT)

    response = client.get(reverse("guide"))

    contract = next(p for p in response.context["phases"] if p["value"] == Phase.CONTRACT)
    assert contract["example_count"] == 2
    assert (
        "2 anskaffelser i kunnskapsbanken har eksempler fra denne fasen."
        in response.content.decode()
    )


def test_unknown_phase_is_not_found(client):
    assert client.get("/kom-i-gang/finnes-ikke/").status_code == 404


def test_phase_page_works_when_its_text_was_deleted(client):
    GuideText.objects.filter(phase=Phase.CONTRACT).delete()

    response = client.get(phase_url(Phase.CONTRACT))

    assert response.status_code == 200
    assert "Kontrakt og utvikling" in response.content.decode()


def test_pages_link_to_the_previous_and_next_phase(client):
    html = client.get(phase_url(Phase.MARKET_DIALOGUE)).content.decode()

    assert f'href="{phase_url(Phase.NEEDS)}" rel="prev"' in html
    assert f'href="{phase_url(Phase.COMPETITION)}" rel="next"' in html


def admin_change_data(text: GuideText, **changes) -> dict:
    data = {
        "title": text.title,
        "intro": text.intro,
        "what_to_do": text.what_to_do,
        "pitfalls": text.pitfalls,
        "position": text.position,
    }
    return data | changes


def test_editing_a_guide_text_in_the_admin_changes_the_page(client, superuser):
    text = GuideText.objects.get(phase=Phase.NEEDS)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:cases_guidetext_change", args=[text.pk]),
        admin_change_data(
            text,
            title="Behovsavklaring: start med innbyggerne",
            pitfalls="- Ingen snakket med **brukerne** før konkurransen.",
        ),
    )

    assert response.status_code == 302
    client.logout()
    html = client.get(phase_url(Phase.NEEDS)).content.decode()
    assert "Behovsavklaring: start med innbyggerne" in html
    assert "Ingen snakket med <strong>brukerne</strong> før konkurransen." in html


def test_editors_may_edit_guide_texts(client, editor):
    text = GuideText.objects.get(phase=Phase.ANCHORING)
    client.force_login(editor)

    response = client.post(
        reverse("admin:cases_guidetext_change", args=[text.pk]),
        admin_change_data(text, title="Forankring i ledergruppen"),
    )

    assert response.status_code == 302
    text.refresh_from_db()
    assert text.title == "Forankring i ledergruppen"


def test_guide_text_markdown_is_sanitised(client):
    GuideText.objects.filter(phase=Phase.ANCHORING).update(
        pitfalls='<script>alert(1)</script>[lenke](javascript:alert(1)) <img src=x onerror="x">'
    )

    html = client.get(phase_url(Phase.ANCHORING)).content.decode()

    assert "<script>alert(1)" not in html
    assert "javascript:" not in html
    assert "onerror" not in html


def _cases_with_everything(n: int) -> None:
    buyer = OrganizationFactory()
    for _i in range(n):
        case = CaseFactory(phase=Phase.MARKET_DIALOGUE, buyers=[buyer, OrganizationFactory()])
        DocumentFactory(case=case, kind=Document.Kind.DIALOGUE_INVITATION)
        DocumentFactory(case=case, kind=Document.Kind.MARKET_ANALYSIS)
        DialogueConferenceFactory(case=case)
        BenefitAnalysisFactory(case=case)


@pytest.mark.parametrize("n", [1, 6])
@pytest.mark.parametrize("phase", [Phase.MARKET_DIALOGUE, Phase.IMPLEMENTATION, Phase.NEEDS])
def test_phase_page_queries_do_not_grow(client, django_assert_max_num_queries, n, phase):
    _cases_with_everything(n)

    with django_assert_max_num_queries(8):
        response = client.get(phase_url(phase))

    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_overview_queries_do_not_grow(client, django_assert_max_num_queries, n):
    _cases_with_everything(n)

    with django_assert_max_num_queries(4):
        response = client.get(reverse("guide"))

    assert response.status_code == 200
