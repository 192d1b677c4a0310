"""Reuse of a case's solution ("Vi har tatt i bruk denne løsningen"): the public form, the
saving, the email confirmation and what the case page and the statistics show.

The flow: a public body reports on /anskaffelser/<slug>/gjenbruk/ (the page is
cases.views.reuse; the case page itself is cached, so the form with its CSRF token has a
page of its own). The report is stored unconfirmed and a signed link goes to the contact's
address; opening it confirms the report, and only then do editors see it in the admin
and get an email. Both emails are jobs (cases/tasks.py), queued in the transaction that
stores or confirms the report. An editor approves it there, and the case page shows it.
The contact is never shown publicly.
"""

from __future__ import annotations

import logging
from collections import Counter

from django import forms
from django.core import signing
from django.core.mail import send_mail
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Reuse
from cases.submission import editor_addresses
from ioa_portal.lib.antispam import HoneypotMixin
from ioa_portal.lib.forms import DescribedFieldsMixin
from networks.forms import OrganizationChoiceMixin, organization_number_field
from networks.models import Organization, Region
from networks.pickers import OrganizationField

logger = logging.getLogger(__name__)

FIRST_YEAR = 1990
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7  # a week: long enough for holidays, short for old mail


class LinkError(Exception):
    """A signed link that is forged, broken or too old; `expired` tells which."""

    def __init__(self, *, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def tune_fields(form: forms.Form, required_messages: dict, autocomplete: dict) -> None:
    """The public forms' common wording: required messages that say what to do, a length
    message that says how long the text is, and autocomplete hints."""
    for name, message in required_messages.items():
        form.fields[name].error_messages["required"] = message
    for name, value in autocomplete.items():
        form.fields[name].widget.attrs["autocomplete"] = value
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length:
            field.error_messages["max_length"] = _(
                "%(label)s kan ha høyst %%(limit_value)d tegn. Nå er det %%(show_value)d."
            ) % {"label": field.label}
        if isinstance(field, forms.EmailField):
            field.error_messages["invalid"] = _(
                "Skriv e-postadressen på formen navn@virksomhet.no."
            )


def year_field(label, help_text, *, required=True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
        error_messages={"invalid": _("Skriv årstallet med fire sifre, for eksempel 2024.")},
    )


def check_year(value, *, first: int, last: int):
    if value is not None and not first <= value <= last:
        raise forms.ValidationError(
            _("Skriv et årstall mellom %(first)d og %(last)d."),
            code="year_range",
            params={"first": first, "last": last},
        )
    return value


class OrganizationFields(forms.Form):
    """The body: found in the register by name or number with the picker of the network
    application (networks.pickers.OrganizationField), or a new one's name, number, kind
    and county (checked by networks.forms.OrganizationChoiceMixin)."""

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
        label=_("Type virksomhet"),
        choices=Organization.Kind.choices,
        initial=Organization.Kind.MUNICIPALITY,
        required=False,
    )
    new_organization_region = forms.ModelChoiceField(
        label=_("Fylke"), queryset=Region.objects.all(), required=False, empty_label=_("Velg fylke")
    )

    NEW_ORGANIZATION_FIELDS = (
        "new_organization_name",
        "new_organization_number",
        "new_organization_kind",
        "new_organization_region",
    )


