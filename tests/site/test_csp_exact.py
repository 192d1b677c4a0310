"""The Content-Security-Policy, exactly, on every kind of answer: an HTML page (rendered
and from the page cache), a 404 and a JSON answer of the API.

Scripts only from this site: no `https:` (any host), no 'unsafe-eval', no 'unsafe-inline'.
The whole policy is compared, so that a source added to any directive is noticed.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

SELF, NONE = "'self'", "'none'"
# The policy the site documents (ioa_portal/settings.py): directive -> sources, in order.
EXPECTED = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF, "'unsafe-inline'"],  # the Django admin's style attributes
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "form-action": [SELF],
    "object-src": [NONE],
    "base-uri": [NONE],
    "frame-ancestors": [NONE],
}


def parse(policy: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        if part.strip():
            name, *sources = part.split()
            assert name not in directives, f"{name} given twice"
            directives[name] = sources
    return directives


def from_settings() -> dict[str, list[str]]:
    return {
        name: list(sources)
        for name, sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()
        if sources is not None
    }


@pytest.fixture
def answers(client):
    case = CaseFactory(title="Trygghetsalarm")
    rendered = client.get(case.get_absolute_url())
    cached = client.get(case.get_absolute_url())
    assert cached.get("X-Page-Cache") == "hit"
    return {
        "html": client.get(reverse("home")),
        "html (rendered, cacheable)": rendered,
        "html (from the page cache)": cached,
        "html (nynorsk)": client.get("/nn" + reverse("cases:list")),
        "404": client.get("/finnes-ikke/"),
        "json": client.get(reverse("api:case-list")),
    }


def test_the_answers_are_of_the_kinds_named(answers):
    assert answers["html"]["Content-Type"].startswith("text/html")
    assert answers["404"].status_code == 404
    assert answers["404"]["Content-Type"].startswith("text/html")
    assert answers["json"]["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "kind",
    [
        "html",
        "html (rendered, cacheable)",
        "html (from the page cache)",
        "html (nynorsk)",
        "404",
        "json",
    ],
)
def test_every_answer_carries_exactly_the_documented_policy(answers, kind):
    policy = parse(answers[kind]["Content-Security-Policy"])
    assert policy == EXPECTED


@pytest.mark.parametrize("kind", ["html", "404", "json"])
def test_every_answer_carries_exactly_the_policy_built_from_settings(answers, kind):
    assert parse(answers[kind]["Content-Security-Policy"]) == from_settings()


def test_scripts_may_come_from_this_site_only(answers):
    for kind, response in answers.items():
        scripts = parse(response["Content-Security-Policy"])["script-src"]
        assert scripts == [SELF], kind
        for widening in ("https:", "http:", "*", "'unsafe-eval'", "'unsafe-inline'", "data:"):
            assert widening not in scripts, (kind, widening)


def test_no_directive_allows_every_host(answers):
    for kind, response in answers.items():
        for name, sources in parse(response["Content-Security-Policy"]).items():
            assert not {"https:", "http:", "*"} & set(sources), (kind, name)


def test_no_policy_is_only_reported(answers):
    for kind, response in answers.items():
        assert not response.has_header("Content-Security-Policy-Report-Only"), kind
