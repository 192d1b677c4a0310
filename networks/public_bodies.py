"""Public bodies into the database: the 2024 municipalities shipped as data, and the
register's bulk file (``import_public_bodies``). The reading of the file is
``networks.registry``; this module decides what becomes of each body.

Rules of an import:

- A body is found by its organisation number; a municipality or county municipality
  without a number (as ``load_municipalities`` leaves them) by its municipality or county
  number, and it gets the register's number.
- The register writes names in capitals. A body gets ``readable_name()`` of it, unless an
  editor has changed the name since the last import: then the editor's name stays.
- Organisational form, kind, municipality and county follow the register; a website only
  fills an empty one. A body created from a form for review and found in the register is
  no longer waiting for review.
- A body that an earlier import found and this (complete) file does not hold is deleted
  when nothing refers to it, and otherwise kept and marked as no longer registered.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from networks.models import Organization, Region
from networks.registry import COUNTY, MUNICIPALITY, PublicBody, RegistryStats, iter_public_bodies

DATA = Path(__file__).parent / "data"
BATCH = 1000

# Written in capitals in a readable name too.
ABBREVIATIONS = frozenset(
    """AS ASA BA DA FKF HF IKS IKT IT KF KS NAV NTNU NUF RHF SA SF SUS UIB UIO UIT UNN
    NRK NVE IMDI UDI UDIR DFØ DSB FHI NSM NKOM PST KRIPOS OSLOMET""".split()  # noqa: SIM905
)
# Proper nouns besides the names of municipalities and counties (read from networks/data/).
PLACE_WORDS = frozenset("NORGE NORGES VEST NORD SØR ØST MIDT SAMETINGET SVALBARD".split())  # noqa: SIM905


def readable_name(name: str) -> str:
    """ "BERGEN KOMMUNE" → "Bergen kommune", "HELSE BERGEN HF" → "Helse Bergen HF".

    Only names written wholly in capitals are changed. Norwegian names capitalise the first
    word and proper nouns. The register does not say which words are names, so the first
    word and the names of places (every 2024 municipality and county, Norge, the regions of
    the health trusts) are capitalised, abbreviations stay in capitals, and every other
    word is written in small letters: "Direktoratet for forvaltning og økonomistyring".
    """
    name = " ".join(name.split())
    if name != name.upper():
        return name
    return " ".join(
        _readable_word(word, first=index == 0) for index, word in enumerate(name.split(" "))
    )


def _readable_word(word: str, *, first: bool) -> str:
    bare = re.sub(r"[^\w-]", "", word).strip("-")
    if bare in _place_words():
        return _capitalised(word)
    if "-" in bare:  # "MIDT-NORGE", "SØR-ØST"; "UTVIKLINGS-" is one word
        return "-".join(
            _readable_word(part, first=first and i == 0) if part else part
            for i, part in enumerate(word.split("-"))
        )
    if bare in ABBREVIATIONS or (bare and not re.search(r"[AEIOUYÆØÅ]", bare)):
        return word
    return _capitalised(word) if first else word.lower()


def _capitalised(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


@functools.cache
def _place_words() -> frozenset[str]:
    words = set(PLACE_WORDS)
    for file in ("municipalities_2024.csv", "county_municipalities_2024.csv"):
        for row in _rows(file):
            words.add(row["name"].upper())
            # "Møre og Romsdal": Møre and Romsdal, not og
            words.update(word.upper() for word in row["name"].split(" ") if word[:1].isupper())
    return frozenset(words)


# --------------------------------------------------------------------- municipalities


@dataclass
class MunicipalitySummary:
    created: int = 0
    existing: int = 0


def load_municipalities() -> MunicipalitySummary:
    """Make sure the 357 municipalities and 15 county municipalities of 2024 exist.

    They are created without organisation numbers (those come from the register); a body
    already there (same kind and municipality or county number) is left as it is.
    """
    summary = MunicipalitySummary()
    regions = {region.number: region for region in Region.objects.all()}
    with transaction.atomic():
        have = set(
            Organization.objects.filter(kind=Organization.Kind.MUNICIPALITY)
            .exclude(municipality_number="")
            .values_list("municipality_number", flat=True)
        )
        for row in _rows("municipalities_2024.csv"):
            if row["number"] in have:
                summary.existing += 1
                continue
            Organization.objects.create(
                name=f"{row['name']} kommune",
                kind=Organization.Kind.MUNICIPALITY,
                organisational_form="KOMM",
                municipality_number=row["number"],
                region=regions.get(row["county_number"]),
            )
            summary.created += 1
        have = set(
            Organization.objects.filter(
                kind=Organization.Kind.COUNTY, region__isnull=False
            ).values_list("region__number", flat=True)
        )
        for row in _rows("county_municipalities_2024.csv"):
            if row["number"] == "03":  # Oslo is a municipality that is also the county
                summary.existing += 1
                continue
            if row["number"] in have:
                summary.existing += 1
                continue
            Organization.objects.create(
                name=f"{row['name']} fylkeskommune",
                kind=Organization.Kind.COUNTY,
                organisational_form="FYLK",
                region=regions.get(row["number"]),
            )
            summary.created += 1
    return summary


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --------------------------------------------------------------------------- register


@dataclass
class ImportSummary:
    read: RegistryStats = field(default_factory=RegistryStats)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    no_longer_registered: int = 0
    deleted: int = 0


REGISTER_FIELDS = [
    "name",
    "registered_name",
    "org_number",
    "kind",
    "organisational_form",
    "municipality_number",
    "region",
    "website",
    "needs_review",
    "is_registered",
    "registry_checked_at",
]


def import_public_bodies(
    source,
    *,
    complete: bool = True,
    progress: Callable[[ImportSummary], None] | None = None,
    every: int = 10_000,
) -> ImportSummary:
    """Load the public bodies of a bulk file; all in one transaction (a broken file
    changes nothing). ``complete=False`` (a part of the register) marks nothing as gone."""
    summary = ImportSummary()
    now = timezone.now()
    regions = {region.number: region for region in Region.objects.all()}
    with transaction.atomic():
        by_number = {o.org_number: o for o in Organization.objects.exclude(org_number="")}
        unnumbered = {
            (o.kind, o.municipality_number if o.kind == MUNICIPALITY else o.region_id): o
            for o in Organization.objects.filter(
                org_number="", kind__in=[MUNICIPALITY, COUNTY]
            ).order_by("-pk")
        }
        seen: set[str] = set()
        to_create: list[Organization] = []
        to_update: list[Organization] = []
        last_reported = 0
        for body in iter_public_bodies(source, summary.read):
            if body.org_number in seen:
                continue
            seen.add(body.org_number)
            region = regions.get(body.county_number)
            organization = by_number.get(body.org_number)
            if organization is None and body.organisational_form in {"KOMM", "FYLK"}:
                key = (
                    (MUNICIPALITY, body.municipality_number)
                    if body.organisational_form == "KOMM"
                    else (COUNTY, region.pk if region else None)
                )
                organization = unnumbered.pop(key, None)
            if organization is None:
                organization = Organization(name=readable_name(body.name)[:200])
                _apply(organization, body, region, now)
                to_create.append(organization)
                by_number[body.org_number] = organization
            elif _apply(organization, body, region, now):
                to_update.append(organization)
                summary.updated += 1
            else:
                summary.unchanged += 1
                to_update.append(organization)  # registry_checked_at moves on
            if len(to_create) >= BATCH:
                summary.created += _flush(to_create, to_update)
            if len(to_update) >= BATCH:
                summary.created += _flush([], to_update)
            if progress and summary.read.entities - last_reported >= every:
                last_reported = summary.read.entities
                progress(summary)
        summary.created += _flush(to_create, to_update)
        if complete:
            _retire_missing(seen, summary)
    return summary


def _apply(organization: Organization, body: PublicBody, region, now) -> bool:
    """Copy the register's facts onto a body; True when anything a person sees changed."""
    before = {name: getattr(organization, name) for name in REGISTER_FIELDS if name != "region"}
    before["region_id"] = organization.region_id
    named_by_register = organization.registered_name and organization.name == readable_name(
        organization.registered_name
    )
    if named_by_register or organization.needs_review or not organization.name:
        organization.name = readable_name(body.name)[:200]
    organization.registered_name = body.name[:200]
    organization.org_number = body.org_number
    organization.kind = body.kind
    organization.organisational_form = body.organisational_form[:10]
    if body.municipality_number and body.kind != COUNTY:
        organization.municipality_number = body.municipality_number
    if region is not None:
        organization.region = region
    if body.website and not organization.website and len(body.website) <= 200:
        organization.website = body.website
    organization.needs_review = False
    organization.is_registered = True
    after = {name: getattr(organization, name) for name in REGISTER_FIELDS if name != "region"}
    after["region_id"] = organization.region_id
    organization.registry_checked_at = now
    before.pop("registry_checked_at")
    after.pop("registry_checked_at")
    return before != after


def _flush(to_create: list[Organization], to_update: list[Organization]) -> int:
    created = len(to_create)
    if to_create:
        Organization.objects.bulk_create(to_create)
        to_create.clear()
    if to_update:
        Organization.objects.bulk_update(to_update, REGISTER_FIELDS)
        to_update.clear()
    return created


def _retire_missing(seen: set[str], summary: ImportSummary) -> None:
    missing = (
        Organization.objects.filter(registry_checked_at__isnull=False)
        .exclude(org_number="")
        .exclude(org_number__in=seen)
    )
    for organization in missing.iterator():
        if is_referenced(organization):
            if organization.is_registered:
                organization.is_registered = False
                organization.save(update_fields=["is_registered"])
                summary.no_longer_registered += 1
        else:
            organization.delete()
            summary.deleted += 1


def is_referenced(organization: Organization) -> bool:
    """Whether any row (a case's buyer, a participant, …) points at this body."""
    for relation in Organization._meta.related_objects:
        if not relation.one_to_many and not relation.one_to_one:
            continue
        accessor = relation.related_model._default_manager
        if accessor.filter(**{relation.field.name: organization}).exists():
            return True
    return False
