"""The facets of a search: which filters exist, and their counts in one SQL statement.

A facet's counts respect the query and all the *other* active filters. With a text query
and a window, the same statement also lists the ids of the page's hits.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
from dataclasses import dataclass, field

from django.core.cache import cache as shared_cache
from django.db import connection
from django.utils.translation import gettext_lazy

from cases import caching
from cases.models import Case, Phase, Sector, norwegian_sort_key
from cases.search.filters import (
    NO,
    SORT_NEWEST,
    SORT_RELEVANCE,
    SORT_REUSED,
    SORT_TITLE,
    YES,
    CaseFilterSet,
)
from cases.search.text import HIT_CAP
from ioa_portal.lib.after_response import after_response
from networks.models import LearningNetwork, Organization, Region


@dataclass(frozen=True)
class Facet:
    """A filter shown with counts. `column` is a column of the facet base query."""

    param: str
    label: str
    column: str
    many: bool = False  # the column is an array: a case has several values
    choices: tuple = ()  # (value, label) of a fixed vocabulary
    names_from: type | None = None  # model whose `name` labels the ids
    flag: bool = False  # yes/no: "ja" is offered, "nei" listed when chosen
    without_label: str = ""  # a flag's label for "nei"

    def condition(self, cleaned) -> tuple[str, list] | None:
        value = cleaned.get(self.param)
        if not value:
            return None
        if self.flag:
            return f"base.{self.column} = %s", [value == YES]
        if self.many:
            return f"base.{self.column} && %s::bigint[]", [list(value)]
        if self.names_from:  # an id column, compared as ids so that its index can answer
            return f"base.{self.column} = ANY(%s::bigint[])", [[int(v) for v in value]]
        return f"base.{self.column}::text = ANY(%s)", [[str(v) for v in value]]

    def counted(self) -> tuple[str, str, str, str]:
        """SQL for the value to group on, the rows to count over, and the label and join
        that name each group (joined after counting: ids group faster than names)."""
        if self.many:
            value, rows = "v.id", f"base CROSS JOIN unnest(base.{self.column}) AS v(id)"
        else:
            value, rows = f"base.{self.column}", "base"
        if self.names_from:
            return (
                value,
                rows,
                "l.name",
                f"JOIN {self.names_from._meta.db_table} l ON l.id = g.value",
            )
        return value, rows, "NULL", ""


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetCounts:
    total: int = 0
    # The text matched more than HIT_CAP cases: only the first HIT_CAP + 1 were counted.
    capped: bool = False
    options: dict[str, list[FacetOption]] = field(default_factory=dict)
    # With a text query and a `window`, the ids of the hits in it, in the page's order.
    window_ids: list[int] | None = None


@dataclass(frozen=True)
class Window:
    """Hits to list: `size` of them after the first `offset`, in the search's order."""

    offset: int
    size: int


FACETS = [
    Facet("sektor", gettext_lazy("Sektor"), "sector_ids", many=True, names_from=Sector),
    Facet("fase", gettext_lazy("Fase"), "phase", choices=tuple(Phase.choices)),
    Facet("status", gettext_lazy("Status"), "status", choices=tuple(Case.Status.choices)),
    Facet(
        "prosedyre", gettext_lazy("Prosedyre"), "procedure", choices=tuple(Case.Procedure.choices)
    ),
    Facet(
        "type",
        gettext_lazy("Type innovativ anskaffelse"),
        "innovation_type",
        choices=tuple(Case.InnovationType.choices),
    ),
    Facet("fylke", gettext_lazy("Fylke"), "region_id", names_from=Region),
    Facet("kjoper", gettext_lazy("Oppdragsgiver"), "buyer_ids", many=True, names_from=Organization),
    Facet(
        "nettverk",
        gettext_lazy("Fra læringsnettverk"),
        "origin_network_id",
        names_from=LearningNetwork,
    ),
    Facet(
        "dialog",
        gettext_lazy("Har dialogkonferanse"),
        "has_dialogue_conference",
        flag=True,
        without_label=gettext_lazy("Uten dialogkonferanse"),
    ),
    Facet(
        "gevinst",
        gettext_lazy("Har gevinstanalyse"),
        "has_benefit_analysis",
        flag=True,
        without_label=gettext_lazy("Uten gevinstanalyse"),
    ),
    Facet(
        "gjenbrukt",
        gettext_lazy("Tatt i bruk av andre"),
        "has_reuse",
        flag=True,
        without_label=gettext_lazy("Ikke tatt i bruk av andre ennå"),
    ),
]

