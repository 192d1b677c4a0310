"""Browsing and searching published cases: /anskaffelser/."""

from __future__ import annotations

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Subquery
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.filters import (
    FACETS,
    FILTER_PARAMS,
    SORT_CHOICES,
    SORT_RELEVANCE,
    YEAR_FACET,
    CaseFilterSet,
    Window,
    count_facets,
)
from cases.models import Case
from cases.search import HIT_CAP, SUGGEST_WHEN_HITS_AT_MOST, with_card_fields

PAGE_SIZE = 20
PAGE_ORPHANS = 3
FACET_TOP = 10
# A long facet (hundreds of public bodies) lists at most this many more values, folded; the
# rest are found by typing the name into the search box (names are searchable).
FACET_MORE = 40
# Parameters that say what to find; the page number and sort order only say how to show it.


def search_filterset(params, request=None) -> CaseFilterSet:
    """The search described by a query string, over published cases (also for feeds, exports).

    With the request, the content version read for the page cache is reused."""
    return CaseFilterSet(params, queryset=Case.objects.published(), request=request)


def case_list(request):
    filterset = search_filterset(request.GET, request)
    wanted = filterset.cleaned.get("side") or 1
    # A page holds PAGE_SIZE hits, the last one up to PAGE_ORPHANS more.
    window = Window(offset=(wanted - 1) * PAGE_SIZE, size=PAGE_SIZE + PAGE_ORPHANS)
    facets = count_facets(filterset, window)
    problems = filterset.problems(adjustments=False)

    # Counted together with the facets; the rows are read below, for one page only. A
    # capped search lists the first HIT_CAP, as the page says (it counted one more, to
    # know that there are more).
    listed = min(facets.total, HIT_CAP) if facets.capped else facets.total
    paginator = Paginator(range(listed), PAGE_SIZE, orphans=PAGE_ORPHANS)
    try:
        page = paginator.page(wanted)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
        problems.append(_("Den siden finnes ikke. Her er den siste siden med treff."))
    if not facets.total:
        cases = []
    elif facets.window_ids is not None and page.number == wanted:
        # Listed by the facet statement (text searches): only the cards are left to read.
        on_page = facets.window_ids[: page.end_index() - page.start_index() + 1]
        cases = cards(filterset, on_page)
    else:
        cases = page_rows(filterset, page, capped=facets.capped)

    text_search = filterset.text_search
    suggestion = None
    if text_search and facets.total <= SUGGEST_WHEN_HITS_AT_MOST:
        suggestion = text_search.suggestion()

    facet_groups = _facet_groups(facets)
    years = _year_options(facets, filterset)
    context = {
        "filterset": filterset,
        "q": filterset.cleaned.get("q") or "",
        "total": facets.total,
        "capped": facets.capped,
        "hit_cap": HIT_CAP,
        "page_obj": page,
        "cases": cases,
        "facets": facet_groups,
        "years": years,
        # Without hits, filters are offered only if some other choice would find cases
        # (filters alone); the chosen ones are removed from "Aktive filtre" either way.
        "show_filters": bool(
            (facet_groups or years) and (facets.total or _any_hits(facet_groups, years))
        ),
        "active_filters": active_filters(request.GET, facets, filterset),
        "hidden_filters": _hidden_filters(filterset),
        "sort": filterset.sort,
        "sort_options": _sort_options(filterset),
        "problems": problems,
        "adjustments": filterset.adjustments() + _compound_notices(text_search),
        "suggestion": suggestion,
        "suggestion_url": suggestion and _url(request.GET, q=suggestion),
        "feed_url": _url(request.GET, to="cases:feed", drop=("side", "sorter")),
        "csv_url": _url(request.GET, to="cases:export_csv", drop=("side",)),
        "json_url": _url(request.GET, to="cases:export_json", drop=("side",)),
        "statistics_url": _url(request.GET, to="statistics", drop=("side", "sorter")),
        "clear_filters_url": _url(request.GET, drop=(*FILTER_PARAMS, "side")),
    }
    return render(request, "cases/case_list.html", context)


