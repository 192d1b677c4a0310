from django import template
from django.conf import settings

from ioa_portal.lib.markdown import render_markdown

register = template.Library()


@register.filter
def network_markdown(text, lowest_heading=3):
    """{{ network.description|network_markdown:3 }}: sanitised HTML, "# x" as <h3>."""
    return render_markdown(text, top_heading=int(lowest_heading))


@register.simple_tag
def participant_retention_months() -> int:
    """How many months after a network ends its participants are anonymised."""
    return settings.PARTICIPANT_RETENTION_MONTHS
