"""One search, run: the entry point every view of a search calls.

run_search() reads the parameters (cases.search.filters), counts the facets and, for a text
search, lists the page's hits in the same statement (cases.search.facets), then reads the
page's cards with their highlights (cases.search.text)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from django.core.paginator import EmptyPage, Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cases.models import Case, CaseBuyer, Sector
from cases.search.facets import FacetCounts, Window, count_facets
from cases.search.filters import CaseFilterSet
from cases.search.text import HIT_CAP, SUGGEST_WHEN_HITS_AT_MOST
from networks.models import Organization, Region

PAGE_SIZE = 20
PAGE_ORPHANS = 3


def search_filterset(params, request=None, kind=CaseFilterSet) -> CaseFilterSet:
    """The search described by a query string, over published cases (also for feeds, exports,
    statistics, the API and, as a NewCasesFilterSet, alert digests).

    With the request, the content version read for the page cache is reused."""
    return kind(params, queryset=Case.objects.published(), request=request)


@dataclass
class SearchResult:
    filterset: CaseFilterSet
    facets: FacetCounts
    page: Page
    cases: list[Card]
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


def page_rows(filterset: CaseFilterSet, page, capped: bool = False) -> list[Card]:
    """The cases of one page as cards, in one statement.

    When the text matched more than HIT_CAP cases, only the first HIT_CAP + 1 matches (the
    ones the facets counted) are ranked."""
    ordered = filterset.qs
    if capped and filterset.text_search:
        ordered = ordered.filter(pk__in=filterset.text_search.candidates(filterset.queryset))
    return cards(filterset, ordered.values("pk")[page.start_index() - 1 : page.end_index()])


@dataclass(slots=True)
class Card:
    """What a result card shows ({% case_card %}), read by one hand-written statement."""

    pk: int
    title: str
    slug: str
    summary: str
    status: str
    phase: str
    is_demo: bool
    region_name: str | None
    start_year: int | None
    end_year: int | None
    buyer_names: list[str]
    sector_names: list[str]
    title_html: SafeString | None = None
    snippet_html: SafeString | None = None
    need_reasons: list[str] | None = None
    url: str = ""

    def get_absolute_url(self) -> str:
        return self.url


_CASES = Case._meta.db_table
# The statement's columns before the highlights: Card's fields up to its sector names.
_CARD_COLUMNS = [f.name for f in fields(Card)].index("title_html")
# A card's columns; the highlights (TextSearch.highlight_sql) are added after them. Buyers
# lead first, as on the case page.
_CARDS_SQL = f"""
SELECT c.id, c.title, c.slug, c.summary, c.status, c.phase, c.is_demo, r.name,
       c.start_year, c.end_year,
       ARRAY(SELECT (SELECT o.name FROM {Organization._meta.db_table} o
                     WHERE o.id = b.organization_id) AS name
             FROM {CaseBuyer._meta.db_table} b
             WHERE b.case_id = c.id ORDER BY b.is_lead DESC, name),
       ARRAY(SELECT s.name FROM {Sector._meta.db_table} s
             JOIN {Case.sectors.through._meta.db_table} cs ON cs.sector_id = s.id
             WHERE cs.case_id = c.id ORDER BY s.name)
       {{highlights}}
FROM (SELECT {{ids}} AS ids) AS page
{{highlight_join}}
CROSS JOIN {_CASES} c
LEFT JOIN {Region._meta.db_table} r ON r.id = c.region_id
WHERE c.is_published AND c.id = ANY(page.ids)
ORDER BY array_position(page.ids, c.id)
"""  # noqa: S608 - table names are constants; the ids are a parameter or a compiled query


def cards(filterset: CaseFilterSet, ids: list[int] | QuerySet) -> list[Card]:
    """The published cases with these ids as cards, in this order, with highlights (a text
    search's title and snippet, with its words marked).

    `ids` is a list, or a query of the ids in order (`values("pk")`, sliced): its list is
    then made once (an init plan), not for each card."""
    if isinstance(ids, list):
        if not ids:
            return []
        ids_sql, ids_params = "%s::bigint[]", [ids]
    else:
        query_sql, ids_params = ids.query.sql_with_params()
        ids_sql = f"ARRAY({query_sql})"
    text_search = filterset.text_search
    highlights = text_search.highlight_sql("c") if text_search else None
    columns, join, query_params = highlights if highlights else ("", "", [])
    sql = _CARDS_SQL.format(
        highlights=f", {columns}" if columns else "", ids=ids_sql, highlight_join=join
    )
    params = [*ids_params, *query_params]
    # Every card's address, without a reverse() for each (a slug needs no quoting).
    before, after = reverse("cases:detail", args=["slug"]).rsplit("slug", 1)
    found = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            card = Card(*row[:_CARD_COLUMNS])
            card.url = f"{before}{card.slug}{after}"
            if highlights:
                title_marked, snippet_marked = row[_CARD_COLUMNS:]
                card.title_html = text_search.mark_html(title_marked)
                card.snippet_html = text_search.snippet_html(snippet_marked, card.summary)
            found.append(card)
    return found