def page_rows(filterset: CaseFilterSet, page, capped: bool = False) -> list[Case]:
    """The cases of one page as cards, with highlights computed for these rows only.

    When the text matched more than HIT_CAP cases, only the first HIT_CAP + 1 matches (the
    ones the facets counted) are ranked."""
    ordered = filterset.qs
    if capped and filterset.text_search:
        ordered = ordered.filter(pk__in=filterset.text_search.candidates(filterset.queryset))
    on_page = ordered.values("pk")[page.start_index() - 1 : page.end_index()]
    # The outer query orders just the page's ids again; repeating the search's conditions
    # there would make PostgreSQL run the candidate search once per row.
    rows = filterset.order(with_card_fields(filterset.queryset.filter(pk__in=Subquery(on_page))))
    return _highlighted(filterset, rows)


def cards(filterset: CaseFilterSet, ids: list[int]) -> list[Case]:
    """The cases with these ids as cards, in this order, with highlights."""
    rows = with_card_fields(filterset.queryset.filter(pk__in=ids))
    by_id = {case.pk: case for case in _highlighted(filterset, rows)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _highlighted(filterset: CaseFilterSet, rows) -> list[Case]:
    """The rows, with `title_html` and `snippet_html` marking the text query's words."""
    text_search = filterset.text_search
    if text_search is None:
        return list(rows)
    rows = list(text_search.highlight(rows))
    for case in rows:
        # A query of only excluded words ("-buss") has nothing to highlight.
        if hasattr(case, "title_marked"):
            case.title_html = text_search.mark_html(case.title_marked)
            case.snippet_html = text_search.snippet_html(case.snippet_marked, case.summary)
    return rows


def _url(params, to: str = "cases:list", drop=("side",), **changes) -> str:
    query = params.copy()
    for name in drop:
        query.pop(name, None)
    for name, value in changes.items():
        query[name] = value
    encoded = query.urlencode()
    return reverse(to) + (f"?{encoded}" if encoded else "")


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
    """Say which unknown words were also looked for as the words they are made of."""
    notices = []
    for term in text_search.compounds if text_search else []:
        parts = _(" og ").join(f"«{part.text}»" for part in term.parts)
        notices.append(
            _("Ingen anskaffelser har ordet «%(word)s», så vi søkte også etter %(parts)s.")
            % {"word": term.text, "parts": parts}
        )
    return notices


def _any_hits(facet_groups, years) -> bool:
    options = (o for g in facet_groups for _, o in (*g["options"], *g["more"]))
    return any(o.count for o in options) or any(y["count"] for y in years)


def active_filters(params, facets, filterset) -> list[dict]:
    """Every chosen filter value, each with a link that removes just that value."""
    active = []
    for facet in FACETS:
        for option in facets.options[facet.param]:
            if option.selected:
                query = params.copy()
                query.setlist(
                    facet.param, [v for v in query.getlist(facet.param) if v != option.value]
                )
                label = option.label if facet.flag else f"{facet.label}: {option.label}"
                active.append({"label": label, "remove_url": _url(query)})
    # The years as understood (swapped when given the wrong way round), so that removing
    # one keeps the other where the page shows it.
    years = {param: filterset.cleaned.get(param) for param in ("fra_aar", "til_aar")}
    for param, other, text in (
        ("fra_aar", "til_aar", _("Startår fra %s")),
        ("til_aar", "fra_aar", _("Startår til %s")),
    ):
        if years[param] is not None:
            kept = {other: str(years[other])} if years[other] is not None else {}
            remove_url = _url(params, drop=("fra_aar", "til_aar", "side"), **kept)
            active.append({"label": text % years[param], "remove_url": remove_url})
    return active


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
