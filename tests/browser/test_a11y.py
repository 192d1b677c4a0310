"""Every public page type in real Chromium: axe-core (WCAG 2.1 A/AA) finds nothing, no page
scrolls sideways at 320 CSS pixels, and screenshots at 1280 and 375 px are saved under
.artifacts/screenshots/ for a person to look at (see assert_accessible)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import assert_accessible
from tests.browser.scenery import PUBLIC_PAGES, build_scenery

LANGUAGES = ["", "/nn", "/en"]

# The live server needs committed data; restore the migrations' rows (counties, sectors,
# groups) after each test so that the tests after these still find them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def scenery():
    return build_scenery()


@pytest.mark.parametrize("prefix", LANGUAGES, ids=["nb", "nn", "en"])
def test_public_pages_have_no_axe_violations_and_reflow_at_320px(page, scenery, prefix):
    lang = prefix.strip("/") or "nb"
    problems = []
    for name, path_of in PUBLIC_PAGES.items():
        url = prefix + path_of(scenery)
        response = page.goto(url)
        if response.status >= 500:
            problems.append(f"{url}: status {response.status}")
            continue
        if page.locator("html").get_attribute("lang") != lang:
            problems.append(f"{url}: html lang is not {lang}")
        try:
            assert_accessible(page, f"{name}-{lang}")
        except AssertionError as error:
            problems.append(f"{url}: {error}")
    assert not problems, "\n".join(problems)


def test_keyboard_only_search_from_front_page_to_a_case(page, scenery):
    page.goto("/")
    # Tab from the top of the page until the search box has focus.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.name === 'q'"):
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is not visible on the search box"
    page.keyboard.type("velferdsteknologi")
    page.keyboard.press("Enter")
    page.wait_for_url("**/anskaffelser/?q=velferdsteknologi*")
    # Tab on until a link to a case has focus, then open it with Enter.
    for _ in range(80):
        page.keyboard.press("Tab")
        href = page.evaluate("() => document.activeElement.getAttribute('href') || ''")
        if href.startswith("/anskaffelser/") and href.count("/") == 3 and "?" not in href:
            break
    else:
        pytest.fail("no result link can be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text()
    assert "/anskaffelser/" in page.url


def test_skip_link_moves_focus_to_main_content(page, scenery):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main"
    assert page.locator("a.skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"


NEED = "eldre som vil bo hjemme lenger med trygghet"


@pytest.mark.parametrize("prefix", LANGUAGES, ids=["nb", "nn", "en"])
def test_need_search_result_has_no_axe_violations_and_reflows_at_320px(page, scenery, prefix):
    """A need written in a sentence: the "ligner på behovet" note and the reasons on the
    cards (issue 18)."""
    lang = prefix.strip("/") or "nb"
    with translation.override(lang):
        url = reverse("cases:list")
    page.goto(f"{url}?q={NEED.replace(' ', '+')}")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator(".need-mode").count() == 1
    assert page.locator(".case-card .reason").count() >= 1
    assert_accessible(page, f"search-need-{lang}")
