from __future__ import annotations

from django import forms
from django.db import IntegrityError, transaction
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ioa_portal.lib.antispam import HoneypotMixin
from ioa_portal.lib.forms import DescribedFieldsMixin
from networks.models import Organization, Region
from networks.services import DECISIONS, ParticipantDetails
from networks.validators import normalise_org_number, validate_org_number, validate_phone

format_html_lazy = lazy(format_html, str)


def organization_number_field() -> forms.CharField:
    """The number of a public body that is not in the list yet (checked by the mixin below)."""
    return forms.CharField(
        label=_("Organisasjonsnummer"),
        max_length=20,
        required=False,
        help_text=_("Ni sifre fra Enhetsregisteret, for eksempel 974 760 673."),
    )


class OrganizationChoiceMixin:
    """Pick a known public body, or give a new one's name and number (created for review).

    The form declares the fields ``organization``, ``new_organization_name``,
    ``new_organization_number`` and ``new_organization_kind`` (and optionally
    ``new_organization_region``) with its own labels; the messages below say what is
    missing in the form's own words.
    """

    organization_missing_message = _(
        "Velg virksomheten din fra listen, eller skriv navn og organisasjonsnummer."
    )
    organization_name_missing_message = _("Skriv navnet på virksomheten.")

    def clean_new_organization_number(self) -> str:
        number = normalise_org_number(self.cleaned_data.get("new_organization_number", ""))
        if number:
            validate_org_number(number)
        return number

    def clean(self):
        cleaned = super().clean()
        self.clean_organization_choice(cleaned)
        return cleaned

    def clean_organization_choice(self, cleaned: dict) -> None:
        if self.has_error("new_organization_number") or self.has_error("organization"):
            return
        picked = cleaned.get("organization")
        new_name = cleaned.get("new_organization_name", "").strip()
        new_number = cleaned.get("new_organization_number", "")
        if picked and (new_name or new_number):
            self.add_error(
                "organization",
                _("Velg enten en virksomhet fra listen eller skriv inn en ny, ikke begge deler."),
            )
        elif not picked:
            if not new_name and not new_number:
                self.add_error("organization", self.organization_missing_message)
            elif not new_name:
                self.add_error("new_organization_name", self.organization_name_missing_message)
            elif not new_number:
                self.add_error(
                    "new_organization_number",
                    _("Skriv organisasjonsnummeret, så vi kan kontrollere virksomheten."),
                )

    def resolve_organization(self) -> Organization:
        """The picked organisation, or one found or created (marked for review) from the number."""
        if self.cleaned_data.get("organization"):
            return self.cleaned_data["organization"]
        number = self.cleaned_data["new_organization_number"]
        defaults = {
            "name": self.cleaned_data["new_organization_name"].strip(),
            "kind": self.cleaned_data.get("new_organization_kind") or Organization.Kind.OTHER,
            "region": self.cleaned_data.get("new_organization_region"),
            "needs_review": True,
        }
        try:
            with transaction.atomic():
                organization, _created = Organization.objects.get_or_create(
                    org_number=number, defaults=defaults
                )
        except IntegrityError:  # created by a parallel request between get and create
            organization = Organization.objects.get(org_number=number)
        return organization


class ParticipantForm(DescribedFieldsMixin, OrganizationChoiceMixin, forms.Form):
    """Who the participant is and which public body they come from."""

    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        help_text=_("Hit sender vi bekreftelsen og svaret på søknaden."),
    )
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    job_title = forms.CharField(label=_("Stilling"), max_length=200, required=False)
    organization = forms.ModelChoiceField(
        label=_("Virksomhet"),
        queryset=Organization.objects.filter(needs_review=False).only("name"),
        required=False,
        empty_label=_("Velg virksomhet"),
        help_text=_("Finner du den ikke i listen, skriv navn og organisasjonsnummer nedenfor."),
    )
    new_organization_name = forms.CharField(
        label=_("Navn på virksomheten"), max_length=200, required=False
    )
    new_organization_number = organization_number_field()
    new_organization_kind = forms.ChoiceField(
        label=_("Type virksomhet"), choices=Organization.Kind.choices, required=False
    )
    new_organization_region = forms.ModelChoiceField(
        label=_("Fylke"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("Velg fylke"),
    )

    NEW_ORGANIZATION_FIELDS = (
        "new_organization_name",
        "new_organization_number",
        "new_organization_kind",
        "new_organization_region",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["new_organization_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["new_organization_number"].widget.attrs["inputmode"] = "numeric"

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone:
            validate_phone(phone)
        return phone

    def participant_details(self) -> ParticipantDetails:
        return ParticipantDetails(
            name=self.cleaned_data["name"].strip(),
            email=self.cleaned_data["email"],
            phone=self.cleaned_data.get("phone", "").strip(),
            job_title=self.cleaned_data.get("job_title", "").strip(),
            organization=self.resolve_organization(),
        )


class ApplicationForm(HoneypotMixin, ParticipantForm):
    """The public application form of a learning network (with the site's honeypot field)."""

    challenge = forms.CharField(
        label=_("Problemstilling"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Hvilket behov eller hvilken anskaffelse vil du arbeide med i nettverket? "
            "Noen setninger holder."
        ),
    )
    consent = forms.BooleanField(
        label=format_html_lazy(
            '{} <a href="{}">{}</a>.',
            _(
                "Jeg samtykker i at opplysningene brukes til å gjennomføre nettverket, "
                "slik det står i"
            ),
            reverse_lazy("privacy"),
            _("personvernerklæringen"),
        ),
        error_messages={
            "required": _("Du må samtykke for at vi skal kunne behandle søknaden."),
        },
    )


class RegisterParticipantForm(ParticipantForm):
    """A coordinator registers a participant directly."""

    challenge = forms.CharField(
        label=_("Problemstilling"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(forms.Form):
    status = forms.ChoiceField(choices=[(s.value, s.label) for s in DECISIONS])


class AttendanceForm(forms.Form):
    """All checkboxes of one session's attendance sheet: the enrollments present."""

    present = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, enrollments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(e.pk, str(e.pk)) for e in enrollments]
