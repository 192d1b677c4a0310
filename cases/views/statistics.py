"""/statistikk/: figures and charts of the cases a search selects, and of the networks."""

from __future__ import annotations

from django.shortcuts import render

from cases.models import Phase, Sector
from cases.search import search_filterset
from cases.search.facets import SEARCH_PARAMETERS
from cases.search.params import active_filters
from cases.statistics import SearchLinks, cached_case_figures, network_figures
from networks.models import Region

# The few filters offered on the statistics page itself; the others come from the search.
FORM_PARAMETERS = ("fylke", "sektor", "fase", "fra_aar", "til_aar")


def selection_form(filterset, links: SearchLinks) -> dict:
    """Choices for the small filter form at the top: county, sector, phase, years (2 queries)."""
    cleaned = filterset.cleaned

    def first(name):
        value = cleaned.get(name)
        return str(value[0]) if isinstance(value, list) and value else str(value or "")

    return {
        "regions": Region.objects.only("pk", "name"),
        "sectors": Sector.objects.only("pk", "name"),
        "phases": Phase.choices,
        "chosen": {name: first(name) for name in FORM_PARAMETERS},
        # Filters that came from the search and have no field here travel along unchanged.
        "hidden": [
            (name, value)
            for name in SEARCH_PARAMETERS
            if name not in FORM_PARAMETERS
            for value in links.params.getlist(name)
        ],
    }


def statistics(request):
    links = SearchLinks(request.GET)
    filterset = search_filterset(request.GET)
    context = {
        "links": links,
        "search_url": links.url(),
        "problems": filterset.problems(),
        "query": filterset.cleaned.get("q") or "",
        "active_filters": active_filters(request.GET, filterset, to="statistics"),
        "form": selection_form(filterset, links),
        **cached_case_figures(filterset, links),
        "networks": network_figures(filterset),
    }
    return render(request, "cases/statistics.html", context)
