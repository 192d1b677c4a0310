"""Published cases as the open data API shows them: a shape borrowed from the Open
Contracting Data Standard (OCDS). Labels in bokmål (the API's language)."""

from __future__ import annotations

from django.db.models import Prefetch

from cases.models import CaseBuyer
from cases.serializers import API_CASE, API_LANGUAGE, build

__all__ = ["API_LANGUAGE", "api_queryset", "serialize_case"]


def serialize_case(request, case) -> dict:
    """One case as the API shows it (``cases.serializers.API_CASE``); needs the
    prefetches of ``api_queryset``."""
    return build(API_CASE, case, request)


def api_queryset(cases):
    """Everything ``serialize_case`` reads, in a fixed number of queries."""
    return cases.select_related("region", "origin_network").prefetch_related(
        Prefetch(
            "casebuyer_set",
            queryset=CaseBuyer.objects.select_related("organization__region").order_by(
                "-is_lead", "organization__name"
            ),
        ),
        "sectors",
        "documents",
        "dialogue_conferences",
        "benefits",
        "contacts",
    )
