"""The application factory, configuration order and site-wide behaviour."""

import pytest

from signalen import create_app
from signalen.config import env_overrides, normalise_database_uri


def test_env_overrides_map_database_url():
    env = {"SIGNALEN_DATABASE_URL": "postgresql://x/y", "SIGNALEN_PAGE_SIZE": "5"}
    assert env_overrides(env) == {
        "SQLALCHEMY_DATABASE_URI": "postgresql://x/y",
        "PAGE_SIZE": 5,
    }
    assert env_overrides({"OTHER": "1"}) == {}


def test_postgres_urls_use_psycopg3():
    assert normalise_database_uri("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_uri("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_uri("sqlite:///x.db") == "sqlite:///x.db"


def test_test_config_wins_over_environment(monkeypatch):
    monkeypatch.setenv("SIGNALEN_PAGE_SIZE", "7")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "PAGE_SIZE": 3})
    assert app.config["PAGE_SIZE"] == 3
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["PAGE_SIZE"] == 7


def test_production_refuses_the_development_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app = create_app(
        {
            "ENV_NAME": "production",
            "SECRET_KEY": "a-real-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        }
    )
    assert app.config["SECRET_KEY"] == "a-real-secret"


def test_environment_values_take_the_type_of_the_default():
    env = {
        "SIGNALEN_SESSION_COOKIE_SECURE": "false",
        "SIGNALEN_PROXY_FIX_X_FOR": "1",
        "SIGNALEN_ENV_NAME": "production",
    }
    assert env_overrides(env) == {
        "SESSION_COOKIE_SECURE": False,
        "PROXY_FIX_X_FOR": 1,
        "ENV_NAME": "production",
    }
    with pytest.raises(ValueError):
        env_overrides({"SIGNALEN_SQLALCHEMY_POOL_PRE_PING": "misschien"})


PRODUCTION = {
    "ENV_NAME": "production",
    "SECRET_KEY": "a-real-secret",
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
}


def test_production_cookies_are_secure_with_hsts():
    app = create_app(PRODUCTION)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    response = app.test_client().get("/account/aanmelden", base_url="https://x")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_development_has_no_hsts(client):
    response = client.get("/account/aanmelden")
    assert "Strict-Transport-Security" not in response.headers


def test_proxy_headers_are_trusted_only_when_configured():
    seen = []
    for trusted in (0, 1):
        app = create_app({**PRODUCTION, "PROXY_FIX_X_FOR": trusted})

        @app.get("/adres")
        def address():
            from flask import request

            seen.append(request.remote_addr)
            return "ok"

        app.test_client().get(
            "/adres",
            headers={"X-Forwarded-For": "203.0.113.9"},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )
    assert seen == ["127.0.0.1", "203.0.113.9"]


def test_unknown_page_is_a_dutch_404(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Niet gevonden" in page
    assert 'lang="nl-BE"' in page


def test_nothing_loads_from_elsewhere(client):
    response = client.get("/account/aanmelden")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    page = response.get_data(as_text=True)
    assert "http://" not in page.replace("http://localhost", "")
    assert "https://" not in page


def test_database_enforces_foreign_keys(app, db):
    """SQLite runs with foreign keys and WAL; PostgreSQL enforces them always."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from signalen.signals.models import SignalEvent

    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    db.session.add(SignalEvent(signal_id=999_999, kind="created"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
