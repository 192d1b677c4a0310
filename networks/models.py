from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.validators import validate_municipality_number, validate_org_number


class Region(models.Model):
    """A county ("fylke"), as of the county structure of 2024."""

    name = models.CharField(_("navn"), max_length=100)
    number = models.CharField(_("fylkesnummer"), max_length=2)
    slug = models.SlugField(_("kortnavn"), max_length=100)

    class Meta:
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="networks_region_number_uniq"),
            models.UniqueConstraint(fields=["slug"], name="networks_region_slug_uniq"),
            models.CheckConstraint(
                condition=Q(number__regex=r"^\d{2}$"), name="networks_region_number_2_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cases:list") + f"?fylke={self.pk}"


class OrganizationQuerySet(models.QuerySet):
    def needing_review(self):
        return self.filter(needs_review=True)


class Organization(models.Model):
    """A public body: municipality, county authority, state agency, health trust …"""

    class Kind(models.TextChoices):
        MUNICIPALITY = "kommune", _("Kommune")
        COUNTY = "fylkeskommune", _("Fylkeskommune")
        STATE = "statlig", _("Statlig virksomhet")
        HEALTH_TRUST = "helseforetak", _("Helseforetak")
        INTERMUNICIPAL = "interkommunalt", _("Interkommunalt selskap")
        OTHER = "annet", _("Annet")

    name = models.CharField(_("navn"), max_length=200)
    org_number = models.CharField(
        _("organisasjonsnummer"),
        max_length=9,
        blank=True,
        validators=[validate_org_number],
        help_text=_("Ni sifre fra Enhetsregisteret, for eksempel 974760673."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.MUNICIPALITY)
    municipality_number = models.CharField(
        _("kommunenummer"),
        max_length=4,
        blank=True,
        validators=[validate_municipality_number],
        help_text=_("Fire sifre; de to første er fylkesnummeret."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("fylke"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
    )
    website = models.URLField(_("nettsted"), blank=True)
    needs_review = models.BooleanField(
        _("må kontrolleres"),
        default=False,
        help_text=_("Opprettet fra et skjema på nettstedet og ikke kontrollert av en redaktør."),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("virksomhet")
        verbose_name_plural = _("virksomheter")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~Q(org_number=""),
                name="networks_organization_org_number_uniq",
            ),
            models.CheckConstraint(
                condition=Q(org_number="") | Q(org_number__regex=r"^\d{9}$"),
                name="networks_organization_org_number_9_digits",
            ),
            models.CheckConstraint(
                condition=Q(municipality_number="") | Q(municipality_number__regex=r"^\d{4}$"),
                name="networks_organization_municipality_number_4_digits",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality_number"], name="networks_org_municipality_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cases:list") + f"?kjoper={self.pk}"

    def clean(self) -> None:
        if self.municipality_number and self.region_id:
            region_number = Region.objects.filter(pk=self.region_id).values_list("number", flat=True)
            if region_number and self.municipality_number[:2] != region_number[0]:
                raise ValidationError(
                    {
                        "municipality_number": _(
                            "De to første sifrene i kommunenummeret må være fylkesnummeret (%(n)s)."
                        )
                        % {"n": region_number[0]}
                    }
                )


class LearningNetworkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def coordinated_by(self, user):
        if user.is_staff:
            return self
        return self.filter(coordinators=user)


class LearningNetwork(models.Model):
    """A regional learning network that teaches innovative procurement in a few sessions."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Kommer")
        OPEN = "open", _("Åpen for påmelding")
        RUNNING = "running", _("Pågår")
        FINISHED = "finished", _("Avsluttet")

    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kortnavn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True, help_text=_("Markdown."))
    regions = models.ManyToManyField(
        Region, verbose_name=_("fylker"), related_name="networks", blank=True
    )
    host = models.CharField(
        _("vert"), max_length=200, blank=True, help_text=_("For eksempel KS Vest-Norge og LUP.")
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("koordinatorer"),
        related_name="coordinated_networks",
        blank=True,
    )
    starts_on = models.DateField(_("startdato"))
    ends_on = models.DateField(_("sluttdato"))
    registration_opens_on = models.DateField(_("påmelding åpner"))
    registration_closes_on = models.DateField(_("påmeldingsfrist"))
    capacity = models.PositiveIntegerField(
        _("antall plasser"), help_text=_("Høyeste antall godkjente deltakere.")
    )
    is_published = models.BooleanField(_("publisert"), default=False)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    objects = LearningNetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("læringsnettverk")
        verbose_name_plural = _("læringsnettverk")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="networks_network_slug_uniq"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="networks_network_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_on__gte=models.F("registration_opens_on")),
                name="networks_network_registration_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0), name="networks_network_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:detail", args=[self.slug])

    def status_on(self, day: datetime.date) -> str:
        if day > self.ends_on:
            return self.Status.FINISHED
        if self.registration_opens_on <= day <= self.registration_closes_on:
            return self.Status.OPEN
        if day >= self.starts_on:
            return self.Status.RUNNING
        return self.Status.UPCOMING

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_open_for_applications(self) -> bool:
        return self.status == self.Status.OPEN


class Session(models.Model):
    """One gathering ("samling") of a learning network, with work to do before the next."""

    network = models.ForeignKey(
        LearningNetwork,
        verbose_name=_("nettverk"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("tittel"), max_length=200)
    topic = models.TextField(_("tema"), blank=True)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    online_url = models.URLField(_("lenke til nettmøte"), blank=True)
    agenda = models.TextField(_("program"), blank=True, help_text=_("Markdown."))
    homework = models.TextField(
        _("mellomarbeid"),
        blank=True,
        help_text=_("Arbeidet deltakerne gjør før neste samling. Markdown."),
    )

    class Meta:
        verbose_name = _("samling")
        verbose_name_plural = _("samlinger")
        ordering = ["network", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "number"], name="networks_session_network_number_uniq"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="networks_session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return self.network.get_absolute_url() + f"#samling-{self.number}"
