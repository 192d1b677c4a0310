"""Cases to and from JSON (format described in docs/case-json-format.md).

Import checks the whole file first and collects every problem with the case's index and
the field ("cases[3].buyers[0].org_number: …"). Only a file without problems is written,
all of it in one transaction. Cases are keyed by slug: importing a file again updates the
same cases and replaces their parts, never duplicating them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from cases.models import (
    BenefitAnalysis,
    Case,
    CaseBuyer,
    Contact,
    DialogueConference,
    Document,
    FormerSlug,
    Sector,
)
from cases.serializers import FILE_CASE, build
from ioa_portal.lib.slugs import norwegian_slug
from networks.models import LearningNetwork, Organization, Region
from networks.validators import normalise_org_number

FORMAT = "ioa-portalen.cases"
VERSION = 1
SLUG_RE = re.compile(r"^[-a-z0-9_]+$")

CASE_TEXT_FIELDS = ("title", "summary", "need", "approach", "results", "lessons")
CASE_CHOICE_FIELDS = {
    "status": Case.Status,
    "phase": Case.Phase,
    "procedure": Case.Procedure,
    "innovation_type": Case.InnovationType,
    "source": Case.Source,
}
CASE_INT_FIELDS = ("estimated_value", "start_year", "end_year")
CASE_KEYS = {
    *CASE_TEXT_FIELDS, *CASE_CHOICE_FIELDS, *CASE_INT_FIELDS, "slug", "sectors", "county",
    "buyers", "cpv_codes", "doffin_ids", "innovative_acquisitions", "origin_network",
    "is_published", "published_at",
    "is_demo", "dialogue_conferences", "benefits", "contacts", "documents",
}  # fmt: skip
BUYER_KEYS = {"org_number", "name", "kind", "municipality_number", "county", "is_lead"}
PARTS = {
    "dialogue_conferences": (
        DialogueConference,
        ["held_on", "place", "is_online", "invited_suppliers", "attending_suppliers",
         "one_to_one_meetings", "notice_url", "summary"],
    ),
    "benefits": (
        BenefitAnalysis,
        ["kind", "description", "baseline", "estimated", "realised", "unit", "period"],
    ),
    "contacts": (Contact, ["name", "role", "organization", "email", "phone", "is_fictitious"]),
    "documents": (
        Document,
        ["kind", "title", "file", "external_url", "phase", "size", "content_type"],
    ),
}  # fmt: skip


# ---------------------------------------------------------------------------- export


def case_to_dict(case: Case) -> dict[str, Any]:
    """One case with all its parts (``cases.serializers.FILE_CASE``). Expects the
    prefetching done by export_queryset()."""
    return build(FILE_CASE, case)


def export_queryset(cases=None):
    from django.db.models import Prefetch

    cases = Case.objects.all() if cases is None else cases
    return (
        cases.order_by("pk")
        .select_related("region", "origin_network")
        .prefetch_related(
            Prefetch(
                "casebuyer_set",
                queryset=CaseBuyer.objects.select_related("organization__region").order_by(
                    "-is_lead", "organization__name", "pk"
                ),
            ),
            Prefetch("sectors", queryset=Sector.objects.order_by("name")),
            "dialogue_conferences",
            "benefits",
            "contacts",
            "documents",
        )
    )


def export_data(cases=None, *, chunk_size: int = 500) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "sectors": [
            {"name": s.name, "slug": s.slug, "description": s.description}
            for s in Sector.objects.order_by("name")
        ],
        "cases": [
            case_to_dict(case) for case in export_queryset(cases).iterator(chunk_size=chunk_size)
        ],
    }


# ---------------------------------------------------------------------------- import


@dataclass
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(er) i filen")


@dataclass
class _CasePlan:
    index: int
    values: dict[str, Any]
    sector_names: list[str]
    buyers: list[tuple[str, bool]]  # organisation key, is lead
    parts: dict[str, list[Any]] = field(default_factory=dict)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    organizations_created: int = 0
    sectors_created: int = 0


def parse_json(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except UnicodeDecodeError as error:
        raise ImportFailed([Problem("fil", f"filen er ikke UTF-8: {error}")]) from None
    except json.JSONDecodeError as error:
        raise ImportFailed(
            [
                Problem(
                    "fil",
                    f"ugyldig JSON på linje {error.lineno}, kolonne {error.colno}: {error.msg}",
                )
            ]
        ) from None


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            name: [str(m) for m in ValidationError(errs).messages]
            for name, errs in error.error_dict.items()
        }
    return {"__all__": [str(m) for m in error.messages]}


class _Importer:
    def __init__(self, data: Any, progress: Callable[[str, int, int], None] | None):
        self.data = data
        self.progress = progress or (lambda stage, done, total: None)
        self.problems: list[Problem] = []
        self.plans: list[_CasePlan] = []
        self.new_sectors: dict[str, Sector] = {}
        self.new_organizations: dict[str, Organization] = {}  # key → unsaved organisation
        self.organizations: dict[str, Organization] = {}  # key → existing organisation

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # -- validation --------------------------------------------------------------

    def validate(self) -> None:
        data = self.data
        if not isinstance(data, dict):
            self.problem("fil", "toppnivået må være et objekt med nøkkelen «cases»")
            return
        if data.get("format", FORMAT) != FORMAT:
            self.problem("format", f"ukjent format {data.get('format')!r}, ventet {FORMAT!r}")
        if data.get("version", VERSION) != VERSION:
            self.problem("version", f"versjon {data.get('version')!r} støttes ikke, bare {VERSION}")
        cases = data.get("cases")
        if not isinstance(cases, list):
            self.problem("cases", "må være en liste med anskaffelser")
            return
        self._load_lookups(cases)
        self._validate_sectors(data.get("sectors", []))
        seen_slugs: dict[str, int] = {}
        total = len(cases)
        for index, item in enumerate(cases):
            self._validate_case(index, item, seen_slugs)
            if (index + 1) % 100 == 0 or index + 1 == total:
                self.progress("kontrollert", index + 1, total)
        # A former address still leads to its case: a case imported under it would take
        # the old links (an old export of a renamed case would also come in twice).
        for slug, owner in FormerSlug.owners(list(seen_slugs)).items():
            self.problem(
                f"cases[{seen_slugs[slug]}].slug",
                f"{slug!r} er en tidligere adresse til «{owner.title}» (nå {owner.slug!r})",
            )

    def _load_lookups(self, cases: list) -> None:
        self.regions = {r.number: r for r in Region.objects.all()}
        self.regions_by_name = {r.name.lower(): r for r in self.regions.values()}
        self.sectors = {s.name.lower(): s for s in Sector.objects.all()}
        buyers = [
            b for c in cases if isinstance(c, dict) and isinstance(c.get("buyers"), list)
            for b in c["buyers"] if isinstance(b, dict)
        ]  # fmt: skip
        numbers = {normalise_org_number(str(b.get("org_number") or "")) for b in buyers} - {""}
        names = {str(b.get("name") or "").strip().lower() for b in buyers} - {""}
        self.orgs_by_number = {
            o.org_number: o for o in Organization.objects.filter(org_number__in=numbers)
        }
        self.orgs_by_name: dict[str, list[Organization]] = {}
        for org in Organization.objects.annotate(lower_name=Lower("name")).filter(
            lower_name__in=names
        ):
            self.orgs_by_name.setdefault(org.name.lower(), []).append(org)
        slugs = {c.get("origin_network") for c in cases if isinstance(c, dict)} - {None}
        self.networks = {
            n.slug: n
            for n in LearningNetwork.objects.filter(
                slug__in=[s for s in slugs if isinstance(s, str)]
            )
        }

    def _validate_sectors(self, sectors: Any) -> None:
        if not isinstance(sectors, list):
            self.problem("sectors", "må være en liste")
            return
        for i, item in enumerate(sectors):
            path = f"sectors[{i}]"
            if (
                not isinstance(item, dict)
                or not isinstance(item.get("name"), str)
                or not item["name"].strip()
            ):
                self.problem(path, "må være et objekt med «name»")
                continue
            name = item["name"].strip()
            if name.lower() in self.sectors:
                continue
            sector = Sector(
                name=name,
                slug=item.get("slug") or norwegian_slug(name),
                description=item.get("description") or "",
            )
            try:
                sector.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                for name_, messages in _messages(error).items():
                    for message in messages:
                        self.problem(f"{path}.{name_}", message)
                continue
            if Sector.objects.filter(slug=sector.slug).exists():
                self.problem(
                    f"{path}.slug", f"kortnavnet {sector.slug!r} brukes av en annen sektor"
                )
                continue
            self.new_sectors[name.lower()] = sector
            self.sectors[name.lower()] = sector

    def _validate_case(self, index: int, item: Any, seen_slugs: dict[str, int]) -> None:
        at = f"cases[{index}]"
        if not isinstance(item, dict):
            self.problem(at, "må være et objekt")
            return
        for key in sorted(set(item) - CASE_KEYS):
            self.problem(f"{at}.{key}", "ukjent felt")
        values: dict[str, Any] = {}
        for name in CASE_TEXT_FIELDS:
            value = item.get(name, "")
            if value is None:
                value = ""
            if not isinstance(value, str):
                self.problem(f"{at}.{name}", "må være tekst")
                continue
            values[name] = value.strip() if name in ("title", "summary") else value
        slug = item.get("slug") or norwegian_slug(values.get("title", ""))
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            self.problem(f"{at}.slug", "bare små bokstaver a–z, sifre og bindestrek")
        elif slug in seen_slugs:
            self.problem(f"{at}.slug", f"{slug!r} finnes også i cases[{seen_slugs[slug]}]")
        else:
            seen_slugs[slug] = index
        values["slug"] = slug
        defaults = {"source": Case.Source.IMPORTED}
        for name, choices in CASE_CHOICE_FIELDS.items():
            value = item.get(name, defaults.get(name, Case._meta.get_field(name).default))
            if value not in choices.values:
                self.problem(
                    f"{at}.{name}",
                    f"{value!r} er ikke gyldig; bruk en av {', '.join(choices.values)}",
                )
            values[name] = value
        for name in CASE_INT_FIELDS:
            value = item.get(name)
            if value is not None and (
                not isinstance(value, int) or isinstance(value, bool) or value < 0
            ):
                self.problem(f"{at}.{name}", "må være et positivt heltall eller null")
                value = None
            values[name] = value
        for name in ("cpv_codes", "doffin_ids", "innovative_acquisitions"):
            value = item.get(name, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.problem(f"{at}.{name}", "må være en liste med tekster")
                value = []
            values[name] = value
        for name in ("is_published", "is_demo"):
            value = item.get(name, False)
            if not isinstance(value, bool):
                self.problem(f"{at}.{name}", "må være true eller false")
                value = False
            values[name] = value
        published_at = item.get("published_at")
        if published_at is not None:
            parsed = parse_datetime(published_at) if isinstance(published_at, str) else None
            if parsed is None:
                self.problem(
                    f"{at}.published_at", "må være et tidspunkt som 2024-03-01T12:00:00+01:00"
                )
            elif timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed)
            published_at = parsed
        if values["is_published"] and published_at is None:
            published_at = timezone.now()
        values["published_at"] = published_at
        values["region"] = self._region(item.get("county"), f"{at}.county")
        network = item.get("origin_network")
        values["origin_network"] = None
        if network is not None:
            if network not in self.networks:
                self.problem(f"{at}.origin_network", f"finner ikke læringsnettverket {network!r}")
            else:
                values["origin_network"] = self.networks[network]

        case = Case(**values)
        try:
            case.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in _messages(error).items():
                for message in messages:
                    self.problem(f"{at}.{name}", message)
        start, end = values.get("start_year"), values.get("end_year")
        if start and end and end < start:
            self.problem(f"{at}.end_year", "sluttåret kan ikke være før startåret")

        sector_names = self._sectors(item.get("sectors", []), f"{at}.sectors")
        buyers = self._buyers(item.get("buyers", []), f"{at}.buyers")
        plan = _CasePlan(index, values, sector_names, buyers)
        for part, (model, keys) in PARTS.items():
            plan.parts[part] = self._part(item.get(part, []), f"{at}.{part}", model, keys)
        self.plans.append(plan)

    def _region(self, value: Any, path: str) -> Region | None:
        if value in (None, ""):
            return None
        if isinstance(value, str):
            region = self.regions.get(value) or self.regions_by_name.get(value.lower())
            if region:
                return region
        self.problem(
            path, f'ukjent fylke {value!r}; bruk fylkesnummer (for eksempel "46") eller navn'
        )
        return None

    def _sectors(self, value: Any, path: str) -> list[str]:
        if not isinstance(value, list):
            self.problem(path, "må være en liste med sektornavn")
            return []
        names = []
        for i, name in enumerate(value):
            if not isinstance(name, str) or name.strip().lower() not in self.sectors:
                self.problem(
                    f"{path}[{i}]",
                    f"ukjent sektor {name!r}; en ny sektor legges i listen «sectors» øverst",
                )
                continue
            names.append(name.strip().lower())
        return names

    def _buyers(self, value: Any, path: str) -> list[tuple[str, bool]]:
        if not isinstance(value, list):
            self.problem(path, "må være en liste")
            return []
        result: list[tuple[str, bool]] = []
        for i, item in enumerate(value):
            at = f"{path}[{i}]"
            if not isinstance(item, dict):
                self.problem(at, "må være et objekt med «org_number» eller «name»")
                continue
            for key in sorted(set(item) - BUYER_KEYS):
                self.problem(f"{at}.{key}", "ukjent felt")
            key = self._organization(item, at)
            if key is None:
                continue
            is_lead = item.get("is_lead", False)
            if not isinstance(is_lead, bool):
                self.problem(f"{at}.is_lead", "må være true eller false")
                is_lead = False
            if key in [k for k, _ in result]:
                self.problem(at, "samme virksomhet er oppgitt to ganger")
                continue
            result.append((key, is_lead))
        if sum(1 for _, lead in result if lead) > 1:
            self.problem(path, "bare én oppdragsgiver kan ha «is_lead»: true")
        elif result and not any(lead for _, lead in result):
            result[0] = (result[0][0], True)
        return result

    def _organization(self, item: dict, at: str) -> str | None:
        raw_number = item.get("org_number") or ""
        name = item.get("name") or ""
        if not isinstance(raw_number, str | int) or not isinstance(name, str):
            self.problem(at, "«org_number» og «name» må være tekst")
            return None
        number = normalise_org_number(str(raw_number))
        name = name.strip()
        if not number and not name:
            self.problem(at, "oppgi «org_number» eller «name»")
            return None
        if number:
            key = f"nr:{number}"
            if number in self.orgs_by_number:
                self.organizations[key] = self.orgs_by_number[number]
                return key
        else:
            key = f"navn:{name.lower()}"
            matches = self.orgs_by_name.get(name.lower(), [])
            if len(matches) > 1:
                self.problem(
                    f"{at}.name", f"flere virksomheter heter {name!r}; oppgi organisasjonsnummer"
                )
                return None
            if matches:
                self.organizations[key] = matches[0]
                return key
        if key in self.new_organizations:
            return key
        if not name:
            self.problem(
                f"{at}.name",
                f"ingen virksomhet har nummer {number}; oppgi navnet så den kan opprettes",
            )
            return None
        organization = Organization(
            name=name,
            org_number=number,
            kind=item.get("kind") or Organization.Kind.MUNICIPALITY,
            municipality_number=item.get("municipality_number") or "",
            region=self._region(item.get("county"), f"{at}.county"),
        )
        try:
            organization.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for field_name, messages in _messages(error).items():
                for message in messages:
                    self.problem(f"{at}.{field_name}", message)
            return None
        self.new_organizations[key] = organization
        return key

    def _part(self, value: Any, path: str, model, keys: list[str]) -> list[Any]:
        if not isinstance(value, list):
            self.problem(path, "må være en liste")
            return []
        objects = []
        for i, item in enumerate(value):
            at = f"{path}[{i}]"
            if not isinstance(item, dict):
                self.problem(at, "må være et objekt")
                continue
            for key in sorted(set(item) - set(keys)):
                self.problem(f"{at}.{key}", "ukjent felt")
            values = {}
            ok = True
            for key in keys:
                if key not in item:
                    continue
                value_ = item[key]
                model_field = model._meta.get_field(key)
                if value_ is None and not model_field.null:
                    value_ = (
                        ""
                        if model_field.get_internal_type()
                        in ("CharField", "TextField", "URLField", "EmailField", "FileField")
                        else value_
                    )
                try:
                    values[key] = self._convert(model_field, value_)
                except ValueError as error:
                    self.problem(f"{at}.{key}", str(error))
                    ok = False
            if not ok:
                continue
            instance = model(**values)
            try:
                instance.full_clean(
                    exclude=["case"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                for name, messages in _messages(error).items():
                    for message in messages:
                        self.problem(f"{at}.{name}", message)
                continue
            if model is Document:
                if not instance.file and not instance.external_url:
                    self.problem(at, "et dokument trenger «file» eller «external_url»")
                    continue
                if instance.file and not default_storage.exists(instance.file.name):
                    self.problem(
                        f"{at}.file", f"finner ikke filen {instance.file.name!r} i mediearkivet"
                    )
                    continue
                if instance.file and instance.size is None:
                    instance.size = default_storage.size(instance.file.name)
            objects.append(instance)
        return objects

    @staticmethod
    def _convert(model_field, value):
        kind = model_field.get_internal_type()
        if value is None:
            return None
        if kind == "DateField":
            parsed = parse_date(value) if isinstance(value, str) else None
            if parsed is None:
                raise ValueError("må være en dato som 2024-03-14")
            return parsed
        if kind == "DecimalField":
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise ValueError("må være et tall")
            try:
                return Decimal(str(value))
            except InvalidOperation:
                raise ValueError("må være et tall") from None
        if kind in ("PositiveIntegerField", "PositiveBigIntegerField"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError("må være et positivt heltall")
            return value
        if kind == "BooleanField":
            if not isinstance(value, bool):
                raise ValueError("må være true eller false")
            return value
        if not isinstance(value, str):
            raise ValueError("må være tekst")
        return value

    # -- writing -----------------------------------------------------------------

    def write(self) -> ImportResult:
        result = ImportResult()
        for sector in self.new_sectors.values():
            sector.save()
            result.sectors_created += 1
        for key, organization in self.new_organizations.items():
            organization.save()
            self.organizations[key] = organization
            result.organizations_created += 1
        existing = {
            c.slug: c
            for c in Case.objects.filter(slug__in=[p.values["slug"] for p in self.plans]).defer(
                "search_vector"
            )
        }
        total = len(self.plans)
        for done, plan in enumerate(self.plans, start=1):
            case = existing.get(plan.values["slug"])
            if case is None:
                case = Case(**plan.values)
                result.created += 1
            else:
                for name, value in plan.values.items():
                    setattr(case, name, value)
                result.updated += 1
            case.save()
            case.sectors.set([self.sectors[name] for name in plan.sector_names])
            for model in (CaseBuyer, DialogueConference, BenefitAnalysis, Contact, Document):
                model.objects.filter(case=case).delete()
            CaseBuyer.objects.bulk_create(
                CaseBuyer(case=case, organization=self.organizations[key], is_lead=lead)
                for key, lead in plan.buyers
            )
            for objects in plan.parts.values():
                for obj in objects:
                    obj.case = case
                    if isinstance(obj, BenefitAnalysis) and not obj.unit:
                        obj.unit = BenefitAnalysis.DEFAULT_UNITS.get(obj.kind, "")
                if objects:
                    type(objects[0]).objects.bulk_create(objects)
            if done % 100 == 0 or done == total:
                self.progress("lagret", done, total)
        return result


def import_data(
    data: Any, *, progress: Callable[[str, int, int], None] | None = None, dry_run: bool = False
) -> ImportResult:
    """Validate everything, then write all cases in one transaction (or raise ImportFailed)."""
    importer = _Importer(data, progress)
    importer.validate()
    if importer.problems:
        raise ImportFailed(importer.problems)
    if dry_run:
        slugs = [plan.values["slug"] for plan in importer.plans]
        updated = Case.objects.filter(slug__in=slugs).count()
        return ImportResult(
            created=len(slugs) - updated,
            updated=updated,
            organizations_created=len(importer.new_organizations),
            sectors_created=len(importer.new_sectors),
        )
    with transaction.atomic():
        return importer.write()


def format_problems(problems: Iterable[Problem]) -> str:
    return "\n".join(f"  - {problem}" for problem in problems)
