"""Reuse: "Vi har tatt i bruk denne løsningen" — report, confirm by email, approve in the
admin, shown on the case page, in search, API, exports and statistics (issue 19)."""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from cases.models import Case, Reuse
from networks.models import Organization, Region
from tests.factories import CaseFactory, OrganizationFactory, valid_org_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory(title="Digitalt nattilsyn", region=Region.objects.get(number="03"))


@pytest.fixture
def body():
    return OrganizationFactory(name="Gjesdal kommune", region=Region.objects.get(number="11"))


def url(case, name="reuse"):
    return reverse(f"cases:{name}", args=[case.slug])


def form_data(body, **changes):
    data = {
        "organization": str(body.pk) if body else "",
        "new_organization_name": "",
        "new_organization_number": "",
        "new_organization_kind": "kommune",
        "new_organization_region": "",
        "how": "tilpasset",
        "year": "2024",
        "sentence": "Vi tilpasset løsningen til nattevakter i hjemmetjenesten.",
        "contact_name": "Per Gjenbruker",
        "contact_email": "per@gjesdal.example",
        "website": "",
    }
    data.update(changes)
    return data


def confirm_link(message) -> str:
    return re.search(r"https?://\S+/gjenbruk/bekreft/\S+/", message.body).group(0)


def report(client, case, body, **changes):
    return client.post(url(case), form_data(body, **changes))


def approved(case, body, **fields) -> Reuse:
    return Reuse.objects.create(
        case=case,
        organization=body,
        how=fields.pop("how", "samme"),
        year=fields.pop("year", 2024),
        contact_name="Kari",
        contact_email="kari@example.no",
        status=fields.pop("status", Reuse.Status.APPROVED),
        **fields,
    )


def test_case_page_links_to_the_form_on_its_own_page(client, case):
    page = client.get(case.get_absolute_url()).content.decode()

    assert url(case) in page
    assert "csrfmiddlewaretoken" not in page  # the case page stays cacheable
    form = client.get(url(case))
    assert form.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()


def test_unpublished_case_has_no_form(client):
    draft = CaseFactory(is_published=False, published_at=None)
    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft), {}).status_code == 404


def test_report_confirm_approve_and_show(client, case, body, editor):
    response = report(client, case, body)

    assert response.status_code == 302
    assert response["Location"] == url(case, "reuse_sent")
    reuse = Reuse.objects.get()
    assert reuse.status == Reuse.Status.UNCONFIRMED
    assert [m.to for m in mail.outbox] == [["per@gjesdal.example"]]
    # Editors neither see nor hear of it before it is confirmed.
    client.force_login(editor)
    assert "Gjesdal kommune" not in client.get("/admin/cases/reuse/").content.decode()
    client.logout()

    confirmed = client.get(confirm_link(mail.outbox[0]))

    assert confirmed.status_code == 200
    assert "bekreftet" in confirmed.content.decode()
    reuse.refresh_from_db()
    assert reuse.status == Reuse.Status.CONFIRMED and reuse.confirmed_at
    assert mail.outbox[-1].to == [editor.email]
    assert "/admin/cases/reuse/" in mail.outbox[-1].body
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Tatt i bruk av" not in page  # not before an editor approves

    client.force_login(editor)
    changelist = client.get("/admin/cases/reuse/?status__exact=confirmed")
    assert "Gjesdal kommune" in changelist.content.decode()
    client.post(
        "/admin/cases/reuse/",
        {"action": "approve", "_selected_action": [reuse.pk], "index": 0},
    )
    client.logout()

    reuse.refresh_from_db()
    assert reuse.status == Reuse.Status.APPROVED
    case.refresh_from_db()
    assert case.reuse_count == 1 and case.has_reuse
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Tatt i bruk av 1 virksomhet" in page
    assert "Gjesdal kommune" in page and "Rogaland" in page
    assert "tilpasset løsningen" in page
    assert "nattevakter i hjemmetjenesten" in page
    # The contact is never public.
    assert "per@gjesdal.example" not in page and "Per Gjenbruker" not in page


def test_confirming_twice_notifies_editors_once(client, case, body, editor):
    report(client, case, body)
    link = confirm_link(mail.outbox[0])
    client.get(link)
    again = client.get(link)

    assert again.status_code == 200
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("mangle", [lambda t: t[:-3] + "xyz", lambda t: "tull", lambda t: t[5:]])
def test_tampered_link_is_a_clear_404(client, case, body, mangle):
    reuse = approved(case, body, status=Reuse.Status.UNCONFIRMED)
    response = client.get(url(case, "reuse") + f"bekreft/{mangle(reuse.confirm_token())}/")

    assert response.status_code == 404
    assert "Lenken virker ikke" in response.content.decode()
    reuse.refresh_from_db()
    assert reuse.status == Reuse.Status.UNCONFIRMED


