from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from networks.models import Organization, Region
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
    list_filter = ["kind", "region", "needs_review"]
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
    ]
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
