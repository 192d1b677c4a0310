"""The language menu links to the current page in the other languages: it keeps the whole
search, and writes no empty parameters (fra_aar=&til_aar=) into the links (issue 16)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from ioa_portal.context_processors import without_empty_parameters

pytestmark = pytest.mark.django_db


class LanguageLinks(HTMLParser):
    """The menu's links by language code (the <a hreflang> of the language menu)."""

    def __init__(self):
        super().__init__()
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("hreflang"):
            self.links[attrs["hreflang"]] = attrs["href"]


def language_links(response) -> dict[str, str]:
    assert response.status_code == 200
    parser = LanguageLinks()
    parser.feed(response.content.decode())
    return parser.links


def cases_url(language: str) -> str:
    with translation.override(language):
        return reverse("cases:list")


def test_links_to_other_languages_leave_out_empty_parameters(client):
    query = "q=skole&fra_aar=&til_aar=&sektor=&sorter=nyeste"

    links = language_links(client.get(f"{cases_url('nb')}?{query}"))

    for language in ("nb", "nn", "en"):
        href = links[language]
        assert urlsplit(href).path == cases_url(language)
        assert parse_qsl(urlsplit(href).query, keep_blank_values=True) == [
            ("q", "skole"),
            ("sorter", "nyeste"),
        ], href
        assert "fra_aar" not in href and "til_aar" not in href and "sektor" not in href


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_links_keep_every_parameter_with_a_value(client, language):
    query = (
        "q=%C2%ABeldre%C2%BB+-buss+%26+mer&sektor=3&sektor=5&fra_aar=2021&til_aar=&"
        "fylke=&side=2&status=planned"
    )

    links = language_links(client.get(f"{cases_url(language)}?{query}"))

    expected = [
        ("q", "«eldre» -buss & mer"),
        ("sektor", "3"),
        ("sektor", "5"),
        ("fra_aar", "2021"),
        ("side", "2"),
        ("status", "planned"),
    ]
    for other in ("nb", "nn", "en"):
        href = links[other]
        assert urlsplit(href).path == cases_url(other)
        assert parse_qsl(urlsplit(href).query, keep_blank_values=True) == expected, href


def test_a_query_of_only_empty_parameters_leaves_no_question_mark(client):
    links = language_links(client.get(f"{cases_url('nn')}?fra_aar=&til_aar=&q="))

    assert links["nb"] == cases_url("nb")
    assert links["en"] == cases_url("en")


def test_pages_without_a_query_link_to_the_same_page():
    assert without_empty_parameters("/anskaffelser/") == "/anskaffelser/"
    assert without_empty_parameters("/anskaffelser/?") == "/anskaffelser/"


def test_parameters_are_kept_exactly_as_written():
    assert (
        without_empty_parameters("/a/?q=gr%C3%B8nn+vei&&fra_aar=&x&til_aar=2024&q=%20")
        == "/a/?q=gr%C3%B8nn+vei&til_aar=2024&q=%20"
    )


def test_a_page_in_one_language_only_offers_no_links_that_lead_back_to_itself(client):
    """The API's documentation lives outside the language prefixes (/nn/api/ is not an
    address): its menu would offer three links to the same page."""
    html = client.get("/api/").content.decode()
    assert language_links(client.get("/api/")) == {}
    assert 'class="lang-nav"' not in html
    assert language_links(client.get("/om/")) == {"nb": "/om/", "nn": "/nn/om/", "en": "/en/om/"}
