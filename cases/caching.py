"""Rendered public pages of the knowledge base, cached until the content changes.

Every statement that writes a table whose content the case pages, the search and the feed
show (cases and everything hanging off them, sectors, public bodies, counties, networks)
advances the sequence ``cases_content_version`` (triggers of cases migration 0008). The
version is part of every cache lookup, so a page is never served from before a change that
had committed when the request began: publishing, editing, adding a document or renaming
a municipality shows on the next request. The sequence is outside transactions, so a
rolled-back write only costs a cache miss.

A page is cached for anonymous visitors only (editors see drafts and their own messages),
and only when it is a plain 200 that sets no cookie and holds no CSRF token. There are two
levels: a small one in each process (a hit costs one tiny query, for the version) and the
UNLOGGED table ``cases_page_cache`` shared by every process (one more query), so gunicorn
workers warm up together and a new worker starts warm.

Keys hold the language, the full address (with host and scheme: pages hold absolute
links) and the release: a digest of the code, templates, translations and static
files this process runs with. After a deploy, pages rendered by the old release (with its
texts and its hashed static file names) are not served by the new one.

The version moves on when a writing statement ends, before its transaction commits. A
request that read the new version in between would render the old content and store it
under the new version. So writers hold a shared advisory lock until they commit (migration
0010), and a page is stored only when nobody held it at the moment the version was read:
then every change up to that version had committed before the page's data was read.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.http import HttpResponse
from django.utils.translation import get_language

from ioa_portal.lib.after_response import after_response

PAGE_CACHE_SECONDS = 300
# Headers a cached page keeps; the middleware adds the rest (CSP, request id …) each time.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "X-Robots-Tag")

# Every per-process cache of the site: clear_local() empties them all (tests start with
# none). Each is keyed by the content version, so a change elsewhere leaves them at once.
_LOCAL_CACHES: list[LocMemCache] = []


def _local_cache(name: str, *, seconds: int, entries: int) -> LocMemCache:
    local = LocMemCache(name, {"TIMEOUT": seconds, "OPTIONS": {"MAX_ENTRIES": entries}})
    _LOCAL_CACHES.append(local)
    return local


_local_pages = _local_cache("ioa-pages", seconds=PAGE_CACHE_SECONDS, entries=300)
# Facet counts without a text query (cases.search.facets), also kept in the shared cache.
FACET_CACHE_SECONDS = 300
facet_counts = _local_cache("ioa-facet-counts", seconds=FACET_CACHE_SECONDS, entries=2000)
# Similar cases of each case page viewed (cases.search.similar). Not in the shared cache:
# one entry per case viewed would push out the facet counts, which cost far more to make.
similar_cases = _local_cache("ioa-similar-cases", seconds=600, entries=5000)
# Small lists every case page shows (the sectors).
lists = _local_cache("ioa-lists", seconds=PAGE_CACHE_SECONDS, entries=20)

WRITERS_LOCK = 7_342_001  # taken (shared) by every writing transaction, see migration 0010
# The version, and whether no writer is between its change and its commit (the exclusive
# lock is free: taken and given back at once, never waited for).
_VERSION_SQL = f"""
SELECT last_value,
       CASE WHEN pg_try_advisory_lock({WRITERS_LOCK}) THEN pg_advisory_unlock({WRITERS_LOCK})
            ELSE false END
FROM cases_content_version
"""  # noqa: S608 - the lock key is a constant
_GET_SQL = """
SELECT status, headers, body FROM cases_page_cache
WHERE key = %s AND version = %s AND expires > now()
"""
# Stores a page and, in the same statement, deletes the expired ones (through the index on
# `expires`; never the row being stored, which the same statement must not touch twice).
_SET_SQL = """
WITH expired AS (DELETE FROM cases_page_cache WHERE expires < now() AND key <> %s)
INSERT INTO cases_page_cache AS p (key, version, expires, status, headers, body)
VALUES (%s, %s, now() + make_interval(secs => %s), %s, %s, %s)
ON CONFLICT (key) DO UPDATE
SET version = EXCLUDED.version, expires = EXCLUDED.expires, status = EXCLUDED.status,
    headers = EXCLUDED.headers, body = EXCLUDED.body
