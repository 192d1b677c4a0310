"""Published cases as the open data API shows them: a shape borrowed from the Open
Contracting Data Standard (OCDS). Labels in bokmål (the API's language)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch
from django.urls import reverse

from cases.models import Case, CaseBuyer, Document

API_LANGUAGE = "nb"

# OCDS procurementMethod (open, selective, limited, direct). Procedures that fit none of
# them (a design contest may be open or restricted; pre-commercial procurement is outside
# the procurement rules) have no method; procurementMethodDetails still names them.
PROCUREMENT_METHODS = {
    Case.Procedure.OPEN_TENDER: "open",
    Case.Procedure.RESTRICTED_TENDER: "selective",
    Case.Procedure.OPEN_NATIONAL: "open",
    Case.Procedure.RESTRICTED_NATIONAL: "selective",
    Case.Procedure.NEGOTIATION: "selective",
    Case.Procedure.COMPETITIVE_DIALOGUE: "selective",
    Case.Procedure.INNOVATION_PARTNERSHIP: "selective",
    Case.Procedure.DESIGN_CONTEST: None,
    Case.Procedure.PRE_COMMERCIAL: None,
    Case.Procedure.OTHER: None,
}



def number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def code(value: str, label: str) -> dict:
    return {"code": value, "label": str(label)}


def party_id(organization) -> str:
    if organization.org_number:
        return f"NO-BRC-{organization.org_number}"
    return f"ioa-organization-{organization.pk}"


def party(link: CaseBuyer) -> dict:
    organization = link.organization
    data = {
        "id": party_id(organization),
        "name": organization.name,
        "roles": ["buyer"],
        "details": {
            "lead": link.is_lead,
            "kind": code(organization.kind, organization.get_kind_display()),
            "municipalityNumber": organization.municipality_number or None,
        },
    }
    if organization.org_number:
        data["identifier"] = {
            "scheme": "NO-BRC",
            "id": organization.org_number,
            "legalName": organization.name,
        }
    address = {"countryName": "Norge"}
    if organization.region is not None:
        address["region"] = organization.region.name
    data["address"] = address
    if organization.website:
        data["contactPoint"] = {"url": organization.website}
    return data


def document(request, case: Case, item: Document) -> dict:
    if item.file:
        url = request.build_absolute_uri(reverse("cases:document", args=[case.slug, item.pk]))
    else:
        url = item.external_url
    return {
        "id": str(item.pk),
        "documentType": item.ocds_document_type,
        "kind": code(item.kind, item.get_kind_display()),
        "title": item.title,
        "url": url,
        "format": item.content_type or None,
        "phase": code(item.phase, item.get_phase_display()) if item.phase else None,
        "datePublished": item.uploaded_at.isoformat(),
    }


def case_links(request, case: Case) -> dict:
    return {
        "html": request.build_absolute_uri(case.get_absolute_url()),
        "self": request.build_absolute_uri(reverse("api:case-detail", args=[case.slug])),
    }


def serialize_case(request, case: Case) -> dict:
    """One case as the API shows it; needs the prefetches of ``api_queryset``."""
    buyers = list(case.casebuyer_set.all())
    lead = next((link.organization for link in buyers if link.is_lead), None)
    procedure = Case.Procedure(case.procedure)
    return {
        "id": case.pk,
        "slug": case.slug,
        "language": API_LANGUAGE,
        "title": case.title,
        "summary": case.summary,
        "status": code(case.status, case.get_status_display()),
        "phase": code(case.phase, case.get_phase_display()),
        "innovationType": code(case.innovation_type, case.get_innovation_type_display()),
        "sectors": [
            {"id": sector.pk, "name": sector.name, "slug": sector.slug}
            for sector in case.sectors.all()
        ],
        "region": (
            {"id": case.region.pk, "name": case.region.name, "number": case.region.number}
            if case.region
            else None
        ),
        "buyer": {"id": party_id(lead), "name": lead.name} if lead else None,
        "parties": [party(link) for link in buyers],
        "tender": {
            "id": case.slug,
            "title": case.title,
            "description": case.summary,
            "procurementMethod": PROCUREMENT_METHODS[procedure],
            "procurementMethodDetails": str(procedure.label),
            "procedure": code(procedure.value, procedure.label),
            "eformsProcedureType": case.eforms_procedure_code,
            "value": (
                {"amount": case.estimated_value, "currency": "NOK"}
                if case.estimated_value is not None
                else None
            ),
            "items": [
                {"id": str(index), "classification": {"scheme": "CPV", "id": cpv}}
                for index, cpv in enumerate(case.cpv_codes, start=1)
            ],
            "notices": [
                {
                    "id": notice,
                    "publisher": "Doffin",
                    "url": f"https://www.doffin.no/notices/{notice}",
                }
                for notice in case.doffin_ids
            ],
            "documents": [document(request, case, item) for item in case.documents.all()],
        },
        "period": {"startYear": case.start_year, "endYear": case.end_year},
        "originNetwork": (
            {
                "name": case.origin_network.name,
                "slug": case.origin_network.slug,
                "url": request.build_absolute_uri(case.origin_network.get_absolute_url()),
            }
            if case.origin_network and case.origin_network.is_published
            else None
        ),
        "needDescription": case.need,
        "approach": case.approach,
        "results": case.results,
        "lessons": case.lessons,
        "dialogueConferences": [
            {
                "id": str(conference.pk),
                "date": conference.held_on.isoformat(),
                "place": conference.place,
                "online": conference.is_online,
                "invitedSuppliers": conference.invited_suppliers,
                "attendingSuppliers": conference.attending_suppliers,
                "oneToOneMeetings": conference.one_to_one_meetings,
                "noticeUrl": conference.notice_url or None,
                "summary": conference.summary,
            }
            for conference in case.dialogue_conferences.all()
        ],
        "benefits": [
            {
                "id": str(benefit.pk),
                "kind": code(benefit.kind, benefit.get_kind_display()),
                "description": benefit.description,
                "baseline": number(benefit.baseline),
                "estimated": number(benefit.estimated),
                "realised": number(benefit.realised),
                "unit": benefit.unit,
                "period": benefit.period,
            }
            for benefit in case.benefits.all()
        ],
        "contacts": [
            {
                "name": contact.name,
                "role": contact.role,
                "organization": contact.organization,
                "email": contact.email or None,
                "phone": contact.phone or None,
            }
            for contact in case.contacts.all()
        ],
        "isDemo": case.is_demo,
        "datePublished": case.published_at.isoformat(),
        "dateModified": case.updated_at.isoformat(),
        "links": case_links(request, case),
    }


def api_queryset(cases):
    """Everything ``serialize_case`` reads, in a fixed number of queries."""
    return cases.select_related("region", "origin_network").prefetch_related(
        Prefetch(
            "casebuyer_set",
            queryset=CaseBuyer.objects.select_related("organization__region").order_by(
                "-is_lead", "organization__name"
            ),
        ),
        "sectors",
        "documents",
        "dialogue_conferences",
        "benefits",
        "contacts",
    )
