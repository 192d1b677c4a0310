"""Alerts for the needs board /behov/: the same form as the case search (hva=behov), a
digest of the needs published since the last one that pass the board's filters."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases import alerts, needs, tasks
from cases.models import Alert, Need
from networks.models import Region
from tests.factories import OrganizationFactory, SectorFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE_URL = reverse("cases:alert_subscribe")
EMAIL = "kari.nordmann@bergen.kommune.no"


@pytest.fixture
def health():
    return SectorFactory(name="Helse og omsorg", slug="helse-og-omsorg")


def make_need(title, *, sector=None, region="46", status=Need.Status.PENDING, **fields):
    body = OrganizationFactory(
        name=f"Kommune med {title}", region=Region.objects.get(number=region)
    )
    fields.setdefault(
        "text", f"{title}. Vi ønsker å finne andre som har samme behov og kjøpe sammen."
    )
    return Need.objects.create(
        title=title,
        phase="markedsdialog",
        region=body.region,
        sector=sector,
        organization=body,
        contact_name="Eva Eier",
        contact_email="eva@example.no",
        status=status,
        **fields,
    )


def sign_up(client, query, kind="needs", email=EMAIL, **extra):
    data = {"email": email, "frequency": "daily", "sok": query, "hva": kind, "website": ""}
    return client.post(SUBSCRIBE_URL, {**data, **extra})


def link_in(message, name: str) -> str:
    path = reverse(f"cases:{name}", args=["TOKEN"]).replace("TOKEN/", "")
    return re.search(rf"https?://\S*{re.escape(path)}\S+", message.body).group(0)


def test_the_needs_board_has_the_alert_form_with_its_filters(client, health):
    page = client.get(reverse("needs:list"), {"sektor": health.pk, "q": "nattilsyn"})
    html = page.content.decode()

    assert "Få e-post om nye treff" in html
    assert f'action="{SUBSCRIBE_URL}"' in html
    assert f'name="sok" value="sektor={health.pk}&amp;q=nattilsyn"' in html
    assert 'name="hva" value="needs"' in html


def test_a_needs_alert_sends_the_needs_an_editor_publishes_and_ends_at_unsubscribe(client, health):
    vestland = Region.objects.get(number="46")
    response = sign_up(client, f"sektor={health.pk}&fylke={vestland.pk}&side=2")
    assert "Sjekk e-posten din" in response.content.decode()
    alert = Alert.objects.get()
    assert (alert.kind, alert.query) == ("needs", f"fylke={vestland.pk}&sektor={health.pk}")
    [confirmation] = mail.outbox
    assert "nye behov på behovstavlen" in confirmation.body
    assert "Sektor: Helse og omsorg, Fylke: Vestland" in confirmation.body
    confirm_url = link_in(confirmation, "alert_confirm")
    opened = client.get(confirm_url).content.decode()
    assert "Trykk på knappen for å få e-post (daglig) når nye behov passer til søket" in opened
    confirmed = client.post(confirm_url).content.decode()
    assert "Du får e-post (daglig) når nye behov passer til søket" in confirmed
    mail.outbox.clear()

    wanted = make_need("Digitalt nattilsyn", sector=health)
    make_need("Skoleskyss", sector=SectorFactory(name="Utdanning", slug="utdanning"))
    make_need("Nattilsyn i Oslo", sector=health, region="03")
    make_need("Uferdig behov", sector=health, status=Need.Status.UNCONFIRMED)
    needs.approve(Need.objects.exclude(status=Need.Status.UNCONFIRMED))

    assert tasks.queue_digests(timezone.now() + datetime.timedelta(days=1)) == 1
    [digest] = mail.outbox
    assert digest.subject == "Nye behov: Sektor: Helse og omsorg, Fylke: Vestland"
    html = digest.alternatives[0][0]
    for part in (digest.body, html):
        assert "1 nytt behov passer til søket ditt" in part
        assert "Digitalt nattilsyn" in part
        assert "Kommune med Digitalt nattilsyn, Vestland · Markedsdialog" in part
        assert wanted.get_absolute_url() in part
        assert "Skoleskyss" not in part and "Oslo" not in part and "Uferdig" not in part
    assert "/behov/?" in digest.body  # the search on the needs board

    unsubscribe = link_in(digest, "alert_unsubscribe")
    assert digest.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    client.post(unsubscribe.removeprefix("http://testserver"))
    assert not Alert.objects.exists()


def test_many_new_needs_are_grouped_by_county_and_linked_to_the_board():
    alert = Alert.objects.create(
        email=EMAIL,
        kind="needs",
        query="",
        confirmed_at=timezone.now() - datetime.timedelta(hours=2),
        last_digest_at=timezone.now() - datetime.timedelta(hours=2),
    )
    for i in range(7):
        make_need(f"Behov i Vestland {i}", status=Need.Status.PUBLISHED, reviewed_at=timezone.now())
    for i in range(5):
        make_need(
            f"Behov i Rogaland {i}",
            region="11",
            status=Need.Status.PUBLISHED,
            reviewed_at=timezone.now(),
        )
    make_need(
        "Avsluttet behov", status=Need.Status.CLOSED, reviewed_at=timezone.now(), closed_at=None
    )

    alerts.send_digest(alert.pk, base_url="https://ioa.example", until=timezone.now())

    [digest] = mail.outbox
    body = digest.body
    assert digest.subject == "Nye behov: alle nye behov"
    assert "12 nye behov passer til søket ditt" in body
    assert "Per fylke:\n- Vestland: 7\n- Rogaland: 5\n" in body
    assert len(re.findall(r"^Behov i Vestland \d$", body, re.M)) == alerts.PER_GROUP
    vestland = Region.objects.get(number="46")
    assert f"https://ioa.example/behov/?fylke={vestland.pk}" in body
    assert "Avsluttet" not in body


def test_the_same_address_may_follow_the_same_filters_on_both_pages(client):
    sign_up(client, "q=nattilsyn", kind="needs")
    sign_up(client, "q=nattilsyn", kind="cases")
    sign_up(client, "q=nattilsyn", kind="needs")

    assert sorted(Alert.objects.values_list("kind", flat=True)) == ["cases", "needs"]
    assert len(mail.outbox) == 3  # the lost first confirmation is sent again


def test_the_manage_page_says_which_page_each_alert_follows(client):
    for kind in ("needs", "cases"):
        Alert.objects.create(
            email=EMAIL, kind=kind, query="q=nattilsyn", confirmed_at=timezone.now()
        )

    page = client.get(reverse("cases:alert_manage", args=[alerts.manage_token(EMAIL)]))

    html = page.content.decode()
    assert 'Behov: <a href="/behov/?q=nattilsyn">«nattilsyn»</a>' in html
    assert 'Anskaffelser: <a href="/anskaffelser/?q=nattilsyn">«nattilsyn»</a>' in html


def test_the_follow_page_of_the_needs_board_offers_its_feed(client, health):
    response = client.get(SUBSCRIBE_URL, {"sok": f"sektor={health.pk}", "hva": "needs"})

    html = response.content.decode()
    assert "Søket: Sektor: Helse og omsorg" in html
    assert "http://testserver/behov/feed/" in html
    assert 'name="hva" value="needs"' in html


# Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "a" * 10_000,
        "&".join(f"fylke={i}" for i in range(1000)),
    ],
)
def test_a_huge_needs_search_gets_a_message(client, query):
    response = sign_up(client, query)

    assert response.status_code == 400
    assert "Søket" in response.content.decode()
    assert not Alert.objects.exists()


@pytest.mark.parametrize("kind", ["behov; DROP TABLE", "x" * 500, "Needs"])
def test_a_tampered_kind_gets_a_message_not_an_error(client, kind):
    response = sign_up(client, "q=nattilsyn", kind=kind)

    assert response.status_code == 400
    assert "Vi kjenner ikke igjen søket." in response.content.decode()
    assert not Alert.objects.exists()
    assert client.get(SUBSCRIBE_URL, {"sok": "q=x", "hva": kind}).status_code == 200


def test_bad_filter_values_in_a_needs_alert_are_left_out_of_its_name_and_digest(client):
    sign_up(client, "fylke=999999&fase=tull&q=nattilsyn&sektor=abc")

    alert = Alert.objects.get()
    assert alerts.describe(alert.query, alert.kind) == "«nattilsyn»"
    Alert.objects.filter(pk=alert.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=2),
        last_digest_at=timezone.now() - datetime.timedelta(days=2),
    )
    make_need("Digitalt nattilsyn", status=Need.Status.PUBLISHED, reviewed_at=timezone.now())
    mail.outbox.clear()

    assert alerts.send_digest(alert.pk, base_url="", until=timezone.now()) is True
    assert "Digitalt nattilsyn" in mail.outbox[0].body


@pytest.mark.parametrize("name", ["alert_confirm", "alert_manage", "alert_unsubscribe"])
def test_a_needs_alerts_links_tampered_get_a_clear_page(client, name):
    sign_up(client, "q=nattilsyn")
    alert = Alert.objects.get()
    token = {
        "alert_confirm": alerts.confirm_token,
        "alert_unsubscribe": alerts.unsubscribe_token,
        "alert_manage": lambda a: alerts.manage_token(a.email),
    }[name](alert)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

    response = client.get(reverse(f"cases:{name}", args=[tampered]))

    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "Lenken virker ikke" in page or "Varselet er avsluttet" in page
    assert Alert.objects.get().confirmed_at is None


def test_a_need_described_on_the_board_keeps_the_need_mode_in_its_alert_and_digest(client):
    text = "nattevaktene våre kjører mellom brukerne hele natten for å se til dem"
    sign_up(client, f"q={text}")

    alert = Alert.objects.get()
    assert "modus=behov" in alert.query
    assert "som ligner på «nattevaktene våre" in mail.outbox[0].body
    Alert.objects.filter(pk=alert.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=2),
        last_digest_at=timezone.now() - datetime.timedelta(days=2),
    )
    make_need(
        "Digitalt tilsyn om natten",
        status=Need.Status.PUBLISHED,
        reviewed_at=timezone.now(),
        text="Nattevaktene kjører langt mellom brukerne for å se til dem.",
    )
    make_need("Skoleskyss", status=Need.Status.PUBLISHED, reviewed_at=timezone.now())
    mail.outbox.clear()

    alerts.send_digest(alert.pk, base_url="", until=timezone.now())

    [digest] = mail.outbox
    assert "Digitalt tilsyn om natten" in digest.body
    assert "Skoleskyss" not in digest.body
