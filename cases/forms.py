"""Admin forms for cases: Markdown help, lead buyer rules and safe document uploads."""

from __future__ import annotations

import os

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import BenefitAnalysis, Case, Document, FormerSlug
from cases.validators import validate_cpv_code, validate_doffin_id

# The allowed uploads and the check of a file's bytes are shared with networks; the names
# stay importable from here.
from ioa_portal.lib.uploads import (  # noqa: F401
    ALLOWED_EXTENSIONS,
    CONTENT_TYPES,
    ODF_MIMETYPES,
    OLE2,
    OOXML_FOLDERS,
    ZIP,
    content_matches_extension,
)

MARKDOWN_HELP = _(
    "Skrives i Markdown: tom linje mellom avsnitt, **fet**, *kursiv*, lister med - eller 1., "
    "overskrifter med ## og lenker som [tekst](https://adresse). HTML og skript fjernes."
)
MARKDOWN_FIELDS = ("need", "approach", "results", "lessons")


class CaseAdminForm(forms.ModelForm):
    innovative_acquisitions = forms.MultipleChoiceField(
        label=_("Innovativ anskaffelse (BT-776)"),
        choices=Case.InnovativeAcquisition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Det kunngjøringen sier er nyskapende ved anskaffelsen."),
    )

    class Meta:
        model = Case
        fields = [
            "title", "slug", "summary", "status", "phase", "procedure", "innovation_type",
            "sectors", "region", "origin_network", "start_year", "end_year", "estimated_value",
            "cpv_codes", "doffin_ids", "innovative_acquisitions",
            "need", "approach", "results", "lessons",
            "is_published", "published_at", "source", "is_demo",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in MARKDOWN_FIELDS:
            field = self.fields.get(name)
            if field is not None:
                field.help_text = f"{field.help_text} {MARKDOWN_HELP}".strip()
        # Check each code in the form, so the message names the code that is wrong
        # (the model's own check reaches the form with its explanation cut off).
        for name, validator in (
            ("cpv_codes", validate_cpv_code),
            ("doffin_ids", validate_doffin_id),
        ):
            field = self.fields.get(name)
            if field is not None and validator not in field.base_field.validators:
                field.base_field.validators.append(validator)
            if field is not None:  # Django's own wording speaks of "arrayen"
                field.error_messages["item_invalid"] = _("Kode nr. %(nth)s er ugyldig:")

    def clean_slug(self):
        # Addresses are lower case, so that two cannot differ by case alone.
        slug = self.cleaned_data["slug"].lower()
        # A former address of another case still leads there: taking it would send old
        # links and bookmarks to this case instead.
        if owner := FormerSlug.owners([slug], other_than=self.instance.pk).get(slug):
            raise forms.ValidationError(
                _(
                    "«%(slug)s» er en tidligere adresse til «%(title)s», og gamle lenker dit "
                    "fører fortsatt til den. Velg et annet kortnavn, eller slett adressen "
                    "under Tidligere adresser først."
                ),
                params={"slug": slug, "title": owner.title},
                code="former_slug",
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        # A published case needs a publication time; fill it in rather than refuse.
        if cleaned.get("is_published") and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Sluttåret kan ikke være før startåret."))
        return cleaned


class CaseBuyerFormSet(forms.BaseInlineFormSet):
    """At most one lead buyer, no buyer twice; a single buyer is the lead by itself."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("organization")
        ]
        organizations = [form.cleaned_data["organization"].pk for form in kept]
        if len(organizations) != len(set(organizations)):
            raise forms.ValidationError(_("Den samme virksomheten er lagt inn to ganger."))
        leads = [form for form in kept if form.cleaned_data.get("is_lead")]
        if len(leads) > 1:
            raise forms.ValidationError(_("Bare én oppdragsgiver kan lede anskaffelsen."))
        if len(kept) == 1 and not leads:
            kept[0].instance.is_lead = True
            kept[0].cleaned_data["is_lead"] = True
        elif len(kept) > 1 and not leads:
            raise forms.ValidationError(
                _("Marker hvilken av oppdragsgiverne som leder anskaffelsen.")
            )


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "file", "external_url", "phase"]
        widgets = {"file": AdminFileWidget(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word, Excel, PowerPoint, OpenDocument eller bilde (PNG, JPEG, GIF, WebP), "
            "høyst %(size)s. Eller fyll inn en ekstern lenke."
        ) % {"size": filesizeformat(settings.DOCUMENT_MAX_BYTES)}
        # Long names are fine: document_upload_to() shortens them before they are stored.
        self.fields["file"].max_length = None

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded or not hasattr(uploaded, "content_type"):
            return uploaded  # nothing new: empty, cleared or the file already stored
        extension = os.path.splitext(uploaded.name)[1].lower()
        if extension not in CONTENT_TYPES:
            raise forms.ValidationError(
                _("Filtypen %(ext)s er ikke tillatt. Last opp PDF, kontordokumenter eller bilder."),
                code="file_type",
                params={"ext": extension or _("(uten filendelse)")},
            )
        if uploaded.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("Filen er %(size)s. Største tillatte størrelse er %(max)s."),
                code="file_size",
                params={
                    "size": filesizeformat(uploaded.size),
                    "max": filesizeformat(settings.DOCUMENT_MAX_BYTES),
                },
            )
        if uploaded.size == 0:
            raise forms.ValidationError(_("Filen er tom."), code="file_empty")
        if not content_matches_extension(uploaded, extension):
            raise forms.ValidationError(
                _("Innholdet i filen stemmer ikke med filendelsen %(ext)s."),
                code="file_content",
                params={"ext": extension},
            )
        self.instance.size = uploaded.size
        self.instance.content_type = CONTENT_TYPES[extension]
        return uploaded

    def clean(self):
        cleaned = super().clean()
        file = cleaned.get("file")
        if file is False:  # "clear" ticked
            self.instance.size = None
            self.instance.content_type = ""
        if not file and not cleaned.get("external_url") and not self.has_error("file"):
            self.add_error(
                "file",
                forms.ValidationError(
                    _("Last opp en fil eller skriv inn en ekstern lenke."), code="file_or_link"
                ),
            )
        return cleaned


class BenefitAnalysisForm(forms.ModelForm):
    """A benefit row in the admin: what each number means, and a unit the kind allows
    (BenefitAnalysis.clean)."""

    class Meta:
        model = BenefitAnalysis
        fields = ["kind", "description", "baseline", "estimated", "realised", "unit", "period"]
        help_texts = {
            "kind": _(
                "Økonomi, tid og klima legges sammen i statistikken og må ha enheten "
                "kr/år, timer/år eller tonn CO2e/år. Kvalitet og annet legges ikke sammen."
            ),
            "baseline": _(
                "Nivået før anskaffelsen, ikke en gevinst: for eksempel 9 000 timer brukt per "
                "år på tilsyn. Kan stå tomt."
            ),
            "estimated": _(
                "Den anslåtte gevinsten: det dere regner med å spare eller vinne per år, "
                "ikke det nye nivået. Eksempel: 4 000 (timer spart per år)."
            ),
            "realised": _(
                "Gevinsten som faktisk er målt så langt, i samme enhet som anslaget: også en "
                "besparelse per år, ikke et nivå. Tomt til den er målt."
            ),
            "unit": _(
                "Tomt: kr/år, timer/år eller tonn CO2e/år etter type. For kvalitet og annet "
                "skriver du enheten selv (for eksempel «prosent» eller «kr» for en engangssum)."
            ),
            "period": _("Når eller over hvor lang tid, for eksempel «per år ved full drift»."),
        }
