"""Two-factor login for everyone who can see participants' personal data.

With ``IOA_REQUIRE_2FA`` on, a coordinator or superuser who has given their password is
logged in but not *verified*: the workspace and the admin send them to give a one-time code
from an authenticator app (TOTP, django-otp), or one of their recovery codes (django-otp's
static device). Someone without an app set up is sent to set one up first.

Wrong codes count as failed logins in django-axes under their own key, so the lockout applies
to the second step too, and a right password does not reset it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Autentiseringsapp"
RECOVERY_DEVICE_NAME = "Gjenopprettingskoder"


def required_for(user) -> bool:
    """Whether this user must give a code: they can see participants' personal data."""
    if not settings.IOA_REQUIRE_2FA or not user.is_authenticated:
        return False
    return user.is_superuser or user.coordinated_networks.exists()


def has_app(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def unconfirmed_app(user) -> TOTPDevice:
    """The app being set up: the same key until it is confirmed with a code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new ones, each usable once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def lockout_credentials(user) -> dict:
    """What django-axes counts wrong codes under (apart from wrong passwords)."""
    return {"username": f"{user.get_username()} (engangskode)"}


def record_failure(request, user) -> None:
    user_login_failed.send(sender=__name__, credentials=lockout_credentials(user), request=request)
