"""Settings for Portal Humas: the only module that reads the environment.

Two modes, chosen by DJANGO_ENV:
- ``development`` (default): needs no server at all — SQLite and the Celery filesystem broker
  under ``var/``, a local-memory cache, e-mail written to files, a secret key generated once.
- ``production``: every external part must be named; see REQUIRED_IN_PRODUCTION.
In both, DATABASE_URL and REDIS_URL replace the embedded database, broker and cache.

Bad configuration prints one clear line and exits with status 2 (see ``_config_error``), so
``manage.py``, ``make run`` and the worker never show a traceback wall for a typo in ``.env``.
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def _secret(name: str) -> str:
    """A secret exactly as given. django-environ reads a value starting with "$" as the name of
    another variable, and random keys and passwords do start with "$" (1 in 50 of Django's own
    generated keys): read these from the environment directly (.env is loaded into it)."""
    return os.environ.get(name, "")


def _config_error(message: str) -> None:
    sys.stderr.write("Configuration error: %s\n" % message)
    raise SystemExit(2)


env = environ.Env()
if (BASE_DIR / ".env").is_file():
    # Real environment variables win over the file.
    env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in ("development", "production"):
    _config_error("DJANGO_ENV must be 'development' or 'production', not %r." % DJANGO_ENV)
PRODUCTION = DJANGO_ENV == "production"

# pytest imports the settings; the worker processes that tests start do not.
TESTING = "pytest" in sys.modules

REQUIRED_IN_PRODUCTION = (
    "DJANGO_SECRET_KEY",
    "PORTAL_ENCRYPTION_KEYS",
    "DJANGO_ALLOWED_HOSTS",
    "PORTAL_BASE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_HOST",
)
if PRODUCTION:
    missing = [name for name in REQUIRED_IN_PRODUCTION if not _secret(name).strip()]
    if missing:
        _config_error("DJANGO_ENV=production requires %s." % ", ".join(missing))

VAR_DIR = Path(env.str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))
try:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    _config_error("PORTAL_VAR_DIR %s is not writable (%s)." % (VAR_DIR, exc.strerror))


def _development_secret_key() -> str:
    """Generate the key once and keep it, so sessions survive a restart of ``make run``."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret("DJANGO_SECRET_KEY") or _development_secret_key()
if PRODUCTION and len(SECRET_KEY) < 50:
    _config_error("DJANGO_SECRET_KEY must be at least 50 characters long.")


def _development_encryption_key() -> str:
    """Generated once and kept, like the secret key: what it encrypted stays readable."""
    path = VAR_DIR / "encryption_key"
    if not path.exists():
        path.write_text(Fernet.generate_key().decode("ascii"))
        path.chmod(0o600)
    return path.read_text().strip()


# Keys of humas_portal.crypto, newest first: the first encrypts, every one decrypts, so a key is
# rotated by putting a new one in front and dropping the old one later (docs/SECURITY.md).
ENCRYPTION_KEYS = [
    key.strip() for key in _secret("PORTAL_ENCRYPTION_KEYS").split(",") if key.strip()
] or [_development_encryption_key()]
for _key in ENCRYPTION_KEYS:
    try:
        Fernet(_key)
    except ValueError:
        _config_error(
            "PORTAL_ENCRYPTION_KEYS must be comma-separated Fernet keys (32 bytes in URL-safe "
            "base64, 44 characters); make one with: python3 -c 'from cryptography.fernet "
            "import Fernet; print(Fernet.generate_key().decode())'"
        )

DEBUG = env.bool("DJANGO_DEBUG", default=False) and not PRODUCTION

