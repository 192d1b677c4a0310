"""The search form of /anskaffelser/ and its facets.

Every filter lives in the GET URL under a Norwegian name. Several values of one facet
combine with OR, facets combine with AND. A facet's counts respect the query and all the
*other* active filters, and every facet is counted in one SQL statement.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.cache import cache as shared_cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.caching import settled_version
from cases.models import (
    Case,
    Phase,
    Sector,
    norwegian_sort_key,
)
from cases.search import HIT_CAP, TextSearch
from networks.models import LearningNetwork, Organization, Region

MAX_VALUES_PER_FILTER = 50
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
YEAR_MIN, YEAR_MAX = 1990, 2100

SORT_RELEVANCE, SORT_NEWEST, SORT_TITLE = "relevans", "nyeste", "tittel"
SORT_CHOICES = [
    (SORT_RELEVANCE, gettext_lazy("Relevans")),
    (SORT_NEWEST, gettext_lazy("Nyeste")),
    (SORT_TITLE, gettext_lazy("Tittel A–Å")),
]
YES, NO = "ja", "nei"


def _id(item) -> int | None:
    text = str(item).strip()
    if text.isascii() and text.isdigit() and 0 < int(text) < 2**63:
        return int(text)
    return None


class IdListField(forms.Field):
    """Repeated ?param=1&param=2 values: whole positive numbers, duplicates dropped."""

    widget = forms.SelectMultiple

    def to_python(self, value) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        ids: list[int] = []
        for item in values:
            if (pk := _id(item)) is None:
                raise ValidationError(
                    _("«%(value)s» er ikke et gyldig nummer."),
                    params={"value": str(item).strip()[:30]},
                )
            if pk not in ids:
                ids.append(pk)
        if len(ids) > MAX_VALUES_PER_FILTER:
            raise ValidationError(
                _("Velg høyst %(n)s verdier."), params={"n": MAX_VALUES_PER_FILTER}
            )
        return ids


class IdListFilter(django_filters.Filter):
    """Cases linked to any of the given ids (OR); `many` for an array of ids on the case
    (the derived sector_ids and buyer_ids, GIN-indexed)."""

    field_class = IdListField

    def __init__(self, *args, model, many=False, **kwargs):
        self.model, self.many = model, many
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__{'overlap' if self.many else 'in'}": value})


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class SearchForm(forms.Form):
    """The fields that are not filters: sort order and page number."""

    sorter = forms.ChoiceField(
        label=gettext_lazy("Sorter etter"), choices=SORT_CHOICES, required=False
    )
    side = forms.IntegerField(
        label=gettext_lazy("Side"), min_value=1, max_value=100_000, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("q"):
            # Control characters mean nothing in a search, and XML (the feed) forbids them.
            cleaned["q"] = CONTROL_CHARACTERS.sub(" ", cleaned["q"])
        # A list with a bad value keeps its good ones (the error still names the bad one).
        for name in ID_FILTER_MODELS:
            if name in self.errors and hasattr(self.data, "getlist"):
                ids = list(dict.fromkeys(filter(None, map(_id, self.data.getlist(name)))))
                if len(ids) <= MAX_VALUES_PER_FILTER:
                    cleaned[name] = ids
        self.notices: list[str] = []  # what was left out
        self.adjustments: list[str] = []  # what was used, but not as given
        self.names = self._known_names(cleaned)
        low, high = cleaned.get("fra_aar"), cleaned.get("til_aar")
        if low is not None and high is not None and low > high:
            cleaned["fra_aar"], cleaned["til_aar"] = high, low
            self.adjustments.append(_("Fra-året var senere enn til-året, så vi byttet dem om."))
        return cleaned

    def _known_names(self, cleaned) -> dict[str, dict[int, str]]:
        """Names of the chosen sectors, counties, buyers and networks, in one query.

        Unknown ids are dropped from the search with a notice, rather than finding nothing."""
        wanted = {param: cleaned.get(param) or [] for param in ID_FILTER_MODELS}
        names: dict[str, dict[int, str]] = {param: {} for param in ID_FILTER_MODELS}
        if not any(wanted.values()):
            return names
        sql = " UNION ALL ".join(
            f"SELECT %s, id, name FROM {model._meta.db_table} WHERE id = ANY(%s)"  # noqa: S608
            for model in ID_FILTER_MODELS.values()
        )
        params = [p for param in ID_FILTER_MODELS for p in (param, wanted[param])]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for param, pk, name in cursor.fetchall():
                names[param][pk] = name
        for param, ids in wanted.items():
            unknown = [pk for pk in ids if pk not in names[param]]
            if unknown:
                cleaned[param] = [pk for pk in ids if pk in names[param]]
                self.notices.append(
                    _("Fant ingen %(what)s med nummer %(ids)s, så det filteret er fjernet.")
                    % {
                        "what": ID_FILTER_NOUNS[param],
                        "ids": ", ".join(str(pk) for pk in unknown),
                    }
                )
        return names


ID_FILTER_MODELS = {
    "sektor": Sector,
    "fylke": Region,
    "kjoper": Organization,
    "nettverk": LearningNetwork,
}
ID_FILTER_NOUNS = {
    "sektor": gettext_lazy("sektor"),
    "fylke": gettext_lazy("fylke"),
    "kjoper": gettext_lazy("oppdragsgiver"),
    "nettverk": gettext_lazy("læringsnettverk"),
}


class CaseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Søk"), max_length=200, method="filter_text")
    sektor = IdListFilter(
        label=gettext_lazy("Sektor"), field_name="sector_ids", model=Sector, many=True
    )
    fase = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Fase"), field_name="phase", choices=Phase.choices, distinct=False
    )
    prosedyre = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Prosedyre"),
        field_name="procedure",
        choices=Case.Procedure.choices,
        distinct=False,
    )
    status = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Status"),
        field_name="status",
        choices=Case.Status.choices,
        distinct=False,
    )
    type = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Type innovativ anskaffelse"),
        field_name="innovation_type",
        choices=Case.InnovationType.choices,
        distinct=False,
    )
    fylke = IdListFilter(label=gettext_lazy("Fylke"), field_name="region", model=Region)
    kjoper = IdListFilter(
        label=gettext_lazy("Oppdragsgiver"),
        field_name="buyer_ids",
        model=Organization,
        many=True,
    )
    nettverk = IdListFilter(
        label=gettext_lazy("Fra læringsnettverk"),
        field_name="origin_network",
        model=LearningNetwork,
    )
    fra_aar = YearFilter(
        label=gettext_lazy("Startår fra"),
        field_name="start_year",
        lookup_expr="gte",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    til_aar = YearFilter(
        label=gettext_lazy("Startår til"),
        field_name="start_year",
        lookup_expr="lte",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    dialog = django_filters.ChoiceFilter(
        label=gettext_lazy("Dialogkonferanse"),
        choices=[(YES, gettext_lazy("Har dialogkonferanse")), (NO, gettext_lazy("Uten"))],
        method="filter_has_related",
    )
    gevinst = django_filters.ChoiceFilter(
        label=gettext_lazy("Gevinstanalyse"),
        choices=[(YES, gettext_lazy("Har gevinstanalyse")), (NO, gettext_lazy("Uten"))],
        method="filter_has_related",
    )

    class Meta:
        model = Case
        fields: list[str] = []
        form = SearchForm

    FLAG_COLUMNS = {"dialog": "has_dialogue_conference", "gevinst": "has_benefit_analysis"}

    @cached_property
    def cleaned(self) -> dict:
        """The valid part of the input; invalid fields are left out and reported."""
        self.form.is_valid()
        return self.form.cleaned_data

    @cached_property
    def text_search(self) -> TextSearch | None:
        text = (self.cleaned.get("q") or "").strip()
        search = TextSearch.analyse(text) if text else None
        return None if search is None or search.is_empty else search

    @property
    def sort(self) -> str:
        chosen = self.cleaned.get("sorter")
        if chosen == SORT_RELEVANCE or not chosen:
            return SORT_RELEVANCE if self.text_search else SORT_NEWEST
        return chosen

    def filter_text(self, cases, name, value):
        return self.text_search.filter(cases) if self.text_search else cases

    def filter_has_related(self, cases, name, value):
        return cases.filter(**{self.FLAG_COLUMNS[name]: value == YES})

    def filter_queryset(self, queryset):
        # The form also holds `sorter` and `side`, which are not filters.
        for name, value in self.cleaned.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return self.order(queryset)

    def order(self, cases):
        if self.sort == SORT_RELEVANCE:
            return self.text_search.rank(cases).order_by(*TextSearch.RELEVANCE_ORDER)
        if self.sort == SORT_TITLE:
            return cases.order_by(norwegian_sort_key("title"), "pk")
        return cases.order_by("-published_at", "pk")

    def problems(self, *, ignored: bool = True, adjustments: bool = True) -> list[str]:
        """What we could not use from the URL, in words a person understands, and (with
        ``adjustments``) what we used otherwise than given.

        Pages go on without the bad values (``ignored``); the API refuses them instead."""
        messages = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else name
            for error in errors:
                params = {"label": label, "error": error}
                if ignored:
                    messages.append(_("%(label)s: %(error)s Vi så bort fra det.") % params)
                else:
                    messages.append(_("%(label)s: %(error)s") % params)
        messages += getattr(self.form, "notices", [])
        return messages + (self.adjustments() if adjustments else [])

    def adjustments(self) -> list[str]:
        return list(getattr(self.form, "adjustments", []))


# Facets ---------------------------------------------------------------------------------


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
]

# Every URL parameter that selects cases (the text, the facets, the year range): the search
# page, its feed and exports, the statistics page and the API all read these.
FILTER_PARAMS = (*(facet.param for facet in FACETS), "fra_aar", "til_aar")
SEARCH_PARAMETERS = ("q", *FILTER_PARAMS)
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
    base = cases.order_by().values(*columns)
    return base[: HIT_CAP + 1] if filterset.text_search else base


# The order of CaseFilterSet.order(), over the columns of an ordered facet base.
ORDER_SQL = {
    SORT_RELEVANCE: "base.whole_words DESC, base.rank DESC, base.published_at DESC, base.id",
    SORT_NEWEST: "base.published_at DESC, base.id",
    SORT_TITLE: "base.title_key, base.id",
}


FACET_CACHE_SECONDS = 300
# Counts without a text query, per process (a hit costs only the version query) and in the
# project's shared cache (the database or Redis), so that each combination is counted once
# for all workers. The key holds the filters and the content version (cases.caching), so
# any change shows at once.
_facet_cache = LocMemCache(
    "ioa-facet-counts", {"TIMEOUT": FACET_CACHE_SECONDS, "OPTIONS": {"MAX_ENTRIES": 2000}}
)


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
        version = settled_version(filterset.request)
        if version is None:  # a writer has not committed: count, but do not keep
            cached = _count_facets(filterset)
        else:
            key = hashlib.sha256(json.dumps([sorted(chosen.items()), version]).encode()).hexdigest()
            cached = _facet_cache.get(key)
            if cached is None:
                # Another worker may have counted them: the shared cache is the second level.
                cached = shared_cache.get(f"facets:{key}")
                if cached is None:
                    cached = _count_facets(filterset)
                    shared_cache.set(f"facets:{key}", cached, FACET_CACHE_SECONDS)
                _facet_cache.set(key, cached)
        total, raw = cached
    counts = FacetCounts(total=total, capped=capped, window_ids=window_ids)
    counts.options = _options(raw, cleaned, getattr(filterset.form, "names", {}))
    return counts


def _count_facets(filterset: CaseFilterSet, window: Window | None = None) -> tuple[int, dict]:
    """The total and, per facet, {value: (label, count)}.

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

    select("total", "NULL", "base", group=False)
    selects.append("SELECT 'matched', NULL::text, NULL, count(*) FROM base")
    for facet in FACETS:
        select(facet.param, *facet.counted())
    select(YEAR_FACET, "base.start_year", "base")
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
