from django.urls import path

from networks.views import public as views

app_name = "networks"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("trekk/<str:token>/", views.withdraw, name="withdraw"),
    path("<slug:slug>/", views.network_detail, name="detail"),
    path("<slug:slug>/kalender.ics", views.network_calendar, name="calendar"),
    path("<slug:slug>/pamelding/", views.apply, name="apply"),
    path("<slug:slug>/pamelding/kvittering/", views.apply_receipt, name="receipt"),
    path("<slug:slug>/send-bekreftelse/", views.resend_confirmation, name="resend"),
]
