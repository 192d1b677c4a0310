"""Hostile query strings on every public GET URL: never a 5xx, never reflected unescaped.

The URLs are read from the URL configuration, so a new public page is walked without
anyone remembering to add it here. Pages behind a login and the admin are left to the
permission tests.
"""

import string
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.search.facets import SEARCH_PARAMETERS
from tests.factories import (
    CaseFactory,
    LearningNetworkFactory,
    OrganizationFactory,
    SectorFactory,
    SessionFactory,
)

PROBE = "<script>alert('x')</script>"
PRIVATE_PREFIXES = ("admin", "koordinator")
KNOWN_KEYS = [
    *SEARCH_PARAMETERS,
    *("side", "page", "sorter", "format", "per_side", "page_size", "next", "token"),
]

junk_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=string.printable + "æøåÆØÅ\x00\u202e\ufeffЖ中ع", max_size=60),
    st.sampled_from(
        [
            PROBE,
            '"velferd teknologi" -buss or bil',
            "or or or",
            "-velferd",
            '-"a b" -c',
            "-",
            '"',
            "!!!&&&|||",
            ":*",
            "a:*B",
            "'); DROP TABLE cases_case;--",
            "x" * 10_000,
            "velferdsteknologi " * 700,
            "0",
            "-1",
            "abc",
            "3000x",
            "99999999999999999999999999",
            "1e309",
            "NaN",
            "\x00",
            "%00",
            "a\x01b",  # control characters: XML (the feed) cannot hold them
            "a%0Bb",
            "%",
            "%ZZ",
            "%C3%28",
            "%E2%82",
            "Ærø Åsen Øvre",
        ]
    ),
)


@st.composite
def query_strings(draw):
    keys = draw(st.lists(st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=8)), max_size=5))
    parts = []
    for key in keys:
        value = draw(junk_text)
        if draw(st.booleans()):
            parts.append(f"{quote(key, safe='')}={quote(value, safe='')}")
        else:  # raw, possibly broken percent-encoding
            parts.append(f"{key}={value}".replace("&", "%26").replace("#", "%23").replace(" ", "+"))
    return "&".join(parts)


def _public_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _public_patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


@pytest.fixture
def public_urls(db):
    buyer = OrganizationFactory(name="Bærum kommune")
    sector = SectorFactory(name="Omsorg fuzz", slug="omsorg-fuzz")
    network = LearningNetworkFactory(slug="vest")
    SessionFactory(network=network)
    case = CaseFactory(
        title="Velferdsteknologi i Bærum", buyers=[buyer], sectors=[sector], origin_network=network
    )
    values = {"slug": None, "pk": None}
    urls = set()
    for name, pattern in _public_patterns():
        if any(part in name for part in PRIVATE_PREFIXES) or name.startswith("admin"):
            continue
        keys = set(pattern.pattern.regex.groupindex)
        if not keys:
            try:
                urls.add(reverse(name))
            except Exception:  # noqa: S112 - patterns that need converters we don't know
                continue
            continue
        if name.startswith("cases:") and keys <= {"slug"}:
            values = {"slug": case.slug}
        elif name.startswith("networks:") and keys <= {"slug"}:
            values = {"slug": network.slug}
        elif name.startswith("api") and keys <= {"slug"}:
            values = {"slug": case.slug}
        else:
            continue
        urls.add(reverse(name, kwargs=values))
    urls = {u for u in urls if not u.startswith(("/admin", "/koordinator"))}
    return sorted(urls)


@pytest.mark.django_db
def test_every_public_url_survives_hostile_query_strings(client, public_urls):
    assert "/" in public_urls and "/anskaffelser/" in public_urls

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
    )
    @given(qs=query_strings())
    def walk(qs):
        for url in public_urls:
            response = client.get(f"{url}?{qs}")
            assert response.status_code < 500, f"{url}?{qs[:200]} -> {response.status_code}"
            if response.get("Content-Type", "").startswith("text/html") and hasattr(
                response, "content"
            ):
                assert PROBE not in response.content.decode(errors="replace"), url

    walk()