def test_link_of_another_case_is_refused(client, case, body):
    reuse = approved(case, body, status=Reuse.Status.UNCONFIRMED)
    other = CaseFactory()
    response = client.get(url(other) + f"bekreft/{reuse.confirm_token()}/")
    assert response.status_code == 404


def test_signed_value_that_is_no_id_is_refused(client, case):
    token = signing.dumps("ikke et tall", salt=Reuse.CONFIRM_SALT)
    assert client.get(url(case) + f"bekreft/{token}/").status_code == 404


def test_expired_link_is_a_clear_410(client, case, body, monkeypatch):
    reuse = approved(case, body, status=Reuse.Status.UNCONFIRMED)
    token = reuse.confirm_token()
    monkeypatch.setattr("cases.reuse.CONFIRM_MAX_AGE", -1)

    response = client.get(url(case) + f"bekreft/{token}/")

    assert response.status_code == 410
    assert "Lenken er utløpt" in response.content.decode()


def test_the_answer_is_the_same_whether_the_address_has_reported_before(client, case, body):
    first = report(client, case, body)
    second = report(client, case, body)
    other = report(client, case, body, contact_email="ny@example.no")

    assert first["Location"] == second["Location"] == other["Location"]
    sent = client.get(first["Location"]).content.decode()
    assert "per@gjesdal.example" not in sent


def test_new_body_is_created_for_review(client, case):
    number = valid_org_number(4242)
    response = report(
        client,
        case,
        None,
        new_organization_name="Nykommune",
        new_organization_number=number,
        new_organization_region=str(Region.objects.get(number="50").pk),
    )

    assert response.status_code == 302
    organization = Organization.objects.get(org_number=number)
    assert organization.needs_review and organization.region.number == "50"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"sentence": "x" * 301}, "sentence", "høyst 300 tegn"),
        ({"sentence": "Null\x00tegn"}, "sentence", "Null"),
        ({"contact_name": "Per\x00"}, "contact_name", "Null"),
        ({"year": "20x4"}, "year", "fire sifre"),
        ({"year": "1800"}, "year", "mellom 1990"),
        ({"year": "99999999999999999999999"}, "year", "mellom 1990"),
        ({"year": "-1"}, "year", "mellom 1990"),
        ({"year": ""}, "year", "Skriv året"),
        ({"how": "stjal"}, "how", "Velg"),
        ({"contact_email": "ikke-en-adresse"}, "contact_email", "navn@virksomhet.no"),
        (
            {"organization": "", "new_organization_name": "X", "new_organization_number": "123"},
            "new_organization_number",
            "",
        ),
        ({"organization": "999999"}, "organization", ""),
    ],
)
def test_bad_input_is_a_clear_error(client, case, body, changes, field, words):
    response = client.post(url(case), form_data(body, **changes))

    assert response.status_code == 400
    assert not Reuse.objects.exists()
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert words in page
    assert "Noe må rettes" in page


def test_html_in_the_sentence_is_shown_as_text(client, case, body):
    approved(case, body, sentence='<script>alert("x")</script><b>fet</b>')

    page = client.get(case.get_absolute_url()).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_honeypot_stores_nothing(client, case, body):
    response = report(client, case, body, website="https://spam.example")

    assert response.status_code == 400
    assert not Reuse.objects.exists()
    assert mail.outbox == []


def test_rate_limit(client, case, body, settings):
    for _i in range(settings.IOA_APPLICATION_RATE_LIMIT):
        assert client.post(url(case), {"how": ""}).status_code == 400

    response = client.post(url(case), form_data(body))

    assert response.status_code == 429
    assert not Reuse.objects.exists()
    assert client.get(url(case)).status_code == 200


def test_email_failure_keeps_the_report(client, case, body, settings):
    settings.EMAIL_BACKEND = "tests.cases.test_submission.FailingBackend"

    response = report(client, case, body)

    assert response.status_code == 302
    assert Reuse.objects.filter(status=Reuse.Status.UNCONFIRMED).exists()


def test_admin_shows_the_bodys_earlier_reports(client, case, body, editor):
    earlier_case = CaseFactory(title="Tidligere løsning")
    approved(earlier_case, body)
    current = approved(case, body, status=Reuse.Status.CONFIRMED)
    client.force_login(editor)

    page = client.get(f"/admin/cases/reuse/{current.pk}/change/").content.decode()

    assert "Tidligere løsning" in page
    assert client.get("/admin/cases/reuse/add/").status_code == 403


