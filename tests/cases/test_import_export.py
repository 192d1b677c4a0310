import copy
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.importexport import ImportFailed, export_data, import_data
from cases.models import Case, Contact, DialogueConference, Document, Sector
from networks.models import Organization, Region
from tests.factories import (
    BenefitAnalysisFactory,
    CaseFactory,
    ContactFactory,
    DialogueConferenceFactory,
    DocumentFactory,
    LearningNetworkFactory,
    OrganizationFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


def valid_case(**overrides):
    case = {
        "slug": "forerlose-busser-gjesdal",
        "title": "Førerløse busser i Gjesdal",
        "summary": "Gjesdal prøvde ut to teknologier for selvkjørende busser.",
        "status": "completed",
        "phase": "implementering",
        "procedure": "forhandling",
        "innovation_type": "innovativ-losning",
        "sectors": ["Transport og mobilitet"],
        "county": "11",
        "buyers": [
            {
                "org_number": "964965226",
                "name": "Gjesdal kommune",
                "municipality_number": "1122",
                "county": "11",
                "is_lead": True,
            },
            {"name": "Sandnes kommune", "county": "11"},
        ],
        "cpv_codes": ["34121000-1"],
        "doffin_ids": ["2018-123456"],
        "estimated_value": 3500000,
        "start_year": 2018,
        "end_year": 2020,
        "need": "Innbyggerne har langt til bussen.",
        "is_published": True,
        "published_at": "2020-01-10T12:00:00+01:00",
        "dialogue_conferences": [
            {"held_on": "2018-03-08", "place": "Ålgård", "invited_suppliers": 35}
        ],
        "benefits": [
            {"kind": "tid", "description": "Kortere ventetid", "estimated": "900", "realised": 600}
        ],
        "contacts": [{"name": "Marit Fjelde", "email": "marit@example.com", "is_fictitious": True}],
        "documents": [
            {"kind": "annet", "title": "Veileder", "external_url": "https://example.no/v"}
        ],
    }
    case.update(overrides)
    return case


def run_import(*cases, **top):
    return import_data({"format": "ioa-portalen.cases", "version": 1, "cases": list(cases), **top})


def test_import_creates_case_with_all_parts_and_organisations():
    result = run_import(valid_case())
    assert (result.created, result.updated, result.organizations_created) == (1, 0, 2)
    case = Case.objects.get(slug="forerlose-busser-gjesdal")
    assert case.lead_buyer.org_number == "964965226"
    assert case.buyers.count() == 2 and case.region.number == "11"
    assert case.dialogue_conferences.get().invited_suppliers == 35
    assert case.benefits.get().unit == "timer/år"
    assert case.contacts.get().is_fictitious
    assert case.documents.get().external_url == "https://example.no/v"
    assert "Gjesdal kommune" in case.search_names and "Transport" in case.search_names


def test_buyers_are_matched_by_number_or_name_without_duplicates():
    existing = OrganizationFactory(name="Gjesdal kommune", org_number="964965226")
    sandnes = OrganizationFactory(name="Sandnes kommune", org_number="")
    result = run_import(valid_case())
    assert result.organizations_created == 0
    assert set(Case.objects.get().buyers.all()) == {existing, sandnes}
    assert Organization.objects.count() == 2


def test_every_problem_is_reported_with_case_index_and_field():
    bad = valid_case(
        slug="to",
        status="ferdig",
        county="99",
        cpv_codes=["123"],
        innovative_acquisitions=["nyskapende"],
        sectors=["Romfart"],
        start_year=2020,
        end_year=2019,
        buyers=[{"org_number": "964965227", "name": "Feil kommune"}],
        dialogue_conferences=[{"held_on": "8. mars"}],
        contacts=[{"name": "X", "email": "ikke-en-adresse"}],
        documents=[{"kind": "annet", "title": "Uten fil"}],
        origin_network="finnes-ikke",
        typo_field=1,
    )
    with pytest.raises(ImportFailed) as failed:
        run_import(valid_case(), bad, valid_case(slug="forerlose-busser-gjesdal", title=""))
    problems = [str(p) for p in failed.value.problems]
    text = "\n".join(problems)
    for expected in [
        "cases[1].status: 'ferdig' er ikke gyldig",
        "cases[1].county: ukjent fylke '99'",
        "cases[1].cpv_codes:",
        "cases[1].innovative_acquisitions:",
        "cases[1].sectors[0]: ukjent sektor 'Romfart'",
        "cases[1].end_year: sluttåret kan ikke være før startåret",
        "cases[1].buyers[0].org_number:",
        "cases[1].dialogue_conferences[0].held_on: må være en dato",
        "cases[1].contacts[0].email:",
        "cases[1].documents[0]: et dokument trenger",
        "cases[1].origin_network: finner ikke læringsnettverket 'finnes-ikke'",
        "cases[1].typo_field: ukjent felt",
        "cases[2].slug: 'forerlose-busser-gjesdal' finnes også i cases[0]",
        "cases[2].title:",
    ]:
        assert expected in text, (expected, text)
    assert not any(p.startswith("cases[0]") for p in problems)


def test_import_is_all_or_nothing():
    with pytest.raises(ImportFailed):
        run_import(valid_case(), valid_case(slug="andre", status="ukjent"))
    assert not Case.objects.exists()
    assert not Organization.objects.exists()


def test_reimport_updates_by_slug_and_never_duplicates():
    run_import(valid_case())
    changed = valid_case(title="Selvkjørende busser i Gjesdal", contacts=[])
    changed["dialogue_conferences"].append({"held_on": "2019-01-10", "is_online": True})
    result = run_import(changed)
    assert (result.created, result.updated, result.organizations_created) == (0, 1, 0)
    case = Case.objects.get()
    assert case.title == "Selvkjørende busser i Gjesdal"
    assert DialogueConference.objects.count() == 2 and not Contact.objects.exists()
    assert Organization.objects.count() == 2
    run_import(changed)
    assert Case.objects.count() == 1 and DialogueConference.objects.count() == 2


def test_an_old_export_of_a_renamed_case_is_refused_not_imported_twice():
    run_import(valid_case())
    case = Case.objects.get()
    case.slug = "selvkjorende-busser-gjesdal"
    case.save()
    with pytest.raises(ImportFailed) as failed:
        run_import(valid_case())  # still under the old address
    assert (
        "cases[0].slug: 'forerlose-busser-gjesdal' er en tidligere adresse til "
        "«Førerløse busser i Gjesdal» (nå 'selvkjorende-busser-gjesdal')"
    ) in [str(p) for p in failed.value.problems]
    assert Case.objects.count() == 1


def test_new_sectors_come_from_the_sector_list():
    run_import(valid_case(sectors=["Romfart"]), sectors=[{"name": "Romfart", "description": "Opp"}])
    assert Sector.objects.get(name="Romfart").slug == "romfart"
    assert list(Case.objects.get().sectors.values_list("name", flat=True)) == ["Romfart"]


def test_export_then_import_into_an_empty_database_round_trips():
    network = LearningNetworkFactory(slug="ioa-vest")
    sector = SectorFactory(name="Egen sektor", slug="egen-sektor")
    case = CaseFactory(
        buyers=[
            OrganizationFactory(
                name="Bærum kommune",
                org_number="935478715",
                municipality_number="3201",
                region=Region.objects.get(number="32"),
            ),
            OrganizationFactory(name="Asker kommune", org_number=""),
        ],
        sectors=[sector],
        region=Region.objects.get(number="32"),
        origin_network=network,
        cpv_codes=["48000000-8"],
        doffin_ids=["2019-100200"],
        innovative_acquisitions=["mar-nov", "fp-requ"],
        estimated_value=123,
        start_year=2019,
        end_year=2021,
        is_demo=True,
        lessons="- a\n- b",
    )
    CaseFactory(title="Utkast", is_published=False, published_at=None)
    DialogueConferenceFactory(case=case, notice_url="https://example.no/k", summary="Bra")
    BenefitAnalysisFactory(
        case=case, baseline="10.50", estimated=None, realised="7.25", period="2020"
    )
    ContactFactory(case=case, is_fictitious=True)
    DocumentFactory(case=case, phase="konkurranse")
    first = export_data()

    # empty the cases (and their organisations and custom sectors), keep the network
    Case.objects.all().delete()
    Organization.objects.all().delete()
    Sector.objects.filter(slug="egen-sektor").delete()

    import_data(json.loads(json.dumps(first)))
    second = export_data()
    first.pop("exported_at"), second.pop("exported_at")
    assert second == first
    assert len(second["cases"]) == 2


def test_malformed_json_gives_a_clear_message_and_changes_nothing(tmp_path):
    path = tmp_path / "feil.json"
    path.write_text('{"cases": [ {"title": "x",, } ]}', encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_cases", str(path))
    assert "ugyldig JSON på linje 1" in str(error.value)
    assert "ingenting er lagret" in str(error.value)
    assert not Case.objects.exists()


def test_wrong_top_level_is_explained(tmp_path):
    path = tmp_path / "liste.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_cases", str(path))
    assert "toppnivået må være et objekt" in str(error.value)


def test_missing_file_is_explained():
    with pytest.raises(CommandError) as error:
        call_command("import_cases", "/finnes/ikke.json")
    assert "Kan ikke lese /finnes/ikke.json" in str(error.value)


def test_commands_export_and_import_with_progress(tmp_path):
    for i in range(120):
        CaseFactory(title=f"Sak {i}", buyers=[OrganizationFactory()])
    path = tmp_path / "alle.json"
    call_command("export_cases", "--output", str(path), stderr=io.StringIO())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["cases"]) == 120
    Case.objects.all().delete()
    out, err = io.StringIO(), io.StringIO()
    call_command("import_cases", str(path), stdout=out, stderr=err)
    assert "Importert: 120 nye og 0 oppdaterte" in out.getvalue()
    assert "Kontrollert: 100 av 120" in err.getvalue() and "Lagret: 120 av 120" in err.getvalue()
    out = io.StringIO()
    call_command("import_cases", str(path), stdout=out, stderr=io.StringIO())
    assert "0 nye og 120 oppdaterte" in out.getvalue()
    assert Case.objects.count() == 120


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "en.json"
    path.write_text(json.dumps({"cases": [valid_case()]}), encoding="utf-8")
    out = io.StringIO()
    call_command("import_cases", str(path), "--dry-run", stdout=out)
    assert "ingenting lagret" in out.getvalue() and "1 nye" in out.getvalue()
    assert not Case.objects.exists()


def test_document_file_must_exist_in_the_media_store():
    with pytest.raises(ImportFailed) as failed:
        run_import(
            valid_case(
                documents=[{"kind": "annet", "title": "F", "file": "dokumenter/x/mangler.pdf"}]
            )
        )
    assert "cases[0].documents[0].file: finner ikke filen" in str(failed.value.problems[0])
    assert not Document.objects.exists()


def test_export_published_only(tmp_path):
    CaseFactory(title="Publisert")
    CaseFactory(title="Utkast", is_published=False, published_at=None)
    out = io.StringIO()
    call_command("export_cases", "--published", stdout=out)
    titles = [c["title"] for c in json.loads(out.getvalue())["cases"]]
    assert titles == ["Publisert"]


def test_input_is_not_mutated():
    data = {"cases": [valid_case()]}
    before = copy.deepcopy(data)
    import_data(data)
    assert data == before
