"""'Hent fra kunngjøring' in the admin and import_notice: a notice proposes, the editor accepts
field by field, nothing is saved silently, and a bad notice is a message."""

import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cases.models import Case, CaseBuyer
from cases.notice_admin import NoticeImportMixin
from cases.notices.doffin import HttpResponse
from networks.models import Organization
from tests.factories import CaseFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

NOTICES = Path(__file__).parent / "notices"


def notice(name: str):
    return (NOTICES / name).open("rb")


def upload(client, url, name, **extra):
    with notice(name) as f:
        return client.post(url, {"file": f, **extra})


def token_of(html: str) -> str:
    return re.search(r'name="proposal" value="([^"]+)"', html).group(1)


def offered(html: str) -> list[str]:
    return re.findall(r'name="accept" value="([^"]+)"', html)


@pytest.fixture
def case(db):
    return CaseFactory(
        title="Digitalt tilsyn",
        slug="digitalt-tilsyn",
        procedure=Case.Procedure.OTHER,
        cpv_codes=["33000000"],
        is_published=False,
        published_at=None,
    )


def test_change_and_add_forms_link_to_the_notice_import(client, editor, case):
    client.force_login(editor)
    change = client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    assert reverse("admin:cases_case_notice", args=[case.pk]) in change
    add = client.get(reverse("admin:cases_case_add")).content.decode()
    assert reverse("admin:cases_case_notice_new") in add


def test_a_contract_notice_is_shown_beside_the_case_and_nothing_is_saved(client, editor, case):
    client.force_login(editor)
    url = reverse("admin:cases_case_notice", args=[case.pk])
    assert client.get(url).status_code == 200
    response = upload(client, url, "cn_16_two_lots_two_buyers.xml", doffin_id="2024-105432")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kunngjøring av konkurranse" in html
    assert offered(html) == [
        "title",
        "summary",
        "buyers",
        "cpv_codes",
        "procedure",
        "estimated_value",
        "start_year",
        "doffin_ids",
        "innovative_acquisitions",
    ]
    assert "Innovasjonspartnerskap for digitalt tilsyn i hjemmetjenesten" in html
    assert "Digitalt tilsyn" in html  # the current title beside it
    assert "Bergen kommune (900000014)" in html
    assert "15000000" in html
    case.refresh_from_db()
    assert case.title == "Digitalt tilsyn" and case.procedure == "annet"
    assert not CaseBuyer.objects.filter(case=case).exists()


