"""Restoring a backup over a database that has moved on since (new cases, edits, pages
cached): the content version moves past every version used before the restore, and no
page cached from the newer content is served afterwards.

The `backup` and `restore` commands run against the test database itself, as an operator
would run them against production after a bad change.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from cases.models import Case, Sector
from tests.factories import CaseFactory, SectorFactory

ORIGINAL = "Demenslandsby i Bærum"
EDITED = "Demenslandsby i Bærum – endret etter sikkerhetskopien"
NEWER = "Førerløse busser lagt inn etter sikkerhetskopien"


def content_version() -> int:
    """The number every page cache key holds (cases.caching, sequence of migration 0008)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM cases_content_version")
        return cursor.fetchone()[0]


def body(client, url: str) -> str:
    response = client.get(url)
    content = b"".join(response) if response.streaming else response.content
    return f"{response.status_code} {content.decode()}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_over_a_newer_database_serves_no_page_cached_from_the_newer_content(
    client, tmp_path
):
    sector = SectorFactory(name="Omsorg gjenoppretting", slug="omsorg-gjenoppretting")
    case = CaseFactory(title=ORIGINAL, sectors=[sector])
    call_command("backup", to=tmp_path / "backup", stdout=None)

    # After the backup: an edit and a new case, and visitors who get them cached.
    case.title = EDITED
    case.save()
    newer = CaseFactory(title=NEWER, sectors=[sector])
    pages = {
        "case": case.get_absolute_url(),
        "newer": newer.get_absolute_url(),
        "search": reverse("cases:list"),
        "sector search": f"{reverse('cases:list')}?sektor={sector.pk}",
        "feed": reverse("cases:feed"),
        "english search": "/en" + reverse("cases:list"),
    }
    for url in pages.values():
        first = client.get(url)
        assert first.status_code == 200, url
        assert client.get(url).get("X-Page-Cache") == "hit", url  # cached indeed
    assert EDITED in body(client, pages["case"]) and NEWER in body(client, pages["search"])
    cached_under = content_version()

    call_command("restore", str(tmp_path / "backup"), "--yes", stdout=None)

    restored = content_version()
    # Edits after the restore move the version on from where the restore left it; walk it
    # one statement at a time up to the version the newer pages were cached under, as the
    # next editors would, in case the restore took it back.
    while content_version() < cached_under:
        Sector.objects.filter(pk=sector.pk).update(description="")

    assert list(Case.objects.values_list("title", flat=True)) == [ORIGINAL]
    for name, url in pages.items():
        seen = body(client, url)
        assert EDITED not in seen, name
        assert NEWER not in seen, name
    assert body(client, pages["newer"]).startswith("404")
    assert ORIGINAL in body(client, pages["case"])
    assert ORIGINAL in body(client, pages["search"])
    assert ORIGINAL in body(client, pages["feed"])
    # Every version used before the restore is behind us, also the one the pages were
    # cached under, so no later edit can make them current again.
    assert restored > cached_under


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_over_a_newer_database_leaves_the_newer_rows_out(client, tmp_path):
    case = CaseFactory(title=ORIGINAL)
    call_command("backup", to=tmp_path / "backup", stdout=None)
    CaseFactory(title=NEWER)
    Case.objects.filter(pk=case.pk).update(title=EDITED)

    call_command("restore", str(tmp_path / "backup"), "--yes", stdout=None)

    assert list(Case.objects.values_list("title", flat=True)) == [ORIGINAL]
    api = client.get(reverse("api:case-list")).json()
    assert [item["slug"] for item in api["results"]] == [case.slug]
