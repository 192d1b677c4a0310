"""Markdown from the admin (network descriptions, session agendas) rendered to safe HTML.

The Markdown library passes raw HTML through, so its output is cleaned with nh3: a short
list of tags and attributes, and only http, https, mailto and tel links. Headings are
moved down so that "# Heading" sits below the heading of the page section it is shown in.
(The cases app has its own renderer; networks never imports cases.)
"""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str | None, *, lowest_heading: int = 3) -> SafeString:
    """Markdown → sanitised HTML; "# x" becomes ``<h{lowest_heading}>``."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    md = markdown_lib.Markdown(extensions=["sane_lists", "tables"])
    html = md.convert(text)
    shift = lowest_heading - 1
    for level in range(6, 0, -1):
        target = min(level + shift, 6)
        html = html.replace(f"<h{level}>", f"<h{target}>").replace(f"</h{level}>", f"</h{target}>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above
