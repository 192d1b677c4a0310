import json

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ioa_portal.lib.urls import base_url
from networks import gdpr, services
from networks.models import Enrollment, LearningNetwork, Organization, Participant, Region, Session
from networks.validators import normalise_org_number


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "number"]
    search_fields = ["name", "number"]
    ordering = ["number"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_number", "kind", "municipality_number", "region", "needs_review"]
    list_filter = ["kind", "region", "needs_review", "is_registered", "organisational_form"]
    list_select_related = ["region"]
    search_fields = ["name", "org_number", "municipality_number"]
    search_help_text = _("Søk på navn, organisasjonsnummer eller kommunenummer.")
    fields = [
        "name",
        "org_number",
        "kind",
        "municipality_number",
        "region",
        "website",
        "needs_review",
        "organisational_form",
        "is_registered",
        "registered_name",
        "registry_checked_at",
    ]
    readonly_fields = ["registered_name", "registry_checked_at"]
    actions = ["mark_reviewed"]

    def get_search_results(self, request, queryset, search_term):
        # "974 760 673" and "NO 974760673 MVA" find the same body as "974760673".
        normalised = normalise_org_number(search_term)
        if normalised.isdigit() and len(normalised) == 9:
            search_term = normalised
        return super().get_search_results(request, queryset, search_term)

    @admin.action(description=_("Marker som kontrollert"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = queryset.filter(needs_review=True).update(needs_review=False)
        self.message_user(
            request,
            ngettext(
                "%(count)d virksomhet er markert som kontrollert.",
                "%(count)d virksomheter er markert som kontrollert.",
                count,
            )
            % {"count": count},
        )


# --- Learning networks, participants and enrollments -------------------------------------


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0
    ordering = ["number"]
    fields = [
        ("number", "title"),
        ("starts_at", "ends_at"),
        ("place", "online_url"),
        "topic",
        "agenda",
        "homework",
    ]


@admin.register(LearningNetwork)
class LearningNetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "status_display", "starts_on", "ends_on", "capacity", "is_published"]
    list_filter = ["is_published", "regions"]
    search_fields = ["name", "host"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "coordinators"]
    date_hierarchy = "starts_on"
    inlines = [SessionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "host", "description", "regions", "is_published"]}),
        (
            _("Datoer og plasser"),
            {
                "fields": [
                    ("starts_on", "ends_on"),
                    ("registration_opens_on", "registration_closes_on"),
                    "capacity",
                    "certificate_threshold",
                ]
            },
        ),
        (_("Koordinatorer og kontakt"), {"fields": ["coordinators", "contact_email"]}),
    ]

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return obj.get_status_display()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            for promoted in services.fill_free_seats(obj, base_url=base_url(request)):
                self.message_user(
                    request,
                    _("%(name)s fikk en av de nye plassene fra ventelisten.")
                    % {"name": promoted.participant.name},
                )


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    can_delete = False
    fields = ["network", "status", "source", "created_at"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organization", "created_at", "anonymised_at"]
    list_filter = [("anonymised_at", admin.EmptyFieldListFilter)]
    list_select_related = ["organization"]
    search_fields = ["name", "email", "organization__name"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["created_at", "anonymised_at"]
    inlines = [EnrollmentInline]
    actions = ["export_json", "erase"]

    @admin.action(description=_("Eksporter deltakerens opplysninger (JSON)"), permissions=["view"])
    def export_json(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request,
                _("Velg nøyaktig én deltaker for å eksportere opplysningene."),
                messages.ERROR,
            )
            return None
        participant = queryset.select_related("organization").get()
        body = json.dumps(gdpr.participant_data(participant), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="deltaker-{participant.pk}.json"'
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(
        description=_("Slett personopplysninger (påmeldinger beholdes anonymt)"),
        permissions=["change"],
    )
    def erase(self, request, queryset):
        count = sum(gdpr.anonymise_participant(p) for p in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d deltaker er anonymisert.",
                "%(count)d deltakere er anonymisert.",
                count,
            )
            % {"count": count},
        )


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["participant", "network", "status", "source", "created_at", "email_status"]
    list_filter = ["status", "network", "source", "email_status"]
    list_select_related = ["participant", "network"]
    search_fields = ["participant__name", "participant__email", "network__name"]
    autocomplete_fields = ["participant"]
    date_hierarchy = "created_at"
    # Status changes go through the actions, which apply the capacity rules.
    readonly_fields = [
        "status",
        "source",
        "consent_at",
        "decided_by",
        "decided_at",
        "waitlisted_at",
        "previous_status",
        "decision_reason",
        "created_at",
        "email_status",
        "email_status_at",
    ]
    actions = ["accept", "waitlist", "decline"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["participant", "network"]
        return fields

    def _decide(self, request, queryset, status):
        outcomes = [
            services.decide(enrollment, status, by=request.user, base_url=base_url(request))
            for enrollment in queryset.order_by("created_at", "pk")
        ]
        changed = sum(1 for o in outcomes if o.changed and not o.waitlisted_because_full)
        full = sum(1 for o in outcomes if o.waitlisted_because_full)
        promoted = sum(len(o.promoted) for o in outcomes)
        self.message_user(
            request,
            ngettext("%(count)d påmelding er endret.", "%(count)d påmeldinger er endret.", changed)
            % {"count": changed},
        )
        if full:
            self.message_user(
                request,
                ngettext(
                    "%(count)d påmelding ble satt på venteliste fordi nettverket er fullt.",
                    "%(count)d påmeldinger ble satt på venteliste fordi nettverket er fullt.",
                    full,
                )
                % {"count": full},
                messages.WARNING,
            )
        if promoted:
            self.message_user(
                request,
                ngettext(
                    "%(count)d deltaker fikk plass fra ventelisten.",
                    "%(count)d deltakere fikk plass fra ventelisten.",
                    promoted,
                )
                % {"count": promoted},
            )

    @admin.action(description=_("Godkjenn valgte påmeldinger"), permissions=["change"])
    def accept(self, request, queryset):
        self._decide(request, queryset, Enrollment.Status.ACCEPTED)

    @admin.action(description=_("Sett valgte påmeldinger på venteliste"), permissions=["change"])
    def waitlist(self, request, queryset):
        self._decide(request, queryset, Enrollment.Status.WAITLISTED)

    @admin.action(description=_("Avslå valgte påmeldinger"), permissions=["change"])
    def decline(self, request, queryset):
        self._decide(request, queryset, Enrollment.Status.DECLINED)
