"""Django settings, driven by the environment so one package runs on a laptop and in production.

- ``JIXIAO_DATA_DIR``: where the SQLite database, the secret key and evidence files live
  (default ``./data`` when it exists, else ``~/.local/share/jixiao``).
- ``DATABASE_URL``: ``postgres://user:pass@host:port/name`` switches to PostgreSQL; SQLite
  in the data directory otherwise.
- ``JIXIAO_DEBUG=1`` turns on Django's debug pages; never set it in production.
- ``JIXIAO_ALLOWED_HOSTS``: comma-separated host names (default: localhost names only).
- ``JIXIAO_TRUSTED_PROXIES``: comma-separated addresses or networks of the reverse proxy whose
  ``X-Forwarded-For`` is believed for the client address (audit log, login throttling).
- ``JIXIAO_SECURE_COOKIES=1`` behind TLS: session and CSRF cookies only over HTTPS.
- ``JIXIAO_PROXY_SSL_HEADER`` (e.g. ``X-Forwarded-Proto: https``): only behind a TLS proxy that sets it.
- ``JIXIAO_API_REQUESTS_PER_MINUTE``, ``JIXIAO_API_BAD_TOKENS_PER_MINUTE``: API rate limits.
- ``JIXIAO_BATCH_READ_TIMEOUT``: seconds one batch file may take before it is recorded unreadable.
Security settings and their reasons: docs/security.md.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The data directory, created on first use."""
    configured = os.environ.get("JIXIAO_DATA_DIR")
    if configured:
        path = Path(configured)
    elif Path("data").is_dir():
        path = Path("data").resolve()
    else:
        path = Path.home() / ".local" / "share" / "jixiao"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret_key(directory: Path) -> str:
    """Read the key from the data directory, generating it once so sessions survive restarts."""
    if os.environ.get("JIXIAO_SECRET_KEY"):
        return os.environ["JIXIAO_SECRET_KEY"]
    key_file = directory / "secret_key"
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


def database_from_url(url: str | None, directory: Path) -> dict[str, object]:
    """A Django DATABASES entry from ``DATABASE_URL`` (postgres) or SQLite in the data directory."""
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(directory / "jixiao.sqlite3"),
                "OPTIONS": {"timeout": 20}}
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ValueError(f"DATABASE_URL: unsupported scheme '{parts.scheme}' (use postgres://)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "jixiao",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": int(os.environ.get("JIXIAO_CONN_MAX_AGE", "60")),
        "TEST": {"NAME": os.environ.get("JIXIAO_TEST_DB_NAME") or None},
    }


DATA_DIR = data_dir()
EVIDENCE_DIR = DATA_DIR / "evidence"
SECRET_KEY = _secret_key(DATA_DIR)
DEBUG = os.environ.get("JIXIAO_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get(
    "JIXIAO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("JIXIAO_CSRF_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",
    "jixiao.web.accounts",
    "jixiao.web.audit",
    "jixiao.web.projects",
    "jixiao.web.evidence",
    "jixiao.web.portfolio",
    "jixiao.web.batches",
]

MIDDLEWARE = [
    "jixiao.web.errors.ApiEnvelopeMiddleware",
    "jixiao.web.limits.MaxBodyMiddleware",
    "jixiao.web.limits.ServerFilesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jixiao.web.accounts.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [PACKAGE_DIR / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "jixiao.web.accounts.context.role",
    ]},
}]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"), DATA_DIR)}
# Batch review queue: procrastinate keeps its jobs in PostgreSQL (its migrations are PostgreSQL
# SQL); on SQLite ``jixiao serve`` runs batch files in-process instead (web/batches/runner.py).
QUEUE_ON_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if QUEUE_ON_POSTGRES:
    INSTALLED_APPS.insert(0, "procrastinate.contrib.django")
BATCH_MAX_FILES = int(os.environ.get("JIXIAO_BATCH_MAX_FILES", "2000"))
# seconds one batch file may take to read, score and check before it is recorded as unreadable
BATCH_READ_TIMEOUT = float(os.environ.get("JIXIAO_BATCH_READ_TIMEOUT", "300"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True       # serve from the package: no collectstatic step needed
WHITENOISE_AUTOREFRESH = DEBUG

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "jixiao.web.accounts.passwords.MinimumLength", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "jixiao.web.accounts.passwords.NotUserName"},
]
AUTHENTICATION_BACKENDS = ["jixiao.web.accounts.backends.ThrottledLogin",
                           "jixiao.web.accounts.backends.ProfileBackend"]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures a user name, and separately a
# client address, is locked for AXES_COOLOFF_TIME; the client address comes from the trusted proxy.
AXES_FAILURE_LIMIT = int(os.environ.get("JIXIAO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("JIXIAO_LOGIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "jixiao.web.audit.client.client_ip"
AXES_LOCKOUT_CALLABLE = "jixiao.web.accounts.views.locked_out"
AXES_VERBOSE = False
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("JIXIAO_TRUSTED_PROXIES", "").split(",") if p.strip()]
# API rate limits (web/api/throttle.py): requests per user, wrong bearer tokens per client address
API_REQUESTS_PER_MINUTE = int(os.environ.get("JIXIAO_API_REQUESTS_PER_MINUTE", "600"))
API_BAD_TOKENS_PER_MINUTE = int(os.environ.get("JIXIAO_API_BAD_TOKENS_PER_MINUTE", "20"))


def proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """``JIXIAO_PROXY_SSL_HEADER`` ("X-Forwarded-Proto: https") as Django's SECURE_PROXY_SSL_HEADER.

    Unset by default: believing such a header from a client that reaches the server directly
    would let it pass a plain-HTTP request off as HTTPS. Set it only behind a proxy that
    always overwrites the header.
    """
    name, _, expected = value.partition(":")
    name = name.strip()
    if not name:
        return None
    return "HTTP_" + name.upper().replace("-", "_"), expected.strip() or "https"


_PROXY_SSL = proxy_ssl_header(os.environ.get("JIXIAO_PROXY_SSL_HEADER", ""))
if _PROXY_SSL is not None:
    SECURE_PROXY_SSL_HEADER = _PROXY_SSL
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"   # one DB read per session, not per request
SESSION_COOKIE_HTTPONLY = True         # cookie flags: docs/security.md
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = os.environ.get("JIXIAO_SECURE_COOKIES") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_FAILURE_VIEW = "jixiao.web.errors.csrf_failure"

# Uploads: Django refuses larger request bodies before our own per-kind limits apply.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
# the 自评表 grid posts 14 fields a row, up to 500 rows (web/projects/grid.py MAX_ROWS)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 8000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
EVIDENCE_MAX_BYTES = int(os.environ.get("JIXIAO_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
PROJECT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
EVIDENCE_PROJECT_MAX_BYTES = int(os.environ.get("JIXIAO_EVIDENCE_PROJECT_MAX_BYTES", str(100 * 1024 * 1024)))
EVIDENCE_PROJECT_MAX_FILES = int(os.environ.get("JIXIAO_EVIDENCE_PROJECT_MAX_FILES", "100"))

PASSWORD_HASHERS = (["django.contrib.auth.hashers.MD5PasswordHasher"]
                    if os.environ.get("JIXIAO_FAST_HASHER") == "1" else
                    ["django.contrib.auth.hashers.PBKDF2PasswordHasher"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}
