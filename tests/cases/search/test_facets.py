"""The facets and their counts (cases/search/facets.py).

On the small fixed library of Norwegian cases in conftest.py; see helpers.py.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import caching
from cases.models import Sector
from networks.models import Region
from tests.cases.search.helpers import SEARCH, found, names, titles
from tests.factories import (
    CaseFactory,
)

pytestmark = pytest.mark.django_db


# Facets ----------------------------------------------------------------------------------


def facet_counts(response) -> dict[tuple[str, str], int]:
    """{(parameter, value): count} for every facet checkbox on the page."""
    html = response.content.decode()
    pattern = re.compile(
        r'name="(\w+)" value="([^"]+)"(?: checked)?>\s*'
        r'<label[^>]*>[^<]*<span class="count">\((\d+)\)'
    )
    return {(name, value): int(n) for name, value, n in pattern.findall(html)}


def test_facet_counts_follow_the_query_and_the_other_filters(client, library):
    helse = Sector.objects.get(slug="helse-og-omsorg").pk
    oppvekst = Sector.objects.get(slug="oppvekst-og-utdanning").pk
    akershus, trondelag = (Region.objects.get(number=n).pk for n in ("32", "50"))
    response = client.get(SEARCH, {"q": "teknologi", "sektor": helse, "fylke": akershus})
    counts = facet_counts(response)

    assert titles(response) == [library["trygge_hjem"].title]
    # Sectors: counted with the query and the county, not with the chosen sector.
    assert counts[("sektor", str(helse))] == 1
    assert counts[("sektor", str(oppvekst))] == 1
    # Counties: counted with the query and the sector, not with the chosen county.
    assert counts[("fylke", str(akershus))] == 1
    assert counts[("fylke", str(trondelag))] == 1
    # Other facets: counted with everything.
    assert counts[("status", "completed")] == 1
    assert ("status", "planned") not in counts
    assert counts[("dialog", "ja")] == 1


def test_values_of_one_facet_combine_with_or_and_facets_with_and(client, library):
    helse = Sector.objects.get(slug="helse-og-omsorg").pk
    akershus, trondelag = (Region.objects.get(number=n).pk for n in ("32", "50"))
    both_counties = {"sektor": helse, "fylke": [akershus, trondelag]}
    assert found(client, **both_counties) == names(library, "trygge_hjem", "trondelag")
    assert found(client, **both_counties, status="ongoing") == set()


def test_every_facet_count_is_the_number_of_hits_after_choosing_it(client, library):
    response = client.get(SEARCH, {"q": "kommune or kommuner or kommunen", "gevinst": "ja"})
    for (name, value), count in facet_counts(response).items():
        chosen = client.get(SEARCH, {"q": "kommune or kommuner or kommunen", name: value})
        if name != "gevinst":
            chosen = client.get(
                SEARCH, {"q": "kommune or kommuner or kommunen", "gevinst": "ja", name: value}
            )
        assert len(titles(chosen)) == count, (name, value)


def test_flags_year_range_network_and_buyer_filters(client, library):
    network = library["trondelag"].origin_network
    baerum = library["laering"].casebuyer_set.get(is_lead=True).organization
    assert found(client, dialog="ja") == names(library, "trygge_hjem", "trondelag", "laering")
    assert found(client, gevinst="ja") == names(library, "trygge_hjem", "oksenoya")
    assert found(client, fra_aar=2018, til_aar=2019) == names(library, "trygge_hjem", "elbuss")
    assert found(client, nettverk=network.pk) == names(library, "trondelag")
    assert found(client, kjoper=baerum.pk) == names(library, "trygge_hjem", "laering", "oksenoya")
    assert found(client, type="innovativ-losning", prosedyre="innovasjonspartnerskap") == names(
        library, "elbuss"
    )
    assert found(client, fase="markedsdialog") == names(library, "laering", "avfall")


def test_facet_counts_made_by_one_worker_serve_the_others(client, settings):
    settings.IOA_PAGE_CACHE = False  # so that the view runs every time
    CaseFactory(title="Smart matlevering")
    client.get(SEARCH, {"fase": "behovsavklaring"})
    caching.facet_counts.clear()  # as in another gunicorn worker
    with CaptureQueriesContext(connection) as captured:
        assert client.get(SEARCH, {"fase": "behovsavklaring"}).status_code == 200
    assert not [q for q in captured.captured_queries if "WITH base AS MATERIALIZED" in q["sql"]]
