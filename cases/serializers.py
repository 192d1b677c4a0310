"""A case as a dict, in each of the shapes it leaves the site in, described in one place.

A shape is a list of fields, each a key and a getter ``(obj, request) -> value``;
``build()`` turns an object into a dict by asking each getter in turn. The getters are
small and shared (``value("region.name")``, ``code("status")``, ``many("benefits", …)``),
so the three shapes differ in which fields they list and how they name them, not in code:

- ``API_CASE``: the open data API (/api/v1/cases/), a shape borrowed from the Open
  Contracting Data Standard (OCDS), camelCase keys, codes with their labels as
  {"code", "label"}; ``cases.api.serializers.serialize_case``.
- ``SEARCH_EXPORT_CASE``: one case of the JSON export of a search (cases/views/exports.py),
  snake_case keys, codes with their label beside them (``status``, ``status_label``).
- ``FILE_CASE``: one case in the files of export_cases/import_cases
  (cases/importexport.py, docs/case-json-format.md): every part, codes as stored, no labels,
  nothing computed, so that importing the file again gives the same case.

Each needs the prefetching of its queryset (``api_queryset``, ``for_cards()``,
``export_queryset``); the getters only read what those fetch. Imports no view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.urls import reverse

from cases.models import Case

Getter = Callable[[Any, Any], Any]  # (object, request or None) -> value
Shape = Sequence[tuple[str, Getter]]

OMIT = object()  # a getter's answer for "leave this key out"


def build(shape: Shape, obj, request=None) -> dict:
    """The dict of ``obj`` in ``shape``, keys in the shape's order."""
    data = {}
    for key, get in shape:
        found = get(obj, request)
        if found is not OMIT:
            data[key] = found
    return data


# ------------------------------------------------------------------------------- getters


def _follow(obj, path: str):
    """``obj.a.b`` for the path "a.b"; None as soon as a step is None."""
    for name in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def value(path: str) -> Getter:
    """The attribute as stored (a dotted path follows relations; None where one is empty)."""
    return lambda obj, request: _follow(obj, path)


def or_none(path: str) -> Getter:
    """The attribute, or None where it is empty ("" becomes null)."""
    return lambda obj, request: _follow(obj, path) or None


def text(path: str) -> Getter:
    """The attribute as a string (an id as "12")."""
    return lambda obj, request: str(_follow(obj, path))


def as_list(path: str) -> Getter:
    return lambda obj, request: list(_follow(obj, path))


def iso(path: str) -> Getter:
    """A date or time in ISO 8601, or None."""

    def get(obj, request):
        found = _follow(obj, path)
        return None if found is None else found.isoformat()

    return get


def label(name: str) -> Getter:
    """The label of a choice field, in the active language."""
    return lambda obj, request: str(getattr(obj, f"get_{name}_display")())


def code(name: str) -> Getter:
    """A choice field as {"code": stored value, "label": its label}."""
    return lambda obj, request: {"code": getattr(obj, name), "label": label(name)(obj, request)}


def code_if_set(name: str) -> Getter:
    """``code()``, or None where the field is empty."""
    return lambda obj, request: code(name)(obj, request) if getattr(obj, name) else None


def number(path: str) -> Getter:
    """A decimal as a JSON number: an int where it is whole, else a float."""

    def get(obj, request):
        found: Decimal | None = _follow(obj, path)
        if found is None:
            return None
        return int(found) if found == found.to_integral_value() else float(found)

    return get


def decimal_text(path: str) -> Getter:
    """A decimal as a string, exactly as stored ("12.50"), or None."""

    def get(obj, request):
        found: Decimal | None = _follow(obj, path)
        return None if found is None else format(found, "f")

    return get


def many(relation: str, shape: Shape) -> Getter:
    """The related objects, each in ``shape``."""
    return lambda obj, request: [
        build(shape, item, request) for item in getattr(obj, relation).all()
    ]


def names(relation: str, attribute: str = "name") -> Getter:
    """One attribute of each related object: the sectors' names."""
    return lambda obj, request: [getattr(item, attribute) for item in getattr(obj, relation).all()]


def one(path: str, shape: Shape) -> Getter:
    """A related object in ``shape``, or None where there is none."""

    def get(obj, request):
        found = _follow(obj, path)
        return None if found is None else build(shape, found, request)

    return get


