"""Following a search by email with the keyboard alone, in Chromium: from the search page's
form to the receipt, then from the link in the email to the button that starts the alert.
Every element Tab reaches on the way shows its focus; the pages pass axe."""

import pytest

from cases import alerts
from cases.models import Alert
from tests.browser.conftest import assert_accessible, tab_to
from tests.browser.scenery import build_scenery

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The machine running the tests may be busy: give the browser time.
TIMEOUT_MS = 60_000


@pytest.fixture
def keyboard_page(page):
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return page


def test_keyboard_only_alert_from_the_search_to_the_started_alert(keyboard_page):
    build_scenery()
    page = keyboard_page
    page.goto("/anskaffelser/?q=kommune")

    tab_to(page, lambda e: e["name"] == "email", "the email address")
    page.keyboard.type("ola@kommune.example")
    tab_to(page, lambda e: e["name"] == "frequency", "how often")
    page.keyboard.press("ArrowUp")  # weekly is chosen; up is daily
    tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"] == "Få e-post", "Få e-post")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Sjekk e-posten din"
    assert_accessible(page, "alert-receipt-nb")
    alert = Alert.objects.get(email="ola@kommune.example")
    assert alert.frequency == Alert.Frequency.DAILY and alert.confirmed_at is None

    # The link in the email shows the search and a button; only the button starts it.
    page.goto(f"/anskaffelser/varsel/bekreft/{alerts.confirm_token(alert)}/")
    assert page.locator("h1").inner_text() == "Start varselet"
    assert "kommune" in page.locator("main").inner_text()
    assert_accessible(page, "alert-confirm-nb")
    alert.refresh_from_db()
    assert alert.confirmed_at is None
    tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"] == "Start varselet", "the button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Varselet er startet"
    alert.refresh_from_db()
    assert alert.confirmed_at is not None


@pytest.mark.parametrize(
    ("prefix", "heading"), [("/nn", "Start varselet"), ("/en", "Start the alert")]
)
def test_the_confirmation_page_in_nynorsk_and_english_passes_axe(keyboard_page, prefix, heading):
    build_scenery()
    alert = alerts.subscribe("kari@kommune.example", "q=kommune", "weekly", language="en")
    page = keyboard_page
    page.goto(f"{prefix}/anskaffelser/varsel/bekreft/{alerts.confirm_token(alert)}/")
    assert page.locator("h1").inner_text() == heading
    assert_accessible(page, f"alert-confirm-{prefix.strip('/')}")