def test_the_editor_accepts_some_fields_and_only_those_change(client, editor, case):
    bergen = OrganizationFactory(name="Bergen kommune", org_number="900000014")
    client.force_login(editor)
    url = reverse("admin:cases_case_notice", args=[case.pk])
    html = upload(client, url, "cn_16_two_lots_two_buyers.xml", doffin_id="2024-105432")
    response = client.post(
        url,
        {
            "proposal": token_of(html.content.decode()),
            "accept": [
                "buyers",
                "cpv_codes",
                "procedure",
                "estimated_value",
                "doffin_ids",
                "innovative_acquisitions",
            ],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cases_case_change", args=[case.pk])
    case.refresh_from_db()
    assert case.title == "Digitalt tilsyn"  # not accepted
    assert case.procedure == Case.Procedure.INNOVATION_PARTNERSHIP
    assert case.cpv_codes == ["72000000", "48000000", "80500000", "33196200", "79410000"]
    assert case.estimated_value == 15_000_000
    assert case.doffin_ids == ["2024-105432"]
    assert case.innovative_acquisitions == ["mar-nov", "rd-act", "proc-innov"]
    links = {link.organization.org_number: link for link in case.casebuyer_set.all()}
    assert links["900000014"].organization == bergen and links["900000014"].is_lead
    added = links["900000022"].organization
    assert added.name == "Vestland fylkeskommune" and added.needs_review
    assert not links["900000022"].is_lead
    # The case page now links the notice and says what is innovative, in words.
    case.is_published = True
    case.save()
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'href="https://www.doffin.no/notices/2024-105432"' in page
    assert "Omfatter forsknings- og utviklingsaktiviteter" in page


def test_a_prior_information_notice_makes_a_new_case_with_its_dialogue_conference(client, editor):
    client.force_login(editor)
    url = reverse("admin:cases_case_notice_new")
    html = upload(client, url, "pin_4_market_dialogue.xml").content.decode()
    assert "dialogue_conference" in offered(html)
    response = client.post(
        url,
        {
            "proposal": token_of(html),
            "accept": ["title", "summary", "buyers", "dialogue_conference"],
        },
    )
    assert response.status_code == 302
    new = Case.objects.get()
    assert response["Location"] == reverse("admin:cases_case_change", args=[new.pk])
    assert not new.is_published and new.source == Case.Source.IMPORTED
    assert new.slug and new.summary
    conference = new.dialogue_conferences.get()
    assert conference.held_on == datetime.date(2025, 3, 12)
    assert new.casebuyer_set.filter(is_lead=True).count() == 1
    assert client.get(reverse("admin:cases_case_change", args=[new.pk])).status_code == 200


def test_a_new_case_without_a_summary_is_refused_and_nothing_is_made(client, editor):
    client.force_login(editor)
    url = reverse("admin:cases_case_notice_new")
    html = upload(client, url, "cn_16_two_lots_two_buyers.xml").content.decode()
    response = client.post(url, {"proposal": token_of(html), "accept": ["title", "buyers"]})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode() or "error" in response.content.decode()
    assert not Case.objects.exists()
    assert not Organization.objects.filter(org_number="900000022").exists()


def test_accepting_nothing_or_a_changed_proposal_saves_nothing(client, editor, case):
    client.force_login(editor)
    url = reverse("admin:cases_case_notice", args=[case.pk])
    token = token_of(upload(client, url, "cn_16_two_lots_two_buyers.xml").content.decode())
    nothing = client.post(url, {"proposal": token})
    assert "Kryss av minst ett felt" in nothing.content.decode()
    tampered = client.post(url, {"proposal": token[:-3] + "abc", "accept": ["title"]})
    assert "Forslaget er for gammelt eller endret" in tampered.content.decode()
    case.refresh_from_db()
    assert case.title == "Digitalt tilsyn"


@pytest.mark.parametrize(
    "name, says",
    [
        ("malformed.xml", "XML"),
        ("xxe_doctype.xml", ""),
        ("not_eforms_ted_r209.xml", "eForms"),
        ("unsupported_subtype_38.xml", ""),
        ("oversize.xml.gz", ""),
    ],
)
def test_a_bad_file_is_a_clear_message_never_a_500(client, editor, case, name, says):
    client.force_login(editor)
    url = reverse("admin:cases_case_notice", args=[case.pk])
    response = upload(client, url, name)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="errornote"' in html and says in html
    assert 'name="proposal"' not in html
    case.refresh_from_db()
    assert case.title == "Digitalt tilsyn"


def test_no_file_and_a_bad_doffin_id_are_explained(client, editor, case):
    client.force_login(editor)
    url = reverse("admin:cases_case_notice", args=[case.pk])
    assert "Velg en XML-fil" in client.post(url, {}).content.decode()
    assert "seks sifre" in client.post(url, {"doffin_id": "105432"}).content.decode()


def test_with_an_api_key_a_doffin_id_fetches_the_notice(
    client, editor, case, settings, monkeypatch
):
    settings.DOFFIN_API_KEY = "test-key"
    asked = []

    def recorded(url, headers, timeout):
        asked.append((url, headers.get("Ocp-Apim-Subscription-Key")))
        if url.endswith("/download/2024-105432"):
            return HttpResponse(200, {}, (NOTICES / "can_29_award.xml").read_bytes())
        return HttpResponse(404, {}, b"")

    monkeypatch.setattr(NoticeImportMixin, "doffin_transport", staticmethod(recorded))
    client.force_login(editor)
    url = reverse("admin:cases_case_notice", args=[case.pk])
    html = client.post(url, {"doffin_id": "2024-105432"}).content.decode()
    assert asked[0][1] == "test-key" and asked[0][0].endswith("/download/2024-105432")
    assert "doffin_ids" in offered(html)
    missing = client.post(url, {"doffin_id": "2024-999999"}).content.decode()
    assert "Doffin har ingen kunngjøring" in missing


def test_anonymous_and_non_staff_cannot_reach_the_notice_import(client, case):
    url = reverse("admin:cases_case_notice", args=[case.pk])
    assert client.get(url).status_code == 302
    assert client.post(url, {}).status_code == 302


# -- the command --------------------------------------------------------------------------


def run(*args) -> str:
    out = StringIO()
    call_command("import_notice", *args, stdout=out)
    return out.getvalue()


def test_import_notice_shows_the_proposal_and_saves_nothing_by_default(case):
    out = run(str(NOTICES / "cn_16_two_lots_two_buyers.xml"), "--case", "digitalt-tilsyn")
    assert "Innovasjonspartnerskap for digitalt tilsyn i hjemmetjenesten" in out
    assert "now:    Digitalt tilsyn" in out
    assert "Nothing saved" in out
    case.refresh_from_db()
    assert case.title == "Digitalt tilsyn"


def test_import_notice_accepts_fields_or_creates_an_unpublished_case():
    out = run(
        str(NOTICES / "pin_4_market_dialogue.xml"), "--doffin-id", "2025-100001", "--accept", "all"
    )
    assert "Created unpublished case" in out
    new = Case.objects.get()
    assert new.doffin_ids == ["2025-100001"] and not new.is_published
    assert new.dialogue_conferences.count() == 1


def test_import_notice_refuses_bad_input_with_a_message(tmp_path, case):
    with pytest.raises(CommandError, match="malformed.xml"):
        run(str(NOTICES / "malformed.xml"))
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "nowhere.xml"))
    with pytest.raises(CommandError, match="Unknown fields"):
        run(str(NOTICES / "can_29_award.xml"), "--case", "digitalt-tilsyn", "--accept", "colour")
    with pytest.raises(CommandError, match="No case"):
        run(str(NOTICES / "can_29_award.xml"), "--case", "finnes-ikke")


def test_after_the_import_the_real_change_form_keeps_and_edits_the_codes(client, editor, case):
    """The editor goes on in the ordinary change form: the BT-776 codes are checkboxes there."""
    from tests.cases.admin_forms import admin_form

    client.force_login(editor)
    url = reverse("admin:cases_case_notice", args=[case.pk])
    html = upload(client, url, "cn_16_two_lots_two_buyers.xml").content.decode()
    client.post(url, {"proposal": token_of(html), "accept": ["innovative_acquisitions"]})
    change = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_form(client, change)
    assert sorted(data["innovative_acquisitions"]) == ["mar-nov", "proc-innov", "rd-act"]
    data["innovative_acquisitions"] = ["fp-requ"]
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.innovative_acquisitions == ["fp-requ"]