def nested(shape: Shape) -> Getter:
    """More fields of the same object, grouped under one key."""
    return lambda obj, request: build(shape, obj, request)


def const(constant) -> Getter:
    return lambda obj, request: constant


def absolute(url: Callable[[Any], str]) -> Getter:
    """An absolute address on this site (needs the request)."""
    return lambda obj, request: request.build_absolute_uri(url(obj))


def page_url() -> Getter:
    """The absolute address of the object's page."""
    return absolute(lambda obj: obj.get_absolute_url())


# -------------------------------------------------------------------------------- parts

# The buyers of a case are read through CaseBuyer links (is_lead on the link).
FILE_BUYER: Shape = [
    ("name", value("organization.name")),
    ("org_number", value("organization.org_number")),
    ("kind", value("organization.kind")),
    ("municipality_number", value("organization.municipality_number")),
    ("county", value("organization.region.number")),
    ("is_lead", value("is_lead")),
]
SEARCH_EXPORT_BUYER: Shape = [
    ("name", value("organization.name")),
    ("org_number", or_none("organization.org_number")),
    ("is_lead", value("is_lead")),
]

FILE_CONFERENCE: Shape = [
    ("held_on", iso("held_on")),
    ("place", value("place")),
    ("is_online", value("is_online")),
    ("invited_suppliers", value("invited_suppliers")),
    ("attending_suppliers", value("attending_suppliers")),
    ("one_to_one_meetings", value("one_to_one_meetings")),
    ("notice_url", value("notice_url")),
    ("summary", value("summary")),
]
API_CONFERENCE: Shape = [
    ("id", text("pk")),
    ("date", iso("held_on")),
    ("place", value("place")),
    ("online", value("is_online")),
    ("invitedSuppliers", value("invited_suppliers")),
    ("attendingSuppliers", value("attending_suppliers")),
    ("oneToOneMeetings", value("one_to_one_meetings")),
    ("noticeUrl", or_none("notice_url")),
    ("summary", value("summary")),
]

FILE_BENEFIT: Shape = [
    ("kind", value("kind")),
    ("description", value("description")),
    ("baseline", decimal_text("baseline")),
    ("estimated", decimal_text("estimated")),
    ("realised", decimal_text("realised")),
    ("unit", value("unit")),
    ("period", value("period")),
]
API_BENEFIT: Shape = [
    ("id", text("pk")),
    ("kind", code("kind")),
    ("description", value("description")),
    ("baseline", number("baseline")),
    ("estimated", number("estimated")),
    ("realised", number("realised")),
    ("unit", value("unit")),
    ("period", value("period")),
]

FILE_CONTACT: Shape = [
    ("name", value("name")),
    ("role", value("role")),
    ("organization", value("organization")),
    ("email", value("email")),
    ("phone", value("phone")),
    ("is_fictitious", value("is_fictitious")),
]
API_CONTACT: Shape = [
    ("name", value("name")),
    ("role", value("role")),
    ("organization", value("organization")),
    ("email", or_none("email")),
    ("phone", or_none("phone")),
]

FILE_DOCUMENT: Shape = [
    ("kind", value("kind")),
    ("title", value("title")),
    ("file", lambda document, request: document.file.name or ""),
    ("external_url", value("external_url")),
    ("phase", value("phase")),
    ("size", value("size")),
    ("content_type", value("content_type")),
]


def _document_url(document, request) -> str:
    """An uploaded file through this site (the case is the one being serialised: no query);
    a link as it is."""
    if document.file:
        return request.build_absolute_uri(
            reverse("cases:document", args=[document.case.slug, document.pk])
        )
    return document.external_url


API_DOCUMENT: Shape = [
    ("id", text("pk")),
    ("documentType", value("ocds_document_type")),
    ("kind", code("kind")),
    ("title", value("title")),
    ("url", _document_url),
    ("format", or_none("content_type")),
    ("phase", code_if_set("phase")),
    ("datePublished", iso("uploaded_at")),
]


# ----------------------------------------------------------------------- the API's parts

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


def party_id(organization) -> str:
    if organization.org_number:
        return f"NO-BRC-{organization.org_number}"
    return f"ioa-organization-{organization.pk}"


