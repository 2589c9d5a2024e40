"""Settings for Naast, read from environment variables (see the README's configuration reference).

Secure by default: DEBUG is off unless DEBUG=1, and with DEBUG off every `check --deploy`
recommendation is on. Development (`./dev.sh start`) sets DEBUG=1 explicitly.
"""

import ipaddress
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/naast
REPO_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("NAAST_DATA_DIR", REPO_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Test settings (a development key, local hosts, plain static files, readable logs, no HTTPS
# redirects): `./dev.sh test` sets NAAST_TESTING=1, and a plain `pytest` gets them too, as pytest
# reads this file before any conftest.py could set the variable. That is the pytest process only:
# a command a test starts has the test settings when NAAST_TESTING=1 is in its environment.
TESTING = env_bool("NAAST_TESTING", "pytest" in sys.modules)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "naast-development-only-key-never-use-in-production-0123456789abcdef"
    else:
        raise ImproperlyConfigured("Set SECRET_KEY (50+ random characters) or DEBUG=1 for development.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A failed check shows a Naast page in the resident's language that keeps what they typed.
CSRF_FAILURE_VIEW = "naast.core.views.csrf_failure"
# Where Naast is reached, for links in e-mail sent without a web request (reminders, assignment
# notices). Default: https:// and the first host name in ALLOWED_HOSTS (production always serves
# https), or this machine's development server.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    _hosts = [h for h in ALLOWED_HOSTS if h not in ("*",) and not h.startswith(".")]
    if DEBUG or TESTING:
        SITE_URL = "http://127.0.0.1:8000"
    elif _hosts:
        SITE_URL = f"https://{_hosts[0]}"

INSTALLED_APPS = [
    "naast.core",
    "naast.taxonomies",
    "naast.organisations",
    "naast.accounts",
    "naast.registry",
    "naast.privacy",
    "naast.socialmap",
    "naast.intake",
    "naast.casework",
    "naast.reports",
    "naast.providers",
    "naast.awareness",
    "naast.selftest",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "naast.core.middleware.RequestLogMiddleware",
    "naast.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "naast.core.middleware.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "naast.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "naast.conf.urls"
WSGI_APPLICATION = "naast.conf.wsgi.application"

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
                "naast.core.context_processors.naast",
                "naast.organisations.context_processors.service",
            ],
        },
    }
]

# --- Database: SQLite file by default, PostgreSQL (production) when DATABASE_URL says so.
DEFAULT_SQLITE = f"sqlite:///{DATA_DIR / 'naast.sqlite3'}"
if not os.environ.get("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # WAL and a busy timeout let a WSGI server with several workers write without
        # "database is locked" errors; IMMEDIATE avoids lock upgrades deadlocking. A 64 MiB page
        # cache (the default is 2 MiB) keeps the indexes of a large map or registry in memory.
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;",
        }
    )
    # Tests use a file, not memory: the live server's threads then get their own connections
    # instead of sharing one (which races at shutdown). pytest-xdist adds a suffix per worker.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(DATA_DIR / "test_naast.sqlite3")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: Naast's queries are short, and PostgreSQL's cost estimate for a search
    # with filters crosses the JIT threshold, adding 20-100 ms of compiling to a 5 ms query.
    # random_page_cost 1.1 (SSD or a cached database, instead of the spinning-disk default 4):
    # otherwise reading a few thousand services by primary key looks dearer than scanning the
    # whole map. Set per connection so a shared server's other databases are not affected.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off -c random_page_cost=1.1")
    # Connection pooling (psycopg_pool, one pool per process): worth it with threaded workers
    # (gunicorn --threads); sync workers keep one connection each with DATABASE_CONN_MAX_AGE.
    # A pool and persistent connections exclude each other. See docs/deployment.md.
    # Behind pgbouncer in transaction mode a server-side cursor outlives its connection's turn.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS", False)
    if env_int("DATABASE_POOL_MAX_SIZE", 0) > 0:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN_SIZE", 1),
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 0),
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
        }
