from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from cases.sitemaps import SITEMAPS
from cases.views import guide as guide_views
from cases.views import statistics as statistics_views
from ioa_portal import views
from networks.views import lookup

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("virksomheter/sok/", lookup.organization_search, name="organization_search"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # The open data API is not language-prefixed: its URLs are a stable contract.
    path("api/", include("cases.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
    path("personvern/", views.privacy, name="privacy"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("admin/", admin.site.urls),
    path("anskaffelser/", include("cases.urls")),
    path("nettverk/", include("networks.urls")),
    path("koordinator/", include("networks.coordinator_auth_urls")),
    path("koordinator/", include("networks.coordinator_urls")),
    path("statistikk/", statistics_views.statistics, name="statistics"),
    path("behov/", include("cases.needs_urls")),
    path("kom-i-gang/", guide_views.guide_index, name="guide"),
    path("kom-i-gang/<slug:phase>/", guide_views.guide_phase, name="guide_phase"),
    prefix_default_language=False,
)

handler400 = "ioa_portal.views.bad_request"
handler404 = "ioa_portal.views.page_not_found"
handler500 = "ioa_portal.views.server_error"
