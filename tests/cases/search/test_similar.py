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
