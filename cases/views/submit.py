"""/anskaffelser/del/: a public body proposes a case of its own, without an account.

The case is stored unpublished and marked "submitted"; the submitter's contact goes to
CaseSubmission (never shown publicly); editors are emailed after the transaction commits and
publish after review. Documents follow the same upload rules as the admin (cases.forms).
"""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from cases import tasks
from cases.submission import CaseSubmissionForm, DocumentFormSet, create_submitted_case
from ioa_portal import jobs
from ioa_portal.lib.antispam import rate_limit
from ioa_portal.lib.urls import base_url

RECEIPT_SESSION_KEY = "cases_submission_receipt"


@require_http_methods(["GET", "POST"])
@rate_limit("case-submission")
def submit_case(request):
    status = 200
    if request.method == "POST":
        form = CaseSubmissionForm(request.POST)
        documents = DocumentFormSet(request.POST, request.FILES, prefix="dokumenter")
        if form.caught_by_honeypot():
            # Bots fill in every field. Nothing is stored; a person whose browser filled it
            # in by mistake can send the form again as it stands.
            data = request.POST.copy()
            data[form.add_prefix("website")] = ""
            form = CaseSubmissionForm(data)
            form.is_valid()
            form.add_error(
                None,
                gettext(
                    "Skjemaet ble ikke sendt fordi et felt som skal stå tomt, var fylt ut. "
                    "Kontroller opplysningene, velg filene på nytt og send igjen."
                ),
            )
            status = 400
        elif _all_valid(form, documents):
            with transaction.atomic():
                case = create_submitted_case(form, documents)
                jobs.defer(tasks.notify_editors, case_pk=case.pk, base_url=base_url(request))
                jobs.defer(
                    tasks.notify_submitter,
                    submission_pk=case.submission.pk,
                    base_url=base_url(request),
                )
            request.session[RECEIPT_SESSION_KEY] = {
                "title": case.title,
                "reference": case.submission.reference,
                "email": case.submission.email,
            }
            return redirect("cases:submit_done")
        else:
            status = 400
            for document_form in documents.forms if documents.is_bound else []:
                document_form.hold_upload()
    else:
        form = CaseSubmissionForm()
        documents = DocumentFormSet(prefix="dokumenter")
    context = {
        "form": form,
        "documents": documents,
        "document_errors": _document_errors(documents) if form.is_bound else [],
        "new_organization_fields": [form[name] for name in form.NEW_ORGANIZATION_FIELDS],
        "breadcrumbs": [
            (gettext("Forside"), reverse("home")),
            (gettext("Anskaffelser"), reverse("cases:list")),
            (gettext("Del en anskaffelse"), None),
        ],
    }
    return render(request, "cases/submit.html", context, status=status)


def _all_valid(form, documents) -> bool:
    form_valid = form.is_valid()
    return documents.is_valid() and form_valid  # both validated, so every error shows


def _document_errors(documents) -> list[tuple[str, str, str]]:
    """(anchor id, label, message) for every document error, for the error summary."""
    if not documents.is_bound:
        return []
    errors = [("dokumenter", gettext("Dokumenter"), error) for error in documents.non_form_errors()]
    for number, document_form in enumerate(documents.forms, start=1):
        for name, messages in document_form.errors.items():
            anchor = document_form[name].id_for_label if name in document_form.fields else ""
            label = gettext("Dokument %(n)d") % {"n": number}
            errors.extend((anchor or "dokumenter", label, message) for message in messages)
    return errors


def submit_done(request):
    receipt = request.session.pop(RECEIPT_SESSION_KEY, None)
    receipt = receipt or {}
    context = {
        "title": receipt.get("title", ""),
        "reference": receipt.get("reference", ""),
        "email": receipt.get("email", ""),
        "breadcrumbs": [
            (gettext("Forside"), reverse("home")),
            (gettext("Anskaffelser"), reverse("cases:list")),
            (gettext("Takk for bidraget"), None),
        ],
    }
    return render(request, "cases/submit_done.html", context)
