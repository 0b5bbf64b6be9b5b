"""Settings for Vetted, driven by environment variables.

Every variable has a safe local default, so a fresh clone runs with SQLite, a
local-memory cache and console e-mail. Production mode (DEBUG off) refuses to
start without SECRET_KEY and ALLOWED_HOSTS. The README lists every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    """Return the environment variable NAME read as a boolean."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Return the comma-separated environment variable NAME as a list."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY for production, or DEBUG=1 "
            "for local development (see README.md)."
        )
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set; production mode needs it.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS. Production serves only HTTPS: plain HTTP is redirected, cookies are sent
# only over TLS, and HSTS tells browsers to never try HTTP again. FORCE_HTTPS=0
# turns this off for a production-mode run on a plain-HTTP localhost (benchmarks).
FORCE_HTTPS = env_bool("FORCE_HTTPS", not DEBUG)
# Behind the nginx recipe, TLS ends at the proxy: trust its X-Forwarded-Proto and
# X-Forwarded-For headers (core/clients.py). Only when the app is not reachable
# except through that proxy.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = FORCE_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = FORCE_HTTPS
CSRF_COOKIE_SECURE = FORCE_HTTPS
SECURE_HSTS_SECONDS = int(
    os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600) if FORCE_HTTPS else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", FORCE_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", FORCE_HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Request limits (core/limits.py; docs/security.md, "Request limits"). gunicorn
# caps the request line and headers (deploy/gunicorn.conf.py) and nginx the body
# (deploy/nginx/vetted.conf); these hold without either in front.
# Form fields, files apart. The largest a form sends is a pasted reference export,
# which the import page refuses over 1 MB with a message (articles/editorial/
# lookups.py), so 2 MB lets that message be shown.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# An article's form sends 21 fields per reference (the references inline), so
# Django's 1,000 would refuse to save an article of about 45; 5,000 allows 230.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# Each form that takes a file takes one: a photo, an image, a reference export.
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# An upload over 1 MB is written to a temporary file as it arrives rather than
# held in the worker's memory; reference exports (at most 1 MB) stay in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Files are taken only here, and only from signed-in staff: the admin's forms
# (photos, reference exports) and the editor's image upload. Anywhere else a
# file part is a 400, and a body may be at most DATA_UPLOAD_MAX_MEMORY_SIZE;
# here, the largest image and the rest of its form.
FILE_UPLOAD_PATHS = ["/admin/", "/markdownx/upload/"]

# Content-Security-Policy (django-csp 4), on every response: scripts, styles,
# images, fonts and connections from this site only (default-src, which every
# fetch directive falls back to), no inline script or style, no eval, no plugins,
# no frames in or out. The JSON-LD block on article pages is data, not script, so
# the policy does not apply to it. No view loosens the policy, so restating
# default-src per fetch directive would only lengthen a header sent on every page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
    }
}
# Powerful browser features the site never uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), usb=(), browsing-topics=()"
)

SITE_NAME = os.environ.get("SITE_NAME", "Vetted Health")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def env_publisher(name):
    """Return the publisher setting NAME; in DEBUG an unset one gets a demo value."""
    demo = {
        "PUBLISHER_NAME": "Vetted Health Demo Ltd",
        "PUBLISHER_ADDRESS": "1 Example Street, London EC1A 1AA, United Kingdom",
        "RESPONSIBLE_EDITOR": "Dr Alex Example, chief editor",
        "CONTACT_EMAIL": "editors@vetted.example",
    }
    return os.environ.get(name, "").strip() or (demo[name] if DEBUG else "")


# Who publishes the site and how to reach them: shown on /about/, /contact/ and in
# the footer, and the publisher Organization in each article's JSON-LD. With
# DEBUG=1 they default to obviously invented demo values; production has no
# defaults, and `manage.py check --deploy` warns when PUBLISHER_NAME or
# CONTACT_EMAIL is missing (cms/checks.py).
PUBLISHER_NAME = env_publisher("PUBLISHER_NAME")
PUBLISHER_ADDRESS = env_publisher("PUBLISHER_ADDRESS")
RESPONSIBLE_EDITOR = env_publisher("RESPONSIBLE_EDITOR")
CONTACT_EMAIL = env_publisher("CONTACT_EMAIL")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "markdownx",
    "django_ratelimit",
    "csp",
    "axes",
    # Django's tasks API (django-tasks) and its database backend: the queue of
    # e-mail and registry checks that leave the request path (core/mail.py).
    "django_tasks",
    "django_tasks_db",
    "core",  # the outgoing-mail queue
    "cms",  # site-wide checks, backup and restore commands
    "bench",  # benchmark commands (generate_corpus, bench_pages, bench_integrity)
    "articles",
    "feedback",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so cached pages get the headers too.
    "csp.middleware.CSPMiddleware",
    "cms.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for browsers that accept gzip, so the nginx micro-cache keeps
    # a compressed copy instead of compressing a page on every hit. Outside the page
    # cache (one cached copy serves both) and outside the 304 check, as Django asks:
    # the ETag is computed on the plain body, then made weak here.
    "django.middleware.gzip.GZipMiddleware",
    # 304s for cached and fresh responses alike, from ETag / Last-Modified.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before sessions and auth: a cache hit for an anonymous reader needs neither.
    "cms.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.limits.RequestLimitsMiddleware",  # before CSRF, which reads the body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

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
                "cms.context_processors.site",
            ],
        },
    },
]

