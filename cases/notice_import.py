"""From a parsed notice (cases.notices) to a case: what the notice proposes for each field,
beside the case's current value, and applying the fields an editor accepts.

Used by the admin's "Hent fra kunngjøring" and by ``import_notice``. A proposal travels
between the two steps of the admin as a signed payload of plain values
(``proposal_payload``), so that nothing is stored until the editor accepts.
Applying is all or nothing: one transaction, the case checked with ``full_clean``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseBuyer, DialogueConference, unique_slug
from cases.notices import NoticeProposal
from cases.notices.doffin import notice_url
from networks.models import Organization
from networks.public_bodies import readable_name
from networks.validators import org_number_is_valid

SIGNING_SALT = "cases.notice-proposal"
MAX_AGE_SECONDS = 24 * 3600

# The fields a notice can fill, in the order the editor sees them.
FIELDS = {
    "title": _("Tittel"),
    "summary": _("Sammendrag (kunngjøringens beskrivelse)"),
    "buyers": _("Oppdragsgivere"),
    "cpv_codes": _("CPV-koder"),
    "procedure": _("Prosedyre"),
    "estimated_value": _("Anslått verdi (kr)"),
    "start_year": _("Startår (kunngjøringsdatoen)"),
    "doffin_ids": _("Doffin-kunngjøring"),
    "innovative_acquisitions": _("Innovativ anskaffelse (BT-776)"),
    "dialogue_conference": _("Dialogkonferanse"),
}


def proposal_payload(proposal: NoticeProposal) -> dict:
    """The values a notice proposes, as plain JSON-able data (only what it states)."""
    value = proposal.estimated_value
    codes = [a.code for a in proposal.innovative_acquisitions]
    for lot in proposal.lots:
        codes += [a.code for a in lot.innovative_acquisitions if a.code not in codes]
    conference = proposal.dialogue_conference
    payload = {
        "notice": {
            "kind": proposal.subtype_label,
            "subtype": proposal.subtype,
            "national": proposal.national,
            "date": proposal.date.isoformat() if proposal.date else "",
            "doffin_id": proposal.doffin_id,
        },
        "title": proposal.title,
        "summary": proposal.description,
        "buyers": [
            {"name": b.name, "org_number": b.org_number, "website": b.website}
            for b in proposal.buyers
        ],
        "cpv_codes": list(proposal.cpv_codes),
        "procedure": proposal.case_procedure,
        "estimated_value": value.whole_nok if value is not None else None,
        "start_year": proposal.date.year if proposal.date else None,
        "doffin_ids": [proposal.doffin_id] if proposal.doffin_id else [],
        "innovative_acquisitions": [c for c in codes if c in Case.InnovativeAcquisition.values],
        "dialogue_conference": None,
    }
    if conference is not None and conference.held_on is not None:
        payload["dialogue_conference"] = {
            "held_on": conference.held_on.isoformat(),
            "place": conference.place[:200],
            "is_online": conference.is_online,
            "summary": conference.source_text,
            "notice_url": notice_url(proposal.doffin_id) if proposal.doffin_id else "",
        }
    return {name: v for name, v in payload.items() if v not in (None, "", [])}


def sign(payload: dict) -> str:
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def unsign(token: str) -> dict:
    """The payload of ``sign``; raises signing.BadSignature (also when expired)."""
    return signing.loads(token, salt=SIGNING_SALT, max_age=MAX_AGE_SECONDS)


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    current: str
    proposed: str
    same: bool


def rows(case: Case | None, payload: dict) -> list[Row]:
    """Each field the notice proposes, with the case's current value in words."""
    result = []
    for name, label in FIELDS.items():
        if name not in payload:
            continue
        current = _current(case, name) if case is not None else ""
        proposed = _shown(name, payload[name])
        result.append(Row(name, str(label), current, proposed, current == proposed))
    return result


def _current(case: Case, name: str) -> str:
    if name == "buyers":
        links = case.casebuyer_set.select_related("organization").order_by("-is_lead", "pk")
        return "\n".join(_buyer_text(link.organization.name, link.organization.org_number)
                         for link in links)  # fmt: skip
    if name == "dialogue_conference":
        return "\n".join(
            f"{c.held_on.isoformat()} {c.place}".strip() for c in case.dialogue_conferences.all()
        )
    return _shown(name, getattr(case, name))


