"""Markdown written by editors (cases, guide texts, network descriptions), turned into HTML
that is safe to show to anyone. Shared by both apps, so it lives at the site level.

Markdown allows raw HTML, so the output of the Markdown library is never trusted:
nh3 (the Rust "ammonia" sanitiser) keeps a short list of tags and attributes and
only http, https, mailto and tel links. Headings are moved so that the text's top
heading sits one level under the page's own heading for that field (an h3 by default),
whether the editor wrote # or ##.
"""

from __future__ import annotations

import functools

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
TOP_HEADING_LEVEL = 3


class _ShiftHeadings(Treeprocessor):
    def __init__(self, md, top: int):
        super().__init__(md)
        self.top = top

    def run(self, root):
        headings = [e for e in root.iter() if e.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
        if not headings:
            return
        shift = self.top - min(int(e.tag[1]) for e in headings)
        for element in headings:
            element.tag = f"h{max(self.top, min(int(element.tag[1]) + shift, 6))}"


class _ShiftHeadingsExtension(Extension):
    def __init__(self, top: int):
        super().__init__()
        self.top = top

    def extendMarkdown(self, md):  # noqa: N802 - the Markdown library's name
        md.treeprocessors.register(_ShiftHeadings(md, self.top), "ioa_shift_headings", 5)


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str | None, *, top_heading: int = TOP_HEADING_LEVEL) -> SafeString:
    """Markdown → sanitised HTML, marked safe for templates; headings start at top_heading."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    return _rendered(text, top_heading)


# The same text always gives the same HTML: the case texts of the most visited pages are
# converted once per process, not on every view (a few KB each).
@functools.lru_cache(maxsize=512)
def _rendered(text: str, top_heading: int) -> SafeString:
    html = markdown_lib.markdown(
        text,
        extensions=["sane_lists", "tables", "fenced_code", _ShiftHeadingsExtension(top_heading)],
        output_format="html",
    )
    return mark_safe(sanitise_html(html))  # noqa: S308 - sanitised by nh3 just above
