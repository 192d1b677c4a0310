from django.urls import path

from networks.views import coordinator, coordinator_sessions

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
    # Materials, work between sessions and evaluations (networks/views/coordinator_sessions.py).
    path("<slug:slug>/samlinger/", coordinator_sessions.session_overview, name="sessions"),
    path(
        "<slug:slug>/samlinger/<int:number>/materiell/",
        coordinator_sessions.session_materials,
        name="materials",
    ),
    path("<slug:slug>/materiell/<int:pk>/", coordinator_sessions.material_file, name="material"),
    path(
        "<slug:slug>/materiell/<int:pk>/slett/",
        coordinator_sessions.material_delete,
        name="material_delete",
    ),
    path(
        "<slug:slug>/samlinger/<int:number>/mellomarbeid/",
        coordinator_sessions.session_reports,
        name="reports",
    ),
    path(
        "<slug:slug>/samlinger/<int:number>/mellomarbeid.csv",
        coordinator_sessions.reports_csv,
        name="reports_export",
    ),
    path(
        "<slug:slug>/mellomarbeid/<int:pk>/fil/",
        coordinator_sessions.report_file,
        name="report_file",
    ),
    path("<slug:slug>/evaluering/", coordinator_sessions.evaluation_results, name="evaluation"),
    path(
        "<slug:slug>/evaluering.csv", coordinator_sessions.evaluation_csv, name="evaluation_export"
    ),
    path(
        "<slug:slug>/samlinger/<int:number>/evaluering/send/",
        coordinator_sessions.evaluation_invite,
        name="evaluation_invite",
    ),
]
