"""The admin's "Hent fra kunngjøring": read an eForms notice (an uploaded XML file, or a
Doffin notice id when IOA_DOFFIN_API_KEY is set) and let the editor accept its values for
a case field by field. Mixed into CaseAdmin; the logic is cases.notice_import.

Step 1 (GET, or POST with a file): the upload form. Step 2: the proposal beside the
case's current values, each field with a checkbox, the values carried in a signed hidden
field. Step 3 (POST "apply"): the ticked fields are written in one transaction.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cases import notice_import
from cases.notices import NoticeError, parse_notice
from cases.notices.doffin import DoffinClient, DoffinError, DoffinNotFound
from cases.notices.eforms import DOFFIN_ID_RE, MAX_NOTICE_BYTES, read_limited


class NoticeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Kunngjøring (eForms XML)"),
        required=False,
        help_text=_("Last ned XML-filen fra kunngjøringen på doffin.no eller TED."),
    )
    doffin_id = forms.CharField(
        label=_("Doffin-ID"),
        max_length=11,
        required=False,
        help_text=_("For eksempel 2024-105432."),
    )

    def clean_doffin_id(self) -> str:
        doffin_id = self.cleaned_data["doffin_id"].strip()
        if doffin_id and not DOFFIN_ID_RE.fullmatch(doffin_id):
            raise ValidationError(
                _("Skriv Doffin-ID-en som år, bindestrek og seks sifre: 2024-105432.")
            )
        return doffin_id

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("doffin_id") and not self.errors:
            raise ValidationError(
                _("Velg en XML-fil med kunngjøringen, eller skriv Doffin-ID-en.")
                if settings.DOFFIN_API_KEY
                else _("Velg en XML-fil med kunngjøringen.")
            )
        return cleaned


def fetch_proposal(form: NoticeUploadForm, transport=None):
    """The parsed notice of a valid upload form; raises NoticeError or DoffinError."""
    upload = form.cleaned_data.get("file")
    doffin_id = form.cleaned_data.get("doffin_id", "")
    if upload is not None:
        return parse_notice(read_limited(upload, MAX_NOTICE_BYTES), doffin_id=doffin_id)
    kwargs = {"transport": transport} if transport else {}
    client = DoffinClient(settings.DOFFIN_API_KEY, settings.DOFFIN_API_URL, **kwargs)
    return client.fetch_notice(doffin_id)


class NoticeImportMixin:
    """Adds /admin/cases/case/kunngjoring/ and /admin/cases/case/<id>/kunngjoring/."""

    notice_template = "admin/cases/case/notice_import.html"
    doffin_transport = None  # tests put a recorded transport here

    def get_urls(self):
        view = self.admin_site.admin_view(self.notice_view)
        return [
            path("kunngjoring/", view, name="cases_case_notice_new"),
            path("<path:object_id>/kunngjoring/", view, name="cases_case_notice"),
            *super().get_urls(),
        ]

    def notice_view(self, request, object_id=None):
        case = None
        if object_id is not None:
            case = get_object_or_404(self.get_queryset(request), pk=object_id)
            if not self.has_change_permission(request, case):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        form = NoticeUploadForm()
        proposal = payload = None
        if request.method == "POST" and "proposal" in request.POST:
            try:
                payload = notice_import.unsign(request.POST["proposal"])
            except signing.BadSignature:
                messages.error(
                    request, _("Forslaget er for gammelt eller endret. Hent det på nytt.")
                )
            else:
                accepted = set(request.POST.getlist("accept"))
                try:
                    saved = notice_import.apply(case, payload, accepted)
                except ValidationError as error:
                    for message in error.messages:
                        messages.error(request, message)
                else:
                    messages.success(
                        request,
                        _(
                            "Hentet fra kunngjøringen: %(fields)s. Se over og lagre eventuelle "
                            "andre endringer."
                        )  # fmt: skip
                        % {
                            "fields": ", ".join(
                                str(notice_import.FIELDS[n])
                                for n in notice_import.FIELDS
                                if n in accepted and n in payload
                            )
                        },
                    )
                    return HttpResponseRedirect(reverse("admin:cases_case_change", args=[saved.pk]))
        elif request.method == "POST":
            form = NoticeUploadForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    payload = notice_import.proposal_payload(
                        fetch_proposal(form, self.doffin_transport)
                    )
                except NoticeError as error:
                    form.add_error(None, str(error))
                except DoffinNotFound:
                    form.add_error("doffin_id", _("Doffin har ingen kunngjøring med denne ID-en."))
                except DoffinError as error:
                    form.add_error(None, _("Doffin svarte ikke som ventet: %s") % error)
        if payload is not None:
            proposal = {
                "notice": payload.get("notice", {}),
                "rows": notice_import.rows(case, payload),
                "token": notice_import.sign(payload),
            }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Hent fra kunngjøring"),
            "case": case,
            "form": form,
            "proposal": proposal,
            "doffin_enabled": bool(settings.DOFFIN_API_KEY),
        }
        return TemplateResponse(request, self.notice_template, context)
