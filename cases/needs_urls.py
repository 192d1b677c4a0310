"""/behov/: the needs board (every pattern points into cases.views.needs)."""

from django.urls import path

from cases.views import needs

app_name = "needs"
urlpatterns = [
    path("", needs.need_list, name="list"),
    path("feed/", needs.NeedFeed(), name="feed"),
    path("nytt/", needs.need_new, name="new"),
    path("sendt/", needs.sent, name="sent"),
    path("ny-lenke/", needs.new_link, name="new_link"),
    path("slettet/", needs.deleted, name="deleted"),
    path("forvalt/<str:token>/", needs.manage, name="manage"),
    path("forvalt/<str:token>/slett/", needs.delete, name="delete"),
    path("samme-behov/bekreft/<str:token>/", needs.interest_confirm, name="interest_confirm"),
    path("<int:pk>/", needs.need_detail, name="detail"),
    path("<int:pk>/samme-behov/", needs.interest, name="interest"),
]
