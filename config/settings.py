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

# Local development (no DATABASE_URL: SQLite under var/), debug mode and the test suite may use a
# fixed key; any deployment on a real database must set SECRET_KEY or it refuses to start.
LOCAL_DEVELOPMENT = "DATABASE_URL" not in env
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG or TESTING or LOCAL_DEVELOPMENT:
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105 - refused in production
    else:
        raise ImproperlyConfigured(
            "De omgevingsvariabele SECRET_KEY ontbreekt: zet SECRET_KEY op een lange geheime waarde."
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
    "crispy_bootstrap5",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "axes",
    "csp",
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
else:
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (Redis in production) ----------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "loket",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

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
if TESTING:  # fast hashing keeps the suite quick; never used outside tests
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sessions end after inactivity (every request renews the expiry).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60)
# Renewed while in use, at most every SESSION_RENEW_AFTER seconds (loket.security.SessionRenewalMiddleware),
# instead of a database write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_AFTER = env.int("SESSION_RENEW_AFTER", default=300)
SESSION_COOKIE_HTTPONLY = True

# Login throttling (django-axes): lock a username/IP pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "loket/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# Trusted proxies in front of the portal (0: none, X-Forwarded-For is ignored). loket.core.http.client_ip
# reads it; the login lock, the audit log and the rate limits all use that one client address.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "loket.core.http.client_ip"
AXES_VERBOSE = False

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
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
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
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
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 3}
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
# roles in loket.accounts.security.OTP_REQUIRED_ROLES (Kernteam, LRT-secretaris, Beheerder),
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
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# ================================================================================================
# App settings. Each app keeps its own section, so that work on one app does not touch another's.
# ================================================================================================

# --- loket --------------------------------------------------------------------------------------

LOKET_NAME = "Loket Flexibilisering Asielketen"
LOKET_MAILING_BATCH_SIZE = 50  # recipients per Celery task when a mailing is sent
LOKET_PUBLICATIONS_PER_PAGE = 20
# Public pages (home, publications, search) for anonymous visitors come from the cache for at most
# this long; any change to a publication empties it at once (loket/public_cache.py). 0 = off.
LOKET_ANON_CACHE_SECONDS = env.int("LOKET_ANON_CACHE_SECONDS", default=60)
CELERY_BEAT_SCHEDULE.update(
    {
        # Tasks kept while the broker was down (loket.outbox): hand them over every minute.
        "loket-flush-outbox": {"task": "loket.flush_outbox", "schedule": 60.0},
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
    }
)

# --- privacy ------------------------------------------------------------------------------------
# Retention (issue 8.7): `loket.anonymise_personal_data` (daily) and `manage.py anonymise [--dry-run]`
# remove the asker's personal data from questions closed more than QUESTIONS_RETENTION_DAYS ago,
# purge experts who withdrew (EXPERTS_RETENTION_DAYS, experts section) and delete subscriptions
# never confirmed SUBSCRIPTIONS_UNCONFIRMED_DAYS after the request.
QUESTIONS_RETENTION_DAYS = env.int("QUESTIONS_RETENTION_DAYS", default=365)
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
        }
    }
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