class ReuseForm(DescribedFieldsMixin, HoneypotMixin, OrganizationChoiceMixin, OrganizationFields):
    how = forms.ChoiceField(
        label=_("Hvordan tok dere løsningen i bruk?"),
        choices=Reuse.How.choices,
        widget=forms.RadioSelect,
    )
    year = year_field(_("År"), _("Året dere tok løsningen i bruk, for eksempel 2024."))
    sentence = forms.CharField(
        label=_("Én setning om hvordan det gikk"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Valgfritt. Vises på siden til anskaffelsen. Ren tekst, høyst 300 tegn."),
    )
    contact_name = forms.CharField(label=_("Navnet ditt"), max_length=200)
    contact_email = forms.EmailField(
        label=_("E-postadressen din"),
        max_length=254,
        help_text=_(
            "Vi sender en lenke hit som du må åpne for å bekrefte. Bare redaksjonen ser "
            "navnet og adressen."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tune_fields(
            self,
            {
                "how": _("Velg hvordan dere tok løsningen i bruk."),
                "year": _("Skriv året dere tok løsningen i bruk."),
                "contact_name": _("Skriv navnet ditt."),
                "contact_email": _("Skriv e-postadressen din."),
            },
            {
                "contact_name": "name",
                "contact_email": "email",
                "new_organization_name": "organization",
            },
        )
        self.fields["new_organization_number"].widget.attrs["inputmode"] = "numeric"
        self._describe_grouped_fields()

    def clean_year(self):
        return check_year(
            self.cleaned_data.get("year"), first=FIRST_YEAR, last=timezone.localdate().year
        )

    def clean_sentence(self) -> str:
        return " ".join(self.cleaned_data["sentence"].split())

    def clean_contact_name(self) -> str:
        return " ".join(self.cleaned_data["contact_name"].split())


def create_reuse(form: ReuseForm, case: Case) -> Reuse:
    """Store the report, unconfirmed. Call inside a transaction."""
    data = form.cleaned_data
    return Reuse.objects.create(
        case=case,
        organization=form.resolve_organization(),
        how=data["how"],
        year=data["year"],
        sentence=data["sentence"],
        contact_name=data["contact_name"],
        contact_email=data["contact_email"],
    )


def reuse_for_token(token: str) -> Reuse:
    """The report a confirmation link names. Raises LinkError when forged or old."""
    try:
        pk = signing.loads(token, salt=Reuse.CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkError(expired=True) from error
    except signing.BadSignature as error:
        raise LinkError(expired=False) from error
    if not isinstance(pk, int):
        raise LinkError(expired=False)
    reuse = Reuse.objects.select_related("case", "organization").filter(pk=pk).first()
    if reuse is None:
        raise LinkError(expired=False)
    return reuse


def confirm(reuse: Reuse) -> bool:
    """Mark the report confirmed (once). True when this call confirmed it."""
    updated = Reuse.objects.filter(pk=reuse.pk, status=Reuse.Status.UNCONFIRMED).update(
        status=Reuse.Status.CONFIRMED, confirmed_at=timezone.now(), updated_at=timezone.now()
    )
    reuse.refresh_from_db()
    return bool(updated)


def decide(reuses, status: str) -> int:
    """Approve or reject confirmed (or earlier decided) reports; unconfirmed ones stay."""
    return (
        reuses.for_editors()
        .exclude(status=status)
        .update(status=status, decided_at=timezone.now(), updated_at=timezone.now())
    )


def send_templated_email(
    subject: str, template: str, context: dict, recipients: list[str], what: str
) -> bool:
    """Send one email from a job (cases/tasks.py). An SMTP or network error is raised, so
    that the job is retried; the data it is about is stored already."""
    if not recipients:
        logger.warning("No recipient for %s", what)
        return False
    send_mail(subject[:200], render_to_string(template, context), None, recipients)
    return True


def send_confirmation(reuse_pk: int, *, base_url: str) -> bool:
    """The link that confirms a report (a job: cases/tasks.py)."""
    reuse = Reuse.objects.select_related("case", "organization").filter(pk=reuse_pk).first()
    if reuse is None:  # deleted by an editor before the job ran
        return False
    context = {
        "reuse": reuse,
        "confirm_url": base_url
        + reverse("cases:reuse_confirm", args=[reuse.case.slug, reuse.confirm_token()]),
        "days": CONFIRM_MAX_AGE // 86400,
    }
    subject = gettext("Bekreft at dere har tatt i bruk «%(title)s»") % {"title": reuse.case.title}
    return send_templated_email(
        subject,
        "cases/reuse/confirm_email.txt",
        context,
        [reuse.contact_email],
        f"the confirmation of reuse {reuse_pk}",
    )


def notify_editors(reuse_pk: int, *, base_url: str) -> bool:
    """Tell the editors a confirmed report waits for them (a job: cases/tasks.py)."""
    reuse = Reuse.objects.select_related("case", "organization").filter(pk=reuse_pk).first()
    if reuse is None:
        return False
    context = {
        "reuse": reuse,
        "admin_url": base_url + reverse("admin:cases_reuse_change", args=[reuse.pk]),
    }
    subject = gettext("Ny melding om gjenbruk: %(title)s") % {"title": reuse.case.title}
    return send_templated_email(
        subject,
        "cases/reuse/editors_email.txt",
        context,
        editor_addresses(),
        f"the editors' notice of reuse {reuse_pk}",
    )


def case_page_context(case: Case) -> dict:
    """What the case page shows of reuse: approved reports (one per body, newest first),
    the case it builds on and the published cases that build on it."""
    reuses = []
    if case.has_reuse:
        seen = set()
        for reuse in (
            case.reuses.approved()
            .select_related("organization__region")
            .order_by("-year", "organization__name", "pk")
        ):
            if reuse.organization_id not in seen:
                seen.add(reuse.organization_id)
                reuses.append(reuse)
    builds_on = None
    if case.builds_on_id:
        builds_on = Case.objects.published().filter(pk=case.builds_on_id).only("title", "slug")
        builds_on = builds_on.first()
    built_on_by = list(
        Case.objects.published().filter(builds_on=case).only("title", "slug").order_by("title")
    )
    return {
        "reuses": reuses,
        "reuse_counties": sorted(
            {r.organization.region.name for r in reuses if r.organization.region}
        ),
        "builds_on": builds_on,
        "built_on_by": built_on_by,
    }


def earlier_reports(reuse: Reuse) -> list[Reuse]:
    """The body's other reports, for the editor deciding on this one."""
    return list(
        Reuse.objects.for_editors()
        .filter(organization_id=reuse.organization_id)
        .exclude(pk=reuse.pk)
        .select_related("case")
        .order_by("-created_at")[:20]
    )


def spread(cases) -> dict:
    """How far reuse has spread among `cases` (published): how many were reused, the bodies
    reached, reports by county and year, and how many crossed county lines."""
    approved = (
        Reuse.objects.approved()
        .filter(case__in=cases)
        .values(
            "case_id", "organization_id", "year", "organization__region__name", "case__region_id"
        )
        .annotate(county_id=models.F("organization__region_id"))
    )
    rows = list(approved)
    by_county = Counter(
        row["organization__region__name"] or gettext("Ukjent fylke") for row in rows
    )
    by_year = Counter(row["year"] for row in rows)
    other_county = sum(
        1
        for row in rows
        if row["case__region_id"]
        and row["county_id"]
        and row["case__region_id"] != row["county_id"]
    )
    return {
        "reused_cases": len({row["case_id"] for row in rows}),
        "bodies": len({row["organization_id"] for row in rows}),
        "reports": len(rows),
        "by_county": sorted(by_county.items(), key=lambda item: (-item[1], item[0])),
        "by_year": sorted(by_year.items()),
        "other_county": other_county,
    }
