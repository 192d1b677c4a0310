"""From challenge to case (issue 21): the participant consents on Min side, the coordinator
proposes the challenge at the end of the network, an editor publishes the case, and the
case page and the network page show where it came from."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from cases import from_networks
from cases.models import Case
from networks import participants
from networks.models import Region, WorkReport
from tests.factories import AttendanceFactory, EnrollmentFactory, SessionFactory


@pytest.fixture
def ended_sessions(network_a):
    start = timezone.now() - datetime.timedelta(days=30)
    return [
        SessionFactory(
            network=network_a,
            number=n,
            title=f"Tema {n}",
            starts_at=start + datetime.timedelta(days=10 * n),
        )
        for n in (1, 2)
    ]


@pytest.fixture
def consenting(network_a, ended_sessions):
    enrollment = EnrollmentFactory(
        network=network_a,
        status="accepted",
        challenge="Digitalt nattilsyn uten å låse oss til én leverandør.\n\nMer om behovet.",
        case_consent_at=timezone.now(),
    )
    for session in ended_sessions:
        AttendanceFactory(enrollment=enrollment, session=session, present=True)
    WorkReport.objects.create(enrollment=enrollment, session=ended_sessions[1], text="Dialog.")
    WorkReport.objects.create(enrollment=enrollment, session=ended_sessions[0], text="Kartla.")
    return enrollment


def login_as(client, participant):
    link = participants.issue_link(participant)
    assert client.post(reverse("networks:participant_link", args=[link.signed])).status_code == 302


def consent_url(slug="nettverk-a"):
    return reverse("networks:participant_case_consent", args=[slug])


def propose_url(enrollment, slug="nettverk-a"):
    return reverse("cases:propose_from_network", args=[slug, enrollment.pk])


# --- Consent on Min side ----------------------------------------------------------------


def test_participant_gives_and_withdraws_consent(client, network_a, ended_sessions):
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    login_as(client, enrollment.participant)
    page = client.get(reverse("networks:participant_network", args=["nettverk-a"]))
    assert "Jeg samtykker" in page.content.decode()
    response = client.post(consent_url(), {"consent": "1"})
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.case_consent_at is not None
    page = client.get(reverse("networks:participant_network", args=["nettverk-a"]))
    assert "Trekk samtykket" in page.content.decode()
    assert client.post(consent_url(), {"consent": "0"}).status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.case_consent_at is None


@pytest.mark.parametrize("data", [{}, {"consent": "ja"}, {"consent": "2"}])
def test_bad_consent_value_is_400(client, network_a, ended_sessions, data):
    enrollment = EnrollmentFactory(network=network_a, status="accepted")
    login_as(client, enrollment.participant)
    assert client.post(consent_url(), data).status_code == 400
    enrollment.refresh_from_db()
    assert enrollment.case_consent_at is None


def test_consent_needs_a_challenge_and_a_place(client, network_a, ended_sessions):
    without = EnrollmentFactory(network=network_a, status="accepted", challenge="")
    login_as(client, without.participant)
    assert client.post(consent_url(), {"consent": "1"}).status_code == 400
    waiting = EnrollmentFactory(network=network_a, status="waitlisted")
    login_as(client, waiting.participant)
    assert client.post(consent_url(), {"consent": "1"}).status_code == 404


def test_consent_is_only_for_own_network_and_by_post(client, consenting, network_b):
    other = EnrollmentFactory(network=network_b, status="accepted")
    login_as(client, other.participant)
    assert client.post(consent_url("nettverk-a"), {"consent": "0"}).status_code == 404
    assert client.get(consent_url("nettverk-b")).status_code == 405
    consenting.refresh_from_db()
    assert consenting.case_consent_at is not None


def test_consent_cannot_be_withdrawn_after_the_proposal(client, consenting):
    from_networks.propose_case(consenting)
    login_as(client, consenting.participant)
    page = client.get(reverse("networks:participant_network", args=["nettverk-a"]))
    assert "foreslo utfordringen din" in page.content.decode()
    assert client.post(consent_url(), {"consent": "0"}).status_code == 409


# --- The proposal -------------------------------------------------------------------------


def test_propose_case_carries_the_challenge_over(consenting):
    case = from_networks.propose_case(consenting)
    assert not case.is_published
    assert case.source == Case.Source.NETWORK
    assert case.need == consenting.challenge
    # The first line of the challenge, as a title: without its full stop.
    assert case.title == "Digitalt nattilsyn uten å låse oss til én leverandør"
    # Reports in session order, whichever was written first.
    assert case.approach.index("Kartla.") < case.approach.index("Dialog.")
    assert "Samling 1: Tema 1" in case.approach
    assert case.lead_buyer == consenting.participant.organization
    assert case.region == consenting.participant.organization.region
    assert case.origin_network == consenting.network
    assert case.submission.email == consenting.participant.email
    assert case.submission.consent_at == consenting.case_consent_at
    consenting.refresh_from_db()
    assert consenting.case_proposed_at is not None
    with pytest.raises(from_networks.ProposalError) as error:
        from_networks.propose_case(consenting)
    assert error.value.reason == "already"


def test_region_falls_back_to_the_networks_only_county(consenting):
    organization = consenting.participant.organization
    organization.region = None
    organization.save()
    region = Region.objects.get(number="50")
    consenting.network.regions.set([region])
    assert from_networks.propose_case(consenting).region == region


def test_coordinator_proposes_and_editor_publishes(
    client, consenting, coordinator_a, editor, network_a
):
    client.force_login(coordinator_a)
    overview = client.get(reverse("coordinator:sessions", args=["nettverk-a"]))
    assert propose_url(consenting) in overview.content.decode()
    response = client.post(propose_url(consenting))
    assert response.status_code == 302
    assert response["Location"].endswith("#forslag")
    case = Case.objects.get(origin_network=network_a)
    # Unpublished: not on the network page, not open to the public.
    client.logout()
    assert case.title not in client.get(network_a.get_absolute_url()).content.decode()
    assert client.get(case.get_absolute_url()).status_code == 404
    # The editor publishes it in the admin, as any submitted case.
    client.force_login(editor)
    changelist = client.get(reverse("admin:cases_case_changelist") + "?kilde=nettverk")
    assert case.title in changelist.content.decode()
    response = client.post(
        reverse("admin:cases_case_changelist"),
        {"action": "publish", "_selected_action": [case.pk]},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_published
    client.logout()
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Nettverk A" in page and network_a.get_absolute_url() in page
    assert case.title in client.get(network_a.get_absolute_url()).content.decode()


def test_second_proposal_and_unready_cases_are_409(
    client, consenting, coordinator_a, network_a, ended_sessions
):
    client.force_login(coordinator_a)
    assert client.post(propose_url(consenting)).status_code == 302
    again = client.post(propose_url(consenting))
    assert again.status_code == 409
    assert "allerede foreslått" in again.content.decode()
    no_consent = EnrollmentFactory(network=network_a, status="accepted")
    assert client.post(propose_url(no_consent)).status_code == 409
    assert Case.objects.filter(origin_network=network_a).count() == 1


def test_not_before_the_last_session(client, consenting, coordinator_a, network_a):
    SessionFactory(network=network_a, number=3, starts_at=timezone.now() + datetime.timedelta(7))
    client.force_login(coordinator_a)
    overview = client.get(reverse("coordinator:sessions", args=["nettverk-a"])).content.decode()
    assert propose_url(consenting) not in overview
    response = client.post(propose_url(consenting))
    assert response.status_code == 409
    assert "siste samlingen" in response.content.decode()


def test_other_coordinators_and_tampered_ids_get_404(
    client, consenting, coordinator_b, coordinator_a, network_b
):
    client.force_login(coordinator_b)
    assert client.post(propose_url(consenting)).status_code == 404
    other = EnrollmentFactory(network=network_b, status="accepted", case_consent_at=timezone.now())
    client.force_login(coordinator_a)
    # Another network's enrollment through this network's address.
    assert client.post(propose_url(other)).status_code == 404
    missing = "/anskaffelser/fra-nettverk/nettverk-a/pameldinger/999999/"
    assert client.post(missing).status_code == 404
    assert client.get(propose_url(consenting)).status_code == 405
    assert not Case.objects.exists()


def test_csrf_is_required(consenting, coordinator_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator_a)
    assert client.post(propose_url(consenting)).status_code == 403
    assert not Case.objects.exists()


# --- The editors' email -------------------------------------------------------------------


def test_editors_are_emailed_of_a_proposal_as_of_a_shared_case(
    client, consenting, coordinator_a, editor, network_a, mailoutbox
):
    editor.email = "redaksjonen@example.no"
    editor.save()
    client.force_login(coordinator_a)
    assert client.post(propose_url(consenting)).status_code == 302
    case = Case.objects.get(origin_network=network_a)
    [message] = mailoutbox
    assert message.to == ["redaksjonen@example.no"]
    assert message.subject == f"Forslag fra læringsnettverk: {case.title}"
    assert "Nettverk A" in message.body and case.submission.reference in message.body
    assert f"http://testserver/admin/cases/case/{case.pk}/change/" in message.body
    assert "?kilde=nettverk" in message.body
    # The participant's contact stays in the admin, out of the email.
    participant = consenting.participant
    assert participant.email not in message.body and participant.name not in message.body


def test_the_editors_email_is_queued_with_the_proposal(
    client, consenting, coordinator_a, network_a, settings, mailoutbox
):
    settings.IOA_JOBS_EAGER = False
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_events CASCADE")
    client.force_login(coordinator_a)
    assert client.post(propose_url(consenting)).status_code == 302
    case = Case.objects.get(origin_network=network_a)
    job = ProcrastinateJob.objects.get()
    assert (job.task_name, job.queue_name) == ("cases.notify_editors_of_network_proposal", "emails")
    assert job.args == {"case_pk": case.pk, "base_url": "http://testserver"}
    assert mailoutbox == []
    # A refused second proposal queues nothing.
    assert client.post(propose_url(consenting)).status_code == 409
    assert ProcrastinateJob.objects.count() == 1


@pytest.mark.parametrize(
    ("challenge", "title"),
    [
        ("Færre fall hos eldre.\nMer tekst.", "Færre fall hos eldre"),
        ("Hvordan når vi ungdom?", "Hvordan når vi ungdom?"),
        ("Vi vet ikke helt ...", "Vi vet ikke helt ..."),
        (".", "Utfordring fra læringsnettverk"),
    ],
)
def test_a_proposed_cases_title_is_the_challenges_first_line_without_its_full_stop(
    challenge, title
):
    assert from_networks._title(challenge) == title