# An optional read replica (a PostgreSQL standby of the main database) for the reports' heavy reads:
# `naast.core.replica`, docs/deployment.md. Tests read it from the main test database (MIRROR).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off -c random_page_cost=1.1")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["naast.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions expire: after SESSION_HOURS of inactivity-independent lifetime and at browser close.
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False

# Login throttling (django-axes): lock an account+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The address axes counts failures for: the client's, read through Naast's trusted proxies
# (NAAST_TRUSTED_PROXIES), never the proxy's own address.
AXES_CLIENT_IP_CALLABLE = "naast.core.clientaddress.client_address"
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Naast")

# --- Languages: Dutch is the default. Residents' pages, e-mails and letters also in English,
# Arabic (right to left), Turkish, Polish and Ukrainian (the public catalogues of those four are
# in core/locale, see docs/translations.md); staff pages in Dutch and English only
# (naast.core.middleware.StaffLanguageMiddleware).
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Dutch")), ("en", _("English")), ("ar", _("Arabic")), ("tr", _("Turkish")), ("pl", _("Polish")),
    ("uk", _("Ukrainian")),
]
STAFF_LANGUAGES = ["nl", "en"]
LANGUAGE_COOKIE_NAME = "naast_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files: our own assets plus NL Design System CSS installed from npm by the setup.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
NODE_MODULES = REPO_DIR / "node_modules"
STATICFILES_DIRS = [
    (prefix, NODE_MODULES / path)
    for prefix, path in [
        ("vendor/utrecht", "@utrecht/component-library-css/dist"),
        ("vendor/utrecht-tokens", "@utrecht/design-tokens/dist"),
        ("vendor/htmx", "htmx.org/dist"),
    ]
    if (NODE_MODULES / path).is_dir()
]
# Only the NL Design System components the pages use, built by `naast build-css` (naast.core.nlds).
if (NODE_MODULES / ".naast-css").is_dir():
    STATICFILES_DIRS.append(("vendor/naast-utrecht", NODE_MODULES / ".naast-css"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if DEBUG or TESTING:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing directory
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))

# --- E-mail
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "naast@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)

# --- Security headers. With DEBUG off, every `check --deploy` recommendation is on by default.
SECURE = not DEBUG and not TESTING
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", SECURE)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SECURE)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging: structured (JSON) lines on stderr in production, readable lines in development.
# Every line passes naast.core.redaction: no URL secrets, no query values, no e-mail addresses or
# phone numbers. The filter sits on the one handler (everything written) and on Django's loggers
# that log requests, so other handlers of those records get them redacted as well.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG or TESTING else "json")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "naast.core.redaction.RedactingFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"filters": ["redact"]},
        "django.security": {"filters": ["redact"]},
        "django.server": {"level": "WARNING", "filters": ["redact"]},
        "axes": {"level": "WARNING"},
    },
}

