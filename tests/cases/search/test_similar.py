"""Similar cases (cases/search/similar.py).

On the small fixed library of Norwegian cases in conftest.py; see helpers.py.
"""

import pytest

from cases.models import Case
from cases.search.similar import similar_cases

pytestmark = pytest.mark.django_db


# Similar cases ---------------------------------------------------------------------------


def test_similar_cases_share_sector_cpv_procedure_or_words_never_self_or_drafts(library):
    similar = similar_cases(library["trygge_hjem"])
    assert 3 <= len(similar) <= 5
    assert similar[0] == library["trondelag"]  # same sector, CPV group and words
    assert library["trygge_hjem"] not in similar
    assert library["utkast"] not in similar


def test_the_case_page_shows_similar_cases(client, library):
    html = client.get(library["trygge_hjem"].get_absolute_url()).content.decode()
    section = html.split('aria-labelledby="lignende"', 1)[1]
    assert library["trondelag"].title in section
    assert library["utkast"].title not in section


def test_a_similar_case_unpublished_leaves_the_list_at_once(client, library):
    url = library["trygge_hjem"].get_absolute_url()
    assert library["trondelag"].title in client.get(url).content.decode()
    Case.objects.filter(pk=library["trondelag"].pk).update(is_published=False)
    section = client.get(url).content.decode().split('aria-labelledby="lignende"', 1)[1]
    assert library["trondelag"].title not in section


# Kept lists (SimilarCases) ----------------------------------------------------------------


def _scored(queries) -> bool:
    return any("by_words AS MATERIALIZED" in q["sql"] for q in queries)


def test_a_case_page_after_an_edit_elsewhere_reads_the_kept_list(client, library):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases import caching
    from cases.models import SimilarCases

    url = library["trygge_hjem"].get_absolute_url()
    with CaptureQueriesContext(connection) as first:
        html = client.get(url).content.decode()
    assert _scored(first.captured_queries)
    kept = SimilarCases.objects.get(case=library["trygge_hjem"])
    assert kept.ids[0] == library["trondelag"].pk
    # An edit of another case changes the content version: every page is rendered again,
    # and every worker forgets its own lists, but the kept one is read, not scored.
    other = library["utkast"]
    other.title = "Et annet utkast"
    other.save()
    caching.clear_local()
    with CaptureQueriesContext(connection) as again:
        html_again = client.get(url).content.decode()
    assert not _scored(again.captured_queries)
    section = html_again.split('aria-labelledby="lignende"', 1)[1]
    assert library["trondelag"].title in section
    assert html.split('aria-labelledby="lignende"', 1)[1] == section


def test_a_kept_list_is_scored_again_when_the_case_changed_or_aged(client, library):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases import caching
    from cases.models import SimilarCases

    case = library["trygge_hjem"]
    client.get(case.get_absolute_url())
    case.refresh_from_db()
    case.summary += " Endret."
    case.save()
    caching.clear_local()
    with CaptureQueriesContext(connection) as edited:
        client.get(case.get_absolute_url())
    assert _scored(edited.captured_queries)

    SimilarCases.objects.filter(case=case).update(
        computed_at=case.updated_at - datetime.timedelta(days=8)
    )
    Case.objects.filter(pk=case.pk).update(updated_at=case.updated_at - datetime.timedelta(days=9))
    caching.clear_local()
    with CaptureQueriesContext(connection) as aged:
        client.get(case.get_absolute_url())
    assert _scored(aged.captured_queries)


def test_a_kept_list_never_shows_a_case_unpublished_since(client, library):
    from cases import caching
    from cases.models import SimilarCases

    url = library["trygge_hjem"].get_absolute_url()
    client.get(url)
    assert library["trondelag"].pk in SimilarCases.objects.get(case=library["trygge_hjem"]).ids
    Case.objects.filter(pk=library["trondelag"].pk).update(is_published=False)
    caching.clear_local()
    section = client.get(url).content.decode().split('aria-labelledby="lignende"', 1)[1]
    assert library["trondelag"].title not in section
    # Deleting a case deletes its kept list with it.
    library["trygge_hjem"].delete()
    assert not SimilarCases.objects.filter(case_id=library["trygge_hjem"].pk).exists()
