"""Settings for the PCC performance portal, all taken from the environment.

The defaults serve a developer's machine: SQLite in the project folder and a local-memory
cache (a file cache with DEBUG off). Production sets DEBUG off and must then give SECRET_KEY,
ALLOWED_HOSTS and, usually, DATABASE_URL and REDIS_URL (see .env.example).
"""

import hashlib
import json
import tempfile
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (a long random "
            "string) or set DEBUG=on for local development; see .env.example."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "pcc_portal",
    "performance",
    "finance",
    "funds",
    "panel",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pcc_portal.two_step.TwoStepMiddleware",
    # After the user and messages are known, so that its 400 page is the site's own.
    "pcc_portal.hardening.RejectNulBytesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pcc_portal.middleware.SessionLifetimeMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "pcc_portal.hardening.StaffNoStoreMiddleware",
    "pcc_portal.hardening.StatementTimeoutMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pcc_portal.urls"
WSGI_APPLICATION = "pcc_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pcc_portal.access.roles_context",
                "pcc_portal.identity.site_context",
            ],
        },
    },
    {
        # The rows of the plan dashboards and the tables (pcc_portal/jinja.py says why).
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "pcc_portal.jinja.environment"},
    },
]

# An empty variable (as in a copy of .env.example) means the default, as an unset one does.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
elif DEBUG:
    # One process (runserver) may keep its cache in its own memory.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # gunicorn's workers must share one cache, or a worker would go on serving a page cached
    # before a change (pcc_portal.caching). Without Redis: files, in a folder of this
    # database's own, so that two portals on one machine never serve each other's pages.
    _database = f"{DATABASES['default'].get('HOST', '')}/{DATABASES['default']['NAME']}"
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("CACHE_DIR", default="")
            or Path(tempfile.gettempdir())
            / f"pcc-portal-cache-{hashlib.sha256(_database.encode()).hexdigest()[:12]}",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first (at the cost pcc_portal/hashers.py explains): new passwords, and old PBKDF2
# ones as their owners next sign in (Django rehashes with the first hasher on a successful
# sign-in), are stored with it. PBKDF2 at Django's iterations cost about a second of CPU per
# sign-in, which queued the site when a panel meeting's members signed in together. Django's
# other default hashers follow, so every existing hash still verifies.
PASSWORD_HASHERS = [
    "pcc_portal.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes watches every login (the portal's and the admin's) before the normal check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

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
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default="") or BASE_DIR / "media")
# Rendered PDF documents (panel.reports), through the "reports" storage alias: files in
# REPORTS_ROOT (outside MEDIA_ROOT: never served straight from the folder) by default. Several
# app servers and workers share one: a volume every machine mounts at REPORTS_ROOT, or any
# object store by REPORTS_STORAGE, a JSON storage definition, e.g. S3-compatible through
# django-storages: {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name":
# "pcc-reports", "endpoint_url": "https://s3.example.org"}} (install django-storages[s3]).
REPORTS_ROOT = Path(env.str("REPORTS_ROOT", default="") or BASE_DIR / "var" / "reports")
_reports_storage = env.str("REPORTS_STORAGE", default="")
STORAGES["reports"] = (
    json.loads(_reports_storage)
    if _reports_storage
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": REPORTS_ROOT, "base_url": None},
    }
)

# --- Background work and caching ---------------------------------------------------------
# Django's Tasks framework (django-tasks, the API Django 6 ships) with its database backend:
# tasks are rows in this database, run by `manage.py db_worker` processes on any machine that
# reaches it. TASKS_BACKEND=immediate runs each task inside the request instead (tests that
# do not test the queue itself).
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[env.str("TASKS_BACKEND", default="database")],
        "QUEUES": ["default"],
    }
}
# A failing job is tried this many times in all, pausing JOB_RETRY_DELAY_S × attempts between.
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
JOB_RETRY_DELAY_S = env.float("JOB_RETRY_DELAY_S", default=10)
# At most this many PDF renders at a time across every worker; more wait in the queue.
REPORT_RENDER_LIMIT = env.int("REPORT_RENDER_LIMIT", default=2)
# A spreadsheet import with more rows than this runs as a background job.
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=500)
# The apps whose tables hold the portal's data: any write to them moves the data version that
# keys every cached page and PDF (pcc_portal.versions).
PORTAL_DATA_APPS = ["performance", "finance", "funds", "panel"]
# The code version in cache keys; empty: a hash of the source files, taken at start-up.
CODE_VERSION = env.str("CODE_VERSION", default="")
# plotly checks every property of a chart as it is built (pcc_portal.charts): in development
# and the tests, where a wrong one should fail; a live site skips it (most of a chart's cost).
CHART_CHECKS = env.bool("CHART_CHECKS", default=DEBUG)

