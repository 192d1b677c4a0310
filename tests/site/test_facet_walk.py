"""Every facet value the search page offers, on every view of a search, in every language:
no answer is a server error.

The URL fuzz test cannot find errors that depend on the data (two sectors with the same
count, a county with one case). So the values are read from the filter column of the
rendered search page, whatever the data holds, and sent alone, combined with a text query
and each sort order, to the search page, /statistikk/, the feed, the CSV and JSON exports
and the API. Two kinds of data: the demo data, and small generated data sets shaped to
produce ties, empty groups and single cases.

Exports are streamed: an error while streaming (after the 200 was sent) counts as a failure.
"""

from __future__ import annotations

import random
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from cases.models import Case
from networks.models import Organization, Region
from tests.factories import (
    BenefitAnalysisFactory,
    CaseFactory,
    DialogueConferenceFactory,
    OrganizationFactory,
    SectorFactory,
)

LANGUAGES = ("nb", "nn", "en")
SORT_ORDERS = ("relevans", "nyeste", "tittel")
# Views under the language prefix (none for bokmål, /nn/, /en/).
PAGES = ("cases:list", "statistics")
DOWNLOADS = ("cases:feed", "cases:export_csv", "cases:export_json")
# The open data API has no language prefix (ioa_portal/urls.py).
API = "api:case-list"


