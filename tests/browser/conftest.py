"""Real Chromium through Playwright, against a live server on real PostgreSQL.

Browser tests are marked ``browser``. Without /usr/bin/chromium they skip with a message,
unless IOA_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser is a failure.
"""

import os
import shutil
import warnings
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = ROOT / ".artifacts" / "screenshots"
CHROMIUM = os.environ.get("IOA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = (
            f"Chromium not found at {CHROMIUM}. Install it to run the browser tests: "
            "sudo apt-get install chromium (or set IOA_CHROMIUM to its path)."
        )
        if os.environ.get("IOA_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, and Django then
    # hands out database connections from async-context storage: new connection objects
    # without the test database's serialized contents, so serialized_rollback would
    # silently restore nothing. Carry the contents over to the new objects.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="nb-NO"
    )
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    return results.response["violations"]


def describe(violations) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return "\n".join(lines)


def screenshot(page, name: str) -> None:
    """Save the page at 1280 and 375 CSS pixels wide under .artifacts/screenshots/.

    The pictures are for people to look at, not a check: Chromium now and then answers
    "Unable to capture screenshot" right after the viewport changes, so a capture is tried
    three times and, failing that, left out with a warning rather than failing the test.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        path = SCREENSHOT_DIR / f"{name}-{width}.png"
        for attempt in range(3):
            try:
                page.screenshot(path=str(path), full_page=True)
                break
            except PlaywrightError as error:
                if attempt == 2:
                    warnings.warn(f"no screenshot {path.name}: {error.message}", stacklevel=2)
                else:
                    page.wait_for_timeout(250)
    page.set_viewport_size(original)


def overflowing(page) -> list[str]:
    """Elements that stick out to the right of the viewport (empty when the page reflows)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          return [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > width + 1)
            .slice(0, 6)
            .map(el => `${el.tagName.toLowerCase()}.${el.className} `
                       + `"${el.textContent.trim().slice(0, 40)}"`);
        }"""
    )


def assert_accessible(page, name: str) -> None:
    """No axe violations, and no sideways scrolling at 320 CSS pixels (WCAG 1.4.10)."""
    screenshot(page, name)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    original = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    sticking_out = overflowing(page)
    page.set_viewport_size(original)
    assert sticking_out == [], f"{name} scrolls sideways at 320 px: {sticking_out}"


# Keyboard-only flows: what has focus, and whether its focus can be seen (an outline of
# at least 2 px or a box shadow, as the site's stylesheet gives every focusable element).
FOCUS = """() => { const el = document.activeElement; const s = getComputedStyle(el);
  return {tag: el.tagName, name: el.name || '', type: el.type || '', value: el.value || '',
          href: el.getAttribute('href') || '', text: (el.textContent || '').trim(),
          visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                   || (s.boxShadow && s.boxShadow !== 'none')}; }"""


def tab_to(page, wanted, what: str, limit: int = 80) -> dict:
    """Press Tab until ``wanted(element)``; every element on the way must show its focus."""
    visited = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = page.evaluate(FOCUS)
        visited.append(f"{element['tag']}:{element['href'] or element['name']}")
        assert element["visible"], f"focus is invisible on {element}"
        if wanted(element):
            return element
    pytest.fail(f"{what} cannot be reached with Tab: {visited}")
