"""The settings read the environment through helpers that reject bad values loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ioa_portal.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
CLOSED_DB = "postgresql://postgres@127.0.0.1:1/nothing"
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k3#v9!q2Lr8wZp5sXe7tYb4nMc6dFg1hJa0-production-like-secret-key",
    "DJANGO_ALLOWED_HOSTS": "ioa-portalen.example.no",
    "DATABASE_URL": CLOSED_DB,
}


def run_manage(*args, env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_env_bool_reads_true_and_false(monkeypatch):
    monkeypatch.setenv("X_FLAG", "false")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "1")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", True) is True


@pytest.mark.parametrize("value", ["ja", "maybe", "2", "TRUE "])
def test_env_bool_rejects_other_words(monkeypatch, value):
    monkeypatch.setenv("X_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be true or false"):
        env_bool("X_FLAG", True)


def test_env_int_rejects_text_and_too_small(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "tjue")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("X_NUMBER", 5)
    monkeypatch.setenv("X_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("X_NUMBER", 5, minimum=1)
    monkeypatch.setenv("X_NUMBER", "12")
    assert env_int("X_NUMBER", 5) == 12


def test_env_list_splits_on_commas_and_rejects_empty(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.no, b.no,")
    assert env_list("X_HOSTS", []) == ["a.no", "b.no"]
    monkeypatch.setenv("X_HOSTS", " , ")
    with pytest.raises(ImproperlyConfigured):
        env_list("X_HOSTS", [])


def test_production_refuses_to_start_without_secret_key():
    env = dict(PRODUCTION_ENV)
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = dict(PRODUCTION_ENV)
    del env["DJANGO_ALLOWED_HOSTS"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_bad_value_names_the_variable():
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_DEBUG": "kanskje"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false, not 'kanskje'" in result.stderr


def test_non_postgres_database_url_is_refused():
    result = run_manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///x.db"})
    assert result.returncode != 0
    assert "DATABASE_URL must point to PostgreSQL" in result.stderr


def test_check_deploy_is_clean_with_documented_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_cookies_and_transport_security():
    script = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SECURE_CROSS_ORIGIN_OPENER_POLICY)"
    )
    result = run_manage("shell", "-c", script, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "True",
        "Lax",
        "31536000",
        "True",
        "same-origin",
    ]


@pytest.mark.parametrize(("debug", "expected"), [("true", "0"), ("false", "60")])
def test_connections_are_kept_only_where_workers_live_long(debug, expected):
    env = PRODUCTION_ENV | {"DJANGO_DEBUG": debug}
    script = (
        "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    )
    result = run_manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


@pytest.mark.parametrize(
    ("database_url", "on_this_machine"),
    [
        ("postgresql://postgres@/ioa?host=/srv/ioa/.pgdata", True),
        ("postgresql://postgres@127.0.0.1:5432/ioa", True),
        ("postgresql://ioa@db.internal:5432/ioa", False),
    ],
)
def test_vector_search_follows_this_cpu_only_for_a_server_on_this_machine(
    database_url, on_this_machine
):
    """The embedded pgvector needs AVX-512: a server on this machine (the embedded one,
    also reached through DATABASE_URL as the bench does) gets vector search only where
    the CPU has it; a server elsewhere runs on its own CPU."""
    from ioa_portal.embedded_db import pgvector_usable

    show = "from django.conf import settings; print(settings.IOA_VECTOR_SEARCH)"
    result = run_manage("shell", "-c", show, env={"DATABASE_URL": database_url})
    assert result.returncode == 0, result.stderr
    expected = pgvector_usable() if on_this_machine else True
    assert result.stdout.strip().splitlines()[-1] == str(expected)
    forced = run_manage(
        "shell", "-c", show, env={"DATABASE_URL": database_url, "IOA_VECTOR_SEARCH": "false"}
    )
    assert forced.stdout.strip().splitlines()[-1] == "False"