# The office's time zone: Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).
# Every date the portal computes is the office's date: deadlines, election stages, statistics
# months, digests and schedules (TIME_ZONE and CELERY_TIMEZONE below).
OFFICE_TIME_ZONE = env.str("OFFICE_TIME_ZONE", default="Asia/Jakarta")
try:
    ZoneInfo(OFFICE_TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    _config_error(
        "OFFICE_TIME_ZONE must be a time zone name such as Asia/Jakarta (WIB), Asia/Makassar "
        "(WITA) or Asia/Jayapura (WIT), not %r." % OFFICE_TIME_ZONE
    )

# --- URLs and hosts -------------------------------------------------------------------------

PORTAL_BASE_URL = env.str(
    "PORTAL_BASE_URL", default="http://127.0.0.1:%s" % env.str("PORT", default="8000")
).rstrip("/")
_base = urlsplit(PORTAL_BASE_URL)
if _base.scheme not in ("http", "https") or not _base.hostname or _base.path:
    _config_error(
        "PORTAL_BASE_URL must look like https://portal.example.go.id (no path), not %r."
        % PORTAL_BASE_URL
    )
if PRODUCTION and _base.scheme != "https":
    _config_error("PORTAL_BASE_URL must use https in production.")

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", _base.hostname]
)
CSRF_TRUSTED_ORIGINS = ["%s://%s" % (_base.scheme, _base.netloc)]

DJANGO_ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/").strip("/") + "/"
if DJANGO_ADMIN_URL == "/":
    _config_error("DJANGO_ADMIN_URL must not be empty.")
if PRODUCTION and DJANGO_ADMIN_URL.lower() == "admin/":
    # The first path every scanner tries; a path of its own keeps the login out of their logs.
    _config_error(
        "DJANGO_ADMIN_URL must not be the guessable admin/ in production; "
        "choose a path of your own, e.g. kelola-4f9c2a/."
    )

# How many reverse proxies (nginx, a load balancer) stand in front of the application.
# Only their X-Forwarded-For entries are believed; see humas_portal.net.client_ip.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if PRODUCTION else 0)
if TRUSTED_PROXY_COUNT < 0:
    _config_error("TRUSTED_PROXY_COUNT must be 0 or more.")

ROOT_URLCONF = "humas_portal.urls"
WSGI_APPLICATION = "humas_portal.wsgi.application"

# --- Applications ---------------------------------------------------------------------------

INSTALLED_APPS = [
    "humas_portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "django_prose_editor",
    "humas_portal",
    "humas_portal.siteprofile",
    "humas_portal.elections",
    "humas_portal.notifications",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "humas_portal.accounts",
    "news",
    "complaints",
    "education",
    "media_forum",
    "ppid",
]

MIDDLEWARE = [
    # First: every Redis call of a request, its commit hooks included, shares one breaker.
    "humas_portal.redis_outage.RedisCircuitBreakerMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "humas_portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "humas_portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "humas_portal.middleware.StaffSessionMiddleware",
    "humas_portal.middleware.AdminNoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

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
                "humas_portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

DATABASE_URL = env.str("DATABASE_URL", default="")
if DATABASE_URL:
    if urlsplit(DATABASE_URL).scheme not in ("postgres", "postgresql"):
        _config_error("DATABASE_URL must be a postgres:// URL (PostgreSQL is the only server).")
    try:
        _db = env.db_url_config(DATABASE_URL)
    except (ImproperlyConfigured, KeyError, ValueError):
        _config_error("DATABASE_URL is not a valid postgres:// URL.")
    _db.update(
        CONN_MAX_AGE=env.int("DATABASE_CONN_MAX_AGE", default=60),
        # Off by default: on, every request that reuses its connection first sends a
        # `SELECT 1` (one round trip, ~60 us on this machine). It pays only where an idle
        # connection can die unseen (a pooler, a firewall, a failover: a database on another
        # host). Without it, a dead connection fails one request, and Django replaces it at
        # the start of the next (docs/PERFORMANCE.md, "Database connections").
        CONN_HEALTH_CHECKS=env.bool("DATABASE_CONN_HEALTH_CHECKS", default=False),
    )
    _db.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
else:
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "db.sqlite3",
        "OPTIONS": {
            # WAL lets the web server and the worker read while the other writes;
            # IMMEDIATE takes the write lock at BEGIN so two writers queue instead of failing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        # A file, not pytest-django's in-memory default: worker processes started by tests
        # must see the same database. One file per test run, so two runs never share one.
        "TEST": {"NAME": str(VAR_DIR / ("test-db-%d.sqlite3" % os.getpid()))},
    }
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache ----------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)


