"""Feeds, exports, sitemap.xml and robots.txt: formats, filters, streaming, query budget."""

import csv
import io
import json
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from cases.models import Sector
from tests.factories import CaseFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xml(response) -> ElementTree.Element:
    return ElementTree.fromstring(b"".join(response))  # noqa: S314 - our own output


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def test_exports_follow_the_filters_of_the_search(client):
    helse = Sector.objects.get(slug="helse-og-omsorg")
    CaseFactory(title="Trygghetsalarm", sectors=[helse])
    CaseFactory(title="Skolemat")
    rows = csv_rows(client.get(reverse("cases:export_csv"), {"sektor": helse.pk}))
    assert [row[0] for row in rows[1:]] == ["Trygghetsalarm"]
    data = json.loads(b"".join(client.get(reverse("cases:export_json"), {"sektor": helse.pk})))
    assert [case["title"] for case in data["cases"]] == ["Trygghetsalarm"]


def test_exports_of_an_empty_search_are_still_valid_files(client):
    rows = csv_rows(client.get(reverse("cases:export_csv"), {"q": "finnesikke"}))
    assert len(rows) == 1 and rows[0][0] == "Tittel"
    data = json.loads(b"".join(client.get(reverse("cases:export_json"), {"q": "finnesikke"})))
    assert data == {"cases": [], "count": 0}


def test_bad_parameters_never_break_a_feed(client):
    CaseFactory()
    response = client.get(reverse("cases:feed"), {"side": "x", "sektor": "abc", "fra_aar": "3000x"})
    assert response.status_code == 200
    assert b"".join(response) != b""


@pytest.mark.parametrize("name", ["cases:export_csv", "cases:export_json"])
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 2001}, "Søk:"),
        ({"sektor": "abc"}, "Sektor: «abc» er ikke et gyldig nummer."),
        ({"sektor": "999999"}, "Fant ingen sektor med nummer 999999"),
        ({"fra_aar": "3000x"}, "Startår fra: Oppgi et heltall."),
    ],
)
def test_an_export_of_a_search_it_cannot_follow_is_refused_with_the_reason(
    client, name, params, message
):
    """The search page goes on without a bad part and says so; a file cannot say so, and
    would hold other cases than the ones asked for."""
    CaseFactory(title="Trygghetsalarm")
    response = client.get(reverse(name), params)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vi kunne ikke lage filen" in html and message in html
    assert "Trygghetsalarm" not in html
    # Back to the same search, where the page shows what it set aside.
    back = reverse("cases:list") + "?"
    assert f'<a href="{back}' in html


def test_exports_are_streamed_and_served_as_attachments(client):
    CaseFactory()
    for name, content_type in [
        ("cases:export_csv", "text/csv; charset=utf-8"),
        ("cases:export_json", "application/json; charset=utf-8"),
    ]:
        response = client.get(reverse(name))
        assert response.streaming
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("n", [2, 40])
def test_export_and_feed_queries_do_not_grow_with_rows(
    client, django_assert_max_num_queries, settings, n
):
    settings.IOA_PAGE_CACHE = False  # the views' own queries (see test_page_cache.py)
    org = OrganizationFactory()
    CaseFactory.create_batch(n, buyers=[org], sectors=list(Sector.objects.all()[:2]))
    with django_assert_max_num_queries(5):
        assert len(csv_rows(client.get(reverse("cases:export_csv")))) == n + 1
    # With a text: the content version and the synonym list kept under it, once.
    with django_assert_max_num_queries(7):
        data = json.loads(b"".join(client.get(reverse("cases:export_json"), {"q": "behovet"})))
        assert data["count"] == n
    with django_assert_max_num_queries(5):
        feed = xml(client.get(reverse("cases:feed")))
        assert len(feed.findall(f"{ATOM}entry")) == n


def test_feed_keeps_to_the_fifty_newest(client):
    CaseFactory.create_batch(55)
    assert len(xml(client.get(reverse("cases:feed"))).findall(f"{ATOM}entry")) == 50


def test_sitemap_lists_published_cases_in_every_language(client):
    published = CaseFactory(title="Publisert sak")
    draft = CaseFactory(title="Utkast", is_published=False, published_at=None)
    index = xml(client.get("/sitemap.xml"))
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-anskaffelser.xml" in sections
    urls = [loc.text for loc in xml(client.get("/sitemap-anskaffelser.xml")).iter(f"{SITEMAP}loc")]
    assert f"http://testserver{published.get_absolute_url()}" in urls
    assert f"http://testserver/nn{published.get_absolute_url()}" in urls
    assert f"http://testserver/en{published.get_absolute_url()}" in urls
    assert not any(draft.slug in url for url in urls)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_parts(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for path in ("/admin/", "/koordinator/", "/anskaffelser/eksport.csv", "/anskaffelser/?"):
        assert f"Disallow: {path}\n" in text


@pytest.mark.django_db
def test_a_search_feed_points_to_itself_with_the_search(client):
    CaseFactory(title="Elbusser i Bergen")
    xml = client.get(reverse("cases:feed"), {"q": "elbusser"}).content.decode()
    assert 'rel="self"' in xml
    assert "/anskaffelser/feed/?q=elbusser" in xml


@pytest.mark.django_db
def test_sitemap_lists_cases_networks_and_guide_phases(client):
    from tests.factories import LearningNetworkFactory

    case = CaseFactory(title="Elbusser i Bergen")
    network = LearningNetworkFactory(slug="vest")
    index = client.get("/sitemap.xml").content.decode()
    pages = "".join(
        client.get(f"/sitemap-{section}.xml").content.decode()
        for section in ["sider", "anskaffelser", "nettverk", "veiledning"]
        if f"sitemap-{section}.xml" in index
    )
    assert case.get_absolute_url() in pages
    assert network.get_absolute_url() in pages
    assert "/kom-i-gang/markedsdialog/" in pages
