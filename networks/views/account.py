"""Logging in to the coordinator workspace: password reset and the second step (a one-time
code, networks.twofactor). Login and logout themselves are Django's views."""

from __future__ import annotations

from base64 import b32encode

from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as reset_lockout
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token

from ioa_portal.lib.antispam import rate_limit
from networks import twofactor
from networks.forms import OneTimeCodeForm, PasswordResetForm, SetPasswordForm


@method_decorator(rate_limit("password-reset"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by email (the same answer whether or not the address has a user)."""

    form_class = PasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _locked_out(request, user) -> HttpResponse | None:
    """The axes lockout answer (and logged out) when this user's codes are locked out."""
    credentials = twofactor.lockout_credentials(user)
    if not AxesProxyHandler.is_locked(request, credentials):
        return None
    logout(request)
    request.axes_locked_out = True
    request.axes_credentials = credentials
    return HttpResponse(status=429)  # replaced by AxesMiddleware with the lockout page


def _wrong_code(request, user, form) -> HttpResponse | None:
    twofactor.record_failure(request, user)
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return HttpResponse(status=429)
    form.add_error("otp_token", form.wrong_code_message)
    return None


def _verified(request, user, device) -> None:
    otp_login(request, device)
    reset_lockout(
        ip=getattr(request, "axes_ip_address", None),
        username=twofactor.lockout_credentials(user)["username"],
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step of logging in: a code from the app, or a recovery code."""
    user = request.user
    default = reverse("coordinator:overview")
    if not twofactor.required_for(user) or user.is_verified():
        return redirect(_next_url(request, default))
    if not twofactor.has_app(user):
        return redirect(reverse("two_factor_setup") + "?" + request.GET.urlencode())
    if (locked := _locked_out(request, user)) is not None:
        return locked
    form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["otp_token"])
        if device is not None:
            _verified(request, user, device)
            return redirect(_next_url(request, default))
        if (locked := _wrong_code(request, user, form)) is not None:
            return locked
    context = {"form": form, "next": _next_url(request, "")}
    return render(
        request, "registration/two_factor_verify.html", context, status=400 if form.errors else 200
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """First login after two-factor login was switched on: connect an app, get recovery codes."""
    user = request.user
    default = reverse("coordinator:overview")
    if not twofactor.required_for(user):
        return redirect(_next_url(request, default))
    if twofactor.has_app(user):
        return redirect(reverse("two_factor_verify") + "?" + request.GET.urlencode())
    if (locked := _locked_out(request, user)) is not None:
        return locked
    device = twofactor.unconfirmed_app(user)
    form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = twofactor.new_recovery_codes(user)
            _verified(request, user, device)
            context = {"codes": codes, "next": _next_url(request, default)}
            return render(request, "registration/two_factor_codes.html", context)
        if (locked := _wrong_code(request, user, form)) is not None:
            return locked
    key = device.bin_key
    context = {
        "form": form,
        "next": _next_url(request, ""),
        "secret": _base32(key),
        "config_url": device.config_url,
    }
    return render(
        request, "registration/two_factor_setup.html", context, status=400 if form.errors else 200
    )


def _base32(key: bytes) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
