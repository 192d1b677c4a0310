"""The coordinator workspace on a phone (375 CSS pixels): wide tables say that they scroll
sideways, only where they do, and the attendance list fits without scrolling."""

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.conftest import assert_accessible
from tests.factories import EnrollmentFactory, LearningNetworkFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
SCROLLS = "box => box.scrollWidth > box.clientWidth"
LANGUAGES = [("", "nb"), ("/nn", "nn"), ("/en", "en")]


@pytest.fixture
def network():
    network = LearningNetworkFactory(
        name="IOA-nettverk Vestland, Rogaland og Agder", slug="ioa-vest", capacity=3
    )
    SessionFactory(network=network, number=1)
    for status in ["accepted", "pending", "waitlisted", "declined"]:
        EnrollmentFactory(network=network, status=status)
    return network


@pytest.fixture
def coordinator_page(page, live_server, network):
    """The browser page, signed in as a coordinator of the network."""
    user = UserFactory(username="koordinator")
    network.coordinators.add(user)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def _hint_shows_only_where_the_table_scrolls(page, hint_text: str) -> None:
    hint = page.get_by_text(hint_text)
    table = page.locator(".table-scroll")
    page.set_viewport_size(PHONE)
    assert table.evaluate(SCROLLS), "the table should need sideways scrolling at 375 px"
    assert hint.is_visible()
    page.set_viewport_size(DESKTOP)
    assert not table.evaluate(SCROLLS)
    assert not hint.is_visible()


@pytest.mark.parametrize(
    ("prefix", "hint"),
    [
        (
            "",
            "Rull sideveis for å se status, e-post og knappene Godkjenn, Venteliste, Avslå og "
            "Trukket.",
        ),
        (
            "/en",
            "Scroll sideways to see the status, email and the Accept, Waiting list, Decline and "
            "Withdrawn buttons.",
        ),
    ],
    ids=["nb", "en"],
)
def test_applications_table_tells_a_phone_user_it_scrolls(coordinator_page, network, prefix, hint):
    page = coordinator_page
    page.goto(f"{prefix}/koordinator/{network.slug}/")
    _hint_shows_only_where_the_table_scrolls(page, hint)
    # The region can be scrolled from the keyboard: it takes focus.
    assert page.locator(".table-scroll").get_attribute("tabindex") == "0"
    assert_accessible(page, f"coordinator-enrollments-narrow-{prefix.strip('/') or 'nb'}")


def test_network_overview_tells_a_phone_user_it_scrolls(coordinator_page, network):
    page = coordinator_page
    page.goto("/koordinator/")
    _hint_shows_only_where_the_table_scrolls(page, "Rull sideveis for å se alle kolonnene.")
    assert page.locator(".table-scroll").get_attribute("tabindex") == "0"


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES, ids=["nb", "nn", "en"])
def test_attendance_list_fits_a_phone(coordinator_page, network, prefix, lang):
    page = coordinator_page
    page.set_viewport_size(PHONE)
    page.goto(f"{prefix}/koordinator/{network.slug}/samlinger/1/oppmote/")
    assert page.locator("html").get_attribute("lang") == lang
    assert not page.locator(".table-scroll").evaluate(SCROLLS)
