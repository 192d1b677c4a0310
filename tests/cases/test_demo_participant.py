"""The demo participant (issue 21): with DEBUG on, load_demo_data makes a network under way
with invented participants, and `make run` prints a one-time login link to Min side for
one of them (`manage.py demo_participant_link`) — never without DEBUG."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from cases import from_networks
from cases.demo import running
from cases.management.commands.load_demo_data import Command as LoadDemoData
from networks.models import (
    Enrollment,
    LearningNetwork,
    ParticipantLoginToken,
    SessionEvaluation,
    WorkReport,
)

pytestmark = pytest.mark.django_db
SLUG = running.RUNNING_NETWORK_SLUG


def demo_logins() -> None:
    """The DEBUG-only part of load_demo_data (the cases and the other networks are not
    needed here, and loading them embeds every case)."""
    LoadDemoData(stdout=io.StringIO())._ensure_demo_users()


def printed_link(base_url="http://127.0.0.1:8000") -> str:
    out = io.StringIO()
    call_command("demo_participant_link", "--base-url", base_url, stdout=out)
    return out.getvalue()


def test_make_run_prints_a_link_that_opens_min_side_once(client, settings):
    settings.DEBUG = True
    demo_logins()
    output = printed_link()
    assert "Máret Demo Sara" in output
    url = re.search(r"http://127\.0\.0\.1:8000(/\S+)", output).group(1)
    assert client.get(url).status_code == 200  # the button page; the link is not used yet
    assert client.post(url)["Location"] == reverse("networks:participant_home")
    home = client.get(reverse("networks:participant_home")).content.decode()
    assert "Læringsnettverk for innovative anskaffelser i Innlandet (demo)" in home
    assert client.post(url).status_code == 410  # once


def test_the_demo_participant_has_sessions_materials_work_and_an_open_evaluation(client, settings):
    settings.DEBUG = True
    demo_logins()
    url = re.search(r"http://testserver(/\S+)", printed_link("http://testserver")).group(1)
    client.post(url)
    page = client.get(reverse("networks:participant_network", args=[SLUG])).content.decode()
    for title in ("Oppstart: egne utfordringer", "Konkurranseform og veien videre"):
        assert title in page
    assert "Lysark fra oppstarten" in page and "/nettverk/min-side/materiell/" in page
    assert reverse("networks:participant_evaluation", args=[SLUG, 4]) in page
    assert reverse("networks:participant_evaluation", args=[SLUG, 1]) not in page  # answered
    assert reverse("networks:participant_certificate", args=[SLUG]) in page
    assert client.get(reverse("networks:participant_evaluation", args=[SLUG, 4])).status_code == 200
    report = client.get(reverse("networks:participant_report", args=[SLUG, 4]))
    assert report.status_code == 200
    # A participant-only file opens through its signed address.
    material = re.search(r'href="(/nettverk/min-side/materiell/[^"]+)"', page).group(1)
    response = client.get(material)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_coordinator_has_reports_results_and_a_challenge_to_propose(client, settings):
    settings.DEBUG = True
    demo_logins()
    network = LearningNetwork.objects.get(slug=SLUG)
    assert network.status == LearningNetwork.Status.RUNNING and network.has_reached_end()
    client.force_login(get_user_model().objects.get(username="koordinator"))
    reports = client.get(reverse("coordinator:reports", args=[SLUG, 2])).content.decode()
    assert "Intervjuet fire driftsoperatører" in reports
    results = client.get(reverse("coordinator:evaluation", args=[SLUG])).content.decode()
    assert "<svg" in results
    # Five answers or more to the first three sessions, four to the last (hers makes five).
    counts = [SessionEvaluation.objects.filter(session=s).count() for s in network.sessions.all()]
    assert counts == [6, 6, 6, 4]
    consenting = Enrollment.objects.get(network=network, case_consent_at__isnull=False)
    assert from_networks.problem(consenting) is None


def test_loading_again_changes_nothing(settings):
    settings.DEBUG = True
    demo_logins()
    before = (Enrollment.objects.count(), WorkReport.objects.count())
    demo_logins()
    assert (Enrollment.objects.count(), WorkReport.objects.count()) == before
    assert LearningNetwork.objects.filter(slug=SLUG).count() == 1


def test_no_demo_participant_and_no_link_without_debug(settings):
    settings.DEBUG = False
    demo_logins()
    assert not LearningNetwork.objects.filter(slug=SLUG).exists()
    output = printed_link()
    assert "http" not in output and "DJANGO_DEBUG is off" in output
    assert not ParticipantLoginToken.objects.exists()
