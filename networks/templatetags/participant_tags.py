"""What the public network page shows of the participants' work: materials marked for
everyone, and the evaluation's overall figures once there are enough answers."""

from __future__ import annotations

from django import template

from networks import evaluation
from networks.models import SessionMaterial

register = template.Library()


@register.simple_tag
def public_materials(network):
    return list(
        SessionMaterial.objects.filter(
            session__network=network, audience=SessionMaterial.Audience.PUBLIC
        )
        .select_related("session")
        .order_by("session__number", "created_at", "pk")
    )


@register.simple_tag
def evaluation_summary(network):
    result = evaluation.public_summary(network)
    if result is None:
        return None
    labels = evaluation.score_labels()
    return {
        "count": result.count,
        "rows": [
            {"label": labels[name], "average": evaluation.display(result.averages[name])}
            for name in evaluation.SCORES
        ],
    }
