"""Benchmark for the administration pages (reports; always exits 0).

Run from the repository root:  .venv/bin/python bench/bench_admin.py
BENCH_SCALE=0.1 makes the data ten times smaller (default 1: 100,000 audit
events, 5,000 accounts, 400 themes with merge chains).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
N_EVENTS = int(100_000 * SCALE)
N_USERS = int(5_000 * SCALE)
N_EXTRA_THEMES = int(400 * SCALE)
REPEAT = 15


def median_ms(fn, repeat: int = REPEAT) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def report(name: str, value: float, floor: float, target: float) -> None:
    ratio = value / floor if floor else float("inf")
    verdict = "OK" if value < target else "TOO SLOW"
    print(
        f"admin.{name}: {value:.1f} ms median (floor {floor:.1f} ms, ratio "
        f"{ratio:.2f}x); target < {target:.0f} ms: {verdict}"
    )


def build(app) -> dict:
    from sqlalchemy import insert, select

    from signalen.audit.models import AuditEvent
    from signalen.auth.models import User
    from signalen.extensions import db
    from signalen.organisations.models import Organisation
    from signalen.permissions import Role
    from signalen.themes.models import Theme, ThemeGroup
    from signalen.themes.seed import seed_reference_data

    seed_reference_data()
    orgs = [Organisation(name=f"Organisatie {i}", active=True) for i in range(60)]
    db.session.add_all(orgs)
    db.session.flush()
    roles = list(Role)
    db.session.execute(
        insert(User),
        [
            {
                "email": f"user{i}@example.org",
                "display_name": f"Gebruiker {i:05d}",
                "password_hash": "x",
                "role": roles[i % 4],
                "organisation_id": orgs[i % 60].id,
                "active": i % 17 != 0,
                "session_token": f"t{i}",
            }
            for i in range(N_USERS)
        ],
    )
    admin_id = db.session.scalar(select(User.id).where(User.role == Role.ADMIN))
    now = datetime.now(UTC)
    actions = ["login", "signal.created", "signal.submitted", "user.updated"]
    for start in range(0, N_EVENTS, 10_000):
        db.session.execute(
            insert(AuditEvent),
            [
                {
                    "at": now - timedelta(minutes=i),
                    "actor_id": admin_id if i % 5 == 0 else None,
                    "actor_label": f"user{i % N_USERS}@example.org",
                    "action": actions[i % 4],
                    "object_type": "signals",
                    "object_id": i,
                    "ip": "127.0.0.1",
                    "details": {"role": {"old": "medewerker", "new": "stad"}},
                }
                for i in range(start, min(start + 10_000, N_EVENTS))
            ],
        )
    group = db.session.scalar(select(ThemeGroup))
    themes = [
        Theme(code=f"extra_{i}", label=f"Extra {i}", position=1000 + i, group=group)
        for i in range(N_EXTRA_THEMES)
    ]
    db.session.add_all(themes)
    db.session.flush()
    # Chains of ten merges: the worst case for canonical_theme_ids().
    for i, theme in enumerate(themes):
        if i % 10 != 9:
            theme.merged_into_id = themes[i + 1].id
            theme.active = False
    db.session.commit()
    return {"admin_id": admin_id}


def main() -> int:
    from flask_login import FlaskLoginClient
    from sqlalchemy import select, text

    from signalen import create_app
    from signalen.audit.models import AuditEvent
    from signalen.auth.models import User
    from signalen.extensions import db
    from signalen.themes.models import Theme
    from signalen.themes.services import canonical_theme_ids

    tmp = tempfile.mkdtemp(prefix="bench-admin-")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
            "WTF_CSRF_ENABLED": False,
        }
    )
    app.test_client_class = FlaskLoginClient
    with app.app_context():
        db.create_all()
        t0 = time.perf_counter()
        info = build(app)
        print(
            f"admin.build: {N_EVENTS} audit events, {N_USERS} accounts, "
            f"{N_EXTRA_THEMES} extra themes in {time.perf_counter() - t0:.1f} s"
        )
        admin = db.session.get(User, info["admin_id"])
        client = app.test_client(user=admin)

        def get(url):
            def run():
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            return run

        def bare(sql):
            def run():
                with db.engine.connect() as conn:
                    conn.execute(text(sql)).all()

            return run

        floor = median_ms(
            bare("SELECT * FROM audit_events ORDER BY at DESC, id DESC LIMIT 50; ")
        ) + median_ms(bare("SELECT count(*) FROM audit_events"))
        report("audit_page_ms", median_ms(get("/logboek/")), floor, 300)
        floor = median_ms(
            bare(
                "SELECT * FROM audit_events WHERE lower(actor_label) LIKE "
                "'%user42%' ORDER BY at DESC LIMIT 50"
            )
        )
        report(
            "audit_filtered_ms",
            median_ms(get("/logboek/?actor=user42&action=login")),
            floor,
            500,
        )
        floor = median_ms(
            bare(
                "SELECT users.* FROM users JOIN organisations ON "
                "organisations.id = users.organisation_id "
                "ORDER BY display_name LIMIT 25"
            )
        )
        report("users_page_ms", median_ms(get("/beheer/accounts?page=3")), floor, 200)
        report("organisations_ms", median_ms(get("/beheer/organisaties")), floor, 200)
        report("dashboard_ms", median_ms(get("/beheer/")), floor, 300)
        report("themes_list_ms", median_ms(get("/beheer/lijsten/themas")), floor, 500)

        def floor_select():
            db.session.execute(select(Theme.id, Theme.merged_into_id)).all()

        report(
            "canonical_theme_ids_ms",
            median_ms(canonical_theme_ids),
            median_ms(floor_select),
            20,
        )
        assert db.session.scalar(select(db.func.count()).select_from(AuditEvent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