def _redis_url_with_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/%d" % db, parts.query, ""))


if REDIS_URL:
    _redis = urlsplit(REDIS_URL)
    if _redis.scheme not in ("redis", "rediss") or not _redis.hostname:
        _config_error("REDIS_URL must look like redis://127.0.0.1:6379/0, not %r." % REDIS_URL)
    try:
        _broker_db = int(_redis.path.strip("/") or 0)
    except ValueError:
        _config_error("REDIS_URL must end with a database number, e.g. /0.")
    # RedisCache.clear() flushes its whole database: the cache never shares the broker's.
    # REDIS_CACHE_URL may name another server (the broker's wants noeviction, a cache does not).
    REDIS_CACHE_URL = env.str(
        "REDIS_CACHE_URL",
        default=_redis_url_with_db(REDIS_URL, env.int("REDIS_CACHE_DB", default=_broker_db + 1)),
    )
    _cache = urlsplit(REDIS_CACHE_URL)
    if _cache.scheme not in ("redis", "rediss") or not _cache.hostname:
        _config_error("REDIS_CACHE_URL must look like redis://127.0.0.1:6379/1.")
    if (_cache.netloc, _cache.path.strip("/") or "0") == (_redis.netloc, str(_broker_db)):
        _config_error("The cache must not use the broker's Redis database (see REDIS_CACHE_DB).")
    CELERY_BROKER_URL = _redis_url_with_db(REDIS_URL, _broker_db)
    # kombu's Redis transport, made to survive a Redis outage (humas_portal/broker.py). Not for
    # rediss://: kombu derives its TLS options from that scheme when it picks the transport.
    if _redis.scheme == "redis":
        CELERY_BROKER_TRANSPORT = "humas_portal.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": REDIS_SOCKET_TIMEOUT,
        "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
        # Longer than any task's hard time limit; long back-off lives in the database.
        "visibility_timeout": 3600,
    }
    CACHES = {
        "default": {
            # django-redis behind the per-request circuit breaker (humas_portal/redis_outage.py).
            "BACKEND": "humas_portal.redis_outage.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "humas",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": REDIS_SOCKET_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT,
                # A cache outage is a miss, never a 500; the backend counts it in the outage
                # log (not DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS: a traceback per call).
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
else:
    if TESTING:
        # The test process's own tasks go nowhere unless a test starts a worker with a broker
        # of its own (see tests/test_celery_worker.py).
        CELERY_BROKER_URL = "memory://"
        CELERY_BROKER_TRANSPORT_OPTIONS = {}
    else:
        _broker_dirs = {name: VAR_DIR / "celery" / name for name in ("queue", "processed", "ctl")}
        for _folder in _broker_dirs.values():
            _folder.mkdir(parents=True, exist_ok=True)
        # The host is named, though the filesystem transport ignores it: without one kombu logs
        # "No hostname was supplied. Reverting to default 'localhost'" at every connection.
        CELERY_BROKER_URL = "filesystem://localhost/"
        CELERY_BROKER_TRANSPORT_OPTIONS = {
            "data_folder_in": str(_broker_dirs["queue"]),
            "data_folder_out": str(_broker_dirs["queue"]),
            "processed_folder": str(_broker_dirs["processed"]),
            # Without it kombu creates ./control in whatever directory the process started in.
            "control_folder": str(_broker_dirs["ctl"]),
            "store_processed": False,
            # kombu polls the folder once a second by default, and a worker takes one task per
            # poll: too slow even for a demo of a bulk send.
            "polling_interval": 0.2,
        }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The anonymous page cache (humas_portal/page_cache.py). Off: every public page is rendered per
# request (the bench's "uncached" figures); the invalidation still runs, harmlessly.
PAGE_CACHE_ENABLED = env.bool("PORTAL_PAGE_CACHE", default=True)
# The longest a rendered page is kept on the server; shorter when something scheduled (an
# article's publication time, an election stage's first or last day) comes sooner.
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)
# What browsers and nginx may keep (Cache-Control max-age), never past the server's entry; a
# visitor's browser shows a page up to this long after a change.
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=60)
PAGE_CACHE_STALE_WHILE_REVALIDATE = 30
if PAGE_CACHE_TIMEOUT < 1 or PAGE_CACHE_MAX_AGE < 0:
    _config_error("PAGE_CACHE_TIMEOUT must be at least 1 and PAGE_CACHE_MAX_AGE at least 0.")

