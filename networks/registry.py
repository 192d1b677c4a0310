"""Read the public bodies out of the Central Coordinating Register for Legal Entities.

Brønnøysundregistrene publish every entity ("enhet") of Enhetsregisteret as one JSON
file (``https://data.brreg.no/enhetsregisteret/api/enheter/lastned``, gzip): an array of
objects with, among others, ``organisasjonsnummer``, ``navn``, ``organisasjonsform``
(``kode``, ``beskrivelse``), ``institusjonellSektorkode`` (``kode``, ``beskrivelse``),
``forretningsadresse`` and ``postadresse`` (``adresse``, ``postnummer``, ``poststed``,
``kommunenummer``, ``kommune``, ``landkode``, ``land``), ``hjemmeside``,
``overordnetEnhet`` (the parent unit of an organisational unit) and, once an entity is
deleted, ``slettedato``. The file is over a gigabyte unpacked, so it is read as a stream:
one object at a time, in constant memory.

Which entities are public bodies, and of which kind (``Organization.Kind``), is decided
by organisational form first and institutional sector code second:

==========================  ==============================  ==========================
organisasjonsform           institusjonellSektorkode        kind
==========================  ==============================  ==========================
KOMM kommune                any                             kommune
KF kommunalt foretak        any                             kommune
FYLK fylkeskommune          any                             fylkeskommune
FKF fylkeskommunalt foretak any                             fylkeskommune
IKS interkommunalt selskap  any                             interkommunalt
HF, RHF helseforetak        any                             helseforetak
STAT staten                 any                             statlig
SF statsforetak             any                             statlig
ORGL organisasjonsledd      6100 statsforvaltningen         statlig
ORGL organisasjonsledd      6500 kommuneforvaltningen       kommune, or fylkeskommune
                                                            when the name says so
SÆR særlovsselskap          6100 statsforvaltningen         statlig
ANNA annen juridisk person  6500 kommuneforvaltningen       interkommunalt (kommunalt
                                                            oppgavefellesskap and other
                                                            cooperations of municipalities)
anything else                                               not a public body: skipped
==========================  ==============================  ==========================

So municipal and state-owned limited companies (AS, sector 1120/1510), the church,
foundations and the administrative accounting units (ADOS) are left out; they can still
be typed in by hand where a case needs them. An organisational unit (ORGL) keeps its
parent's number in ``parent_org_number`` so that an importer can file it under it.

Skipped as well, and counted by reason: deleted entities (``slettedato``), numbers that
fail the mod-11 check, and sub-units (``underenheter``: forms BEDR and AAFY, or records
with a ``beliggenhetsadresse``), which belong to the separate sub-unit file.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from networks.validators import org_number_is_valid

# Organization.Kind values, named here so that this module needs no model.
MUNICIPALITY = "kommune"
COUNTY = "fylkeskommune"
STATE = "statlig"
HEALTH_TRUST = "helseforetak"
INTERMUNICIPAL = "interkommunalt"

STATE_ADMINISTRATION = "6100"
LOCAL_ADMINISTRATION = "6500"

KIND_BY_FORM = {
    "KOMM": MUNICIPALITY,
    "KF": MUNICIPALITY,
    "FYLK": COUNTY,
    "FKF": COUNTY,
    "IKS": INTERMUNICIPAL,
    "HF": HEALTH_TRUST,
    "RHF": HEALTH_TRUST,
    "STAT": STATE,
    "SF": STATE,
}
KIND_BY_FORM_AND_SECTOR = {
    ("ORGL", STATE_ADMINISTRATION): STATE,
    ("ORGL", LOCAL_ADMINISTRATION): MUNICIPALITY,
    ("SÆR", STATE_ADMINISTRATION): STATE,
    ("ANNA", LOCAL_ADMINISTRATION): INTERMUNICIPAL,
}
SUB_UNIT_FORMS = frozenset({"BEDR", "AAFY"})

CHUNK_CHARS = 64 * 1024
MAX_ENTITY_CHARS = 1024 * 1024  # no entity comes near; a bigger one means a broken file


class RegistryError(ValueError):
    """The file is not the register's JSON; the message says where it went wrong."""