# Every URL parameter that selects cases (the text, the facets, the year range): the search
# page, its feed and exports, the statistics page and the API all read these.
FILTER_PARAMS = (*(facet.param for facet in FACETS), "fra_aar", "til_aar")
SEARCH_PARAMETERS = ("q", "modus", *FILTER_PARAMS)
YEAR_FACET = "aar"
# The facet base query's columns: all on the case row (see Case.sector_ids).
FACET_BASE_COLUMNS = (*(facet.column for facet in FACETS), "start_year")


def _conditions(cleaned) -> dict[str, tuple[str, list]]:
    """SQL over the facet base for each active filter, keyed by facet."""
    conditions = {}
    for facet in FACETS:
        if condition := facet.condition(cleaned):
            conditions[facet.param] = condition
    years = [
        (sql, cleaned[param])
        for param, sql in (
            ("fra_aar", "base.start_year >= %s"),
            ("til_aar", "base.start_year <= %s"),
        )
        if cleaned.get(param) is not None
    ]
    if years:
        conditions[YEAR_FACET] = (" AND ".join(sql for sql, _ in years), [v for _, v in years])
    return conditions


def _facet_base(filterset: CaseFilterSet, ordered: bool = False):
    """Published cases matching the text query (the first HIT_CAP + 1 of them), with one
    column per facet; when `ordered`, also the columns the hits are listed by (ORDER_SQL)."""
    cases = filterset.queryset
    if filterset.text_search:
        cases = filterset.text_search.filter(cases)
    columns = list(FACET_BASE_COLUMNS)
    if ordered:
        columns += ["id", "published_at"]
        if filterset.sort == SORT_RELEVANCE:
            cases = filterset.text_search.rank(cases)
            columns += ["whole_words", "rank"]
        elif filterset.sort == SORT_TITLE:
            cases = cases.annotate(title_key=norwegian_sort_key("title"))
            columns += ["title_key"]
        elif filterset.sort == SORT_REUSED:
            columns += ["reuse_count"]
    base = cases.order_by().values(*columns)
    return base[: HIT_CAP + 1] if filterset.text_search else base


# The order of CaseFilterSet.order(), over the columns of an ordered facet base.
ORDER_SQL = {
    SORT_RELEVANCE: "base.whole_words DESC, base.rank DESC, base.published_at DESC, base.id",
    SORT_NEWEST: "base.published_at DESC, base.id",
    SORT_TITLE: "base.title_key, base.id",
    SORT_REUSED: "base.reuse_count DESC, base.published_at DESC, base.id",
}


# Counts without a text query are kept per process (caching.facet_counts: a hit costs only
# the version query) and in the project's shared cache (the database or Redis), so that each
# combination is counted once for all workers. The key holds the filters and the content
# version, so any change shows at once.
FACET_CACHE_SECONDS = caching.FACET_CACHE_SECONDS


