"""Job locks: one runner at a time, crashes recorded, dead holders replaced."""

from datetime import timedelta

from sqlalchemy import select

from signalen.database import utcnow
from signalen.jobs.models import JobLock
from signalen.jobs.services import (
    LOCK_TTL,
    acquire_lock,
    last_runs,
    release_lock,
    run_job,
)


def test_lock_is_exclusive_until_released(db):
    now = utcnow()
    assert acquire_lock("close", "host-a:1", now)
    assert not acquire_lock("close", "host-b:2", now)
    release_lock("close", "host-a:1")
    assert acquire_lock("close", "host-b:2", now)


def test_expired_lock_can_be_taken(db):
    now = utcnow()
    assert acquire_lock("close", "elsewhere:1", now)
    assert not acquire_lock("close", "elsewhere:2", now + LOCK_TTL / 2)
    assert acquire_lock("close", "elsewhere:2", now + LOCK_TTL + timedelta(seconds=1))


def test_lock_of_a_dead_local_process_is_taken_over(db):
    import socket

    dead = f"{socket.gethostname()}:999999999"
    now = utcnow()
    assert acquire_lock("close", dead, now)
    assert acquire_lock("close", f"{socket.gethostname()}:1", now)


def test_run_job_records_success_and_failure(db):
    def ok(now):
        return "klaar"

    def boom(now):
        raise RuntimeError("kapot")

    assert run_job("ok-job", ok).status == "ok"
    failed = run_job("bad-job", boom)
    assert failed.status == "failed" and "kapot" in failed.message
    runs = last_runs()
    assert runs["ok-job"].message == "klaar" and runs["bad-job"].status == "failed"
    # Locks are released after both.
    assert all(lock.holder is None for lock in db.session.scalars(select(JobLock)))


def test_job_does_not_run_while_another_holds_the_lock(db):
    assert acquire_lock("busy", "other-host:1", utcnow())
    assert run_job("busy", lambda now: "ran") is None


def test_a_run_killed_midway_is_marked_failed_by_the_next_run(db):
    from signalen.jobs.models import JobRun
    from signalen.jobs.services import run_job

    killed = JobRun(
        job_name="heartbeat", started_at=utcnow(), status="running", runner="x:1"
    )
    db.session.add(killed)
    db.session.commit()
    run = run_job("heartbeat", lambda now: "ok")
    assert run.status == "ok"
    db.session.refresh(killed)
    assert killed.status == "failed" and "Onderbroken" in killed.message
    assert killed.finished_at is not None


def test_every_scheduled_job_has_a_dutch_name():
    from signalen.jobs.labels import JOB_LABELS
    from signalen.scheduler import JOBS

    assert {job.name for job in JOBS} <= set(JOB_LABELS)
