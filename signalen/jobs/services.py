"""Running scheduled jobs: a lock per job in the database, and a run record.

The lock is a row updated with a compare-and-set, which works the same on
SQLite and PostgreSQL: two schedulers started by mistake never run a job at
the same time. A lock left by a crashed process expires, or is taken over at
once when its holder was a process on this host that no longer exists.
"""

from __future__ import annotations

import os
import socket
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.exc import IntegrityError

from signalen.database import utcnow
from signalen.extensions import db
from signalen.jobs.models import JobLock, JobRun

LOCK_TTL = timedelta(hours=1)


def runner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def holder_is_dead(holder: str | None) -> bool:
    """True when `holder` (host:pid) was a process on this host that is gone.

    A holder on another host is never declared dead here: this host cannot see
    its processes (callers fall back on a time limit for those)."""
    if not holder:
        return True
    host, _sep, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def acquire_lock(name: str, holder: str, now: datetime) -> bool:
    """Take the job's lock if it is free, expired or held by a dead process."""
    if db.session.get(JobLock, name) is None:
        try:
            with db.session.begin_nested():
                db.session.add(JobLock(name=name))
        except IntegrityError:
            pass  # another process created it first
        db.session.commit()
    current = db.session.scalar(select(JobLock.holder).where(JobLock.name == name))
    conditions = [JobLock.holder.is_(None), JobLock.expires_at < now]
    if current and current != holder and holder_is_dead(current):
        conditions.append(JobLock.holder == current)
    # An UPDATE gives a CursorResult; Session.execute is typed more widely.
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(JobLock)
            .where(JobLock.name == name, or_(*conditions))
            .values(holder=holder, acquired_at=now, expires_at=now + LOCK_TTL)
            .execution_options(synchronize_session=False)
        ),
    )
    db.session.commit()
    return result.rowcount == 1


def release_lock(name: str, holder: str) -> None:
    db.session.execute(
        update(JobLock)
        .where(JobLock.name == name, JobLock.holder == holder)
        .values(holder=None, expires_at=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def run_job(
    name: str, func: Callable[[datetime], str | None], now: datetime | None = None
) -> JobRun | None:
    """Run one job under its lock, recording a JobRun; None when another holds it."""
    now = now or utcnow()
    holder = runner_id()
    if not acquire_lock(name, holder, utcnow()):
        return None
    fail_interrupted_runs(name, utcnow())
    run = JobRun(job_name=name, started_at=utcnow(), status="running", runner=holder)
    db.session.add(run)
    db.session.commit()
    try:
        message = func(now)
        db.session.commit()
        run.status, run.message = "ok", message
    except Exception as exc:  # the heartbeat shows the failure to coordinators
        db.session.rollback()
        run.status = "failed"
        run.message = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"
    run.finished_at = utcnow()
    db.session.commit()
    release_lock(name, holder)
    return run


def fail_interrupted_runs(name: str, now: datetime) -> int:
    """Runs of this job still 'running' while we hold its lock were interrupted
    (their process was killed): mark them failed, so the heartbeat tells."""
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(JobRun)
            .where(JobRun.job_name == name, JobRun.status == "running")
            .values(
                status="failed",
                finished_at=now,
                message="Onderbroken: het proces stopte tijdens deze taak.",
            )
            .execution_options(synchronize_session=False)
        ),
    )
    return result.rowcount


def last_runs() -> dict[str, JobRun]:
    """The latest run of each job, for the heartbeat shown to coordinators."""
    latest: dict[str, JobRun] = {}
    for run in db.session.scalars(select(JobRun).order_by(JobRun.id.desc()).limit(200)):
        latest.setdefault(run.job_name, run)
    return latest
