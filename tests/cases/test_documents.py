import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.forms import DocumentForm
from cases.models import Document
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
PPTX = zipped({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
ODS = zipped(
    {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}
)


def form_for(name, content, **data):
    fields = {"kind": "behovsbeskrivelse", "title": "Behovsbeskrivelse", **data}
    return DocumentForm(data=fields, files={"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("behov.pdf", PDF, "application/pdf"),
        ("notat.doc", OLE2, "application/msword"),
        ("tall.xls", OLE2, "application/vnd.ms-excel"),
        ("lysark.ppt", OLE2, "application/vnd.ms-powerpoint"),
        (
            "notat.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("tall.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            "lysark.pptx",
            PPTX,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("notat.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("tall.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
        ("figur.png", PNG, "image/png"),
        ("foto.JPG", JPEG, "image/jpeg"),
        ("foto.jpeg", JPEG, "image/jpeg"),
        ("animasjon.gif", GIF, "image/gif"),
        ("bilde.webp", WEBP, "image/webp"),
    ],
)
def test_allowed_types_are_accepted_and_described(name, content, content_type):
    form = form_for(name, content)
    assert form.is_valid(), form.errors
    assert form.instance.content_type == content_type
    assert form.instance.size == len(content)


@pytest.mark.parametrize(
    "name",
    [
        "skript.html",
        "bilde.svg",
        "program.exe",
        "arkiv.zip",
        "skript.js",
        "uten-endelse",
        "makro.docm",
    ],
)
def test_other_types_are_refused(name):
    form = form_for(name, PDF)
    assert not form.is_valid()
    assert "er ikke tillatt" in form.errors["file"][0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("forkledd.pdf", b"<html><script>alert(1)</script></html>"),
        ("forkledd.png", PDF),
        ("forkledd.docx", ODT),  # a zip, but not a Word file
        ("forkledd.odt", DOCX),
        ("forkledd.xlsx", DOCX),
        ("forkledd.doc", PDF),
        ("ødelagt.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(name, content):
    form = form_for(name, content)
    assert not form.is_valid()
    assert "stemmer ikke med filendelsen" in form.errors["file"][0]


def test_too_large_file_is_refused_with_the_limit(settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    form = form_for("stor.pdf", PDF + b"0" * 2000)
    assert not form.is_valid()
    assert "Største tillatte størrelse er 1,0\xa0KB" in form.errors["file"][0]


def test_empty_file_is_refused():
    form = DocumentForm(
        data={"kind": "annet", "title": "Tom"}, files={"file": SimpleUploadedFile("tom.pdf", b"")}
    )
    assert not form.is_valid()


def test_document_needs_a_file_or_a_link():
    form = DocumentForm(data={"kind": "annet", "title": "Ingenting"})
    assert not form.is_valid()
    assert "Last opp en fil eller skriv inn en ekstern lenke." in form.errors["file"]


@pytest.mark.parametrize(
    "hostile",
    [
        "../../../etc/passwd.pdf",
        "..\\..\\boot.pdf",
        "<img src=x onerror=alert(1)>.pdf",
        "a" * 300 + ".pdf",
    ],
)
def test_hostile_file_names_are_stored_safely(hostile, settings):
    case = CaseFactory()
    form = form_for(hostile, PDF)
    assert form.is_valid(), form.errors
    document = form.save(commit=False)
    document.case = case
    document.save()
    stored = document.file.path
    assert stored.startswith(str(settings.MEDIA_ROOT / "dokumenter"))
    name = document.file.name.rsplit("/", 1)[1]
    assert name.endswith(".pdf") and len(name) <= 84
    assert all(c.isalnum() or c in "-_." for c in name)


def stored_document(case, name="behov.pdf", content=PDF, content_type="application/pdf"):
    document = Document(
        case=case,
        kind="behovsbeskrivelse",
        title="Behov",
        size=len(content),
        content_type=content_type,
    )
    document.file.save(name, ContentFile(content), save=True)
    return document


def test_download_is_an_attachment_with_safe_headers(client):
    case = CaseFactory()
    document = stored_document(case, name="Behov Bærum.pdf")
    response = client.get(reverse("cases:document", args=[case.slug, document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="behov-baerum.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF


def test_document_page_links_to_the_download_with_kind_and_size(client):
    case = CaseFactory()
    document = stored_document(case)
    html = client.get(case.get_absolute_url()).content.decode()
    assert reverse("cases:document", args=[case.slug, document.pk]) in html
    assert f"(Behovsbeskrivelse, {len(PDF)}\xa0byte)" in html


def test_documents_of_drafts_are_hidden_from_the_public(client, editor):
    case = CaseFactory(is_published=False, published_at=None)
    document = stored_document(case)
    url = reverse("cases:document", args=[case.slug, document.pk])
    assert client.get(url).status_code == 404
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_document_under_the_wrong_case_is_404(client):
    document = stored_document(CaseFactory())
    other = CaseFactory()
    assert client.get(reverse("cases:document", args=[other.slug, document.pk])).status_code == 404


def test_missing_file_on_disk_is_404_not_500(client):
    case = CaseFactory()
    document = stored_document(case)
    document.file.storage.delete(document.file.name)
    assert client.get(reverse("cases:document", args=[case.slug, document.pk])).status_code == 404


def test_link_only_document_has_no_download(client):
    case = CaseFactory()
    document = Document.objects.create(
        case=case, kind="annet", title="Lenke", external_url="https://example.no/x.pdf"
    )
    assert client.get(reverse("cases:document", args=[case.slug, document.pk])).status_code == 404


def test_media_folder_is_never_listed(client, db):
    assert client.get("/media/dokumenter/").status_code == 404