def count_facets(filterset: CaseFilterSet, window: Window | None = None) -> FacetCounts:
    """The number of hits and every facet's counts, in one query (cached without a text
    query, where every visitor asks for the same few combinations).

    With a text query and a `window`, the same statement also lists the ids of the hits in
    it: the text is then matched once for the counts and the page together."""
    cleaned = filterset.cleaned
    window_ids = None
    if filterset.text_search:
        total, raw = _count_facets(filterset, window)
        matched = raw.pop("matched", {}).get(None, (None, 0))[1]
        capped = matched > HIT_CAP
        if window is not None:
            listed = raw.pop("window", {})
            window_ids = [int(pk) for pk, _ in sorted(listed.items(), key=lambda i: i[1][1])]
    else:
        capped = False
        chosen = {
            name: sorted(map(str, value)) if isinstance(value, list) else str(value)
            for name, value in cleaned.items()
            if name in filterset.filters and value not in (None, "", [])
        }
        version = caching.settled_version(filterset.request)
        if version is None:  # a writer has not committed: count, but do not keep
            cached = _count_facets(filterset)
        else:
            key = hashlib.sha256(json.dumps([sorted(chosen.items()), version]).encode()).hexdigest()
            cached = caching.facet_counts.get(key)
            if cached is None:
                # Another worker may have counted them: the shared cache is the second level.
                cached = shared_cache.get(f"facets:{key}")
                if cached is None:
                    cached = _count_facets(filterset)
                    # For the other workers, once this page has been sent.
                    after_response(
                        functools.partial(
                            shared_cache.set, f"facets:{key}", cached, FACET_CACHE_SECONDS
                        )
                    )
                caching.facet_counts.set(key, cached)
        total, raw = cached
    counts = FacetCounts(total=total, capped=capped, window_ids=window_ids)
    counts.options = _options(raw, cleaned, getattr(filterset.form, "names", {}))
    return counts


def _count_facets(filterset: CaseFilterSet, window: Window | None = None) -> tuple[int, dict]:
    """The total and, per facet, {value: (label, count)}: from the counts the database
    keeps (_kept_counts) without a text query, by counting the text's hits with one."""
    if filterset.text_search is None and window is None:
        return _kept_counts(filterset)
    return _counted_hits(filterset, window)


