"""Picking a public body in a form: one text field over the whole register.

Without JavaScript a person types a name or an organisation number and the server finds
the body (``OrganizationField``): one match is taken, several are listed to choose from
(radio buttons under the field), none leaves the text for the form's "new body" fields.
With JavaScript (static/js/organization-picker.js) the field suggests bodies as one types,
from ``search_organizations`` through /virksomheter/sok/?q=.
"""

from __future__ import annotations

import re

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from networks.models import Organization
from networks.validators import normalise_org_number, org_number_is_valid

MAX_MATCHES = 10
MAX_QUERY = 100


def search_organizations(text: str, *, limit: int = MAX_MATCHES) -> list[Organization]:
    """Pickable bodies whose name holds the text, or whose number begins with it: the exact
    name first, then names that begin with it, then the rest, each in A–Å order."""
    text = " ".join(text.split())[:MAX_QUERY]
    if not text:
        return []
    number = normalise_org_number(text)
    condition = Q(name__icontains=text)
    if number.isdigit() and len(number) >= 3:
        condition |= Q(org_number__startswith=number)
    return list(
        Organization.objects.pickable()
        .filter(condition)
        .annotate(
            rank=Case(
                When(name__iexact=text, then=Value(0)),
                When(org_number=number, then=Value(0)),
                When(name__istartswith=text, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .only("pk", "name", "org_number", "municipality_number")
        .order_by("rank", "name", "pk")[:limit]
    )


def label(organization: Organization) -> str:
    """How a body is written in the field: "Bergen kommune (964338531)"."""
    if organization.org_number:
        return f"{organization.name} ({organization.org_number})"
    return organization.name


class OrganizationSearchInput(forms.TextInput):
    """A text input that suggests bodies (with JavaScript, into its ``<datalist>``) and,
    after an ambiguous search, lists the matches as radio buttons named ``<name>_pick``."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.matches: list[Organization] = []

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {})}
        list_id = f"{attrs.get('id', 'id_' + name)}_list"
        attrs["list"] = list_id
        attrs["data-organization-search"] = str(reverse_lazy("organization_search"))
        html = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "", '<option value="{}"></option>', ((label(o),) for o in self.matches)
        )
        html += format_html('<datalist id="{}">{}</datalist>', list_id, options)
        if self.matches:
            choices = format_html_join(
                "",
                '<div class="organization-match"><input type="radio" name="{}" value="{}" '
                'id="{}_{}"> <label for="{}_{}">{}</label></div>',
                (
                    (f"{name}_pick", o.pk, list_id, i, list_id, i, label(o))
                    for i, o in enumerate(self.matches)
                ),
            )
            html += format_html(
                '<fieldset class="organization-matches"><legend>{}</legend>{}</fieldset>',
                _("Velg virksomheten"),
                choices,
            )
        return html

    def format_value(self, value):
        if isinstance(value, Organization):
            return label(value)
        text = str(value or "")
        if text.isdigit() and len(text) < 9:  # an id: show the body, not its number
            found = Organization.objects.filter(pk=int(text)).only("name", "org_number").first()
            return label(found) if found else text
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        picked = data.get(f"{name}_pick")
        if picked and str(picked).isdigit():
            return picked
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_pick" not in data


class OrganizationField(forms.Field):
    """A public body by name, organisation number, "Name (number)" or id.

    Cleans to an Organization, or to None when nothing was typed or nothing matched; then
    ``unmatched`` holds the text (a name, or a valid number not in the register) for the
    form to treat as a new body. Several matches are an error that lists them.
    """

    widget = OrganizationSearchInput

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.unmatched = ""

    def clean(self, value):
        self.unmatched = ""
        self.widget.matches = []
        value = super().clean(value)
        text = " ".join(str(value or "").split())[: MAX_QUERY + 20]
        if not text:
            return None
        pickable = Organization.objects.pickable()
        if text.isdigit() and len(text) < 9:  # an id: a picked match, or a select's value
            found = pickable.filter(pk=int(text)).first()
            if found is None:
                raise forms.ValidationError(
                    _("Velg en gyldig virksomhet fra listen."), code="invalid"
                )
            return found
        number = _number_in(text)
        if number:
            found = pickable.filter(org_number=number).first()
            if found:
                return found
            if normalise_org_number(text) == number:  # only a number was typed
                self.unmatched = number
                return None
        name = re.sub(r"\s*\(\s*[\d\s]{9,11}\s*\)\s*$", "", text)
        exact = list(pickable.filter(name__iexact=name)[:2])
        if len(exact) == 1:
            return exact[0]
        matches = search_organizations(name)
        if len(matches) == 1 and len(name) >= 3:
            return matches[0]
        if matches:
            self.widget.matches = matches
            raise forms.ValidationError(
                _(
                    "Flere virksomheter passer til «%(text)s». Velg en av dem under feltet, "
                    "eller skriv mer av navnet eller organisasjonsnummeret."
                ),
                code="ambiguous",
                params={"text": name},
            )
        self.unmatched = name
        return None


def _number_in(text: str) -> str:
    """A valid organisation number written in the text ("974 760 673", "NO974760673MVA")."""
    for candidate in re.findall(r"(?:NO\s*)?\d[\d\s.]{7,12}\d(?:\s*MVA)?", text, re.IGNORECASE):
        number = normalise_org_number(candidate)
        if len(number) == 9 and number.isdigit() and org_number_is_valid(number):
            return number
    return ""
