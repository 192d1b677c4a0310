import re

from django import template
from django.utils.translation import gettext_lazy as _

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


# The default units are stored in bokmål; show them in the reader's language.
UNIT_LABELS = {
    "kr/år": _("kr/år"),
    "timer/år": _("timer/år"),
    "tonn CO2e/år": _("tonn CO2e/år"),
}


@register.filter
def unit_label(unit: str) -> str:
    """{{ benefit.unit|unit_label }}: a standard unit translated, any other as written."""
    return UNIT_LABELS.get(unit, unit)
