"""Django settings for the Översyn web application, chosen by environment variables.

``OVERSYN_ENV`` selects the profile: ``dev`` (default: DEBUG on, SQLite in the working
directory), ``test`` (used by pytest-django: fast password hashing) or ``prod`` (DEBUG off,
``OVERSYN_SECRET_KEY`` and ``OVERSYN_ALLOWED_HOSTS`` required, secure cookies).
``DATABASE_URL`` selects the database in every profile (parsed by dj-database-url), e.g.
``postgres://postgres@127.0.0.1:5432/oversyn``; without it an SQLite file is used.
"""

from __future__ import annotations

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
    "oversyn.web.platform.middleware.CaseAddressMiddleware",
]

ROOT_URLCONF = "oversyn.web.urls"
WSGI_APPLICATION = "oversyn.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oversyn.web.platform.context_processors.item_menu",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = (
    [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
        {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    ]
    if ENV == "prod"
    else []
)
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
