from django.urls import path

from cases.caching import cached_page
from cases.views import alerts, browse, detail, exports, feeds, network_proposals, reuse, submit

app_name = "cases"
urlpatterns = [
    path("", cached_page(browse.case_list), name="list"),
    path("feed/", cached_page(feeds.CaseFeed()), name="feed"),
    path("eksport.csv", exports.export_csv, name="export_csv"),
    path("eksport.json", exports.export_json, name="export_json"),
    # Before <slug:slug>/: "del" would otherwise be read as a case slug.
    path("del/", submit.submit_case, name="submit"),
    path("del/takk/", submit.submit_done, name="submit_done"),
    # "Få e-post om nye treff" (cases/alerts.py); before <slug:slug>/ as well.
    path("varsel/", alerts.subscribe, name="alert_subscribe"),
    path("varsel/bekreft/<str:token>/", alerts.confirm, name="alert_confirm"),
    path("varsel/avmeld/<str:token>/", alerts.unsubscribe, name="alert_unsubscribe"),
    path("varsel/mine/<str:token>/", alerts.manage, name="alert_manage"),
    # A coordinator proposes a participant's challenge (issue 21; cases/from_networks.py).
    path(
        "fra-nettverk/<slug:slug>/pameldinger/<int:pk>/",
        network_proposals.propose,
        name="propose_from_network",
    ),
    path("<slug:slug>/", cached_page(detail.case_detail), name="detail"),
    path("<slug:slug>/dokumenter/<int:pk>/", detail.document_download, name="document"),
    path("<slug:slug>/gjenbruk/", reuse.report, name="reuse"),
    path("<slug:slug>/gjenbruk/sendt/", reuse.sent, name="reuse_sent"),
    path("<slug:slug>/gjenbruk/bekreft/<str:token>/", reuse.confirm, name="reuse_confirm"),
]