def test_reject_action_and_unconfirmed_are_left_alone(client, case, body, editor):
    confirmed = approved(case, body, status=Reuse.Status.CONFIRMED)
    client.force_login(editor)

    client.post(
        "/admin/cases/reuse/",
        {"action": "reject", "_selected_action": [confirmed.pk], "index": 0},
    )

    confirmed.refresh_from_db()
    assert confirmed.status == Reuse.Status.REJECTED
    case.refresh_from_db()
    assert case.reuse_count == 0


def test_count_is_per_body_and_follows_every_change(case, body):
    approved(case, body)
    approved(case, body, how="avtale")
    other = approved(case, OrganizationFactory())
    case.refresh_from_db()
    assert case.reuse_count == 2

    other.status = Reuse.Status.REJECTED
    other.save()
    case.refresh_from_db()
    assert case.reuse_count == 1

    Case.objects.filter(pk=case.pk).update(title="Nytt navn")  # a stale save keeps it
    case.refresh_from_db()
    assert case.reuse_count == 1
    Reuse.objects.all().delete()
    case.refresh_from_db()
    assert case.reuse_count == 0 and not case.has_reuse


def test_builds_on_is_shown_both_ways(client, case):
    newer = CaseFactory(title="Nattilsyn i Gjesdal", builds_on=case)

    original = client.get(case.get_absolute_url()).content.decode()
    follower = client.get(newer.get_absolute_url()).content.decode()

    assert "Nattilsyn i Gjesdal" in original and newer.get_absolute_url() in original
    assert "Bygger på" in follower and case.get_absolute_url() in follower


def test_search_facet_and_sort_most_reused(client, case, body):
    plain = CaseFactory(title="Ikke gjenbrukt")
    popular = CaseFactory(title="Populær løsning")
    approved(case, body)
    for _i in range(3):
        approved(popular, OrganizationFactory())

    only = client.get("/anskaffelser/?gjenbrukt=ja").content.decode()
    assert "Digitalt nattilsyn" in only and "Populær løsning" in only
    assert "Ikke gjenbrukt" not in only
    assert "Tatt i bruk av andre" in only

    ordered = client.get("/anskaffelser/?sorter=gjenbrukt").content.decode()
    assert ordered.index("Populær løsning") < ordered.index("Digitalt nattilsyn")
    assert ordered.index("Digitalt nattilsyn") < ordered.index(plain.title)
    # The same order with a text query (the facet statement lists the page).
    searched = client.get("/anskaffelser/?q=kommune&sorter=gjenbrukt&modus=presis")
    assert searched.status_code == 200


def test_api_and_export_carry_the_reuse_list_without_contacts(client, case, body):
    approved(case, body, sentence="Fungerer fint")
    Reuse.objects.create(
        case=case,
        organization=OrganizationFactory(name="Ubekreftet kommune"),
        how="samme",
        year=2024,
        contact_name="Skjult",
        contact_email="skjult@example.no",
    )

    data = client.get(f"/api/v1/cases/{case.slug}/").json()
    assert data["reuseCount"] == 1
    assert [r["organization"] for r in data["reuses"]] == ["Gjesdal kommune"]
    assert data["reuses"][0]["how"]["code"] == "samme"
    response = client.get("/anskaffelser/eksport.json")
    exported = b"".join(response.streaming_content).decode()
    assert "Gjesdal kommune" in exported and "Fungerer fint" in exported
    csv_text = b"".join(client.get("/anskaffelser/eksport.csv").streaming_content).decode()
    assert "Tatt i bruk av" in csv_text and "Gjesdal kommune" in csv_text
    for text in (client.get(f"/api/v1/cases/{case.slug}/").content.decode(), exported, csv_text):
        assert "kari@example.no" not in text and "Ubekreftet kommune" not in text


def test_statistics_show_the_spread(client, case, body):
    approved(case, body)  # Oslo's case, reused in Rogaland
    approved(CaseFactory(region=Region.objects.get(number="11")), body, year=2023)

    page = client.get("/statistikk/").content.decode()

    assert "Spredning" in page
    assert "Virksomheter nådd" in page
    assert "Gjenbruk per fylke" in page and "Rogaland" in page
    assert "?gjenbrukt=ja" in page


def test_statistics_without_reuse(client, case):
    page = client.get("/statistikk/").content.decode()
    assert "Ingen meldinger om gjenbruk" in page
