"""APiLos settings: one production-safe base that reads the environment only.

Every integration (PostgreSQL, Redis, SMTP, S3, Sentry) switches on when its variable is set and is off
otherwise. Local runs set DEBUG=1; tests use apilos/settings_test.py, which changes only what it must.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in ("1", "true", "yes", "on", "oui"):
        return True
    if value.strip().lower() in ("0", "false", "no", "off", "non"):
        return False
    raise ImproperlyConfigured(f"La variable {name} doit valoir 1/0, true/false, yes/no ou on/off (reçu : {value!r}).")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"La variable {name} doit être un nombre entier (reçu : {value!r}).") from exc


DEBUG = env_bool("DEBUG", False)
# local | test | staging | production: used for the cache key prefix, e-mail subjects and robots.txt.
ENVIRONMENT = os.environ.get("ENVIRONMENT", "local" if DEBUG else "production")

# Mandatory outside DEBUG. Left empty here so that collectstatic works without secrets; the system check
# core.E001 and apilos/wsgi.py refuse to start the application without it.
SECRET_KEY = os.environ.get("SECRET_KEY", "") or ("django-insecure-apilos-local-only" if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "widget_tweaks",
    "dsfr",  # before django.forms: its DSFR widget and error templates override Django's
    "django.forms",  # FORM_RENDERER = TemplatesSetting finds the remaining built-in templates here
    "csp",
    "rest_framework",
    "django_filters",
    "django.contrib.postgres",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "hijack",
    "simple_history",
    "core",
    "users",
    "programmes",
    "conventions",
    "api",
    "loyers",
    "support",
    "webhooks",
    "reprise",
    "siap",
    "dialogue",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early: pages answered by a later middleware (SIAP unavailable, lockout) have their nonce too.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "hijack.middleware.HijackUserMiddleware",
    "core.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The audit trail (django-simple-history) records the signed-in user as the author of each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout detected during the login into its page
]

ROOT_URLCONF = "apilos.urls"
WSGI_APPLICATION = "apilos.wsgi.application"

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
                "core.context_processors.site",
                "support.context_processors.impersonation",
                "siap.context_processors.sso",
                "conventions.context_processors.a_traiter",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -----------------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or os.environ.get("SCALINGO_POSTGRESQL_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
            conn_health_checks=True,
        )
    }
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "apilos.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when configured, fail-safe (a Redis outage never breaks a page) ------------------------
# "throttle" holds rate-limit counters: same Redis, but errors are raised so that core.ratelimit can fall back
# to "throttle_local" (memory of the process) and keep limiting instead of letting everything through.
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("SCALINGO_REDIS_URL")
_LOCAL_THROTTLE_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "apilos-throttle",
    "KEY_PREFIX": f"apilos-{ENVIRONMENT}",
}
if REDIS_URL:
    _REDIS_OPTIONS = {
        "CLIENT_CLASS": "django_redis.client.DefaultClient",
        "SOCKET_CONNECT_TIMEOUT": 0.5,
        "SOCKET_TIMEOUT": 0.5,
    }
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"apilos-{ENVIRONMENT}",
            "OPTIONS": {**_REDIS_OPTIONS, "IGNORE_EXCEPTIONS": True},
        },
        "throttle": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"apilos-{ENVIRONMENT}",
            "OPTIONS": {**_REDIS_OPTIONS, "IGNORE_EXCEPTIONS": False},
        },
        "throttle_local": _LOCAL_THROTTLE_CACHE,
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "apilos.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "apilos",
            "KEY_PREFIX": f"apilos-{ENVIRONMENT}",
        },
        "throttle": _LOCAL_THROTTLE_CACHE,
        "throttle_local": _LOCAL_THROTTLE_CACHE,
    }

# --- Authentication ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "users.lockout.LockoutBackend",  # first: refuses a locked username+IP before the password is checked
    "users.backends.UsernameOrEmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # 3 days: welcome links use the same token

# Brute force (django-axes): failures are stored in the database (they survive a Redis outage); a username
# from one IP address is locked after AXES_FAILURE_LIMIT failures for AXES_COOLOFF_MINUTES. Staff unlock in
# the admin (Axes > Tentatives d'accès: delete the line).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_USERNAME_CALLABLE = "users.lockout.lockout_username"
AXES_LOCKOUT_CALLABLE = "users.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # no row per successful login (personal data, unbounded): failures are enough
AXES_VERBOSE = False  # no banner on every manage.py command; lockout logs still name the username and IP
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the announced unlock time stays true
# Password-reset e-mails: at most this many per address and per client IP per hour.
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("PASSWORD_RESET_LIMIT_PER_EMAIL", 3)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 20)
# Support impersonation (django-hijack): who may is support.perms.can_impersonate; our own DSFR banner is in
# base.html (the library's injected one has inline script, refused by the CSP).
HIJACK_PERMISSION_CHECK = "support.perms.can_impersonate"
HIJACK_INSERT_BEFORE = None

# Sessions in the database (never in Redis, so that a Redis outage does not log everybody out).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 6 * 60 * 60  # idle logout after 6 hours without a page view
# No write on a read-only page view: the session is saved when it changes, and at most every
# SESSION_REFRESH_SECONDS to push its expiry back (core.middleware.IdleSessionMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 5 * 60)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_HTTPONLY = True

# --- Security ----------------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # Scalingo's router terminates TLS
# Number of reverse proxies in front of the application that append to X-Forwarded-For (Scalingo: 1). The
# client IP (throttles, lockouts, logs: core.client_ip) is the Nth address from the right; 0 ignores the header.
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HSTS for one year outside DEBUG unless set otherwise (SECURE_HSTS_SECONDS=0 turns it off explicitly).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Internationalisation ------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

# --- Static and media files --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media-non-public/"  # never served directly: files go through views that check scope
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID"),
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY"),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 50_000  # a 1,000-dwelling formset posts ~12,000 fields
UPLOAD_MAX_SIZE_MB = env_int("UPLOAD_MAX_SIZE_MB", 20)
EXCEL_IMPORT_MAX_SIZE_MB = env_int("EXCEL_IMPORT_MAX_SIZE_MB", 10)
EXCEL_IMPORT_MAX_ROWS = env_int("EXCEL_IMPORT_MAX_ROWS", 5000)

# --- E-mail ------------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "APiLos <ne-pas-repondre@apilos.beta.gouv.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where a notification goes when no recipient is left (reference §2.2), and staff alerts.
APILOS_CONTACT_EMAIL = os.environ.get("APILOS_CONTACT_EMAIL", "contact@apilos.beta.gouv.fr")
# EMAIL_BACKEND records failures for the operator dashboard (support app) and delegates to APILOS_EMAIL_BACKEND.
EMAIL_BACKEND = "support.mail.RecordingEmailBackend"
if os.environ.get("EMAIL_HOST"):
    APILOS_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 10
else:
    APILOS_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
MAX_EMAIL_ATTACHMENT_MB = env_int("MAX_EMAIL_ATTACHMENT_MB", 10)

# --- Background jobs (django-tasks; durable in PostgreSQL, run by the `worker` process) ------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE", DEBUG)
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}
# A job RUNNING for longer than this is presumed abandoned by a dead worker and requeued (core/worker_recovery.py);
# keep it well above the longest job (LIBREOFFICE_TIMEOUT). A job claimed TASKS_MAX_CLAIMS times is failed.
TASKS_STALE_AFTER_SECONDS = env_int("TASKS_STALE_AFTER_SECONDS", 900)
TASKS_STALE_CHECK_SECONDS = env_int("TASKS_STALE_CHECK_SECONDS", 60)
TASKS_MAX_CLAIMS = env_int("TASKS_MAX_CLAIMS", 3)
LIBREOFFICE_PATH = os.environ.get("LIBREOFFICE_PATH", "")
LIBREOFFICE_TIMEOUT = env_int("LIBREOFFICE_TIMEOUT", 120)  # seconds for one conversion to PDF
DOCUMENTS_RETRY_BASE_SECONDS = env_int("DOCUMENTS_RETRY_BASE_SECONDS", 30)  # back-off: 2^attempt × base
# With inline jobs (TASKS_IMMEDIATE, `make run`), generate the validated document in a thread so that
# « Valider » answers at once; off by default (tests expect the document right after the validation).
DOCUMENTS_EN_ARRIERE_PLAN = env_bool("DOCUMENTS_EN_ARRIERE_PLAN", False)

# --- Outbound webhooks (webhooks app) ------------------------------------------------------------------
WEBHOOKS_MAX_ATTEMPTS = env_int("WEBHOOKS_MAX_ATTEMPTS", 6)
WEBHOOKS_RETRY_BASE_SECONDS = env_int("WEBHOOKS_RETRY_BASE_SECONDS", 60)  # back-off: base × 2^(attempt-1)
WEBHOOKS_CONNECT_TIMEOUT = env_int("WEBHOOKS_CONNECT_TIMEOUT", 5)
WEBHOOKS_READ_TIMEOUT = env_int("WEBHOOKS_READ_TIMEOUT", 10)
# Partner URLs on loopback/private networks are refused unless this is set (local runs, tests).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", DEBUG)

# --- REST API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",  # "Token <clé>" or "Bearer apilos_…" (profile tokens)
        "api.authentication.JWTAuthentication",  # "Bearer <JWT>" (SIAP, token/ route)
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiClientThrottle", "api.throttling.ApiAnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api_client": os.environ.get("API_THROTTLE_RATE", "3000/hour"),
        "api_anon": os.environ.get("API_ANON_THROTTLE_RATE", "60/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API APiLos",
    "DESCRIPTION": (
        "API REST de la plateforme de conventionnement APL APiLos. Deux ensembles : `/api-siap/v0/`, le contrat "
        "historique consommé par le SIAP (jeton JWT), et `/api/v1/`, l'API générale des partenaires (clé d'API "
        "personnelle « Token apilos_… », JWT ou session). Chaque appel ne voit que le périmètre de son "
        "utilisateur : un objet hors périmètre répond 404. Guide pas à pas : docs/api.md."
    ),
    "TAGS": [
        {"name": "operation", "description": "Contrat SIAP : une opération, ses conventions, clôture et annulation."},
        {"name": "config-resource", "description": "Contrat SIAP : configuration."},
        {"name": "statistics", "description": "Contrat SIAP : indicateurs de l'utilisateur."},
        {"name": "token", "description": "Jetons JWT à partir d'un identifiant et d'un mot de passe."},
        {"name": "conventions", "description": "Conventions, leurs logements, prêts et actions du circuit."},
        {"name": "programmes", "description": "Opérations (programmes)."},
        {"name": "lots", "description": "Lots : un financement d'une opération."},
        {"name": "bailleurs", "description": "Bailleurs sur lesquels vous avez un rôle."},
        {"name": "administrations", "description": "Services instructeurs sur lesquels vous avez un rôle."},
        {"name": "webhooks", "description": "Abonnements webhook de vos organisations, livraisons et rejeu."},
    ],
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api(-siap)?/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # The schemas stay in ReDoc and the OpenAPI file: the page lists the operations only.
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": True,
        "persistAuthorization": True,
        "validatorUrl": None,
        "defaultModelsExpandDepth": -1,
    },
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.siap.schema.document_empty_operation",
    ],
    "ENUM_NAME_OVERRIDES": {
        "StatutConventionEnum": "conventions.enums.ConventionStatut",
        "StatutSiapEnum": "api.siap.statuts.SIAP_STATUT_CHOICES",
        "TypologieLogementEnum": "programmes.enums.TypologieLogement",
        "TypologieAnnexeEnum": "programmes.enums.TypologieAnnexe",
        "TypologieStationnementEnum": "programmes.enums.TypologieStationnement",
    },
}
# JWT of the SIAP contract: HS256 with a secret shared with the SIAP, the caller's login in "user-login".
JWT_SIGN_KEY = os.environ.get("JWT_SIGN_KEY", "")
SIMPLE_JWT = {
    "ALGORITHM": os.environ.get("JWT_ALGORITHM", "HS256"),
    "SIGNING_KEY": JWT_SIGN_KEY or SECRET_KEY,
    "ACCESS_TOKEN_LIFETIME": datetime.timedelta(minutes=5),
    "REFRESH_TOKEN_LIFETIME": datetime.timedelta(days=1),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "username",
    "USER_ID_CLAIM": "user-login",
    "AUTH_TOKEN_CLASSES": ("api.authentication.SiapAccessToken",),
    "UPDATE_LAST_LOGIN": False,
}

# --- SIAP: outbound client (reference §16.3) ------------------------------------------------------------
# Mock mode (fixed payloads of the documented shapes): on by default in `make run` and the tests.
SIAP_CLIENT_MOCK = env_bool("SIAP_CLIENT_MOCK", env_bool("USE_MOCKED_SIAP_CLIENT", False))
SIAP_CLIENT_HOST = os.environ.get("SIAP_CLIENT_HOST", "").rstrip("/")
SIAP_CLIENT_PATH = os.environ.get("SIAP_CLIENT_PATH", "/api-int/v0")
SIAP_CLIENT_JWT_SIGN_KEY = os.environ.get("SIAP_CLIENT_JWT_SIGN_KEY", "") or JWT_SIGN_KEY or SECRET_KEY
SIAP_CLIENT_ALGORITHM = os.environ.get("SIAP_CLIENT_ALGORITHM", "HS256")
SIAP_CLIENT_TIMEOUT = float(os.environ.get("SIAP_CLIENT_TIMEOUT", "3"))  # seconds, read timeout of one attempt
SIAP_CLIENT_CONNECT_TIMEOUT = float(os.environ.get("SIAP_CLIENT_CONNECT_TIMEOUT", "2"))
SIAP_CLIENT_ATTEMPTS = env_int("SIAP_CLIENT_ATTEMPTS", 3)  # on timeout, connection error, 401, 502-504
SIAP_CLIENT_BACKOFF = float(os.environ.get("SIAP_CLIENT_BACKOFF", "0.3"))  # seconds, doubled at each retry
SIAP_ASSISTANCE_URL = os.environ.get(
    "SIAP_ASSISTANCE_URL", "https://siap-logement.atlassian.net/servicedesk/customer/portal/3"
)
SIAP_MENU = env_bool("SIAP_MENU", True)  # show the SIAP navigation bar to SSO agents

# --- Single sign-on for State agents (each on when its variable is set) -------------------------------------
# Cerbère (CAS): CERBERE_AUTH = the CAS server URL.
CERBERE_AUTH = os.environ.get("CERBERE_AUTH", "").strip()
CAS_SERVER_URL = CERBERE_AUTH
CAS_VERSION = os.environ.get("CERBERE_CAS_VERSION", "CAS_2_SAML_1_0")
CAS_USERNAME_ATTRIBUTE = "UTILISATEUR.LOGIN"
CAS_APPLY_ATTRIBUTES_TO_USER = False  # siap.sso.CerbereBackend applies them itself
CAS_LOGIN_MSG = None
CAS_LOGGED_MSG = None
CAS_REDIRECT_URL = "/"
CAS_ROOT_PROXIED_AS = os.environ.get("CERBERE_SERVICE_ROOT", "") or None
# ProConnect (OpenID Connect): on when PROCONNECT_CLIENT_ID is set.
PROCONNECT_CLIENT_ID = os.environ.get("PROCONNECT_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_ID = PROCONNECT_CLIENT_ID
OIDC_RP_CLIENT_SECRET = os.environ.get("PROCONNECT_CLIENT_SECRET", "")
PROCONNECT_DOMAIN = os.environ.get("PROCONNECT_DOMAIN", "").rstrip(
    "/"
)  # e.g. https://fca.integ01.dev-agentconnect.fr/api/v2
OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROCONNECT_DOMAIN}/authorize"
OIDC_OP_TOKEN_ENDPOINT = f"{PROCONNECT_DOMAIN}/token"
OIDC_OP_USER_ENDPOINT = f"{PROCONNECT_DOMAIN}/userinfo"
OIDC_OP_JWKS_ENDPOINT = f"{PROCONNECT_DOMAIN}/jwks"
OIDC_OP_LOGOUT_ENDPOINT = f"{PROCONNECT_DOMAIN}/session/end"
OIDC_RP_SIGN_ALGO = os.environ.get("PROCONNECT_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email given_name usual_name uid siret"
OIDC_OP_LOGOUT_URL_METHOD = "siap.sso.proconnect_logout_url"
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = 5
LOGIN_REDIRECT_URL_FAILURE = "/comptes/connexion/"
# The SSO apps, backends and the habilitation middleware are always installed; each method switches itself on at
# run time from the variables above (so that tests can switch them with override_settings).
INSTALLED_APPS += ["django_cas_ng", "mozilla_django_oidc"]
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "siap.sso.CerbereBackend", "siap.sso.ProConnectBackend"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.LoginRequiredMiddleware"), "siap.middleware.HabilitationMiddleware"
)

# --- Application ---------------------------------------------------------------------------------------
APILOS_PAGINATION_PER_PAGE = 20
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "")

# --- Logging: everything to stdout, Scalingo collects it ------------------------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # [client IP] (core.client_ip, trusted proxy hops only) on the lines about a request, "[-]" elsewhere.
    "filters": {"client_ip": {"()": "core.log_filters.ClientIpFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(client_ip)s] %(message)s"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["client_ip"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "apilos": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
    },
}

# --- Sentry, only when configured --------------------------------------------------------------------
SENTRY_DSN = os.environ.get("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=ENVIRONMENT,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )
