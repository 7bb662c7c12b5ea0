"""Settings, all read from the environment.

One file with typed helpers so that a wrong value fails at start-up with a message that names
the variable, instead of surfacing later as an odd behaviour (the README lists every variable).
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return value


def env_date(name: str):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    from datetime import date

    try:
        return date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a date (YYYY-MM-DD), got {raw!r}") from exc


DATA_DIR = Path(env_str("DANGJIAN_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_from_file(env_name: str, filename: str, nbytes: int) -> str:
    """Use the environment value, or a random one generated once and kept in the data dir.

    Generating it once (not per start) keeps sessions valid across restarts and keeps encrypted
    personal data readable; the README says to back the file up with the database.
    """
    value = env_str(env_name)
    if value:
        return value
    path = DATA_DIR / filename
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_urlsafe(nbytes)
    path.write_text(value + "\n")
    path.chmod(0o600)
    return value


SECRET_KEY = _secret_from_file("DANGJIAN_SECRET_KEY", "secret_key", 50)
FIELD_ENCRYPTION_KEY = _secret_from_file("DANGJIAN_FIELD_KEY", "field_key", 32)
# aes-256-gcm (default) or sm4-gcm (国密: SM4-GCM values, HMAC-SM3 blind indexes); see core/crypto.py. The
# database's check value names its cipher: a setting that disagrees stops start-up (core/keys.py).
FIELD_CIPHER = env_str("DANGJIAN_FIELD_CIPHER", "aes-256-gcm").strip().lower() or "aes-256-gcm"
if FIELD_CIPHER not in {"aes-256-gcm", "sm4-gcm"}:
    raise ImproperlyConfigured(f"DANGJIAN_FIELD_CIPHER must be aes-256-gcm or sm4-gcm, got {FIELD_CIPHER!r}")

DEBUG = env_bool("DANGJIAN_DEBUG", False)
ALLOWED_HOSTS = env_list("DANGJIAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DANGJIAN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "treebeard",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "dangjian.core",
    "dangjian.orgs",
    "dangjian.people",
    "dangjian.members",
    "dangjian.ledgers",
    "dangjian.coop",
    "dangjian.services",
    "dangjian.care",
    "dangjian.governance",
    "dangjian.assessment",
    "dangjian.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dangjian.core.middleware.ContentSecurityPolicyMiddleware",  # django-csp; every answer, refusals too
    "dangjian.core.middleware.HealthCheckMiddleware",  # /healthz answered here, under the two above
    "dangjian.core.uploads.BodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dangjian.core.middleware.IdleSessionMiddleware",  # idle sessions end; the last-seen stamp, once a minute
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor given this session
    "dangjian.core.middleware.LoginRequiredMiddleware",
    "dangjian.core.middleware.ActiveRoleMiddleware",
    "dangjian.core.middleware.RefusedMiddleware",
    "dangjian.core.middleware.PrivateResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dangjian.core.gate.SecurityGateMiddleware",  # second factor, then a password to change, before any page
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dangjian.core.audit.AuditActorMiddleware",  # auditlog's, naming token clients too
    "axes.middleware.AxesMiddleware",
]
if env_bool("DANGJIAN_QUERY_COUNT_HEADER", False):
    MIDDLEWARE.insert(0, "dangjian.core.middleware.QueryCountHeaderMiddleware")
# bench/compare.py's yardsticks (core/benchviews.py: an admin site at 25 rows a page, minimal list views, a bare
# SELECT 1). Off by default, and refused beside DANGJIAN_HTTPS: never on a production server.
BENCH_VIEWS = env_bool("DANGJIAN_BENCH_VIEWS", False)
if BENCH_VIEWS and env_bool("DANGJIAN_HTTPS", False):
    raise ImproperlyConfigured("DANGJIAN_BENCH_VIEWS is for bench/ only: it cannot be set with DANGJIAN_HTTPS")

ROOT_URLCONF = "dangjian.urls"
WSGI_APPLICATION = "dangjian.wsgi.application"

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
                "dangjian.core.context_processors.shell",
            ],
        },
    }
]

_default_db = f"sqlite:///{DATA_DIR / 'dangjian.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open between requests, so the PRAGMAs of init_command run once per connection, not per request.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # A file, not shared-cache memory: concurrency tests need real locking between connections.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
# A read replica (PostgreSQL streaming replication) for the reports and dashboards: core/dbrouter.py sends the
# reads of the views that enter `reading_replica()` there, every write and every other read to default. In the
# tests it is a mirror of default, so the routed code runs against the one test database.
if env_str("DATABASE_REPLICA_URL").strip():
    DATABASES["replica"] = dj_database_url.parse(env_str("DATABASE_REPLICA_URL").strip(), conn_max_age=60)
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must name the same kind of database as DATABASE_URL "
                                   "(a PostgreSQL replica of the PostgreSQL primary)")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
for _db in DATABASES.values():
    if _db["ENGINE"] == "django.db.backends.postgresql":
        # No JIT: the platform's queries run in milliseconds, and a misestimated join (cost over jit_above_cost)
        # spent a second compiling a query that ran in 1.5 ms (the district visit list, bench/explain.py).
        _db.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DATABASE_ROUTERS = ["dangjian.core.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "dangjian.core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "dangjian.core.passwords.CharacterClassValidator"},
    {"NAME": "dangjian.core.passwords.HistoryValidator", "OPTIONS": {"keep": 5}},  # hashes: core.password_policy
]
# Staff accounts change their password after this many days (0: never); see core/password_policy.py.
PASSWORD_MAX_DAYS = env_int("DANGJIAN_PASSWORD_MAX_DAYS", 90)
# The second factor (core/twofactor.py): `required` for the operators, the admin site's users and the roles
# that reveal personal data (roles.SECOND_FACTOR_ROLES); `off` asks no one (the tests, `dangjian demo`).
TWO_FACTOR = env_choice("DANGJIAN_2FA", ("required", "off"), "required")
OTP_TOTP_ISSUER = "党建三张清单平台"  # the account's name in the authenticator app
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret or its QR code
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Cache and sessions: with REDIS_URL (several gunicorn nodes behind one proxy) one Redis that every node shares,
# sessions read from it and written through to the database (`cached_db`: a Redis restart signs no one out);
# without it each process's own memory and database sessions — nothing in the platform keeps state in the
# cache that another process must see (django-axes counts failures in the database: AXES_HANDLER below).
REDIS_URL = env_str("REDIS_URL").strip()
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "dangjian",
                          "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2}}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # lock-outs shared by every node, never per process

# The job queue (core/queue.py, huey): a SQLite file in the data directory, or REDIS_URL's Redis; `dangjian worker`
# runs its tasks and the periodic jobs. Daily jobs (reminders, 督办, clean-ups) start at this local time.
QUEUE_IMMEDIATE = env_bool("DANGJIAN_QUEUE_IMMEDIATE", False)  # run tasks where they are enqueued (debugging)
try:
    from datetime import time as time_of_day

    DAILY_JOBS_AT = time_of_day.fromisoformat(env_str("DANGJIAN_DAILY_JOBS_AT").strip() or "01:30")
except ValueError as exc:
    raise ImproperlyConfigured("DANGJIAN_DAILY_JOBS_AT must be a time of day (HH:MM), "
                               f"got {env_str('DANGJIAN_DAILY_JOBS_AT')!r}") from exc

# Idle sessions end after 30 minutes. A session is written only when it changes: a last-seen stamp in it, refreshed
# at most once a minute, keeps the idle rule and the store's expiry moving (core.middleware.IdleSessionMiddleware).
SESSION_COOKIE_AGE = env_int("DANGJIAN_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AXES_FAILURE_LIMIT = env_int("DANGJIAN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DANGJIAN_LOGIN_LOCK_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True  # the lock-out counter; the failures themselves stay in the log below
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_SENSITIVE_PARAMETERS = ["otp_token"]  # a wrong second-factor code counts as a failure; its value is not kept
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("DANGJIAN_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LANGUAGE_CODE = "zh-hans"
FORMAT_MODULE_PATH = ["dangjian.formats"]  # ISO first among input formats: what a browser date picker shows
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DANGJIAN_STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on a missing root
MEDIA_URL = "/media/"
# Uploads (evidence photos and scans): a directory — on several nodes, one they all mount (NFS) — or an
# S3-compatible bucket through django-storages. Either way they are served only through core.uploads.served_file
# after a visibility check, never from a public URL, so the bucket stays private.
MEDIA_ROOT = Path(env_str("DANGJIAN_MEDIA_ROOT").strip() or DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
S3_BUCKET = env_str("DANGJIAN_S3_BUCKET").strip()
if S3_BUCKET:
    import importlib.util

    if importlib.util.find_spec("boto3") is None:  # looked up, not imported: importing is slow and heavy
        raise ImproperlyConfigured("DANGJIAN_S3_BUCKET is set but boto3 is not installed: run `pip install boto3` "
                                   "(django-storages' S3 backend needs it), or unset DANGJIAN_S3_BUCKET to keep "
                                   "uploads under DANGJIAN_MEDIA_ROOT")
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env_str("DANGJIAN_S3_ENDPOINT_URL").strip() or None,  # MinIO, 华为云 OBS, 阿里云 OSS …
        "region_name": env_str("DANGJIAN_S3_REGION").strip() or None,
        # Unset: boto3's own chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, an instance role).
        "access_key": env_str("DANGJIAN_S3_ACCESS_KEY_ID").strip() or None,
        "secret_key": env_str("DANGJIAN_S3_SECRET_ACCESS_KEY").strip() or None,
        "addressing_style": env_choice("DANGJIAN_S3_ADDRESSING_STYLE", ("auto", "path", "virtual"), "auto"),
        "file_overwrite": False,  # as on a disk: a name taken gets a new one
        "querystring_auth": True,  # a URL, if one is ever made, is signed and expires; the bucket stays private
        "max_memory_size": 2 * 1024 * 1024,  # a download larger than this spools to a temporary file
    }}
# Serve straight from the package when collectstatic has not been run (the demo, the tests).
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DANGJIAN_UPLOAD_MAX_MB", 20) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# ...and kept while a body streams in, files included (core.uploads).
FILE_UPLOAD_HANDLERS = [
    "dangjian.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# HTTPS behind a reverse proxy: the production settings `check --deploy` expects.
HTTPS = env_bool("DANGJIAN_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DANGJIAN_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp, middleware core.middleware.ContentSecurityPolicyMiddleware): scripts and
# styles only from our own static files — no inline <script>, event handler, style="" or eval; templates use
# data-* attributes (static/dangjian/behaviours.js), json_script and app.css classes. data: images are
# Bootstrap's icons inside its CSS. The middleware loosens style-src for the DRF browsable API alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "dangjian.core.audit.TokenAuthentication",  # DRF's, naming the actor of the request's history
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "dangjian.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "党建三张清单平台 API",
    "DESCRIPTION": "Scoped API of the grassroots party-building platform. Every endpoint only sees the "
    "caller's part of the organization tree; an object outside it answers 404.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI served from the package: no CDN on an intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation's refusals (400/401/403/404/409) and "empty filter = not filtered" (core.schema).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "dangjian.core.schema.document_errors"],
    # The documented request bodies are JSON. DRF still reads form encodings (the browsable API), but a form
    # cannot tell null from "" or carry a list of ids, so the document promises JSON only.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # Several apps have a field named "category"; name each choice set after its domain.
    "ENUM_NAME_OVERRIDES": {
        "TrainingCategoryEnum": "dangjian.members.choices.TrainingCategory",
        "LedgerCategoryEnum": "dangjian.ledgers.choices.Category",
        "MemberCategoryEnum": "dangjian.members.choices.Category",
    },
}

# Notification channels (core/channels/): besides the in-app inbox, a notice may go out by SMS, e-mail and the group
# robots (企业微信 / 钉钉) an organization's staff configure on a page. Deliveries are retried with back-off by the
# job queue; nothing here contacts an outside service unless configured to.
SITE_URL = env_str("DANGJIAN_SITE_URL").strip().rstrip("/")  # links in SMS, e-mail and robot messages
SMS_BACKEND = env_choice("DANGJIAN_SMS_BACKEND", ("log", "http"), "log")  # log: a file in DATA_DIR, masked
SMS_LOG_FILE = DATA_DIR / "sms.log"
SMS_SIGNATURE = env_str("DANGJIAN_SMS_SIGNATURE", "党建平台").strip()
SMS_TEMPLATE = env_str("DANGJIAN_SMS_TEMPLATE", "【{signature}】{title}{body}")
SMS_GATEWAY_URL = env_str("DANGJIAN_SMS_GATEWAY_URL").strip()
SMS_GATEWAY_METHOD = env_choice("DANGJIAN_SMS_GATEWAY_METHOD", ("post", "get"), "post").upper()
SMS_GATEWAY_BODY = env_str("DANGJIAN_SMS_GATEWAY_BODY", '{"phone": "{phone}", "text": "{text}"}')
SMS_GATEWAY_HEADERS = env_str("DANGJIAN_SMS_GATEWAY_HEADERS", "{}")
SMS_GATEWAY_SUCCESS = env_str("DANGJIAN_SMS_GATEWAY_SUCCESS").strip()  # e.g. code=0; unset: any 2xx answer
if SMS_BACKEND == "http" and not SMS_GATEWAY_URL:
    raise ImproperlyConfigured("DANGJIAN_SMS_BACKEND=http needs DANGJIAN_SMS_GATEWAY_URL (the gateway's address)")
for _name, _raw in (("DANGJIAN_SMS_GATEWAY_BODY", SMS_GATEWAY_BODY),
                    ("DANGJIAN_SMS_GATEWAY_HEADERS", SMS_GATEWAY_HEADERS)):
    try:
        import json as _json

        _json.loads(_raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{_name} must be JSON, got {_raw!r}") from exc
if SMS_GATEWAY_SUCCESS and "=" not in SMS_GATEWAY_SUCCESS:
    raise ImproperlyConfigured(f"DANGJIAN_SMS_GATEWAY_SUCCESS must read field=value, got {SMS_GATEWAY_SUCCESS!r}")
# Hosts a group robot may post to besides qyapi.weixin.qq.com and oapi.dingtalk.com (an intranet gateway);
# "http://host" also admits plain http for it (see core/channels/webhooks.py)
ROBOT_HOSTS = env_list("DANGJIAN_ROBOT_HOSTS", [])
NOTIFY_MAX_ATTEMPTS = env_int("DANGJIAN_NOTIFY_MAX_ATTEMPTS", 5)  # then the delivery is marked failed
NOTIFY_RETRY_SECONDS = env_int("DANGJIAN_NOTIFY_RETRY_SECONDS", 60)  # first retry after this; doubling each time
NOTIFY_TIMEOUT = env_int("DANGJIAN_NOTIFY_TIMEOUT", 10)  # seconds to wait for a gateway or robot to answer
if NOTIFY_MAX_ATTEMPTS < 1 or NOTIFY_RETRY_SECONDS < 1 or NOTIFY_TIMEOUT < 1:
    raise ImproperlyConfigured("DANGJIAN_NOTIFY_MAX_ATTEMPTS, DANGJIAN_NOTIFY_RETRY_SECONDS and "
                               "DANGJIAN_NOTIFY_TIMEOUT must be at least 1")
# E-mail through Django's backends: `file` (default: one file per message under DATA_DIR/mail), `console`, `smtp`.
_EMAIL_BACKENDS = {"file": "filebased", "console": "console", "smtp": "smtp"}
EMAIL_BACKEND = "django.core.mail.backends.{}.EmailBackend".format(
    _EMAIL_BACKENDS[env_choice("DANGJIAN_EMAIL_BACKEND", tuple(_EMAIL_BACKENDS), "file")])
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("DANGJIAN_EMAIL_HOST", "localhost").strip()
EMAIL_PORT = env_int("DANGJIAN_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DANGJIAN_EMAIL_USER").strip()
EMAIL_HOST_PASSWORD = env_str("DANGJIAN_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("DANGJIAN_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DANGJIAN_EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("DANGJIAN_EMAIL_USE_TLS and DANGJIAN_EMAIL_USE_SSL cannot both be set")
EMAIL_TIMEOUT = NOTIFY_TIMEOUT
DEFAULT_FROM_EMAIL = env_str("DANGJIAN_EMAIL_FROM", "dangjian@localhost").strip()

# Closed resident files are anonymised this many days after closing (the daily `remind` does it).
ARCHIVE_RETENTION_DAYS = env_int("DANGJIAN_ARCHIVE_RETENTION_DAYS", 3 * 365)
# The audit trail (core/trail.py) is kept this many days (at least 180: 等保 level 3 and the Cybersecurity Law);
# the daily jobs remove what is older.
AUDIT_RETENTION_DAYS = env_int("DANGJIAN_AUDIT_RETENTION_DAYS", 180)
if AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("DANGJIAN_AUDIT_RETENTION_DAYS must be at least 180 (audit logs are kept six months), "
                               f"got {AUDIT_RETENTION_DAYS}")
# Weekly summaries are owed from this date (the day the platform went live); unset: from 1 January.
SUMMARIES_SINCE = env_date("DANGJIAN_SUMMARIES_SINCE")

AUDITLOG_INCLUDE_ALL_MODELS = False
FILTERS_EMPTY_CHOICE_LABEL = "全部"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DANGJIAN_LOG_LEVEL", "WARNING")},
}
