"""Search over published cases: the one place feeds, exports, statistics, the API and the
search page take a search from.

- filters: the parameters of a search, cleaned (CaseFilterSet).
- facets: which facets exist and their counts, in one statement.
- text: full-text matching, highlights and "Mente du …?".
- results: run_search(), the entry point: a page of hits with its facets.
- params: a search in addresses (links to other views, active filters in words).
- similar: similar cases on a case page.
- index: upkeep of what the search reads besides the generated search vector.
"""

from cases.search.results import SearchResult, run_search, search_filterset

__all__ = ["SearchResult", "run_search", "search_filterset"]
