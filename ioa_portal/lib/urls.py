"""Absolute addresses for text that leaves the site (emails, feeds)."""

from __future__ import annotations


def base_url(request) -> str:
    """The site's scheme and host as the visitor reached it, without the trailing slash."""
    return request.build_absolute_uri("/").rstrip("/")
