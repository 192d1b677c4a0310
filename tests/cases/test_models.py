import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cases.models import Case, CaseBuyer, Document, document_upload_to
from cases.validators import validate_cpv_code, validate_doffin_id
from networks.models import Organization
from networks.validators import normalise_org_number, org_number_is_valid, validate_org_number
from tests.factories import CaseFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "number", ["935478715", "958935420", "964338531", "974760673", "971032081"]
)
def test_real_organisation_numbers_pass_the_mod11_check(number):
    assert org_number_is_valid(number)
    validate_org_number(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("935478716", "org_number_checksum"),  # last digit wrong
        ("12345678", "org_number_length"),
        ("1234567890", "org_number_length"),
        ("93547871A", "org_number_length"),
        ("100000010", "org_number_checksum"),  # remainder 1: no valid check digit exists
    ],
)
def test_bad_organisation_numbers_are_refused_with_a_reason(number, code):
    with pytest.raises(ValidationError) as error:
        validate_org_number(number)
    assert error.value.code == code


def test_organisation_number_written_with_spaces_or_mva_is_normalised():
    assert normalise_org_number("935 478 715") == "935478715"
    assert normalise_org_number("NO935478715MVA") == "935478715"


def test_organization_full_clean_reports_bad_number():
    org = Organization(name="Feil kommune", org_number="935478716")
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert "org_number" in error.value.message_dict


@pytest.mark.parametrize("code", ["33000000", "33000000-2", "48000000-8"])
def test_valid_cpv_codes(code):
    validate_cpv_code(code)


@pytest.mark.parametrize("code", ["3300000", "33000000-", "33000000-22", "abcdefgh", "33 000 000"])
def test_invalid_cpv_codes(code):
    with pytest.raises(ValidationError):
        validate_cpv_code(code)


@pytest.mark.parametrize("notice", ["2024-105432", "1999-000001"])
def test_valid_doffin_ids(notice):
    validate_doffin_id(notice)


@pytest.mark.parametrize(
    "notice", ["24-105432", "2024-10543", "2024105432", "3024-105432", "2024-1054321"]
)
def test_invalid_doffin_ids(notice):
    with pytest.raises(ValidationError):
        validate_doffin_id(notice)


def test_case_full_clean_reports_bad_cpv_and_doffin():
    case = CaseFactory.build(cpv_codes=["123"], doffin_ids=["2024-1"], slug="x")
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    assert {"cpv_codes", "doffin_ids"} <= set(error.value.message_dict)


def test_only_one_lead_buyer_per_case():
    case = CaseFactory(buyers=[OrganizationFactory()])
    with pytest.raises(IntegrityError):
        CaseBuyer.objects.create(case=case, organization=OrganizationFactory(), is_lead=True)


def test_publishing_sets_the_time_and_slug_is_made_from_the_title():
    case = Case.objects.create(title="Førerløse busser på Ålgård", summary="…", is_published=True)
    assert case.slug == "forerlose-busser-pa-algard"
    assert case.published_at is not None
    assert Case.objects.create(title="Førerløse busser på Ålgård", summary="…").slug.endswith("-2")


@pytest.mark.parametrize(
    ("name", "expected_end"),
    [
        ("../../etc/passwd", "/passwd"),
        ("..\\..\\windows\\system.ini", "/system.ini"),
        ("Behovsbeskrivelse Bærum 2024.PDF", "/behovsbeskrivelse-baerum-2024.pdf"),
        ("<script>.pdf", "/script.pdf"),
        (".pdf", "/dokument.pdf"),
    ],
)
def test_uploaded_file_names_are_sanitised(name, expected_end):
    path = document_upload_to(Document(), name)
    assert path.startswith("dokumenter/") and ".." not in path and "\\" not in path
    assert path.count("/") == 2
    assert path.endswith(expected_end)


@pytest.mark.django_db
def test_case_slugs_never_take_the_addresses_of_site_pages():
    from cases.models import unique_slug

    assert unique_slug("Del") == "del-2"
    assert unique_slug("Feed") == "feed-2"
    case = CaseFactory.build(title="Del", slug="del")
    with pytest.raises(ValidationError) as error:
        case.full_clean(exclude=["buyers", "sectors"])
    assert "slug" in error.value.message_dict
