import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks.models import Enrollment


class EnrollmentFilter(django_filters.FilterSet):
    """The coordinator's list of enrollments: by status, and by name, email or public body."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Enrollment.Status.choices, empty_label=_("Alle")
    )
    q = django_filters.CharFilter(
        label=_("Søk etter navn, e-post eller virksomhet"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta:
        model = Enrollment
        fields = ["status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(participant__name__icontains=value)
            | Q(participant__email__icontains=value)
            | Q(participant__organization__name__icontains=value)
        )
