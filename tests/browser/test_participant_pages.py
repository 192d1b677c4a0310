"""Min side in Chromium (issue 21): the login-link request, the participant's pages (home,
a network, the work report and evaluation forms) and the coordinator's reports and
evaluation results, with axe-core on each page in nb, nn and en; and a participant who
submits a work report with the keyboard alone, from the login link, focus always visible."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from networks import evaluation, participants
from networks.models import (
    EvaluationReceipt,
    SessionEvaluation,
    SessionMaterial,
    WorkReport,
)
from tests.browser.conftest import assert_accessible, tab_to
from tests.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    LearningNetworkFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LANGUAGES = [("", "nb"), ("/nn", "nn"), ("/en", "en")]
SLUG = "ioa-innlandet"
PASSWORD = "hemmelig-passord-1"


@pytest.fixture
def scene():
    """A network whose first three sessions have taken place and the fourth is to come; a
    participant present at all three, with a report on the first; others' reports and
    evaluation answers for the coordinator's pages."""
    network = LearningNetworkFactory(
        name="Læringsnettverk Innlandet", slug=SLUG, capacity=10, host="KS Innlandet"
    )
    start = timezone.now() - datetime.timedelta(days=43)
    sessions = [
        SessionFactory(
            network=network,
            number=n,
            title=title,
            starts_at=start + datetime.timedelta(days=14 * (n - 1)),
            place="Hamar",
            online_url="https://meet.example.com/ioa" if n == 2 else "",
            agenda="- 09.00 Velkommen\n- 09.30 Tema",
            homework="Gjennomfør tre **intervjuer** med brukere.",
        )
        for n, title in enumerate(
            ["Oppstart", "Behovskartlegging", "Dialog med markedet", "Konkurranseform"], 1
        )
    ]
    SessionMaterial.objects.create(
        session=sessions[0],
        title="Veileder (DFØ)",
        external_url="https://anskaffelser.no/",
        audience=SessionMaterial.Audience.PUBLIC,
    )
    slides = SessionMaterial(session=sessions[0], title="Lysark fra oppstarten")
    slides.file.save("lysark.pdf", ContentFile(b"%PDF-1.4\n% lysark\n"), save=False)
    slides.content_type, slides.size = "application/pdf", 18
    slides.save()
    maret = EnrollmentFactory(
        network=network,
        status="accepted",
        participant__name="Máret Áile Ŋuolja Čorgi",
        participant__email="maret@example.no",
        challenge="Lavere energibruk i kommunale bygg uten å velge teknologien på forhånd.",
    )
    others = EnrollmentFactory.create_batch(5, network=network, status="accepted")
    for enrollment in [maret, *others]:
        for session in sessions[:3]:
            AttendanceFactory(enrollment=enrollment, session=session, present=True)
    WorkReport.objects.create(enrollment=maret, session=sessions[0], text="Fant eieren.")
    for n, enrollment in enumerate(others):
        WorkReport.objects.create(
            enrollment=enrollment, session=sessions[0], text=f"Intervjuet {n + 2} brukere."
        )
        for session in sessions[:2]:
            SessionEvaluation.objects.create(
                session=session,
                useful=3 + n % 3,
                relevance=4,
                recommend=5 - n % 2,
                most_useful="Eksemplene.",
                to_improve="Mer gruppearbeid." if n % 2 else "",
            )
            EvaluationReceipt.objects.create(
                session=session, digest=evaluation.receipt_digest(session.pk, enrollment.pk)
            )
    coordinator = UserFactory(username="koordinator", password=PASSWORD)
    network.coordinators.add(coordinator)
    return {"network": network, "sessions": sessions, "maret": maret}


def open_login_link(page, participant, prefix="") -> None:
    """Open a fresh one-time link as from the email (its confirmation page)."""
    link = participants.issue_link(participant)
    page.goto(prefix + reverse("networks:participant_link", args=[link.signed]))


