"""The learning-network pages in Chromium: applying with the keyboard alone, errors that
are announced, and the coordinator workspace — with axe-core on each page in nb, nn, en."""

import pytest

from networks.models import Enrollment
from tests.browser.conftest import assert_accessible
from tests.factories import (
    EnrollmentFactory,
    LearningNetworkFactory,
    OrganizationFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LANGUAGES = [("", "nb"), ("/nn", "nn"), ("/en", "en")]


@pytest.fixture
def network():
    OrganizationFactory(name="Askøy kommune")
    network = LearningNetworkFactory(
        name="IOA-nettverk Vestland, Rogaland og Agder", slug="ioa-vest", capacity=3
    )
    for number in range(1, 4):
        SessionFactory(network=network, number=number, title=f"Samling {number}")
    for status in ["accepted", "pending", "pending", "waitlisted"]:
        EnrollmentFactory(network=network, status=status)
    coordinator = UserFactory(username="koordinator", password="hemmelig-passord-1")
    network.coordinators.add(coordinator)
    return network


def _keyboard_fill(page, answers: dict[str, str], submit_text: str) -> None:
    """Tab through the form, typing answers; Space ticks boxes; Enter on the submit button."""
    visited = []
    for _ in range(80):
        page.keyboard.press("Tab")
        element = page.evaluate(
            """() => { const el = document.activeElement;
                       return {tag: el.tagName, name: el.name || '', type: el.type || '',
                               text: (el.textContent || '').trim(),
                               outline: getComputedStyle(el).outlineStyle}; }"""
        )
        visited.append(f"{element['tag']}:{element['name']}:{element['text'][:15]}")
        if element["tag"] in {"INPUT", "TEXTAREA", "SELECT", "BUTTON"}:
            assert element["outline"] != "none", f"focus is invisible on {element}"
        if element["tag"] == "BUTTON" and element["text"] == submit_text:
            page.keyboard.press("Enter")
            return
        value = answers.get(element["name"])
        if value is None:
            continue
        if element["type"] == "checkbox":
            page.keyboard.press("Space")
        elif element["tag"] == "SELECT":
            # Arrow keys change a closed select's choice without opening it.
            steps = page.evaluate(
                "(text) => [...document.activeElement.options]"
                ".findIndex(o => o.text.includes(text))",
                value,
            )
            for _ in range(steps):
                page.keyboard.press("ArrowDown")
        else:
            page.keyboard.type(value)
    pytest.fail(f"the button {submit_text!r} cannot be reached with Tab: {visited}")


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES, ids=["nb", "nn", "en"])
def test_application_form_empty_with_errors_and_receipt(page, network, prefix, lang):
    page.goto(f"{prefix}/nettverk/{network.slug}/pamelding/")
    assert_accessible(page, f"apply-empty-{lang}")
    # Send the empty form: the error summary is announced (role=alert) and names the fields.
    page.locator("form button[type=submit]").last.click()
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert summary.is_visible()
    assert_accessible(page, f"apply-errors-{lang}")


def test_application_with_the_keyboard_alone_reaches_the_receipt(page, network):
    page.goto(f"/nettverk/{network.slug}/pamelding/")
    _keyboard_fill(
        page,
        {
            "name": "Kari Nordmann",
            "email": "kari.nordmann@askoy.kommune.no",
            "job_title": "Innkjøpsrådgiver",
            "organization": "Askøy",
            "challenge": "Vi vil kjøpe velferdsteknologi sammen med nabokommunene.",
            "consent": "on",
        },
        submit_text="Send søknaden",
    )
    page.wait_for_url(f"**/nettverk/{network.slug}/pamelding/kvittering/**")
    assert Enrollment.objects.filter(participant__email="kari.nordmann@askoy.kommune.no").exists()
    assert_accessible(page, "apply-receipt-nb")


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES, ids=["nb", "nn", "en"])
def test_coordinator_login_and_workspace_pages(page, network, prefix, lang):
    page.goto(f"{prefix}/koordinator/logg-inn/")
    assert_accessible(page, f"coordinator-login-{lang}")
    page.locator("input[name=username]").fill("koordinator")
    page.locator("input[name=password]").fill("hemmelig-passord-1")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{prefix}/koordinator/")
    assert_accessible(page, f"coordinator-overview-{lang}")
    for name, path in [
        ("enrollments", f"{prefix}/koordinator/{network.slug}/"),
        ("register", f"{prefix}/koordinator/{network.slug}/ny-deltaker/"),
        ("attendance", f"{prefix}/koordinator/{network.slug}/samlinger/1/oppmote/"),
    ]:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == lang
        assert_accessible(page, f"coordinator-{name}-{lang}")
