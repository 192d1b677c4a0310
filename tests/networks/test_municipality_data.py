"""The 2024 municipalities and counties shipped in networks/data/.

Source: Statistics Norway's classifications 131 (municipalities) and 104 (counties),
versions valid in 2024, as served by SSB's KLASS API. ``official_name`` is SSB's name
with its Sami and Kven forms ("Kárášjohka - Karasjok"); ``name`` is the Norwegian form.
The counts per county are those SSB publishes for 1 January 2024.
"""

import csv
import importlib
import re
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).parents[2] / "networks" / "data"

MUNICIPALITIES_PER_COUNTY_2024 = {
    "03": 1,  # Oslo
    "11": 23,  # Rogaland
    "15": 27,  # Møre og Romsdal
    "18": 41,  # Nordland
    "31": 12,  # Østfold
    "32": 21,  # Akershus
    "33": 18,  # Buskerud
    "34": 46,  # Innlandet
    "39": 6,  # Vestfold
    "40": 17,  # Telemark
    "42": 25,  # Agder
    "46": 43,  # Vestland
    "50": 38,  # Trøndelag
    "55": 21,  # Troms
    "56": 18,  # Finnmark
}


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def municipalities():
    return rows("municipalities_2024.csv")


@pytest.fixture(scope="module")
def counties():
    return rows("county_municipalities_2024.csv")


def test_357_municipalities_and_15_counties(municipalities, counties):
    assert len(municipalities) == 357
    assert len(counties) == 15
    assert sum(MUNICIPALITIES_PER_COUNTY_2024.values()) == 357


def test_municipalities_per_county_match_statistics_norway(municipalities):
    assert Counter(m["county_number"] for m in municipalities) == MUNICIPALITIES_PER_COUNTY_2024


def test_each_municipality_number_begins_with_its_county_number(municipalities, counties):
    county_numbers = {c["number"] for c in counties}
    for municipality in municipalities:
        assert re.fullmatch(r"\d{4}", municipality["number"]), municipality
        assert municipality["number"][:2] == municipality["county_number"], municipality
        assert municipality["county_number"] in county_numbers, municipality


def test_numbers_and_names_are_unique(municipalities, counties):
    for table in (municipalities, counties):
        assert len({r["number"] for r in table}) == len(table)
        assert len({r["official_name"] for r in table}) == len(table)
    assert len({m["name"] for m in municipalities}) == len(municipalities)


def test_norwegian_name_is_one_of_the_official_forms(municipalities, counties):
    for row in [*municipalities, *counties]:
        assert row["name"] in row["official_name"].split(" - "), row


@pytest.mark.parametrize(
    ("number", "name", "official_name"),
    [
        ("0301", "Oslo", "Oslo"),
        ("1580", "Haram", "Haram"),  # re-established on 1 January 2024
        ("3305", "Ringerike", "Ringerike"),
        ("3411", "Ringsaker", "Ringsaker"),
        ("4614", "Stord", "Stord"),
        ("1515", "Herøy (Møre og Romsdal)", "Herøy (Møre og Romsdal)"),
        ("1875", "Hamarøy", "Hábmer - Hamarøy"),
        ("5540", "Kåfjord", "Gáivuotna - Kåfjord - Kaivuono"),
        ("5610", "Karasjok", "Kárášjohka - Karasjok"),
        ("5622", "Porsanger", "Porsanger - Porsáŋgu - Porsanki"),
    ],
)
def test_known_municipalities(municipalities, number, name, official_name):
    row = next(m for m in municipalities if m["number"] == number)
    assert (row["name"], row["official_name"]) == (name, official_name)


def test_counties_are_the_regions_of_the_data_migration(counties):
    migration = importlib.import_module("networks.migrations.0002_counties_2024")
    regions = {number: name for number, name, _slug in migration.COUNTIES_2024}
    assert {c["number"]: c["name"] for c in counties} == regions


def test_sami_and_kven_county_names(counties):
    official = {c["number"]: c["official_name"] for c in counties}
    assert official["18"] == "Nordland - Nordlánnda"
    assert official["50"] == "Trøndelag - Trööndelage"
    assert official["55"] == "Troms - Romsa - Tromssa"
    assert official["56"] == "Finnmark - Finnmárku - Finmarkku"


def test_no_organisation_numbers_in_the_data():
    for path in DATA.glob("*.csv"):
        assert not re.search(r"\d{9}", path.read_text(encoding="utf-8")), path
