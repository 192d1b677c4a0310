from django.urls import path

from cases.api import views

app_name = "api"
urlpatterns = [
    path("", views.docs, name="docs"),
    path("v1/cases/", views.case_list, name="case-list"),
    path("v1/cases/<slug:slug>/", views.case_detail, name="case-detail"),
    path("v1/schema/<slug:name>.json", views.schema, name="schema"),
]
