"""generate_cases / remove_synthetic_cases: synthetic cases for benchmarks."""

import math
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cases.demo import synthetic
from cases.models import BenefitAnalysis, Case, Contact, DialogueConference, SearchWord
from cases.search import search_filterset
from cases.search.index import rebuild_search_names
from networks.models import LearningNetwork, Organization
from networks.validators import org_number_is_valid
from tests.factories import CaseFactory, OrganizationFactory, SectorFactory

WORD = re.compile(r"[^\W\d_]+")


def generate(count=40, seed=7, **options):
    call_command("generate_cases", count=count, seed=seed, **options)


def snapshot():
    return [
        (
            c.title,
            c.slug,
            c.summary,
            c.need,
            c.status,
            c.phase,
            c.procedure,
            c.region.number,
            sorted(s.slug for s in c.sectors.all()),
            [b.name for b in c.buyers.order_by("casebuyer__is_lead", "name")],
            c.published_at,
        )
        for c in Case.objects.filter(is_synthetic=True)
        .select_related("region")
        .prefetch_related("sectors", "buyers")
        .order_by("slug")
    ]


@pytest.fixture(scope="module")
def specs():
    """Two thousand generated cases, in Python only (no database)."""
    generator = synthetic.CaseGenerator(seed=3)
    return generator, [generator.case(n) for n in range(2000)]


# Deterministic, marked, removable ------------------------------------------------------


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_cases_and_another_seed_other_cases():
    generate(seed=7)
    first = snapshot()
    call_command("remove_synthetic_cases")
    generate(seed=7)
    assert snapshot() == first
    generate(seed=8, replace=True)
    assert [row[0] for row in snapshot()] != [row[0] for row in first]


@pytest.mark.django_db
def test_every_generated_case_is_marked_synthetic_and_names_its_seed():
    generate(count=25, seed=11)
    cases = Case.objects.filter(is_synthetic=True)
    assert cases.count() == 25
    assert all("-s11-" in slug for slug in cases.values_list("slug", flat=True))
    assert not Case.objects.filter(is_synthetic=False).exists()


@pytest.mark.django_db
def test_removal_takes_synthetic_data_and_leaves_real_cases_and_buyers_alone():
    buyer = OrganizationFactory(name="Bærum kommune")
    real = CaseFactory(title="Ekte anskaffelse", buyers=[buyer], sectors=[SectorFactory()])
    generate(count=30)
    assert Organization.objects.filter(website__startswith=synthetic.SYNTHETIC_WEBSITE).exists()
    assert LearningNetwork.objects.filter(slug__startswith="syntetisk-nettverk-").exists()

    call_command("remove_synthetic_cases")

    assert list(Case.objects.all()) == [real]
    assert list(real.buyers.all()) == [buyer]
    assert not Organization.objects.filter(website__startswith=synthetic.SYNTHETIC_WEBSITE).exists()
    assert not LearningNetwork.objects.filter(slug__startswith="syntetisk-nettverk-").exists()
    assert not DialogueConference.objects.exists()
    assert not Contact.objects.exists()
    # The vocabulary behind search counts the real case alone again.
    assert set(SearchWord.objects.values_list("document_count", flat=True)) == {1}


@pytest.mark.django_db
def test_it_refuses_to_add_to_synthetic_data_unless_told_to_replace_it():
    generate(count=10)
    with pytest.raises(CommandError, match="already holds 10 synthetic cases"):
        generate(count=10)
    generate(count=12, replace=True)
    assert Case.objects.filter(is_synthetic=True).count() == 12


@pytest.mark.django_db
@pytest.mark.parametrize("options", [{"count": 0}, {"seed": -1}, {"chunk": 0}])
def test_bad_arguments_give_a_clear_error(options):
    with pytest.raises(CommandError, match="must be"):
        generate(**({"count": 5} | options))


