"""Index upkeep: what editors change in the admin is searchable at once, former addresses
keep their case, and long texts are indexed whole (cases/search/index.py).

On the small fixed library of Norwegian cases in conftest.py; see helpers.py.
"""

import re

import pytest
from django.urls import reverse

from cases.models import Case, Sector
from tests.cases.admin_forms import admin_form
from tests.cases.search.helpers import SEARCH, found, titles
from tests.factories import (
    CaseFactory,
    OrganizationFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# Editing in the admin --------------------------------------------------------------------


def test_editing_a_case_in_the_admin_changes_what_search_finds_at_once(client, library, superuser):
    case = library["klasserom"]
    client.force_login(superuser)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_form(client, url)
    data["title"] = ["Robotstøvsugere i klasserommet"]
    data["sectors"] = [str(Sector.objects.get(slug="kultur-og-fritid").pk)]
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    client.logout()

    assert found(client, q="robotstøvsuger") == {"Robotstøvsugere i klasserommet"}
    assert found(client, q="fritid") == {"Robotstøvsugere i klasserommet"}  # new sector name
    assert "Robotstøvsugere i klasserommet" not in found(client, q="utdanning")  # old sector
    assert ">robotstøvsugere</a>?" in client.get(SEARCH, {"q": "robotstøvsugre"}).content.decode()


def test_changing_the_slug_in_the_admin_keeps_the_old_address_working(client, library, superuser):
    case = library["klasserom"]
    old_url = case.get_absolute_url()
    client.force_login(superuser)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_form(client, url)
    data["slug"] = ["robotstovsugere-i-klasserommet"]
    assert client.post(url, data).status_code == 302
    # The change page lists the old address, and saving it again changes nothing.
    assert client.post(url, admin_form(client, url)).status_code == 302
    client.logout()

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/anskaffelser/robotstovsugere-i-klasserommet/"


def test_another_cases_former_address_cannot_be_taken_so_old_links_keep_their_case(
    client, library, superuser
):
    moved, other = library["klasserom"], library["elbuss"]
    old_slug = moved.slug
    client.force_login(superuser)
    moved_url = reverse("admin:cases_case_change", args=[moved.pk])
    data = admin_form(client, moved_url)
    data["slug"] = ["robotstovsugere-i-klasserommet"]
    assert client.post(moved_url, data).status_code == 302

    other_url = reverse("admin:cases_case_change", args=[other.pk])
    data = admin_form(client, other_url)
    data["slug"] = [old_slug.upper()]  # typed in capitals: the same address
    response = client.post(other_url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"«{old_slug}» er en tidligere adresse til «{moved.title}»" in html
    other.refresh_from_db()
    assert other.slug != old_slug
    # A case may take back an address it had itself.
    data = admin_form(client, moved_url)
    data["slug"] = [old_slug]
    assert client.post(moved_url, data).status_code == 302
    client.logout()
    assert client.get(f"/anskaffelser/{old_slug}/").status_code == 200


def test_a_new_case_named_like_an_old_address_gets_an_address_of_its_own(library):
    moved = library["klasserom"]
    old_slug = moved.slug
    moved.slug = "robotstovsugere-i-klasserommet"
    moved.save()
    newcomer = Case.objects.create(title=library["klasserom"].title, summary="Ny sak.")
    assert newcomer.slug not in (old_slug, moved.slug)
    assert newcomer.slug.startswith(old_slug)


def test_renaming_a_buyer_or_sector_in_the_admin_is_searchable_at_once(client):
    buyer = OrganizationFactory(name="Gamle Kommune")
    sector = SectorFactory(name="Gammel sektor", slug="gammel-sektor")
    CaseFactory(title="Smart matlevering", buyers=[buyer], sectors=[sector])
    client.force_login(UserFactory(username="sjef", is_staff=True, is_superuser=True))
    org_form = {
        "name": "Nyskapingsvik kommune",
        "org_number": buyer.org_number,
        "kind": buyer.kind,
        "municipality_number": "",
        "region": buyer.region_id,
        "website": "",
    }
    response = client.post(f"/admin/networks/organization/{buyer.pk}/change/", org_form)
    assert response.status_code == 302, response.content.decode()[:2000]
    sector_form = {"name": "Fjordsektor", "slug": "gammel-sektor", "description": ""}
    response = client.post(f"/admin/cases/sector/{sector.pk}/change/", sector_form)
    assert response.status_code == 302
    for word in ["Nyskapingsvik", "Fjordsektor"]:
        html = client.get("/anskaffelser/", {"q": word}).content.decode()
        assert "Smart matlevering" in html, word


def test_a_case_longer_than_a_database_page_is_found_and_shown_whole(client):
    # Case rows stay in one page up to about 8 kB (migration 0011); longer texts must
    # still be stored, found and shown in full.
    filler = " ".join(f"avsnitt{n} om kjøretøy og ladepunkter." for n in range(1200))
    case = CaseFactory(title="Lang anskaffelse", need=f"{filler} Til slutt: fjernvarmeanlegg.")
    assert len(case.need) > 40_000

    assert titles(client.get(SEARCH, {"q": "fjernvarmeanlegg"})) == ["Lang anskaffelse"]
    page = client.get(case.get_absolute_url()).content.decode()
    assert "avsnitt1199 om kjøretøy" in page
    assert "Til slutt: fjernvarmeanlegg." in page
