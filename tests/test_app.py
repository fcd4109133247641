"""The application factory, configuration order and site-wide behaviour."""

import pytest

from signalen import create_app
from signalen.config import env_overrides, normalise_database_uri


def test_env_overrides_map_database_url():
    env = {"SIGNALEN_DATABASE_URL": "postgresql://x/y", "SIGNALEN_PAGE_SIZE": "5"}
    assert env_overrides(env) == {
        "SQLALCHEMY_DATABASE_URI": "postgresql://x/y",
        "PAGE_SIZE": "5",
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
    assert app.config["PAGE_SIZE"] == "7"


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
