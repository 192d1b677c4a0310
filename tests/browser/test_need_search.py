"""The need search in real Chromium (issue 18): one box for a word or a paragraph, used with
the keyboard alone, with and without JavaScript, on the front page and on /anskaffelser/.

The test database has no embeddings (IOA_EMBED_CASES is off in tests), so the cases below
answer the need by their words; the reasons on the cards ("Treff på: …") come from those.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import CaseFactory

# The live server needs committed data; restore the migrations' rows after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEED = "pasientene våre med KOLS blir lagt inn på sykehus gang på gang"
NEED_MODE = "Viser anskaffelser som ligner på behovet du beskrev"
TOO_LONG = "Vi så bort fra det"
# The machine running the tests may be busy: give the browser time.
TIMEOUT_MS = 60_000


@pytest.fixture
def cases(db):
    kols = CaseFactory(
        title="Digital hjemmeoppfølging av pasienter med KOLS",
        summary=(
            "Pasienter med KOLS måler seg selv hjemme, og sykepleiere følger dem opp, så færre "
            "blir lagt inn på sykehus."
        ),
        need="Mange pasienter med kronisk lungesykdom ble innlagt på sykehus igjen og igjen.",
    )
    CaseFactory(
        title="Førerløse busser i Gjesdal",
        summary="Gjesdal prøvde ut selvkjørende busser sammen med andre kommuner.",
        need="Innbyggere uten bil trenger transport på kveldstid.",
    )
    CaseFactory(
        title="Gatelys som sparer strøm",
        summary="Kommunen byttet til gatelys som dimmes om natten.",
        need="Veilysene brukte for mye energi.",
    )
    return {"kols": kols}


@pytest.fixture
def patient_page(page):
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return page


def tab_until(page, condition: str, limit: int = 80) -> None:
    """Press Tab until the JavaScript ``condition`` (on ``el``, the focused element) holds."""
    script = f"() => {{ const el = document.activeElement; return !!el && ({condition}); }}"
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(script):
            return
    pytest.fail(f"Tab never reached an element where {condition}")


def focus_is_visible(page) -> bool:
    """The focused element has an outline of some width (the site's :focus-visible ring)."""
    return page.evaluate(
        """() => {
          const style = getComputedStyle(document.activeElement);
          return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        }"""
    )


def paragraph(length: int) -> str:
    """A need written at length, exactly ``length`` characters, ending in a whole word."""
    sentence = (
        "Pasientene våre med KOLS blir lagt inn på sykehus gang på gang, og vi trenger en "
        "måte å følge dem opp hjemme før de blir dårlige. "
    )
    text = (sentence * (length // len(sentence) + 1))[:length]
    return text[: length - 1] + "."


def search_path(language: str = "nb") -> str:
    with translation.override(language):
        return reverse("cases:list")


def test_keyboard_only_need_search_from_the_front_page(patient_page, cases):
    page = patient_page
    page.goto("/")

    tab_until(page, "el.name === 'q'")
    assert page.evaluate("() => document.activeElement.tagName") == "TEXTAREA"
    assert focus_is_visible(page), "focus is not visible on the search box"
    page.keyboard.type(NEED)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert search_path() in page.url
    assert NEED_MODE in page.locator(".need-mode").inner_text()
    reasons = page.locator(".case-card .reason").all_inner_texts()
    assert reasons and all(reason.startswith("Treff på:") for reason in reasons), reasons
    assert "KOLS" in reasons[0] or "kols" in reasons[0].lower()
    first_result = page.locator(".case-card h3 a").first
    assert first_result.inner_text() == cases["kols"].title
    href = first_result.get_attribute("href")

    tab_until(page, "el.closest('.case-card h3') !== null")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == href
    assert focus_is_visible(page), "focus is not visible on the first result"


def test_shift_enter_starts_a_new_line_and_does_not_search(patient_page, cases):
    page = patient_page
    page.goto("/")
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    box = page.locator("textarea.search-box")
    box.focus()
    empty = box.bounding_box()["height"]

    page.keyboard.type("pasienter med KOLS")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("blir lagt inn")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("igjen og igjen")

    assert box.input_value() == "pasienter med KOLS\nblir lagt inn\nigjen og igjen"
    assert navigations == []
    assert page.url.rstrip("/") == page.evaluate("() => location.origin")
    # The empty box is as high as its two-line example; a third line makes it grow.
    assert box.bounding_box()["height"] > empty, "the box does not grow with its text"


def test_a_paragraph_of_2000_characters_is_searched_whole(patient_page, cases):
    page = patient_page
    need = paragraph(2000)
    assert len(need) == 2000
    page.goto("/")

    page.locator("textarea.search-box").fill(need)
    assert page.locator("textarea.search-box").input_value() == need
    with page.expect_navigation():
        page.locator("textarea.search-box").press("Enter")

    assert TOO_LONG not in page.locator("main").inner_text()
    assert NEED_MODE in page.locator(".need-mode").inner_text()
    assert page.locator("textarea.search-box").input_value() == need  # not cut
    assert page.locator(".case-card h3 a").first.inner_text() == cases["kols"].title


def test_a_text_of_20000_characters_gives_a_message_and_stays_in_the_box(patient_page, cases):
    page = patient_page
    text = paragraph(20_000)
    page.goto(search_path())

    page.locator("textarea.search-box").fill(text)
    with page.expect_navigation():
        page.locator("textarea.search-box").press("Enter")

    notice = page.locator(".notice").filter(has_text=TOO_LONG)
    assert notice.count() == 1
    assert "2000" in notice.inner_text()
    assert page.locator("textarea.search-box").input_value() == text


def test_without_javascript_the_button_searches(chromium, live_server, cases):
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale="nb-NO",
        java_script_enabled=False,
    )
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto("/")
        page.locator("textarea.search-box").fill(NEED)
        with page.expect_navigation():
            page.get_by_role("button", name="Søk", exact=True).click()

        assert NEED_MODE in page.locator(".need-mode").inner_text()
        assert page.locator(".case-card h3 a").first.inner_text() == cases["kols"].title
        assert page.locator(".case-card .reason").first.inner_text().startswith("Treff på:")
    finally:
        context.close()


@pytest.mark.parametrize("prefix", ["", "/nn", "/en"], ids=["nb", "nn", "en"])
def test_front_page_and_need_result_have_no_axe_violations(patient_page, cases, prefix):
    page = patient_page
    lang = prefix.strip("/") or "nb"

    page.goto(prefix + "/")
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page, f"need-search-front-{lang}")

    page.goto(search_path(lang) + "?" + f"q={NEED.replace(' ', '+')}")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator(".need-mode").count() == 1
    assert page.locator(".case-card .reason").count() >= 1
    assert_accessible(page, f"need-search-result-{lang}")


def test_screenshots_of_a_need_search(patient_page, cases):
    """For a person to look at: the front page with a need being written, and its result."""
    page = patient_page
    page.goto("/")
    page.locator("textarea.search-box").fill(paragraph(400))
    screenshot(page, "need-search-front-typed")
    with page.expect_navigation():
        page.locator("textarea.search-box").press("Enter")
    assert NEED_MODE in page.locator(".need-mode").inner_text()
    screenshot(page, "need-search-result-long")