# --- Celery (read by humas_portal/celery.py with the CELERY_ namespace) ---------------------

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# A task is acknowledged only when it finished, and comes back if its worker died mid-way;
# every task is therefore written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Publishing from a web request must not hang while the broker is down or frozen: one attempt,
# and at most about a socket timeout to (re)connect (kombu otherwise retries a connection for
# 4 s, and each retried publish waits its own timeouts); the notifications outbox relay sends
# what could not be published.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = OFFICE_TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
WORKER_HEARTBEAT_INTERVAL = env.int("WORKER_HEARTBEAT_INTERVAL", default=60)
# /healthz calls the worker stale (or busy, humas_portal/health.py) after this many seconds
# without a heartbeat.
WORKER_HEARTBEAT_MAX_AGE = env.int("WORKER_HEARTBEAT_MAX_AGE", default=180)
if not 0 < WORKER_HEARTBEAT_INTERVAL < WORKER_HEARTBEAT_MAX_AGE:
    _config_error("WORKER_HEARTBEAT_INTERVAL must be positive and below WORKER_HEARTBEAT_MAX_AGE.")
if WORKER_HEARTBEAT_MAX_AGE <= CELERY_TASK_TIME_LIMIT:
    # /healthz tells a busy worker from a stopped one by what it did within that age.
    _config_error("WORKER_HEARTBEAT_MAX_AGE must be above CELERY_TASK_TIME_LIMIT.")
# Hour (office time zone) at which each complaint officer gets the daily digest.
COMPLAINT_DIGEST_HOUR = env.int("COMPLAINT_DIGEST_HOUR", default=7)
if not 0 <= COMPLAINT_DIGEST_HOUR <= 23:
    _config_error("COMPLAINT_DIGEST_HOUR must be an hour, 0 to 23.")
# The beat schedule is not a setting: each app registers its periodic tasks in its
# AppConfig.ready() (humas_portal/periodic.py), and humas_portal/celery.py hands them to beat.

# --- Notifications outbox (humas_portal/notifications/services.py) -------------------------

# Give up on a message (dead) this long after it was enqueued.
NOTIFICATIONS_MAX_AGE = env.int("NOTIFICATIONS_MAX_AGE", default=48 * 3600)
# The relay leaves a freshly enqueued or freshly relayed row alone this long (seconds).
NOTIFICATIONS_DISPATCH_GRACE = env.int("NOTIFICATIONS_DISPATCH_GRACE", default=60)
# A row "sending" for longer than a task may run belongs to a worker that died: due again.
NOTIFICATIONS_SENDING_TIMEOUT = env.int(
    "NOTIFICATIONS_SENDING_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 30
)
if NOTIFICATIONS_SENDING_TIMEOUT <= 0:
    _config_error("NOTIFICATIONS_SENDING_TIMEOUT must be positive.")
# Exponential back-off: base * 2^(attempt-1), capped, with jitter.
NOTIFICATIONS_RETRY_BASE = env.float("NOTIFICATIONS_RETRY_BASE", default=60.0)
NOTIFICATIONS_RETRY_MAX = env.float("NOTIFICATIONS_RETRY_MAX", default=3600.0)
NOTIFICATIONS_BATCH_SIZE = env.int("NOTIFICATIONS_BATCH_SIZE", default=100)
# A send task starts no new message after this many seconds: half the soft time limit leaves
# the message under way time to finish (a slow server takes seconds per mail).
NOTIFICATIONS_BATCH_SECONDS = env.float(
    "NOTIFICATIONS_BATCH_SECONDS", default=CELERY_TASK_SOFT_TIME_LIMIT / 2
)
if not 0 < NOTIFICATIONS_BATCH_SECONDS < CELERY_TASK_SOFT_TIME_LIMIT:
    _config_error("NOTIFICATIONS_BATCH_SECONDS must be positive and below the soft time limit.")
