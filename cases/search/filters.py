"""The search form of /anskaffelser/: every parameter a search reads, cleaned.

Every filter lives in the GET URL under a Norwegian name. Several values of one facet
combine with OR, facets combine with AND (cases.search.facets counts them).
"""

from __future__ import annotations

import copy
import functools
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import (
    Case,
    Phase,
    Sector,
    norwegian_sort_key,
)
from cases.search import need
from cases.search.need import MAX_NEED_CHARACTERS
from cases.search.text import TextSearch
from networks.models import LearningNetwork, Organization, Region

MAX_VALUES_PER_FILTER = 50
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
YEAR_MIN, YEAR_MAX = 1990, 2100

SORT_RELEVANCE, SORT_NEWEST, SORT_TITLE = "relevans", "nyeste", "tittel"
SORT_REUSED = "gjenbrukt"
SORT_CHOICES = [
    (SORT_RELEVANCE, gettext_lazy("Relevans")),
    (SORT_NEWEST, gettext_lazy("Nyeste")),
    (SORT_TITLE, gettext_lazy("Tittel A–Å")),
    (SORT_REUSED, gettext_lazy("Mest gjenbrukt")),
]
YES, NO = "ja", "nei"
# How the text is matched: every word (precise) or the need as a whole; by default the
# search decides from the text (cases.search.need).
MODE_PRECISE, MODE_NEED = "presis", "behov"
MODE_CHOICES = [
    (MODE_PRECISE, gettext_lazy("Alle ordene")),
    (MODE_NEED, gettext_lazy("Beskriv behovet")),
]


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
    modus = forms.ChoiceField(label=gettext_lazy("Søkemåte"), choices=MODE_CHOICES, required=False)

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


@functools.cache
def _form_class(filterset_class) -> type[forms.Form]:
    filters = copy.deepcopy(filterset_class.base_filters)
    fields = {name: filter_.field for name, filter_ in filters.items()}
    return type(f"{filterset_class.__name__}Form", (filterset_class._meta.form,), fields)


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
    q = django_filters.CharFilter(
        label=gettext_lazy("Søk"), max_length=MAX_NEED_CHARACTERS, method="filter_text"
    )
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

    gjenbrukt = django_filters.ChoiceFilter(
        label=gettext_lazy("Gjenbruk"),
        choices=[(YES, gettext_lazy("Tatt i bruk av andre")), (NO, gettext_lazy("Uten"))],
        method="filter_has_related",
    )

    class Meta:
        model = Case
        fields: list[str] = []
        form = SearchForm

    # How a text read as a need is ranked (NewCasesFilterSet: an alert's digest).
    need_search = need.NeedSearch

    FLAG_COLUMNS = {
        "dialog": "has_dialogue_conference",
        "gevinst": "has_benefit_analysis",
        "gjenbrukt": "has_reuse",
    }

    def get_form_class(self):
        """The form: its fields are the filters' and do not change with the search, so the
        class is made once (each form still copies its fields)."""
        return _form_class(type(self))

    @cached_property
    def cleaned(self) -> dict:
        """The valid part of the input; invalid fields are left out and reported."""
        self.form.is_valid()
        return self.form.cleaned_data

    @cached_property
    def text_search(self) -> TextSearch | None:
        """The text as a precise search (every word) or as a need (ranked as a whole):
        a need when it reads like a description, or when a few plain words together find
        fewer than three cases; `modus` chooses either way."""
        text = (self.cleaned.get("q") or "").strip()
        if not text:
            return None
        mode = self.cleaned.get("modus")
        if mode == MODE_NEED or (mode != MODE_PRECISE and need.reads_like_a_need(text)):
            return self.need_search.analyse(text, self.request)
        search = TextSearch.analyse(text, self.request)
        if search.is_empty:
            return None
        if (
            mode != MODE_PRECISE
            and need.may_be_a_need(text)
            and need.short_query_needs_more(search, self.queryset)
        ):
            return self.need_search.analyse(text, self.request)
        return search

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
        if self.sort == SORT_REUSED:
            return cases.order_by("-reuse_count", "-published_at", "pk")
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


class NewCasesFilterSet(CaseFilterSet):
    """The search of a case alert, for the digest of the cases published since the last:
    a need is ranked with only its closest cases by meaning (NewCasesNeedSearch)."""

    need_search = need.NewCasesNeedSearch
