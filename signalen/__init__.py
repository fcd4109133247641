"""Signalen: the application factory reads like a table of contents."""

from __future__ import annotations

import gc
import os
import sqlite3
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from signalen.config import (
    INSECURE_DEV_KEY,
    ROOT,
    DefaultConfig,
    env_overrides,
    normalise_database_uri,
)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Flask app: config, extensions, blueprints, commands, templates."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    configure(app, test_config)
    init_extensions(app)
    init_tasks(app)
    register_blueprints(app)
    register_template_helpers(app)

    from signalen.cli import register_commands
    from signalen.errors import register_error_handlers

    register_error_handlers(app)
    register_commands(app)
    register_security_headers(app)

    from signalen.logs import init_logging

    init_logging(app)
    if not app.testing:
        # What start-up made (modules, classes, mappers, the app itself) lives
        # as long as the process: the garbage collector's full passes skip it
        # from now on, instead of walking it again (~90 ms) during a request.
        gc.freeze()
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    """DefaultConfig, then instance/config.py, then SIGNALEN_*, then test_config."""
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_mapping(env_overrides(os.environ))
    if test_config:
        app.config.from_mapping(test_config)
    uri = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not uri:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        uri = "sqlite:///" + str(Path(app.instance_path) / "signalen.db")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_uri(uri)
    production = app.config["ENV_NAME"] == "production"
    if production and app.config["SECRET_KEY"] in (None, "", INSECURE_DEV_KEY):
        raise RuntimeError(
            "Refusing to start in production without SIGNALEN_SECRET_KEY set."
        )
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = production
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    server = not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    if app.config["SQLALCHEMY_POOL_PRE_PING"] and server:
        # A connection that died with a database restart is replaced, not used
        # (a database server; an SQLite file has no connection to lose, and
        # the ping would cost a statement on every request).
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        }
    trusted = {
        "x_for": app.config["PROXY_FIX_X_FOR"],
        "x_proto": app.config["PROXY_FIX_X_PROTO"],
        "x_host": app.config["PROXY_FIX_X_HOST"],
    }
    if any(trusted.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **trusted)  # type: ignore[method-assign]


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL, foreign keys and a busy timeout on every SQLite connection."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def init_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from signalen import models  # noqa: F401  (complete metadata)
    from signalen.extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: "nl_BE")
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Meld je aan om deze pagina te zien.")
    login_manager.login_message_category = "info"

    from signalen.auth.services import load_user

    login_manager.user_loader(load_user)


def init_tasks(app: Flask) -> None:
    """The task queue for background work (signalen/tasks.py), built on first use."""
    from signalen.tasks import init_tasks as attach

    attach(app)


def register_blueprints(app: Flask) -> None:
    from signalen.admin.views import bp as admin_bp
    from signalen.audit.views import bp as audit_bp
    from signalen.auth.views import bp as auth_bp
    from signalen.bundles.views import bp as bundles_bp
    from signalen.consultations.views import bp as consultations_bp
    from signalen.coordination.views import bp as coordination_bp
    from signalen.dashboards.views import bp as dashboards_bp
    from signalen.database import IdConverter
    from signalen.digest.views import bp as digest_bp
    from signalen.exports.views import bp as exports_bp
    from signalen.followup.views import bp as followup_bp
    from signalen.imports.views import bp as imports_bp
    from signalen.main import bp as main_bp
    from signalen.notifications.views import bp as notifications_bp
    from signalen.prioritisation.views import bp as prioritisation_bp
    from signalen.public.views import bp as public_bp
    from signalen.redaction.views import bp as redaction_bp
    from signalen.responses.views import bp as responses_bp
    from signalen.signals.views import bp as signals_bp

    # A number in a path is an id: past what a column holds it is a 404, not an
    # overflow in the database. Set before any rule is added.
    app.url_map.converters["int"] = IdConverter
    for blueprint in (
        main_bp,
        auth_bp,
        signals_bp,
        coordination_bp,
        bundles_bp,
        prioritisation_bp,
        responses_bp,
        followup_bp,
        digest_bp,
        exports_bp,
        admin_bp,
        audit_bp,
        notifications_bp,
        redaction_bp,
        imports_bp,
        consultations_bp,
        dashboards_bp,
        public_bp,
    ):
        app.register_blueprint(blueprint)

    from signalen.api.views import register_api

    register_api(app)  # the JSON API, its OpenAPI document, the token page


def register_template_helpers(app: Flask) -> None:
    from signalen import templating

    templating.init_app(app)


def register_security_headers(app: Flask) -> None:
    """Nothing may load from elsewhere: the CSP keeps every resource on this host."""

    @app.after_request
    def headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            "script-src 'self'; frame-ancestors 'none'; form-action 'self'; "
            "base-uri 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config["SESSION_COOKIE_SECURE"] and app.config["HSTS_SECONDS"]:
            response.headers.setdefault(
                "Strict-Transport-Security",
                f"max-age={app.config['HSTS_SECONDS']}; includeSubDomains",
            )
        return response
