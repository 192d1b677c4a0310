import re

from django import template

from ioa_portal.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """{{ case.need|markdown }}: Markdown rendered and sanitised."""
    return render_markdown(text)


@register.filter
def tel_href(phone: str) -> str:
    """A phone number as written ("+47 22 00 00 00") made into a tel: link target."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    return f"tel:{digits}" if digits else ""
