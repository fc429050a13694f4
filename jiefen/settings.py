"""The one settings module, for the demo, production and the tests alike.

Everything that differs between machines comes from environment variables read through the strict helpers
in ``jiefen.core.env``: a malformed value stops start-up instead of silently meaning something else.
With nothing set, jiefen runs as a local demo on SQLite under ``var/``.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from jiefen.core.env import env_bool, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("JIEFEN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("JIEFEN_DEBUG", False)
SECRET_KEY = env_secret("JIEFEN_SECRET_KEY", default="insecure-local-demo-key-change-me" if DEBUG else None)
# Personal data (ID and phone numbers) is encrypted with keys derived from this secret: the current one first, then
# older ones that may still be read. Losing it loses those fields; keep it apart from the database backups.
# Without the variables, the key script/setup generated in var/ is used, so that manage.py reads what it wrote.
_GENERATED_PII_KEY = VAR_DIR / "pii_key"
JIEFEN_PII_KEYS = [
    env_secret(
        "JIEFEN_PII_KEY",
        default=_GENERATED_PII_KEY.read_text(encoding="utf-8").strip() if _GENERATED_PII_KEY.exists()
        else "insecure-local-demo-personal-data-key" if DEBUG else None,
    ),
    *env_list("JIEFEN_PII_OLD_KEYS", []),
]
ALLOWED_HOSTS = env_list("JIEFEN_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("JIEFEN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "jiefen.core",
    "jiefen.regions",
    "jiefen.orgs",
    "jiefen.cases",
    "jiefen.documents",
    "jiefen.knowledge",
    "jiefen.triage",
    "jiefen.hotline",
    "jiefen.portal",
    "jiefen.exchange",
    "jiefen.screening",
    "jiefen.scheduler",
    "jiefen.mediation",
    "jiefen.supervision",
    "jiefen.agreements",
    "jiefen.respondent",
    "jiefen.followups",
    "jiefen.api",
    "jiefen.demo",
    "jiefen.workbench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "jiefen.urls"
WSGI_APPLICATION = "jiefen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jiefen" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "jiefen.orgs.context_processors.staff",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("JIEFEN_DATABASE_URL", f"sqlite:///{VAR_DIR / 'jiefen.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Persistent connections buy nothing on SQLite and keep the file locked between requests.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench:queue"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "jiefen" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("JIEFEN_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "jiefen" / "static"]
MEDIA_ROOT = Path(env_str("JIEFEN_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

SESSION_COOKIE_SECURE = env_bool("JIEFEN_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("JIEFEN_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(env_str("JIEFEN_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("JIEFEN_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("JIEFEN_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("JIEFEN_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background work (the triage proposal of each new case) goes through Django's task API: by default a queue in the
# same database, drained by `manage.py db_worker` (script/server starts one); tests run tasks inline.
TASKS = {"default": {"BACKEND": env_str("JIEFEN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Called, after commit, with every new case event (registration and each move): what follows a move and
# belongs to another app (telling a sending platform, scheduling reminders) is plugged in here, explicitly.
JIEFEN_CASE_EVENT_HANDLERS: list[str] = [
    "jiefen.exchange.services.on_case_event",
    "jiefen.portal.notifications.on_case_event",
    "jiefen.triage.hooks.on_case_event",
    "jiefen.mediation.notices.on_case_event",
    "jiefen.respondent.services.on_case_event",
]
# Triage models retrained from staff decisions, the active pointer that overrides the shipped one, and the log of
# every switch (jiefen/triage/registry.py). Writable; the model that ships stays in the package.
JIEFEN_TRIAGE_MODELS_DIR = Path(env_str("JIEFEN_TRIAGE_MODELS_DIR", str(VAR_DIR / "triage-models")))
# Where citizens reach the portal from outside: the links in text messages (a document served online) start here.
JIEFEN_PUBLIC_URL = env_str("JIEFEN_PUBLIC_URL", "http://localhost:8000")
# The secret the SMS gateway signs its delivery receipts with (POST /api/sms/receipts/); none set, none accepted.
JIEFEN_SMS_RECEIPT_SECRET = env_secret("JIEFEN_SMS_RECEIPT_SECRET", "")

# Login codes one IP address may ask for in an hour. Raise it only where many citizens share one address (a load
# test from one machine, a carrier's NAT behind a proxy that does not pass the client's address).
JIEFEN_PORTAL_CODES_PER_IP_PER_HOUR = int(env_str("JIEFEN_PORTAL_CODES_PER_IP_PER_HOUR", "20"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "jiefen.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["jiefen.api.permissions.IsStaffMember"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "jiefen.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "jiefen 解纷 API",
    "DESCRIPTION": _("Non-litigation dispute resolution platform: cases, their lifecycle and timeline."),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("JIEFEN_LOG_LEVEL", "WARNING")},
}
