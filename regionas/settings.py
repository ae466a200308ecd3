"""Regionas settings: one file, driven by environment variables.

Safe defaults for a laptop (SQLite, in-process tasks, console e-mail); every value a
production deployment needs is read from the environment and checked here, so a bad
value stops the start with a message instead of surfacing later as a strange error.
"""

import os
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
RUNNING_TESTS = "pytest" in sys.modules

env = environ.Env()
if (BASE_DIR / ".env").is_file() and not RUNNING_TESTS:
    environ.Env.read_env(BASE_DIR / ".env")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A strict boolean: anything but the known spellings is a configuration error."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = env.str(name, default=None)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; set but empty (``OTP_REQUIRED_ROLES=``) is an empty list."""
    if name not in os.environ:
        return default
    raw = os.environ[name]
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- core ------------------------------------------------------------------------------

# A checkout with no configuration at all is a laptop: development mode by default, so
# `manage.py makemigrations` works out of the box. Any production setting present (or a
# .env file) turns the default off, and then every required value must be given.
_CONFIGURED = (BASE_DIR / ".env").is_file() or any(
    name in os.environ for name in ("SECRET_KEY", "DATABASE_URL", "PORTAL_BASE_URL",
                                    "ALLOWED_HOSTS", "CELERY_BROKER_URL"))
DEBUG = env_bool("DEBUG", not _CONFIGURED and not RUNNING_TESTS)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG or RUNNING_TESTS:
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
elif not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is empty.")

PORT = env_int("PORT", 8000, minimum=1)  # the development server's port (make run)
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default=f"http://127.0.0.1:{PORT}").rstrip("/")
_base = urlsplit(PORTAL_BASE_URL)
if _base.scheme not in {"http", "https"} or not _base.hostname:
    raise ImproperlyConfigured(
        f"PORTAL_BASE_URL={PORTAL_BASE_URL!r} must be an absolute http(s) address."
    )
if not DEBUG and not RUNNING_TESTS and _base.scheme != "https":
    raise ImproperlyConfigured("PORTAL_BASE_URL must use https when DEBUG is off.")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"{_base.scheme}://{_base.netloc}"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "template_partials",
    "simple_history",
    "paskyros.apps.AxesConfig",
    "django_otp",
    "paskyros.apps.TotpConfig",
    "paskyros.apps.StaticConfig",
    # the portal's own apps, lowest floor first
    "portalas",
    "paskyros",
    "bibliotekos",
    "ataskaitos",
    "statistika",
    "mokymai",
    "projektai",
    "konsultacijos",
    "tyrimai",
    "viesinimas",
    "bendradarbiavimas",
    "apdovanojimai",
    "archyvas",
    "pirkimai",
    "pavedimai",
    "planavimas",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "regionas.middleware.IncidentMiddleware",
    "portalas.memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless its view is marked @login_not_required (the
    # sign-in, password reset, invitation, language switch and health check pages).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "paskyros.middleware.NoStoreMiddleware",
    "paskyros.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "paskyros.middleware.SessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "paskyros.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "regionas.urls"
WSGI_APPLICATION = "regionas.wsgi.application"

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csrf",
                "portalas.context_processors.portal",
            ],
        },
    },
]

# --- database --------------------------------------------------------------------------

DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
_db_scheme = urlsplit(DATABASE_URL).scheme
if _db_scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {_db_scheme!r} is not supported (use postgres:// or sqlite:///)."
    )
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if USING_POSTGRES:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
else:
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts and sign-in --------------------------------------------------------------

AUTH_USER_MODEL = "paskyros.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "paskyros.backends.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if RUNNING_TESTS:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "paskyros.validators.MaximumLengthValidator"},
]
LOGIN_URL = "paskyros:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "paskyros:login"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_HOURS", 24, minimum=1) * 3600
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14, minimum=1)

# Login throttling: five failures for one e-mail, or twenty from one address, lock for
# fifteen minutes. Unknown e-mails count the same way, so the answer never tells whether
# an account exists.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 20, minimum=1)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "paskyros/locked_out.html"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "paskyros.throttling.client_ip"
AXES_VERBOSE = False
# Axes warns when it does not lock by address. We lock accounts by e-mail in axes and
# throttle addresses ourselves (paskyros.throttling), with a limit that a library's shared
# router can live with; see that module.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Sessions live in the database, so a cache outage never signs anyone out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_HOURS", 12, minimum=1) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Second factor (TOTP). Roles listed here must confirm a one-time code after the password.
OTP_REQUIRED_ROLES = set(env_list("OTP_REQUIRED_ROLES", ["admin"]))
_known_roles = {"admin", "staff", "management", "librarian"}
if not _known_roles >= OTP_REQUIRED_ROLES:
    raise ImproperlyConfigured(
        f"OTP_REQUIRED_ROLES has unknown roles: {sorted(OTP_REQUIRED_ROLES - _known_roles)}"
    )
