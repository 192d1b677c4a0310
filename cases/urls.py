from django.urls import path

from cases import browse, views

app_name = "cases"
urlpatterns = [
    path("", browse.case_list, name="list"),
    path("<slug:slug>/", views.case_detail, name="detail"),
    path("<slug:slug>/dokumenter/<int:pk>/", views.document_download, name="document"),
]
