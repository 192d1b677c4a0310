"""Login and logout for coordinators. Not namespaced: settings.LOGIN_URL is "login"."""

from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
]