@dataclass(frozen=True)
class PublicBody:
    org_number: str
    name: str  # as registered, usually in capitals: "BERGEN KOMMUNE"
    kind: str  # an Organization.Kind value
    organisational_form: str  # KOMM, FYLK, ORGL …
    organisational_form_description: str
    sector_code: str  # institusjonellSektorkode, "" when none is given
    municipality_number: str  # four digits from the business (else postal) address, or ""
    municipality_name: str
    county_number: str  # the first two digits of the municipality number, or ""
    website: str  # with its scheme: "https://www.bergen.kommune.no", or ""
    parent_org_number: str = ""  # overordnetEnhet
    winding_up: bool = False  # underAvvikling: still registered, but being wound up


@dataclass
class RegistryStats:
    """What a run read: how many entities, how many public bodies, what was skipped why."""

    entities: int = 0
    public_bodies: int = 0
    skipped: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)


def classify(entity: Mapping[str, Any]) -> str | None:
    """The ``Organization.Kind`` of a registered entity, or None when it is no public body."""
    form = _code(entity.get("organisasjonsform"))
    kind = KIND_BY_FORM.get(form)
    if kind:
        return kind
    sectors = _sectors(entity.get("institusjonellSektorkode"))
    for sector in sectors:
        kind = KIND_BY_FORM_AND_SECTOR.get((form, sector))
        if kind == MUNICIPALITY and "FYLKESKOMMUNE" in str(entity.get("navn", "")).upper():
            return COUNTY
        if kind:
            return kind
    return None


def iter_public_bodies(
    source: str | os.PathLike | IO[bytes], stats: RegistryStats | None = None
) -> Iterator[PublicBody]:
    """The public bodies in a bulk file of entities (gzip or plain JSON), one at a time."""
    stats = stats if stats is not None else RegistryStats()
    for entity in iter_entities(source):
        stats.entities += 1
        reason, body = _public_body(entity)
        if body is None:
            stats.skipped[reason] += 1
            continue
        stats.public_bodies += 1
        stats.kinds[body.kind] += 1
        yield body


def iter_entities(
    source: str | os.PathLike | IO[bytes], *, chunk_chars: int = CHUNK_CHARS
) -> Iterator[dict[str, Any]]:
    """Each object of the file's top-level JSON array, read a chunk at a time."""
    with _open_text(source) as text:
        yield from _ArrayReader(text, chunk_chars).objects()


# ---------------------------------------------------------------------------- records


def _public_body(entity: Mapping[str, Any]) -> tuple[str, PublicBody | None]:
    number = re.sub(r"\s", "", str(entity.get("organisasjonsnummer") or ""))
    form = _code(entity.get("organisasjonsform"))
    if form in SUB_UNIT_FORMS or "beliggenhetsadresse" in entity:
        return "sub_unit", None
    if entity.get("slettedato"):
        return "deleted", None
    if not org_number_is_valid(number):
        return "invalid_org_number", None
    kind = classify(entity)
    if kind is None:
        return "not_public", None
    name = " ".join(str(entity.get("navn") or "").split())
    if not name:
        return "no_name", None
    address = _municipal_address(entity)
    municipality = str(address.get("kommunenummer") or "")
    if not re.fullmatch(r"\d{4}", municipality):
        municipality = ""
    form_entry = entity.get("organisasjonsform") or {}
    return "", PublicBody(
        org_number=number,
        name=name,
        kind=kind,
        organisational_form=form,
        organisational_form_description=str(form_entry.get("beskrivelse") or ""),
        sector_code=",".join(_sectors(entity.get("institusjonellSektorkode"))),
        municipality_number=municipality,
        municipality_name=str(address.get("kommune") or "") if municipality else "",
        county_number=municipality[:2],
        website=_website(entity.get("hjemmeside")),
        parent_org_number=re.sub(r"\D", "", str(entity.get("overordnetEnhet") or "")),
        winding_up=bool(entity.get("underAvvikling")),
    )


