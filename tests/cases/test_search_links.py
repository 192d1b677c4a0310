"""Every link from a result page to another view of it carries the search, and back."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import CaseFactory, SectorFactory

SEARCH = {"q": ["skolevei"], "fase": ["markedsdialog"], "fra_aar": ["2021"]}


@pytest.fixture
def cases(db):
    school = SectorFactory(name="Test: oppvekst", slug="test-oppvekst")
    CaseFactory(title="Trygg skolevei", phase="markedsdialog", start_year=2022, sectors=[school])
    CaseFactory(title="Skolevei for alle", phase="markedsdialog", start_year=2019)
    CaseFactory(title="Skolevei i konkurranse", phase="konkurranse", start_year=2023)
    CaseFactory(title="Sykehjem", phase="markedsdialog", start_year=2023)


def links(page: str) -> dict[str, str]:
    """Link text -> address, for every link of the page."""
    found = {}
    for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', page, re.S):
        found.setdefault(re.sub(r"<[^>]+>", "", text).strip(), unescape(href))
    return found


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


@pytest.mark.parametrize("prefix", ["", "/nn", "/en"])
def test_every_other_view_of_a_result_page_carries_its_search(client, cases, prefix):
    page = client.get(
        f"{prefix}/anskaffelser/",
        {**SEARCH, "sorter": "nyeste", "side": "1", "til_aar": ""},
    ).content.decode()
    wanted = {
        "": ("Last ned CSV", "Last ned JSON", "Vis som statistikk"),
        "/nn": ("Last ned CSV", "Last ned JSON", "Vis som statistikk"),
    }.get(prefix)
    found = links(page)
    addresses = (
        [found[text] for text in wanted]
        if wanted
        else [u for u in found.values() if re.search(r"(eksport\.\w+|statistikk/)\?", u)]
    )
    # "Følg søket" leads to a page with the email alert and the search's feed address.
    follow = next(u for u in found.values() if "/varsel/?" in u)
    follow_page = client.get(follow).content.decode()
    feed = re.search(r'<code class="feed-url">([^<]+)</code>', follow_page).group(1)
    addresses.append(unescape(feed))
    assert len(addresses) == 4, found
    for address in addresses:
        params = query(address)
        assert {name: params.get(name) for name in SEARCH} == SEARCH, address
        assert "side" not in params and "til_aar" not in params, address

    # The views find the same one case as the page.
    if not prefix:
        text = body(client.get(found["Last ned CSV"]))
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
        assert [row[0] for row in rows] == ["Trygg skolevei"], rows
        data = json.loads(body(client.get(found["Last ned JSON"])))
        items = data if isinstance(data, list) else data.get("results") or data.get("cases")
        assert len(items) == 1
        feed_text = body(client.get(unescape(feed)))
        assert "Trygg skolevei" in feed_text and "Skolevei for alle" not in feed_text


def test_statistics_of_a_search_link_back_to_the_same_search(client, cases):
    page = client.get("/statistikk/", {**SEARCH, "til_aar": ""}).content.decode()
    assert "Flest anskaffelser" in page
    found = links(page)
    back = query(found["Se anskaffelsene i søket"])
    assert back == SEARCH
    chart_links = re.findall(r'<a href="(/anskaffelser/\?[^"]*)"', page)
    assert len(chart_links) > 10
    for address in map(unescape, chart_links):
        params = query(address)
        assert params.get("q") == ["skolevei"], address
        assert "til_aar" not in params or params["til_aar"] != [""], address
        # A row overrides one filter (a year, a sector); every other filter stays.
        if "fra_aar" in params and params.get("til_aar") == params["fra_aar"]:
            assert params.get("fase") == ["markedsdialog"], address
        elif "fase" not in params:
            pytest.fail(f"a chart link lost the phase: {address}")
    # The selection form sends the search's text along.
    assert '<input type="hidden" name="q" value="skolevei">' in page


def test_the_pages_own_links_never_write_empty_parameters(client, db):
    CaseFactory.create_batch(25, phase="markedsdialog")
    page = client.get(
        "/anskaffelser/", {"fase": "markedsdialog", "fra_aar": "", "til_aar": "", "q": ""}
    ).content.decode()
    main = page[page.index("<main") :]  # the language menu keeps the address as it is

    hrefs = [unescape(href) for href in re.findall(r'href="([^"]*\?[^"]*)"', main)]
    assert any("side=2" in href for href in hrefs), "no link to page 2"
    assert any("sorter=" in href for href in hrefs), "no sort links"
    for href in hrefs:
        params = query(href)
        assert all(value != [""] for value in params.values()), href


def test_the_apply_button_is_also_at_the_top_of_the_filter_column(client, cases):
    page = client.get("/anskaffelser/").content.decode()
    column = page[page.index('<aside class="facets"') :]
    assert column.count("Bruk filtrene</button>") == 2
    assert column.index("Bruk filtrene</button>") < column.index('<fieldset class="facet">')
    assert '<script src="/static/js/search-filters.js" defer></script>' in page