NOTIFICATIONS_RETENTION_DAYS = env.int("NOTIFICATIONS_RETENTION_DAYS", default=90)

# The longest a site search's queries may run on PostgreSQL (SET LOCAL statement_timeout): a
# pathological query answers "took too long" instead of holding a worker.
SEARCH_STATEMENT_TIMEOUT_MS = env.int("SEARCH_STATEMENT_TIMEOUT_MS", default=2000)
if SEARCH_STATEMENT_TIMEOUT_MS <= 0:
    _config_error("SEARCH_STATEMENT_TIMEOUT_MS must be positive.")
# /healthz says "degraded" when an unsent message has waited longer than this (seconds).
NOTIFICATIONS_HEALTH_MAX_AGE = env.int("NOTIFICATIONS_HEALTH_MAX_AGE", default=15 * 60)

# --- Complaint desk (complaints/) ----------------------------------------------------------

# Evidence lives here, outside MEDIA_ROOT: no web server serves it; a permission-checked view
# does. Back it up with the database (docs/OPERATIONS.md).
COMPLAINT_EVIDENCE_ROOT = Path(
    env.str("COMPLAINT_EVIDENCE_ROOT", default=str(VAR_DIR / "private" / "evidence"))
)
COMPLAINT_EVIDENCE_MAX_FILES = env.int("COMPLAINT_EVIDENCE_MAX_FILES", default=10)
COMPLAINT_EVIDENCE_MAX_TOTAL_BYTES = env.int(
    "COMPLAINT_EVIDENCE_MAX_TOTAL_BYTES", default=300 * 1024 * 1024
)
# Days from when a violation became known within which it must be reported (UU 7/2017
# Pasal 454; the Pilkada regime may differ), per election type. Past it the form warns.
COMPLAINT_REPORTING_DAYS = {
    "pemilu": env.int("COMPLAINT_REPORTING_DAYS_PEMILU", default=7),
    "pilkada": env.int("COMPLAINT_REPORTING_DAYS_PILKADA", default=7),
}
# Where a formal report (laporan) can be filed online: Bawaslu's national system.
COMPLAINT_NATIONAL_SYSTEM_URL = env.str(
    "COMPLAINT_NATIONAL_SYSTEM_URL", default="https://sigaplapor.bawaslu.go.id/"
)
# A form sent back sooner than this after it was shown is treated as a bot's (seconds).
COMPLAINT_FORM_MIN_SECONDS = env.int("COMPLAINT_FORM_MIN_SECONDS", default=5)
# How long the session that filed or tracked a complaint may add to it (minutes).
COMPLAINT_SESSION_MINUTES = env.int("COMPLAINT_SESSION_MINUTES", default=60)
# Per client address: complaints filed per hour; tracking guesses and secret resets per
# 15 minutes.
COMPLAINT_SUBMIT_LIMIT = env.int("COMPLAINT_SUBMIT_LIMIT", default=10)
COMPLAINT_TRACK_LIMIT = env.int("COMPLAINT_TRACK_LIMIT", default=10)
# Evidence and information additions (POSTs) per hour: per complaint, the main guard, since
# only the browser holding its session may add; and per client, generous, because
# carrier-grade NAT puts many phones behind one IPv4 address.
COMPLAINT_ADDITIONS_LIMIT = env.int("COMPLAINT_ADDITIONS_LIMIT", default=20)
COMPLAINT_ADDITIONS_CLIENT_LIMIT = env.int("COMPLAINT_ADDITIONS_CLIENT_LIMIT", default=200)
# Per complaint: new tracking secrets that may be asked for by e-mail on one day.
COMPLAINT_SECRET_REQUESTS_PER_DAY = env.int("COMPLAINT_SECRET_REQUESTS_PER_DAY", default=3)
# Per mailbox (validators.email_recipient_key): e-mails all public forms together may send it
# on one day (receipts, new codes, subscription and press confirmations). Past it the form
# still answers as usual, and nothing more is sent.
PUBLIC_FORM_MAIL_PER_DAY = env.int("PUBLIC_FORM_MAIL_PER_DAY", default=5)
# How long a public form's hidden token and stamp stay good after the form was shown (hours):
# an old copy of the form is no credential.
PUBLIC_FORM_MAX_AGE_HOURS = env.int("PUBLIC_FORM_MAX_AGE_HOURS", default=24)
# Identity, contacts and evidence of a closed (Selesai) or merged complaint are shredded this
# many months after it was closed, unless it is on legal hold (complaints.retention).
COMPLAINT_RETENTION_MONTHS = env.int("COMPLAINT_RETENTION_MONTHS", default=24)
# The digest lists an officer's complaints due within this many days, and those overdue.
COMPLAINT_DIGEST_DAYS_AHEAD = env.int("COMPLAINT_DIGEST_DAYS_AHEAD", default=2)
for _name in (
    "COMPLAINT_EVIDENCE_MAX_FILES",
    "COMPLAINT_SESSION_MINUTES",
    "COMPLAINT_SUBMIT_LIMIT",
    "COMPLAINT_TRACK_LIMIT",
    "COMPLAINT_ADDITIONS_LIMIT",
    "COMPLAINT_ADDITIONS_CLIENT_LIMIT",
    "COMPLAINT_SECRET_REQUESTS_PER_DAY",
    "PUBLIC_FORM_MAIL_PER_DAY",
    "PUBLIC_FORM_MAX_AGE_HOURS",
    "COMPLAINT_RETENTION_MONTHS",
):
    if globals()[_name] <= 0:
        _config_error("%s must be positive." % _name)

