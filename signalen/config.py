"""Configuration: DefaultConfig, then instance/config.py, then SIGNALEN_* variables."""

from __future__ import annotations

import os
from pathlib import Path

from signalen.clock import LOCAL_TIMEZONE

ROOT = Path(__file__).resolve().parent.parent
INSECURE_DEV_KEY = "dev-only-not-secret"


class DefaultConfig:
    SECRET_KEY = INSECURE_DEV_KEY
    ENV_NAME = "development"  # "production" refuses to start with the dev key
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in from the instance path
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    EXPORT_DIR = str(ROOT / "exports")
    BABEL_DEFAULT_LOCALE = "nl_BE"
    BABEL_DEFAULT_TIMEZONE = LOCAL_TIMEZONE  # what pages show; see signalen/clock.py
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).parent / "translations")
    WTF_CSRF_TIME_LIMIT = None
    WTF_I18N_ENABLED = False  # BaseForm.Meta gives WTForms' Dutch messages, cached
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    PAGE_SIZE = 25
    PASSWORD_MIN_LENGTH = 10
    PASSWORD_HASH_METHOD = "scrypt"
    # Wrong passwords within the window below (see auth.services.login_blocked):
    LOGIN_MAX_FAILURES = 5  # one address, one account
    LOGIN_MAX_FAILURES_PER_ADDRESS = 30  # one address, any account (an office)
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 20  # any address, one account: new addresses
    LOGIN_FAILURE_WINDOW_MINUTES = 15
    LOGIN_ATTEMPT_RETENTION_DAYS = 90
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    EXPORT_MIN_COUNT = 3  # counts below this are shown as "<3" toward the city
    SCHEDULER_HEARTBEAT_STALE_HOURS = 26
    # Cookies only over HTTPS, and HSTS: on by default in production.
    SESSION_COOKIE_SECURE: bool | None = None
    HSTS_SECONDS = 31536000
    # Behind a reverse proxy: how many proxies to trust for X-Forwarded-For/-Proto/
    # -Host (werkzeug's ProxyFix). 0 trusts none, so a client cannot fake its address.
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    PROXY_FIX_X_HOST = 0
    SQLALCHEMY_POOL_PRE_PING = True
    BACKUP_DIR: str | None = None  # default: instance/backups
    BACKUP_KEEP = 14  # nightly backups kept
    # Background work (signalen/tasks.py): None is a SQLite file in instance/;
    # redis://host:6379/0 or postgresql://user@host/signalen_queue to share one
    # queue between machines. TASK_IMMEDIATE runs tasks in the caller (None: when
    # TESTING). `flask worker` runs TASK_WORKERS threads or processes.
    TASK_QUEUE_URL: str | None = None
    TASK_IMMEDIATE: bool | None = None
    TASK_WORKERS = 2
    TASK_WORKER_TYPE = "thread"  # or "process"
    # E-mail (the daily digest, signalen/digest/). No MAIL_SERVER: nothing is sent.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS after connecting
    MAIL_USE_SSL = False  # TLS from the start (usually port 465)
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Signalen <signalen@localhost>"
    MAIL_TIMEOUT = 30
    MAIL_SITE_URL = "http://localhost:5000"  # the links in a mail start with this
    LOG_FORMAT = "text"  # "json": one JSON object a line (see signalen/logs.py)
    LOG_LEVEL = "INFO"


def env_overrides(environ: os._Environ | dict) -> dict:
    """Read SIGNALEN_* variables, e.g. SIGNALEN_DATABASE_URL, SIGNALEN_SECRET_KEY."""
    mapping = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}
    result: dict = {}
    for key, value in environ.items():
        if not key.startswith("SIGNALEN_"):
            continue
        name = key.removeprefix("SIGNALEN_")
        name = mapping.get(name, name)
        result[name] = typed_like(getattr(DefaultConfig, name, None), value)
    return result


def typed_like(default: object, value: str) -> object:
    """'false', '0', '3' from the environment as the type of the default value."""
    if isinstance(default, bool) or default is None and value.lower() in _BOOLS:
        if value.lower() not in _BOOLS:
            raise ValueError(f"Expected true or false, got {value!r}")
        return _BOOLS[value.lower()]
    if isinstance(default, int):
        return int(value)
    return value


_BOOLS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def is_postgres(uri: str) -> bool:
    return uri.startswith("postgresql")


def normalise_database_uri(uri: str) -> str:
    """Let plain postgresql:// URLs use the psycopg 3 driver."""
    if uri.startswith("postgres://"):
        uri = "postgresql://" + uri.removeprefix("postgres://")
    if uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    return uri
