"""Issue 19 with the keyboard alone, in Chromium: a municipality posts a need on /behov/ from
the board to the receipt, and reports that it reused a case from the case page to the
receipt. Every element Tab reaches on the way shows its focus; the receipts pass axe."""

import pytest
from django.core import mail

from cases.models import Need, Reuse
from networks.models import Region
from tests.browser.conftest import FOCUS, assert_accessible, tab_to
from tests.browser.scenery import build_scenery
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The machine running the tests may be busy: give the browser time.
TIMEOUT_MS = 60_000


@pytest.fixture
def scenery():
    scenery = build_scenery()
    scenery["sandnes"] = OrganizationFactory(
        name="Sandnes kommune", region=Region.objects.get(number="11")
    )
    return scenery


@pytest.fixture
def keyboard_page(page):
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return page


def field(name: str):
    return lambda e: e["name"] == name


def test_keyboard_only_need_from_the_board_to_the_receipt(keyboard_page, scenery):
    page = keyboard_page
    page.goto("/behov/")

    tab_to(page, lambda e: e["href"] == "/behov/nytt/", "Meld et behov")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Meld et behov"

    tab_to(page, field("title"), "the title")
    page.keyboard.type("Digitalt nattilsyn i hjemmetjenesten")
    tab_to(page, field("text"), "the need")
    page.keyboard.type("Nattevaktene kjører mye mellom brukerne.")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Vi vil kjøpe sammen med nabokommunene.")
    # The phases are radio buttons: Tab enters the group, the arrow keys choose.
    tab_to(page, field("phase"), "the phase")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUS)["value"] == "behovsavklaring"
    tab_to(page, field("market_year"), "the year")
    page.keyboard.type("2027")
    tab_to(page, field("sector"), "the sector")
    page.keyboard.type("Helse")
    tab_to(page, field("region"), "the county")
    page.keyboard.type("Rogaland")
    tab_to(page, field("open_to_joint"), "joint procurement")
    page.keyboard.press("Space")
    tab_to(page, field("organization"), "the body")
    page.keyboard.type("Sandnes kommune")
    tab_to(page, field("contact_name"), "the name")
    page.keyboard.type("Sara Sandnes")
    tab_to(page, field("contact_email"), "the email address")
    page.keyboard.type("sara@sandnes.example")
    tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"] == "Send", "Send")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith("/behov/sendt/"), page.locator("main").inner_text()
    assert page.locator("h1").inner_text() == "Sjekk e-posten din"
    need = Need.objects.get(title="Digitalt nattilsyn i hjemmetjenesten")
    assert need.status == Need.Status.UNCONFIRMED
    assert need.text == (
        "Nattevaktene kjører mye mellom brukerne.\n\nVi vil kjøpe sammen med nabokommunene."
    )
    assert (need.phase, need.market_year, need.open_to_joint) == ("behovsavklaring", 2027, True)
    assert need.sector.name == "Helse og omsorg"
    assert need.region.name == "Rogaland"
    assert need.organization == scenery["sandnes"]
    assert need.contact_email == "sara@sandnes.example" and not need.show_contact
    assert [m.to for m in mail.outbox if need.title in m.body] == [["sara@sandnes.example"]]
    assert_accessible(page, "need-sent-keyboard-nb")


def test_keyboard_only_reuse_report_from_the_case_page_to_the_receipt(keyboard_page, scenery):
    page = keyboard_page
    case = scenery["welfare"]
    page.goto(case.get_absolute_url())

    report_path = f"{case.get_absolute_url()}gjenbruk/"
    tab_to(page, lambda e: e["href"] == report_path, "the reuse link", limit=150)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Vi har tatt i bruk denne løsningen"

    tab_to(page, field("organization"), "the body")
    page.keyboard.type("Sandnes kommune")
    # How: radio buttons; the arrow keys move from the first choice to "Tilpasset løsningen".
    tab_to(page, field("how"), "how")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUS)["value"] == "tilpasset"
    tab_to(page, field("year"), "the year")
    page.keyboard.type("2025")
    tab_to(page, field("sentence"), "the sentence")
    page.keyboard.type("Vi tilpasset løsningen til omsorgsboligene.")
    tab_to(page, field("contact_name"), "the name")
    page.keyboard.type("Sara Sandnes")
    tab_to(page, field("contact_email"), "the email address")
    page.keyboard.type("sara@sandnes.example")
    tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"] == "Send", "Send")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith(f"{report_path}sendt/"), page.locator("main").inner_text()
    assert page.locator("h1").inner_text() == "Sjekk e-posten din"
    reuse = Reuse.objects.get(organization=scenery["sandnes"])
    assert (reuse.case, reuse.how, reuse.year) == (case, "tilpasset", 2025)
    assert reuse.status == Reuse.Status.UNCONFIRMED
    assert reuse.sentence == "Vi tilpasset løsningen til omsorgsboligene."
    assert [m.to for m in mail.outbox if "/gjenbruk/bekreft/" in m.body] == [
        ["sara@sandnes.example"]
    ]
    assert_accessible(page, "reuse-sent-keyboard-nb")


FORMS = {
    "reuse-form": lambda s: s["welfare"].get_absolute_url() + "gjenbruk/",
    "need-new": lambda s: "/behov/nytt/",
    "need-interest": lambda s: f"/behov/{s['need'].pk}/samme-behov/",
}


@pytest.mark.parametrize("prefix", ["", "/nn", "/en"], ids=["nb", "nn", "en"])
def test_issue_19_forms_sent_empty_show_their_errors_accessibly(keyboard_page, scenery, prefix):
    """Each public form of issue 19 sent empty: the error summary links every error to its
    field, every field says what is wrong, and the page passes axe and reflows."""
    page = keyboard_page
    lang = prefix.strip("/") or "nb"
    for name, path_of in FORMS.items():
        page.goto(prefix + path_of(scenery))
        with page.expect_navigation():
            page.locator("main form.submit-form button[type=submit]").click()
        assert page.locator("html").get_attribute("lang") == lang
        summary = page.locator(".error-summary")
        assert summary.count() == 1, f"{name}: no error summary"
        links = summary.locator("a")
        assert links.count() >= 2, f"{name}: {summary.inner_text()}"
        for href in links.evaluate_all("(links) => links.map(a => a.getAttribute('href'))"):
            assert page.locator(href).count() == 1, f"{name}: {href} points at nothing"
        assert_accessible(page, f"{name}-errors-{lang}")
