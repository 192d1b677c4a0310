"""Sharing a case at /anskaffelser/del/: an unpublished draft for editors, contact kept private."""

import datetime
import os
import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import held_uploads
from cases.models import Case, CaseSubmission, Document
from networks.models import Organization
from tests.factories import OrganizationFactory, SectorFactory, UserFactory, valid_org_number

pytestmark = pytest.mark.django_db

SUBMIT_URL = "/anskaffelser/del/"
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
CONTACT = {
    "contact_name": "Kari Innsender",
    "contact_email": "kari.innsender@example.no",
    "contact_phone": "+47 912 34 567",
    "contact_job_title": "Innkjøpsrådgiver",
}


@pytest.fixture
def buyer():
    return OrganizationFactory(name="Bærum kommune")


@pytest.fixture
def sector():
    return SectorFactory(name="Helse og omsorg", slug="helse-og-omsorg")


def document_rows(*rows: dict) -> dict:
    data = {
        "dokumenter-TOTAL_FORMS": "3",
        "dokumenter-INITIAL_FORMS": "0",
        "dokumenter-MIN_NUM_FORMS": "0",
        "dokumenter-MAX_NUM_FORMS": "3",
    }
    for i in range(3):
        row = rows[i] if i < len(rows) else {}
        data[f"dokumenter-{i}-kind"] = row.get("kind", "")
        data[f"dokumenter-{i}-title"] = row.get("title", "")
        if "file" in row:
            data[f"dokumenter-{i}-file"] = row["file"]
    return data


