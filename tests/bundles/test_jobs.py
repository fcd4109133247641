"""The scheduler side: the lock between two closers, the CLI, catch-up, heartbeat."""

import threading
import time
from datetime import date, timedelta

from sqlalchemy import func, select

from signalen.bundles import services
from signalen.bundles.jobs import close_due_bundles_job, period_reminders_job
from signalen.bundles.models import Bundle, BundleItem, BundleStatus
from signalen.database import utcnow
from signalen.jobs.models import JobRun
from signalen.jobs.services import run_job
from tests.bundles.conftest import at


def statuses(db):
    db.session.expire_all()
    return [b.status for b in db.session.scalars(select(Bundle).order_by(Bundle.id))]


def test_two_concurrent_closers_make_one_bundle(app, db, schedule, structural_on,
                                                monkeypatch):  # fmt: skip
    schedule()
    structural_on(date(2024, 3, 1))
    structural_on(date(2024, 4, 1))
    real_close = services.close_bundle

    def slow_close(*args, **kwargs):
        time.sleep(0.5)  # both closers are inside the job at the same time
        return real_close(*args, **kwargs)

    monkeypatch.setattr(services, "close_bundle", slow_close)
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def closer():
        try:
            with app.app_context():
                barrier.wait()
                run = run_job(
                    "close_due_bundles",
                    lambda now: close_due_bundles_job(now, today=date(2025, 1, 2)),
                )
                outcomes.append(None if run is None else (run.status, run.message))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=closer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(outcomes) == 2
    assert statuses(db) == [BundleStatus.CLOSED, BundleStatus.OPEN]
    assert db.session.scalar(select(func.count(BundleItem.id))) == 2
    ran = [o for o in outcomes if o is not None]
    assert all(status == "ok" for status, _message in ran), ran
    assert sum("Afgesloten" in message for _status, message in ran) == 1


def test_cli_close_due_with_today(runner, db, schedule, structural_on):
    schedule()
    structural_on(date(2024, 3, 1))
    result = runner.invoke(args=["bundles", "close-due", "--today", "2024-12-31"])
    assert result.exit_code == 0, result.output
    assert "Niets af te sluiten" in result.output
    result = runner.invoke(args=["bundles", "close-due", "--today", "2025-01-01"])
    assert result.exit_code == 0, result.output
    assert "Signalenbundel 2023-2024 (1 signaal)" in result.output
    assert statuses(db) == [BundleStatus.CLOSED, BundleStatus.OPEN]
    run = db.session.scalar(select(JobRun).order_by(JobRun.id.desc()))
    assert run.job_name == "close_due_bundles" and run.status == "ok"
    result = runner.invoke(args=["bundles", "close-due", "--today", "gisteren"])
    assert result.exit_code != 0


def test_scheduler_catches_up_at_start(app):
    from signalen.scheduler import JOBS, build_scheduler

    scheduler = build_scheduler(app)
    ids = {job.id for job in scheduler.get_jobs()}
    for job in JOBS:
        assert job.name in ids
        if job.run_at_start:
            assert f"{job.name}-start" in ids
    start_job = next(
        j for j in scheduler.get_jobs() if j.id == "close_due_bundles-start"
    )
    assert start_job.misfire_grace_time is None


def test_scheduled_job_runs_through_the_declared_jobs(app, db, schedule):
    from signalen.scheduler import run_now

    schedule(first_start=date(2000, 1, 1))
    outcome = run_now(app, "close_due_bundles")
    assert outcome.status == "ok", outcome.message
    # Every period since 2000 got its bundle; the current one is open.
    assert statuses(db)[-1] == BundleStatus.OPEN
    assert len(statuses(db)) >= 13
    assert run_now(app, "close_due_bundles").message == "Niets af te sluiten."


def test_reminders_job_records_whether_reminders_show(db, schedule):
    schedule()
    services.ensure_current_bundle(date(2024, 12, 10))
    db.session.commit()
    assert period_reminders_job(at(date(2024, 12, 10))).startswith(
        "Herinneringen actief"
    )
    assert period_reminders_job(at(date(2024, 1, 10))).startswith("Geen")


def test_planner_status(app, db):
    from signalen.scheduler import run_now

    now = utcnow()
    status = services.planner_status(now, 26)
    assert status.last_run is None and status.stale
    run_now(app, "heartbeat")
    status = services.planner_status(utcnow(), 26)
    assert status.last_run is not None and not status.stale
    assert services.planner_status(utcnow() + timedelta(hours=27), 26).stale
    db.session.add(JobRun(job_name="close_due_bundles", status="failed"))
    db.session.commit()
    assert services.planner_status(utcnow(), 26).failed == [
        "Afgelopen periodes afsluiten tot een bundel"
    ]
