"""Sections of the coordinator workspace's front page that other apps provide.

``networks`` never imports ``cases`` (cases builds on networks), yet coordinators should see
the needs the board holds in their networks' counties. So the front page renders whatever
sections are registered here; ``cases`` registers its own from ``CasesConfig.ready()``.

A section is a template and a function that gives the template its context from the request
and the networks the user coordinates (a queryset). The function reads what it shows in a
constant number of queries, whatever the number of networks; it returns None to show nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: Callable[[HttpRequest, QuerySet], dict | None]


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add a section to the front page (again under the same name: replaced, not doubled)."""
    _SECTIONS[section.name] = section


def sections(request: HttpRequest, networks: QuerySet) -> list[dict]:
    """The registered sections as ``{"template": ..., **context}``, in registration order."""
    shown = []
    for section in _SECTIONS.values():
        context = section.context(request, networks)
        if context is not None:
            shown.append({"template": section.template, **context})
    return shown
