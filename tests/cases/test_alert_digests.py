"""What a digest of an alert shows (cases/alerts.py): the new cases in the text and HTML
parts, grouped when there are many; the same search as the page, need mode too."""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import alerts
from cases.models import Alert
from cases.search import semantic
from networks.models import Region
from tests.factories import CaseFactory, OrganizationFactory, SectorFactory

pytestmark = pytest.mark.django_db

EMAIL = "kari.nordmann@bergen.kommune.no"
BASE = "https://ioa.example"


def confirmed(query: str = "q=velferdsteknologi", kind: str = Alert.Kind.CASES) -> Alert:
    """A confirmed alert whose last digest was an hour ago."""
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    return Alert.objects.create(
        email=EMAIL,
        kind=kind,
        query=query,
        frequency=Alert.Frequency.DAILY,
        confirmed_at=an_hour_ago,
        last_digest_at=an_hour_ago,
    )


def send(alert: Alert):
    """The digest email of the alert, or None."""
    mail.outbox.clear()
    alerts.send_digest(alert.pk, base_url=BASE, until=timezone.now())
    return mail.outbox[0] if mail.outbox else None


def html_of(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def new_cases(n: int, region=None, sectors=(), title="Velferdsteknologi"):
    buyer = OrganizationFactory(name=f"Kommune i {region.name if region else 'landet'}")
    return [
        CaseFactory(
            title=f"{title} {region.name if region else 'nasjonalt'} {i}",
            region=region,
            buyers=[buyer],
            sectors=list(sectors),
            start_year=2025,
            summary="Sensorer som varsler fall hos hjemmeboende.",
        )
        for i in range(n)
    ]


def test_a_digest_of_a_few_cases_lists_each_in_the_text_and_the_html(client):
    alert = confirmed()
    bergen = OrganizationFactory(name="Bergen kommune")
    case = CaseFactory(
        title="Velferdsteknologi i hjemmetjenesten",
        buyers=[bergen],
        start_year=2024,
        summary="Sensorer som varsler fall. " + "Mange ord her. " * 40,
    )

    message = send(alert)

    url = BASE + case.get_absolute_url()
    html = html_of(message)
    for part in (message.body, html):
        assert "1 ny anskaffelse passer til søket ditt" in part
        assert "«velferdsteknologi»" in part
        assert "Velferdsteknologi i hjemmetjenesten" in part
        assert "Bergen kommune · 2024" in part
        assert "Sensorer som varsler fall." in part
        assert url in part
        assert "Per fylke" not in part
    # A line of summary, not the whole of it.
    assert message.body.count("Mange ord her.") < 20
    assert "Du får denne e-posten (daglig)" in message.body
    assert '<html lang="nb">' in html
    assert f'<a href="{url}"' in html
    assert "Avslutt dette varselet" in html


def test_ten_new_cases_are_listed_and_eleven_are_grouped_by_county():
    vestland, oslo = Region.objects.get(number="46"), Region.objects.get(number="03")
    alert = confirmed()
    new_cases(6, vestland)
    new_cases(4, oslo)

    ten = send(alert)
    assert "10 nye anskaffelser" in ten.body
    assert "Per fylke" not in ten.body
    assert ten.body.count("Velferdsteknologi Vestland") == 6

    alert.refresh_from_db()
    new_cases(8, vestland)
    new_cases(3, oslo)
    eleven = send(alert)
    assert "11 nye anskaffelser" in eleven.body
    assert "Per fylke:\n- Vestland: 8\n- Oslo: 3\n" in eleven.body


def test_many_new_cases_are_grouped_by_county_with_counts_and_a_link_to_each_group(client):
    vestland, oslo = Region.objects.get(number="46"), Region.objects.get(number="03")
    alert = confirmed()
    old = CaseFactory(
        title="Velferdsteknologi Vestland gammel",
        region=vestland,
        published_at=timezone.now() - datetime.timedelta(days=3),
    )
    in_vestland = new_cases(8, vestland)
    new_cases(4, oslo)
    new_cases(2, None)
    CaseFactory(title="Elbusser i Bergen", region=vestland)

    message = send(alert)

    body, html = message.body, html_of(message)
    assert "14 nye anskaffelser passer til søket ditt" in body
    # Biggest county first, cases without a county last.
    assert "Per fylke:\n- Vestland: 8\n- Oslo: 4\n- Uten fylke: 2\n" in body
    assert body.index("== Vestland (8) ==") < body.index("== Oslo (4) ==")
    assert body.index("== Oslo (4) ==") < body.index("== Uten fylke (2) ==")
    # Each group lists its newest few; the rest are behind the group's link.
    assert body.count("Velferdsteknologi Vestland") == alerts.PER_GROUP
    assert "Velferdsteknologi Vestland 7" in body
    assert "Velferdsteknologi Vestland 0" not in body
    assert body.count("Velferdsteknologi Oslo") == 4
    assert body.count("Velferdsteknologi nasjonalt") == 2
    assert "Elbusser" not in body and "gammel" not in body
    assert body.count("Se alle 8 nye i søket (de nyeste står først):") == 1
    assert "Se alle 4 nye" not in body  # all of Oslo's are listed

    [link] = re.findall(
        r"https://ioa\.example/anskaffelser/\?\S*nyeste\S*", body.split("== Oslo")[0]
    )
    params = parse_qs(urlsplit(link).query)
    assert params == {
        "q": ["velferdsteknologi"],
        "fylke": [str(vestland.pk)],
        "sorter": ["nyeste"],
    }
    page = re.sub(r"</?mark>", "", client.get(link.removeprefix(BASE)).content.decode())
    shown = [case.title for case in in_vestland if case.title in page]
    assert len(shown) == 8 and old.title in page
    assert page.index(in_vestland[-1].title) < page.index(old.title)  # the new ones first

    assert "<h2" in html and "Vestland (8)" in html and "Uten fylke (2)" in html
    assert html.count("Velferdsteknologi Vestland") == alerts.PER_GROUP
    assert f'href="{link.replace("&", "&amp;")}"' in html


def test_a_search_of_one_county_is_grouped_by_sector_each_case_once():
    vestland = Region.objects.get(number="46")
    health = SectorFactory(name="Helse og omsorg", slug="helse-og-omsorg")
    education = SectorFactory(name="Utdanning", slug="utdanning")
    alert = confirmed(f"fylke={vestland.pk}")
    new_cases(7, vestland, [health], title="Helse")
    new_cases(4, vestland, [education], title="Skole")
    # In two sectors: under the first by name only.
    new_cases(1, vestland, [education, health], title="Begge")

    body = send(alert).body

    assert "Fylke: Vestland" in body
    assert "Per sektor:\n- Helse og omsorg: 8\n- Utdanning: 4\n" in body
    assert body.count("Begge") == 1
    assert body.count("Se alle 8 nye") == 1
    link = re.search(r"https://ioa\.example/anskaffelser/\?\S*nyeste\S*", body).group(0)
    assert parse_qs(urlsplit(link).query)["sektor"] == [str(health.pk)]


def test_groups_of_the_same_size_are_in_alphabetical_order():
    alert = confirmed()
    for number in ("50", "03", "11", "46"):
        new_cases(3, Region.objects.get(number=number))

    body = send(alert).body

    assert "Per fylke:\n- Oslo: 3\n- Rogaland: 3\n- Trøndelag: 3\n- Vestland: 3\n" in body
    assert "Se alle" not in body


def test_many_new_cases_in_one_county_and_one_sector_list_the_newest_and_link_to_the_rest():
    alert = confirmed()
    new_cases(13, Region.objects.get(number="46"))

    body = send(alert).body

    assert "13 nye anskaffelser" in body
    assert "Per fylke" not in body and "Per sektor" not in body
    assert body.count("Velferdsteknologi Vestland") == alerts.GROUP_ABOVE
    assert "Se alle 13 nye i søket (de nyeste står først):" in body
    assert "sorter=nyeste" in body


@pytest.mark.parametrize("n", [12, 40])
def test_the_digest_takes_the_same_number_of_queries_for_few_and_many_cases(n):
    alert = confirmed()
    for i in range(n):
        new_cases(1, Region.objects.get(number=("46", "03", "11", "50")[i % 4]))

    with CaptureQueriesContext(connection) as queries:
        message = send(alert)

    assert f"{n} nye anskaffelser" in message.body
    assert len(queries) <= 9, [q["sql"][:160] for q in queries.captured_queries]


def test_nothing_new_sends_nothing_and_moves_the_last_digest_on():
    alert = confirmed()
    CaseFactory(title="Elbusser i Oslo")

    assert send(alert) is None
    alert.refresh_from_db()
    assert alert.last_digest_at > timezone.now() - datetime.timedelta(minutes=1)


# Need searches ---------------------------------------------------------------------------

NEED = "pasientene våre med KOLS blir lagt inn på sykehus gang på gang"


def test_a_need_search_page_has_the_form_and_the_alert_keeps_the_need_mode(client):
    CaseFactory(title="Hjemmeoppfølging av KOLS-pasienter", summary="Færre innleggelser.")
    page = client.get(reverse("cases:list"), {"q": NEED}).content.decode()
    assert "ligner på behovet" in page
    assert "Få e-post om nye treff" in page

    response = client.post(
        reverse("cases:alert_subscribe"),
        {"email": EMAIL, "frequency": "daily", "sok": f"q={NEED}", "website": ""},
    )

    assert response.status_code == 200
    alert = Alert.objects.get()
    assert alert.query == alerts.normalise_query(f"q={NEED}&modus=behov")
    assert "som ligner på «pasientene våre med KOLS" in mail.outbox[0].body


def test_a_need_alerts_digest_has_the_new_cases_the_need_search_finds():
    CaseFactory(
        title="Hjemmeoppfølging av KOLS-pasienter",
        summary="Færre innleggelser.",
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    alert = confirmed(alerts.normalise_query(f"q={NEED}"))
    assert "modus=behov" in alert.query
    CaseFactory(
        title="Digital oppfølging av KOLS hjemme",
        summary="Pasienter med KOLS følges opp hjemme, så de slipper sykehus.",
    )
    CaseFactory(title="Elbusser i Oslo", summary="Utslippsfrie busser i byen.")

    message = send(alert)

    assert "Digital oppfølging av KOLS hjemme" in message.body
    assert "Hjemmeoppfølging" not in message.body  # published before the last digest
    assert "Elbusser" not in message.body
    assert "modus=behov" in message.body  # the link to the search keeps the mode
    assert message.subject.startswith("Nye anskaffelser: som ligner på «pasientene")


def test_a_need_alerts_digest_leaves_out_new_cases_that_are_only_among_the_closest_few(client):
    """On a site of a few cases, every case is among the closest five by meaning, which the
    search page puts forward; the digest of new cases keeps only the closest and those
    about as close."""
    if not semantic.available():
        pytest.skip("no vector search here (no pgvector, or IOA_VECTOR_SEARCH off): words only")
    older = CaseFactory(
        title="Hjemmeoppfølging av KOLS-pasienter",
        summary="Færre innleggelser.",
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    alert = confirmed(alerts.normalise_query(f"q={NEED}"))
    related = CaseFactory(
        title="Digital oppfølging av KOLS hjemme",
        summary="Pasienter med KOLS følges opp hjemme, så de slipper sykehus.",
    )
    unrelated = CaseFactory(title="Elbusser i Oslo", summary="Utslippsfrie busser i byen.")
    assert semantic.refresh_embeddings([older.pk, related.pk, unrelated.pk]) == 3
    # The search page lists all three (the closest five by meaning are always there).
    page = client.get(reverse("cases:list"), {"q": NEED}).content.decode()
    assert "Elbusser i Oslo" in page

    message = send(alert)

    assert "Digital oppfølging av KOLS hjemme" in message.body
    assert "Elbusser" not in message.body


def test_a_precise_search_is_stored_without_a_mode():
    CaseFactory.create_batch(3, title="Velferdsteknologi i kommunen")
    assert alerts.normalise_query("q=velferdsteknologi&side=2") == "q=velferdsteknologi"


def test_many_small_groups_list_at_most_twenty_cases_and_link_to_the_rest():
    alert = confirmed()
    numbers = ("46", "03", "11", "50", "42", "32", "33", "56", "34", "15", "18", "40")
    for number in numbers:
        new_cases(3, Region.objects.get(number=number))

    body = send(alert).body

    assert "36 nye anskaffelser" in body
    assert len(re.findall(r"^Velferdsteknologi .* \d$", body, re.M)) == alerts.LISTED_AT_MOST
    assert body.count("== ") == len(numbers)  # every county has its heading and count
    assert body.count("Se alle 3 nye i søket") == len(numbers) - alerts.LISTED_AT_MOST // 3


def test_groups_of_the_same_size_are_in_norwegian_order():
    vestland = Region.objects.get(number="46")
    alert = confirmed(f"fylke={vestland.pk}")
    for name in ("Åker og skog", "Økonomi", "Avfall", "Ærlig handel"):
        new_cases(3, vestland, [SectorFactory(name=name, slug=name[:3].lower())], title=name)

    body = send(alert).body

    assert "- Avfall: 3\n- Ærlig handel: 3\n- Økonomi: 3\n- Åker og skog: 3\n" in body