WHERE p.version <= EXCLUDED.version
"""


# What a rendered page depends on besides the data.
RELEASE_FOLDERS = ("cases", "networks", "ioa_portal", "templates", "static", "locale")
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".svg"}


@functools.cache
def _release(base_dir: str, debug: bool) -> str:
    digest = hashlib.sha256(f"debug={debug}".encode())
    base = Path(base_dir)
    for folder in RELEASE_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def release() -> str:
    """A digest of the code, templates, translations and static files (read once)."""
    return _release(str(settings.BASE_DIR), settings.DEBUG)


def _read_version() -> tuple[int, bool]:
    """The content version, and whether pages may be stored under it."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        version, settled = cursor.fetchone()
    return version, bool(settled)


def content_version(request=None) -> int:
    """A number that grows whenever published content may have changed.

    With a request, read once per request (the page cache and the view share it)."""
    if request is not None and hasattr(request, "content_version"):
        return request.content_version
    version, settled = _read_version()
    if request is not None:
        request.content_version, request.content_settled = version, settled
    return version


def settled_version(request=None) -> int | None:
    """The content version, if what is read now may be kept (or tagged) under it.

    None while a writer has moved the version on but not yet committed: then the data read
    may be older than the version, so it is used for this request and not kept. Every
    cache keyed by the version (pages, facet counts, similar cases, sectors, statistics,
    API ETags) asks this, not content_version()."""
    if request is None:
        version, settled = _read_version()
    else:
        version, settled = content_version(request), request.content_settled
    return version if settled else None


def clear() -> None:
    """Forget every stored page, in this process and in the shared table."""
    _local_pages.clear()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_page_cache")


def clear_local() -> None:
    """Forget everything this process keeps (the shared pages follow the version)."""
    for local in _LOCAL_CACHES:
        local.clear()


def versioned(local: LocMemCache, key: str, compute, request=None):
    """`compute()`, kept in `local` under `key` and the content version.

    While a writer has not committed (settled_version() is None) the value is computed and
    not kept."""
    version = settled_version(request)
    if version is None:
        return compute()
    full_key = f"{key}:{version}"
    found = local.get(full_key)
    if found is None:
        found = compute()
        local.set(full_key, found)
    return found


def _cacheable_request(request) -> bool:
    if not settings.IOA_PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    # Logged-in people may see drafts; a session or the messages cookie may hold messages
    # that the next page shows to this visitor only.
    return not {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name} & request.COOKIES.keys()


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page with a CSRF token belongs to one visitor.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _lookup(key: str, version: int):
    stored = _local_pages.get(f"{version}:{key}")
    if stored is not None:
        return stored
    with connection.cursor() as cursor:
        cursor.execute(_GET_SQL, [key, version])
        row = cursor.fetchone()
    if row is None:
        return None
    status, headers, body = row
    if isinstance(headers, str):  # Django reads jsonb as text
        headers = json.loads(headers)
    stored = (status, [tuple(pair) for pair in headers], bytes(body))
    _local_pages.set(f"{version}:{key}", stored)
    return stored


def _store(key: str, version: int, stored) -> None:
    """Keep the page in this process now, and in the shared table once it has been sent
    (the visitor who asked for it does not wait for that)."""
    _local_pages.set(f"{version}:{key}", stored)
    status, headers, body = stored
    params = [key, key, version, PAGE_CACHE_SECONDS, status, json.dumps(headers), body]

    def store_shared():
        with connection.cursor() as cursor:
            cursor.execute(_SET_SQL, params)

    after_response(store_shared)


def cached_page(view):
    """Serve `view` from the page cache when the visitor and the response allow it."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        # Pages hold absolute addresses (canonical link, feed ids): one page per host.
        address = request.build_absolute_uri()
        page = f"{release()} {get_language()} {address}"
        key = hashlib.sha256(page.encode()).hexdigest()
        version = content_version(request)
        stored = _lookup(key, version)
        if stored is not None:
            status, headers, body = stored
            response = HttpResponse(body, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        # While a writer has not committed, the page may show what it is replacing.
        if request.content_settled and _cacheable_response(request, response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            _store(key, version, (response.status_code, headers, response.content))
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper
