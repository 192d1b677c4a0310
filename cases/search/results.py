"""One search, run: the entry point every view of a search calls.

run_search() reads the parameters (cases.search.filters), counts the facets and, for a text
search, lists the page's hits in the same statement (cases.search.facets), then reads the
page's cards with their highlights (cases.search.text)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Subquery
from django.utils.translation import gettext as _

from cases.models import Case
from cases.search.facets import FacetCounts, Window, count_facets
from cases.search.filters import CaseFilterSet
from cases.search.text import HIT_CAP, SUGGEST_WHEN_HITS_AT_MOST

PAGE_SIZE = 20
PAGE_ORPHANS = 3


def search_filterset(params, request=None) -> CaseFilterSet:
    """The search described by a query string, over published cases (also for feeds, exports,
    statistics and the API).

    With the request, the content version read for the page cache is reused."""
    return CaseFilterSet(params, queryset=Case.objects.published(), request=request)


@dataclass
class SearchResult:
    filterset: CaseFilterSet
    facets: FacetCounts
    page: Page
    cases: list[Case]
    problems: list[str] = field(default_factory=list)
    suggestion: str | None = None

    @property
    def total(self) -> int:
        return self.facets.total

    @property
    def capped(self) -> bool:
        return self.facets.capped

    @property
    def text_search(self):
        return self.filterset.text_search


def run_search(params, request=None) -> SearchResult:
    """The page of hits the parameters ask for (`side`), with the facet counts."""
    filterset = search_filterset(params, request)
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
    if text_search is not None and text_search.is_need and cases:
        reasons = text_search.reasons([case.pk for case in cases])
        for case in cases:
            case.need_reasons = reasons.get(case.pk, [])
    suggestion = None
    if text_search and facets.total <= SUGGEST_WHEN_HITS_AT_MOST:
        suggestion = text_search.suggestion()
    return SearchResult(filterset, facets, page, cases, problems, suggestion)


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
    rows = filterset.order(filterset.queryset.filter(pk__in=Subquery(on_page)).with_card_names())
    return _highlighted(filterset, rows)


def cards(filterset: CaseFilterSet, ids: list[int]) -> list[Case]:
    """The cases with these ids as cards, in this order, with highlights."""
    rows = filterset.queryset.filter(pk__in=ids).with_card_names()
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