OTP_TOTP_ISSUER = env.str("OTP_ISSUER", default="Regionas")

# --- language, time, formats -----------------------------------------------------------

LANGUAGE_CODE = "lt"
LANGUAGES = [("lt", _("Lithuanian")), ("en", _("English"))]
# locale/: the portal's own strings (makemessages); locale_thirdparty/: Lithuanian for
# the packages that ship none (django-filter, django-axes, django-otp, simple-history).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]
LANGUAGE_COOKIE_NAME = "regionas_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Vilnius"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["regionas.formats"]

# --- static and uploaded files ---------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or RUNNING_TESTS
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or RUNNING_TESTS

UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 10, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# --- e-mail ----------------------------------------------------------------------------

EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
_email_scheme = urlsplit(EMAIL_URL).scheme
if _email_scheme not in {"consolemail", "smtp", "smtps", "smtp+tls", "smtp+ssl", "dummymail",
                         "filemail", "memorymail"}:
    raise ImproperlyConfigured(f"EMAIL_URL scheme {_email_scheme!r} is not supported.")
vars().update(env.email_url_config(EMAIL_URL))
if _email_scheme == "filemail":  # django-environ drops the leading "/" of an absolute path
    EMAIL_FILE_PATH = urlsplit(EMAIL_URL).path or str(BASE_DIR / "var" / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Regionas <regionas@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20
EMAIL_SUBJECT_PREFIX = "[Regionas] "

# --- tasks -----------------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
if CELERY_BROKER_URL and urlsplit(CELERY_BROKER_URL).scheme not in {"redis", "rediss", "memory"}:
    raise ImproperlyConfigured("CELERY_BROKER_URL must be a redis:// address.")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"  # never used (tasks run eagerly); keeps kombu quiet
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker, documents render in one background thread of the web process, so a
# request returns at once and the page shows progress (tests render in place).
DOCUMENTS_IN_THREAD = env_bool("DOCUMENTS_IN_THREAD",
                               CELERY_TASK_ALWAYS_EAGER and not RUNNING_TESTS)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(
    Path(env.str("CELERY_BEAT_SCHEDULE_DIR", default=str(BASE_DIR / "var"))) / "celerybeat-schedule"
)

REPORT_RETENTION_DAYS = env_int("REPORT_RETENTION_DAYS", 30, minimum=1)

# --- cache -----------------------------------------------------------------------------

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- security headers ------------------------------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
CSRF_FAILURE_VIEW = "regionas.views.csrf_failure"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not RUNNING_TESTS)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = not RUNNING_TESTS
    CSRF_COOKIE_SECURE = not RUNNING_TESTS
    LANGUAGE_COOKIE_SECURE = not RUNNING_TESTS
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- publicity -------------------------------------------------------------------------

# Whether the publicity log reads a publication's title and date from its link. Off by
# default: an intranet often has no way out, and a fetcher is a door into the network
# (it refuses private and loopback addresses, after name resolution and on every redirect).
PUBLICITY_FETCH_LINKS = env_bool("PUBLICITY_FETCH_LINKS", False)
PUBLICITY_FETCH_TIMEOUT = env_int("PUBLICITY_FETCH_TIMEOUT", 5, minimum=1)
PUBLICITY_FETCH_MAX_BYTES = env_int("PUBLICITY_FETCH_MAX_BYTES", 1_000_000, minimum=10_000)
# The one origin allowed to embed the public activity calendar in a frame (the Library's
# website, e.g. https://www.biblioteka.lt); empty: nobody may.
PUBLIC_CALENDAR_EMBED_ORIGIN = env.str("PUBLIC_CALENDAR_EMBED_ORIGIN", default="").rstrip("/")
if PUBLIC_CALENDAR_EMBED_ORIGIN and not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?",
                                                     PUBLIC_CALENDAR_EMBED_ORIGIN):
    raise ImproperlyConfigured("PUBLIC_CALENDAR_EMBED_ORIGIN is one origin, such as "
                               "https://www.biblioteka.lt (no path, no wildcard).")

# --- forms and tables ------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "includes/table.html"

# --- trainings -------------------------------------------------------------------------

# The length of one academic hour in minutes: a training's hours on its certificate count
# in these (45 in Lithuanian professional development; some providers count 60).
ACADEMIC_HOUR_MINUTES = env.int("ACADEMIC_HOUR_MINUTES", default=45)
if not 30 <= ACADEMIC_HOUR_MINUTES <= 60:
    raise ImproperlyConfigured("ACADEMIC_HOUR_MINUTES must be between 30 and 60.")
# A certificate's number: {year} and {seq} (the year's running number, from 1).
CERTIFICATE_NUMBER_PATTERN = env.str("CERTIFICATE_NUMBER_PATTERN", default="KT-{year}-{seq:04d}")
try:
    _certificate_number = CERTIFICATE_NUMBER_PATTERN.format(year=2026, seq=1)
