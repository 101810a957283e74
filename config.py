"""Settings, read from the environment through strict parsers.

A bad value stops the process at start-up with a message naming the variable, rather than
surfacing later as odd behaviour. Every variable is listed in README.md.
"""

from __future__ import annotations

import os
import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("PORTAL_INSTANCE_DIR", BASE_DIR / "instance"))


class ConfigError(RuntimeError):
    """A setting in the environment has a value the portal cannot use."""


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from exc
    if number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {number}")
    return number


def env_decimal(name: str, default: str) -> Decimal:
    value = env_str(name, default)
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise ConfigError(f"{name} must be a number such as 12.60, not {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _sqlite_default() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'portal.sqlite3'}"


def _normalise_database_url(url: str) -> str:
    # Plain postgres URLs mean psycopg 3 here, never psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Production-safe defaults; the embedded default is DevelopmentConfig."""

    ENV_NAME = "production"
    SECRET_KEY = env_str("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _normalise_database_url(env_str("DATABASE_URL", _sqlite_default()))
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = env_str("REDIS_URL")
    INSTANCE_DIR = INSTANCE_DIR
    OUTBOX_DIR = Path(env_str("PORTAL_OUTBOX_DIR", str(INSTANCE_DIR / "outbox")))

    # Public address used in links inside emails (no request in a worker).
    BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:5000")
    TRUSTED_HOSTS = env_list("PORTAL_TRUSTED_HOSTS", ["127.0.0.1", "localhost"])
    # How many reverse proxies stand in front (their X-Forwarded-For/-Proto are believed);
    # without this, rate limits would see only the proxy's address.
    PROXY_COUNT = env_int("PORTAL_PROXY_COUNT", 0)

    # Mail: SMTP when MAIL_SERVER is set, else .eml files in OUTBOX_DIR.
    MAIL_SERVER = env_str("MAIL_SERVER")
    MAIL_PORT = env_int("MAIL_PORT", 25, minimum=1)
    MAIL_USERNAME = env_str("MAIL_USERNAME")
    MAIL_PASSWORD = env_str("MAIL_PASSWORD")
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS", False)
    MAIL_TIMEOUT = env_int("MAIL_TIMEOUT", 10, minimum=1)
    MAIL_FROM = env_str("MAIL_FROM", "Representatives Recruitment <no-reply@localhost>")

    # Outbox delivery: attempts before a message is marked failed, first back-off in seconds.
    OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 6, minimum=1)
    OUTBOX_BACKOFF_SECONDS = env_int("OUTBOX_BACKOFF_SECONDS", 30, minimum=1)
    OUTBOX_RELAY_INTERVAL = env_int("OUTBOX_RELAY_INTERVAL", 15, minimum=1)

    SIGN_IN_TOKEN_MINUTES = env_int("SIGN_IN_TOKEN_MINUTES", 15, minimum=1)
    SIGN_IN_RATE_LIMIT = env_str("SIGN_IN_RATE_LIMIT", "5 per minute;20 per hour")
    SIGN_IN_EMAIL_RATE_LIMIT = env_str("SIGN_IN_EMAIL_RATE_LIMIT", "3 per 10 minutes")
    # "Keep me informed" registrations (R-AC4): per IP address, and per email address so that
    # nobody can fill a stranger's inbox with confirmation emails.
    INTEREST_RATE_LIMIT = env_str("INTEREST_RATE_LIMIT", "5 per minute;20 per hour")
    INTEREST_EMAIL_RATE_LIMIT = env_str("INTEREST_EMAIL_RATE_LIMIT", "3 per hour")
    TRACKED_LINK_RATE_LIMIT = env_str("TRACKED_LINK_RATE_LIMIT", "30 per minute")
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # A rate-limit store that is down must not stop people signing in.
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True

    # The Living Wage used as the floor for hourly pay (R-PAY1), with the date it took effect.
    LIVING_WAGE_HOURLY = env_decimal("LIVING_WAGE_HOURLY", "13.45")
    LIVING_WAGE_FROM = env_str("LIVING_WAGE_FROM", "2025-10-21")

    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "portal_session"
    PERMANENT_SESSION_LIFETIME = env_int("SESSION_LIFETIME_HOURS", 12, minimum=1) * 3600
    # WCAG 2.2.1: applicants are warned this long before their session ends (at least 20 s).
    SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_SECONDS", 120, minimum=20)
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead; no expiry mid-form
    WTF_CSRF_SSL_STRICT = env_bool("WTF_CSRF_SSL_STRICT", True)
    # Uploads (a CV): the largest file accepted, and where files are kept under names the
    # server makes up (default: INSTANCE_DIR/uploads). A request larger than
    # MAX_CONTENT_LENGTH gets the "too large" page; it stays above CV_MAX_BYTES so that a file
    # just over the limit is answered on the form itself, kindly.
    CV_MAX_BYTES = env_int("CV_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
    UPLOAD_FOLDER = env_str("UPLOAD_FOLDER")
    MAX_CONTENT_LENGTH = max(10 * 1024 * 1024, CV_MAX_BYTES + 1024 * 1024)

    # Static CSS and JS only: HTML holds CSRF tokens, and compressing it invites BREACH.
    COMPRESS_MIMETYPES = ["text/css", "text/javascript", "application/javascript",
                          "image/svg+xml"]
    COMPRESS_ALGORITHM = ["br", "gzip"]

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "portal" / "translations")
    LANGUAGES = ("en", "cy")

    TESTING = False
    RUN_JOBS_IN_PROCESS = REDIS_URL is None


class DevelopmentConfig(Config):
    """The embedded default behind `make run`: SQLite, jobs in-process, emails to files."""

    ENV_NAME = "development"
    SECRET_KEY = env_str("SECRET_KEY") or "dev-only-" + secrets.token_hex(16)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_SSL_STRICT = False


class TestConfig(Config):
    """Used by the suite; tests override the database and services per run."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105 - tests only
    RATELIMIT_ENABLED = False
    TRUSTED_HOSTS = ["localhost", "127.0.0.1"]
    BASE_URL = "http://localhost"
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_SSL_STRICT = False
    REDIS_URL = None
    RUN_JOBS_IN_PROCESS = True
    MAIL_SERVER = None


def config_for(name: str | None) -> type[Config]:
    """Pick a config class by name (PORTAL_ENV)."""
    choices = {"production": Config, "development": DevelopmentConfig, "test": TestConfig}
    key = name or "development"
    if key not in choices:
        raise ConfigError(f"PORTAL_ENV must be one of {', '.join(choices)}, not {key!r}")
    return choices[key]
