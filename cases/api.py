"""Open data API (placeholder while it is being built)."""

from django.http import JsonResponse
from django.urls import path

app_name = "api"


def docs(request):
    return JsonResponse({})


urlpatterns = [path("", docs, name="docs")]
