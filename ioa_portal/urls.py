from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from cases import views as case_views
from ioa_portal import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
    path("personvern/", views.privacy, name="privacy"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("admin/", admin.site.urls),
    path("anskaffelser/", include("cases.urls")),
    path("nettverk/", include("networks.urls")),
    path("statistikk/", case_views.statistics, name="statistics"),
    prefix_default_language=False,
)

handler404 = "ioa_portal.views.page_not_found"
handler500 = "ioa_portal.views.server_error"