def form_data(buyer, sector=None, *, documents=(), **changes) -> dict:
    data = {
        "title": "Digitalt nattilsyn i hjemmetjenesten",
        "organization": str(buyer.pk) if buyer else "",
        "new_organization_name": "",
        "new_organization_number": "",
        "new_organization_kind": "kommune",
        "summary": "Kommunen ba markedet om løsninger for tilsyn om natten uten å vekke brukerne.",
        "need": "Hjemmeboende med demens trenger tilsyn om natten.",
        "approach": "Dialogkonferanse og konkurranse med forhandling.",
        "results": "",
        "phase": "konkurranse",
        "procedure": "forhandling",
        "start_year": "2023",
        "sectors": [str(sector.pk)] if sector else [],
        "consent": "on",
        "website": "",
        **CONTACT,
        **document_rows(*documents),
    }
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def pdf(name="behovsbeskrivelse.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class _Elements(HTMLParser):
    """Attributes of every element with an id or a name, to check what ties to what."""

    def __init__(self):
        super().__init__()
        self.by_id: dict[str, dict] = {}
        self.by_name: dict[str, list[dict]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs} | {"tag": tag}
        if "id" in attributes:
            self.by_id[attributes["id"]] = attributes
        if "name" in attributes:
            self.by_name.setdefault(attributes["name"], []).append(attributes)


def elements(response) -> _Elements:
    parser = _Elements()
    parser.feed(response.content.decode())
    return parser


def test_form_page_has_a_label_for_every_input(client, buyer, sector):
    response = client.get(SUBMIT_URL)

    assert response.status_code == 200
    page = elements(response)
    html = response.content.decode()
    for name in ("title", "summary", "need", "procedure", "start_year", "contact_email"):
        assert f'<label for="id_{name}"' in html
        assert page.by_id[f"id_{name}"]["name"] == name
    assert 'enctype="multipart/form-data"' in html
    # buyers are searched for as one types (networks/pickers.py), not listed
    assert page.by_id["id_organization"]["data-organization-search"] == "/virksomheter/sok/"
    assert "js/organization-picker" in html
    assert "Helse og omsorg" in html


def test_submission_creates_a_private_draft_and_emails_the_editors(
    client, buyer, sector, editor, settings, django_capture_on_commit_callbacks
):
    settings.MANAGERS = [("Portalansvarlig", "portal@example.no")]
    UserFactory(username="ikke-redaktor", email="annen@example.no")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SUBMIT_URL,
            form_data(buyer, sector, documents=[{"kind": "behovsbeskrivelse", "file": pdf()}]),
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:submit_done")
    case = Case.objects.get(title="Digitalt nattilsyn i hjemmetjenesten")
    assert case.source == Case.Source.SUBMITTED
    assert not case.is_published
    assert case.phase == "konkurranse"
    assert case.procedure == "forhandling"
    assert case.start_year == 2023
    assert list(case.sectors.all()) == [sector]
    assert case.casebuyer_set.get().organization == buyer
    assert case.casebuyer_set.get().is_lead
    submission = CaseSubmission.objects.get(case=case)
    assert submission.email == "kari.innsender@example.no"
    assert submission.phone == "+47 912 34 567"
    assert submission.consent_at is not None
    document = case.documents.get()
    assert document.kind == Document.Kind.NEED_DESCRIPTION
    assert document.title == "behovsbeskrivelse"
    assert document.content_type == "application/pdf"

    assert len(mail.outbox) == 2  # the editors, and a receipt to the submitter
    message = next(m for m in mail.outbox if "redaktor@example.no" in m.to)
    assert sorted(message.to) == ["portal@example.no", "redaktor@example.no"]
    assert submission.reference in message.body
    assert "Digitalt nattilsyn i hjemmetjenesten" in message.subject
    assert reverse("admin:cases_case_change", args=[case.pk]) in message.body
    assert "kari.innsender@example.no" not in message.body

    receipt = client.get(response["Location"])
    assert "Vi har tatt imot «Digitalt nattilsyn i hjemmetjenesten»." in receipt.content.decode()


def test_submitted_draft_is_not_public(client, buyer, sector):
    client.post(SUBMIT_URL, form_data(buyer, sector))
    case = Case.objects.get()

    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(reverse("api:case-detail", args=[case.slug])).status_code == 404
    assert case.title not in client.get(reverse("guide_phase", args=[case.phase])).content.decode()


def test_submitters_contact_never_shows_publicly_even_after_publishing(client, buyer, sector):
    client.post(SUBMIT_URL, form_data(buyer, sector))
    case = Case.objects.get()
    case.publish()
    case.save()

    public_urls = [
        case.get_absolute_url(),
        reverse("cases:list"),
        reverse("cases:list") + "?q=nattilsyn",
        reverse("cases:feed"),
        reverse("cases:export_csv"),
        reverse("cases:export_json"),
        reverse("api:case-list"),
        reverse("api:case-detail", args=[case.slug]),
        reverse("guide_phase", args=[case.phase]),
    ]
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        text = body.decode()
        for value in ("Kari Innsender", "kari.innsender@example.no", "912 34 567"):
            assert value not in text, (url, value)
    assert case.title in client.get(case.get_absolute_url()).content.decode()


def test_editors_see_the_submitters_contact_in_the_admin(client, buyer, sector, editor):
    client.post(SUBMIT_URL, form_data(buyer, sector))
    case = Case.objects.get()
    client.force_login(editor)

    changelist = client.get(reverse("admin:cases_case_changelist") + "?kilde=innsendt-upublisert")
    change = client.get(reverse("admin:cases_case_change", args=[case.pk]))

    assert case.title in changelist.content.decode()
    assert change.status_code == 200
    assert "kari.innsender@example.no" in change.content.decode()


def test_new_buyer_is_created_for_review_from_name_and_number(client, sector):
    number = valid_org_number(4242)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"

    client.post(
        SUBMIT_URL,
        form_data(
            None,
            sector,
            new_organization_name="Nye Testvik kommune",
            new_organization_number=spaced,
        ),
    )

    organization = Organization.objects.get(org_number=number)
    assert organization.name == "Nye Testvik kommune"
    assert organization.needs_review
    assert Case.objects.get().casebuyer_set.get().organization == organization


def test_known_org_number_reuses_the_organization(client, buyer):
    client.post(
        SUBMIT_URL,
        form_data(
            buyer,
            organization="",
            new_organization_name="Bærum",
            new_organization_number=buyer.org_number,
        ),
    )

    assert Organization.objects.filter(org_number=buyer.org_number).count() == 1
    assert Case.objects.get().casebuyer_set.get().organization == buyer


def test_receipt_without_a_submission_is_generic(client):
    response = client.get(reverse("cases:submit_done"))

    assert response.status_code == 200
    assert "Vi har tatt imot forslaget ditt." in response.content.decode()


FIELD_ERRORS = [
    # (kind of field, changes to valid data, field, words of the message)
    ("text, empty", {"title": ""}, "title", "Skriv en tittel"),
    ("text, too long", {"title": "x" * 251}, "title", "høyst 250 tegn"),
    ("textarea", {"need": "  "}, "need", "Beskriv behovet"),
    ("select", {"procedure": "ukjent"}, "procedure", "ukjent"),
    ("radio buttons", {"phase": None}, "phase", "Velg hvor langt"),
    ("checkbox list", {"sectors": ["999999"]}, "sectors", "999999"),
    ("list of organisations", {"organization": "999999"}, "organization", "gyldig"),
    ("no buyer", {"organization": ""}, "organization", "Velg oppdragsgiveren"),
    (
        "buyer twice",
        {"new_organization_name": "Annen kommune"},
        "organization",
        "ikke begge deler",
    ),
    (
        "organisation number",
        {"organization": "", "new_organization_name": "X", "new_organization_number": "123456789"},
        "new_organization_number",
        "kontrollsifferet",
    ),
    ("email", {"contact_email": "kari.example.no"}, "contact_email", "navn@virksomhet.no"),
    ("telephone", {"contact_phone": "12"}, "contact_phone", "8 til 15 sifre"),
    ("number, not a number", {"start_year": "20x3"}, "start_year", "fire sifre"),
    ("number, out of range", {"start_year": "1850"}, "start_year", "mellom 1990"),
    ("consent checkbox", {"consent": None}, "consent", "Kryss av her"),
]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [case[1:] for case in FIELD_ERRORS],
    ids=[case[0] for case in FIELD_ERRORS],
)
def test_validation_error_is_tied_to_its_field(client, buyer, sector, changes, field, words):
    response = client.post(SUBMIT_URL, form_data(buyer, sector, **changes))

    assert response.status_code == 400
    assert not Case.objects.exists()
    page = elements(response)
    error = page.by_id[f"id_{field}_error"]
    assert error["class"] == "error"
    assert words in response.content.decode()
    inputs = page.by_name[field]
    assert inputs
    for element in inputs:
        assert f"id_{field}_error" in element.get("aria-describedby", "").split(), element
        assert element.get("aria-invalid") == "true"
    # The error summary links to the field.
    first_id = inputs[0]["id"]
    assert f'href="#{first_id}"' in response.content.decode()