except (KeyError, IndexError, ValueError):
    raise ImproperlyConfigured("CERTIFICATE_NUMBER_PATTERN may use only {year} and {seq}, "
                               "e.g. KT-{year}-{seq:04d}.") from None
if "{seq" not in CERTIFICATE_NUMBER_PATTERN or not 1 <= len(_certificate_number) <= 30:
    raise ImproperlyConfigured("CERTIFICATE_NUMBER_PATTERN must contain {seq} and give "
                               "numbers of at most 30 characters.")
# Who signs the certificates (name, post) and where they are issued, as printed on them.
CERTIFICATE_SIGNER_NAME = env.str("CERTIFICATE_SIGNER_NAME", default="")
CERTIFICATE_SIGNER_TITLE = env.str("CERTIFICATE_SIGNER_TITLE",
                                   default="Metodinės veiklos skyriaus vedėjas")
CERTIFICATE_PLACE = env.str("CERTIFICATE_PLACE", default="Klaipėda")
# How many days after a training's last day its participants may still answer the feedback
# questionnaire (the invitations go out when the event is held).
FEEDBACK_DAYS = env.int("FEEDBACK_DAYS", default=14)
if not 1 <= FEEDBACK_DAYS <= 90:
    raise ImproperlyConfigured("FEEDBACK_DAYS must be between 1 and 90.")
# How many years after a training's last day its participants' registrations, attendance
# and certificate holders stay linked to them (the certificate register, restricted); then
# the nightly task detaches them (numbers, hours and the year's figures stay).
PERSONAL_DATA_RETENTION_YEARS = env.int("PERSONAL_DATA_RETENTION_YEARS", default=10)
if not 1 <= PERSONAL_DATA_RETENTION_YEARS <= 100:
    raise ImproperlyConfigured("PERSONAL_DATA_RETENTION_YEARS must be between 1 and 100.")
# Who organises the trainings, as the certificates and the calendar name it.
TRAINING_ORGANISER = env.str("TRAINING_ORGANISER",
                             default="Regiono viešosios bibliotekos Metodinės veiklos skyrius")

# --- procurement and assignments ------------------------------------------------------

# The low-value purchase thresholds without VAT (Law on Public Procurement, art. 2(15)):
# they change by law, so they are settings. A purchase planned at or above its kind's
# threshold is not low-value and goes into the year's summary (pirkimų suvestinė).
PROCUREMENT_LOW_VALUE_GOODS_SERVICES = env.int("PROCUREMENT_LOW_VALUE_GOODS_SERVICES",
                                               default=70_000)
PROCUREMENT_LOW_VALUE_WORKS = env.int("PROCUREMENT_LOW_VALUE_WORKS", default=174_000)
if not 0 < PROCUREMENT_LOW_VALUE_GOODS_SERVICES <= PROCUREMENT_LOW_VALUE_WORKS:
    raise ImproperlyConfigured("PROCUREMENT_LOW_VALUE_GOODS_SERVICES must be positive and "
                               "not above PROCUREMENT_LOW_VALUE_WORKS.")
# A year's sum of one CPV code at this share (%) of its threshold is warned about (a
# purchase split into low-value parts).
PROCUREMENT_WARNING_PERCENT = env.int("PROCUREMENT_WARNING_PERCENT", default=80)
if not 1 <= PROCUREMENT_WARNING_PERCENT <= 100:
    raise ImproperlyConfigured("PROCUREMENT_WARNING_PERCENT must be between 1 and 100.")
# The summary of the year's planned purchases is published in CVP IS by this day (MM-DD);
# staff are reminded PROCUREMENT_SUMMARY_REMIND_DAYS before.
PROCUREMENT_SUMMARY_DUE = env.str("PROCUREMENT_SUMMARY_DUE", default="03-15")
try:
    _summary_due = date(2025, *map(int, PROCUREMENT_SUMMARY_DUE.split("-")))
except (TypeError, ValueError):
    raise ImproperlyConfigured("PROCUREMENT_SUMMARY_DUE is a day of the year as MM-DD, "
                               "e.g. 03-15.") from None
PROCUREMENT_SUMMARY_REMIND_DAYS = env.int("PROCUREMENT_SUMMARY_REMIND_DAYS", default=14)
# Contracts ending within this many days are listed as ending soon.
PROCUREMENT_CONTRACT_ENDING_DAYS = env.int("PROCUREMENT_CONTRACT_ENDING_DAYS", default=60)
# An assignee is reminded this many working days before an assignment's deadline.
ASSIGNMENT_REMIND_DAYS = env.int("ASSIGNMENT_REMIND_DAYS", default=3)

# --- logging: UTC timestamps, no personal data -----------------------------------------

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r} is not a logging level.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "utc": {
            "()": "regionas.logging.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "utc"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
