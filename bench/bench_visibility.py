"""Benchmark: dashboards, wijk view, public bundle page, API lists (reports; exits 0).

Run from the repository root:  .venv/bin/python bench/bench_visibility.py
Default: 100,000 signals over 20 years, 10 published bundles of 1,000
structural signals each (10 signals per structural signal), half answered.
BENCH_SCALE=0.1 makes the data ten times smaller.

After building, the dashboard counts are rebuilt once, as the background task
does after a change (its time is printed). Then each page is measured in a
process of its own, through the WSGI app (Flask's test client, no network):
the very first request of the process, the median of 7 warm requests, and for
the dashboards the median of 7 cold ones (every cached block forgotten before
each: a running server whose 60 s blocks expired). The floor is the median of
/healthz in the same process: the ratio is the page's own cost over a bare
request. The process's CPU time per request is printed too: on a shared
machine the wall time grows with the load, the CPU time much less (with SQLite
the queries run in the process). Targets (issue 13): dashboard pages < 200 ms
cold, public page < 100 ms warm, API list pages < 50 ms.

BENCH_DATABASE_URL=postgresql://... runs it on an empty PostgreSQL database
instead of a SQLite file (the schema is created, the data built and analysed,
the tables dropped at the end). BENCH_DB=/some/path.db keeps the database (the
SQLite file, or with BENCH_DATABASE_URL the PostgreSQL one, remembered in a
sidecar file next to that path) and reuses it on the next run; without it the
temporary SQLite file is removed at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dataset import insert_links, insert_structural, published_bundle  # noqa: E402

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
N_BUNDLES = 10
PER_BUNDLE = max(10, int(1_000 * SCALE))
PER_STRUCTURAL = 10
N_STRUCTURAL = N_BUNDLES * PER_BUNDLE
N_SIGNALS = N_STRUCTURAL * PER_STRUCTURAL
BATCH = 10_000
RUNS = 7


def build() -> tuple[int, int]:
    """Signals, structural signals, 10 published bundles, answers; returns
    (coordinator id, newest bundle id)."""
    from sqlalchemy import insert, select

    from signalen.auth.services import create_user
    from signalen.extensions import db
    from signalen.organisations.models import Organisation
    from signalen.permissions import Role
    from signalen.signals.models import (
        Signal,
        signal_areas,
        signal_target_groups,
        signal_themes,
    )
    from signalen.themes.models import Area, TargetGroup, Theme
    from signalen.themes.seed import seed_reference_data

    seed_reference_data()
    orgs = [Organisation(name=f"Organisatie {i}") for i in range(40)]
    db.session.add_all(orgs)
    db.session.flush()
    coordinator = create_user(
        email="c@example.org", display_name="C", password="wachtwoord-123",
        role=Role.COORDINATOR, organisation=orgs[0],
    )  # fmt: skip
    themes = list(db.session.execute(select(Theme.id, Theme.code)))
    area_ids = list(db.session.scalars(select(Area.id)))
    area_codes = dict(db.session.execute(select(Area.id, Area.code)).all())
    group_ids = list(db.session.scalars(select(TargetGroup.id)))
    first_day = datetime(2006, 1, 1, tzinfo=UTC)
    span = 20 * 365 * 24 * 3600
    for first in range(0, N_SIGNALS, BATCH):
        rows = range(first, min(first + BATCH, N_SIGNALS))
        # Signal i belongs to structural signal i // 10, in bundle s // PER_BUNDLE.
        when = [
            first_day
            + timedelta(
                seconds=(i // PER_STRUCTURAL // PER_BUNDLE) * span // N_BUNDLES
                + (i * 7919) % (span // N_BUNDLES)
            )
            for i in rows
        ]
        db.session.execute(
            insert(Signal.__table__),
            [
                {
                    "id": i + 1, "reference": f"S-{i + 1:07d}", "title": f"Signaal {i}",
                    "description": "Gezinnen vinden geen betaalbare huurwoning.",
                    "city_wide": i % 17 == 0, "organisation_id": orgs[i % 40].id,
                    "author_id": coordinator.id, "status": "linked",
                    "government_level_id": None, "created_at": w, "updated_at": w,
                    "submitted_at": w, "version": 1,
                }
                for i, w in zip(rows, when, strict=True)
            ],
        )  # fmt: skip
        db.session.execute(
            insert(signal_themes),
            [
                {"signal_id": i + 1, "theme_id": themes[i % len(themes)][0]}
                for i in rows
            ],
        )
        db.session.execute(
            insert(signal_areas),
            [
                {"signal_id": i + 1, "area_id": area_ids[i % len(area_ids)]}
                for i in rows
            ],
        )
        db.session.execute(
            insert(signal_target_groups),
            [
                {"signal_id": i + 1, "target_group_id": group_ids[i % len(group_ids)]}
                for i in rows
            ],
        )
    made = datetime(2006, 1, 1, tzinfo=UTC)
    insert_structural(N_STRUCTURAL, made)
    insert_links([(i + 1, i // PER_STRUCTURAL + 1) for i in range(N_SIGNALS)], made)
    codes = list(area_codes.values())
    newest = 0
    for b in range(N_BUNDLES):
        first = b * PER_BUNDLE + 1
        bundle = published_bundle(
            date(2006 + 2 * b, 1, 1),
            list(range(first, first + PER_BUNDLE)),
            themes,
            codes,
            coordinator,
            prefix=f"B{b}",
        )
        newest = bundle.id
    db.session.commit()
    return coordinator.id, newest


def database_url(db_path: str) -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        return f"sqlite:///{db_path}"
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def make_app(db_path: str):
    from signalen import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": database_url(db_path),
            # As in production: a rebuild is queued for the worker, not run here.
            "TASK_IMMEDIATE": False,
            "TASK_QUEUE_URL": "memory://",
            "API_RATE_LIMIT": 100_000,
        }
    )


CPU: list[float] = []  # process CPU ms of each timed request (SQLite: all of it)


def timed(client, url: str, headers: dict | None = None) -> tuple[float, int]:
    t0, c0 = time.perf_counter(), time.process_time()
    response = client.get(url, headers=headers or {})
    CPU.append((time.process_time() - c0) * 1000)
    return (time.perf_counter() - t0) * 1000, response.status_code


def measure(db_path: str, url: str, user_id: int, secret: str) -> dict:
    """In a process of its own: the floor, the very first request of the page
    (templates not yet compiled), its warm median and, for the dashboards, the
    median with every cached block forgotten first (cold: a running server
    whose blocks expired, the counts table current)."""
    from signalen.auth.models import User
    from signalen.dashboards.queries import forget_tables
    from signalen.dashboards.wijken import forget_wijk_rows
    from signalen.extensions import db

    app = make_app(db_path)
    client = app.test_client()
    floor = statistics.median(timed(client, "/healthz")[0] for _ in range(RUNS))
    headers = {"Authorization": f"Bearer {secret}"} if url.startswith("/api/") else {}
    if url.startswith("/dashboards/"):
        with app.app_context():
            session_id = db.session.get(User, user_id).get_id()
        with client.session_transaction() as session:
            session["_user_id"] = session_id
            session["_fresh"] = True
    first, status = timed(client, url, headers)
    warm = statistics.median(timed(client, url, headers)[0] for _ in range(RUNS))
    warm_cpu = statistics.median(CPU[-RUNS:])
    cold = cold_cpu = None
    if url.startswith("/dashboards/"):
        times = []
        for _ in range(RUNS):
            forget_tables()
            forget_wijk_rows()
            times.append(timed(client, url)[0])
        cold, cold_cpu = statistics.median(times), statistics.median(CPU[-RUNS:])
    return {
        "floor": floor,
        "first": first,
        "warm": warm,
        "cold": cold,
        "warm_cpu": warm_cpu,
        "cold_cpu": cold_cpu,
        "status": status,
    }


def main() -> int:
    from datetime import UTC, datetime

    from sqlalchemy import text

    from signalen.api.tokens import issue_token
    from signalen.auth.models import User
    from signalen.dashboards.aggregate import rebuild_counts
    from signalen.extensions import db

    keep = os.environ.get("BENCH_DB")
    tmp = None if keep else tempfile.mkdtemp(prefix="bench-visibility-")
    db_path = keep or f"{tmp}/bench.db"
    sidecar = Path(db_path).with_suffix(".json")
    app = make_app(db_path)
    with app.app_context():
        reuse = bool(keep) and sidecar.exists()
        if reuse:
            coordinator_id, newest = json.loads(sidecar.read_text())
        else:
            if os.environ.get("BENCH_DATABASE_URL"):
                db.drop_all()
            db.create_all()
            t0 = time.perf_counter()
            coordinator_id, newest = build()
            sidecar.write_text(json.dumps([coordinator_id, newest]))
            if os.environ.get("BENCH_DATABASE_URL"):
                # What autovacuum does after a bulk load: fresh statistics.
                db.session.execute(text("ANALYZE"))
                db.session.commit()
            print(
                f"visibility.build: {N_SIGNALS} signals, {N_BUNDLES} bundles of "
                f"{PER_BUNDLE} items in {time.perf_counter() - t0:.1f} s"
            )
        t0 = time.perf_counter()
        rows = rebuild_counts()  # what the worker does after a change
        db.session.commit()
        print(
            f"visibility.rebuild_counts_s: {time.perf_counter() - t0:.2f} s "
            f"({rows} rows; the background task after a change)"
        )
        user = db.session.get(User, coordinator_id)
        secret = issue_token(user, "bench", user, datetime.now(UTC)).secret
        db.session.commit()
    checks = [
        ("public_page", f"/openbaar/bundels/{newest}", 100.0),
        ("dashboard_all_bundles", "/dashboards/", 200.0),
        ("dashboard_one_bundle", f"/dashboards/?bundle={newest}", 200.0),
        (
            "dashboard_days",
            "/dashboards/?date_from=2010-03-15&date_to=2018-07-09",
            200.0,
        ),
        ("wijk_view", "/dashboards/wijken", 200.0),
        ("wijk_view_one_bundle", f"/dashboards/wijken?bundle={newest}", 200.0),
        (
            "wijk_view_days",
            "/dashboards/wijken?date_from=2010-03-15&date_to=2018-07-09",
            200.0,
        ),
        ("dashboard_csv", "/dashboards/download/themas.csv", 200.0),
        ("api_list_items", f"/api/v1/bundles/{newest}/items?per_page=100", 50.0),
        ("api_list_bundles", "/api/v1/bundles", 50.0),
        ("api_list_answers", f"/api/v1/bundles/{newest}/answers", 50.0),
    ]
    for name, url, target in checks:
        command = [sys.executable, __file__, "--measure", db_path, url]
        command += [str(coordinator_id), secret]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        floor = r["floor"]
        # Dashboards: held to the target cold (blocks forgotten); the public
        # page and the API warm, as the issue asks.
        judged = r["cold"] if r["cold"] is not None else r["warm"]
        verdict = "OK" if judged < target else "TOO SLOW"
        if r["status"] != 200:
            verdict = f"HTTP {r['status']}"
        cold = ""
        if r["cold"] is not None:
            cold = (
                f"cold {r['cold']:.1f} ms (ratio {r['cold'] / floor:.0f}x, "
                f"CPU {r['cold_cpu']:.0f} ms), "
            )
        print(
            f"visibility.{name}_ms: {cold}warm {r['warm']:.1f} ms "
            f"(ratio {r['warm'] / floor:.0f}x, CPU {r['warm_cpu']:.0f} ms), "
            f"first request of a new process {r['first']:.0f} ms; "
            f"floor /healthz {floor:.2f} ms; "
            f"target < {target:.0f} ms {'cold' if r['cold'] else 'warm'}: {verdict}"
        )
    if os.environ.get("BENCH_DATABASE_URL") and not keep:
        with app.app_context():
            db.drop_all()
    if tmp is not None:
        shutil.rmtree(tmp)  # the SQLite file: a few hundred MB at full scale
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        path, url, user_id, secret = sys.argv[2:6]
        print(json.dumps(measure(path, url, int(user_id), secret)))
        raise SystemExit(0)
    raise SystemExit(main())
