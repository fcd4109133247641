"""Benchmark of terugkoppeling: the badge, the journey, the daily digest (reports).

Run from the repository root:  .venv/bin/python bench/bench_feedback.py
BENCH_SCALE=0.1 makes the data ten times smaller (default 1: 100,000 signals
of 10,000 users).

Each figure is the real code next to a floor measured in the same run: for the
badge and the journey a bare indexed query on the same SQLite file, for the
digest the same number of minimal mails through the same SMTP server
(aiosmtpd on 127.0.0.1, from the dev extras).
"""

from __future__ import annotations

import os
import random
import smtplib
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
USERS = int(10_000 * SCALE)
SIGNALS = int(100_000 * SCALE)
NEWS_SHARE = 0.3  # signals with a question or an answer by someone else
START = datetime(2025, 1, 1, tzinfo=UTC)


def median_ms(calls: list, rounds: int = 3) -> float:
    for call in calls:
        call()
    times = []
    for _ in range(rounds):
        for call in calls:
            t0 = time.perf_counter()
            call()
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def report(name: str, value: float, floor: float, unit: str, target: float) -> None:
    verdict = "OK" if value <= target else "SLOW"
    print(
        f"feedback.{name}: {value:.2f} {unit} (floor {floor:.2f} {unit}, "
        f"ratio {value / floor:.1f}x); target <= {target:g} {unit}: {verdict}",
        flush=True,
    )


# --- the data -----------------------------------------------------------------


def build() -> dict:
    """USERS workers in 50 organisations, SIGNALS signals with their events."""
    from sqlalchemy import insert

    from signalen.auth.models import User
    from signalen.extensions import db
    from signalen.notifications.models import SignalSeen
    from signalen.organisations.models import Organisation
    from signalen.signals.models import Signal, SignalEvent

    orgs = [Organisation(name=f"Organisatie {i}") for i in range(50)]
    db.session.add_all(orgs)
    db.session.commit()
    rng = random.Random(12)
    users = [
        {
            "id": i,
            "email": f"w{i}@vzw.example",
            "display_name": f"Medewerker {i}",
            "password_hash": "x",
            "role": "medewerker",
            "organisation_id": orgs[i % 50].id,
            "active": True,
            "session_token": f"t{i}",
            "created_at": START,
        }
        for i in range(1, USERS + 1)
    ]
    coordinator = USERS + 1
    users.append({**users[0], "id": coordinator, "email": "c@vzw.example",
                  "role": "coordinator", "session_token": "c"})  # fmt: skip
    signals, events, seen = [], [], []
    event_id = 0
    for i in range(1, SIGNALS + 1):
        author = (i - 1) % USERS + 1
        at = START + timedelta(minutes=i)
        signals.append({
            "id": i, "reference": f"S-B-{i:06d}",
            "title": f"Signaal {i} over wonen", "description": "Beschrijving.",
            "organisation_id": orgs[(author - 1) % 50].id, "author_id": author,
            "status": "submitted", "created_at": at, "updated_at": at,
            "submitted_at": at, "version": 1, "city_wide": False,
        })  # fmt: skip
        for kind in ("created", "submitted"):
            event_id += 1
            events.append({"id": event_id, "signal_id": i, "at": at,
                           "actor_id": author, "kind": kind})  # fmt: skip
        if rng.random() < NEWS_SHARE:
            event_id += 1
            kind = rng.choice(["question", "feedback", "linked"])
            events.append({"id": event_id, "signal_id": i, "at": at,
                           "actor_id": coordinator, "kind": kind,
                           "message": "Een vraag."})  # fmt: skip
        if rng.random() < 0.5:
            seen.append({"user_id": author, "signal_id": i,
                         "seen_event_id": event_id - 1, "seen_at": at})  # fmt: skip
    with db.engine.begin() as conn:
        conn.execute(insert(User.__table__), users)
        conn.execute(insert(Signal.__table__), signals)
        conn.execute(insert(SignalEvent.__table__), events)
        conn.execute(insert(SignalSeen.__table__), seen)
        conn.exec_driver_sql("ANALYZE")
    return {"coordinator": coordinator}


