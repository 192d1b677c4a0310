import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import _get_foreign_key
from django.urls import reverse
from django.utils import translation

from cases.models import Case
from networks.models import Region
from tests.cases.admin_forms import admin_form
from tests.factories import CaseFactory, OrganizationFactory, SectorFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def case_form_data(**fields):
    data = {
        "title": "Velferdsteknologi i fem kommuner",
        "slug": "velferdsteknologi-i-fem-kommuner",
        "summary": "Fem kommuner kjøpte trygghetsteknologi sammen.",
        "status": Case.Status.COMPLETED,
        "phase": Case.Phase.IMPLEMENTATION,
        "procedure": Case.Procedure.COMPETITIVE_DIALOGUE,
        "innovation_type": Case.InnovationType.INNOVATION_FRIENDLY,
        "region": str(Region.objects.get(number="50").pk),
        "start_year": "2015",
        "end_year": "2017",
        "estimated_value": "4000000",
        "cpv_codes": "33000000-2,48000000",
        "doffin_ids": "2015-123456",
        "need": "## Behov\n\nFlere eldre vil bo hjemme.",
        "approach": "Dialogkonferanse og konkurransepreget dialog.",
        "results": "",
        "lessons": "",
        "source": Case.Source.EDITORIAL,
        "is_published": "on",
    }
    # Every inline on the add form starts empty (whichever inlines the admin has).
    for prefix in admin_inline_prefixes():
        data.update(management(prefix, 0))
    data.update(fields)
    return data


def admin_inline_prefixes() -> list[str]:
    """The form prefix of every inline of the case admin: the reverse accessor of its FK."""
    prefixes = []
    for inline in admin.site._registry[Case].inlines:
        fk = _get_foreign_key(Case, inline.model, fk_name=inline.fk_name)
        prefixes.append(fk.remote_field.get_accessor_name(model=inline.model).replace("+", ""))
    return prefixes


def full_inline_data(lead, partner):
    data = {}
    data.update(management("casebuyer_set", 2))
    data.update(
        {
            "casebuyer_set-0-organization": str(lead.pk),
            "casebuyer_set-0-is_lead": "on",
            "casebuyer_set-1-organization": str(partner.pk),
        }
    )
    data.update(management("dialogue_conferences", 1))
    data.update(
        {
            "dialogue_conferences-0-held_on": "2015-10-01",
            "dialogue_conferences-0-place": "Steinkjer",
            "dialogue_conferences-0-invited_suppliers": "60",
            "dialogue_conferences-0-attending_suppliers": "21",
            "dialogue_conferences-0-one_to_one_meetings": "8",
            "dialogue_conferences-0-summary": "God oppslutning.",
        }
    )
    data.update(management("benefits", 1))
    data.update(
        {
            "benefits-0-kind": "tid",
            "benefits-0-description": "Færre nattlige tilsyn",
            "benefits-0-estimated": "3000",
            "benefits-0-realised": "2500",
        }
    )
    data.update(management("contacts", 1))
    data.update(
        {
            "contacts-0-name": "Ola Nordmann",
            "contacts-0-role": "Prosjektleder",
            "contacts-0-email": "ola@example.no",
            "contacts-0-phone": "+47 74 00 00 00",
        }
    )
    data.update(management("documents", 2))
    data.update(
        {
            "documents-0-kind": "behovsbeskrivelse",
            "documents-0-title": "Behovsbeskrivelse",
            "documents-0-file": SimpleUploadedFile("Behov Steinkjer.pdf", PDF, "application/pdf"),
            "documents-1-kind": "evaluering",
            "documents-1-title": "Evaluering",
            "documents-1-external_url": "https://example.no/evaluering.pdf",
        }
    )
    return data


