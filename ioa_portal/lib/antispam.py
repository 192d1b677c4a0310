"""Spam guards for the public forms anybody can send without an account.

- A honeypot: a field people never see (moved off screen by CSS, hidden from screen readers,
  labelled "leave empty") that simple bots fill in. ``HoneypotMixin`` adds it to a form.
- A limit per client address on how often a form may be posted, counted in Django's cache
  (the database cache or Redis, so every process shares the count), answered with
  HTTP 429 and templates/429.html. ``rate_limit`` wraps a view.

Neutral on purpose: both ``cases`` (case submission) and ``networks`` (applications) use it.
"""

from __future__ import annotations

import functools
import ipaddress
import math
import time

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


class HoneypotMixin:
    """Adds the honeypot field; ``caught_by_honeypot()`` tells whether a bot filled it in.

    Render it with ``{% include "includes/honeypot.html" with field=form.website %}``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("La dette feltet stå tomt"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def caught_by_honeypot(self) -> bool:
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD), "").strip())


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For entry added by the first of
    ``DJANGO_PROXY_COUNT`` trusted proxies. IPv6 addresses count per /64 network, since one
    machine usually has a whole /64."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def hit(scope: str, address: str, *, window: int) -> tuple[int, int]:
    """Count one request for ``address`` in the current fixed window of ``window`` seconds.

    Returns the count so far in this window and the seconds until the window ends.
    """
    now = time.time()
    bucket = int(now // window)
    seconds_left = max(1, math.ceil((bucket + 1) * window - now))
    key = f"ratelimit:{scope}:{address}:{bucket}"
    if cache.add(key, 1, timeout=seconds_left):
        return 1, seconds_left
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=seconds_left)
        return 1, seconds_left
    # Some backends (the database cache) reset the expiry on incr(); set it back.
    cache.touch(key, timeout=seconds_left)
    return count, seconds_left


def too_many_requests(request, *, retry_after: int):
    minutes = max(1, math.ceil(retry_after / 60))
    response = render(request, "429.html", {"retry_minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(scope: str, *, methods=("POST",)):
    """Allow IOA_APPLICATION_RATE_LIMIT requests with one of ``methods`` per client address
    and IOA_APPLICATION_RATE_WINDOW_SECONDS to the wrapped view (every public form); answer
    the rest with 429 Too Many Requests. The settings are read on each request."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                window = settings.IOA_APPLICATION_RATE_WINDOW_SECONDS
                count, seconds_left = hit(scope, client_address(request), window=window)
                if count > settings.IOA_APPLICATION_RATE_LIMIT:
                    return too_many_requests(request, retry_after=seconds_left)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
