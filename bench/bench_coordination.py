"""Benchmark of the coordinator's inbox and similar signals (reports; exits 0).

Run from the repository root:  .venv/bin/python bench/bench_coordination.py
BENCH_SCALE (default 100000) sets the number of signals in the temp SQLite file.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO / "tests" / "data" / "themes_corpus.jsonl"
SCALE = int(os.environ.get("BENCH_SCALE", "100000"))
RUNS = 15


def median_ms(fn, runs: int = RUNS) -> float:
    fn()  # warm up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def report(name: str, value: float, floor: float, target: float) -> None:
    verdict = "OK" if value < target else "SLOW"
    print(
        f"coordination.{name}: {value:.1f} ms median (floor {floor:.1f} ms, "
        f"ratio {value / floor:.2f}x); target < {target:.0f} ms: {verdict}",
        flush=True,
    )


def build(app, rows: list[dict]) -> dict:
    from sqlalchemy import insert, select

    from signalen.auth.services import create_user
    from signalen.extensions import db
    from signalen.organisations.models import Organisation
    from signalen.permissions import Role
    from signalen.signals.models import Signal, signal_areas, signal_themes
    from signalen.themes.models import Area, Theme
    from signalen.themes.seed import seed_reference_data

    seed_reference_data()
    orgs = [Organisation(name=f"Organisatie {i}") for i in range(20)]
    db.session.add_all(orgs)
    db.session.flush()
    workers = [
        create_user(email=f"w{i}@example.org", display_name=f"W {i}",
                    password="wachtwoord-123", role=Role.WORKER, organisation=o)
        for i, o in enumerate(orgs)
    ]  # fmt: skip
    coordinator = create_user(email="c@example.org", display_name="C",
                              password="wachtwoord-123", role=Role.COORDINATOR,
                              organisation=orgs[0])  # fmt: skip
    db.session.commit()
    theme_ids = {t.code: t.id for t in db.session.scalars(select(Theme))}
    area_ids = list(db.session.scalars(select(Area.id)))
    rng = random.Random(3)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    statuses = ["submitted"] * 6 + ["linked", "not_structural", "question", "draft"]
    signals, themes, areas = [], [], []
    for i in range(1, SCALE + 1):
        row = rows[rng.randrange(len(rows))]
        other = rows[rng.randrange(len(rows))]
        worker = workers[rng.randrange(len(workers))]
        at = start + timedelta(minutes=7 * i)
        status = rng.choice(statuses)
        signals.append({
            "id": i, "reference": f"S-B-{i:06d}", "title": row["title"],
            "description": row["description"] + " " + other["description"],
            "examples": None, "proposed_solution": row["proposed_solution"],
            "organisation_id": worker.organisation_id, "author_id": worker.id,
            "status": status, "created_at": at, "updated_at": at,
            "submitted_at": None if status == "draft" else at, "version": 1,
            "city_wide": False,
        })  # fmt: skip
        for code in row["themes"]:
            themes.append({"signal_id": i, "theme_id": theme_ids[code]})
        if rng.random() < 0.6:
            areas.append({"signal_id": i, "area_id": rng.choice(area_ids)})
    table = Signal.__table__
    with db.engine.begin() as conn:
        conn.execute(insert(table), signals)
        conn.execute(insert(signal_themes), themes)
        conn.execute(insert(signal_areas), areas)
        conn.exec_driver_sql("ANALYZE")
    return {"coordinator": coordinator, "wonen": theme_ids["wonen"]}


def main() -> int:
    rows = [json.loads(x) for x in CORPUS.read_text("utf-8").splitlines() if x]
    tmp = tempfile.mkdtemp(prefix="bench-coord-")
    from flask_migrate import upgrade

    from signalen import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                      "WTF_CSRF_ENABLED": False})  # fmt: skip
    with app.app_context():
        from signalen.extensions import db

        upgrade(revision="heads")
        t0 = time.perf_counter()
        made = build(app, rows)
        built = time.perf_counter() - t0
        print(f"coordination.build: {SCALE} signals in {built:.1f} s", flush=True)
        coordinator_id = made["coordinator"].get_id()
        wonen = made["wonen"]

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = coordinator_id
        session["_fresh"] = True
    url = f"/coordinatie/inbox?q=woning&theme={wonen}"
    assert client.get(url).status_code == 200

    def view():
        response = client.get(url)
        assert response.status_code == 200

    import sqlite3

    conn = sqlite3.connect(f"{tmp}/bench.db")
    ids = "SELECT rowid FROM signals_fts WHERE signals_fts MATCH '\"woning\"*'"
    where = (f"status != 'draft' AND id IN ({ids}) AND id IN (SELECT signal_id "
             f"FROM signal_themes WHERE theme_id = {wonen})")  # fmt: skip

    def bare():
        conn.execute(f"SELECT count(*) FROM signals WHERE {where}").fetchall()
        conn.execute(
            f"SELECT * FROM signals WHERE {where} "
            "ORDER BY submitted_at DESC, id DESC LIMIT 25"
        ).fetchall()

    report("inbox_ms", median_ms(view), median_ms(bare), 50)

    like = median_ms(
        lambda: conn.execute(
            "SELECT count(*) FROM signals WHERE status != 'draft' AND "
            "(title LIKE '%woning%' OR description LIKE '%woning%')"
        ).fetchall(),
        5,
    )
    print(f"coordination.like_count_ms: {like:.1f} ms (why FTS: plain LIKE)")

    with app.app_context():
        from sqlalchemy import select

        from signalen.coordination.similarity import query_words, similar_to
        from signalen.extensions import db
        from signalen.signals.models import Signal

        signal = db.session.scalar(
            select(Signal).where(Signal.status == "submitted").limit(1)
        )
        words = query_words(f"{signal.title} {signal.title} {signal.description}")
        from signalen.coordination.search import fts5_query

        fts = fts5_query(words, any_word=True)

        def floor():
            conn.execute(
                "SELECT rowid FROM signals_fts WHERE signals_fts MATCH ? "
                "ORDER BY rank LIMIT 200",
                (fts,),
            ).fetchall()

        def similar():
            db.session.expire_all()
            similar_to(signal)

        report("similar_ms", median_ms(similar), median_ms(floor), 50)

    from signalen.coordination.suggestions import top_k_accuracy, train

    examples = [(f"{r['title']}\n{r['description']}", r["themes"]) for r in rows]
    random.Random(1).shuffle(examples)
    cut = len(examples) // 4
    t0 = time.perf_counter()
    payload = train(examples[cut:])
    trained = (time.perf_counter() - t0) * 1000
    accuracy = top_k_accuracy(payload, examples[:cut], 3)
    print(f"coordination.theme_top3_accuracy: {accuracy:.3f} on {cut} held out "
          f"(trained on {len(examples) - cut} in {trained:.0f} ms); target >= 0.8: "
          f"{'OK' if accuracy >= 0.8 else 'LOW'}")  # fmt: skip
    conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
