"""One environment-driven settings module for every deployment.

Everything that differs between a laptop, CI and production comes from environment variables,
so the same code runs everywhere; the defaults give a working embedded set-up (SQLite file).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _env_bool("KENGAKU_DEBUG", True)
SECRET_KEY = os.environ.get("KENGAKU_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("KENGAKU_SECRET_KEY must be set when KENGAKU_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-local-use"
ALLOWED_HOSTS = _env_list("KENGAKU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "delegations",
    "tours",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "project.middleware.BodySizeLimit",
    "project.middleware.ApiErrorBodies",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"
ASGI_APPLICATION = "project.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("KENGAKU_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer rather than fail (web server and worker share the file).
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# Largest request body accepted anywhere (scenario documents, CSV uploads): 5 MB.
KENGAKU_MAX_BODY_BYTES = int(os.environ.get("KENGAKU_MAX_BODY_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = KENGAKU_MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = KENGAKU_MAX_BODY_BYTES

# Geocoding of places and facilities entered with an address and no coordinates (geopy).
KENGAKU_GEOCODER = {
    "domain": os.environ.get("KENGAKU_GEOCODER_DOMAIN", "nominatim.openstreetmap.org"),
    "scheme": os.environ.get("KENGAKU_GEOCODER_SCHEME", "https"),
    "user_agent": os.environ.get("KENGAKU_GEOCODER_USER_AGENT", "kengaku/0.1 (self-hosted)"),
    "timeout_s": float(os.environ.get("KENGAKU_GEOCODER_TIMEOUT_S", "10")),
    "min_delay_s": float(os.environ.get("KENGAKU_GEOCODER_MIN_DELAY_S", "1.0")),
}

# Background solves (Django's Tasks API through the django-tasks backport). Embedded default: the
# database backend, whose worker (`manage.py db_worker`) `make run` starts beside the web server.
# With REDIS_URL set, RQ instead (`manage.py rqworker --job-class django_tasks_rq.Job QUEUE`), so
# workers on several machines share one queue; the task code is the same.
REDIS_URL = os.environ.get("REDIS_URL", "")
KENGAKU_SOLVE_QUEUE = os.environ.get("KENGAKU_SOLVE_QUEUE", "default")
KENGAKU_SOLVE_MAX_TIME_LIMIT_S = float(os.environ.get("KENGAKU_SOLVE_MAX_TIME_LIMIT_S", "3600"))
KENGAKU_JOB_HEARTBEAT_TIMEOUT_S = float(os.environ.get("KENGAKU_JOB_HEARTBEAT_TIMEOUT_S", "30"))
_TASK_QUEUES = sorted({"default", KENGAKU_SOLVE_QUEUE})
if REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": _TASK_QUEUES}}
    # A job RQ has not seen finish within its timeout is killed: give the longest solve room.
    RQ_QUEUES = {
        name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": int(KENGAKU_SOLVE_MAX_TIME_LIMIT_S) + 600}
        for name in _TASK_QUEUES
    }
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": _TASK_QUEUES}}

# Email: itinerary invitations (iMIP, sent by a background task after each publication).
# KENGAKU_EMAIL_BACKEND is file (default: one file per message in KENGAKU_EMAIL_DIR), console,
# smtp (KENGAKU_EMAIL_HOST etc.), locmem, or a backend's dotted path.
_EMAIL_BACKENDS = {
    name: f"django.core.mail.backends.{name}.EmailBackend"
    for name in ("smtp", "console", "locmem", "dummy")
} | {"file": "django.core.mail.backends.filebased.EmailBackend"}
_email_backend = os.environ.get("KENGAKU_EMAIL_BACKEND", "file")
EMAIL_BACKEND = _EMAIL_BACKENDS.get(_email_backend, _email_backend)
EMAIL_FILE_PATH = os.environ.get("KENGAKU_EMAIL_DIR", str(BASE_DIR / "outbox"))
EMAIL_HOST = os.environ.get("KENGAKU_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("KENGAKU_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("KENGAKU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("KENGAKU_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("KENGAKU_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _env_bool("KENGAKU_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("KENGAKU_EMAIL_FROM", "Kengaku <kengaku@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KENGAKU_LOG_LEVEL", "WARNING")},
}
