from django.urls import path

from networks.views import participant
from networks.views import public as views

app_name = "networks"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("trekk/<str:token>/", views.withdraw, name="withdraw"),
    # Min side for participants (networks/views/participant.py), before the network slugs.
    path("min-side/", participant.home, name="participant_home"),
    path("min-side/logg-inn/", participant.login_request, name="participant_login"),
    path("min-side/inn/<str:token>/", participant.login_link, name="participant_link"),
    path("min-side/logg-ut/", participant.logout, name="participant_logout"),
    path("min-side/materiell/<str:token>/", participant.material_file, name="participant_material"),
    path("min-side/<slug:slug>/", participant.network_page, name="participant_network"),
    path(
        "min-side/<slug:slug>/kursbevis.pdf",
        participant.certificate,
        name="participant_certificate",
    ),
    path(
        "min-side/<slug:slug>/samtykke-anskaffelse/",
        participant.case_consent,
        name="participant_case_consent",
    ),
    path(
        "min-side/<slug:slug>/samlinger/<int:number>/mellomarbeid/",
        participant.work_report,
        name="participant_report",
    ),
    path(
        "min-side/<slug:slug>/samlinger/<int:number>/evaluering/",
        participant.evaluate,
        name="participant_evaluation",
    ),
    path("<slug:slug>/", views.network_detail, name="detail"),
    path("<slug:slug>/kalender.ics", views.network_calendar, name="calendar"),
    path("<slug:slug>/pamelding/", views.apply, name="apply"),
    path("<slug:slug>/pamelding/kvittering/", views.apply_receipt, name="receipt"),
    path("<slug:slug>/send-bekreftelse/", views.resend_confirmation, name="resend"),
    path("<slug:slug>/materiell/<int:pk>/", participant.public_material, name="material"),
]
