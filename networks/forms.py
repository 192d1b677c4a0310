from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.db import IntegrityError, transaction
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ioa_portal.lib.antispam import HoneypotMixin
from ioa_portal.lib.forms import DescribedFieldsMixin
from networks.models import Organization, Region, Session
from networks.pickers import OrganizationField
from networks.services import COORDINATOR_ACTIONS, ParticipantDetails
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
        # A name or number typed in the search field that the register lacks: a new body.
        unmatched = getattr(self.fields["organization"], "unmatched", "")
        if unmatched and not picked:
            if unmatched.isdigit() and not new_number:
                cleaned["new_organization_number"] = new_number = unmatched
            elif not unmatched.isdigit() and not new_name:
                cleaned["new_organization_name"] = new_name = unmatched
            if new_name and not new_number:
                self.add_error(
                    "new_organization_number",
                    _(
                        "Vi fant ikke «%(name)s» blant virksomhetene. Skriv organisasjonsnummeret, "
                        "så registrerer vi den som ny virksomhet."
                    )
                    % {"name": new_name},
                )
                return
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
    organization = OrganizationField(
        label=_("Virksomhet"),
        help_text=_(
            "Skriv navnet eller organisasjonsnummeret. Finner vi den ikke, skriv navn og "
            "organisasjonsnummer nedenfor."
        ),
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
    """A coordinator registers a participant directly: the texts speak to the coordinator."""

    organization_missing_message = _(
        "Velg deltakerens virksomhet fra listen, eller skriv navn og organisasjonsnummer."
    )
    organization_name_missing_message = _("Skriv navnet på deltakerens virksomhet.")

    challenge = forms.CharField(
        label=_("Deltakerens problemstilling"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Valgfritt. Det deltakeren vil arbeide med i nettverket."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Deltakerens navn")
        self.fields["email"].label = _("Deltakerens e-post")
        self.fields["email"].help_text = _(
            "Deltakeren får e-post hit om plassen, med lenke for å trekke seg."
        )
        self.fields["phone"].label = _("Deltakerens telefon")
        self.fields["job_title"].label = _("Deltakerens stilling")
        self.fields["organization"].label = _("Deltakerens virksomhet")
        self.fields["organization"].help_text = _(
            "Skriv navnet eller organisasjonsnummeret. Finnes virksomheten ikke, skriv navn og "
            "organisasjonsnummer nedenfor."
        )
        for name in ("name", "email", "phone", "job_title"):
            self.fields[name].widget.attrs["autocomplete"] = "off"


class DecisionForm(DescribedFieldsMixin, forms.Form):
    """A coordinator's decision on one enrollment, confirmed on its own page."""

    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in COORDINATOR_ACTIONS], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Begrunnelse (valgfritt)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Står i e-posten til deltakeren. La feltet stå tomt om du ikke vil forklare."),
    )


class UndoForm(DescribedFieldsMixin, forms.Form):
    notify = forms.BooleanField(
        label=_("Send deltakeren en e-post om den nye statusen"),
        required=False,
        help_text=_("Uten kryss sendes ingen e-post. Deltakeren har kanskje fått en alt."),
    )


class AttendanceForm(forms.Form):
    """All checkboxes of one session's attendance sheet: the enrollments present."""

    present = forms.TypedMultipleChoiceField(coerce=int, required=False)
    confirm_future = forms.BooleanField(required=False)

    def __init__(self, *args, enrollments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(e.pk, str(e.pk)) for e in enrollments]


class MessageForm(DescribedFieldsMixin, forms.Form):
    """An email from the coordinators to a network's accepted participants, or one session's."""

    session = forms.ModelChoiceField(
        label=_("Mottakere"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("Alle med plass i nettverket"),
        help_text=_("Velger du en samling, får bare de som var til stede på den e-posten."),
    )
    subject = forms.CharField(label=_("Emne"), max_length=200)
    body = forms.CharField(
        label=_("Tekst"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Ren tekst. Hilsen og navnet på nettverket legges til nederst."),
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = network.sessions.order_by("number")
        self.fields["session"].label_from_instance = lambda s: (
            _("De som var til stede på samling %(number)d: %(title)s")
            % {"number": s.number, "title": s.title}
        )


class ResendConfirmationForm(DescribedFieldsMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-postadressen du søkte med"),
        max_length=254,
        help_text=_("Er adressen påmeldt, sender vi e-posten om påmeldingen din på nytt."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class OneTimeCodeForm(DescribedFieldsMixin, forms.Form):
    """The second step of logging in: six digits from the app, or a recovery code."""

    wrong_code_message = _("Koden stemmer ikke. Prøv den nyeste koden fra appen.")

    otp_token = forms.CharField(
        label=_("Engangskode"),
        max_length=16,
        help_text=_("Seks sifre fra autentiseringsappen, eller en av gjenopprettingskodene dine."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}
        )

    def clean_otp_token(self) -> str:
        return "".join(self.cleaned_data["otp_token"].split())


class PasswordResetForm(DescribedFieldsMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-postadressen din")
        self.fields["email"].help_text = _(
            "Adressen som står på brukeren din. Vi sender en lenke for å lage nytt passord."
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        """Queue the email as a job (networks.tasks.send_password_reset), like every email
        of the site. The job makes the link when it sends: the queue never holds one."""
        from networks import tasks  # noqa: PLC0415 - tasks import the forms' models

        tasks.queue_password_reset(
            context["user"],
            domain=context["domain"],
            protocol=context["protocol"],
            subject_template=subject_template_name,
            email_template=email_template_name,
        )


class SetPasswordForm(DescribedFieldsMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nytt passord")
        self.fields["new_password2"].label = _("Nytt passord en gang til")