# Related rows ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_cases_get_buyers_sectors_dialogue_conferences_benefits_and_fictitious_contacts():
    generate(count=120)
    cases = Case.objects.filter(is_synthetic=True)
    assert not cases.filter(casebuyer__isnull=True).exists()
    assert not cases.filter(sectors__isnull=True).exists()
    assert cases.filter(casebuyer__is_lead=True).count() == 120
    assert DialogueConference.objects.count() > 20
    assert BenefitAnalysis.objects.count() > 10
    assert BenefitAnalysis.objects.filter(kind="okonomi").exclude(unit="kr/år").count() == 0
    assert Contact.objects.count() > 50
    assert not Contact.objects.filter(is_fictitious=False).exists()
    assert not Contact.objects.exclude(email__endswith="@syntetisk.example").exists()


@pytest.mark.django_db
def test_synthetic_buyers_have_valid_organisation_numbers_in_their_county():
    generate(count=10)
    organizations = Organization.objects.filter(website__startswith=synthetic.SYNTHETIC_WEBSITE)
    assert organizations.count() > 350  # every county's municipalities and more
    for org in organizations.select_related("region"):
        assert org_number_is_valid(org.org_number), org.org_number
        if org.municipality_number:
            assert org.municipality_number[:2] == org.region.number


@pytest.mark.django_db
def test_existing_organisation_numbers_are_not_reused():
    taken = next(synthetic.valid_org_numbers(99_500_000 + 7 * 400, set()))
    OrganizationFactory(org_number=taken)
    generate(count=5, seed=7)
    assert Organization.objects.filter(org_number=taken).count() == 1


# Search ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_generated_cases_are_found_through_the_real_search(client):
    generate(count=60)
    case = Case.objects.filter(is_synthetic=True, is_published=True).order_by("pk").first()
    word = max(WORD.findall(case.title), key=len).lower()  # a compound, as a rule

    assert case in search_filterset({"q": word}).qs
    response = client.get("/anskaffelser/", {"q": word})
    assert response.status_code == 200
    assert case.get_absolute_url() in response.content.decode()


@pytest.mark.django_db
def test_buyer_names_are_searchable_and_match_what_refresh_would_build():
    generate(count=30)
    case = Case.objects.filter(is_synthetic=True, is_published=True).order_by("pk").first()
    lead = case.casebuyer_set.get(is_lead=True).organization
    assert rebuild_search_names() == 0  # the loader wrote the same text
    place = lead.name.split()[0]
    assert case in search_filterset({"q": place}).qs


