"""Alerts in the admin: counted, not listed (cases/admin.py, AlertAdmin). Editors and
superusers see how many there are; no address shows anywhere in the admin."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cases.models import Alert
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COUNTS_URL = reverse("admin:cases_alert_changelist")
ADDRESSES = ["kari.hemmelig@bergen.kommune.no", "ola.skjult@asker.kommune.no", "per@x.no"]


@pytest.fixture
def some_alerts():
    now = timezone.now()
    return [
        Alert.objects.create(email=ADDRESSES[0], query="q=velferdsteknologi", confirmed_at=now),
        Alert.objects.create(
            email=ADDRESSES[1], query="fylke=12", frequency="daily", confirmed_at=now
        ),
        Alert.objects.create(email=ADDRESSES[1], kind="needs", query="", confirmed_at=now),
        Alert.objects.create(email=ADDRESSES[2], query="q=kols"),
    ]


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_editors_and_superusers_see_the_counts_and_no_address(client, some_alerts, who, request):
    client.force_login(request.getfixturevalue(who))

    index = client.get(reverse("admin:index")).content.decode()
    assert f'href="{COUNTS_URL}"' in index
    response = client.get(COUNTS_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Varsler om nye treff" in page
    assert '<th scope="row">Anskaffelser</th><td>2</td><td>1</td>' in page
    assert '<th scope="row">Behov</th><td>1</td><td>0</td>' in page
    assert (
        '<th scope="row">I alt</th><td><strong>3</strong></td><td><strong>1</strong></td>' in page
    )
    assert "1 bekreftet varsel sendes daglig, 2 ukentlig." in page
    for address in ADDRESSES:
        assert address not in page
    assert "hemmelig" not in page and "skjult" not in page
    assert "velferdsteknologi" not in page  # nor what anyone follows


def test_other_staff_see_neither_the_counts_nor_the_link(client, some_alerts):
    client.force_login(UserFactory(username="ansatt", is_staff=True))

    assert COUNTS_URL not in client.get(reverse("admin:index")).content.decode()
    assert client.get(COUNTS_URL).status_code == 403


def test_no_alert_has_a_page_of_its_own_in_the_admin(client, superuser, some_alerts):
    client.force_login(superuser)
    alert = some_alerts[0]
    for name in ("change", "delete", "history"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:cases_alert_{name}", args=[alert.pk])
    with pytest.raises(NoReverseMatch):
        reverse("admin:cases_alert_add")
    for path in (f"{alert.pk}/change/", f"{alert.pk}/", f"{alert.pk}/delete/", "add/"):
        response = client.get(COUNTS_URL + path, follow=True)
        assert ADDRESSES[0] not in response.content.decode()


def test_no_address_appears_on_any_list_page_of_the_admin(client, superuser, some_alerts):
    """Every model's list in the admin, searched for an alert's address too."""
    client.force_login(superuser)
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse("admin:app_list", args=[opts.app_label]))
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    for url in sorted(set(pages)):
        # A search for part of an address finds no alert either.
        for params in ({}, {"q": "hemmelig"}):
            response = client.get(url, params)
            assert response.status_code in (200, 302), url
            page = response.content.decode()
            for address in ADDRESSES:
                assert address not in page, url
