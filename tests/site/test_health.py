"""/healthz reports the database, and pages degrade to a friendly 503 when it is gone."""

import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_is_ok_with_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"]["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def silent_server():
    """A TCP port that accepts connections and never answers, like a hung database."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


@pytest.mark.django_db
def test_healthz_answers_503_within_two_seconds_when_the_database_hangs(
    client, monkeypatch, silent_server
):
    db = settings.DATABASES["default"]
    monkeypatch.setitem(db, "HOST", "127.0.0.1")
    monkeypatch.setitem(db, "PORT", str(silent_server))
    monkeypatch.setitem(db, "OPTIONS", {**db["OPTIONS"], "host": "127.0.0.1"})
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["database"]["status"] == "unavailable"
    assert response["Retry-After"]
    assert elapsed < 2.5


def test_pages_answer_friendly_503_when_the_database_is_unreachable():
    # A separate process whose settings point at a closed port: nothing can reach PostgreSQL.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client; c = Client(raise_request_exception=False);"
        "out = {};"
        "r = c.get('/healthz'); out['healthz'] = [r.status_code, r.get('Retry-After')];"
        "r = c.get('/'); out['home'] = [r.status_code, r.get('Retry-After'), r.content.decode()];"
        "print(json.dumps(out))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "ioa_portal.settings",
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nothing",
        "DJANGO_LOG_LEVEL": "CRITICAL",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["healthz"] == [503, "30"]
    status, retry_after, html = out["home"]
    assert status == 503
    assert retry_after == "30"
    assert "midlertidig utilgjengelig" in html
    assert "Traceback" not in html