def _identifier(organization, request):
    if not organization.org_number:
        return OMIT
    return {"scheme": "NO-BRC", "id": organization.org_number, "legalName": organization.name}


def _address(organization, request) -> dict:
    address = {"countryName": "Norge"}
    if organization.region is not None:
        address["region"] = organization.region.name
    return address


def _contact_point(organization, request):
    return {"url": organization.website} if organization.website else OMIT


def _in_organization(get: Getter) -> Getter:
    return lambda link, request: get(link.organization, request)


API_PARTY: Shape = [
    ("id", lambda link, request: party_id(link.organization)),
    ("name", value("organization.name")),
    ("roles", const(["buyer"])),
    (
        "details",
        nested(
            [
                ("lead", value("is_lead")),
                ("kind", _in_organization(code("kind"))),
                ("municipalityNumber", or_none("organization.municipality_number")),
            ]
        ),
    ),
    ("identifier", _in_organization(_identifier)),
    ("address", _in_organization(_address)),
    ("contactPoint", _in_organization(_contact_point)),
]


def _lead_buyer(case, request):
    lead = next((link.organization for link in case.casebuyer_set.all() if link.is_lead), None)
    return {"id": party_id(lead), "name": lead.name} if lead else None


def _procedure(case) -> Case.Procedure:
    return Case.Procedure(case.procedure)


def _value(case, request):
    if case.estimated_value is None:
        return None
    return {"amount": case.estimated_value, "currency": "NOK"}


def _items(case, request) -> list[dict]:
    return [
        {"id": str(index), "classification": {"scheme": "CPV", "id": cpv}}
        for index, cpv in enumerate(case.cpv_codes, start=1)
    ]


def _notices(case, request) -> list[dict]:
    return [
        {"id": notice, "publisher": "Doffin", "url": f"https://www.doffin.no/notices/{notice}"}
        for notice in case.doffin_ids
    ]


def _innovative_acquisitions(case) -> list[dict]:
    """eForms BT-776 codes with their meaning, as the case's notice gave them."""
    return [
        {"code": code, "label": label}
        for code, label in zip(
            case.innovative_acquisitions, case.innovative_acquisition_labels, strict=True
        )
    ]


def _origin_network(case, request):
    network = case.origin_network
    if not (network and network.is_published):
        return None
    return build(
        [("name", value("name")), ("slug", value("slug")), ("url", page_url())], network, request
    )


API_TENDER: Shape = [
    ("id", value("slug")),
    ("title", value("title")),
    ("description", value("summary")),
    ("procurementMethod", lambda case, request: PROCUREMENT_METHODS[_procedure(case)]),
    ("procurementMethodDetails", lambda case, request: str(_procedure(case).label)),
    ("procedure", code("procedure")),
    ("eformsProcedureType", value("eforms_procedure_code")),
    ("value", _value),
    ("items", _items),
    ("notices", _notices),
    ("innovativeAcquisitions", lambda case, request: _innovative_acquisitions(case)),
    ("documents", many("documents", API_DOCUMENT)),
]


def approved_reuses(case) -> list:
    """The approved reports of reuse, one per body: none fetched when the case row's count
    (kept by triggers) says there are none."""
    if not getattr(case, "reuse_count", 0):
        return []
    seen, found = set(), []
    for reuse in (
        case.reuses.filter(status="approved")
        .select_related("organization__region")
        .order_by("-year", "organization__name", "pk")
    ):
        if reuse.organization_id not in seen:
            seen.add(reuse.organization_id)
            found.append(reuse)
    return found


def reuses(shape: Shape) -> Getter:
    """Who took the case's solution into use (approved reports only; never the contact)."""
    return lambda case, request: [build(shape, r, request) for r in approved_reuses(case)]


def _builds_on(case, request) -> str | None:
    """The slug of the published case this one builds on (fetched only when there is one)."""
    if not case.builds_on_id or not case.builds_on.is_published:
        return None
    return case.builds_on.slug


REUSE: Shape = [
    ("organization", value("organization.name")),
    ("organizationNumber", value("organization.org_number")),
    ("county", value("organization.region.name")),
    ("how", code("how")),
    ("year", value("year")),
    ("sentence", value("sentence")),
]

# --------------------------------------------------------------------------- the shapes