def test_form_with_errors_keeps_what_was_typed(client, buyer, sector):
    response = client.post(SUBMIT_URL, form_data(buyer, sector, need="Nattilsyn", consent=None))

    assert response.status_code == 400
    assert "Nattilsyn</textarea>" in response.content.decode()


UPLOAD_ERRORS = [
    (
        "wrong type",
        SimpleUploadedFile("program.exe", b"MZ\x90\x00"),
        "Filtypen .exe er ikke tillatt",
    ),
    ("content not a pdf", pdf(content=b"<html>ikke en pdf</html>"), "stemmer ikke med filendelsen"),
    (
        "renamed image",
        pdf(content=b"\x89PNG\r\n\x1a\n" + b"0" * 20),
        "stemmer ikke med filendelsen",
    ),
    ("empty", pdf(content=b""), "tom"),
]


@pytest.mark.parametrize(
    ("upload", "words"), [e[1:] for e in UPLOAD_ERRORS], ids=[e[0] for e in UPLOAD_ERRORS]
)
def test_uploads_are_refused_as_in_the_admin(client, buyer, upload, words):
    response = client.post(
        SUBMIT_URL, form_data(buyer, documents=[{"kind": "behovsbeskrivelse", "file": upload}])
    )

    assert response.status_code == 400
    assert words in response.content.decode()
    assert 'id="id_dokumenter-0-file_error"' in response.content.decode()
    assert not Case.objects.exists()
    assert not Document.objects.exists()


