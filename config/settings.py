"""Settings for the practice-management app.

Everything that differs between machines comes from the environment (or an ignored
`.env` file beside `manage.py`); `.env.example` documents each variable.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Key-encryption keys for the key ring, "id:base64key" separated by commas. The first
# one wraps new data keys; every one listed can unwrap. See practice/keyring.py.
ENCRYPTION_KEYS = env.str("ENCRYPTION_KEYS", default="")
# The audit chain's HMAC key (at least 32 characters). Kept like ENCRYPTION_KEYS: in the
# environment, never in the database or its backups. See practice/audit/keys.py.
AUDIT_KEY = env.str("AUDIT_KEY", default="")
# Where `audit_checkpoint --send` mails the signed checkpoint (default: the practice's
# e-mail address from its profile); the data-protection contact keeps these lines.
AUDIT_CHECKPOINT_EMAIL = env.str("AUDIT_CHECKPOINT_EMAIL", default="")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "practice",
    "records",
    "clients",
    "contracting",
    "disclosures",
    "subject_access",
    "rights",
    "wills",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "practice.sources.SourceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "practice.middleware.IdleTimeoutMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "practice.middleware.SecondFactorMiddleware",  # django-otp's, with roles and device held
    "practice.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "practice.middleware.BrowserPolicyMiddleware",
    "practice.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "practice.context_processors.navigation",
            ],
        },
    },
    # The busiest pages' tables (issue 26), from each app's jinja2/ folder: see
    # practice/jinja_environment.py.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "practice.jinja_environment.environment"},
    },
]
# Form widgets are rendered from Django's own Jinja2 copies of its widget templates: the
# same markup, at a fraction of the cost (the audit trail's filter lists every action, and
# each option was a template include; issue 26).
FORM_RENDERER = "django.forms.renderers.Jinja2"

# Databases. SQLite in the ignored data/ folder unless DATABASE_URL says otherwise.
# IDENTITY_DATABASE_URL (optional) keeps client identity in a second database.
# An empty value (as copied from .env.example) means "use the default".
DATA_DIR = Path(env.str("DATA_DIR", default="") or BASE_DIR / "data")
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{DATA_DIR / 'practice.sqlite3'}"
    ),
}
if env.str("IDENTITY_DATABASE_URL", default=""):
    DATABASES["identity"] = env.db_url("IDENTITY_DATABASE_URL")
DATABASE_ROUTERS = ["practice.routers.IdentityRouter"]


def _tune(database: dict) -> None:
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE transactions take the write lock up front, so two requests that both
        # append to the audit chain queue instead of failing; WAL lets readers carry on.
        options = database.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    else:
        database.setdefault("CONN_MAX_AGE", 60)
        # A health check is a `SELECT 1` before the first query of every request: a round
        # trip each time, to spare the one request that would meet a connection the server
        # dropped (a restart). Off by default: Django discards a connection that failed at
        # the end of that request, and the next gets a new one (issue 26). Turn it on with
        # DATABASE_HEALTH_CHECKS=on where the server is often restarted under load.
        database.setdefault("CONN_HEALTH_CHECKS", env.bool("DATABASE_HEALTH_CHECKS", default=False))


for _database in DATABASES.values():
    _tune(_database)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "practice.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password-reset links work for one hour.
PASSWORD_RESET_TIMEOUT = 3600
# Changes that could hand over an account wait this long for a second person's approval;
# no reset link goes to an address someone else set within the cooling days.
ACCOUNT_CHANGE_HOURS = env.int("ACCOUNT_CHANGE_HOURS", default=48)
EMAIL_CHANGE_COOLING_DAYS = 7
# Roles held at any time in this many days (and any change to roles in them) decide
# whether a change to someone else's account needs a second person.
ACCOUNT_ROLE_WINDOW_DAYS = 30
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after an idle period and when the browser closes. They live in a cache
# (the "sessions" alias below), and a request writes its session only when something in
# it changed: practice.middleware.IdleTimeoutMiddleware refreshes the idle stamp at most
# once a minute and ends a session idle for SESSION_IDLE_MINUTES, to the minute.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
SESSION_CACHE_ALIAS = "sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "practice.views.errors.csrf_failure"

# HTTPS is on unless the environment says the site is served over plain HTTP on this
# machine (make run writes HTTPS=off into the local .env).
HTTPS = env.bool("HTTPS", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The address people reach the site at, for links printed in documents (the complaint form
# in the agreement and the privacy notice). Without SITE_URL: the first allowed host.
SITE_URL = env.str("SITE_URL", default="").rstrip("/") or (
    f"{'https' if HTTPS else 'http'}://{ALLOWED_HOSTS[0].lstrip('.')}"
    if ALLOWED_HOSTS and ALLOWED_HOSTS[0] != "*"
    else ""
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# django-axes: lock a username (from anywhere), or one address (whatever browser it claims
# to be: a User-Agent is free to change), after repeated failures.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default="") or BASE_DIR / "staticfiles")
# Files browsers ask for at the site's root (favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "files")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="practice@localhost")

# Logs carry references and actions only; client content never reaches a logger.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403, 404, 400) is one line ("Forbidden: /path"), not a traceback.
    "filters": {"refusals": {"()": "practice.log_filters.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates every PDF step at INFO; only problems belong in the log.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Events per page of the admin audit trail (keyset pagination, newest first).
AUDIT_PAGE_SIZE = env.int("AUDIT_PAGE_SIZE", default=50)
# Rows per page of the other working lists (disclosures, account changes, retention,
# subject access): practice.paging.page_of.
LIST_PAGE_SIZE = env.int("LIST_PAGE_SIZE", default=25)

# Two-factor sign-in (django-otp): TOTP from an authenticator app, or a one-time recovery
# code. Sensitive actions need a second-factor check within the last few minutes.
OTP_TOTP_ISSUER = env.str("OTP_ISSUER", default="Confidential Practice")
OTP_TOTP_THROTTLE_FACTOR = 1
REAUTH_MINUTES = env.int("REAUTH_MINUTES", default=5)
# An authenticator waiting to be confirmed expires after this many minutes.
ENROLMENT_MINUTES = 15
RECOVERY_CODE_COUNT = 10

# Passkeys (django-otp-webauthn) as an alternative second factor, never as a password
# replacement. The relying party is the host being served; origins beyond the served one
# may be listed in PASSKEY_ORIGINS.
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_RP_ID_CALLABLE = "practice.passkeys.relying_party_id"
OTP_WEBAUTHN_HELPER_CLASS = "practice.passkeys.PasskeyHelper"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list("PASSKEY_ORIGINS", default=[]) or [
    f"https://{host}" for host in ALLOWED_HOSTS if "*" not in host and host != "."
] + ["http://localhost"]

# Strict Content-Security-Policy (django-csp): no inline script or style, nothing from
# another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Caches shared by all web processes: rate limits ("default") and sessions ("sessions").
# Embedded default: tables in the database (`migrate_all` creates them). With REDIS_URL
# set, both live in Redis instead and a signed-in request touches no database row for its
# session. The session table sheds expired sessions once it passes MAX_ENTRIES (far more
# than a practice has people signed in at once; the cull would otherwise sign people out).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"practice:{alias}",
        }
        for alias in ("default", "sessions")
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "practice_cache",
        },
        "sessions": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "practice_sessions",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }

# Contracting: how long a signing link sent to a client stays valid.
CONTRACT_LINK_HOURS = env.int("CONTRACT_LINK_HOURS", default=72)

# Background work (Django's tasks API through the django-tasks backport). The embedded
# default keeps the queue in the database and `python manage.py db_worker` runs it (make run
# starts one beside the web server). Past one machine: TASKS_BACKEND=rq with Redis at
# REDIS_URL and `python manage.py rqworker --job-class django_tasks_rq.Job default`.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="") or "database"
RQ_REDIS_URL = REDIS_URL or "redis://127.0.0.1:6379/0"
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": RQ_REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Subject access: how long a released archive may be downloaded, and when a compile that
# has stopped reporting progress counts as dead (so it can be retried).
SUBJECT_ACCESS_DOWNLOAD_DAYS = env.int("SUBJECT_ACCESS_DOWNLOAD_DAYS", default=14)
SUBJECT_ACCESS_STALL_MINUTES = env.int("SUBJECT_ACCESS_STALL_MINUTES", default=10)

# Evidence kept with a disclosure request (a court order, a police request): at most this
# many bytes per file. Uploads are held in memory only, never written to a temporary file
# (it would be plaintext on disk): a body larger than the limit is not read as a file at
# all, and the page says the file is too big.
DISCLOSURE_EVIDENCE_MAX_BYTES = env.int("DISCLOSURE_EVIDENCE_MAX_BYTES", default=5 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = DISCLOSURE_EVIDENCE_MAX_BYTES + 64 * 1024  # the form's fields

# The professional will (issue 25): how long a therapist has to cancel an activation they
# were told of (not when the reason is death), how long access lasts once it begins, and
# how recently a client's therapy may have ended for the executor still to see them.
WILL_CANCEL_WINDOW_HOURS = env.int("WILL_CANCEL_WINDOW_HOURS", default=48)
WILL_ACCESS_DAYS = env.int("WILL_ACCESS_DAYS", default=30)
WILL_RECENTLY_ENDED_DAYS = env.int("WILL_RECENTLY_ENDED_DAYS", default=90)
WILL_INVITATION_HOURS = env.int("WILL_INVITATION_HOURS", default=72)
