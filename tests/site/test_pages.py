import pytest
from django.urls import reverse

from tests.factories import CaseFactory


@pytest.mark.django_db
def test_front_page_has_search_box_and_counts(client):
    CaseFactory(title="Førerløse busser i Gjesdal")
    CaseFactory(title="Utkast", is_published=False, published_at=None)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nb">' in html
    assert 'name="q"' in html and 'type="search"' in html
    assert "1 publisert anskaffelse" in html
    assert "Førerløse busser i Gjesdal" in html
    assert "Utkast" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/om/", "/personvern/"])
def test_site_pages_have_skip_link_landmarks_and_navigation(client, url):
    html = client.get(url).content.decode()
    assert 'href="#main"' in html and '<main id="main"' in html
    for label in ["Anskaffelser", "Læringsnettverk", "Statistikk", "Om"]:
        assert f">{label}</a>" in html
    assert reverse("privacy") in html


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Vi fant ikke siden" in response.content.decode()