# Education quizzes (education.guide_views): submissions per client address per window. A
# class answering together on the school's Wi-Fi shares one address, so the limit is generous;
# it bounds scripted counting, nothing else.
QUIZ_ANSWER_LIMIT = env.int("QUIZ_ANSWER_LIMIT", default=120)
QUIZ_ANSWER_WINDOW = env.int("QUIZ_ANSWER_WINDOW", default=600)
for _name in ("QUIZ_ANSWER_LIMIT", "QUIZ_ANSWER_WINDOW"):
    if globals()[_name] <= 0:
        _config_error("%s must be positive." % _name)

# Forum Media registrations (media_forum.registrations). Contact data of an event's
# registrants is erased this many months after it ends (UU 27/2022; media_forum.events). An
# unconfirmed registration, and its confirmation link, lives this many hours. Registrations
# per client address per hour (newsrooms share one address). A registration form sent back
# sooner than FORUM_MEDIA_FORM_MIN_SECONDS after it was shown is treated as a bot's.
FORUM_MEDIA_CONTACT_RETENTION_MONTHS = env.int("FORUM_MEDIA_CONTACT_RETENTION_MONTHS", default=6)
FORUM_MEDIA_CONFIRM_HOURS = env.int("FORUM_MEDIA_CONFIRM_HOURS", default=24)
FORUM_MEDIA_REGISTER_LIMIT = env.int("FORUM_MEDIA_REGISTER_LIMIT", default=20)
FORUM_MEDIA_FORM_MIN_SECONDS = env.int("FORUM_MEDIA_FORM_MIN_SECONDS", default=3)
for _name in (
    "FORUM_MEDIA_CONTACT_RETENTION_MONTHS",
    "FORUM_MEDIA_CONFIRM_HOURS",
    "FORUM_MEDIA_REGISTER_LIMIT",
):
    if globals()[_name] <= 0:
        _config_error("%s must be positive." % _name)

