"""Load benchmark of the intake form under gunicorn (reports; exits 1 only when a
signal is lost or stored twice).

Run from the repository root:  .venv/bin/python bench/bench_load.py
BENCH_SCALE=0.5 makes each timed phase two times shorter (default 1: 10 s).
BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432/test) is used when
reachable: a fresh database is made there and dropped afterwards.

For each database, on 127.0.0.1 only and bounded in time and count, all under
the same gunicorn settings (`-w 4`, sync workers) on the same database:

1. the floors, each with CLIENTS clients that GET a page and POST one row, over
   and over without a pause (bench/load_floor_app.py): a minimal insert endpoint
   in Flask with Flask-SQLAlchemy (the framework and ORM session of the app: the
   target's floor), the same insert as a bare WSGI function, and the same
   insert as a page of the app itself, logged in (its session, login, role
   check, CSRF and menu: how much of the intake's cost every page pays), the
   last two for reference;
2. the app's capacity (`gunicorn -w 4 'signalen:create_app()'`, demo data from
   `flask setup`): CLIENTS - COORDINATORS workers, each with an account of its
   own (bench/load_accounts.py), log in, GET the new-signal
   form and POST it with its CSRF token and idempotency key (the real intake:
   personal-data check, audit, search index), without a pause; every tenth form
   is sent twice at once (a double click). COORDINATORS coordinators search the
   inbox meanwhile and read each result for COORDINATOR_PAUSE seconds;
3. the app at a pace: the same CLIENTS clients, the workers together sending
   0.5x the Flask floor's rate (the target's pace), then each one signal every
   five seconds (a busy office's pace); each waits for its turn, a random
   offset apart. This measures what a user waits for at that load. Without a
   pace, 64 clients that never wait measure only the queue: by Little's law a
   p99 under 100 ms at 64 clients would need over 640 answers a second.

It prints throughput as ratios to the floors, latency (p50/p95/p99), errors, the
database errors ("database is locked" on SQLite, answered 503), and checks that
every acknowledged signal (302 to its page) is stored exactly once, by
idempotency key. The client runs in threads of this one process, on the same two
cores as the servers: the figures include its own cost. Where the time goes:
the CPU of gunicorn's processes (from /proc, on Linux) per signal at capacity
against the Flask floor's per insert.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
BIN = Path(sys.executable).parent
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
PHASE_SECONDS = max(3.0, 10.0 * SCALE)
WARM_SECONDS = 3.0  # untimed first: each gunicorn worker compiles, loads, connects
CLIENTS = 64  # concurrent clients in each phase
COORDINATORS = 8  # of which searching the inbox
COORDINATOR_PAUSE = 1.0  # seconds a coordinator reads a result before the next
TARGET = 0.5  # the intake's target, as a share of the Flask floor's rate
# A busy office: each of the 56 workers sends a signal every five seconds (a
# real one takes minutes to write), for the latency at an everyday load.
OFFICE_PACE = 0.2
WORKERS = 4  # gunicorn worker processes, for the app and the floor alike
MAX_PER_CLIENT = 2000  # requests, whatever the time
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
HOST = "127.0.0.1"
PASSWORD = "demo-signalen"
COORDINATOR_EMAIL = "coordinator@demo.signalen.be"
SEARCH_WORDS = ["woning", "schuld", "school", "energie", "wachtlijst", "eenzaam"]
TITLES = [
    "Wachtlijst sociale woningen",
    "Digipunt gesloten op zaterdag",
    "Energiefactuur niet te begrijpen",
    "Geen plaats in de nachtopvang",
    "Te weinig begeleiding bij schulden",
]
DESCRIPTION = (
    "Gezinnen in de wijk vinden geen betaalbare huurwoning en wachten jaren op "
    "een sociale woning. Ze wonen intussen in te kleine en vochtige woningen."
)
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')
THEME = re.compile(r'name="themes" value="(\d+)"')


# --- a small HTTP client with one cookie jar -----------------------------------


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()

    def request(self, method: str, path: str, form=None):
        """(status, location, text, seconds) of one request, redirects not followed."""
        body = urlencode(form, doseq=True) if form is not None else None
        headers = {"Connection": "close"}
        with self.lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(
                    f"{k}={v}" for k, v in self.cookies.items()
                )
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        seconds = time.perf_counter() - started
        with self.lock:
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, value = cookie.split(";", 1)[0].partition("=")
                if value:
                    self.cookies[name.strip()] = value
                else:
                    self.cookies.pop(name.strip(), None)
        return response.status, response.getheader("Location") or "", text, seconds

    def log_in(self, email: str) -> None:
        status, _, page, _ = self.request("GET", "/account/aanmelden")
        token = CSRF.search(page)
        if status != 200 or token is None:
            raise RuntimeError(f"login page: {status}")
        form = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
        status, _, _, _ = self.request("POST", "/account/aanmelden", form)
        if status != 302:
            raise RuntimeError(f"login of {email}: {status}")


@dataclass
class Tally:
    """What all clients of a phase saw (appends are thread-safe in CPython)."""

    post: list[float] = field(default_factory=list)
    get: list[float] = field(default_factory=list)
    search: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    acked: dict[str, str] = field(default_factory=dict)  # key -> signal page
    doubles: int = 0
    doubles_same: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        one = values[0] if values else float("nan")
        return one, one, one
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


# --- servers -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(spec: str, env: dict, log: Path, chdir: Path = REPO):
    """gunicorn on a free port; returns once every worker has loaded the app."""
    port = free_port()
    ready = Path(tempfile.mkdtemp(prefix="bench-ready-"))
    command = [str(BIN / "gunicorn"), "-w", str(WORKERS), "-b", f"{HOST}:{port}"]
    command += ["-c", str(REPO / "bench" / "load_gunicorn.py")]
    command += ["--chdir", str(chdir), spec]
    out = log.open("ab")
    proc = subprocess.Popen(
        command,
        cwd=REPO,
        env={**env, "BENCH_READY_DIR": str(ready)},
        stdout=out,
        stderr=out,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {log}")
            if len(list(ready.iterdir())) >= WORKERS:
                try:
                    status, *_ = Client(port).request("GET", "/")
                except OSError:
                    status = 599
                if status < 500:
                    return proc, port
            time.sleep(0.2)
    except BaseException:
        stop(proc)
        raise
    finally:
        shutil.rmtree(ready, ignore_errors=True)
    stop(proc)
    raise RuntimeError(f"gunicorn did not answer; see {log}")


def stop(proc) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- the two phases ------------------------------------------------------------


def run_clients(targets, deadline: list, seconds: float = PHASE_SECONDS) -> float:
    """Run every (function, args) in its own thread at once, until the deadline
    (set here, once all threads are ready); wall seconds."""
    start = threading.Barrier(len(targets) + 1)
    threads = [
        threading.Thread(target=fn, args=(start, *args), daemon=True)
        for fn, args in targets
    ]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + seconds
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(seconds + 120)
    return time.perf_counter() - started


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by a gunicorn master and its workers (from
    Linux's /proc; 0 where there is none)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def warm_then_run(make_targets, server: int) -> tuple[Tally, Tally, float, float]:
    """Run the clients untimed for a moment (each gunicorn worker compiles its
    templates, loads its word lists, opens connections), then timed; both
    tallies (the warm one counts for the exactly-once check), the wall time and
    the server's CPU seconds of the timed part."""
    warm, timed, deadline = Tally(), Tally(), [0.0]
    run_clients(make_targets(warm, deadline), deadline, WARM_SECONDS)
    before = server_cpu(server)
    wall = run_clients(make_targets(timed, deadline), deadline)
    return warm, timed, wall, server_cpu(server) - before


