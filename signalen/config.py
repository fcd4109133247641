"""Configuration: DefaultConfig, then instance/config.py, then SIGNALEN_* variables."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSECURE_DEV_KEY = "dev-only-not-secret"


class DefaultConfig:
    SECRET_KEY = INSECURE_DEV_KEY
    ENV_NAME = "development"  # "production" refuses to start with the dev key
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in from the instance path
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    EXPORT_DIR = str(ROOT / "exports")
    BABEL_DEFAULT_LOCALE = "nl_BE"
    BABEL_DEFAULT_TIMEZONE = "Europe/Brussels"
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).parent / "translations")
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    PAGE_SIZE = 25
    PASSWORD_MIN_LENGTH = 10
    PASSWORD_HASH_METHOD = "scrypt"
    LOGIN_MAX_FAILURES = 5  # per account or address within the window below
    LOGIN_FAILURE_WINDOW_MINUTES = 15
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    EXPORT_MIN_COUNT = 3  # counts below this are shown as "<3" toward the city
    SCHEDULER_HEARTBEAT_STALE_HOURS = 26


def env_overrides(environ: os._Environ | dict) -> dict:
    """Read SIGNALEN_* variables, e.g. SIGNALEN_DATABASE_URL, SIGNALEN_SECRET_KEY."""
    mapping = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}
    result: dict = {}
    for key, value in environ.items():
        if not key.startswith("SIGNALEN_"):
            continue
        name = key.removeprefix("SIGNALEN_")
        result[mapping.get(name, name)] = value
    return result


def is_postgres(uri: str) -> bool:
    return uri.startswith("postgresql")


def normalise_database_uri(uri: str) -> str:
    """Let plain postgresql:// URLs use the psycopg 3 driver."""
    if uri.startswith("postgres://"):
        uri = "postgresql://" + uri.removeprefix("postgres://")
    if uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    return uri
