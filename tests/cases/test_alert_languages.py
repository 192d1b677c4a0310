"""An alert's emails are in the language of the page it was asked for on (nb, nn, en), and
their links lead to pages in that language (cases/alerts.py)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from cases import alerts, tasks
from cases.models import Alert
from tests.factories import CaseFactory, SectorFactory, region

pytestmark = pytest.mark.django_db

EMAIL = "kari.nordmann@bergen.kommune.no"
# Per language: the prefix of its pages, then words of the confirmation's subject, of the
# confirmation's body, of the digest's subject and of the digest's body.
LANGUAGES = {
    "nb": (
        "/",
        "Bekreft varsel om nye anskaffelser",
        "Klikk lenken for å starte varselet",
        "Nye anskaffelser: ",
        "1 ny anskaffelse passer til søket ditt:",
    ),
    "nn": (
        "/nn/",
        "Stadfest varsel om nye anskaffingar",
        "Klikk på lenkja for å starte varselet",
        "Nye anskaffingar: ",
        "1 ny anskaffing passar til søket ditt:",
    ),
    "en": (
        "/en/",
        "Confirm alert for new procurements",
        "Click the link to start the alert",
        "New procurements: ",
        "1 new procurement matches your search:",
    ),
}


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text)


def path_of(link: str, base: str) -> str:
    assert link.startswith(base + "/"), link
    return link.removeprefix(base)


def sign_up_on(client, language: str, query: str, kind: str = Alert.Kind.CASES):
    with translation.override(language):
        url = reverse("cases:alert_subscribe")
    data = {"email": EMAIL, "frequency": "daily", "sok": query, "hva": kind, "website": ""}
    return client.post(url, data)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_confirmation_and_the_digests_are_in_the_language_signed_up_in(client, language):
    prefix, confirm_subject, confirm_words, digest_subject, digest_words = LANGUAGES[language]
    sector = SectorFactory(name="Helse og omsorg", slug="helse-og-omsorg")

    response = sign_up_on(client, language, f"q=sykehjem&sektor={sector.pk}")

    assert response.status_code == 200
    assert Alert.objects.get().language == language
    [confirmation] = mail.outbox
    assert confirmation.subject == confirm_subject
    assert confirm_words in confirmation.body
    links = links_in(confirmation.body)
    assert links
    for link in links:
        assert path_of(link, "http://testserver").startswith(prefix + "anskaffelser/"), link
    [confirm_url] = [
        path_of(link, "http://testserver") for link in links if "/varsel/bekreft/" in link
    ]

    opened = client.get(confirm_url)
    assert opened.status_code == 200
    assert f'lang="{language}"' in opened.content.decode()
    client.post(confirm_url)
    assert Alert.objects.get().confirmed_at is not None
    mail.outbox.clear()

    case = CaseFactory(title="Velferdsteknologi på sykehjem", sectors=[sector])
    assert tasks.queue_digests(timezone.now() + datetime.timedelta(days=1)) == 1

    [digest] = mail.outbox
    assert digest.subject.startswith(digest_subject)
    # Quoted as the language quotes.
    assert ("“sykehjem”" if language == "en" else "«sykehjem»") in digest.subject
    html = digest.alternatives[0][0]
    for part in (digest.body, html):
        assert digest_words.removesuffix(":") in part
        assert "Velferdsteknologi på sykehjem" in part
        links = links_in(part)
        assert len(links) >= 4  # the search, the case, unsubscribe, manage
        for link in links:
            assert path_of(link, settings.IOA_SITE_URL).startswith(prefix), link
        with translation.override(language):
            assert settings.IOA_SITE_URL + case.get_absolute_url() in links
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert path_of(unsubscribe, settings.IOA_SITE_URL).startswith(prefix + "anskaffelser/")


def test_a_grouped_digest_for_an_english_subscriber_is_in_english_whatever_the_jobs_language():
    two_hours_ago = timezone.now() - datetime.timedelta(hours=2)
    alert = Alert.objects.create(
        email=EMAIL,
        query="q=velferdsteknologi",
        frequency=Alert.Frequency.DAILY,
        language="en",
        confirmed_at=two_hours_ago,
        last_digest_at=two_hours_ago,
    )
    for i in range(alerts.GROUP_ABOVE + 1):
        CaseFactory(title=f"Velferdsteknologi {i}", region=region("46" if i % 2 else "03"))

    with translation.override("nn"):
        assert alerts.send_digest(alert.pk, base_url="https://ioa.example", until=timezone.now())

    [digest] = mail.outbox
    assert digest.subject == "New procurements: “velferdsteknologi”"
    assert "11 new procurements match your search:" in digest.body
    assert "By county:" in digest.body
    assert "You are receiving this email (daily)" in digest.body
    assert "Stop this alert:" in digest.body
    assert '<html lang="en">' in digest.alternatives[0][0]
    for link in links_in(digest.body):
        assert path_of(link, "https://ioa.example").startswith("/en/"), link


def test_an_alert_asked_for_again_in_another_language_is_confirmed_in_that_one(client):
    sign_up_on(client, "nb", "q=sykehjem")
    sign_up_on(client, "en", "q=sykehjem")  # the first confirmation was lost

    assert Alert.objects.get().language == "en"
    first, second = mail.outbox
    assert first.subject == LANGUAGES["nb"][1]
    assert second.subject == LANGUAGES["en"][1]
    assert "/en/anskaffelser/varsel/bekreft/" in second.body


def test_alerts_from_before_languages_were_kept_are_in_bokmal():
    assert Alert._meta.get_field("language").default == "nb"
