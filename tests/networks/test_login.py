"""Password reset and two-factor login (TOTP through django-otp, recovery codes) for those
who see participants' personal data, in the coordinator login and the admin alike."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "et-langt-passord-2026"


@pytest.fixture
def two_factor(settings):
    settings.IOA_REQUIRE_2FA = True


@pytest.fixture
def coordinator(network_a):
    user = UserFactory(username="koordinator", email="koord@ks.example.no")
    user.set_password(PASSWORD)
    user.save()
    network_a.coordinators.add(user)
    EnrollmentFactory(network=network_a, participant__name="Hemmelig Deltaker")
    return user


def login(client, username, password=PASSWORD, url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password})


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    """The code the app shows now (offset 1: the next one, as a clock a little ahead)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:06d}"


def set_up_app(client, user) -> list[str]:
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("two_factor_setup"), {"otp_token": code_for(device)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())


# --- Password reset -------------------------------------------------------------------


def test_coordinator_resets_a_forgotten_password_by_email(client, coordinator):
    page = client.get(reverse("password_reset"))
    assert 'for="id_email"' in page.content.decode()
    response = client.post(reverse("password_reset"), {"email": "koord@ks.example.no"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/\S+/)", mail.outbox[0].body).group(1)
    assert "koordinator" in mail.outbox[0].body

    form = client.get(link, follow=True)
    assert "Lag nytt passord" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "nytt-og-langt-passord-99", "new_password2": "nytt-og-langt-passord-99"},
    )
    assert done["Location"] == reverse("password_reset_complete")
    client.logout()
    assert login(client, "koordinator", "nytt-og-langt-passord-99").status_code == 302


