"""Sends users who must give a one-time code (networks.twofactor) to do so before the
coordinator workspace or the admin opens."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from networks import twofactor

PROTECTED_NAMESPACES = {"admin", "coordinator"}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not PROTECTED_NAMESPACES & set(match.namespaces):
            return None
        if match.url_name == "logout" or not twofactor.required_for(request.user):
            return None
        if request.user.is_verified():
            return None
        target = "two_factor_verify" if twofactor.has_app(request.user) else "two_factor_setup"
        return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))
