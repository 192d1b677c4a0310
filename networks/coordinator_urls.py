from django.urls import path

from networks.views import coordinator

app_name = "coordinator"
urlpatterns = [
    path("", coordinator.overview, name="overview"),
    path("<slug:slug>/", coordinator.enrollments, name="enrollments"),
    path("<slug:slug>/ny-deltaker/", coordinator.register, name="register"),
    path("<slug:slug>/deltakere.csv", coordinator.export_csv, name="export"),
    path("<slug:slug>/pameldinger/<int:pk>/beslutning/", coordinator.decide, name="decide"),
    path("<slug:slug>/pameldinger/<int:pk>/angre/", coordinator.undo, name="undo"),
    path("<slug:slug>/pameldinger/<int:pk>/send-epost/", coordinator.resend_email, name="resend"),
    path("<slug:slug>/e-post/", coordinator.message_list, name="messages"),
    path("<slug:slug>/e-post/ny/", coordinator.message_new, name="message_new"),
    path("<slug:slug>/e-post/<int:pk>/", coordinator.message_detail, name="message"),
    path(
        "<slug:slug>/e-post/<int:pk>/send-igjen/",
        coordinator.message_resend,
        name="message_resend",
    ),
    path("<slug:slug>/samlinger/<int:number>/oppmote/", coordinator.attendance, name="attendance"),
]