def check(page, name: str, lang: str) -> None:
    assert page.locator("html").get_attribute("lang") == lang, f"{name}: lang"
    assert_accessible(page, f"{name}-{lang}")


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES, ids=["nb", "nn", "en"])
def test_login_link_request_and_participant_pages(page, scene, prefix, lang):
    maret = scene["maret"]
    page.goto(f"{prefix}/nettverk/min-side/logg-inn/")
    check(page, "participant-login", lang)
    page.locator("input[name=email]").fill("ikke en adresse")
    page.locator("form button[type=submit]").last.click()
    assert page.locator(".error-summary").is_visible()
    check(page, "participant-login-errors", lang)
    page.locator("input[name=email]").fill(maret.participant.email)
    page.locator("form button[type=submit]").last.click()
    check(page, "participant-link-sent", lang)

    open_login_link(page, maret.participant, prefix)
    check(page, "participant-link-confirm", lang)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/nettverk/min-side/")
    check(page, "participant-home", lang)

    base = f"{prefix}/nettverk/min-side/{SLUG}/"
    page.goto(base)
    assert page.get_by_text("Lysark fra oppstarten").is_visible()
    assert page.locator(f"a[href$='/{SLUG}/samlinger/3/evaluering/']").count() == 1
    check(page, "participant-network", lang)
    page.goto(base + "samlinger/3/mellomarbeid/")
    check(page, "participant-report", lang)
    page.locator("form button[type=submit]").last.click()  # empty: an error, announced
    assert page.locator(".error-summary").get_attribute("role") == "alert"
    check(page, "participant-report-errors", lang)
    page.goto(base + "samlinger/3/evaluering/")
    check(page, "participant-evaluation", lang)


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES, ids=["nb", "nn", "en"])
def test_coordinator_reports_and_evaluation_results(page, scene, prefix, lang):
    page.goto(f"{prefix}/koordinator/logg-inn/")
    page.locator("input[name=username]").fill("koordinator")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{prefix}/koordinator/")
    page.goto(f"{prefix}/koordinator/{SLUG}/samlinger/")
    check(page, "coordinator-sessions", lang)
    page.goto(f"{prefix}/koordinator/{SLUG}/samlinger/1/mellomarbeid/")
    assert page.get_by_text("Intervjuet 2 brukere.").is_visible()
    check(page, "coordinator-reports", lang)
    page.goto(f"{prefix}/koordinator/{SLUG}/evaluering/")
    assert page.locator("svg").count() >= 2 and page.locator("table").count() >= 2
    check(page, "coordinator-evaluation", lang)


def test_keyboard_only_participant_submits_a_work_report(page, scene):
    maret = scene["maret"]
    open_login_link(page, maret.participant)
    tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"] == "Logg inn", "Logg inn")
    page.keyboard.press("Enter")
    page.wait_for_url("**/nettverk/min-side/")

    tab_to(page, lambda e: e["href"] == f"/nettverk/min-side/{SLUG}/", "the network's page")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/nettverk/min-side/{SLUG}/")

    # The work due now: the report after session 3 (the link in "Mellomarbeid før samling 4").
    report_path = f"/nettverk/min-side/{SLUG}/samlinger/3/mellomarbeid/"
    tab_to(page, lambda e: e["href"] == report_path, "the work report")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{report_path}")

    tab_to(page, lambda e: e["tag"] == "TEXTAREA" and e["name"] == "text", "the report's text")
    page.keyboard.type("Intervjuet tre driftsoperatører. Behovet er oversikt, ikke sensorer.")
    tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"] == "Lagre rapporten", "Lagre")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/nettverk/min-side/{SLUG}/")

    assert page.get_by_text("Rapporten om mellomarbeidet er lagret.").is_visible()
    report = WorkReport.objects.get(enrollment=maret, session__number=3)
    assert report.text.startswith("Intervjuet tre driftsoperatører")
    assert_accessible(page, "participant-report-saved-nb")