def floor_client(start, port: int, deadline_box: list, tally: Tally) -> None:
    insert_rows(start, Client(port), "/", deadline_box, tally)


def app_floor_client(start, client: Client, deadline_box: list, tally: Tally):
    """The floor as a page of the app: GET it (logged in), POST one row."""
    insert_rows(start, client, "/bench-floor", deadline_box, tally)


def insert_rows(start, client: Client, path: str, deadline_box, tally: Tally):
    """GET the floor's page and POST one row (with the page's CSRF token, if
    it has one), over and over without a pause."""
    start.wait()
    for _ in range(MAX_PER_CLIENT):
        if time.monotonic() > deadline_box[0]:
            return
        try:
            status, _, page, seconds = client.request("GET", path)
            if status != 200:
                tally.error(f"floor page HTTP {status}")
                continue
            tally.get.append(seconds)
            key = secrets.token_urlsafe(16)
            form = {"key": key}
            token = CSRF.search(page)
            if token is not None:
                form["csrf_token"] = token.group(1)
            status, _, _, seconds = client.request("POST", path, form)
        except OSError as exc:
            tally.error(type(exc).__name__)
            continue
        if status == 302:
            tally.post.append(seconds)
            tally.acked[key] = key
        else:
            tally.error(f"HTTP {status}")