# Every table is a pcc_portal.tables.PortalTable, laid out by this Jinja2 template
# (templates/jinja2).
DJANGO_TABLES2_TEMPLATE = "tables/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "govuk-table"}

# Public figures are published by the OPCC under this prefix in open data (360Giving etc.).
# Who runs the portal (names of the commissioner, office, force, panel, its councils): data,
# see pcc_portal/identity.py. OPCC_NAME, when set, overrides the office's name.
SITE_IDENTITY_FILE = env.path("SITE_IDENTITY_FILE", default=BASE_DIR / "fixtures" / "site.yaml")
OPCC_NAME = env.str("OPCC_NAME", default="")
# The force the portal reports on, by its ONS code; every other force, region and nation is an
# area like any other. Another force's OPCC changes this and imports the same files.
HOME_FORCE = env.str("HOME_FORCE", default="E23000003")
# The published files (under fixtures/open-data) that load_demo imports: all of them.
DEMO_OPEN_DATA = ["."]
# The OPCC's 360Giving prefix: grant identifiers in the open grants data start with it.
GRANTS_360G_PREFIX = env.str("GRANTS_360G_PREFIX", default="")  # else the identity's

# Logs go to the console (gunicorn and systemd or the container runtime collect them). In JSON
# lines by default so that logins, failed logins, publishing and imports (the logger
# "pcc_portal.audit", see pcc_portal.audit_log) can be searched by field; LOG_FORMAT=plain
# for reading by eye.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "pcc_portal.audit.JsonLinesFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("LOG_FORMAT", default="json"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes logs every attempt itself; the audit log already records them.
        "axes": {"level": "WARNING"},
        # WeasyPrint reports each layout step at INFO: noise in a server's log.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Security -------------------------------------------------------------------------------
# Production values are the defaults when DEBUG is off, so `check --deploy` is clean with no
# extra variables; each can be changed from the environment (see .env.example). With DEBUG on
# (make run) the portal works over plain http on 127.0.0.1.

# Behind a load balancer that ends TLS and sets X-Forwarded-Proto. The balancer must overwrite
# the header a client sends; set SECURE_PROXY_SSL_HEADER= (empty) when nothing sits in front.
_proxy_ssl_header = env.str("SECURE_PROXY_SSL_HEADER", default="HTTP_X_FORWARDED_PROTO")
SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https") if _proxy_ssl_header else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer's health check speaks plain http to each app server.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sessions end after SESSION_IDLE_MINUTES without a request and, whatever the activity,
# SESSION_ABSOLUTE_HOURS after signing in (pcc_portal.middleware.SessionLifetimeMiddleware,
# which moves the expiry on at most once every SESSION_ACTIVITY_SECONDS instead of
# SESSION_SAVE_EVERY_REQUEST writing the session on every page).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_ACTIVITY_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_HOURS", default=10) * 3600

# django-axes: 5 failed sign-ins for one user name from one address lock that pair out for
# AXES_COOLOFF_MINUTES; the attempts live in the database, shared by every app server.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "pcc_portal.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "pcc_portal.audit.client_ip"
# Two-step sign-in for staff (pcc_portal.two_step): the name authenticator apps show, and the
# admin's list of devices without their secret keys or QR codes.
OTP_TOTP_ISSUER = "PCC performance portal"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# How many proxies (load balancers) append to X-Forwarded-For in front of the app servers; 0
# means the client's address is REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Web requests only (pcc_portal.wsgi): a PostgreSQL statement running longer is stopped and
# the visitor gets a "took too long" page, so no request can hold a worker for minutes.
# Management commands and background workers have no such limit. 0 turns it off.
WEB_STATEMENT_TIMEOUT_SECONDS = env.float("WEB_STATEMENT_TIMEOUT_SECONDS", default=15)

# Content Security Policy (django-csp 4). Only the portal's own static files run: no inline
# script and no inline style anywhere (data reaches scripts through json_script). The one
# exception is plotly.js: on load it appends an EMPTY <style id="plotly.js-style-global">
# to <head> and fills it through the CSSOM (insertRule, which CSP does not govern). The hash
# below is the SHA-256 of the empty string, so it admits that empty element and no <style>
# with any content; checked in headless Chromium (README "Content Security Policy").
PLOTLY_EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", PLOTLY_EMPTY_STYLE_HASH],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
