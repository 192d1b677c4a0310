"""Min side: passwordless login by a one-time link, the page per network, materials,
work reports and evaluations, seen from the participant and from the coordinator."""

import datetime
import os
import re

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from networks import evaluation, materials, participants
from networks.gdpr import anonymise_participant
from networks.models import (
    EvaluationReceipt,
    ParticipantLoginToken,
    SessionEvaluation,
    SessionMaterial,
    WorkReport,
)
from tests.factories import AttendanceFactory, EnrollmentFactory, SessionFactory

PDF = b"%PDF-1.4\n% lysark\n"


def pdf(name="lysark.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def past_session(network_a):
    start = timezone.now() - datetime.timedelta(days=3)
    return SessionFactory(
        network=network_a,
        number=1,
        starts_at=start,
        homework="Skriv ned **behovet** deres.",
        agenda="Velkommen",
    )


@pytest.fixture
def accepted(network_a, past_session):
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    AttendanceFactory(enrollment=enrollment, session=past_session, present=True)
    return enrollment


def login_as(client, participant):
    link = participants.issue_link(participant)
    response = client.post(reverse("networks:participant_link", args=[link.signed]))
    assert response.status_code == 302
    return response


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


# --- Login -------------------------------------------------------------------------


def test_login_link_is_mailed_and_logs_in_once(client, accepted):
    url = reverse("networks:participant_login")
    response = client.post(url, {"email": accepted.participant.email.upper()})
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0])
    path = link.split("testserver", 1)[1]
    # Opening the link does not use it (mail scanners follow links); the button does.
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("networks:participant_home")
    page = client.get(reverse("networks:participant_home"))
    assert accepted.network.name in page.content.decode()
    assert ParticipantLoginToken.objects.get().email_status == "sent"
    client.post(reverse("networks:participant_logout"))
    again = client.post(path)
    assert again.status_code == 410
    assert "Lenken er brukt" in again.content.decode()


def test_the_answer_is_the_same_for_an_unknown_address(client, accepted):
    url = reverse("networks:participant_login")
    known = client.post(url, {"email": accepted.participant.email})
    unknown = client.post(url, {"email": "ingen@example.no"})
    strip = lambda r: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())  # noqa: E731
    assert known.status_code == unknown.status_code == 200
    assert strip(known) == strip(unknown)
    assert len(mail.outbox) == 1


def test_bad_email_is_a_400_with_a_message(client, db):
    response = client.post(reverse("networks:participant_login"), {"email": "ikke en adresse"})
    assert response.status_code == 400
    assert "feiloppsummering" in response.content.decode()


def test_tampered_and_expired_links_get_clear_pages(client, accepted):
    link = participants.issue_link(accepted.participant)
    tampered = reverse("networks:participant_link", args=[link.signed[:-4] + "abcd"])
    assert client.get(tampered).status_code == 404
    assert client.post(tampered).status_code == 404
    ParticipantLoginToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = reverse("networks:participant_link", args=[link.signed])
    response = client.post(expired)
    assert response.status_code == 410
    assert "Lenken er utløpt" in response.content.decode()
    assert client.get(reverse("networks:participant_home")).status_code == 302


def test_failed_login_email_is_recorded_after_the_last_try(client, accepted, settings):
    # Jobs run eagerly in the tests, as their last try (ioa_portal/jobs.py).
    settings.EMAIL_BACKEND = "tests.networks.conftest.FailingEmailBackend"
    response = client.post(
        reverse("networks:participant_login"), {"email": accepted.participant.email}
    )
    assert response.status_code == 200
    assert ParticipantLoginToken.objects.get().email_status == "failed"


def test_participant_login_never_opens_staff_pages(client, accepted):
    login_as(client, accepted.participant)
    assert client.get("/koordinator/").status_code == 302
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_anonymised_participant_is_logged_out(client, accepted):
    login_as(client, accepted.participant)
    anonymise_participant(accepted.participant)
    assert client.get(reverse("networks:participant_home")).status_code == 302


# --- The page per network ---------------------------------------------------------


def test_page_shows_status_sessions_work_and_challenge(client, accepted, past_session):
    SessionFactory(network=accepted.network, number=2, place="Stavanger")
    login_as(client, accepted.participant)
    html = client.get(reverse("networks:participant_network", args=[accepted.network.slug]))
    html = html.content.decode()
    assert "Godkjent" in html
    assert accepted.challenge in html
    assert "<strong>behovet</strong>" in html
    assert "Stavanger" in html
    assert reverse("networks:calendar", args=[accepted.network.slug]) in html
    assert reverse("networks:participant_evaluation", args=[accepted.network.slug, 1]) in html


