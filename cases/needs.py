"""The needs board (/behov/): forms, saving, signed links, emails and the list's filters
(the pages are cases.views.needs).

- A public body posts a need; it is stored unconfirmed and a signed link goes to the
  contact. Opening it confirms the address and is also the owner's way in: the same
  link (valid MANAGE_MAX_AGE) lets the owner edit the need, mark it as gone to
  procurement, close it, delete it with every interest in it, or turn it into a case
  proposal. Editors are told once it is confirmed and publish it in the admin.
- Another body says "Vi har samme behov": stored unconfirmed, confirmed by a link to its
  contact, and only then is the owner emailed the contact details. Nobody else sees them.
- Every email is a job (cases/tasks.py), queued in the transaction of the change.
- Closed needs stay listed as closed; RETENTION_MONTHS after closing, their contacts and
  their interests' contacts are erased (a daily job, cases.tasks.erase_expired_needs, and
  `manage.py erase_expired_needs`).
"""

from __future__ import annotations

import datetime
import logging
import re

from django import forms
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Case,
    CaseBuyer,
    CaseSubmission,
    Need,
    NeedInterest,
    Phase,
    Sector,
)
from cases.reuse import (
    LinkError,
    OrganizationFields,
    check_year,
    send_templated_email,
    tune_fields,
    year_field,
)
from cases.search import board
from cases.search.filters import CONTROL_CHARACTERS, MODE_CHOICES
from cases.search.need import MAX_NEED_CHARACTERS
from cases.submission import editor_addresses
from ioa_portal.lib.antispam import HoneypotMixin
from ioa_portal.lib.forms import DescribedFieldsMixin
from networks.forms import OrganizationChoiceMixin
from networks.models import Region
from networks.validators import validate_phone

logger = logging.getLogger(__name__)

CONFIRM_MAX_AGE = 60 * 60 * 24 * 7
MANAGE_MAX_AGE = 60 * 60 * 24 * 365  # the owner asks for a new link after a year
RETENTION_MONTHS = 24
YES = "ja"


def _load(token: str, salt: str, max_age: int) -> int:
    try:
        pk = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkError(expired=True) from error
    except signing.BadSignature as error:
        raise LinkError(expired=False) from error
    if not isinstance(pk, int):
        raise LinkError(expired=False)
    return pk


def need_for_token(token: str) -> Need:
    """The need an owner's link names. Raises LinkError when forged, old or deleted."""
    pk = _load(token, Need.MANAGE_SALT, MANAGE_MAX_AGE)
    need = Need.objects.select_related("organization", "region", "sector").filter(pk=pk).first()
    if need is None:
        raise LinkError(expired=False)
    return need


def interest_for_token(token: str) -> NeedInterest:
    pk = _load(token, NeedInterest.CONFIRM_SALT, CONFIRM_MAX_AGE)
    interest = NeedInterest.objects.select_related("need", "organization").filter(pk=pk).first()
    if interest is None:
        raise LinkError(expired=False)
    return interest


