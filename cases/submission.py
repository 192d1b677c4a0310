"""A public body proposes a case of its own, without an account (the form and the saving;
the page is cases.views.submit).

The case is stored unpublished and marked "submitted"; the submitter's contact goes to
CaseSubmission (never shown publicly); editors are emailed after the transaction commits and
publish after review. Documents follow the same upload rules as the admin (cases.forms).
"""

from __future__ import annotations

import logging
import os

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.forms import inlineformset_factory
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import held_uploads
from cases.forms import ALLOWED_EXTENSIONS, DocumentForm
from cases.models import Case, CaseBuyer, CaseSubmission, Document, Phase, Sector
from ioa_portal.lib.antispam import HoneypotMixin
from ioa_portal.lib.forms import DescribedFieldsMixin
from networks.forms import OrganizationChoiceMixin, organization_number_field
from networks.models import Organization
from networks.pickers import OrganizationField
from networks.validators import validate_phone

logger = logging.getLogger(__name__)

EDITORS_GROUP = "Redaktører"
MAX_DOCUMENTS = 3
FIRST_YEAR = 1990


class CaseSubmissionForm(DescribedFieldsMixin, HoneypotMixin, OrganizationChoiceMixin, forms.Form):
    organization_missing_message = _(
        "Velg oppdragsgiveren fra listen, eller skriv navn og organisasjonsnummer."
    )
    organization_name_missing_message = _("Skriv navnet på oppdragsgiveren.")

    title = forms.CharField(
        label=_("Tittel på anskaffelsen"),
        max_length=250,
        help_text=_("Kort og beskrivende, for eksempel «Digitalt nattilsyn i hjemmetjenesten»."),
    )
    organization = OrganizationField(
        label=_("Oppdragsgiver"),
        help_text=_(
            "Virksomheten som gjennomførte anskaffelsen: skriv navnet eller "
            "organisasjonsnummeret. Finner vi den ikke, skriv navn og organisasjonsnummer i "
            "feltene under."
        ),
    )
    new_organization_name = forms.CharField(
        label=_("Navn på oppdragsgiveren"), max_length=200, required=False
    )
    new_organization_number = organization_number_field()
    new_organization_kind = forms.ChoiceField(
        label=_("Type virksomhet"),
        choices=Organization.Kind.choices,
        initial=Organization.Kind.MUNICIPALITY,
        required=False,
    )
    summary = forms.CharField(
        label=_("Sammendrag"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "To til fire setninger: hva dere anskaffet, og hvorfor. Vises i søkeresultatene."
        ),
    )
    need = forms.CharField(
        label=_("Behovet"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Problemet, hvem det gjelder, situasjonen før anskaffelsen og virkningene dere ønsket. "
            "Skriv vanlig tekst med tom linje mellom avsnittene."
        ),
    )
    approach = forms.CharField(
        label=_("Fremgangsmåte"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hvordan dere gikk fram: forankring, dialog med markedet, konkurranse."),
    )
    results = forms.CharField(
        label=_("Resultater og erfaringer"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hva dere fikk ut av det, og hva dere ville gjort annerledes."),
    )
    phase = forms.ChoiceField(
        label=_("Hvor langt har dere kommet?"),
        choices=Phase.choices,
        widget=forms.RadioSelect,
        help_text=_("Fasen anskaffelsen er i nå."),
    )
    procedure = forms.ChoiceField(
        label=_("Prosedyre"),
        choices=Case.Procedure.choices,
        initial=Case.Procedure.OTHER,
        help_text=_("Velg «Annet» hvis dere ikke vet eller ikke har kommet så langt."),
    )
    start_year = forms.IntegerField(
        label=_("Startår"),
        required=False,
        help_text=_("Året dere begynte arbeidet, for eksempel 2023."),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sektorer"),
        queryset=Sector.objects.only("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kryss av for alle som passer."),
    )
    contact_name = forms.CharField(label=_("Navnet ditt"), max_length=200)
    contact_email = forms.EmailField(
        label=_("E-postadressen din"),
        max_length=254,
        help_text=_("Redaksjonen bruker den hvis de har spørsmål om anskaffelsen."),
    )
    contact_phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    contact_job_title = forms.CharField(label=_("Stilling"), max_length=200, required=False)
    consent = forms.BooleanField(
        label=_(
            "Redaksjonen kan publisere opplysningene om anskaffelsen og dokumentene på "
            "IOA-portalen etter gjennomgang."
        ),
        help_text=_("Navnet ditt, e-postadressen og telefonnummeret blir aldri publisert."),
        error_messages={"required": _("Kryss av her for at vi skal kunne publisere anskaffelsen.")},
    )

    # Every message says what to do, so the error summary can show it on its own.
    REQUIRED_MESSAGES = {
        "title": _("Skriv en tittel på anskaffelsen."),
        "summary": _("Skriv et kort sammendrag."),
        "need": _("Beskriv behovet anskaffelsen skulle dekke."),
        "phase": _("Velg hvor langt dere har kommet."),
        "procedure": _("Velg prosedyre, eller «Annet» hvis dere ikke vet."),
        "contact_name": _("Skriv navnet ditt."),
        "contact_email": _("Skriv e-postadressen din."),
    }

    NEW_ORGANIZATION_FIELDS = (
        "new_organization_name",
        "new_organization_number",
        "new_organization_kind",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        last_year = timezone.localdate().year + 1
        year = self.fields["start_year"]
        year.min_value, year.max_value = FIRST_YEAR, last_year
        year.error_messages["invalid"] = _("Skriv årstallet med fire sifre, for eksempel 2023.")
        year.validators = [self._validate_year]
        year.widget = forms.TextInput(attrs={"inputmode": "numeric", "size": 6})
        autocomplete = {
            "contact_name": "name",
            "contact_email": "email",
            "contact_phone": "tel",
            "contact_job_title": "organization-title",
            "new_organization_name": "organization",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["contact_phone"].widget.input_type = "tel"
        self.fields["contact_email"].error_messages["invalid"] = _(
            "Skriv e-postadressen på formen navn@virksomhet.no."
        )
        for name, message in self.REQUIRED_MESSAGES.items():
            self.fields[name].error_messages["required"] = message
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = _(
                    "%(label)s kan ha høyst %%(limit_value)d tegn. Nå er det %%(show_value)d."
                ) % {"label": field.label}
        self.fields["new_organization_number"].widget.attrs["inputmode"] = "numeric"
        self._describe_grouped_fields()

    @staticmethod
    def _validate_year(value: int) -> None:
        last_year = timezone.localdate().year + 1
        if not FIRST_YEAR <= value <= last_year:
            raise forms.ValidationError(
                _("Skriv et årstall mellom %(first)d og %(last)d."),
                code="year_range",
                params={"first": FIRST_YEAR, "last": last_year},
            )

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())  # one line, also in email subjects

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data.get("contact_phone", "").strip()
        if phone:
            validate_phone(phone)
        return phone

    def buyer(self) -> Organization:
        return self.resolve_organization()


class SubmissionDocumentForm(DescribedFieldsMixin, DocumentForm):
    """One optional document: the admin's upload checks, without external links.

    A file that passed the checks is held on the server when the form has errors elsewhere
    (cases.held_uploads), so the person does not have to choose it again."""

    held = forms.CharField(required=False, widget=forms.HiddenInput)
    forget_held = forms.BooleanField(label=_("Ikke send med denne filen"), required=False)

    class Meta(DocumentForm.Meta):
        fields = ["kind", "title", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)})}
        labels = {"kind": _("Type dokument"), "title": _("Tittel"), "file": _("Fil")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.held_file: held_uploads.HeldFile | None = None
        self.fields["kind"].choices = [("", _("Velg type")), *Document.Kind.choices]
        self.fields["kind"].error_messages["required"] = _("Velg hva slags dokument det er.")
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Tom: filnavnet brukes.")
        self.fields["file"].required = True
        self.fields["file"].help_text = _(
            "PDF, Word, Excel, PowerPoint, OpenDocument eller bilde (PNG, JPEG, GIF, WebP), "
            "høyst %(size)s."
        ) % {"size": filesizeformat(settings.DOCUMENT_MAX_BYTES)}
        self.fields["file"].error_messages["required"] = _(
            "Velg en fil, eller la hele raden stå tom."
        )
        if self.is_bound:
            self._take_held_file()

    def _take_held_file(self) -> None:
        """Put the file held from the last try back in place, unless a new one was chosen or
        the person asked to leave it out (then the row is empty unless a new file came)."""
        token = self.data.get(self.add_prefix("held"), "")
        if not token:
            return
        data = self.data.copy()
        data[self.add_prefix("held")] = ""
        self.data = data
        file_key = self.add_prefix("file")
        if self.files.get(file_key):
            return  # a new file replaces the held one
        if data.get(self.add_prefix("forget_held")):
            for name in ("kind", "title", "forget_held"):
                data.pop(self.add_prefix(name), None)
            return
        upload = held_uploads.take(token)
        if upload is None:
            return  # older than a day, or not ours: the file must be chosen again
        self.files = self.files.copy()
        self.files[file_key] = upload
        data[self.add_prefix("held")] = token
        self.held_file = upload.held

    def hold_upload(self) -> None:
        """After an error anywhere in the form: keep this row's checked file for the next try."""
        if self.held_file or not hasattr(self, "cleaned_data") or self.has_error("file"):
            return
        upload = self.cleaned_data.get("file")
        if not upload:
            return
        self.held_file = held_uploads.hold(upload)
        data = self.data.copy()
        data[self.add_prefix("held")] = self.held_file.token
        self.data = data

    def clean(self):
        cleaned = super().clean()
        uploaded = cleaned.get("file")
        if uploaded and not cleaned.get("title"):
            stem = os.path.splitext(os.path.basename(uploaded.name))[0]
            cleaned["title"] = stem[:250] or gettext("Dokument")
        return cleaned


DocumentFormSet = inlineformset_factory(
    Case,
    Document,
    form=SubmissionDocumentForm,
    fields=["kind", "title", "file"],
    extra=MAX_DOCUMENTS,
    max_num=MAX_DOCUMENTS,
    absolute_max=MAX_DOCUMENTS,
    validate_max=True,
    can_delete=False,
)


def create_submitted_case(form: CaseSubmissionForm, documents) -> Case:
    """Store the proposal as an unpublished case. Call inside a transaction."""
    data = form.cleaned_data
    buyer = form.buyer()
    case = Case.objects.create(
        title=data["title"],
        summary=data["summary"].strip(),
        need=data["need"].strip(),
        approach=data["approach"].strip(),
        results=data["results"].strip(),
        phase=data["phase"],
        procedure=data["procedure"],
        start_year=data.get("start_year"),
        region=buyer.region,
        source=Case.Source.SUBMITTED,
        is_published=False,
    )
    CaseBuyer.objects.create(case=case, organization=buyer, is_lead=True)
    case.sectors.set(data["sectors"])
    CaseSubmission.objects.create(
        case=case,
        name=data["contact_name"].strip(),
        email=data["contact_email"],
        phone=data["contact_phone"],
        job_title=data["contact_job_title"].strip(),
        consent_at=timezone.now(),
    )
    documents.instance = case
    documents.save()
    for document_form in documents.forms:
        if document_form.held_file:  # now stored with the case
            held_uploads.forget(document_form.held_file)
    return case


def editor_addresses() -> list[str]:
    """Active editors with an email address, then settings.MANAGERS; each once."""
    editors = (
        get_user_model()
        .objects.filter(groups__name=EDITORS_GROUP, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
    managers = [address for _name, address in settings.MANAGERS]
    return list(dict.fromkeys([*editors, *managers]))


def notify_editors(case_pk: int, *, base_url: str) -> bool:
    """Tell the editors a case is waiting for them (a job: cases/tasks.py)."""
    recipients = editor_addresses()
    if not recipients:
        logger.warning("No editor to notify of submitted case %s", case_pk)
        return False
    case = Case.objects.select_related("region", "submission").get(pk=case_pk)
    context = {
        "case": case,
        "reference": case.submission.reference,
        "buyer": case.casebuyer_set.select_related("organization").first(),
        "document_count": case.documents.count(),
        "admin_url": base_url + reverse("admin:cases_case_change", args=[case.pk]),
        "review_url": base_url
        + reverse("admin:cases_case_changelist")
        + "?kilde=innsendt-upublisert",
    }
    subject = gettext("Ny anskaffelse sendt inn: %(title)s") % {"title": case.title}
    body = render_to_string("cases/submit_email.txt", context)
    # An SMTP error is raised: the job is retried, and the case is safe meanwhile (editors
    # find it in the admin's "Innsendt, ikke publisert" filter).
    send_mail(subject[:200], body, None, recipients)
    return True


def notify_submitter(submission_pk: int, *, base_url: str) -> bool:
    """A receipt to the person who sent the case in: its reference and what happens next
    (a job: cases/tasks.py)."""
    submission = CaseSubmission.objects.select_related("case").get(pk=submission_pk)
    context = {
        "submission": submission,
        "case": submission.case,
        "cases_url": base_url + reverse("cases:list"),
        "guide_url": base_url + reverse("guide"),
    }
    subject = gettext("Vi har tatt imot anskaffelsen din (%(reference)s)") % {
        "reference": submission.reference
    }
    body = render_to_string("cases/submit_receipt_email.txt", context)
    send_mail(subject, body, None, [submission.email])  # an SMTP error: the job is retried
    return True
