"""Settings of the Loket Flexibilisering Asielketen.

Everything comes from the environment (see `.env.example`). With nothing set the portal runs for
development: SQLite under `var/`, Celery eager in-process, mail written to `var/mail/`.
Production sets DATABASE_URL, CELERY_BROKER_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and mail.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

TESTING = "pytest" in sys.modules
DEBUG = env.bool("DEBUG", default=False)
# `manage.py makemigrations` only compares the models with the migrations: it signs nothing, serves
# nothing and caches nothing, so it runs without SECRET_KEY and REDIS_URL (CI, a newcomer, a hook)
MODELS_ONLY = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] == ["makemigrations"]

# Only debug mode (`make run` sets DEBUG=true) and the test suite may sign with the fixed key in the
# repository. With DEBUG off the portal refuses to start without its own SECRET_KEY, whatever else
# is set: anyone could otherwise forge the signed links and cookies (unsubscribe, confirmation).
LOCAL_DEVELOPMENT = "DATABASE_URL" not in env  # SQLite under var/ (demo and bench data allowed)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG or TESTING or MODELS_ONLY:
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105 - refused in production
    else:
        raise ImproperlyConfigured(
            "De omgevingsvariabele SECRET_KEY ontbreekt: zet SECRET_KEY op een lange geheime waarde "
            "(of DEBUG=true op een ontwikkelmachine)."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address for links in mails. Locally (`make run HOST=... PORT=8101`, DEBUG on) it
# follows the address runserver serves when SITE_URL itself is not set.
if env.str("SITE_URL", default=""):
    SITE_URL = env.str("SITE_URL").rstrip("/")
elif DEBUG:
    _run_host = env.str("HOST", default="") or "127.0.0.1"
    _run_host = "127.0.0.1" if _run_host == "0.0.0.0" else _run_host  # noqa: S104 - a bind-all address is no link
    SITE_URL = f"http://{_run_host}:{env.str('PORT', default='') or '8000'}"
else:
    SITE_URL = "http://127.0.0.1:8000"

INSTALLED_APPS = [
    "loket.apps.LoketAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "axes",
    "csp",
    "django_ratelimit",
    "rest_framework",
    "drf_spectacular",
    "loket",
    "questions",
    "experts",
    "plans",
    "monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "loket.accounts.security.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "loket.core.readonly.ReadOnlyMiddleware",
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
                "loket.portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'loket.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No JIT compilation: the portal's queries are short, and the planner's JIT threshold is crossed by
    # the estimates of a full export (50,000 signals with per-row subqueries), where compiling cost
    # ~2.8 s for a query that runs in 1.6 s (issue 21; docs/explain.md). PG_JIT=on gives it back.
    if not env.bool("PG_JIT", default=False):
        pg_options = DATABASES["default"].setdefault("OPTIONS", {})
        pg_options["options"] = f"{pg_options.get('options', '')} -c jit=off".strip()
else:
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (Redis in production) ----------------------------------------------------------------
# django-redis with IGNORE_EXCEPTIONS: Redis unreachable is a cache miss, never an error. Reads give
# None (every cached thing is then read from the database), writes and deletes are skipped; the
# error is logged by `loket.cache`, at most once a minute (loket.core.logfilters.OncePerInterval).
# Short socket timeouts keep a request fast when Redis hangs or its host does not answer.
REDIS_URL = env.str("REDIS_URL", default="")
REDIS_CACHE_OPTIONS = {
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CONNECT_TIMEOUT", default=0.5),
    "SOCKET_TIMEOUT": env.float("REDIS_SOCKET_TIMEOUT", default=0.5),
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "loket.cache"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "loket",
            "TIMEOUT": 300,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
elif DEBUG or TESTING or MODELS_ONLY or env.bool("ALLOW_LOCAL_CACHE", default=False):
    # One process (runserver, the test suite), or a benchmark that says so explicitly: a cache of its own.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Several workers each with a cache of their own: rate limits, logout (cached sessions) and the
    # cached lists would not hold across workers.
    raise ImproperlyConfigured(
        "De omgevingsvariabele REDIS_URL ontbreekt: zonder gedeelde cache houden rate limits, uitloggen "
        "en de lijsten in de cache niet over alle workers. Zet REDIS_URL (of DEBUG=true op een ontwikkelmachine)."
    )

# --- Rate limits (django-ratelimit on the default cache: loket/core/ratelimits.py) ---------------
# One place for every rate ("5/h", "200/d", "1/10m"; empty: off), each overridable from the
# environment. `<name>.ip` counts per client address (loket.core.http.client_ip, proxies honoured),
# `<name>.all` all clients together, `<name>.address` per e-mail address. New questions and replies
# keep their own QUESTIONS_RATE_LIMIT (questions section).
LOKET_RATE_LIMITS = {
    "newsletter.ip": env.str("RATE_LIMIT_NEWSLETTER_IP", default="5/h"),
    "newsletter.all": env.str("RATE_LIMIT_NEWSLETTER_ALL", default="200/h"),
    "experts.manage_link.ip": env.str("RATE_LIMIT_EXPERT_LINK_IP", default="5/h"),
    "experts.manage_link.all": env.str("RATE_LIMIT_EXPERT_LINK_ALL", default="100/h"),
    "experts.manage_link.address": env.str("RATE_LIMIT_EXPERT_LINK_ADDRESS", default="1/10m"),
    "password_reset.ip": env.str("RATE_LIMIT_PASSWORD_RESET_IP", default="5/h"),
    "password_reset.all": env.str("RATE_LIMIT_PASSWORD_RESET_ALL", default="100/h"),
    "password_reset.address": env.str("RATE_LIMIT_PASSWORD_RESET_ADDRESS", default="3/h"),
    # The open-data API (loket.api): per client address, and per API key for partner systems.
    # New questions (web and mail) count in questions/limits.py with QUESTIONS_RATE_LIMIT.
    "api.ip": env.str("RATE_LIMIT_API_IP", default="60/m"),
    "api.token": env.str("RATE_LIMIT_API_TOKEN", default="120/m"),
}
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "loket.core.ratelimits.client_key"
RATELIMIT_HASH_ALGORITHM = "hashlib.sha256"
# A cache outage must not turn askers away: a limit that cannot be counted is not reached.
RATELIMIT_FAIL_OPEN = True
SILENCED_SYSTEM_CHECKS = [
    # Django's own RedisCache increments atomically (INCRBY); django-ratelimit only knows django-redis.
    "django_ratelimit.W001",
    # Without REDIS_URL (local development, tests) the cache is per process: limits count per process.
    *([] if REDIS_URL else ["django_ratelimit.E003"]),
]

# --- Open-data API (loket.api; README, "Open data en API") -----------------------------------------
# Django REST framework: read-only open data for everyone, plan locations for partner systems with
# their API key (Authorization: Token <sleutel>) or a logged-in session. No browsable API
# (inline scripts would break the CSP): JSON and CSV only. Rate limits in loket.core.ratelimits.
REST_FRAMEWORK = {
    # A logged-in browser may try the API too (its session, with CSRF on every change).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "loket.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "loket.api.renderers.CsvRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["loket.api.throttles.LoketRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "loket.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "URL_FORMAT_OVERRIDE": "format",
    "EXCEPTION_HANDLER": "loket.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Loket Flexibilisering Asielketen: open data",
    "DESCRIPTION": (
        "Openbare cijfers van het loket (Wet open overheid): gepubliceerde publicaties, de gepubliceerde "
        "prognoses met de verdeling per provincie en het vastgestelde capaciteitsbeeld per kwartaal, "
        "provincie en locatietype. Lezen kan zonder sleutel. Partnersystemen lezen en wijzigen met een "
        "API-sleutel (van de profielpagina) de locaties van het conceptplan van hun provincie."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
}

# --- Authentication -----------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "loket.accounts.auth.UsernameOrEmailBackend",
]
LOGIN_URL = "loket:login"
LOGIN_REDIRECT_URL = "loket:home"
LOGOUT_REDIRECT_URL = "loket:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "loket.accounts.security.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},  # Dutch message
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
# A new e-mail address on the profile counts only after the link mailed to it; valid this long (seconds).
EMAIL_CHANGE_MAX_AGE = env.int("EMAIL_CHANGE_MAX_AGE", default=60 * 60 * 48)
if TESTING:  # fast hashing keeps the suite quick; never used outside tests
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sessions end after inactivity (every request renews the expiry). Every session is in the database
# and, for speed, in the shared cache (Redis, required without DEBUG): all workers see the same
# sessions. Redis unreachable: the cache misses and sessions are read from and written to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60)
# Renewed while in use, at most every SESSION_RENEW_AFTER seconds (loket.security.SessionRenewalMiddleware),
# instead of a database write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_AFTER = env.int("SESSION_RENEW_AFTER", default=300)
SESSION_COOKIE_HTTPONLY = True

# Login throttling (django-axes): failed attempts count against the account they resolve to
# (username or e-mail address, any capitalisation: loket.accounts.auth.lockout_username) and,
# separately, against the client address; either reaching AXES_FAILURE_LIMIT locks.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_LOCKOUT_TEMPLATE = "loket/lockout.html"
# No reset on success: with a lock per IP address a reset would also wipe that address's failures,
# so logging in to one's own account between guesses would give unlimited guesses. Failures expire
# after AXES_COOLOFF_TIME.
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "loket.accounts.auth.lockout_username"
# Trusted proxies in front of the portal (0: none, X-Forwarded-For is ignored). loket.core.http.client_ip
# reads it; the login lock, the audit log and the rate limits all use that one client address.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "loket.core.http.client_ip"
AXES_VERBOSE = False

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates, times and numbers written one way (config/formats/nl/formats.py; README, "Notaties").
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Where the archive export of the closing page writes its BagIt packages (manage.py export_archive takes --output).
ARCHIVE_ROOT = Path(env.str("ARCHIVE_ROOT", default=str(VAR_DIR / "archief")))
MEDIA_URL = "/media/"  # never served directly: attachments go through views that check access
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# Limits of loket.core.uploads.check_upload per caller (the rules themselves are the same for all).
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # an attachment to a question or a publication
MAX_ATTACHMENT_UNPACKED_BYTES = 100 * 1024 * 1024  # a zip-based office attachment, unpacked
PLAN_IMPORT_MAX_BYTES = 2 * 1024 * 1024  # an XLSX or CSV file imported into a plan or a prognosis round
PLAN_IMPORT_MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # an imported XLSX, unpacked

# --- Mail ---------------------------------------------------------------------------------------
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=bool(EMAIL_HOST))
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# `manage.py check` asks the SMTP server whether it offers STARTTLS (EMAIL_USE_TLS on), with a short
# timeout; the Celery worker always asks at start-up (loket.core.checks).
EMAIL_CHECK_SERVER = env.bool("EMAIL_CHECK_SERVER", default=False)
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if EMAIL_HOST
        else "django.core.mail.backends.filebased.EmailBackend"
    ),
)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Loket Flexibilisering Asielketen <loket@example.nl>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = TESTING
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
# Mail, mailings and reminders are fire-and-forget: nobody waits for their result, so no result is
# stored and sending a task does not subscribe to its result channel (a Redis round trip per task,
# ~1 ms of every question submission). A task whose result is read says ignore_result=False (ping).
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task taken by a worker that died (acks_late) is handed out again after visibility_timeout seconds.
# Sending a task from a page never waits for a dead broker: a short connect timeout, no retries on
# publish (loket.core.outbox keeps the task when the send fails; the beat hands it over later).
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=0.5)
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "max_retries": 0,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Each app adds its periodic tasks below, in its own section; django-celery-beat copies them
# into the database at start, where the admin can change them.
CELERY_BEAT_SCHEDULE: dict = {}

# --- Security -----------------------------------------------------------------------------------
_secure = not DEBUG and not TESTING
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_secure)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Two-factor login (django-two-factor-auth on django-otp, TOTP + backup codes): required for the
# roles in loket.accounts.security.OTP_REQUIRED_ROLES (Kernteam, LRT-secretaris, COA landelijk, Beheerder),
# optional for others. No phone or SMS methods.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static", "two_factor"]
# request.user.is_verified() (django-otp's middleware, reading the device only when asked).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "loket.accounts.security.OTPMiddleware",
)
MIDDLEWARE += ["loket.accounts.security.TwoFactorMiddleware"]  # the role rule
TWO_FACTOR_PATCH_ADMIN = False  # our admin site brings two_factor's second step itself
TWO_FACTOR_LOGIN_TIMEOUT = 600  # seconds between the password and the code
OTP_TOTP_ISSUER = "Loket Flexibilisering Asielketen"
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try
OTP_STATIC_THROTTLE_FACTOR = 1
# Audit: axes keeps every failed attempt too (besides loket.AuditEvent); see the admin.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# /.well-known/security.txt (RFC 9116): where vulnerabilities are reported (default: the loket mailbox).
SECURITY_CONTACT = env.str("SECURITY_CONTACT", default="")
SECURITY_POLICY_URL = env.str("SECURITY_POLICY_URL", default="")
# Backups (manage.py backup / restore): a timestamped folder per run under BACKUP_DIR.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))

# --- Forms --------------------------------------------------------------------------------------
# Our own crispy-forms pack (templates/nlds/): NL Design System form markup, see docs/frontend.md.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("nlds",)
CRISPY_TEMPLATE_PACK = "nlds"
# django-filter: an empty choice of a filter reads "Alle" (all), not Django's bare "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("Alle")

# --- Logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"once_a_minute": {"()": "loket.core.logfilters.OncePerInterval", "seconds": 60}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Redis unreachable (django-redis ignores it: a cache miss): one log line a minute, not one per read.
    "loggers": {"axes": {"level": "WARNING"}, "loket.cache": {"filters": ["once_a_minute"]}},
}

# ================================================================================================
# App settings. Each app keeps its own section, so that work on one app does not touch another's.
# ================================================================================================

# --- loket --------------------------------------------------------------------------------------

LOKET_NAME = "Loket Flexibilisering Asielketen"

# Read-only mode after the arrangement (loket.core.readonly): the URL names (or `namespace:*`) that
# still accept a POST. Everything else that writes is refused with one Dutch page.
READ_ONLY_ALLOWED_URLS = frozenset(
    {
        "loket:login",
        "loket:logout",
        "loket:password_reset",
        "loket:password_reset_confirm",
        "loket:unsubscribe",  # leaving a mailing list removes personal data: always possible
        "loket:closing",  # where the Beheerder switches read-only mode off again
        "loket:archive",  # the archive export (reads only; its task row is its progress)
        "two_factor:*",
        "admin:*",  # the Beheerder's admin (days off, the arrangement's dates, users)
    }
)
LOKET_MAILING_BATCH_SIZE = 50  # recipients per Celery task when a mailing is sent
LOKET_PUBLICATIONS_PER_PAGE = 20
# Public pages (home, publications, search) for anonymous visitors come from the cache for at most
# this long; any change to a publication empties it at once (loket/public_cache.py). 0 = off.
LOKET_ANON_CACHE_SECONDS = env.int("LOKET_ANON_CACHE_SECONDS", default=60)
# Parts of pages cached per data version of their tables (loket.core.data_versions); off: built every time.
LOKET_FRAGMENT_CACHE = env.bool("LOKET_FRAGMENT_CACHE", default=True)
# Days a one-time submission key of a form is kept (a resend within this time creates nothing).
SUBMISSION_KEY_DAYS = env.int("SUBMISSION_KEY_DAYS", default=7)
CELERY_BEAT_SCHEDULE.update(
    {
        # Tasks kept while the broker was down (loket.outbox): hand them over every minute.
        "loket-flush-outbox": {"task": "loket.flush_outbox", "schedule": 60.0},
        # One-time submission keys of forms (loket.core.submission) older than SUBMISSION_KEY_DAYS.
        "loket-purge-submission-keys": {
            "task": "loket.purge_submission_keys",
            "schedule": crontab(minute=15, hour=3),
        },
        # Half-yearly prognosis update: safety net for published rounds not yet mailed.
        "loket-prognosis-update": {
            "task": "loket.send_due_prognosis_updates",
            "schedule": crontab(minute=0, hour=8, day_of_month=1, month_of_year="1,7"),
        },
        # Rows left pending by a dead worker or a mail server that was down.
        "loket-resume-mailings": {"task": "loket.resume_mailings", "schedule": crontab(minute="*/5")},
        # Frameworks whose validity ends within a month: remind the core team (once per end date).
        "loket-frameworks-expiring": {
            "task": "loket.remind_expiring_frameworks",
            "schedule": crontab(minute=30, hour=7),
        },
        # Consultation rounds closing in two working days: remind the invitees (once each).
        "loket-remind-consultations": {
            "task": "loket.remind_consultations",
            "schedule": crontab(minute=0, hour=8, day_of_week="mon-fri"),
        },
    }
)

# --- privacy ------------------------------------------------------------------------------------
# Retention (issue 8.7): `loket.anonymise_personal_data` (daily) and `manage.py anonymise [--dry-run]`
# remove the asker's personal data from questions closed more than QUESTIONS_RETENTION_DAYS ago,
# purge experts who withdrew (EXPERTS_RETENTION_DAYS, experts section) and delete subscriptions
# never confirmed SUBSCRIPTIONS_UNCONFIRMED_DAYS after the request.
QUESTIONS_RETENTION_DAYS = env.int("QUESTIONS_RETENTION_DAYS", default=365)
# password-reset and e-mail-change requests (their links last a day or two) are deleted after this
ACCOUNT_REQUESTS_RETENTION_DAYS = env.int("ACCOUNT_REQUESTS_RETENTION_DAYS", default=30)
SUBSCRIPTIONS_UNCONFIRMED_DAYS = env.int("SUBSCRIPTIONS_UNCONFIRMED_DAYS", default=30)
CELERY_BEAT_SCHEDULE.update(
    {"privacy-anonymise": {"task": "loket.anonymise_personal_data", "schedule": crontab(hour=3, minute=45)}}
)

# --- questions ----------------------------------------------------------------------------------
QUESTIONS_DEFAULT_WORKING_DAYS = env.int("QUESTIONS_DEFAULT_WORKING_DAYS", default=5)
# New questions per IP address and per e-mail address within the window (seconds).
QUESTIONS_RATE_LIMIT = env.int("QUESTIONS_RATE_LIMIT", default=5)
QUESTIONS_RATE_WINDOW = 60 * 60

CELERY_BEAT_SCHEDULE.update(
    {
        "questions-overdue-digest": {
            "task": "questions.send_overdue_digests",
            "schedule": crontab(hour=7, minute=30, day_of_week="mon-fri"),
        },
        # the safety net for confirmations and answers whose task was lost with the broker
        "questions-resend-unsent-mails": {"task": "questions.resend_unsent_mails", "schedule": 120.0},
    }
)

# --- questions by e-mail (issue 14) ---------------------------------------------------------------
# Off while IMAP_HOST is empty (`make run` needs nothing). `questions.fetch_mail` reads IMAP_FOLDER
# every minute; a handled message moves to IMAP_PROCESSED_FOLDER, an unreadable one to
# IMAP_ERROR_FOLDER. IMAP_ADDRESS is the loket's address (default: that of DEFAULT_FROM_EMAIL);
# replies come back to `<local>+<token>@<domain>` (plus-addressing), the token signed per question.
IMAP_HOST = env.str("IMAP_HOST", default="")
IMAP_USE_TLS = env.bool("IMAP_USE_TLS", default=True)  # implicit TLS (IMAPS)
IMAP_STARTTLS = env.bool("IMAP_STARTTLS", default=False)  # or STARTTLS on the plain port
IMAP_PORT = env.int("IMAP_PORT", default=993 if IMAP_USE_TLS and not IMAP_STARTTLS else 143)
IMAP_USER = env.str("IMAP_USER", default="")
IMAP_PASSWORD = env.str("IMAP_PASSWORD", default="")
IMAP_FOLDER = env.str("IMAP_FOLDER", default="INBOX")
IMAP_PROCESSED_FOLDER = env.str("IMAP_PROCESSED_FOLDER", default="Verwerkt")
IMAP_ERROR_FOLDER = env.str("IMAP_ERROR_FOLDER", default="Fout")
IMAP_TIMEOUT = env.int("IMAP_TIMEOUT", default=30)
IMAP_BATCH = env.int("IMAP_BATCH", default=2000)  # messages per run at most
IMAP_MAX_MESSAGE_BYTES = env.int("IMAP_MAX_MESSAGE_BYTES", default=25 * 1024 * 1024)
IMAP_ADDRESS = env.str("IMAP_ADDRESS", default="")
QUESTIONS_MAIL_TOKEN_DAYS = env.int("QUESTIONS_MAIL_TOKEN_DAYS", default=365)  # reply address valid
CELERY_BEAT_SCHEDULE.update(
    {"questions-fetch-mail": {"task": "questions.fetch_mail", "schedule": 60.0, "options": {"expires": 55}}}
)

# --- experts ------------------------------------------------------------------------------------

EXPERTS_RETENTION_DAYS = env.int("EXPERTS_RETENTION_DAYS", default=30)
EXPERTS_INVITATION_DAYS = env.int("EXPERTS_INVITATION_DAYS", default=14)  # invitation/introduction links
EXPERTS_REFERRAL_LINK_DAYS = env.int("EXPERTS_REFERRAL_LINK_DAYS", default=14)
EXPERTS_MANAGE_LINK_DAYS = env.int("EXPERTS_MANAGE_LINK_DAYS", default=30)  # link to edit or withdraw a profile
EXPERTS_REMINDER_WORKING_DAYS = env.int("EXPERTS_REMINDER_WORKING_DAYS", default=3)
EXPERTS_CONFIRM_EVERY_DAYS = env.int("EXPERTS_CONFIRM_EVERY_DAYS", default=182)  # half-yearly confirmation
EXPERTS_CONSENT_VERSION = "2026-1"
CELERY_BEAT_SCHEDULE.update(
    {
        "experts-remind-referrals": {
            "task": "experts.remind_referrals",
            "schedule": crontab(hour=8, minute=15, day_of_week="1-5"),
        },
        "experts-request-confirmations": {
            "task": "experts.request_confirmations",
            "schedule": crontab(hour=9, minute=0, day_of_week="1"),
        },
        "experts-purge-withdrawn": {"task": "experts.purge_withdrawn", "schedule": crontab(hour=3, minute=30)},
    }
)

# --- plans --------------------------------------------------------------------------------------
PLANS_HORIZON_QUARTERS = env.int("PLANS_HORIZON_QUARTERS", default=12)

# --- monitoring ---------------------------------------------------------------------------------

CELERY_BEAT_SCHEDULE.update(
    {
        "monitoring-remind-overdue-actions": {
            "task": "monitoring.remind_overdue_actions",
            "schedule": crontab(hour=7, minute=30),
        },
    }
)
