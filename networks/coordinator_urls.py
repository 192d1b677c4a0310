from django.urls import path

from networks.views import coordinator

app_name = "coordinator"
urlpatterns = [
    path("", coordinator.overview, name="overview"),
    path("<slug:slug>/", coordinator.enrollments, name="enrollments"),
    path("<slug:slug>/ny-deltaker/", coordinator.register, name="register"),
    path("<slug:slug>/deltakere.csv", coordinator.export_csv, name="export"),
    path("<slug:slug>/pameldinger/<int:pk>/beslutning/", coordinator.decide, name="decide"),
    path("<slug:slug>/pameldinger/<int:pk>/send-epost/", coordinator.resend_email, name="resend"),
    path("<slug:slug>/samlinger/<int:number>/oppmote/", coordinator.attendance, name="attendance"),
]
