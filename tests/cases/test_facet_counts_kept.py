"""The facet counts the database keeps (cases migrations 0026 and 0030) are the counts of
the cases.

Every check compares the search's counts for a filter combination with the same counts
computed by counting the published cases directly (the path a text search takes), after
the kinds of writes the site makes: creating, publishing, editing related rows, bulk
updates, deleting, and the cases of a generated data set with ties and empty groups."""

import random

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from cases.models import Case, CaseBuyer, Phase
from cases.search import facets
from cases.search.results import search_filterset
from networks.models import Region
from tests.factories import (
    BenefitAnalysisFactory,
    CaseFactory,
    DialogueConferenceFactory,
    OrganizationFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


def counts_both_ways(query: str) -> tuple[tuple, tuple]:
    filterset = search_filterset(QueryDict(query))
    assert filterset.text_search is None
    kept_total, kept = facets._kept_counts(filterset)
    counted_total, counted = facets._counted_hits(filterset)
    counted.pop("matched", None)

    def normal(raw):
        return {key: dict(values) for key, values in raw.items() if values}

    return (kept_total, normal(kept)), (counted_total, normal(counted))


def queries_for(data) -> list[str]:
    """Every facet alone, pairs, triples, two values of a many-valued facet, flags both ways,
    and year ranges: the combinations that take each path of _kept_counts."""
    sectors, regions, buyers = data["sectors"], data["regions"], data["buyers"]
    singles = [
        f"sektor={sectors[0].pk}",
        f"fase={Phase.choices[0][0]}",
        "status=completed",
        "prosedyre=dialog",
        f"fylke={regions[0].pk}",
        f"fylke={regions[0].pk}&fylke={regions[1].pk}",
        f"kjoper={buyers[0].pk}",
        "dialog=ja",
        "dialog=nei",
        "gevinst=ja",
        "gjenbrukt=nei",
        "fra_aar=2019",
        "fra_aar=2018&til_aar=2021",
    ]
    # Several values of a many-valued facet: the kept counts summed, less the cases with
    # two or three of them; past OVERLAP_MAX_VALUES, counted.
    many = [
        f"sektor={sectors[0].pk}&sektor={sectors[1].pk}",
        "&".join(f"sektor={sector.pk}" for sector in sectors),
        f"kjoper={buyers[0].pk}&kjoper={buyers[1].pk}",
        "&".join(f"kjoper={buyer.pk}" for buyer in buyers),
    ]
    # Two narrow filters (kept triples, migration 0030), several values of one of them,
    # and a third filter on top (the narrow two answer for that facet only).
    narrow_pairs = [
        f"fase={Phase.choices[0][0]}&status=completed",
        f"fase={Phase.choices[0][0]}&fase={Phase.choices[1][0]}&status=ongoing",
        "prosedyre=dialog&dialog=ja",
        "prosedyre=dialog&prosedyre=forhandling&dialog=nei",
        "gevinst=ja&gjenbrukt=nei",
        "type=innovasjonsanskaffelse&status=completed",
        f"fase={Phase.choices[0][0]}&status=completed&sektor={sectors[0].pk}",
        f"fase={Phase.choices[0][0]}&status=completed&fra_aar=2019",
        "prosedyre=dialog&dialog=ja&gevinst=ja",
    ]
    rng = random.Random(7)
    combos = ["", *singles, *many, *narrow_pairs]
    for _ in range(25):
        combos.append("&".join(rng.sample(singles + many, rng.choice([2, 2, 3]))))
    return combos


def make_cases(seed: int, count: int) -> dict:
    rng = random.Random(seed)
    sectors = [SectorFactory() for _ in range(3)]
    regions = list(Region.objects.order_by("pk")[:3])
    buyers = [
        OrganizationFactory(region=rng.choice(regions))
        for _ in range(facets.OVERLAP_MAX_VALUES + 1)
    ]
    for _ in range(count):
        case = CaseFactory(
            is_published=rng.random() < 0.8,
            phase=rng.choice([value for value, _ in Phase.choices]),
            status=rng.choice(["ongoing", "completed"]),
            procedure=rng.choice(["dialog", "forhandling", ""]),
            region=rng.choice([*regions, None]),
            start_year=rng.choice([2018, 2019, 2020, 2021, None]),
            sectors=rng.sample(sectors, rng.choice([0, 1, 2, 3])),
            buyers=rng.sample(buyers, rng.choice([0, 1, 2, 3])),
        )
        if rng.random() < 0.4:
            DialogueConferenceFactory(case=case)
        if rng.random() < 0.3:
            BenefitAnalysisFactory(case=case)
    return {"sectors": sectors, "regions": regions, "buyers": buyers}


def assert_all_agree(data) -> None:
    for query in queries_for(data):
        kept, counted = counts_both_ways(query)
        assert kept == counted, query


def test_counts_kept_by_the_database_equal_counting_the_cases():
    data = make_cases(seed=1, count=40)
    assert_all_agree(data)


def test_kept_counts_follow_every_kind_of_write():
    data = make_cases(seed=2, count=25)
    cases = list(Case.objects.order_by("pk"))
    # Publishing and unpublishing, one by one and in bulk.
    cases[0].is_published = not cases[0].is_published
    cases[0].save()
    Case.objects.filter(pk__in=[c.pk for c in cases[1:6]]).update(is_published=False)
    Case.objects.filter(pk__in=[c.pk for c in cases[6:9]]).update(status="completed")
    # Related rows move the mirrored columns (sectors, buyers, conferences).
    cases[9].sectors.set(data["sectors"])
    CaseBuyer.objects.filter(case=cases[10]).delete()
    DialogueConferenceFactory(case=cases[11])
    # An edit that touches no facet column changes nothing and costs nothing.
    Case.objects.filter(pk=cases[12].pk).update(title="Ny tittel")
    Case.objects.filter(pk__in=[c.pk for c in cases[13:16]]).delete()
    assert_all_agree(data)


def test_a_single_case_and_no_cases():
    data = make_cases(seed=3, count=1)
    Case.objects.update(is_published=True)
    assert_all_agree(data)
    Case.objects.all().delete()
    assert counts_both_ways("") == ((0, {}), (0, {}))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_facet_count WHERE n <> 0")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM cases_facet_count3 WHERE n <> 0")
        assert cursor.fetchone()[0] == 0