def test_oversized_upload_is_refused(client, buyer, settings):
    settings.DOCUMENT_MAX_BYTES = 40

    response = client.post(
        SUBMIT_URL,
        form_data(buyer, documents=[{"kind": "behovsbeskrivelse", "file": pdf(content=PDF * 2)}]),
    )

    assert response.status_code == 400
    assert "Største tillatte størrelse er" in response.content.decode()
    assert not Case.objects.exists()


def test_document_needs_a_kind(client, buyer):
    response = client.post(SUBMIT_URL, form_data(buyer, documents=[{"file": pdf()}]))

    assert response.status_code == 400
    assert "Velg hva slags dokument det er." in response.content.decode()


def test_at_most_three_documents(client, buyer):
    data = form_data(buyer)
    data["dokumenter-TOTAL_FORMS"] = "4"

    response = client.post(SUBMIT_URL, data)

    assert response.status_code == 400
    assert not Case.objects.exists()


def test_missing_document_management_form_is_a_clear_error(client, buyer):
    data = {k: v for k, v in form_data(buyer).items() if not k.startswith("dokumenter-")}

    response = client.post(SUBMIT_URL, data)

    assert response.status_code == 400
    assert not Case.objects.exists()


def test_honeypot_stops_bots(client, buyer, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT_URL, form_data(buyer, website="https://spam.example"))

    assert response.status_code == 400
    assert not Case.objects.exists()
    assert not CaseSubmission.objects.exists()
    assert mail.outbox == []
    assert "et felt som skal stå tomt, var fylt ut" in response.content.decode()
    assert "https://spam.example" not in response.content.decode()