API_LANGUAGE = "nb"

API_CASE: Shape = [
    ("id", value("pk")),
    ("slug", value("slug")),
    ("language", const(API_LANGUAGE)),
    ("title", value("title")),
    ("summary", value("summary")),
    ("status", code("status")),
    ("phase", code("phase")),
    ("innovationType", code("innovation_type")),
    (
        "sectors",
        many("sectors", [("id", value("pk")), ("name", value("name")), ("slug", value("slug"))]),
    ),
    (
        "region",
        one("region", [("id", value("pk")), ("name", value("name")), ("number", value("number"))]),
    ),
    ("buyer", _lead_buyer),
    ("parties", many("casebuyer_set", API_PARTY)),
    ("tender", nested(API_TENDER)),
    ("period", nested([("startYear", value("start_year")), ("endYear", value("end_year"))])),
    ("originNetwork", _origin_network),
    ("needDescription", value("need")),
    ("approach", value("approach")),
    ("results", value("results")),
    ("lessons", value("lessons")),
    ("dialogueConferences", many("dialogue_conferences", API_CONFERENCE)),
    ("benefits", many("benefits", API_BENEFIT)),
    ("contacts", many("contacts", API_CONTACT)),
    ("reuseCount", value("reuse_count")),
    ("reuses", reuses(REUSE)),
    ("buildsOn", _builds_on),
    ("isDemo", value("is_demo")),
    ("datePublished", iso("published_at")),
    ("dateModified", iso("updated_at")),
    (
        "links",
        nested(
            [
                ("html", page_url()),
                ("self", absolute(lambda case: reverse("api:case-detail", args=[case.slug]))),
            ]
        ),
    ),
]

SEARCH_EXPORT_CASE: Shape = [
    ("title", value("title")),
    ("url", page_url()),
    ("summary", value("summary")),
    ("status", value("status")),
    ("status_label", label("status")),
    ("phase", value("phase")),
    ("phase_label", label("phase")),
    ("procedure", value("procedure")),
    ("procedure_label", label("procedure")),
    ("eforms_procedure_code", value("eforms_procedure_code")),
    ("innovation_type", value("innovation_type")),
    ("innovation_type_label", label("innovation_type")),
    ("sectors", names("sectors")),
    ("buyers", many("casebuyer_set", SEARCH_EXPORT_BUYER)),
    ("county", value("region.name")),
    ("start_year", value("start_year")),
    ("end_year", value("end_year")),
    ("estimated_value_nok", value("estimated_value")),
    ("cpv_codes", value("cpv_codes")),
    ("doffin_ids", value("doffin_ids")),
    ("innovative_acquisitions", value("innovative_acquisitions")),
    ("origin_network", value("origin_network.name")),
    ("reuse_count", value("reuse_count")),
    ("reuses", reuses(REUSE)),
    ("published_at", iso("published_at")),
    ("updated_at", iso("updated_at")),
]

FILE_CASE: Shape = [
    ("slug", value("slug")),
    ("title", value("title")),
    ("summary", value("summary")),
    ("status", value("status")),
    ("phase", value("phase")),
    ("procedure", value("procedure")),
    ("innovation_type", value("innovation_type")),
    ("sectors", names("sectors")),
    ("county", value("region.number")),
    ("buyers", many("casebuyer_set", FILE_BUYER)),
    ("cpv_codes", as_list("cpv_codes")),
    ("doffin_ids", as_list("doffin_ids")),
    ("innovative_acquisitions", as_list("innovative_acquisitions")),
    ("estimated_value", value("estimated_value")),
    ("start_year", value("start_year")),
    ("end_year", value("end_year")),
    ("origin_network", value("origin_network.slug")),
    ("need", value("need")),
    ("approach", value("approach")),
    ("results", value("results")),
    ("lessons", value("lessons")),
    ("is_published", value("is_published")),
    ("published_at", iso("published_at")),
    ("source", value("source")),
    ("is_demo", value("is_demo")),
    ("dialogue_conferences", many("dialogue_conferences", FILE_CONFERENCE)),
    ("benefits", many("benefits", FILE_BENEFIT)),
    ("contacts", many("contacts", FILE_CONTACT)),
    ("documents", many("documents", FILE_DOCUMENT)),
]