KEPT_ROWS = {
    "cases_facet_count": "of_facet, of_value, facet, value, n",
    "cases_facet_count3": "of_facet, of_value, and_facet, and_value, facet, value, n",
}


def test_rebuilding_gives_the_counts_the_triggers_kept():
    data = make_cases(seed=4, count=20)
    Case.objects.filter(pk__in=Case.objects.order_by("pk")[:3].values("pk")).update(
        procedure="forhandling", status="completed"
    )
    with connection.cursor() as cursor:
        before = {}
        for table, columns in KEPT_ROWS.items():
            cursor.execute(f"SELECT {columns} FROM {table} WHERE n <> 0")  # noqa: S608
            before[table] = sorted(cursor.fetchall())
            assert before[table], table
        cursor.execute("SELECT cases_facet_count_rebuild()")
        for table, columns in KEPT_ROWS.items():
            cursor.execute(f"SELECT {columns} FROM {table}")  # noqa: S608
            assert sorted(cursor.fetchall()) == before[table], table
    assert_all_agree(data)


def test_two_narrow_filters_are_answered_from_the_kept_triples():
    """Phase and status chosen: no facet counts the cases (the statement has no CTE), and
    the counts are those of the cases."""
    data = make_cases(seed=6, count=30)
    phase = (
        Case.objects.published()
        .filter(status="completed")
        .values_list("phase", flat=True)
        .order_by("phase")
        .first()
    )
    query = f"fase={phase}&status=completed"
    filterset = search_filterset(QueryDict(query))
    with CaptureQueriesContext(connection) as captured:
        facets._kept_counts(filterset)
    assert "cases_facet_count3" in captured[-1]["sql"]
    assert "WITH" not in captured[-1]["sql"]
    kept, counted = counts_both_ways(query)
    assert kept == counted and kept[0] > 0
    assert_all_agree(data)


def test_the_search_page_shows_the_kept_counts(client):
    sector = SectorFactory(name="Testsektor for tellinger")
    region = Region.objects.order_by("pk").first()
    CaseFactory.create_batch(3, sectors=[sector], region=region)
    CaseFactory(region=region)
    CaseFactory(is_published=False, sectors=[sector], region=region)
    html = client.get("/anskaffelser/", {"fylke": region.pk}).content.decode()
    # Four published cases in the county; three of them in the sector.
    assert "4 anskaffelser" in html or "4 treff" in html
    filterset = search_filterset(QueryDict(f"fylke={region.pk}"))
    counts = facets.count_facets(filterset)
    sector_option = next(
        o for o in counts.options["sektor"] if o.label == "Testsektor for tellinger"
    )
    assert sector_option.count == 3


def test_bulk_generation_and_removal_leave_the_counts_right():
    """generate_cases and remove_synthetic_cases pause the triggers and count once."""
    from django.core.management import call_command

    from cases.demo.removal import remove_synthetic_data

    data = make_cases(seed=5, count=5)
    call_command("generate_cases", count=60, seed=5, no_vacuum=True, verbosity=0)
    assert Case.objects.filter(is_synthetic=True).count() == 60
    assert_all_agree(data)
    remove_synthetic_data()
    assert_all_agree(data)


def test_the_search_asks_the_triples_of_the_facets_the_migration_keeps():
    """The migration's list is frozen with it; the search's must name the same facets."""
    import importlib

    migration = importlib.import_module("cases.migrations.0030_facet_count_triples")
    assert set(migration.NARROW) == facets.TRIPLE_FACETS
    make_cases(seed=8, count=10)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT of_facet FROM cases_facet_count3 UNION SELECT and_facet FROM cases_facet_count3"
        )
        assert {facet for (facet,) in cursor.fetchall()} == facets.TRIPLE_FACETS


def test_two_sectors_are_counted_from_the_kept_counts_and_the_cases_of_both():
    """Two sectors chosen: the kept counts of each, less the cases in both, found by the
    sectors' index (no statement reads every published case), equal counting the cases."""
    data = make_cases(seed=9, count=40)
    first, second = data["sectors"][:2]
    assert Case.objects.published().filter(sectors=first).filter(sectors=second).exists()
    query = f"sektor={first.pk}&sektor={second.pk}"
    with CaptureQueriesContext(connection) as captured:
        facets._kept_counts(search_filterset(QueryDict(query)))
    sql = captured[-1]["sql"]
    assert "sector_ids @>" in sql and "c AS MATERIALIZED" not in sql
    kept, counted = counts_both_ways(query)
    assert kept == counted and kept[0] > 0