def test_waitlisted_participant_sees_position_and_no_private_material(
    client, network_a, past_session
):
    waiting = EnrollmentFactory(
        network=network_a, status="waitlisted", waitlisted_at=timezone.now()
    )
    SessionMaterial.objects.create(session=past_session, title="Hemmelig", file=pdf(), size=10)
    login_as(client, waiting.participant)
    html = client.get(reverse("networks:participant_network", args=[network_a.slug]))
    html = html.content.decode()
    assert "nummer 1 på ventelisten" in html
    assert "Hemmelig" not in html


def test_participant_of_another_network_gets_404(client, accepted, network_b):
    other = EnrollmentFactory(network=network_b, status="accepted")
    login_as(client, other.participant)
    for url in (
        reverse("networks:participant_network", args=[accepted.network.slug]),
        reverse("networks:participant_report", args=[accepted.network.slug, 1]),
        reverse("networks:participant_evaluation", args=[accepted.network.slug, 1]),
    ):
        assert client.get(url).status_code == 404, url


# --- Materials ----------------------------------------------------------------------


def test_coordinator_uploads_material_with_the_document_checks(
    client, coordinator_a, accepted, past_session
):
    client.force_login(coordinator_a)
    url = reverse("coordinator:materials", args=[accepted.network.slug, 1])
    renamed = client.post(
        url, {"title": "Falsk", "file": pdf("x.pdf", b"MZ\x90"), "audience": "public"}
    )
    assert renamed.status_code == 400
    assert "stemmer ikke med filendelsen" in renamed.content.decode()
    exe = client.post(url, {"title": "Program", "file": pdf("x.exe"), "audience": "public"})
    assert exe.status_code == 400
    neither = client.post(url, {"title": "Tom", "audience": "public"})
    assert neither.status_code == 400
    ok = client.post(url, {"title": "Lysark", "file": pdf(), "audience": "participants"})
    assert ok.status_code == 302
    material = SessionMaterial.objects.get()
    assert material.content_type == "application/pdf"
    assert (
        client.get(
            reverse("coordinator:material", args=[accepted.network.slug, material.pk])
        ).status_code
        == 200
    )


def test_private_material_only_through_signed_url_for_accepted_participant(
    client, accepted, past_session, network_b
):
    material = SessionMaterial.objects.create(
        session=past_session, title="Lysark", file=pdf(), content_type="application/pdf"
    )
    login_as(client, accepted.participant)
    html = client.get(
        reverse("networks:participant_network", args=[accepted.network.slug])
    ).content.decode()
    url = re.search(r'href="(/nettverk/min-side/materiell/[^"]+)"', html).group(1)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    # Not public, and not through a forged or expired address.
    assert (
        client.get(
            reverse("networks:material", args=[accepted.network.slug, material.pk])
        ).status_code
        == 404
    )
    assert client.get(url[:-6] + "xxxxx/").status_code == 404
    old = signing.TimestampSigner(salt=materials.MATERIAL_SALT)
    token = signing.dumps([material.pk, accepted.participant.pk], salt=materials.MATERIAL_SALT)
    del old
    later = timezone.now() + materials.MATERIAL_LINK_MAX_AGE + datetime.timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: later.timestamp())
        assert client.get(reverse("networks:participant_material", args=[token])).status_code == 410
    # Another network's participant, logged in, cannot use the address.
    client.post(reverse("networks:participant_logout"))
    other = EnrollmentFactory(network=network_b, status="accepted")
    login_as(client, other.participant)
    assert client.get(url).status_code == 404
    # Nor can anyone not logged in.
    client.post(reverse("networks:participant_logout"))
    assert client.get(url).status_code == 302


def test_public_material_on_network_page_and_never_in_sitemap(client, accepted, past_session):
    public = SessionMaterial.objects.create(
        session=past_session,
        title="Åpent lysark",
        file=pdf(),
        audience="public",
        content_type="application/pdf",
    )
    SessionMaterial.objects.create(session=past_session, title="Internt notat", file=pdf())
    html = client.get(accepted.network.get_absolute_url()).content.decode()
    assert "Åpent lysark" in html and "Internt notat" not in html
    assert (
        client.get(
            reverse("networks:material", args=[accepted.network.slug, public.pk])
        ).status_code
        == 200
    )
    sitemap = "".join(
        client.get(f"/sitemap-{s}.xml").content.decode()
        for s in ("cases", "networks", "pages")
        if client.get(f"/sitemap-{s}.xml").status_code == 200
    )
    assert "materiell" not in sitemap


# --- Work between sessions ---------------------------------------------------------