# Public-information requests (ppid.services). The requester's name, address and contacts are
# erased this many months after the request is closed (decided or withdrawn, and any objection
# answered; UU 27/2022): two years covers the Komisi Informasi dispute and a year's report.
# Per client address: requests per hour; tracking guesses per 15 minutes. A request form sent
# back sooner than PPID_FORM_MIN_SECONDS after it was shown is treated as a bot's. Tracking
# opens the request in this browser for PPID_SESSION_MINUTES.
PPID_RETENTION_MONTHS = env.int("PPID_RETENTION_MONTHS", default=24)
PPID_SUBMIT_LIMIT = env.int("PPID_SUBMIT_LIMIT", default=10)
PPID_TRACK_LIMIT = env.int("PPID_TRACK_LIMIT", default=10)
PPID_FORM_MIN_SECONDS = env.int("PPID_FORM_MIN_SECONDS", default=5)
PPID_SESSION_MINUTES = env.int("PPID_SESSION_MINUTES", default=30)
for _name in (
    "PPID_RETENTION_MONTHS",
    "PPID_SUBMIT_LIMIT",
    "PPID_TRACK_LIMIT",
    "PPID_SESSION_MINUTES",
):
    if globals()[_name] <= 0:
        _config_error("%s must be positive." % _name)

# --- E-mail ---------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Portal Humas <humas@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_HOST = env.str("EMAIL_HOST", default="")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = _secret("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        _config_error("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# Django's default is no timeout: a hung SMTP server would hang a worker forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=15)

# --- Auth -----------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Argon2 for every new or re-hashed password; the others only read older hashes (a login
# re-hashes them with Argon2).
PRODUCTION_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
PASSWORD_HASHERS = PRODUCTION_PASSWORD_HASHERS
if TESTING:
    # Real hashers cost ~100 ms each; tests that check the hasher override this.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "admin:login"

# --- Staff accounts: second factor, login throttling, sessions (docs/SECURITY.md) ----------

# The admin refuses a staff session that has not passed the second factor. Off in development
# so `make run` stays easy; a user who enrolled anyway is still asked for a code.
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=PRODUCTION)
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
STAFF_SESSION_MAX_HOURS = env.int("STAFF_SESSION_MAX_HOURS", default=8)
# Login records (addresses and browsers of staff) are personal data: kept this long.
LOGIN_LOG_RETENTION_DAYS = env.int("LOGIN_LOG_RETENTION_DAYS", default=90)
for _name in (
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_COOLOFF_MINUTES",
    "STAFF_SESSION_IDLE_MINUTES",
    "STAFF_SESSION_MAX_HOURS",
    "LOGIN_LOG_RETENTION_DAYS",
):
    if globals()[_name] < 1:
        _config_error("%s must be 1 or more." % _name)
if STAFF_SESSION_IDLE_MINUTES > STAFF_SESSION_MAX_HOURS * 60:
    _config_error("STAFF_SESSION_IDLE_MINUTES must not exceed STAFF_SESSION_MAX_HOURS.")

# Only staff sign in, so every session is a staff session: the server forgets it at the
# absolute lifetime at the latest; humas_portal.middleware.StaffSessionMiddleware ends it
# earlier when idle or past STAFF_SESSION_MAX_HOURS since login.
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_HOURS * 3600

# axes.backends.AxesStandaloneBackend refuses a locked-out (username, address) before any
# password is checked; ModelBackend does the real work (and refuses inactive users).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# django-axes keeps attempts in the database, not the cache: a Redis outage must not lift a
# lockout (staff logins fail closed).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
# Per (username, address): an attacker elsewhere can lock out only themselves, never the
# real user at their own address, and a lockout always ends after the cool-off.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Attempts during a lockout do not restart the cool-off, so it cannot be prolonged at will.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "humas_portal.net.client_ip"
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
# Failures are kept (AccessFailureLog) beyond the lockout window, successes in AccessLog.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Axes' log lines name only the lockout parameters, masked: no staff address or browser in logs.
AXES_VERBOSE = False

# django-otp: the admin never shows a TOTP secret or a backup code after enrolment.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Language and time ----------------------------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "bahasa"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
USE_I18N = True
TIME_ZONE = OFFICE_TIME_ZONE
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------