def signal_form(page: str, n: int) -> tuple[str, list] | None:
    token, key, themes = CSRF.search(page), KEY.search(page), THEME.findall(page)
    if token is None or key is None or len(themes) < 4:
        return None
    form = [
        ("csrf_token", token.group(1)),
        ("idempotency_key", key.group(1)),
        ("title", TITLES[n % len(TITLES)]),
        ("description", DESCRIPTION),
        ("themes", themes[n % len(themes)]),
        ("themes", themes[(n * 7 + 3) % len(themes)]),
        ("concerns_city_service", ""),
        ("intent", "draft"),
        ("action", "submit"),
    ]
    return key.group(1), form


def post_signal(client: Client, form, tally: Tally, key: str, results: list):
    try:
        status, location, text, seconds = client.request(
            "POST", "/signalen/nieuw", form
        )
    except OSError as exc:
        tally.error(type(exc).__name__)
        return
    if status == 302 and "/signalen/S-" in location:
        tally.post.append(seconds)
        results.append(location)
        with tally.lock:
            tally.acked[key] = location.rsplit("/", 1)[-1]
    else:
        tally.error(f"HTTP {status}")


def worker_client(
    start, client: Client, n0: int, deadline_box, tally: Tally, interval: float = 0.0
):
    """GET the form and POST it, over and over; with an interval, one signal
    every `interval` seconds (a random offset into the first), waiting in
    between, and without waiting when it falls behind."""
    start.wait()
    due = time.monotonic() + random.uniform(0, interval)
    for n in range(n0, n0 + MAX_PER_CLIENT):
        if interval:
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            due += interval
        if time.monotonic() > deadline_box[0]:
            return
        try:
            status, _, page, seconds = client.request("GET", "/signalen/nieuw")
        except OSError as exc:
            tally.error(type(exc).__name__)
            continue
        made = signal_form(page, n) if status == 200 else None
        if made is None:
            tally.error(f"form HTTP {status}")
            continue
        tally.get.append(seconds)
        key, form = made
        results: list[str] = []
        if n % 10 == 0:  # a double click: the same form twice at once
            twin = threading.Thread(
                target=post_signal, args=(client, form, tally, key, results)
            )
            twin.start()
            post_signal(client, form, tally, key, results)
            twin.join()
            with tally.lock:
                tally.doubles += 1
                tally.doubles_same += len(results) == 2 and results[0] == results[1]
        else:
            post_signal(client, form, tally, key, results)


