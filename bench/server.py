"""The site as bench/run.py serves it: ``ioa_portal.wsgi`` with two bench-only additions.

gunicorn loads this module (``--pythonpath bench server:application``) only for
``make bench``; the site itself never imports it, so nothing changes for users.

1. **Uncached means uncached.** A request carrying the bench's busting parameter (``_b``,
   new on every request of an uncached phase) is served with the facet-count caches
   missing: the per-process and the shared cache answer None for it, so the counts are
   computed as for a filter combination nobody asked for before (and stored, as for that
   first visitor). Requests without ``_b`` see the caches as users do.
2. **What a request computed**, as response headers the bench reads:
   ``X-Bench-Facet-Counts`` (how many facet statements ran), ``X-Bench-Embed-Ms``
   (milliseconds spent embedding the need, ``semantic.embed_need``) and
   ``X-Bench-Sql-Ms`` (milliseconds the request waited on its SQL statements, as the
   client sees them: sent, run, rows received). A page the page cache answers ran no
   facet statement and no embedding.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import parse_qs

# isort: off
from ioa_portal.wsgi import application as site  # first: it sets up Django

from django.db import connection

from cases import caching
from cases.search import facets, semantic

# isort: on

BUST_PARAM = "_b"
_state = threading.local()


def _cold() -> bool:
    return getattr(_state, "cold", False)


class _MissWhenCold:
    """A cache that answers None to every `get` of an uncached bench request."""

    def __init__(self, cache):
        self._cache = cache

    def get(self, key, default=None, *args, **kwargs):
        if _cold():
            return default
        return self._cache.get(key, default, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._cache, name)


def _counted(function, counter: str):
    def wrapper(*args, **kwargs):
        setattr(_state, counter, getattr(_state, counter, 0) + 1)
        return function(*args, **kwargs)

    return wrapper


def _timed_embedding(function):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _state.embed_seconds = getattr(_state, "embed_seconds", 0.0) + (
                time.perf_counter() - started
            )

    return wrapper


# count_facets() looks these up in its module at call time.
facets.shared_cache = _MissWhenCold(facets.shared_cache)
caching.facet_counts = _MissWhenCold(caching.facet_counts)
facets._count_facets = _counted(facets._count_facets, "facet_counts")
semantic.embed_need = _timed_embedding(semantic.embed_need)


def _timed_sql(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        _state.sql_seconds += time.perf_counter() - started


def application(environ, start_response):
    _state.cold = BUST_PARAM in parse_qs(environ.get("QUERY_STRING", ""))
    _state.facet_counts = 0
    _state.embed_seconds = 0.0
    _state.sql_seconds = 0.0

    def start(status, headers, exc_info=None):
        headers = [
            *headers,
            ("X-Bench-Facet-Counts", str(_state.facet_counts)),
            ("X-Bench-Embed-Ms", f"{_state.embed_seconds * 1000:.2f}"),
            ("X-Bench-Sql-Ms", f"{_state.sql_seconds * 1000:.2f}"),
        ]
        return start_response(status, headers, exc_info)

    # The body is produced before start_response for Django's ordinary responses; a
    # streamed body (the exports) reports what was computed before its first chunk.
    try:
        # The worker's own thread's connection: the statements of this request only.
        with connection.execute_wrapper(_timed_sql):
            return site(environ, start)
    finally:
        _state.cold = False