def test_participant_reports_work_and_coordinator_sees_and_exports(
    client, accepted, coordinator_a, coordinator_b
):
    login_as(client, accepted.participant)
    url = reverse("networks:participant_report", args=[accepted.network.slug, 1])
    assert client.post(url, {"text": ""}).status_code == 400
    response = client.post(url, {"text": "Vi intervjuet brukerne.", "file": pdf("notat.pdf")})
    assert response.status_code == 302
    client.post(url, {"text": "=Vi intervjuet ti brukere."})
    report = WorkReport.objects.get()
    assert report.text == "=Vi intervjuet ti brukere." and report.file
    client.post(reverse("networks:participant_logout"))
    client.force_login(coordinator_a)
    page = client.get(reverse("coordinator:reports", args=[accepted.network.slug, 1]))
    assert "Vi intervjuet ti brukere." in page.content.decode()
    csv = client.get(reverse("coordinator:reports_export", args=[accepted.network.slug, 1]))
    text = csv.content.decode("utf-8-sig")
    assert "'=Vi intervjuet ti brukere." in text and accepted.participant.name in text
    assert (
        client.get(
            reverse("coordinator:report_file", args=[accepted.network.slug, report.pk])
        ).status_code
        == 200
    )
    client.force_login(coordinator_b)
    for name, args in (("reports", [1]), ("reports_export", [1]), ("report_file", [report.pk])):
        assert (
            client.get(
                reverse(f"coordinator:{name}", args=[accepted.network.slug, *args])
            ).status_code
            == 404
        )


def test_pending_participant_cannot_report(client, network_a, past_session):
    pending = EnrollmentFactory(network=network_a, status="pending")
    login_as(client, pending.participant)
    url = reverse("networks:participant_report", args=[network_a.slug, 1])
    assert client.get(url).status_code == 404


def test_erasure_removes_reports_and_their_files(
    client, accepted, django_capture_on_commit_callbacks
):
    report = WorkReport.objects.create(
        enrollment=accepted, session=accepted.network.sessions.get(), text="Privat", file=pdf()
    )
    path = report.file.path
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_participant(accepted.participant)
    assert not WorkReport.objects.exists()
    assert not ParticipantLoginToken.objects.exists()
    assert not os.path.exists(path)


# --- Evaluation ---------------------------------------------------------------------

ANSWER = {
    "useful": "5",
    "relevance": "4",
    "recommend": "5",
    "most_useful": "Casene",
    "to_improve": "Lengre pauser",
}


def test_attendee_answers_once_and_the_answer_does_not_name_them(client, accepted, past_session):
    login_as(client, accepted.participant)
    url = reverse("networks:participant_evaluation", args=[accepted.network.slug, 1])
    assert client.post(url, {**ANSWER, "useful": "9"}).status_code == 400
    assert client.post(url, ANSWER).status_code == 302
    assert client.post(url, ANSWER).status_code == 409
    answer = SessionEvaluation.objects.get()
    assert answer.useful == 5
    fields = {f.name for f in SessionEvaluation._meta.get_fields()}
    assert not fields & {"enrollment", "participant", "created_at"}
    receipt = EvaluationReceipt.objects.get()
    assert receipt.digest == evaluation.receipt_digest(past_session.pk, accepted.pk)


def test_absent_or_not_accepted_cannot_evaluate(client, network_a, past_session):
    absent = EnrollmentFactory(network=network_a, status="accepted")
    AttendanceFactory(enrollment=absent, session=past_session, present=False)
    login_as(client, absent.participant)
    url = reverse("networks:participant_evaluation", args=[network_a.slug, 1])
    assert client.get(url).status_code == 403
    assert client.post(url, ANSWER).status_code == 403


def test_coordinator_sends_invitations_and_sees_results(
    client, accepted, coordinator_a, past_session
):
    client.force_login(coordinator_a)
    response = client.post(
        reverse("coordinator:evaluation_invite", args=[accepted.network.slug, 1])
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    path = link_in(mail.outbox[0]).split("testserver", 1)[1]
    client.logout()
    response = client.post(path)
    assert response["Location"] == reverse(
        "networks:participant_evaluation", args=[accepted.network.slug, 1]
    )
    client.post(response["Location"], ANSWER)
    client.force_login(coordinator_a)
    html = client.get(
        reverse("coordinator:evaluation", args=[accepted.network.slug])
    ).content.decode()
    assert "<svg" in html and "Lengre pauser" in html and "<table>" in html
    csv = client.get(reverse("coordinator:evaluation_export", args=[accepted.network.slug]))
    assert "Lengre pauser" in csv.content.decode("utf-8-sig")
    assert accepted.participant.name not in csv.content.decode("utf-8-sig")


def test_public_page_shows_the_aggregate_from_five_answers(client, accepted, past_session):
    url = accepted.network.get_absolute_url()
    for _n in range(4):
        SessionEvaluation.objects.create(session=past_session, useful=4, relevance=3, recommend=5)
    assert "Hva deltakerne sier" not in client.get(url).content.decode()
    SessionEvaluation.objects.create(session=past_session, useful=5, relevance=3, recommend=5)
    html = client.get(url).content.decode()
    assert "Hva deltakerne sier" in html and "4,2" in html
