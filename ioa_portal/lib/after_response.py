"""Work a request can leave until its page has gone out: stores into shared caches.

A visitor waits for every statement a request runs before the last byte of the page is
sent. Storing a rendered page or a set of facet counts for the next visitor is not part
of this visitor's page, so the view hands it to `after_response()`, and the middleware
runs it when the server closes the response, which WSGI servers do once the body has been
written to the client. It runs before `request_finished`, whose receiver may close the
database connection, so the work still has the request's connection.

Outside a request (management commands, jobs, the shell) the work runs at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar

logger = logging.getLogger(__name__)

_pending: ContextVar[list[Callable[[], None]] | None] = ContextVar("after_response", default=None)


def after_response(task: Callable[[], None]) -> None:
    """Run `task` once the current response has been sent, or now outside a request."""
    pending = _pending.get()
    if pending is None:
        task()
    else:
        pending.append(task)


def _run(tasks: list[Callable[[], None]]) -> None:
    for task in tasks:
        try:
            task()
        except Exception:
            # The page has been sent; a store that failed only costs the next visitor.
            logger.exception("Work after the response failed")


class AfterResponseMiddleware:
    """Collects the request's `after_response()` work and runs it when the response closes.

    Outermost in MIDDLEWARE, so that every other middleware and view can hand work to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tasks: list[Callable[[], None]] = []
        token = _pending.set(tasks)
        try:
            response = self.get_response(request)
        finally:
            _pending.reset(token)
        if tasks:
            # HttpResponse.close() calls these before it sends request_finished; Django
            # itself closes a FileResponse's file this way.
            response._resource_closers.append(lambda: _run(tasks))
        return response