# SQLite under var/ by default; DATABASE_URL switches to PostgreSQL.
# Persistent connections: closing after every request costs a large share of
# throughput on the public pages (see docs/architecture.md).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'vetted.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "vetted",
            # Fail fast when Redis is down: pages are then served from the database.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "vetted",
            # Bounds each process's memory: a cached article page is 30-60 KB.
            "OPTIONS": {
                "MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "1000"))
            },
        }
    }

# Limits that hold per client across every process and server (docs/feedback.md):
# Redis when configured, otherwise a database table, never per-process memory.
if REDIS_URL:
    CACHES["limits"] = {**CACHES["default"], "KEY_PREFIX": "vetted-limits"}
else:
    CACHES["limits"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "vetted_limits_cache",
    }
RATELIMIT_USE_CACHE = "limits"

# Work that leaves the request path (e-mail, registry checks) is queued in the
# database: any number of `manage.py db_worker` processes on any machine share
# one queue (docs/operations.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
if env_bool("FAST_PASSWORD_HASHER", False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "admin:login"

# Admin sign-in: django-axes locks an account from one address (and one address on
# any accounts); a per-account ceiling stops rotating addresses; the owner is
# e-mailed (cms/security.py, docs/security.md).
AUTHENTICATION_BACKENDS = [
    "cms.security.SignInBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# Every failure is kept (axes' AccessFailureLog) for the per-account ceiling.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
LOGIN_ACCOUNT_CEILING = int(os.environ.get("LOGIN_ACCOUNT_CEILING", "20"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.security.locked_out"
AXES_CLIENT_IP_CALLABLE = "core.clients.client_address"
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False  # lockouts are still logged as warnings

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
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
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Vetted <noreply@localhost>")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))  # workers never hang on SMTP

# django-markdownx: the editor posts to our own staff-only views
# (articles/editorial/endpoints.py), which render through articles.rendering and
# store uploads through core/images.py, as profile photos are.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.rendering.render_preview"
IMAGE_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_UPLOAD_MAX_SIZE = IMAGE_UPLOAD_MAX_SIZE
MARKDOWNX_UPLOAD_CONTENT_TYPES = ("image/png", "image/jpeg")
MARKDOWNX_MEDIA_PATH = "uploads/"

# Reader feedback. The salt keys the hash of client addresses (never stored raw).
FEEDBACK_HASH_SALT = os.environ.get("FEEDBACK_HASH_SALT", SECRET_KEY)
FEEDBACK_RATE = os.environ.get("FEEDBACK_RATE", "10/10m")
# django-ratelimit wants a shared cache; local memory is the single-process default,
# and Django's built-in Redis backend works though it is not on its list.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Public page caching (cms/middleware.py): browsers and shared caches may keep an
# anonymous page PUBLIC_MAX_AGE seconds and serve it stale while revalidating; the
# application page cache keeps it until a publication bumps the generation.
PUBLIC_MAX_AGE = int(os.environ.get("PUBLIC_MAX_AGE", "60"))
PUBLIC_STALE_WHILE_REVALIDATE = int(
    os.environ.get("PUBLIC_STALE_WHILE_REVALIDATE", "300")
)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)

# Reference look-ups (articles/evidence): Crossref, NCBI E-utilities and the PMC
# ID converter. The contact address goes with every request, as both registries
# ask (Crossref's polite pool, NCBI's tool/email), and defaults to CONTACT_EMAIL;
# an NCBI API key raises NCBI's limit from 3 to 10 requests a second.
CROSSREF_API_URL = os.environ.get("CROSSREF_API_URL", "https://api.crossref.org")
NCBI_EUTILS_URL = os.environ.get(
    "NCBI_EUTILS_URL", "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
)
PMC_IDCONV_URL = os.environ.get(
    "PMC_IDCONV_URL", "https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles/"
)
REGISTRY_CONTACT_EMAIL = (
    os.environ.get("REGISTRY_CONTACT_EMAIL", "").strip()
    or os.environ.get("CONTACT_EMAIL", "").strip()
)
NCBI_API_KEY = os.environ.get("NCBI_API_KEY", "").strip()
REGISTRY_TIMEOUT = float(os.environ.get("REGISTRY_TIMEOUT", "10"))
# The integrity report checks each reference against the registries at submission
# (docs/integrity.md); "0" turns that off. Read, and refused when it means
# nothing, by articles/integrity/config.py, like the other INTEGRITY_ settings
# (which it reads from the environment).
INTEGRITY_CHECK_REGISTRIES = os.environ.get("INTEGRITY_CHECK_REGISTRIES", "1")

# Editorial settings.
REVIEW_INTERVAL_DAYS = int(os.environ.get("REVIEW_INTERVAL_DAYS", "365"))
# How long a link for a reviewer outside the team works unless revoked.
OUTSIDE_REVIEW_DAYS = int(os.environ.get("OUTSIDE_REVIEW_DAYS", "14"))
# Chief editors are reminded of registrations expiring within this many days.
REGISTRATION_REMINDER_DAYS = 60
# The local hour (site time zone) from which the scheduler runs the daily jobs.
SCHEDULER_DAILY_HOUR = int(os.environ.get("SCHEDULER_DAILY_HOUR", "3"))
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "vetted-demo-2026")

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "level": LOG_LEVEL}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
