"""The streaming reader of the register of legal entities' bulk file.

The sample (data/enheter_sample.json and its .gz) is written in the register's format:
real public bodies by name, test organisation numbers (900 00x xxx, valid mod-11),
municipality numbers of 2024, and entities to skip.
"""

import csv
import io
import json
import tracemalloc
from pathlib import Path

import pytest

from networks.models import Organization
from networks.registry import (
    RegistryError,
    RegistryStats,
    classify,
    iter_entities,
    iter_public_bodies,
)
from networks.validators import org_number_is_valid

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "enheter_sample.json"
SAMPLE_GZ = DATA / "enheter_sample.json.gz"
MUNICIPALITIES = Path(__file__).parents[2] / "networks" / "data" / "municipalities_2024.csv"


def bodies(source=SAMPLE, stats=None) -> dict[str, object]:
    return {body.name: body for body in iter_public_bodies(source, stats)}


def test_sample_yields_its_public_bodies_and_counts_what_it_skipped():
    stats = RegistryStats()
    found = bodies(stats=stats)
    assert stats.entities == 35
    assert stats.public_bodies == len(found) == 24
    assert stats.skipped == {
        "not_public": 7,
        "deleted": 1,
        "sub_unit": 1,
        "invalid_org_number": 2,
    }
    assert stats.kinds == {
        "kommune": 10,
        "fylkeskommune": 4,
        "statlig": 5,
        "helseforetak": 2,
        "interkommunalt": 3,
    }


def test_gzip_and_plain_files_give_the_same_bodies():
    assert list(iter_public_bodies(SAMPLE_GZ)) == list(iter_public_bodies(SAMPLE))


def test_open_binary_files_and_unseekable_streams_are_read_too():
    expected = list(iter_public_bodies(SAMPLE))
    with SAMPLE_GZ.open("rb") as stream:
        assert list(iter_public_bodies(stream)) == expected
        assert not stream.closed  # the caller's file is the caller's to close

    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self.data = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buffer):
            chunk = self.data.read(min(len(buffer), 1000))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    assert list(iter_public_bodies(Pipe(SAMPLE.read_bytes()))) == expected


def test_kinds_are_organization_kinds():
    assert {body.kind for body in bodies().values()} <= set(Organization.Kind.values)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("BERGEN KOMMUNE", "kommune"),
        ("KRISTIANSAND HAVN KF", "kommune"),
        ("OSLO KOMMUNE UTVIKLINGS- OG KOMPETANSEETATEN", "kommune"),
        ("VESTLAND FYLKESKOMMUNE", "fylkeskommune"),
        ("VESTLAND FYLKESKOMMUNE SKYSS", "fylkeskommune"),
        ("HELSE BERGEN HF", "helseforetak"),
        ("HELSE VEST RHF", "helseforetak"),
        ("DIREKTORATET FOR FORVALTNING OG ØKONOMISTYRING", "statlig"),
        ("UNIVERSITETET I BERGEN", "statlig"),
        ("STATNETT SF", "statlig"),
        ("ROMSDALSHALVØYA INTERKOMMUNALE RENOVASJONSSELSKAP IKS", "interkommunalt"),
        ("TROLLFJELL FRILUFTSRÅD KOMMUNALT OPPGAVEFELLESSKAP", "interkommunalt"),
    ],
)
def test_bodies_are_classified_by_form_and_sector(name, kind):
    assert bodies()[name].kind == kind


@pytest.mark.parametrize(
    "name",
    [
        "EKSEMPEL HELSETEKNOLOGI AS",
        "OLA NORDMANN RÅDGIVNING",
        "NORSK RIKSKRINGKASTING AS",
        "KS",
        "SKATTEOPPKREVEREN I SEL KOMMUNE",
        "EKSEMPEL UTENLANDSK FORETAK NUF",
        "EKSEMPELSTIFTELSEN FOR KOMMUNAL INNOVASJON",
        "BERGEN KOMMUNE ETAT FOR EIENDOM",
        "LILLESAND KOMMUNE",
        "EKSEMPEL KOMMUNE",
    ],
)
def test_private_deleted_sub_units_and_bad_numbers_are_skipped(name):
    assert name not in bodies()


def test_a_deleted_entity_is_skipped_but_a_living_one_of_the_same_name_is_kept():
    entities = [e for e in iter_entities(SAMPLE) if e["navn"] == "HARAM KOMMUNE"]
    assert len(entities) == 2
    haram = bodies()["HARAM KOMMUNE"]
    assert haram.municipality_number == "1580"
    assert (
        haram.org_number
        == next(e for e in entities if "slettedato" not in e)["organisasjonsnummer"]
    )


