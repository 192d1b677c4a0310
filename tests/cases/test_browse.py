"""The search page and the front page as a visitor sees them: layout, cards, paging, budget."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import Case, DialogueConference, Sector
from networks.models import Region
from tests.factories import CaseFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("cases:list")


def test_search_page_has_a_labelled_search_box_in_a_search_landmark(client):
    html = client.get(SEARCH).content.decode()
    assert "<search>" in html and "<h1>Anskaffelser</h1>" in html
    assert '<label for="q">Søk i anskaffelser, eller beskriv behovet ditt</label>' in html
    # A box for a word or a paragraph (the need search).
    assert '<textarea id="q" name="q"' in html
    assert 'aria-describedby="search-tips"' in html and 'id="search-tips"' in html


def test_result_card_shows_buyers_county_years_status_phase_and_sectors(client):
    buyers = [OrganizationFactory(name="Bærum kommune"), OrganizationFactory(name="Asker kommune")]
    CaseFactory(
        title="Digital læringsplattform",
        buyers=buyers,
        sectors=[Sector.objects.get(slug="oppvekst-og-utdanning")],
        region=Region.objects.get(number="32"),
        start_year=2021,
        end_year=2024,
        status=Case.Status.ONGOING,
        phase=Case.Phase.MARKET_DIALOGUE,
        is_demo=True,
    )
    html = client.get(SEARCH).content.decode()
    card = re.search(r'<article class="case-card">.*?</article>', html, re.S).group(0)
    assert "<span>Bærum kommune, Asker kommune</span>" in card  # the lead buyer first
    assert "<span>Akershus</span>" in card and "<span>2021–2024</span>" in card
    for badge in ("Pågår", "Markedsdialog", "Oppvekst og utdanning", "Demo"):
        assert f">{badge}</span>" in card


def test_facets_are_fieldsets_with_legends_and_labelled_checkboxes(client):
    helse = Sector.objects.get(slug="helse-og-omsorg")
    CaseFactory(sectors=[helse], status=Case.Status.COMPLETED)
    html = client.get(SEARCH).content.decode()
    assert "<legend>Sektor</legend>" in html and "<legend>Status</legend>" in html
    checkbox = f'id="f-sektor-{helse.pk}" name="sektor" value="{helse.pk}"'
    assert checkbox in html
    assert (
        f'<label for="f-sektor-{helse.pk}">Helse og omsorg <span class="count">(1)</span>' in html
    )
    assert '<label for="fra_aar">Fra</label>' in html


def test_a_new_search_keeps_the_chosen_filters(client):
    helse = Sector.objects.get(slug="helse-og-omsorg")
    CaseFactory(sectors=[helse])
    html = client.get(SEARCH, {"sektor": helse.pk, "q": "behovet"}).content.decode()
    search_form = html.split("<search>", 1)[1].split("</search>", 1)[0]
    assert f'<input type="hidden" name="sektor" value="{helse.pk}">' in search_form
    facet_form = html.split('id="filtre"', 1)[1]
    assert '<input type="hidden" name="q" value="behovet">' in facet_form


def test_clearing_filters_keeps_the_query(client):
    helse = Sector.objects.get(slug="helse-og-omsorg")
    CaseFactory(sectors=[helse])
    html = client.get(SEARCH, {"sektor": helse.pk, "q": "behovet"}).content.decode()
    assert '<a href="/anskaffelser/?q=behovet">Fjern alle filtre</a>' in html


def test_pages_hold_twenty_cases_and_take_a_short_tail_along(client):
    CaseFactory.create_batch(23)
    html = client.get(SEARCH).content.decode()
    assert html.count('<article class="case-card">') == 23  # 3 orphans join page one
    assert 'class="pagination"' not in html
    CaseFactory.create_batch(2)
    html = client.get(SEARCH).content.decode()
    assert html.count('<article class="case-card">') == 20
    assert '<a href="?side=2" rel="next">' in html


def test_sorting_links_offer_relevance_only_with_a_query(client):
    CaseFactory()
    assert ">Relevans</a>" not in client.get(SEARCH).content.decode()
    html = client.get(SEARCH, {"q": "behovet"}).content.decode()
    assert 'aria-current="true">Relevans</a>' in html
    assert '<a href="?q=behovet&amp;sorter=tittel">Tittel A–Å</a>' in html


def test_page_has_no_inline_scripts_or_styles(client):
    CaseFactory()
    html = client.get(SEARCH, {"q": "behovet"}).content.decode()
    # Scripts only as files (the CSP forbids inline ones), loaded with defer.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert all(' src="/static/' in attrs and " defer" in attrs for attrs, _ in scripts), scripts
    assert all(not body.strip() for _, body in scripts)
    assert "style=" not in html and " onclick" not in html


def test_a_search_without_hits_offers_the_corrected_spelling_once(client):
    CaseFactory(title="Velferdsteknologi i hjemmet")
    html = client.get(SEARCH, {"q": "velferdsteknolgi"}).content.decode()
    assert "0 anskaffelser" in html and "Ingen anskaffelser passer søket." in html
    assert html.count('<a href="/anskaffelser/?q=velferdsteknologi">') == 1
    assert "Mente du:" in html


def test_a_search_without_hits_has_no_filter_column_but_its_filters_can_be_removed(client):
    CaseFactory(title="Velferdsteknologi i hjemmet", status=Case.Status.ONGOING, start_year=2020)
    with_hits = client.get(SEARCH).content.decode()
    assert '<div class="search-layout with-filters">' in with_hits
    assert 'id="filtre"' in with_hits and 'href="#filtre"' in with_hits

    for params in ({"q": "sjøfly"}, {"q": "sjøfly", "status": "completed", "fra_aar": "2019"}):
        html = client.get(SEARCH, params).content.decode()
        assert "0 anskaffelser" in html
        # Nothing to narrow down: no filter column, no room kept for one, no link to it.
        assert '<div class="search-layout">' in html
        assert 'id="filtre"' not in html and 'href="#filtre"' not in html
    # The chosen filters are still listed, each with its own remove link.
    assert "Status: Gjennomført" in html and "Startår fra 2019" in html
    assert '<a href="/anskaffelser/?q=sj%C3%B8fly">Fjern alle filtre</a>' in html


def test_filters_that_find_nothing_still_show_the_choices_that_would(client):
    CaseFactory(title="Velferdsteknologi i hjemmet", status=Case.Status.ONGOING)
    html = client.get(SEARCH, {"status": "completed"}).content.decode()
    assert "0 anskaffelser" in html
    assert '<div class="search-layout with-filters">' in html and 'id="filtre"' in html
    assert re.search(
        r'name="status" value="ongoing">\s*<label[^>]*>Pågår <span class="count">\(1\)', html
    )


@pytest.mark.parametrize("prefix", ["/nn", "/en"])
def test_search_works_in_the_other_languages(client, prefix):
    CaseFactory(title="Førerløse busser")
    response = client.get(f"{prefix}/anskaffelser/", {"q": "busser"})
    translation.activate("nb")  # the request left its language active in this thread
    assert response.status_code == 200
    assert "Førerløse <mark>busser</mark>" in response.content.decode()


# Front page ------------------------------------------------------------------------------


def test_front_page_offers_search_counts_newest_cases_and_sectors(client):
    helse = Sector.objects.get(slug="helse-og-omsorg")
    CaseFactory(title="Velferdsteknologi i Levanger", sectors=[helse])
    CaseFactory(title="Utkastet", is_published=False, published_at=None, sectors=[helse])
    html = client.get(reverse("home")).content.decode()
    assert f'action="{SEARCH}"' in html and 'name="q"' in html
    assert "1 publisert anskaffelse" in html
    assert "Velferdsteknologi i Levanger" in html and "Utkastet" not in html
    assert f'href="{SEARCH}?sektor={helse.pk}">Helse og omsorg' in html


@pytest.mark.parametrize("n", [1, 12])
def test_front_page_queries_do_not_grow(client, django_assert_max_num_queries, n):
    org = OrganizationFactory()
    CaseFactory.create_batch(n, buyers=[org], sectors=list(Sector.objects.all()[:3]))
    with django_assert_max_num_queries(5):
        assert client.get(reverse("home")).status_code == 200


def test_cached_facet_counts_follow_new_cases_sectors_and_dialogue_conferences(client):
    health = Sector.objects.get(slug="helse-og-omsorg")
    case = CaseFactory(title="Trygghetsalarm", sectors=[health])
    first = client.get(SEARCH, {"sektor": health.pk}).context
    assert first["total"] == 1
    CaseFactory(title="Medisindispenser", sectors=[health])
    assert client.get(SEARCH, {"sektor": health.pk}).context["total"] == 2
    assert client.get(SEARCH, {"dialog": "ja"}).context["total"] == 0
    DialogueConference.objects.create(case=case, held_on="2024-03-01")
    assert client.get(SEARCH, {"dialog": "ja"}).context["total"] == 1


def test_a_long_buyer_facet_lists_fifty_and_points_to_the_search_box(client):
    from cases.views.browse import FACET_MORE, FACET_TOP

    buyers = OrganizationFactory.create_batch(FACET_TOP + FACET_MORE + 3)
    for buyer in buyers:
        CaseFactory(buyers=[buyer])
    html = client.get(SEARCH).content.decode()
    listed = re.findall(r'name="kjoper" value="(\d+)"', html)
    assert len(listed) == FACET_TOP + FACET_MORE
    assert "Vis 40 til" in html
    assert "… og 3 til med færre treff. Skriv navnet i søkefeltet for å finne dem." in html
    # A chosen buyer beyond the list is still shown, ticked, so it can be unticked.
    last = buyers[-1].pk if str(buyers[-1].pk) not in listed else buyers[0].pk
    html = client.get(SEARCH, {"kjoper": last}).content.decode()
    assert f'name="kjoper" value="{last}" checked' in html


@pytest.mark.parametrize(
    ("param", "label"), [("dialog", "Uten dialogkonferanse"), ("gevinst", "Uten gevinstanalyse")]
)
def test_a_without_filter_is_shown_ticked_and_can_be_removed(client, param, label):
    with_it = CaseFactory(title="Med alt")
    DialogueConference.objects.create(case=with_it, held_on="2024-01-10")
    with_it.benefits.create(kind="tid", description="Spart tid")
    CaseFactory(title="Uten noe")
    html = client.get(SEARCH, {param: "nei"}).content.decode()
    assert "1 anskaffelse" in html and "Uten noe" in html and "Med alt" not in html
    assert f'name="{param}" value="nei" checked' in html  # kept by the filter form
    assert f"{label} <span aria-hidden" in html  # the active filter, with its remove link
    assert "Fjern alle filtre" in html
