"""Settings for the Gnist portal. Deploy values come from the environment (see README.md)."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from gnist.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-dev-key-only-for-debug" if DEBUG else None)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("GNIST_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Our apps first so that our templates and translations win over third-party ones.
    "accounts",
    "municipalities",
    "competence",
    "challenges",
    "gnist",
    # modeltranslation must come before the admin so that its admin integration loads.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that writes the body; after WhiteNoise, whose static files are compressed already.
    "gnist.middleware.PublicPageGZipMiddleware",
    # The page cache in two halves (gnist/pagecache.py): this one stores the finished response, after every
    # middleware below has added its cookies; the last one answers from the cache once the user is known.
    "gnist.pagecache.StorePageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMFAMiddleware",
    "gnist.pagecache.FetchPageMiddleware",
]

ROOT_URLCONF = "gnist.urls"
WSGI_APPLICATION = "gnist.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gnist.context_processors.site",
            ],
        },
    },
]

# Without OPTIONS["loaders"], Django caches compiled templates (reloading them on change under runserver).

# Database: SQLite under var/ unless DATABASE_URL points elsewhere (postgres://user@host:port/name).
# Outside DEBUG a worker keeps its connection for a minute (checked before reuse) instead of one per request.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gnist.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters are bound by PostgreSQL rather than quoted into the SQL, so psycopg prepares a statement once
    # a connection has run it twice and PostgreSQL plans it once instead of on every request (a tenth of a
    # millisecond a query, a tenth of a signed-in page). Prepared statements live on the connection: behind a
    # pooler in transaction mode (PgBouncer) set DATABASE_PREPARE_THRESHOLD=0 to turn them off.
    _prepare_threshold = env_int("DATABASE_PREPARE_THRESHOLD", 2)
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),  # and the URL's own (?sslmode=require)
        "server_side_binding": True,
        "prepare_threshold": _prepare_threshold or None,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when set, is both the Celery broker and the cache; without it tasks run eagerly.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "gnist.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The page layout's fixed parts (base.html's {% cache … using='layout' %}: the style sheet links, the logo,
# the footer) depend only on the language and what is deployed, so each worker keeps them in its own memory.
CACHES["layout"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "layout"}
# Sessions are read from the cache and written through to the database, so a Redis restart signs nobody out;
# a visitor without a session touches neither.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Anonymous pages and what every page computes are cached until content changes (gnist/pagecache.py), and at
# most this long (0 turns both off).
GNIST_CONTENT_CACHE_SECONDS = env_int("GNIST_CONTENT_CACHE_SECONDS", 600)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Oslo"
# Run by `celery beat` (one process per deployment, see README.md and docker-compose.yml).
CELERY_BEAT_SCHEDULE = {
    "purge-expired-rounds": {
        "task": "municipalities.tasks.purge_expired_rounds",
        "schedule": crontab(hour=3, minute=30),
    },
    "requeue-stuck-emails": {
        "task": "gnist.tasks.requeue_stuck_emails",
        "schedule": crontab(minute="*/5"),
    },
    "blank-old-email-bodies": {
        "task": "gnist.tasks.blank_old_email_bodies",
        "schedule": crontab(hour=3, minute=45),
    },
    "challenge-alert-digests": {
        "task": "challenges.tasks.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
}

# A round's application data is kept this many months after its last phase ends, unless the round sets a date.
GNIST_ROUND_RETENTION_MONTHS = env_int("GNIST_ROUND_RETENTION_MONTHS", 24)
# Outbox bodies (receipts hold whole applications, others name team members) are blanked after this many days.
GNIST_OUTBOX_RETENTION_DAYS = env_int("GNIST_OUTBOX_RETENTION_DAYS", 30)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "accounts:profile"
LOGIN_URL = "account_login"

# django-allauth: e-mail only, verified before first sign-in, rate limits on (cache-backed by default).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "name*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Gnist] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth keys its rate limits on the client address (so does gnist.ratelimit.client_ip): behind n proxies the
# n-th X-Forwarded-For entry from the right, never an entry the client wrote, nor the proxy's own address.
_BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1 if _BEHIND_PROXY else 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Gnist"
# Staff must set up two-factor authentication before using Django admin; `make run` turns it off for the demo.
GNIST_REQUIRE_STAFF_MFA = env_bool("GNIST_REQUIRE_STAFF_MFA", not DEBUG)

# Django's, with the plain inputs and textareas written in Python (gnist/form_renderer.py).
FORM_RENDERER = "gnist.form_renderer.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = ["designsystemet"]
CRISPY_TEMPLATE_PACK = "designsystemet"
CRISPY_FAIL_SILENTLY = not DEBUG
CRISPY_CLASS_CONVERTERS = {
    "textinput": "ds-input",
    "emailinput": "ds-input",
    "passwordinput": "ds-input",
    "numberinput": "ds-input",
    "urlinput": "ds-input",
    "dateinput": "ds-input",
    "datetimeinput": "ds-input",
    "timeinput": "ds-input",
    "textarea": "ds-input",
    "select": "ds-input",
    "selectmultiple": "ds-input",
    "clearablefileinput": "ds-input",
    "fileinput": "ds-input",
    "checkboxinput": "ds-input",
    "radioselect": "ds-input",
    "checkboxselectmultiple": "ds-input",
}

# Languages: bokmål by default (no URL prefix), nynorsk under /nn/, English under /en/.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("nn", _("Norwegian Nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content that programme admins write (rounds, phases, course lessons) is stored per language by
# django-modeltranslation (`title_nb`, `title_nn`, `title_en`); an empty translation falls back to bokmål.
MODELTRANSLATION_DEFAULT_LANGUAGE = "nb"
MODELTRANSLATION_LANGUAGES = ("nb", "nn", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nb",)
USE_I18N = True
# Our date and time formats per language (gnist/formats/<lang>/formats.py), over Django's own.
FORMAT_MODULE_PATH = ["gnist.formats"]
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages come from npm, never copied into the repo: `make install` bundles what pages load into
# build/static/bundle/ (see the Makefile); the certificate's fonts are served from node_modules.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    BASE_DIR / "build" / "static",
    ("vendor/inter", NODE_MODULES / "@fontsource/inter"),
]
# Files: "default" holds public media (lesson media and captions) under MEDIA_URL; "private" holds attachments
# and certificates outside MEDIA_ROOT with no URL, served only by views that check permission.
MEDIA_URL = "media/"
MEDIA_ROOT = env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "gnist.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": env_str("DJANGO_PRIVATE_ROOT", str(VAR_DIR / "private"))},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# With a bucket, both go to S3-compatible object storage, shared by every web node and worker: public media
# under media/ (plain URLs; let the public read only that prefix), private files under private/ of
# GNIST_S3_PRIVATE_BUCKET if set, else of the same bucket, stored with a private ACL.
GNIST_S3_BUCKET = env_str("GNIST_S3_BUCKET", "")
if GNIST_S3_BUCKET:
    _S3 = {
        "endpoint_url": env_str("GNIST_S3_ENDPOINT_URL", "") or None,
        "region_name": env_str("GNIST_S3_REGION", "") or None,
        # Unset: boto3 finds credentials itself (its environment variables, an instance role).
        "access_key": env_str("GNIST_S3_ACCESS_KEY_ID", "") or None,
        "secret_key": env_str("GNIST_S3_SECRET_ACCESS_KEY", "") or None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_S3, "bucket_name": GNIST_S3_BUCKET, "location": "media", "querystring_auth": False},
    }
    STORAGES["private"] = {
        "BACKEND": "gnist.s3.PrivateS3Storage",
        "OPTIONS": {
            **_S3,
            "bucket_name": env_str("GNIST_S3_PRIVATE_BUCKET", "") or GNIST_S3_BUCKET,
            "location": "private",
            "default_acl": "private",
        },
    }
# Request bodies: the proxy caps the whole body (see Dockerfile); Django caps the form fields (1 MB, far above
# the longest application) and files: up to 2 MB stay in memory, larger ones stream to a temporary file, and
# gnist.uploads passes no bytes on past the largest file a form takes, so a huge POST never lands on disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "gnist.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# E-mail: printed to the terminal in development unless an SMTP host is given.
_EMAIL_HOST = env_str("EMAIL_HOST", "")
_EMAIL_PORT = env_int("EMAIL_PORT", 587)
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _EMAIL_HOST,
            "port": _EMAIL_PORT,
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", _EMAIL_PORT == 587),
            "timeout": 20,
        },
    }
    if _EMAIL_HOST
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Gnist <post@gnist.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict CSP everywhere (no inline scripts or styles), hardened cookies and HTTPS outside DEBUG.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# A form sent without a valid CSRF token gets the site's own page, saying what to do (gnist/errors.py).
CSRF_FAILURE_VIEW = "gnist.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if _BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
