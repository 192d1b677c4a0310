"""import_public_bodies and load_municipalities: the register's bulk file into the database."""

from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from networks.models import Organization
from networks.public_bodies import import_public_bodies, load_municipalities, readable_name
from tests.factories import CaseFactory, OrganizationFactory, ParticipantFactory
from tests.networks.test_municipality_data import MUNICIPALITIES_PER_COUNTY_2024

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "enheter_sample.json"
SAMPLE_GZ = DATA / "enheter_sample.json.gz"


def run(*args) -> str:
    out = StringIO()
    call_command("import_public_bodies", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "raw, readable",
    [
        ("BERGEN KOMMUNE", "Bergen kommune"),
        ("HELSE BERGEN HF", "Helse Bergen HF"),
        ("UNIVERSITETET I BERGEN", "Universitetet i Bergen"),
        ("VESTLAND FYLKESKOMMUNE", "Vestland fylkeskommune"),
        (
            "DIREKTORATET FOR FORVALTNING OG ØKONOMISTYRING",
            "Direktoratet for forvaltning og økonomistyring",
        ),
        (
            "OSLO KOMMUNE UTVIKLINGS- OG KOMPETANSEETATEN",
            "Oslo kommune utviklings- og kompetanseetaten",
        ),
        ("KRISTIANSAND HAVN KF", "Kristiansand havn KF"),
        ("HELSE MIDT-NORGE RHF", "Helse Midt-Norge RHF"),
        ("SYKEHUSET INNLANDET HF", "Sykehuset Innlandet HF"),
        ("NORD-FRON KOMMUNE", "Nord-Fron kommune"),
        ("NORSK RIKSKRINGKASTING AS", "Norsk rikskringkasting AS"),
        ("Bærum kommune", "Bærum kommune"),
    ],
)
def test_register_names_in_capitals_become_readable(raw, readable):
    assert readable_name(raw) == readable


def test_load_municipalities_gives_each_county_its_municipalities_and_is_safe_to_repeat():
    first = load_municipalities()
    assert first.created == 357 + 14  # Oslo is the county and the municipality
    assert load_municipalities().created == 0
    per_county = Counter(
        Organization.objects.filter(kind="kommune").values_list("region__number", flat=True)
    )
    assert per_county == MUNICIPALITIES_PER_COUNTY_2024
    counties = Organization.objects.filter(kind="fylkeskommune")
    assert counties.count() == 14
    assert set(counties.values_list("region__number", flat=True)) == (
        set(MUNICIPALITIES_PER_COUNTY_2024) - {"03"}
    )
    assert not Organization.objects.exclude(org_number="").exists()


def test_import_loads_the_public_bodies_and_prints_a_summary():
    out = run(str(SAMPLE_GZ))
    assert "Read 35 entities" in out
    assert "Created" in out and "Skipped:" in out
    bergen = Organization.objects.get(org_number="900001215")
    assert (bergen.name, bergen.kind, bergen.organisational_form) == (
        "Bergen kommune",
        "kommune",
        "KOMM",
    )
    assert bergen.municipality_number == "4601" and bergen.region.number == "46"
    assert bergen.registered_name == "BERGEN KOMMUNE" and bergen.is_registered
    assert bergen.registry_checked_at is not None
    # The municipality loaded from SSB's list got its number; no second Bergen.
    assert Organization.objects.filter(municipality_number="4601", kind="kommune").count() == 1
    assert Organization.objects.get(org_number="900001282").name == "Vestland fylkeskommune"
    assert Organization.objects.filter(organisational_form="FYLK", region__number="46").count() == 1
    assert Organization.objects.get(org_number="900001916").kind == "helseforetak"
    for skipped in ("900002823", "900002890", "900003048", "900003382", "900003315"):
        assert not Organization.objects.filter(org_number=skipped).exists()


def test_plain_and_gzip_files_load_the_same_and_a_second_run_changes_nothing():
    run(str(SAMPLE))
    count = Organization.objects.count()
    out = run(str(SAMPLE_GZ))
    assert Organization.objects.count() == count
    assert "Created 0, updated 0" in out


def test_updates_by_number_but_keeps_a_name_an_editor_set():
    run(str(SAMPLE))
    bergen = Organization.objects.get(org_number="900001215")
    bergen.name = "Bergen kommune (byrådsavdelingene)"
    bergen.save()
    stord = Organization.objects.get(org_number="900001568")
    stord.website = ""
    stord.kind = "annet"
    stord.save()
    run(str(SAMPLE))
    bergen.refresh_from_db()
    stord.refresh_from_db()
    assert bergen.name == "Bergen kommune (byrådsavdelingene)"
    assert stord.kind == "kommune"


def test_a_body_waiting_for_review_is_confirmed_by_the_register():
    typed = OrganizationFactory(
        name="stord kommune", org_number="900001568", kind="annet", needs_review=True
    )
    run(str(SAMPLE))
    typed.refresh_from_db()
    assert (typed.name, typed.kind, typed.needs_review) == ("Stord kommune", "kommune", False)


def test_bodies_gone_from_the_register_are_kept_when_used_and_deleted_when_not(tmp_path):
    run(str(SAMPLE))
    used_by_case = Organization.objects.get(org_number="900001215")
    used_by_participant = Organization.objects.get(org_number="900001355")
    CaseFactory(buyers=[used_by_case])
    ParticipantFactory(organization=used_by_participant)
    typed_by_hand = OrganizationFactory(name="Eksempel AS")  # never from the register
    empty = tmp_path / "empty.json"
    empty.write_text("[]")
    out = run(str(empty))
    used_by_case.refresh_from_db()
    used_by_participant.refresh_from_db()
    assert not used_by_case.is_registered and not used_by_participant.is_registered
    assert Organization.objects.filter(pk=typed_by_hand.pk, is_registered=True).exists()
    assert not Organization.objects.filter(org_number="900001916").exists()
    assert "no longer registered 2" in out
    # Found again later: registered again.
    run(str(SAMPLE))
    used_by_case.refresh_from_db()
    assert used_by_case.is_registered


def test_a_partial_file_marks_nothing_as_gone(tmp_path):
    run(str(SAMPLE))
    empty = tmp_path / "empty.json"
    empty.write_text("[]")
    run(str(empty), "--partial")
    assert Organization.objects.filter(org_number="900001916", is_registered=True).exists()


@pytest.mark.parametrize("content", ['{"not": "a list"}', '[{"organisasjonsnummer": '])
def test_a_broken_file_is_refused_and_changes_nothing(tmp_path, content):
    run(str(SAMPLE))
    before = Organization.objects.count()
    bad = tmp_path / "bad.json"
    bad.write_text(
        '[{"organisasjonsnummer": "900009999", "navn": "X", '
        '"organisasjonsform": {"kode": "KOMM"}}, ' + content
    )
    with pytest.raises(CommandError, match="Nothing was changed"):
        run(str(bad))
    assert Organization.objects.count() == before


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "nowhere.json"))


def test_import_function_reports_progress():
    seen = []
    import_public_bodies(SAMPLE, progress=lambda s: seen.append(s.read.entities), every=10)
    assert len(seen) >= 2 and seen == sorted(seen)