def test_the_password_reset_email_is_a_job_whose_link_is_made_when_it_is_sent(
    client, coordinator, queued
):
    """Like every email: queued in the request's transaction, retried on SMTP errors; the
    queue holds the user's id, never a usable link."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    from networks import tasks

    client.post(reverse("password_reset"), {"email": "koord@ks.example.no"})
    client.post(reverse("password_reset"), {"email": "koord@ks.example.no"})  # waits: no second
    jobs = list(ProcrastinateJob.objects.filter(task_name="networks.send_password_reset"))
    assert len(jobs) == 1 and mail.outbox == []
    args = jobs[0].args
    assert args["user_pk"] == coordinator.pk and "token" not in str(args)
    assert tasks.send_password_reset.retry_strategy is not None
    tasks.send_password_reset.run_eagerly(final=True, **args)  # as the worker would
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/\S+/)", mail.outbox[0].body).group(1)
    assert "Lag nytt passord" in client.get(link, follow=True).content.decode()


def test_password_reset_answers_the_same_for_an_unknown_address(client, coordinator):
    response = client.post(reverse("password_reset"), {"email": "ukjent@example.no"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_reset_is_rate_limited(client, coordinator, settings):
    settings.IOA_APPLICATION_RATE_LIMIT = 2
    codes = [
        client.post(reverse("password_reset"), {"email": "x@example.no"}).status_code
        for _ in range(3)
    ]
    assert codes == [302, 302, 429]


def test_login_pages_link_to_password_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
    admin_login = client.get(reverse("admin:login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in admin_login


# --- Two-factor login -----------------------------------------------------------------


def test_a_password_alone_no_longer_opens_the_participant_list(client, two_factor, coordinator):
    login(client, "koordinator")
    response = client.get(reverse("coordinator:enrollments", args=["nettverk-a"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup") + "?next=")
    assert "Hemmelig Deltaker" not in client.get(response["Location"]).content.decode()


def test_first_login_sets_up_an_app_and_gives_recovery_codes(
    client, two_factor, coordinator, settings
):
    # django-otp also slows down guessing (a pause after each wrong code); not tested here.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    login(client, "koordinator")
    page = client.get(reverse("two_factor_setup")).content.decode()
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    assert 'for="id_otp_token"' in page
    assert "otpauth://totp/" in page

    wrong = client.post(reverse("two_factor_setup"), {"otp_token": "000000"})
    assert wrong.status_code == 400
    assert 'id="id_otp_token_error"' in wrong.content.decode()

    codes = set_up_app(client, coordinator)

    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    listing = client.get(reverse("coordinator:enrollments", args=["nettverk-a"]))
    assert listing.status_code == 200
    assert "Hemmelig Deltaker" in listing.content.decode()


def test_later_logins_ask_for_the_code_from_the_app(client, two_factor, coordinator):
    login(client, "koordinator")
    set_up_app(client, coordinator)
    client.post(reverse("logout"))

    login(client, "koordinator")
    target = reverse("coordinator:enrollments", args=["nettverk-a"])
    redirect = client.get(target)
    assert redirect["Location"] == reverse("two_factor_verify") + "?next=" + target.replace(
        "/", "%2F"
    )
    device = TOTPDevice.objects.get(user=coordinator)
    response = client.post(
        reverse("two_factor_verify"), {"otp_token": code_for(device, 1), "next": target}
    )
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_a_recovery_code_works_once(client, two_factor, coordinator):
    login(client, "koordinator")
    codes = set_up_app(client, coordinator)
    client.post(reverse("logout"))

    login(client, "koordinator")
    assert client.post(reverse("two_factor_verify"), {"otp_token": codes[0]}).status_code == 302
    client.post(reverse("logout"))
    login(client, "koordinator")
    again = client.post(reverse("two_factor_verify"), {"otp_token": codes[0]})
    assert again.status_code == 400
    assert StaticToken.objects.filter(device__user=coordinator).count() == 9


def test_wrong_codes_lock_out_like_wrong_passwords(client, two_factor, coordinator, settings):
    settings.AXES_FAILURE_LIMIT = 3
    login(client, "koordinator")
    set_up_app(client, coordinator)
    client.post(reverse("logout"))
    login(client, "koordinator")

    statuses = [
        client.post(reverse("two_factor_verify"), {"otp_token": "123456"}).status_code
        for _ in range(3)
    ]

    assert statuses == [400, 400, 429]
    target = reverse("coordinator:enrollments", args=["nettverk-a"])
    assert client.get(target).status_code == 302  # logged out
    # A right password does not lift the lockout of the second step.
    login(client, "koordinator")
    device = TOTPDevice.objects.get(user=coordinator)
    locked = client.post(reverse("two_factor_verify"), {"otp_token": code_for(device)})
    assert locked.status_code == 429
    assert client.get(target).status_code == 302


def test_admin_asks_superusers_for_the_code_too(client, two_factor):
    admin = UserFactory(username="sjef", is_staff=True, is_superuser=True)
    admin.set_password(PASSWORD)
    admin.save()
    login(client, "sjef", url=reverse("admin:login"))
    response = client.get(reverse("admin:networks_participant_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    set_up_app(client, admin)
    assert client.get(reverse("admin:networks_participant_changelist")).status_code == 200


def test_editors_who_see_no_participants_are_not_asked(client, two_factor, editor):
    editor.set_password(PASSWORD)
    editor.save()
    login(client, "redaktor", url=reverse("admin:login"))
    assert client.get(reverse("admin:index")).status_code == 200


def test_two_factor_is_off_unless_switched_on(client, coordinator):
    login(client, "koordinator")
    assert client.get(reverse("coordinator:enrollments", args=["nettverk-a"])).status_code == 200


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DJANGO_DEBUG": "false"}, "True"),
        ({"DJANGO_DEBUG": "false", "IOA_REQUIRE_2FA": "false"}, "False"),
        ({"DJANGO_DEBUG": "true"}, "False"),
        ({"DJANGO_DEBUG": "true", "IOA_REQUIRE_2FA": "true"}, "True"),
    ],
)
def test_two_factor_is_on_in_production_and_off_in_development_by_default(env, expected):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "IOA_REQUIRE"))
    }
    full_env.update(
        {
            "DJANGO_SECRET_KEY": "k3#v9!q2Lr8wZp5sXe7tYb4nMc6dFg1hJa0-production-like-secret-key",
            "DJANGO_ALLOWED_HOSTS": "ioa-portalen.example.no",
            "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nothing",
            "DJANGO_SETTINGS_MODULE": "ioa_portal.settings",
            **env,
        }
    )
    code = "from django.conf import settings; print(settings.IOA_REQUIRE_2FA)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == expected, result.stderr