def coordinator_client(start, client: Client, deadline_box, tally: Tally):
    """Search the inbox, read the result for COORDINATOR_PAUSE seconds, again."""
    start.wait()
    time.sleep(random.uniform(0, COORDINATOR_PAUSE))
    for n in range(MAX_PER_CLIENT):
        if time.monotonic() > deadline_box[0]:
            return
        word = SEARCH_WORDS[n % len(SEARCH_WORDS)]
        try:
            status, _, _, seconds = client.request(
                "GET", f"/coordinatie/inbox?q={word}"
            )
        except OSError as exc:
            tally.error(type(exc).__name__)
            continue
        if status == 200:
            tally.search.append(seconds)
        else:
            tally.error(f"search HTTP {status}")
        time.sleep(COORDINATOR_PAUSE)


# --- databases -----------------------------------------------------------------


def pg_admin_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def pg_reachable(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=2):
            return True
    except Exception:
        return False


def make_pg_database(url: str) -> tuple[str, str]:
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"signalen_bench_{secrets.token_hex(5)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, make_url(url).set(database=name).render_as_string(False)


def drop_pg_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def stored_keys(url: str, keys: list[str], table: str, key: str, value: str):
    """key -> (how often stored, value) for the acknowledged keys."""
    from sqlalchemy import create_engine, text

    from signalen.config import normalise_database_uri

    engine = create_engine(normalise_database_uri(url))
    found: dict[str, tuple[int, str]] = {}
    with engine.connect() as conn:
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            marks = ", ".join(f":k{j}" for j in range(len(part)))
            rows = conn.execute(
                text(
                    f"SELECT {key}, COUNT(*), MIN({value}) FROM {table} "
                    f"WHERE {key} IN ({marks}) GROUP BY {key}"
                ),
                {f"k{j}": k for j, k in enumerate(part)},
            )
            for stored, count, first in rows:
                found[stored] = (count, first)
    engine.dispose()
    return found


def exactly_once(url: str, tally: Tally, table: str, key: str, value: str) -> str:
    """Every acknowledged key stored once, as the page it was answered with."""
    keys = list(tally.acked)
    found = stored_keys(url, keys, table, key, value)
    missing = sum(1 for k in keys if k not in found)
    twice = sum(1 for count, _ in found.values() if count != 1)
    wrong = sum(1 for k in keys if k in found and found[k][1] != tally.acked[k])
    if missing or twice or wrong:
        return f"FAILED: {missing} missing, {twice} stored twice, {wrong} elsewhere"
    return f"all {len(keys)} stored exactly once"


# --- one database --------------------------------------------------------------


def run_floor(
    spec: str, env: dict, log: Path, url: str, *, logged_in: bool = False
) -> tuple[Tally, float, float, str]:
    """One floor app under gunicorn: its timed tally, wall time, server CPU
    seconds, exactly-once. Logged in: each client has a worker's account."""
    proc, port = start_gunicorn(spec, env, log, REPO / "bench")
    try:
        if logged_in:
            import load_accounts

            clients = [Client(port) for _ in range(CLIENTS)]
            logins = [
                threading.Thread(
                    target=c.log_in,
                    args=(load_accounts.email(n % (CLIENTS - COORDINATORS)),),
                )
                for n, c in enumerate(clients)
            ]
            for thread in logins:
                thread.start()
            for thread in logins:
                thread.join(120)

            def targets(tally, deadline):
                return [(app_floor_client, (c, deadline, tally)) for c in clients]
        else:

            def targets(tally, deadline):
                return [(floor_client, (port, deadline, tally)) for _ in range(CLIENTS)]

        warm, timed, wall, cpu = warm_then_run(targets, proc.pid)
        timed.acked.update(warm.acked)
    finally:
        stop(proc)
    check = exactly_once(url, timed, "bench_floor_rows", "key", "key")
    return timed, wall, cpu, check


def ms(values: list[float]) -> str:
    return "/".join(f"{x * 1000:.1f}" for x in percentiles(values))