def test_a_municipality_with_its_numbers_and_website():
    bergen = bodies()["BERGEN KOMMUNE"]
    assert org_number_is_valid(bergen.org_number)
    assert (bergen.organisational_form, bergen.organisational_form_description) == (
        "KOMM",
        "Kommune",
    )
    assert bergen.sector_code == "6500"
    assert (bergen.municipality_number, bergen.municipality_name) == ("4601", "BERGEN")
    assert bergen.county_number == "46"
    assert bergen.website == "https://www.bergen.kommune.no"
    assert bergen.parent_org_number == ""
    assert not bergen.winding_up


def test_websites_keep_their_scheme_and_nonsense_is_dropped():
    found = bodies()
    assert found["STAVANGER KOMMUNE"].website == "http://www.stavanger.kommune.no"
    assert found["HELSE BERGEN HF"].website == "https://helse-bergen.no"
    assert found["RINGERIKE KOMMUNE"].website == ""
    assert found["TROMS FYLKESKOMMUNE"].website == ""


def test_municipality_from_the_postal_address_when_there_is_no_business_address():
    council = bodies()["NORGES FORSKNINGSRÅD"]
    assert (council.municipality_number, council.county_number) == ("0301", "03")


def test_an_organisational_unit_keeps_its_parent():
    found = bodies()
    assert found["DIREKTORATET FOR FORVALTNING OG ØKONOMISTYRING"].parent_org_number == (
        found["FINANSDEPARTEMENTET"].org_number
    )


def test_a_body_being_wound_up_is_kept_and_marked():
    assert bodies()["EKSEMPEL INTERKOMMUNALE SAMARBEID IKS"].winding_up


def test_every_body_has_a_valid_number_and_a_2024_municipality():
    with MUNICIPALITIES.open(encoding="utf-8") as f:
        municipalities = {row["number"] for row in csv.DictReader(f)}
    for body in iter_public_bodies(SAMPLE):
        assert org_number_is_valid(body.org_number), body
        assert body.municipality_number in municipalities, body
        assert body.county_number == body.municipality_number[:2]


@pytest.mark.parametrize(
    ("form", "sector", "name", "kind"),
    [
        ("KOMM", None, "X KOMMUNE", "kommune"),
        ("FYLK", "6500", "X FYLKESKOMMUNE", "fylkeskommune"),
        ("FKF", "1520", "X FYLKESKOMMUNALE FORETAK FKF", "fylkeskommune"),
        ("STAT", "6100", "STATEN", "statlig"),
        ("ORGL", "6100, 6500", "X DIREKTORAT", "statlig"),
        ("ORGL", "7000", "X MENIGHET", None),
        ("SÆR", "6100", "X", "statlig"),
        ("SÆR", "1120", "X", None),
        ("ANNA", "7000", "X", None),
        ("AS", "1510", "X KOMMUNALE AS", None),
        ("", None, "X", None),
    ],
)
def test_classification_rules(form, sector, name, kind):
    entity = {"navn": name, "organisasjonsform": {"kode": form}}
    if sector:
        entity["institusjonellSektorkode"] = {"kode": sector}
    assert classify(entity) == kind


# ---------------------------------------------------------------------------- the stream


def test_chunk_boundaries_anywhere_give_the_same_entities():
    whole = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for chunk_chars in (1, 7, 100, 4096):
        assert list(iter_entities(SAMPLE, chunk_chars=chunk_chars)) == whole


def test_an_empty_list_has_no_bodies(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text(" [ ] \n")
    assert list(iter_public_bodies(path)) == []


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"organisasjonsnummer": "900001215"}', "begynner ikke med en JSON-liste"),
        ('[{"organisasjonsnummer": "900001215", "navn": "BERG', "slutter midt i en enhet"),
        ('[{"navn": "A"} {"navn": "B"}]', "Forventet komma"),
        ('[{"navn": "A"}, 17]', "noe annet enn enheter"),
        ('[{"navn": "A"}] trailing', "mer etter listen"),
        ("", "begynner ikke med en JSON-liste"),
    ],
)
def test_broken_files_are_refused_with_where(tmp_path, content, says):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError) as error:
        list(iter_entities(path))
    assert says in str(error.value)
    assert "ved tegn nr." in str(error.value)


def test_memory_stays_flat_on_a_large_file(tmp_path):
    """A 12 MB file is read in under 1 MB of memory: one chunk and one entity at a time."""
    template = json.loads(SAMPLE.read_text(encoding="utf-8"))[0]
    path = tmp_path / "enheter.json"
    with path.open("w", encoding="utf-8") as f:
        f.write("[\n")
        for i in range(4_000):
            entity = dict(template, navn=f"KOMMUNE NUMMER {i}", notat="x" * 2_500)
            f.write(("," if i else "") + json.dumps(entity, ensure_ascii=False) + "\n")
        f.write("]\n")
    assert path.stat().st_size > 12_000_000

    tracemalloc.start()
    try:
        count = sum(1 for _body in iter_public_bodies(path))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 4_000
    assert peak < 1_000_000
