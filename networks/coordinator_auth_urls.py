"""Logging in for coordinators: login, logout, password reset and the one-time code.
Not namespaced: settings.LOGIN_URL is "login"."""

from django.contrib.auth import views as auth_views
from django.urls import path

from networks.views import account

urlpatterns = [
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("logg-inn/engangskode/", account.two_factor_verify, name="two_factor_verify"),
    path("logg-inn/tofaktor/", account.two_factor_setup, name="two_factor_setup"),
    path("glemt-passord/", account.PasswordResetView.as_view(), name="password_reset"),
    # The same page under the name the admin's login page looks for ("Glemt passordet?").
    path("glemt-passord/", account.PasswordResetView.as_view(), name="admin_password_reset"),
    path(
        "glemt-passord/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nytt-passord/<uidb64>/<token>/",
        account.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "nytt-passord/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