def test_admin_add_form_saves_a_case_with_all_inlines(client, superuser):
    lead, partner = (
        OrganizationFactory(name="Steinkjer kommune"),
        OrganizationFactory(name="Snåsa kommune"),
    )
    sector = SectorFactory(name="Helse og omsorg", slug="helse-og-omsorg")
    client.force_login(superuser)
    data = case_form_data(sectors=[str(sector.pk)])
    data.update(full_inline_data(lead, partner))
    response = client.post(reverse("admin:cases_case_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    case = Case.objects.get(slug="velferdsteknologi-i-fem-kommuner")
    assert case.is_published and case.published_at is not None
    assert case.cpv_codes == ["33000000-2", "48000000"]
    assert case.lead_buyer == lead and case.buyers.count() == 2
    assert list(case.sectors.all()) == [sector]
    assert case.dialogue_conferences.get().attending_suppliers == 21
    assert case.benefits.get().unit == "timer/år"
    assert case.contacts.get().email == "ola@example.no"
    uploaded = case.documents.get(kind="behovsbeskrivelse")
    assert uploaded.size == len(PDF) and uploaded.content_type == "application/pdf"
    assert uploaded.file.name.endswith("/behov-steinkjer.pdf")
    assert case.documents.get(kind="evaluering").external_url.endswith("evaluering.pdf")
    # derived search names are refreshed on save
    assert "Steinkjer kommune" in case.search_names and "Trøndelag" in case.search_names
    # and it is on the site
    assert client.get(case.get_absolute_url()).status_code == 200


def test_admin_change_form_shows_markdown_help_and_inlines(client, superuser):
    case = CaseFactory(buyers=[OrganizationFactory()])
    client.force_login(superuser)
    html = client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    assert "Skrives i Markdown" in html
    for heading in [
        "Oppdragsgivere",
        "Dialogkonferanser",
        "Gevinster",
        "Kontaktpersoner",
        "Dokumenter",
    ]:
        assert heading in html
    assert "Grunnopplysninger" in html and "Publisering" in html
    content_type = ContentType.objects.get_for_model(Case)
    assert reverse("admin:view_on_site", args=[content_type.pk, case.pk]) in html


def test_two_lead_buyers_give_a_form_error_not_a_crash(client, superuser):
    lead, partner = OrganizationFactory(), OrganizationFactory()
    client.force_login(superuser)
    data = case_form_data()
    data.update(management("casebuyer_set", 2))
    data.update(
        {
            "casebuyer_set-0-organization": str(lead.pk),
            "casebuyer_set-0-is_lead": "on",
            "casebuyer_set-1-organization": str(partner.pk),
            "casebuyer_set-1-is_lead": "on",
        }
    )
    response = client.post(reverse("admin:cases_case_add"), data)
    assert response.status_code == 200
    assert "Bare én oppdragsgiver kan lede" in response.content.decode()
    assert not Case.objects.exists()


def test_a_single_buyer_becomes_the_lead(client, superuser):
    org = OrganizationFactory()
    client.force_login(superuser)
    data = case_form_data()
    data.update(management("casebuyer_set", 1))
    data["casebuyer_set-0-organization"] = str(org.pk)
    assert client.post(reverse("admin:cases_case_add"), data).status_code == 302
    assert Case.objects.get().lead_buyer == org


def test_end_year_before_start_year_is_explained(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:cases_case_add"), case_form_data(start_year="2020", end_year="2018")
    )
    assert response.status_code == 200
    assert "Sluttåret kan ikke være før startåret." in response.content.decode()


def test_bad_cpv_code_is_explained(client, superuser):
    client.force_login(superuser)
    response = client.post(reverse("admin:cases_case_add"), case_form_data(cpv_codes="123"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kode nr. 1 er ugyldig: 123 er ikke en CPV-kode" in html
    assert "arrayen" not in html and "array" not in html


def test_publish_and_unpublish_actions(client, editor):
    drafts = CaseFactory.create_batch(2, is_published=False, published_at=None)
    client.force_login(editor)
    url = reverse("admin:cases_case_changelist")
    pks = [str(c.pk) for c in drafts]
    response = client.post(url, {"action": "publish", "_selected_action": pks}, follow=True)
    assert "2 anskaffelser ble publisert." in response.content.decode()
    assert (
        Case.objects.filter(pk__in=pks, is_published=True, published_at__isnull=False).count() == 2
    )
    assert client.get(drafts[0].get_absolute_url()).status_code == 200
    response = client.post(url, {"action": "unpublish", "_selected_action": pks[:1]}, follow=True)
    assert "1 anskaffelse er ikke lenger publisert." in response.content.decode()
    client.logout()
    assert client.get(drafts[0].get_absolute_url()).status_code == 404
    assert client.get(drafts[1].get_absolute_url()).status_code == 200


def test_changelist_search_and_filters(client, editor):
    CaseFactory(title="Førerløse busser", buyers=[OrganizationFactory(name="Gjesdal kommune")])
    CaseFactory(title="Skolemat", is_published=False, published_at=None)
    CaseFactory(
        title="Innsendt forslag",
        source=Case.Source.SUBMITTED,
        is_published=False,
        published_at=None,
    )
    client.force_login(editor)
    url = reverse("admin:cases_case_changelist")
    html = client.get(url, {"q": "Gjesdal"}).content.decode()
    assert "Førerløse busser" in html and "Skolemat" not in html
    html = client.get(url, {"is_published__exact": "0"}).content.decode()
    assert "Skolemat" in html and "Førerløse busser" not in html
    html = client.get(url, {"kilde": "innsendt"}).content.decode()
    assert "Innsendt forslag" in html and "Skolemat" not in html


def test_changelist_queries_do_not_grow(client, superuser, django_assert_max_num_queries):
    client.force_login(superuser)
    url = reverse("admin:cases_case_changelist")
    counts = []
    for n in (1, 10):
        for _ in range(n):
            CaseFactory(buyers=[OrganizationFactory()])
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


EDITOR_EXPECTED = {
    f"cases.{action}_{model}"
    for model in [
        "case",
        "casebuyer",
        "dialogueconference",
        "benefitanalysis",
        "contact",
        "document",
        "sector",
        "synonymgroup",
    ]
    for action in ["add", "change", "delete", "view"]
} | {
    "networks.add_organization",
    "networks.change_organization",
    "networks.view_organization",
    "networks.view_region",
    "networks.view_learningnetwork",
    # the getting-started guide texts and the private contact of submitted cases
    "cases.change_guidetext",
    "cases.view_guidetext",
    "cases.view_casesubmission",
    "cases.delete_casesubmission",
    # former addresses of cases: seen, and deleted to free an address
    "cases.view_formerslug",
    "cases.delete_formerslug",
    # reports of reuse: approved or rejected, never added (they come from the public form)
    "cases.view_reuse",
    "cases.change_reuse",
    "cases.delete_reuse",
    # the needs board: needs published or rejected, interests seen and deleted
    "cases.view_need",
    "cases.change_need",
    "cases.delete_need",
    "cases.view_needinterest",
    "cases.delete_needinterest",
}


def test_editors_group_has_exactly_the_case_permissions():
    group = Group.objects.get(name="Redaktører")
    actual = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    assert actual == EDITOR_EXPECTED
    assert not any(p.startswith("auth.") for p in actual)


def test_editor_can_log_in_and_add_a_case(client):
    user = UserFactory(username="redaktor2", is_staff=True)
    user.groups.add(Group.objects.get(name="Redaktører"))
    response = client.post(
        reverse("admin:login"),
        {"username": "redaktor2", "password": "passord-for-test", "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:cases_case_add")).status_code == 200
    org = OrganizationFactory()
    data = case_form_data()
    data.update(management("casebuyer_set", 1))
    data["casebuyer_set-0-organization"] = str(org.pk)
    assert client.post(reverse("admin:cases_case_add"), data).status_code == 302
    assert Case.objects.filter(slug="velferdsteknologi-i-fem-kommuner").exists()
    # but editors cannot manage users
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_editor_can_find_organizations_by_number(client, editor):
    OrganizationFactory(name="Bærum kommune", org_number="935478715", municipality_number="3201")
    client.force_login(editor)
    url = reverse("admin:networks_organization_changelist")
    assert "Bærum kommune" in client.get(url, {"q": "935 478 715"}).content.decode()
    assert "Bærum kommune" in client.get(url, {"q": "3201"}).content.decode()
    assert "Bærum kommune" not in client.get(url, {"q": "Oslo"}).content.decode()


def test_organization_autocomplete_for_buyers(client, editor):
    OrganizationFactory(name="Gjesdal kommune")
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "gjes",
            "app_label": "cases",
            "model_name": "casebuyer",
            "field_name": "organization",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Gjesdal kommune"]


def test_permission_codenames_exist():
    assert Permission.objects.filter(codename="change_case").exists()


def test_admin_refuses_a_disguised_upload_with_a_message(client, superuser):
    client.force_login(superuser)
    data = case_form_data()
    data.update(management("documents", 1))
    data.update(
        {
            "documents-0-kind": "annet",
            "documents-0-title": "Farlig",
            "documents-0-file": SimpleUploadedFile(
                "farlig.pdf", b"<script>alert(1)</script>", "application/pdf"
            ),
        }
    )
    response = client.post(reverse("admin:cases_case_add"), data)
    assert response.status_code == 200
    assert "stemmer ikke med filendelsen .pdf" in response.content.decode()
    assert not Case.objects.exists()


def test_slugs_typed_in_the_admin_are_lower_case_so_two_cannot_differ_by_case(client, superuser):
    client.force_login(superuser)
    data = case_form_data(slug="Solceller-Skien")
    data.update(full_inline_data(OrganizationFactory(), OrganizationFactory()))
    assert client.post(reverse("admin:cases_case_add"), data).status_code == 302
    assert Case.objects.filter(slug="solceller-skien").exists()

    again = case_form_data(title="Solceller i Skien igjen", slug="SOLCELLER-skien")
    again.update(full_inline_data(OrganizationFactory(), OrganizationFactory()))
    response = client.post(reverse("admin:cases_case_add"), again)
    assert response.status_code == 200
    assert "finnes allerede" in response.content.decode()


def test_the_admin_says_what_to_correct_in_bokmal(client, superuser):
    client.force_login(superuser)
    data = case_form_data(title="")
    data.update(full_inline_data(OrganizationFactory(), OrganizationFactory()))
    response = client.post(reverse("admin:cases_case_add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rett feilen nedenfor." in html  # one error: the title
    assert "Please correct" not in html


@pytest.mark.parametrize(
    ("blank", "banner"),
    [(["title"], "Rett feilen nedanfor."), (["title", "summary"], "Rett feila nedanfor.")],
)
def test_the_admin_case_form_says_what_to_correct_in_nynorsk(client, superuser, blank, banner):
    case = CaseFactory()
    client.force_login(superuser)
    url = "/nn" + reverse("admin:cases_case_change", args=[case.pk])
    data = admin_form(client, url)
    for field in blank:
        data[field] = [""]
    response = client.post(url, data)
    translation.activate("nb")  # the request left its language active in this thread
    assert response.status_code == 200
    html = response.content.decode()
    assert banner in html
    assert "Please correct" not in html
