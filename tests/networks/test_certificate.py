"""Certificates of participation (issue 21): at or above the network's attendance threshold
a participant downloads a PDF from Min side, in the page's language; below it, 403."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from networks import certificates, participants
from tests.factories import AttendanceFactory, EnrollmentFactory, SessionFactory


@pytest.fixture
def four_sessions(network_a):
    start = timezone.now() - datetime.timedelta(days=50)
    sessions = [
        SessionFactory(
            network=network_a,
            number=n,
            title=f"Behov og marked {n}",
            starts_at=start + datetime.timedelta(days=10 * n),
        )
        for n in (1, 2, 3, 4)
    ]
    # One still to come: not counted as held.
    SessionFactory(network=network_a, number=5, starts_at=timezone.now() + datetime.timedelta(9))
    return sessions


def enrolled(network, sessions, present, **kwargs):
    enrollment = EnrollmentFactory(network=network, status="accepted", **kwargs)
    for session in sessions[:present]:
        AttendanceFactory(enrollment=enrollment, session=session, present=True)
    for session in sessions[present:]:
        AttendanceFactory(enrollment=enrollment, session=session, present=False)
    return enrollment


def login_as(client, participant):
    link = participants.issue_link(participant)
    assert client.post(reverse("networks:participant_link", args=[link.signed])).status_code == 302


def url(prefix=""):
    return prefix + reverse("networks:participant_certificate", args=["nettverk-a"])


def pdf_text(content: bytes) -> str:
    """The text a PDF reader extracts (through the embedded font's Unicode map)."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_at_the_threshold_the_pdf_lists_the_sessions_attended(client, network_a, four_sessions):
    enrollment = enrolled(network_a, four_sessions, 3, participant__name="Åse Ørsta")
    login_as(client, enrollment.participant)
    page = client.get(reverse("networks:participant_network", args=["nettverk-a"]))
    assert url() in page.content.decode()
    response = client.get(url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Kursbevis" in text and "Nettverk A" in text
    assert "Til stede p" in text and "3 av 4" in text
    assert "Behov og marked 3" in text and "Behov og marked 4" not in text


def test_english_certificate(client, network_a, four_sessions):
    enrollment = enrolled(network_a, four_sessions, 4)
    login_as(client, enrollment.participant)
    response = client.get(url("/en"))
    assert response.status_code == 200
    text = pdf_text(response.content)
    # The English catalogue may lag behind: the English words or the bokmål ones, never none.
    assert "Certificate" in text or "Kursbevis" in text


def test_below_the_threshold_no_link_and_403(client, network_a, four_sessions):
    enrollment = enrolled(network_a, four_sessions, 2)
    login_as(client, enrollment.participant)
    page = client.get(reverse("networks:participant_network", args=["nettverk-a"]))
    assert url() not in page.content.decode()
    response = client.get(url())
    assert response.status_code == 403
    assert "2 av 4" in response.content.decode()


def test_threshold_is_per_network(client, network_a, four_sessions):
    network_a.certificate_threshold = 50
    network_a.save()
    enrollment = enrolled(network_a, four_sessions, 2)
    login_as(client, enrollment.participant)
    assert client.get(url()).status_code == 200


def test_not_accepted_or_no_sessions_held_is_403(client, network_a, network_b, four_sessions):
    waiting = enrolled(network_a, four_sessions, 4)
    waiting.status = "withdrawn"
    waiting.save()
    login_as(client, waiting.participant)
    assert client.get(url()).status_code == 403
    fresh = EnrollmentFactory(network=network_b, status="accepted")
    assert not certificates.is_eligible(fresh)


def test_other_networks_certificate_is_404_and_anonymous_goes_to_login(
    client, network_a, network_b, four_sessions
):
    enrolled(network_a, four_sessions, 4)
    response = client.get(url())
    assert response.status_code == 302 and "logg-inn" in response["Location"]
    other = EnrollmentFactory(network=network_b, status="accepted")
    login_as(client, other.participant)
    assert client.get(url()).status_code == 404
    bad = reverse("networks:participant_certificate", args=["finnes-ikke"])
    assert client.get(bad).status_code == 404


def test_sami_and_other_non_latin1_names_are_printed_as_written(network_a, four_sessions):
    enrollment = enrolled(network_a, four_sessions, 4, participant__name="Máret Áile Ŋuolja Čorgi")
    network_a.name = "Čálliid Ŧeaŧŧa – Đuoŧŧa, Žiibo og Šállá"
    network_a.save()
    organization = enrollment.participant.organization
    organization.name = "Guovdageainnu suohkan / Kautokeino kommune"
    organization.save()
    record = certificates.attendance(enrollment)
    content = certificates.render_pdf(enrollment, record)
    reader = PdfReader(io.BytesIO(content))
    text = pdf_text(content)
    assert "Máret Áile Ŋuolja Čorgi" in text
    assert "Čálliid Ŧeaŧŧa – Đuoŧŧa, Žiibo og Šállá" in text
    assert "Guovdageainnu suohkan / Kautokeino kommune" in text
    # The font is embedded (a reader needs none of its own) and it is not Helvetica.
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].get_object().values()
    }
    assert fonts and all("SourceSansPro" in name for name in fonts)
    assert reader.metadata.title == "Kursbevis"


def test_a_letter_the_font_lacks_is_written_without_its_accent(network_a, four_sessions):
    # Skolt Sami ǥ and ǩ are not in the font: ǩ keeps its base letter, ǥ becomes "?".
    enrollment = enrolled(network_a, four_sessions, 4, participant__name="Ǩiõrâ Ǥuõll")
    text = pdf_text(certificates.render_pdf(enrollment, certificates.attendance(enrollment)))
    assert "Kiõrâ ?uõll" in text
