"""The script probe, always: every public GET address gets `<script>` in every parameter it
could read (all at once, and each alone on the pages that read the search), in every
language. No answer is a server error, and no HTML or XML answer echoes a probe unescaped.

test_fuzz.py draws a few random query strings and may never draw the probe; this one
sends it every time, so an unescaped echo of any parameter is found on the first run.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.factories import (
    CaseFactory,
    LearningNetworkFactory,
    OrganizationFactory,
    SectorFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

# Out of an attribute (either quote), out of a title or textarea, and inside query syntax.
PROBE = "\"'><script>alert(1)</script>"
PROBES = [
    PROBE,
    "</title></textarea><script>alert('x')</script>",
    "velferd <script>alert(1)</script> -buss or bil",
]
# Every parameter a public page reads (README: the search parameters), and the others the
# pages and the API know.
SEARCH_PARAMETERS = (
    "q",
    "sektor",
    "fase",
    "prosedyre",
    "status",
    "type",
    "fylke",
    "kjoper",
    "nettverk",
    "fra_aar",
    "til_aar",
    "dialog",
    "gevinst",
)
OTHER_PARAMETERS = ("sorter", "side", "page", "page_size", "format", "next", "token", "lang")
PRIVATE = ("admin", "coordinator", "login", "logout")
LANGUAGES = ("nb", "nn", "en")
# The pages that read the search parameters: each parameter alone, too.
SEARCH_VIEWS = (
    "cases:list",
    "statistics",
    "cases:feed",
    "cases:export_csv",
    "cases:export_json",
    "api:case-list",
)


def named_patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from named_patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


@pytest.fixture
def public_urls(db):
    """Every public named address, with the slugs of a case and a network filled in."""
    network = LearningNetworkFactory(slug="probe-nett")
    SessionFactory(network=network)
    case = CaseFactory(
        title="Velferdsteknologi i Bærum",
        buyers=[OrganizationFactory(name="Bærum kommune")],
        sectors=[SectorFactory(name="Omsorg probe", slug="omsorg-probe")],
        origin_network=network,
    )
    urls = set()
    for name, pattern in named_patterns():
        if any(part in name for part in PRIVATE):
            continue
        keys = set(pattern.pattern.regex.groupindex)
        if not keys:
            kwargs = {}
        elif keys == {"slug"} and name.startswith(("cases:", "api:")):
            kwargs = {"slug": case.slug}
        elif keys == {"slug"} and name.startswith("networks:"):
            kwargs = {"slug": network.slug}
        elif keys == {"token"}:
            kwargs = {"token": "<img src=x onerror=alert(1)>"}
        else:
            continue
        try:
            urls.add(reverse(name, kwargs=kwargs))
        except Exception:  # noqa: S112 - a converter we cannot fill
            continue
    urls = sorted(u for u in urls if not u.startswith(("/admin", "/koordinator")))
    assert "/anskaffelser/" in urls and "/statistikk/" in urls and case.get_absolute_url() in urls
    return urls


def localised(url: str, language: str) -> str:
    if language == "nb" or url.startswith(("/api/", "/healthz", "/robots", "/sitemap")):
        return url
    return f"/{language}{url}"


def problems(client: Client, url: str, probe: str) -> list[str]:
    response = client.get(url)
    found = []
    if response.status_code >= 500:
        exc_info = getattr(response, "exc_info", None)
        found.append(f"{url} -> {response.status_code} {exc_info and exc_info[1]!r}")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    markup = kind.startswith(("text/html", "application/atom+xml", "application/xml", "text/xml"))
    if markup and probe in content.decode(errors="replace"):
        found.append(f"{url} echoes the probe unescaped ({kind})")
    return found


def walker() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("probe", PROBES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_address_with_the_probe_in_every_parameter(public_urls, probe, language):
    query = urlencode([(name, probe) for name in (*SEARCH_PARAMETERS, *OTHER_PARAMETERS)])
    client = walker()
    found = []
    for url in public_urls:
        found += problems(client, f"{localised(url, language)}?{query}", probe)
    assert found == []


@pytest.mark.parametrize("parameter", [*SEARCH_PARAMETERS, "sorter", "side", "page_size"])
def test_each_search_parameter_alone_with_the_probe(public_urls, parameter):
    probe = PROBE
    client = walker()
    found = []
    for i, name in enumerate(SEARCH_VIEWS):
        with translation.override(LANGUAGES[i % len(LANGUAGES)]):
            url = reverse(name)
        found += problems(client, f"{url}?{urlencode({parameter: probe})}", probe)
    assert found == []


def test_the_probe_in_a_repeated_parameter_and_beside_valid_values(public_urls):
    probe = PROBE
    client = walker()
    sector = SectorFactory(name="Probe sektor", slug="probe-sektor")
    query = urlencode(
        [("sektor", sector.pk), ("sektor", probe), ("fase", "markedsdialog"), ("fase", probe)]
        + [("q", "velferd"), ("q", probe), ("fra_aar", "2020"), ("til_aar", probe)]
    )
    found = []
    for name in SEARCH_VIEWS:
        found += problems(client, f"{reverse(name)}?{query}", probe)
    assert found == []
