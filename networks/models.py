from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.uploads import material_upload_to, report_upload_to
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

    def pickable(self):
        """The bodies a form offers: checked by an editor and still registered."""
        return self.filter(needs_review=False, is_registered=True)


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
    # From the Central Coordinating Register for Legal Entities (import_public_bodies).
    organisational_form = models.CharField(
        _("organisasjonsform"),
        max_length=10,
        blank=True,
        help_text=_("Kode fra Enhetsregisteret, for eksempel KOMM, FYLK, ORGL, IKS."),
    )
    registered_name = models.CharField(
        _("navn i Enhetsregisteret"), max_length=200, blank=True, editable=False
    )
    is_registered = models.BooleanField(
        _("registrert"),
        default=True,
        help_text=_("Av når virksomheten ikke lenger står i Enhetsregisteret."),
    )
    registry_checked_at = models.DateTimeField(
        _("sist funnet i Enhetsregisteret"), null=True, blank=True, editable=False
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
            # The pickers match any part of a name (pg_trgm; icontains uses UPPER).
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="networks_org_name_trgm"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cases:list") + f"?kjoper={self.pk}"

    def clean(self) -> None:
        if self.municipality_number and self.region_id:
            region_number = Region.objects.filter(pk=self.region_id).values_list(
                "number", flat=True
            )
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
        """Networks whose participants this user may see: their own, or all for superusers.

        Being staff is not enough: editors manage cases and must not see participants.
        """
        if user.is_superuser:
            return self
        return self.filter(coordinators=user)

    def with_seat_counts(self):
        """Annotate ``accepted_count`` so ``seats_left`` needs no query of its own."""
        return self.annotate(
            accepted_count=models.Count(
                "enrollments", filter=Q(enrollments__status="accepted"), distinct=True
            )
        )

    def ended_before(self, day: datetime.date):
        return self.filter(ends_on__lt=day)


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
    contact_email = models.EmailField(
        _("e-post for kontakt"),
        max_length=254,
        blank=True,
        help_text=_(
            "Vises på nettverkets side, slik at søkere og deltakere vet hvor de kan spørre."
        ),
    )
    certificate_threshold = models.PositiveSmallIntegerField(
        _("oppmøte for kursbevis (%)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Deltakere som har vært til stede på minst så stor andel av samlingene som er "
            "holdt, kan laste ned et kursbevis fra Min side."
        ),
    )
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

    @property
    def seats_left(self) -> int:
        accepted = getattr(self, "accepted_count", None)
        if accepted is None:
            accepted = self.enrollments.filter(status="accepted").count()
        return max(self.capacity - accepted, 0)

    def has_reached_end(self, now: datetime.datetime | None = None) -> bool:
        """The last session has begun, or the network is over: participants' challenges
        can then be proposed as cases (cases/from_networks.py)."""
        now = now or timezone.now()
        if timezone.localdate(now) > self.ends_on:
            return True
        last = self.sessions.order_by("-starts_at").values_list("starts_at", flat=True).first()
        return last is not None and last <= now

    def contact_names(self) -> list[str]:
        """The coordinators' names as the public network page shows them (no usernames)."""
        names = []
        for user in self.coordinators.all():
            name = user.get_full_name().strip()
            if name:
                names.append(name)
        return sorted(names)

    def clean(self) -> None:
        if self.pk and self.capacity:
            accepted = self.enrollments.filter(status="accepted").count()
            if self.capacity < accepted:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(n)d deltakere er allerede godkjent. Avslå eller flytt noen "
                            "før du setter ned antall plasser."
                        )
                        % {"n": accepted}
                    }
                )


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
            # Target of the composite foreign key from Attendance (see migration 0004).
            models.UniqueConstraint(
                fields=["id", "network"], name="networks_session_id_network_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return self.network.get_absolute_url() + f"#samling-{self.number}"


class Participant(models.Model):
    """A person taking part in one or more learning networks. Personal data (/personvern/)."""

    ANONYMISED_NAME = "Anonymisert deltaker"

    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"), max_length=254, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    job_title = models.CharField(_("stilling"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("virksomhet"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymisert"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("deltaker")
        verbose_name_plural = _("deltakere")
        ordering = ["name", "pk"]
        constraints = [
            # One person, one row: the application form finds a returning participant by email.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="networks_participant_email_uniq",
            ),
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=False) | ~Q(email=""),
                name="networks_participant_email_unless_anonymised",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class EnrollmentQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=Enrollment.Status.ACCEPTED)

    def waiting_list(self):
        """First in line first: the longest wait on the list, then the earliest application."""
        return self.filter(status=Enrollment.Status.WAITLISTED).order_by(
            "waitlisted_at", "created_at", "pk"
        )

    def for_coordinators(self):
        return self.select_related("participant__organization__region", "decided_by")

    def for_withdraw_token(self, token: str) -> Enrollment:
        """The enrollment a withdrawal link (Enrollment.withdraw_token) points to.

        Raises signing.SignatureExpired, signing.BadSignature or Enrollment.DoesNotExist.
        """
        pk = signing.loads(
            token, salt=Enrollment.WITHDRAW_SALT, max_age=Enrollment.WITHDRAW_LINK_MAX_AGE
        )
        if not isinstance(pk, int):
            raise signing.BadSignature("not an enrollment id")
        return self.select_related("network", "participant").get(pk=pk)


