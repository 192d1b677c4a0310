"""An iCalendar (RFC 5545) file with the sessions of a learning network."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from networks.models import LearningNetwork, Session

LINE_LIMIT = 75  # octets, not counting the CRLF


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces = []
    current = ""
    limit = LINE_LIMIT
    for char in line:
        if len((current + char).encode()) > limit:
            pieces.append(current)
            current = char
            limit = LINE_LIMIT - 1  # continuation lines start with a space
        else:
            current += char
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def session_event(
    session: Session, *, network_name: str, network_url: str, domain: str, stamp: str
) -> list[str]:
    description = "\n\n".join(
        part
        for part in (
            session.topic,
            session.homework and f"Mellomarbeid: {session.homework}",
            network_url,
        )
        if part
    )
    location = session.place or session.online_url
    lines = [
        "BEGIN:VEVENT",
        f"UID:networks-session-{session.pk}@{domain}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{utc(session.starts_at)}",
        f"DTEND:{utc(session.ends_at)}",
        f"SUMMARY:{escape_text(f'{network_name}: {session.number}. {session.title}')}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{network_url}#samling-{session.number}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines.append("END:VEVENT")
    return lines


def network_calendar(
    network: LearningNetwork, sessions: Iterable[Session], *, network_url: str, domain: str
) -> str:
    stamp = utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//IOA-portalen//Læringsnettverk//NB",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(network.name)}",
    ]
    for session in sessions:
        lines.extend(
            session_event(
                session,
                network_name=network.name,
                network_url=network_url,
                domain=domain,
                stamp=stamp,
            )
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
