"""Benchmark: dashboards, wijk view and public bundle page (reports; exits 0).

Run from the repository root:  .venv/bin/python bench/bench_visibility.py
Default: 100,000 signals over 20 years, 10 published bundles of 1,000
structural signals each (10 signals per structural signal), half answered.
BENCH_SCALE=0.1 makes the data ten times smaller.

Each page is asked 7 times through the WSGI app (Flask's test client, no
network); the median is its server time (warm: the dashboards keep their
blocks 60 s, the public page its items until they change), and the first
request is printed as the cold time. The floor is the median of the same
client asking /healthz, measured in the same run: the ratio is the page's own
cost over a bare request. Targets (issue 13): dashboard pages < 200 ms,
public page < 100 ms warm.
"""

from __future__ import annotations

import os
import statistics
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


def median_ms(client, url: str) -> tuple[float, int, float]:
    """(median ms, last status, ms of the first, cold, request)."""
    times, status = [], 0
    for _ in range(RUNS):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        status = response.status_code
    return statistics.median(times), status, times[0]


def main() -> int:
    from signalen import create_app
    from signalen.extensions import db

    tmp = tempfile.mkdtemp(prefix="bench-visibility-")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
        }
    )
    with app.app_context():
        db.create_all()
        t0 = time.perf_counter()
        coordinator_id, newest = build()
        print(
            f"visibility.build: {N_SIGNALS} signals, {N_BUNDLES} bundles of "
            f"{PER_BUNDLE} items in {time.perf_counter() - t0:.1f} s"
        )
    client = app.test_client()
    floor, _status, _cold = median_ms(client, "/healthz")
    public = f"/openbaar/bundels/{newest}"
    client.get(public)  # warm the public items of the bundle
    checks = [("public_page_warm", public, 100.0)]
    with client.session_transaction() as session:
        session["_user_id"] = str(coordinator_id)
        session["_fresh"] = True
    with app.app_context():
        from signalen.auth.models import User

        user = db.session.get(User, coordinator_id)
        session_id = user.get_id()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
    checks += [
        ("dashboard_all_bundles", "/dashboards/", 200.0),
        ("dashboard_one_bundle", f"/dashboards/?bundle={newest}", 200.0),
        ("wijk_view", "/dashboards/wijken", 200.0),
        ("dashboard_csv", "/dashboards/download/themas.csv", 200.0),
    ]
    print(f"visibility.floor_healthz_ms: {floor:.1f} ms")
    for name, url, target in checks:
        ms, status, cold = median_ms(client, url)
        verdict = "OK" if ms < target and status == 200 else "TOO SLOW"
        if status != 200:
            verdict = f"HTTP {status}"
        print(
            f"visibility.{name}_ms: {ms:.1f} ms (floor {floor:.1f} ms, "
            f"ratio {ms / floor:.0f}x); target < {target:.0f} ms: {verdict}; "
            f"first (cold) request {cold:.0f} ms"
        )
    api_checks(app, client, coordinator_id, newest, floor)
    return 0


def api_checks(app, client, user_id: int, newest: int, floor: float) -> None:
    """The API's list pages with a coördinator's token (target < 50 ms warm)."""
    from datetime import UTC, datetime

    from signalen.api.tokens import issue_token
    from signalen.auth.models import User
    from signalen.extensions import db

    app.config["API_RATE_LIMIT"] = 10_000
    with app.app_context():
        user = db.session.get(User, user_id)
        secret = issue_token(user, "bench", user, datetime.now(UTC)).secret
        db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    pages = [
        ("api_list_items", f"/api/v1/bundles/{newest}/items?per_page=100"),
        ("api_list_bundles", "/api/v1/bundles"),
        ("api_list_answers", f"/api/v1/bundles/{newest}/answers"),
    ]
    for name, url in pages:
        times, status = [], 0
        for _ in range(RUNS):
            t0 = time.perf_counter()
            status = client.get(url, headers=headers).status_code
            times.append((time.perf_counter() - t0) * 1000)
        ms = statistics.median(times)
        verdict = "OK" if ms < 50.0 and status == 200 else "TOO SLOW"
        if status != 200:
            verdict = f"HTTP {status}"
        print(
            f"visibility.{name}_ms: {ms:.1f} ms (floor {floor:.1f} ms, "
            f"ratio {ms / floor:.0f}x); target < 50 ms: {verdict}; "
            f"first request {times[0]:.0f} ms"
        )


if __name__ == "__main__":
    raise SystemExit(main())
