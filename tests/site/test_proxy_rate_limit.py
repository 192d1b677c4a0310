"""Behind one proxy (DJANGO_PROXY_COUNT=1) the public forms' rate limit counts the address
the proxy saw: the LAST X-Forwarded-For entry, the one the proxy appended. The entries
before it come from the client and can say anything; rotating them must not escape the
limit, and the proxy's own address must not make every visitor share one limit.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # REMOTE_ADDR: every request arrives from the proxy
CLIENT = "203.0.113.7"
OTHER_CLIENT = "198.51.100.23"
LIMIT = 3


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    # DJANGO_PROXY_COUNT=1 in the environment sets this (ioa_portal/settings.py).
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.IOA_APPLICATION_RATE_LIMIT = LIMIT
    settings.IOA_APPLICATION_RATE_WINDOW_SECONDS = 10**9  # one window for the whole test


@pytest.fixture(params=["cases:submit", "networks:apply"])
def form_url(request, network_a):
    """A public form anybody can post without an account."""
    if request.param == "networks:apply":
        return reverse(request.param, args=[network_a.slug])
    return reverse(request.param)


def spoofed() -> Iterator[str]:
    """Made-up first entries, a new one for each request."""
    return (f"192.0.2.{n}" for n in itertools.count(1))


def post(client, url: str, forwarded_for: str):
    # An empty form: refused as invalid (400), but counted like any other post.
    return client.post(url, {}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_rotating_the_first_forwarded_entry_does_not_escape_the_limit(client, form_url):
    fake = spoofed()
    for _ in range(LIMIT):
        assert post(client, form_url, f"{next(fake)}, {CLIENT}").status_code != 429

    response = post(client, form_url, f"{next(fake)}, {CLIENT}")

    assert response.status_code == 429


def test_the_limit_counts_the_address_the_proxy_appended_not_the_proxy(client, form_url):
    for _ in range(LIMIT + 1):
        post(client, form_url, CLIENT)
    assert post(client, form_url, CLIENT).status_code == 429

    # Another visitor behind the same proxy has a limit of its own.
    assert post(client, form_url, OTHER_CLIENT).status_code != 429
    # And a client that claims to be the limited one, in front of its real address, is
    # counted as what it is.
    assert post(client, form_url, f"{CLIENT}, {OTHER_CLIENT}").status_code != 429


def test_without_a_proxy_the_forwarded_header_is_ignored(client, form_url, settings):
    settings.AXES_IPWARE_PROXY_COUNT = None  # DJANGO_PROXY_COUNT=0, the default
    fake = spoofed()
    for _ in range(LIMIT):
        assert post(client, form_url, next(fake)).status_code != 429

    # Every request came from one connection address; no header changes that.
    assert post(client, form_url, next(fake)).status_code == 429
