"""Settings for IOA-portalen. Everything that differs between machines comes from the environment.

See README.md ("Configuration") for every variable, its default and a production example.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Imports no server: database_url() starts the embedded one, pgvector_usable() reads the CPU.
from ioa_portal import embedded_db

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "True", "yes"}
_FALSE = {"0", "false", "False", "no"}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")
    return value in _TRUE


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} must list at least one value, separated by commas")
    return items


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false")
    SECRET_KEY = "insecure-development-key-only-for-DJANGO_DEBUG-true"  # noqa: S105

if DEBUG:
    ALLOWED_HOSTS = env_list(
        "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"]
    )
else:
    if not os.environ.get("DJANGO_ALLOWED_HOSTS"):
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is false")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The job queue (emails, periodic jobs) in the same PostgreSQL; before ioa_portal,
    # whose admin.py shows its jobs to editors.
    "procrastinate.contrib.django",
    "ioa_portal",
    "networks",
    "cases",
]

MIDDLEWARE = [
    "ioa_portal.lib.after_response.AfterResponseMiddleware",
    "ioa_portal.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ioa_portal.middleware.DatabaseUnavailableMiddleware",
    "ioa_portal.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "networks.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ioa_portal.urls"
WSGI_APPLICATION = "ioa_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ioa_portal.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL when set; otherwise the embedded PostgreSQL in .pgdata/.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
EMBEDDED_DATABASE = not DATABASE_URL
LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1")
if EMBEDDED_DATABASE:
    DATABASE_URL = embedded_db.database_url()
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            # runserver serves each request in a new thread, and each thread would keep its
            # own connection open: reuse them only where workers are long-lived.
            conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0 if DEBUG else 60),
            conn_health_checks=True,
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgresql://…)")
# Several test runs can share one server when each names its own test database.
if os.environ.get("IOA_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["IOA_TEST_DB_NAME"]}
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
    "DATABASE_CONNECT_TIMEOUT", 2, minimum=1
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: the database by default (shared by every process), Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "ioa_cache",
            # Each filter combination of the search page and the statistics is an entry.
            # Django's default of 300 let a crawler's visit push out counts that take a
            # second to make again at 1,000,000 cases.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "coordinator:overview"
LOGOUT_REDIRECT_URL = "home"

# Languages: bokmål without prefix, nynorsk at /nn/, English at /en/.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Bokmål")), ("nn", _("Nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [Path(os.environ.get("IOA_LOCALE_DIR", BASE_DIR / "locale"))]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / ".media"))
MEDIA_URL = "/media/"  # never served directly; documents go through a view

# Uploads of case documents.
DOCUMENT_MAX_BYTES = env_int("IOA_DOCUMENT_MAX_MB", 20, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Suggestions of public bodies as one types (/virksomheter/sok/): requests per address.
IOA_LOOKUP_RATE_LIMIT = env_int("IOA_LOOKUP_RATE_LIMIT", 120, minimum=1)
IOA_LOOKUP_RATE_WINDOW_SECONDS = env_int("IOA_LOOKUP_RATE_WINDOW_SECONDS", 60, minimum=1)

# Doffin's public API (search, download of notices as eForms); unset: notices are uploaded.
DOFFIN_API_KEY = os.environ.get("IOA_DOFFIN_API_KEY", "").strip()
DOFFIN_API_URL = os.environ.get("IOA_DOFFIN_API_URL", "https://api.doffin.no/public/v2")
if not DOFFIN_API_URL.startswith("https://"):
    raise ImproperlyConfigured(
        f"IOA_DOFFIN_API_URL must start with https://, not {DOFFIN_API_URL!r}"
    )

# Email: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "IOA-portalen <ikke-svar@ioa-portalen.no>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background jobs (ioa_portal/jobs.py): procrastinate, its tables in the same database; run
# by `manage.py procrastinate worker`. Tasks are found in each app's tasks.py.
# IOA_JOBS_EAGER runs a job at once in the caller instead of queueing it (the tests do).
IOA_JOBS_EAGER = env_bool("IOA_JOBS_EAGER", False)
# The site's address for links in emails sent by jobs, outside any request (alert digests).
IOA_SITE_URL = os.environ.get("IOA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Public forms (network applications, case submissions): posts per client address and window.
IOA_APPLICATION_RATE_LIMIT = env_int("IOA_APPLICATION_RATE_LIMIT", 10, minimum=1)
IOA_APPLICATION_RATE_WINDOW_SECONDS = env_int(
    "IOA_APPLICATION_RATE_WINDOW_SECONDS", 3600, minimum=1
)

# Figures on /statistikk/ that do not depend on a text search are cached this long.
STATISTICS_CACHE_SECONDS = env_int("IOA_STATISTICS_CACHE_SECONDS", 300)
# Rendered case pages, searches and feeds for anonymous visitors, until content changes
# (cases.caching). Off only to measure the uncached path.
IOA_PAGE_CACHE = env_bool("IOA_PAGE_CACHE", True)
# Matching needs by meaning needs pgvector. The embedded server's build needs AVX-512
# (ioa_portal.embedded_db.pgvector_usable); without it the need search ranks by words.
# That applies to any server on this machine (the embedded one reached through
# DATABASE_URL, as the bench does); a server elsewhere runs on its own CPU.
_DB_HOST = DATABASES["default"].get("HOST") or ""
_LOCAL_SERVER = EMBEDDED_DATABASE or _DB_HOST.startswith("/") or _DB_HOST in LOCAL_HOSTS
IOA_VECTOR_SEARCH = env_bool(
    "IOA_VECTOR_SEARCH", not _LOCAL_SERVER or embedded_db.pgvector_usable()
)
# Embed a case for the need search when it is saved (admin, import, submission).
IOA_EMBED_CASES = env_bool("IOA_EMBED_CASES", True)

# Personal data of learning-network participants is anonymised this long after a network ends.
PARTICIPANT_RETENTION_MONTHS = env_int("IOA_PARTICIPANT_RETENTION_MONTHS", 24, minimum=1)

# Security. Production values apply whenever DEBUG is false.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Login protection (django-axes): five failures for one username from one IP address lock
# that combination out for a cool-off period; the same message whether the user exists or not.
AXES_FAILURE_LIMIT = env_int("IOA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("IOA_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_IPWARE_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0) or None
AXES_VERBOSE = False

# Two-factor login (django-otp): everyone who can see participants' personal data
# (coordinators, superusers) gives a one-time code from an app after the password, before
# the workspace or the admin opens. On by default in production.
IOA_REQUIRE_2FA = env_bool("IOA_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "IOA-portalen"

# Content-Security-Policy: scripts only from this site, never inline; no plugins, no framing.
# Inline style attributes stay allowed for the Django admin's own templates.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ioa_portal.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "ioa_portal.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Request lines come from RequestLogMiddleware, without query values.
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        # Every process registers the periodic jobs at start; the worker's job lines stay.
        "procrastinate.periodic": {"level": "WARNING"},
        "procrastinate.blueprints": {"level": "WARNING"},
    },
}

SITE_NAME = "IOA-portalen"
