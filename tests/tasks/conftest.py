"""A queue of its own for the tests that run a real worker: a SQLite file, or a
second PostgreSQL database beside the test database (the queue's tables never
mix with the app's schema, which tests/test_migrations.py compares)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.conftest import BASE_PG_URL, _pg_admin_engine
from tests.exports.conftest import sample_bundle  # noqa: F401  (a fixture)


@pytest.fixture
def queue_url(database_url, tmp_path, queue_database):
    """Where the tasks of one test go (tests flush it before use)."""
    if queue_database is None:
        return f"sqlite:///{tmp_path}/queue.db"
    return queue_database


@pytest.fixture(scope="session")
def queue_database(database_url):
    """On PostgreSQL, one queue database for the run (creating one takes seconds)."""
    if not database_url.startswith("postgresql"):
        yield None
        return
    name = f"signalen_queue_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin_engine(BASE_PG_URL)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield (
        make_url(database_url).set(database=name).render_as_string(hide_password=False)
    )
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
