"""Browsing and searching published cases: /anskaffelser/."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.models import Case
from cases.search import run_search
from cases.search.facets import FACETS, FILTER_PARAMS, YEAR_FACET
from cases.search.filters import MODE_NEED, MODE_PRECISE, SORT_CHOICES, SORT_RELEVANCE
from cases.search.params import active_filters, search_only, search_url
from cases.search.text import HIT_CAP

FACET_TOP = 10
# A long facet (hundreds of public bodies) lists at most this many more values, folded; the
# rest are found by typing the name into the search box (names are searchable).
FACET_MORE = 40
# Parameters that say what to find; the page number and sort order only say how to show it.


def case_list(request):
    result = run_search(request.GET, request)
    filterset, facets = result.filterset, result.facets
    text_search = filterset.text_search
    facet_groups = _facet_groups(facets)
    years = _year_options(facets, filterset)
    suggestion = result.suggestion
    need_mode = bool(text_search and text_search.is_need)
    context = {
        "filterset": filterset,
        # As typed, also when it could not be used (too long), so that nothing is lost.
        "q": filterset.cleaned.get("q") or request.GET.get("q", ""),
        # What was searched for: the headings name no text that was set aside.
        "searched": filterset.cleaned.get("q") or "",
        "need_mode": need_mode,
        "semantic_available": need_mode and text_search.semantic_available,
        "precise_url": need_mode and search_url(request.GET, modus=MODE_PRECISE),
        "need_url": (
            text_search
            and not need_mode
            and len(text_search.typed_terms) >= 2
            and search_url(request.GET, modus=MODE_NEED)
        ),
        "total": facets.total,
        "capped": facets.capped,
        "hit_cap": HIT_CAP,
        "page_obj": result.page,
        "cases": result.cases,
        "facets": facet_groups,
        "years": years,
        # Without hits, filters are offered only if some other choice would find cases
        # (filters alone); the chosen ones are removed from "Aktive filtre" either way.
        "show_filters": bool(
            (facet_groups or years) and (facets.total or _any_hits(facet_groups, years))
        ),
        "active_filters": active_filters(request.GET, filterset),
        "hidden_filters": _hidden_filters(filterset),
        "sort": filterset.sort,
        "sort_options": _sort_options(filterset),
        "problems": result.problems,
        "adjustments": filterset.adjustments() + _compound_notices(text_search),
        "suggestion": suggestion,
        "suggestion_url": suggestion and search_url(request.GET, q=suggestion),
        "feed_url": search_url(request.GET, to="cases:feed", drop=("side", "sorter")),
        # By email or in a feed reader: a page, not the raw feed.
        "follow_url": reverse("cases:alert_subscribe")
        + "?"
        + urlencode({"sok": search_only(request.GET).urlencode()}),
        "csv_url": search_url(request.GET, to="cases:export_csv", drop=("side",)),
        "json_url": search_url(request.GET, to="cases:export_json", drop=("side",)),
        # Not "statistics_url": base.html sets that name for its menu link ({% url … as %}).
        "search_statistics_url": search_url(request.GET, to="statistics", drop=("side", "sorter")),
        "clear_filters_url": search_url(request.GET, drop=(*FILTER_PARAMS, "side")),
    }
    return render(request, "cases/case_list.html", context)


def _facet_groups(facets) -> list[dict]:
    """Facets in display order without empty ones; the yes/no facets share one group.

    Long lists show the ten biggest values (and any chosen ones) first, then up to
    FACET_MORE more folded; `unlisted` counts the values left out."""
    groups = []
    for facet in FACETS:
        options = [(facet.param, option) for option in facets.options[facet.param]]
        if facet.flag:
            options = [(p, o) for p, o in options if o.count or o.selected]
            if groups and groups[-1]["flags"]:
                groups[-1]["options"] += options
                continue
        top, more = [], []
        for i, pair in enumerate(options):
            (top if i < FACET_TOP or pair[1].selected else more).append(pair)
        groups.append(
            {
                "legend": _("Innhold") if facet.flag else facet.label,
                "flags": facet.flag,
                "options": top,
                "more": more[:FACET_MORE],
                "unlisted": len(more[FACET_MORE:]),
            }
        )
    return [group for group in groups if group["options"] or group["more"]]


def _compound_notices(text_search) -> list[str]:
    """Say which words were also looked for as the words they are made of.

    A word is split when no case holds it as typed; a case may still hold another form of
    it ("skoleveier" for "skolevei"), so that is asked (one query per such word, only
    then) before the notice says that no case has the word."""
    notices = []
    for term in text_search.compounds if text_search else []:
        # The quotation marks are the language's own ("“batteri”" in English).
        parts = _(" og ").join(_("«%(word)s»") % {"word": part.text} for part in term.parts)
        if Case.objects.published().filter(term.whole_word_match()).exists():
            text = _(
                "Vi søkte etter «%(word)s» i alle bøyningsformer, og også etter %(parts)s, "
                "som ordet er satt sammen av."
            )
        else:
            text = _("Ingen anskaffelser har ordet «%(word)s», så vi søkte også etter %(parts)s.")
        notices.append(text % {"word": term.text, "parts": parts})
    return notices


def _any_hits(facet_groups, years) -> bool:
    options = (o for g in facet_groups for _, o in (*g["options"], *g["more"]))
    return any(o.count for o in options) or any(y["count"] for y in years)


def _year_options(facets, filterset) -> list[dict]:
    """Start years with counts for the two year selects; a chosen year is always offered."""
    counts = {int(option.value): option.count for option in facets.options[YEAR_FACET]}
    chosen = [filterset.cleaned.get("fra_aar"), filterset.cleaned.get("til_aar")]
    for year in chosen:
        if year is not None:
            counts.setdefault(year, 0)
    return [
        {"value": year, "count": n, "from": year == chosen[0], "to": year == chosen[1]}
        for year, n in sorted(counts.items(), reverse=True)
    ]


def _hidden_filters(filterset) -> list[tuple[str, str]]:
    """The valid filters as (name, value) pairs, so a new search keeps them."""
    pairs = []
    for name in FILTER_PARAMS:
        value = filterset.cleaned.get(name)
        if value in (None, "", []):
            continue
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, str(item)))
    return pairs


def _sort_options(filterset) -> list[dict]:
    return [
        {"value": value, "label": label, "current": value == filterset.sort}
        for value, label in SORT_CHOICES
        if value != SORT_RELEVANCE or filterset.text_search
    ]
