"""Settings, all read from the environment (django-environ); `.env.example` lists every variable.

The defaults are the embedded mode: SQLite, Celery tasks run eagerly, e-mail to the console.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
else:
    SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "config.apps.AxesConfig",
    "django_otp",
    "config.apps.OtpTotpConfig",
    "simple_history",
    "treebeard",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "core",
    "units",
    "documents",
    "notifications",
    "campaign",
    "initiatives",
    "reports",
    "awards",
]

MIDDLEWARE = [
    # The request id and the request's log line, around everything (core/logging.py).
    "core.logging.RequestLogMiddleware",
    # /healthz and /readyz, before the host check, HTTPS redirect, session, tenant, second
    # factor, axes and CSRF: a probe has none of those (core/health.py).
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "units.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "units.middleware.TenantMiddleware",
    # A user who turned on the second factor reaches nothing else until the code is given.
    "units.middleware.SecondFactorMiddleware",
    # Records who made each change (the audit trail of every domain model).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "units.context_processors.acting_context",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests at once (an autosave and a click on "submit") must queue, not fail
    # with "database is locked": take the write lock when the transaction begins, wait for
    # it, and let readers go on beside a writer (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The dashboards group tens of thousands of report figures; at PostgreSQL's default
    # 4 MB the grouping spills to disk and takes three times as long. JIT compilation, which
    # the row-level security subqueries' high cost estimates trigger, took 0.8 s of the
    # Sở's 1 s dashboard query (bench/run.py): a web request's queries are too short for it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c work_mem={env.str('DATABASE_WORK_MEM', default='32MB')} -c jit=off"
    )
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each process's memory by default; Redis where several processes or nodes serve, so that
# what one computes (a dashboard's sums) serves them all.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that is away or drops packets must not fail or hang a page: short socket
    # timeouts, then reads miss and writes do nothing for CACHE_DOWN_SECONDS (core/cache.py).
    CACHES["default"]["BACKEND"] = "core.cache.FallbackRedisCache"
    _cache_timeout = env.float("CACHE_SOCKET_TIMEOUT", default=0.5)
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": _cache_timeout,
        "socket_timeout": _cache_timeout,
        "down_seconds": env.float("CACHE_DOWN_SECONDS", default=5.0),
        **CACHES["default"].get("OPTIONS", {}),
    }

AUTH_USER_MODEL = "units.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "units.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "units.validators.CharacterClassesValidator"},
]
# Repeated failed logins lock the account name for a while (django-axes), whatever the address
# they come from; a success clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns unless addresses are locked too; a school's staff share one address behind its
# router, so locking an address would lock a whole school out for one person's typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
if env.bool("FAST_PASSWORD_HASHER", default=False):
    # Tests and benchmarks only: hashing dominates their run time otherwise.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="vi")
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates read and shown dd/mm/yyyy in both languages, a decimal comma in Vietnamese: Django's vi
# locale defines no input formats, so the US month-first ones would apply (config/formats).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Where `manage.py backup` writes its folders when not told (--to).
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Uploaded and generated files in an S3-compatible bucket when S3_BUCKET is set (every node
# and worker sees the same files), MEDIA_ROOT on this machine otherwise (core/storage.py).
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    from core.storage import s3_storage

    STORAGES["default"] = s3_storage(
        bucket=S3_BUCKET,
        endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
        region=env.str("S3_REGION", default="us-east-1"),
        access_key=env.str("S3_ACCESS_KEY", default=""),
        secret_key=env.str("S3_SECRET_KEY", default=""),
        prefix=env.str("S3_PREFIX", default=""),
        addressing_style=env.str("S3_ADDRESSING_STYLE", default="path"),
        timeout_seconds=env.int("S3_TIMEOUT_SECONDS", default=5),
    )

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The CSRF token travels in a header (htmx's hx-headers) and in forms, never read by scripts.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# A working day; a session ends with the browser on a shared office computer.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=10 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# HTTPS only in production: redirect, HSTS for a year (subdomains, preload), no framing.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Behind a proxy that terminates TLS and says so (the compose file's deployment).
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Scripts only from the site's own files. Styles allow inline style attributes (progress bars,
# chart sizes); data: images are the ones Bootstrap's stylesheet embeds.
CONTENT_SECURITY_POLICY = [
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
]

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Seconds an SMTP connection may block before the send fails (and the reminder is retried).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CCHC thi đua <no-reply@localhost>")

_broker = env.str("CELERY_BROKER_URL", default="")
# No broker configured: the embedded default runs every task in the caller's process (the
# in-memory transport only keeps kombu from looking for a broker on localhost).
CELERY_TASK_ALWAYS_EAGER = not _broker
CELERY_BROKER_URL = _broker or "memory://"
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=_broker or None)
# The result backend's Redis, which a publish may connect to, gives up as the broker does.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TIMEZONE = TIME_ZONE
# Tasks must be idempotent: a task is acknowledged only once it has run.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# A task a worker took but never acknowledged (the worker was killed) goes back to the
# queue after `visibility_timeout` seconds, longer than any task runs; JSON, e.g.
# {"visibility_timeout": 3600, "unacked_restore_interval": 10}.
# Sockets to Redis give up after a few seconds (a broker that drops packets must not hold a
# request, or a worker, forever), and a connection opened to publish is tried twice, not for
# broker_connection_timeout's 4 s (a worker's own connection keeps retrying as Celery
# says); the JSON's own keys win.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0),
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0),
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    **env.json("CELERY_BROKER_TRANSPORT_OPTIONS", default={"visibility_timeout": 3600}),
}
# A task published while the broker is away: a few quick tries (about a second in all), then
# the request goes on without it; the task's outbox row stays pending and the periodic
# re-queue below publishes it again once the broker is back (core/queueing.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": env.int("CELERY_PUBLISH_RETRIES", default=2),
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# What was written to be sent (reminders, e-mails, digests) and not tried within this many
# minutes is queued again, every OUTBOX_REQUEUE_MINUTES (and by the morning's runs).
OUTBOX_STALE_MINUTES = env.int("OUTBOX_STALE_MINUTES", default=10)
OUTBOX_REQUEUE_MINUTES = env.int("OUTBOX_REQUEUE_MINUTES", default=5)
# An e-mail the mail server took is recorded sent even if the database restarts meanwhile:
# the worker waits this long for it (core/queueing.py). A row still "being sent" this many
# minutes after its try began (its worker died) is queued again by the same re-queue; longer
# than a live worker can hold one (EMAIL_TIMEOUT, then the patience above).
OUTBOX_RECORD_PATIENCE_SECONDS = env.int("OUTBOX_RECORD_PATIENCE_SECONDS", default=120)
OUTBOX_SENDING_STALE_MINUTES = env.int("OUTBOX_SENDING_STALE_MINUTES", default=10)
# The daily reminder sweep, at this local hour (offsets and channels are per-tenant data).
REMINDER_SWEEP_HOUR = env.int("REMINDER_SWEEP_HOUR", default=7)
CELERY_BEAT_SCHEDULE = {
    # Again the next two hours: beat cannot send a task while the broker is away, and does
    # not make up a missed one. A sweep writes each reminder of a day once, so the later runs
    # send only what the first one could not.
    "reminders-sweep": {
        "task": "campaign.reminders_sweep",
        "schedule": crontab(
            hour=",".join(
                str(h) for h in range(REMINDER_SWEEP_HOUR, min(REMINDER_SWEEP_HOUR + 3, 24))
            ),
            minute=0,
        ),
    },
    # Each reviewer's one message of their waiting work (issue 20), before the digest run so
    # that it goes out in the same morning's digest. A task of its own rather than a step of
    # the digest run: notifications sits below initiatives and must not import it. A run late
    # past the digest leaves its digest deliveries pending for the next morning's digest.
    "initiatives-review-work": {
        "task": "initiatives.review_work_remind",
        "schedule": crontab(hour=REMINDER_SWEEP_HOUR, minute=2),
    },
    # Each person's daily digest of the notifications they chose to receive that way (the
    # same retries as reminders: REMINDER_MAX_TRIES, REMINDER_RETRY_SECONDS).
    "notifications-digest": {
        "task": "notifications.digests_run",
        "schedule": crontab(hour=REMINDER_SWEEP_HOUR, minute=5),
    },
    # What the broker did not take while it was away, queued again once it is back.
    "reminders-requeue": {
        "task": "campaign.reminders_requeue",
        "schedule": datetime.timedelta(minutes=OUTBOX_REQUEUE_MINUTES),
    },
    "notifications-requeue": {
        "task": "notifications.deliveries_requeue",
        "schedule": datetime.timedelta(minutes=OUTBOX_REQUEUE_MINUTES),
    },
}
# A reminder e-mail is tried this many times, waiting REMINDER_RETRY_SECONDS, then twice as
# long each time (at most an hour), before it is left failed.
REMINDER_MAX_TRIES = env.int("REMINDER_MAX_TRIES", default=8)
REMINDER_RETRY_SECONDS = env.int("REMINDER_RETRY_SECONDS", default=60)
# A reviewer's "remind now" reaches one unit at most once in this many hours.
REMINDER_MANUAL_INTERVAL_HOURS = env.int("REMINDER_MANUAL_INTERVAL_HOURS", default=24)
# The address of the site, for the links in e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# The read-only API for upper-level reporting systems (reports/api.py): keys per unit.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["reports.authentication.UnitKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["reports.authentication.HoldsUnitKey"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CCHC thi đua — API báo cáo",
    "DESCRIPTION": (
        "Read-only data of one unit's subtree for the upper level's reporting system: "
        "campaigns and deadlines, accepted initiatives, periodic report figures and their "
        "roll-up. Authorization: Bearer <key>, issued by the tenant administrator."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"ReportPeriodEnum": "campaign.models.ReportPeriod"},
}

IMPORT_EXPORT_USE_TRANSACTIONS = True

# Processes that lay out a dossier's documents side by side (0: one per core, at most 4).
DOCUMENT_RENDER_PROCESSES = env.int("DOCUMENT_RENDER_PROCESSES", default=0)
# Without a broker, long renders (render jobs) run in at most this many background threads of
# the web process, after the request has answered, so the user watches their progress; 0
# renders inside the request (the tests' default). With a broker, Celery workers render.
DOCUMENT_RENDER_THREADS = env.int("DOCUMENT_RENDER_THREADS", default=2)

# Evidence files: the largest accepted upload.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_MB", default=20) * 1024 * 1024
# A plan uploaded to be read into a draft (.docx, .doc, .pdf): the largest accepted file.
PLAN_IMPORT_MAX_BYTES = env.int("PLAN_IMPORT_MAX_MB", default=20) * 1024 * 1024
# LibreOffice converting a .doc and pdftotext reading a PDF: killed after this many seconds.
PLAN_IMPORT_CONVERT_TIMEOUT = env.int("PLAN_IMPORT_CONVERT_TIMEOUT", default=60)

# Plain text (development) or one JSON object per line (`LOG_FORMAT=json`, docker-compose),
# each carrying the request id of the request or task it comes from (core/logging.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step at INFO; fontTools every subset.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
# A worker's log lines go through the same handler (and format) as the web's.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Errors of requests and tasks to Sentry when a DSN is given; nothing is loaded otherwise.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from core.logging import init_sentry

    init_sentry(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default=None))
