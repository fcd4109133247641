"""PostgreSQL goes away during use: users get a Dutch page that keeps what they
typed, and the app recovers by itself when the database is back.

The app talks to PostgreSQL through a small TCP relay on 127.0.0.1 that the test
cuts (every open connection dropped, new ones refused) and restores, as a
database restart or a network blip would. It always runs against PostgreSQL on
this machine (CI starts it), also in the SQLite pass of the suite.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import uuid

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from signalen import create_app
from signalen.extensions import db as _db

PG_URL = os.environ.get(
    "SIGNALEN_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


class Relay:
    """A TCP relay that can be cut and restored."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut = False
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if self.cut:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.close()

    def drop(self) -> None:
        self.cut = True
        with self.lock:
            for s in self.open:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.open.clear()

    def restore(self) -> None:
        self.cut = False

    def close(self) -> None:
        self.drop()
        self.listener.close()


@pytest.fixture
def outage_app(tmp_path):
    from flask_migrate import upgrade

    base = make_url(PG_URL).set(drivername="postgresql+psycopg")
    name = f"signalen_outage_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    relay = Relay((base.host or "127.0.0.1", base.port or 5432))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "SQLALCHEMY_DATABASE_URI": str(
                base.set(host="127.0.0.1", port=relay.port, database=name)
            ),
            "EXPORT_DIR": str(tmp_path),
        }
    )
    with app.app_context():
        upgrade(revision="heads")
        yield app, relay
        _db.session.remove()
        _db.engine.dispose()
    relay.close()
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :n"
            ),
            {"n": name},
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def test_the_database_goes_away_and_comes_back(outage_app):
    from signalen.auth.services import create_user
    from signalen.organisations.models import Organisation
    from signalen.permissions import Role
    from signalen.signals.models import Signal
    from signalen.themes.models import Theme
    from signalen.themes.seed import seed_reference_data

    app, relay = outage_app
    seed_reference_data()
    org = Organisation(name="Buurtwerk")
    _db.session.add(org)
    user = create_user(email="w@example.org", display_name="W", role=Role.WORKER,
                       password="wachtwoord-123", organisation=org)  # fmt: skip
    _db.session.commit()
    wonen = _db.session.scalar(select(Theme.id).where(Theme.code == "wonen"))
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
    form = {
        "title": "Te weinig betaalbare woningen",
        "description": "Gezinnen met drie kinderen vinden niets onder 900 euro.",
        "themes": [str(wonen)],
        "intent": "submit",
    }
    assert client.get("/signalen/mijn").status_code == 200
    _db.session.remove()

    relay.drop()
    response = client.post("/signalen/nieuw", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 503, page[:300]
    assert "Even geen verbinding" in page
    assert "Gezinnen met drie kinderen vinden niets onder 900 euro." in page
    _db.session.remove()

    relay.restore()
    # No restart: the pool notices the dead connections and makes new ones.
    assert client.get("/signalen/mijn").status_code == 200
    response = client.post("/signalen/nieuw", data=form)
    assert response.status_code == 302
    _db.session.remove()
    assert _db.session.scalar(select(Signal.title)) == form["title"]
