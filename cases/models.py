from __future__ import annotations

import os
import re
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Func, OuterRef, Q, Value
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from cases.validators import validate_cpv_code, validate_doffin_id
from ioa_portal.lib.slugs import norwegian_slug
from networks.models import LearningNetwork, Organization, Region

SEARCH_CONFIG = "norwegian"

# Addresses under /anskaffelser/ that are pages of their own, not cases.
# Addresses under /anskaffelser/ that are pages, not cases.
RESERVED_SLUGS = frozenset({"del", "feed", "varsel", "fra-nettverk"})


def validate_not_reserved_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("«%(value)s» er en adresse nettstedet bruker selv. Velg et annet kortnavn."),
            params={"value": value},
        )


# Long Markdown fields: never loaded on list pages.
LONG_TEXT_FIELDS = ("need", "approach", "results", "lessons", "search_names")


def norwegian_sort_key(field: str) -> Func:
    """A case-insensitive sort key that puts æ, ø, å after z (the database has no nb collation).

    Lower-cases, folds accents (é → e, ü → y) and maps æ/ä, ø/ö, å to "{", "|", "}", which
    follow "z" in byte order. The same expression backs an index, so keep it in one place.
    """
    return Func(
        Lower(field),
        Value("æäøöåüéèêëáàâóòôíìç"),
        Value("{{||}yeeeeaaaoooiic"),
        function="translate",
    )


class Phase(models.TextChoices):
    """The phases of an innovative procurement, as the guide and the search use them."""

    ANCHORING = "forankring", _("Forankring")
    NEEDS = "behovsavklaring", _("Behovsavklaring")
    MARKET_DIALOGUE = "markedsdialog", _("Markedsdialog")
    COMPETITION = "konkurranse", _("Konkurranse")
    CONTRACT = "kontrakt", _("Kontrakt og utvikling")
    IMPLEMENTATION = "implementering", _("Implementering og gevinstrealisering")