# ------------------------------------------------------------------------------- forms


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class NeedFields(forms.Form):
    """What a need says; the poster's form and the owner's edit form share it."""

    title = forms.CharField(
        label=_("Tittel"),
        max_length=200,
        help_text=_("Kort og beskrivende, for eksempel «Digitalt tilsyn om natten»."),
    )
    text = forms.CharField(
        label=_("Behovet med egne ord"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Problemet, hvem det gjelder og hva dere ønsker å oppnå. Ren tekst."),
    )
    phase = forms.ChoiceField(
        label=_("Hvor langt har dere kommet?"), choices=Phase.choices, widget=forms.RadioSelect
    )
    market_year = year_field(
        _("Når regner dere med å gå ut i markedet?"),
        _("Årstall, for eksempel 2026. Valgfritt."),
        required=False,
    )
    sector = forms.ModelChoiceField(
        label=_("Sektor"),
        queryset=Sector.objects.only("name"),
        required=False,
        empty_label=_("Velg sektor"),
    )
    region = forms.ModelChoiceField(
        label=_("Fylke"), queryset=Region.objects.all(), empty_label=_("Velg fylke")
    )
    open_to_joint = forms.BooleanField(
        label=_("Vi er åpne for en felles anskaffelse med andre virksomheter"), required=False
    )
    show_contact = forms.BooleanField(
        label=_("Navnet, e-postadressen og telefonnummeret mitt kan vises på siden"),
        required=False,
        help_text=_("Uten kryss ser bare du og redaksjonen kontaktopplysningene."),
    )

    REQUIRED = {
        "title": _("Skriv en tittel."),
        "text": _("Beskriv behovet."),
        "phase": _("Velg hvor langt dere har kommet."),
        "region": _("Velg fylke."),
    }

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_text(self) -> str:
        # Browsers send a textarea's line breaks as CRLF; store them as "\n".
        return normalise_newlines(self.cleaned_data["text"]).strip()

    def clean_market_year(self):
        year = timezone.localdate().year
        return check_year(self.cleaned_data.get("market_year"), first=year - 5, last=year + 15)


class NeedForm(
    DescribedFieldsMixin, HoneypotMixin, OrganizationChoiceMixin, OrganizationFields, NeedFields
):
    contact_name = forms.CharField(label=_("Navnet ditt"), max_length=200)
    contact_email = forms.EmailField(
        label=_("E-postadressen din"),
        max_length=254,
        help_text=_(
            "Hit sender vi lenken du bekrefter med og styrer behovet med, og e-post når "
            "noen har samme behov."
        ),
    )
    contact_phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tune_fields(
            self,
            {
                **NeedFields.REQUIRED,
                "contact_name": _("Skriv navnet ditt."),
                "contact_email": _("Skriv e-postadressen din."),
            },
            {"contact_name": "name", "contact_email": "email", "contact_phone": "tel"},
        )
        self.fields["contact_phone"].widget.input_type = "tel"
        self._describe_grouped_fields()

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data.get("contact_phone", "").strip()
        if phone:
            validate_phone(phone)
        return phone

    def clean_contact_name(self) -> str:
        return " ".join(self.cleaned_data["contact_name"].split())


class NeedEditForm(DescribedFieldsMixin, NeedFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tune_fields(self, NeedFields.REQUIRED, {})
        self._describe_grouped_fields()


class InterestForm(
    DescribedFieldsMixin, HoneypotMixin, OrganizationChoiceMixin, OrganizationFields
):
    sentence = forms.CharField(
        label=_("Noen ord om behovet deres"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Valgfritt. Går bare til den som meldte behovet."),
    )
    contact_name = forms.CharField(label=_("Navnet ditt"), max_length=200)
    contact_email = forms.EmailField(
        label=_("E-postadressen din"),
        max_length=254,
        help_text=_("Hit sender vi lenken du bekrefter med."),
    )
    share = forms.BooleanField(
        label=_("Den som meldte behovet, kan få navnet og e-postadressen min for å ta kontakt"),
        error_messages={"required": _("Kryss av her, ellers kan ingen ta kontakt med deg.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tune_fields(
            self,
            {
                "contact_name": _("Skriv navnet ditt."),
                "contact_email": _("Skriv e-postadressen din."),
            },
            {"contact_name": "name", "contact_email": "email"},
        )
        self._describe_grouped_fields()

    def clean_sentence(self) -> str:
        return " ".join(self.cleaned_data["sentence"].split())


class NewLinkForm(DescribedFieldsMixin, HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-postadressen du meldte behovet med"),
        max_length=254,
        error_messages={
            "required": _("Skriv e-postadressen din."),
            "invalid": _("Skriv e-postadressen på formen navn@virksomhet.no."),
        },
    )


class NeedFilterForm(forms.Form):
    """The list's filters (GET). Invalid values are left out with a message (``problems``),
    never an error page. ``q`` is searched as on /anskaffelser/: ``modus`` presis or behov,
    or chosen from the text (cases.search.board)."""

    q = forms.CharField(label=_("Søk"), max_length=MAX_NEED_CHARACTERS, required=False)
    modus = forms.ChoiceField(label=_("Søkemåte"), choices=MODE_CHOICES, required=False)
    sektor = forms.ModelMultipleChoiceField(
        label=_("Sektor"), queryset=Sector.objects.all(), required=False
    )
    fylke = forms.ModelMultipleChoiceField(
        label=_("Fylke"), queryset=Region.objects.all(), required=False
    )
    fase = forms.MultipleChoiceField(label=_("Fase"), choices=Phase.choices, required=False)
    felles = forms.ChoiceField(choices=[(YES, _("Åpen for felles anskaffelse"))], required=False)
    status = forms.ChoiceField(choices=[("apne", _("Bare åpne behov"))], required=False)

    def clean_q(self) -> str:
        # Control characters mean nothing in a search, and XML (the feed) forbids them.
        return CONTROL_CHARACTERS.sub(" ", self.cleaned_data["q"]).strip()

    def cleaned(self) -> dict:
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}

    def problems(self) -> list[str]:
        """What could not be used, in words, as the case search says it."""
        self.is_valid()
        return [
            _("%(label)s: %(error)s Vi så bort fra det.")
            % {"label": self.fields[name].label or name, "error": error}
            for name, errors in self.errors.items()
            for error in errors
        ]


# ------------------------------------------------------------------------------ saving


def create_need(form: NeedForm) -> Need:
    data = form.cleaned_data
    return Need.objects.create(
        title=data["title"],
        text=data["text"],
        phase=data["phase"],
        market_year=data.get("market_year"),
        sector=data.get("sector"),
        region=data["region"],
        organization=form.resolve_organization(),
        open_to_joint=data["open_to_joint"],
        show_contact=data["show_contact"],
        contact_name=data["contact_name"],
        contact_email=data["contact_email"],
        contact_phone=data["contact_phone"],
        # The page's language, as the views give the jobs that email the owner's link.
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def confirm_need(need: Need) -> bool:
    """The first opening of the owner's link confirms the address. True when it did."""
    done = Need.objects.filter(pk=need.pk, status=Need.Status.UNCONFIRMED).update(
        status=Need.Status.PENDING, confirmed_at=timezone.now(), updated_at=timezone.now()
    )
    if done:
        need.refresh_from_db()
    return bool(done)


def update_need(need: Need, form: NeedEditForm) -> None:
    for name in ("title", "text", "phase", "market_year", "sector", "region"):
        setattr(need, name, form.cleaned_data.get(name))
    need.open_to_joint = form.cleaned_data["open_to_joint"]
    need.show_contact = form.cleaned_data["show_contact"]
    need.save()


def set_status(need: Need, status: str) -> None:
    need.status = status
    need.closed_at = timezone.now() if status == Need.Status.CLOSED else None
    need.save(update_fields=["status", "closed_at", "updated_at"])


def create_interest(form: InterestForm, need: Need) -> NeedInterest:
    data = form.cleaned_data
    return NeedInterest.objects.create(
        need=need,
        organization=form.resolve_organization(),
        sentence=data["sentence"],
        contact_name=data["contact_name"],
        contact_email=data["contact_email"],
    )


def confirm_interest(interest: NeedInterest) -> bool:
    done = NeedInterest.objects.filter(pk=interest.pk, is_confirmed=False).update(
        is_confirmed=True, confirmed_at=timezone.now()
    )
    interest.refresh_from_db()
    return bool(done)


def propose_case(need: Need) -> Case:
    """The need as an unpublished case proposal for editors, as /anskaffelser/del/ makes
    one: texts carried over, the owner as the submitter. Call inside a transaction."""
    # Texts stored before line breaks were normalised (or edited in the admin) have CRLF.
    first_paragraph = re.split(r"\n[ \t]*\n", normalise_newlines(need.text).strip(), maxsplit=1)[0]
    summary = first_paragraph if len(first_paragraph) <= 600 else first_paragraph[:597] + "…"
    case = Case.objects.create(
        title=need.title,
        summary=summary,
        need=need.text,
        phase=need.phase,
        status=Case.Status.PLANNED,
        start_year=timezone.localdate().year,
        region=need.region or need.organization.region,
        source=Case.Source.SUBMITTED,
        is_published=False,
    )
    CaseBuyer.objects.create(case=case, organization=need.organization, is_lead=True)
    if need.sector_id:
        case.sectors.set([need.sector_id])
    CaseSubmission.objects.create(
        case=case,
        name=need.contact_name or gettext("Ukjent"),
        email=need.contact_email or "ukjent@example.invalid",
        phone=need.contact_phone,
        consent_at=timezone.now(),
    )
    need.proposed_case = case
    need.status = Need.Status.PROCUREMENT
    need.save(update_fields=["proposed_case", "status", "updated_at"])
    return case


@transaction.atomic
def delete_need(need: Need) -> None:
    """The need and every interest in it, at once."""
    need.interests.all().delete()
    need.delete()


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    year, month = divmod(moment.month - 1 - months, 12)
    day = min(moment.day, 28)
    return moment.replace(year=moment.year + year, month=month + 1, day=day)


def erase_expired(*, months: int = RETENTION_MONTHS, now=None) -> int:
    """Erase the contacts of needs closed more than `months` ago, and of their interests.
    The needs stay listed as closed. Returns how many needs were erased."""
    cutoff = months_before(now or timezone.now(), months)
    expired = Need.objects.filter(
        status=Need.Status.CLOSED, closed_at__lt=cutoff, contact_erased_at__isnull=True
    )
    with transaction.atomic():
        NeedInterest.objects.filter(need__in=expired).update(contact_name="", contact_email="")
        return expired.update(
            contact_name="",
            contact_email="",
            contact_phone="",
            show_contact=False,
            contact_erased_at=timezone.now(),
        )


# ------------------------------------------------------------------------------- lists


def filtered_needs(cleaned: dict, *, search=None, with_interests: bool = True):
    """The listed needs that pass the filters and the text search (``search``, analysed once
    by the caller; else from ``cleaned["q"]`` and ``cleaned["modus"]``), best first when
    searched, else newest first."""
    if search is None:
        search = board.analyse(cleaned.get("q", ""), cleaned.get("modus"))
    needs = Need.objects.listed().select_related("organization", "region", "sector")
    if cleaned.get("sektor"):
        needs = needs.filter(sector__in=cleaned["sektor"])
    if cleaned.get("fylke"):
        needs = needs.filter(region__in=cleaned["fylke"])
    if cleaned.get("fase"):
        needs = needs.filter(phase__in=cleaned["fase"])
    if cleaned.get("felles") == YES:
        needs = needs.filter(open_to_joint=True)
    if cleaned.get("status"):
        needs = needs.filter(status=Need.Status.PUBLISHED)
    if search is not None:
        needs = search.filter(needs)
    if not with_interests:
        return needs
    confirmed = (
        NeedInterest.objects.filter(need=OuterRef("pk"), is_confirmed=True)
        .order_by()
        .values("need")
        .annotate(n=Count("pk"))
        .values("n")
    )
    needs = needs.annotate(interest_count=Coalesce(Subquery(confirmed), 0))
    return search.order(needs) if search is not None else needs.order_by("-reviewed_at", "-pk")


def facet_counts(cleaned: dict, search=None) -> dict:
    """Counts per sector, county, phase and joint procurement; each facet counts the needs
    that pass every other active filter, so a ticked value leaves the others offered."""

    def other(name):
        others = {k: v for k, v in cleaned.items() if k != name}
        return filtered_needs(others, search=search, with_interests=False).order_by()

    def grouped(name, *columns):
        return list(
            other(name)
            .values(*columns)
            .annotate(n=Count("pk", distinct=True))
            .order_by(columns[-1])
        )

    return {
        "sektor": grouped("sektor", "sector_id", "sector__name"),
        "fylke": grouped("fylke", "region_id", "region__name"),
        "fase": grouped("fase", "phase"),
        "felles": other("felles").filter(open_to_joint=True).count(),
    }


WORKSPACE_NEEDS = 10


def coordinator_section(request, networks) -> dict | None:
    """The coordinator workspace's "Behov i fylkene deres" (registered in networks.workspace
    by CasesConfig.ready): the newest open public needs in the counties of the networks the
    user coordinates, with a link to all of them on the board. Two queries, whatever the
    number of networks and needs; nothing when the networks have no county."""
    counties = list(
        Region.objects.filter(networks__in=networks)
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )
    if not counties:
        return None
    found = list(
        filtered_needs({"fylke": [pk for pk, _name in counties], "status": "apne"})[
            : WORKSPACE_NEEDS + 1
        ]
    )
    query = QueryDict(mutable=True)
    query.setlist("fylke", [str(pk) for pk, _name in counties])
    query["status"] = "apne"
    return {
        "needs": found[:WORKSPACE_NEEDS],
        "more": len(found) > WORKSPACE_NEEDS,
        "counties": [name for _pk, name in counties],
        "board_url": f"{reverse('needs:list')}?{query.urlencode()}",
    }


def matching_cases(need: Need, request=None) -> list:
    """Earlier published cases that match the need (the need search), each with reasons."""
    from cases.search import run_search  # noqa: PLC0415 - search loads embeddings lazily

    text = f"{need.title}. {need.text}"[:1900]
    result = run_search({"q": text, "modus": "behov"}, request)
    return result.cases[:5]


# ------------------------------------------------------------------------------ emails


def manage_url(need: Need, base_url: str) -> str:
    return base_url + reverse("needs:manage", args=[need.manage_token()])


def send_owner_link(need_pk: int, *, base_url: str, first: bool) -> bool:
    """The owner's link: the first confirms the address (a job: cases/tasks.py)."""
    need = Need.objects.select_related("organization").filter(pk=need_pk).first()
    if need is None or not need.contact_email:  # deleted, or its contact erased
        return False
    context = {"need": need, "manage_url": manage_url(need, base_url), "first": first}
    if first:
        subject = gettext("Bekreft behovet «%(title)s»") % {"title": need.title}
    else:
        subject = gettext("Lenken til behovet «%(title)s»") % {"title": need.title}
    return send_templated_email(
        subject, "needs/email/owner_link.txt", context, [need.contact_email], f"need link {need_pk}"
    )


def needs_of_address(email: str) -> list[int]:
    """The needs registered with this address, for a fresh link each (none: nothing is
    sent). The jobs get the needs' ids, never the address."""
    return list(
        Need.objects.filter(contact_email__iexact=email)
        .exclude(contact_email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def notify_editors(need_pk: int, *, base_url: str) -> bool:
    """Tell the editors a confirmed need waits for review (a job: cases/tasks.py)."""
    need = Need.objects.select_related("organization").filter(pk=need_pk).first()
    if need is None:
        return False
    context = {
        "need": need,
        "admin_url": base_url + reverse("admin:cases_need_change", args=[need.pk]),
    }
    subject = gettext("Nytt behov til gjennomgang: %(title)s") % {"title": need.title}
    return send_templated_email(
        subject, "needs/email/editors.txt", context, editor_addresses(), f"need {need_pk}"
    )


def send_interest_confirmation(interest_pk: int, *, base_url: str) -> bool:
    """The link that confirms "Vi har samme behov" (a job: cases/tasks.py)."""
    interest = (
        NeedInterest.objects.select_related("need", "organization").filter(pk=interest_pk).first()
    )
    if interest is None or not interest.contact_email:
        return False
    context = {
        "interest": interest,
        "confirm_url": base_url
        + reverse("needs:interest_confirm", args=[interest.confirm_token()]),
    }
    subject = gettext("Bekreft: samme behov som «%(title)s»") % {"title": interest.need.title}
    return send_templated_email(
        subject,
        "needs/email/interest_confirm.txt",
        context,
        [interest.contact_email],
        f"interest confirmation {interest_pk}",
    )


def notify_owner(interest_pk: int, *, base_url: str) -> bool:
    """The owner gets the contact of a confirmed interest (a job: cases/tasks.py)."""
    interest = (
        NeedInterest.objects.select_related("need", "organization").filter(pk=interest_pk).first()
    )
    if interest is None:  # the need was deleted with its interests meanwhile
        return False
    need = interest.need
    if not need.contact_email or not interest.contact_email:
        return False
    with translation.override(need.language):
        context = {"interest": interest, "need": need, "manage_url": manage_url(need, base_url)}
        subject = gettext("%(org)s har samme behov som dere") % {"org": interest.organization.name}
        return send_templated_email(
            subject,
            "needs/email/owner_interest.txt",
            context,
            [need.contact_email],
            f"interest {interest_pk}",
        )


def approve(needs) -> int:
    """Editors publish confirmed needs."""
    return needs.filter(status=Need.Status.PENDING).update(
        status=Need.Status.PUBLISHED, reviewed_at=timezone.now(), updated_at=timezone.now()
    )


def reject(needs) -> int:
    return needs.filter(status=Need.Status.PENDING).update(
        status=Need.Status.REJECTED, updated_at=timezone.now()
    )


__all__ = [
    "InterestForm",
    "NeedEditForm",
    "NeedFilterForm",
    "NeedForm",
    "NewLinkForm",
    "approve",
    "confirm_interest",
    "confirm_need",
    "create_interest",
    "create_need",
    "delete_need",
    "erase_expired",
    "filtered_needs",
    "matching_cases",
    "need_for_token",
    "interest_for_token",
    "propose_case",
    "reject",
    "set_status",
    "update_need",
]
