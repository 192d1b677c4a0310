import datetime

import icalendar
import pytest
from django.urls import reverse

from networks.ical import fold
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

OSLO = datetime.timezone(datetime.timedelta(hours=1))


def calendar(client, network):
    response = client.get(reverse("networks:calendar", args=[network.slug]))
    assert response.status_code == 200
    return response


def test_calendar_is_valid_icalendar_with_every_session(client, network_a):
    start = datetime.datetime(2026, 2, 3, 9, 0, tzinfo=OSLO)
    SessionFactory(
        network=network_a,
        number=1,
        title="Oppstart; behov, og mål",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        place="Bergen rådhus, sal 2",
        homework="Beskriv behovet.\nSnakk med brukerne.",
    )
    SessionFactory(
        network=network_a,
        number=2,
        title="Markedsdialog",
        place="",
        online_url="https://meet.example.no/2",
    )

    response = calendar(client, network_a)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="nettverk-a.ics"' in response["Content-Disposition"]
    body = response.content
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    for line in body.split(b"\r\n"):
        assert len(line) <= 75

    parsed = icalendar.Calendar.from_ical(body)
    assert parsed["VERSION"] == "2.0"
    assert parsed["PRODID"]
    events = parsed.walk("VEVENT")
    assert len(events) == 2
    first = events[0]
    assert str(first["SUMMARY"]) == "Nettverk A: 1. Oppstart; behov, og mål"
    assert str(first["LOCATION"]) == "Bergen rådhus, sal 2"
    assert first.decoded("DTSTART") == start
    assert first.decoded("DTEND") == start + datetime.timedelta(hours=6)
    assert "Mellomarbeid: Beskriv behovet.\nSnakk med brukerne." in str(first["DESCRIPTION"])
    assert str(first["URL"]).endswith("/nettverk/nettverk-a/#samling-1")
    assert str(events[1]["LOCATION"]) == "https://meet.example.no/2"
    assert len({str(e["UID"]) for e in events}) == 2


def test_calendar_without_sessions_is_still_valid(client, network_a):
    parsed = icalendar.Calendar.from_ical(calendar(client, network_a).content)
    assert parsed.walk("VEVENT") == []


def test_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "æøå" * 60
    folded = fold(line)
    pieces = folded.split("\r\n ")
    assert "".join(pieces) == line
    assert all(len(piece.encode()) <= 75 for piece in pieces)


@pytest.mark.parametrize("n", [1, 10])
def test_calendar_queries_do_not_grow(client, network_a, django_assert_max_num_queries, n):
    for number in range(1, n + 1):
        SessionFactory(network=network_a, number=number)
    with django_assert_max_num_queries(3):
        calendar(client, network_a)
