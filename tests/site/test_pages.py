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
    assert '<textarea id="home-q" name="q"' in html and "<search>" in html
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


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["x{}", "sektor"])
def test_a_query_string_with_too_many_values_is_a_friendly_400(client, caplog, param):
    # Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS (1 000) fields.
    query = "&".join(f"{param.format(n)}=1" for n in range(1_500))
    with caplog.at_level("INFO", logger="ioa_portal.requests"):
        response = client.get(f"/anskaffelser/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vi forsto ikke forespørselen" in html and 'href="/anskaffelser/"' in html
    assert '<html lang="nb">' in html
    logged = [r for r in caplog.records if r.getMessage() == "GET /anskaffelser/ 400"]
    assert len(logged) == 1 and logged[0].query_keys is None


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "label"), [("", "Behov"), ("/nn", "Behov"), ("/en", "Needs")])
def test_every_page_leads_to_the_needs_board(client, prefix, label):
    """A procurement officer with a need finds the board from the menu, on any page."""
    for url in ["/", "/anskaffelser/", "/nettverk/"]:
        html = client.get(prefix + url).content.decode()
        assert f'<a href="{prefix}/behov/">{label}</a>' in html, url
    html = client.get(prefix + "/behov/").content.decode()
    assert f'<a href="{prefix}/behov/" aria-current="page">{label}</a>' in html