class Enrollment(models.Model):
    """A participant's place (or wish for one) in a learning network."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Til behandling")
        ACCEPTED = "accepted", _("Godkjent")
        WAITLISTED = "waitlisted", _("På venteliste")
        DECLINED = "declined", _("Avslått")
        WITHDRAWN = "withdrawn", _("Trukket")

    class Source(models.TextChoices):
        SELF = "self", _("Søkte selv")
        COORDINATOR = "coordinator", _("Registrert av koordinator")

    class EmailStatus(models.TextChoices):
        NOT_SENT = "not_sent", _("Ikke sendt")
        # Waiting in the job queue, also between retries: no "Send" button then, which
        # would email the person twice.
        QUEUED = "queued", _("I kø")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Feilet")

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deltaker"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    network = models.ForeignKey(
        LearningNetwork,
        verbose_name=_("nettverk"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    challenge = models.TextField(
        _("problemstilling"),
        blank=True,
        help_text=_("Utfordringen deltakeren vil arbeide med i nettverket."),
    )
    consent_at = models.DateTimeField(_("samtykke gitt"), null=True, blank=True)
    source = models.CharField(_("kilde"), max_length=20, choices=Source, default=Source.SELF)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandlet av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("satt på venteliste"), null=True, blank=True)
    previous_status = models.CharField(
        _("forrige status"),
        max_length=20,
        choices=Status,
        blank=True,
        help_text=_("Status før koordinatorens siste beslutning, så den kan angres samme dag."),
    )
    decision_reason = models.TextField(
        _("begrunnelse"), blank=True, help_text=_("Står i e-posten om beslutningen.")
    )
    created_at = models.DateTimeField(_("søkte"), auto_now_add=True)
    email_status = models.CharField(
        _("e-poststatus"), max_length=20, choices=EmailStatus, default=EmailStatus.NOT_SENT
    )
    email_status_at = models.DateTimeField(_("siste e-post"), null=True, blank=True)
    # The language of the page the person applied on: their emails are written in it, also
    # those a coordinator's decision sends later, and their links lead to pages in it.
    language = models.CharField(
        _("språk"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # From challenge to case (issue 21): the participant's consent on Min side, and when a
    # coordinator proposed the challenge to the editors (cases/from_networks.py).
    case_consent_at = models.DateTimeField(
        _("samtykke til forslag om anskaffelse"),
        null=True,
        blank=True,
        help_text=_(
            "Når deltakeren samtykket til at utfordringen og rapportene kan bli et forslag "
            "til anskaffelse i kunnskapsbasen."
        ),
    )
    case_proposed_at = models.DateTimeField(
        _("foreslått som anskaffelse"), null=True, blank=True, editable=False
    )

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        ordering = ["network", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "network"],
                name="networks_enrollment_participant_network_uniq",
            ),
            # Target of the composite foreign key from Attendance (see migration 0004).
            models.UniqueConstraint(
                fields=["id", "network"], name="networks_enrollment_id_network_uniq"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["pending", "accepted", "waitlisted", "declined", "withdrawn"]
                ),
                name="networks_enrollment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=["self", "coordinator"]),
                name="networks_enrollment_source_valid",
            ),
            models.CheckConstraint(
                condition=Q(email_status__in=["not_sent", "queued", "sent", "failed"]),
                name="networks_enrollment_email_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="networks_enrollment_language_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["network", "status"], name="networks_enrollment_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.network}"

    def get_absolute_url(self) -> str:
        return (
            reverse("coordinator:enrollments", args=[self.network.slug]) + f"#pamelding-{self.pk}"
        )

    # The signed link in the confirmation email with which the participant withdraws.
    WITHDRAW_SALT = "networks.withdraw"
    WITHDRAW_LINK_MAX_AGE = datetime.timedelta(days=400)

    def withdraw_token(self) -> str:
        return signing.dumps(self.pk, salt=self.WITHDRAW_SALT, compress=False)

    def waiting_position(self) -> int | None:
        """Place on the waiting list, 1 for the first in line; None when not on it."""
        if self.status != self.Status.WAITLISTED:
            return None
        order = list(
            Enrollment.objects.filter(network_id=self.network_id)
            .waiting_list()
            .values_list("pk", flat=True)
        )
        return order.index(self.pk) + 1 if self.pk in order else None

    def can_undo_on(self, day: datetime.date) -> bool:
        """A coordinator's decision can be taken back on the day it was made."""
        return bool(
            self.previous_status
            and self.decided_by_id
            and self.decided_at
            and timezone.localtime(self.decided_at).date() == day
        )


