"""Benchmark: closing a period into a bundle (reports; always exits 0).

Run from the repository root:  .venv/bin/python bench/bench_bundles.py
Default: 100,000 signals in 10,000 structural signals, all in the period.
BENCH_SCALE=0.1 makes the data ten times smaller.

Prints the time of close_bundle (plus commit), the floor (a bare
INSERT ... SELECT copying one row per structural signal into bundle_items, in
the same database), the peak RSS before and after, and the Python heap peak
(tracemalloc) of a second, traced close that is rolled back.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
N_STRUCTURAL = max(10, int(10_000 * SCALE))
PER_STRUCTURAL = 10
N_SIGNALS = N_STRUCTURAL * PER_STRUCTURAL
TARGET_S = 30.0
BATCH = 10_000


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def build() -> int:
    """Signals, structural signals and links; returns the open bundle's id."""
    from sqlalchemy import insert, select

    from signalen.auth.models import User
    from signalen.bundles.models import Bundle, BundleStatus
    from signalen.coordination.models import (
        SignalLink,
        StructuralSignal,
        structural_themes,
    )
    from signalen.extensions import db
    from signalen.organisations.models import Organisation
    from signalen.permissions import Role
    from signalen.signals.models import Signal, signal_areas, signal_themes
    from signalen.themes.models import Area, Theme
    from signalen.themes.seed import seed_reference_data

    seed_reference_data()
    orgs = [Organisation(name=f"Organisatie {i}") for i in range(40)]
    db.session.add_all(orgs)
    db.session.flush()
    user = User(
        email="w@example.org",
        display_name="W",
        password_hash="x",
        role=Role.WORKER,
        organisation_id=orgs[0].id,
        active=True,
        session_token="t",
    )
    db.session.add(user)
    db.session.flush()
    theme_ids = list(db.session.scalars(select(Theme.id)))
    area_ids = list(db.session.scalars(select(Area.id)))
    start = datetime(2024, 1, 2, tzinfo=UTC)
    span = 700 * 24 * 3600
    for first in range(0, N_SIGNALS, BATCH):
        rows = range(first, min(first + BATCH, N_SIGNALS))
        when = [start + timedelta(seconds=(i * 7919) % span) for i in rows]
        db.session.execute(
            insert(Signal.__table__),
            [
                {
                    "id": i + 1,
                    "reference": f"S-2024-{i + 1:06d}",
                    "title": f"Signaal {i}",
                    "description": "Gezinnen vinden geen betaalbare huurwoning. " * 4,
                    "examples": "Een moeder met drie kinderen woont in één kamer."
                    if i % 3 == 0
                    else None,
                    "proposed_solution": "Meer sociale woningen." if i % 4 else None,
                    "people_affected": (i % 50) or None,
                    "city_wide": False,
                    "organisation_id": orgs[i % 40].id,
                    "author_id": user.id,
                    "status": "linked",
                    "created_at": w,
                    "updated_at": w,
                    "submitted_at": w,
                    "version": 1,
                }
                for i, w in zip(rows, when, strict=True)
            ],
        )
        db.session.execute(
            insert(signal_themes),
            [
                {"signal_id": i + 1, "theme_id": theme_ids[i % len(theme_ids)]}
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
    made = datetime(2024, 6, 1, tzinfo=UTC)
    for first in range(0, N_STRUCTURAL, BATCH):
        rows = range(first, min(first + BATCH, N_STRUCTURAL))
        db.session.execute(
            insert(StructuralSignal.__table__),
            [
                {
                    "id": s + 1,
                    "reference": f"SS-2024-{s + 1:05d}",
                    "title": f"Structureel signaal {s}",
                    "summary": "Samenvatting van het structureel signaal.",
                    "city_wide": s % 5 == 0,
                    "owner_organisation_id": orgs[s % 40].id,
                    "status": "open",
                    "created_at": made,
                    "updated_at": made,
                    "version": 1,
                }
                for s in rows
            ],
        )
        db.session.execute(
            insert(structural_themes),
            [
                {
                    "structural_signal_id": s + 1,
                    "theme_id": theme_ids[s % len(theme_ids)],
                }
                for s in rows
            ],
        )
    for first in range(0, N_SIGNALS, BATCH):
        rows = range(first, min(first + BATCH, N_SIGNALS))
        db.session.execute(
            insert(SignalLink.__table__),
            [
                {
                    "signal_id": i + 1,
                    "structural_signal_id": i // PER_STRUCTURAL + 1,
                    "linked_at": made,
                    "linked_by_id": user.id,
                }
                for i in rows
            ],
        )
    bundle = Bundle(
        title="Signalenbundel 2024-2025",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        status=BundleStatus.OPEN,
        introduction="",
    )
    db.session.add(bundle)
    db.session.commit()
    return bundle.id


def floor_copy_s(bundle_id: int) -> float:
    """The bare INSERT ... SELECT of one bundle_items row per structural signal."""
    from sqlalchemy import text

    from signalen.extensions import db

    sql = text(
        "INSERT INTO bundle_items (bundle_id, structural_signal_id, reference, "
        "position, title, primary_theme_code, snapshot, is_recurring) "
        "SELECT :bid, id, reference, id, title, NULL, '{}', false "
        "FROM structural_signals"
    )
    t0 = time.perf_counter()
    db.session.execute(sql, {"bid": bundle_id})
    db.session.flush()
    elapsed = time.perf_counter() - t0
    db.session.rollback()
    return elapsed


def main() -> int:
    from sqlalchemy import func, select, update

    from signalen import create_app
    from signalen.bundles import services
    from signalen.bundles.models import Bundle, BundleItem, BundleStatus
    from signalen.extensions import db

    tmp = tempfile.mkdtemp(prefix="bench-bundles-")
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
        bundle_id = build()
        print(
            f"bundles.build: {N_SIGNALS} signals in {N_STRUCTURAL} structural "
            f"signals in {time.perf_counter() - t0:.1f} s"
        )
        db.session.expunge_all()
        floor = floor_copy_s(bundle_id)
        now = datetime(2026, 1, 1, 0, 15, tzinfo=UTC)

        rss_before = rss_mb()
        t0 = time.perf_counter()
        bundle = db.session.get(Bundle, bundle_id)
        services.close_bundle(bundle, now)
        db.session.commit()
        elapsed = time.perf_counter() - t0
        rss_after = rss_mb()
        items = db.session.scalar(
            select(func.count(BundleItem.id)).where(BundleItem.bundle_id == bundle_id)
        )
        assert items == N_STRUCTURAL, items
        verdict = "OK" if elapsed < TARGET_S else "TOO SLOW"
        print(
            f"bundles.close_s: {elapsed:.2f} s for {items} items "
            f"(floor {floor:.2f} s, ratio {elapsed / floor:.1f}x); "
            f"target < {TARGET_S:.0f} s: {verdict}"
        )
        print(
            f"bundles.close_peak_rss_mb: {rss_before:.0f} MB before, "
            f"{rss_after:.0f} MB after (+{rss_after - rss_before:.0f} MB)"
        )

        # A second, traced close (rolled back) for the Python heap peak.
        db.session.execute(
            BundleItem.__table__.delete().where(BundleItem.bundle_id == bundle_id)
        )
        db.session.execute(
            update(Bundle)
            .where(Bundle.id == bundle_id)
            .values(status=BundleStatus.OPEN, closed_at=None)
        )
        db.session.commit()
        db.session.expunge_all()
        tracemalloc.start()
        bundle = db.session.get(Bundle, bundle_id)
        services.close_bundle(bundle, now)
        db.session.flush()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        db.session.rollback()
        print(
            f"bundles.close_heap_peak_mb: {peak / 2**20:.1f} MB "
            f"(chunk of {services.CHUNK} structural signals; independent of size)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
