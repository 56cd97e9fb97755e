"""Django settings for the Översyn web application, chosen by environment variables.

``OVERSYN_ENV`` selects the profile: ``dev`` (default: DEBUG on, SQLite in the working
directory), ``test`` (used by pytest-django: fast password hashing) or ``prod`` (DEBUG off,
``OVERSYN_SECRET_KEY`` and ``OVERSYN_ALLOWED_HOSTS`` required, secure cookies).
``DATABASE_URL`` selects the database in every profile (parsed by dj-database-url), e.g.
``postgres://postgres@127.0.0.1:5432/oversyn``; without it an SQLite file is used.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
ENV = os.environ.get("OVERSYN_ENV", "dev")
if ENV not in ("dev", "test", "prod"):
    raise RuntimeError(f"OVERSYN_ENV must be dev, test or prod, not {ENV!r}")

DEBUG = ENV == "dev" or os.environ.get("OVERSYN_DEBUG") == "1"
if ENV == "prod":
    SECRET_KEY = os.environ["OVERSYN_SECRET_KEY"]
    ALLOWED_HOSTS = [h for h in os.environ["OVERSYN_ALLOWED_HOSTS"].split(",") if h]
    SESSION_COOKIE_SECURE = os.environ.get("OVERSYN_INSECURE_COOKIES") != "1"
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Behind the municipality's TLS-terminating proxy: trust its X-Forwarded-Proto header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("OVERSYN_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("OVERSYN_HSTS_SECONDS", "0"))
    CSRF_TRUSTED_ORIGINS = [
        o for o in os.environ.get("OVERSYN_CSRF_TRUSTED_ORIGINS", "").split(",") if o
    ]
else:
    SECRET_KEY = os.environ.get("OVERSYN_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "oversyn.web.platform",
    "oversyn.web.cases",
    "oversyn.web.organisation",
    "oversyn.web.alternatives",
    "oversyn.web.evaluation",
    "oversyn.web.remiss",
    "oversyn.web.process",
    "oversyn.web.followup",
    "oversyn.web.documents",
    "ninja",  # the REST API's Swagger UI, served from ninja's own static files (no CDN)
    "oversyn.web.api",
    "oversyn.web.designsearch",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oversyn.web.platform.middleware.RequestIdMiddleware",
    "oversyn.web.errors.ErrorPageMiddleware",  # a bare 405 gets the Swedish error page
    "oversyn.web.platform.middleware.CaseAddressMiddleware",
]

ROOT_URLCONF = "oversyn.web.urls"
WSGI_APPLICATION = "oversyn.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],  # the error pages (400, 403, 404, 405, 500)
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oversyn.web.platform.context_processors.item_menu",
                "oversyn.web.uploads.context",  # upload_limit ("50 MB") for the upload forms
            ],
        },
    },
]

_default_sqlite = os.environ.get("OVERSYN_SQLITE", str(Path.cwd() / "oversyn.sqlite3"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{_default_sqlite}", conn_max_age=60 if ENV == "prod" else 0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent saves on SQLite: WAL lets readers go on while one writes; every transaction
    # takes the write lock when it begins (IMMEDIATE), so two saves queue for it (busy
    # timeout) instead of failing with "database is locked" when a read turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA busy_timeout=20000;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# AUTH_PASSWORD_VALIDATORS: at the end of this file (every profile).
if ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:list"
LOGOUT_REDIRECT_URL = "login"

# Swedish first; English through Django's i18n (source strings are Swedish, the English
# catalogue is oversyn/web/locale/en/LC_MESSAGES/django.po).
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "static/"
# prod serves collected files (``collectstatic``) through WhiteNoise; dev/test serve them from
# the apps' static folders directly.
STATIC_ROOT = (
    Path(os.environ.get("OVERSYN_STATIC_ROOT", str(Path.cwd() / "staticfiles")))
    if ENV == "prod" or "OVERSYN_STATIC_ROOT" in os.environ
    else None
)
WHITENOISE_USE_FINDERS = ENV != "prod"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if ENV == "prod"
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Upload limits: case files and spreadsheets are small (hundreds of units).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Every upload is counted while it streams in and refused past OVERSYN_LIMITS["upload_bytes"]
# (oversyn.web.uploads); every parser gets the other bounds (oversyn.io.limits.Limits: case
# file size, YAML depth and values, JSON size and depth, table rows, unpacked .xlsx size).
FILE_UPLOAD_HANDLERS = [
    "oversyn.web.jobs.uploads.RecordsUploadHandler",  # service records: straight to disk
    "oversyn.web.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
_MB = 1024 * 1024
OVERSYN_LIMITS = {
    "upload_bytes": int(os.environ.get("OVERSYN_UPLOAD_MAX_MB", "50")) * _MB,
    "casefile_bytes": int(os.environ.get("OVERSYN_CASEFILE_MAX_MB", "10")) * _MB,
    "table_rows": int(os.environ.get("OVERSYN_TABLE_MAX_ROWS", "20000")),
}

# Error pages in the app's layout, in Swedish, with the request id (oversyn.web.errors).
CSRF_FAILURE_VIEW = "oversyn.web.errors.csrf_failure"

# LOGGING: JSON lines, at the end of this file.

# -- fitting the municipality's IT (issue 14): accounts/SSO, hardening, mail, operations -------
# Every value below can be set from the environment; docs/operations.md lists them.


def _env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


INSTALLED_APPS += [
    "axes",
    "oversyn.web.accounts",
    "oversyn.web.notifications",
    "oversyn.web.ops",
]
# Background jobs (issue 13): django-tasks with its database backend; workers are
# ``oversyn-manage jobs_worker`` (docs/operations.md).
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "oversyn.web.jobs"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Uploaded service records wait here for their job (shared by web and workers; deleted when
# the job ends).  Records files may be far larger than other uploads.
OVERSYN_JOB_FILES = Path(os.environ.get("OVERSYN_JOB_FILES", str(Path.cwd() / "jobbfiler")))
OVERSYN_RECORDS_MAX_BYTES = int(os.environ.get("OVERSYN_RECORDS_MAX_MB", "4096")) * 1024 * 1024
# An Excel import larger than this runs as a background job instead of in the request.
OVERSYN_JOB_INLINE_BYTES = int(os.environ.get("OVERSYN_JOB_INLINE_KB", "256")) * 1024
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
MIDDLEWARE += [
    "oversyn.web.ops.middleware.RequestLogMiddleware",  # one JSON line per request (id, user)
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

# Single sign-on: OpenID Connect and/or SAML 2.0 next to the local accounts.
OVERSYN_OIDC_ENABLED = os.environ.get("OVERSYN_OIDC", "0") == "1" or ENV == "test"
OVERSYN_SAML_ENABLED = os.environ.get("OVERSYN_SAML", "0") == "1" or ENV == "test"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out user or address
    "django.contrib.auth.backends.ModelBackend",
]
if OVERSYN_OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("oversyn.web.accounts.oidc.OversynOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ.get("OVERSYN_OIDC_CLIENT_ID", "")
    OIDC_RP_CLIENT_SECRET = os.environ.get("OVERSYN_OIDC_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OVERSYN_OIDC_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OVERSYN_OIDC_SCOPES", "openid email profile groups")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OVERSYN_OIDC_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OVERSYN_OIDC_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = os.environ.get("OVERSYN_OIDC_USERINFO_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OVERSYN_OIDC_JWKS_ENDPOINT", "")
    OVERSYN_OIDC_LOGOUT_ENDPOINT = os.environ.get("OVERSYN_OIDC_LOGOUT_ENDPOINT", "")
    OIDC_OP_LOGOUT_URL_METHOD = "oversyn.web.accounts.oidc.provider_logout_url"
    OIDC_STORE_ID_TOKEN = True  # the id token is the hint for the provider's logout
    OIDC_USE_PKCE = True
    LOGIN_REDIRECT_URL_FAILURE = "/logga-in/?sso=fel"
    # The login name of a new user: this claim (Entra ID: preferred_username; Keycloak too).
    OVERSYN_OIDC_USERNAME_CLAIM = os.environ.get(
        "OVERSYN_OIDC_USERNAME_CLAIM", "preferred_username"
    )
if OVERSYN_SAML_ENABLED:
    INSTALLED_APPS.append("djangosaml2")
    AUTHENTICATION_BACKENDS.append("oversyn.web.accounts.saml.OversynSaml2Backend")
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware"),
        "djangosaml2.middleware.SamlSessionMiddleware",
    )
    from oversyn.web.accounts.saml_config import saml_config_from_env

    SAML_CONFIG = saml_config_from_env()
    SAML_SESSION_COOKIE_NAME = "saml_session"
    SAML_DJANGO_USER_MAIN_ATTRIBUTE = "username"
    SAML_CREATE_UNKNOWN_USER = True
    SAML_ATTRIBUTE_MAPPING = {
        os.environ.get("OVERSYN_SAML_USERNAME_ATTRIBUTE", "uid"): ("username",),
        os.environ.get("OVERSYN_SAML_EMAIL_ATTRIBUTE", "mail"): ("email",),
        os.environ.get("OVERSYN_SAML_GIVEN_NAME_ATTRIBUTE", "givenName"): ("first_name",),
        os.environ.get("OVERSYN_SAML_SURNAME_ATTRIBUTE", "sn"): ("last_name",),
    }
    OVERSYN_SAML_GROUPS_ATTRIBUTE = os.environ.get("OVERSYN_SAML_GROUPS_ATTRIBUTE", "groups")
    ACS_DEFAULT_REDIRECT_URL = "/"
    # HTTP-Redirect both ways from our side: a redirect needs no auto-submitting inline script
    SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    SAML_LOGOUT_REQUEST_PREFERRED_BINDING = SAML_DEFAULT_BINDING

# The IdP's groups → roles: JSON {"group": ["case:<case id>:<role>", "global:skapa_arenden"]},
# read by oversyn.web.accounts.roles.grants_from_claims (one function; see docs/operations.md).
OVERSYN_SSO_GROUPS_CLAIM = os.environ.get("OVERSYN_SSO_GROUPS_CLAIM", "groups")
OVERSYN_SSO_GROUP_ROLES = json.loads(os.environ.get("OVERSYN_SSO_GROUP_ROLES", "{}"))

# Login hardening: django-axes locks a user name, and separately an address, after
# OVERSYN_LOCKOUT_FAILURES wrong passwords, for OVERSYN_LOCKOUT_MINUTES.
AXES_ENABLED = ENV != "test" or os.environ.get("OVERSYN_AXES") == "1"
AXES_FAILURE_LIMIT = int(os.environ.get("OVERSYN_LOCKOUT_FAILURES", "10"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("OVERSYN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "oversyn.web.accounts.views.lockout"
# Behind the reverse proxy the client's address is the last X-Forwarded-For hop it added.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("OVERSYN_PROXY_COUNT", "1" if ENV == "prod" else "0"))
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("OVERSYN_PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Session expiry after inactivity: the cookie's age is renewed on every request.
SESSION_COOKIE_AGE = int(os.environ.get("OVERSYN_SESSION_IDLE_MINUTES", "60")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if ENV == "prod":
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("OVERSYN_HSTS_SUBDOMAINS", "0") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("OVERSYN_HSTS_PRELOAD", "0") == "1"

# Content-Security-Policy (django-csp): scripts only from our own static files, no inline
# script anywhere. The IdP's origin may receive a form (logout redirects there).
_csp_sso_origins = _env_list("OVERSYN_CSP_FORM_ACTION")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", *_csp_sso_origins],
    }
}

# E-mail (invitations and reminders) through Django's mail framework over SMTP.
EMAIL_BACKEND = os.environ.get(
    "OVERSYN_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("OVERSYN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("OVERSYN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("OVERSYN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("OVERSYN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("OVERSYN_EMAIL_STARTTLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("OVERSYN_EMAIL_SSL", "0") == "1"
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("OVERSYN_EMAIL_FROM", "Översyn <oversyn@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as the recipients reach it (links in the mails).
OVERSYN_BASE_URL = os.environ.get("OVERSYN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
OVERSYN_INVITATION_DAYS = int(os.environ.get("OVERSYN_INVITATION_DAYS", "14"))
OVERSYN_REMINDER_DAYS = [int(d) for d in _env_list("OVERSYN_REMINDER_DAYS", "7,1")]

# Operations: cache, heartbeats, structured logs.
# ``derived`` holds results computed from one version of a case (analysis, diffs, trees, the
# document preview; oversyn.web.platform.cache): Redis shared by the workers when REDIS_URL
# (or OVERSYN_REDIS_URL) is set, otherwise each process's own memory.
_redis_url = os.environ.get("REDIS_URL") or os.environ.get("OVERSYN_REDIS_URL")
_derived_timeout = int(os.environ.get("OVERSYN_CACHE_SECONDS", str(24 * 3600)))
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
        }
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "derived": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": "derived",
            "TIMEOUT": _derived_timeout,
        }
        if _redis_url
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "oversyn-derived",
            "TIMEOUT": _derived_timeout,
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("OVERSYN_CACHE_ENTRIES", "200"))},
        }
    ),
}
# Without Redis the derived results are also kept in files beside the SQLite database (a
# second level behind each process's memory), so that the web server and the job worker of
# ``make demo`` share them (the warm-up job computes a large case's pages after a write:
# oversyn.web.platform.warmup); the test profile keeps memory only.
if not _redis_url and ENV != "test" and os.environ.get("OVERSYN_CACHE_DIR", "-") != "":
    CACHES["derived-shared"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("OVERSYN_CACHE_DIR")
        or str(Path(_default_sqlite).with_suffix(".cache")),
        "TIMEOUT": _derived_timeout,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("OVERSYN_CACHE_ENTRIES", "2000"))},
    }
# A case of at least this many units × organisations (nuläge and the alternatives) has its
# overview, builders and document preview computed by a warm-up job after each write; the
# pages show a placeholder that polls meanwhile.  Smaller cases compute inline (milliseconds).
OVERSYN_WARM_UP = os.environ.get("OVERSYN_WARM_UP", "1") == "1"
OVERSYN_WARM_UP_SIZE = int(os.environ.get("OVERSYN_WARM_UP_SIZE", "2000"))
# The parsed case of the last this-many case versions read is kept in each process, shared by
# its requests (oversyn.web.platform.cache.parsed_case); a case at least OVERSYN_GC_FREEZE_SIZE
# (units × organisations) is then frozen out of the cyclic garbage collector's walks.  The
# test profile checks that no reader changes the shared case.
OVERSYN_PARSED_CASES = int(os.environ.get("OVERSYN_PARSED_CASES", "4"))
OVERSYN_GC_FREEZE_SIZE = int(os.environ.get("OVERSYN_GC_FREEZE_SIZE", "2000"))
OVERSYN_PARSED_CASE_CHECK = ENV == "test" or os.environ.get("OVERSYN_PARSED_CASE_CHECK") == "1"
# name → the longest time (seconds) between two beats before /halsa/ reports it stopped.
# send_reminders runs daily (deploy/oversyn-reminders.timer): 26 hours; every job worker
# beats jobs_worker each 30 s: 2 minutes (not in the test profile, where no worker runs).
_beats = {"send_reminders": 26 * 3600, **({"jobs_worker": 120} if ENV != "test" else {})}
OVERSYN_HEARTBEATS = json.loads(os.environ.get("OVERSYN_HEARTBEATS", json.dumps(_beats)))
_log_handlers = ["stdout"] + (["file"] if os.environ.get("OVERSYN_LOG_FILE") else [])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "oversyn.web.ops.logs.JsonLinesFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
        **(
            {
                "file": {
                    "class": "logging.handlers.WatchedFileHandler",
                    "filename": os.environ["OVERSYN_LOG_FILE"],
                    "formatter": "json",
                }
            }
            if os.environ.get("OVERSYN_LOG_FILE")
            else {}
        ),
    },
    "root": {"handlers": _log_handlers, "level": os.environ.get("OVERSYN_LOG_LEVEL", "WARNING")},
    "loggers": {
        "oversyn": {"level": os.environ.get("OVERSYN_LOG_LEVEL", "INFO"), "propagate": True},
    },
}
