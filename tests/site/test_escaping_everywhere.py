"""Names typed by editors (or sent in through the share form) are text, never markup:
a sector, a public body and a case named like an attack appear escaped in the facets, the
active-filter chips, the result cards, the case page, the statistics and the Atom feed."""

from __future__ import annotations

import html
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from networks.models import Region
from tests.factories import CaseFactory, OrganizationFactory, SectorFactory

pytestmark = pytest.mark.django_db

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(params=HOSTILE, ids=["script", "attribute-break"])
def hostile(request, db):
    """A sector, a buyer and a case title that are each the hostile text (with a word
    around it, so that the three can be told apart)."""
    text = request.param
    sector = SectorFactory(name=f"Sektor {text}", slug="fiendtlig-sektor")
    buyer = OrganizationFactory(name=f"Kommune {text}")
    case = CaseFactory(
        title=f"Velferd {text}",
        sectors=[sector],
        buyers=[buyer],
        region=Region.objects.get(number="46"),
    )
    return {"text": text, "sector": sector, "buyer": buyer, "case": case}


def names(h) -> list[str]:
    return [h["sector"].name, h["buyer"].name, h["case"].title]


def part(page: str, start: str, end: str) -> str:
    """The part of the page from the element that begins with `start` to `end`."""
    match = re.search(re.escape(start) + r".*?" + re.escape(end), page, re.S)
    assert match, f"no {start!r} on the page"
    return match.group(0)


def assert_escaped(page: str, text: str, where: str = "page") -> None:
    assert text not in page, f"{text!r} unescaped in the {where}"


def search_page(client, h, **params) -> str:
    query = {"sektor": h["sector"].pk, "kjoper": h["buyer"].pk} | params
    response = client.get(reverse("cases:list"), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["", "/nn", "/en"])
def test_hostile_names_are_escaped_on_the_search_page(client, hostile, language):
    response = client.get(
        language + reverse("cases:list"),
        {"sektor": hostile["sector"].pk, "kjoper": hostile["buyer"].pk},
    )
    page = response.content.decode()

    assert_escaped(page, hostile["text"])
    facets = part(page, '<aside class="facets"', "</aside>")
    chips = part(page, '<div class="active-filters">', "</div>")
    cards = part(page, '<ul class="card-list">', "</ul>")
    for name in (hostile["sector"].name, hostile["buyer"].name):
        assert html.escape(name) in facets, name
        assert html.escape(name) in chips, name
    for name in names(hostile):
        assert html.escape(name) in cards, name


def test_hostile_names_are_escaped_in_highlighted_hits(client, hostile):
    # A text search marks the words it found in the title: built from escaped text.
    page = search_page(client, hostile, q="velferd alert")
    assert_escaped(page, hostile["text"])
    cards = part(page, '<ul class="card-list">', "</ul>")
    assert "<mark>" in cards
    assert "&lt;" in cards  # the title's brackets, as text


def test_hostile_names_are_escaped_on_the_case_page(client, hostile):
    page = client.get(hostile["case"].get_absolute_url()).content.decode()
    assert_escaped(page, hostile["text"])
    for name in names(hostile):
        assert html.escape(name) in page or html.escape(name, quote=False) in page, name


def test_hostile_names_are_escaped_on_the_statistics_page(client, hostile):
    page = client.get(reverse("statistics"), {"sektor": hostile["sector"].pk}).content.decode()
    assert_escaped(page, hostile["text"])
    assert html.escape(hostile["sector"].name, quote=False) in page.replace("&quot;", '"')


def test_hostile_names_are_text_in_the_atom_feed(client, hostile):
    body = b"".join(client.get(reverse("cases:feed"))).decode()
    assert_escaped(body, hostile["text"], "feed")

    feed = ElementTree.fromstring(body)  # noqa: S314 - our own output
    (entry,) = feed.findall(f"{ATOM}entry")
    title = entry.find(f"{ATOM}title")
    # Plain text, escaped once: a feed reader shows exactly the name.
    assert title.get("type") in (None, "text")
    assert title.text == hostile["case"].title
    assert entry.find(f"{ATOM}author/{ATOM}name").text == hostile["buyer"].name
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [hostile["sector"].name]


def test_a_hostile_filter_name_is_escaped_in_the_feed_title_and_links(client, hostile):
    body = b"".join(
        client.get(reverse("cases:feed"), {"sektor": hostile["sector"].pk, "q": "velferd"})
    ).decode()
    assert_escaped(body, hostile["text"], "feed")
    ElementTree.fromstring(body)  # noqa: S314 - still well-formed XML