class Attendance(models.Model):
    """Whether an enrolled participant was present at one session of their network.

    ``network`` repeats the network of both the enrollment and the session so that two
    composite foreign keys (migration 0004) let the database refuse a session of another
    network.
    """

    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("påmelding"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("samling"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    network = models.ForeignKey(
        LearningNetwork,
        verbose_name=_("nettverk"),
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )
    present = models.BooleanField(_("til stede"), default=False)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøte")
        ordering = ["session", "enrollment"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "session"], name="networks_attendance_enrollment_session_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment.participant} – {self.session}"

    def save(self, *args, **kwargs):
        if self.network_id is None and self.enrollment_id is not None:
            self.network_id = self.enrollment.network_id
        super().save(*args, **kwargs)


class NetworkMessage(models.Model):
    """An email a coordinator sent to a network's accepted participants (or one session's)."""

    network = models.ForeignKey(
        LearningNetwork,
        verbose_name=_("nettverk"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("samling"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        help_text=_("Tom: alle med plass i nettverket. Ellers: de som var til stede."),
    )
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sendt av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sendt"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-post til deltakere")
        verbose_name_plural = _("e-poster til deltakere")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("coordinator:message", args=[self.network.slug, self.pk])


class EmailDelivery(models.Model):
    """Whether one email went out, for the emails a coordinator can send again: the copy of
    a message, an invitation to evaluate (the job records it; "Send på nytt" reads it)."""

    email_status = models.CharField(
        _("e-poststatus"),
        max_length=20,
        choices=Enrollment.EmailStatus,
        default=Enrollment.EmailStatus.NOT_SENT,
    )
    email_status_at = models.DateTimeField(_("siste forsøk"), null=True, blank=True)

    class Meta:
        abstract = True


class MessageDelivery(EmailDelivery):
    """One recipient of a NetworkMessage, with whether the email went out (so it can be resent)."""

    message = models.ForeignKey(
        NetworkMessage,
        verbose_name=_("e-post"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("påmelding"),
        on_delete=models.CASCADE,
        related_name="message_deliveries",
    )

    class Meta:
        verbose_name = _("mottaker")
        verbose_name_plural = _("mottakere")
        ordering = ["message", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "enrollment"], name="networks_delivery_message_enrollment_uniq"
            ),
            models.CheckConstraint(
                condition=Q(email_status__in=["not_sent", "sent", "failed"]),
                name="networks_delivery_email_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message} – {self.enrollment.participant}"


class ParticipantLoginToken(models.Model):
    """One login link to "Min side". The link carries a signed random nonce; only its hash
    is kept here, and using the link stamps ``used_at`` so it works once."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deltaker"),
        on_delete=models.CASCADE,
        related_name="login_tokens",
    )
    digest = models.CharField(_("kontrollsum"), max_length=64, editable=False)
    next_path = models.CharField(_("videre til"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)
    expires_at = models.DateTimeField(_("utløper"))
    used_at = models.DateTimeField(_("brukt"), null=True, blank=True)
    email_status = models.CharField(
        _("e-poststatus"),
        max_length=20,
        choices=Enrollment.EmailStatus,
        default=Enrollment.EmailStatus.NOT_SENT,
    )

    class Meta:
        verbose_name = _("innloggingslenke")
        verbose_name_plural = _("innloggingslenker")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["digest"], name="networks_login_token_digest_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("networks:participant_home")


class SessionMaterial(models.Model):
    """Slides, documents or a link a coordinator puts on a session, for participants or all."""

    class Audience(models.TextChoices):
        PARTICIPANTS = "participants", _("Bare deltakere med plass")
        PUBLIC = "public", _("Alle (vises på nettverkets side)")

    session = models.ForeignKey(
        Session,
        verbose_name=_("samling"),
        on_delete=models.CASCADE,
        related_name="materials",
    )
    title = models.CharField(_("tittel"), max_length=200)
    file = models.FileField(_("fil"), upload_to=material_upload_to, max_length=300, blank=True)
    external_url = models.URLField(_("lenke"), max_length=500, blank=True)
    audience = models.CharField(
        _("hvem kan se det"), max_length=20, choices=Audience, default=Audience.PARTICIPANTS
    )
    size = models.PositiveBigIntegerField(_("størrelse"), null=True, blank=True, editable=False)
    content_type = models.CharField(_("filtype"), max_length=100, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lagt inn av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lagt inn"), auto_now_add=True)

    class Meta:
        verbose_name = _("materiell")
        verbose_name_plural = _("materiell")
        ordering = ["session", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(external_url="")) | (~Q(file="") & Q(external_url="")),
                name="networks_material_file_or_link",
            ),
            models.CheckConstraint(
                condition=Q(audience__in=["participants", "public"]),
                name="networks_material_audience_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.session.get_absolute_url()

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC


class WorkReport(models.Model):
    """What a participant did between sessions and learned about their own challenge."""

    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("påmelding"),
        on_delete=models.CASCADE,
        related_name="work_reports",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("samling"),
        on_delete=models.CASCADE,
        related_name="work_reports",
        help_text=_("Samlingen mellomarbeidet hører til (arbeidet gjøres før neste samling)."),
    )
    text = models.TextField(_("hva du gjorde og lærte"))
    file = models.FileField(_("fil"), upload_to=report_upload_to, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("størrelse"), null=True, blank=True, editable=False)
    content_type = models.CharField(_("filtype"), max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(_("levert"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        verbose_name = _("rapport om mellomarbeid")
        verbose_name_plural = _("rapporter om mellomarbeid")
        ordering = ["session", "enrollment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "session"], name="networks_report_enrollment_session_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment.participant} – {self.session}"

    def get_absolute_url(self) -> str:
        return reverse("coordinator:reports", args=[self.session.network.slug, self.session.number])


class SessionEvaluation(models.Model):
    """One anonymous answer to a session's evaluation. Nothing here says who gave it: the
    random key, no time and no link to a person (who answered is in EvaluationReceipt)."""

    SCALE = range(1, 6)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        Session,
        verbose_name=_("samling"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    useful = models.PositiveSmallIntegerField(_("Hvor nyttig var samlingen?"))
    relevance = models.PositiveSmallIntegerField(
        _("Hvor relevant var den for din egen utfordring?")
    )
    recommend = models.PositiveSmallIntegerField(
        _("Hvor sannsynlig er det at du anbefaler nettverket til en kollega?")
    )
    most_useful = models.TextField(_("Hva var mest nyttig?"), blank=True)
    to_improve = models.TextField(_("Hva kan bli bedre?"), blank=True)

    class Meta:
        verbose_name = _("evalueringssvar")
        verbose_name_plural = _("evalueringssvar")
        ordering = ["session", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(useful__gte=1, useful__lte=5)
                & Q(relevance__gte=1, relevance__lte=5)
                & Q(recommend__gte=1, recommend__lte=5),
                name="networks_evaluation_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return str(self.session)

    def get_absolute_url(self) -> str:
        return reverse("coordinator:evaluation", args=[self.session.network.slug])


class EvaluationReceipt(models.Model):
    """That one person answered a session's evaluation: a keyed hash of their enrollment,
    so a second answer is refused, kept apart from what they answered."""

    session = models.ForeignKey(
        Session,
        verbose_name=_("samling"),
        on_delete=models.CASCADE,
        related_name="evaluation_receipts",
    )
    digest = models.CharField(_("kontrollsum"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("kvittering for evaluering")
        verbose_name_plural = _("kvitteringer for evaluering")
        ordering = ["session", "digest"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "digest"], name="networks_eval_receipt_session_digest_uniq"
            ),
        ]

    def __str__(self) -> str:
        return str(self.session)

    def get_absolute_url(self) -> str:
        return reverse("coordinator:evaluation", args=[self.session.network.slug])


class EvaluationInvitation(EmailDelivery):
    """The email asking one participant who attended a session to evaluate it."""

    session = models.ForeignKey(
        Session,
        verbose_name=_("samling"),
        on_delete=models.CASCADE,
        related_name="evaluation_invitations",
    )
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("påmelding"),
        on_delete=models.CASCADE,
        related_name="evaluation_invitations",
    )

    class Meta:
        verbose_name = _("invitasjon til evaluering")
        verbose_name_plural = _("invitasjoner til evaluering")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="networks_eval_invite_session_enroll_uniq"
            ),
            models.CheckConstraint(
                condition=Q(email_status__in=["not_sent", "sent", "failed"]),
                name="networks_eval_invite_email_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment.participant} – {self.session}"

    def get_absolute_url(self) -> str:
        return reverse("coordinator:evaluation", args=[self.session.network.slug])
