"""Shared fixtures: an app on a fresh database (SQLite, or PostgreSQL when
SIGNALEN_TEST_DATABASE_URL is set), a clean slate per test, and factories."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from signalen import create_app
from signalen.extensions import db as _db

BASE_PG_URL = os.environ.get("SIGNALEN_TEST_DATABASE_URL")
TEST_PASSWORD = "wachtwoord-123"


def _pg_admin_engine(url: str):
    url = make_url(url).set(drivername="postgresql+psycopg")
    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=None)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database of our own for this run, dropped at the end."""
    if not BASE_PG_URL:
        path = tmp_path_factory.mktemp("db") / "signalen-test.db"
        yield f"sqlite:///{path}"
        return
    name = f"signalen_test_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin_engine(BASE_PG_URL)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield str(make_url(BASE_PG_URL).set(drivername="postgresql+psycopg", database=name))
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    """One app for the run; the schema comes from the migrations, as in production."""
    from flask_migrate import upgrade

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "EXPORT_DIR": str(tmp_path_factory.mktemp("exports")),
            "SERVER_NAME": None,
        }
    )
    with app.app_context():
        upgrade(revision="heads")
    yield app
    with app.app_context():
        _db.engine.dispose()


def _wipe(app) -> None:
    tables = list(reversed(_db.metadata.sorted_tables))
    with _db.engine.begin() as conn:
        if _db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture(autouse=True)
def db(app):
    """Every test starts with reference data only, inside an app context."""
    from signalen.notifications.services import forget_counts
    from signalen.themes.seed import seed_reference_data

    with app.app_context():
        seed_reference_data()
        _db.session.commit()
        yield _db
        _db.session.rollback()
        _db.session.remove()
        _wipe(app)
        # Ids start again on the wiped tables: counts kept for users before
        # would be taken for the new ones.
        forget_counts()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_org(db):
    from signalen.organisations.models import Organisation

    counter = iter(range(1, 10_000))

    def make(name: str | None = None, **kwargs) -> Organisation:
        org = Organisation(name=name or f"Organisatie {next(counter)}", **kwargs)
        db.session.add(org)
        db.session.commit()
        return org

    return make


@pytest.fixture
def make_user(db, make_org):
    from signalen.auth.services import create_user
    from signalen.permissions import Role

    counter = iter(range(1, 10_000))

    def make(role: Role | str = Role.WORKER, organisation=None, **kwargs):
        n = next(counter)
        role = Role(role)
        user = create_user(
            email=kwargs.pop("email", f"{role.value}{n}@example.org"),
            display_name=kwargs.pop("display_name", f"{role.label} {n}"),
            password=kwargs.pop("password", TEST_PASSWORD),
            role=role,
            organisation=organisation or make_org(),
        )
        db.session.commit()
        return user

    return make


@pytest.fixture
def login_as(client):
    """Log the test client in as this user (without going through the form).

    Requests share the test's app context, so Flask-Login's cached user on `g`
    is forgotten too: a test can switch users by calling this again.
    """
    from flask import g

    def login(user):
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        g.pop("_login_user", None)
        return user

    return login


@pytest.fixture
def themes(db):
    from sqlalchemy import select

    from signalen.themes.models import Theme

    return {t.code: t for t in db.session.scalars(select(Theme))}


@pytest.fixture
def make_signal(db, make_user, themes):
    """Record a signal through the service, as a worker would."""
    from signalen.signals.services import SignalData, record_signal

    def make(author=None, *, theme_codes=("wonen",), submit=True, now=None, **fields):
        author = author or make_user()
        data = SignalData(
            title=fields.pop("title", "Te weinig betaalbare woningen"),
            description=fields.pop(
                "description", "Gezinnen vinden geen betaalbare huurwoning."
            ),
            theme_ids=[themes[c].id for c in theme_codes],
            **fields,
        )
        signal = record_signal(
            author, data, submit=submit, now=now or datetime.now(UTC)
        )
        db.session.commit()
        return signal

    return make


@pytest.fixture
def make_structural(db, make_user):
    """A structural signal linked to the given signals (through the service)."""
    from signalen.coordination.models import StructuralSignal
    from signalen.coordination.services import link_signals
    from signalen.references import next_reference

    def make(signals=(), *, title="Betaalbaar wonen", summary="Samenvatting.", **kw):
        coordinator = kw.pop("created_by", None) or make_user("coordinator")
        structural = StructuralSignal(
            reference=next_reference("SS", datetime.now(UTC).year),
            title=title,
            summary=summary,
            created_by=coordinator,
            **kw,
        )
        if signals:
            structural.themes = list(signals[0].themes)
        db.session.add(structural)
        db.session.flush()
        link_signals(structural, signals, coordinator)
        db.session.commit()
        return structural

    return make


def snapshot_for(structural, **overrides) -> dict:
    """An ItemSnapshot as closing would freeze it (see signalen/bundles/snapshot.py)."""
    links = [link for link in structural.links if link.unlinked_at is None]
    signals = [link.signal for link in links]
    organisations = {s.organisation.name: s.organisation for s in signals}
    snapshot = {
        "reference": structural.reference,
        "title": structural.title,
        "summary": structural.summary,
        "status": structural.status.value,
        "themes": [{"code": t.code, "label": t.label} for t in structural.themes],
        "target_groups": [
            {"code": t.code, "label": t.label} for t in structural.target_groups
        ],
        "areas": [{"code": a.code, "label": a.label} for a in structural.areas],
        "city_wide": structural.city_wide,
        "government_level": None,
        "owner": None,
        "owner_anonymous": False,
        "organisations": [
            {"name": name, "anonymous_to_city": org.anonymous_to_city}
            for name, org in organisations.items()
        ],
        "evidence": {
            "signals": len(signals),
            "organisations": len(organisations),
            "people_affected": sum(s.people_affected or 0 for s in signals),
            "areas": len({a.id for s in signals for a in s.areas}),
            "first_seen": min(
                (s.created_at.date().isoformat() for s in signals), default=None
            ),
            "last_seen": max(
                (s.created_at.date().isoformat() for s in signals), default=None
            ),
            "bundles_seen": 1,
        },
        "examples": [s.examples for s in signals if s.examples],
        "proposed_solutions": [
            s.proposed_solution for s in signals if s.proposed_solution
        ],
    }
    snapshot.update(overrides)
    return snapshot


@pytest.fixture
def make_bundle(db):
    """A bundle with frozen items for the given structural signals."""
    from datetime import date

    from signalen.bundles.models import Bundle, BundleItem, BundleStatus

    def make(structurals=(), *, status=BundleStatus.CLOSED, start=date(2023, 1, 1),
             end=date(2024, 12, 31), title=None):  # fmt: skip
        bundle = Bundle(
            title=title or f"Signalenbundel {start.year}-{end.year}",
            period_start=start,
            period_end=end,
            status=BundleStatus(status),
            closed_at=None if status == BundleStatus.OPEN else datetime.now(UTC),
        )
        db.session.add(bundle)
        db.session.flush()
        for position, structural in enumerate(structurals, start=1):
            snap = snapshot_for(structural)
            db.session.add(
                BundleItem(
                    bundle=bundle,
                    structural_signal=structural,
                    reference=f"B{bundle.id}-{position:03d}",
                    position=position,
                    title=structural.title,
                    primary_theme_code=snap["themes"][0]["code"]
                    if snap["themes"]
                    else None,
                    snapshot=snap,
                )
            )
        db.session.commit()
        return bundle

    return make
