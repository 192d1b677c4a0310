import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cases.models import Case, CaseBuyer, Contact
from networks.models import Enrollment, LearningNetwork, Organization
from networks.validators import org_number_is_valid
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_demo_data_is_rich_idempotent_and_fast_the_second_time(settings, client):
    settings.DEBUG = True
    call_command("load_demo_data", stdout=None)
    cases = Case.objects.filter(is_demo=True)
    assert cases.count() >= 30
    assert cases.filter(is_published=True).count() == cases.count()
    assert cases.values("region").distinct().count() == 15  # every county of 2024
    assert cases.values("sectors").distinct().count() >= 9
    assert cases.values("phase").distinct().count() == 6
    assert Contact.objects.filter(is_fictitious=False).count() == 0
    assert all(
        org_number_is_valid(n)
        for n in Organization.objects.exclude(org_number="").values_list("org_number", flat=True)
    )
    assert CaseBuyer.objects.filter(is_lead=True).count() == cases.count()
    gjesdal = Case.objects.get(slug="forerlose-busser-gjesdal")
    assert "Gjesdal kommune" in gjesdal.search_names
    nt = Case.objects.get(slug="velferdsteknologi-fem-kommuner-nord-trondelag")
    assert nt.buyers.count() == 5 and nt.origin_network.status == LearningNetwork.Status.FINISHED
    statuses = {n.slug: n.status for n in LearningNetwork.objects.all()}
    assert statuses["ioa-vest-rogaland-agder"] == LearningNetwork.Status.OPEN
    assert LearningNetwork.Status.UPCOMING in statuses.values()
    assert all(n.sessions.count() >= 4 for n in LearningNetwork.objects.all())
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    # The editor sees the admin as editors do: cases, not participants.
    redaktor = users.get(username="redaktor")
    assert redaktor.check_password("redaktor") and not redaktor.is_superuser
    assert redaktor.has_perm("cases.change_case")
    assert not redaktor.has_perm("networks.view_participant")
    koordinator = users.get(username="koordinator")
    assert koordinator.check_password("koordinator")
    # The open network, and the network under way with the demo participant (Min side).
    assert sorted(koordinator.coordinated_networks.values_list("slug", flat=True)) == [
        "ioa-innlandet-demo",
        "ioa-vest-rogaland-agder",
    ]

    counts = (Case.objects.count(), Organization.objects.count(), Contact.objects.count())
    with CaptureQueriesContext(connection) as queries:
        call_command("load_demo_data", stdout=None)
    # 10, one to see that the running demo network exists, two for the demo editor
    assert len(queries) <= 13
    call_command("load_demo_data", "--refresh", stdout=None)
    assert (Case.objects.count(), Organization.objects.count(), Contact.objects.count()) == counts

    html = client.get(gjesdal.get_absolute_url()).content.decode()
    assert "Demo" in html and "Fiktiv person" in html

    # The demo coordinator has applications to decide, and none of them shows publicly.
    client.force_login(koordinator)
    workspace = client.get("/koordinator/ioa-vest-rogaland-agder/?status=pending")
    assert "Per Demo Nilsen" in workspace.content.decode()
    client.logout()
    public = client.get("/nettverk/ioa-vest-rogaland-agder/").content.decode()
    assert "Demo Nilsen" not in public


def test_no_demo_logins_without_debug(settings):
    settings.DEBUG = False
    call_command("load_demo_data", stdout=None)
    assert not get_user_model().objects.filter(username__in=["admin", "koordinator"]).exists()
    assert not Enrollment.objects.exists()


@pytest.mark.parametrize(
    ("prefix", "named"), [("", "«Demo»"), ("/nn", "«Demo»"), ("/en", "“Demo”")]
)
def test_a_demo_case_wears_the_badge_the_about_page_names_wherever_it_is_shown(
    client, prefix, named
):
    case = CaseFactory(title="Smart matlevering", is_demo=True)
    pages = {
        "about": "/om/",
        "front page card": "/",
        "search result card": "/anskaffelser/",
        "case page": case.get_absolute_url(),
    }
    html = {name: client.get(prefix + path).content.decode() for name, path in pages.items()}
    translation.activate("nb")  # the requests left their language active in this thread
    assert named in html.pop("about")
    for name, page in html.items():
        assert '<span class="badge badge-demo">Demo</span>' in page, name


@pytest.mark.django_db
def test_the_running_demo_network_meets_online_once_and_in_hamar_otherwise(settings):
    settings.DEBUG = True  # the running network comes with the demo logins
    call_command("load_demo_data", stdout=None)
    network = LearningNetwork.objects.get(slug="ioa-innlandet-demo")
    sessions = {s.number: (s.place, s.online_url) for s in network.sessions.all()}
    assert sessions[2][0] == "" and sessions[2][1].startswith("https://")
    assert all(
        place == "Hamar, Scandic Ringsaker" and not url
        for n, (place, url) in sessions.items()
        if n != 2
    )