@pytest.mark.django_db
def test_the_search_word_list_learns_every_word_with_its_case_count():
    generate(count=40)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat($q$SELECT to_tsvector('simple', concat_ws(' ', "
            "title, summary, need, approach, results, lessons, search_names)) "
            "FROM cases_case WHERE is_published$q$) WHERE word ~ '^[[:alpha:]]{3,60}$'"
        )
        expected = dict(cursor.fetchall())
    listed = dict(SearchWord.objects.values_list("word", "document_count"))
    assert {word: listed.get(word) for word in expected} == expected


# Text and distributions (Python only) ----------------------------------------------------


def test_the_vocabulary_has_thousands_of_inflected_words_and_compounds():
    vocabulary = synthetic.Vocabulary()
    forms = vocabulary.all_forms()
    assert len(forms) > 15_000
    assert len(vocabulary.compounds) >= 5_000
    assert {"velferdsteknologi", "velferdsteknologien", "dialogkonferansene"} <= forms
    assert {"løsning", "løsningen", "løsninger", "løsningene"} <= forms
    assert {"kjøpe", "kjøper", "kjøpte", "kjøpt"} <= forms
    assert "busstasjon" in forms and "bussstasjon" not in forms  # three s become two


def test_texts_follow_a_zipf_like_word_distribution(specs):
    _, cases = specs
    tokens = Counter()
    for case in cases:
        for text in (case.title, case.summary, case.need, case.approach, case.results):
            tokens.update(WORD.findall(text.lower()))
    assert len(tokens) > 8_000  # distinct words in 2,000 cases
    ranked = [n for _, n in tokens.most_common()]
    # Slope of log(frequency) over log(rank) between ranks 10 and 1,000: about -1.
    slope = (math.log(ranked[999]) - math.log(ranked[9])) / (math.log(1000) - math.log(10))
    assert -1.6 < slope < -0.6
    # Most distinct words are rare: the long tail.
    assert sum(1 for n in ranked if n <= 3) > len(ranked) / 3


def test_texts_contain_compound_words_built_from_parts(specs):
    generator, cases = specs
    compounds = {c.lemma for c in generator.vocabulary.compounds}
    words = Counter(w for case in cases for w in WORD.findall(case.need.lower()))
    found = {w for w in words if w in compounds}
    assert len(found) > 1_000
    assert words["velferdsteknologi"] > 0


def test_sectors_counties_phases_procedures_and_years_spread_realistically(specs):
    _, cases = specs
    sectors = Counter(case.sector_slugs[0] for case in cases)
    assert set(sectors) == set(synthetic.SECTOR_WEIGHTS)
    assert sectors.most_common(1)[0][0] == "helse-og-omsorg"
    assert len({case.region_number for case in cases}) == 15
    assert {case.phase for case in cases} == set(synthetic.PHASE_ORDER)
    assert len({case.procedure for case in cases}) == len(synthetic.PROCEDURE_WEIGHTS)
    years = Counter(case.start_year for case in cases)
    assert years[2024] > years[2014] > 0  # more cases every year
    coordinated = sum(1 for case in cases if len(case.buyer_keys) > 1) / len(cases)
    assert 0.05 < coordinated < 0.25
    assert all(case.end_year for case in cases if case.status == "completed")
    assert all(
        case.phase in ("kontrakt", "implementering") for case in cases if case.status == "completed"
    )
    assert 0.9 < sum(case.is_published for case in cases) / len(cases) < 1.0


STALE_FACETS_SQL = """
SELECT count(*) FROM cases_case c, cases_facets_of(c.id) f
WHERE (c.sector_ids, c.buyer_ids, c.has_dialogue_conference, c.has_benefit_analysis)
      IS DISTINCT FROM
      (f.sector_ids, f.buyer_ids, f.has_dialogue_conference, f.has_benefit_analysis)
"""


@pytest.mark.django_db
def test_the_loader_writes_the_facet_columns_the_triggers_would_compute():
    generate(count=60)
    with connection.cursor() as cursor:
        cursor.execute(STALE_FACETS_SQL)
        assert cursor.fetchone()[0] == 0
    assert Case.objects.filter(is_synthetic=True).exclude(sector_ids=[]).count() == 60
    assert Case.objects.filter(is_synthetic=True, has_dialogue_conference=True).exists()


# Vectors for the need search (--embeddings words) ----------------------------------------


def test_a_title_is_embedded_from_its_distinct_content_words():
    from cases.management.commands.generate_cases import title_words

    assert title_words("Velferdsteknologi i kommunen og velferdsteknologi") == [
        "velferdsteknologi",
        "kommunen",
    ]
    assert title_words("Fra avfall til ressurs") == ["avfall", "ressurs"]
    assert title_words("i og") == ["i", "og"]  # only short words: keep them


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_embeddings_words_gives_every_synthetic_case_a_unit_vector_and_keeps_the_index():
    from cases.management.commands.generate_cases import WORDS_DIGEST_PREFIX
    from cases.search import semantic

    if not semantic.available():
        pytest.skip("no vector search here (no pgvector, or IOA_VECTOR_SEARCH off): no vectors")
    generate(count=12, seed=5, embeddings="words")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.text_digest, e.embedding <=> e.embedding, vector_norm(e.embedding) "  # noqa: S608
            f"FROM {semantic.TABLE} e JOIN cases_case c ON c.id = e.case_id WHERE c.is_synthetic"
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [f"{semantic.TABLE}_hnsw"])
        assert cursor.fetchone(), "the HNSW index is built again after the load"
    assert len(rows) == 12
    assert all(digest.startswith(WORDS_DIGEST_PREFIX) for digest, _d, _n in rows)
    assert all(abs(norm - 1) < 1e-3 for _digest, _d, norm in rows)
    # A case is nearest to itself: the vectors are points of the model's space.
    case = Case.objects.filter(is_synthetic=True, is_published=True).first()
    nearest = semantic.nearest(semantic.stored_vector(case.pk), limit=1)
    assert nearest[0][0] == case.pk
    # The real text differs from the title-word sum: rebuild_search_index would embed it.
    assert semantic.refresh_embeddings([case.pk]) == 1