def _shown(name: str, value) -> str:
    if value in (None, "", []):
        return ""
    match name:
        case "buyers":
            return "\n".join(_buyer_text(b["name"], b.get("org_number", "")) for b in value)
        case "cpv_codes" | "doffin_ids":
            return ", ".join(value)
        case "procedure":
            return str(Case.Procedure(value).label)
        case "innovative_acquisitions":
            labels = dict(Case.InnovativeAcquisition.choices)
            return "\n".join(str(labels.get(code, code)) for code in value)
        case "dialogue_conference":
            online = f" ({_('digitalt')})" if value.get("is_online") else ""
            return f"{value['held_on']} {value.get('place', '')}{online}".strip()
        case "estimated_value" | "start_year":
            return str(value)
    return str(value)


def _buyer_text(name: str, number: str) -> str:
    return f"{name} ({number})" if number else name


def apply(case: Case | None, payload: dict, accepted: set[str]) -> Case:
    """Write the accepted fields to the case (a new unpublished case when None).

    All or nothing: raises ValidationError (nothing saved) when the result is not a valid
    case, e.g. a new case without a title and a summary.
    """
    accepted = {name for name in accepted if name in payload and name in FIELDS}
    if not accepted:
        raise ValidationError(_("Kryss av minst ett felt som skal hentes fra kunngjøringen."))
    with transaction.atomic():
        if case is None:
            case = Case(source=Case.Source.IMPORTED, is_published=False)
        for name in ("title", "summary", "procedure", "estimated_value", "start_year"):
            if name in accepted:
                setattr(case, name, payload[name])
        if "cpv_codes" in accepted:
            case.cpv_codes = list(payload["cpv_codes"])
        if "doffin_ids" in accepted:
            case.doffin_ids = list(dict.fromkeys([*case.doffin_ids, *payload["doffin_ids"]]))
        if "innovative_acquisitions" in accepted:
            case.innovative_acquisitions = list(payload["innovative_acquisitions"])
        if case.end_year and case.start_year and case.end_year < case.start_year:
            case.end_year = None
        if not case.slug:
            case.slug = unique_slug(case.title or "anskaffelse")
        case.full_clean(exclude=["slug"] if case.pk else None)
        case.save()
        if "buyers" in accepted:
            add_buyers(case, payload["buyers"])
        if "dialogue_conference" in accepted:
            add_conference(case, payload["dialogue_conference"])
    return case


def add_buyers(case: Case, buyers: list[dict]) -> None:
    """Link each buyer, found by organisation number (or the same name) in the register
    or added to it for review; the first becomes the lead when the case has none."""
    has_lead = case.casebuyer_set.filter(is_lead=True).exists()
    for buyer in buyers:
        organization = find_or_add_organization(buyer)
        link, created = CaseBuyer.objects.get_or_create(case=case, organization=organization)
        if not has_lead:
            link.is_lead = True
            link.save(update_fields=["is_lead"])
            has_lead = True


def find_or_add_organization(buyer: dict) -> Organization:
    number = buyer.get("org_number", "")
    if number and not org_number_is_valid(number):
        number = ""
    if number:
        found = Organization.objects.filter(org_number=number).first()
    else:
        found = Organization.objects.filter(name__iexact=buyer["name"].strip()).first()
    if found:
        return found
    website = buyer.get("website", "")
    return Organization.objects.create(
        name=readable_name(buyer["name"])[:200],
        org_number=number,
        kind=Organization.Kind.OTHER,
        website=website if len(website) <= 200 and website.startswith("http") else "",
        needs_review=True,
    )


def add_conference(case: Case, conference: dict) -> None:
    held_on = datetime.date.fromisoformat(conference["held_on"])
    if case.dialogue_conferences.filter(held_on=held_on).exists():
        return
    item = DialogueConference(
        case=case,
        held_on=held_on,
        place=conference.get("place", ""),
        is_online=bool(conference.get("is_online")),
        summary=conference.get("summary", ""),
        notice_url=conference.get("notice_url", ""),
    )
    item.full_clean()
    item.save()
