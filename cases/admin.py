"""The editors' workplace: cases with all their parts on one page, and sectors."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Now
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from cases import case_body
from cases import needs as needs_board
from cases import reuse as reuses
from cases.forms import (
    MARKDOWN_HELP,
    BenefitAnalysisForm,
    CaseAdminForm,
    CaseBuyerFormSet,
    DocumentForm,
)
from cases.models import (
    LONG_TEXT_FIELDS,
    Alert,
    BenefitAnalysis,
    Case,
    CaseBuyer,
    CaseSubmission,
    Contact,
    DialogueConference,
    Document,
    FormerSlug,
    GuideText,
    Need,
    NeedInterest,
    Reuse,
    Sector,
    SynonymGroup,
)
from cases.notice_admin import NoticeImportMixin
from cases.search import semantic
from cases.submission import EDITORS_GROUP

admin.site.site_header = _("IOA-portalen – redaksjon")
admin.site.site_title = _("IOA-portalen")
admin.site.index_title = _("Innhold og nettverk")

# Admin texts that Django's own bokmål and nynorsk catalogues lack (editors saw English):
# the error banner's plural form, the title prefix of a form with errors, the navigation
# filter and the list's facet counts. Marked here so that extracting the catalogues
# ('make messages') keeps our translations of them in locale/.
ADMIN_ERROR_BANNER = ngettext_lazy(
    "Please correct the error below.", "Please correct the errors below.", "count"
)
ADMIN_TEXTS = (
    _("Error:"),
    _("Start typing to filter…"),
    _("Show counts"),
    _("Hide counts"),
)


class CaseBuyerInline(admin.TabularInline):
    model = CaseBuyer
    formset = CaseBuyerFormSet
    autocomplete_fields = ["organization"]
    extra = 1
    verbose_name = _("oppdragsgiver")
    verbose_name_plural = _(
        "Oppdragsgivere (ved koordinerte anskaffelser: marker den som leder anskaffelsen)"
    )


class DialogueConferenceInline(admin.StackedInline):
    model = DialogueConference
    extra = 0
    fields = [
        ("held_on", "is_online"),
        "place",
        ("invited_suppliers", "attending_suppliers", "one_to_one_meetings"),
        "notice_url",
        "summary",
    ]


class BenefitAnalysisInline(admin.StackedInline):
    """Stacked, so that the help texts saying what each number means are read, not hidden
    in a tooltip."""

    model = BenefitAnalysis
    form = BenefitAnalysisForm
    extra = 0
    fields = [
        ("kind", "unit"),
        "description",
        ("baseline", "estimated", "realised"),
        "period",
    ]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "role", "organization", "email", "phone", "is_fictitious"]


class DocumentInline(admin.StackedInline):
    model = Document
    form = DocumentForm
    extra = 0
    fields = ["kind", "title", "file", "external_url", "phase", "stored_file"]
    readonly_fields = ["stored_file"]

    @admin.display(description=_("lagret fil"))
    def stored_file(self, document):
        if not document.pk or not document.file:
            return "–"
        return f"{document.content_type or '?'}, {filesizeformat(document.size or 0)}"


class CaseSubmissionInline(admin.StackedInline):
    model = CaseSubmission
    extra = 0
    fields = ["reference", "name", "email", "phone", "job_title", "consent_at", "created_at"]
    readonly_fields = fields
    verbose_name_plural = _("Innsendt av (personopplysninger, publiseres ikke)")

    @admin.display(description=_("referansenummer"))
    def reference(self, submission: CaseSubmission) -> str:
        return submission.reference

    def has_add_permission(self, request, obj=None):
        return False


class SourceFilter(admin.SimpleListFilter):
    """Cases sent in from the website wait here for an editor."""

    title = _("kilde")
    parameter_name = "kilde"

    def lookups(self, request, model_admin):
        return [
            ("innsendt", _("Innsendt")),
            ("innsendt-upublisert", _("Innsendt, ikke publisert")),
            ("redaksjonen", _("Redaksjonen")),
            ("importert", _("Importert")),
            ("nettverk", _("Fra læringsnettverk, ikke publisert")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "innsendt":
                return queryset.filter(source=Case.Source.SUBMITTED)
            case "innsendt-upublisert":
                return queryset.filter(source=Case.Source.SUBMITTED, is_published=False)
            case "redaksjonen":
                return queryset.filter(source=Case.Source.EDITORIAL)
            case "importert":
                return queryset.filter(source=Case.Source.IMPORTED)
            case "nettverk":
                return queryset.filter(source=Case.Source.NETWORK, is_published=False)
        return queryset


@admin.register(Case)
class CaseAdmin(NoticeImportMixin, admin.ModelAdmin):
    form = CaseAdminForm
    inlines = [
        CaseBuyerInline,
        DialogueConferenceInline,
        BenefitAnalysisInline,
        ContactInline,
        DocumentInline,
        CaseSubmissionInline,
    ]
    list_display = [
        "title",
        "lead_buyer_name",
        "region",
        "status",
        "phase",
        "is_published",
        "is_demo",
        "updated_at",
    ]
    list_display_links = ["title"]
    list_filter = [
        "is_published",
        "status",
        "phase",
        "procedure",
        "innovation_type",
        ("sectors", admin.RelatedOnlyFieldListFilter),
        "region",
        SourceFilter,
        "is_demo",
    ]
    list_select_related = ["region"]
    list_per_page = 50
    search_fields = [
        "title",
        "summary",
        "slug",
        "former_slugs__slug",
        "casebuyer__organization__name",
        "casebuyer__organization__org_number",
    ]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["sectors", "builds_on"]
    ordering = ["-updated_at"]
    save_on_top = True
    actions = ["publish", "unpublish"]
    fieldsets = [
        (
            _("Grunnopplysninger"),
            {
                "fields": [
                    "title",
                    "slug",
                    "former_addresses",
                    "summary",
                    ("status", "phase"),
                    "procedure",
                    "innovation_type",
                ]
            },
        ),
        (
            _("Hvem og hvor"),
            {
                "fields": ["sectors", "region", "origin_network", "builds_on"],
                "description": _("Oppdragsgiverne legges inn lenger ned på siden."),
            },
        ),
        (
            _("Omfang og kunngjøringer"),
            {
                "fields": [
                    ("start_year", "end_year"),
                    "estimated_value",
                    "cpv_codes",
                    "doffin_ids",
                    "innovative_acquisitions",
                ]
            },
        ),
        (
            _("Beskrivelse"),
            {
                "fields": ["need", "approach", "results", "lessons"],
                "description": _(
                    "Tekstene skrives i Markdown og vises på siden for anskaffelsen. "
                    "Skriv for en innkjøper i en annen kommune som vil lære av dere."
                ),
            },
        ),
        (
            _("Publisering"),
            {"fields": [("is_published", "published_at"), "source", "is_demo"]},
        ),
    ]

    def get_queryset(self, request):
        lead_name = CaseBuyer.objects.filter(case=OuterRef("pk"), is_lead=True).values(
            "organization__name"
        )[:1]
        queryset = super().get_queryset(request).annotate(lead_name=Subquery(lead_name))
        if (getattr(request.resolver_match, "url_name", None) or "").endswith("changelist"):
            queryset = queryset.defer(*LONG_TEXT_FIELDS)
        return queryset

    readonly_fields = ["former_addresses"]

    @admin.display(description=_("tidligere adresser"))
    def former_addresses(self, case):
        """Old slugs that redirect here: shown, not edited in this form (the database
        records them, and another case may take one over while the form is open)."""
        slugs = list(case.former_slugs.values_list("slug", flat=True)) if case.pk else []
        if not slugs:
            return "–"
        listed = format_html_join(", ", "<code>{}</code>", ((slug,) for slug in slugs))
        manage = reverse("admin:cases_formerslug_changelist") + f"?case__id__exact={case.pk}"
        return format_html(
            '{} <a href="{}">{}</a>', listed, manage, _("Frigjør en tidligere adresse")
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        semantic.embed_after_commit([form.instance.pk])
        # The page's body is rendered now, in every language, rather than by its next
        # visitor (cases.case_body); an unpublished case's kept bodies go.
        pk = form.instance.pk
        transaction.on_commit(lambda: case_body.refresh(pk))

    @admin.display(description=_("ledende oppdragsgiver"), ordering="lead_name")
    def lead_buyer_name(self, case):
        return case.lead_name or "–"

    @admin.action(description=_("Publiser valgte anskaffelser"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.filter(is_published=False).update(
            is_published=True, published_at=Coalesce("published_at", Now())
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d anskaffelse ble publisert.",
                "%(count)d anskaffelser ble publisert.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Avpubliser valgte anskaffelser"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(is_published=True).update(is_published=False)
        self.message_user(
            request,
            ngettext(
                "%(count)d anskaffelse er ikke lenger publisert.",
                "%(count)d anskaffelser er ikke lenger publisert.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(FormerSlug)
class FormerSlugAdmin(admin.ModelAdmin):
    """Old addresses that redirect to a case. Recorded by the database when a slug changes;
    deleting one frees the address (it then answers 404, or belongs to a case that takes
    it)."""

    list_display = ["slug", "case", "changed_at"]
    list_filter = [("case", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["case"]
    search_fields = ["slug", "case__title"]
    ordering = ["-changed_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "case_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(case_count=Count("cases"))

    @admin.display(description=_("anskaffelser"), ordering="case_count")
    def case_count(self, sector):
        return sector.case_count


class GuideTextForm(forms.ModelForm):
    class Meta:
        model = GuideText
        fields = ["phase", "title", "intro", "what_to_do", "pitfalls", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("intro", "what_to_do", "pitfalls"):
            self.fields[name].help_text = MARKDOWN_HELP


@admin.register(GuideText)
class GuideTextAdmin(admin.ModelAdmin):
    form = GuideTextForm
    list_display = ["title", "phase", "position", "updated_at"]
    list_display_links = ["title"]
    ordering = ["position", "pk"]

    def get_readonly_fields(self, request, obj=None):
        return ["phase"] if obj else []


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    """Words that mean the same to people who search; both search modes use them."""

    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["terms", "note"]
    fields = ["terms", "note"]


@admin.register(Reuse)
class ReuseAdmin(admin.ModelAdmin):
    """Reports of reuse that the sender has confirmed by email (unconfirmed ones are not
    shown): approve with one click, with the body's earlier reports beside it."""

    list_display = [
        "organization",
        "case",
        "how",
        "year",
        "status",
        "earlier_reports_count",
        "confirmed_at",
    ]
    list_filter = ["status", "how", ("organization__region", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization", "case"]
    search_fields = ["organization__name", "organization__org_number", "case__title"]
    actions = ["approve", "reject"]
    fields = [
        "case",
        "organization",
        "how",
        "year",
        "sentence",
        "status",
        "contact_name",
        "contact_email",
        "earlier_reports",
        "created_at",
        "confirmed_at",
        "decided_at",
    ]
    readonly_fields = [
        "case",
        "organization",
        "earlier_reports",
        "created_at",
        "confirmed_at",
        "decided_at",
    ]
    ordering = ["-confirmed_at", "-pk"]

    def has_add_permission(self, request):
        return False  # reports come from the public form, confirmed by email

    def get_queryset(self, request):
        others = (
            Reuse.objects.for_editors()
            .filter(organization_id=OuterRef("organization_id"))
            .exclude(pk=OuterRef("pk"))
            .order_by()
            .values("organization_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .for_editors()
            .annotate(earlier=Coalesce(Subquery(others), 0))
        )

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":  # an editor decides; confirming is the sender's
            kwargs["choices"] = [
                choice for choice in Reuse.Status.choices if choice[0] != Reuse.Status.UNCONFIRMED
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description=_("andre meldinger fra virksomheten"), ordering="earlier")
    def earlier_reports_count(self, reuse) -> int:
        return reuse.earlier

    @admin.display(description=_("virksomhetens andre meldinger"))
    def earlier_reports(self, reuse):
        reports = reuses.earlier_reports(reuse)
        if not reports:
            return _("Ingen")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>: {}, {} ({})</li>',
                (
                    (
                        reverse("admin:cases_reuse_change", args=[r.pk]),
                        r.case.title,
                        r.get_how_display(),
                        r.year,
                        r.get_status_display(),
                    )
                    for r in reports
                ),
            ),
        )

    @admin.action(description=_("Godkjenn valgte meldinger (vises på siden til anskaffelsen)"))
    def approve(self, request, queryset):
        n = reuses.decide(queryset, Reuse.Status.APPROVED)
        self.message_user(
            request,
            ngettext("%(n)d melding godkjent.", "%(n)d meldinger godkjent.", n) % {"n": n},
            messages.SUCCESS,
        )

    @admin.action(description=_("Avvis valgte meldinger"))
    def reject(self, request, queryset):
        n = reuses.decide(queryset, Reuse.Status.REJECTED)
        self.message_user(
            request,
            ngettext("%(n)d melding avvist.", "%(n)d meldinger avvist.", n) % {"n": n},
            messages.SUCCESS,
        )


class NeedInterestInline(admin.TabularInline):
    model = NeedInterest
    extra = 0
    can_delete = True
    fields = ["organization", "sentence", "contact_name", "contact_email", "is_confirmed"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    """Needs whose poster confirmed the address (unconfirmed ones are not shown): publish
    with one click ("Publiser"), or reject."""

    list_display = ["title", "organization", "region", "status", "open_to_joint", "confirmed_at"]
    list_filter = ["status", "open_to_joint", "phase", "region", "sector"]
    list_select_related = ["organization", "region"]
    search_fields = ["title", "text", "organization__name"]
    actions = ["publish", "reject"]
    inlines = [NeedInterestInline]
    readonly_fields = [
        "organization",
        "proposed_case",
        "created_at",
        "confirmed_at",
        "reviewed_at",
        "closed_at",
        "contact_erased_at",
    ]
    fields = [
        "title",
        "text",
        ("phase", "market_year"),
        ("sector", "region"),
        "open_to_joint",
        "status",
        ("contact_name", "contact_email", "contact_phone"),
        ("show_contact", "language"),
        *readonly_fields,
    ]
    ordering = ["-confirmed_at", "-pk"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).for_editors()

    def save_model(self, request, obj, form, change):
        if obj.status == Need.Status.PUBLISHED and obj.reviewed_at is None:
            obj.reviewed_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publiser valgte behov"))
    def publish(self, request, queryset):
        n = needs_board.approve(queryset)
        self.message_user(
            request,
            ngettext("%(n)d behov publisert.", "%(n)d behov publisert.", n) % {"n": n},
            messages.SUCCESS,
        )

    @admin.action(description=_("Avvis valgte behov"))
    def reject(self, request, queryset):
        n = needs_board.reject(queryset)
        self.message_user(
            request,
            ngettext("%(n)d behov avvist.", "%(n)d behov avvist.", n) % {"n": n},
            messages.SUCCESS,
        )


def _sees_alert_counts(user) -> bool:
    return (
        user.is_active
        and user.is_staff
        and (user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists())
    )


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    """Alerts are counted, not listed: editors and superusers see one page of numbers; no
    address is shown anywhere in the admin, and nobody adds, changes or deletes an alert
    here (the subscriber does, through the signed links)."""

    def has_module_permission(self, request) -> bool:
        return _sees_alert_counts(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return obj is None and _sees_alert_counts(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        # Only the page of counts: no change, history or delete page of one alert.
        name = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        return [path("", self.admin_site.admin_view(self.changelist_view), name=name)]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # One query, with numbers only.
        counted = Alert.objects.aggregate(
            **{
                f"{kind}_{state}": Count(
                    "pk", filter=Q(kind=kind, confirmed_at__isnull=state == "unconfirmed")
                )
                for kind in Alert.Kind.values
                for state in ("confirmed", "unconfirmed")
            },
            daily=Count("pk", filter=Q(confirmed_at__isnull=False, frequency="daily")),
            weekly=Count("pk", filter=Q(confirmed_at__isnull=False, frequency="weekly")),
        )
        table = [
            (label, counted[f"{kind}_confirmed"], counted[f"{kind}_unconfirmed"])
            for kind, label in Alert.Kind.choices
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Varsler om nye treff"),
            "opts": self.opts,
            "table": table,
            "confirmed": sum(row[1] for row in table),
            "unconfirmed": sum(row[2] for row in table),
            "daily": counted["daily"],
            "weekly": counted["weekly"],
        }
        return TemplateResponse(request, "admin/cases/alert/counts.html", context)
