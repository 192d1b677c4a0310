from django import template
from django.conf import settings

from ioa_portal.markdown import render_markdown

register = template.Library()


@register.filter
def network_markdown(text, lowest_heading=3):
    """{{ network.description|network_markdown:3 }}: sanitised HTML, "# x" as <h3>."""
    return render_markdown(text, top_heading=int(lowest_heading))


@register.simple_tag
def participant_retention_months() -> int:
    """How many months after a network ends its participants are anonymised."""
    return settings.PARTICIPANT_RETENTION_MONTHS


@register.simple_tag
def field_widget(bound_field):
    """The widget of a form field with its help text and errors tied to it for screen readers."""
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hjelp")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-feil")
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    if bound_field.field.required and bound_field.widget_type != "checkbox":
        attrs["required"] = True
    return bound_field.as_widget(attrs=attrs)