class FilterColumn(HTMLParser):
    """The (name, value) pairs the filter column of /anskaffelser/ offers: every facet
    checkbox and every year of the two start-year selects."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.select: str | None = None
        self.pairs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "aside" and "facets" in (attributes.get("class") or "").split():
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and attributes.get("type") == "checkbox":
            self.pairs.append((attributes["name"], attributes["value"]))
        elif tag == "select":
            self.select = attributes.get("name")
        elif tag == "option" and self.select and attributes.get("value"):
            self.pairs.append((self.select, attributes["value"]))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "aside":
            self.inside = False


def offered_values(client: Client, language: str = "nb", **params) -> list[tuple[str, str]]:
    """What the search page offers to tick, in page order, without repeats."""
    response = client.get(url("cases:list", language, params))
    assert response.status_code == 200, response.status_code
    parser = FilterColumn()
    parser.feed(response.content.decode())
    return list(dict.fromkeys(parser.pairs))


def url(name: str, language: str, params) -> str:
    with translation.override(language):
        path = reverse(name)
    query = urlencode(list(params.items()) if isinstance(params, dict) else params, doseq=True)
    return f"{path}?{query}" if query else path


def failure(client: Client, address: str) -> str | None:
    """None when the answer is not a server error; else what went wrong."""
    response = client.get(address)
    error = None
    if response.streaming:
        try:
            b"".join(response.streaming_content)
        except Exception as exc:  # noqa: BLE001 - any error while streaming is the finding
            error = f"raised while streaming: {exc!r}"
    elif response.status_code >= 500:
        exc_info = getattr(response, "exc_info", None)
        error = f"{response.status_code} {exc_info[1]!r}" if exc_info else str(response.status_code)
    return f"{address} -> {error}" if error else None


def assert_no_server_error(client: Client, addresses) -> None:
    """Every address answers below 500; the message lists every one that did not."""
    problems = [problem for address in addresses if (problem := failure(client, address))]
    assert not problems, f"{len(problems)} of {len(addresses)} failed:\n" + "\n".join(problems)


def every_view(params, language: str) -> list[str]:
    """The search, its statistics, feed, exports (in `language`) and the API."""
    return [url(name, language, params) for name in (*PAGES, *DOWNLOADS)] + [url(API, "nb", params)]


def walker() -> Client:
    # Errors come back as 500 answers (and their exception), so that one walk lists them all.
    return Client(raise_request_exception=False)


# The demo data ---------------------------------------------------------------------------

TEXT_QUERIES = ("velferdsteknologi", "buss")


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the class and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", stdout=None)
        values = offered_values(walker())
        yield values
        transaction.set_rollback(True)


@pytest.mark.django_db
class TestDemoData:
    def test_the_search_page_offers_values_of_every_facet_and_year(self, demo):
        offered = {name for name, _value in demo}
        assert {"sektor", "fase", "status", "prosedyre", "fylke", "kjoper"} <= offered
        assert {"fra_aar", "til_aar"} <= offered
        assert len(demo) > 50

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_statistics_of_every_single_facet_value_answers(self, demo, language):
        client = walker()
        addresses = [url("statistics", language, {name: value}) for name, value in demo]
        assert_no_server_error(client, addresses)

    def test_every_single_facet_value_answers_on_the_search_downloads_and_api(self, demo):
        client = walker()
        addresses = []
        for i, (name, value) in enumerate(demo):
            # Every value on the search page and in one of the downloads; the language and
            # the download turn from value to value, so each gets a share of the values.
            language = LANGUAGES[i % len(LANGUAGES)]
            addresses.append(url("cases:list", language, {name: value}))
            download = (*DOWNLOADS, API)[i % (len(DOWNLOADS) + 1)]
            addresses.append(url(download, "nb" if download == API else language, {name: value}))
        assert_no_server_error(client, addresses)

    def test_facet_values_with_a_text_query_and_each_sort_order(self, demo):
        client = walker()
        rng = random.Random(16)  # noqa: S311 - a reproducible sample, not a secret
        addresses = []
        for q in TEXT_QUERIES:
            # The values offered for this text: the ones a visitor would tick next.
            offered = offered_values(client, q=q)
            assert offered, q
            for sort in SORT_ORDERS:
                for name, value in rng.sample(offered, min(3, len(offered))):
                    params = {"q": q, name: value, "sorter": sort}
                    addresses += every_view(params, rng.choice(LANGUAGES))
        assert_no_server_error(client, addresses)

    def test_combinations_of_facet_values(self, demo):
        client = walker()
        rng = random.Random(2024)  # noqa: S311 - a reproducible sample, not a secret
        by_name: dict[str, list[str]] = {}
        for name, value in demo:
            by_name.setdefault(name, []).append(value)
        combinations = []
        addresses = []
        # Every value of one facet at once (OR within a facet): the search and statistics.
        for i, (name, values) in enumerate(by_name.items()):
            if name not in ("fra_aar", "til_aar"):
                pairs = [(name, value) for value in values]
                language = LANGUAGES[i % len(LANGUAGES)]
                addresses += [url(page, language, pairs) for page in PAGES]
        # Two facets at once (AND), with and without a text query and a sort order.
        names = sorted(by_name)
        for _ in range(6):
            first, second = rng.sample(names, 2)
            pairs = [(first, rng.choice(by_name[first])), (second, rng.choice(by_name[second]))]
            if rng.random() < 0.5:
                pairs += [("q", rng.choice(TEXT_QUERIES)), ("sorter", rng.choice(SORT_ORDERS))]
            combinations.append(pairs)
        # A year range, given both ways round.
        years = sorted(by_name["fra_aar"])
        combinations += [
            [("fra_aar", years[0]), ("til_aar", years[-1])],
            [("fra_aar", years[-1]), ("til_aar", years[0])],
        ]
        for i, pairs in enumerate(combinations):
            addresses += every_view(pairs, LANGUAGES[i % len(LANGUAGES)])
        assert_no_server_error(client, addresses)

    @pytest.mark.parametrize("language", ["nb", "nn"])
    @pytest.mark.parametrize(
        "selection",
        [
            "status=planned",
            "fylke=Buskerud",  # ?fylke=7 in a fresh database
            "kjoper=Drammen kommune",  # ?kjoper=29 in a fresh database
            "prosedyre=plan-og-design",
            "fra_aar=2023",
            "fra_aar=2024",
        ],
    )
    def test_statistics_of_the_selections_named_in_issue_16_answer(self, demo, selection, language):
        name, value = selection.split("=")
        # Ids depend on the database's sequences: the issue's ids, found by name.
        if name == "fylke":
            value = Region.objects.get(name=value).pk
        elif name == "kjoper":
            value = Organization.objects.get(name=value).pk
        response = walker().get(url("statistics", language, {name: value}))
        exc_info = getattr(response, "exc_info", None)
        assert response.status_code == 200, exc_info and exc_info[1]


# Generated data --------------------------------------------------------------------------

# Small vocabularies, so that a handful of cases often share a value or tie on a count.
# Labels without a space (Markedsdialog, Annet) are joined as they are in "Flest …";
# labels with one are quoted; both kinds are here.
SECTOR_NAMES = ("Helsetest", "Samferdselstest", "Vann og avløp i test")
COUNTIES = ("03", "46", "42")
BUYER_NAMES = ("Askøy kommune", "Bodø kommune", "Lier")
PHASES = ("markedsdialog", "konkurranse", "forankring", "kontrakt")
PROCEDURES = ("annet", "innovasjonspartnerskap", "dialog", "forkommersiell")
YEARS = (None, 2021, 2022, 2023)

case_spec = st.fixed_dictionaries(
    {
        "sectors": st.lists(st.integers(0, len(SECTOR_NAMES) - 1), max_size=2, unique=True),
        "county": st.one_of(st.none(), st.integers(0, len(COUNTIES) - 1)),
        "buyers": st.lists(st.integers(0, len(BUYER_NAMES) - 1), max_size=2, unique=True),
        "phase": st.sampled_from(PHASES),
        "procedure": st.sampled_from(PROCEDURES),
        "status": st.sampled_from(Case.Status.values),
        "type": st.sampled_from(Case.InnovationType.values),
        "year": st.sampled_from(YEARS),
        # Drafts make groups that exist but count nothing on the public pages.
        "published": st.booleans() | st.just(True),
        "dialogue": st.booleans(),
        "benefit": st.booleans(),
    }
)


def spec(**overrides) -> dict:
    base = {
        "sectors": [],
        "county": None,
        "buyers": [],
        "phase": "markedsdialog",
        "procedure": "annet",
        "status": "ongoing",
        "type": "innovasjonsanskaffelse",
        "year": 2022,
        "published": True,
        "dialogue": False,
        "benefit": False,
    }
    return base | overrides


# Two cases that tie on every dimension the statistics page summarises as "Flest …".
TIE = [
    spec(
        sectors=[0],
        county=0,
        buyers=[0],
        phase="markedsdialog",
        procedure="annet",
        year=2021,
        dialogue=True,
    ),
    spec(
        sectors=[1],
        county=1,
        buyers=[1],
        phase="konkurranse",
        procedure="innovasjonspartnerskap",
        year=2022,
        benefit=True,
    ),
]


def create(specs: list[dict]) -> None:
    sectors = [
        SectorFactory(name=name, slug=f"walk-sektor-{i}") for i, name in enumerate(SECTOR_NAMES)
    ]
    buyers = [OrganizationFactory(name=name) for name in BUYER_NAMES]
    regions = {r.number: r for r in Region.objects.filter(number__in=COUNTIES)}
    for i, case in enumerate(specs):
        made = CaseFactory(
            title=f"Velferdsteknologi nummer {i}",
            sectors=[sectors[s] for s in case["sectors"]],
            buyers=[buyers[b] for b in case["buyers"]],
            region=None if case["county"] is None else regions[COUNTIES[case["county"]]],
            phase=case["phase"],
            procedure=case["procedure"],
            status=case["status"],
            innovation_type=case["type"],
            start_year=case["year"],
            is_published=case["published"],
        )
        if case["dialogue"]:
            DialogueConferenceFactory(case=made)
        if case["benefit"]:
            BenefitAnalysisFactory(case=made)


def walk_generated(language: str) -> None:
    """Every view unfiltered and with a text query; the statistics of every value offered."""
    client = walker()
    addresses = every_view({}, language) + every_view({"q": "velferdsteknologi"}, language)
    for name, value in offered_values(client, language):
        addresses.append(url("statistics", language, {name: value}))
    assert_no_server_error(client, addresses)


@pytest.mark.django_db
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    # A walk costs a second; shrinking a failure would cost minutes. The failing data set
    # is printed as found.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(case_spec, max_size=5), language=st.sampled_from(LANGUAGES))
@example(specs=TIE, language="nb")
@example(specs=TIE, language="nn")
@example(specs=[spec(sectors=[2], county=2, buyers=[2])], language="nb")  # a single case
@example(specs=[spec(published=False, sectors=[0], county=0)], language="nb")  # only a draft
@example(specs=[], language="en")  # nothing at all
def test_generated_data_with_ties_empty_groups_and_single_cases_never_gives_a_server_error(
    specs, language
):
    with transaction.atomic():
        create(specs)
        try:
            walk_generated(language)
        finally:
            transaction.set_rollback(True)