STATIC_URL = "/static/"
# collectstatic's target in production (nginx serves it, WhiteNoise is the fallback);
# development serves the source folders.
STATIC_ROOT = (
    Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))) if PRODUCTION else None
)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# /healthz says "degraded" when the disk of MEDIA_ROOT or COMPLAINT_EVIDENCE_ROOT has less free
# space than this (MB): well before uploads start failing.
STORAGE_HEALTH_MIN_FREE_MB = env.int("STORAGE_HEALTH_MIN_FREE_MB", default=1024)
# In development Django serves public media itself (django.conf.urls.static serves nothing
# with DEBUG off); in production nginx does, see deploy/nginx.conf.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not PRODUCTION)
STORAGES = {
    # Never part of a file on a full disk (humas_portal/uploads.py).
    "default": {"BACKEND": "humas_portal.uploads.WholeFileStorage"},
    "staticfiles": {
        # Hashed, compressed files need collectstatic, which production deployments run;
        # development and tests read the source folders directly.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
PDF_MAX_BYTES = env.int("PDF_MAX_BYTES", default=20 * 1024 * 1024)
# Complaint evidence (humas_portal.uploads.evidence_process): phone photos up to 120 MP are
# accepted (a baseline JPEG is decoded at reduced scale); other images are decoded whole, so
# they stop at 16 MP: the worst case measured, a lossless RGBA WebP, raises the process's peak
# memory by about 15 bytes a pixel (a 38 MP one: 590 MB; 16 MP: 250 MB, tested under 300 MB).
# Stored copies are at most EVIDENCE_IMAGE_MAX_SIDE pixels on the longest side. 2000 is half
# the side of the commonest phone photo (12 MP, 4000 x 3000), which libjpeg then decodes at half
# size with no resize after it: 3 times less CPU than 2560, which needs a whole decode and a
# resize (docs/PERFORMANCE.md, "Evidence processing").
EVIDENCE_IMAGE_MAX_BYTES = env.int("EVIDENCE_IMAGE_MAX_BYTES", default=40 * 1024 * 1024)
EVIDENCE_IMAGE_MAX_PIXELS = env.int("EVIDENCE_IMAGE_MAX_PIXELS", default=120_000_000)
EVIDENCE_IMAGE_MAX_PIXELS_UNCOMPRESSED = env.int(
    "EVIDENCE_IMAGE_MAX_PIXELS_UNCOMPRESSED", default=16_000_000
)
EVIDENCE_IMAGE_MAX_SIDE = env.int("EVIDENCE_IMAGE_MAX_SIDE", default=2000)
# Pixels one evidence POST may decode in all (humas_portal.uploads.PixelBudget): ten ordinary
# phone photos (even decoded whole, as a 12 MP JPEG is with EVIDENCE_IMAGE_MAX_SIDE above
# 2000), a few images at the uncompressed limit.
EVIDENCE_REQUEST_MAX_PIXELS = env.int("EVIDENCE_REQUEST_MAX_PIXELS", default=125_000_000)
# Videos are remuxed by ffmpeg without metadata; without ffmpeg they are neither offered nor
# accepted (humas_portal.uploads.ffmpeg_binary).
EVIDENCE_VIDEO_MAX_BYTES = env.int("EVIDENCE_VIDEO_MAX_BYTES", default=100 * 1024 * 1024)
# The remux runs inside the upload request: keep it below gunicorn's 30 s timeout.
EVIDENCE_VIDEO_TIMEOUT = env.int("EVIDENCE_VIDEO_TIMEOUT", default=20)
# Empty: the system's ffmpeg on PATH, else the one in the imageio-ffmpeg wheel. Set, it is the
# only one used (a name on PATH or a full path).
FFMPEG_BINARY = env.str("FFMPEG_BINARY", default="")

# --- Security -------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "humas_portal.views.csrf_failure"
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /healthz answers plain HTTP, so a monitor on the private network can probe it directly.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a promise about the whole registrable domain (bawaslu.go.id for a
    # regency office) that only its owner can make, and the preload list only accepts the
    # header from that apex domain, not from this portal's subdomain.
    "security.W021",
]

# Every byte comes from our own origin: no CDN, web font, analytics or third-party script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        # pikepdf announces its C++ logger bridge at import, on every start of every command.
        "pikepdf": {"level": "WARNING"},
    },
}

# --- Portal ---------------------------------------------------------------------------------

# Official region codes (Kepmendagri) shipped with the project; see its README for the source.
REGION_DATA_FILE = BASE_DIR / "humas_portal" / "siteprofile" / "data" / "wilayah-indonesia.csv.gz"