def build_journey(coordinator_id: int) -> list[int]:
    """One structural signal of 50 signals, in three published bundles, each
    item with three answers and five follow-up steps (through the services)."""
    from sqlalchemy import select

    from signalen.auth.models import User
    from signalen.bundles.models import Bundle, BundleItem, BundleStatus
    from signalen.coordination.models import StructuralSignal
    from signalen.coordination.services import link_signals
    from signalen.extensions import db
    from signalen.followup.services import FollowUpState, record_step
    from signalen.responses.services import Answer, record_answer
    from signalen.signals.models import Signal

    coordinator = db.session.get(User, coordinator_id)
    linked = list(db.session.scalars(select(Signal).where(Signal.id <= 50)))
    structural = StructuralSignal(reference="SS-2025-0001", title="Betaalbaar wonen",
                                  summary="Samen.", created_by=coordinator)  # fmt: skip
    db.session.add(structural)
    db.session.flush()
    link_signals(structural, linked, coordinator)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for n, year in enumerate((2019, 2021, 2023)):
        bundle = Bundle(title=f"Signalenbundel {year}-{year + 1}",
                        period_start=date(year, 1, 1),
                        period_end=date(year + 1, 12, 31),
                        status=BundleStatus.PUBLISHED, closed_at=now)  # fmt: skip
        db.session.add(bundle)
        db.session.flush()
        item = BundleItem(bundle=bundle, structural_signal=structural,
                          reference=f"SB{year}-001", position=1,
                          title=structural.title, snapshot={})  # fmt: skip
        db.session.add(item)
        db.session.flush()
        for a in range(3):
            record_answer(item, coordinator,
                          Answer("doorgegeven", f"Antwoord {n}.{a}."),
                          now=now + timedelta(days=a))  # fmt: skip
        for s in range(5):
            record_step(item, coordinator,
                        FollowUpState(status="in_uitvoering", progress=20 * s),
                        note=f"Stap {s}.",
                        now=now + timedelta(days=10 + s))  # fmt: skip
    db.session.commit()
    return [s.id for s in linked]


# --- the figures --------------------------------------------------------------


def bench_badge(db_path: str) -> None:
    from signalen.notifications.services import count_news

    rng = random.Random(5)
    users = [rng.randint(1, USERS) for _ in range(50)]
    conn = sqlite3.connect(db_path)
    floor = median_ms([
        (lambda u=u: conn.execute(
            "SELECT count(*) FROM signals WHERE author_id = ?", (u,)).fetchone())
        for u in users
    ])  # fmt: skip
    value = median_ms([(lambda u=u: count_news(u)) for u in users])
    conn.close()
    report("badge_ms", value, floor, "ms", 2)


def bench_journey(db_path: str, signal_ids: list[int]) -> None:
    from signalen.auth.models import User
    from signalen.extensions import db
    from signalen.notifications.journey import signal_journey
    from signalen.signals.models import Signal

    conn = sqlite3.connect(db_path)
    picks = signal_ids[:10]
    floor = median_ms([
        (lambda s=s: conn.execute(
            "SELECT * FROM signal_events WHERE signal_id = ?", (s,)).fetchall())
        for s in picks
    ])  # fmt: skip
    conn.close()

    def journey(signal_id: int) -> None:
        db.session.expire_all()  # a page reads fresh rows
        signal = db.session.get(Signal, signal_id)
        user = db.session.get(User, signal.author_id)
        assert len(signal_journey(signal, user)) >= 30

    value = median_ms([(lambda s=s: journey(s)) for s in picks])
    report("journey_ms", value, floor, "ms", 50)


def bench_digest() -> None:
    from aiosmtpd.controller import Controller

    from signalen.digest.services import (
        MailSettings,
        collect_digests,
        send_daily_digests,
    )
    from signalen.extensions import db

    class Count:
        received = 0

        async def handle_DATA(self, server, session, envelope):
            Count.received += 1
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        pending = len(collect_digests())
        t0 = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for i in range(pending):
                message = EmailMessage()
                message["Subject"], message["From"] = "x", "a@b.example"
                message["To"] = f"w{i}@vzw.example"
                message.set_content("x")
                smtp.send_message(message)
        floor = time.perf_counter() - t0
        mail = MailSettings(server="127.0.0.1", port=port)
        t0 = time.perf_counter()
        result = send_daily_digests(mail, datetime.now(UTC), db.session.commit)
        value = time.perf_counter() - t0
    finally:
        controller.stop()
    assert result is not None and result.sent == pending
    print(f"feedback.digest_users: {pending} users with news", flush=True)
    report("digest_s", value, floor, "s", 60)


def main() -> int:
    tmp = tempfile.mkdtemp(prefix="bench-feedback-")
    db_path = f"{tmp}/bench.db"
    from signalen import create_app
    from signalen.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}"})  # fmt: skip
    with app.app_context():
        db.create_all()
        t0 = time.perf_counter()
        made = build()
        linked = build_journey(made["coordinator"])
        print(f"feedback.build: {SIGNALS} signals, {USERS} users in "
              f"{time.perf_counter() - t0:.1f} s", flush=True)  # fmt: skip
        bench_badge(db_path)
        bench_journey(db_path, linked)
        bench_digest()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
