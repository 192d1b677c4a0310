"""The open data API: shape checked against the JSON Schemas in docs/api/, pagination,
filters, caching (304), CORS, read-only, no drafts and no personal data beyond contacts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from cases.models import Case, CaseBuyer, Document, Sector
from networks.models import Region
from tests.factories import (
    BenefitAnalysisFactory,
    CaseFactory,
    ContactFactory,
    DialogueConferenceFactory,
    DocumentFactory,
    EnrollmentFactory,
    LearningNetworkFactory,
    OrganizationFactory,
    ParticipantFactory,
    SectorFactory,
)

LIST = "/api/v1/cases/"
SCHEMA_DIR = Path(settings.BASE_DIR) / "docs" / "api"


def load_schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


CASE_SCHEMA = load_schema("case.schema.json")
LIST_SCHEMA = load_schema("case-list.schema.json")
REGISTRY = Registry().with_resources(
    [
        (CASE_SCHEMA["$id"], Resource.from_contents(CASE_SCHEMA)),
        (LIST_SCHEMA["$id"], Resource.from_contents(LIST_SCHEMA)),
    ]
)


def validate(instance: dict, schema: dict) -> None:
    validator = Draft202012Validator(
        schema, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


@pytest.fixture
def full_case(db):
    """A case with everything the API can show: two buyers, documents, benefits, contacts."""
    vestland = Region.objects.get(number="46")
    lead = OrganizationFactory(
        name="Bergen kommune", org_number="964338531", region=vestland, municipality_number="4601"
    )
    partner = OrganizationFactory(name="Uten nummer IKS", org_number="", kind="interkommunalt")
    network = LearningNetworkFactory(name="KS Vest-Norge", slug="ks-vest-norge")
    case = CaseFactory(
        title="Digitalt tilsyn på natt",
        slug="digitalt-tilsyn",
        procedure=Case.Procedure.INNOVATION_PARTNERSHIP,
        phase=Case.Phase.IMPLEMENTATION,
        status=Case.Status.COMPLETED,
        region=vestland,
        cpv_codes=["33190000-8", "48000000"],
        doffin_ids=["2023-104512"],
        innovative_acquisitions=["mar-nov", "rd-act"],
        estimated_value=12_000_000,
        start_year=2022,
        end_year=2025,
        origin_network=network,
        sectors=[SectorFactory(name="Test: helse", slug="test-helse")],
    )
    CaseBuyer.objects.create(case=case, organization=partner, is_lead=False)
    CaseBuyer.objects.create(case=case, organization=lead, is_lead=True)
    DocumentFactory(case=case, kind=Document.Kind.NEED_DESCRIPTION, title="Behovsbeskrivelse")
    Document.objects.create(
        case=case,
        kind=Document.Kind.OTHER,
        title="Referat",
        file=SimpleUploadedFile("referat.pdf", b"%PDF-1.4 test"),
        content_type="application/pdf",
    )
    DialogueConferenceFactory(case=case)
    BenefitAnalysisFactory(case=case, kind="tid", estimated=2600, realised=1900)
    BenefitAnalysisFactory(case=case, kind="klima", estimated="12.50", realised=None)
    ContactFactory(case=case, name="Kari Kontakt", email="kari@example.no")
    return case


def test_case_detail_matches_the_schema_and_is_ocds_shaped(client, full_case):
    response = client.get(f"{LIST}digitalt-tilsyn/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    validate(data, CASE_SCHEMA)

    lead, partner = data["parties"]
    assert lead["identifier"] == {
        "scheme": "NO-BRC",
        "id": "964338531",
        "legalName": "Bergen kommune",
    }
    assert lead["id"] == "NO-BRC-964338531" and lead["roles"] == ["buyer"]
    assert lead["details"]["lead"] is True and partner["details"]["lead"] is False
    assert "identifier" not in partner
    assert data["buyer"] == {"id": "NO-BRC-964338531", "name": "Bergen kommune"}

    tender = data["tender"]
    assert tender["procurementMethod"] == "selective"
    assert tender["procurementMethodDetails"] == "Innovasjonspartnerskap"
    assert tender["eformsProcedureType"] == "innovation"
    assert [item["classification"] for item in tender["items"]] == [
        {"scheme": "CPV", "id": "33190000-8"},
        {"scheme": "CPV", "id": "48000000"},
    ]
    assert tender["value"] == {"amount": 12_000_000, "currency": "NOK"}
    assert tender["notices"][0]["url"] == "https://www.doffin.no/notices/2023-104512"
    assert tender["innovativeAcquisitions"] == [
        {
            "code": "mar-nov",
            "label": "Utfordrer markedet til å tilby eller utvikle nyskapende løsninger",
        },
        {"code": "rd-act", "label": "Omfatter forsknings- og utviklingsaktiviteter"},
    ]
    types = {doc["title"]: doc["documentType"] for doc in tender["documents"]}
    assert types == {"Behovsbeskrivelse": "needsAssessment", "Referat": None}
    file_doc = next(doc for doc in tender["documents"] if doc["title"] == "Referat")
    assert file_doc["url"].startswith("http://testserver/anskaffelser/digitalt-tilsyn/dokumenter/")

    assert {b["kind"]["code"]: (b["estimated"], b["realised"]) for b in data["benefits"]} == {
        "tid": (2600, 1900),
        "klima": (12.5, None),
    }
    assert data["dialogueConferences"][0]["attendingSuppliers"] == 18
    assert data["contacts"][0]["name"] == "Kari Kontakt"
    assert data["originNetwork"]["url"] == "http://testserver/nettverk/ks-vest-norge/"
    assert data["links"] == {
        "html": "http://testserver/anskaffelser/digitalt-tilsyn/",
        "self": "http://testserver/api/v1/cases/digitalt-tilsyn/",
    }


def test_every_procedure_maps_to_an_ocds_method_and_eforms_code(client, db):
    for procedure in Case.Procedure:
        CaseFactory(procedure=procedure, slug=f"p-{procedure.value}")
    data = client.get(LIST, {"page_size": 100}).json()
    validate(data, LIST_SCHEMA)
    methods = {
        c["tender"]["procedure"]["code"]: c["tender"]["procurementMethod"] for c in data["results"]
    }
    assert methods["apen-anbud"] == "open"
    assert methods["begrenset-anbud"] == "selective"
    assert methods["forkommersiell"] is None


def test_list_matches_the_schema(client, full_case):
    CaseFactory.create_batch(2)
    response = client.get(LIST)
    assert response.status_code == 200
    data = response.json()
    validate(data, LIST_SCHEMA)
    assert data["count"] == 3


def test_documented_example_matches_the_schema():
    validate(load_schema("example-case.json"), CASE_SCHEMA)
    Draft202012Validator.check_schema(CASE_SCHEMA)
    Draft202012Validator.check_schema(LIST_SCHEMA)


def test_harvesting_by_following_next_returns_every_published_case_once(client, db):
    published = {CaseFactory().slug for _ in range(7)}
    CaseFactory(is_published=False, published_at=None)
    seen, url, pages = [], f"{LIST}?page_size=3", 0
    while url:
        data = client.get(url).json()
        validate(data, LIST_SCHEMA)
        seen += [case["slug"] for case in data["results"]]
        url, pages = data["links"]["next"], pages + 1
    assert pages == 3
    assert sorted(seen) == sorted(published)


def test_pagination_links_and_headers(client, db):
    CaseFactory.create_batch(5)
    response = client.get(LIST, {"page": 2, "page_size": 2, "fase": "behovsavklaring"})
    data = response.json()
    assert (data["page"], data["pageSize"], data["pages"], data["count"]) == (2, 2, 3, 5)
    assert "page=3" in data["links"]["next"] and "page=1" in data["links"]["prev"]
    assert "fase=behovsavklaring" in data["links"]["next"]  # filters survive
    assert 'rel="next"' in response["Link"] and 'rel="prev"' in response["Link"]
    last = client.get(data["links"]["last"]).json()
    assert last["links"]["next"] is None and len(last["results"]) == 1


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"page_size": "101"}, 400),
        ({"page_size": "0"}, 400),
        ({"page_size": "abc"}, 400),
        ({"page": "0"}, 400),
        ({"page": "abc"}, 400),
        ({"page": "99"}, 404),
        ({"fase": "tull"}, 400),
        ({"sektor": "abc"}, 400),
        ({"fra_aar": "3000x"}, 400),
    ],
)
def test_bad_parameters_are_answered_in_json(client, db, params, status):
    CaseFactory()
    response = client.get(LIST, params)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["status"] == status
    assert response["Access-Control-Allow-Origin"] == "*"


def test_filters_are_the_search_parameters(client, db):
    vestland, oslo = Region.objects.get(number="46"), Region.objects.get(number="03")
    sector = SectorFactory(name="Test: samferdsel", slug="test-samferdsel")
    wanted = CaseFactory(
        title="Førerløse busser", region=vestland, sectors=[sector], phase="markedsdialog"
    )
    DialogueConferenceFactory(case=wanted)
    CaseFactory(title="Annet i Oslo", region=oslo, phase="markedsdialog")
    CaseFactory(title="Annet i Vestland", region=vestland, phase="konkurranse", start_year=2019)

    def slugs(**params):
        return [case["slug"] for case in client.get(LIST, params).json()["results"]]

    assert slugs(fylke=vestland.pk, fase="markedsdialog") == [wanted.slug]
    assert slugs(sektor=sector.pk) == [wanted.slug]
    assert slugs(dialog="ja") == [wanted.slug]
    assert slugs(q="busser") == [wanted.slug]
    assert len(slugs(fra_aar=2022, til_aar=2022)) == 2


def test_drafts_never_appear(client, db):
    CaseFactory(title="Publisert", slug="publisert")
    CaseFactory(title="Utkast", slug="utkast", is_published=False, published_at=None)
    data = client.get(LIST).json()
    assert [case["slug"] for case in data["results"]] == ["publisert"]
    assert data["count"] == 1
    response = client.get(f"{LIST}utkast/")
    assert response.status_code == 404
    assert "Utkast" not in response.content.decode()


def test_drafts_are_hidden_from_staff_too(client, db, editor):
    CaseFactory(slug="utkast", is_published=False, published_at=None)
    client.force_login(editor)
    assert client.get(f"{LIST}utkast/").status_code == 404
    assert client.get(LIST).json()["count"] == 0


def test_no_personal_data_beyond_published_contacts(client, full_case):
    participant = ParticipantFactory(name="Deltaker Hemmelig", email="hemmelig@example.no")
    EnrollmentFactory(participant=participant, network=full_case.origin_network)
    body = client.get(f"{LIST}digitalt-tilsyn/").content.decode()
    assert "Deltaker Hemmelig" not in body and "hemmelig@example.no" not in body
    assert "Kari Kontakt" in body


def test_conditional_get_on_the_list_gives_304_until_something_changes(client, db):
    case = CaseFactory()
    first = client.get(LIST)
    etag = first["ETag"]
    assert etag
    again = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    # Other parameters, another representation.
    assert client.get(LIST, {"page_size": 5}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    case.title = "Ny tittel"
    case.save()
    assert client.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 200
    # A case unpublished is a change too, even when nothing else about it changed.
    CaseFactory()
    fresh = client.get(LIST)["ETag"]
    Case.objects.filter(pk=case.pk).update(is_published=False)
    assert client.get(LIST, HTTP_IF_NONE_MATCH=fresh).status_code == 200


def test_conditional_get_on_a_case(client, db):
    case = CaseFactory(slug="en-sak")
    first = client.get(f"{LIST}en-sak/")
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(f"{LIST}en-sak/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert (
        client.get(f"{LIST}en-sak/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code
        == 304
    )
    case.summary = "Endret."
    case.save()
    assert client.get(f"{LIST}en-sak/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_renamed_buyer_is_a_change_for_the_list_and_the_case(client, db):
    buyer = OrganizationFactory(name="Gamle kommune")
    CaseFactory(slug="en-sak", buyers=[buyer])
    tags = [client.get(LIST)["ETag"], client.get(f"{LIST}en-sak/")["ETag"]]
    buyer.name = "Nye kommune"
    buyer.save()  # the case row itself is not touched
    for url, tag in zip([LIST, f"{LIST}en-sak/"], tags, strict=True):
        response = client.get(url, HTTP_IF_NONE_MATCH=tag)
        assert response.status_code == 200
        assert "Nye kommune" in response.content.decode()


def test_cors_allows_any_origin_to_read(client, db):
    CaseFactory(slug="en-sak")
    for url in (LIST, f"{LIST}en-sak/", f"{LIST}finnes-ikke/"):
        response = client.get(url, HTTP_ORIGIN="https://annen.example")
        assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(LIST, HTTP_ORIGIN="https://annen.example")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert "ETag" in preflight["Access-Control-Expose-Headers"]
    assert client.head(LIST).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, db, method):
    CaseFactory(slug="en-sak")
    for url in (LIST, f"{LIST}en-sak/"):
        response = getattr(client, method)(url, data="{}", content_type="application/json")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response.json()["error"]["status"] == 405
    assert Case.objects.filter(slug="en-sak", is_published=True).exists()


def test_api_is_not_language_prefixed_and_always_in_bokmal(client, db):
    CaseFactory(slug="en-sak", status=Case.Status.COMPLETED)
    assert client.get("/en/api/v1/cases/").status_code == 404
    data = client.get(f"{LIST}en-sak/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["status"]["label"] == "Gjennomført"
    assert data["links"]["html"] == "http://testserver/anskaffelser/en-sak/"


def test_documentation_page_and_schemas(client, db):
    response = client.get("/api/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("/api/v1/cases/", "If-None-Match", "page_size", "NO-BRC", "fra_aar"):
        assert text in html
    assert "style=" not in html and "<script" not in html
    schema = client.get("/api/v1/schema/case.json")
    assert schema.status_code == 200
    assert schema.json() == CASE_SCHEMA
    assert client.get("/api/v1/schema/ukjent.json").status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_list_queries_do_not_grow(client, db, size, django_assert_max_num_queries):
    for _ in range(size):
        case = CaseFactory(buyers=[OrganizationFactory()], sectors=[SectorFactory()])
        DocumentFactory(case=case)
        BenefitAnalysisFactory(case=case)
        DialogueConferenceFactory(case=case)
        ContactFactory(case=case)
    with django_assert_max_num_queries(10):
        assert client.get(LIST).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(f"{LIST}{case.slug}/").status_code == 200


def test_list_query_count_is_the_same_at_two_sizes(client, db):
    counts = []
    for size in (1, 4):
        for _ in range(size):
            case = CaseFactory(buyers=[OrganizationFactory()], sectors=[SectorFactory()])
            DocumentFactory(case=case)
        with CaptureQueriesContext(connection) as queries:
            client.get(LIST)
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_documented_example_query_finds_health_cases_in_vestland(client):
    vestland = Region.objects.get(number="46")
    health = Sector.objects.get(slug="helse-og-omsorg")
    CaseFactory(title="Trygghetsteknologi i Askøy", region=vestland, sectors=[health])
    html = client.get("/api/").content.decode()
    example = re.search(r"curl '[^']*(\?sektor=[^']*)'", html).group(1).replace("&amp;", "&")
    assert client.get("/api/v1/cases/" + example).json()["count"] == 1


def test_a_case_is_found_under_its_former_slug_with_a_permanent_redirect(client, db):
    case = CaseFactory(title="Smart matlevering", slug="matlevering")
    case.slug = "smart-matlevering"
    case.save()
    response = client.get("/api/v1/cases/matlevering/")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/cases/smart-matlevering/"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(response["Location"]).json()["title"] == "Smart matlevering"
    assert client.get("/api/v1/cases/finnes-ikke/").status_code == 404