def measure(label: str, url: str, workdir: Path) -> bool:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNALEN_")}
    env.update(
        SIGNALEN_DATABASE_URL=url,
        SIGNALEN_SECRET_KEY="bench-" + secrets.token_hex(8),
        SIGNALEN_EXPORT_DIR=str(workdir / "exports"),
        SIGNALEN_BACKUP_DIR=str(workdir / "backups"),
        # Cheap hashes for the demo accounts: 64 logins before the run, not
        # part of what is measured.
        SIGNALEN_PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
    )
    log = workdir / f"gunicorn-{label}.log"
    steps = {
        "flask setup": [str(BIN / "flask"), "--app", "signalen", "setup"],
        # One account per simulated worker (bench/load_accounts.py).
        "worker accounts": [sys.executable, str(REPO / "bench" / "load_accounts.py")]
        + [str(CLIENTS - COORDINATORS), PASSWORD],
    }
    for what, command in steps.items():
        done = subprocess.run(
            command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0:
            print(f"{label}: {what} failed:\n{done.stderr[-2000:]}")
            return False
    from sqlalchemy import create_engine

    from signalen.config import normalise_database_uri

    sys.path.insert(0, str(REPO / "bench"))
    import load_accounts
    import load_floor_app

    engine = create_engine(normalise_database_uri(url))
    load_floor_app.metadata.create_all(engine)
    engine.dispose()

    # 1. the floors
    flask_floor, flask_wall, flask_cpu, flask_check = run_floor(
        "load_floor_app:flask_app", env, log, url
    )
    bare_floor, bare_wall, _, bare_check = run_floor(
        "load_floor_app:app", env, log, url
    )
    page_floor, page_wall, page_cpu, page_check = run_floor(
        "load_floor_app:app_floor",
        {**env, "BENCH_APP_FLOOR": "1"},
        log,
        url,
        logged_in=True,
    )
    page_rate = len(page_floor.post) / page_wall
    floor_rate = len(flask_floor.post) / flask_wall
    bare_rate = len(bare_floor.post) / bare_wall

    # 2. and 3. the app, at capacity and at the target's pace
    proc, port = start_gunicorn("signalen:create_app()", env, log)
    try:
        workers = [Client(port) for _ in range(CLIENTS - COORDINATORS)]
        coordinators = [Client(port) for _ in range(COORDINATORS)]
        logins = [
            threading.Thread(target=c.log_in, args=(load_accounts.email(n),))
            for n, c in enumerate(workers)
        ] + [
            threading.Thread(target=c.log_in, args=(COORDINATOR_EMAIL,))
            for c in coordinators
        ]
        for thread in logins:
            thread.start()
        for thread in logins:
            thread.join(120)

        def clients(interval: float, first: int):
            return lambda tally, deadline: (
                [
                    (
                        worker_client,
                        (c, first + i * MAX_PER_CLIENT, deadline, tally, interval),
                    )
                    for i, c in enumerate(workers)
                ]
                + [(coordinator_client, (c, deadline, tally)) for c in coordinators]
            )

        span = len(workers) * MAX_PER_CLIENT  # numbers of the forms, per phase
        warm, tally, wall, cpu = warm_then_run(clients(0.0, 0), proc.pid)
        paced_rate = TARGET * floor_rate
        paces = []  # (signals/s asked, what the clients saw, wall seconds)
        for n, asked in enumerate((paced_rate, OFFICE_PACE * len(workers)), 1):
            seen, deadline = Tally(), [0.0]
            targets = clients(len(workers) / asked, n * span)(seen, deadline)
            paces.append((asked, seen, run_clients(targets, deadline)))
    finally:
        stop(proc)
    for phase in (warm, *(seen for _, seen, _ in paces)):
        tally.acked.update(phase.acked)
    check = exactly_once(url, tally, "signals", "idempotency_key", "reference")
    server_log = log.read_text(errors="replace")
    locked = server_log.count("database unavailable: OperationalError")

    rate = len(tally.post) / wall
    print(f"{label}: {CLIENTS} clients, gunicorn -w {WORKERS}, {wall:.0f} s a phase")
    print(
        f"  floor, a minimal Flask insert endpoint: {floor_rate:.0f} POST/s, "
        f"p50/p95/p99 {ms(flask_floor.post)} ms; {flask_check}; "
        f"errors {flask_floor.errors or 0}"
    )
    print(
        f"  (the same insert as a bare WSGI function: {bare_rate:.0f} POST/s, "
        f"p50/p95/p99 {ms(bare_floor.post)} ms; {bare_check}; "
        f"errors {bare_floor.errors or 0})"
    )
    print(
        f"  intake capacity: {rate:.0f} signals/s = {rate / floor_rate:.2f}x the "
        f"Flask floor (target >= {TARGET}x), {rate / bare_rate:.2f}x the bare one; "
        f"POST p50/p95/p99 {ms(tally.post)} ms, form GET {ms(tally.get)} ms "
        f"(64 clients that never pause: the queue)"
    )
    print(
        f"  (the same insert as a page of the app, logged in: {page_rate:.0f} "
        f"POST/s; the intake is {rate / page_rate:.2f}x that; {page_check}; "
        f"errors {page_floor.errors or 0})"
    )
    if cpu and flask_cpu:
        # Server CPU (gunicorn's processes, not the database server's) per
        # form GET + POST, against the floor's per GET + insert.
        mine, floor = (
            1000 * cpu / len(tally.post),
            1000 * flask_cpu / len(flask_floor.post),
        )
        page = 1000 * page_cpu / max(1, len(page_floor.post))
        print(
            f"  where the time goes: server CPU {mine:.1f} ms a signal (GET + "
            f"POST), the Flask floor {floor:.1f} ms an insert = {mine / floor:.1f}x, "
            f"the app's page floor {page:.1f} ms = {mine / page:.1f}x"
        )
    print(
        f"  inbox search ({COORDINATORS} coordinators, {COORDINATOR_PAUSE:.0f} s "
        f"reading each result): {len(tally.search)} searches, "
        f"p50/p95/p99 {ms(tally.search)} ms"
    )
    for (asked, paced, paced_wall), what in zip(
        paces, ("the target's pace", "an office's pace"), strict=True
    ):
        done = len(paced.post) / paced_wall
        print(
            f"  at {what} ({asked:.0f} signals/s asked, {done:.0f}/s done): POST "
            f"p50/p95/p99 {ms(paced.post)} ms (target p99 < 100 ms), form GET "
            f"{ms(paced.get)} ms, search {ms(paced.search)} ms"
        )
    phases = [tally, *(seen for _, seen, _ in paces)]
    errors: dict[str, int] = {}
    for phase in phases:
        for kind, count in phase.errors.items():
            errors[kind] = errors.get(kind, 0) + count
    print(
        f"  errors {errors or 0} (warm-up {warm.errors or 0}); database "
        f"errors (503, 'database is locked' on SQLite) {locked}"
    )
    doubles = sum(phase.doubles for phase in phases)
    same = sum(phase.doubles_same for phase in phases)
    print(
        f"  double clicks {doubles}, answered with the same signal {same}; "
        f"acknowledged signals: {check}"
    )
    checks = (check, flask_check, bare_check, page_check)
    return not any(c.startswith("FAILED") for c in checks)


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    ok = True
    try:
        ok &= measure("SQLite", f"sqlite:///{workdir / 'bench.db'}", workdir)
        if pg_reachable(PG_URL):
            name, url = make_pg_database(PG_URL)
            try:
                ok &= measure("PostgreSQL", url, workdir)
            finally:
                drop_pg_database(PG_URL, name)
        else:
            print(f"PostgreSQL not reachable at {PG_URL}: skipped")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