def _counted_hits(filterset: CaseFilterSet, window: Window | None = None) -> tuple[int, dict]:
    """The total and, per facet, {value: (label, count)}, counted over the text's hits.

    The text match runs once (a materialised CTE); each facet then counts the rows that
    pass every active filter except its own. With a `window`, the key "window" maps the
    ids of the hits in it to their place in the list: (None, 1), (None, 2) …"""
    cleaned = filterset.cleaned
    conditions = _conditions(cleaned)
    base_sql, base_params = _facet_base(
        filterset, ordered=window is not None
    ).query.sql_with_params()
    params = list(base_params)
    selects = []

    def select(key: str, value: str, rows: str, label="NULL", names="", group=True) -> None:
        """Add one SELECT counting `rows` that pass every active filter except `key`,
        per value of `value` when `group`."""
        active = [(sql, p) for name, (sql, p) in conditions.items() if name != key]
        present = [f"{value} IS NOT NULL"] if group else []
        where = " AND ".join(present + [sql for sql, _ in active]) or "TRUE"
        if group:
            counted = f"SELECT {value} AS value, count(*) AS n FROM {rows} WHERE {where} GROUP BY 1"  # noqa: S608
            selects.append(
                f"SELECT '{key}', g.value::text, {label}, g.n FROM ({counted}) AS g {names}"  # noqa: S608
            )
        else:
            selects.append(f"SELECT '{key}', NULL::text, NULL, count(*) FROM {rows} WHERE {where}")  # noqa: S608
        params.extend(v for _, p in active for v in p)

    selects.append("SELECT 'matched', NULL::text, NULL, count(*) FROM base")
    if conditions:
        select("total", "NULL", "base", group=False)
        for facet in FACETS:
            select(facet.param, *facet.counted())
        select(YEAR_FACET, "base.start_year", "base")
    else:
        # No filter: every facet counts all the hits, the single-valued ones in one pass.
        counted = " UNION ALL ".join(_counted_selects("base", list(KEPT_COLUMNS)))
        selects.append(
            f"SELECT u.key, u.value, {_label_sql()}, u.n "  # noqa: S608
            f"FROM ({counted}) AS u(key, value, n) WHERE u.value IS NOT NULL"
        )
    if window is not None:
        order = ORDER_SQL[filterset.sort]
        where = " AND ".join(sql for sql, _ in conditions.values()) or "TRUE"
        selects.append(
            "SELECT 'window', w.id::text, NULL, w.n FROM ("  # noqa: S608
            f"SELECT base.id, row_number() OVER (ORDER BY {order}) AS n FROM base WHERE {where} "
            f"ORDER BY {order} LIMIT %s OFFSET %s) AS w"
        )
        params.extend(v for _, p in conditions.values() for v in p)
        params.extend([window.size, window.offset])
    # Names and values in the SQL are constants of this module; user input is in params.
    sql = f"WITH base AS MATERIALIZED ({base_sql}) " + " UNION ALL ".join(selects)

    total = 0
    raw: dict[str, dict[str, tuple[str | None, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for key, value, label, count in cursor.fetchall():
            if key == "total":
                total = count
            else:
                raw.setdefault(key, {})[value] = (label, count)
    return total, raw


# The counts the database keeps (cases migration 0026): per facet value, and per pair of
# values of two facets. Keys of the table: the facet's column; 'total' counts cases.
KEPT_TABLE = "cases_facet_count"
# And per value given one value of each of two narrow facets (migration 0030): the columns
# named here, which must be the migration's NARROW.
KEPT_TRIPLES_TABLE = "cases_facet_count3"
TRIPLE_FACETS = frozenset(
    {
        "has_benefit_analysis",
        "has_dialogue_conference",
        "has_reuse",
        "innovation_type",
        "phase",
        "procedure",
        "status",
    }
)
TOTAL = "total"
# A facet's key in the results (its URL parameter) and its column in the kept counts.
KEPT_COLUMNS = {
    TOTAL: TOTAL,
    **{facet.param: facet.column for facet in FACETS},
    YEAR_FACET: "start_year",
}
FACETS_BY_PARAM = {facet.param: facet for facet in FACETS}
# Up to this many values of a facet a case may have several of are counted from the kept
# counts summed over them, less the cases holding two or more (found by their pairs).
OVERLAP_MAX_VALUES = 4


def _kept_values(name: str, cleaned, column: str = "k.of_value") -> tuple[str, list] | None:
    """SQL selecting the kept rows "given this filter" (its value in `column`), when its
    counts may be summed over its values. Each case has at most one of them, or, for up to
    OVERLAP_MAX_VALUES values of a facet a case may have several of (two sectors), the
    cases with more than one are taken off the sum (_overlap_cases). None for more."""
    if name == YEAR_FACET:
        low, high = cleaned.get("fra_aar"), cleaned.get("til_aar")
        year = f"(CASE WHEN {column} ~ '^[0-9]{{1,5}}$' THEN {column}::int END)"
        sql = " AND ".join(
            [f"{year} >= %s"] * (low is not None) + [f"{year} <= %s"] * (high is not None)
        )
        return sql, [v for v in (low, high) if v is not None]
    facet = FACETS_BY_PARAM[name]
    value = cleaned[name]
    if facet.flag:
        return f"{column} = %s", [str(value == YES).lower()]
    values = [str(v) for v in value]
    if facet.many and len(values) > OVERLAP_MAX_VALUES:
        return None
    return f"{column} = ANY(%s)", [values]


@functools.cache
def _label_sql() -> str:
    """The name of a counted id, for the facets whose values are ids of a named model."""
    cases = " ".join(
        f"WHEN '{facet.param}' THEN (SELECT l.name FROM {facet.names_from._meta.db_table} l "  # noqa: S608
        "WHERE l.id = u.value::bigint)"
        for facet in FACETS
        if facet.names_from
    )
    return f"CASE u.key {cases} END"


def _counted_selects(
    rows: str, keys: list[str], where: str = "TRUE", weight: str | None = None
) -> list[str]:
    """SELECTs counting the values of these keys over the `rows` that pass `where` (key,
    value, n): the single-valued ones in one pass (grouping sets), each array through
    unnest in the select list (cheaper than a lateral join). A NULL value is no group: the
    caller drops it. Each row counts 1, or its `weight`."""
    many = [key for key in keys if key in FACETS_BY_PARAM and FACETS_BY_PARAM[key].many]
    single = [KEPT_COLUMNS[key] for key in keys if key != TOTAL and key not in many]
    names = {KEPT_COLUMNS[key]: key for key in keys}
    counter = "sum(w)" if weight else "count(*)"
    weighted = f", {weight} AS w" if weight else ""
    selects = []
    if single or TOTAL in keys:
        sets = [f"({c})" for c in single] + ["()"] * (TOTAL in keys)
        key_sql = " ".join(f"WHEN GROUPING({c}) = 0 THEN '{names[c]}'" for c in single)
        value_sql = " ".join(f"WHEN GROUPING({c}) = 0 THEN {c}::text" for c in single)
        selects.append(
            f"SELECT CASE {key_sql} ELSE '{TOTAL}' END, "  # noqa: S608
            f"CASE {value_sql} ELSE '' END, {counter} "
            f"FROM (SELECT *{weighted} FROM {rows} WHERE {where}) AS x "
            f"GROUP BY GROUPING SETS ({', '.join(sets)})"
        )
    for key in many:
        selects.append(
            f"SELECT '{key}', v::text, {counter} FROM "  # noqa: S608
            f"(SELECT unnest({KEPT_COLUMNS[key]}) AS v{weighted} FROM {rows} WHERE {where}) "
            "AS x GROUP BY 2"
        )
    return selects


def _kept_counts(filterset: CaseFilterSet) -> tuple[int, dict]:
    """The total and every facet's counts without a text query, from the kept counts
    where they answer and by counting cases where they do not.

    A facet's counts respect every active filter except its own. With none of the others
    active they are the kept counts per value; with one other, whose values a case has
    at most one of, the kept pair counts summed over that filter's values; with two others
    of the narrow facets (TRIPLE_FACETS), the kept triples summed likewise. Only with
    other combinations (three others, a county and a sector, two values of a facet a case
    may have several of) are cases counted (_counted_cases), in the same statement."""
    cleaned = filterset.cleaned
    conditions = _conditions(cleaned)
    params: list = []
    selects: list[str] = []
    singles: list[str] = []
    given: dict[str, list[str]] = {}
    given_two: dict[tuple[str, str], list[str]] = {}
    counted: dict[frozenset, list[str]] = {}
    for key in KEPT_COLUMNS:
        others = [name for name in conditions if name != key]
        if not others:
            singles.append(key)
        elif len(others) == 1 and _kept_values(others[0], cleaned) is not None:
            given.setdefault(others[0], []).append(key)
        elif len(others) == 2 and all(KEPT_COLUMNS[name] in TRIPLE_FACETS for name in others):
            # Kept with the first facet (by column) as of_facet, the second as and_facet.
            pair = tuple(sorted(others, key=KEPT_COLUMNS.get))
            given_two.setdefault(pair, []).append(key)
        else:
            counted.setdefault(frozenset(others), []).append(key)

    def kept(table: str, where: str, where_params: list, keys: list[str]) -> None:
        columns = {KEPT_COLUMNS[key]: key for key in keys}
        key_of = " ".join(f"WHEN '{column}' THEN '{key}'" for column, key in columns.items())
        selects.append(
            f"SELECT CASE k.facet {key_of} END AS key, k.value, sum(k.n) AS n "  # noqa: S608
            f"FROM {table} k WHERE {where} AND k.facet = ANY(%s) "
            "GROUP BY k.facet, k.value HAVING sum(k.n) > 0"
        )
        params.extend([*where_params, list(columns)])

    if singles:
        kept(KEPT_TABLE, "k.of_facet = '' AND k.of_value = ''", [], singles)
    for name, keys in given.items():
        sql, values = _kept_values(name, cleaned)
        kept(KEPT_TABLE, f"k.of_facet = %s AND {sql}", [KEPT_COLUMNS[name], *values], keys)
    for (first, second), keys in given_two.items():
        first_sql, first_values = _kept_values(first, cleaned)
        second_sql, second_values = _kept_values(second, cleaned, column="k.and_value")
        kept(
            KEPT_TRIPLES_TABLE,
            f"k.of_facet = %s AND {first_sql} AND k.and_facet = %s AND {second_sql}",
            [KEPT_COLUMNS[first], *first_values, KEPT_COLUMNS[second], *second_values],
            keys,
        )
    ctes: list[str] = []
    cte_params: list = []
    for name, keys in given.items():
        facet = FACETS_BY_PARAM.get(name)
        if facet is not None and facet.many and len(cleaned[name]) > 1:
            cte, cte_values, corrections = _overlap_cases(filterset, name, len(ctes), keys)
            ctes.append(cte)
            cte_params += cte_values
            selects.extend(corrections)
    if counted:
        cte, cte_values, counts = _counted_cases(filterset, conditions, counted)
        ctes.append(cte)
        cte_params += cte_values
        selects.extend(counts)
    params[:0] = cte_params
    # Names and values in the SQL are constants of this module; user input is in params.
    # A value's rows are summed: kept counts, less the corrections of _overlap_cases.
    sql = (
        f"{'WITH ' + ', '.join(ctes) if ctes else ''} "  # noqa: S608
        f"SELECT u.key, u.value, {_label_sql()}, sum(u.n) "
        f"FROM ({' UNION ALL '.join(selects)}) AS u(key, value, n) WHERE u.value IS NOT NULL "
        "GROUP BY u.key, u.value HAVING sum(u.n) > 0"
    )
    total = 0
    raw: dict[str, dict[str, tuple[str | None, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for key, value, label, count in cursor.fetchall():
            if key == TOTAL:
                total = int(count)
            else:
                raw.setdefault(key, {})[value] = (label, int(count))
    return total, raw


def _counted_cases(
    filterset: CaseFilterSet,
    conditions: dict[str, tuple[str, list]],
    counted: dict[frozenset, list[str]],
) -> tuple[str, list, list[str]]:
    """A WITH clause's query, its parameters and the SELECTs that count the keys of
    `counted` over the cases passing their sets of filters (`conditions`).

    The cases passing any of the sets are read once, found by the filters' indexes where
    they narrow them down, each row with a flag per filter; each set then counts its keys
    over the rows with its flags. (A read per set cost up to four times as much.)"""
    base_sql, base_params = (
        filterset.queryset.order_by().values(*FACET_BASE_COLUMNS).query.sql_with_params()
    )
    names = [name for name in conditions if any(name in others for others in counted)]
    flags = {name: f"f{number}" for number, name in enumerate(names)}
    columns = sorted({KEPT_COLUMNS[key] for keys in counted.values() for key in keys} - {TOTAL})
    selected = [f"base.{column}" for column in columns]
    selected += [f"({conditions[name][0]}) AS {flags[name]}" for name in names]
    params = [v for name in names for v in conditions[name][1]] + list(base_params)
    passing = []
    for others in counted:
        passing.append(" AND ".join(conditions[name][0] for name in names if name in others))
        params += [v for name in names if name in others for v in conditions[name][1]]
    cte = (
        f"c AS MATERIALIZED (SELECT {', '.join(selected)} "  # noqa: S608
        f"FROM ({base_sql}) AS base WHERE ({') OR ('.join(passing)}))"
    )
    selects = []
    for others, keys in counted.items():
        flagged = " AND ".join(flags[name] for name in names if name in others)
        selects.extend(_counted_selects("c", keys, flagged))
    return cte, params, selects


def _overlap_cases(
    filterset: CaseFilterSet, name: str, number: int, keys: list[str]
) -> tuple[str, list, list[str]]:
    """A WITH clause's query, its parameters and the SELECTs that correct the kept counts
    of `keys` summed over the values chosen for `name`, a facet a case may have several
    values of: a case with m of them was counted m times, so m - 1 are taken off.

    Those cases are found by the index on the facet's column, as the cases holding one of
    the pairs of chosen values: few, where the sum read the counts of many."""
    facet = FACETS_BY_PARAM[name]
    values = [int(v) for v in filterset.cleaned[name]]
    base_sql, base_params = (
        filterset.queryset.order_by().values("id", *FACET_BASE_COLUMNS).query.sql_with_params()
    )
    columns = sorted({KEPT_COLUMNS[key] for key in keys} - {TOTAL})
    pairs = list(itertools.combinations(values, 2))
    rows = f"o{number}"
    cte = (
        # With the id, which the covering index lacks, the cases come through the facet's
        # GIN index: the planner, which prices a filter on an array as cheap, would
        # otherwise read the whole covering index (two sectors: 40 ms against 3 at 100,000
        # cases, 270 against 170 at 1,000,000).
        f"{rows} AS MATERIALIZED (SELECT base.id, {''.join(f'base.{c}, ' for c in columns)}"  # noqa: S608
        f"(SELECT count(*) FROM unnest(base.{facet.column}) AS v WHERE v = ANY(%s::bigint[]))"
        f" - 1 AS extra FROM ({base_sql}) AS base WHERE "
        + " OR ".join([f"base.{facet.column} @> %s::bigint[]"] * len(pairs))
        + ")"
    )
    params = [values, *base_params, *(list(pair) for pair in pairs)]
    return cte, params, _counted_selects(rows, keys, weight=f"-{rows}.extra")


def _options(raw, cleaned, names) -> dict[str, list[FacetOption]]:
    """Options in a stable order: vocabularies as defined, names by count, years newest first.

    Chosen values stay listed with 0 so they can be unticked."""
    options: dict[str, list[FacetOption]] = {}
    for facet in FACETS:
        found = raw.get(facet.param, {})
        chosen = cleaned.get(facet.param) or []
        if facet.flag:
            count = found.get("true", (None, 0))[1]
            options[facet.param] = [FacetOption(YES, str(facet.label), count, chosen == YES)]
            if chosen == NO:  # shown ticked, so that it can be seen and unticked
                count = found.get("false", (None, 0))[1]
                options[facet.param].append(FacetOption(NO, str(facet.without_label), count, True))
        elif facet.choices:
            # Labels translated once here, not each time the template touches them.
            options[facet.param] = [
                FacetOption(value, str(label), found.get(value, (None, 0))[1], value in chosen)
                for value, label in facet.choices
                if value in found or value in chosen
            ]
        else:
            chosen = {str(pk): names.get(facet.param, {}).get(pk, str(pk)) for pk in chosen}
            listed = {v: (label, n) for v, (label, n) in found.items()}
            listed.update({v: (label, 0) for v, label in chosen.items() if v not in listed})
            options[facet.param] = sorted(
                (FacetOption(v, label or v, n, v in chosen) for v, (label, n) in listed.items()),
                key=lambda option: (-option.count, option.label),
            )
    options[YEAR_FACET] = sorted(
        (FacetOption(v, v, n, False) for v, (_, n) in raw.get(YEAR_FACET, {}).items()),
        key=lambda option: option.value,
        reverse=True,
    )
    return options
