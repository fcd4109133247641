"""Benchmark for prioritisation rounds (reports; always exits 0).

Run from the repository root:  .venv/bin/python bench/bench_prioritisation.py
Default size: a bundle of 60 items, 300 participants voting with points and
150 scoring every item on five criteria (45,000 scores). BENCH_SCALE=0.1
makes the number of participants ten times smaller.
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
N_ITEMS = 60
N_POINTS_VOTERS = max(3, int(300 * SCALE))
N_CRITERIA_VOTERS = max(3, int(150 * SCALE))
REPEAT = 9


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
        f"prioritisation.{name}: {value:.1f} ms median (floor {floor:.1f} ms, ratio "
        f"{ratio:.2f}x); target < {target:.0f} ms: {verdict}"
    )


def build(now: datetime) -> dict:
    from sqlalchemy import insert, select

    from signalen.auth.models import User
    from signalen.bundles.models import Bundle, BundleItem, BundleStatus
    from signalen.coordination.models import StructuralSignal
    from signalen.extensions import db
    from signalen.organisations.models import Organisation
    from signalen.permissions import Role
    from signalen.prioritisation import services
    from signalen.prioritisation.models import (
        Ballot,
        BallotEntry,
        BallotScore,
        RoundParticipant,
    )
    from signalen.themes.seed import seed_reference_data

    seed_reference_data()
    org = Organisation(name="Bench")
    db.session.add(org)
    db.session.flush()
    n_users = N_POINTS_VOTERS + N_CRITERIA_VOTERS + 1
    db.session.execute(
        insert(User),
        [
            {
                "email": f"u{i}@example.org",
                "display_name": f"Gebruiker {i}",
                "password_hash": "x",
                "role": Role.COORDINATOR if i == 0 else Role.WORKER,
                "organisation_id": org.id,
                "active": True,
                "session_token": f"t{i}",
            }
            for i in range(n_users)
        ],
    )
    user_ids = list(db.session.scalars(select(User.id).order_by(User.id)))
    coordinator = db.session.get(User, user_ids[0])
    bundle = Bundle(
        title="Bench", period_start=now.date(), period_end=now.date(),
        status=BundleStatus.CLOSED, closed_at=now,
    )  # fmt: skip
    db.session.add(bundle)
    db.session.flush()
    for i in range(N_ITEMS):
        structural = StructuralSignal(reference=f"SS-B-{i:04d}", title=f"Signaal {i}")
        db.session.add(structural)
        db.session.flush()
        snapshot = {
            "title": f"Signaal {i}",
            "summary": "Samenvatting.",
            "themes": [],
            "evidence": {"signals": i % 7 + 1, "organisations": i % 3 + 1},
        }
        db.session.add(
            BundleItem(
                bundle=bundle, structural_signal_id=structural.id,
                reference=f"B-{i:03d}", position=i, title=f"Signaal {i}",
                snapshot=snapshot,
            )
        )  # fmt: skip
    db.session.flush()
    items = [i.id for i in bundle.items]

    def make_round(method, voters, criteria=()):
        settings = services.RoundSettings(
            title=f"Ronde {method}", explanation="", method=method,
            opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=5),
            criteria=list(criteria),
        )  # fmt: skip
        round_ = services.create_round(bundle, settings, coordinator, now)
        db.session.execute(
            insert(RoundParticipant),
            [
                {
                    "round_id": round_.id,
                    "user_id": uid,
                    "group": "stad" if k % 5 == 0 else "middenveld",
                }
                for k, uid in enumerate(voters)
            ],  # fmt: skip
        )
        participants = list(
            db.session.scalars(
                select(RoundParticipant.id).where(
                    RoundParticipant.round_id == round_.id
                )
            )
        )
        db.session.execute(
            insert(Ballot),
            [
                {
                    "round_id": round_.id,
                    "participant_id": p,
                    "submitted": True,
                    "updated_at": now,
                    "version": 1,
                }
                for p in participants
            ],  # fmt: skip
        )
        ballots = list(
            db.session.scalars(select(Ballot.id).where(Ballot.round_id == round_.id))
        )
        return round_, ballots

    points_round, ballots = make_round("points", user_ids[1 : N_POINTS_VOTERS + 1])
    rows = []
    for k, ballot_id in enumerate(ballots):
        for j, p in enumerate((3, 3, 2, 1, 1)):
            rows.append(
                {"ballot_id": ballot_id, "bundle_item_id": items[(k * 7 + j * 11) % 60],
                 "points": p}
            )  # fmt: skip
    db.session.execute(insert(BallotEntry), rows)
    criteria = [
        (label, 1.0 + i % 2) for i, label in enumerate(services.DEFAULT_CRITERIA)
    ]
    criteria_round, ballots = make_round(
        "criteria", user_ids[N_POINTS_VOTERS + 1 :], criteria
    )
    crit_ids = [c.id for c in criteria_round.criteria]
    db.session.execute(
        insert(BallotEntry),
        [{"ballot_id": b, "bundle_item_id": i} for b in ballots for i in items],
    )
    entries = db.session.execute(
        select(BallotEntry.id, BallotEntry.ballot_id).where(
            BallotEntry.ballot_id.in_(ballots)
        )
    ).all()
    db.session.execute(
        insert(BallotScore),
        [
            {"entry_id": e, "criterion_id": c, "score": (e + c) % 5 + 1}
            for e, _b in entries
            for c in crit_ids
        ],
    )
    services.open_round(points_round, coordinator, now)
    services.open_round(criteria_round, coordinator, now)
    # One more participant to measure saving a full criteria ballot.
    extra = RoundParticipant(round_id=criteria_round.id, user_id=user_ids[0])
    db.session.add(extra)
    db.session.commit()
    return {
        "points": points_round.id,
        "criteria": criteria_round.id,
        "extra": extra.id,
        "coordinator": coordinator.id,
        "items": items,
        "crit_ids": crit_ids,
    }


def main() -> int:
    from flask_login import FlaskLoginClient
    from sqlalchemy import text

    from signalen import create_app
    from signalen.auth.models import User
    from signalen.extensions import db
    from signalen.prioritisation import services
    from signalen.prioritisation.models import PrioritisationRound, RoundParticipant

    tmp = tempfile.mkdtemp(prefix="bench-prioritisation-")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
            "WTF_CSRF_ENABLED": False,
        }
    )
    app.test_client_class = FlaskLoginClient
    now = datetime.now(UTC)
    with app.app_context():
        db.create_all()
        t0 = time.perf_counter()
        info = build(now)
        print(
            f"prioritisation.build: {N_ITEMS} items, {N_POINTS_VOTERS} points "
            f"ballots, {N_CRITERIA_VOTERS} criteria ballots in "
            f"{time.perf_counter() - t0:.1f} s"
        )

        def bare(sql):
            def run():
                with db.engine.connect() as conn:
                    conn.execute(text(sql)).all()

            return run

        points = db.session.get(PrioritisationRound, info["points"])
        criteria = db.session.get(PrioritisationRound, info["criteria"])

        def compute(round_):
            def run():
                db.session.expire_all()
                services.compute_results(round_)

            return run

        points_floor = floor = median_ms(
            bare(
                'SELECT e.bundle_item_id, e.points, p."group" FROM ballot_entries e '
                "JOIN ballots b ON b.id = e.ballot_id JOIN round_participants p "
                f"ON p.id = b.participant_id WHERE b.round_id = {points.id}"
            )
        )
        report("compute_points_ms", median_ms(compute(points)), floor, 150)
        floor = median_ms(
            bare(
                'SELECT e.bundle_item_id, s.criterion_id, s.score, p."group" '
                "FROM ballot_scores s JOIN ballot_entries e ON e.id = s.entry_id "
                "JOIN ballots b ON b.id = e.ballot_id JOIN round_participants p "
                f"ON p.id = b.participant_id WHERE b.round_id = {criteria.id}"
            )
        )
        report("compute_criteria_ms", median_ms(compute(criteria)), floor, 1000)

        client = app.test_client(user=db.session.get(User, info["coordinator"]))

        def get(url):
            def run():
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            return run

        report(
            "results_page_points_ms",
            median_ms(get(f"/prioritering/{points.id}/resultaten")),
            points_floor,
            400,
        )
        extra = db.session.get(RoundParticipant, info["extra"])

        def save():
            entries = {
                item: services.EntryInput(
                    scores={c: (item + c) % 5 + 1 for c in info["crit_ids"]}
                )
                for item in info["items"]
            }
            services.save_ballot(extra, entries, submit=True, now=now)
            db.session.commit()

        # Floor: writing the same 300 scores as a bare bulk insert.
        def bare_insert():
            with db.engine.begin() as conn:
                conn.execute(text("CREATE TEMP TABLE IF NOT EXISTS t (a, b, c)"))
                conn.execute(
                    text("INSERT INTO t VALUES (:a, :b, :c)"),
                    [{"a": i, "b": c, "c": 3} for i in info["items"]
                     for c in info["crit_ids"]],
                )  # fmt: skip
                conn.execute(text("DELETE FROM t"))

        report("save_criteria_ballot_ms", median_ms(save), median_ms(bare_insert), 500)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
