"""Alerts, "Få e-post om nye treff" (cases/alerts.py, cases/views/alerts.py)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import alerts, tasks
from cases.models import Alert
from tests.factories import CaseFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE_URL = reverse("cases:alert_subscribe")
EMAIL = "kari.nordmann@bergen.kommune.no"


def sign_up(client, query="q=velferdsteknologi", email=EMAIL, **extra):
    data = {"email": email, "frequency": "daily", "sok": query, "website": "", **extra}
    return client.post(SUBSCRIBE_URL, data)


def link_in(message, name: str) -> str:
    path = reverse(f"cases:{name}", args=["TOKEN"]).replace("TOKEN/", "")
    found = re.search(rf"https?://[^\s]*{re.escape(path)}[^\s]+", message.body)
    assert found, message.body
    return found.group(0).removeprefix("http://testserver")


def press_start(client, url: str):
    """Opens the confirmation link and presses "Start varselet" (with the page's CSRF
    token, so that it works for a client that checks it too)."""
    page = client.get(url)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    return client.post(url, {"csrfmiddlewaretoken": token.group(1)})


def confirmed_alert(client, query="q=velferdsteknologi") -> Alert:
    sign_up(client, query)
    press_start(client, link_in(mail.outbox[-1], "alert_confirm"))
    alert = Alert.objects.get()
    assert alert.confirmed_at is not None
    mail.outbox.clear()
    return alert


def test_every_search_page_has_the_alert_form_with_its_search(client):
    response = client.get(reverse("cases:list"), {"q": "velferdsteknologi", "fase": "behov"})
    page = response.content.decode()
    assert "Få e-post om nye treff" in page
    assert f'action="{SUBSCRIBE_URL}"' in page
    assert 'name="sok" value="q=velferdsteknologi&amp;fase=behov"' in page


def test_signing_up_sends_only_the_confirmation_and_stores_only_address_search_and_times(
    client,
):
    response = sign_up(client, "q=velferdsteknologi&side=3&sorter=nyeste")

    assert response.status_code == 200
    assert "Sjekk e-posten din" in response.content.decode()
    alert = Alert.objects.get()
    assert (alert.email, alert.query, alert.confirmed_at) == (EMAIL, "q=velferdsteknologi", None)
    assert {f.name for f in Alert._meta.fields} == {
        "id",
        "email",
        "kind",
        "query",
        "frequency",
        "created_at",
        "confirmed_at",
        "last_digest_at",
        "language",
    }
    assert len(mail.outbox) == 1
    assert "«velferdsteknologi»" in mail.outbox[0].body

    CaseFactory(title="Velferdsteknologi i Bergen")
    tasks.queue_digests(timezone.now() + datetime.timedelta(days=8))
    assert len(mail.outbox) == 1  # nothing but the confirmation before the link is clicked


def test_repeated_sign_ups_answer_the_same_and_keep_one_alert(client):
    first = confirmed_alert(client)
    again = sign_up(client, email=EMAIL.upper())
    other = sign_up(client, email="ola@asker.kommune.no")

    assert again.content.decode().count("Sjekk e-posten din") == other.content.decode().count(
        "Sjekk e-posten din"
    )
    assert Alert.objects.filter(email__iexact=EMAIL).get() == first
    assert [m.to for m in mail.outbox] == [["ola@asker.kommune.no"]]


@pytest.mark.parametrize(
    "email", ["", "ikke-en-adresse", "kari@", "a" * 300 + "@example.no", "kari@@bergen.no"]
)
def test_an_invalid_address_gets_a_clear_message(client, email):
    response = sign_up(client, email=email)

    assert response.status_code == 400
    assert "e-postadresse" in response.content.decode().lower()
    assert not Alert.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "a" * 10_000,
        "&".join(f"p{i}=1" for i in range(1000)),
    ],
)
def test_a_huge_search_gets_a_message_not_an_error(client, query):
    response = sign_up(client, query)

    assert response.status_code == 400
    assert "Søket" in response.content.decode()
    assert not Alert.objects.exists()


def test_a_huge_search_in_the_address_of_the_form_page_is_no_error(client):
    response = client.get(SUBSCRIBE_URL, {"sok": "&".join(f"p{i}=1" for i in range(1000))})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "name"),
    [("get", "alert_confirm"), ("post", "alert_confirm"), ("get", "alert_manage")],
)
def test_tampered_links_get_a_clear_page(client, method, name):
    sign_up(client)
    tampered = alerts.confirm_token(Alert.objects.get())[:-3] + "xyz"
    for token in ("tull.og.tøys", tampered):
        response = getattr(client, method)(reverse(f"cases:{name}", args=[token]))
        assert response.status_code == 400
        assert "Lenken virker ikke" in response.content.decode()
    assert Alert.objects.get().confirmed_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_confirmation_link_gets_a_clear_page(client, monkeypatch, method):
    sign_up(client)
    url = link_in(mail.outbox[0], "alert_confirm")
    now = signing.time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + 8 * 24 * 3600)

    response = getattr(client, method)(url)

    assert response.status_code == 400
    assert "Lenken virker ikke" in response.content.decode()
    assert Alert.objects.get().confirmed_at is None


def test_opening_the_confirmation_link_starts_nothing_until_the_button_is_pressed(client):
    sign_up(client, "q=velferdsteknologi")
    url = link_in(mail.outbox[0], "alert_confirm")
    CaseFactory(title="Velferdsteknologi i Bergen")

    for _scanner in range(2):  # a mail scanner may follow the link more than once
        page = client.get(url)
        html = page.content.decode()
        assert page.status_code == 200
        assert "no-cache" in page["Cache-Control"]
        assert "<h1>Start varselet</h1>" in html
        assert "«velferdsteknologi»" in html
        assert '<form method="post">' in html
        assert '<button type="submit">Start varselet</button>' in html
    assert Alert.objects.get().confirmed_at is None
    assert tasks.queue_digests(timezone.now() + datetime.timedelta(days=8)) == 0

    response = client.post(url)

    assert response.status_code == 200
    assert "Varselet er startet" in response.content.decode()
    alert = Alert.objects.get()
    assert alert.confirmed_at is not None
    # Opened again later, the link shows the alert as started and changes nothing.
    again = client.get(url)
    assert "Varselet er startet" in again.content.decode()
    assert Alert.objects.get().confirmed_at == alert.confirmed_at


def test_the_start_button_works_for_a_visitor_without_a_session():
    client = Client(enforce_csrf_checks=True)
    sign_up(client)
    url = link_in(mail.outbox[0], "alert_confirm")

    assert client.post(url).status_code == 403  # no CSRF token: nothing starts
    assert Alert.objects.get().confirmed_at is None
    response = press_start(client, url)

    assert response.status_code == 200
    assert Alert.objects.get().confirmed_at is not None
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_a_digest_lists_the_new_matching_cases_with_unsubscribe_headers(client):
    alert = confirmed_alert(client)
    bergen = OrganizationFactory(name="Bergen kommune")
    CaseFactory(
        title="Velferdsteknologi i hjemmetjenesten",
        buyers=[bergen],
        start_year=2024,
        summary="Sensorer som varsler fall.",
    )
    CaseFactory(title="Elbusser i Oslo", summary="Utslippsfrie busser.")

    assert tasks.queue_digests(timezone.now() + datetime.timedelta(days=1)) == 1

    [message] = mail.outbox
    assert message.to == [EMAIL]
    assert "«velferdsteknologi»" in message.subject
    assert "Velferdsteknologi i hjemmetjenesten" in message.body
    assert "Bergen kommune · 2024" in message.body
    assert "Sensorer som varsler fall." in message.body
    assert "Elbusser" not in message.body
    unsubscribe = link_in(message, "alert_unsubscribe")
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link_in(message, "alert_manage")

    mail.outbox.clear()
    tasks.queue_digests(timezone.now() + datetime.timedelta(days=3))
    assert mail.outbox == []  # nothing new since: no email
    alert.refresh_from_db()
    assert alert.last_digest_at > alert.confirmed_at


def test_a_weekly_alert_waits_a_week(client):
    alert = confirmed_alert(client)
    Alert.objects.filter(pk=alert.pk).update(frequency="weekly")
    CaseFactory(title="Velferdsteknologi på sykehjem")

    assert tasks.queue_digests(timezone.now() + datetime.timedelta(days=2)) == 0
    assert tasks.queue_digests(timezone.now() + datetime.timedelta(days=7)) == 1
    assert len(mail.outbox) == 1


def test_one_click_unsubscribe_works_without_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    alert = confirmed_alert(client)
    url = reverse("cases:alert_unsubscribe", args=[alerts.unsubscribe_token(alert)])

    assert client.get(url).status_code == 200
    assert Alert.objects.exists()  # a link checker's GET unsubscribes nobody
    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not Alert.objects.exists()
    assert client.post(url).status_code == 200  # twice: the same answer


def test_the_manage_link_changes_the_frequency_and_deletes_all(client):
    alert = confirmed_alert(client)
    confirmed_alert_2 = Alert.objects.create(
        email=EMAIL, query="fylke=1", confirmed_at=timezone.now(), last_digest_at=timezone.now()
    )
    url = reverse("cases:alert_manage", args=[alerts.manage_token(EMAIL)])

    page = client.get(url).content.decode()
    assert "«velferdsteknologi»" in page

    client.post(url, {"action": "frequency", "frequency": "weekly"})
    assert set(Alert.objects.values_list("frequency", flat=True)) == {"weekly"}

    client.post(url, {"action": "delete"})
    assert not Alert.objects.filter(pk__in=[alert.pk, confirmed_alert_2.pk]).exists()


def test_unconfirmed_alerts_are_deleted_after_seven_days(client):
    sign_up(client)
    sign_up(client, email="ola@asker.kommune.no")
    Alert.objects.filter(email=EMAIL).update(created_at=timezone.now() - datetime.timedelta(days=8))

    assert alerts.delete_unconfirmed() == 1
    assert list(Alert.objects.values_list("email", flat=True)) == ["ola@asker.kommune.no"]


def test_the_sign_up_is_rate_limited(client, settings):
    settings.IOA_APPLICATION_RATE_LIMIT = 2
    for n in range(2):
        assert sign_up(client, email=f"a{n}@example.no").status_code == 200
    assert sign_up(client, email="a9@example.no").status_code == 429


def test_a_bot_filling_the_honeypot_stores_nothing(client):
    response = sign_up(client, website="http://spam.example")
    assert response.status_code == 200
    assert not Alert.objects.exists()
    assert mail.outbox == []
