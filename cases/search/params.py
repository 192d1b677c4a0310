"""A search as it travels in addresses: links to other views of the same search, and the
active filters in words, each with a link that removes it."""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.search.facets import FACETS, SEARCH_PARAMETERS


def search_url(params: QueryDict, to: str = "cases:list", drop=("side",), **changes) -> str:
    """The address of view `to` with the search in `params`, less `drop`, with `changes`.

    Empty values are not written into the address."""
    query = QueryDict(mutable=True)
    for name, values in params.lists():
        if name in drop:
            continue
        kept = [value for value in values if value.strip()]
        if kept:
            query.setlist(name, kept)
    for name, value in changes.items():
        query.setlist(name, [str(value)])
    encoded = query.urlencode()
    return reverse(to) + (f"?{encoded}" if encoded else "")


def search_only(params: QueryDict) -> QueryDict:
    """Only the parameters that select cases (no page, no sort order, nothing unknown)."""
    query = QueryDict(mutable=True)
    for name in SEARCH_PARAMETERS:
        values = [value for value in params.getlist(name) if value.strip()]
        if values:
            query.setlist(name, values)
    return query


def active_filters(params: QueryDict, filterset, *, to: str = "cases:list") -> list[dict]:
    """Every chosen filter value in words ("Fase: Markedsdialog", "Startår fra 2019"), each
    with `remove_url`: the same search on view `to` without just that value."""
    cleaned, form = filterset.cleaned, filterset.form
    names = getattr(form, "names", {})
    active = []
    for facet in FACETS:
        value = cleaned.get(facet.param)
        if value in (None, "", []):
            continue
        for item in value if isinstance(value, list) else [value]:
            if facet.flag:
                label = str(facet.label if item == "ja" else facet.without_label)
            else:
                if facet.param in names:
                    text = names[facet.param].get(item, str(item))
                else:
                    text = str(dict(facet.choices).get(item, item))
                label = f"{facet.label}: {text}"
            query = params.copy()
            query.setlist(facet.param, [v for v in query.getlist(facet.param) if v != str(item)])
            active.append({"label": label, "remove_url": search_url(query, to=to)})
    # The years as understood (swapped when given the wrong way round), so that removing
    # one keeps the other where the page shows it.
    years = {param: cleaned.get(param) for param in ("fra_aar", "til_aar")}
    for param, other, text in (
        ("fra_aar", "til_aar", _("Startår fra %s")),
        ("til_aar", "fra_aar", _("Startår til %s")),
    ):
        if years[param] is not None:
            kept = {other: str(years[other])} if years[other] is not None else {}
            remove_url = search_url(params, to=to, drop=("fra_aar", "til_aar", "side"), **kept)
            active.append({"label": text % years[param], "remove_url": remove_url})
    return active
