"""A web server killed in the middle of a burst of signal POSTs loses nothing
it acknowledged, leaves nothing half-written, and stores no form twice when it
is sent again. Real processes: gunicorn on the test database (SQLite, or
PostgreSQL with SIGNALEN_TEST_DATABASE_URL), SIGKILL, a new gunicorn."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from tests.conftest import TEST_PASSWORD

REPO = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"
HOST = "127.0.0.1"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')
CLIENTS = 6
KILL_AFTER_ACKS = 12


class Client:
    """One browser: a cookie jar, redirects not followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form=None):
        headers = {"Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            if value:
                self.cookies[name.strip()] = value
        return response.status, response.getheader("Location") or "", text

    def log_in(self, email: str) -> None:
        _, _, page = self.request("GET", "/account/aanmelden")
        token = CSRF.search(page).group(1)
        form = {"email": email, "password": TEST_PASSWORD, "csrf_token": token}
        status, _, _ = self.request("POST", "/account/aanmelden", form)
        assert status == 302, status


class Server:
    """gunicorn with the app on the test database, in its own process group."""

    def __init__(self, database_url: str, log: Path) -> None:
        with socket.socket() as sock:
            sock.bind((HOST, 0))
            self.port = sock.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNALEN_")}
        env.update(
            SIGNALEN_DATABASE_URL=database_url,
            SIGNALEN_SECRET_KEY="faults-secret",  # the same for both servers
            SIGNALEN_EXPORT_DIR=str(log.parent),
        )
        self.log = log.open("ab")
        self.proc = subprocess.Popen(
            [str(GUNICORN), "-w", "2", "-b", f"{HOST}:{self.port}"]
            + ["--timeout", "20", "signalen:create_app()"],
            cwd=REPO,
            env=env,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, log.read_text()[-3000:]
            try:
                Client(self.port).request("GET", "/account/aanmelden")
                return
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise AssertionError("gunicorn did not start")

    def kill(self) -> None:
        """SIGKILL the master and its workers at once (they share our group)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.log.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        self.log.close()


def new_form(client: Client, theme_ids: list[int], n: int) -> tuple[str, list]:
    status, _, page = client.request("GET", "/signalen/nieuw")
    assert status == 200, status
    key = KEY.search(page).group(1)
    form = [
        ("csrf_token", CSRF.search(page).group(1)),
        ("idempotency_key", key),
        ("title", f"Wachtlijst sociale woningen, melding {n}"),
        ("description", "Gezinnen wachten jaren op een sociale woning."),
        ("themes", str(theme_ids[n % len(theme_ids)])),
        ("themes", str(theme_ids[(n + 3) % len(theme_ids)])),
        ("concerns_city_service", ""),
        ("action", "submit"),
    ]
    return key, form


@pytest.fixture
def server_log(tmp_path):
    return tmp_path / "gunicorn.log"


def test_kill_during_a_burst_loses_nothing_and_stores_nothing_twice(
    database_url, db, make_user, themes, server_log
):
    from signalen.signals.models import Signal, SignalEvent, signal_themes

    user = make_user()
    theme_ids = sorted(t.id for t in themes.values() if t.active)[:8]
    server = Server(database_url, server_log)
    clients = [Client(server.port) for _ in range(CLIENTS)]
    for client in clients:
        client.log_in(user.email)

    acked: dict[str, str] = {}  # key -> the signal page it was answered with
    sent: dict[str, tuple[Client, list]] = {}  # every form sent, answered or not
    lock = threading.Lock()
    enough = threading.Event()

    def burst(client: Client, first: int) -> None:
        for n in range(first, first + 200):  # bounded, whatever happens
            try:
                key, form = new_form(client, theme_ids, n)
                with lock:
                    sent[key] = (client, form)
                status, location, _ = client.request("POST", "/signalen/nieuw", form)
            except OSError:
                return  # the server is gone
            if status == 302:
                with lock:
                    acked[key] = location
                    if len(acked) >= KILL_AFTER_ACKS:
                        enough.set()

    threads = [
        threading.Thread(target=burst, args=(c, i * 1000), daemon=True)
        for i, c in enumerate(clients)
    ]
    try:
        for thread in threads:
            thread.start()
        assert enough.wait(60), "the burst did not get going"
        still_posting = sum(thread.is_alive() for thread in threads)
        server.kill()  # while the other clients are still posting
    finally:
        if server.proc.poll() is None:
            server.kill()
    for thread in threads:
        thread.join(30)
    # The kill came mid-burst. Whether a POST was in flight at that very moment
    # (sent, never answered) depends on timing; both cases must lose nothing.
    assert still_posting > 0
    assert len(sent) >= len(acked)

    # Nothing acknowledged is lost; nothing stored is half-written.
    db.session.rollback()
    stored = dict(
        db.session.execute(
            select(Signal.idempotency_key, Signal.id).where(
                Signal.idempotency_key.in_(list(sent))
            )
        ).all()
    )
    assert set(acked) <= set(stored)
    for key, location in acked.items():
        signal = db.session.get(Signal, stored[key])
        assert location.endswith(f"/signalen/{signal.reference}")
    for signal_id in stored.values():
        theme_count = db.session.scalar(
            select(func.count())
            .select_from(signal_themes)
            .where(signal_themes.c.signal_id == signal_id)
        )
        kinds = db.session.scalars(
            select(SignalEvent.kind).where(SignalEvent.signal_id == signal_id)
        ).all()
        assert theme_count == 2
        assert sorted(kinds) == ["created", "submitted"]

    # Every form sent again after the restart: the same signal, none twice.
    server = Server(database_url, server_log)
    try:
        for key, (client, form) in sent.items():
            client.port = server.port
            status, location, _ = client.request("POST", "/signalen/nieuw", form)
            assert status == 302
            if key in acked:
                assert location == acked[key]
    finally:
        server.stop()
    db.session.rollback()
    counts = db.session.execute(
        select(Signal.idempotency_key, func.count())
        .where(Signal.idempotency_key.in_(list(sent)))
        .group_by(Signal.idempotency_key)
    ).all()
    assert {key for key, _ in counts} == set(sent)
    assert all(count == 1 for _, count in counts)
    total = db.session.scalar(select(func.count()).select_from(Signal))
    assert total == len(sent)


def test_two_posts_of_one_form_at_once_store_one_signal(
    database_url, db, make_user, themes, server_log
):
    """A double click against a real server: both answers name one signal."""
    from signalen.signals.models import Signal

    user = make_user()
    theme_ids = sorted(t.id for t in themes.values() if t.active)[:4]
    server = Server(database_url, server_log)
    try:
        answers: list[tuple[int, str]] = []
        for round_ in range(5):
            first, second = Client(server.port), Client(server.port)
            first.log_in(user.email)
            key, form = new_form(first, theme_ids, round_)
            second.cookies = dict(first.cookies)  # the same browser, two requests
            start = threading.Barrier(2)

            def post(client: Client, start=start, form=form) -> None:
                start.wait()
                status, location, _ = client.request("POST", "/signalen/nieuw", form)
                answers.append((status, location))

            pair = [threading.Thread(target=post, args=(c,)) for c in (first, second)]
            for thread in pair:
                thread.start()
            for thread in pair:
                thread.join(30)
            last_two = answers[-2:]
            assert [status for status, _ in last_two] == [302, 302]
            assert last_two[0][1] == last_two[1][1]
    finally:
        server.stop()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Signal)) == 5
