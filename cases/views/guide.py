"""/kom-i-gang/: the guide through the phases of an innovative procurement, with examples."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.guide import PHASE_EVIDENCE, example_cases, example_counts, guide_texts
from cases.models import Phase

# Phases without a guide text (an editor deleted it) still get a page, after the others.
MISSING_TEXT_POSITION = 10_000


def _phases_in_order(texts: dict) -> list[dict]:
    """Every phase with its guide text (or None), in the editors' order."""
    values = sorted(
        Phase.values,
        key=lambda value: (
            texts[value].position if value in texts else MISSING_TEXT_POSITION,
            Phase.values.index(value),
        ),
    )
    return [
        {
            "value": value,
            "label": Phase(value).label,
            "number": number,
            "text": texts.get(value),
            "url": reverse("guide_phase", args=[value]),
        }
        for number, value in enumerate(values, start=1)
    ]


def guide_index(request):
    phases = _phases_in_order(guide_texts())
    counts = example_counts()
    for phase in phases:
        phase["example_count"] = counts[phase["value"]]
    context = {
        "phases": phases,
        "breadcrumbs": [(_("Forside"), reverse("home")), (_("Kom i gang"), None)],
    }
    return render(request, "guide/index.html", context)


def guide_phase(request, phase):
    if phase not in Phase.values:
        raise Http404(_("Fasen finnes ikke."))
    phases = _phases_in_order(guide_texts())
    index = next(i for i, item in enumerate(phases) if item["value"] == phase)
    current = phases[index]
    context = {
        "phase": current,
        "text": current["text"],
        "phase_count": len(phases),
        "previous": phases[index - 1] if index > 0 else None,
        "next": phases[index + 1] if index + 1 < len(phases) else None,
        "cases": example_cases(phase),
        "evidence": PHASE_EVIDENCE[phase],
        "breadcrumbs": [
            (_("Forside"), reverse("home")),
            (_("Kom i gang"), reverse("guide")),
            (current["label"], None),
        ],
    }
    return render(request, "guide/phase.html", context)