# --- Naast's own settings (defaults from docs/domain.md §6; most are also editable per service).
# Reverse proxies in front of Naast (addresses or networks, e.g. "127.0.0.1,::1" for a TLS proxy on
# the same machine): only a request whose direct peer is one of them has its X-Forwarded-For read,
# from the right (naast.core.clientaddress). Empty: the direct peer is the client.
TRUSTED_PROXIES = env_list("NAAST_TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"NAAST_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network.") from _error

NAAST = {
    # Demo password printed by `./dev.sh start`; only used by `naast demo-data`.
    "DEMO_PASSWORD": os.environ.get("NAAST_DEMO_PASSWORD", "naast-demo-2026"),
    # Salt for de-identified keys (imports' client_key, exports). Defaults to SECRET_KEY.
    "HASH_SALT": os.environ.get("NAAST_HASH_SALT", SECRET_KEY),
    # Require every staff member to set up two-step login (TOTP) before using staff pages.
    "REQUIRE_2FA": env_bool("NAAST_REQUIRE_2FA", False),
    # Folder with the HSDS 3.0 schema files: `naast export-hsds` validates its output against it.
    "HSDS_SCHEMA_DIR": os.environ.get("NAAST_HSDS_SCHEMA_DIR", ""),
    "TRUSTED_PROXIES": TRUSTED_PROXIES,
    # Months after a help request was closed before `naast apply-retention` blanks its personal data.
    "RETENTION_MONTHS": os.environ.get("NAAST_RETENTION_MONTHS") or "24",
    # How long the audit log keeps its rows: `naast prune-audit` deletes older ones and keeps the
    # hash chain verifiable with a checkpoint (docs/security.md, "The audit log's hash chain").
    "AUDIT_RETENTION_YEARS": env_int("NAAST_AUDIT_RETENTION_YEARS", 7),
    # Social map: a service whose last check (by staff, or its provider's confirmation, HSDS
    # `assured_date`) is older than this many months is hidden from residents, never from staff,
    # and listed for follow-up; without any check its last change counts. 0 = never hidden.
    "MAP_HIDE_UNCHECKED_AFTER_MONTHS": env_int("NAAST_MAP_HIDE_UNCHECKED_AFTER_MONTHS", 24),
}
if not NAAST["RETENTION_MONTHS"].isdigit() or not 1 <= int(NAAST["RETENTION_MONTHS"]) <= 1200:
    raise ImproperlyConfigured(
        f"NAAST_RETENTION_MONTHS: {NAAST['RETENTION_MONTHS']!r} is not a whole number of months from 1 to 1200.")
NAAST["RETENTION_MONTHS"] = int(NAAST["RETENTION_MONTHS"])

# --- The front door (naast.intake): spam protection of the public form and the team's mailbox.
NAAST_INTAKE = {
    # Public form, per hour (0 = no limit, e.g. for a load test): posts of one resident (client
    # address and question) and posts from one client address in all (a library or care home
    # shares one); and the fewest seconds a person needs to fill it in (bots post at once).
    "RATE_LIMIT_PER_HOUR": env_int("NAAST_INTAKE_RATE_LIMIT_PER_HOUR", 10),
    "ADDRESS_LIMIT_PER_HOUR": env_int("NAAST_INTAKE_ADDRESS_LIMIT_PER_HOUR", 60),
    # Partner API: calls per key per hour (a key may have its own limit in the admin); calls with
    # an unknown key count per client address against the same limit. 0 = no limit.
    "PARTNER_API_RATE_LIMIT_PER_HOUR": env_int("NAAST_PARTNER_API_RATE_LIMIT_PER_HOUR", 120),
    "MIN_SECONDS_TO_SUBMIT": env_int("NAAST_INTAKE_MIN_SECONDS", 3),
    # E-mail intake (`naast fetch-mail`): the team's IMAP mailbox.
    "IMAP_HOST": os.environ.get("NAAST_IMAP_HOST", ""),
    "IMAP_PORT": env_int("NAAST_IMAP_PORT", 993),
    "IMAP_SECURITY": os.environ.get("NAAST_IMAP_SECURITY", "ssl"),  # ssl, starttls or none
    "IMAP_USER": os.environ.get("NAAST_IMAP_USER", ""),
    "IMAP_PASSWORD": os.environ.get("NAAST_IMAP_PASSWORD", ""),
    "IMAP_FOLDER": os.environ.get("NAAST_IMAP_FOLDER", "INBOX"),
    "IMAP_DONE_FOLDER": os.environ.get("NAAST_IMAP_DONE_FOLDER", "Verwerkt"),
    "ATTACHMENT_MAX_BYTES": env_int("NAAST_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024),
    "ATTACHMENT_TYPES": env_list(
        "NAAST_ATTACHMENT_TYPES",
        "application/pdf,image/jpeg,image/png,image/heic,text/plain,"
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/msword",
    ),
}

# --- The provider register (naast.providers): its public page answers 404 unless the service
# publishes it (`NAAST_PUBLIC_PROVIDER_REGISTER=1`).
NAAST_PUBLIC_PROVIDER_REGISTER = env_bool("NAAST_PUBLIC_PROVIDER_REGISTER", False)