class Sector(models.Model):
    name = models.CharField(_("navn"), max_length=100)
    slug = models.SlugField(_("kortnavn"), max_length=100)
    description = models.TextField(_("beskrivelse"), blank=True)

    class SectorQuerySet(models.QuerySet):
        def with_published_counts(self):
            return (
                self.annotate(published_count=Count("cases", filter=Q(cases__is_published=True)))
                .filter(published_count__gt=0)
                .order_by("-published_count", "name")
            )

    objects = SectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("sektor")
        verbose_name_plural = _("sektorer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="cases_sector_slug_uniq"),
            models.UniqueConstraint(fields=["name"], name="cases_sector_name_uniq"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cases:list") + f"?sektor={self.pk}"


class CaseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_card_names(self):
        """What a result card shows, in the same query: no long texts; buyer names (lead
        first) and sector names as arrays `buyer_names` and `sector_names`."""
        buyers = CaseBuyer.objects.filter(case=OuterRef("pk")).order_by(
            "-is_lead", "organization__name"
        )
        sectors = Sector.objects.filter(cases=OuterRef("pk")).order_by("name")
        return (
            self.defer(*LONG_TEXT_FIELDS, "search_vector")
            .select_related("region")
            .annotate(
                buyer_names=ArraySubquery(buyers.values("organization__name")),
                sector_names=ArraySubquery(sectors.values("name")),
            )
        )

    def for_cards(self):
        """What a result card shows, without the long Markdown fields."""
        return (
            self.defer(*LONG_TEXT_FIELDS)
            .select_related("region")
            .prefetch_related(
                models.Prefetch(
                    "casebuyer_set",
                    queryset=CaseBuyer.objects.select_related("organization").order_by(
                        "-is_lead", "organization__name"
                    ),
                ),
                "sectors",
            )
        )


class Case(models.Model):
    """One innovative procurement, documented so that other public bodies can learn from it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        ONGOING = "ongoing", _("Pågår")
        COMPLETED = "completed", _("Gjennomført")
        CANCELLED = "cancelled", _("Avlyst")

    Phase = Phase

    class Procedure(models.TextChoices):
        OPEN_TENDER = "apen-anbud", _("Åpen anbudskonkurranse")
        RESTRICTED_TENDER = "begrenset-anbud", _("Begrenset anbudskonkurranse")
        OPEN_NATIONAL = "apen-tilbud", _("Åpen tilbudskonkurranse")
        RESTRICTED_NATIONAL = "begrenset-tilbud", _("Begrenset tilbudskonkurranse")
        NEGOTIATION = "forhandling", _("Konkurranse med forhandling")
        COMPETITIVE_DIALOGUE = "dialog", _("Konkurransepreget dialog")
        INNOVATION_PARTNERSHIP = "innovasjonspartnerskap", _("Innovasjonspartnerskap")
        DESIGN_CONTEST = "plan-og-design", _("Plan- og designkonkurranse")
        PRE_COMMERCIAL = "forkommersiell", _("Førkommersiell anskaffelse")
        OTHER = "annet", _("Annet")

    # eForms "procedure-type" codes (BT-105). Below-threshold national competitions have
    # no code of their own; single- and multi-stage ones map to oth-single and oth-mult.
    EFORMS_PROCEDURE_CODES = {
        Procedure.OPEN_TENDER: "open",
        Procedure.RESTRICTED_TENDER: "restricted",
        Procedure.OPEN_NATIONAL: "oth-single",
        Procedure.RESTRICTED_NATIONAL: "oth-mult",
        Procedure.NEGOTIATION: "neg-w-call",
        Procedure.COMPETITIVE_DIALOGUE: "comp-dial",
        Procedure.INNOVATION_PARTNERSHIP: "innovation",
        Procedure.DESIGN_CONTEST: "oth-mult",
        Procedure.PRE_COMMERCIAL: "oth-mult",
        Procedure.OTHER: "oth-single",
    }

    class InnovationType(models.TextChoices):
        """DFØ's three kinds of innovative procurement."""

        INNOVATION_PROCUREMENT = "innovasjonsanskaffelse", _("Innovasjonsanskaffelse")
        INNOVATION_FRIENDLY = "innovasjonsvennlig", _("Innovasjonsvennlig anskaffelse")
        INNOVATIVE_SOLUTION = "innovativ-losning", _("Anskaffelse av innovativ løsning")

    class InnovativeAcquisition(models.TextChoices):
        """eForms BT-776, codelist innovative-acquisition (the last four are retired from
        the EU codelist but appear in notices published before the change)."""

        MARKET_NOVELTY = (
            "mar-nov",
            _("Utfordrer markedet til å tilby eller utvikle nyskapende løsninger"),
        )
        PROCESS = (
            "proc-innov",
            _("Prosessinnovasjon: nye måter å produsere eller levere tjenesten på"),
        )
        PRODUCT = (
            "prod-innov",
            _("Produktinnovasjon: nye eller vesentlig forbedrede varer eller tjenester"),
        )
        RESEARCH = "rd-act", _("Omfatter forsknings- og utviklingsaktiviteter")
        ORGANISATION_NOVELTY = "org-nov", _("Nyskapende for virksomheten")
        BUYER_EFFICIENCY = "buy-eff", _("Gjør oppdragsgiverens arbeid mer effektivt")
        FUNCTIONAL = (
            "fp-requ",
            _("Kravene er funksjons- og ytelseskrav, ikke en teknisk beskrivelse"),
        )
        OTHER = "other", _("Annet")

    class Source(models.TextChoices):
        EDITORIAL = "editorial", _("Redaksjonen")
        SUBMITTED = "submitted", _("Innsendt fra nettstedet")
        IMPORTED = "imported", _("Importert")
        NETWORK = "network", _("Fra et læringsnettverk")

    title = models.CharField(_("tittel"), max_length=250)
    slug = models.SlugField(
        _("kortnavn i adressen"),
        max_length=250,
        allow_unicode=False,
        validators=[validate_not_reserved_slug],
    )
    summary = models.TextField(
        _("sammendrag"), help_text=_("To til fire setninger i ren tekst. Vises i søkeresultatene.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ONGOING)
    phase = models.CharField(_("fase"), max_length=20, choices=Phase, default=Phase.NEEDS)
    procedure = models.CharField(
        _("prosedyre"), max_length=30, choices=Procedure, default=Procedure.OTHER
    )
    innovation_type = models.CharField(
        _("type innovativ anskaffelse"),
        max_length=30,
        choices=InnovationType,
        default=InnovationType.INNOVATION_FRIENDLY,
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sektorer"), related_name="cases", blank=True
    )
    buyers = models.ManyToManyField(
        Organization,
        verbose_name=_("oppdragsgivere"),
        through="CaseBuyer",
        related_name="cases",
        blank=True,
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("fylke"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    cpv_codes = ArrayField(
        models.CharField(max_length=10, validators=[validate_cpv_code]),
        verbose_name=_("CPV-koder"),
        default=list,
        blank=True,
        help_text=_("Skill med komma, for eksempel 33000000-2, 48000000."),
    )
    doffin_ids = ArrayField(
        models.CharField(max_length=11, validators=[validate_doffin_id]),
        verbose_name=_("Doffin-kunngjøringer"),
        default=list,
        blank=True,
        help_text=_("Skill med komma, for eksempel 2024-105432."),
    )
    innovative_acquisitions = ArrayField(
        models.CharField(max_length=20, choices=InnovativeAcquisition.choices),
        verbose_name=_("innovativ anskaffelse (BT-776)"),
        default=list,
        blank=True,
        help_text=_("Slik kunngjøringen beskriver det nyskapende ved anskaffelsen."),
    )
    estimated_value = models.PositiveBigIntegerField(_("anslått verdi (kr)"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("startår"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("sluttår"), null=True, blank=True)
    origin_network = models.ForeignKey(
        LearningNetwork,
        verbose_name=_("fra læringsnettverk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )

    need = models.TextField(
        _("behovsbeskrivelse"),
        blank=True,
        help_text=_("Problemet, hvem det gjelder, situasjonen i dag og ønskede effekter."),
    )
    approach = models.TextField(_("fremgangsmåte"), blank=True)
    results = models.TextField(_("resultater"), blank=True)
    lessons = models.TextField(_("erfaringer og læringspunkter"), blank=True)

    is_published = models.BooleanField(_("publisert"), default=False)
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    source = models.CharField(_("kilde"), max_length=20, choices=Source, default=Source.EDITORIAL)
    is_demo = models.BooleanField(
        _("demodata"), default=False, help_text=_("Eksempel laget for demonstrasjon.")
    )
    is_synthetic = models.BooleanField(
        _("syntetisk"), default=False, help_text=_("Generert for ytelsestester.")
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    # Names of buyers, sectors and county, so that "Bærum" finds Bærum's cases.
    # Derived: triggers of cases migration 0014 keep it (rebuild_search_index recomputes all).
    search_names = models.TextField(_("søkbare navn"), blank=True, editable=False)
    # What the search facets count, on the case row so that counting reads no other table.
    # Derived: triggers of cases migration 0009 keep them equal to the related rows, on
    # every write of those rows and of the case itself (so a stale save cannot undo them).
    sector_ids = ArrayField(
        models.BigIntegerField(),
        verbose_name=_("sektorer (avledet)"),
        default=list,
        editable=False,
    )
    buyer_ids = ArrayField(
        models.BigIntegerField(),
        verbose_name=_("oppdragsgivere (avledet)"),
        default=list,
        editable=False,
    )
    has_dialogue_conference = models.BooleanField(
        _("har dialogkonferanse (avledet)"), default=False, editable=False
    )
    has_benefit_analysis = models.BooleanField(
        _("har gevinstanalyse (avledet)"), default=False, editable=False
    )
    # Approved reports of reuse (Reuse), counted once per public body. Derived: triggers of
    # cases migration 0020 keep them equal to the approved Reuse rows.
    reuse_count = models.PositiveIntegerField(
        _("tatt i bruk av antall virksomheter (avledet)"), default=0, editable=False
    )
    has_reuse = models.BooleanField(_("gjenbrukt (avledet)"), default=False, editable=False)
    builds_on = models.ForeignKey(
        "self",
        verbose_name=_("bygger på"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="built_on_by",
        help_text=_("Anskaffelsen denne bygger på, om virksomheten tok i bruk en annens løsning."),
    )
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", "need", "search_names", weight="B", config=SEARCH_CONFIG)
            + SearchVector("approach", "results", "lessons", weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("anskaffelse")
        verbose_name_plural = _("anskaffelser")
        ordering = ["-published_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="cases_case_slug_uniq"),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="cases_case_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="cases_case_years_ordered",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="cases_case_search_gin"),
            models.Index(
                fields=["-published_at"],
                condition=Q(is_published=True),
                name="cases_case_published_idx",
            ),
            # The API's ETag asks for the newest change among published cases.
            models.Index(
                fields=["updated_at"],
                condition=Q(is_published=True),
                name="cases_case_pub_updated_idx",
            ),
            # Compound words: "teknologi" inside "velferdsteknologi" (icontains uses UPPER).
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="cases_case_title_trgm"),
            GinIndex(
                OpClass(Upper("summary"), name="gin_trgm_ops"), name="cases_case_summary_trgm"
            ),
            models.Index(norwegian_sort_key("title"), name="cases_case_title_sort_idx"),
            # Every facet column, so that counting facets over all published cases reads
            # this index only (a tenth of the table's size); keyed by county and start year,
            # so that the cases of a county (and years) are a range of it, not a scan.
            models.Index(
                fields=["region", "start_year"],
                include=[
                    "phase",
                    "status",
                    "procedure",
                    "innovation_type",
                    "origin_network",
                    "has_dialogue_conference",
                    "has_benefit_analysis",
                    "has_reuse",
                    "sector_ids",
                    "buyer_ids",
                ],
                condition=Q(is_published=True),
                name="cases_case_facets_idx",
            ),
            GinIndex(fields=["sector_ids"], name="cases_case_sector_ids_gin"),
            GinIndex(fields=["buyer_ids"], name="cases_case_buyer_ids_gin"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.title)
        if self.is_published and not self.published_at:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.slug])

    @property
    def innovative_acquisition_labels(self) -> list[str]:
        """The BT-776 codes in words (an unknown code as it is written)."""
        labels = dict(self.InnovativeAcquisition.choices)
        return [str(labels.get(code, code)) for code in self.innovative_acquisitions]

    @property
    def eforms_procedure_code(self) -> str:
        return self.EFORMS_PROCEDURE_CODES[self.Procedure(self.procedure)]

    def publish(self) -> None:
        self.is_published = True
        self.published_at = self.published_at or timezone.now()

    @property
    def lead_buyer(self):
        for link in self.casebuyer_set.all():
            if link.is_lead:
                return link.organization
        return None


def unique_slug(title: str, *, exclude_pk=None) -> str:
    base = norwegian_slug(title) or "anskaffelse"
    slug, n = base, 2
    taken = Case.objects.exclude(pk=exclude_pk)
    while (
        slug in RESERVED_SLUGS
        or taken.filter(slug=slug).exists()
        or FormerSlug.owners([slug], other_than=exclude_pk)
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


class CaseBuyer(models.Model):
    """A buyer of a case. Coordinated procurements have several; one leads."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, verbose_name=_("anskaffelse"))
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, verbose_name=_("virksomhet")
    )
    is_lead = models.BooleanField(_("leder anskaffelsen"), default=False)

    class Meta:
        verbose_name = _("oppdragsgiver")
        verbose_name_plural = _("oppdragsgivere")
        ordering = ["-is_lead", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organization"], name="cases_casebuyer_case_org_uniq"
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(is_lead=True), name="cases_casebuyer_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class DialogueConference(models.Model):
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="dialogue_conferences",
        verbose_name=_("anskaffelse"),
    )
    held_on = models.DateField(_("dato"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    is_online = models.BooleanField(_("digitalt"), default=False)
    invited_suppliers = models.PositiveIntegerField(
        _("inviterte leverandører"), null=True, blank=True
    )
    attending_suppliers = models.PositiveIntegerField(
        _("leverandører som deltok"), null=True, blank=True
    )
    one_to_one_meetings = models.PositiveIntegerField(_("en-til-en-møter"), null=True, blank=True)
    notice_url = models.URLField(_("lenke til kunngjøring"), blank=True)
    summary = models.TextField(_("oppsummering"), blank=True, help_text=_("Markdown."))

    class Meta:
        verbose_name = _("dialogkonferanse")
        verbose_name_plural = _("dialogkonferanser")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} – {self.held_on:%d.%m.%Y}"


class BenefitAnalysis(models.Model):
    class Kind(models.TextChoices):
        ECONOMY = "okonomi", _("Økonomi")
        TIME = "tid", _("Tid")
        CLIMATE = "klima", _("Klima")
        QUALITY = "kvalitet", _("Kvalitet")
        OTHER = "annet", _("Annet")

    DEFAULT_UNITS = {
        Kind.ECONOMY: "kr/år",
        Kind.TIME: "timer/år",
        Kind.CLIMATE: "tonn CO2e/år",
    }

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="benefits", verbose_name=_("anskaffelse")
    )
    kind = models.CharField(_("type gevinst"), max_length=20, choices=Kind)
    description = models.CharField(_("beskrivelse"), max_length=300)
    baseline = models.DecimalField(
        _("utgangspunkt"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    estimated = models.DecimalField(
        _("anslått"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    realised = models.DecimalField(
        _("realisert"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(
        _("enhet"),
        max_length=40,
        blank=True,
        help_text=_("Tom: kr/år, timer/år eller tonn CO2e/år etter type."),
    )
    period = models.CharField(_("periode"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("gevinst")
        verbose_name_plural = _("gevinster")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.description

    def save(self, *args, **kwargs):
        if not self.unit:
            self.unit = self.DEFAULT_UNITS.get(self.kind, "")
        super().save(*args, **kwargs)

    def clean(self):
        """The three kinds that statistics add up take one unit each: another unit is an
        error that names the right one, never a row left out of the totals."""
        super().clean()
        expected = self.DEFAULT_UNITS.get(self.kind)
        if not expected or not self.unit.strip():
            return
        if self._unit_key(self.unit) == self._unit_key(expected):
            self.unit = expected
            return
        raise ValidationError(
            {
                "unit": ValidationError(
                    _(
                        "Gevinster av typen «%(kind)s» telles i %(unit)s, så de kan legges "
                        "sammen. Skriv %(unit)s (regn om tallene til per år) eller la feltet "
                        "stå tomt. Er gevinsten en engangssum, velg typen «Annet»."
                    ),
                    code="unit_mismatch",
                    params={"kind": self.get_kind_display(), "unit": expected},
                )
            }
        )

    @staticmethod
    def _unit_key(unit: str) -> str:
        """Kr / år, kr per år and kr/år are one unit; so are CO2 and CO₂."""
        unit = unit.lower().replace("₂", "2").replace(" per ", "/")
        return "".join(unit.split())


class Contact(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("anskaffelse")
    )
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("rolle"), max_length=200, blank=True)
    organization = models.CharField(_("virksomhet"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    is_fictitious = models.BooleanField(
        _("fiktiv"), default=False, help_text=_("Oppdiktet kontaktperson i demodata.")
    )

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


def document_upload_to(instance: Document, filename: str) -> str:
    """Store under a random folder with a sanitised name: no path tricks, no collisions."""
    base = os.path.basename(filename.replace("\\", "/"))
    stem, ext = os.path.splitext(base)
    if not ext and stem.startswith("."):  # ".pdf": an extension with no name
        stem, ext = "", stem
    safe = get_valid_filename(norwegian_slug(stem, max_length=80) or "dokument")
    ext = "".join(c for c in ext.lower() if c.isascii() and (c.isalnum() or c == "."))[:10]
    return f"dokumenter/{uuid.uuid4().hex}/{safe}{ext}"


class Document(models.Model):
    class Kind(models.TextChoices):
        NEED_DESCRIPTION = "behovsbeskrivelse", _("Behovsbeskrivelse")
        MARKET_ANALYSIS = "markedsanalyse", _("Markedsanalyse")
        DIALOGUE_INVITATION = "dialoginvitasjon", _("Invitasjon til dialog")
        TENDER_DOCUMENTS = "konkurransegrunnlag", _("Konkurransegrunnlag")
        BENEFIT_ANALYSIS = "gevinstanalyse", _("Gevinstanalyse")
        INFOGRAPHIC = "infografikk", _("Infografikk")
        EVALUATION = "evaluering", _("Evaluering")
        CONTRACT = "kontrakt", _("Kontrakt")
        OTHER = "annet", _("Annet")

    # OCDS documentType codelist; "other" has no code there.
    OCDS_DOCUMENT_TYPES = {
        Kind.NEED_DESCRIPTION: "needsAssessment",
        Kind.MARKET_ANALYSIS: "marketStudies",
        Kind.DIALOGUE_INVITATION: "plannedProcurementNotice",
        Kind.TENDER_DOCUMENTS: "biddingDocuments",
        Kind.BENEFIT_ANALYSIS: "feasibilityStudy",
        Kind.INFOGRAPHIC: "illustration",
        Kind.EVALUATION: "evaluationReports",
        Kind.CONTRACT: "contractSigned",
        Kind.OTHER: None,
    }

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="documents", verbose_name=_("anskaffelse")
    )
    kind = models.CharField(_("type dokument"), max_length=30, choices=Kind)
    title = models.CharField(_("tittel"), max_length=250)
    file = models.FileField(_("fil"), upload_to=document_upload_to, max_length=200, blank=True)
    external_url = models.URLField(_("ekstern lenke"), blank=True)
    phase = models.CharField(_("fase"), max_length=20, choices=Phase, blank=True)
    size = models.PositiveBigIntegerField(
        _("størrelse (byte)"), null=True, blank=True, editable=False
    )
    content_type = models.CharField(_("filtype"), max_length=100, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("lastet opp"), auto_now_add=True)

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(external_url=""),
                name="cases_document_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.file:
            return reverse("cases:document", args=[self.case.slug, self.pk])
        return self.external_url

    @property
    def ocds_document_type(self) -> str | None:
        return self.OCDS_DOCUMENT_TYPES[self.Kind(self.kind)]


class SimilarCases(models.Model):
    """A case's similar cases as scored once (cases.search.similar), kept for every worker:
    a case page rendered again after an edit elsewhere reads them instead of scoring them.

    Derived data: the list is scored again when the case has changed since, or after
    SIMILAR_MAX_AGE (other cases come and go); drafts in it are never shown."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="+")
    ids = ArrayField(models.BigIntegerField(), default=list)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("lignende anskaffelser")
        verbose_name_plural = _("lignende anskaffelser")

    def __str__(self) -> str:
        return str(self.case_id)


class CaseBody(models.Model):
    """A published case page's body in one language, rendered once and kept (cases.case_body).

    Derived data: `fingerprint` is PostgreSQL's MD5 over every row the body shows and the
    build that rendered it; a page whose fingerprint differs renders the body again and
    replaces this row. Removing or changing a contact deletes the rows of its case at once
    (a trigger, migration 0029)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    fingerprint = models.CharField(max_length=32)
    html = models.TextField()
    rendered_at = models.DateTimeField()

    class Meta:
        verbose_name = _("lagret sideinnhold")
        verbose_name_plural = _("lagret sideinnhold")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "language"], name="cases_casebody_case_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} ({self.language})"


class FormerSlug(models.Model):
    """An address a case had before its slug was changed; it redirects to the case.

    A database trigger records the old slug whenever a case's slug changes (migration 0012),
    however the change is made, so links and bookmarks keep working."""

    slug = models.SlugField(_("tidligere kortnavn"), max_length=250)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="former_slugs", verbose_name=_("anskaffelse")
    )
    changed_at = models.DateTimeField(_("endret"), default=timezone.now)

    class Meta:
        verbose_name = _("tidligere adresse")
        verbose_name_plural = _("tidligere adresser")
        ordering = ["-changed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="cases_formerslug_slug_uniq"),
        ]

    def __str__(self) -> str:
        return self.slug

    @classmethod
    def owners(cls, slugs, *, other_than=None) -> dict[str, Case]:
        """The cases whose former addresses these slugs are (leaving out case `other_than`):
        a slug here still leads to its case, so no other case may take it."""
        found = cls.objects.filter(slug__in=slugs).exclude(case_id=other_than)
        return {former.slug: former.case for former in found.select_related("case")}

    @classmethod
    def case_that_had(cls, slug: str, cases) -> Case | None:
        """The case among `cases` (a queryset) whose address this slug was, if any."""
        former = cls.objects.filter(slug=slug, case__in=cases).select_related("case").first()
        return former.case if former else None


class SearchWord(models.Model):
    """A word from published cases' searchable text: the vocabulary behind "Mente du …?".

    A database trigger adds the words of every inserted or updated published case, so new
    words are known at once; `manage.py rebuild_search_index` rebuilds the list and its
    counts. Words that have left every case stay until then, so suggestions are checked
    against the live search vector before they are shown.
    """

    word = models.CharField(_("ord"), max_length=60)
    document_count = models.PositiveIntegerField(_("antall anskaffelser"), default=1)

    class Meta:
        verbose_name = _("søkeord")
        verbose_name_plural = _("søkeord")
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(fields=["word"], name="cases_searchword_word_uniq"),
        ]
        indexes = [
            GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="cases_searchword_trgm"),
        ]

    def __str__(self) -> str:
        return self.word


class SearchStem(models.Model):
    """A stem of the stored search vectors and how many published cases hold it: how rare a
    word of a need is, for the need search's ranking (rare words weigh more).

    A database trigger adds the stems of every inserted or updated published case (counted
    once); `rebuild_search_index` recounts them. Only the order of magnitude matters."""

    stem = models.CharField(_("ordstamme"), max_length=100)
    document_count = models.PositiveIntegerField(_("antall anskaffelser"), default=1)

    class Meta:
        verbose_name = _("ordstamme")
        verbose_name_plural = _("ordstammer")
        ordering = ["stem"]
        constraints = [
            models.UniqueConstraint(fields=["stem"], name="cases_searchstem_stem_uniq"),
        ]

    def __str__(self) -> str:
        return self.stem


class SynonymGroup(models.Model):
    """Words and expressions that mean the same to the people who search: "gatelys,
    gatebelysning, veilys, vegljos". A search for one finds cases with any of them, in
    both the precise search and the need search. Kept by editors."""

    terms = models.TextField(
        _("ord og uttrykk"),
        help_text=_(
            "Ett per linje, eller skilt med komma. Skriv ordene slik de står i teksten; "
            "bøyde former finnes av seg selv. Uttrykk med flere ord søkes som uttrykk."
        ),
    )
    note = models.CharField(_("merknad"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        verbose_name = _("synonymgruppe")
        verbose_name_plural = _("synonymgrupper")
        ordering = ["pk"]

    def __str__(self) -> str:
        return ", ".join(self.term_list()[:5])

    def get_absolute_url(self) -> str:
        return reverse("cases:list") + "?" + urlencode({"q": self.term_list()[0]})

    def term_list(self) -> list[str]:
        """The group's terms in lower case, each once, in the order written."""
        found = (" ".join(part.split()).lower() for part in re.split(r"[,\n;]", self.terms))
        return list(dict.fromkeys(term for term in found if term))

    def clean(self) -> None:
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("En synonymgruppe trenger minst to ord.")})


class GuideText(models.Model):
    """What one phase is, what to do in it and what to watch out for. Written by editors."""

    phase = models.CharField(_("fase"), max_length=20, choices=Phase)
    title = models.CharField(_("overskrift"), max_length=200)
    intro = models.TextField(
        _("ingress"), help_text=_("Hva fasen er, i to til fire setninger. Markdown.")
    )
    what_to_do = models.TextField(_("dette gjør dere"), help_text=_("Markdown."))
    pitfalls = models.TextField(_("vanlige fallgruver"), blank=True, help_text=_("Markdown."))
    position = models.PositiveSmallIntegerField(
        _("rekkefølge"), default=0, help_text=_("Lavest først i veiviseren.")
    )
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        verbose_name = _("veiledningstekst")
        verbose_name_plural = _("veiledningstekster")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["phase"], name="cases_guidetext_phase_uniq"),
            models.CheckConstraint(
                condition=Q(phase__in=Phase.values), name="cases_guidetext_phase_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guide_phase", args=[self.phase])


class CaseSubmission(models.Model):
    """Who sent a case in through /anskaffelser/del/. Personal data: only editors see it.

    Kept apart from Case so that nothing that lists or exports cases can show it by mistake.
    """

    case = models.OneToOneField(
        Case,
        verbose_name=_("anskaffelse"),
        on_delete=models.CASCADE,
        related_name="submission",
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"), max_length=254)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    job_title = models.CharField(_("stilling"), max_length=200, blank=True)
    consent_at = models.DateTimeField(_("samtykke til publisering gitt"))
    created_at = models.DateTimeField(_("sendt inn"), auto_now_add=True)

    class Meta:
        verbose_name = _("innsending")
        verbose_name_plural = _("innsendinger")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} – {self.case}"

    @property
    def reference(self) -> str:
        """The number the submitter and the editors refer to: "IOA-2025-00042"."""
        return f"IOA-{self.created_at:%Y}-{self.pk:05d}"


class ReuseQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Reuse.Status.APPROVED)

    def for_editors(self):
        """What editors see: reports the sender has confirmed by email."""
        return self.exclude(status=Reuse.Status.UNCONFIRMED)


class Reuse(models.Model):
    """A public body reports that it took a case's solution into use ("Vi har tatt i bruk
    denne løsningen"). Shown on the case page once the sender has confirmed by email and an
    editor has approved it. The contact is personal data: only editors see it."""

    class How(models.TextChoices):
        SAME = "samme", _("Tok i bruk samme løsning")
        ADAPTED = "tilpasset", _("Tilpasset løsningen")
        JOINED = "avtale", _("Ble med på avtalen")
        INSPIRED = "inspirert", _("Ble inspirert")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Ikke bekreftet")
        CONFIRMED = "confirmed", _("Bekreftet, venter på redaksjonen")
        APPROVED = "approved", _("Godkjent")
        REJECTED = "rejected", _("Avvist")

    CONFIRM_SALT = "cases.reuse.confirm"

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="reuses", verbose_name=_("anskaffelse")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="reuses",
        verbose_name=_("virksomhet"),
    )
    how = models.CharField(_("hvordan"), max_length=20, choices=How)
    year = models.PositiveSmallIntegerField(_("år"))
    sentence = models.CharField(_("offentlig setning"), max_length=300, blank=True)
    contact_name = models.CharField(_("kontaktperson"), max_length=200)
    contact_email = models.EmailField(_("e-post til kontaktpersonen"), max_length=254)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.UNCONFIRMED
    )
    created_at = models.DateTimeField(_("meldt"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    decided_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    objects = ReuseQuerySet.as_manager()

    class Meta:
        verbose_name = _("gjenbruk")
        verbose_name_plural = _("gjenbruk")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["unconfirmed", "confirmed", "approved", "rejected"]),
                name="cases_reuse_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(how__in=["samme", "tilpasset", "avtale", "inspirert"]),
                name="cases_reuse_how_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="cases_reuse_year_range"
            ),
        ]
        indexes = [
            models.Index(fields=["case", "status"], name="cases_reuse_case_status_idx"),
            models.Index(fields=["organization"], name="cases_reuse_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.case}"

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url() + "#gjenbruk"

    def confirm_token(self) -> str:
        return signing.dumps(self.pk, salt=self.CONFIRM_SALT)


class NeedQuerySet(models.QuerySet):
    def listed(self):
        """What the needs board shows: reviewed needs, open or gone further, and closed ones
        for as long as they are kept (their contacts are erased later, see erase_expired_needs)."""
        return self.filter(
            status__in=[Need.Status.PUBLISHED, Need.Status.PROCUREMENT, Need.Status.CLOSED],
            reviewed_at__isnull=False,
        )

    def for_editors(self):
        """Needs whose poster has confirmed the address (unconfirmed ones are not shown)."""
        return self.exclude(status=Need.Status.UNCONFIRMED)


class Need(models.Model):
    """A need a public body is working on, posted on the needs board (/behov/) so that others
    with the same need can find it and buy together. Email-confirmed, then reviewed by an
    editor. The contact is personal data: public only when `show_contact` is ticked."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Ikke bekreftet")
        PENDING = "pending", _("Venter på redaksjonen")
        PUBLISHED = "published", _("Åpent behov")
        PROCUREMENT = "procurement", _("Gått til anskaffelse")
        CLOSED = "closed", _("Avsluttet")
        REJECTED = "rejected", _("Avvist")

    MANAGE_SALT = "cases.need.manage"

    title = models.CharField(_("tittel"), max_length=200)
    text = models.TextField(_("behovet"))
    phase = models.CharField(_("fase"), max_length=20, choices=Phase, default=Phase.NEEDS)
    market_year = models.PositiveSmallIntegerField(
        _("forventet ut i markedet (år)"), null=True, blank=True
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sektor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("virksomhet"), on_delete=models.PROTECT, related_name="needs"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("fylke"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
    )
    open_to_joint = models.BooleanField(_("åpen for felles anskaffelse"), default=False)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post"), max_length=254, blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    show_contact = models.BooleanField(_("kontaktperson kan vises"), default=False)
    # The language of the page the need was registered on: its owner's emails are written
    # in it, also those a job sends later (an interest from another body).
    language = models.CharField(
        _("språk"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.UNCONFIRMED
    )
    proposed_case = models.ForeignKey(
        Case,
        verbose_name=_("forslag til anskaffelse"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="from_needs",
    )
    created_at = models.DateTimeField(_("meldt"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    contact_erased_at = models.DateTimeField(_("kontakt slettet"), null=True, blank=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("behov")
        verbose_name_plural = _("behov")
        ordering = ["-reviewed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "unconfirmed",
                        "pending",
                        "published",
                        "procurement",
                        "closed",
                        "rejected",
                    ]
                ),
                name="cases_need_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(market_year__isnull=True)
                | (Q(market_year__gte=1990) & Q(market_year__lte=2100)),
                name="cases_need_market_year_range",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-reviewed_at"], name="cases_need_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:detail", args=[self.pk])

    def manage_token(self) -> str:
        return signing.dumps(self.pk, salt=self.MANAGE_SALT)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PUBLISHED


class NeedInterest(models.Model):
    """Another public body says "Vi har samme behov". Its contact goes to the need's owner
    (the sender agreed to that), never to anybody else."""

    CONFIRM_SALT = "cases.needinterest.confirm"

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="interests", verbose_name=_("behov")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="need_interests",
        verbose_name=_("virksomhet"),
    )
    sentence = models.CharField(_("setning"), max_length=500, blank=True)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post"), max_length=254, blank=True)
    is_confirmed = models.BooleanField(_("bekreftet"), default=False)
    created_at = models.DateTimeField(_("meldt"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)

    class Meta:
        verbose_name = _("samme behov")
        verbose_name_plural = _("samme behov")
        ordering = ["confirmed_at", "pk"]
        indexes = [
            models.Index(fields=["need", "is_confirmed"], name="cases_needinterest_need_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.need}"

    def get_absolute_url(self) -> str:
        return self.need.get_absolute_url()

    def confirm_token(self) -> str:
        return signing.dumps(self.pk, salt=self.CONFIRM_SALT)


class Alert(models.Model):
    """An alert ("Få e-post om nye treff"): an email address follows a search (its query)
    of the cases (/anskaffelser/) or of the needs board (/behov/).

    Only the address, the search, the language and times are stored; shown to nobody,
    counted (not listed) in the admin, deleted at unsubscribe, and unconfirmed ones after
    7 days (cases/alerts.py)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daglig")
        WEEKLY = "weekly", _("Ukentlig")

    class Kind(models.TextChoices):
        CASES = "cases", _("Anskaffelser")
        NEEDS = "needs", _("Behov")

    email = models.EmailField(_("e-post"))
    kind = models.CharField(_("hva"), max_length=10, choices=Kind, default=Kind.CASES)
    query = models.CharField(_("søk"), max_length=2000, blank=True)
    frequency = models.CharField(
        _("hvor ofte"), max_length=10, choices=Frequency, default=Frequency.WEEKLY
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("siste utsending"), null=True, blank=True)
    # The language of the page the alert was asked for on: its emails are written in it,
    # and their links lead to pages in it.
    language = models.CharField(
        _("språk"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "kind", "query", name="cases_alert_email_kind_query_uniq"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=["daily", "weekly"]), name="cases_alert_frequency_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["cases", "needs"]), name="cases_alert_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="cases_alert_language_valid",
            ),
        ]
        indexes = [models.Index(fields=["confirmed_at"], name="cases_alert_confirmed_idx")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    def get_absolute_url(self) -> str:
        page = "needs:list" if self.kind == self.Kind.NEEDS else "cases:list"
        return reverse(page) + (f"?{self.query}" if self.query else "")
