"""Session materials and work reports: the forms that check uploads (the same checks as
case documents, ioa_portal.lib.uploads), the signed expiring addresses of files for
participants only, and serving a stored file as an attachment."""

from __future__ import annotations

import datetime
import os

from django import forms
from django.conf import settings
from django.core import signing
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ioa_portal.lib.forms import DescribedFieldsMixin
from ioa_portal.lib.uploads import ALLOWED_EXTENSIONS, check_upload
from networks.models import Enrollment, SessionMaterial, WorkReport

MATERIAL_SALT = "networks.material"
MATERIAL_LINK_MAX_AGE = datetime.timedelta(hours=2)


def _file_help() -> str:
    return _(
        "PDF, Word, Excel, PowerPoint, OpenDocument eller bilde (PNG, JPEG, GIF, WebP), "
        "høyst %(size)s."
    ) % {"size": filesizeformat(settings.DOCUMENT_MAX_BYTES)}


class _UploadMixin:
    def _checked_file(self, name: str):
        uploaded = self.cleaned_data.get(name)
        if not uploaded or not hasattr(uploaded, "content_type"):
            return uploaded
        self.instance.content_type = check_upload(uploaded, max_bytes=settings.DOCUMENT_MAX_BYTES)
        self.instance.size = uploaded.size
        return uploaded


class MaterialForm(DescribedFieldsMixin, _UploadMixin, forms.ModelForm):
    class Meta:
        model = SessionMaterial
        fields = ["title", "file", "external_url", "audience"]
        widgets = {
            "file": forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
            "audience": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()
        self.fields["file"].max_length = None
        self.fields["external_url"].help_text = _("Eller en lenke, for eksempel til et opptak.")

    def clean_file(self):
        return self._checked_file("file")

    def clean(self):
        cleaned = super().clean()
        has_file, has_link = bool(cleaned.get("file")), bool(cleaned.get("external_url"))
        if not self.has_error("file") and has_file == has_link:
            self.add_error(
                "file", _("Last opp en fil eller skriv inn en lenke, ikke begge og ikke ingen.")
            )
        return cleaned


class WorkReportForm(DescribedFieldsMixin, _UploadMixin, forms.ModelForm):
    class Meta:
        model = WorkReport
        fields = ["text", "file"]
        widgets = {
            "file": forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
            "text": forms.Textarea(attrs={"rows": 10, "maxlength": 10000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].max_length = 10000
        self.fields["text"].help_text = _(
            "Kort: hva gjorde dere, og hva lærte du om din egen utfordring?"
        )
        self.fields["file"].help_text = _file_help() + " " + str(_("Valgfritt."))
        self.fields["file"].max_length = None

    def clean_file(self):
        return self._checked_file("file")


# --- Who sees which material ----------------------------------------------------------


def visible_materials(enrollment: Enrollment | None):
    """Materials of the enrollment's network this person may see: all for an accepted
    participant, otherwise only the public ones."""
    materials = SessionMaterial.objects.select_related("session").order_by(
        "session__number", "created_at", "pk"
    )
    if enrollment is None:
        return materials.none()
    materials = materials.filter(session__network_id=enrollment.network_id)
    if enrollment.status != Enrollment.Status.ACCEPTED:
        materials = materials.filter(audience=SessionMaterial.Audience.PUBLIC)
    return materials


def material_url(material: SessionMaterial, participant_pk: int) -> str:
    """Where a participant gets a file: public files at a plain address; files for
    participants only at a signed address that expires (MATERIAL_LINK_MAX_AGE)."""
    if material.external_url:
        return material.external_url
    if material.is_public:
        return reverse("networks:material", args=[material.session.network.slug, material.pk])
    token = signing.dumps([material.pk, participant_pk], salt=MATERIAL_SALT, compress=False)
    return reverse("networks:participant_material", args=[token])


def material_from_token(token: str) -> tuple[int, int]:
    """(material id, participant id) of a signed address; signing errors pass through."""
    value = signing.loads(token, salt=MATERIAL_SALT, max_age=MATERIAL_LINK_MAX_AGE)
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise signing.BadSignature("not a material address")
    return value[0], value[1]


def attachment(field_file, content_type: str) -> FileResponse:
    """A stored file as a download that is never shown inline nor kept in a cache."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=os.path.basename(field_file.name),
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
