"""Links from a result page to other views of the same result keep the search.

An officer who searched and filtered, then clicked "Vis som statistikk", must see the
figures of her search, not the national totals; the feed, CSV and JSON links likewise
download what she found, and the way back from the statistics leads to the same search.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from networks.models import Region
from tests.factories import CaseFactory, SectorFactory

pytestmark = pytest.mark.django_db

# The parameters that select cases (README: "Parameters"); the others (sorter, side) only
# say how to show them.
SEARCH_PARAMETERS = (
    "q",
    "sektor",
    "fase",
    "prosedyre",
    "status",
    "type",
    "fylke",
    "kjoper",
    "nettverk",
    "fra_aar",
    "til_aar",
    "dialog",
    "gevinst",
)


class Links(HTMLParser):
    """The hrefs of the page's own links: <a> inside <main> (not the site menu) and the
    <link> elements of the head (the feed's rel="alternate")."""

    def __init__(self):
        super().__init__()
        self.in_main = False
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "main":
            self.in_main = True
        elif href and (tag == "link" or (tag == "a" and self.in_main)):
            self.hrefs.append(href)

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False


def hrefs(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


def path(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


def search_params(href: str) -> dict[str, list[str]]:
    query = parse_qs(urlsplit(href).query)
    return {name: sorted(values) for name, values in query.items() if name in SEARCH_PARAMETERS}


@pytest.fixture
def search(db):
    """Four cases with the word; the search below selects two of them."""
    health = SectorFactory(name="Lenketest helse", slug="lenketest-helse")
    other = SectorFactory(name="Lenketest skole", slug="lenketest-skole")
    oslo, vestland = Region.objects.get(number="03"), Region.objects.get(number="46")
    for title, sector, region, year in [
        ("Velferdsteknologi i Oslo", health, oslo, 2021),
        ("Velferdsteknologi i Vestland", health, vestland, 2023),
        ("Velferdsteknologi for skolen", other, oslo, 2022),
        ("Velferdsteknologi fra 2015", health, oslo, 2015),
    ]:
        CaseFactory(
            title=title, sectors=[sector], region=region, start_year=year, phase="markedsdialog"
        )
    return [
        ("q", "velferdsteknologi"),
        ("sektor", str(health.pk)),
        ("fylke", str(oslo.pk)),
        ("fylke", str(vestland.pk)),
        ("fase", "markedsdialog"),
        ("fra_aar", "2020"),
        ("til_aar", "2024"),
        ("sorter", "tittel"),
    ]


def expected(params) -> dict[str, list[str]]:
    chosen: dict[str, list[str]] = {}
    for name, value in params:
        if name in SEARCH_PARAMETERS:
            chosen.setdefault(name, []).append(value)
    return {name: sorted(values) for name, values in chosen.items()}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize(
    "view", ["statistics", "cases:feed", "cases:export_csv", "cases:export_json"]
)
def test_every_link_from_a_result_page_to_another_view_keeps_the_search(
    client, search, language, view
):
    page = client.get(path("cases:list", language), search)
    assert page.status_code == 200
    target = path(view, language)
    links = [href for href in hrefs(page.content.decode()) if urlsplit(href).path == target]

    assert links, f"the result page has no link to {target}"
    for href in links:
        assert search_params(href) == expected(search), href


def test_vis_som_statistikk_shows_the_figures_of_the_search_not_the_national_totals(client, search):
    page = client.get(reverse("cases:list"), search).content.decode()
    assert "2 anskaffelser" in page  # Oslo 2021 and Vestland 2023

    (href,) = [h for h in hrefs(page) if urlsplit(h).path == reverse("statistics")]
    statistics = client.get(href).content.decode()

    published = re.search(r"<dt>Publiserte anskaffelser</dt>\s*<dd><a [^>]*>(\d+)</a>", statistics)
    assert published and published.group(1) == "2"
    assert "Tallene om anskaffelser gjelder bare dem som passer til søket" in statistics


def test_the_way_back_from_the_statistics_leads_to_the_same_search(client, search):
    statistics = client.get(reverse("statistics"), search).content.decode()
    back = [h for h in hrefs(statistics) if urlsplit(h).path == reverse("cases:list")]
    kept = [h for h in back if search_params(h) == expected(search)]
    assert kept, back


def test_the_feed_links_back_to_the_same_search_and_to_itself(client, search):
    feed = b"".join(client.get(reverse("cases:feed"), search)).decode()
    links = re.findall(r'<link [^>]*href="([^"]+)"', feed)
    for name in ("cases:list", "cases:feed"):
        targets = [
            href.replace("&amp;", "&") for href in links if urlsplit(href).path == reverse(name)
        ]
        assert targets, name
        assert all(search_params(href) == expected(search) for href in targets), targets
