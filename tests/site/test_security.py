"""Security headers, login lockout and request logs."""

import json
import logging

import pytest
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.django_db
def test_every_page_sends_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_no_page_contains_inline_script(client):
    html = client.get(reverse("home")).content.decode()
    assert "<script>" not in html and " onclick=" not in html and " onload=" not in html


@pytest.mark.django_db
def test_admin_pages_are_never_stored(client):
    response = client.get("/admin/login/")
    assert "no-store" in response["Cache-Control"]


def _fail_login(client, username):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": "feil-passord"}
    )


@pytest.mark.django_db
def test_admin_login_locks_out_after_five_failures_with_a_clear_message(client):
    UserFactory(username="redaktor", is_staff=True)
    for _ in range(4):
        assert _fail_login(client, "redaktor").status_code == 200
    locked = _fail_login(client, "redaktor")
    assert locked.status_code == 429
    assert "For mange mislykkede innloggingsforsøk" in locked.content.decode()
    # Even the right password is refused during the cool-off.
    right = client.post("/admin/login/", {"username": "redaktor", "password": "passord-for-test"})
    assert right.status_code == 429


@pytest.mark.django_db
def test_lockout_does_not_reveal_whether_the_user_exists(client):
    UserFactory(username="finnes", is_staff=True)
    for _ in range(5):
        existing = _fail_login(client, "finnes")
    for _ in range(5):
        unknown = _fail_login(client, "finnes-ikke")
    assert existing.status_code == unknown.status_code == 429
    assert existing.content.decode().replace(
        "finnes-ikke", "finnes"
    ) == unknown.content.decode().replace("finnes-ikke", "finnes")


@pytest.mark.django_db
def test_lockout_is_per_user_and_address(client):
    UserFactory(username="redaktor", is_staff=True)
    for _ in range(5):
        _fail_login(client, "redaktor")
    other = client.post(
        "/admin/login/?next=/admin/",
        {"username": "redaktor", "password": "passord-for-test"},
        REMOTE_ADDR="10.9.8.7",
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_request_log_has_request_id_and_no_query_values(client, caplog):
    caplog.set_level(logging.INFO, logger="ioa_portal.requests")
    response = client.get("/", {"q": "Kari Nordmann 12345678"}, HTTP_X_REQUEST_ID="abc12345-test")
    assert response["X-Request-ID"] == "abc12345-test"
    record = next(r for r in caplog.records if r.name == "ioa_portal.requests")
    assert record.query_keys == ["q"]
    from ioa_portal.logging import JsonFormatter, RequestIdFilter

    record.request_id = "abc12345-test"
    line = JsonFormatter().format(record)
    assert "Kari" not in line and "12345678" not in line
    assert json.loads(line)["request_id"] == "abc12345-test"
    assert RequestIdFilter().filter(record)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/nettverk/min-side/inn/{token}/",
        "/nettverk/trekk/{token}/",
        "/anskaffelser/varsel/avmeld/{token}/",
        "/behov/forvalt/{token}/",
        "/en/behov/samme-behov/bekreft/{token}/",
    ],
)
def test_the_request_log_never_holds_the_token_of_a_signed_link(client, caplog, address):
    """Whoever reads the logs must not be able to open someone's page through them."""
    caplog.set_level(logging.INFO, logger="ioa_portal.requests")
    token = "eyJzZWNyZXQiOjF9:1wXyZa:hemmelig-signatur-123"
    client.get(address.format(token=token))
    record = next(r for r in caplog.records if r.name == "ioa_portal.requests")
    from ioa_portal.logging import JsonFormatter

    line = JsonFormatter().format(record)
    assert "hemmelig" not in line and "hemmelig" not in record.getMessage()
    assert "[skjult]" in record.path


@pytest.mark.django_db
def test_a_forged_request_id_is_replaced(client):
    response = client.get("/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert response["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_coordinator_login_locks_out_after_five_failures_too(client):
    UserFactory(username="koordinator")
    login = reverse("login")
    for _ in range(4):
        response = client.post(login, {"username": "koordinator", "password": "feil"})
        assert response.status_code == 200
    locked = client.post(login, {"username": "koordinator", "password": "feil"})
    assert locked.status_code == 429
    assert "For mange mislykkede innloggingsforsøk" in locked.content.decode()
