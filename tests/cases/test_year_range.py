"""The start-year range (fra_aar/til_aar) narrows a text search: its hits, its total and
the counts beside every filter, in every sort order, and in the exports and the API.

Dropping the range from the text search, or leaving it out of the facet counts, gives
wrong hits and wrong numbers that look plausible; these tests count them independently.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, SectorFactory

pytestmark = pytest.mark.django_db

WORD = "skoleskyss"
# (title, start year, phase, sector); every title but the last holds the word.
SPECS = [
    ("Skoleskyss med selvkjørende buss", 2018, "markedsdialog", "a"),
    ("Trygg skoleskyss på landet", 2020, "markedsdialog", "a"),
    ("Skoleskyss bestilt i app", 2021, "konkurranse", "b"),
    ("Skoleskyss for elever med behov for tilrettelegging", 2022, "markedsdialog", "a"),
    ("Elektrisk skoleskyss i fjordene", 2024, "konkurranse", "b"),
    ("Velferdsteknologi i hjemmet", 2021, "markedsdialog", "a"),  # no WORD
]


@pytest.fixture
def cases(db):
    sectors = {
        "a": SectorFactory(name="Årstest samferdsel", slug="arstest-samferdsel"),
        "b": SectorFactory(name="Årstest oppvekst", slug="arstest-oppvekst"),
    }
    made = []
    for title, year, phase, sector in SPECS:
        made.append(
            CaseFactory(title=title, start_year=year, phase=phase, sectors=[sectors[sector]])
        )
    return made, sectors


def within(year: int, low: int | None, high: int | None) -> bool:
    return (low is None or year >= low) and (high is None or year <= high)


def expected_hits(low, high) -> list[int]:
    """Indexes into SPECS of the cases the search must find."""
    return [
        i
        for i, (title, year, _phase, _sector) in enumerate(SPECS)
        if WORD in title.lower() and within(year, low, high)
    ]


def hit_urls(html: str) -> set[str]:
    return set(re.findall(r'<article class="case-card">\s*<h3><a href="([^"]+)"', html))


def facet_counts(html: str) -> dict[tuple[str, str], int]:
    """(name, value) -> the count the filter column shows beside the checkbox."""
    pattern = (
        r'<input type="checkbox" id="[^"]*" name="([^"]+)" value="([^"]+)"[^>]*>\s*'
        r'<label[^>]*>.*?<span class="count">\((\d+)\)</span>'
    )
    return {(n, v): int(c) for n, v, c in re.findall(pattern, html, re.S)}


def year_counts(html: str) -> dict[int, int]:
    select = re.search(r'<select id="fra_aar" name="fra_aar">(.*?)</select>', html, re.S)
    assert select, "no start-year select"
    return {int(y): int(n) for y, n in re.findall(r'value="(\d+)"[^>]*>\d+ \((\d+)\)', select[1])}


def range_params(low, high) -> dict:
    params = {"q": WORD}
    if low is not None:
        params["fra_aar"] = low
    if high is not None:
        params["til_aar"] = high
    return params


RANGES = [
    pytest.param(2020, 2022, id="2020-2022"),
    pytest.param(2021, None, id="from-2021"),
    pytest.param(None, 2020, id="until-2020"),
    pytest.param(2022, 2022, id="one-year"),
]


@pytest.mark.parametrize("sort", ["relevans", "nyeste", "tittel"])
@pytest.mark.parametrize(("low", "high"), RANGES)
def test_year_range_restricts_the_hits_of_a_text_search(client, cases, low, high, sort):
    made, _sectors = cases
    html = client.get(reverse("cases:list"), range_params(low, high) | {"sorter": sort})
    html = html.content.decode()

    wanted = expected_hits(low, high)
    assert hit_urls(html) == {made[i].get_absolute_url() for i in wanted}
    assert f"{len(wanted)} anskaffelse" in html


@pytest.mark.parametrize(("low", "high"), RANGES)
def test_year_range_restricts_the_facet_counts_of_a_text_search(client, cases, low, high):
    _made, sectors = cases
    html = client.get(reverse("cases:list"), range_params(low, high)).content.decode()

    wanted = [SPECS[i] for i in expected_hits(low, high)]
    counts = facet_counts(html)
    phases = Counter(phase for _t, _y, phase, _s in wanted)
    for phase in ("markedsdialog", "konkurranse"):
        assert counts.get(("fase", phase), 0) == phases[phase], phase
    in_sector = Counter(sector for _t, _y, _p, sector in wanted)
    for key, sector in sectors.items():
        assert counts.get(("sektor", str(sector.pk)), 0) == in_sector[key], sector.name


def test_the_year_choices_count_the_text_search_hits_of_each_year(client, cases):
    html = client.get(reverse("cases:list"), range_params(2020, 2022)).content.decode()
    # Each year counts the cases with the word in that year (the range does not hide the
    # years outside it, so that it can be widened); 2021's case without the word is not
    # counted.
    assert year_counts(html) == {2018: 1, 2020: 1, 2021: 1, 2022: 1, 2024: 1}


def test_a_year_range_without_text_restricts_hits_and_counts(client, cases):
    made, _sectors = cases
    html = client.get(reverse("cases:list"), {"fra_aar": 2021, "til_aar": 2021}).content.decode()
    assert hit_urls(html) == {made[2].get_absolute_url(), made[5].get_absolute_url()}
    counts = facet_counts(html)
    assert counts[("fase", "markedsdialog")] == 1
    assert counts[("fase", "konkurranse")] == 1


@pytest.mark.parametrize(("low", "high"), RANGES)
def test_year_range_restricts_a_text_search_in_the_exports_and_the_api(client, cases, low, high):
    made, _sectors = cases
    wanted = {made[i].slug for i in expected_hits(low, high)}
    params = range_params(low, high)

    exported = json.loads(b"".join(client.get(reverse("cases:export_json"), params)))
    assert {case["url"].rstrip("/").rsplit("/", 1)[-1] for case in exported["cases"]} == wanted
    api = client.get(reverse("api:case-list"), params).json()
    assert {case["slug"] for case in api["results"]} == wanted