def test_rate_limit_answers_429_after_too_many_posts(client, buyer, settings):
    for _i in range(settings.IOA_APPLICATION_RATE_LIMIT):
        assert client.post(SUBMIT_URL, {"title": ""}).status_code == 400

    response = client.post(SUBMIT_URL, form_data(buyer))

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "For mange innsendinger" in response.content.decode()
    assert not Case.objects.exists()
    # Reading the form is never limited, and other addresses may still post.
    assert client.get(SUBMIT_URL).status_code == 200
    other = client.post(SUBMIT_URL, form_data(buyer), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_email_failure_does_not_lose_the_case(
    client, buyer, editor, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.cases.test_submission.FailingBackend"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT_URL, form_data(buyer))

    assert response.status_code == 302
    assert Case.objects.filter(source=Case.Source.SUBMITTED).exists()


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


@pytest.mark.parametrize("n", [1, 20])
def test_form_queries_do_not_grow_with_organisations(client, django_assert_max_num_queries, n):
    OrganizationFactory.create_batch(n)
    SectorFactory.create_batch(n)

    with django_assert_max_num_queries(3):
        response = client.get(SUBMIT_URL)

    assert response.status_code == 200


# Files kept across an error, and the receipt -------------------------------------------


def held_token(response, row: int = 0) -> str:
    page = response.content.decode()
    assert f'name="dokumenter-{row}-held"' in page, "no held-file field in the form"
    found = re.search(rf'name="dokumenter-{row}-held" value="([^"]*)"', page)
    return found.group(1) if found else ""


def held_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT / held_uploads.HELD_DIR
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


def test_a_file_chosen_before_an_error_is_kept_so_one_correction_sends_the_form(
    client, buyer, settings
):
    first = client.post(
        SUBMIT_URL,
        form_data(buyer, consent=None, documents=[{"kind": "behovsbeskrivelse", "file": pdf()}]),
    )

    assert first.status_code == 400
    page = first.content.decode()
    assert "behovsbeskrivelse.pdf" in page
    assert "du trenger ikke velge den på nytt" in page
    token = held_token(first)
    assert token and len(held_files(settings)) == 1

    # The browser sends the form again: the type still chosen, no file, the token.
    data = form_data(buyer, documents=[{"kind": "behovsbeskrivelse"}])
    data["dokumenter-0-held"] = token
    second = client.post(SUBMIT_URL, data)

    assert second.status_code == 302, second.content.decode()[:3000]
    document = Case.objects.get().documents.get()
    assert document.title == "behovsbeskrivelse"
    assert document.content_type == "application/pdf"
    with document.file.open("rb") as stored:
        assert stored.read() == PDF
    assert held_files(settings) == []  # stored with the case, no longer held


def test_a_held_file_is_checked_again_and_kept_through_a_second_error(client, buyer):
    first = client.post(
        SUBMIT_URL,
        form_data(buyer, need="", documents=[{"file": pdf()}]),  # no kind either
    )
    assert first.status_code == 400
    assert "Velg hva slags dokument det er." in first.content.decode()
    token = held_token(first)
    assert token

    data = form_data(buyer, need="", documents=[{"kind": "behovsbeskrivelse"}])
    data["dokumenter-0-held"] = token
    second = client.post(SUBMIT_URL, data)
    assert second.status_code == 400
    assert "Velg en fil, eller la hele raden stå tom." not in second.content.decode()
    assert held_token(second) == token


def test_a_held_file_can_be_left_out(client, buyer, settings):
    first = client.post(
        SUBMIT_URL,
        form_data(buyer, consent=None, documents=[{"kind": "behovsbeskrivelse", "file": pdf()}]),
    )
    data = form_data(buyer, documents=[{"kind": "behovsbeskrivelse"}])
    data["dokumenter-0-held"] = held_token(first)
    data["dokumenter-0-forget_held"] = "on"

    response = client.post(SUBMIT_URL, data)

    assert response.status_code == 302
    assert not Document.objects.exists()


def test_a_refused_file_is_never_held(client, buyer, settings):
    response = client.post(
        SUBMIT_URL,
        form_data(
            buyer,
            consent=None,
            documents=[{"kind": "behovsbeskrivelse", "file": pdf(content=b"<html>x</html>")}],
        ),
    )
    assert response.status_code == 400
    assert held_token(response) == ""
    assert held_files(settings) == []


@pytest.mark.parametrize("token", ["forged", "held-by-someone-else"])
def test_a_forged_or_expired_token_gives_no_file(client, buyer, settings, token, monkeypatch):
    if token == "held-by-someone-else":
        # A real token, but older than a day.
        token = held_uploads.hold(pdf()).token
        monkeypatch.setattr(held_uploads, "MAX_AGE", datetime.timedelta(seconds=-1))
    data = form_data(buyer, documents=[{"kind": "behovsbeskrivelse"}])
    data["dokumenter-0-held"] = token

    response = client.post(SUBMIT_URL, data)

    assert response.status_code == 400
    assert "Velg en fil, eller la hele raden stå tom." in response.content.decode()
    assert not Case.objects.exists()


def test_held_files_older_than_a_day_are_deleted(settings):
    old = held_uploads.hold(pdf("gammel.pdf"))
    new = held_uploads.hold(pdf("ny.pdf"))
    old_path = settings.MEDIA_ROOT / old.path
    two_days_ago = (datetime.datetime.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(old_path, (two_days_ago, two_days_ago))

    assert held_uploads.clean_up() == 1

    assert not old_path.exists() and not old_path.parent.exists()
    assert (settings.MEDIA_ROOT / new.path).exists()


def test_receipt_page_and_email_give_a_reference_and_what_happens_next(
    client, buyer, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT_URL, form_data(buyer))

    submission = CaseSubmission.objects.get()
    assert re.fullmatch(r"IOA-\d{4}-\d{5}", submission.reference)
    receipt = client.get(response["Location"]).content.decode()
    assert submission.reference in receipt
    assert (
        "Vi har sendt en kvittering med referansenummeret til kari.innsender@example.no" in receipt
    )
    assert "Hva skjer nå?" in receipt

    message = next(m for m in mail.outbox if m.to == ["kari.innsender@example.no"])
    assert submission.reference in message.subject
    assert submission.reference in message.body
    assert "Digitalt nattilsyn i hjemmetjenesten" in message.body
    assert "Redaksjonen har fått beskjed og leser gjennom forslaget." in message.body
    assert "publiserer vi den i kunnskapsbanken" in message.body
    # The receipt is shown once; a reload shows the generic thanks.
    assert submission.reference not in client.get(response["Location"]).content.decode()
