"""Markdown written by editors, turned into HTML that is safe to show to anyone.

Markdown allows raw HTML, so the output of the Markdown library is never trusted:
nh3 (the Rust "ammonia" sanitiser) keeps a short list of tags and attributes and
only http, https, mailto and tel links. Headings are moved so that the text's top
heading is an h3, under the page's own h2 for that field, whether the editor wrote # or ##.
"""

from __future__ import annotations

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
    def run(self, root):
        headings = [e for e in root.iter() if e.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
        if not headings:
            return
        shift = TOP_HEADING_LEVEL - min(int(e.tag[1]) for e in headings)
        for element in headings:
            element.tag = f"h{max(TOP_HEADING_LEVEL, min(int(element.tag[1]) + shift, 6))}"


class _ShiftHeadingsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - the Markdown library's name
        md.treeprocessors.register(_ShiftHeadings(md), "ioa_shift_headings", 5)


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str | None) -> SafeString:
    """Markdown → sanitised HTML, marked safe for templates."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    html = markdown_lib.markdown(
        text,
        extensions=["sane_lists", "tables", "fenced_code", _ShiftHeadingsExtension()],
        output_format="html",
    )
    return mark_safe(sanitise_html(html))  # noqa: S308 - sanitised by nh3 just above