def _code(entry: Any) -> str:
    return str(entry.get("kode") or "").strip().upper() if isinstance(entry, Mapping) else ""


def _sectors(entry: Any) -> list[str]:
    """Sector codes: the field is documented as holding one or several, comma-separated."""
    return [part.strip() for part in _code(entry).split(",") if part.strip()]


def _municipal_address(entity: Mapping[str, Any]) -> Mapping[str, Any]:
    for key in ("forretningsadresse", "postadresse"):
        address = entity.get(key)
        if isinstance(address, Mapping) and address.get("kommunenummer"):
            return address
    return {}


def _website(value: Any) -> str:
    """The register writes "www.bergen.kommune.no"; the site wants a whole address."""
    website = str(value or "").strip()
    if not website or re.search(r"\s", website):
        return ""
    if not re.match(r"https?://", website, re.IGNORECASE):
        website = "https://" + website
    if not re.fullmatch(r"https?://[\w.-]+\.[a-z]{2,}(?::\d+)?(/\S*)?", website, re.IGNORECASE):
        return ""
    return website


# ---------------------------------------------------------------------------- streaming


@contextmanager
def _open_text(source: str | os.PathLike | IO[bytes]) -> Iterator[IO[str]]:
    """A text stream over a path or binary file, gunzipped when it starts like gzip."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as raw, _open_text(raw) as text:
            yield text
        return
    binary: IO[bytes] = source
    if hasattr(binary, "peek"):
        magic = binary.peek(2)[:2]
    elif binary.seekable():
        start = binary.tell()
        magic = binary.read(2)
        binary.seek(start)
    else:
        binary = io.BufferedReader(binary)
        magic = binary.peek(2)[:2]
    if magic == b"\x1f\x8b":
        binary = gzip.GzipFile(fileobj=binary, mode="rb")
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    try:
        yield text
    finally:
        text.detach()  # leave the caller's file open


class _ArrayReader:
    """Walks a top-level JSON array with ``JSONDecoder.raw_decode``, one value at a time.

    The buffer holds at most one chunk and the value being read, so memory stays flat
    whatever the size of the file.
    """

    def __init__(self, text: IO[str], chunk_chars: int):
        self.text = text
        self.chunk_chars = chunk_chars
        self.decoder = json.JSONDecoder()
        self.buffer = ""
        self.pos = 0
        self.consumed = 0  # characters dropped from the front of the buffer
        self.eof = False

    def objects(self) -> Iterator[dict[str, Any]]:
        if self._next_char() != "[":
            raise self._error("Filen begynner ikke med en JSON-liste ([).")
        self.pos += 1
        if self._next_char() == "]":
            self.pos += 1
            return self._expect_end()
        while True:
            value = self._value()
            if not isinstance(value, dict):
                raise self._error("Listen inneholder noe annet enn enheter (JSON-objekter).")
            yield value
            char = self._next_char()
            if char == ",":
                self.pos += 1
                continue
            if char == "]":
                self.pos += 1
                return self._expect_end()
            raise self._error("Forventet komma eller ] etter en enhet.")

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.text.read(self.chunk_chars)
        if not chunk:
            self.eof = True
            return False
        self.consumed += self.pos
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def _next_char(self) -> str:
        """The next character that is not white space, without taking it ("" at the end)."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def _value(self) -> Any:
        self._next_char()  # raw_decode does not skip leading white space
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if len(self.buffer) - self.pos > MAX_ENTITY_CHARS:
                    raise self._error("En enhet er for stor til å være riktig.") from error
                if not self._fill():
                    message = "Filen slutter midt i en enhet, eller JSON-en er ugyldig."
                    raise self._error(message) from error
                continue
            if end == len(self.buffer) and not self.eof and not isinstance(value, dict | list):
                self._fill()  # a number or literal may go on in the next chunk
                continue
            self.pos = end
            return value

    def _expect_end(self) -> None:
        if self._next_char():
            raise self._error("Det står mer etter listen med enheter.")

    def _error(self, message: str) -> RegistryError:
        return RegistryError(f"{message} (ved tegn nr. {self.consumed + self.pos + 1})")
